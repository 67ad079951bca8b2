//! Parsing numbers and vectors typed on the command line or stored in files,
//! with errors that name the argument, the position and the value at fault.

use crate::lesson::sanitize::echo;
use std::fmt;

/// The largest `@FILE` read (512 MiB, room for ten million values written
/// out in full). A larger file is refused before a byte of it is read.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

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
        .map_err(|_| err(arg, format!("\"{}\" is not a number", echo(t))))?;
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
                .ok_or_else(|| {
                    err(
                        arg,
                        format!("value {} is \"{}\", not a number", i + 1, echo(t)),
                    )
                })
        })
        .collect()
}

/// Reads an `@FILE`: only a regular file (a FIFO could block forever and
/// `/dev/urandom` never ends) of at most [`MAX_FILE_BYTES`], checked before
/// reading and enforced while reading.
fn read_limited(arg: &str, path: &str) -> Result<Vec<u8>, ValueError> {
    use std::io::Read;
    let shown = echo(path);
    let meta =
        std::fs::metadata(path).map_err(|e| err(arg, format!("cannot read {shown}: {e}")))?;
    let check = |m: &std::fs::Metadata| -> Result<(), ValueError> {
        if !m.is_file() {
            return Err(err(
                arg,
                format!(
                    "{shown} is not a regular file (a directory, FIFO or device); give a file of numbers"
                ),
            ));
        }
        if m.len() > MAX_FILE_BYTES {
            return Err(err(
                arg,
                format!(
                    "{shown} is {} bytes, more than the {} MiB an @FILE may have",
                    m.len(),
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
            ));
        }
        Ok(())
    };
    check(&meta)?;
    let f = std::fs::File::open(path).map_err(|e| err(arg, format!("cannot read {shown}: {e}")))?;
    check(
        &f.metadata()
            .map_err(|e| err(arg, format!("cannot read {shown}: {e}")))?,
    )?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    f.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| err(arg, format!("cannot read {shown}: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(err(
            arg,
            format!(
                "{shown} grew past {} MiB while it was read",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(bytes)
}

fn vector_file(arg: &str, path: &str) -> Result<Vec<f64>, ValueError> {
    let bytes = read_limited(arg, path)?;
    let path = &echo(path);
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
                            "{path} line {}: value {} is \"{}\", not a number",
                            line_no + 1,
                            out.len() + 1,
                            echo(tok)
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
