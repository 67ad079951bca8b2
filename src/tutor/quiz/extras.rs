//! Extra items for the misconceptions a learner still holds: a quiz or a
//! review adds, for each active misconception (most recently seen first, at
//! most [`EXTRA_ITEMS`]), one problem on which that misconception would give
//! a wrong value, so it can show again or be answered cleanly toward its
//! resolution.
//!
//! Which problems are added is decided by [`plan`] from the catalog and the
//! attempt log alone, never from a random seed, so the home screen can say
//! how many items a review will pose and the review poses exactly that many.
//! Only the instance of a randomized problem is drawn fresh when it is posed
//! ([`pose`]), and an instance is kept only if the misconception can show on
//! it.

use super::pool::Source;
use crate::lesson::{Lesson, Problem};
use crate::progress::Store;
use crate::progress::misconceptions::active;
use crate::tutor::problem::ActiveProblem;
use std::collections::HashMap;

/// At most this many extra items in a quiz or review, one per active
/// misconception (most recently seen first).
pub const EXTRA_ITEMS: usize = 2;

/// Instance seeds tried, in order, to learn whether a randomized problem can
/// show a misconception. Fixed, so the plan depends only on the catalog and
/// the log.
const PROBE_SEEDS: [u64; 6] = [101, 2027, 30011, 41077, 55541, 77017];

/// Fresh seeds tried when posing a randomized extra before falling back to
/// the probe seed that showed the misconception.
const FRESH_TRIES: usize = 8;

/// One extra item, planned but not yet posed.
#[derive(Debug, Clone, Copy)]
pub struct Planned<'a> {
    /// The active misconception it could show.
    pub misconception: &'a str,
    pub lesson: &'a Lesson,
    pub problem: &'a Problem,
    /// A seed whose instance shows it (0 for fixed problems).
    probe_seed: u64,
}

impl Planned<'_> {
    /// `"<lesson-id>/<block-id>"`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.lesson.id, self.problem.id)
    }
}

/// The extra items for the learner's active misconceptions: for each (most
/// recently seen first) the first problem of `pool`, in an order rotated by
/// the number of answers recorded (so successive drills draw different
/// problems), that is not among `taken` keys nor already planned and on
/// which the misconception can show. Misconceptions no problem of the pool
/// can show are passed over; at most [`EXTRA_ITEMS`].
pub fn plan<'a>(
    pool: &[Source<'a>],
    store: &Store,
    misconceptions: &'a [String],
    taken: &[String],
) -> Vec<Planned<'a>> {
    let problems: Vec<(&Lesson, &Problem)> = pool
        .iter()
        .filter_map(|s| match s {
            Source::Problem(l, p) => Some((*l, *p)),
            Source::Question(..) => None,
        })
        .collect();
    let mut out: Vec<Planned<'a>> = Vec::new();
    if problems.is_empty() {
        return out;
    }
    let start = store.attempts().len() % problems.len();
    // What each probed instance could show, computed once per problem.
    let mut probed: HashMap<usize, Vec<(u64, Vec<String>)>> = HashMap::new();
    for m in misconceptions {
        if out.len() >= EXTRA_ITEMS {
            break;
        }
        for k in 0..problems.len() {
            let i = (start + k) % problems.len();
            let (l, p) = problems[i];
            let key = format!("{}/{}", l.id, p.id);
            if taken.contains(&key) || out.iter().any(|o| o.key() == key) {
                continue;
            }
            let probes = probed.entry(i).or_insert_with(|| probe(l, p));
            if let Some((seed, _)) = probes.iter().find(|(_, ms)| ms.contains(m)) {
                out.push(Planned {
                    misconception: m,
                    lesson: l,
                    problem: p,
                    probe_seed: *seed,
                });
                break;
            }
        }
    }
    out
}

/// The learner's active misconceptions, most recently seen first.
pub fn held(store: &Store) -> Vec<String> {
    active(store.attempts())
}

/// (seed, misconceptions its instance could show) for the probe instances.
fn probe(l: &Lesson, p: &Problem) -> Vec<(u64, Vec<String>)> {
    let seeds: &[u64] = if p.is_randomized() {
        &PROBE_SEEDS
    } else {
        &[0]
    };
    seeds
        .iter()
        .filter_map(|&s| {
            ActiveProblem::new(&l.id, p, s)
                .ok()
                .map(|a| (s, a.exposes()))
        })
        .collect()
}

/// Poses a planned extra: a fixed problem as it is; a randomized one with
/// the first of a few fresh seeds whose instance can show the
/// misconception, else with the probe seed that could. Marked with the
/// misconception it was added for.
pub fn pose(planned: &Planned<'_>, next_seed: &mut dyn FnMut() -> u64) -> Option<ActiveProblem> {
    let (l, p, m) = (planned.lesson, planned.problem, planned.misconception);
    let mut chosen = None;
    if p.is_randomized() {
        for _ in 0..FRESH_TRIES {
            if let Ok(a) = ActiveProblem::new(&l.id, p, next_seed())
                && a.exposes().iter().any(|e| e == m)
            {
                chosen = Some(a);
                break;
            }
        }
    }
    let mut a = match chosen {
        Some(a) => a,
        None => ActiveProblem::new(&l.id, p, planned.probe_seed).ok()?,
    };
    a.extra_for = Some(m.to_string());
    Some(a.alone())
}
