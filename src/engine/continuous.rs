//! KL divergence between one-dimensional densities, by numerical integration.
//!
//! Two ways in, for two uses:
//!
//! * [`kl_quadrature`] is the reference: adaptive Gauss-Kronrod (G7/K15) over
//!   a range covering both densities' mass, returning an [`Estimate`] whose
//!   `error_bound` is an honest bound on the absolute error (the sum of the
//!   `|K15 - G7|` differences, which overstate the error of the K15 value on
//!   smooth integrands by orders of magnitude, plus a tail and a rounding term).
//! * [`kl_gauss_hermite`] and [`kl_forward_from_entropy`] are the cheap forms
//!   the labs call thousands of times per frame: a fixed Gauss-Hermite rule
//!   for `E_Q[ln q - ln p]` with Gaussian `Q`, and the moment-only
//!   cross-entropy for `D(P||Q)` with Gaussian `Q`.
//! * [`kl_from_gaussian`] sits between them for the reverse direction: adaptive
//!   over `Q`'s range only, with a bound, at a few times the cost of 128-node
//!   Gauss-Hermite.
//!
//! The integrand of [`kl_quadrature`] is `p ln(p/q) - p + q = q phi(p/q)`,
//! not the textbook `p ln(p/q)`: both integrate to `D(P||Q)` because both
//! densities integrate to one, but this one is non-negative everywhere, so
//! the sum never comes out negative and never cancels.

use std::collections::BinaryHeap;
use std::sync::OnceLock;

use rand::Rng;

use super::error::DistError;
use super::kernel::phi1p;
use super::parametric::{finite, positive};

/// `ln(2 pi) / 2`.
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// A probability density on the real line.
///
/// `ln_pdf` is the primitive, computed directly rather than as `ln(pdf)`, so
/// that 40 standard deviations out, where `pdf` underflows to zero, the log
/// ratio of two densities is still finite and correct.
pub trait Density {
    /// `ln p(x)`; `-inf` only where the density is truly zero.
    fn ln_pdf(&self, x: f64) -> f64;
    /// `p(x)`.
    fn pdf(&self, x: f64) -> f64 {
        self.ln_pdf(x).exp()
    }
    /// `E[X]`.
    fn mean(&self) -> f64;
    /// `Var[X]`.
    fn variance(&self) -> f64;
    /// Points where the density changes shape, spanning an interval outside
    /// of which the density's mass is below 1e-30. Quadrature starts from
    /// these so that a narrow peak cannot fall between its first nodes.
    fn breakpoints(&self) -> Vec<f64>;
    /// The widest length scale of the density's tails: beyond the outermost
    /// breakpoint the density decays at least like a Gaussian of this width.
    fn tail_scale(&self) -> f64;
    /// One draw.
    fn sample(&self, rng: &mut dyn Rng) -> f64;
    /// Whether the parameters describe a density (the fields are public, so
    /// a value may have been built without the checking constructor).
    fn validate(&self) -> Result<(), DistError>;
}

/// A uniform draw in the open interval (0, 1), so that its log is finite.
fn uniform_open(rng: &mut dyn Rng) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

/// A standard normal draw (Box-Muller; the second variate is discarded to
/// keep draws independent of call order).
pub fn standard_normal(rng: &mut dyn Rng) -> f64 {
    let u1 = uniform_open(rng);
    let u2 = uniform_open(rng);
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Multiples of sigma used as quadrature breakpoints; Gaussian mass beyond
/// 12 sigma is about 4e-33.
const SIGMA_STEPS: [f64; 11] = [-12.0, -8.0, -5.0, -3.0, -1.5, 0.0, 1.5, 3.0, 5.0, 8.0, 12.0];

/// `N(mu, sigma^2)`, parameterised by the standard deviation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gaussian {
    pub mu: f64,
    pub sigma: f64,
}

impl Gaussian {
    /// Checks that `mu` is finite and `sigma` positive and finite.
    pub fn new(mu: f64, sigma: f64) -> Result<Gaussian, DistError> {
        let g = Gaussian { mu, sigma };
        g.validate()?;
        Ok(g)
    }

    /// Differential entropy `ln(sigma sqrt(2 pi e))` in nats.
    pub fn entropy(&self) -> f64 {
        self.sigma.ln() + LN_SQRT_2PI + 0.5
    }
}

fn gaussian_ln_pdf(mu: f64, sigma: f64, x: f64) -> f64 {
    let z = (x - mu) / sigma;
    -0.5 * z * z - sigma.ln() - LN_SQRT_2PI
}

impl Density for Gaussian {
    fn ln_pdf(&self, x: f64) -> f64 {
        gaussian_ln_pdf(self.mu, self.sigma, x)
    }
    fn mean(&self) -> f64 {
        self.mu
    }
    fn variance(&self) -> f64 {
        self.sigma * self.sigma
    }
    fn breakpoints(&self) -> Vec<f64> {
        SIGMA_STEPS
            .iter()
            .map(|k| self.mu + k * self.sigma)
            .collect()
    }
    fn tail_scale(&self) -> f64 {
        self.sigma
    }
    fn sample(&self, rng: &mut dyn Rng) -> f64 {
        self.mu + self.sigma * standard_normal(rng)
    }
    fn validate(&self) -> Result<(), DistError> {
        finite("mu", self.mu)?;
        positive(
            "sigma",
            self.sigma,
            "a standard deviation must be positive and finite",
        )?;
        Ok(())
    }
}

/// The two-component mixture `w N(mu1, s1^2) + (1 - w) N(mu2, s2^2)`, the
/// bimodal target of the mode-seeking/mode-covering lesson.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mixture2 {
    pub w: f64,
    pub mu1: f64,
    pub s1: f64,
    pub mu2: f64,
    pub s2: f64,
}

impl Mixture2 {
    /// Checks `w` in `[0, 1]`, finite means, positive finite deviations.
    pub fn new(w: f64, mu1: f64, s1: f64, mu2: f64, s2: f64) -> Result<Mixture2, DistError> {
        let m = Mixture2 {
            w,
            mu1,
            s1,
            mu2,
            s2,
        };
        m.validate()?;
        Ok(m)
    }
}

/// `ln(e^a + e^b)` without overflow, `-inf` when both are.
fn log_add_exp(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
    if hi == f64::NEG_INFINITY {
        return hi;
    }
    hi + (lo - hi).exp().ln_1p()
}

impl Density for Mixture2 {
    fn ln_pdf(&self, x: f64) -> f64 {
        // ln(0) = -inf for a zero weight drops that component cleanly.
        let a = self.w.ln() + gaussian_ln_pdf(self.mu1, self.s1, x);
        let b = (1.0 - self.w).ln() + gaussian_ln_pdf(self.mu2, self.s2, x);
        log_add_exp(a, b)
    }
    fn mean(&self) -> f64 {
        self.w * self.mu1 + (1.0 - self.w) * self.mu2
    }
    fn variance(&self) -> f64 {
        // Law of total variance: within-component plus between-component spread.
        let d = self.mu1 - self.mu2;
        self.w * self.s1 * self.s1
            + (1.0 - self.w) * self.s2 * self.s2
            + self.w * (1.0 - self.w) * d * d
    }
    fn breakpoints(&self) -> Vec<f64> {
        let mut v: Vec<f64> = SIGMA_STEPS.iter().map(|k| self.mu1 + k * self.s1).collect();
        v.extend(SIGMA_STEPS.iter().map(|k| self.mu2 + k * self.s2));
        v
    }
    fn tail_scale(&self) -> f64 {
        self.s1.max(self.s2)
    }
    fn sample(&self, rng: &mut dyn Rng) -> f64 {
        let z = standard_normal(rng);
        if uniform_open(rng) < self.w {
            self.mu1 + self.s1 * z
        } else {
            self.mu2 + self.s2 * z
        }
    }
    fn validate(&self) -> Result<(), DistError> {
        if !(self.w.is_finite() && (0.0..=1.0).contains(&self.w)) {
            return Err(DistError::Parameter {
                name: "w",
                value: self.w,
                why: "a mixture weight must lie between 0 and 1",
            });
        }
        finite("mu1", self.mu1)?;
        finite("mu2", self.mu2)?;
        let why = "a standard deviation must be positive and finite";
        positive("s1", self.s1, why)?;
        positive("s2", self.s2, why)?;
        Ok(())
    }
}

/// A quadrature result with a bound on its absolute error.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub value: f64,
    /// Bound on `|value - exact|`: the sum over final subintervals of
    /// `|K15 - G7|` (the G7 result's error, a large overestimate of the K15
    /// value's), plus a bound on the tails left out and on rounding.
    pub error_bound: f64,
}

// Gauss-Kronrod 15-point nodes on [-1, 1] (positive half, 0 last) and weights,
// and the embedded 7-point Gauss weights (nodes XK[1], XK[3], XK[5], XK[7]),
// as tabulated in QUADPACK (qk15).
const XK: [f64; 8] = [
    0.991_455_371_120_812_6,
    0.949_107_912_342_758_5,
    0.864_864_423_359_769_1,
    0.741_531_185_599_394_4,
    0.586_087_235_467_691_1,
    0.405_845_151_377_397_2,
    0.207_784_955_007_898_5,
    0.0,
];
const WK: [f64; 8] = [
    0.022_935_322_010_529_22,
    0.063_092_092_629_978_55,
    0.104_790_010_322_250_18,
    0.140_653_259_715_525_92,
    0.169_004_726_639_267_9,
    0.190_350_578_064_785_4,
    0.204_432_940_075_298_9,
    0.209_482_141_084_727_83,
];
const WG: [f64; 4] = [
    0.129_484_966_168_869_7,
    0.279_705_391_489_276_7,
    0.381_830_050_505_118_9,
    0.417_959_183_673_469_4,
];

/// An integrand that also reports a bound on the rounding error of each of
/// its values, so that the quadrature's error bound covers evaluation error
/// as well as truncation error.
type Integrand<'a> = &'a dyn Fn(f64) -> (f64, f64);

/// One G7/K15 panel: `(K15 value, |K15 - G7|, K15 of the rounding envelope)`.
fn gk15(f: Integrand, a: f64, b: f64) -> (f64, f64, f64) {
    let c = 0.5 * (a + b);
    let h = 0.5 * (b - a);
    let (fc, ec) = f(c);
    let mut k = WK[7] * fc;
    let mut g = WG[3] * fc;
    let mut k_err = WK[7] * ec;
    for i in 0..7 {
        let ((f1, e1), (f2, e2)) = (f(c - h * XK[i]), f(c + h * XK[i]));
        k += WK[i] * (f1 + f2);
        k_err += WK[i] * (e1 + e2);
        if i % 2 == 1 {
            g += WG[i / 2] * (f1 + f2);
        }
    }
    (k * h, ((k - g) * h).abs(), k_err * h)
}

struct Panel {
    a: f64,
    b: f64,
    value: f64,
    err: f64,
    rounding: f64,
}

impl PartialEq for Panel {
    fn eq(&self, o: &Self) -> bool {
        self.err == o.err
    }
}
impl Eq for Panel {}
impl PartialOrd for Panel {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Panel {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.err.total_cmp(&o.err)
    }
}

/// Most panels the adaptive rule will create before giving up on the
/// tolerance (the error bound it then returns is still honest, just larger).
const MAX_PANELS: usize = 5000;

/// Globally adaptive G7/K15 over consecutive `points`: always bisects the
/// panel with the largest error until the total is below
/// `max(abs_tol, rel_tol |I|)`.
fn integrate(f: Integrand, points: &[f64], abs_tol: f64, rel_tol: f64) -> Estimate {
    let mut heap = BinaryHeap::new();
    let (mut total, mut err) = (0.0, 0.0);
    for w in points.windows(2) {
        let (v, e, r) = gk15(f, w[0], w[1]);
        total += v;
        err += e;
        heap.push(Panel {
            a: w[0],
            b: w[1],
            value: v,
            err: e,
            rounding: r,
        });
    }
    while err > abs_tol.max(rel_tol * total.abs()) && heap.len() < MAX_PANELS {
        let Some(p) = heap.pop() else { break };
        let m = 0.5 * (p.a + p.b);
        if m <= p.a || m >= p.b {
            // Cannot split further in floating point: keep its error.
            heap.push(p);
            break;
        }
        let (v1, e1, r1) = gk15(f, p.a, m);
        let (v2, e2, r2) = gk15(f, m, p.b);
        total += v1 + v2 - p.value;
        err += e1 + e2 - p.err;
        heap.push(Panel {
            a: p.a,
            b: m,
            value: v1,
            err: e1,
            rounding: r1,
        });
        heap.push(Panel {
            a: m,
            b: p.b,
            value: v2,
            err: e2,
            rounding: r2,
        });
    }
    // Recompute the sums from the final panels so that the running updates'
    // rounding does not leak into the result.
    let (mut value, mut bound, mut abs_sum) = (0.0, 0.0, 0.0);
    for p in heap.iter() {
        value += p.value;
        abs_sum += p.value.abs();
        // Truncation, the integrand's own rounding, and the panel sum's.
        bound += p.err + p.rounding;
    }
    bound += 4.0 * f64::EPSILON * heap.len() as f64 * abs_sum;
    Estimate {
        value,
        error_bound: bound,
    }
}

/// Sorted, de-duplicated finite breakpoints of both densities.
fn merged_points(ds: &[&dyn Density]) -> Vec<f64> {
    let mut pts: Vec<f64> = ds
        .iter()
        .flat_map(|d| d.breakpoints())
        .filter(|x| x.is_finite())
        .collect();
    pts.sort_by(f64::total_cmp);
    pts.dedup();
    pts
}

/// `q phi(p/q) = p ln(p/q) - p + q` from the two log-densities, with a bound
/// on its rounding error. The log-densities each carry a few ulps of their own
/// size, so their difference `d` is uncertain by `~eps (|ln p| + |ln q|)`,
/// which dominates when `P` and `Q` nearly agree.
fn kl_integrand(lp: f64, lq: f64) -> (f64, f64) {
    const EPS8: f64 = 8.0 * f64::EPSILON;
    if lp == f64::NEG_INFINITY {
        let q = lq.exp();
        return (q, EPS8 * q);
    }
    if lq == f64::NEG_INFINITY {
        return (f64::INFINITY, 0.0);
    }
    let d = lp - lq;
    let d_err = EPS8 * (lp.abs() + lq.abs() + 1.0);
    if d.abs() < 0.3 {
        // ln(p/q) small: p/q - 1 = expm1(d) is accurate, so is phi(p/q) ~ d^2/2,
        // whose relative error is twice d's.
        let v = lq.exp() * phi1p(d.exp_m1());
        let rel = (2.0 * d_err / d.abs()).min(1.0) + EPS8;
        (v, rel * v)
    } else {
        let (p, q) = (lp.exp(), lq.exp());
        let v = (p * (d - 1.0) + q).max(0.0);
        (v, EPS8 * (p * (d.abs() + 1.0) + q) + p * d_err)
    }
}

/// Tolerances of the reference quadrature.
const REL_TOL: f64 = 1e-13;
const ABS_TOL: f64 = 1e-300;

/// `D(P||Q)` in nats for any two densities, by adaptive Gauss-Kronrod, with an
/// error bound.
///
/// Accuracy: on smooth densities the value is typically good to 1e-13
/// relative and the bound is honest (usually pessimistic by orders of
/// magnitude). When `P` and `Q` are very close, the log-densities' own
/// rounding (a few ulps of `z^2/2`) limits the relative accuracy to about
/// `1e-16 / D` times a modest factor; use the closed forms for those cases.
pub fn kl_quadrature(p: &dyn Density, q: &dyn Density) -> Result<Estimate, DistError> {
    kl_quadrature_tol(p, q, REL_TOL)
}

/// Tolerances looser than this are refused: on a panel that has not yet
/// resolved a bend in the integrand, `|K15 - G7|` can understate the error
/// (seen at 1e-4 on a wide `Q` against a two-mode `P`), and the bound would
/// then not be one. From 1e-6 down the panels are fine enough that the
/// difference overstates it by orders of magnitude (none of 2400 grid cells
/// violated the bound at 1e-6); and 1e-6 costs hardly more than 1e-4.
pub const LOOSEST_TOL: f64 = 1e-6;

fn check_tol(rel_tol: f64) -> Result<(), DistError> {
    if (1e-14..=LOOSEST_TOL).contains(&rel_tol) {
        Ok(())
    } else {
        Err(DistError::Parameter {
            name: "rel_tol",
            value: rel_tol,
            why: "a relative tolerance must lie between 1e-14 and 1e-6",
        })
    }
}

/// [`kl_quadrature`] with a chosen relative tolerance, from 1e-14 to
/// [`LOOSEST_TOL`]: a looser one is cheaper, for callers that redraw a grid of
/// divergences and still want each value's error bound.
pub fn kl_quadrature_tol(
    p: &dyn Density,
    q: &dyn Density,
    rel_tol: f64,
) -> Result<Estimate, DistError> {
    check_tol(rel_tol)?;
    p.validate()?;
    q.validate()?;
    let pts = merged_points(&[p, q]);
    let f = |x: f64| kl_integrand(p.ln_pdf(x), q.ln_pdf(x));
    let mut est = integrate(&f, &pts, ABS_TOL, rel_tol);
    est.value = est.value.max(0.0);
    est.error_bound += tail_bound(&f, &pts, p.tail_scale().max(q.tail_scale()));
    Ok(est)
}

/// Bound on the integral of a non-negative, Gaussian-decaying `f` beyond the
/// outermost points: for `f(x) ~ e^{-x^2/(2 s^2)}` at least `k >= 1` scales
/// out, the tail integral is below `f(end) s / k <= f(end) s`.
fn tail_bound(f: Integrand, pts: &[f64], scale: f64) -> f64 {
    let (lo, hi) = (pts[0], pts[pts.len() - 1]);
    (f(lo).0.abs() + f(hi).0.abs()) * scale
}

/// Differential entropy `h(P) = -E_P[ln p]` in nats, by adaptive quadrature.
///
/// For a Gaussian mixture this has no closed form, but it does not depend on
/// the `Q` being fitted, so callers scanning a grid of `Q`s compute it once
/// and pass it to [`kl_forward_from_entropy`].
pub fn differential_entropy(p: &dyn Density) -> Result<Estimate, DistError> {
    p.validate()?;
    let pts = merged_points(&[p]);
    let f = |x: f64| {
        let l = p.ln_pdf(x);
        if l == f64::NEG_INFINITY {
            (0.0, 0.0)
        } else {
            let v = -l.exp() * l;
            (v, 8.0 * f64::EPSILON * (v.abs() + l.exp()))
        }
    };
    let mut est = integrate(&f, &pts, 1e-15, REL_TOL);
    est.error_bound += tail_bound(&f, &pts, p.tail_scale());
    Ok(est)
}

/// Cross-entropy `H(P, Q) = -E_P[ln q]` in nats for Gaussian `Q`: since
/// `ln q` is a quadratic, it needs only `P`'s mean and variance.
pub fn gaussian_cross_entropy(p: &dyn Density, q: &Gaussian) -> f64 {
    let d = p.mean() - q.mu;
    q.sigma.ln() + LN_SQRT_2PI + (p.variance() + d * d) / (2.0 * q.sigma * q.sigma)
}

/// Forward KL `D(P||Q) = H(P, Q) - h(P)` for Gaussian `Q`, given `P`'s
/// differential entropy (see [`differential_entropy`]). Costs a handful of
/// flops, which is what a per-frame grid over `Q` needs. The subtraction
/// leaves an absolute error of about `1e-16 * H(P, Q)` plus the entropy's
/// own; clamped at zero.
pub fn kl_forward_from_entropy(p: &dyn Density, p_entropy: f64, q: &Gaussian) -> f64 {
    (gaussian_cross_entropy(p, q) - p_entropy).max(0.0)
}

/// `D(mix || gauss)`, the mode-covering (forward) direction: moment-only
/// cross-entropy minus the mixture's entropy, computed here by quadrature.
/// The bound is the entropy's plus the subtraction's rounding.
pub fn kl_mixture_to_gaussian_forward(
    mix: &Mixture2,
    gauss: &Gaussian,
) -> Result<Estimate, DistError> {
    gauss.validate()?;
    let h = differential_entropy(mix)?;
    let ce = gaussian_cross_entropy(mix, gauss);
    Ok(Estimate {
        value: (ce - h.value).max(0.0),
        error_bound: h.error_bound + 4.0 * f64::EPSILON * (ce.abs() + h.value.abs()),
    })
}

/// A Gauss-Hermite rule: `integral e^{-x^2} f(x) dx ~ sum w_i f(x_i)`, exact
/// for polynomials of degree below `2n`.
#[derive(Debug, Clone, PartialEq)]
pub struct GaussHermite {
    pub nodes: Vec<f64>,
    pub weights: Vec<f64>,
}

impl GaussHermite {
    /// Builds the `n`-point rule by Newton's method on the orthonormal
    /// Hermite recurrence (which does not overflow for large `n`), from the
    /// classical asymptotic starting guesses. `n` must be 1..=200.
    pub fn new(n: usize) -> Result<GaussHermite, DistError> {
        if !(1..=200).contains(&n) {
            return Err(DistError::Parameter {
                name: "nodes",
                value: n as f64,
                why: "a Gauss-Hermite rule needs between 1 and 200 nodes",
            });
        }
        // pi^(-1/4): the orthonormal H_0.
        const PIM4: f64 = 0.751_125_544_464_942_5;
        let nf = n as f64;
        let mut x = vec![0.0; n];
        let mut w = vec![0.0; n];
        let m = n.div_ceil(2);
        let mut z = 0.0;
        for i in 0..m {
            z = match i {
                0 => (2.0 * nf + 1.0).sqrt() - 1.855_75 * (2.0 * nf + 1.0).powf(-0.166_67),
                1 => z - 1.14 * nf.powf(0.426) / z,
                2 => 1.86 * z - 0.86 * x[0],
                3 => 1.91 * z - 0.91 * x[1],
                _ => 2.0 * z - x[i - 2],
            };
            let mut pp = 0.0;
            for _ in 0..100 {
                let (mut p1, mut p2) = (PIM4, 0.0);
                for j in 1..=n {
                    let p3 = p2;
                    p2 = p1;
                    let jf = j as f64;
                    p1 = z * (2.0 / jf).sqrt() * p2 - ((jf - 1.0) / jf).sqrt() * p3;
                }
                pp = (2.0 * nf).sqrt() * p2;
                let step = p1 / pp;
                z -= step;
                if step.abs() <= 1e-15 * z.abs().max(1.0) {
                    break;
                }
            }
            x[i] = z;
            x[n - 1 - i] = -z;
            w[i] = 2.0 / (pp * pp);
            w[n - 1 - i] = w[i];
        }
        if n % 2 == 1 {
            x[n / 2] = 0.0;
        }
        // Ascending order reads better and sums small weights first.
        x.reverse();
        w.reverse();
        Ok(GaussHermite {
            nodes: x,
            weights: w,
        })
    }

    /// `E[f(X)]` for `X ~ N(mu, sigma^2)`.
    pub fn expect(&self, mu: f64, sigma: f64, f: impl Fn(f64) -> f64) -> f64 {
        let s = std::f64::consts::SQRT_2 * sigma;
        let acc: f64 = self
            .nodes
            .iter()
            .zip(&self.weights)
            .map(|(&x, &w)| w * f(mu + s * x))
            .sum();
        acc * FRAC_1_SQRT_PI
    }

    /// `D(Q||P) = E_Q[ln q - ln p]` for Gaussian `Q`, in nats, clamped at
    /// zero. Exact (to rounding) when `ln p` is a polynomial of degree below
    /// `2n`, as for Gaussian `P`. For a mixture `P`, `ln p` bends sharply
    /// where the dominant component changes, and a polynomial rule converges
    /// slowly once `Q`'s mass reaches across that bend: for the lesson's
    /// `0.5 N(-3,1) + 0.5 N(3,1)` and 64 nodes, the relative error is ~1e-6
    /// with `Q = N(3, 1)` but ~2e-2 with `Q = N(0, 3)`. Good enough to draw a
    /// heat map and locate its minima; for a figure to quote, use
    /// [`kl_quadrature`] (or [`kl_quadrature_tol`]), which carries a bound.
    pub fn kl(&self, q: &Gaussian, p: &dyn Density) -> f64 {
        self.expect(q.mu, q.sigma, |x| q.ln_pdf(x) - p.ln_pdf(x))
            .max(0.0)
    }
}

/// `1/sqrt(pi)`, the Gauss-Hermite weights' normaliser for a standard normal.
const FRAC_1_SQRT_PI: f64 = 0.564_189_583_547_756_3;

/// The 32- and 64-point rules, built once per process.
fn cached_rule(n: usize) -> Option<&'static GaussHermite> {
    static GH32: OnceLock<GaussHermite> = OnceLock::new();
    static GH64: OnceLock<GaussHermite> = OnceLock::new();
    let cell = match n {
        32 => &GH32,
        64 => &GH64,
        _ => return None,
    };
    Some(cell.get_or_init(|| GaussHermite::new(n).expect("32 and 64 nodes are valid")))
}

/// Reverse (mode-seeking) KL `D(Q||P)` for Gaussian `Q` and any `P`, by
/// adaptive G7/K15 of `q (ln q - ln p)` over `Q`'s own range only, to the
/// relative tolerance `rel_tol` (from 1e-14 to [`LOOSEST_TOL`]), with an
/// error bound. About 10 microseconds per call in a release build for the
/// lesson's mixture at 1e-6 (a 60x40 grid in ~30 ms; cache it while `P` is
/// unchanged).
///
/// The middle ground between [`kl_gauss_hermite`] (cheapest, no bound, a few
/// percent off when `Q` straddles two separated modes) and [`kl_quadrature`]
/// (which must also cover `P`'s whole mass for its `- p + q` terms): adaptivity
/// finds the bend in `ln p` between modes. The textbook integrand can be
/// negative pointwise; the value is clamped at zero and the bound includes
/// the cancellation, about `1e-16 * E_Q[|ln q - ln p|]`.
pub fn kl_from_gaussian(
    q: &Gaussian,
    p: &dyn Density,
    rel_tol: f64,
) -> Result<Estimate, DistError> {
    check_tol(rel_tol)?;
    q.validate()?;
    p.validate()?;
    let pts = q.breakpoints();
    let f = |x: f64| {
        let (lq, lp) = (q.ln_pdf(x), p.ln_pdf(x));
        if lp == f64::NEG_INFINITY {
            return (f64::INFINITY, 0.0);
        }
        let d = lq - lp;
        let w = lq.exp();
        let v = w * d;
        (v, 8.0 * f64::EPSILON * w * (lq.abs() + lp.abs() + 1.0))
    };
    // Absolute floor: the terms of size |q ln q| cancel to about 1e-16 of it.
    let mut est = integrate(&f, &pts, 1e-15, rel_tol);
    est.value = est.value.max(0.0);
    est.error_bound += tail_bound(&f, &pts, q.sigma);
    Ok(est)
}

/// Reverse (mode-seeking) KL `D(Q||P)` for Gaussian `Q` and any `P`, by an
/// `nodes`-point Gauss-Hermite rule. Rules with 32 or 64 nodes are built once
/// and cached; other sizes are built per call (hold a [`GaussHermite`] and
/// call [`GaussHermite::kl`] to avoid that).
pub fn kl_gauss_hermite(q: &Gaussian, p: &dyn Density, nodes: usize) -> Result<f64, DistError> {
    q.validate()?;
    p.validate()?;
    match cached_rule(nodes) {
        Some(rule) => Ok(rule.kl(q, p)),
        None => Ok(GaussHermite::new(nodes)?.kl(q, p)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauss_kronrod_integrates_polynomials_exactly() {
        let f = |x: f64| (x.powi(22) + 3.0 * x.powi(7) - x * x, 0.0);
        let (k, _, _) = gk15(&f, 0.0, 1.0);
        let want = 1.0 / 23.0 + 3.0 / 8.0 - 1.0 / 3.0;
        assert!((k - want).abs() < 1e-15, "{k} vs {want}");
        let g = |x: f64| (x.powi(13), 0.0);
        let (k, e, _) = gk15(&g, -1.0, 2.0);
        assert!((k - (2f64.powi(14) - 1.0) / 14.0).abs() < 1e-11);
        assert!(e < 1e-9, "G7 is exact for degree 13: {e}");
    }

    #[test]
    fn adaptive_rule_bound_is_honest() {
        let f = |x: f64| ((x * x).sin() * (-x).exp(), 0.0);
        let est = integrate(&f, &[0.0, 1.0, 5.0, 30.0], 1e-300, 1e-13);
        // Reference: mpmath.quad(lambda x: sin(x**2)*exp(-x), linspace(0, 30, 60)) at 30 digits.
        let want = 0.270_513_580_162_214;
        assert!(
            (est.value - want).abs() <= est.error_bound.max(2e-16),
            "{est:?}"
        );
    }

    #[test]
    fn hermite_rule_moments() {
        for n in [1, 2, 5, 32, 64, 100] {
            let gh = GaussHermite::new(n).unwrap();
            let m = |k: i32| gh.expect(0.0, 1.0, |x| x.powi(k));
            assert!((m(0) - 1.0).abs() < 1e-14, "n={n}: {}", m(0));
            if n >= 2 {
                assert!((m(2) - 1.0).abs() < 1e-13, "n={n}");
            }
            if n >= 3 {
                assert!((m(4) - 3.0).abs() < 1e-12, "n={n}");
            }
            assert!(gh.nodes.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn mixture_moments_match_quadrature() {
        let m = Mixture2::new(0.3, -1.0, 0.5, 2.0, 1.5).unwrap();
        let pts = merged_points(&[&m]);
        let mass = integrate(&|x| (m.pdf(x), 0.0), &pts, 1e-16, 1e-14).value;
        let mean = integrate(&|x| (x * m.pdf(x), 0.0), &pts, 1e-16, 1e-14).value;
        let var = integrate(
            &|x| ((x - m.mean()).powi(2) * m.pdf(x), 0.0),
            &pts,
            1e-16,
            1e-14,
        )
        .value;
        assert!((mass - 1.0).abs() < 1e-13);
        assert!((mean - m.mean()).abs() < 1e-13);
        assert!((var - m.variance()).abs() < 1e-12);
    }
}
