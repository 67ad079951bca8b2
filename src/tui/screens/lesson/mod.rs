//! A lesson, item by item, driven through [`LessonSession`]: the reader
//! (prose with an outline of sections), worked examples revealed step by
//! step, problems with an answer field, questions and lab items.
//!
//! Keys: on prose and examples ↑↓/jk/PgUp/PgDn scroll, → / l / Enter go on,
//! ← / h go back. On a problem the answer field has the keys: every letter
//! and digit is text there, so Esc leaves it for the command keys `t` (hint),
//! `s` (solution), `n` (skip) and Enter/`a` (back to the field). Tab moves
//! between the content and the outline, where Enter jumps to a section.
//!
//! Here: the screen's state and moving through the lesson. [`keys`] turns
//! keys into calls per focus, [`items`] answers, predicts, hints and opens
//! labs, [`answer`] holds the table of terms and the problem-in-a-lab key,
//! [`draw`] lays the frame out, [`view`] writes the item's lines and [`end`]
//! the end page.

mod answer;
mod draw;
mod end;
mod items;
mod keys;
mod view;

use super::broken::BrokenLesson;
use super::practice::{Note, Tone};
use crate::lesson::Step;
use crate::tui::context::Context;
use crate::tui::screen::{Action, KeyHelp, Reload, Reloaded, Screen, Transition};
use crate::tui::theme::Theme;
use crate::tui::widgets::field::Field;
use crate::tui::widgets::scroll::Scroll;
use crate::tui::widgets::terms::TermsTable;
use crate::tutor::LessonSnapshot;
use crate::tutor::reload::{Relocated, relocate};

use crate::tutor::Feedback;
use crate::tutor::{Current, LessonReport, LessonSession, lookup::UnknownId};
use ratatui::Frame;
use ratatui::layout::Rect;
use std::rc::Rc;

/// Below this width the outline goes above the content instead of beside it.
pub const SIDE_OUTLINE_MIN_WIDTH: u16 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Focus {
    /// The item, with its command keys.
    Content,
    /// Typing into the answer field (input mode).
    Field,
    /// Typing into the per-outcome table of terms (input mode).
    Terms,
    Outline,
}

pub struct LessonScreen {
    ctx: Rc<Context>,
    session: LessonSession,
    field: Field,
    /// The term-by-term table of the problem on screen, once opened with `e`.
    terms: Option<TermsTable>,
    focus: Focus,
    /// The item's scroll; the reader pages through it before moving on.
    scroll: Scroll,
    outline: usize,
    notes: Vec<Note>,
    /// The problem or question on screen has been answered right.
    solved: bool,
    choice: usize,
    /// A `predict` item's chosen prediction, before its confidence is given.
    predicted: Option<usize>,
    /// The last answer to the problem on screen, when it was wrong: `o`
    /// opens that problem in a lab, at the term it points at.
    last_wrong: Option<Feedback>,
    /// The worked example's steps, cached per item (the engine computes them).
    steps: Option<Vec<Step>>,
    /// The position of `steps` (section, item).
    steps_at: (usize, usize),
    /// The end page's report, computed when the end is reached.
    report: Option<LessonReport>,
}

impl LessonScreen {
    /// Opens `lesson_id` where the learner left it.
    pub fn open(ctx: &Rc<Context>, lesson_id: &str) -> Result<LessonScreen, UnknownId> {
        let session = {
            let store = ctx.store.borrow();
            LessonSession::resume(&ctx.catalog, lesson_id, &store, ctx.seed_source())?
        };
        Ok(LessonScreen::with_session(ctx, session))
    }

    /// Opens `lesson_id` at `snap` (a place kept across a reload).
    pub fn open_at(
        ctx: &Rc<Context>,
        lesson_id: &str,
        snap: LessonSnapshot,
    ) -> Result<LessonScreen, UnknownId> {
        let session = {
            let store = ctx.store.borrow();
            LessonSession::resume_from(
                &ctx.catalog,
                lesson_id,
                &store,
                ctx.seed_source(),
                Some(snap),
            )?
        };
        Ok(LessonScreen::with_session(ctx, session))
    }

    fn with_session(ctx: &Rc<Context>, session: LessonSession) -> LessonScreen {
        let mut s = LessonScreen {
            ctx: Rc::clone(ctx),
            session,
            field: Field::default(),
            terms: None,
            focus: Focus::Content,
            scroll: Scroll::default(),
            outline: 0,
            notes: Vec::new(),
            solved: false,
            choice: 0,
            predicted: None,
            last_wrong: None,
            steps: None,
            steps_at: (usize::MAX, 0),
            report: None,
        };
        s.enter_item();
        if !s.session.locked_by().is_empty() {
            s.notes.push((
                format!(
                    "This lesson is locked until these concepts reach Familiar: {}. Opened anyway.",
                    s.session.locked_by().join(", ")
                ),
                Tone::Warn,
            ));
        }
        s
    }

    /// The learner's place on the reloaded catalogue: the same item (with
    /// its step, problem seed, hints, typed answer and scroll) when it is
    /// still there, else the nearest place with a note; the errors when the
    /// lesson's file does not check; Home with a note when it is gone.
    fn reloaded(&mut self, r: &Reload) -> Reloaded {
        let old = self.session.lesson().clone();
        let snap = self.session.snapshot();
        let (cursor, note, same) = match relocate(&old, snap.cursor, &r.ctx.catalog) {
            Relocated::Same(c) if self.session.rebase(&r.ctx.catalog, c) => {
                // The item itself is unchanged: everything on screen stays
                // (feedback, the terms table, the scroll); only where it sits moved.
                self.ctx = Rc::clone(&r.ctx);
                self.steps_at = (c.section, c.item);
                self.outline = c
                    .section
                    .min(self.session.lesson().sections().len().saturating_sub(1));
                self.persist();
                self.note("Reloaded: the lesson file changed.".into());
                return Reloaded::Keep;
            }
            Relocated::Same(c) => (c, "Reloaded: the lesson file changed.".to_string(), true),
            Relocated::Moved { cursor, note } => (cursor, note, false),
            Relocated::Broken(diags) => {
                return Reloaded::Replace(Box::new(BrokenLesson::new(old, snap, diags)));
            }
            Relocated::Gone(note) => {
                r.note(note);
                return Reloaded::Remove;
            }
        };
        let snap = if same {
            LessonSnapshot { cursor, ..snap }
        } else {
            LessonSnapshot {
                cursor,
                seed: None,
                hints_shown: 0,
                solution_shown: false,
                started_ms: snap.started_ms,
            }
        };
        match LessonScreen::open_at(&r.ctx, &old.id, snap) {
            Ok(mut s) => {
                if same && s.session.cursor() == cursor && s.focus == self.focus {
                    s.scroll.restore(self.scroll.offset());
                    s.field.set(&self.field.text());
                }
                s.notes
                    .push((note, if same { Tone::Info } else { Tone::Warn }));
                Reloaded::Replace(Box::new(s))
            }
            Err(e) => {
                r.note(e.to_string());
                Reloaded::Remove
            }
        }
    }

    /// Adds a note under the item (a reload says what happened).
    pub fn note(&mut self, note: String) {
        self.notes.push((note, Tone::Info));
    }

    pub fn session(&self) -> &LessonSession {
        &self.session
    }

    /// Resets the per-item state after a move and saves the position.
    fn enter_item(&mut self) {
        self.scroll.reset();
        self.notes.clear();
        self.solved = false;
        self.choice = 0;
        self.predicted = None;
        self.field.clear();
        self.terms = None;
        self.last_wrong = None;
        let c = self.session.cursor();
        self.outline = c
            .section
            .min(self.session.lesson().sections().len().saturating_sub(1));
        if self.steps_at != (c.section, c.item) {
            self.steps = match self.session.current() {
                Current::Step { example, .. } => example.steps().ok(),
                _ => None,
            };
            self.steps_at = (c.section, c.item);
        }
        self.focus = if matches!(self.session.current(), Current::Problem(_)) {
            Focus::Field
        } else {
            Focus::Content
        };
        self.persist();
        // After the save: the next step depends on this lesson being done.
        self.report = self.session.is_finished().then(|| {
            let store = self.ctx.store.borrow();
            self.session
                .report(&self.ctx.catalog, &store, (self.ctx.now)())
        });
    }

    /// Enter on the end page: what the report says comes next.
    fn open_next(&mut self) -> Transition {
        let Some(r) = &self.report else {
            return Transition::Pop;
        };
        let next = super::open_next(&self.ctx, &r.next);
        match next {
            Ok(s) => Transition::Replace(s),
            Err(m) => {
                self.notes = vec![(m, Tone::Warn)];
                Transition::Stay
            }
        }
    }

    fn persist(&mut self) {
        let r = self.session.save(&mut self.ctx.store.borrow_mut());
        if let Err(e) = r {
            self.notes
                .push((format!("Could not save progress: {e:#}"), Tone::Warn));
        }
    }

    /// Moves forward, re-entering the item only when the item changed (an
    /// example step keeps the table and the scroll).
    fn forward(&mut self) {
        let before = self.session.cursor();
        self.session.advance();
        self.after_move(before);
    }

    fn backward(&mut self) {
        let before = self.session.cursor();
        self.session.back();
        self.after_move(before);
    }

    fn after_move(&mut self, before: crate::tutor::Cursor) {
        let now = self.session.cursor();
        if (now.section, now.item) != (before.section, before.item) {
            self.enter_item();
        } else if now != before {
            self.persist();
        }
    }

    /// Walks the session to the first item of section `target`.
    fn jump(&mut self, target: usize) {
        let before = self.session.cursor();
        for _ in 0..10_000 {
            let c = self.session.cursor();
            if c.section == target && c.item == 0 && c.step == 0 {
                break;
            }
            if c.section < target {
                self.session.advance();
            } else {
                self.session.back();
            }
            if self.session.cursor() == c {
                break;
            }
        }
        if self.session.cursor() != before {
            self.enter_item();
        }
    }

    fn position_text(&self) -> String {
        let l = self.session.lesson();
        let c = self.session.cursor();
        if self.session.is_finished() {
            return "the end".into();
        }
        let n = l.sections().get(c.section).map_or(0, |s| s.items.len());
        format!(
            "section {} of {}, item {} of {n}",
            c.section + 1,
            l.sections().len(),
            c.item + 1
        )
    }
}

impl Screen for LessonScreen {
    fn title(&self) -> String {
        self.session.lesson().title.clone()
    }

    fn handle(&mut self, a: Action) -> Transition {
        match self.focus {
            Focus::Field => self.handle_field(a),
            Focus::Terms => self.handle_terms(a),
            Focus::Outline => self.handle_outline(a),
            Focus::Content => self.handle_content(a),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        self.draw_frame(frame, area, t);
    }

    fn keys(&self) -> Vec<KeyHelp> {
        self.help_keys()
    }

    fn status_keys(&self) -> Vec<KeyHelp> {
        self.item_keys()
    }

    fn input_mode(&self) -> bool {
        matches!(self.focus, Focus::Field | Focus::Terms)
    }

    fn reload(&mut self, r: &Reload) -> Reloaded {
        // Another file was saved: this lesson is as it was, and so is
        // everything on screen (feedback, a half-made prediction).
        if r.ctx.catalog.get(&self.session.lesson().id) == Some(self.session.lesson()) {
            self.ctx = Rc::clone(&r.ctx);
            return Reloaded::Keep;
        }
        self.reloaded(r)
    }

    fn save(&mut self) {
        self.persist();
    }
}
