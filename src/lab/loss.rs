//! Lab `loss`: the landscape of D(P‖Q_θ) over one parameter θ of the model,
//! with the slope at the current θ, gradient-descent steps, and the
//! curvature that makes the landscape convex.
//!
//! The slope and curvature are central differences of the engine's own
//! values (not a separate formula), so what the tangent shows is exactly the
//! local behaviour of the numbers on screen.

pub use super::gaussian_fit::{GaussianFit, TAU_RANGE, gaussian_fit};
use crate::engine::parametric::{bernoulli_kl, gaussian_kl};
use crate::engine::{self, Base, Norm};

/// Which parameter θ is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// P = Bern(p), Q_θ = Bern(θ), θ = q in [0, 1].
    BernoulliQ,
    /// P = N(m, 1), Q_θ = N(θ, τ²): the mean, with Q's spread τ fixed
    /// (1 unless a problem's pair needs another, see [`gaussian_fit`]).
    GaussianMean,
    /// P = N(0, s²), Q_θ = N(0, e^{2θ}): θ = ln σ.
    GaussianLogSigma,
    /// P categorical, Q_θ = (1 − θ)·uniform + θ·P: a model moving toward the data.
    Categorical,
}

impl Family {
    pub fn theta_name(self) -> &'static str {
        match self {
            Family::BernoulliQ => "q",
            Family::GaussianMean => "μ",
            Family::GaussianLogSigma => "ln σ",
            Family::Categorical => "θ",
        }
    }

    /// The range θ moves in. ln σ stops at -3 (σ ≈ 0.05) so that nothing
    /// divides by a vanishing σ.
    pub fn range(self) -> (f64, f64) {
        match self {
            Family::BernoulliQ => (0.0, 1.0),
            Family::GaussianMean => (-5.0, 5.0),
            Family::GaussianLogSigma => (-3.0, 2.5),
            Family::Categorical => (0.0, 1.0),
        }
    }

    /// A fine step of θ (Shift: ten of them).
    pub fn step(self) -> f64 {
        match self {
            Family::BernoulliQ => 0.01,
            Family::GaussianMean => 0.1,
            Family::GaussianLogSigma => 0.05,
            Family::Categorical => 0.01,
        }
    }

    /// P's own parameter: its name, range and step.
    pub fn truth(self) -> (&'static str, f64, f64, f64) {
        match self {
            Family::BernoulliQ => ("p", 0.0, 1.0, 0.01),
            Family::GaussianMean => ("P's mean m", -3.0, 3.0, 0.1),
            Family::GaussianLogSigma => ("P's σ s", 0.2, 5.0, 0.1),
            Family::Categorical => ("P(x1)", 0.01, 0.99, 0.01),
        }
    }

    /// What θ is, for a chart title that must say it even when narrow.
    pub fn theta_meaning(self) -> &'static str {
        match self {
            Family::BernoulliQ => "q = Q(1)",
            Family::GaussianMean => "μ, Q's mean",
            Family::GaussianLogSigma => "ln σ, Q's log spread",
            Family::Categorical => "θ, Q's step from uniform (0) to P (1)",
        }
    }

    /// What θ is in the fewest words, for a narrow chart's title.
    pub fn theta_short(self) -> &'static str {
        match self {
            Family::BernoulliQ => "θ = q",
            Family::GaussianMean => "θ = μ",
            Family::GaussianLogSigma => "θ = ln σ",
            Family::Categorical => "θ: Q from uniform (0) to P (1)",
        }
    }

    /// "Try this" for the family on screen, so that switching families
    /// (f) never leaves prompts about another family's chart.
    pub fn observations(self) -> &'static [&'static str] {
        match self {
            Family::BernoulliQ => OBSERVATIONS,
            Family::GaussianMean => &[
                "The curve is a parabola, (μ - m)²/2: the same cost for the same miss on either side.",
                "Move P's mean m (Shift+arrows): the valley follows it, its floor always at μ = m.",
                "Press g: each step goes downhill, and the steps shrink as the slope does near the floor.",
                "Press f for the next family.",
            ],
            Family::GaussianLogSigma => &[
                "The curve is lopsided: too narrow a Q (ln σ far below ln s) costs far more than too wide a one.",
                "The floor sits at ln σ = ln s: Q's spread equals P's.",
                "Press g from the far left: the first steps are huge, then descent slows on the gentle side.",
                "Press f for the next family.",
            ],
            Family::Categorical => &[
                "At θ = 0 Q is uniform; at θ = 1 Q is P and D(P‖Q) is 0.",
                "The cross-entropy H(P,Q) falls to the entropy H(P) as D falls to 0: the gap between them is D.",
                "Press g: descent walks θ up toward 1, where the slope is 0.",
                "Press f to go back to the Bernoulli family.",
            ],
        }
    }

    /// What P and Q_θ are, in words.
    pub fn describe(self) -> &'static str {
        match self {
            Family::BernoulliQ => "P = Bern(p), Q = Bern(q)",
            Family::GaussianMean => "P = N(m, 1), Q = N(μ, 1)",
            Family::GaussianLogSigma => "P = N(0, s²), Q = N(0, σ²), θ = ln σ",
            Family::Categorical => "P categorical, Q = (1-θ) uniform + θ P",
        }
    }

    fn next(self) -> Family {
        match self {
            Family::BernoulliQ => Family::GaussianMean,
            Family::GaussianMean => Family::GaussianLogSigma,
            Family::GaussianLogSigma => Family::Categorical,
            Family::Categorical => Family::BernoulliQ,
        }
    }
}

pub const OBSERVATIONS: &[&str] = &[
    "With p = 0.2, walk q toward 1: Q starves outcome 0, which P gives 0.8, and the curve shoots up to a wall.",
    "Walk q toward 0 instead: the rise is slower (P gives outcome 1 only 0.2), yet q = 0 is still an infinite wall.",
    "The tangent always stays under the curve: D(P‖Q_θ) is convex here, so one valley, one minimum.",
    "Press g a few times: each step goes downhill along the slope, and the slope is 0 exactly at θ = P's value.",
    "Press f to switch to a Gaussian's mean (a parabola), then to ln σ (steep for small σ, gentle for large).",
    "Press f once more: Q slides from uniform to P, and the cross-entropy H(P,Q) falls to H(P) as D falls to 0.",
];

/// Points along θ for the cached curve.
pub const CURVE_POINTS: usize = 400;

#[derive(Debug, Clone)]
pub struct LossLab {
    pub family: Family,
    /// P's parameter for each family (kept when switching back and forth).
    truths: [f64; 4],
    thetas: [f64; 4],
    /// The categorical family's P (its first probability is `truths[3]`).
    p_cat: Vec<f64>,
    pub base: Base,
    pub observations: Vec<String>,
    /// The family `observations` were written for (a lesson's prompts, or
    /// the defaults); other families show their own.
    pub observations_family: Family,
    /// Gradient descent running (one step per tick).
    pub descending: bool,
    pub steps_taken: usize,
    /// Q's σ in the mean family (P's is 1): 1 but for a problem's pair
    /// whose spreads differ.
    pub tau: f64,
    curve: (Option<CurveKey>, Vec<(f64, f64)>),
}

/// What the cached curve was computed for: family, P's parameter (bits),
/// τ (bits), unit.
type CurveKey = (u8, u64, u64, u8);

fn fam_index(f: Family) -> usize {
    match f {
        Family::BernoulliQ => 0,
        Family::GaussianMean => 1,
        Family::GaussianLogSigma => 2,
        Family::Categorical => 3,
    }
}

impl LossLab {
    pub fn new(p: f64, q: f64) -> LossLab {
        let mut lab = LossLab {
            family: Family::BernoulliQ,
            truths: [clamp(p, 0.0, 1.0, 0.2), 1.0, 1.0, 0.7],
            thetas: [clamp(q, 0.0, 1.0, 0.6), -2.0, 1.2, 0.0],
            p_cat: vec![0.7, 0.2, 0.1],
            base: Base::E,
            observations: OBSERVATIONS.iter().map(|s| s.to_string()).collect(),
            observations_family: Family::BernoulliQ,
            descending: false,
            steps_taken: 0,
            tau: 1.0,
            curve: (None, Vec::new()),
        };
        lab.refresh();
        lab
    }

    pub fn theta(&self) -> f64 {
        self.thetas[fam_index(self.family)]
    }

    pub fn truth(&self) -> f64 {
        self.truths[fam_index(self.family)]
    }

    /// D(P‖Q_θ) in the lab's unit, from the engine (∞ at a Bernoulli wall).
    pub fn loss_at(&self, theta: f64) -> f64 {
        let t = self.truth();
        let (lo, hi) = self.family.range();
        let theta = theta.clamp(lo, hi);
        let nats = match self.family {
            Family::BernoulliQ => bernoulli_kl(t, theta),
            Family::GaussianMean => gaussian_kl(t, 1.0, theta, self.tau),
            Family::GaussianLogSigma => gaussian_kl(0.0, t, 0.0, theta.exp()),
            Family::Categorical => engine::kl(&self.p_cat, &self.q_cat(theta), Norm::Normalize),
        };
        nats.map_or(f64::NAN, |d| self.base.from_nats(d))
    }

    /// Q_θ of the categorical family: (1 − θ)·uniform + θ·P.
    pub fn q_cat(&self, theta: f64) -> Vec<f64> {
        let u = 1.0 / self.p_cat.len() as f64;
        self.p_cat
            .iter()
            .map(|p| (1.0 - theta) * u + theta * p)
            .collect()
    }

    pub fn p_cat(&self) -> &[f64] {
        &self.p_cat
    }

    /// A lesson's categorical P (2..=12 finite non-negative values with a
    /// positive total, normalised here); opens the lab on that family.
    /// Anything else is ignored.
    pub fn with_categorical(mut self, p: &[f64]) -> Self {
        let ok = (2..=12).contains(&p.len())
            && p.iter().all(|v| v.is_finite() && *v >= 0.0)
            && p.iter().sum::<f64>() > 0.0;
        if ok {
            let s: f64 = p.iter().sum();
            self.p_cat = p.iter().map(|v| v / s).collect();
            self.truths[3] = self.p_cat[0];
            self.family = Family::Categorical;
            self.refresh();
        }
        self
    }

    /// Sets P(x1) and rescales the other outcomes to fill the rest.
    fn set_p_first(&mut self, v: f64) {
        let rest: f64 = self.p_cat[1..].iter().sum();
        let n = self.p_cat.len() - 1;
        self.p_cat[0] = v;
        for x in &mut self.p_cat[1..] {
            *x = if rest > 0.0 {
                *x * (1.0 - v) / rest
            } else {
                (1.0 - v) / n as f64
            };
        }
    }

    /// H(P) and H(P, Q_θ) in the lab's unit, for the discrete families
    /// (cross-entropy = entropy + KL); None for the Gaussians.
    pub fn entropies(&self) -> Option<(f64, f64)> {
        let (p, q) = match self.family {
            Family::BernoulliQ => {
                let (p, q) = (self.truth(), self.theta());
                (vec![1.0 - p, p], vec![1.0 - q, q])
            }
            Family::Categorical => (self.p_cat.clone(), self.q_cat(self.theta())),
            _ => return None,
        };
        let b = self.base;
        let h = engine::entropy(&p, Norm::Normalize).ok()?;
        let ce = engine::cross_entropy(&p, &q, Norm::Normalize).ok()?;
        Some((b.from_nats(h), b.from_nats(ce)))
    }

    pub fn set_unit(&mut self, base: Base) {
        self.base = base;
        self.refresh();
    }

    pub fn loss(&self) -> f64 {
        self.loss_at(self.theta())
    }

    /// The θ minimising the loss: P's own parameter (ln s for ln σ).
    pub fn optimum(&self) -> f64 {
        match self.family {
            Family::GaussianLogSigma => self.truth().ln(),
            Family::Categorical => 1.0,
            _ => self.truth(),
        }
    }

    /// Difference step: small against θ's range, one-sided at an end.
    fn h(&self) -> f64 {
        let (lo, hi) = self.family.range();
        (hi - lo) * 1e-5
    }

    /// dD/dθ at the current θ by a central difference of engine values;
    /// infinite on a wall, one-sided at the ends of the range.
    pub fn slope(&self) -> f64 {
        let (lo, hi) = self.family.range();
        let (t, h) = (self.theta(), self.h());
        let (a, b) = ((t - h).max(lo), (t + h).min(hi));
        let (fa, fb) = (self.loss_at(a), self.loss_at(b));
        if !fa.is_finite() || !fb.is_finite() {
            return if fa.is_infinite() && !fb.is_infinite() {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            };
        }
        (fb - fa) / (b - a)
    }

    /// d²D/dθ² at the current θ (a wider central difference, to keep rounding out).
    pub fn curvature(&self) -> f64 {
        let (lo, hi) = self.family.range();
        let t = self.theta();
        let h = self.h() * 100.0;
        if t - h < lo || t + h > hi {
            return f64::NAN;
        }
        let (fa, f0, fb) = (self.loss_at(t - h), self.loss(), self.loss_at(t + h));
        (fa - 2.0 * f0 + fb) / (h * h)
    }

    /// The tangent line's two ends, a sixth of the range either side.
    pub fn tangent(&self) -> Option<[(f64, f64); 2]> {
        let (f, g) = (self.loss(), self.slope());
        if !f.is_finite() || !g.is_finite() {
            return None;
        }
        let (lo, hi) = self.family.range();
        let w = (hi - lo) / 6.0;
        let t = self.theta();
        let (a, b) = ((t - w).max(lo), (t + w).min(hi));
        Some([(a, f + g * (a - t)), (b, f + g * (b - t))])
    }

    pub fn curve(&self) -> &[(f64, f64)] {
        &self.curve.1
    }

    fn refresh(&mut self) {
        let key = Some((
            fam_index(self.family) as u8,
            self.truth().to_bits(),
            self.tau.to_bits(),
            self.base as u8,
        ));
        if self.curve.0 == key {
            return;
        }
        let (lo, hi) = self.family.range();
        let pts = (1..CURVE_POINTS)
            .map(|i| lo + (hi - lo) * i as f64 / CURVE_POINTS as f64)
            .map(|t| (t, self.loss_at(t)))
            .filter(|(_, d)| d.is_finite())
            .collect();
        self.curve = (key, pts);
    }

    /// Opens on the Gaussian family that holds D(N(μ1, σ1²)‖N(μ2, σ2²))
    /// exactly (see [`gaussian_fit`]); `None` when none can.
    pub fn with_gaussian(mut self, mu1: f64, s1: f64, mu2: f64, s2: f64) -> Option<Self> {
        let fit = gaussian_fit(mu1, s1, mu2, s2).ok()?;
        let i = fam_index(fit.family);
        self.family = fit.family;
        self.truths[i] = fit.truth;
        self.thetas[i] = fit.theta;
        self.tau = fit.tau;
        self.descending = false;
        self.refresh();
        Some(self)
    }

    /// What P and Q_θ are, in words, with τ when Q's spread is not 1.
    pub fn describe(&self) -> String {
        if self.family == Family::GaussianMean && self.tau != 1.0 {
            format!(
                "P = N(m, 1), Q = N(μ, {}²)",
                crate::lesson::text::fmt_short(self.tau, 3)
            )
        } else {
            self.family.describe().to_string()
        }
    }

    pub fn move_theta(&mut self, steps: f64) {
        let (lo, hi) = self.family.range();
        let i = fam_index(self.family);
        self.thetas[i] = super::step(self.thetas[i], steps * self.family.step(), lo, hi);
        self.descending = false;
    }

    pub fn set_theta(&mut self, v: f64) {
        let (lo, hi) = self.family.range();
        self.thetas[fam_index(self.family)] = clamp(v, lo, hi, (lo + hi) / 2.0);
        self.descending = false;
    }

    pub fn move_truth(&mut self, steps: f64) {
        let (_, lo, hi, step) = self.family.truth();
        let i = fam_index(self.family);
        self.truths[i] = super::step(self.truths[i], steps * step, lo, hi);
        if self.family == Family::Categorical {
            self.set_p_first(self.truths[i]);
        }
        self.refresh();
    }

    /// "Try this" for the family on screen: the lesson's (or the lab's own)
    /// prompts while on the family they were written for, else that family's.
    pub fn try_this(&self) -> Vec<String> {
        if self.family == self.observations_family {
            self.observations.clone()
        } else {
            self.family
                .observations()
                .iter()
                .map(|s| s.to_string())
                .collect()
        }
    }

    pub fn next_family(&mut self) {
        self.family = self.family.next();
        self.descending = false;
        self.refresh();
    }

    pub fn toggle_unit(&mut self) {
        self.base = super::next_base(self.base);
        self.refresh();
    }

    /// One gradient-descent step θ ← θ − η D'(θ), with η fixed per family and
    /// the move capped at a tenth of the range so a steep wall cannot fling θ
    /// out. Returns false once the step is negligible (converged).
    pub fn descend(&mut self) -> bool {
        let g = self.slope();
        let (lo, hi) = self.family.range();
        let cap = (hi - lo) / 10.0;
        // In nats regardless of the unit shown, so bits do not change the path.
        let g = g * self.base.ln();
        let eta = match self.family {
            Family::BernoulliQ => 0.05,
            Family::GaussianMean => 0.5,
            Family::GaussianLogSigma => 0.2,
            Family::Categorical => 0.5,
        };
        let mv = if g.is_finite() {
            (-eta * g).clamp(-cap, cap)
        } else if g > 0.0 {
            -cap
        } else {
            cap
        };
        let i = fam_index(self.family);
        let before = self.thetas[i];
        // Stay strictly inside a Bernoulli range: 0 and 1 are walls.
        let margin = if self.family == Family::BernoulliQ {
            1e-3
        } else {
            0.0
        };
        self.thetas[i] = (before + mv).clamp(lo + margin, hi - margin);
        self.steps_taken += 1;
        (self.thetas[i] - before).abs() > 1e-5 * (hi - lo)
    }

    /// Starts or stops the animated descent.
    pub fn toggle_descent(&mut self) {
        self.descending = !self.descending;
        self.steps_taken = 0;
    }

    /// One animation frame: a step, stopping when converged or after 500 steps.
    pub fn tick(&mut self) {
        if self.descending && (!self.descend() || self.steps_taken >= 500) {
            self.descending = false;
        }
    }
}

fn clamp(v: f64, lo: f64, hi: f64, default: f64) -> f64 {
    if v.is_nan() { default } else { v.clamp(lo, hi) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slope_matches_the_closed_form_derivative() {
        let lab = LossLab::new(0.2, 0.6);
        // d/dq D(Bern(p)||Bern(q)) = (q - p) / (q (1 - q)).
        let want = (0.6 - 0.2) / (0.6 * 0.4);
        assert!((lab.slope() - want).abs() < 1e-6, "{}", lab.slope());
        assert!(lab.curvature() > 0.0);
        let [(a, ya), (b, yb)] = lab.tangent().unwrap();
        // The tangent lies under the (convex) curve at its ends.
        assert!(ya <= lab.loss_at(a) && yb <= lab.loss_at(b));
    }

    #[test]
    fn walls_and_clamps_never_give_nan() {
        let mut lab = LossLab::new(0.2, 0.5);
        lab.set_theta(0.0);
        assert_eq!(lab.loss(), f64::INFINITY);
        assert!(lab.tangent().is_none());
        assert!(!lab.slope().is_nan());
        lab.next_family();
        lab.next_family();
        lab.set_theta(-100.0);
        assert!(lab.loss().is_finite());
        lab.move_truth(-100.0);
        assert!(lab.loss().is_finite());
        assert!(lab.curve().iter().all(|(_, d)| d.is_finite()));
    }

    #[test]
    fn categorical_path_is_cross_entropy_minus_entropy() {
        let mut lab = LossLab::new(0.2, 0.6).with_categorical(&[7.0, 2.0, 1.0]);
        assert_eq!(lab.family, Family::Categorical);
        lab.set_theta(0.3);
        let (h, ce) = lab.entropies().unwrap();
        assert!((ce - h - lab.loss()).abs() < 1e-12);
        lab.set_theta(1.0);
        assert_eq!(lab.loss(), 0.0);
        lab.move_truth(-10.0);
        assert!((lab.p_cat().iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!((lab.p_cat()[0] - 0.6).abs() < 1e-12);
        let ignored = LossLab::new(0.2, 0.6).with_categorical(&[1.0]);
        assert_eq!(ignored.family, Family::BernoulliQ);
    }

    #[test]
    fn descent_ends_at_the_optimum_in_every_family() {
        let mut lab = LossLab::new(0.2, 0.9);
        for _ in 0..4 {
            lab.toggle_descent();
            for _ in 0..600 {
                lab.tick();
            }
            assert!(!lab.descending);
            assert!(
                (lab.theta() - lab.optimum()).abs() < 0.01,
                "{:?}: {} vs {}",
                lab.family,
                lab.theta(),
                lab.optimum()
            );
            lab.next_family();
        }
    }

    #[test]
    fn try_this_follows_the_family_on_screen() {
        let mut lab = LossLab::new(0.2, 0.6).with_categorical(&[0.7, 0.2, 0.1]);
        lab.observations = vec!["lesson prompt".into()];
        lab.observations_family = lab.family;
        assert_eq!(lab.try_this(), ["lesson prompt"]);
        for _ in 0..3 {
            lab.next_family();
            assert_ne!(lab.try_this(), ["lesson prompt"]);
            assert_eq!(lab.try_this()[0], lab.family.observations()[0]);
        }
        lab.next_family();
        assert_eq!(lab.family, Family::Categorical);
        assert_eq!(lab.try_this(), ["lesson prompt"]);
        assert!(Family::Categorical.theta_meaning().contains("uniform"));
    }
}
