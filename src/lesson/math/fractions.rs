//! Flattening `\frac{a}{b}` to `a/b` so it reads one way only: which parts
//! need parentheses, and which neighbours make a bare `a/b` ambiguous.

use super::scripts::SCRIPT_CHARS;

/// Whether a fraction part needs parentheses to keep its meaning after
/// flattening to `a/b`: anything with a top-level space or operator.
pub(super) fn needs_parens(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' | '[' | '{' | '⟨' => depth += 1,
            ')' | ']' | '}' | '⟩' => depth -= 1,
            ' ' | '+' | '-' | '−' | '/' | '·' | '×' | '=' | '<' | '>' | '≤' | '≥' | '±' | '|'
                if depth == 0 =>
            {
                return true;
            }
            _ => {}
        }
    }
    false
}

/// Commands after a fraction that do not multiply it (relations, operators,
/// spacing, closing delimiters).
pub(super) const NOT_FACTORS: &[&str] = &[
    "right",
    "cdot",
    "times",
    "le",
    "leq",
    "ge",
    "geq",
    "to",
    "quad",
    "qquad",
    "ne",
    "neq",
    "approx",
    "pm",
    "mp",
    "rangle",
    "rvert",
    "rVert",
    "mid",
    "in",
    "sim",
    "equiv",
    "propto",
    "gt",
    "lt",
    "ll",
    "gg",
    "implies",
    "iff",
    "rightarrow",
    "leftarrow",
    "Rightarrow",
    "mapsto",
    "big",
    "Big",
    "bigr",
    "Bigr",
    "end",
    "circ",
];

/// Whether a denominator reads unambiguously after `/` without parentheses:
/// a number, or one name (with scripts) optionally applied to one bracketed
/// argument without arithmetic in it, optionally under a root: `2`, `σ₂²`,
/// `Q(x)`, `p(x | y)`, `D_KL`, `√n`. Not `2σ²` (a product), and not
/// `θ(1−θ)`: `1/θ(1−θ)` also reads as (1/θ)·(1−θ), so a bracket holding
/// arithmetic is taken for a product, not a function's argument.
pub(super) fn is_atom(s: &str) -> bool {
    let s = s.strip_prefix('√').unwrap_or(s);
    let c: Vec<char> = s.chars().collect();
    let mut i = 0;
    if c.first().is_some_and(|c| c.is_ascii_digit()) {
        while i < c.len() && (c[i].is_ascii_digit() || c[i] == '.') {
            i += 1;
        }
    } else {
        while i < c.len() && c[i].is_alphabetic() && !SCRIPT_CHARS.contains(c[i]) {
            i += 1;
        }
        if i == 0 {
            return false;
        }
    }
    // Scripts: Unicode ones, or the `_KL` / `^T` / `_{..}` / `^(..)` fallbacks.
    loop {
        if i < c.len() && SCRIPT_CHARS.contains(c[i]) {
            i += 1;
        } else if i + 1 < c.len() && (c[i] == '_' || c[i] == '^') {
            i += 1;
            if c[i] == '{' || c[i] == '(' {
                let close = if c[i] == '{' { '}' } else { ')' };
                match c[i..].iter().position(|&x| x == close) {
                    Some(k) => i += k + 1,
                    None => return false,
                }
            } else {
                while i < c.len() && c[i].is_alphanumeric() {
                    i += 1;
                }
            }
        } else {
            break;
        }
    }
    if i < c.len() && (c[i] == '(' || c[i] == '[') {
        let close = if c[i] == '(' { ')' } else { ']' };
        let mut depth = 0;
        for (k, &x) in c.iter().enumerate().skip(i) {
            if x == c[i] {
                depth += 1;
            } else if x == close {
                depth -= 1;
                if depth == 0 {
                    return k + 1 == c.len() && !has_arithmetic(&c[i + 1..k]);
                }
            }
        }
        return false;
    }
    i == c.len()
}

/// Whether a bracket's contents compute something (`1 − θ`, `x + 1`, `2/3`)
/// rather than name an argument (`x`, `x, y`, `y | x`).
fn has_arithmetic(c: &[char]) -> bool {
    c.iter()
        .any(|c| matches!(c, '+' | '-' | '−' | '/' | '·' | '×' | '*' | '±'))
}

pub(super) fn wrap(s: &str) -> String {
    let s = s.trim();
    if needs_parens(s) {
        format!("({s})")
    } else {
        s.to_string()
    }
}

pub(super) fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use crate::lesson::math::render;

    fn r(s: &str) -> String {
        render(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn fractions_get_parentheses_when_needed() {
        assert_eq!(r(r"\frac{1}{2}"), "1/2");
        assert_eq!(r(r"\frac{1-p}{1-q}"), "(1-p)/(1-q)");
        assert_eq!(r(r"\frac{p}{q}"), "p/q");
        assert_eq!(r(r"\frac{P(x)}{Q(x) + \epsilon}"), "P(x)/(Q(x) + ϵ)");
        assert_eq!(r(r"\frac{\sigma_1^2}{\sigma_2^2}"), "σ₁²/σ₂²");
    }

    /// A bracket holding arithmetic is a product, not a function's argument:
    /// `1/θ(1−θ)` could be read (1/θ)·(1−θ), so it is parenthesised, while
    /// `1/Q(x)` and `1/p(x | y)` stay bare.
    #[test]
    fn a_product_in_a_denominator_is_parenthesised() {
        assert_eq!(r(r"\frac{1}{\theta(1-\theta)}"), "1/(θ(1-θ))");
        assert_eq!(r(r"F = \frac{1}{\theta(1-\theta)}"), "F = 1/(θ(1-θ))");
        assert_eq!(r(r"\sqrt{\theta(1-\theta)}"), "√(θ(1-θ))");
        assert_eq!(r(r"\frac{1}{Q(x+1)}"), "1/(Q(x+1))");
        assert_eq!(r(r"\frac{1}{f(x)g(x)}"), "1/(f(x)g(x))");
        assert_eq!(r(r"\frac{1}{2\sigma^2}"), "1/(2σ²)");
        // Names applied to arguments, and roots of atoms, stay bare.
        assert_eq!(r(r"\frac{1}{Q(x)}"), "1/Q(x)");
        assert_eq!(r(r"\frac{1}{p(x \mid y)}"), "1/p(x | y)");
        assert_eq!(r(r"\frac{1}{p_\theta(x)}"), "1/p_θ(x)");
        assert_eq!(r(r"\frac{s}{\sqrt{n}}"), "s/√n");
        // A numerator with arithmetic outside brackets is parenthesised.
        assert_eq!(r(r"\frac{a+b}{2}"), "(a+b)/2");
        assert_eq!(r(r"\frac{\ln 2}{3}"), "(ln 2)/3");
    }

    /// `\frac12` and `\tfrac12` take one token per part, as TeX does, and a
    /// fraction after a division is parenthesised (`a/b/c` reads (a/b)/c).
    #[test]
    fn undelimited_parts_and_nested_divisions() {
        assert_eq!(r(r"\frac12"), "1/2");
        assert_eq!(r(r"\tfrac12 D(P\|M)"), "(1/2) D(P‖M)");
        assert_eq!(
            r(r"\tfrac12 D(P\|M) + \tfrac{1}{2} D(Q\|M)"),
            "(1/2) D(P‖M) + (1/2) D(Q‖M)"
        );
        assert_eq!(r(r"\dfrac1n \sum_i x_i"), "(1/n) Σᵢ xᵢ");
        assert_eq!(r(r"\frac\alpha2"), "α/2");
        assert_eq!(r(r"a/\frac{b}{c}"), "a/(b/c)");
        assert_eq!(r(r"\log \frac{1}{p}"), "log(1/p)");
        assert_eq!(r(r"\log_2\frac{P(x)}{Q(x)}"), "log₂(P(x)/Q(x))");
        assert!(crate::lesson::math::render(r"\frac").is_err());
        assert!(crate::lesson::math::render(r"\frac1").is_err());
        assert!(crate::lesson::math::render(r"\frac{1}+").is_err());
    }

    #[test]
    fn sqrt_left_right_and_text() {
        assert_eq!(r(r"\sqrt{x}"), "√x");
        assert_eq!(r(r"\sqrt{1-p}"), "√(1-p)");
        assert_eq!(r(r"\left(\frac{a}{b}\right)"), "(a/b)");
        // Beside a function or a factor a flattened fraction is parenthesised.
        assert_eq!(r(r"\ln \frac{5}{6}"), "ln(5/6)");
        assert_eq!(
            r(r"\frac{1}{2} D(P\|M) + \frac{1}{2} D(Q\|M)"),
            "(1/2) D(P‖M) + (1/2) D(Q‖M)"
        );
        assert_eq!(
            r(r"p \log \frac{p}{q} + (1-p) \log \frac{1-p}{1-q}"),
            "p log(p/q) + (1-p) log((1-p)/(1-q))"
        );
        assert_eq!(r(r"\frac{1}{2} + x"), "1/2 + x");
        assert_eq!(r(r"x = \frac{a}{b}"), "x = a/b");
        assert_eq!(r(r"\left\| x \right\|"), "‖ x ‖");
        assert_eq!(r(r"H(P) + \text{KL term}"), "H(P) + KL term");
        assert_eq!(r(r"\operatorname{JS}(P,Q)"), "JS(P,Q)");
        assert_eq!(r(r"\mathrm{d}x"), "dx");
        assert_eq!(r(r"a\quad b\;c\,d"), "a b c d");
        assert_eq!(r(r"\mathcal{L}(\theta)"), "ℒ(θ)");
        assert_eq!(r(r"\hat{p}"), "p\u{302}");
    }
}
