//! Spaced review with SM-2, per problem key, rebuilt from the attempt log.
//!
//! # Algorithm
//!
//! SM-2 is P. A. Woźniak's SuperMemo 2 algorithm (1987; described in his
//! 1990 thesis "Optimization of learning" and at
//! <https://super-memory.com/english/ol/sm2.htm>). Each item has a
//! repetition count `n`, an interval `I` in days and an easiness factor
//! `EF` (start 2.5). After a repetition graded `q` in 0..=5:
//!
//! ```text
//! if q >= 3:  I = 1 if n == 0;  6 if n == 1;  round(I * EF) otherwise;  n += 1
//! else:       n = 0;  I = 1
//! EF = max(1.3, EF + (0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)))
//! ```
//!
//! This is the commonly used statement of it (as in Wikipedia's SuperMemo
//! article): the interval uses the EF from before this repetition, and EF is
//! updated on lapses too, so an item that keeps failing comes back more often
//! even after it is relearned. (The 1987 text left EF unchanged on a lapse.)
//!
//! # Grading without a self-rating
//!
//! The learner does not rate themselves; [`quality`] derives `q` from what
//! the attempt shows:
//!
//! | attempt                                        | q |
//! |------------------------------------------------|---|
//! | wrong, and the solution was shown              | 0 |
//! | wrong                                          | 1 |
//! | correct, but only after the solution was shown | 2 |
//! | correct with hints                             | 3 |
//! | correct unaided, slower than expected          | 4 |
//! | correct unaided, within the expected time      | 5 |
//!
//! "Expected time" is the problem's `expected_seconds` (from the lesson,
//! stored on the attempt) or [`DEFAULT_EXPECTED_SECONDS`]; "within" means
//! `seconds_taken <= expected`. A missing or non-finite time counts as slow.
//!
//! # Which attempts are repetitions
//!
//! Every attempt of a problem key, whatever its kind, is considered in time
//! order. A wrong answer (q < 3) is always a repetition: it resets the item.
//! A correct answer counts only if it comes when the item is due (or it is
//! the first attempt); correct answers before that are ignored, because
//! answering the same problem three times in one sitting is not three days
//! of retention and would otherwise push the next review weeks away.
//!
//! A review shows a *fresh* random instance: [`due`] returns the problem key
//! and the session layer draws a new seed.

use super::model::{Attempt, DAY_MS};
use serde::Serialize;
use std::collections::BTreeMap;

/// Expected time for a problem whose attempts carry none: a minute.
pub const DEFAULT_EXPECTED_SECONDS: f64 = 60.0;

/// SM-2's starting easiness factor.
pub const INITIAL_EF: f64 = 2.5;

/// SM-2's floor on the easiness factor.
pub const MIN_EF: f64 = 1.3;

/// SM-2 state of one item.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Sm2 {
    /// Successful repetitions in a row.
    pub repetitions: u32,
    /// Days until the next repetition.
    pub interval_days: f64,
    pub ef: f64,
}

impl Default for Sm2 {
    fn default() -> Self {
        Sm2 {
            repetitions: 0,
            interval_days: 0.0,
            ef: INITIAL_EF,
        }
    }
}

impl Sm2 {
    /// One SM-2 step with grade `q` (0..=5; larger values are clamped).
    pub fn step(self, q: u8) -> Sm2 {
        let q = q.min(5);
        let (repetitions, interval_days) = if q >= 3 {
            let i = match self.repetitions {
                0 => 1.0,
                1 => 6.0,
                _ => (self.interval_days * self.ef).round(),
            };
            (self.repetitions + 1, i)
        } else {
            (0, 1.0)
        };
        let d = f64::from(5 - q);
        let ef = (self.ef + (0.1 - d * (0.08 + d * 0.02))).max(MIN_EF);
        Sm2 {
            repetitions,
            interval_days,
            ef,
        }
    }
}

/// SM-2 grade of an attempt; see the module docs for the table.
pub fn quality(a: &Attempt) -> u8 {
    match (a.correct, a.solution_shown) {
        (false, true) => 0,
        (false, false) => 1,
        (true, true) => 2,
        (true, false) if a.hints_used > 0 => 3,
        (true, false) => {
            let expected = a
                .expected_seconds
                .filter(|e| e.is_finite() && *e > 0.0)
                .unwrap_or(DEFAULT_EXPECTED_SECONDS);
            if a.seconds_taken.is_finite() && a.seconds_taken > 0.0 && a.seconds_taken <= expected {
                5
            } else {
                4
            }
        }
    }
}

/// The review state of one problem key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewState {
    /// The concept of the latest attempt of this problem.
    pub concept: String,
    pub sm2: Sm2,
    /// When the last counted repetition was, unix ms.
    pub last_ms: i64,
    /// When the next review is due, unix ms.
    pub due_at_ms: i64,
}

/// The schedule of every problem key that has an attempt, rebuilt from the
/// log. `attempts` need not be sorted.
pub fn schedule(attempts: &[Attempt]) -> BTreeMap<String, ReviewState> {
    let mut sorted: Vec<&Attempt> = attempts.iter().collect();
    sorted.sort_by(|a, b| a.time_ms.cmp(&b.time_ms).then_with(|| a.id.cmp(&b.id)));
    let mut out: BTreeMap<String, ReviewState> = BTreeMap::new();
    for a in sorted {
        let q = quality(a);
        match out.get_mut(&a.problem) {
            None => {
                let sm2 = Sm2::default().step(q);
                out.insert(
                    a.problem.clone(),
                    ReviewState {
                        concept: a.concept.clone(),
                        sm2,
                        last_ms: a.time_ms,
                        due_at_ms: due_after(a.time_ms, sm2),
                    },
                );
            }
            Some(st) => {
                st.concept.clone_from(&a.concept);
                if q < 3 || a.time_ms >= st.due_at_ms {
                    st.sm2 = st.sm2.step(q);
                    st.last_ms = a.time_ms;
                    st.due_at_ms = due_after(a.time_ms, st.sm2);
                }
            }
        }
    }
    out
}

fn due_after(t: i64, sm2: Sm2) -> i64 {
    t.saturating_add((sm2.interval_days * DAY_MS as f64) as i64)
}

/// A problem due for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Due {
    /// `"<lesson-id>/<block-id>"`: draw a fresh seed for it.
    pub problem: String,
    pub concept: String,
    pub due_at_ms: i64,
    /// `now - due_at_ms`, never negative.
    pub overdue_by_ms: i64,
}

/// Problems due at `now_ms`, most overdue first (problem key breaks ties).
pub fn due(attempts: &[Attempt], now_ms: i64) -> Vec<Due> {
    let mut out: Vec<Due> = schedule(attempts)
        .into_iter()
        .filter(|(_, st)| st.due_at_ms <= now_ms)
        .map(|(problem, st)| Due {
            problem,
            concept: st.concept,
            due_at_ms: st.due_at_ms,
            overdue_by_ms: now_ms - st.due_at_ms,
        })
        .collect();
    out.sort_by(|a, b| {
        b.overdue_by_ms
            .cmp(&a.overdue_by_ms)
            .then_with(|| a.problem.cmp(&b.problem))
    });
    out
}

/// When the next review not yet due falls, if any: for "next review in 3h".
pub fn next_due_ms(attempts: &[Attempt], now_ms: i64) -> Option<i64> {
    schedule(attempts)
        .values()
        .map(|s| s.due_at_ms)
        .filter(|&t| t > now_ms)
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::model::AttemptKind;

    fn att(problem: &str, day: f64, correct: bool) -> Attempt {
        let mut a = Attempt::new(problem, "c", AttemptKind::Review, 0, "x", correct);
        a.time_ms = (day * DAY_MS as f64) as i64;
        a.id = format!("{problem}-{day}");
        a.seconds_taken = 10.0;
        a
    }

    #[test]
    fn sm2_known_sequence_all_fives() {
        let s1 = Sm2::default().step(5);
        assert_eq!((s1.repetitions, s1.interval_days), (1, 1.0));
        assert!((s1.ef - 2.6).abs() < 1e-12);
        let s2 = s1.step(5);
        assert_eq!(s2.interval_days, 6.0);
        assert!((s2.ef - 2.7).abs() < 1e-12);
        // Third: round(6 * 2.7) = round(16.2) = 16, using the EF before the update.
        let s3 = s2.step(5);
        assert_eq!(s3.interval_days, 16.0);
        assert!((s3.ef - 2.8).abs() < 1e-12);
        let s4 = s3.step(5);
        assert_eq!(s4.interval_days, (16.0f64 * 2.8).round()); // 45
    }

    #[test]
    fn sm2_ef_formula_and_floor() {
        // q=4 leaves EF unchanged, q=3 lowers it by 0.14, q=0 by 0.8.
        assert!((Sm2::default().step(4).ef - 2.5).abs() < 1e-12);
        assert!((Sm2::default().step(3).ef - 2.36).abs() < 1e-12);
        let lapse = Sm2::default().step(0);
        assert!((lapse.ef - 1.7).abs() < 1e-12);
        assert_eq!((lapse.repetitions, lapse.interval_days), (0, 1.0));
        assert_eq!(lapse.step(0).ef, MIN_EF);
    }

    #[test]
    fn sm2_lapse_restarts_intervals() {
        let s = Sm2::default().step(5).step(5).step(5).step(1);
        assert_eq!((s.repetitions, s.interval_days), (0, 1.0));
        assert_eq!(s.step(4).interval_days, 1.0);
        assert_eq!(s.step(4).step(4).interval_days, 6.0);
    }

    #[test]
    fn quality_from_the_attempt() {
        let mut a = att("p", 0.0, false);
        assert_eq!(quality(&a), 1);
        a.solution_shown = true;
        assert_eq!(quality(&a), 0);
        a.correct = true;
        assert_eq!(quality(&a), 2);
        a.solution_shown = false;
        a.hints_used = 1;
        assert_eq!(quality(&a), 3);
        a.hints_used = 0;
        a.seconds_taken = 61.0;
        assert_eq!(quality(&a), 4);
        a.seconds_taken = 60.0;
        assert_eq!(quality(&a), 5);
        a.expected_seconds = Some(30.0);
        assert_eq!(quality(&a), 4);
        a.seconds_taken = f64::NAN;
        assert_eq!(quality(&a), 4);
    }

    #[test]
    fn schedule_follows_sm2_from_the_log() {
        let log = [
            att("p", 0.0, true),
            att("p", 1.0, true),
            att("p", 7.0, true),
        ];
        let st = &schedule(&log)["p"];
        assert_eq!(st.sm2.interval_days, 16.0);
        assert_eq!(st.due_at_ms, 23 * DAY_MS);
    }

    #[test]
    fn early_correct_answers_do_not_inflate_the_interval() {
        let log = [
            att("p", 0.0, true),
            att("p", 0.01, true),
            att("p", 0.02, true),
        ];
        let st = &schedule(&log)["p"];
        assert_eq!(st.sm2.repetitions, 1);
        assert_eq!(st.due_at_ms, DAY_MS);
    }

    #[test]
    fn a_wrong_answer_resets_even_before_due() {
        let log = [
            att("p", 0.0, true),
            att("p", 1.0, true),
            att("p", 2.0, false),
        ];
        let st = &schedule(&log)["p"];
        assert_eq!(st.sm2.repetitions, 0);
        assert_eq!(st.due_at_ms, 3 * DAY_MS);
    }

    #[test]
    fn due_lists_most_overdue_first() {
        let log = [
            att("a", 0.0, true),  // due day 1
            att("b", 0.0, false), // due day 1 (lapse)
            att("c", -5.0, true), // due day -4
            att("d", 10.0, true), // due day 11: not yet
        ];
        let now = 3 * DAY_MS;
        let d = due(&log, now);
        let keys: Vec<&str> = d.iter().map(|d| d.problem.as_str()).collect();
        assert_eq!(keys, ["c", "a", "b"]);
        assert_eq!(d[0].overdue_by_ms, 7 * DAY_MS);
        assert_eq!(d[1].overdue_by_ms, 2 * DAY_MS);
        assert_eq!(next_due_ms(&log, now), Some(11 * DAY_MS));
        assert!(due(&log, 0).iter().all(|d| d.problem == "c"));
    }
}
