//! What the progress file records: the attempt log, lesson positions and
//! in-progress session snapshots.
//!
//! Only facts are stored. Mastery levels and the review schedule are derived
//! from the attempt log every time ([`super::mastery`], [`super::review`]),
//! so a change to those rules applies to old data and two files can be merged
//! by a plain union of their attempts.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds in a day, the unit SM-2 intervals are counted in.
pub const DAY_MS: i64 = 86_400_000;

/// Wall-clock time as unix milliseconds, the one time unit of this module.
/// A clock before 1970 reads as 0 rather than failing: progress must still save.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// What kind of activity an attempt came from. Challenges and reviews are
/// *tests* (they move mastery levels up and down); the others are learning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttemptKind {
    /// A worked problem inside a lesson.
    Practice,
    /// A conceptual question inside a lesson.
    Question,
    /// A quiz run (`kltutor quiz`).
    Quiz,
    /// A spaced review of a problem seen before.
    Review,
    /// A mastery challenge.
    Challenge,
}

impl AttemptKind {
    /// Challenges and reviews test retention rather than teach, so only they
    /// can raise a concept past Familiar or lower it.
    pub fn is_test(self) -> bool {
        matches!(self, AttemptKind::Review | AttemptKind::Challenge)
    }
}

/// One answer to one problem instance: the unit of the log. Read by the
/// visitor in `read.rs` (the `serde` attributes below that only
/// concern reading document it and the derive it replaces).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attempt {
    /// Unique across processes and machines (see [`new_attempt_id`]); merging
    /// two files is a union by this id, so it must never be reused.
    pub id: String,
    /// When the answer was submitted, unix milliseconds.
    pub time_ms: i64,
    /// `"<lesson-id>/<block-id>"`.
    pub problem: String,
    /// The concept id the problem exercises, e.g. `asymmetry`.
    pub concept: String,
    /// The seed the problem instance was drawn from, to show it again.
    pub seed: u64,
    /// What the learner typed.
    pub answer: String,
    pub correct: bool,
    #[serde(default)]
    pub hints_used: u32,
    #[serde(default)]
    pub solution_shown: bool,
    /// The grader's name for the mistake, if it recognised one.
    #[serde(default)]
    pub diagnosis: Option<String>,
    /// Time from showing the problem to the answer. `null` in a file reads as 0
    /// so one odd value cannot make the whole file unreadable (`read.rs`).
    pub seconds_taken: f64,
    /// How long the problem is expected to take, from the lesson. Stored with
    /// the attempt so the review schedule stays a pure function of the log;
    /// `None` means [`super::review::DEFAULT_EXPECTED_SECONDS`].
    #[serde(default)]
    pub expected_seconds: Option<f64>,
    pub kind: AttemptKind,
    /// Fields this version does not know (written by a newer kltutor), kept
    /// as they were and written back, so an older kltutor never drops them.
    #[serde(flatten, default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// The misconceptions this problem could have shown (see
    /// [`super::misconceptions`]), worked out when the answer was given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exposes: Vec<String>,
    /// For an answer given term by term: the 1-based outcome of the first
    /// wrong term, `None` when every term was right or the total was given.
    #[serde(default)]
    pub first_wrong_term: Option<u32>,
}

impl Attempt {
    /// An attempt made now, with a fresh id, no hints, no solution shown and
    /// no diagnosis; set the other public fields as needed.
    pub fn new(
        problem: impl Into<String>,
        concept: impl Into<String>,
        kind: AttemptKind,
        seed: u64,
        answer: impl Into<String>,
        correct: bool,
    ) -> Attempt {
        Attempt {
            id: new_attempt_id(),
            time_ms: now_ms(),
            problem: problem.into(),
            concept: concept.into(),
            seed,
            answer: answer.into(),
            correct,
            hints_used: 0,
            solution_shown: false,
            diagnosis: None,
            seconds_taken: 0.0,
            expected_seconds: None,
            kind,
            extra: serde_json::Map::new(),
            exposes: Vec::new(),
            first_wrong_term: None,
        }
    }

    /// Correct with no hint and no solution: the only evidence of knowing
    /// something that mastery and review give full credit for.
    pub fn unaided_correct(&self) -> bool {
        self.correct && self.hints_used == 0 && !self.solution_shown
    }
}

/// A new attempt id: `<unix ms>-<pid>-<counter>-<random>`, in hex.
///
/// Time + pid + a process-wide counter is unique on one machine; the random
/// part (from std's per-process hash keys, so no RNG dependency) keeps ids
/// from two machines apart when their files are merged by hand.
///
/// The log breaks ties in time by id, so two answers given in the same
/// millisecond must compare in the order they were made: the time and the
/// counter are zero-padded to a fixed width, or "10" would sort before "f".
pub fn new_attempt_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let random = RandomState::new().hash_one(n);
    format!(
        "{:012x}-{:x}-{:016x}-{:016x}",
        now_ms(),
        std::process::id(),
        n,
        random
    )
}

/// Where a learner was in a lesson, so it can reopen there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub section: usize,
    pub item: usize,
    pub scroll: u32,
    /// Unix ms of the move; two processes' positions merge last-writer-wins by it.
    pub updated_ms: i64,
}

/// An in-progress session saved by the session layer, opaque here.
///
/// `value: None` is a tombstone: a finished session must stay deleted when a
/// process that still holds the old snapshot merges its copy in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionSnapshot {
    pub value: Option<serde_json::Value>,
    pub updated_ms: i64,
}

/// The whole state kept on disk, as held in memory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Every answer, sorted by (time, id). Append-only.
    #[serde(default)]
    pub attempts: Vec<Attempt>,
    /// Lesson id -> where the learner was.
    #[serde(default)]
    pub positions: BTreeMap<String, Position>,
    /// Session key -> snapshot (or tombstone).
    #[serde(default)]
    pub sessions: BTreeMap<String, SessionSnapshot>,
    /// Predictions made before computations (`predict` blocks), for calibration.
    #[serde(default)]
    pub predictions: Vec<super::calibration::Prediction>,
    /// Top-level fields this version does not know (a newer kltutor's),
    /// kept and written back unchanged so they survive a save by this one.
    /// The store's own `schema` and derived `reviews` never land here.
    #[serde(flatten, default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Progress {
    /// Fold `other` (typically the file as another process left it) into
    /// `self`: attempts are a union by id, positions and sessions are
    /// last-writer-wins per key by their timestamp, ties keeping `self`.
    ///
    /// The union makes merging commutative for attempts, which is what
    /// matters: no answer is lost whichever process saves last.
    pub fn merge(&mut self, other: Progress) {
        let known: HashSet<String> = self.attempts.iter().map(|a| a.id.clone()).collect();
        let before = self.attempts.len();
        self.attempts.extend(
            other
                .attempts
                .into_iter()
                .filter(|a| !known.contains(&a.id)),
        );
        if self.attempts.len() != before {
            self.sort_attempts();
        }
        let known_p: HashSet<String> = self.predictions.iter().map(|p| p.id.clone()).collect();
        self.predictions.extend(
            other
                .predictions
                .into_iter()
                .filter(|p| !known_p.contains(&p.id)),
        );
        self.predictions
            .sort_by(|a, b| a.time_ms.cmp(&b.time_ms).then_with(|| a.id.cmp(&b.id)));
        for (lesson, pos) in other.positions {
            match self.positions.get(&lesson) {
                Some(mine) if mine.updated_ms >= pos.updated_ms => {}
                _ => {
                    self.positions.insert(lesson, pos);
                }
            }
        }
        // Unknown fields: what is already held wins, the other side fills gaps.
        for (key, value) in other.extra {
            self.extra.entry(key).or_insert(value);
        }
        for (key, snap) in other.sessions {
            match self.sessions.get(&key) {
                Some(mine) if mine.updated_ms >= snap.updated_ms => {}
                _ => {
                    self.sessions.insert(key, snap);
                }
            }
        }
    }

    /// Keep the log in time order (id breaks ties) so every reader replays
    /// the same sequence.
    pub fn sort_attempts(&mut self) {
        self.attempts
            .sort_by(|a, b| a.time_ms.cmp(&b.time_ms).then_with(|| a.id.cmp(&b.id)));
    }

    /// A live session snapshot, skipping tombstones.
    pub fn session(&self, key: &str) -> Option<&serde_json::Value> {
        self.sessions.get(key).and_then(|s| s.value.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(id: &str, t: i64) -> Attempt {
        let mut a = Attempt::new("l/b", "c", AttemptKind::Practice, 1, "0.5", true);
        a.id = id.into();
        a.time_ms = t;
        a
    }

    #[test]
    fn ids_are_unique() {
        let ids: HashSet<String> = (0..1000).map(|_| new_attempt_id()).collect();
        assert_eq!(ids.len(), 1000);
    }

    #[test]
    fn ids_sort_in_the_order_they_were_made() {
        // Enough ids to cross several hex digit boundaries of the counter.
        let made: Vec<String> = (0..300).map(|_| new_attempt_id()).collect();
        let mut sorted = made.clone();
        sorted.sort();
        assert_eq!(sorted, made);
    }

    #[test]
    fn merge_unions_attempts_and_keeps_order() {
        let mut a = Progress {
            attempts: vec![at("x", 1), at("z", 3)],
            ..Default::default()
        };
        let b = Progress {
            attempts: vec![at("y", 2), at("x", 1)],
            ..Default::default()
        };
        a.merge(b);
        let ids: Vec<&str> = a.attempts.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["x", "y", "z"]);
    }

    #[test]
    fn merge_positions_and_sessions_last_writer_wins() {
        let pos = |section, updated_ms| Position {
            section,
            item: 0,
            scroll: 0,
            updated_ms,
        };
        let mut mine = Progress::default();
        mine.positions.insert("a".into(), pos(1, 10));
        mine.positions.insert("b".into(), pos(1, 30));
        mine.sessions.insert(
            "s".into(),
            SessionSnapshot {
                value: None,
                updated_ms: 50,
            },
        );
        let mut theirs = Progress::default();
        theirs.positions.insert("a".into(), pos(2, 20));
        theirs.positions.insert("b".into(), pos(2, 20));
        theirs.positions.insert("c".into(), pos(2, 20));
        theirs.sessions.insert(
            "s".into(),
            SessionSnapshot {
                value: Some(serde_json::json!({"step": 3})),
                updated_ms: 40,
            },
        );
        mine.merge(theirs);
        assert_eq!(mine.positions["a"].section, 2);
        assert_eq!(mine.positions["b"].section, 1);
        assert_eq!(mine.positions["c"].section, 2);
        // The newer tombstone keeps the finished session deleted.
        assert_eq!(mine.session("s"), None);
    }

    #[test]
    fn null_seconds_taken_reads_as_zero() {
        let mut v = serde_json::to_value(at("x", 1)).unwrap();
        v["seconds_taken"] = serde_json::Value::Null;
        let a: Attempt = serde_json::from_value(v).unwrap();
        assert_eq!(a.seconds_taken, 0.0);
    }
}
