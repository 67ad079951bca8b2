//! Layout helpers for the app's chrome: the status line of keys, cutting
//! text or a line to a width with a visible sign that it was cut, and a
//! rectangle centred in an area.

use crate::tui::screen::KeyHelp;
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
/// `key what · key what` with the keys highlighted.
pub fn status_line<'a>(keys: &[KeyHelp], t: &Theme) -> Line<'a> {
    let mut spans = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(t.sym(" · ", " | "), t.dim()));
        }
        spans.push(Span::styled(t.spell(k.keys).into_owned(), t.key()));
        spans.push(Span::raw(format!(" {}", t.spell(k.what))));
    }
    Line::from(spans)
}

/// `text` in at most `cols` columns, ending in `mark` when it had to be cut.
pub(super) fn cut(text: &str, cols: usize, mark: &str) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if text.width() <= cols {
        return text.to_string();
    }
    let room = cols.saturating_sub(mark.width());
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    out + mark
}

/// A line cut to `width` columns ending in `…` when it is longer, so a key
/// hint that does not fit is never dropped without a sign (the full list is
/// in the help overlay).
pub fn fit_line<'a>(line: Line<'a>, width: u16, t: &Theme) -> Line<'a> {
    let width = width as usize;
    if line.width() <= width || width == 0 {
        return line;
    }
    // The ASCII table's spelling of "…" (src/ascii.rs).
    let ell = t.sym("…", "...");
    let mut left = width.saturating_sub(unicode_width::UnicodeWidthStr::width(ell));
    let mut spans = Vec::new();
    for span in line.spans {
        let w = span.width();
        if w <= left {
            left -= w;
            spans.push(span);
            continue;
        }
        let cut: String = span
            .content
            .chars()
            .scan(0usize, |used, c| {
                *used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                (*used <= left).then_some(c)
            })
            .collect();
        spans.push(Span::styled(cut, span.style));
        break;
    }
    spans.push(Span::styled(ell, t.dim()));
    Line::from(spans)
}

pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
