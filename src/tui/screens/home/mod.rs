//! Home: the course in prerequisite order with each lesson's state and
//! mastery, "continue where you left off", and the ways into quizzes,
//! reviews, mastery challenges, labs and progress.

mod draw;

use super::lesson::LessonScreen;
use super::progress::ProgressScreen;
use super::quiz::QuizScreen;
use crate::lab::{LabParams, NAMES};
use crate::lesson::Lesson;
use crate::progress::levels;
use crate::progress::mastery::{Level, level_of};
use crate::tui::context::Context;
use crate::tui::screen::{Action, KeyHelp, Reload, Reloaded, Screen, Transition, key};
use crate::tui::theme::Theme;
use crate::tui::widgets::scroll::Scroll;
use crate::tutor::lookup::missing_prerequisites;
use crate::tutor::path::{NextOwned, next_step_from, reached_end, unanswered};
use crate::tutor::session::session_key;
use crate::tutor::{ReviewPlan, review_plan};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Where a lesson stands for this learner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LessonState {
    /// A prerequisite concept is below Familiar (it can still be opened).
    Locked,
    New,
    InProgress,
    /// Read to the end with this many problems and questions never answered.
    Read(usize),
    /// Read to the end with every problem and question answered.
    Done,
}

impl LessonState {
    pub fn word(self) -> String {
        match self {
            LessonState::Locked => "locked".into(),
            LessonState::New => "not started".into(),
            LessonState::InProgress => "in progress".into(),
            LessonState::Read(n) => format!("read, {n} unanswered"),
            LessonState::Done => "done".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    /// Where the learner should go next (see [`next_step`](crate::tutor::next_step)).
    Continue(NextOwned),
    Lesson(usize),
    Quiz,
    Review,
    Challenge,
    Lab(&'static str),
    Progress,
}

pub struct Home {
    ctx: Rc<Context>,
    selected: usize,
    message: Option<String>,
    /// The details pane's scroll (a locked lesson's reasons can be long).
    details: Scroll,
    /// The course list's scroll, which follows the selection.
    list: Scroll,
    /// What Review would pose, keyed by (answers recorded, minute): drawn
    /// every frame, worked out only when the log or the minute changes.
    plan: RefCell<Option<((usize, i64), ReviewPlan)>>,
}

impl Home {
    pub fn new(ctx: &Rc<Context>) -> Home {
        Home {
            ctx: Rc::clone(ctx),
            selected: 0,
            message: None,
            details: Scroll::default(),
            list: Scroll::default(),
            plan: RefCell::new(None),
        }
    }

    /// What Review would pose now: the problems due and one extra per
    /// misconception still held, the number the course list says.
    fn review_plan(&self) -> ReviewPlan {
        let store = self.ctx.store.borrow();
        let now = (self.ctx.now)();
        let key = (store.attempts().len(), now.div_euclid(60_000));
        let mut cache = self.plan.borrow_mut();
        match &*cache {
            Some((k, p)) if *k == key => p.clone(),
            _ => {
                let p = review_plan(&self.ctx.catalog, &store, now);
                *cache = Some((key, p.clone()));
                p
            }
        }
    }

    fn entries(&self) -> Vec<Entry> {
        self.entries_at(&levels(self.ctx.store.borrow().attempts()))
    }

    /// [`Home::entries`] with the learner's levels worked out (the rows need
    /// them too), the review count from the cached plan.
    fn entries_at(&self, lv: &BTreeMap<String, Level>) -> Vec<Entry> {
        let store = self.ctx.store.borrow();
        let mut v = Vec::new();
        v.push(Entry::Continue(
            next_step_from(&self.ctx.catalog, &store, lv, || self.review_plan().len()).into(),
        ));
        v.extend((0..self.ctx.catalog.lessons.len()).map(Entry::Lesson));
        v.extend([Entry::Quiz, Entry::Review, Entry::Challenge]);
        v.extend(NAMES.iter().map(|(n, _)| Entry::Lab(n)));
        v.push(Entry::Progress);
        v
    }

    fn state(&self, l: &Lesson, lv: &BTreeMap<String, Level>) -> LessonState {
        let store = self.ctx.store.borrow();
        if reached_end(&store, l) {
            match unanswered(&store, l) {
                0 => LessonState::Done,
                n => LessonState::Read(n),
            }
        } else if store.session(&session_key(&l.id)).is_some() || store.position(&l.id).is_some() {
            LessonState::InProgress
        } else if !missing_prerequisites(&self.ctx.catalog, l, lv).is_empty() {
            LessonState::Locked
        } else {
            LessonState::New
        }
    }

    /// The lowest level among the lesson's concepts: a lesson is only as mastered as its weakest part.
    fn mastery(l: &Lesson, lv: &BTreeMap<String, Level>) -> Level {
        l.concepts
            .iter()
            .map(|c| level_of(lv, c))
            .min()
            .unwrap_or(Level::NotStarted)
    }

    fn open(&mut self, e: &Entry) -> Transition {
        let ctx = &self.ctx;
        let pushed: Result<Box<dyn Screen>, String> = match e {
            Entry::Continue(n) => super::open_next(ctx, n),
            Entry::Lesson(i) => LessonScreen::open(ctx, &ctx.catalog.lessons[*i].id)
                .map(|s| Box::new(s) as Box<dyn Screen>)
                .map_err(|e| e.to_string()),
            Entry::Quiz => QuizScreen::quiz(ctx)
                .map(|s| Box::new(s) as Box<dyn Screen>)
                .map_err(|e| e.to_string()),
            Entry::Review => QuizScreen::review(ctx).map(|s| Box::new(s) as Box<dyn Screen>),
            Entry::Challenge => QuizScreen::challenge(ctx)
                .map(|s| Box::new(s) as Box<dyn Screen>)
                .map_err(|e| e.to_string()),
            Entry::Lab(n) => super::open_lab(n, &LabParams::default())
                .ok_or_else(|| format!("The {n} lab is not available.")),
            Entry::Progress => Ok(Box::new(ProgressScreen::new(ctx))),
        };
        match pushed {
            Ok(s) => {
                self.message = None;
                Transition::Push(s)
            }
            Err(m) => {
                let mut m = m;
                if let Some(first) = m.get(..1) {
                    m = first.to_uppercase() + &m[1..];
                }
                self.message = Some(m);
                Transition::Stay
            }
        }
    }
}

impl Screen for Home {
    fn title(&self) -> String {
        "Home".into()
    }

    /// The new catalogue, with the same lesson (or entry) still selected,
    /// and the notes of lessons that are gone.
    fn reload(&mut self, r: &Reload) -> Reloaded {
        let entries = self.entries();
        let old_lessons = self.ctx.catalog.lessons.len();
        let picked = match entries.get(self.selected) {
            Some(Entry::Lesson(i)) => Some(self.ctx.catalog.lessons[*i].id.clone()),
            _ => None,
        };
        self.ctx = Rc::clone(&r.ctx);
        let new_lessons = self.ctx.catalog.lessons.len();
        let n = self.entries().len();
        self.selected = match picked {
            Some(id) => self
                .ctx
                .catalog
                .lessons
                .iter()
                .position(|l| l.id == id)
                // Entry 0 is "Continue"; lessons follow.
                .map_or(self.selected.min(new_lessons), |i| i + 1),
            // Quiz, labs, Progress: the same entry after a longer or shorter course list.
            None if self.selected > old_lessons => self.selected - old_lessons + new_lessons,
            None => self.selected,
        }
        .min(n - 1);
        let notes = r.notes();
        if !notes.is_empty() {
            self.message = Some(notes.join(" "));
        }
        Reloaded::Keep
    }

    fn handle(&mut self, a: Action) -> Transition {
        let entries = self.entries();
        if let Action::Char(c) = a
            && self.details.side_keys(c)
        {
            return Transition::Stay;
        }
        let before = self.selected;
        let t = self.handle_list(a, &entries);
        if self.selected != before {
            self.details.reset();
        }
        t
    }

    fn draw(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        self.draw_home(frame, area, t)
    }

    fn keys(&self) -> Vec<KeyHelp> {
        vec![
            key("↑↓ / jk", "choose"),
            key("Enter / → / l", "open"),
            key("PgUp / PgDn", "move ten entries"),
            key("Home / End", "first / last entry"),
            key("[ ]", "scroll the details"),
        ]
    }

    fn status_keys(&self) -> Vec<KeyHelp> {
        let mut v = vec![key("↑↓", "choose"), key("Enter", "open")];
        v.extend(self.details.side_status());
        v
    }
}

impl Home {
    fn handle_list(&mut self, a: Action, entries: &[Entry]) -> Transition {
        let n = entries.len();
        match a {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(n - 1),
            Action::PageUp => self.selected = self.selected.saturating_sub(10),
            Action::PageDown => self.selected = (self.selected + 10).min(n - 1),
            Action::Home => self.selected = 0,
            Action::End => self.selected = n - 1,
            Action::Enter | Action::Right => {
                let e = entries[self.selected.min(n - 1)].clone();
                return self.open(&e);
            }
            Action::Back => return Transition::Pop,
            _ => {}
        }
        Transition::Stay
    }
}
