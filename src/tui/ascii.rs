//! `--ascii`: a last pass over the drawn frame that replaces every non-ASCII
//! cell with an ASCII look-alike. Screens already choose ASCII symbols where
//! they can (`Theme::sym`); this pass covers what widgets draw themselves
//! (chart axes, borders, Braille curves) and any Unicode in lesson text, so
//! the guarantee "ASCII only" holds for every screen, present and future.

use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

/// The ASCII stand-in for one character.
pub fn ascii_char(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    match c {
        '─' | '━' | '═' | '╌' | '┄' | '−' | '–' | '—' | '‐' => '-',
        '│' | '┃' | '║' | '╎' | '┆' | '‖' | '∣' => '|',
        '┌' | '┐' | '└' | '┘' | '├' | '┤' | '┬' | '┴' | '┼' | '╭' | '╮' | '╰' | '╯' | '╔' | '╗'
        | '╚' | '╝' => '+',
        '█' | '▓' | '▉' | '▊' => '#',
        '▒' | '▌' | '▐' | '▋' | '▍' => '%',
        '░' | '▎' | '▏' => ':',
        '▀' | '▔' => '"',
        '▄' | '▁' | '▂' | '▃' | '▅' | '▆' | '▇' => '_',
        '•' | '●' | '◆' | '■' | '★' => '*',
        '·' | '∙' | '⋅' | '…' => '.',
        '→' | '⟶' | '›' | '»' | '▶' | '▸' => '>',
        '←' | '⟵' | '‹' | '«' | '◀' | '◂' => '<',
        '↑' | '▲' => '^',
        '↓' | '▼' => 'v',
        '≥' | '⩾' => '>',
        '≤' | '⩽' => '<',
        '≠' => '#',
        '≈' | '∼' => '~',
        '×' => 'x',
        '÷' => '/',
        '∞' => '8',
        '√' => 'V',
        '∈' => 'e',
        '∑' | 'Σ' => 'S',
        '∏' | 'Π' => 'P',
        '∫' => 'S',
        '∂' => 'd',
        '∇' => 'V',
        '𝔼' => 'E',
        '‘' | '’' | '′' => '\'',
        '“' | '”' | '″' => '"',
        '✓' | '✔' => 'v',
        '✗' | '✘' => 'x',
        'α' => 'a',
        'β' => 'b',
        'γ' | 'Γ' => 'g',
        'δ' | 'Δ' => 'd',
        'ε' | 'ϵ' => 'e',
        'ζ' => 'z',
        'η' => 'h',
        'θ' | 'Θ' | 'ϑ' => 't',
        'ι' => 'i',
        'κ' => 'k',
        'λ' | 'Λ' => 'l',
        'μ' | 'µ' => 'u',
        'ν' => 'v',
        'ξ' | 'Ξ' => 'x',
        'π' => 'p',
        'ρ' => 'r',
        'σ' | 'ς' => 's',
        'τ' => 't',
        'υ' | 'Υ' => 'u',
        'φ' | 'Φ' | 'ϕ' => 'f',
        'χ' => 'x',
        'ψ' | 'Ψ' => 'y',
        'ω' | 'Ω' => 'w',
        '⁰' | '₀' => '0',
        '¹' | '₁' => '1',
        '²' | '₂' => '2',
        '³' | '₃' => '3',
        '⁴' | '₄' => '4',
        '⁵' | '₅' => '5',
        '⁶' | '₆' => '6',
        '⁷' | '₇' => '7',
        '⁸' | '₈' => '8',
        '⁹' | '₉' => '9',
        '⁺' | '₊' => '+',
        '⁻' | '₋' => '-',
        '₍' | '⁽' => '(',
        '₎' | '⁾' => ')',
        'ₐ' => 'a',
        'ₑ' => 'e',
        'ₓ' | 'ˣ' => 'x',
        'ᵢ' | 'ⁱ' => 'i',
        'ⱼ' | 'ʲ' => 'j',
        'ₖ' | 'ᵏ' => 'k',
        'ₙ' | 'ⁿ' => 'n',
        'ₜ' | 'ᵗ' => 't',
        'ᵀ' => 'T',
        // Braille dots: a curve point.
        '\u{2801}'..='\u{28FF}' => '.',
        '\u{2800}' => ' ',
        _ => '?',
    }
}

/// Replaces every non-ASCII cell of the buffer in place.
pub fn asciify(buf: &mut Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let cell = &mut buf[(x, y)];
            let sym = cell.symbol();
            let width = sym.width().max(1) as u16;
            if !sym.is_ascii() {
                let c = sym.chars().next().map_or(' ', ascii_char);
                cell.set_char(c);
                // A wide character covered the next cell too: give it a blank.
                for dx in 1..width {
                    if x + dx < area.right() {
                        buf[(x + dx, y)].set_char(' ');
                    }
                }
            }
            x += width;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    #[test]
    fn every_cell_becomes_ascii() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 1));
        buf.set_string(0, 0, "┌D(P‖Q)≥0⠉∞σ", ratatui::style::Style::new());
        asciify(&mut buf);
        let s: String = (0..12).map(|x| buf[(x, 0)].symbol().to_string()).collect();
        assert_eq!(s, "+D(P|Q)>0.8s");
        assert!(s.is_ascii());
    }
}
