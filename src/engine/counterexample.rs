//! Counterexamples on demand: a search over small discrete distributions for
//! a concrete refutation of a general claim about KL divergence.
//!
//! A learner who believes "KL is symmetric" is best answered with two
//! distributions and their two numbers. [`search`] walks grids of
//! distributions from the simplest up (two outcomes in tenths, then three,
//! then twentieths, ...) and, at the first grid that holds a clear violation
//! (a margin of at least [`MIN_MARGIN`] nats, so it shows at four digits),
//! returns the candidate that violates the claim by the most. A claim that is
//! true is searched the same way, and the result says how many candidates were
//! tried without a violation (the reason it holds is a proof, worded by the
//! tutor layer; the search is a check, not the argument).
//!
//! Every number in a [`Counterexample`] is computed by this engine's own
//! functions on the vectors it returns, so anyone can recompute it with
//! `kltutor calc` and get the same digits.

use super::base::Base;
use super::discrete::{Norm, js, kl, kl_terms};
use std::f64::consts::LN_2;

/// The smallest violation accepted as a counterexample to a false claim, in
/// nats: large enough to be plain at four significant digits.
pub const MIN_MARGIN: f64 = 0.01;

/// Above this a true claim's candidate counts as a violation: far above the
/// rounding noise of the engine, far below anything a learner could see.
const NOISE: f64 = 1e-9;

/// A general statement about KL divergence that the search can test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Claim {
    /// D(P‖Q) = D(Q‖P) for every P, Q (false).
    Symmetry,
    /// D(P‖R) ≤ D(P‖Q) + D(Q‖R) (false).
    Triangle,
    /// D(P‖Q) ≤ the bound, in the unit of the search's base (false for any
    /// finite bound).
    Bounded(f64),
    /// Every term P(x) ln(P(x)/Q(x)) is ≥ 0 (false).
    TermSign,
    /// D(P‖(Q+R)/2) < min(D(P‖Q), D(P‖R)): mixing the two Q's always beats
    /// both (false).
    MixtureForward,
    /// D(P‖Q) ≥ 0 (true: Gibbs' inequality).
    NonNegativity,
    /// D(P‖Q) = 0 exactly when P = Q (true).
    ZeroIffEqual,
    /// D(P‖(Q+R)/2) ≤ (D(P‖Q) + D(P‖R))/2 (true: convexity).
    Convexity,
    /// JS(P, Q) ≤ ln 2 (true).
    JsBounded,
}

/// The claim ids, as typed on the command line and in lesson files, with
/// whether each is true. False ones first, in the order a course meets them.
pub const CLAIMS: &[(&str, bool)] = &[
    ("symmetry", false),
    ("triangle", false),
    ("bounded", false),
    ("term-sign", false),
    ("mixture-forward", false),
    ("non-negativity", true),
    ("zero-iff-equal", true),
    ("convexity", true),
    ("js-bounded", true),
];

impl Claim {
    /// The claim named `id`; `bound` is the bound of `bounded` in the search's
    /// unit (default: ln 2 nats in that unit). `None` for an unknown id.
    pub fn from_id(id: &str, bound: Option<f64>, base: Base) -> Option<Claim> {
        Some(match id {
            "symmetry" => Claim::Symmetry,
            "triangle" => Claim::Triangle,
            "bounded" => Claim::Bounded(bound.unwrap_or_else(|| base.from_nats(LN_2))),
            "term-sign" => Claim::TermSign,
            "mixture-forward" => Claim::MixtureForward,
            "non-negativity" => Claim::NonNegativity,
            "zero-iff-equal" => Claim::ZeroIffEqual,
            "convexity" => Claim::Convexity,
            "js-bounded" => Claim::JsBounded,
            _ => return None,
        })
    }

    pub fn id(self) -> &'static str {
        match self {
            Claim::Symmetry => "symmetry",
            Claim::Triangle => "triangle",
            Claim::Bounded(_) => "bounded",
            Claim::TermSign => "term-sign",
            Claim::MixtureForward => "mixture-forward",
            Claim::NonNegativity => "non-negativity",
            Claim::ZeroIffEqual => "zero-iff-equal",
            Claim::Convexity => "convexity",
            Claim::JsBounded => "js-bounded",
        }
    }

    /// Whether the claim is a theorem (no counterexample exists). `bounded`
    /// with an infinite bound is trivially true.
    pub fn holds(self) -> bool {
        match self {
            Claim::Bounded(b) => b == f64::INFINITY,
            c => CLAIMS.iter().any(|(id, t)| *id == c.id() && *t),
        }
    }

    /// How many distributions a candidate takes: P and Q, or P, Q and R.
    fn arity(self) -> usize {
        match self {
            Claim::Triangle | Claim::MixtureForward | Claim::Convexity => 3,
            _ => 2,
        }
    }
}

/// Whether `id` names a claim the search knows.
pub fn is_claim(id: &str) -> bool {
    CLAIMS.iter().any(|(c, _)| *c == id)
}

/// Whether `id` names a known claim that is false (so a lesson may point a
/// question's wrong options at it).
pub fn is_false_claim(id: &str) -> bool {
    CLAIMS.iter().any(|(c, t)| *c == id && !*t)
}

/// One named number of a counterexample, in the search's unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    /// `D(P‖Q)`, `term 2`, `bound`, ...
    pub name: String,
    pub value: f64,
}

/// A concrete refutation: the distributions and the numbers that break the
/// claim. Every value is the engine's on exactly these vectors.
#[derive(Debug, Clone, PartialEq)]
pub struct Counterexample {
    pub claim: Claim,
    pub p: Vec<f64>,
    pub q: Vec<f64>,
    /// The third distribution of `triangle` and `mixture-forward`.
    pub r: Option<Vec<f64>>,
    /// For `mixture-forward`: M = (Q + R)/2, element by element.
    pub mixture: Option<Vec<f64>>,
    pub values: Vec<Named>,
    /// How far the claim is broken, in nats (infinite when a divergence is).
    pub margin: f64,
    /// The unit of the values.
    pub base: Base,
    /// Candidates tried before and including this one's grid.
    pub searched: usize,
}

impl Counterexample {
    /// The value named `name`.
    pub fn value(&self, name: &str) -> Option<f64> {
        self.values.iter().find(|v| v.name == name).map(|v| v.value)
    }
}

/// What the search concluded.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    Refuted(Counterexample),
    /// No candidate violates the claim: it holds (true claims always end
    /// here). `searched` candidates were tried.
    Holds {
        claim: Claim,
        searched: usize,
    },
}

/// A grid of distributions: `n` outcomes, each a positive multiple of `1/steps`.
#[derive(Debug, Clone, Copy)]
struct Grid {
    n: usize,
    steps: u32,
}

/// The grids tried for pairs, simplest first.
const PAIR_GRIDS: &[Grid] = &[
    Grid { n: 2, steps: 10 },
    Grid { n: 3, steps: 10 },
    Grid { n: 2, steps: 20 },
    Grid { n: 4, steps: 10 },
    Grid { n: 3, steps: 20 },
];

/// The grids tried for triples (the cube of a grid grows fast).
const TRIPLE_GRIDS: &[Grid] = &[
    Grid { n: 2, steps: 10 },
    Grid { n: 3, steps: 10 },
    Grid { n: 2, steps: 20 },
];

/// Every distribution on the grid, in lexicographic order of the counts.
/// Each probability is `k / steps` computed as one division, so it is the
/// same double as the decimal a learner reads (`3/10` is `0.3`).
fn grid_points(g: Grid) -> Vec<Vec<f64>> {
    fn rec(n: usize, left: u32, steps: u32, cur: &mut Vec<u32>, out: &mut Vec<Vec<f64>>) {
        if n == 1 {
            cur.push(left);
            out.push(
                cur.iter()
                    .map(|&k| f64::from(k) / f64::from(steps))
                    .collect(),
            );
            cur.pop();
            return;
        }
        // Leave at least one unit for each remaining outcome.
        for k in 1..=left.saturating_sub(n as u32 - 1) {
            cur.push(k);
            rec(n - 1, left - k, steps, cur, out);
            cur.pop();
        }
    }
    let mut out = Vec::new();
    rec(g.n, g.steps, g.steps, &mut Vec::new(), &mut out);
    out
}

/// D(P‖Q) in nats on valid inputs (the grids only make valid ones).
fn d(p: &[f64], q: &[f64]) -> f64 {
    kl(p, q, Norm::Strict).unwrap_or(f64::NAN)
}

/// (Q + R)/2 element by element: the mixture `mixture-forward` and
/// `convexity` compare against. Each element is cleaned to 12 decimals so
/// that the grid's decimals give decimals (`(0.9 + 0.3)/2` is the double
/// `0.6`, not `0.6000000000000001`): the mixture a learner reads and types
/// into `kltutor calc` is the one the values were computed with.
pub fn half_mixture(q: &[f64], r: &[f64]) -> Vec<f64> {
    q.iter()
        .zip(r)
        .map(|(a, b)| {
            let m = 0.5 * (a + b);
            let clean = (m * 1e12).round() / 1e12;
            if (clean - m).abs() <= 1e-15 { clean } else { m }
        })
        .collect()
}

/// How far `claim` is violated by the candidate, in nats (≤ 0: not violated).
fn margin(claim: Claim, base: Base, c: &[&[f64]]) -> f64 {
    match claim {
        Claim::Symmetry => (d(c[0], c[1]) - d(c[1], c[0])).abs(),
        Claim::Triangle => d(c[0], c[2]) - d(c[0], c[1]) - d(c[1], c[2]),
        Claim::Bounded(b) => d(c[0], c[1]) - base.to_nats(b),
        Claim::TermSign => kl_terms(c[0], c[1], Norm::Strict)
            .map(|t| {
                -t.iter()
                    .map(|t| t.contribution)
                    .fold(f64::INFINITY, f64::min)
            })
            .unwrap_or(f64::NAN),
        Claim::MixtureForward => {
            if c[0] == c[1] || c[0] == c[2] || c[1] == c[2] {
                // P equal to one of the Q's is the degenerate case; a
                // refutation a learner believes avoids it.
                return f64::NEG_INFINITY;
            }
            let m = half_mixture(c[1], c[2]);
            d(c[0], &m) - d(c[0], c[1]).min(d(c[0], c[2]))
        }
        Claim::NonNegativity => -d(c[0], c[1]),
        Claim::ZeroIffEqual => {
            if (c[0] == c[1]) != (d(c[0], c[1]) == 0.0) {
                1.0
            } else {
                -1.0
            }
        }
        Claim::Convexity => {
            let m = half_mixture(c[1], c[2]);
            d(c[0], &m) - 0.5 * (d(c[0], c[1]) + d(c[0], c[2]))
        }
        Claim::JsBounded => js(c[0], c[1], Norm::Strict).unwrap_or(f64::NAN) - LN_2,
    }
}

/// Searches for a refutation of `claim`; values are given in `base`.
///
/// Deterministic: the same claim always gives the same counterexample.
pub fn search(claim: Claim, base: Base) -> Finding {
    if let Claim::Bounded(b) = claim
        && (b.is_nan() || b == f64::INFINITY)
    {
        return Finding::Holds { claim, searched: 0 };
    }
    let grids = if claim.arity() == 3 {
        TRIPLE_GRIDS
    } else {
        PAIR_GRIDS
    };
    let threshold = if claim.holds() { NOISE } else { MIN_MARGIN };
    let mut searched = 0;
    for &g in grids {
        let pts = grid_points(g);
        let mut best: Option<(f64, [usize; 3])> = None;
        let mut consider = |m: f64, idx: [usize; 3]| {
            if m.is_nan() {
                return;
            }
            if best.is_none_or(|(b, _)| m > b) {
                best = Some((m, idx));
            }
        };
        for i in 0..pts.len() {
            for j in 0..pts.len() {
                if claim.arity() == 2 {
                    searched += 1;
                    consider(margin(claim, base, &[&pts[i], &pts[j]]), [i, j, 0]);
                } else {
                    for k in 0..pts.len() {
                        searched += 1;
                        consider(margin(claim, base, &[&pts[i], &pts[j], &pts[k]]), [i, j, k]);
                    }
                }
            }
        }
        if let Some((m, [i, j, k])) = best
            && m > threshold
        {
            let r = (claim.arity() == 3).then(|| pts[k].clone());
            return Finding::Refuted(build(
                claim,
                base,
                pts[i].clone(),
                pts[j].clone(),
                r,
                searched,
            ));
        }
    }
    if let Claim::Bounded(b) = claim {
        return Finding::Refuted(bounded_beyond_grids(b, base, searched));
    }
    Finding::Holds { claim, searched }
}

/// A bound the grids cannot beat: P is certain of the first outcome and Q
/// gives it 10^-k, so D(P‖Q) = k ln 10, for the smallest k that breaks the
/// bound; past what a double can hold (k = 300, about 691 nats), Q = [0, 1]
/// makes D(P‖Q) infinite, above any bound.
fn bounded_beyond_grids(b: f64, base: Base, mut searched: usize) -> Counterexample {
    let claim = Claim::Bounded(b);
    let p = vec![1.0, 0.0];
    for k in 1..=300 {
        searched += 1;
        let tiny: f64 = format!("1e-{k}").parse().unwrap_or(0.0);
        let q = vec![tiny, 1.0 - tiny];
        if margin(claim, base, &[&p, &q]) >= MIN_MARGIN {
            return build(claim, base, p, q, None, searched);
        }
    }
    build(claim, base, p, vec![0.0, 1.0], None, searched + 1)
}

/// The named values of a candidate, computed by the engine.
fn build(
    claim: Claim,
    base: Base,
    p: Vec<f64>,
    q: Vec<f64>,
    r: Option<Vec<f64>>,
    searched: usize,
) -> Counterexample {
    let conv = |v: f64| base.from_nats(v);
    let named = |name: &str, value: f64| Named {
        name: name.to_string(),
        value,
    };
    let mut mixture = None;
    let values = match claim {
        Claim::Symmetry | Claim::NonNegativity | Claim::ZeroIffEqual => vec![
            named("D(P‖Q)", conv(d(&p, &q))),
            named("D(Q‖P)", conv(d(&q, &p))),
        ],
        Claim::Triangle => {
            let r = r.as_deref().unwrap_or(&[]);
            let (pq, qr) = (conv(d(&p, &q)), conv(d(&q, r)));
            vec![
                named("D(P‖R)", conv(d(&p, r))),
                named("D(P‖Q)", pq),
                named("D(Q‖R)", qr),
                named("D(P‖Q) + D(Q‖R)", pq + qr),
            ]
        }
        Claim::Bounded(b) => vec![named("D(P‖Q)", conv(d(&p, &q))), named("bound", b)],
        Claim::TermSign => {
            let mut v = vec![named("D(P‖Q)", conv(d(&p, &q)))];
            if let Ok(terms) = kl_terms(&p, &q, Norm::Strict) {
                for (i, t) in terms.iter().enumerate() {
                    v.push(named(&format!("term {}", i + 1), conv(t.contribution)));
                }
            }
            v
        }
        Claim::MixtureForward | Claim::Convexity => {
            let r = r.as_deref().unwrap_or(&[]);
            let m = half_mixture(&q, r);
            let v = vec![
                named("D(P‖Q)", conv(d(&p, &q))),
                named("D(P‖R)", conv(d(&p, r))),
                named("D(P‖M)", conv(d(&p, &m))),
            ];
            mixture = Some(m);
            v
        }
        Claim::JsBounded => vec![
            named(
                "JS(P,Q)",
                conv(js(&p, &q, Norm::Strict).unwrap_or(f64::NAN)),
            ),
            named("ln 2", conv(LN_2)),
        ],
    };
    let refs: Vec<&[f64]> = [Some(&p[..]), Some(&q[..]), r.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let margin = margin(claim, base, &refs);
    Counterexample {
        claim,
        p,
        q,
        r,
        mixture,
        values,
        margin,
        base,
        searched,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refuted(c: Claim) -> Counterexample {
        match search(c, Base::E) {
            Finding::Refuted(cx) => cx,
            other => panic!("{c:?} not refuted: {other:?}"),
        }
    }

    #[test]
    fn grids_hold_every_distribution_once() {
        let g = grid_points(Grid { n: 3, steps: 10 });
        assert_eq!(g.len(), 36); // C(9, 2)
        for p in &g {
            assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            assert!(p.iter().all(|&x| x > 0.0));
        }
        // k/10 is the same double as the decimal literal.
        assert_eq!(grid_points(Grid { n: 2, steps: 10 })[2], vec![0.3, 0.7]);
    }

    #[test]
    fn symmetry_is_refuted_with_two_outcomes() {
        let cx = refuted(Claim::Symmetry);
        assert_eq!(cx.p.len(), 2);
        let (a, b) = (cx.value("D(P‖Q)").unwrap(), cx.value("D(Q‖P)").unwrap());
        assert!((a - b).abs() >= MIN_MARGIN);
        // Independent recomputation of the values by the textbook sum.
        let tb =
            |p: &[f64], q: &[f64]| -> f64 { p.iter().zip(q).map(|(x, y)| x * (x / y).ln()).sum() };
        assert!((a - tb(&cx.p, &cx.q)).abs() < 1e-14);
        assert!((b - tb(&cx.q, &cx.p)).abs() < 1e-14);
    }

    #[test]
    fn triangle_counterexample_breaks_the_inequality() {
        let cx = refuted(Claim::Triangle);
        let r = cx.r.clone().unwrap();
        let lhs = d(&cx.p, &r);
        assert!(lhs > d(&cx.p, &cx.q) + d(&cx.q, &r) + MIN_MARGIN);
        assert_eq!(cx.value("D(P‖R)"), Some(lhs));
    }

    #[test]
    fn bounded_finds_values_above_any_finite_bound() {
        let cx = refuted(Claim::Bounded(LN_2));
        assert!(cx.value("D(P‖Q)").unwrap() > LN_2 + MIN_MARGIN);
        assert_eq!(cx.p.len(), 2);
        for b in [5.0, 100.0, 600.0] {
            let cx = refuted(Claim::Bounded(b));
            assert!(cx.value("D(P‖Q)").unwrap() > b, "{b}");
            assert!(cx.value("D(P‖Q)").unwrap().is_finite());
        }
        let cx = refuted(Claim::Bounded(1e6));
        assert_eq!(cx.value("D(P‖Q)"), Some(f64::INFINITY));
        // In bits, the default bound is 1 bit (= ln 2 nats).
        match search(
            Claim::from_id("bounded", None, Base::Two).unwrap(),
            Base::Two,
        ) {
            Finding::Refuted(cx) => {
                assert_eq!(cx.value("bound"), Some(1.0));
                assert!(cx.value("D(P‖Q)").unwrap() > 1.0);
            }
            f => panic!("{f:?}"),
        }
        assert!(matches!(
            search(Claim::Bounded(f64::INFINITY), Base::E),
            Finding::Holds { .. }
        ));
    }

    #[test]
    fn term_sign_shows_a_negative_term() {
        let cx = refuted(Claim::TermSign);
        let neg = cx
            .values
            .iter()
            .filter(|v| v.name.starts_with("term"))
            .any(|v| v.value <= -MIN_MARGIN);
        assert!(neg, "{cx:?}");
        assert!(cx.value("D(P‖Q)").unwrap() >= 0.0);
    }

    #[test]
    fn mixture_forward_is_no_better_than_the_best_q() {
        let cx = refuted(Claim::MixtureForward);
        let m = cx.mixture.clone().unwrap();
        let r = cx.r.clone().unwrap();
        assert_ne!(cx.p, cx.q);
        assert_ne!(cx.p, r);
        let best = d(&cx.p, &cx.q).min(d(&cx.p, &r));
        assert!(d(&cx.p, &m) > best + MIN_MARGIN);
    }

    #[test]
    fn true_claims_hold_over_every_candidate() {
        for id in [
            "non-negativity",
            "zero-iff-equal",
            "convexity",
            "js-bounded",
        ] {
            let c = Claim::from_id(id, None, Base::E).unwrap();
            assert!(c.holds());
            match search(c, Base::E) {
                Finding::Holds { searched, .. } => assert!(searched > 1000, "{id}"),
                f => panic!("{id}: {f:?}"),
            }
        }
    }

    #[test]
    fn claim_ids_round_trip() {
        for (id, holds) in CLAIMS {
            let c = Claim::from_id(id, None, Base::E).unwrap();
            assert_eq!(c.id(), *id);
            assert_eq!(c.holds(), *holds);
            assert_eq!(is_false_claim(id), !holds);
        }
        assert!(Claim::from_id("symmetric", None, Base::E).is_none());
        assert!(!is_claim("nope"));
    }

    #[test]
    fn search_is_deterministic() {
        assert_eq!(
            search(Claim::Triangle, Base::E),
            search(Claim::Triangle, Base::E)
        );
    }
}
