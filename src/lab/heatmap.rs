//! Lab `heatmap`: D(Bern(p)‖Bern(q)) over the whole (p, q) square, with the
//! current point, and its transpose D(Bern(q)‖Bern(p)) to show the asymmetry.

use crate::engine::{Base, Norm};
use crate::lab::Grid;
use crate::quantity::{Inputs, Measure, Quantity};

/// The measures the `m` key cycles through. KL and cross-entropy are
/// asymmetric (the map differs from its transpose); JS, TV and Hellinger are
/// symmetric, which the side-by-side view makes plain.
pub const MEASURES: [Measure; 5] = [
    Measure::Kl,
    Measure::CrossEntropy,
    Measure::Js,
    Measure::Tv,
    Measure::Hellinger,
];

/// Which map is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// D(P‖Q) at (p, q).
    Forward,
    /// D(Q‖P) at (p, q): the forward map mirrored in the diagonal.
    Reverse,
    /// Both, side by side.
    Both,
}

pub const OBSERVATIONS: &[&str] = &[
    "The diagonal p = q is dark everywhere: D is 0 exactly when P = Q.",
    "The bright walls run along q = 0 and q = 1 (Q rules out an outcome P allows), never along p = 0 or p = 1.",
    "Press t to see both maps: one is the other mirrored in the diagonal, so D(P‖Q) ≠ D(Q‖P) off it.",
    "Put the point at p = 0.1, q = 0.5, then press s to swap: the two values differ.",
    "Press m for JS, TV or Hellinger: each map equals its transpose, because those measures are symmetric.",
];

/// Grid resolution: 101 points per side puts p and q on the 0.01 grid the keys move on.
pub const SIDE: usize = 101;

#[derive(Debug, Clone)]
pub struct HeatmapLab {
    pub p: f64,
    pub q: f64,
    pub base: Base,
    pub measure: Measure,
    pub view: View,
    pub observations: Vec<String>,
    /// D(P‖Q) at (p = x, q = y) in nats (or plain numbers for TV and
    /// Hellinger), computed when the measure changes; a change of unit only
    /// relabels the legend.
    forward: Grid,
    /// The transpose: D(Q‖P) at (p = x, q = y).
    reverse: Grid,
}

impl HeatmapLab {
    pub fn new(p: f64, q: f64) -> HeatmapLab {
        let mut lab = HeatmapLab {
            p: clamp01(p),
            q: clamp01(q),
            base: Base::E,
            measure: Measure::Kl,
            view: View::Forward,
            observations: OBSERVATIONS.iter().map(|s| s.to_string()).collect(),
            forward: Grid::default(),
            reverse: Grid::default(),
        };
        lab.refresh();
        lab
    }

    /// The measure between Bern(a) and Bern(b) in the lab's unit (for
    /// KL: D(Bern(a)‖Bern(b))), from the engine; ∞ at a wall.
    pub fn divergence(&self, a: f64, b: f64) -> f64 {
        let v = grid_value(self.measure, a, b);
        if self.measure.has_log_unit() {
            self.base.from_nats(v)
        } else {
            v
        }
    }

    /// How the map and its transpose are written: for KL, D(P‖Q) and D(Q‖P).
    pub fn names(&self) -> (&'static str, &'static str) {
        match self.measure {
            Measure::Kl => ("D(P‖Q)", "D(Q‖P)"),
            Measure::ReverseKl => ("D(Q‖P)", "D(P‖Q)"),
            Measure::CrossEntropy => ("H(P,Q)", "H(Q,P)"),
            Measure::Entropy => ("H(P)", "H(Q)"),
            Measure::Js => ("JS(P,Q)", "JS(Q,P)"),
            Measure::Tv => ("TV(P,Q)", "TV(Q,P)"),
            Measure::Hellinger => ("d_H(P,Q)", "d_H(Q,P)"),
            Measure::W1 => ("W1(P,Q)", "W1(Q,P)"),
            Measure::MutualInformation => ("D(P‖Q)", "D(Q‖P)"),
            Measure::Chi2 => ("χ²(P‖Q)", "χ²(Q‖P)"),
            Measure::Renyi(_) => ("D_α(P‖Q)", "D_α(Q‖P)"),
        }
    }

    /// The unit of the measure's values ("" for TV and Hellinger).
    pub fn unit(&self) -> &'static str {
        if self.measure.has_log_unit() {
            self.base.unit()
        } else {
            ""
        }
    }

    /// Whether the colour scale is logarithmic (unbounded measures) or linear.
    pub fn log_scale(&self) -> bool {
        matches!(
            self.measure,
            Measure::Kl
                | Measure::ReverseKl
                | Measure::CrossEntropy
                | Measure::Chi2
                | Measure::Renyi(_)
        )
    }

    pub fn forward(&self) -> f64 {
        self.divergence(self.p, self.q)
    }

    pub fn reverse(&self) -> f64 {
        self.divergence(self.q, self.p)
    }

    pub fn forward_grid(&self) -> &Grid {
        &self.forward
    }

    pub fn reverse_grid(&self) -> &Grid {
        &self.reverse
    }

    /// The colour scale's top, in the grids' units (nats or plain): 3 nats
    /// for the unbounded measures, the maximum (ln 2 or 1) for the bounded ones.
    pub fn scale_top(&self) -> f64 {
        match self.measure {
            Measure::Js | Measure::Entropy => std::f64::consts::LN_2,
            Measure::Tv | Measure::Hellinger | Measure::W1 => 1.0,
            _ => 3.0,
        }
    }

    /// What a grid value is in the unit shown (1/ln 2 for bits; 1 for TV).
    pub fn legend_scale(&self) -> f64 {
        if self.measure.has_log_unit() {
            self.base.from_nats(1.0)
        } else {
            1.0
        }
    }

    /// Sets the measure (mutual information, which needs a joint table, means KL).
    pub fn set_measure(&mut self, m: Measure) {
        self.measure = if m == Measure::MutualInformation {
            Measure::Kl
        } else {
            m
        };
        self.refresh();
    }

    pub fn next_measure(&mut self) {
        let i = MEASURES.iter().position(|m| *m == self.measure);
        let next = i.map_or(0, |i| (i + 1) % MEASURES.len());
        self.set_measure(MEASURES[next]);
    }

    pub fn set_unit(&mut self, base: Base) {
        self.base = base;
    }

    fn refresh(&mut self) {
        let m = self.measure;
        let mut g = Grid::sample(SIDE, SIDE, (0.0, 1.0), (0.0, 1.0), |_, _| 0.0);
        let xs: Vec<f64> = (0..SIDE).map(|i| g.xs(i)).collect();
        match m {
            // H(P,Q) = H(P) + D(P‖Q): one entropy per column and the cheap
            // closed-form KL per cell, instead of the general discrete sum.
            Measure::CrossEntropy => {
                let h: Vec<f64> = xs
                    .iter()
                    .map(|&a| {
                        crate::engine::entropy(&[1.0 - a, a], Norm::Strict).unwrap_or(f64::NAN)
                    })
                    .collect();
                for j in 0..SIDE {
                    for i in 0..SIDE {
                        g.values[j * SIDE + i] = h[i] + grid_value(Measure::Kl, xs[i], xs[j]);
                    }
                }
            }
            // Symmetric measures: half the cells, mirrored.
            Measure::Js | Measure::Tv | Measure::Hellinger => {
                for j in 0..SIDE {
                    for i in 0..=j {
                        let v = grid_value(m, xs[i], xs[j]);
                        g.values[j * SIDE + i] = v;
                        g.values[i * SIDE + j] = v;
                    }
                }
            }
            _ => {
                for j in 0..SIDE {
                    for i in 0..SIDE {
                        g.values[j * SIDE + i] = grid_value(m, xs[i], xs[j]);
                    }
                }
            }
        }
        self.forward = g;
        // The transpose of the same values, not a second computation.
        let mut rev = self.forward.clone();
        for j in 0..SIDE {
            for i in 0..SIDE {
                rev.values[j * SIDE + i] = self.forward.values[i * SIDE + j];
            }
        }
        self.reverse = rev;
    }

    pub fn move_p(&mut self, delta: f64) {
        self.p = super::step(self.p, delta, 0.0, 1.0);
    }

    pub fn move_q(&mut self, delta: f64) {
        self.q = super::step(self.q, delta, 0.0, 1.0);
    }

    pub fn set(&mut self, p: f64, q: f64) {
        self.p = clamp01(p);
        self.q = clamp01(q);
    }

    /// Forward → reverse → both → forward.
    pub fn cycle_view(&mut self) {
        self.view = match self.view {
            View::Forward => View::Reverse,
            View::Reverse => View::Both,
            View::Both => View::Forward,
        };
    }

    pub fn toggle_unit(&mut self) {
        self.base = super::next_base(self.base);
    }

    /// Swaps p and q: the point jumps to its mirror image.
    pub fn swap(&mut self) {
        std::mem::swap(&mut self.p, &mut self.q);
    }
}

/// A grid cell: the measure in nats (plain for TV, Hellinger), straight
/// from the engine's functions on stack arrays (10k cells per refresh, so no
/// allocation per cell); other measures through `Quantity`.
fn grid_value(measure: Measure, a: f64, b: f64) -> f64 {
    use crate::engine as e;
    let (p, q) = ([1.0 - a, a], [1.0 - b, b]);
    let n = Norm::Strict;
    let r = match measure {
        Measure::Kl => e::parametric::bernoulli_kl(a, b),
        Measure::CrossEntropy => e::cross_entropy(&p, &q, n),
        Measure::Js => e::js(&p, &q, n),
        Measure::Tv => e::total_variation(&p, &q, n),
        Measure::Hellinger => e::hellinger(&p, &q, n),
        _ => return value(measure, Base::E, a, b),
    };
    r.unwrap_or(f64::NAN)
}

fn value(measure: Measure, base: Base, a: f64, b: f64) -> f64 {
    Quantity {
        measure,
        inputs: Inputs::Bernoulli { p: a, q: b },
        base,
        norm: Norm::Strict,
    }
    .value()
    .unwrap_or(f64::NAN)
}

fn clamp01(v: f64) -> f64 {
    if v.is_nan() { 0.5 } else { v.clamp(0.0, 1.0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reverse_map_is_the_transpose() {
        let lab = HeatmapLab::new(0.1, 0.5);
        let (f, r) = (lab.forward_grid(), lab.reverse_grid());
        assert_eq!(f.at(10, 50), r.at(50, 10));
        assert_eq!(f.nearest(0.1, 0.5), lab.forward());
        assert_eq!(r.nearest(0.1, 0.5), lab.reverse());
        assert!(lab.forward() != lab.reverse());
    }

    #[test]
    fn walls_are_on_the_q_edges() {
        let lab = HeatmapLab::new(0.5, 0.5);
        let f = lab.forward_grid();
        assert_eq!(f.at(50, 0), f64::INFINITY);
        assert_eq!(f.at(50, 100), f64::INFINITY);
        assert!(f.at(0, 50).is_finite());
        assert!(f.values.iter().all(|v| !v.is_nan()));
    }

    #[test]
    fn symmetric_measures_equal_their_transpose() {
        let mut lab = HeatmapLab::new(0.1, 0.5);
        lab.set_measure(Measure::Js);
        assert_eq!(lab.forward_grid(), lab.reverse_grid());
        assert!((lab.forward() - lab.reverse()).abs() < 1e-15);
        lab.next_measure();
        assert_eq!(lab.measure, Measure::Tv);
        assert!((lab.forward() - 0.4).abs() < 1e-12);
        lab.set_measure(Measure::MutualInformation);
        assert_eq!(lab.measure, Measure::Kl);
    }

    /// Hellinger is d_H, as in the lessons: H(P,Q) is cross-entropy's symbol.
    #[test]
    fn hellinger_is_not_written_like_cross_entropy() {
        let mut lab = HeatmapLab::new(0.1, 0.5);
        lab.set_measure(Measure::Hellinger);
        assert_eq!(lab.names(), ("d_H(P,Q)", "d_H(Q,P)"));
        lab.set_measure(Measure::CrossEntropy);
        assert_eq!(lab.names().0, "H(P,Q)");
    }

    /// The grid's fast path agrees with `Quantity` (the definition) to rounding.
    #[test]
    fn grid_cells_match_quantity() {
        for m in MEASURES {
            for (a, b) in [(0.1, 0.5), (0.5, 0.1), (0.3, 0.3), (0.9, 0.02)] {
                let (g, d) = (grid_value(m, a, b), value(m, Base::E, a, b));
                assert!(
                    (g - d).abs() <= 1e-14 * d.abs().max(1e-300),
                    "{m:?} {a} {b}: {g} vs {d}"
                );
            }
        }
    }

    #[test]
    fn parameters_are_clamped() {
        let mut lab = HeatmapLab::new(7.0, f64::NAN);
        assert_eq!((lab.p, lab.q), (1.0, 0.5));
        lab.move_p(0.1);
        assert_eq!(lab.p, 1.0);
    }
}
