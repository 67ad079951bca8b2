//! A panel whose text can be longer than the panel: it never hides that.
//! When the text overflows, a scrollbar sits on the right border and the
//! bottom border says "↓ more" while there is more below; the screen owning
//! the panel scrolls it through [`Scroll`] with the keys it names.
//!
//! The draw measures the text (ratatui's `Paragraph::line_count`, so the
//! count is the one the paragraph really wraps to) and records the largest
//! useful offset and the page height in [`Scroll`]; the keys, handled
//! before the next draw, use those.

use crate::tui::screen::{KeyHelp, key};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};
use std::cell::Cell;

/// The scroll position of one panel. Interior mutability because the
/// draw (which takes `&self`) is what learns the text's height.
#[derive(Debug, Default)]
pub struct Scroll {
    offset: Cell<u16>,
    max: Cell<u16>,
    page: Cell<u16>,
    /// Jump to the end at the next draw (new feedback was appended below).
    follow: Cell<bool>,
    /// A line the next draw must show (a list's selection).
    focus: Cell<Option<u16>>,
}

impl Scroll {
    pub fn offset(&self) -> u16 {
        self.offset.get().min(self.max.get())
    }

    /// Puts the offset back where it was (a screen rebuilt on reloaded
    /// lessons); the next render clamps it to the new text.
    pub fn restore(&self, offset: u16) {
        self.offset.set(offset);
        self.max.set(self.max.get().max(offset));
    }

    /// Back to the top, for new content.
    pub fn reset(&self) {
        self.offset.set(0);
        self.max.set(0);
        self.follow.set(false);
    }

    /// True when the last draw could not show everything.
    pub fn overflows(&self) -> bool {
        self.max.get() > 0
    }

    pub fn at_top(&self) -> bool {
        self.offset() == 0
    }

    pub fn at_end(&self) -> bool {
        self.offset() >= self.max.get()
    }

    /// Scrolls by `d` lines, within the text.
    pub fn by(&self, d: i32) {
        self.follow.set(false);
        let v = (self.offset() as i32 + d).clamp(0, self.max.get() as i32);
        self.offset.set(v as u16);
    }

    /// The lines one page moves: the panel's height less one line kept for context.
    fn step(&self) -> i32 {
        (self.page.get().saturating_sub(1)).max(1) as i32
    }

    /// Scrolls down a page; false when already at the end (nothing moved).
    pub fn page_down(&self) -> bool {
        if self.at_end() {
            return false;
        }
        self.by(self.step());
        true
    }

    /// Scrolls up a page; false when already at the top.
    pub fn page_up(&self) -> bool {
        if self.at_top() {
            return false;
        }
        self.by(-self.step());
        true
    }

    pub fn home(&self) {
        self.follow.set(false);
        self.offset.set(0);
    }

    pub fn end(&self) {
        self.follow.set(false);
        self.offset.set(self.max.get());
    }

    /// Shows the end of the text at the next draw (where new feedback is).
    pub fn follow_end(&self) {
        self.follow.set(true);
    }

    /// Makes the next draw scroll just enough to show `line` (0-based), as
    /// a list keeps its selection in view.
    pub fn keep_in_view(&self, line: u16) {
        self.focus.set(Some(line));
    }

    /// Lines scroll keys for a panel that is not the screen's main text:
    /// `[` and `]` (free in every screen that uses it). True when handled.
    pub fn side_keys(&self, c: char) -> bool {
        match c {
            '[' => self.by(-3),
            ']' => self.by(3),
            _ => return false,
        }
        true
    }

    /// The status-bar entry for [`Scroll::side_keys`], while the panel overflows.
    pub fn side_status(&self) -> Option<KeyHelp> {
        self.overflows().then_some(key("[ ]", "scroll panel"))
    }

    /// Draws `paragraph` (with or without wrapping) inside `block` over
    /// `area`, scrolled, with a scrollbar and a "↓ more" marker when it
    /// does not fit. `more` is the marker's text (it may name the key).
    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        block: Block<'_>,
        paragraph: Paragraph<'_>,
        more: &str,
        t: &Theme,
    ) {
        let mut inner = block.inner(area);
        let mut total = paragraph.line_count(inner.width) as u16;
        let overflows = total > inner.height;
        let block = if overflows {
            // Measure with the marker's row (a block without a bottom border
            // gives the marker a row of its own) and the scrollbar's column.
            let with_marker = block.title_bottom(Line::raw(""));
            inner = with_marker.inner(area);
            // A column between the text and the bar (or, with no right
            // border, for the bar itself).
            if inner.width > 1 {
                inner.width -= 1;
            }
            total = paragraph.line_count(inner.width) as u16;
            with_marker
        } else {
            block
        };
        let max = total.saturating_sub(inner.height);
        self.max.set(max);
        self.page.set(inner.height);
        if self.follow.get() {
            self.offset.set(max);
            self.follow.set(false);
        }
        if let Some(line) = self.focus.take() {
            let o = self.offset.get();
            if line < o {
                self.offset.set(line);
            } else if line >= o + inner.height {
                self.offset.set(line + 1 - inner.height.max(1));
            }
        }
        let offset = self.offset();
        self.offset.set(offset);
        let block = if offset < max {
            block.title_bottom(
                Line::styled(format!(" {} {more} ", t.sym("↓", "v")), t.key()).right_aligned(),
            )
        } else if max > 0 {
            block.title_bottom(
                Line::styled(format!(" {} more ", t.sym("↑", "^")), t.dim()).right_aligned(),
            )
        } else {
            block
        };
        frame.render_widget(block, area);
        frame.render_widget(paragraph.scroll((offset, 0)), inner);
        if max > 0 {
            let bar_area = Rect {
                x: area.right().saturating_sub(1),
                y: inner.y,
                width: 1,
                height: inner.height,
            };
            let mut state = ScrollbarState::new(max as usize + 1)
                .position(offset as usize)
                .viewport_content_length(inner.height as usize);
            frame.render_stateful_widget(
                Scrollbar::new(ScrollbarOrientation::VerticalRight)
                    .begin_symbol(Some(t.sym("▲", "^")))
                    .end_symbol(Some(t.sym("▼", "v")))
                    .track_symbol(Some(t.sym("│", "|")))
                    .thumb_symbol(t.sym("█", "#"))
                    .thumb_style(t.title())
                    .track_style(t.border()),
                bar_area,
                &mut state,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::widgets::{Borders, Wrap};

    fn draw(s: &Scroll, text: &str, h: u16) -> String {
        let mut term = Terminal::new(TestBackend::new(20, h)).unwrap();
        term.draw(|f| {
            s.render(
                f,
                f.area(),
                Block::default().borders(Borders::ALL),
                Paragraph::new(text.to_string()).wrap(Wrap { trim: true }),
                "more",
                &Theme::FULL,
            )
        })
        .unwrap();
        let buf = term.backend().buffer().clone();
        (0..h)
            .map(|y| (0..20).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
            .collect()
    }

    #[test]
    fn a_long_text_says_so_and_pages_to_its_end() {
        let text = (1..=12)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join("\n");
        let s = Scroll::default();
        let first = draw(&s, &text, 7);
        assert!(first.contains("↓ more"), "{first}");
        assert!(first.contains('▲') && first.contains('▼'), "{first}");
        assert!(first.contains("w5") && !first.contains("w6"), "{first}");
        let mut seen = first;
        while s.page_down() {
            seen.push_str(&draw(&s, &text, 7));
        }
        for i in 1..=12 {
            assert!(seen.contains(&format!("w{i}\n")) || seen.contains(&format!("w{i} ")));
        }
        let last = draw(&s, &text, 7);
        assert!(!last.contains("↓ more") && last.contains("w12"), "{last}");
        assert!(last.contains("↑ more"), "{last}");
        assert!(s.page_up() && s.page_up());
        assert!(s.at_top() && !s.page_up());
    }

    #[test]
    fn a_short_text_has_no_bar_and_no_marker() {
        let s = Scroll::default();
        let out = draw(&s, "one two", 7);
        assert!(!out.contains("more") && !out.contains('▲'), "{out}");
        assert!(!s.overflows() && !s.page_down());
    }

    #[test]
    fn a_panel_with_only_a_top_border_keeps_its_text_clear_of_the_bar() {
        let s = Scroll::default();
        let mut term = Terminal::new(TestBackend::new(12, 5)).unwrap();
        term.draw(|f| {
            s.render(
                f,
                f.area(),
                Block::default().borders(Borders::TOP),
                Paragraph::new("aaaaaaaaaaa bbbbbbbbbbb ccc ddd eee fff ggg hhh iii")
                    .wrap(Wrap { trim: true }),
                "more",
                &Theme::FULL,
            )
        })
        .unwrap();
        let buf = term.backend().buffer().clone();
        let rows: Vec<String> = (0..5)
            .map(|y| (0..12).map(|x| buf[(x, y)].symbol()).collect())
            .collect();
        // Eleven letters no longer fit beside the bar: the word breaks at ten.
        assert!(
            rows[1].starts_with("aaaaaaaaaa") && rows[1].ends_with('▲'),
            "{rows:?}"
        );
        assert!(rows[4].contains("↓ more"), "{rows:?}");
    }
}
