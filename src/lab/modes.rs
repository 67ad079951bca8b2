//! Lab `modes`: P is a two-Gaussian mixture, Q a single Gaussian N(μ, σ²).
//! Forward D(P‖Q) and reverse D(Q‖P) as landscapes over (μ, σ), their
//! minima, and an animated fit that ends mode-covering (forward) or
//! mode-seeking (reverse).
//!
//! Cost model (the lab must redraw within 8 ms): the forward map needs only
//! P's mean, variance and entropy, so it is a handful of flops per cell with
//! the entropy computed once per P; the reverse map needs a quadrature per
//! cell (Gauss-Hermite under Q). Both maps are cached and recomputed only
//! when P changes; moving Q costs two accurate evaluations.

use crate::engine::Base;
use crate::engine::continuous::{
    Density, GaussHermite, Gaussian, Mixture2, differential_entropy, kl_forward_from_entropy,
    kl_from_gaussian,
};
use crate::lab::Grid;
use std::sync::OnceLock;

/// Q's σ never goes below this, whatever P is: no division by a vanishing
/// σ, and the Gauss-Hermite nodes stay meaningful. (The map's own lower
/// edge is 0.2, or a fifth of the modes' σ when they are narrower.)
pub const SIGMA_FLOOR: f64 = 0.02;
/// Separation of the modes, their σ and the left weight (the lesson format's ranges).
pub const SEP_RANGE: (f64, f64) = (0.0, 20.0);
pub const COMP_SIGMA_RANGE: (f64, f64) = (0.1, 10.0);
pub const W_RANGE: (f64, f64) = (0.01, 0.99);
/// Map resolution (μ × σ); the widget interpolates between points. With
/// [`GH_NODES`] this keeps a change of P (which recomputes the reverse map)
/// to about 1 ms of quadrature on an idle core.
pub const GRID: (usize, usize) = (41, 29);
/// Gauss-Hermite nodes for the reverse map: enough for colours (a few
/// percent off only where Q straddles both modes); the minima and the fit
/// use [`FIT_NODES`].
pub const GH_NODES: usize = 24;
/// Nodes for the reverse fit and the minima. With 32 nodes the rule is off
/// by up to ~5% where Q straddles both modes, and those errors wiggle: a
/// descent on it stalls at spurious minima. With 128 the error is ~1e-5 and
/// the objective stays a smooth function of (μ, σ) (fixed nodes), which
/// finite-difference gradients need.
pub const FIT_NODES: usize = 128;

fn map_rule() -> &'static GaussHermite {
    static RULE: OnceLock<GaussHermite> = OnceLock::new();
    RULE.get_or_init(|| GaussHermite::new(GH_NODES).expect("24 nodes is a valid rule"))
}

fn fit_rule() -> &'static GaussHermite {
    static RULE: OnceLock<GaussHermite> = OnceLock::new();
    RULE.get_or_init(|| GaussHermite::new(FIT_NODES).expect("128 nodes is a valid rule"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// D(P‖Q): mode-covering.
    Forward,
    /// D(Q‖P): mode-seeking.
    Reverse,
}

pub const OBSERVATIONS: &[&str] = &[
    "Press f with forward KL: Q widens to cover both modes, its μ between them where P has little mass.",
    "Press d for reverse KL, then f: Q shrinks onto one mode and ignores the other.",
    "Lower the separation (s) to 1: the two fits meet, because P is nearly one bump.",
    "Shift the weight (w/W): the forward fit follows P's mean, the reverse fit prefers the heavier mode.",
    "Start the reverse fit from a wide Q between the modes (μ = 0, σ = 3): it can stall in a wide local minimum. Reverse KL is not convex in (μ, σ).",
];

#[derive(Debug, Clone)]
pub struct ModesLab {
    pub sep: f64,
    /// Standard deviation of each mode.
    pub comp_sigma: f64,
    /// Weight of the left mode.
    pub w: f64,
    pub mu: f64,
    pub sigma: f64,
    pub direction: Direction,
    pub base: Base,
    pub observations: Vec<String>,
    pub fitting: bool,
    pub fit_steps: usize,
    p: Mixture2,
    p_entropy: f64,
    /// The box the maps cover (and Q moves in), sized from P so both modes
    /// and the widest useful Q fit.
    mu_range: (f64, f64),
    sigma_range: (f64, f64),
    /// In nats (converted for display).
    forward_map: Grid,
    reverse_map: Grid,
    forward_min: (f64, f64),
    /// One local minimum per mode (one only when P has a single bump).
    reverse_mins: Vec<(f64, f64, f64)>,
}

fn mixture(sep: f64, s: f64, w: f64) -> Mixture2 {
    Mixture2 {
        w,
        mu1: -sep / 2.0,
        s1: s,
        mu2: sep / 2.0,
        s2: s,
    }
}

fn fin(v: f64, default: f64) -> f64 {
    if v.is_finite() { v } else { default }
}

impl ModesLab {
    /// `w` is the left mode's weight, `mu` Q's initial mean; the modes are
    /// 6 apart with σ = 1.
    pub fn new(w: f64, mu: f64) -> ModesLab {
        ModesLab::with_mixture(6.0, 1.0, w, mu)
    }

    /// P = w N(-sep/2, s²) + (1 - w) N(sep/2, s²), each clamped to its range;
    /// Q starts at N(mu, s²).
    pub fn with_mixture(sep: f64, s: f64, w: f64, mu: f64) -> ModesLab {
        let mut lab = ModesLab {
            sep: fin(sep, 6.0).clamp(SEP_RANGE.0, SEP_RANGE.1),
            comp_sigma: fin(s, 1.0).clamp(COMP_SIGMA_RANGE.0, COMP_SIGMA_RANGE.1),
            w: fin(w, 0.5).clamp(W_RANGE.0, W_RANGE.1),
            mu: fin(mu, 1.5),
            sigma: fin(s, 1.0).clamp(COMP_SIGMA_RANGE.0, COMP_SIGMA_RANGE.1),
            direction: Direction::Forward,
            base: Base::E,
            observations: OBSERVATIONS.iter().map(|s| s.to_string()).collect(),
            fitting: false,
            fit_steps: 0,
            p: mixture(6.0, 1.0, 0.5),
            p_entropy: 0.0,
            mu_range: (-6.0, 6.0),
            sigma_range: (0.2, 5.0),
            forward_map: Grid::default(),
            reverse_map: Grid::default(),
            forward_min: (0.0, 1.0),
            reverse_mins: Vec::new(),
        };
        lab.refresh_p();
        lab
    }

    /// The μ range of the maps (and of Q's mean).
    pub fn mu_range(&self) -> (f64, f64) {
        self.mu_range
    }

    /// The σ range of the maps (and of Q's σ).
    pub fn sigma_range(&self) -> (f64, f64) {
        self.sigma_range
    }

    pub fn p(&self) -> &Mixture2 {
        &self.p
    }

    pub fn q(&self) -> Gaussian {
        Gaussian {
            mu: self.mu,
            sigma: self.sigma.max(SIGMA_FLOOR),
        }
    }

    /// Forward D(P‖N(μ, σ²)) in nats: cross-entropy from P's moments minus
    /// P's entropy (cached).
    pub fn forward_nats(&self, mu: f64, sigma: f64) -> f64 {
        let q = Gaussian {
            mu,
            sigma: sigma.max(SIGMA_FLOOR),
        };
        kl_forward_from_entropy(&self.p, self.p_entropy, &q)
    }

    /// Reverse D(N(μ, σ²)‖P) in nats by the map's Gauss-Hermite rule (what the
    /// map shows and the fit descends).
    pub fn reverse_gh_nats(&self, mu: f64, sigma: f64) -> f64 {
        let q = Gaussian {
            mu,
            sigma: sigma.max(SIGMA_FLOOR),
        };
        map_rule().kl(&q, &self.p)
    }

    /// Reverse D(N(μ, σ²)‖P) in nats by the fine rule (what the fit descends).
    pub fn reverse_fit_nats(&self, mu: f64, sigma: f64) -> f64 {
        let q = Gaussian {
            mu,
            sigma: sigma.max(SIGMA_FLOOR),
        };
        fit_rule().kl(&q, &self.p)
    }

    /// The current D(P‖Q) in the lab's unit.
    pub fn forward(&self) -> f64 {
        self.base.from_nats(self.forward_nats(self.mu, self.sigma))
    }

    /// The current D(Q‖P) in the lab's unit, by adaptive quadrature (the
    /// figure to quote; the map uses the cheaper rule).
    pub fn reverse(&self) -> f64 {
        let v = kl_from_gaussian(&self.q(), &self.p, 1e-6)
            .map(|e| e.value)
            .unwrap_or_else(|_| self.reverse_gh_nats(self.mu, self.sigma));
        self.base.from_nats(v)
    }

    pub fn forward_map(&self) -> &Grid {
        &self.forward_map
    }

    pub fn reverse_map(&self) -> &Grid {
        &self.reverse_map
    }

    /// The forward optimum: moment matching, μ = E_P, σ = sd_P (clamped to the map).
    pub fn forward_min(&self) -> (f64, f64) {
        self.forward_min
    }

    /// The reverse KL's local minima as (μ, σ, D in nats), best first.
    pub fn reverse_mins(&self) -> &[(f64, f64, f64)] {
        &self.reverse_mins
    }

    fn refresh_p(&mut self) {
        self.p = mixture(self.sep, self.comp_sigma, self.w);
        self.p_entropy = differential_entropy(&self.p).map_or(0.0, |e| e.value);
        let sc = self.comp_sigma;
        let half = (self.sep / 2.0 + 3.0 * sc).max(6.0);
        self.mu_range = (-half, half);
        self.sigma_range = (
            (0.2 * sc).clamp(SIGMA_FLOOR, 0.2),
            (1.25 * self.p.variance().sqrt()).max(5.0),
        );
        self.mu = self.mu.clamp(-half, half);
        self.sigma = self.sigma.clamp(self.sigma_range.0, self.sigma_range.1);
        let (nx, ny) = GRID;
        let (xs, ys) = (self.mu_range, self.sigma_range);
        self.forward_map = Grid::sample(nx, ny, xs, ys, |m, s| self.forward_nats(m, s));
        self.reverse_map = Grid::sample(nx, ny, xs, ys, |m, s| self.reverse_gh_nats(m, s));
        self.forward_min = (
            self.p.mean().clamp(xs.0, xs.1),
            self.p.variance().sqrt().clamp(ys.0, ys.1),
        );
        // Best grid point left and right of P's mean, each polished by a compass search.
        let g = &self.reverse_map;
        let mean = self.p.mean();
        let mut mins: Vec<(f64, f64, f64)> = Vec::new();
        for left in [true, false] {
            let mut best: Option<(f64, f64, f64)> = None;
            for j in 0..g.ny {
                for i in 0..g.nx {
                    let (m, v) = (g.xs(i), g.at(i, j));
                    if (m < mean) == left && v.is_finite() && best.is_none_or(|b| v < b.2) {
                        best = Some((m, g.ys(j), v));
                    }
                }
            }
            if let Some((m, s, _)) = best {
                let (m, s, v) = self.polish(m, s);
                if !mins
                    .iter()
                    .any(|o| (o.0 - m).abs() < 0.3 && (o.1 - s).abs() < 0.3)
                {
                    mins.push((m, s, v));
                }
            }
        }
        mins.sort_by(|a, b| a.2.total_cmp(&b.2));
        self.reverse_mins = mins;
    }

    /// Compass search on the fit's reverse objective from (μ, σ): a local
    /// minimum to about 1e-3 σ, in a few dozen evaluations.
    fn polish(&self, mut m: f64, mut s: f64) -> (f64, f64, f64) {
        let mut v = self.reverse_fit_nats(m, s);
        let (xs, ys) = (self.mu_range, self.sigma_range);
        let mut step = 0.25 * self.comp_sigma;
        // To 1e-3 of the modes' σ: the panel shows two decimals.
        while step > 1e-3 * self.comp_sigma {
            let mut moved = false;
            for (dm, ds) in [(step, 0.0), (-step, 0.0), (0.0, step), (0.0, -step)] {
                let (nm, ns) = ((m + dm).clamp(xs.0, xs.1), (s + ds).clamp(ys.0, ys.1));
                let nv = self.reverse_fit_nats(nm, ns);
                if nv < v {
                    (m, s, v) = (nm, ns, nv);
                    moved = true;
                    break;
                }
            }
            if !moved {
                step /= 2.0;
            }
        }
        (m, s, v)
    }

    /// The objective the fit descends, in nats, over (μ, ln σ).
    fn objective(&self, mu: f64, ln_s: f64) -> f64 {
        let s = ln_s.exp();
        match self.direction {
            Direction::Forward => self.forward_nats(mu, s),
            Direction::Reverse => self.reverse_fit_nats(mu, s),
        }
    }

    /// One step of gradient descent with backtracking over (μ, ln σ), inside
    /// the map's box. Returns false once it has converged.
    pub fn fit_step(&mut self) -> bool {
        let (mu, ls) = (self.mu, self.sigma.max(SIGMA_FLOOR).ln());
        let (xs, ys) = (self.mu_range, self.sigma_range);
        let f0 = self.objective(mu, ls);
        let h = 1e-5;
        let gm = (self.objective(mu + h, ls) - self.objective(mu - h, ls)) / (2.0 * h);
        let gs = (self.objective(mu, ls + h) - self.objective(mu, ls - h)) / (2.0 * h);
        let gn = (gm * gm + gs * gs).sqrt();
        if !gn.is_finite() || gn < 1e-7 {
            return false;
        }
        // Backtracking (Armijo) from a step of at most 0.5 in parameter space.
        let mut t = (0.5 * self.comp_sigma.max(1.0) / gn).min(2.0);
        let clamp = |m: f64, l: f64| (m.clamp(xs.0, xs.1), l.clamp(ys.0.ln(), ys.1.ln()));
        for _ in 0..40 {
            let (nm, nl) = clamp(mu - t * gm, ls - t * gs);
            let f1 = self.objective(nm, nl);
            if f1 <= f0 - 1e-4 * t * gn * gn {
                let moved = ((nm - mu).powi(2) + (nl - ls).powi(2)).sqrt();
                self.mu = nm;
                self.sigma = nl.exp();
                return moved > 1e-7;
            }
            t /= 2.0;
        }
        false
    }

    /// Starts (or stops) the animated fit. From exactly the mirror axis of a
    /// symmetric P the pulls of the two modes cancel; starting a hair off it
    /// lets the reverse fit choose a side, as any real optimiser would.
    pub fn toggle_fit(&mut self) {
        self.fitting = !self.fitting;
        self.fit_steps = 0;
        if self.fitting
            && self.direction == Direction::Reverse
            && (self.mu - self.p.mean()).abs() < 1e-9
        {
            self.mu += 0.01;
        }
    }

    /// What to say when a finished reverse fit rests between the modes: a
    /// wide local minimum (or the saddle on the mirror axis), not the
    /// mode-seeking answer, which the learner must not take for it. `None`
    /// while fitting, after a forward fit, or when the fit ended on a bump.
    pub fn fit_note(&self) -> Option<String> {
        if self.fitting || self.fit_steps == 0 || self.direction != Direction::Reverse {
            return None;
        }
        let here = self.reverse_fit_nats(self.mu, self.sigma);
        let best = self.reverse_mins.first()?;
        let centred = (self.mu - self.p.mean()).abs() < self.sep / 4.0;
        (centred && best.2 < here - 1e-6).then(|| {
            let unit = self.base.unit();
            format!(
                "The fit stopped between the modes, at D(Q‖P) = {:.3} {unit}: a local minimum, not the best fit (R, {:.3} {unit}). Reverse KL is not convex: move μ toward a bump and fit again.",
                self.base.from_nats(here),
                self.base.from_nats(best.2),
            )
        })
    }

    /// Steps per animation frame: a fit takes a second or two to watch.
    pub const STEPS_PER_TICK: usize = 2;
    pub const MAX_STEPS: usize = 2000;

    pub fn tick(&mut self) {
        if !self.fitting {
            return;
        }
        for _ in 0..Self::STEPS_PER_TICK {
            self.fit_steps += 1;
            if !self.fit_step() || self.fit_steps >= Self::MAX_STEPS {
                self.fitting = false;
                return;
            }
        }
    }

    /// Runs the fit to the end at once (for tests and the impatient).
    pub fn fit_to_end(&mut self) {
        if !self.fitting {
            self.toggle_fit();
        }
        while self.fitting {
            self.tick();
        }
    }

    pub fn move_mu(&mut self, d: f64) {
        self.mu = super::step(self.mu, d, self.mu_range.0, self.mu_range.1);
        self.fitting = false;
    }

    pub fn move_sigma(&mut self, d: f64) {
        self.sigma = super::step(self.sigma, d, self.sigma_range.0, self.sigma_range.1);
        self.fitting = false;
    }

    pub fn move_sep(&mut self, d: f64) {
        self.sep = super::step(self.sep, d, SEP_RANGE.0, SEP_RANGE.1);
        self.fitting = false;
        self.refresh_p();
    }

    pub fn move_comp_sigma(&mut self, d: f64) {
        let (lo, hi) = COMP_SIGMA_RANGE;
        self.comp_sigma = super::step(self.comp_sigma, d, lo, hi);
        self.fitting = false;
        self.refresh_p();
    }

    pub fn move_w(&mut self, d: f64) {
        self.w = super::step(self.w, d, W_RANGE.0, W_RANGE.1);
        self.fitting = false;
        self.refresh_p();
    }

    pub fn toggle_direction(&mut self) {
        self.direction = match self.direction {
            Direction::Forward => Direction::Reverse,
            Direction::Reverse => Direction::Forward,
        };
        self.fitting = false;
    }

    pub fn toggle_unit(&mut self) {
        self.base = super::next_base(self.base);
    }

    /// P's density at x (for the overlay chart).
    pub fn p_pdf(&self, x: f64) -> f64 {
        self.p.pdf(x)
    }

    pub fn q_pdf(&self, x: f64) -> f64 {
        self.q().pdf(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_hold_no_nan_and_the_forward_minimum_is_moment_matching() {
        let lab = ModesLab::new(0.5, 1.5);
        assert!(
            lab.forward_map()
                .values
                .iter()
                .all(|v| v.is_finite() && *v >= 0.0)
        );
        assert!(
            lab.reverse_map()
                .values
                .iter()
                .all(|v| v.is_finite() && *v >= 0.0)
        );
        let (m, s) = lab.forward_min();
        assert!(m.abs() < 1e-12 && (s - 10f64.sqrt()).abs() < 1e-12);
        // Two mode-seeking minima, one on each mode.
        let r = lab.reverse_mins();
        assert_eq!(r.len(), 2);
        for &(m, s, _) in r {
            assert!(
                (m.abs() - 3.0).abs() < 0.1 && (s - 1.0).abs() < 0.1,
                "{m} {s}"
            );
        }
    }

    #[test]
    fn sigma_is_clamped_and_values_stay_finite() {
        let mut lab = ModesLab::new(f64::NAN, 99.0);
        assert_eq!(lab.mu, lab.mu_range().1);
        lab.move_sigma(-100.0);
        assert_eq!(lab.sigma, lab.sigma_range().0);
        assert!(lab.forward().is_finite() && lab.reverse().is_finite());
        lab.move_sep(-100.0);
        lab.move_w(100.0);
        assert!(lab.forward().is_finite() && lab.reverse().is_finite());
    }

    #[test]
    fn wide_and_narrow_mixtures_fit_in_the_maps() {
        // The lesson format allows separation up to 20 and σ up to 10.
        for (sep, s) in [(20.0, 1.0), (20.0, 10.0), (4.0, 0.1), (0.0, 1.0)] {
            let lab = ModesLab::with_mixture(sep, s, 0.3, 0.0);
            let (m, sd) = lab.forward_min();
            let (mr, sr) = (lab.mu_range(), lab.sigma_range());
            assert!(mr.0 <= -sep / 2.0 && sep / 2.0 <= mr.1, "{sep} {s}");
            assert!(
                sr.0 < sd && sd < sr.1 && mr.0 < m && m < mr.1,
                "{sep} {s}: {sd} in {sr:?}"
            );
            assert!(
                lab.forward_map().values.iter().all(|v| v.is_finite()),
                "{sep} {s}"
            );
            assert!(
                lab.reverse_map().values.iter().all(|v| v.is_finite()),
                "{sep} {s}"
            );
            assert!(!lab.reverse_mins().is_empty());
        }
    }
}
