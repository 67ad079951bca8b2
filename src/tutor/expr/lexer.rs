//! The tokens of an answer: numbers (with their digit count), names,
//! operators and parentheses, each with its character span for a caret.

use super::AnswerError;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
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
pub(super) struct Token {
    pub(super) kind: Kind,
    /// First character.
    pub(super) pos: usize,
    /// One past the last character.
    pub(super) end: usize,
}

impl Token {
    pub(super) fn text(&self, chars: &[char]) -> String {
        chars
            .get(self.pos..self.end)
            .map_or_else(String::new, |s| s.iter().collect())
    }

    /// Whether this token can begin an operand; after a complete operand such
    /// a token means the learner left out an operator.
    pub(super) fn starts_operand(&self) -> bool {
        matches!(self.kind, Kind::Num { .. } | Kind::Ident(_) | Kind::LParen)
    }
}

pub(super) fn tokenize(chars: &[char]) -> Result<Vec<Token>, AnswerError> {
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
