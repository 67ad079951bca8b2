//! Lab `contributions`: P and Q over 2..10 outcomes, editable, and each
//! outcome's term of the divergence. Editing one probability renormalises
//! the others, so P and Q are always distributions and every total is exact.

use crate::engine::{self, Base, Norm};

pub const MIN_OUTCOMES: usize = 2;
/// The most outcomes the keys add up to.
pub const MAX_OUTCOMES: usize = 10;
/// The most a lesson may give (its format allows 12); the keys then only remove.
pub const MAX_GIVEN: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dist {
    P,
    Q,
}

/// What the bars show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `P(x) ln(P(x)/Q(x))`, summing to D(P‖Q).
    Forward,
    /// `Q(x) ln(Q(x)/P(x))`, summing to D(Q‖P).
    Reverse,
    /// `-P(x) ln Q(x)`, summing to the cross-entropy H(P, Q).
    CrossEntropy,
}

impl Mode {
    pub fn total_name(self) -> &'static str {
        match self {
            Mode::Forward => "D(P‖Q)",
            Mode::Reverse => "D(Q‖P)",
            Mode::CrossEntropy => "H(P,Q)",
        }
    }

    pub fn term_name(self) -> &'static str {
        match self {
            Mode::Forward => "P(x) ln(P(x)/Q(x))",
            Mode::Reverse => "Q(x) ln(Q(x)/P(x))",
            Mode::CrossEntropy => "-P(x) ln Q(x)",
        }
    }
}

pub const OBSERVATIONS: &[&str] = &[
    "P puts 0.6 on x1 but Q only 0.2: that one bar carries most of D(P‖Q).",
    "Raise Q above P on a rare outcome: its bar goes below the axis, but P's small weight keeps it short.",
    "Take an outcome's Q to 0 (Home) while P keeps some: its bar becomes an infinite wall.",
    "Press m: the reverse terms weight by Q instead, and cross-entropy adds H(P) to the total.",
];

#[derive(Debug, Clone)]
pub struct ContributionsLab {
    pub p: Vec<f64>,
    pub q: Vec<f64>,
    pub selected: usize,
    pub editing: Dist,
    pub mode: Mode,
    pub base: Base,
    pub observations: Vec<String>,
    /// Outcome names (x1, x2, ... unless a lesson names them).
    pub labels: Vec<String>,
    /// Per-outcome terms for the current mode, in the current unit.
    terms: Vec<f64>,
    /// Their total from the engine, in the current unit.
    total: f64,
}

/// Below this a term (in nats) is rounding noise, not a contribution: terms
/// of outcomes with P(x) ≥ 0.001 that differ at all are far above it.
const NOISE: f64 = 1e-12;

impl ContributionsLab {
    /// `p1`/`q1` set the first outcome's probability; the rest share the remainder.
    pub fn new(p1: Option<f64>, q1: Option<f64>) -> ContributionsLab {
        let n = 5;
        let first = |v: Option<f64>, default: f64| {
            let v = v
                .filter(|v| v.is_finite())
                .unwrap_or(default)
                .clamp(0.0, 1.0);
            let mut d = vec![(1.0 - v) / (n - 1) as f64; n];
            d[0] = v;
            d
        };
        let mut lab = ContributionsLab {
            p: first(p1, 0.6),
            q: first(q1, 0.2),
            selected: 0,
            editing: Dist::Q,
            mode: Mode::Forward,
            base: Base::E,
            observations: OBSERVATIONS.iter().map(|s| s.to_string()).collect(),
            labels: (1..=n).map(|i| format!("x{i}")).collect(),
            terms: Vec::new(),
            total: 0.0,
        };
        lab.refresh();
        lab
    }

    /// Whole distributions from a lesson: 2..=12 finite non-negative values
    /// with a positive total (normalised here), the same length for both; a
    /// missing one is uniform. Anything else keeps the lab's defaults, and
    /// labels are used only when there is one per outcome.
    pub fn with_distributions(mut self, p: &[f64], q: &[f64], labels: &[String]) -> Self {
        let valid = |d: &[f64]| {
            (MIN_OUTCOMES..=MAX_GIVEN).contains(&d.len())
                && d.iter().all(|v| v.is_finite() && *v >= 0.0)
                && d.iter().sum::<f64>() > 0.0
        };
        let norm = |d: &[f64]| {
            let s: f64 = d.iter().sum();
            d.iter().map(|v| v / s).collect::<Vec<f64>>()
        };
        let uniform = |n: usize| vec![1.0 / n as f64; n];
        let (np, nq) = match (p.is_empty(), q.is_empty()) {
            (true, true) => return self,
            (false, true) if valid(p) => (norm(p), uniform(p.len())),
            (true, false) if valid(q) => (uniform(q.len()), norm(q)),
            (false, false) if valid(p) && valid(q) && p.len() == q.len() => (norm(p), norm(q)),
            _ => return self,
        };
        self.labels = if labels.len() == np.len() {
            labels.to_vec()
        } else {
            (1..=np.len()).map(|i| format!("x{i}")).collect()
        };
        self.p = np;
        self.q = nq;
        self.selected = 0;
        self.refresh();
        self
    }

    pub fn set_unit(&mut self, base: Base) {
        self.base = base;
        self.refresh();
    }

    pub fn n(&self) -> usize {
        self.p.len()
    }

    pub fn terms(&self) -> &[f64] {
        &self.terms
    }

    pub fn total(&self) -> f64 {
        self.total
    }

    /// D(P‖Q), D(Q‖P), H(P,Q), H(P) in the current unit, from the engine.
    pub fn summary(&self) -> [f64; 4] {
        let u = |r: Result<f64, engine::DistError>| r.map_or(f64::NAN, |v| self.base.from_nats(v));
        [
            u(engine::kl(&self.p, &self.q, Norm::Normalize)),
            u(engine::kl(&self.q, &self.p, Norm::Normalize)),
            u(engine::cross_entropy(&self.p, &self.q, Norm::Normalize)),
            u(engine::entropy(&self.p, Norm::Normalize)),
        ]
    }

    fn refresh(&mut self) {
        let b = self.base;
        // A term where P(x) = Q(x) is zero; after normalising, the two may
        // differ in the last bit and leave rounding noise (1.1e-17), which
        // would draw as a sliver of a bar and print as "1.1e-17": snap it.
        let terms = |a: &[f64], c: &[f64]| -> Vec<f64> {
            engine::kl_terms(a, c, Norm::Normalize)
                .map(|ts| {
                    ts.iter()
                        .map(|t| {
                            if t.contribution.abs() < NOISE {
                                0.0
                            } else {
                                b.from_nats(t.contribution)
                            }
                        })
                        .collect()
                })
                .unwrap_or_else(|_| vec![f64::NAN; a.len()])
        };
        let [fwd, rev, ce, _] = self.summary();
        (self.terms, self.total) = match self.mode {
            Mode::Forward => (terms(&self.p, &self.q), fwd),
            Mode::Reverse => (terms(&self.q, &self.p), rev),
            Mode::CrossEntropy => {
                // -P ln Q = P ln(P/Q) - P ln P: the engine's KL term plus P's own surprisal term.
                let kl = engine::kl_terms(&self.p, &self.q, Norm::Normalize);
                let t = kl
                    .map(|ts| {
                        ts.iter()
                            .map(|t| {
                                if t.p == 0.0 {
                                    0.0
                                } else if t.contribution.is_infinite() {
                                    f64::INFINITY
                                } else {
                                    b.from_nats(t.contribution - t.p * t.p.ln())
                                }
                            })
                            .collect()
                    })
                    .unwrap_or_else(|_| vec![f64::NAN; self.p.len()]);
                (t, ce)
            }
        };
    }

    fn edited(&mut self) -> &mut Vec<f64> {
        match self.editing {
            Dist::P => &mut self.p,
            Dist::Q => &mut self.q,
        }
    }

    /// Sets the selected outcome's probability in the edited distribution to
    /// `v` (clamped to [0, 1]) and rescales the others to sum to `1 - v`
    /// (equally, if they were all zero).
    pub fn set(&mut self, v: f64) {
        let i = self.selected;
        let v = if v.is_nan() { 0.0 } else { v.clamp(0.0, 1.0) };
        let d = self.edited();
        let rest: f64 = d
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, x)| x)
            .sum();
        let others = d.len() - 1;
        for (j, x) in d.iter_mut().enumerate() {
            if j == i {
                *x = v;
            } else if rest > 0.0 {
                *x *= (1.0 - v) / rest;
            } else {
                *x = (1.0 - v) / others as f64;
            }
        }
        self.refresh();
    }

    pub fn nudge(&mut self, delta: f64) {
        let i = self.selected;
        let v = self.edited()[i];
        self.set(super::step(v, delta, 0.0, 1.0));
    }

    pub fn select(&mut self, delta: isize) {
        let n = self.n() as isize;
        self.selected = (self.selected as isize + delta).clamp(0, n - 1) as usize;
    }

    pub fn add_outcome(&mut self) {
        if self.n() >= MAX_OUTCOMES {
            return;
        }
        // The new outcome takes a fair share from both, so nothing becomes infinite.
        for d in [&mut self.p, &mut self.q] {
            let share = 1.0 / (d.len() + 1) as f64;
            for x in d.iter_mut() {
                *x *= 1.0 - share;
            }
            d.push(share);
        }
        self.labels.push(format!("x{}", self.n()));
        self.refresh();
    }

    pub fn remove_outcome(&mut self) {
        if self.n() <= MIN_OUTCOMES {
            return;
        }
        for d in [&mut self.p, &mut self.q] {
            d.pop();
            let s: f64 = d.iter().sum();
            let n = d.len() as f64;
            for x in d.iter_mut() {
                *x = if s > 0.0 { *x / s } else { 1.0 / n };
            }
        }
        self.labels.truncate(self.n());
        self.selected = self.selected.min(self.n() - 1);
        self.refresh();
    }

    /// Makes the edited distribution uniform.
    pub fn uniform(&mut self) {
        let n = self.n() as f64;
        self.edited().iter_mut().for_each(|x| *x = 1.0 / n);
        self.refresh();
    }

    pub fn toggle_editing(&mut self) {
        self.editing = match self.editing {
            Dist::P => Dist::Q,
            Dist::Q => Dist::P,
        };
    }

    /// Forward → reverse → cross-entropy → forward.
    /// Starts on the sum of `measure` (KL forward, reverse KL, cross-entropy;
    /// others leave the mode) with outcome `selected` highlighted.
    pub fn start_at(&mut self, measure: Option<crate::quantity::Measure>, selected: Option<usize>) {
        use crate::quantity::Measure;
        let want = match measure {
            Some(Measure::Kl) => Some(Mode::Forward),
            Some(Measure::ReverseKl) => Some(Mode::Reverse),
            Some(Measure::CrossEntropy) => Some(Mode::CrossEntropy),
            _ => None,
        };
        if let Some(m) = want {
            for _ in 0..3 {
                if self.mode == m {
                    break;
                }
                self.cycle_mode();
            }
        }
        if let Some(i) = selected {
            self.selected = i.min(self.n() - 1);
        }
    }

    pub fn cycle_mode(&mut self) {
        self.mode = match self.mode {
            Mode::Forward => Mode::Reverse,
            Mode::Reverse => Mode::CrossEntropy,
            Mode::CrossEntropy => Mode::Forward,
        };
        self.refresh();
    }

    pub fn toggle_unit(&mut self) {
        self.base = super::next_base(self.base);
        self.refresh();
    }
}

impl ContributionsLab {
    /// "Try this" prompts that follow the distributions on screen, for a lab
    /// opened on inputs of the learner's own (`kltutor lab contributions --p
    /// ... --q ...`): the default prompts describe the default P and Q and
    /// would claim outcomes that are not there. Each prompt states only what
    /// these P and Q show: the largest term, a negative one, an infinite
    /// one, outcomes where P and Q agree.
    pub fn observations_for_inputs(&self) -> Vec<String> {
        let norm = |d: &[f64]| {
            let s: f64 = d.iter().sum();
            d.iter().map(|v| v / s).collect::<Vec<f64>>()
        };
        let (p, q) = (norm(&self.p), norm(&self.q));
        let f = crate::lesson::text::fmt_input;
        let name = |i: usize| self.labels.get(i).cloned().unwrap_or(format!("x{}", i + 1));
        let terms: Vec<f64> = engine::kl_terms(&p, &q, Norm::Normalize)
            .map(|ts| ts.iter().map(|t| t.contribution).collect())
            .unwrap_or_default();
        let mut out = Vec::new();
        if terms.len() != p.len() {
            return OBSERVATIONS.iter().map(|s| s.to_string()).collect();
        }
        let same = |i: usize| (p[i] - q[i]).abs() < 1e-12;
        if (0..p.len()).all(same) {
            out.push(
                "P and Q are equal here: every term is 0, and so is D(P‖Q). Move Q away from P on one outcome to see its bar appear.".to_string(),
            );
        }
        if let Some(i) = (0..p.len()).find(|&i| terms[i].is_infinite()) {
            out.push(format!(
                "Q gives {} probability 0 while P gives it {}: its bar is an infinite wall and D(P‖Q) = ∞. Raise Q there and the wall falls to a finite bar.",
                name(i),
                f(p[i])
            ));
        }
        let largest = (0..p.len())
            .filter(|&i| terms[i].is_finite() && terms[i] > NOISE)
            .max_by(|&a, &b| terms[a].total_cmp(&terms[b]));
        if let Some(i) = largest {
            out.push(format!(
                "{} carries the largest finite term: P gives it {}, Q only {}. Lower Q there and the bar grows; raise it toward {} and the bar shrinks.",
                name(i),
                f(p[i]),
                f(q[i]),
                f(p[i])
            ));
        }
        let lowest = (0..p.len())
            .filter(|&i| terms[i] < -NOISE)
            .min_by(|&a, &b| terms[a].total_cmp(&terms[b]));
        if let Some(i) = lowest {
            out.push(format!(
                "{}'s term is negative: Q gives it {}, more than P's {}. The total still cannot go below 0: the other bars pay for it.",
                name(i),
                f(q[i]),
                f(p[i])
            ));
        } else if let Some(i) = (0..p.len()).find(|&i| p[i] == 0.0 && q[i] > 0.0) {
            out.push(format!(
                "P gives {} probability 0, so its term is 0 however much Q gives it.",
                name(i)
            ));
        }
        let agree: Vec<String> = (0..p.len())
            .filter(|&i| same(i) && p[i] > 0.0)
            .map(name)
            .collect();
        if !agree.is_empty() && agree.len() < p.len() {
            out.push(format!(
                "P and Q agree on {}: no bar there, the term is 0.",
                agree.join(", ")
            ));
        }
        out.push(
            "Press m: the reverse terms weight by Q instead, and cross-entropy adds H(P) to the total."
                .to_string(),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(v: &[f64]) -> f64 {
        v.iter().sum()
    }

    #[test]
    fn editing_renormalises_the_others() {
        let mut lab = ContributionsLab::new(None, None);
        lab.selected = 2;
        lab.nudge(0.1);
        assert!((lab.q[2] - 0.3).abs() < 1e-12);
        assert!((sum(&lab.q) - 1.0).abs() < 1e-12);
        assert!((lab.q[0] - 0.7 / 4.0).abs() < 1e-12);
        lab.set(1.0);
        lab.set(0.5);
        assert!(
            lab.q
                .iter()
                .enumerate()
                .all(|(j, x)| j == 2 || (x - 0.125).abs() < 1e-12)
        );
    }

    #[test]
    fn terms_sum_to_the_engines_total_in_every_mode() {
        let mut lab = ContributionsLab::new(None, None);
        for _ in 0..3 {
            let s = sum(lab.terms());
            assert!(
                (s - lab.total()).abs() < 1e-12,
                "{:?}: {s} vs {}",
                lab.mode,
                lab.total()
            );
            lab.cycle_mode();
        }
        let [f, r, ce, h] = lab.summary();
        assert!((ce - h - f).abs() < 1e-12);
        assert!(f != r);
    }

    #[test]
    fn zero_q_is_an_infinite_term_not_nan() {
        let mut lab = ContributionsLab::new(None, None);
        lab.selected = 1;
        lab.set(0.0);
        assert_eq!(lab.terms()[1], f64::INFINITY);
        assert_eq!(lab.total(), f64::INFINITY);
        lab.cycle_mode();
        assert!(lab.terms().iter().all(|t| t.is_finite()));
        lab.editing = Dist::P;
        lab.set(0.0);
        assert!(lab.terms().iter().all(|t| !t.is_nan()));
    }

    #[test]
    fn lesson_distributions_are_checked_and_normalised() {
        let labels: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let lab = ContributionsLab::new(None, None).with_distributions(
            &[5.0, 3.0, 2.0],
            &[0.2, 0.3, 0.5],
            &labels,
        );
        assert_eq!(lab.p, vec![0.5, 0.3, 0.2]);
        assert_eq!(lab.labels, labels);
        let bad = ContributionsLab::new(None, None).with_distributions(&[0.5, f64::NAN], &[], &[]);
        assert_eq!(bad.n(), 5);
        let mismatched = ContributionsLab::new(None, None).with_distributions(
            &[0.5, 0.5],
            &[1.0, 0.0, 0.0],
            &[],
        );
        assert_eq!(mismatched.n(), 5);
        let twelve = ContributionsLab::new(None, None).with_distributions(&[1.0; 12], &[], &[]);
        assert_eq!((twelve.n(), twelve.q[0]), (12, 1.0 / 12.0));
    }

    #[test]
    fn outcomes_stay_between_two_and_ten() {
        let mut lab = ContributionsLab::new(None, None);
        for _ in 0..20 {
            lab.add_outcome();
        }
        assert_eq!(lab.n(), MAX_OUTCOMES);
        assert!((sum(&lab.p) - 1.0).abs() < 1e-12);
        lab.selected = 9;
        for _ in 0..20 {
            lab.remove_outcome();
        }
        assert_eq!(lab.n(), MIN_OUTCOMES);
        assert_eq!(lab.selected, 1);
        assert!((sum(&lab.q) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn prompts_for_given_inputs_follow_them() {
        let lab = |p: &[f64], q: &[f64]| {
            ContributionsLab::new(None, None)
                .with_distributions(p, q, &[])
                .observations_for_inputs()
                .join("\n")
        };
        let s = lab(&[0.2, 0.8], &[0.5, 0.5]);
        assert!(
            s.contains("x2 carries the largest finite term: P gives it 0.8, Q only 0.5."),
            "{s}"
        );
        assert!(
            s.contains("x1's term is negative: Q gives it 0.5, more than P's 0.2."),
            "{s}"
        );
        // Nothing from the default prompts (P = 0.6 on x1 against 0.2).
        assert!(
            !s.contains("0.6") && !s.contains("wall") && !s.contains("equal"),
            "{s}"
        );
        let s = lab(&[0.5, 0.5], &[0.5, 0.5]);
        assert!(s.starts_with("P and Q are equal here"), "{s}");
        assert!(!s.contains("largest") && !s.contains("negative"), "{s}");
        let s = lab(&[0.5, 0.25, 0.25], &[0.5, 0.5, 0.0]);
        assert!(
            s.contains("Q gives x3 probability 0 while P gives it 0.25"),
            "{s}"
        );
        assert!(s.contains("P and Q agree on x1"), "{s}");
        assert!(s.contains("x2's term is negative"), "{s}");
    }
}
