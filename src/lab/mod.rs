//! The interactive labs' state and numbers, pure: parameters, the values
//! the engine gives for them, and the cached landscapes the charts draw.
//! The terminal screens in `tui::screens::lab_*` only draw this state.

pub mod bernoulli;
pub mod compare;
pub mod contributions;
pub mod heatmap;
pub mod loss;
pub mod modes;

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

/// The lab that draws a problem's own inputs, and its parameters: the
/// contributions lab for P and Q over 2 to 10 outcomes (the measure's sum,
/// `outcome` selected; entropy as the cross-entropy H(P, P)), the bernoulli
/// lab at p and q, the loss lab's Gaussian family that holds a Gaussian
/// pair exactly. `Err` says why no lab draws the inputs as they are.
pub fn problem_lab(
    q: &crate::quantity::Quantity,
    labels: &[String],
    outcome: Option<usize>,
) -> Result<(&'static str, LabParams), String> {
    use crate::quantity::{Inputs, Measure};
    let unit = q.measure.has_log_unit().then_some(q.base);
    match &q.inputs {
        Inputs::Bernoulli { p, q: r } => Ok((
            "bernoulli",
            LabParams {
                p: Some(*p),
                q: Some(*r),
                unit,
                observations: vec![
                    format!(
                        "These are the p = {p} and q = {r} of the problem you answered: D(P‖Q) and D(Q‖P) are both shown beside the curve."
                    ),
                    "Esc returns to the problem as you left it.".into(),
                ],
                ..LabParams::default()
            },
        )),
        Inputs::Discrete { .. } => {
            let (p, r) = q
                .as_discrete()
                .ok_or_else(|| "its inputs are not two distributions".to_string())?;
            let n = p.len();
            if !(2..=10).contains(&n) {
                return Err(format!(
                    "the contributions lab draws 2 to 10 outcomes, and this problem has {n}"
                ));
            }
            let norm = |v: &[f64]| {
                let s: f64 = v.iter().sum();
                v.iter().map(|x| x / s).collect::<Vec<f64>>()
            };
            let (measure, q_dist) = match q.measure {
                Measure::Kl | Measure::ReverseKl | Measure::CrossEntropy => (q.measure, norm(&r)),
                Measure::Entropy => (Measure::CrossEntropy, norm(&p)),
                m => {
                    return Err(format!(
                        "the contributions lab draws the terms of kl, reverse-kl, cross-entropy and entropy, and {} is not one of them",
                        m.id()
                    ));
                }
            };
            let label = |i: usize| labels.get(i).cloned().unwrap_or(format!("x{}", i + 1));
            let mut observations = vec![format!(
                "These are the P and Q of the problem you answered; the bars are the terms of {}.",
                match q.measure {
                    Measure::Kl => "D(P‖Q)",
                    Measure::ReverseKl => "D(Q‖P)",
                    Measure::Entropy => "H(P) (drawn as H(P,P): Q here is P)",
                    _ => "H(P,Q)",
                }
            )];
            if let Some(i) = outcome.filter(|i| *i < n) {
                observations.push(format!(
                    "Outcome {} ({}) is selected: the term your answer went wrong on. Compare its bar with what you computed.",
                    i + 1,
                    label(i)
                ));
            }
            observations.push(
                "Change P or Q to see how each term moves; Esc returns to the problem as you left it."
                    .into(),
            );
            Ok((
                "contributions",
                LabParams {
                    observations,
                    p_dist: norm(&p),
                    q_dist,
                    labels: if labels.len() == n {
                        labels.to_vec()
                    } else {
                        Vec::new()
                    },
                    unit,
                    measure: Some(measure),
                    selected: outcome.filter(|i| *i < n),
                    ..LabParams::default()
                },
            ))
        }
        Inputs::Gaussian {
            mu1,
            sigma1,
            mu2,
            sigma2,
        } => {
            let g = match q.measure {
                Measure::Kl => [*mu1, *sigma1, *mu2, *sigma2],
                Measure::ReverseKl => [*mu2, *sigma2, *mu1, *sigma1],
                m => {
                    return Err(format!(
                        "the loss lab draws D(P‖Q) between Gaussians, and this problem asks for {}",
                        m.id()
                    ));
                }
            };
            let fit = loss::gaussian_fit(g[0], g[1], g[2], g[3])
                .map_err(|why| format!("no lab holds this Gaussian pair: {why}"))?;
            Ok((
                "loss",
                LabParams {
                    gaussian: Some(g),
                    unit,
                    observations: gaussian_observations(q.measure, g, &fit),
                    ..LabParams::default()
                },
            ))
        }
        Inputs::Joint(_) => Err("no lab draws joint tables".into()),
        Inputs::MultiGaussian { .. } => Err("no lab draws multivariate Gaussians".into()),
    }
}

/// How a problem's Gaussian pair shows in the loss lab: which family, what
/// was shifted or scaled (KL does not change), where the point sits.
fn gaussian_observations(
    measure: crate::quantity::Measure,
    g: [f64; 4],
    fit: &loss::GaussianFit,
) -> Vec<String> {
    use crate::lesson::text::fmt_short;
    let f = |v: f64| fmt_short(v, 4);
    let mut v = Vec::new();
    let pair = format!(
        "P = N({}, {}²), Q = N({}, {}²)",
        f(g[0]),
        f(g[1]),
        f(g[2]),
        f(g[3])
    );
    if measure == crate::quantity::Measure::ReverseKl {
        v.push(format!(
            "Your D(Q‖P) is drawn as the lab's D(P‖Q_θ) with the roles swapped: {pair} here."
        ));
    } else {
        v.push(format!("Your pair is {pair}."));
    }
    let moved = fit.scale != 1.0 || fit.shift != 0.0;
    let how = match (fit.shift != 0.0, fit.scale != 1.0) {
        (true, true) => format!(
            "shifted by {} and divided by {}",
            f(-fit.shift),
            f(fit.scale)
        ),
        (true, false) => format!("shifted by {}", f(-fit.shift)),
        (false, true) => format!("divided by {}", f(fit.scale)),
        (false, false) => String::new(),
    };
    let drawn = match fit.family {
        loss::Family::GaussianLogSigma => format!(
            "the σ family: P = N(0, {}²), Q = N(0, σ²) at ln σ = {}",
            f(fit.truth),
            f(fit.theta)
        ),
        _ if fit.tau != 1.0 => format!(
            "the mean family with Q's spread fixed: P = N({}, 1), Q = N(μ, {}²) at μ = {}",
            f(fit.truth),
            f(fit.tau),
            f(fit.theta)
        ),
        _ => format!(
            "the mean family: P = N({}, 1), Q = N(μ, 1) at μ = {}",
            f(fit.truth),
            f(fit.theta)
        ),
    };
    if moved {
        v.push(format!(
            "It is drawn on {drawn}: both {how}, which leaves the divergence unchanged. The point on the curve is your divergence."
        ));
    } else {
        v.push(format!(
            "It is drawn on {drawn}. The point on the curve is your divergence."
        ));
    }
    if fit.tau != 1.0 {
        v.push("Q's spread differs from P's, so even the best μ leaves a gap: the floor of the curve is above 0.".into());
    }
    v.push("Esc returns to the problem as you left it.".into());
    v
}

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
    use crate::engine::Base;
    use crate::quantity::{Measure, Quantity};

    #[test]
    fn a_problem_opens_the_lab_that_draws_its_inputs() {
        let q = Quantity::discrete(
            Measure::ReverseKl,
            vec![9.0, 1.0],
            vec![1.0, 1.0],
            Base::Two,
        );
        let (name, lp) = problem_lab(&q, &["h".into(), "t".into()], Some(1)).unwrap();
        assert_eq!(name, "contributions");
        assert_eq!((&lp.p_dist, &lp.q_dist), (&vec![0.9, 0.1], &vec![0.5, 0.5]));
        assert_eq!(
            (lp.selected, lp.measure, lp.unit),
            (Some(1), Some(Measure::ReverseKl), Some(Base::Two))
        );
        assert!(
            lp.observations[1].contains("Outcome 2 (t)"),
            "{:?}",
            lp.observations
        );
        let mut lab = contributions::ContributionsLab::new(None, None)
            .with_distributions(&lp.p_dist, &lp.q_dist, &lp.labels);
        lab.start_at(lp.measure, lp.selected);
        assert_eq!((lab.mode, lab.selected), (contributions::Mode::Reverse, 1));
        // Entropy: H(P) drawn as H(P, P).
        let e = Quantity::discrete(Measure::Entropy, vec![0.5, 0.5], vec![], Base::E);
        let (_, lp) = problem_lab(&e, &[], Some(7)).unwrap();
        assert_eq!(
            (lp.q_dist.clone(), lp.measure, lp.selected),
            (lp.p_dist.clone(), Some(Measure::CrossEntropy), None)
        );
        // Too many outcomes for the lab, and measures it does not sum.
        let big = Quantity::discrete(Measure::Kl, vec![1.0; 11], vec![1.0; 11], Base::E);
        assert!(
            problem_lab(&big, &[], None)
                .unwrap_err()
                .contains("this problem has 11")
        );
        let js = Quantity::discrete(Measure::Js, vec![0.5, 0.5], vec![0.1, 0.9], Base::E);
        assert!(
            problem_lab(&js, &[], None)
                .unwrap_err()
                .contains("js is not one of them")
        );
    }

    /// Gaussian pairs land on the loss lab's family that holds them exactly
    /// (python3: D(N(0,4)‖N(1,4)) = 0.125, D(N(0,1)‖N(0,4)) = 0.3181472,
    /// D(N(0,4)‖N(0,1)) = 0.8068528 nats).
    #[test]
    fn gaussian_problems_open_the_loss_lab_where_it_fits() {
        use crate::quantity::Inputs;
        let gauss = |m: Measure, mu1, sigma1, mu2, sigma2| Quantity {
            measure: m,
            inputs: Inputs::Gaussian {
                mu1,
                sigma1,
                mu2,
                sigma2,
            },
            base: Base::E,
            norm: crate::engine::Norm::Strict,
        };
        for (q, want, family) in [
            (
                gauss(Measure::Kl, 0.0, 2.0, 1.0, 2.0),
                0.125,
                loss::Family::GaussianMean,
            ),
            (
                gauss(Measure::Kl, 0.0, 1.0, 0.0, 2.0),
                0.3181471805599453,
                loss::Family::GaussianLogSigma,
            ),
            (
                gauss(Measure::ReverseKl, 0.0, 1.0, 0.0, 2.0),
                0.8068528194400547,
                loss::Family::GaussianLogSigma,
            ),
        ] {
            assert!((q.value().unwrap() - want).abs() < 1e-12);
            let (name, lp) = problem_lab(&q, &[], None).unwrap();
            assert_eq!(name, "loss");
            let [a, b, c, d] = lp.gaussian.unwrap();
            let lab = loss::LossLab::new(0.2, 0.6)
                .with_gaussian(a, b, c, d)
                .unwrap();
            assert_eq!(lab.family, family);
            assert!(
                (lab.loss() - want).abs() < 1e-12,
                "{} vs {want}",
                lab.loss()
            );
        }
        // Neither σ nor μ equal: the mean family with Q's spread fixed at
        // τ = σ2/σ1 holds it; a pair outside the ranges is shifted (python3:
        // D(N(0,1)‖N(1,4)) = 0.4431472, D(N(10,4)‖N(11,9)) = 0.1832429,
        // D(N(11,9)‖N(10,4)) = 0.3445349, D(N(5,0.01)‖N(5,0.49)) = 1.4561142).
        for (q, want, family, tau) in [
            (
                gauss(Measure::Kl, 0.0, 1.0, 1.0, 2.0),
                0.4431471805599453,
                loss::Family::GaussianMean,
                2.0,
            ),
            (
                gauss(Measure::Kl, 10.0, 2.0, 11.0, 3.0),
                0.18324288588594217,
                loss::Family::GaussianMean,
                1.5,
            ),
            (
                gauss(Measure::ReverseKl, 10.0, 2.0, 11.0, 3.0),
                0.3445348918918356,
                loss::Family::GaussianMean,
                2.0 / 3.0,
            ),
            (
                gauss(Measure::Kl, 5.0, 0.1, 5.0, 0.7),
                1.4561142306879662,
                loss::Family::GaussianLogSigma,
                1.0,
            ),
        ] {
            assert!((q.value().unwrap() - want).abs() < 1e-12);
            let (name, lp) = problem_lab(&q, &[], None).unwrap();
            assert_eq!(name, "loss");
            let [a, b, c, d] = lp.gaussian.unwrap();
            let lab = loss::LossLab::new(0.2, 0.6)
                .with_gaussian(a, b, c, d)
                .unwrap();
            assert_eq!((lab.family, lab.tau), (family, tau));
            assert!(
                (lab.loss() - want).abs() < 1e-12,
                "{} vs {want}",
                lab.loss()
            );
            assert!(
                lp.observations
                    .iter()
                    .any(|o| o.contains("point on the curve is your divergence")),
                "{:?}",
                lp.observations
            );
        }
        let shifted = problem_lab(&gauss(Measure::Kl, 10.0, 2.0, 11.0, 3.0), &[], None)
            .unwrap()
            .1;
        assert!(
            shifted.observations[1].contains("both shifted by -10 and divided by 2"),
            "{:?}",
            shifted.observations
        );
        // No family holds these; the reason says which range is exceeded.
        let far = problem_lab(&gauss(Measure::Kl, 0.0, 1.0, 20.0, 1.0), &[], None).unwrap_err();
        assert!(far.contains("20 of P's σ apart"), "{far}");
        let wide = problem_lab(&gauss(Measure::Kl, 0.0, 1.0, 1.0, 50.0), &[], None).unwrap_err();
        assert!(wide.contains("Q's σ is 50 times P's"), "{wide}");
        let ce =
            problem_lab(&gauss(Measure::CrossEntropy, 0.0, 1.0, 1.0, 2.0), &[], None).unwrap_err();
        assert!(ce.contains("cross-entropy"), "{ce}");
    }

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
