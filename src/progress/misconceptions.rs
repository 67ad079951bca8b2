//! Misconceptions, tracked like concepts: the diagnoses of wrong answers
//! grouped into the false beliefs behind them, each with a state per learner
//! derived from the attempt log alone (like mastery, so a better rule
//! applies to old progress and merged files agree).
//!
//! A misconception becomes **active** when an answer is diagnosed with one
//! of its mistakes, and **resolved** after [`RESOLVE_AFTER`] later clean
//! answers (right, without the worked solution) to problems where it could
//! have shown: problems on which one of its mistakes gives a value different
//! from the right one. Which misconceptions a problem could show is worked
//! out by the tutor when the answer is given and stored with the attempt
//! ([`Attempt::exposes`]); answers recorded before that field existed count
//! for nothing here. A new diagnosis makes a resolved misconception active
//! again and starts the count afresh.

use super::model::Attempt;
use serde::Serialize;
use std::collections::BTreeMap;

/// Clean answers, after the last diagnosis, that resolve a misconception.
/// Three: one right answer can be luck or a different route; three on
/// problems where the mistake would have shown is a habit.
pub const RESOLVE_AFTER: u32 = 3;

/// Every misconception: stable id and what the learner believes or does.
pub const MISCONCEPTIONS: &[(&str, &str)] = &[
    (
        "direction",
        "KL is symmetric: the order of P and Q does not matter",
    ),
    ("units", "the base of the logarithm does not matter"),
    (
        "weighting",
        "log ratios are weighted by the wrong distribution, or not at all",
    ),
    (
        "entropy-vs-divergence",
        "entropy, cross-entropy and divergence are the same quantity",
    ),
    (
        "sign",
        "a divergence can come out negative, or the ratio is upside down",
    ),
    (
        "support",
        "zeros in P or Q are harmless, or always make KL infinite",
    ),
    (
        "constants",
        "the halves, roots and constants of a formula (JS, TV, Hellinger, the Gaussian closed form) can be dropped",
    ),
    (
        "dropped-term",
        "an outcome's term can be left out of the sum",
    ),
    ("missing-log", "KL averages the ratio itself, not its log"),
    (
        "spread",
        "a standard deviation and a variance (σ and σ², ln σ and ln σ²) are interchangeable",
    ),
];

/// The misconceptions a diagnosed mistake (a catalogue id) points at; empty
/// for an id that belongs to none.
pub fn of_diagnosis(mistake: &str) -> &'static [&'static str] {
    match mistake {
        "swapped-arguments" | "symmetrized-kl" => &["direction"],
        "swapped-nats-for-bits" | "swapped-bits-for-nats" | "swapped-log10" => {
            &["direction", "units"]
        }
        "nats-for-bits" | "bits-for-nats" | "log10" | "nats-for-hartleys" | "bits-for-hartleys"
        | "unit-mismatch" => &["units"],
        "weighted-by-q" | "weighted-by-p" | "unweighted" => &["weighting"],
        "cross-entropy-for-kl"
        | "entropy-for-kl"
        | "kl-for-cross-entropy"
        | "entropy-for-cross-entropy" => &["entropy-vs-divergence"],
        "sign-flipped" | "negative-value" => &["sign"],
        "finite-for-infinite" | "infinite-for-finite" => &["support"],
        "forgot-half"
        | "tv-without-half"
        | "squared-hellinger"
        | "hellinger-without-half"
        | "gaussian-without-half"
        | "gaussian-dropped-constant" => &["constants"],
        "sigma-for-variance" | "log-variance-slip" => &["spread"],
        "dropped-term" | "js-one-side" => &["dropped-term"],
        "forgot-log" => &["missing-log"],
        _ => &[],
    }
}

/// Active or resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Active,
    Resolved,
}

/// One misconception of one learner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Misconception {
    pub state: State,
    /// How many answers were diagnosed with it.
    pub seen: u32,
    /// When it was last diagnosed, unix ms.
    pub last_seen: i64,
    /// Clean answers where it could have shown, since it was last diagnosed.
    pub clean_since: u32,
}

/// Every misconception ever diagnosed in `attempts`, by id (ids never
/// diagnosed are absent), replayed in time order.
pub fn misconceptions(attempts: &[Attempt]) -> BTreeMap<String, Misconception> {
    let mut order: Vec<&Attempt> = attempts.iter().collect();
    order.sort_by_key(|a| a.time_ms);
    let mut out: BTreeMap<String, Misconception> = BTreeMap::new();
    for a in order {
        let diagnosed = a.diagnosis.as_deref().map_or(&[][..], of_diagnosis);
        for id in diagnosed {
            let m = out.entry(id.to_string()).or_insert(Misconception {
                state: State::Active,
                seen: 0,
                last_seen: a.time_ms,
                clean_since: 0,
            });
            m.state = State::Active;
            m.seen += 1;
            m.last_seen = a.time_ms;
            m.clean_since = 0;
        }
        if a.correct && !a.solution_shown {
            for id in &a.exposes {
                if let Some(m) = out.get_mut(id) {
                    m.clean_since += 1;
                    if m.clean_since >= RESOLVE_AFTER {
                        m.state = State::Resolved;
                    }
                }
            }
        }
    }
    out
}

/// The active misconceptions, most recently seen first.
pub fn active(attempts: &[Attempt]) -> Vec<String> {
    let mut v: Vec<(String, Misconception)> = misconceptions(attempts)
        .into_iter()
        .filter(|(_, m)| m.state == State::Active)
        .collect();
    v.sort_by_key(|(id, m)| (std::cmp::Reverse(m.last_seen), id.clone()));
    v.into_iter().map(|(id, _)| id).collect()
}

/// The description of a misconception id.
pub fn describe(id: &str) -> Option<&'static str> {
    MISCONCEPTIONS
        .iter()
        .find(|(m, _)| *m == id)
        .map(|(_, d)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::AttemptKind;

    /// Every catalogued mistake belongs to a misconception, and only to
    /// listed ones, so no diagnosis goes untracked.
    #[test]
    fn every_mistake_has_a_misconception() {
        for id in crate::mistake_ids::MISTAKE_IDS {
            let ms = of_diagnosis(id);
            assert!(!ms.is_empty(), "{id} belongs to no misconception");
            for m in ms {
                assert!(describe(m).is_some(), "{id} -> unknown {m}");
            }
        }
    }

    fn at(t: i64, correct: bool, diagnosis: Option<&str>, exposes: &[&str]) -> Attempt {
        let mut a = Attempt::new("l/p", "asymmetry", AttemptKind::Practice, 0, "x", correct);
        a.time_ms = t;
        a.diagnosis = diagnosis.map(str::to_string);
        a.exposes = exposes.iter().map(|s| s.to_string()).collect();
        a
    }

    #[test]
    fn active_when_diagnosed_resolved_after_enough_clean_answers() {
        let mut log = vec![at(
            10,
            false,
            Some("swapped-arguments"),
            &["direction", "units"],
        )];
        let m = misconceptions(&log)["direction"];
        assert_eq!(
            (m.state, m.seen, m.last_seen, m.clean_since),
            (State::Active, 1, 10, 0)
        );
        // Right answers on problems that could not show it do not count.
        log.push(at(20, true, None, &["units"]));
        // Nor do wrong ones, nor right ones after the solution.
        log.push(at(30, false, None, &["direction"]));
        let mut after_solution = at(40, true, None, &["direction"]);
        after_solution.solution_shown = true;
        log.push(after_solution);
        assert_eq!(misconceptions(&log)["direction"].clean_since, 0);
        for t in 1..RESOLVE_AFTER as i64 {
            log.push(at(100 + t, true, None, &["direction"]));
        }
        assert_eq!(misconceptions(&log)["direction"].state, State::Active);
        log.push(at(200, true, None, &["direction"]));
        let m = misconceptions(&log)["direction"];
        assert_eq!((m.state, m.clean_since), (State::Resolved, RESOLVE_AFTER));
        assert!(active(&log).is_empty());
        // Seen again: active, count restarts.
        log.push(at(300, false, Some("swapped-nats-for-bits"), &[]));
        let all = misconceptions(&log);
        assert_eq!(
            (all["direction"].state, all["direction"].seen),
            (State::Active, 2)
        );
        assert_eq!(all["units"].seen, 1);
        assert_eq!(active(&log).len(), 2);
    }

    #[test]
    fn order_in_the_file_does_not_matter() {
        let log = vec![
            at(50, true, None, &["sign"]),
            at(10, false, Some("sign-flipped"), &[]),
        ];
        assert_eq!(misconceptions(&log)["sign"].clean_since, 1);
    }

    #[test]
    fn every_misconception_is_described_and_mapped_ids_exist() {
        for (id, d) in MISCONCEPTIONS {
            assert!(!d.is_empty() && describe(id) == Some(*d));
        }
        for m in [
            "swapped-arguments",
            "weighted-by-q",
            "forgot-half",
            "dropped-term",
        ] {
            for id in of_diagnosis(m) {
                assert!(describe(id).is_some(), "{id}");
            }
        }
        assert!(of_diagnosis("no-such-mistake").is_empty());
    }
}
