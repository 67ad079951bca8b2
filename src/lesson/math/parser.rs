//! The parser: groups, scripts, commands and their arguments, with a
//! column on every error and a bound on nesting.

use super::MathError;
use super::fractions::{NOT_FACTORS, is_atom, needs_parens, wrap};
use super::scripts::{SCRIPT_CHARS, lower, raise};
use super::symbols::{
    OPERATOR_NAMES, blackboard, calligraphic, is_big_operator, is_relation, symbol,
};

/// A recursive-descent reader of one formula, rendering as it goes.
pub(super) struct Parser {
    s: Vec<char>,
    i: usize,
    /// Group nesting, bounded so a hostile formula cannot exhaust the stack.
    depth: usize,
    /// Set by `\frac`, so the sequence around it can decide whether the
    /// flattened `a/b` needs parentheses to read one way only.
    frac: bool,
}

/// Deeper nesting than any real formula needs.
const MAX_DEPTH: usize = 32;

impl Parser {
    pub(super) fn new(src: &str) -> Parser {
        Parser {
            frac: false,
            s: src.chars().collect(),
            i: 0,
            depth: 0,
        }
    }

    fn err<T>(&self, column: usize, message: impl Into<String>) -> Result<T, MathError> {
        Err(MathError {
            column,
            message: message.into(),
        })
    }

    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    /// A sequence up to the end, or up to the `}` closing a group when `in_group`.
    pub(super) fn seq(&mut self, in_group: bool) -> Result<String, MathError> {
        if self.depth >= MAX_DEPTH {
            return self.err(self.i, "formula nested too deeply");
        }
        self.depth += 1;
        let out = self.seq_inner(in_group);
        self.depth -= 1;
        out
    }

    fn seq_inner(&mut self, in_group: bool) -> Result<String, MathError> {
        let mut out = String::new();
        // Set after an operator name or big operator: a following letter gets a space.
        let mut space_before_letter = false;
        while let Some(c) = self.peek() {
            let start = self.i;
            let piece: String = match c {
                '}' => {
                    if in_group {
                        return Ok(out);
                    }
                    return self.err(start, "unbalanced '}': no '{' opens it");
                }
                '{' => {
                    self.i += 1;
                    let inner = self.seq(true)?;
                    self.close(start)?;
                    inner
                }
                '_' | '^' => {
                    self.i += 1;
                    let arg = self.arg(c)?;
                    out.push_str(&if c == '_' { lower(&arg) } else { raise(&arg) });
                    continue;
                }
                '\\' => {
                    self.frac = false;
                    let (name, op) = self.command()?;
                    if std::mem::take(&mut self.frac) && self.fraction_is_ambiguous(&out) {
                        // `ln 5/6` reads as (ln 5)/6 and `1/2 D(P‖M)` as 1/(2 D):
                        // a flattened fraction beside a function or a factor is
                        // parenthesised.
                        if space_before_letter {
                            while out.ends_with(' ') {
                                out.pop();
                            }
                            space_before_letter = false;
                        }
                        out.push_str(&format!("({name})"));
                        continue;
                    }
                    if op {
                        if out.ends_with(|c: char| c.is_alphanumeric() || c == ')' || c == ']') {
                            out.push(' ');
                        }
                        out.push_str(&name);
                        space_before_letter = true;
                        continue;
                    }
                    name
                }
                '~' => {
                    self.i += 1;
                    " ".to_string()
                }
                '$' => return self.err(start, "'$' inside a formula"),
                c if c.is_whitespace() => {
                    self.i += 1;
                    " ".to_string()
                }
                c => {
                    self.i += 1;
                    c.to_string()
                }
            };
            if space_before_letter && !piece.trim().is_empty() {
                if piece.starts_with(char::is_alphanumeric) && !out.ends_with(' ') {
                    out.push(' ');
                }
                space_before_letter = false;
            }
            out.push_str(&piece);
        }
        Ok(out)
    }

    /// Whether a fraction just flattened to `a/b` would read another way: it
    /// follows a function name or a factor (`log`, `ln`, `P(x)`, `2`), or a
    /// factor follows it (`1/2 D(P‖M)`, `1/n Σ`).
    fn fraction_is_ambiguous(&self, before: &str) -> bool {
        let prev = before.trim_end();
        // After a factor or a division: `a/b/c` would read (a/b)/c.
        let after_factor = prev.ends_with(|c: char| {
            c.is_alphanumeric() || c == ')' || c == ']' || c == '/' || SCRIPT_CHARS.contains(c)
        });
        let mut j = self.i;
        while self.s.get(j) == Some(&' ') {
            j += 1;
        }
        let before_factor = match self.s.get(j) {
            Some('\\') => {
                let name: String = self.s[j + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                !name.is_empty() && !NOT_FACTORS.contains(&name.as_str())
            }
            Some(c) => c.is_alphanumeric() || *c == '(' || *c == '[',
            None => false,
        };
        after_factor || before_factor
    }

    /// Expects the `}` that closes the group opened at `open`.
    fn close(&mut self, open: usize) -> Result<(), MathError> {
        if self.peek() == Some('}') {
            self.i += 1;
            Ok(())
        } else {
            self.err(open, "unbalanced '{': no '}' closes it")
        }
    }

    /// The argument of `_`, `^` or a command: a `{group}`, a command, or one character.
    fn arg(&mut self, of: char) -> Result<String, MathError> {
        while self.peek() == Some(' ') {
            self.i += 1;
        }
        let start = self.i;
        match self.peek() {
            None | Some('}') => {
                self.err(start.saturating_sub(1), format!("'{of}' needs an argument"))
            }
            Some('{') => {
                self.i += 1;
                let inner = self.seq(true)?;
                self.close(start)?;
                Ok(inner)
            }
            Some('\\') => {
                let (name, _) = self.command()?;
                Ok(name)
            }
            Some('_' | '^') => self.err(start, format!("double script after '{of}'")),
            Some(c) => {
                self.i += 1;
                Ok(c.to_string())
            }
        }
    }

    /// A required `{...}` argument, rendered as math.
    fn group(&mut self, cmd: &str) -> Result<String, MathError> {
        while self.peek() == Some(' ') {
            self.i += 1;
        }
        let start = self.i;
        if self.peek() != Some('{') {
            return self.err(start, format!("\\{cmd} needs a {{...}} argument"));
        }
        self.i += 1;
        let inner = self.seq(true)?;
        self.close(start)?;
        Ok(inner)
    }

    /// One part of a fraction: a `{...}` group, or a single character or
    /// command as in `\tfrac12` (TeX's own rule for undelimited arguments).
    fn frac_part(&mut self, cmd: &str) -> Result<String, MathError> {
        while self.peek() == Some(' ') {
            self.i += 1;
        }
        match self.peek() {
            Some('{') => self.group(cmd),
            Some('\\') => Ok(self.command()?.0),
            Some(c) if c.is_alphanumeric() => {
                self.i += 1;
                Ok(c.to_string())
            }
            _ => self.err(self.i, format!("\\{cmd} needs a {{...}} argument")),
        }
    }

    /// A required `{...}` argument kept as literal text (for `\text`).
    fn text_group(&mut self, cmd: &str) -> Result<String, MathError> {
        while self.peek() == Some(' ') {
            self.i += 1;
        }
        let start = self.i;
        if self.peek() != Some('{') {
            return self.err(start, format!("\\{cmd} needs a {{...}} argument"));
        }
        self.i += 1;
        let mut depth = 0;
        let mut out = String::new();
        while let Some(c) = self.peek() {
            self.i += 1;
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => return Ok(out),
                '}' => depth -= 1,
                _ => {}
            }
            out.push(c);
        }
        self.err(start, "unbalanced '{': no '}' closes it")
    }

    /// Parses `\name` and whatever arguments it takes. Returns the rendered text
    /// and whether it is an operator name (which wants spaces around it).
    fn command(&mut self) -> Result<(String, bool), MathError> {
        let start = self.i;
        self.i += 1; // the backslash
        let name: String = match self.peek() {
            None => return self.err(start, "a lone '\\' at the end of the formula"),
            Some(c) if c.is_ascii_alphabetic() => {
                let mut n = String::new();
                while let Some(c) = self.peek().filter(char::is_ascii_alphabetic) {
                    n.push(c);
                    self.i += 1;
                }
                // Prefix operators bind to what follows: `\partial f` reads ∂f.
                if matches!(n.as_str(), "partial" | "nabla") {
                    while self.peek() == Some(' ') {
                        self.i += 1;
                    }
                }
                n
            }
            Some(c) => {
                self.i += 1;
                c.to_string()
            }
        };
        let n = name.as_str();
        if OPERATOR_NAMES.contains(&n) {
            return Ok((name, true));
        }
        if is_big_operator(n) {
            return Ok((symbol(n).unwrap_or_default().to_string(), true));
        }
        if let Some(s) = symbol(n) {
            if is_relation(s) {
                return Ok((format!(" {s} "), false));
            }
            return Ok((s.to_string(), false));
        }
        let rendered = match n {
            "left" | "right" | "big" | "Big" | "bigg" | "Bigg" | "bigl" | "bigr" | "Bigl"
            | "Bigr" => {
                // The size hint is dropped; the delimiter after it is kept.
                let at = self.i;
                match self.peek() {
                    Some('.') => {
                        self.i += 1;
                        String::new()
                    }
                    Some('\\') => self.command()?.0,
                    Some(c) if "()[]|/<>".contains(c) => {
                        self.i += 1;
                        c.to_string()
                    }
                    _ => return self.err(at, format!("\\{n} needs a delimiter such as ( or \\|")),
                }
            }
            "frac" | "dfrac" | "tfrac" => {
                // `\frac12` as TeX reads it: each part a group or one token.
                let a = self.frac_part(n)?;
                let b = self.frac_part(n)?;
                self.frac = true;
                let b = b.trim();
                let b = if is_atom(b) {
                    b.to_string()
                } else {
                    format!("({b})")
                };
                format!("{}/{b}", wrap(&a))
            }
            "sqrt" => {
                let a = self.group(n)?;
                let a = a.trim();
                if is_atom(a) || (a.starts_with('(') && a.ends_with(')') && !needs_parens(a)) {
                    format!("√{a}")
                } else {
                    format!("√({a})")
                }
            }
            "mathbb" => {
                let at = self.i;
                let a = self.group(n)?;
                let mut cs = a.trim().chars();
                match (cs.next().and_then(blackboard), cs.next()) {
                    (Some(c), None) => c.to_string(),
                    _ => {
                        return self.err(
                            at,
                            format!(
                                "\\mathbb{{{a}}} is not supported (use E, R, N, Z, Q, P, C or V)"
                            ),
                        );
                    }
                }
            }
            "mathcal" => {
                let at = self.i;
                let a = self.group(n)?;
                let mut cs = a.trim().chars();
                match (cs.next().and_then(calligraphic), cs.next()) {
                    (Some(c), None) => c.to_string(),
                    _ => return self.err(at, format!("\\mathcal{{{a}}} takes one capital letter")),
                }
            }
            "text" | "mathrm" | "operatorname" | "textrm" | "mathit" | "mathbf" | "textbf"
            | "textit" | "mathsf" | "texttt" => {
                let t = self.text_group(n)?;
                if n == "operatorname" {
                    return Ok((t.trim().to_string(), true));
                }
                t
            }
            "hat" | "bar" | "tilde" | "overline" | "vec" | "dot" => {
                let mark = match n {
                    "hat" => '\u{302}',
                    "bar" | "overline" => '\u{305}',
                    "tilde" => '\u{303}',
                    "vec" => '\u{20d7}',
                    _ => '\u{307}',
                };
                let a = self.group(n)?;
                a.chars().flat_map(|c| [c, mark]).collect()
            }
            _ => {
                return self.err(start, format!("unknown command \\{n}"));
            }
        };
        Ok((rendered, false))
    }
}

#[cfg(test)]
mod tests {
    use crate::lesson::math::render;

    #[test]
    fn errors_carry_columns() {
        let e = render(r"x + \foo y").unwrap_err();
        assert_eq!(e.column, 4);
        assert!(e.message.contains("unknown command \\foo"), "{e}");
        let e = render(r"\frac{a}{b").unwrap_err();
        assert_eq!(e.column, 8);
        assert!(e.message.contains("unbalanced '{'"));
        let e = render("a}b").unwrap_err();
        assert_eq!(e.column, 1);
        assert!(e.message.contains("unbalanced '}'"));
        let e = render("x_").unwrap_err();
        assert!(e.message.contains("'_' needs an argument"));
        let e = render(r"\frac{a}").unwrap_err();
        assert!(e.message.contains("\\frac needs"));
        let e = render(r"\mathbb{K}").unwrap_err();
        assert!(e.message.contains("not supported"));
        assert!(render("\\").is_err());
        assert!(render(r"\\").is_err());
        assert!(render(r"\left").is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = "{".repeat(100_000) + &"}".repeat(100_000);
        assert!(
            render(&deep)
                .unwrap_err()
                .message
                .contains("nested too deeply")
        );
        let fracs = r"\frac{".repeat(10_000);
        assert!(render(&fracs).is_err());
    }
}
