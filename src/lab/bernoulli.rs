//! Lab `bernoulli`: P = Bern(p), Q = Bern(q), both adjustable; D(P‖Q) and
//! D(Q‖P) live, and the curve of D(P‖Q) as q sweeps 0..1.

use crate::engine::{Base, Norm};
use crate::quantity::{Inputs, Measure, Quantity};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    P,
    Q,
}

/// Default prompts, used when the lab is opened outside a lesson.
pub const OBSERVATIONS: &[&str] = &[
    "Hold p at 0.2 and walk q down toward 0: D(P‖Q) climbs, gently at first, then without bound.",
    "Now walk q up toward 1: it climbs much faster, because Q starves outcome 0, which P gives 0.8.",
    "Put q exactly at 0 (Home): P still gives outcome 1 a chance Q rules out, so D(P‖Q) is infinite.",
    "Compare the two numbers: D(P‖Q) and D(Q‖P) agree only when p = q.",
];

#[derive(Debug, Clone)]
pub struct BernoulliLab {
    pub p: f64,
    pub q: f64,
    pub selected: Param,
    pub base: Base,
    pub show_reverse: bool,
    pub observations: Vec<String>,
    /// The curves for the current p and base: (q, D(P‖Bern(q))) and (q, D(Bern(q)‖P)).
    curve: Curve,
}

#[derive(Debug, Clone, Default)]
struct Curve {
    key: Option<(u64, usize, u8)>,
    forward: Vec<(f64, f64)>,
    reverse: Vec<(f64, f64)>,
}

/// Points along q; the ends (q = 0, 1) are left out and drawn as walls.
pub const CURVE_POINTS: usize = 400;

impl BernoulliLab {
    pub fn new(p: f64, q: f64) -> BernoulliLab {
        let mut lab = BernoulliLab {
            p: p.clamp(0.0, 1.0),
            q: q.clamp(0.0, 1.0),
            selected: Param::Q,
            base: Base::E,
            show_reverse: false,
            observations: OBSERVATIONS.iter().map(|s| s.to_string()).collect(),
            curve: Curve::default(),
        };
        lab.refresh();
        lab
    }

    fn quantity(&self, measure: Measure, p: f64, q: f64) -> Quantity {
        Quantity {
            measure,
            inputs: Inputs::Bernoulli { p, q },
            base: self.base,
            norm: Norm::Strict,
        }
    }

    /// D(Bern(p)‖Bern(q)) in the lab's unit, from the engine.
    pub fn divergence(&self, p: f64, q: f64) -> f64 {
        self.quantity(Measure::Kl, p, q).value().unwrap_or(f64::NAN)
    }

    pub fn forward(&self) -> f64 {
        self.divergence(self.p, self.q)
    }

    pub fn reverse(&self) -> f64 {
        self.divergence(self.q, self.p)
    }

    /// True when D(P‖Q) is infinite: Q rules out an outcome P allows.
    pub fn forward_wall(&self) -> bool {
        (self.q == 0.0 && self.p > 0.0) || (self.q == 1.0 && self.p < 1.0)
    }

    pub fn reverse_wall(&self) -> bool {
        (self.p == 0.0 && self.q > 0.0) || (self.p == 1.0 && self.q < 1.0)
    }

    pub fn forward_curve(&self) -> &[(f64, f64)] {
        &self.curve.forward
    }

    pub fn reverse_curve(&self) -> &[(f64, f64)] {
        &self.curve.reverse
    }

    /// Recomputes the curves only when p or the unit changed (moving q does not change them).
    fn refresh(&mut self) {
        let key = Some((self.p.to_bits(), CURVE_POINTS, self.base as u8));
        if self.curve.key == key {
            return;
        }
        let qs = (1..CURVE_POINTS).map(|i| i as f64 / CURVE_POINTS as f64);
        let forward = qs
            .clone()
            .map(|q| (q, self.divergence(self.p, q)))
            .filter(|(_, d)| d.is_finite())
            .collect();
        let reverse = qs
            .map(|q| (q, self.divergence(q, self.p)))
            .filter(|(_, d)| d.is_finite())
            .collect();
        self.curve = Curve {
            key,
            forward,
            reverse,
        };
    }

    pub fn nudge(&mut self, delta: f64) {
        match self.selected {
            Param::P => self.p = super::step(self.p, delta, 0.0, 1.0),
            Param::Q => self.q = super::step(self.q, delta, 0.0, 1.0),
        }
        self.refresh();
    }

    pub fn set(&mut self, value: f64) {
        match self.selected {
            Param::P => self.p = value.clamp(0.0, 1.0),
            Param::Q => self.q = value.clamp(0.0, 1.0),
        }
        self.refresh();
    }

    pub fn toggle_param(&mut self) {
        self.selected = if self.selected == Param::P {
            Param::Q
        } else {
            Param::P
        };
    }

    pub fn set_unit(&mut self, base: Base) {
        self.base = base;
        self.refresh();
    }

    pub fn toggle_unit(&mut self) {
        self.base = super::next_base(self.base);
        self.refresh();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_the_engines() {
        let lab = BernoulliLab::new(0.2, 0.02);
        let want = crate::engine::parametric::bernoulli_kl(0.2, 0.02).unwrap();
        assert_eq!(lab.forward(), want);
        assert!(!lab.forward_wall());
    }

    #[test]
    fn q_at_zero_is_a_wall_not_a_nan() {
        let mut lab = BernoulliLab::new(0.2, 0.05);
        lab.nudge(-0.1);
        assert_eq!(lab.q, 0.0);
        assert!(lab.forward_wall());
        assert_eq!(lab.forward(), f64::INFINITY);
        assert!(lab.reverse().is_finite());
        assert!(
            lab.forward_curve()
                .iter()
                .all(|(_, d)| d.is_finite() && *d >= 0.0)
        );
    }

    #[test]
    fn curve_is_cached_while_q_moves() {
        let mut lab = BernoulliLab::new(0.3, 0.5);
        let before = lab.forward_curve().as_ptr();
        lab.nudge(0.01);
        assert_eq!(lab.forward_curve().as_ptr(), before);
        lab.toggle_param();
        lab.nudge(0.01);
        assert!((lab.p - 0.31).abs() < 1e-12);
    }
}
