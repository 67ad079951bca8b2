//! `--ascii`: a last pass over the drawn frame that replaces every non-ASCII
//! cell with its one-column spelling from [`crate::ascii`]. Text is spelled
//! out before layout (`Theme::spell`, so `‖` is `||` everywhere); this pass
//! covers what widgets draw themselves (chart axes, borders, Braille curves),
//! so the guarantee "ASCII only" holds for every screen, present and future.

use crate::ascii::cell_char;
use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

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
                let c = sym.chars().next().map_or(' ', cell_char);
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
        assert_eq!(s, "+D(P|Q)>0.is");
        assert!(s.is_ascii());
    }
}
