//! What the keys do to the item on screen: answering a problem or a
//! question, predicting, hints, the worked solution and opening a lab item.

use super::super::practice::{self, Tone};
use super::{Focus, LessonScreen};
use crate::lab::LabParams;
use crate::tui::screen::Transition;
use crate::tutor::Current;

impl LessonScreen {
    pub(super) fn submit(&mut self) {
        // New feedback goes below the item: show it.
        self.scroll.follow_end();
        let text = self.field.commit();
        if text.trim().is_empty() {
            // Keep the feedback to the last answer on screen: the note is
            // added below it (once), not put in its place.
            const EMPTY: &str = "Type an answer first.";
            self.notes.retain(|(n, _)| n != EMPTY);
            self.notes.push((EMPTY.into(), Tone::Info));
            return;
        }
        self.submit_text(&text);
    }

    pub(super) fn submit_text(&mut self, text: &str) {
        self.scroll.follow_end();
        let r = self.session.submit(&mut self.ctx.store.borrow_mut(), text);
        if let (Ok(fb), Some(table)) = (&r, &mut self.terms) {
            table.wrong = fb.first_wrong_term.map(|i| i - 1);
            if let Some(i) = table.wrong {
                table.row = i;
            }
        }
        self.last_wrong = match &r {
            Ok(fb) if !fb.correct => Some(fb.clone()),
            _ => None,
        };
        self.notes = match r {
            Ok(fb) => {
                self.solved = fb.correct;
                let mut n = practice::feedback_notes(&fb);
                if fb.correct {
                    self.focus = Focus::Content;
                    n.push(("Enter or → for the next item.".into(), Tone::Info));
                } else if self.session.problem().is_some_and(practice::has_lab) {
                    n.push((
                        "Esc, then o: see this very problem in a lab (Esc comes back here).".into(),
                        Tone::Info,
                    ));
                }
                n
            }
            Err(e) => practice::error_notes(&e),
        };
        self.persist();
    }

    pub(super) fn choose(&mut self, n: usize) {
        // New feedback goes below the item: show it.
        self.scroll.follow_end();
        let r = self
            .session
            .choose(&mut self.ctx.store.borrow_mut(), &(n + 1).to_string());
        self.choice = n;
        self.notes = match r {
            Ok(fb) => {
                self.solved = fb.correct;
                let mut v = practice::question_notes(&fb);
                v.push((
                    if fb.correct {
                        "Enter or → for the next item.".into()
                    } else {
                        "Choose again, or n to move on.".into()
                    },
                    Tone::Info,
                ));
                v
            }
            Err(e) => practice::error_notes(&e),
        };
        self.persist();
    }

    /// A digit on a `predict` item: first the prediction (1-n), then the
    /// confidence (5-9 for 50-90 %, 0 for 100 %), then the engine's reveal.
    pub(super) fn predict_key(&mut self, digit: u32) {
        let Current::Predict(p) = self.session.current() else {
            return;
        };
        let p = p.clone();
        if self.solved {
            return;
        }
        self.scroll.follow_end();
        match self.predicted {
            None => {
                let k = digit as usize;
                if (1..=p.choices.len()).contains(&k) {
                    self.predicted = Some(k - 1);
                    self.choice = k - 1;
                    self.notes = vec![
                        (format!("Your prediction: {}.", p.choices[k - 1]), Tone::Info),
                        (
                            "How sure are you? 5 = 50 % (a guess), 6, 7, 8, 9 = 90 %, 0 = 100 % (certain).".into(),
                            Tone::Info,
                        ),
                    ];
                }
            }
            Some(choice) => {
                let confidence = match digit {
                    0 => 1.0,
                    5..=9 => f64::from(digit) / 10.0,
                    _ => return,
                };
                let lesson_id = self.session.lesson().id.clone();
                let (lines, err) = crate::tutor::predict::submit(
                    &mut self.ctx.store.borrow_mut(),
                    &lesson_id,
                    &p,
                    choice,
                    confidence,
                );
                let right = choice == p.answer;
                self.notes = lines
                    .into_iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let tone = match (i, right) {
                            (0, true) => Tone::Good,
                            (0, false) => Tone::Bad,
                            _ => Tone::Info,
                        };
                        (l, tone)
                    })
                    .collect();
                if let Some(e) = err {
                    self.notes
                        .push((format!("Could not save progress: {e}"), Tone::Warn));
                }
                self.notes
                    .push(("Enter or → for the next item.".into(), Tone::Info));
                self.solved = true;
            }
        }
    }

    pub(super) fn hint(&mut self) {
        // New feedback goes below the item: show it.
        self.scroll.follow_end();
        // A revealed hint is listed under the prompt; only "no more" needs a
        // note. The feedback on the last answer stays: a hint aimed at its
        // diagnosis reads next to it.
        if let Some(h) = self.session.hint() {
            if let crate::tutor::HintReply::NoMoreHints = h {
                let note = practice::hint_note(h);
                if !self.notes.contains(&note) {
                    self.notes.push(note);
                }
            }
            self.persist();
        }
    }

    pub(super) fn solution(&mut self) {
        // New feedback goes below the item: show it.
        self.scroll.follow_end();
        let q = self.session.problem().map(|p| p.instance.quantity.clone());
        match (self.session.solution(), q) {
            (Some(Ok(Some(sol))), Some(q)) => {
                self.notes = practice::solution_notes(&sol, &q);
                self.notes.push((
                    "Type the answer to finish (a), or n to move on.".into(),
                    Tone::Info,
                ));
            }
            (Some(Ok(None)), _) => {
                let left = self.session.problem().map_or(0, |p| p.hints_left());
                self.notes = vec![(
                    format!("Try the hints first: press t ({left} left), then s."),
                    Tone::Info,
                )];
            }
            (Some(Err(e)), _) => {
                self.notes = vec![(format!("The engine could not solve this: {e}"), Tone::Warn)]
            }
            _ => {}
        }
        self.persist();
    }

    pub(super) fn open_lab(&mut self) -> Transition {
        let Current::Lab(lab) = self.session.current() else {
            return Transition::Stay;
        };
        let params = LabParams::from_lesson(lab);
        let name = lab.params.name();
        match super::super::open_lab(name, &params) {
            Some(s) => Transition::Push(s),
            None => {
                self.notes = vec![(
                    format!("The {name} lab is not available in this version."),
                    Tone::Warn,
                )];
                Transition::Stay
            }
        }
    }
}
