//! Parsing numbers and vectors typed on the command line or stored in files,
//! with errors that name the argument, the position and the value at fault.

use std::fmt;

/// A bad command-line value: printed as `error: --q: value 2 is "abc", not a number`.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueError {
    pub arg: String,
    pub message: String,
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.arg, self.message)
    }
}

impl std::error::Error for ValueError {}

fn err(arg: &str, message: String) -> ValueError {
    ValueError {
        arg: arg.to_string(),
        message,
    }
}

/// Parses one number, accepting `inf`; rejects NaN.
pub fn number(arg: &str, text: &str) -> Result<f64, ValueError> {
    let t = text.trim();
    let v: f64 = t
        .parse()
        .map_err(|_| err(arg, format!("\"{t}\" is not a number")))?;
    if v.is_nan() {
        return Err(err(arg, "NaN is not a number".into()));
    }
    Ok(v)
}

/// Parses a vector: a comma list (`0.9,0.1`), or `@FILE` holding numbers
/// separated by commas, spaces or newlines, with `#` starting a comment.
pub fn vector(arg: &str, text: &str) -> Result<Vec<f64>, ValueError> {
    if let Some(path) = text.strip_prefix('@') {
        return vector_file(arg, path);
    }
    if text.trim().is_empty() {
        return Err(err(arg, "no values given".into()));
    }
    text.split(',')
        .enumerate()
        .map(|(i, s)| {
            let t = s.trim();
            if t.is_empty() {
                return Err(err(arg, format!("value {} is empty", i + 1)));
            }
            t.parse::<f64>()
                .ok()
                .filter(|v| !v.is_nan())
                .ok_or_else(|| err(arg, format!("value {} is \"{t}\", not a number", i + 1)))
        })
        .collect()
}

fn vector_file(arg: &str, path: &str) -> Result<Vec<f64>, ValueError> {
    let bytes = std::fs::read(path).map_err(|e| err(arg, format!("cannot read {path}: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| err(arg, format!("{path} is not a text file (invalid UTF-8)")))?;
    let mut out = Vec::new();
    for (line_no, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("");
        for tok in line.split(|c: char| c == ',' || c.is_whitespace()) {
            if tok.is_empty() {
                continue;
            }
            match tok.parse::<f64>() {
                Ok(v) if !v.is_nan() => out.push(v),
                _ => {
                    return Err(err(
                        arg,
                        format!(
                            "{path} line {}: value {} is \"{tok}\", not a number",
                            line_no + 1,
                            out.len() + 1
                        ),
                    ));
                }
            }
        }
    }
    if out.is_empty() {
        return Err(err(arg, format!("{path} holds no numbers")));
    }
    Ok(out)
}

/// Parses a joint table: rows separated by `;`, values by `,`.
pub fn table(arg: &str, text: &str) -> Result<Vec<Vec<f64>>, ValueError> {
    let rows: Vec<&str> = text.split(';').collect();
    let mut out = Vec::with_capacity(rows.len());
    for (r, row) in rows.iter().enumerate() {
        let v = vector(arg, row).map_err(|e| err(arg, format!("row {}: {}", r + 1, e.message)))?;
        if let Some(first) = out.first().map(Vec::len)
            && v.len() != first
        {
            return Err(err(
                arg,
                format!("row {} has {} values but row 1 has {first}", r + 1, v.len()),
            ));
        }
        out.push(v);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_position_and_value() {
        let e = vector("--q", "0.5,abc").unwrap_err();
        assert_eq!(e.to_string(), "--q: value 2 is \"abc\", not a number");
    }

    #[test]
    fn table_rows_must_match() {
        assert!(table("--joint", "0.3,0.2;0.1,0.4").is_ok());
        let e = table("--joint", "0.3,0.2;0.5").unwrap_err();
        assert!(e.message.contains("row 2 has 1 values"), "{e}");
    }

    #[test]
    fn rejects_nan_and_empty() {
        assert!(vector("--p", "nan,1").is_err());
        assert!(
            vector("--p", "0.5,,0.5")
                .unwrap_err()
                .message
                .contains("value 2 is empty")
        );
        assert!(vector("--p", "").is_err());
    }
}
