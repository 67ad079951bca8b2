//! Lab `compare`: KL, reverse KL, Jensen-Shannon, total variation,
//! Hellinger and Wasserstein-1 side by side as Q, a shifted copy of P,
//! moves away from P.
//!
//! P and Q are categorical distributions on evenly spaced points, so every
//! measure is the engine's exact discrete one (W1 with the points' real
//! positions). A smooth bump keeps full support and finite KL; a flat block
//! has bounded support, so KL is infinite as soon as Q leaves any of P's
//! points uncovered, while JS, TV and Hellinger saturate only once the
//! supports are disjoint, and W1 keeps growing with the distance.

use crate::engine::{self, Base, Norm};

/// The points P and Q live on: -8 to 36 in steps of 0.25 (room for a
/// twelve-outcome P shifted by 20).
pub const X_MIN: f64 = -8.0;
pub const X_STEP: f64 = 0.25;
pub const POINTS: usize = 177;
pub const SHIFT_MAX: f64 = 20.0;
/// Shifts move on the points' own grid, so a shifted P is exactly a copy.
pub const SHIFT_STEP: f64 = X_STEP;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A discretised Gaussian (σ = 1.5) over all points: full support.
    Bump,
    /// Uniform on the 17 points of [-2, 2]: bounded support.
    Block,
    /// A lesson's own P and Q, one outcome per unit of x from 0; shifts
    /// move Q a whole outcome at a time.
    Custom,
}

impl Shape {
    pub fn name(self) -> &'static str {
        match self {
            Shape::Bump => "smooth bump (full support)",
            Shape::Block => "flat block (support of width 4)",
            Shape::Custom => "the lesson's P and Q",
        }
    }

    /// How far one key press moves Q.
    pub fn shift_step(self) -> f64 {
        match self {
            Shape::Custom => 1.0,
            _ => SHIFT_STEP,
        }
    }
}

/// The measures, in the order they are drawn and listed.
pub const MEASURES: [&str; 6] = ["D(P‖Q)", "D(Q‖P)", "JS", "TV", "Hellinger", "W1"];

pub const OBSERVATIONS: &[&str] = &[
    "Smooth bump: move Q away and D(P‖Q) grows like the square of the shift; it never stops.",
    "JS levels off at ln 2 ≈ 0.693 nats, TV and Hellinger at 1: past that they cannot tell far from farther.",
    "W1 equals the shift itself: it alone keeps measuring how far Q went.",
    "Press b for the flat block: one step of shift and KL is already ∞, long before the supports part.",
];

/// All six measures for one shift: KL and JS in the lab's unit, TV and
/// Hellinger unitless, W1 in units of x.
pub type Values = [f64; 6];

#[derive(Debug, Clone)]
pub struct CompareLab {
    pub shift: f64,
    pub shape: Shape,
    pub base: Base,
    pub observations: Vec<String>,
    /// Sweeping the shift up one step per tick.
    pub playing: bool,
    xs: Vec<f64>,
    /// A lesson's P and Q (empty unless given).
    custom: (Vec<f64>, Vec<f64>),
    p: Vec<f64>,
    /// (shift, values) for every shift on the grid; recomputed when the
    /// shape or unit changes.
    curves: Vec<(f64, Values)>,
}

fn shape_at(shape: Shape, x: f64) -> f64 {
    match shape {
        Shape::Bump => (-(x * x) / (2.0 * 1.5 * 1.5)).exp(),
        Shape::Block => {
            if x.abs() <= 2.0 + 1e-9 {
                1.0
            } else {
                0.0
            }
        }
        Shape::Custom => 0.0,
    }
}

impl CompareLab {
    pub fn new(shift: f64) -> CompareLab {
        let xs: Vec<f64> = (0..POINTS).map(|i| X_MIN + X_STEP * i as f64).collect();
        let mut lab = CompareLab {
            shift: 0.0,
            shape: Shape::Bump,
            base: Base::E,
            observations: OBSERVATIONS.iter().map(|s| s.to_string()).collect(),
            playing: false,
            xs,
            custom: (Vec::new(), Vec::new()),
            p: Vec::new(),
            curves: Vec::new(),
        };
        lab.set_shift(if shift.is_finite() { shift } else { 0.0 });
        lab.refresh();
        lab
    }

    pub fn xs(&self) -> &[f64] {
        &self.xs
    }

    /// A lesson's P and Q (2..=12 finite non-negative values with positive
    /// totals and the same length; Q defaults to P): opens on them. Anything
    /// else is ignored.
    pub fn with_custom(mut self, p: &[f64], q: &[f64]) -> Self {
        let ok = |d: &[f64]| {
            (2..=12).contains(&d.len())
                && d.iter().all(|v| v.is_finite() && *v >= 0.0)
                && d.iter().sum::<f64>() > 0.0
        };
        let q = if q.is_empty() { p } else { q };
        if ok(p) && ok(q) && p.len() == q.len() {
            self.custom = (p.to_vec(), q.to_vec());
            self.shape = Shape::Custom;
            self.set_shift(self.shift);
            self.refresh();
        }
        self
    }

    /// `values` put on the points at x = offset, offset + 1, ..., normalised.
    fn place(&self, values: &[f64], offset: f64) -> Vec<f64> {
        let mut d = vec![0.0; self.xs.len()];
        let per = (1.0 / X_STEP).round() as usize;
        let start = ((offset - X_MIN) / X_STEP).round() as usize;
        for (k, v) in values.iter().enumerate() {
            if let Some(slot) = d.get_mut(start + k * per) {
                *slot = *v;
            }
        }
        let s: f64 = d.iter().sum();
        if s > 0.0 {
            d.iter_mut().for_each(|v| *v /= s);
        }
        d
    }

    /// Q moved by `shift` (P itself at shift 0 for the built-in shapes).
    pub fn q_at(&self, shift: f64) -> Vec<f64> {
        match self.shape {
            Shape::Custom => self.place(&self.custom.1, shift),
            _ => self.dist(shift),
        }
    }

    /// The shape moved to `centre`, normalised, on the lab's points.
    pub fn dist(&self, centre: f64) -> Vec<f64> {
        if self.shape == Shape::Custom {
            return self.place(&self.custom.0, centre);
        }
        let mut d: Vec<f64> = self
            .xs
            .iter()
            .map(|x| shape_at(self.shape, x - centre))
            .collect();
        let s: f64 = d.iter().sum();
        d.iter_mut().for_each(|v| *v /= s);
        d
    }

    pub fn p(&self) -> &[f64] {
        &self.p
    }

    pub fn q(&self) -> Vec<f64> {
        self.q_at(self.shift)
    }

    /// The six measures between P and P shifted by `shift`, from the engine.
    pub fn values_at(&self, shift: f64) -> Values {
        let q = self.q_at(shift);
        let (p, b) = (&self.p, self.base);
        let n = Norm::Normalize;
        let ok = |r: Result<f64, engine::DistError>| r.unwrap_or(f64::NAN);
        [
            b.from_nats(ok(engine::kl(p, &q, n))),
            b.from_nats(ok(engine::kl(&q, p, n))),
            b.from_nats(ok(engine::js(p, &q, n))),
            ok(engine::total_variation(p, &q, n)),
            ok(engine::hellinger(p, &q, n)),
            ok(engine::wasserstein1(p, &q, Some(&self.xs), n)),
        ]
    }

    /// The measures at the current shift (from the cached curves when the
    /// shift is on the grid, as it always is from the keys).
    pub fn values(&self) -> Values {
        let i = (self.shift / self.shape.shift_step()).round() as usize;
        match self.curves.get(i) {
            Some((s, v)) if *s == self.shift => *v,
            _ => self.values_at(self.shift),
        }
    }

    pub fn curves(&self) -> &[(f64, Values)] {
        &self.curves
    }

    /// ln 2 in the lab's unit: where JS saturates.
    pub fn js_limit(&self) -> f64 {
        self.base.from_nats(std::f64::consts::LN_2)
    }

    /// The smallest shift at which P's and Q's supports no longer overlap
    /// (None for the bump, whose support is everything).
    pub fn disjoint_from(&self) -> Option<f64> {
        match self.shape {
            Shape::Bump => None,
            Shape::Block => Some(4.0 + X_STEP),
            Shape::Custom => {
                // From this shift on, Q's first outcome lies past P's last.
                let last_p = self.custom.0.iter().rposition(|v| *v > 0.0)?;
                let first_q = self.custom.1.iter().position(|v| *v > 0.0)?;
                Some((last_p as f64 - first_q as f64 + 1.0).max(0.0))
            }
        }
    }

    fn refresh(&mut self) {
        self.p = self.dist(0.0);
        let step = self.shape.shift_step();
        let steps = (SHIFT_MAX / step).round() as usize;
        self.curves = (0..=steps)
            .map(|i| {
                let s = i as f64 * step;
                (s, self.values_at(s))
            })
            .collect();
    }

    pub fn set_shift(&mut self, v: f64) {
        let v = if v.is_nan() {
            0.0
        } else {
            v.clamp(0.0, SHIFT_MAX)
        };
        let step = self.shape.shift_step();
        self.shift = (v / step).round() * step;
    }

    pub fn move_shift(&mut self, steps: f64) {
        self.set_shift(self.shift + steps * self.shape.shift_step());
        self.playing = false;
    }

    pub fn toggle_shape(&mut self) {
        self.shape = match self.shape {
            Shape::Bump => Shape::Block,
            Shape::Block if !self.custom.0.is_empty() => Shape::Custom,
            _ => Shape::Bump,
        };
        self.set_shift(self.shift);
        self.refresh();
    }

    pub fn toggle_unit(&mut self) {
        self.base = super::next_base(self.base);
        self.refresh();
    }

    pub fn set_unit(&mut self, base: Base) {
        self.base = base;
        self.refresh();
    }

    /// Starts the sweep (from 0 if already at the end) or pauses it.
    pub fn toggle_play(&mut self) {
        self.playing = !self.playing;
        if self.playing && self.shift >= SHIFT_MAX {
            self.shift = 0.0;
        }
    }

    pub fn tick(&mut self) {
        if self.playing {
            self.set_shift(self.shift + self.shape.shift_step());
            if self.shift >= SHIFT_MAX {
                self.playing = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bump_saturates_js_tv_hellinger_while_kl_and_w1_grow() {
        let mut lab = CompareLab::new(0.0);
        // At shift 0, Q is P bit for bit. (The engine's KL returns ~3e-66
        // there rather than an exact 0: reported to the engine's owner.)
        assert!(
            lab.values()[..5].iter().all(|v| *v < 1e-60),
            "{:?}",
            lab.values()
        );
        lab.set_shift(3.0);
        let near = lab.values();
        lab.set_shift(20.0);
        let far = lab.values();
        // KL of a shifted Gaussian: shift^2 / (2 sigma^2).
        assert!((near[0] - 9.0 / 4.5).abs() < 1e-3, "{}", near[0]);
        assert!(far[0].is_finite() && far[0] > 80.0);
        assert!((far[2] - std::f64::consts::LN_2).abs() < 1e-9);
        assert!((far[3] - 1.0).abs() < 1e-9 && (far[4] - 1.0).abs() < 1e-9);
        assert!((near[5] - 3.0).abs() < 1e-6 && (far[5] - 20.0).abs() < 1e-6);
    }

    #[test]
    fn block_kl_is_infinite_before_the_supports_part() {
        let mut lab = CompareLab::new(0.0);
        lab.toggle_shape();
        lab.set_shift(0.25);
        let v = lab.values();
        assert_eq!(v[0], f64::INFINITY);
        assert!(v[2] < 0.1 && v[3] < 0.1);
        lab.set_shift(lab.disjoint_from().unwrap());
        let v = lab.values();
        assert!((v[2] - std::f64::consts::LN_2).abs() < 1e-12 && v[3] == 1.0);
        lab.set_shift(lab.disjoint_from().unwrap() - 0.25);
        assert!(lab.values()[3] < 1.0);
        assert!(
            lab.curves()
                .iter()
                .all(|(_, v)| v.iter().all(|x| !x.is_nan()))
        );
    }

    #[test]
    fn a_lessons_pair_starts_as_given_and_moves_whole_outcomes() {
        use crate::engine::{Norm, kl};
        let (p, q) = ([0.5, 0.3, 0.2], [0.2, 0.3, 0.5]);
        let mut lab = CompareLab::new(0.0).with_custom(&p, &q);
        assert_eq!(lab.shape, Shape::Custom);
        let want = kl(&p, &q, Norm::Strict).unwrap();
        assert!((lab.values()[0] - want).abs() < 1e-15);
        lab.move_shift(1.0);
        assert_eq!(lab.shift, 1.0);
        assert_eq!(lab.values()[0], f64::INFINITY);
        assert_eq!(lab.values()[5], lab.values_at(1.0)[5]);
        lab.set_shift(lab.disjoint_from().unwrap());
        assert_eq!(lab.shift, 3.0);
        assert!((lab.values()[3] - 1.0).abs() < 1e-15);
        // The shapes cycle through the lesson's pair and back.
        lab.toggle_shape();
        assert_eq!(lab.shape, Shape::Bump);
        lab.toggle_shape();
        lab.toggle_shape();
        assert_eq!(lab.shape, Shape::Custom);
        let ignored = CompareLab::new(0.0).with_custom(&[1.0], &[]);
        assert_eq!(ignored.shape, Shape::Bump);
    }

    #[test]
    fn sweep_stops_at_the_end() {
        let mut lab = CompareLab::new(19.0);
        lab.toggle_play();
        for _ in 0..10 {
            lab.tick();
        }
        assert_eq!(lab.shift, SHIFT_MAX);
        assert!(!lab.playing);
        lab.set_shift(-5.0);
        assert_eq!(lab.shift, 0.0);
    }
}
