//! Answering term by term (the per-outcome table, `e`) and showing the very
//! problem of a wrong answer in a lab (`o`): the lesson screen's handlers for
//! issue 13's teaching keys, kept apart from the reader.

use super::super::practice::Tone;
use super::{Focus, LessonScreen};
use crate::tui::screen::{Action, Transition};
use crate::tui::widgets::terms::TermsTable;

impl LessonScreen {
    /// Opens the per-outcome table of terms (kept while the problem is on
    /// screen), or says why this problem takes a total only.
    pub(super) fn open_terms(&mut self) {
        if self.terms.is_none() {
            let Some(p) = self.session.problem() else {
                return;
            };
            match TermsTable::for_problem(p) {
                Ok(t) => self.terms = Some(t),
                Err(why) => {
                    self.notes = vec![(why.into(), Tone::Info)];
                    return;
                }
            }
        }
        self.focus = Focus::Terms;
    }

    pub(super) fn submit_terms(&mut self) {
        let Some(table) = &mut self.terms else { return };
        match table.answer() {
            Ok(text) => self.submit_text(&text),
            Err(row) => {
                table.row = row;
                self.notes = vec![(
                    format!(
                        "Fill in the term of outcome {} first (every outcome has one).",
                        row + 1
                    ),
                    Tone::Info,
                )];
            }
        }
    }

    pub(super) fn handle_terms(&mut self, a: Action) -> Transition {
        let Some(table) = &mut self.terms else {
            self.focus = Focus::Content;
            return Transition::Stay;
        };
        if table.key(&a) {
            return Transition::Stay;
        }
        match a {
            Action::PageUp => self.scroll_by(-10),
            Action::PageDown => self.scroll_by(10),
            Action::Enter => self.submit_terms(),
            Action::Back => self.focus = Focus::Content,
            _ => {}
        }
        Transition::Stay
    }

    /// After a wrong answer: the problem's own P and Q in a lab (see
    /// [`crate::tui::screens::show_problem`]); Back returns here as it was.
    pub(super) fn show_problem(&mut self) -> Transition {
        let (Some(p), Some(fb)) = (self.session.problem(), &self.last_wrong) else {
            self.notes.push((
                "o opens this problem in a lab after a wrong answer.".into(),
                Tone::Info,
            ));
            return Transition::Stay;
        };
        match super::super::show_problem(p, fb) {
            Ok(s) => Transition::Push(s),
            Err(why) => {
                self.notes.push((why, Tone::Info));
                Transition::Stay
            }
        }
    }
}
