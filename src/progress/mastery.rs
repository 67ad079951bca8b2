//! Khan-Academy-style mastery levels per concept, recomputed from the
//! attempt log (never stored, so a rule change applies to old data).
//!
//! # The rule
//!
//! An attempt is *unaided-correct* when it is correct, used no hint and the
//! solution was not shown: a right answer after a hint is evidence of
//! learning, not of knowing, so it never counts towards a level.
//!
//! Each concept's attempts are replayed oldest first, from `NotStarted`:
//!
//! * Any attempt raises the level to at least **Attempted**.
//! * A *learning* attempt (Practice, Question, Quiz) can only raise the level,
//!   never lower it (mistakes while learning are expected and must not lock
//!   lessons again), and only up to what the recent window shows:
//!   - **Familiar**: ≥ 2 unaided-correct among the concept's last 4 attempts;
//!   - **Proficient**: ≥ 4 unaided-correct among the last 5, at least one of
//!     them a test (Challenge or Review). Learning alone tops out at Familiar.
//! * A *test* attempt (Challenge, Review) moves the level one step:
//!   - unaided-correct: up one level, except that **Mastered** also needs the
//!     current streak of unaided-correct tests (no failed test in between) to
//!     have started at least a day ([`MASTERY_SPACING_MS`]) before this one:
//!     knowing it twice, a day apart, is retention rather than short-term memory;
//!   - otherwise (wrong, or helped): down one level, never below Attempted.
//!
//! So practice gets a learner to Familiar, a test to Proficient, a second
//! test on another day to Mastered, and a failed test drops a level.

use super::model::{Attempt, DAY_MS};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How far apart the first and last test of a correct streak must be for
/// Mastered: one day.
pub const MASTERY_SPACING_MS: i64 = DAY_MS;

/// A concept's mastery level, in increasing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    NotStarted,
    Attempted,
    Familiar,
    Proficient,
    Mastered,
}

impl Level {
    /// Machine name, as in `--json` output.
    pub fn id(self) -> &'static str {
        match self {
            Level::NotStarted => "not-started",
            Level::Attempted => "attempted",
            Level::Familiar => "familiar",
            Level::Proficient => "proficient",
            Level::Mastered => "mastered",
        }
    }

    /// The words a learner reads ("not started"); screens and plain text
    /// use these, `--json` keeps [`Level::id`].
    pub fn label(self) -> &'static str {
        match self {
            Level::NotStarted => "not started",
            other => other.id(),
        }
    }

    fn up(self) -> Level {
        match self {
            Level::NotStarted => Level::Attempted,
            Level::Attempted => Level::Familiar,
            Level::Familiar => Level::Proficient,
            Level::Proficient | Level::Mastered => Level::Mastered,
        }
    }

    fn down(self) -> Level {
        match self {
            Level::Mastered => Level::Proficient,
            Level::Proficient => Level::Familiar,
            _ => Level::Attempted,
        }
    }
}

/// Displays the learner's words ([`Level::label`]), not the machine id.
impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// The level of every concept that has at least one attempt. Concepts
/// absent from the map are NotStarted ([`level_of`] says so).
///
/// `attempts` need not be sorted: they are replayed in (time, id) order.
pub fn levels(attempts: &[Attempt]) -> BTreeMap<String, Level> {
    let mut by_concept: BTreeMap<&str, Vec<&Attempt>> = BTreeMap::new();
    for a in attempts {
        by_concept.entry(a.concept.as_str()).or_default().push(a);
    }
    by_concept
        .into_iter()
        .map(|(concept, mut log)| {
            log.sort_by(|a, b| a.time_ms.cmp(&b.time_ms).then_with(|| a.id.cmp(&b.id)));
            (concept.to_string(), replay(&log))
        })
        .collect()
}

/// One concept's level from its attempts, oldest first.
fn replay(log: &[&Attempt]) -> Level {
    let mut level = Level::NotStarted;
    // Time of the first test in the current run of unaided-correct tests.
    let mut streak_start: Option<i64> = None;
    for (i, a) in log.iter().enumerate() {
        level = level.max(Level::Attempted);
        if a.kind.is_test() {
            if a.unaided_correct() {
                let start = *streak_start.get_or_insert(a.time_ms);
                let next = level.up();
                let spaced = a.time_ms - start >= MASTERY_SPACING_MS;
                level = if next == Level::Mastered && !spaced {
                    level.max(Level::Proficient)
                } else {
                    next
                };
            } else {
                streak_start = None;
                level = level.down();
            }
        } else {
            level = level.max(window_level(&log[..=i]));
        }
    }
    level
}

/// The highest level a learning attempt can confirm, from the recent window.
fn window_level(log: &[&Attempt]) -> Level {
    let last = |n: usize| &log[log.len().saturating_sub(n)..];
    let last5 = last(5);
    let ok5 = last5.iter().filter(|a| a.unaided_correct()).count();
    let test5 = last5
        .iter()
        .any(|a| a.unaided_correct() && a.kind.is_test());
    if ok5 >= 4 && test5 {
        return Level::Proficient;
    }
    if last(4).iter().filter(|a| a.unaided_correct()).count() >= 2 {
        return Level::Familiar;
    }
    Level::Attempted
}

/// A concept's level from a [`levels`] map: absent means NotStarted.
pub fn level_of(levels: &BTreeMap<String, Level>, concept: &str) -> Level {
    levels.get(concept).copied().unwrap_or(Level::NotStarted)
}

/// Whether a lesson is open: every concept taught by its prerequisite
/// lessons is at least Familiar. The caller (who knows the curriculum)
/// passes those concepts; a lesson with none is always open.
pub fn lesson_unlocked<'a>(
    prerequisite_concepts: impl IntoIterator<Item = &'a str>,
    levels: &BTreeMap<String, Level>,
) -> bool {
    prerequisite_concepts
        .into_iter()
        .all(|c| level_of(levels, c) >= Level::Familiar)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::model::AttemptKind::{self, *};

    /// Builds a log for concept "c": each step is (kind, correct, hints, day).
    fn log(steps: &[(AttemptKind, bool, u32, f64)]) -> Vec<Attempt> {
        steps
            .iter()
            .enumerate()
            .map(|(i, &(kind, correct, hints, day))| {
                let mut a = Attempt::new("l/p", "c", kind, i as u64, "x", correct);
                a.id = format!("{i:04}");
                a.time_ms = (day * DAY_MS as f64) as i64 + i as i64;
                a.hints_used = hints;
                a
            })
            .collect()
    }

    fn level(steps: &[(AttemptKind, bool, u32, f64)]) -> Level {
        level_of(&levels(&log(steps)), "c")
    }

    #[test]
    fn learners_read_words_json_keeps_ids() {
        assert_eq!(Level::NotStarted.to_string(), "not started");
        assert_eq!(Level::Familiar.to_string(), "familiar");
        assert_eq!(Level::NotStarted.id(), "not-started");
        assert_eq!(
            serde_json::to_string(&Level::NotStarted).unwrap(),
            "\"not-started\""
        );
    }

    #[test]
    fn no_attempts_is_not_started() {
        assert_eq!(level(&[]), Level::NotStarted);
        assert!(levels(&[]).is_empty());
    }

    #[test]
    fn one_wrong_attempt_is_attempted() {
        assert_eq!(level(&[(Practice, false, 0, 0.0)]), Level::Attempted);
    }

    #[test]
    fn two_unaided_correct_in_last_four_is_familiar() {
        let s = [(Practice, false, 0, 0.0), (Practice, true, 0, 0.0)];
        assert_eq!(level(&s), Level::Attempted);
        let s = [
            (Practice, false, 0, 0.0),
            (Practice, true, 0, 0.0),
            (Quiz, true, 0, 0.0),
        ];
        assert_eq!(level(&s), Level::Familiar);
    }

    #[test]
    fn hints_or_solution_make_a_correct_answer_not_count() {
        let s = [(Practice, true, 1, 0.0); 6];
        assert_eq!(level(&s), Level::Attempted);
        let mut l = log(&[(Practice, true, 0, 0.0); 6]);
        for a in &mut l {
            a.solution_shown = true;
        }
        assert_eq!(level_of(&levels(&l), "c"), Level::Attempted);
    }

    #[test]
    fn practice_alone_tops_out_at_familiar() {
        assert_eq!(level(&[(Practice, true, 0, 0.0); 10]), Level::Familiar);
    }

    #[test]
    fn practice_never_lowers_a_level() {
        let mut s = vec![(Practice, true, 0, 0.0); 2];
        s.extend([(Practice, false, 0, 0.0); 6]);
        assert_eq!(level(&s), Level::Familiar);
    }

    #[test]
    fn challenge_moves_up_and_mastery_needs_a_day_between_tests() {
        let mut s = vec![(Practice, true, 0, 0.0); 2];
        s.push((Challenge, true, 0, 0.0));
        assert_eq!(level(&s), Level::Proficient);
        // Same day: still Proficient.
        s.push((Review, true, 0, 0.5));
        assert_eq!(level(&s), Level::Proficient);
        // A day after the streak began: Mastered.
        s.push((Challenge, true, 0, 1.0));
        assert_eq!(level(&s), Level::Mastered);
        // A wrong challenge drops one level, and a hinted one counts as wrong.
        s.push((Challenge, false, 0, 2.0));
        assert_eq!(level(&s), Level::Proficient);
        s.push((Challenge, true, 2, 2.0));
        assert_eq!(level(&s), Level::Familiar);
        // Next correct test: up one; the streak restarted, so Mastered waits a day.
        s.push((Challenge, true, 0, 3.0));
        assert_eq!(level(&s), Level::Proficient);
        s.push((Challenge, true, 0, 3.5));
        assert_eq!(level(&s), Level::Proficient);
        s.push((Review, true, 0, 4.0));
        assert_eq!(level(&s), Level::Mastered);
    }

    #[test]
    fn failed_tests_floor_at_attempted() {
        assert_eq!(level(&[(Challenge, false, 0, 0.0); 3]), Level::Attempted);
    }

    #[test]
    fn practice_reaches_proficient_with_a_test_in_the_window() {
        // Attempted -> challenge up to Familiar; then 3 more correct practice:
        // 4 of the last 5 unaided-correct including the challenge.
        let s = [
            (Practice, false, 0, 0.0),
            (Challenge, true, 0, 0.0),
            (Practice, true, 0, 0.0),
            (Practice, true, 0, 0.0),
        ];
        assert_eq!(level(&s), Level::Familiar);
        let mut s = s.to_vec();
        s.push((Practice, true, 0, 0.0));
        assert_eq!(level(&s), Level::Proficient);
    }

    #[test]
    fn order_of_input_does_not_matter() {
        let mut l = log(&[
            (Practice, true, 0, 0.0),
            (Practice, true, 0, 0.0),
            (Challenge, true, 0, 0.0),
            (Challenge, false, 0, 1.0),
        ]);
        l.reverse();
        assert_eq!(level_of(&levels(&l), "c"), Level::Familiar);
    }

    #[test]
    fn concepts_are_independent_and_unlocking_needs_familiar() {
        let mut l = log(&[(Practice, true, 0, 0.0); 2]);
        let mut other = Attempt::new("l/q", "d", Practice, 0, "x", false);
        other.time_ms = 5;
        l.push(other);
        let lv = levels(&l);
        assert_eq!(lv["c"], Level::Familiar);
        assert_eq!(lv["d"], Level::Attempted);
        assert!(lesson_unlocked(["c"], &lv));
        assert!(!lesson_unlocked(["c", "d"], &lv));
        assert!(!lesson_unlocked(["c", "never-seen"], &lv));
        assert!(lesson_unlocked([], &lv));
    }
}
