//! A learner's walk through one lesson, item by item: prose, worked-example
//! steps one at a time (forward and back), problems drawn from a seed,
//! questions and labs. Pure: no terminal and no stdin, so the plain front
//! end, the terminal app and the tests drive the same state machine.
//!
//! Every answer is recorded to the [`Store`] as it is given; the position
//! (section, item, step and the current problem's seed and help used) is
//! saved on request so a session can be resumed exactly where it was left.

use super::Feedback;
use super::feedback::QuestionFeedback;
use super::lookup::{UnknownId, find_lesson, missing_prerequisites};
use super::path::LessonReport;
use super::problem::{ActiveProblem, ActiveQuestion, HintReply, SeedSource, Solution, SubmitError};
use crate::engine::DistError;
use crate::lesson::catalog::Catalog;
use crate::lesson::{Block, Example, Item, Lab, Lesson, Predict, Section, Step};
use crate::progress::{AttemptKind, Store, levels};
use serde::{Deserialize, Serialize};

/// Where a learner is in a lesson. `step` counts worked-example steps and is
/// 0 for every other item. `section == sections.len()` is the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub section: usize,
    pub item: usize,
    pub step: usize,
}

/// What is in front of the learner.
#[derive(Debug, Clone, Copy)]
pub enum Current<'a> {
    Prose(&'a [Block]),
    /// Step `index` (0-based) of `count` of a worked example.
    Step {
        example: &'a Example,
        index: usize,
        count: usize,
        step: &'a Step,
    },
    Problem(&'a ActiveProblem),
    Question(&'a ActiveQuestion),
    Lab(&'a Lab),
    /// A prediction to make before the engine's values are shown.
    Predict(&'a Predict),
    /// An item the engine could not prepare (a lesson bug); the message says why.
    Broken(&'a str),
    /// Past the last item.
    End,
}

/// The session snapshot saved in the progress file under [`session_key`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LessonSnapshot {
    pub cursor: Cursor,
    /// The seed of the problem on screen, so a resume poses the same instance.
    pub seed: Option<u64>,
    #[serde(default)]
    pub hints_shown: usize,
    #[serde(default)]
    pub solution_shown: bool,
    /// When this pass through the lesson began, unix ms: the end page
    /// reports the answers given since (absent in older files).
    #[serde(default)]
    pub started_ms: Option<i64>,
}

/// The progress-file key of a lesson's session snapshot.
pub fn session_key(lesson_id: &str) -> String {
    format!("lesson/{lesson_id}")
}

/// The state prepared for the item under the cursor.
// Few of these live at once (one per posed item): boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
enum Prepared {
    None,
    Steps(Result<Vec<Step>, String>),
    Problem(Result<ActiveProblem, String>),
    Question(ActiveQuestion),
}

/// One learner in one lesson.
pub struct LessonSession {
    lesson: Lesson,
    /// Every lesson of the catalog, to point a mistake at the section that
    /// covers it even in another lesson.
    lessons: Vec<Lesson>,
    cursor: Cursor,
    prepared: Prepared,
    seeds: Box<dyn SeedSource>,
    /// Prerequisite concepts below Familiar when the session opened.
    locked_by: Vec<String>,
    /// When this pass began (see [`LessonSnapshot::started_ms`]).
    started_ms: Option<i64>,
}

impl LessonSession {
    /// Opens `lesson_id` at its start. A locked lesson opens too (the front
    /// end warns, using [`LessonSession::locked_by`]).
    pub fn new(
        catalog: &Catalog,
        lesson_id: &str,
        store: &Store,
        seeds: Box<dyn SeedSource>,
    ) -> Result<LessonSession, UnknownId> {
        let lesson = find_lesson(catalog, lesson_id)?;
        let locked_by = missing_prerequisites(catalog, lesson, &levels(store.attempts()))
            .into_iter()
            .map(str::to_string)
            .collect();
        let mut s = LessonSession {
            lesson: lesson.clone(),
            lessons: catalog.lessons.clone(),
            cursor: Cursor {
                section: 0,
                item: 0,
                step: 0,
            },
            prepared: Prepared::None,
            seeds,
            locked_by,
            started_ms: Some(crate::progress::now_ms()),
        };
        s.settle_forward();
        s.prepare(None);
        Ok(s)
    }

    /// Opens `lesson_id` where the learner left it: the saved snapshot
    /// (same item, same step, same problem seed, same hints shown), else the
    /// saved position, else the start.
    pub fn resume(
        catalog: &Catalog,
        lesson_id: &str,
        store: &Store,
        seeds: Box<dyn SeedSource>,
    ) -> Result<LessonSession, UnknownId> {
        let snap = store
            .session(&session_key(lesson_id))
            .and_then(|v| serde_json::from_value::<LessonSnapshot>(v.clone()).ok());
        LessonSession::resume_from(catalog, lesson_id, store, seeds, snap)
    }

    /// Opens `lesson_id` at a snapshot given by the caller (the place kept
    /// across a reload of the lesson files), else at the saved position,
    /// else at the start. A snapshot that does not fit the lesson is ignored.
    pub fn resume_from(
        catalog: &Catalog,
        lesson_id: &str,
        store: &Store,
        seeds: Box<dyn SeedSource>,
        snap: Option<LessonSnapshot>,
    ) -> Result<LessonSession, UnknownId> {
        let mut s = LessonSession::new(catalog, lesson_id, store, seeds)?;
        let from_position = snap.is_none();
        let (cursor, seed, hints, solution) = match snap {
            Some(sn) => {
                s.started_ms = sn.started_ms;
                (sn.cursor, sn.seed, sn.hints_shown, sn.solution_shown)
            }
            None => match store.position(lesson_id) {
                Some(p) => (
                    Cursor {
                        section: p.section,
                        item: p.item,
                        step: p.scroll as usize,
                    },
                    None,
                    0,
                    false,
                ),
                None => return Ok(s),
            },
        };
        if s.valid(cursor) {
            if from_position && cursor != s.cursor {
                // Resumed from a bare position: when this pass began is unknown.
                s.started_ms = None;
            }
            s.cursor = cursor;
            s.prepare(seed);
            if let Prepared::Problem(Ok(p)) = &mut s.prepared {
                p.restore_help(hints, solution);
            }
            if let Prepared::Steps(Ok(steps)) = &s.prepared {
                s.cursor.step = s.cursor.step.min(steps.len().saturating_sub(1));
            }
        }
        Ok(s)
    }

    /// Moves this session onto an edited copy of its lesson (`--watch`)
    /// when the item under the cursor is unchanged there at `cursor`:
    /// the problem instance, hints and steps stay as they are. Returns false,
    /// changing nothing, when the lesson is gone or the item differs.
    pub fn rebase(&mut self, catalog: &Catalog, cursor: Cursor) -> bool {
        let Some(lesson) = catalog.get(&self.lesson.id) else {
            return false;
        };
        let at_end = |l: &Lesson, c: Cursor| c.section >= l.sections().len();
        let new_item = lesson
            .sections()
            .get(cursor.section)
            .and_then(|s| s.items.get(cursor.item));
        let same = if self.is_finished() {
            at_end(lesson, cursor)
        } else {
            new_item.is_some() && new_item == self.item()
        };
        if !same {
            return false;
        }
        self.lesson = lesson.clone();
        self.lessons = catalog.lessons.clone();
        self.cursor = Cursor {
            step: self.cursor.step,
            ..cursor
        };
        true
    }

    pub fn lesson(&self) -> &Lesson {
        &self.lesson
    }

    /// Prerequisite concepts that were below Familiar when the lesson opened.
    pub fn locked_by(&self) -> &[String] {
        &self.locked_by
    }

    pub fn cursor(&self) -> Cursor {
        self.cursor
    }

    /// The section under the cursor (`None` at the end).
    pub fn section(&self) -> Option<&Section> {
        self.lesson.sections().get(self.cursor.section)
    }

    pub fn is_finished(&self) -> bool {
        self.cursor.section >= self.lesson.sections().len()
    }

    fn item(&self) -> Option<&Item> {
        self.section()?.items.get(self.cursor.item)
    }

    fn valid(&self, c: Cursor) -> bool {
        (c.section == self.lesson.sections().len() && c.item == 0 && c.step == 0)
            || self
                .lesson
                .sections()
                .get(c.section)
                .is_some_and(|s| c.item < s.items.len())
    }

    /// What to show now.
    pub fn current(&self) -> Current<'_> {
        let Some(item) = self.item() else {
            return Current::End;
        };
        match (item, &self.prepared) {
            (Item::Prose(blocks), _) => Current::Prose(blocks),
            (Item::Lab(lab), _) => Current::Lab(lab),
            (Item::Predict(p), _) => Current::Predict(p),
            (Item::Example(example), Prepared::Steps(Ok(steps))) => Current::Step {
                example,
                index: self.cursor.step,
                count: steps.len(),
                step: &steps[self.cursor.step],
            },
            (_, Prepared::Steps(Err(m)) | Prepared::Problem(Err(m))) => Current::Broken(m),
            (_, Prepared::Problem(Ok(p))) => Current::Problem(p),
            (_, Prepared::Question(q)) => Current::Question(q),
            _ => Current::Broken("this item could not be prepared"),
        }
    }

    /// The problem on screen, if any.
    pub fn problem(&self) -> Option<&ActiveProblem> {
        match &self.prepared {
            Prepared::Problem(Ok(p)) => Some(p),
            _ => None,
        }
    }

    fn problem_mut(&mut self) -> Option<&mut ActiveProblem> {
        match &mut self.prepared {
            Prepared::Problem(Ok(p)) => Some(p),
            _ => None,
        }
    }

    /// Moves on: the next example step, or the next item (drawing a fresh
    /// seed for a randomized problem). Does nothing at the end.
    pub fn advance(&mut self) {
        if self.is_finished() {
            return;
        }
        if let Prepared::Steps(Ok(steps)) = &self.prepared
            && self.cursor.step + 1 < steps.len()
        {
            self.cursor.step += 1;
            return;
        }
        self.cursor.item += 1;
        self.cursor.step = 0;
        self.settle_forward();
        self.prepare(None);
    }

    /// Moves back: the previous example step, or the previous item (an
    /// example is re-entered at its last step). Does nothing at the start.
    pub fn back(&mut self) {
        if self.cursor.step > 0 {
            self.cursor.step -= 1;
            return;
        }
        let mut c = self.cursor;
        loop {
            if c.item > 0 && c.section < self.lesson.sections().len() {
                c.item -= 1;
                break;
            }
            if c.section == 0 {
                return;
            }
            c.section -= 1;
            c.item = self.lesson.sections()[c.section].items.len();
        }
        self.cursor = Cursor { step: 0, ..c };
        self.prepare(None);
        if let Prepared::Steps(Ok(steps)) = &self.prepared {
            self.cursor.step = steps.len().saturating_sub(1);
        }
    }

    /// Skips past empty sections (and an item index past a section's end).
    fn settle_forward(&mut self) {
        while let Some(s) = self.lesson.sections().get(self.cursor.section) {
            if self.cursor.item < s.items.len() {
                return;
            }
            self.cursor.section += 1;
            self.cursor.item = 0;
            self.cursor.step = 0;
        }
        self.cursor.item = 0;
        self.cursor.step = 0;
    }

    fn prepare(&mut self, seed: Option<u64>) {
        let lesson_id = self.lesson.id.clone();
        self.prepared = match self.item() {
            Some(Item::Example(e)) => Prepared::Steps(
                e.steps()
                    .map_err(|e: DistError| e.to_string())
                    .and_then(|s| {
                        if s.is_empty() {
                            Err("the example has no steps".into())
                        } else {
                            Ok(s)
                        }
                    }),
            ),
            Some(Item::Problem(p)) => {
                let p = p.clone();
                let seed = match seed {
                    Some(s) => s,
                    None if p.is_randomized() => self.seeds.next_seed(),
                    None => 0,
                };
                Prepared::Problem(
                    ActiveProblem::new(&lesson_id, &p, seed).map_err(|e| e.to_string()),
                )
            }
            Some(Item::Question(q)) => Prepared::Question(ActiveQuestion::new(&lesson_id, q)),
            _ => Prepared::None,
        };
    }

    /// Grades an answer to the problem on screen and records it (saved
    /// before this returns). A malformed answer is an error, not an attempt.
    /// After a right answer the front end calls [`LessonSession::advance`].
    pub fn submit(&mut self, store: &mut Store, input: &str) -> Result<Feedback, SubmitError> {
        let lessons = std::mem::take(&mut self.lessons);
        let result = match self.problem_mut() {
            Some(p) => p
                .submit(store, &lessons, AttemptKind::Practice, input, false)
                .map(|(fb, _)| fb),
            None => Err(SubmitError::NotAnswerable),
        };
        self.lessons = lessons;
        result
    }

    /// Answers the question on screen with a 1-based choice number; the
    /// chosen option's explanation comes back. Recorded like an answer.
    pub fn choose(
        &mut self,
        store: &mut Store,
        input: &str,
    ) -> Result<QuestionFeedback, SubmitError> {
        let lessons = std::mem::take(&mut self.lessons);
        let result = match &mut self.prepared {
            Prepared::Question(q) => q
                .choose(store, &lessons, AttemptKind::Question, input, false)
                .map(|(fb, _)| fb),
            _ => Err(SubmitError::NotAnswerable),
        };
        self.lessons = lessons;
        result
    }

    /// The next hint of the problem on screen (`None` when not on a problem).
    pub fn hint(&mut self) -> Option<HintReply> {
        self.problem_mut().map(ActiveProblem::hint)
    }

    /// The worked solution of the problem on screen. Available once every
    /// hint has been shown, so that hints are tried first; `Ok(None)` before.
    pub fn solution(&mut self) -> Option<Result<Option<Solution>, DistError>> {
        let p = self.problem_mut()?;
        if p.hints_left() > 0 {
            return Some(Ok(None));
        }
        Some(p.solution().map(Some))
    }

    /// Moves past the item without answering. A problem whose solution was
    /// revealed but not answered is recorded as not solved, so the review
    /// schedule brings it back soon.
    pub fn skip(&mut self, store: &mut Store) -> Option<String> {
        let mut err = None;
        if let Some(p) = self.problem_mut()
            && p.solution_shown()
            && p.answers() == 0
        {
            err = p.record_given_up(store, AttemptKind::Practice).1;
        }
        self.advance();
        err
    }

    /// What this pass through the lesson did (for the end page): the answers
    /// given since it began, mastery before and after, what it unlocked.
    pub fn report(&self, catalog: &Catalog, store: &Store, now_ms: i64) -> LessonReport {
        LessonReport::compute(catalog, &self.lesson, store, self.started_ms, now_ms)
    }

    /// The snapshot that [`LessonSession::save`] stores.
    pub fn snapshot(&self) -> LessonSnapshot {
        let p = self.problem();
        LessonSnapshot {
            cursor: self.cursor,
            seed: p.map(ActiveProblem::seed),
            hints_shown: p.map_or(0, |p| p.hints_shown().len()),
            solution_shown: p.is_some_and(ActiveProblem::solution_shown),
            started_ms: self.started_ms,
        }
    }

    /// Saves the position (for the course map) and the snapshot (for an
    /// exact resume). A finished lesson's snapshot is cleared instead, so
    /// "continue" moves on to another lesson.
    pub fn save(&self, store: &mut Store) -> anyhow::Result<()> {
        let c = self.cursor;
        store.set_position(&self.lesson.id, c.section, c.item, c.step as u32)?;
        let key = session_key(&self.lesson.id);
        if self.is_finished() {
            store.clear_session(&key)
        } else {
            store.save_session(&key, serde_json::to_value(self.snapshot())?)
        }
    }
}

/// The lesson to continue when none is named: the next unfinished unlocked
/// lesson ([`super::path::next_lesson`]), else (everything open is done)
/// the first unlocked lesson, to read again.
pub fn lesson_to_continue<'a>(catalog: &'a Catalog, store: &Store) -> Option<&'a Lesson> {
    super::path::next_lesson(catalog, store).or_else(|| {
        super::lookup::unlocked_lessons(catalog, &levels(store.attempts()))
            .into_iter()
            .next()
    })
}
