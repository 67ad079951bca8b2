//! Lab `bernoulli`: P = Bern(p), Q = Bern(q), both adjustable; D(P‖Q) and
//! D(Q‖P) live, and the curve of D(P‖Q) as q sweeps 0..1.

use crate::engine::{Base, Norm};
use crate::quantity::{Inputs, Measure, Quantity};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    P,
    Q,
}

/// "Try this" prompts for the p on screen, so that a lab opened at a p of
/// the learner's own (`kltutor lab bernoulli --p 0.7`) does not speak of
/// the default p = 0.2. Each claim holds for that p: which wall is steeper
/// depends on whether p is below or above one half, and at p = 0 or 1 one
/// end of the curve is no wall at all.
pub fn observations_for(p: f64) -> Vec<String> {
    let f = crate::lesson::text::fmt_input;
    if p <= 0.0 || p >= 1.0 {
        let (never, zero_at) = if p <= 0.0 { (1, "0") } else { (0, "1") };
        return vec![
            format!(
                "P never produces outcome {never}, so Q may rule it out: walk q to {zero_at} and D(P‖Q) falls to 0 there."
            ),
            "Walk q the other way: D(P‖Q) climbs without bound, because Q starves the one outcome P always produces.".to_string(),
            "Press r for D(Q‖P): it is infinite for every q strictly between 0 and 1, because Q then gives a chance to an outcome P rules out.".to_string(),
        ];
    }
    let (pp, qq) = (f(p), f(1.0 - p));
    let up = if (p - 0.5).abs() < 1e-12 {
        "Now walk q up toward 1: the curve rises the same way, a mirror image around q = 0.5, because P gives both outcomes 0.5.".to_string()
    } else if p < 0.5 {
        format!(
            "Now walk q up toward 1: it climbs faster than toward 0, because Q starves outcome 0, which P gives {qq}."
        )
    } else {
        format!(
            "Now walk q up toward 1: it climbs there too, but more slowly than toward 0, because Q starves outcome 0, which P gives only {qq}."
        )
    };
    let agree = if (p - 0.5).abs() < 1e-12 {
        "Compare the two numbers: D(P‖Q) and D(Q‖P) agree only at q = 0.5, where both are 0."
            .to_string()
    } else {
        format!(
            "Compare the two numbers: D(P‖Q) and D(Q‖P) agree only at q = {pp} (both 0) and at q = {qq}, the mirror image of p."
        )
    };
    vec![
        format!(
            "Hold p at {pp} and walk q down toward 0: D(P‖Q) climbs, gently at first, then without bound."
        ),
        up,
        format!(
            "Put q exactly at 0 (Home): P still gives outcome 1 a chance ({pp}) that Q rules out, so D(P‖Q) is infinite."
        ),
        agree,
    ]
}

#[derive(Debug, Clone)]
pub struct BernoulliLab {
    pub p: f64,
    pub q: f64,
    pub selected: Param,
    pub base: Base,
    pub show_reverse: bool,
    pub observations: Vec<String>,
    /// Whether `observations` are the lab's own prompts for the current p
    /// (rewritten when p moves) rather than a lesson block's, kept as given.
    pub own_prompts: bool,
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
            observations: observations_for(p.clamp(0.0, 1.0)),
            own_prompts: true,
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
        if self.own_prompts {
            self.observations = observations_for(self.p);
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

    /// The prompts speak of the p on screen, and what they claim holds for
    /// it: the steeper wall, the two points where both directions agree,
    /// and at p = 0 or 1 the end that is no wall.
    #[test]
    fn prompts_follow_p_and_hold_for_it() {
        for p in [0.2, 0.35, 0.5, 0.7, 0.9] {
            let lab = BernoulliLab::new(p, 0.5);
            let all = lab.observations.join(" ");
            let shown = crate::lesson::text::fmt_input(p);
            assert!(all.contains(&format!("Hold p at {shown} ")), "{p}: {all}");
            assert!(!all.contains("0.30000"), "{all}");
            let d = |a: f64, b: f64| lab.divergence(a, b);
            let (low, high) = (d(p, 0.01), d(p, 0.99));
            if p < 0.5 {
                assert!(high > low && all.contains("faster than toward 0"), "{p}");
            } else if p > 0.5 {
                assert!(
                    high < low && all.contains("more slowly than toward 0"),
                    "{p}"
                );
            } else {
                assert!(
                    (high - low).abs() < 1e-12 && all.contains("mirror image"),
                    "{p}"
                );
            }
            // Both directions agree at q = 1 − p as well as at q = p.
            let q = 1.0 - p;
            assert!((d(p, q) - d(q, p)).abs() < 1e-12, "{p}");
            assert!((d(p, 0.5 * (p + q) + 0.1) - d(0.5 * (p + q) + 0.1, p)).abs() > 1e-6);
        }
        for (p, zero_at) in [(0.0, 0.0), (1.0, 1.0)] {
            let lab = BernoulliLab::new(p, 0.5);
            let all = lab.observations.join(" ");
            assert_eq!(lab.divergence(p, zero_at), 0.0);
            assert!(lab.divergence(p, 1.0 - zero_at).is_infinite());
            assert!(lab.divergence(0.5, p).is_infinite());
            assert!(
                all.contains("falls to 0") && !all.contains("Hold p at"),
                "{all}"
            );
        }
        // Moving p rewrites the lab's own prompts; a lesson's stay as given.
        let mut lab = BernoulliLab::new(0.2, 0.5);
        lab.selected = Param::P;
        lab.set(0.7);
        assert!(
            lab.observations[0].starts_with("Hold p at 0.7 "),
            "{:?}",
            lab.observations
        );
        lab.own_prompts = false;
        lab.observations = vec!["a lesson's prompt".into()];
        lab.nudge(-0.1);
        assert_eq!(lab.observations, ["a lesson's prompt"]);
        // The default lab reads as before: p = 0.2, the faster wall toward 1.
        let lab = BernoulliLab::new(0.2, 0.5);
        assert!(lab.observations[0].starts_with("Hold p at 0.2 "));
        assert!(lab.observations[1].contains("which P gives 0.8"));
    }

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
