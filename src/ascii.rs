//! `--ascii`: the one table of ASCII spellings, used everywhere text is
//! shown on an ASCII-only terminal, so a symbol reads the same in a lesson,
//! a lab, a quiz, a help overlay and `--plain` output (`‖` is `||` in all of
//! them).
//!
//! Text is spelled out *before* it is laid out ([`to_ascii`]: `D(P‖Q) ≥ 0`
//! becomes `D(P||Q) >= 0`, `Σₓ` becomes `sum_x`, `σ²` becomes `sigma^2`), so
//! wrapping and column widths see the ASCII text. What is drawn by widgets
//! rather than written (box drawing, block and Braille bars) has one-column
//! spellings, which the terminal layer's last pass over the frame uses
//! ([`cell_char`]): it cannot widen a cell, so a multi-character spelling
//! that reaches it anyway keeps its first character.

/// How a character is spelled in ASCII text (`None` for ASCII characters,
/// which stay as they are, and for subscripts and superscripts, which
/// [`to_ascii`] spells by runs: see [`script`]).
pub fn spell(c: char) -> Option<&'static str> {
    if c.is_ascii() {
        return None;
    }
    Some(match c {
        // Box drawing and rules.
        '─' | '━' | '═' | '╌' | '┄' | '╴' | '╶' => "-",
        '│' | '┃' | '║' | '╎' | '┆' | '∣' | '╵' | '╷' => "|",
        '┌' | '┐' | '└' | '┘' | '├' | '┤' | '┬' | '┴' | '┼' | '╭' | '╮' | '╰' | '╯' | '╔' | '╗'
        | '╚' | '╝' | '╠' | '╣' | '╦' | '╩' | '╬' => "+",
        // Block bars and shades, from full to faint.
        '█' | '▓' | '▉' | '▊' => "#",
        '▒' | '▌' | '▐' | '▋' | '▍' => "%",
        '░' | '▎' | '▏' => ":",
        '▀' | '▔' => "\"",
        '▄' | '▁' | '▂' | '▃' | '▅' | '▆' | '▇' => "_",
        // Braille dots (chart curves): a point; the empty pattern is blank.
        '\u{2800}' => " ",
        '\u{2801}'..='\u{28FF}' => ".",
        // Punctuation.
        '‖' => "||",
        '−' | '–' | '‐' | '‑' => "-",
        '—' => "--",
        '…' => "...",
        '·' | '∙' | '⋅' => "*",
        '•' | '●' | '◆' | '■' | '★' => "*",
        '○' | '◇' | '□' => "o",
        '§' => "Sec",
        '‘' | '’' | '′' => "'",
        '“' | '”' | '″' => "\"",
        '«' => "<<",
        '»' => ">>",
        '‹' => "<",
        '›' => ">",
        '\u{a0}' | '\u{2009}' | '\u{202f}' | '\u{2002}' | '\u{2003}' => " ",
        // Arrows and marks.
        '→' | '⟶' | '⇒' => "->",
        '←' | '⟵' | '⇐' => "<-",
        '↔' | '⇔' => "<->",
        '↑' | '▲' => "^",
        '↓' | '▼' => "v",
        '▶' | '▸' | '►' => ">",
        '◀' | '◂' | '◄' => "<",
        '✓' | '✔' => "ok",
        '✗' | '✘' => "x",
        // Relations and operators.
        '≥' | '⩾' => ">=",
        '≤' | '⩽' => "<=",
        '≠' => "!=",
        '≈' | '≃' => "~=",
        '∼' => "~",
        '≡' => "==",
        '±' => "+/-",
        '×' => "x",
        '÷' => "/",
        '∞' => "inf",
        '√' => "sqrt",
        '∈' => "in",
        '∉' => "not in",
        '∑' | 'Σ' => "sum",
        '∏' | 'Π' => "prod",
        '∫' => "integral",
        '∂' => "d",
        '∇' => "grad",
        '𝔼' => "E",
        '∀' => "for all",
        '∃' => "exists",
        '∝' => "prop. to",
        '⊂' | '⊆' => "subset of",
        '∪' => "union",
        '∩' => "intersect",
        '∘' => "o",
        '⊗' => "(x)",
        '°' => "deg",
        // Greek letters, by name.
        'α' => "alpha",
        'β' => "beta",
        'γ' => "gamma",
        'Γ' => "Gamma",
        'δ' => "delta",
        'Δ' => "Delta",
        'ε' | 'ϵ' => "eps",
        'ζ' => "zeta",
        'η' => "eta",
        'θ' | 'ϑ' => "theta",
        'Θ' => "Theta",
        'ι' => "iota",
        'κ' => "kappa",
        'λ' => "lambda",
        'Λ' => "Lambda",
        'μ' | 'µ' => "mu",
        'ν' => "nu",
        'ξ' => "xi",
        'Ξ' => "Xi",
        'π' => "pi",
        'ρ' => "rho",
        'σ' | 'ς' => "sigma",
        'τ' => "tau",
        'υ' => "upsilon",
        'φ' | 'ϕ' => "phi",
        'Φ' => "Phi",
        'χ' => "chi",
        'ψ' => "psi",
        'Ψ' => "Psi",
        'ω' => "omega",
        'Ω' => "Omega",
        // Letters with accents: the bare letter.
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => "a",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'í' | 'ì' | 'î' | 'ï' => "i",
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => "o",
        'ú' | 'ù' | 'û' | 'ü' => "u",
        'ç' => "c",
        'ñ' => "n",
        'ß' => "ss",
        'É' => "E",
        'Ö' => "O",
        'Ü' => "U",
        c => match script(c) {
            Some((_, s)) => s,
            None => "?",
        },
    })
}

/// A subscript (`_`) or superscript (`^`) character and the ASCII character
/// it raises or lowers: `ₓ` is (`_`, `x`), `²` is (`^`, `2`).
pub fn script(c: char) -> Option<(char, &'static str)> {
    let sub = |s| Some(('_', s));
    let sup = |s| Some(('^', s));
    match c {
        '₀' => sub("0"),
        '₁' => sub("1"),
        '₂' => sub("2"),
        '₃' => sub("3"),
        '₄' => sub("4"),
        '₅' => sub("5"),
        '₆' => sub("6"),
        '₇' => sub("7"),
        '₈' => sub("8"),
        '₉' => sub("9"),
        '₊' => sub("+"),
        '₋' => sub("-"),
        '₌' => sub("="),
        '₍' => sub("("),
        '₎' => sub(")"),
        'ₐ' => sub("a"),
        'ₑ' => sub("e"),
        'ₒ' => sub("o"),
        'ₓ' => sub("x"),
        'ₕ' => sub("h"),
        'ᵢ' => sub("i"),
        'ⱼ' => sub("j"),
        'ₖ' => sub("k"),
        'ₗ' => sub("l"),
        'ₘ' => sub("m"),
        'ₙ' => sub("n"),
        'ₚ' => sub("p"),
        'ₛ' => sub("s"),
        'ₜ' => sub("t"),
        '⁰' => sup("0"),
        '¹' => sup("1"),
        '²' => sup("2"),
        '³' => sup("3"),
        '⁴' => sup("4"),
        '⁵' => sup("5"),
        '⁶' => sup("6"),
        '⁷' => sup("7"),
        '⁸' => sup("8"),
        '⁹' => sup("9"),
        '⁺' => sup("+"),
        '⁻' => sup("-"),
        '⁼' => sup("="),
        '⁽' => sup("("),
        '⁾' => sup(")"),
        'ⁱ' => sup("i"),
        'ⁿ' => sup("n"),
        'ˣ' => sup("x"),
        'ʲ' => sup("j"),
        'ᵏ' => sup("k"),
        'ᵗ' => sup("t"),
        'ᵀ' => sup("T"),
        _ => None,
    }
}

/// `s` spelled in ASCII: every character by [`spell`]; a run of subscripts
/// or superscripts gets one `_` or `^` (`x₁₂` is `x_12`, `σ²` is
/// `sigma^2`). ASCII text comes back unchanged.
pub fn to_ascii(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut run: Option<char> = None;
    for c in s.chars() {
        if let Some((mark, letter)) = script(c) {
            if run != Some(mark) {
                out.push(mark);
            }
            out.push_str(letter);
            run = Some(mark);
            continue;
        }
        run = None;
        match spell(c) {
            Some(sp) => out.push_str(sp),
            None => out.push(c),
        }
    }
    out
}

/// The one-column ASCII stand-in for a cell that still holds a non-ASCII
/// character when the frame is drawn (widget graphics: borders, bars,
/// Braille): the first character of its spelling.
pub fn cell_char(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    if let Some((_, letter)) = script(c) {
        return letter.chars().next().unwrap_or('?');
    }
    spell(c).and_then(|s| s.chars().next()).unwrap_or('?')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_spelled_out() {
        assert_eq!(to_ascii("D(P‖Q) ≥ 0"), "D(P||Q) >= 0");
        assert_eq!(to_ascii("Σₓ P(x)"), "sum_x P(x)");
        assert_eq!(to_ascii("N(μ₁, σ₁²)"), "N(mu_1, sigma_1^2)");
        assert_eq!(to_ascii("x₁₂ … § 3 → ∞"), "x_12 ... Sec 3 -> inf");
        assert_eq!(to_ascii("Rényi D_α"), "Renyi D_alpha");
        assert_eq!(to_ascii("plain"), "plain");
    }

    #[test]
    fn every_spelling_is_ascii_and_cells_take_its_first_character() {
        for c in ('\u{80}'..='\u{2FFF}').chain('\u{1D400}'..='\u{1D7FF}') {
            let s = to_ascii(&c.to_string());
            assert!(s.is_ascii() && !s.is_empty(), "{c:?} -> {s:?}");
            assert!(cell_char(c).is_ascii(), "{c:?}");
            // A cell shows the spelling's first character (a subscript's or
            // superscript's letter, without its `_` or `^`).
            let first = match script(c) {
                Some((_, letter)) => letter.chars().next().unwrap(),
                None => s.chars().next().unwrap(),
            };
            assert_eq!(cell_char(c), first, "{c:?} -> {s:?}");
        }
        assert_eq!(cell_char('‖'), '|');
        assert_eq!(cell_char('─'), '-');
        assert_eq!(cell_char('⠉'), '.');
    }
}
