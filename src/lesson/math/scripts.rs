//! Sub- and superscripts: Unicode script characters where the rule allows,
//! else `_name`, `_(…)`, `^T`, `^(…)`; never a brace.

fn subscript(c: char) -> Option<char> {
    Some(match c {
        '0'..='9' => char::from_u32(0x2080 + (c as u32 - '0' as u32))?,
        '+' => '₊',
        '-' | '−' => '₋',
        '=' => '₌',
        '(' => '₍',
        ')' => '₎',
        'a' => 'ₐ',
        'e' => 'ₑ',
        'h' => 'ₕ',
        'i' => 'ᵢ',
        'j' => 'ⱼ',
        'k' => 'ₖ',
        'l' => 'ₗ',
        'm' => 'ₘ',
        'n' => 'ₙ',
        'o' => 'ₒ',
        'p' => 'ₚ',
        'r' => 'ᵣ',
        's' => 'ₛ',
        't' => 'ₜ',
        'u' => 'ᵤ',
        'v' => 'ᵥ',
        'x' => 'ₓ',
        'β' => 'ᵦ',
        'γ' => 'ᵧ',
        'ρ' => 'ᵨ',
        'φ' | 'ϕ' => 'ᵩ',
        'χ' => 'ᵪ',
        _ => return None,
    })
}

fn superscript(c: char) -> Option<char> {
    Some(match c {
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4'..='9' => char::from_u32(0x2074 + (c as u32 - '4' as u32))?,
        '+' => '⁺',
        '-' | '−' => '⁻',
        '=' => '⁼',
        '(' => '⁽',
        ')' => '⁾',
        'a' => 'ᵃ',
        'b' => 'ᵇ',
        'c' => 'ᶜ',
        'd' => 'ᵈ',
        'e' => 'ᵉ',
        'f' => 'ᶠ',
        'g' => 'ᵍ',
        'h' => 'ʰ',
        'i' => 'ⁱ',
        'j' => 'ʲ',
        'k' => 'ᵏ',
        'l' => 'ˡ',
        'm' => 'ᵐ',
        'n' => 'ⁿ',
        'o' => 'ᵒ',
        'p' => 'ᵖ',
        'r' => 'ʳ',
        's' => 'ˢ',
        't' => 'ᵗ',
        'u' => 'ᵘ',
        'v' => 'ᵛ',
        'w' => 'ʷ',
        'x' => 'ˣ',
        'y' => 'ʸ',
        'z' => 'ᶻ',
        'T' => 'ᵀ',
        '*' | '∗' => '*',
        '′' | '\'' => '′',
        '∞' => '∞',
        // Already raised (a nested power such as e^{x^2}).
        '⁰' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹' | '⁻' | '⁺' => {
            c
        }
        _ => return None,
    })
}

fn is_word(s: &str) -> bool {
    !s.is_empty() && s.chars().all(char::is_alphanumeric)
}

/// The one rule for subscripts, so a symbol reads the same everywhere:
/// an index (digits, signs, parentheses and single lowercase letters, as in
/// `x_{i+1}`, `\log_2`, `\sum_{i=1}`) becomes Unicode subscript characters
/// when every character has one; a name (`D_{KL}`, `\pi_{ref}`, `Q_{cover}`,
/// `P_X`, `p_\theta`) is written `_name` whether or not Unicode could spell
/// it (so `Q_seek` sits beside `Q_cover`, not `Qₛₑₑₖ`); anything longer
/// (`\mathbb{E}_{x \sim P}`, `P_{Y \mid x}`) is `_(…)`. Never a brace.
pub fn lower(s: &str) -> String {
    let s = s.trim();
    if is_index(s)
        && let Some(mapped) = s.chars().map(subscript).collect::<Option<String>>()
    {
        return mapped;
    }
    let number = !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.');
    if is_word(s) || number || s.chars().count() == 1 {
        format!("_{s}")
    } else {
        format!("_({s})")
    }
}

/// An index: no two letters in a row and no capital or Greek letter (those
/// are names, and most have no subscript form anyway).
fn is_index(s: &str) -> bool {
    let mut prev_letter = false;
    for c in s.chars() {
        let letter = c.is_alphabetic();
        if letter && (prev_letter || !c.is_ascii_lowercase()) {
            return false;
        }
        prev_letter = letter;
    }
    true
}

/// Like [`lower`]: superscript characters, else `^T`-style or `^(…)`.
pub(super) fn raise(s: &str) -> String {
    let s = s.trim();
    if let Some(mapped) = s.chars().map(superscript).collect::<Option<String>>() {
        return mapped;
    }
    if is_word(s) || s.chars().count() == 1 {
        format!("^{s}")
    } else {
        format!("^({s})")
    }
}

/// Every character [`subscript`] or [`superscript`] can produce (and `′`, `*`).
pub(super) const SCRIPT_CHARS: &str =
    "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵀ′*";

#[cfg(test)]
mod tests {
    use crate::lesson::math::render;

    fn r(s: &str) -> String {
        render(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn scripts_and_fallbacks() {
        assert_eq!(r("x_i^2"), "xᵢ²");
        assert_eq!(r("x_{i+1}"), "xᵢ₊₁");
        assert_eq!(r("e^{-x^2}"), "e⁻ˣ²");
        assert_eq!(r(r"\log_2 x"), "log₂ x");
        assert_eq!(r("D_{KL}"), "D_KL");
        assert_eq!(r(r"\mathbb{E}_{x\sim P}[f]"), "𝔼_(x ∼ P)[f]");
        assert_eq!(r(r"a\le b"), "a ≤ b");
        assert_eq!(r("x^{q+Q}"), "x^(q+Q)");
        assert_eq!(r("A^T"), "Aᵀ");
        assert_eq!(r("Q^Q"), "Q^Q");
    }

    #[test]
    fn one_rule_for_subscripts() {
        // Names are `_name` whether or not Unicode can spell them.
        assert_eq!(r("Q_{seek}"), "Q_seek");
        assert_eq!(r("Q_{cover}"), "Q_cover");
        assert_eq!(r(r"\pi_{\text{ref}}"), "π_ref");
        assert_eq!(r(r"p_\theta, q_\phi"), "p_θ, q_ϕ");
        assert_eq!(r("P_X P_{XY}"), "P_X P_XY");
        assert_eq!(r(r"\Sigma_{ii}"), "Σ_ii");
        // Indices become subscript characters.
        assert_eq!(r(r"\sum_{i=1}^{n} x_i"), "Σᵢ₌₁ⁿ xᵢ");
        assert_eq!(r(r"\log_2 x_{n-1}"), "log₂ xₙ₋₁");
        // Anything longer is parenthesised, never braced.
        assert_eq!(r(r"P_{Y \mid x}"), "P_(Y | x)");
        assert_eq!(r(r"\sum_{x,y}"), "Σ_(x,y)");
        assert_eq!(r(r"D_{0.5}, D_\infty, D_2"), "D_0.5, D_∞, D₂");
        assert_eq!(r(r"\mathbb{E}_{x \sim p_\theta}"), "𝔼_(x ∼ p_θ)");
        for src in [
            r"x_{a b}",
            r"x^{a b}",
            r"\mathbb{E}_{z \sim q(z \mid x)}[f]",
        ] {
            let out = r(src);
            assert!(!out.contains(['{', '}', '\\']), "{src} -> {out}");
        }
    }
}
