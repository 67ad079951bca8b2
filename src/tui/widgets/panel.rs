//! The side panel every lab draws: its values, then the prompted
//! observations ("Try this"), wrapped in a bordered block that scrolls
//! (`[` `]`) when it is longer than the panel.

use super::format::text;
use super::scroll::Scroll;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// Appends the observations to `lines` and draws the panel titled `title`;
/// `keep_indent` keeps leading spaces (for aligned tables) when wrapping.
// Every argument is one the six labs set differently; a struct would only rename them.
#[allow(clippy::too_many_arguments)]
pub fn lab_panel(
    frame: &mut Frame,
    area: Rect,
    mut lines: Vec<Line<'static>>,
    observations: &[String],
    title: &str,
    keep_indent: bool,
    scroll: &Scroll,
    t: &Theme,
) {
    lines.push(Line::raw(""));
    lines.push(Line::styled("Try this", t.title()));
    for o in observations {
        lines.push(Line::raw(format!(
            "{} {}",
            t.sym("•", "-"),
            text(o, t.ascii)
        )));
    }
    scroll.render(
        frame,
        area,
        Block::default()
            .borders(Borders::ALL)
            .border_style(t.border())
            .title(t.spell(title).into_owned()),
        Paragraph::new(t.spell_lines(lines)).wrap(Wrap { trim: !keep_indent }),
        "more: ]",
        t,
    );
}
