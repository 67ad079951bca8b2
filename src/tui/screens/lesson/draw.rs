//! The lesson screen's frame: the outline beside the item (or one line
//! above it when narrow), the item's panel with its scrollbar, and the
//! answer field or the table of terms below.

use super::super::practice;
use super::{Focus, LessonScreen, SIDE_OUTLINE_MIN_WIDTH};
use crate::tui::theme::Theme;
use crate::tutor::Current;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

impl LessonScreen {
    pub(super) fn draw_frame(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        let outline = self.outline_lines(t);
        let outline_block = Block::default()
            .borders(Borders::ALL)
            .title(" Sections ")
            .border_style(if self.focus == Focus::Outline {
                t.title()
            } else {
                t.border()
            });
        let content_area = if area.width >= SIDE_OUTLINE_MIN_WIDTH {
            let w = (area.width / 4).clamp(24, 36);
            let [side, main] =
                Layout::horizontal([Constraint::Length(w), Constraint::Min(20)]).areas(area);
            frame.render_widget(Paragraph::new(outline).block(outline_block), side);
            main
        } else {
            // Narrow: one line naming the section, the whole list while the outline has focus.
            let h = if self.focus == Focus::Outline {
                (outline.len() as u16 + 2).min(area.height / 2)
            } else {
                1
            };
            let [top, main] =
                Layout::vertical([Constraint::Length(h), Constraint::Min(3)]).areas(area);
            if self.focus == Focus::Outline {
                let skip = self.outline.saturating_sub(h.saturating_sub(3) as usize);
                let lines: Vec<Line> = outline.into_iter().skip(skip).collect();
                frame.render_widget(Paragraph::new(lines).block(outline_block), top);
            } else {
                let c = self.session.cursor().section;
                let heading = self
                    .session
                    .section()
                    .map_or("End".to_string(), |s| s.heading.clone());
                let n = self.session.lesson().sections().len();
                let num = format!(" § {}/{n} ", (c + 1).min(n));
                let room = (area.width as usize).saturating_sub(num.chars().count() + 17);
                frame.render_widget(
                    Paragraph::new(Line::from(vec![
                        Span::styled(num, t.key()),
                        Span::styled(fit(&heading, room, t), t.title()),
                        Span::styled("  (Tab: sections)", t.dim()),
                    ])),
                    top,
                );
            }
            main
        };
        let answering = matches!(self.session.current(), Current::Problem(_));
        let table = self.terms.as_ref().filter(|_| answering);
        let field_h = match table {
            Some(tt) => tt.height().min(content_area.height / 2),
            None if answering => 3,
            None => 0,
        };
        let [body_area, field_area] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(field_h)]).areas(content_area);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(if self.focus == Focus::Content {
                t.title()
            } else {
                t.border()
            })
            .title(format!(
                " {} ",
                fit(
                    &self
                        .session
                        .section()
                        .map_or("End".to_string(), |s| s.heading.clone()),
                    (body_area.width as usize).saturating_sub(4),
                    t
                )
            ))
            .title_bottom(Line::styled(format!(" {} ", self.position_text()), t.dim()));
        // One column is left for the scrollbar on the border's inside edge.
        let width = block.inner(body_area).width.saturating_sub(1).max(10) as usize;
        let mut lines = self.body_lines(width, t);
        if !self.notes.is_empty() {
            lines.push(Line::raw(""));
            lines.extend(practice::notes_lines(&self.notes, width, t));
        }
        let more = if self.focus == Focus::Field {
            "more: PgDn"
        } else {
            "more: →"
        };
        self.scroll
            .render(frame, body_area, block, Paragraph::new(lines), more, t);
        if let Some(tt) = table {
            tt.draw(frame, field_area, self.focus == Focus::Terms, t);
        } else if answering {
            practice::draw_field(
                frame,
                field_area,
                &self.field,
                self.focus == Focus::Field,
                t,
            );
        }
    }
}

/// `text` cut to `cols` columns with "…" where it does not fit, so that a
/// cut heading says so.
fn fit(text: &str, cols: usize, t: &Theme) -> String {
    use unicode_width::UnicodeWidthStr;
    if text.width() <= cols {
        return text.to_string();
    }
    let mark = t.sym("…", "~");
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + mark.width() + c.to_string().width() > cols {
            break;
        }
        out.push(c);
    }
    out + mark
}
