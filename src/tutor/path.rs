//! The learner's path between lessons: what to do next ([`next_step`]) and
//! what a finished lesson did ([`LessonReport`]). Pure: computed from the
//! catalog and the progress store, so Home's "Continue", the lesson's end
//! page and `learn --plain` say the same thing.

use super::lookup::{missing_prerequisites, unlocked_lessons};
use super::session::session_key;
use crate::lesson::catalog::Catalog;
use crate::lesson::{Item, Lesson};
use crate::progress::mastery::{Level, level_of};
use crate::progress::{Attempt, AttemptKind, Store, levels};
use std::collections::BTreeMap;

/// Where "Continue" leads.
#[derive(Debug, Clone, PartialEq)]
pub enum NextStep<'a> {
    /// An unlocked lesson not yet finished.
    Lesson(&'a Lesson),
    /// Every unlocked lesson is done and this many reviews are due.
    Review(usize),
    /// Every unlocked lesson is done, nothing is due, and a lesson is still
    /// locked: a quiz on the concept that holds it back (see [`Unlock`]).
    Quiz(Unlock),
    /// Every lesson is done and nothing is due: the mastery challenge.
    Challenge,
}

/// What keeps the next locked lesson closed, and what opens it: a lesson
/// unlocks when every concept its prerequisites teach is Familiar, which
/// takes [`FAMILIAR_RIGHT`] of the concept's last [`FAMILIAR_WINDOW`]
/// answers right with no hint and no solution shown
/// ([`crate::progress::mastery`]). Finishing a lesson with answers that
/// needed hints leaves its concepts at Attempted; this names the concept
/// and how far the learner is, so the end page and Home can say exactly
/// what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unlock {
    /// The locked lesson (the first in course order).
    pub lesson_id: String,
    pub lesson_title: String,
    /// The first of its prerequisite concepts below Familiar.
    pub concept: String,
    pub level: Level,
    /// Answers right without help among the concept's last [`FAMILIAR_WINDOW`].
    pub right: usize,
}

/// Right answers without help, among the last answers on a concept, that
/// make it Familiar (the rule in [`crate::progress::mastery`]).
pub const FAMILIAR_RIGHT: usize = 2;
pub const FAMILIAR_WINDOW: usize = 4;

/// The first locked lesson in course order and the concept that keeps it
/// locked; `None` when every lesson is open.
pub fn unlock_plan(catalog: &Catalog, store: &Store) -> Option<Unlock> {
    unlock_plan_at(catalog, store, &levels(store.attempts()))
}

/// [`unlock_plan`] with the learner's levels already worked out.
fn unlock_plan_at(
    catalog: &Catalog,
    store: &Store,
    lv: &BTreeMap<String, Level>,
) -> Option<Unlock> {
    catalog.lessons.iter().find_map(|l| {
        let concept = *missing_prerequisites(catalog, l, lv).first()?;
        let mut mine: Vec<&Attempt> = store
            .attempts()
            .iter()
            .filter(|a| a.concept == concept)
            .collect();
        mine.sort_by(|a, b| a.time_ms.cmp(&b.time_ms).then_with(|| a.id.cmp(&b.id)));
        let right = mine
            .iter()
            .rev()
            .take(FAMILIAR_WINDOW)
            .filter(|a| a.unaided_correct())
            .count();
        Some(Unlock {
            lesson_id: l.id.clone(),
            lesson_title: l.title.clone(),
            concept: concept.to_string(),
            level: level_of(lv, concept),
            right,
        })
    })
}

impl Unlock {
    /// `"Title" opens when units (now attempted) reaches familiar: 2 of your
    /// last 4 answers on it right with no hint or solution (1 so far)`.
    pub fn explain(&self) -> String {
        format!(
            "\"{}\" opens when {} (now {}) reaches familiar: {FAMILIAR_RIGHT} of your last {FAMILIAR_WINDOW} answers on it right with no hint or solution ({} so far)",
            self.lesson_title, self.concept, self.level, self.right
        )
    }
}

/// True when the learner has reached the end of `lesson`: "Continue" moves
/// on from it (a lesson read to the end with problems skipped is not
/// offered again and again; mastery gates and reviews bring those back).
pub fn reached_end(store: &Store, lesson: &Lesson) -> bool {
    store
        .position(&lesson.id)
        .is_some_and(|p| p.section >= lesson.sections().len())
}

/// How many of `lesson`'s problems and questions were never answered inside
/// it, in any pass (an answer counts whether right or wrong, with or without
/// help; a skip or a question passed with → does not).
pub fn unanswered(store: &Store, lesson: &Lesson) -> usize {
    // Home asks this of every lesson on every frame: one pass over the log
    // marking the lesson's few blocks, no set of keys built.
    let ids: Vec<&str> = lesson
        .items()
        .filter_map(|(_, item)| match item {
            Item::Problem(p) => Some(p.id.as_str()),
            Item::Question(q) => Some(q.id.as_str()),
            _ => None,
        })
        .collect();
    let mut answered = vec![false; ids.len()];
    for a in store.attempts().iter().filter(|a| in_lesson(a, lesson)) {
        let block = &a.problem[lesson.id.len() + 1..];
        for (seen, id) in answered.iter_mut().zip(&ids) {
            *seen |= *id == block;
        }
    }
    answered.iter().filter(|seen| !**seen).count()
}

/// "done", as Home and the end page say it: the end was reached and every
/// problem and question has an answer. A lesson read to the end with items
/// left unanswered reads "read, N unanswered" instead.
pub fn is_done(store: &Store, lesson: &Lesson) -> bool {
    reached_end(store, lesson) && unanswered(store, lesson) == 0
}

/// The lesson to continue: among the unlocked lessons not yet finished, the
/// one most recently left part-way, else the first in course order. A
/// locked lesson that was only peeked at is never chosen.
pub fn next_lesson<'a>(catalog: &'a Catalog, store: &Store) -> Option<&'a Lesson> {
    next_lesson_at(catalog, store, &levels(store.attempts()))
}

/// [`next_lesson`] with the learner's levels already worked out.
fn next_lesson_at<'a>(
    catalog: &'a Catalog,
    store: &Store,
    lv: &BTreeMap<String, Level>,
) -> Option<&'a Lesson> {
    let open: Vec<&Lesson> = unlocked_lessons(catalog, lv)
        .into_iter()
        .filter(|l| !reached_end(store, l))
        .collect();
    let sessions = &store.progress().sessions;
    open.iter()
        .filter_map(|l| {
            let s = sessions.get(&session_key(&l.id))?;
            s.value.as_ref().map(|_| (s.updated_ms, *l))
        })
        .max_by_key(|(t, _)| *t)
        .map(|(_, l)| l)
        .or_else(|| open.first().copied())
}

/// What the learner should do next (see [`NextStep`]); `now_ms` decides
/// which reviews are due.
pub fn next_step<'a>(catalog: &'a Catalog, store: &Store, now_ms: i64) -> NextStep<'a> {
    // What the review would pose: the problems due and the extras for
    // misconceptions still held, so the number said is the number asked.
    next_step_from(catalog, store, &levels(store.attempts()), || {
        super::quiz::review_plan(catalog, store, now_ms).len()
    })
}

/// [`next_step`] from what a screen has already worked out for itself: the
/// learner's levels and how many items a review would pose now (asked only
/// when every unlocked lesson is read). Home works out both for its own
/// rows; with a long history each took a noticeable part of the first frame.
pub fn next_step_from<'a>(
    catalog: &'a Catalog,
    store: &Store,
    lv: &BTreeMap<String, Level>,
    reviews: impl FnOnce() -> usize,
) -> NextStep<'a> {
    if let Some(l) = next_lesson_at(catalog, store, lv) {
        return NextStep::Lesson(l);
    }
    let n = reviews();
    if n > 0 {
        NextStep::Review(n)
    } else if let Some(u) = unlock_plan_at(catalog, store, lv) {
        NextStep::Quiz(u)
    } else {
        NextStep::Challenge
    }
}

/// One concept's level before and after the lesson's answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConceptChange {
    pub concept: String,
    pub before: Level,
    pub after: Level,
}

/// What a lesson did, for its end page and the end of `learn --plain`.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonReport {
    pub lesson_id: String,
    pub title: String,
    /// Problem blocks in the lesson.
    pub problems: usize,
    /// Problems answered at least once.
    pub problems_tried: usize,
    /// Tried problems answered right with no hint and no solution shown.
    pub right_unaided: usize,
    /// Tried problems answered right only after a hint or the solution.
    pub right_with_help: usize,
    pub questions: usize,
    pub questions_tried: usize,
    /// Questions whose first answer was right.
    pub questions_right_first: usize,
    /// The lesson's concepts, in its order.
    pub mastery: Vec<ConceptChange>,
    /// Lessons (id, title) that were locked before and are open now.
    pub unlocked: Vec<(String, String)>,
    pub reviews_due: usize,
    /// Problems and questions of the lesson never answered in it, in any
    /// pass (see [`unanswered`]): the lesson is done when this is 0.
    pub unanswered: usize,
    /// What "Enter" on the end page leads to.
    pub next: NextOwned,
}

/// [`NextStep`] without the borrow, for a report that outlives the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextOwned {
    Lesson { id: String, title: String },
    Review(usize),
    Quiz(Unlock),
    Challenge,
}

impl From<NextStep<'_>> for NextOwned {
    fn from(n: NextStep<'_>) -> NextOwned {
        match n {
            NextStep::Lesson(l) => NextOwned::Lesson {
                id: l.id.clone(),
                title: l.title.clone(),
            },
            NextStep::Review(n) => NextOwned::Review(n),
            NextStep::Quiz(u) => NextOwned::Quiz(u),
            NextStep::Challenge => NextOwned::Challenge,
        }
    }
}

impl NextOwned {
    /// "the next lesson, ..." as a learner reads it after "Enter:".
    pub fn describe(&self) -> String {
        match self {
            NextOwned::Lesson { title, .. } => format!("start the next lesson, \"{title}\""),
            NextOwned::Review(n) => {
                format!("review ({n} problem{} due)", if *n == 1 { "" } else { "s" })
            }
            NextOwned::Quiz(u) => format!("a quiz on {}. {}", u.concept, u.explain()),
            NextOwned::Challenge => "the mastery challenge".into(),
        }
    }
}

/// Whether `a` is an answer given inside `lesson` (not a quiz or review of it).
fn in_lesson(a: &Attempt, lesson: &Lesson) -> bool {
    matches!(a.kind, AttemptKind::Practice | AttemptKind::Question)
        && a.problem
            .strip_prefix(lesson.id.as_str())
            .is_some_and(|rest| rest.starts_with('/'))
}

impl LessonReport {
    /// The report for `lesson` from the answers given since `started_ms`
    /// (the session's start; `None` when unknown, e.g. a lesson finished in
    /// an earlier version: then every answer given in the lesson counts).
    /// "Before" is the mastery without those answers.
    pub fn compute(
        catalog: &Catalog,
        lesson: &Lesson,
        store: &Store,
        started_ms: Option<i64>,
        now_ms: i64,
    ) -> LessonReport {
        let all = store.attempts();
        let counted =
            |a: &Attempt| in_lesson(a, lesson) && started_ms.is_none_or(|s| a.time_ms >= s);
        let mine: Vec<&Attempt> = all.iter().filter(|a| counted(a)).collect();
        let earlier: Vec<Attempt> = all
            .iter()
            .filter(|a| match started_ms {
                Some(s) => a.time_ms < s,
                None => !counted(a),
            })
            .cloned()
            .collect();
        let (lv_before, lv_after) = (levels(&earlier), levels(all));

        let (mut problems, mut questions) = (0, 0);
        for (_, item) in lesson.items() {
            match item {
                Item::Problem(_) => problems += 1,
                Item::Question(_) => questions += 1,
                _ => {}
            }
        }
        // Per block: (any right, any right unaided) for problems; first answer for questions.
        let mut probs: BTreeMap<&str, (bool, bool)> = BTreeMap::new();
        let mut quest: BTreeMap<&str, (i64, bool)> = BTreeMap::new();
        for a in &mine {
            match a.kind {
                AttemptKind::Practice => {
                    let e = probs.entry(a.problem.as_str()).or_default();
                    e.0 |= a.correct;
                    e.1 |= a.unaided_correct();
                }
                _ => {
                    let e = quest
                        .entry(a.problem.as_str())
                        .or_insert((a.time_ms, a.correct));
                    if a.time_ms < e.0 {
                        *e = (a.time_ms, a.correct);
                    }
                }
            }
        }
        let right_unaided = probs.values().filter(|(_, u)| *u).count();
        let right_with_help = probs.values().filter(|(r, u)| *r && !*u).count();

        let mastery = lesson
            .concepts
            .iter()
            .map(|c| ConceptChange {
                concept: c.clone(),
                before: level_of(&lv_before, c),
                after: level_of(&lv_after, c),
            })
            .collect();
        let unlocked = catalog
            .lessons
            .iter()
            .filter(|l| {
                !missing_prerequisites(catalog, l, &lv_before).is_empty()
                    && missing_prerequisites(catalog, l, &lv_after).is_empty()
            })
            .map(|l| (l.id.clone(), l.title.clone()))
            .collect();
        LessonReport {
            lesson_id: lesson.id.clone(),
            title: lesson.title.clone(),
            problems,
            problems_tried: probs.len(),
            right_unaided,
            right_with_help,
            questions,
            questions_tried: quest.len(),
            questions_right_first: quest.values().filter(|(_, c)| *c).count(),
            mastery,
            unlocked,
            reviews_due: super::quiz::review_plan(catalog, store, now_ms).len(),
            unanswered: unanswered(store, lesson),
            next: next_step(catalog, store, now_ms).into(),
        }
    }

    /// The report as plain lines (no styling), for `learn --plain`; the
    /// terminal app draws the same facts with colour.
    pub fn text_lines(&self) -> Vec<String> {
        let mut v = vec![self.done_line(), self.problems_line()];
        if self.questions > 0 {
            v.push(self.questions_line());
        }
        v.push("Mastery:".into());
        for c in &self.mastery {
            v.push(format!("  {}", c.describe()));
        }
        v.push(self.unlocked_line());
        v.push(self.reviews_line());
        v
    }

    /// Whether the lesson is done: "Lesson done: ..." when every problem and
    /// question has an answer (from this pass or an earlier one), else how
    /// many are still open and how to reach them.
    pub fn done_line(&self) -> String {
        match self.unanswered {
            0 => "Lesson done: every problem and question has an answer.".into(),
            n => format!(
                "Not done yet: {n} of its problems and questions {} no answer.",
                if n == 1 { "has" } else { "have" }
            ),
        }
    }

    /// "Problems: 3 of 4 tried right (2 without hints, 1 with help); 1 not tried."
    pub fn problems_line(&self) -> String {
        if self.problems == 0 {
            return "Problems: none in this lesson.".into();
        }
        if self.problems_tried == 0 {
            return format!("Problems: none tried ({} in the lesson).", self.problems);
        }
        let right = self.right_unaided + self.right_with_help;
        let mut s = format!(
            "Problems: {right} right of {} tried ({} without hints, {} with hints or the solution)",
            self.problems_tried, self.right_unaided, self.right_with_help
        );
        let untried = self.problems.saturating_sub(self.problems_tried);
        if untried > 0 {
            s += &format!("; {untried} of {} not tried", self.problems);
        }
        s.push('.');
        s
    }

    pub fn questions_line(&self) -> String {
        if self.questions_tried == 0 {
            return format!(
                "Questions: none answered ({} in the lesson).",
                self.questions
            );
        }
        format!(
            "Questions: {} right at the first answer of {} answered ({} in the lesson).",
            self.questions_right_first, self.questions_tried, self.questions
        )
    }

    pub fn unlocked_line(&self) -> String {
        if self.unlocked.is_empty() {
            "Unlocked: nothing new.".into()
        } else {
            let names: Vec<String> = self
                .unlocked
                .iter()
                .map(|(_, t)| format!("\"{t}\""))
                .collect();
            format!("Unlocked: {}.", names.join(", "))
        }
    }

    pub fn reviews_line(&self) -> String {
        match self.reviews_due {
            0 => "Reviews due now: none.".into(),
            n => format!("Reviews due now: {n}."),
        }
    }
}

impl ConceptChange {
    /// "asymmetry: attempted → familiar" or "asymmetry: familiar (unchanged)".
    pub fn describe(&self) -> String {
        if self.before == self.after {
            format!("{}: {} (unchanged)", self.concept, self.after)
        } else {
            format!("{}: {} -> {}", self.concept, self.before, self.after)
        }
    }
}
