//! The interactive labs' state and numbers, pure: parameters, the values
//! the engine gives for them, and the cached landscapes the charts draw.
//! The terminal screens in `tui::screens::lab_*` only draw this state.

pub mod bernoulli;
pub mod compare;
pub mod contributions;
pub mod gaussian_fit;
pub mod heatmap;
pub mod loss;
pub mod modes;
mod problem;

pub use problem::problem_lab;

use crate::engine::Base;

/// The labs there are, by the name used in `kltutor lab NAME` and lesson files.
pub const NAMES: &[(&str, &str)] = &[
    (
        "bernoulli",
        "Bern(p) against Bern(q): the divergence curve as q sweeps 0..1",
    ),
    (
        "contributions",
        "each outcome's term P(x) ln(P(x)/Q(x)), editable P and Q, signed bars",
    ),
    (
        "heatmap",
        "D(Bern(p)‖Bern(q)) over the whole (p, q) square, and its transpose",
    ),
    (
        "loss",
        "the landscape of D(P‖Q_θ) over one parameter, its slope and a descent",
    ),
    (
        "modes",
        "fit one Gaussian to two modes: forward covers, reverse seeks",
    ),
    (
        "compare",
        "KL, reverse KL, JS, TV, Hellinger and W1 as Q slides away from P",
    ),
];

/// Parameters a lab may be opened with (from the command line or a lesson's
/// lab block). Every field is optional: a lab takes the ones that mean
/// something to it, clamps them to what it can draw, and ignores the rest,
/// so a lesson can never open a lab into a state it cannot show.
///
/// | lab | `p` | `q` | other fields |
/// |---|---|---|---|
/// | bernoulli | p | q | |
/// | contributions | P(x1), others equal | Q(x1), others equal | `p_dist`, `q_dist`, `labels`, `unit` |
/// | heatmap | p | q | `measure`, `unit` |
/// | loss | Bernoulli p | start q | `p_dist` (a categorical P), `unit` |
/// | modes | weight of the left mode | Q's start mean | `separation`, `sigma`, `weight` |
/// | compare | | start shift | `p_dist`, `q_dist` (a categorical pair) |
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LabParams {
    pub p: Option<f64>,
    pub q: Option<f64>,
    /// Prompts that replace the lab's own when not empty.
    pub observations: Vec<String>,
    /// The unit values are shown in (nats when absent).
    pub unit: Option<Base>,
    /// Whole distributions, for the labs over categorical outcomes.
    pub p_dist: Vec<f64>,
    pub q_dist: Vec<f64>,
    /// Outcome names, one per outcome.
    pub labels: Vec<String>,
    /// `modes`: distance between the two modes, their standard deviation,
    /// and the left mode's weight.
    pub separation: Option<f64>,
    pub sigma: Option<f64>,
    pub weight: Option<f64>,
    /// `heatmap`: the measure mapped over the (p, q) square; `contributions`:
    /// the sum drawn (kl forward, reverse-kl, cross-entropy).
    pub measure: Option<crate::quantity::Measure>,
    /// `contributions`: the outcome selected (highlighted) at the start.
    pub selected: Option<usize>,
    /// `loss`: a Gaussian pair (μ1, σ1, μ2, σ2) to open on, when one of its
    /// Gaussian families holds it exactly.
    pub gaussian: Option<[f64; 4]>,
}

impl LabParams {
    /// The parameters a lesson's `lab` block gives, with its observations:
    /// the one place where the lesson format's per-lab tables meet the labs.
    pub fn from_lesson(lab: &crate::lesson::model::Lab) -> LabParams {
        use crate::lesson::model::LabParams as L;
        let base = LabParams {
            observations: lab.observations.clone(),
            ..LabParams::default()
        };
        match &lab.params {
            L::Bernoulli { p, q, unit } => LabParams {
                p: Some(*p),
                q: Some(*q),
                unit: Some(*unit),
                ..base
            },
            L::Contributions { p, q, labels, unit } => LabParams {
                p_dist: p.clone(),
                q_dist: q.clone(),
                labels: labels.clone(),
                unit: Some(*unit),
                ..base
            },
            L::Modes {
                separation,
                sigma,
                weight,
            } => LabParams {
                separation: Some(*separation),
                sigma: Some(*sigma),
                weight: Some(*weight),
                ..base
            },
            L::Loss { p, unit } => LabParams {
                p_dist: p.clone(),
                unit: Some(*unit),
                ..base
            },
            L::Compare { p, q } => LabParams {
                p_dist: p.clone(),
                q_dist: q.clone(),
                ..base
            },
            L::Heatmap { measure, unit } => LabParams {
                measure: Some(*measure),
                unit: Some(*unit),
                ..base
            },
        }
    }
}

/// Cycles nats → bits → nats.
pub fn next_base(b: Base) -> Base {
    match b {
        Base::E => Base::Two,
        _ => Base::E,
    }
}

/// Moves `v` by `delta` on a grid of `delta`'s size, clamped to [lo, hi], so
/// that repeated steps land on 0.3 rather than 0.30000000000000004.
pub fn step(v: f64, delta: f64, lo: f64, hi: f64) -> f64 {
    let grid = delta.abs();
    let moved = ((v + delta) / grid).round() * grid;
    let snapped = (moved * 1e9).round() / 1e9;
    snapped.clamp(lo, hi)
}

/// A landscape sampled on a regular grid: `nx` columns over `x`, `ny` rows
/// over `y`, row 0 at the bottom (`y.0`). Labs compute it when its
/// parameters change and keep it, so drawing a frame never recomputes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    pub nx: usize,
    pub ny: usize,
    pub x: (f64, f64),
    pub y: (f64, f64),
    /// Row-major from the bottom row: `values[j * nx + i]` is at `(xs(i), ys(j))`.
    pub values: Vec<f64>,
}

impl Grid {
    /// Samples `f` at the grid points, ends included (`nx`, `ny` >= 2).
    pub fn sample(
        nx: usize,
        ny: usize,
        x: (f64, f64),
        y: (f64, f64),
        mut f: impl FnMut(f64, f64) -> f64,
    ) -> Grid {
        let mut g = Grid {
            nx: nx.max(2),
            ny: ny.max(2),
            x,
            y,
            values: Vec::new(),
        };
        g.values = Vec::with_capacity(g.nx * g.ny);
        for j in 0..g.ny {
            let yv = g.ys(j);
            for i in 0..g.nx {
                let v = f(g.xs(i), yv);
                g.values.push(v);
            }
        }
        g
    }

    pub fn xs(&self, i: usize) -> f64 {
        self.x.0 + (self.x.1 - self.x.0) * i as f64 / (self.nx - 1) as f64
    }

    pub fn ys(&self, j: usize) -> f64 {
        self.y.0 + (self.y.1 - self.y.0) * j as f64 / (self.ny - 1) as f64
    }

    pub fn at(&self, i: usize, j: usize) -> f64 {
        self.values[j * self.nx + i]
    }

    /// The value at the grid point nearest to `(x, y)`; NaN off an empty grid.
    pub fn nearest(&self, x: f64, y: f64) -> f64 {
        if self.values.is_empty() {
            return f64::NAN;
        }
        let fi = (x - self.x.0) / (self.x.1 - self.x.0) * (self.nx - 1) as f64;
        let fj = (y - self.y.0) / (self.y.1 - self.y.0) * (self.ny - 1) as f64;
        let i = fi.round().clamp(0.0, (self.nx - 1) as f64) as usize;
        let j = fj.round().clamp(0.0, (self.ny - 1) as f64) as usize;
        self.at(i, j)
    }

    /// Bilinear interpolation between the four surrounding grid points, so a
    /// coarse map draws smoothly; the nearest point where any of them is not
    /// finite, so a wall stays a wall instead of smearing into its neighbours.
    pub fn interpolate(&self, x: f64, y: f64) -> f64 {
        if self.values.is_empty() {
            return f64::NAN;
        }
        let fi = ((x - self.x.0) / (self.x.1 - self.x.0) * (self.nx - 1) as f64)
            .clamp(0.0, (self.nx - 1) as f64);
        let fj = ((y - self.y.0) / (self.y.1 - self.y.0) * (self.ny - 1) as f64)
            .clamp(0.0, (self.ny - 1) as f64);
        if fi.is_nan() || fj.is_nan() {
            return f64::NAN;
        }
        let (i0, j0) = (fi.floor() as usize, fj.floor() as usize);
        let (i1, j1) = ((i0 + 1).min(self.nx - 1), (j0 + 1).min(self.ny - 1));
        let (u, v) = (fi - i0 as f64, fj - j0 as f64);
        let c = [
            self.at(i0, j0),
            self.at(i1, j0),
            self.at(i0, j1),
            self.at(i1, j1),
        ];
        if c.iter().any(|v| !v.is_finite()) {
            return self.nearest(x, y);
        }
        (c[0] * (1.0 - u) + c[1] * u) * (1.0 - v) + (c[2] * (1.0 - u) + c[3] * u) * v
    }

    /// The grid point with the smallest finite value, as `(x, y, value)`.
    pub fn argmin(&self) -> Option<(f64, f64, f64)> {
        let (mut best, mut at) = (f64::INFINITY, None);
        for j in 0..self.ny {
            for i in 0..self.nx {
                let v = self.at(i, j);
                if v.is_finite() && v < best {
                    best = v;
                    at = Some((self.xs(i), self.ys(j), v));
                }
            }
        }
        at
    }

    /// The largest finite value (0 when there is none).
    pub fn max_finite(&self) -> f64 {
        self.values
            .iter()
            .copied()
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_land_on_the_grid() {
        let mut v = 0.0;
        for _ in 0..3 {
            v = step(v, 0.1, 0.0, 1.0);
        }
        assert_eq!(v, 0.3);
        assert_eq!(step(0.95, 0.1, 0.0, 1.0), 1.0);
        assert_eq!(step(0.02, -0.1, 0.0, 1.0), 0.0);
    }

    #[test]
    fn grid_samples_ends_and_finds_its_minimum() {
        let g = Grid::sample(5, 3, (0.0, 1.0), (-1.0, 1.0), |x, y| {
            (x - 0.5).powi(2) + y * y
        });
        assert_eq!(g.xs(4), 1.0);
        assert_eq!(g.ys(0), -1.0);
        assert_eq!(g.argmin(), Some((0.5, 0.0, 0.0)));
        assert_eq!(g.nearest(0.49, 0.1), 0.0);
        assert_eq!(g.max_finite(), 1.25);
        assert!((g.interpolate(0.125, 0.0) - 0.15625).abs() < 1e-12);
        let walled = Grid::sample(3, 3, (0.0, 1.0), (0.0, 1.0), |_, y| {
            if y == 0.0 { f64::INFINITY } else { y }
        });
        assert_eq!(walled.interpolate(0.5, 0.1), f64::INFINITY);
        assert!((walled.interpolate(0.5, 0.75) - 0.75).abs() < 1e-12);
    }
}
