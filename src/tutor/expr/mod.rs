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

mod lexer;
mod parser;
#[cfg(test)]
mod tests;

use crate::engine::Base;
use lexer::{Kind, Token, tokenize};
use parser::Parser;
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
    pub(super) fn new(position: usize, message: impl Into<String>) -> AnswerError {
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
