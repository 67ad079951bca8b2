//! Evaluating the tokens: recursive descent with bounded depth, the
//! functions and constants an answer may use, and the errors that name them.

use super::lexer::{Kind, Token};
use super::{AnswerError, MAX_DEPTH, unit_of};

/// Functions an answer may call: one argument each, in parentheses. `log`
/// is the natural log, as in most maths texts and programming languages;
/// lessons write `log2` whenever bits are meant.
const FUNCTIONS: [&str; 8] = ["ln", "log", "log2", "log10", "exp", "sqrt", "abs", "log₂"];

fn apply(name: &str, x: f64) -> Option<f64> {
    Some(match name {
        "ln" | "log" => x.ln(),
        "log2" | "log₂" => x.log2(),
        "log10" => x.log10(),
        "exp" => x.exp(),
        "sqrt" => x.sqrt(),
        "abs" => x.abs(),
        _ => return None,
    })
}

fn constant(name: &str) -> Option<f64> {
    Some(match name {
        "e" => std::f64::consts::E,
        "pi" | "π" => std::f64::consts::PI,
        "inf" | "infinity" | "∞" => f64::INFINITY,
        _ => return None,
    })
}

/// Recursive descent over tokens. `expr`, `term` and `unary` loop instead of
/// recursing, and `^` chains are folded from a list, so the only recursion
/// is `primary -> expr` on `(`, counted in `depth`.
pub(super) struct Parser<'a> {
    pub(super) chars: &'a [char],
    pub(super) tokens: &'a [Token],
    pub(super) next: usize,
    pub(super) depth: usize,
    /// Position reported for "ends too early": the unit's, if one was typed.
    pub(super) end: usize,
    /// The first NaN produced, reported only if the answer is otherwise well
    /// formed (a syntax error is the more useful message).
    pub(super) nan: Option<AnswerError>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next)
    }

    fn end_pos(&self) -> usize {
        self.end
    }

    fn check(&mut self, v: f64, pos: usize, why: impl FnOnce() -> String) -> f64 {
        if v.is_nan() && self.nan.is_none() {
            self.nan = Some(AnswerError::new(pos, why()));
        }
        v
    }

    /// Only `inf`/`∞` means infinity: an infinite result from finite
    /// operands (an overflow, a division by zero, ln 0) is bad input,
    /// reported like a NaN once the answer is otherwise well formed.
    fn finite(
        &mut self,
        v: f64,
        operands_finite: bool,
        pos: usize,
        why: impl FnOnce() -> String,
    ) -> f64 {
        if v.is_infinite() && operands_finite && self.nan.is_none() {
            self.nan = Some(AnswerError::new(
                pos,
                format!("{} (write inf or ∞ to mean infinity)", why()),
            ));
        }
        v
    }

    pub(super) fn expr(&mut self) -> Result<f64, AnswerError> {
        let mut v = self.term()?;
        while let Some(tok) = self.peek() {
            let (pos, plus) = match tok.kind {
                Kind::Plus => (tok.pos, true),
                Kind::Minus => (tok.pos, false),
                _ => break,
            };
            self.next += 1;
            let r = self.term()?;
            let out = if plus { v + r } else { v - r };
            let out = self.finite(out, v.is_finite() && r.is_finite(), pos, || {
                "this overflows: the result is beyond ±1.8e308".to_string()
            });
            v = self.check(out, pos, || {
                "this gives ∞ − ∞, which is not a number (NaN)".to_string()
            });
        }
        Ok(v)
    }

    fn term(&mut self) -> Result<f64, AnswerError> {
        let mut v = self.unary()?;
        while let Some(tok) = self.peek() {
            let (pos, times) = match tok.kind {
                Kind::Star => (tok.pos, true),
                Kind::Slash => (tok.pos, false),
                _ => break,
            };
            self.next += 1;
            let r = self.unary()?;
            let out = if times { v * r } else { v / r };
            let out = self.finite(out, v.is_finite() && r.is_finite(), pos, || {
                if !times && r == 0.0 {
                    "division by zero".to_string()
                } else {
                    "this overflows: the result is beyond ±1.8e308".to_string()
                }
            });
            v = self.check(out, pos, || {
                if times {
                    "this gives 0 × ∞, which is not a number (NaN)".to_string()
                } else {
                    "this gives 0/0 or ∞/∞, which is not a number (NaN)".to_string()
                }
            });
        }
        Ok(v)
    }

    /// Leading signs, then a power: `-2^2` is `-(2^2)`.
    fn unary(&mut self) -> Result<f64, AnswerError> {
        let negative = self.signs();
        let v = self.power()?;
        Ok(if negative { -v } else { v })
    }

    /// Consumes `+`/`-` signs; whether they negate.
    fn signs(&mut self) -> bool {
        let mut negative = false;
        while let Some(tok) = self.peek() {
            match tok.kind {
                Kind::Minus => negative = !negative,
                Kind::Plus => {}
                _ => break,
            }
            self.next += 1;
        }
        negative
    }

    /// `a ^ -b ^ c`, right-associative: `a^(-(b^c))`. Operands are collected
    /// and folded from the right, without recursion.
    fn power(&mut self) -> Result<f64, AnswerError> {
        let mut operands = vec![self.primary()?];
        // (position of the '^', whether the exponent after it is negated)
        let mut carets: Vec<(usize, bool)> = Vec::new();
        while let Some(tok) = self.peek() {
            if tok.kind != Kind::Caret {
                break;
            }
            let pos = tok.pos;
            self.next += 1;
            let negative = self.signs();
            carets.push((pos, negative));
            operands.push(self.primary()?);
        }
        let mut acc = operands.pop().unwrap_or(f64::NAN);
        while let (Some(base), Some((pos, negative))) = (operands.pop(), carets.pop()) {
            let exponent = if negative { -acc } else { acc };
            let out = self.finite(
                base.powf(exponent),
                base.is_finite() && exponent.is_finite(),
                pos,
                || {
                    if base == 0.0 {
                        "0 to a negative power is a division by zero".to_string()
                    } else {
                        "this overflows: the result is beyond ±1.8e308".to_string()
                    }
                },
            );
            acc = self.check(out, pos, || {
                "a negative number to a fractional power is not a real number (NaN)".to_string()
            });
        }
        Ok(acc)
    }

    fn primary(&mut self) -> Result<f64, AnswerError> {
        let Some(tok) = self.peek().cloned() else {
            return Err(AnswerError::new(
                self.end_pos(),
                "the answer ends too early: a number is missing here",
            ));
        };
        self.next += 1;
        let v = match &tok.kind {
            Kind::Num { value, .. } => *value,
            Kind::LParen => self.group(&tok)?,
            Kind::Ident(name) => {
                let lower = name.to_lowercase();
                if let Some(v) = constant(&lower) {
                    v
                } else if FUNCTIONS.contains(&lower.as_str()) {
                    match self.peek() {
                        Some(open) if open.kind == Kind::LParen => {
                            let open = open.clone();
                            self.next += 1;
                            let x = self.group(&open)?;
                            let y = apply(&lower, x).unwrap_or(f64::NAN);
                            let y = self.finite(y, x.is_finite(), tok.pos, || {
                                if x == 0.0 {
                                    format!("{name} of 0 is −∞, a division by zero")
                                } else {
                                    format!("{name} of this overflows: beyond ±1.8e308")
                                }
                            });
                            self.check(y, tok.pos, || {
                                if lower == "sqrt" {
                                    "the square root of a negative number is not a real number (NaN)"
                                        .to_string()
                                } else if lower.starts_with("log") || lower == "ln" {
                                    format!(
                                        "{name} of a negative number is not a real number (NaN)"
                                    )
                                } else {
                                    format!("{name} of NaN is not a number")
                                }
                            })
                        }
                        other => {
                            return Err(AnswerError::new(
                                other.map_or(self.end_pos(), |t| t.pos),
                                format!("{name} needs its argument in parentheses, e.g. {name}(2)"),
                            ));
                        }
                    }
                } else if unit_of(name).is_some() {
                    return Err(AnswerError::new(
                        tok.pos,
                        format!("a unit such as '{name}' can only come at the very end"),
                    ));
                } else {
                    return Err(unknown_name(&tok, name));
                }
            }
            Kind::RParen => {
                return Err(AnswerError::new(
                    tok.pos,
                    "a number is missing before this ')'",
                ));
            }
            _ => {
                return Err(AnswerError::new(
                    tok.pos,
                    format!("a number is missing before this '{}'", tok.text(self.chars)),
                ));
            }
        };
        if let Some(after) = self.peek() {
            if let Kind::Ident(name) = &after.kind
                && unit_of(name).is_some()
            {
                return Err(AnswerError::new(
                    after.pos,
                    format!("a unit such as '{name}' can only come at the very end"),
                ));
            }
            if after.starts_operand() {
                let (left, right) = (self.previous_text(), after.text(self.chars));
                return Err(AnswerError::new(
                    after.pos,
                    format!(
                        "missing operator between '{left}' and '{right}': to multiply, write '*' (as in 2*ln(2)); nothing is multiplied implicitly"
                    ),
                ));
            }
        }
        Ok(v)
    }

    /// The text of the token just consumed.
    fn previous_text(&self) -> String {
        self.next
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map_or_else(String::new, |t| t.text(self.chars))
    }

    /// The inside of a parenthesis whose `(` (already consumed) is `open`.
    fn group(&mut self, open: &Token) -> Result<f64, AnswerError> {
        if self.depth >= MAX_DEPTH {
            return Err(AnswerError::new(
                open.pos,
                format!("too many nested parentheses: at most {MAX_DEPTH} levels"),
            ));
        }
        self.depth += 1;
        let v = self.expr()?;
        self.depth -= 1;
        match self.peek() {
            Some(t) if t.kind == Kind::RParen => {
                self.next += 1;
                Ok(v)
            }
            // The caret goes where the message says: under the column it names.
            Some(t) => Err(AnswerError::new(
                t.pos,
                format!(
                    "expected ')' at column {}, to close the '(' at column {}",
                    t.pos + 1,
                    open.pos + 1
                ),
            )),
            None => Err(AnswerError::new(
                open.pos,
                format!("the '(' at column {} is never closed", open.pos + 1),
            )),
        }
    }
}

fn unknown_name(tok: &Token, name: &str) -> AnswerError {
    let lower = name.to_lowercase();
    // "ln2", "log23": a function name run into its argument.
    let mut known: Vec<&str> = FUNCTIONS.to_vec();
    known.sort_by_key(|f| std::cmp::Reverse(f.len()));
    let hint = known
        .iter()
        .find(|f| lower.starts_with(**f) && lower.len() > f.len())
        .map(|f| format!(": did you mean {f}({})?", name.get(f.len()..).unwrap_or("")))
        .unwrap_or_else(|| {
            ": known names are ln, log (natural), log2, log10, exp, sqrt, abs, e, pi, inf"
                .to_string()
        });
    AnswerError::new(tok.pos, format!("unknown name '{name}'{hint}"))
}
