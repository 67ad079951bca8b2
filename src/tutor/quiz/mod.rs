//! Sessions that pose a list of items, one answer each: a quiz (drawn with a
//! fixed seed from a lesson, a concept or everything unlocked), a review (the
//! problems due, each as a fresh instance) and a mastery challenge (fresh
//! randomized problems on concepts at Familiar or above).
//!
//! They differ only in how the list is drawn and which [`AttemptKind`] is
//! recorded, which is what moves mastery levels: reviews and challenges are
//! tests and can move a level down as well as up. Quizzes and reviews also
//! add items for the misconceptions the learner still holds ([`extras`]).

mod extras;
mod pool;

pub use extras::EXTRA_ITEMS;

use super::Feedback;
use super::feedback::QuestionFeedback;
use super::lookup::{UnknownId, check_concept, find_lesson, unlocked_lessons};
use super::problem::{
    ActiveProblem, ActiveQuestion, HintReply, SEED_BOUND, SeedSource, Solution, SubmitError,
};
use crate::engine::DistError;
use crate::lesson::catalog::Catalog;
use crate::lesson::text::fmt_value;
use crate::lesson::{Item, Lesson};
use crate::progress::mastery::Level;
use crate::progress::{AttemptKind, Store, due, levels};
use pool::{Source, blocks, concept_of, shuffle};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::fmt;

/// What a quiz draws from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuizScope {
    Lesson(String),
    Concept(String),
    /// Every lesson the learner has unlocked.
    Unlocked,
}

/// Why a drill could not start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DrillError {
    Unknown(UnknownId),
    /// The scope exists but holds nothing to ask; the sentence says why.
    Empty(String),
}

impl fmt::Display for DrillError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DrillError::Unknown(u) => u.fmt(f),
            DrillError::Empty(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for DrillError {}

impl From<UnknownId> for DrillError {
    fn from(u: UnknownId) -> Self {
        DrillError::Unknown(u)
    }
}

/// One posed item.
// Few of these live at once (one per posed item): boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum DrillItem {
    Problem(ActiveProblem),
    Question(ActiveQuestion),
}

impl DrillItem {
    pub fn key(&self) -> &str {
        match self {
            DrillItem::Problem(p) => &p.key,
            DrillItem::Question(q) => &q.key,
        }
    }

    /// "problem l/b, seed 41077" or "question l/b".
    pub fn header(&self) -> String {
        match self {
            DrillItem::Problem(p) => p.header(),
            DrillItem::Question(q) => q.header(),
        }
    }

    pub fn prompt(&self) -> &str {
        match self {
            DrillItem::Problem(p) => p.prompt(),
            DrillItem::Question(q) => &q.question.prompt,
        }
    }

    /// The right answer as a learner reads it.
    fn right_answer(&self) -> String {
        match self {
            DrillItem::Problem(p) => {
                let q = &p.instance.quantity;
                q.value().map_or_else(
                    |e| format!("(not computable: {e})"),
                    |v| fmt_value(v, super::feedback::SHOWN_DIGITS, q.unit()),
                )
            }
            DrillItem::Question(q) => {
                let a = q.question.answer;
                format!("{}. {}", a + 1, q.question.choices[a])
            }
        }
    }
}

/// How one item went, for the score and the end-of-session review of mistakes.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemResult {
    pub key: String,
    pub prompt: String,
    /// What the learner answered; `None` when skipped or given up.
    pub answer: Option<String>,
    pub correct: bool,
    pub right_answer: String,
    /// The diagnosis sentence (problems) or the chosen option's explanation
    /// (questions), for a wrong answer.
    pub diagnosis: Option<String>,
}

/// The end of a drill: the score and the mistakes to go over.
#[derive(Debug, Clone, PartialEq)]
pub struct DrillSummary {
    pub kind: AttemptKind,
    pub correct: usize,
    pub total: usize,
    pub mistakes: Vec<ItemResult>,
}

/// What a review at a given moment would pose, counted without posing it:
/// the home screen's "reviews due", the next step and the plain review all
/// read it, so the number they say is the number of items the review poses.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReviewPlan {
    /// The due blocks that still exist and may leave their lesson, most
    /// overdue first (`"<lesson>/<block>"`).
    pub due: Vec<String>,
    /// The extra problems for misconceptions still held: (misconception,
    /// problem key).
    pub extra: Vec<(String, String)>,
    /// Misconceptions still held that got no extra item: no problem of the
    /// unlocked lessons could show them (or the extras were all taken).
    pub waiting: Vec<String>,
}

impl ReviewPlan {
    /// Why a misconception still held brings no item, in a sentence for
    /// Home and `review --plain`; `None` when every one has its item.
    pub fn waiting_note(&self) -> Option<String> {
        if self.waiting.is_empty() {
            return None;
        }
        let ids: Vec<String> = self.waiting.iter().map(|m| format!("\"{m}\"")).collect();
        let (ids, it, teach) = match ids.len() {
            1 => (ids[0].clone(), "it", "the lesson that teaches it"),
            _ => (ids.join(" and "), "them", "the lessons that teach them"),
        };
        Some(if self.extra.len() >= extras::EXTRA_ITEMS {
            format!(
                "You also still hold {ids}: a review adds at most {} extra problems, so {it} will come up in a later one.",
                extras::EXTRA_ITEMS
            )
        } else {
            format!(
                "You still hold {ids}, but no problem of the lessons unlocked so far could show {it}, so Review has nothing for {it} yet: {teach} will."
            )
        })
    }

    /// How many items the review poses.
    pub fn len(&self) -> usize {
        self.due.len() + self.extra.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The due blocks of a review and the pool its extras come from.
struct ReviewBlocks<'a> {
    catalog: &'a Catalog,
    store: &'a Store,
    due: Vec<(&'a str, &'a Item)>,
}

impl<'a> ReviewBlocks<'a> {
    fn new(catalog: &'a Catalog, store: &'a Store, now_ms: i64) -> ReviewBlocks<'a> {
        let mut out = Vec::new();
        let due = due(store.attempts(), now_ms);
        // Each due problem is looked up in its lesson's body: parse the
        // bodies this needs side by side rather than one after another (a
        // learner with reviews in every lesson had Home's first frame wait
        // for all of them).
        catalog.parse_bodies(
            due.iter()
                .filter_map(|d| d.problem.split_once('/').map(|p| p.0)),
        );
        for d in due {
            let Some((lesson_id, block)) = d.problem.split_once('/') else {
                continue;
            };
            let Some(lesson) = catalog.get(lesson_id) else {
                continue;
            };
            let found = lesson.items().find(|(_, i)| i.id() == Some(block));
            match found.map(|(_, i)| i) {
                Some(i @ Item::Problem(p)) if p.quiz => out.push((lesson.id.as_str(), i)),
                Some(i @ Item::Question(q)) if q.quiz => out.push((lesson.id.as_str(), i)),
                _ => {}
            }
        }
        ReviewBlocks {
            catalog,
            store,
            due: out,
        }
    }

    /// Extras come from every unlocked lesson.
    fn pool(&self) -> Vec<Source<'a>> {
        blocks(unlocked_lessons(
            self.catalog,
            &levels(self.store.attempts()),
        ))
    }

    fn keys(&self) -> Vec<String> {
        self.due
            .iter()
            .map(|(l, i)| format!("{l}/{}", i.id().unwrap_or_default()))
            .collect()
    }
}

/// What [`QuizSession::review`] would pose at `now_ms`, whatever the seeds.
pub fn review_plan(catalog: &Catalog, store: &Store, now_ms: i64) -> ReviewPlan {
    let b = ReviewBlocks::new(catalog, store, now_ms);
    let due = b.keys();
    let held = extras::held(store);
    // Without a misconception held there are no extras, and no lesson body
    // need be read (Home asks for this plan on its first frame).
    let extra: Vec<(String, String)> = if held.is_empty() {
        Vec::new()
    } else {
        extras::plan(&b.pool(), store, &held, &due)
            .iter()
            .map(|e| (e.misconception.to_string(), e.key()))
            .collect()
    };
    let waiting = held
        .into_iter()
        .filter(|m| !extra.iter().any(|(e, _)| e == m))
        .collect();
    ReviewPlan {
        due,
        extra,
        waiting,
    }
}

/// A quiz, review or challenge in progress. (Named for the common case;
/// [`QuizSession::review`] and [`QuizSession::challenge`] build the others.)
pub struct QuizSession {
    kind: AttemptKind,
    items: Vec<DrillItem>,
    index: usize,
    results: Vec<ItemResult>,
    lessons: Vec<Lesson>,
}

impl QuizSession {
    fn from_items(kind: AttemptKind, items: Vec<DrillItem>, catalog: &Catalog) -> QuizSession {
        QuizSession {
            kind,
            items,
            index: 0,
            results: Vec::new(),
            lessons: catalog.lessons.clone(),
        }
    }

    /// Draws `count` items from the pool with `seed`: the pool is shuffled
    /// and dealt (reshuffled when a long quiz exhausts it), and each
    /// randomized problem gets its instance seed from the same generator, so
    /// the same seed always gives the same quiz.
    fn deal(pool: &[Source<'_>], count: usize, seed: u64) -> Vec<DrillItem> {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut order: Vec<usize> = Vec::new();
        let mut items = Vec::new();
        while items.len() < count && !pool.is_empty() {
            if order.is_empty() {
                order = (0..pool.len()).collect();
                shuffle(&mut order, &mut rng);
                order.reverse();
            }
            let Some(i) = order.pop() else { break };
            let instance_seed = rng.random_range(1..SEED_BOUND);
            match pool[i] {
                Source::Problem(l, p) => {
                    if let Ok(a) = ActiveProblem::new(&l.id, p, instance_seed) {
                        items.push(DrillItem::Problem(a.alone()));
                    }
                }
                Source::Question(l, q) => items.push(DrillItem::Question(
                    ActiveQuestion::new(&l.id, q)
                        .alone()
                        .shuffled(instance_seed),
                )),
            }
        }
        items
    }

    /// A quiz of `count` items from `scope`, drawn with `seed`; recorded as
    /// [`AttemptKind::Quiz`].
    pub fn quiz(
        catalog: &Catalog,
        store: &Store,
        scope: &QuizScope,
        count: usize,
        seed: u64,
    ) -> Result<QuizSession, DrillError> {
        let pool: Vec<Source<'_>> = match scope {
            QuizScope::Lesson(id) => blocks([find_lesson(catalog, id)?]),
            QuizScope::Concept(c) => {
                check_concept(c)?;
                blocks(&catalog.lessons)
                    .into_iter()
                    .filter(|s| concept_of(s) == c)
                    .collect()
            }
            QuizScope::Unlocked => blocks(unlocked_lessons(catalog, &levels(store.attempts()))),
        };
        if pool.is_empty() {
            return Err(DrillError::Empty(match scope {
                QuizScope::Lesson(id) => {
                    format!("the lesson \"{id}\" has no problems or questions")
                }
                QuizScope::Concept(c) => format!("no lesson has problems or questions on \"{c}\""),
                QuizScope::Unlocked => "no unlocked lesson has problems or questions".into(),
            }));
        }
        let mut items = Self::deal(&pool, count, seed);
        let held = extras::held(store);
        let taken: Vec<String> = items.iter().map(|i| i.key().to_string()).collect();
        let mut rng = StdRng::seed_from_u64(seed ^ 0x6d15_c0de);
        let mut next = || rng.random_range(1..SEED_BOUND);
        for e in extras::plan(&pool, store, &held, &taken) {
            items.extend(extras::pose(&e, &mut next).map(DrillItem::Problem));
        }
        Ok(Self::from_items(AttemptKind::Quiz, items, catalog))
    }

    /// A mastery challenge: `count` fresh randomized problems on concepts at
    /// Familiar or above (fixed problems only if no randomized one exists),
    /// recorded as [`AttemptKind::Challenge`] so levels move up or down.
    pub fn challenge(
        catalog: &Catalog,
        store: &Store,
        count: usize,
        seed: u64,
    ) -> Result<QuizSession, DrillError> {
        let lv = levels(store.attempts());
        let ready = |c: &str| lv.get(c).is_some_and(|l| *l >= Level::Familiar);
        let problems: Vec<Source<'_>> = blocks(&catalog.lessons)
            .into_iter()
            .filter(|s| matches!(s, Source::Problem(..)) && ready(concept_of(s)))
            .collect();
        let randomized: Vec<Source<'_>> = problems
            .iter()
            .copied()
            .filter(|s| matches!(s, Source::Problem(_, p) if p.is_randomized()))
            .collect();
        let pool = if randomized.is_empty() {
            problems
        } else {
            randomized
        };
        if pool.is_empty() {
            return Err(DrillError::Empty(
                "no concept with problems is at Familiar or above yet: practise in lessons first"
                    .into(),
            ));
        }
        let items = Self::deal(&pool, count, seed);
        Ok(Self::from_items(AttemptKind::Challenge, items, catalog))
    }

    /// The problems (and questions) due for review at `now_ms`, most overdue
    /// first, each randomized problem as a fresh instance whose seed differs
    /// from the one last answered; then one extra problem per misconception
    /// the learner still holds (see [`review_plan`]), even when nothing is
    /// due. Due keys whose block no longer exists in the catalog are left
    /// out. Recorded as [`AttemptKind::Review`].
    pub fn review(
        catalog: &Catalog,
        store: &Store,
        now_ms: i64,
        seeds: &mut dyn SeedSource,
    ) -> QuizSession {
        let plan = ReviewBlocks::new(catalog, store, now_ms);
        let mut items = Vec::new();
        for (lesson_id, item) in &plan.due {
            let key = format!("{lesson_id}/{}", item.id().unwrap_or_default());
            let last_seed = store
                .attempts()
                .iter()
                .rev()
                .find(|a| a.problem == key)
                .map(|a| a.seed);
            match item {
                Item::Problem(p) => {
                    // A bounded retry: a seed source that only ever gives the
                    // old seed (or seeds the generator refuses) must not hang
                    // the review; the fixed probe is the last resort.
                    let mut posed = None;
                    for _ in 0..100 {
                        let seed = if p.is_randomized() {
                            seeds.next_seed()
                        } else {
                            0
                        };
                        if p.is_randomized() && Some(seed) == last_seed {
                            continue;
                        }
                        if let Ok(a) = ActiveProblem::new(lesson_id, p, seed) {
                            posed = Some(a);
                            break;
                        }
                    }
                    if let Some(a) = posed.or_else(|| ActiveProblem::new(lesson_id, p, 0).ok()) {
                        items.push(DrillItem::Problem(a.alone()));
                    }
                }
                Item::Question(q) => items.push(DrillItem::Question(
                    ActiveQuestion::new(lesson_id, q)
                        .alone()
                        .shuffled(seeds.next_seed()),
                )),
                _ => {}
            }
        }
        let held = extras::held(store);
        let mut next = || seeds.next_seed();
        for e in extras::plan(&plan.pool(), store, &held, &plan.keys()) {
            items.extend(extras::pose(&e, &mut next).map(DrillItem::Problem));
        }
        Self::from_items(AttemptKind::Review, items, catalog)
    }

    pub fn kind(&self) -> AttemptKind {
        self.kind
    }

    /// How many items the session poses.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// 1-based number of the item on screen.
    pub fn number(&self) -> usize {
        self.index + 1
    }

    /// The item on screen; `None` when every item has been answered.
    pub fn current(&self) -> Option<&DrillItem> {
        self.items.get(self.index)
    }

    pub fn is_finished(&self) -> bool {
        self.index >= self.items.len()
    }

    /// Every item posed, in order (for tests and for showing the whole quiz).
    pub fn items(&self) -> &[DrillItem] {
        &self.items
    }

    /// (right, answered so far).
    pub fn score(&self) -> (usize, usize) {
        (
            self.results.iter().filter(|r| r.correct).count(),
            self.results.len(),
        )
    }

    fn finish_item(&mut self, answer: Option<String>, correct: bool, diagnosis: Option<String>) {
        if let Some(item) = self.items.get(self.index) {
            self.results.push(ItemResult {
                key: item.key().to_string(),
                prompt: item.prompt().to_string(),
                answer,
                correct,
                right_answer: item.right_answer(),
                diagnosis,
            });
            self.index += 1;
        }
    }

    /// Answers the problem on screen: graded, recorded (saved before this
    /// returns), scored, and the session moves to the next item. A malformed
    /// answer is an error, not recorded, and the item stays.
    pub fn submit(&mut self, store: &mut Store, input: &str) -> Result<Feedback, SubmitError> {
        let kind = self.kind;
        let Some(DrillItem::Problem(p)) = self.items.get_mut(self.index) else {
            return Err(SubmitError::NotAnswerable);
        };
        let (fb, _) = p.submit(store, &self.lessons, kind, input, true)?;
        let diag = (!fb.correct)
            .then(|| fb.diagnosis.as_ref().map(|d| d.message.clone()))
            .flatten();
        self.finish_item(Some(fb.given.clone()), fb.correct, diag);
        Ok(fb)
    }

    /// Answers the question on screen by choice number; recorded and scored.
    pub fn choose(
        &mut self,
        store: &mut Store,
        input: &str,
    ) -> Result<QuestionFeedback, SubmitError> {
        let kind = self.kind;
        let Some(DrillItem::Question(q)) = self.items.get_mut(self.index) else {
            return Err(SubmitError::NotAnswerable);
        };
        let (fb, _) = q.choose(store, &self.lessons, kind, input, true)?;
        let diag = (!fb.correct).then(|| fb.explanation.clone());
        self.finish_item(Some((fb.chosen + 1).to_string()), fb.correct, diag);
        Ok(fb)
    }

    /// The next hint of the problem on screen; used hints are recorded with
    /// the answer (and keep a right answer from counting as unaided).
    pub fn hint(&mut self) -> Option<HintReply> {
        match self.items.get_mut(self.index) {
            Some(DrillItem::Problem(p)) => Some(p.hint()),
            _ => None,
        }
    }

    /// Gives up on the problem on screen: its worked solution, recorded as
    /// not solved with the solution shown; the session moves on.
    pub fn solution(
        &mut self,
        store: &mut Store,
    ) -> Option<Result<(Solution, Option<String>), DistError>> {
        let kind = self.kind;
        let Some(DrillItem::Problem(p)) = self.items.get_mut(self.index) else {
            return None;
        };
        let sol = match p.solution() {
            Ok(s) => s,
            Err(e) => return Some(Err(e)),
        };
        let (_, err) = p.record_given_up(store, kind);
        self.finish_item(None, false, None);
        Some(Ok((sol, err)))
    }

    /// Skips the item on screen: not recorded (no answer was given), scored
    /// as missed.
    pub fn skip(&mut self) {
        self.finish_item(None, false, None);
    }

    /// The score and the items answered wrongly, skipped or given up.
    pub fn summary(&self) -> DrillSummary {
        let (correct, total) = self.score();
        DrillSummary {
            kind: self.kind,
            correct,
            total,
            mistakes: self
                .results
                .iter()
                .filter(|r| !r.correct)
                .cloned()
                .collect(),
        }
    }
}
