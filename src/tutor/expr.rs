//! The answer a learner types: a number or a small arithmetic expression,
//! with an optional unit after it.
//!
//! Learners often type what they computed by hand (`0.9*log2(0.9/0.5)+...`)
//! rather than a decimal, so answers are expressions. The evaluator is built
//! for untrusted input: the length and parenthesis depth are bounded, the only
//! recursion is one level per parenthesis (so at most [`MAX_DEPTH`] levels),
//! there is no implicit multiplication (so `2ln(2)` is an error that says so
//! instead of a silent surprise), and a NaN anywhere is an error pointing at
//! the operation that produced it. Every error carries a character position
//! so the terminal can draw a caret under it.
//!
//! Accepted: numbers (`0.531`, `5.31e-1`, `.5`, `-0`), `inf`/`infinity`/`∞`,
//! `+ - * /`, `^` (also `**`; right-associative and binding tighter than a
//! leading minus, so `-2^2 = -4` as on paper), parentheses, `ln`, `log`
//! (natural), `log2`, `log10`, `exp`, `sqrt`, `abs`, `e`, `pi`/`π`; the
//! typographic `−`, `×`, `·` and `÷` that learners paste from the lesson text.

use crate::engine::Base;
use std::fmt;

/// Longest accepted answer, in characters: far more than any hand
/// computation needs, small enough that nothing about an answer is costly.
pub const MAX_LEN: usize = 500;

/// Deepest parenthesis nesting accepted; bounds the parser's recursion.
pub const MAX_DEPTH: usize = 64;

/// A parsed answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The value of the expression.
    pub value: f64,
    /// The unit the learner wrote after it, if any (`bits` is [`Base::Two`]).
    pub unit: Option<Base>,
    /// Significant digits typed when the answer is a plain (optionally signed)
    /// number: `0.531` and `5.31e-1` have 3, `0.50` has 2, `0` has 1. Zero
    /// when the answer is an expression or infinite. Informational only: the
    /// grading tolerance never depends on it.
    pub digits: usize,
}

/// Why an answer could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerError {
    /// A sentence for the learner.
    pub message: String,
    /// 0-based character (not byte) position the message refers to; may equal
    /// the input's length when the problem is at its end.
    pub position: usize,
}

impl AnswerError {
    fn new(position: usize, message: impl Into<String>) -> AnswerError {
        AnswerError {
            message: message.into(),
            position,
        }
    }

    /// The input on one line and a `^` under the error position, for a
    /// terminal. Whitespace and control characters are shown as spaces so the
    /// caret stays aligned (one column per character).
    pub fn caret(&self, input: &str) -> String {
        let shown: String = input
            .chars()
            .take(MAX_LEN + 1)
            .map(|c| {
                if c.is_whitespace() || c.is_control() {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let pad = self.position.min(MAX_LEN + 1);
        format!("{}\n{}^", shown.trim_end(), " ".repeat(pad))
    }
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AnswerError {}

/// Reads an answer: an expression, optionally followed by a unit
/// (`bits`, `bit`, `nats`, `nat`, `hartleys`, `hartley`, any case).
///
/// Never panics; every failure is an [`AnswerError`] with a position.
pub fn parse_answer(input: &str) -> Result<Answer, AnswerError> {
    if input.chars().nth(MAX_LEN).is_some() {
        return Err(AnswerError::new(
            MAX_LEN,
            format!("the answer is too long: at most {MAX_LEN} characters"),
        ));
    }
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = tokenize(&chars)?;
    let mut unit = None;
    // Where the expression ends: before the unit, when there is one.
    let mut end = chars.len();
    if let Some(Token {
        kind: Kind::Ident(name),
        pos,
        ..
    }) = tokens.last()
        && let Some(base) = unit_of(name)
    {
        if tokens.len() == 1 {
            return Err(AnswerError::new(
                *pos,
                format!("a unit needs a number before it, e.g. 0.5 {name}"),
            ));
        }
        unit = Some(base);
        end = *pos;
        tokens.pop();
    }
    if tokens.is_empty() {
        return Err(AnswerError::new(
            chars.len(),
            "the answer is empty: type a number such as 0.531",
        ));
    }
    let mut parser = Parser {
        chars: &chars,
        tokens: &tokens,
        next: 0,
        depth: 0,
        end,
        nan: None,
    };
    let value = parser.expr()?;
    if let Some(tok) = tokens.get(parser.next) {
        return Err(match tok.kind {
            Kind::RParen => AnswerError::new(tok.pos, "this ')' has no matching '('"),
            _ => AnswerError::new(tok.pos, format!("unexpected '{}' here", tok.text(&chars))),
        });
    }
    if let Some(err) = parser.nan {
        return Err(err);
    }
    Ok(Answer {
        value,
        unit,
        digits: plain_digits(&tokens),
    })
}

fn unit_of(name: &str) -> Option<Base> {
    match name.to_lowercase().as_str() {
        "bit" | "bits" => Some(Base::Two),
        "nat" | "nats" => Some(Base::E),
        "hartley" | "hartleys" => Some(Base::Ten),
        _ => None,
    }
}

/// The digits of a lone, optionally signed number; 0 for anything else.
fn plain_digits(tokens: &[Token]) -> usize {
    let mut rest = tokens;
    while let [first, tail @ ..] = rest {
        if matches!(first.kind, Kind::Plus | Kind::Minus) {
            rest = tail;
        } else {
            break;
        }
    }
    match rest {
        [
            Token {
                kind: Kind::Num { digits, .. },
                ..
            },
        ] => *digits,
        _ => 0,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Num { value: f64, digits: usize },
    Ident(String),
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    LParen,
    RParen,
}

#[derive(Debug, Clone, PartialEq)]
struct Token {
    kind: Kind,
    /// First character.
    pos: usize,
    /// One past the last character.
    end: usize,
}

impl Token {
    fn text(&self, chars: &[char]) -> String {
        chars
            .get(self.pos..self.end)
            .map_or_else(String::new, |s| s.iter().collect())
    }

    /// Whether this token can begin an operand; after a complete operand such
    /// a token means the learner left out an operator.
    fn starts_operand(&self) -> bool {
        matches!(self.kind, Kind::Num { .. } | Kind::Ident(_) | Kind::LParen)
    }
}

fn tokenize(chars: &[char]) -> Result<Vec<Token>, AnswerError> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let digit_at = |j: usize| chars.get(j).is_some_and(char::is_ascii_digit);
        let kind = if c.is_ascii_digit() || (c == '.' && digit_at(i + 1)) {
            let mut text = String::new();
            let mut digits = String::new();
            while i < chars.len() && chars[i].is_ascii_digit() {
                text.push(chars[i]);
                digits.push(chars[i]);
                i += 1;
            }
            if chars.get(i) == Some(&'.') {
                text.push('.');
                i += 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    text.push(chars[i]);
                    digits.push(chars[i]);
                    i += 1;
                }
            }
            if matches!(chars.get(i), Some('e' | 'E')) {
                let sign = matches!(chars.get(i + 1), Some('+' | '-' | '−'));
                let first = if sign { i + 2 } else { i + 1 };
                if digit_at(first) {
                    text.push('e');
                    if sign {
                        text.push(if chars[i + 1] == '+' { '+' } else { '-' });
                    }
                    i = first;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        text.push(chars[i]);
                        i += 1;
                    }
                }
            }
            match chars.get(i) {
                Some('.') => {
                    return Err(AnswerError::new(
                        i,
                        "a number can have only one decimal point",
                    ));
                }
                Some(',') if digit_at(i + 1) => {
                    return Err(AnswerError::new(
                        i,
                        "use a point for decimals: 0.531, not 0,531",
                    ));
                }
                _ => {}
            }
            let value: f64 = text
                .parse()
                .map_err(|_| AnswerError::new(start, format!("'{text}' is not a number")))?;
            if value.is_infinite() {
                return Err(AnswerError::new(
                    start,
                    "this number overflows: it is beyond ±1.8e308, the largest a double holds \
                     (write inf or ∞ to mean infinity)",
                ));
            }
            let significant = digits.trim_start_matches('0').len().max(1);
            Kind::Num {
                value,
                digits: significant,
            }
        } else if c.is_alphabetic() || c == '_' || c == '∞' {
            if c == '∞' {
                i += 1;
            } else {
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
            }
            Kind::Ident(chars[start..i].iter().collect())
        } else {
            i += 1;
            match c {
                '+' => Kind::Plus,
                '-' | '−' | '–' => Kind::Minus,
                '*' if chars.get(i) == Some(&'*') => {
                    // Python's power operator, common among programmers.
                    i += 1;
                    Kind::Caret
                }
                '*' | '×' | '·' | '⋅' | '∗' => Kind::Star,
                '/' | '÷' | '∕' => Kind::Slash,
                '^' => Kind::Caret,
                '(' => Kind::LParen,
                ')' => Kind::RParen,
                ',' => {
                    return Err(AnswerError::new(
                        start,
                        "unexpected ',': functions take one argument, and decimals use a point",
                    ));
                }
                '.' => {
                    return Err(AnswerError::new(
                        start,
                        "a decimal point needs digits after it",
                    ));
                }
                _ => {
                    return Err(AnswerError::new(
                        start,
                        format!(
                            "unexpected character '{}': use numbers, + - * / ^, parentheses and functions such as ln, log2, sqrt",
                            c.escape_default()
                        ),
                    ));
                }
            }
        };
        tokens.push(Token {
            kind,
            pos: start,
            end: i,
        });
    }
    Ok(tokens)
}

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
struct Parser<'a> {
    chars: &'a [char],
    tokens: &'a [Token],
    next: usize,
    depth: usize,
    /// Position reported for "ends too early": the unit's, if one was typed.
    end: usize,
    /// The first NaN produced, reported only if the answer is otherwise well
    /// formed (a syntax error is the more useful message).
    nan: Option<AnswerError>,
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

    fn expr(&mut self) -> Result<f64, AnswerError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn val(s: &str) -> f64 {
        match parse_answer(s) {
            Ok(a) => a.value,
            Err(e) => panic!("{s:?}: {e}\n{}", e.caret(s)),
        }
    }

    fn err(s: &str) -> AnswerError {
        parse_answer(s).expect_err(s)
    }

    #[test]
    fn numbers() {
        assert_eq!(val("0.531"), 0.531);
        assert_eq!(val("5.31e-1"), 0.531);
        assert_eq!(val("5.31E-1"), 0.531);
        assert_eq!(val(".5"), 0.5);
        assert_eq!(val("5."), 5.0);
        assert_eq!(val("1/3"), 1.0 / 3.0);
        assert!(val("-0").is_sign_negative());
        assert_eq!(val("  −0.25 "), -0.25);
        assert_eq!(val("1e3"), 1000.0);
    }

    #[test]
    fn digits_count_significant_figures_of_plain_numbers() {
        let d = |s: &str| parse_answer(s).unwrap().digits;
        assert_eq!(d("0.531"), 3);
        assert_eq!(d("5.31e-1"), 3);
        assert_eq!(d("0.50"), 2);
        assert_eq!(d("-0.0053"), 2);
        assert_eq!(d("0"), 1);
        assert_eq!(d("120"), 3);
        assert_eq!(d("0.53 bits"), 2);
        assert_eq!(d("1/3"), 0);
        assert_eq!(d("inf"), 0);
    }

    #[test]
    fn precedence_and_associativity() {
        assert_eq!(val("-2^2"), -4.0);
        assert_eq!(val("(-2)^2"), 4.0);
        assert_eq!(val("2^3^2"), 512.0);
        assert_eq!(val("2^-1"), 0.5);
        assert_eq!(val("2^-3^2"), 2f64.powf(-9.0));
        assert_eq!(val("1-2-3"), -4.0);
        assert_eq!(val("8/4/2"), 1.0);
        assert_eq!(val("2*3+4*5"), 26.0);
        assert_eq!(val("2+3*4^2"), 50.0);
        assert_eq!(val("2*-3"), -6.0);
        assert_eq!(val("1--1"), 2.0);
        assert_eq!(val("2**3"), 8.0);
    }

    #[test]
    fn functions_and_constants() {
        assert_eq!(val("ln(e)"), 1.0);
        assert_eq!(val("log(8)"), 8f64.ln());
        assert_eq!(val("log2(8)"), 3.0);
        assert_eq!(val("LOG10(1000)"), 3.0);
        assert_eq!(val("exp(0)"), 1.0);
        assert_eq!(val("sqrt(16)"), 4.0);
        assert_eq!(val("abs(-3)"), 3.0);
        assert_eq!(val("π"), std::f64::consts::PI);
        assert_eq!(val("2×pi"), 2.0 * std::f64::consts::PI);
        assert_eq!(val("3·2"), 6.0);
        let kl = 0.9 * (0.9f64 / 0.5).log2() + 0.1 * (0.1f64 / 0.5).log2();
        assert_eq!(val("0.9*log2(0.9/0.5)+0.1*log2(0.1/0.5)"), kl);
    }

    #[test]
    fn infinity() {
        for s in ["inf", "∞", "infinity", "Infinity", "+inf", "INF bits"] {
            assert_eq!(val(s), f64::INFINITY, "{s}");
        }
        assert_eq!(val("-inf"), f64::NEG_INFINITY);
    }

    #[test]
    fn units() {
        let u = |s: &str| parse_answer(s).unwrap().unit;
        assert_eq!(u("0.37 nats"), Some(Base::E));
        assert_eq!(u("0.37nat"), Some(Base::E));
        assert_eq!(u("0.531 Bits"), Some(Base::Two));
        assert_eq!(u("1 bit"), Some(Base::Two));
        assert_eq!(u("0.16 hartleys"), Some(Base::Ten));
        assert_eq!(u("0.531"), None);
        assert_eq!(u("ln(2) nats"), Some(Base::E));
        assert_eq!(val("ln(2) nats"), 2f64.ln());
        assert_eq!(err("bits").position, 0);
        assert_eq!(err("2 bits + 1").position, 2);
        assert_eq!(err("2 + bits").position, 4);
        assert_eq!(err("(2 bits").position, 0);
        assert!(err("(2 bits").message.contains("column 1 is never closed"));
    }

    #[test]
    fn nan_is_an_error_at_the_operation() {
        let e = err("0/0");
        assert_eq!(e.position, 1);
        assert!(e.message.contains("NaN"), "{}", e.message);
        let e = err("1 + ln(-1)");
        assert_eq!(e.position, 4);
        assert!(e.message.contains("NaN"));
        assert_eq!(err("sqrt(-4)").position, 0);
        assert_eq!(err("inf - inf").position, 4);
        assert_eq!(err("(-8)^(1/3)").position, 4);
        // NaN^0 is 1 in IEEE arithmetic, but the NaN is still reported.
        assert!(err("(0/0)^0").message.contains("NaN"));
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = err("2ln(2)");
        assert_eq!(e.position, 1);
        assert!(e.message.contains("'2' and 'ln'"), "{}", e.message);
        assert!(e.message.contains("2*ln(2)"));
        assert_eq!(err("2(3)").position, 1);
        assert_eq!(err("(1+2").position, 0);
        assert_eq!(err("1+2)").position, 3);
        assert_eq!(err("1+").position, 2);
        assert_eq!(err("").position, 0);
        assert_eq!(err("   ").position, 3);
        assert_eq!(err("0,531").position, 1);
        assert_eq!(err("1.2.3").position, 3);
        assert_eq!(err("1 $ 2").position, 2);
        assert_eq!(err("ln 2").position, 3);
        assert_eq!(err("ln").position, 2);
        assert!(err("ln2").message.contains("ln(2)"));
        assert_eq!(err("foo(1)").position, 0);
        assert_eq!(err("*3").position, 0);
        assert_eq!(err("−(1×)").position, 4);
    }

    /// A message that names a column names the caret's column (the first
    /// column named, when it names two).
    #[test]
    fn a_named_column_is_the_caret_column() {
        for input in [
            "(1+2",
            "2*(1+2 3)",
            "((1)",
            "ln(2",
            "(2 bits",
            "1+(2*3",
            "2^(1",
        ] {
            let e = err(input);
            if let Some(i) = e.message.find("column ") {
                let n: usize = e.message[i + 7..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
                    .parse()
                    .unwrap();
                assert_eq!(n, e.position + 1, "{input}: {}", e.message);
            }
        }
    }

    #[test]
    fn caret_sits_under_the_position() {
        let input = "0.5 + 2ln(2)";
        let e = err(input);
        assert_eq!(e.caret(input), "0.5 + 2ln(2)\n       ^");
        let input = "(1+2";
        assert_eq!(err(input).caret(input), "(1+2\n^");
        let input = "2*(1+2 3)";
        assert_eq!(err(input).caret(input), "2*(1+2 3)\n       ^");
    }

    #[test]
    fn bounds() {
        let long = "1".repeat(MAX_LEN + 1);
        assert_eq!(err(&long).position, MAX_LEN);
        let ok = format!("{}1{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert_eq!(val(&ok), 1.0);
        let deep = format!(
            "{}1{}",
            "(".repeat(MAX_DEPTH + 1),
            ")".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(err(&deep).position, MAX_DEPTH);
        // Long runs of signs and powers do not recurse.
        assert_eq!(val(&format!("{}1", "-".repeat(MAX_LEN - 1))), -1.0);
        assert_eq!(val(&format!("{}1", "1^".repeat(200))), 1.0);
    }

    /// Only inf/∞ means infinity: overflow and division by zero are errors
    /// naming what happened, at the operator or function at fault.
    #[test]
    fn overflow_and_division_by_zero_are_errors() {
        for (s, what, at) in [
            ("1e400", "overflows", 0),
            ("exp(1000)", "overflows", 0),
            ("1/0", "division by zero", 1),
            ("2*(1/0)", "division by zero", 4),
            ("1e300*1e300", "overflows", 5),
            ("ln(0)", "division by zero", 0),
            ("log2(0) bits", "division by zero", 0),
            ("0^-1", "division by zero", 1),
            ("10^400", "overflows", 2),
            ("1e308+1e308", "overflows", 5),
        ] {
            let e = err(s);
            assert!(e.message.contains(what), "{s}: {e}");
            assert!(e.message.contains("inf or ∞"), "{s}: {e}");
            assert_eq!(e.position, at, "{s}: {e}");
        }
        assert_eq!(val("inf"), f64::INFINITY);
        assert_eq!(val("-inf"), f64::NEG_INFINITY);
        assert_eq!(val("1/inf"), 0.0);
        assert_eq!(val("inf*2"), f64::INFINITY);
        assert_eq!(val("exp(-1000)"), 0.0);
    }
}
