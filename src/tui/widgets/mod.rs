//! Reusable drawing pieces: number formatting, heatmaps, sliders.

pub mod bars;
pub mod field;
pub mod format;
pub mod heatmap;
pub mod panel;
pub mod prose;
pub mod scroll;
pub mod terms;

/// The first of `candidates` (longest first) that fits a border `width`
/// cells wide, spelled for the theme: a panel title is shortened by its
/// author's choice of words, never cut at the corner. Empty when none fits.
pub fn fit_title(
    t: &crate::tui::theme::Theme,
    width: u16,
    candidates: impl IntoIterator<Item = String>,
) -> String {
    let room = width.saturating_sub(2) as usize;
    candidates
        .into_iter()
        .map(|c| t.spell(&c).into_owned())
        .find(|c| unicode_width::UnicodeWidthStr::width(c.as_str()) <= room)
        .unwrap_or_default()
}
