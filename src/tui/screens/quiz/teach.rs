//! Issue 13's teaching keys on a quiz, review or challenge: `e` answers the
//! problem on screen term by term (a field per outcome), and `o`, on the
//! feedback to a wrong answer, opens that very problem in a lab. The lab is
//! pushed over this screen, so Back returns to the feedback (and the field
//! of the next item) exactly as they were.

use super::super::practice::Tone;
use super::QuizScreen;
use crate::tui::screen::{Action, Transition};
use crate::tui::widgets::terms::TermsTable;
use crate::tutor::DrillItem;

impl QuizScreen {
    /// Opens the per-outcome table of the problem on screen (kept until the
    /// item is answered), or says why it takes a total only.
    pub(super) fn open_terms(&mut self) {
        let Some(DrillItem::Problem(p)) = self.quiz.current() else {
            return;
        };
        if self.terms.is_none() {
            match TermsTable::for_problem(p) {
                Ok(t) => self.terms = Some(t),
                Err(why) => {
                    self.notes = vec![(why.into(), Tone::Info)];
                    return;
                }
            }
        }
        self.in_terms = true;
        self.typing = false;
    }

    /// Keys while the table has the focus.
    pub(super) fn handle_terms(&mut self, a: Action) -> Transition {
        let Some(table) = &mut self.terms else {
            self.in_terms = false;
            return Transition::Stay;
        };
        if table.key(&a) {
            return Transition::Stay;
        }
        match a {
            Action::Enter => match table.answer() {
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
            },
            Action::PageUp => self.scroll_by(-10),
            Action::PageDown => self.scroll_by(10),
            Action::Back => self.in_terms = false,
            _ => {}
        }
        Transition::Stay
    }

    /// `o`: the problem of the wrong answer whose feedback is on screen, in
    /// the lab that draws its inputs; otherwise a note on what `o` is for.
    pub(super) fn show_problem(&mut self) -> Transition {
        let Some((p, fb)) = &self.last_wrong else {
            let note = (
                "o opens a problem in a lab on the feedback to a wrong answer.".to_string(),
                Tone::Info,
            );
            if let Some((_, notes)) = &mut self.shown {
                notes.push(note);
            } else {
                self.notes.push(note);
            }
            self.scroll.follow_end();
            return Transition::Stay;
        };
        match super::super::show_problem(p, fb) {
            Ok(s) => Transition::Push(s),
            Err(why) => {
                if let Some((_, notes)) = &mut self.shown {
                    notes.push((why, Tone::Info));
                }
                self.scroll.follow_end();
                Transition::Stay
            }
        }
    }
}
