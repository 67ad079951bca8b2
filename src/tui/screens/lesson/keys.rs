//! Keys to actions, per focus: the answer field, the outline and the
//! item's command keys; and the key lists for `?` and the status line.

use super::super::practice::{self, Tone};
use super::{Focus, LessonScreen};
use crate::tui::screen::{Action, KeyHelp, Transition, key};
use crate::tutor::Current;

impl LessonScreen {
    pub(super) fn scroll_by(&mut self, d: i32) {
        self.scroll.by(d);
    }

    /// The pager's forward: a page down while the item has more, else the next item.
    pub(super) fn page_or_forward(&mut self) {
        if !self.scroll.page_down() {
            self.forward();
        }
    }

    /// The pager's back: a page up while not at the top, else the previous item.
    pub(super) fn page_or_backward(&mut self) {
        if !self.scroll.page_up() {
            self.backward();
        }
    }

    pub(super) fn handle_field(&mut self, a: Action) -> Transition {
        match a {
            Action::Char(c) => self.field.insert(c),
            Action::Left => self.field.left(),
            Action::Right => self.field.right(),
            Action::Home => self.field.home(),
            Action::End => self.field.end(),
            Action::Backspace => self.field.backspace(),
            Action::Delete => self.field.delete(),
            Action::Edit(e) => self.field.edit(e),
            Action::Up => self.field.older(),
            Action::Down => self.field.newer(),
            Action::PageUp => {
                self.scroll.page_up();
            }
            Action::PageDown => {
                self.scroll.page_down();
            }
            Action::Enter => self.submit(),
            Action::Back => self.focus = Focus::Content,
            Action::NextPane | Action::PrevPane => self.focus = Focus::Outline,
            _ => {}
        }
        Transition::Stay
    }

    pub(super) fn handle_outline(&mut self, a: Action) -> Transition {
        let n = self.session.lesson().sections().len();
        match a {
            Action::Up => self.outline = self.outline.saturating_sub(1),
            Action::Down => self.outline = (self.outline + 1).min(n.saturating_sub(1)),
            Action::Home => self.outline = 0,
            Action::End => self.outline = n.saturating_sub(1),
            Action::Enter | Action::Right => {
                let target = self.outline;
                self.jump(target);
                self.focus = self.default_focus();
            }
            Action::Back | Action::NextPane | Action::PrevPane => self.focus = self.default_focus(),
            _ => {}
        }
        Transition::Stay
    }

    pub(super) fn default_focus(&self) -> Focus {
        if matches!(self.session.current(), Current::Problem(_)) && !self.solved {
            Focus::Field
        } else {
            Focus::Content
        }
    }

    pub(super) fn handle_content(&mut self, a: Action) -> Transition {
        enum Kind {
            Read,
            Problem,
            Question(usize),
            Predict,
            Lab,
            End,
        }
        let kind = match self.session.current() {
            Current::Problem(_) => Kind::Problem,
            Current::Question(q) => Kind::Question(q.question.choices.len()),
            Current::Lab(_) => Kind::Lab,
            Current::Predict(_) => Kind::Predict,
            Current::End => Kind::End,
            _ => Kind::Read,
        };
        match a {
            Action::Back => return Transition::Pop,
            Action::NextPane | Action::PrevPane => self.focus = Focus::Outline,
            Action::Left => self.page_or_backward(),
            Action::PageUp => {
                self.scroll.page_up();
            }
            Action::PageDown => {
                self.scroll.page_down();
            }
            Action::Home => self.scroll.home(),
            Action::End => self.scroll.end(),
            _ => {}
        }
        match (kind, a) {
            (Kind::Question(n), Action::Up) => {
                self.choice = self.choice.saturating_sub(1).min(n - 1)
            }
            (Kind::Question(n), Action::Down) => self.choice = (self.choice + 1).min(n - 1),
            (Kind::Question(n), Action::Char(c)) if c.is_ascii_digit() => {
                let k = c.to_digit(10).unwrap_or(0) as usize;
                if (1..=n).contains(&k) {
                    self.choose(k - 1);
                }
            }
            (Kind::Question(_), Action::Enter) => {
                if self.solved {
                    self.page_or_forward();
                } else {
                    self.choose(self.choice);
                }
            }
            (Kind::Question(_), Action::Right | Action::Char(' ')) => self.page_or_forward(),
            (Kind::Question(_), Action::Char('n')) => self.forward(),
            (Kind::Predict, Action::Char(c)) if c.is_ascii_digit() => {
                self.predict_key(c.to_digit(10).unwrap_or(0));
            }
            (Kind::Predict, Action::Char('n')) => self.forward(),
            // Before the reveal Enter waits for a prediction; → moves on regardless.
            (Kind::Predict, Action::Enter) if self.solved => self.page_or_forward(),
            (Kind::Predict, Action::Right | Action::Char(' ')) => self.page_or_forward(),
            (_, Action::Up) => self.scroll_by(-1),
            (_, Action::Down) => self.scroll_by(1),
            (Kind::Problem, Action::Char('t')) => self.hint(),
            (Kind::Problem, Action::Char('s')) => self.solution(),
            (Kind::Problem, Action::Char('n')) => {
                if self.solved {
                    self.forward();
                } else {
                    let before = self.session.cursor();
                    let err = self.session.skip(&mut self.ctx.store.borrow_mut());
                    self.after_move(before);
                    if let Some(e) = err {
                        self.notes
                            .push((format!("Could not save progress: {e}"), Tone::Warn));
                    }
                }
            }
            (Kind::Problem, Action::Enter | Action::Right | Action::Char(' ')) if self.solved => {
                self.page_or_forward()
            }
            (Kind::Problem, Action::Right | Action::Char(' ')) => {
                self.scroll.page_down();
            }
            (Kind::Problem, Action::Enter | Action::Char('a')) => self.focus = Focus::Field,
            (Kind::Problem, Action::Char('e')) => self.open_terms(),
            (Kind::Problem, Action::Char('o')) => return self.show_problem(),
            (Kind::Lab, Action::Enter | Action::Char('o')) => return self.open_lab(),
            (Kind::Lab, Action::Right | Action::Char(' ')) => self.page_or_forward(),
            (Kind::Lab, Action::Char('n')) => self.forward(),
            (Kind::End, Action::Enter) => return self.open_next(),
            // The report can be longer than the panel: → pages it (Enter still goes on).
            (Kind::End, Action::Right | Action::Char(' ')) => {
                self.scroll.page_down();
            }
            (Kind::Read, Action::Enter | Action::Right | Action::Char(' ')) => {
                self.page_or_forward()
            }
            (Kind::Read, Action::Char('n')) => self.forward(),
            _ => {}
        }
        Transition::Stay
    }

    /// Every key of the screen, for `?`.
    pub(super) fn help_keys(&self) -> Vec<KeyHelp> {
        vec![
            key(
                "→ / l / Enter / Space",
                "page down, then the next item or step",
            ),
            key("← / h", "page up, then the previous item"),
            key("↑↓ / jk", "scroll (choose, on a question)"),
            key("PgUp / PgDn / wheel", "scroll a page"),
            key("Tab", "sections outline (Enter jumps)"),
            key("typing, Enter", "answer a problem"),
            key("←→ Home End", "move in the answer"),
            key("Bksp / Del", "delete in the answer"),
            key("↑↓ in the answer", "earlier answers"),
            key("Esc in the answer", "leave it for the keys below"),
            key("t", "next hint (problem)"),
            key("s", "worked solution (after the hints)"),
            key("n", "skip to the next item"),
            key("a / Enter", "back to the answer field"),
            key("e", "answer term by term: a field per outcome"),
            key("o", "after a wrong answer: this problem in a lab"),
            key("1-9 / ↑↓ Enter", "choose (question)"),
            key("Enter / o", "open the lab (lab item)"),
        ]
    }

    /// The keys for what is on screen, for the status line.
    pub(super) fn item_keys(&self) -> Vec<KeyHelp> {
        let more = !self.scroll.at_end();
        let mut v = match (self.focus, self.session.current()) {
            (Focus::Field, _) => vec![
                key("Enter", "submit"),
                key("↑↓", "history"),
                key("Esc", "hint, solution, help, back"),
            ],
            (Focus::Outline, _) => vec![key("↑↓", "section"), key("Enter", "jump")],
            (_, Current::Problem(_)) if self.solved && more => vec![key("→", "more")],
            (_, Current::Problem(_)) if self.solved => vec![key("Enter", "next")],
            (Focus::Terms, _) => vec![
                key("Enter", "submit the terms"),
                key("↑↓", "outcome"),
                key("Esc", "commands"),
            ],
            (_, Current::Problem(p)) => {
                // `e` and `o` only where they do something for this problem.
                let mut v = vec![key("a", "answer")];
                if practice::takes_terms(p) {
                    v.push(key("e", "terms"));
                }
                v.push(key("t", "hint"));
                if self.last_wrong.is_some() && practice::has_lab(p) {
                    v.push(key("o", "see it in a lab"));
                } else {
                    v.push(key("s", "solution"));
                }
                v.push(key("n", "skip"));
                v
            }
            (_, Current::Question(_)) => vec![
                key("1-9", "choose"),
                key("↑↓ Enter", "choose"),
                key("n", "next"),
            ],
            (_, Current::Lab(_)) => vec![key("Enter", "open lab"), key("→", "next")],
            (_, Current::Predict(_)) if self.solved => vec![key("Enter", "next")],
            (_, Current::Predict(_)) if self.predicted.is_some() => {
                vec![key("5-9 0", "how sure (50-100 %)"), key("n", "skip")]
            }
            (_, Current::Predict(_)) => vec![key("1-9", "predict"), key("n", "skip")],
            (_, Current::End) if more => vec![
                key("Enter", "go on"),
                key("→/↓", "more"),
                key("Esc", "course"),
                key("←", "back"),
            ],
            (_, Current::End) => vec![
                key("Enter", "go on"),
                key("Esc", "course"),
                key("←", "back"),
            ],
            _ => vec![
                key("→/Enter", if more { "more" } else { "next" }),
                key("←", "back"),
                key("↑↓", "scroll"),
                key("Tab", "sections"),
            ],
        };
        if self.scroll.overflows()
            && (self.focus == Focus::Field
                || matches!(
                    self.session.current(),
                    Current::Question(_) | Current::Lab(_)
                ))
        {
            v.push(key("PgUp/PgDn", "scroll"));
        }
        v
    }
}
