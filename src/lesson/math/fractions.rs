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
/// argument: `2`, `σ₂²`, `Q(x)`, `D_KL`. Not `2σ²` (a product).
pub(super) fn is_atom(s: &str) -> bool {
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
                    return k + 1 == c.len();
                }
            }
        }
        return false;
    }
    i == c.len()
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
