//! A lesson whose file stopped checking while it was open (`--watch`): its
//! errors as `file:line:column: message`, in place of the lesson, until
//! the file is saved again. The learner's place is kept here, so a fix
//! brings them back to it; nothing is written to progress meanwhile.

use super::lesson::LessonScreen;
use crate::lesson::model::{Diagnostic, Lesson};
use crate::tui::screen::{Action, KeyHelp, Reload, Reloaded, Screen, Transition, key};
use crate::tui::theme::Theme;
use crate::tui::widgets::scroll::Scroll;
use crate::tutor::LessonSnapshot;
use crate::tutor::reload::{Relocated, relocate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub struct BrokenLesson {
    /// The lesson as it was when it last checked, to find the place again.
    lesson: Lesson,
    /// The place in it.
    snap: LessonSnapshot,
    diagnostics: Vec<Diagnostic>,
    scroll: Scroll,
}

impl BrokenLesson {
    pub fn new(lesson: Lesson, snap: LessonSnapshot, diagnostics: Vec<Diagnostic>) -> BrokenLesson {
        BrokenLesson {
            lesson,
            snap,
            diagnostics,
            scroll: Scroll::default(),
        }
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

impl Screen for BrokenLesson {
    fn title(&self) -> String {
        format!("{} (does not check)", self.lesson.title)
    }

    fn handle(&mut self, a: Action) -> Transition {
        match a {
            Action::Back => return Transition::Pop,
            Action::Up => self.scroll.by(-1),
            Action::Down => self.scroll.by(1),
            Action::PageUp => {
                self.scroll.page_up();
            }
            Action::PageDown | Action::Char(' ') => {
                self.scroll.page_down();
            }
            Action::Home => self.scroll.home(),
            Action::End => self.scroll.end(),
            _ => {}
        }
        Transition::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
        let mut lines = vec![
            Line::styled(
                format!(
                    "{} no longer checks: {errors} error{}. kltutor reloads it when the file is saved again, and you come back to your place.",
                    self.lesson.source.file,
                    if errors == 1 { "" } else { "s" }
                ),
                t.warn(),
            ),
            Line::raw(""),
        ];
        // Diagnostics are sanitised when made; the file name came from the user.
        lines.extend(
            self.diagnostics.iter().map(|d| {
                Line::styled(d.to_string(), if d.is_error() { t.bad() } else { t.text() })
            }),
        );
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "Esc goes back; your progress is kept as it was.",
            t.dim(),
        ));
        self.scroll.render(
            frame,
            area,
            Block::default()
                .borders(Borders::ALL)
                .title(" Lesson errors ")
                .border_style(t.warn()),
            Paragraph::new(lines).wrap(Wrap { trim: false }),
            "more: ↓",
            t,
        );
    }

    fn keys(&self) -> Vec<KeyHelp> {
        vec![key("↑↓ PgUp PgDn", "scroll"), key("Esc", "back")]
    }

    /// Fixed: back to the place (or the nearest one); still broken: the new
    /// errors; gone: Home with a note.
    fn reload(&mut self, r: &Reload) -> Reloaded {
        match relocate(&self.lesson, self.snap.cursor, &r.ctx.catalog) {
            Relocated::Broken(d) => {
                self.diagnostics = d;
                Reloaded::Keep
            }
            Relocated::Gone(note) => {
                r.note(note);
                Reloaded::Remove
            }
            Relocated::Same(cursor) => self.reopen(
                r,
                LessonSnapshot {
                    cursor,
                    ..self.snap.clone()
                },
                "Reloaded: the lesson checks again.".into(),
            ),
            Relocated::Moved { cursor, note } => self.reopen(
                r,
                LessonSnapshot {
                    cursor,
                    seed: None,
                    hints_shown: 0,
                    solution_shown: false,
                    started_ms: self.snap.started_ms,
                },
                note,
            ),
        }
    }
}

impl BrokenLesson {
    fn reopen(&self, r: &Reload, snap: LessonSnapshot, note: String) -> Reloaded {
        match LessonScreen::open_at(&r.ctx, &self.lesson.id, snap) {
            Ok(mut s) => {
                s.note(note);
                Reloaded::Replace(Box::new(s))
            }
            Err(e) => {
                r.note(e.to_string());
                Reloaded::Remove
            }
        }
    }
}
