//! Adaptive Gauss-Kronrod quadrature with an honest error bound, and the
//! KL, entropy and cross-entropy integrals built on it.

use std::collections::BinaryHeap;

use super::{Density, Gaussian, LN_SQRT_2PI, Mixture2};
use crate::engine::error::DistError;
use crate::engine::kernel::phi1p;

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
pub(super) type Integrand<'a> = &'a dyn Fn(f64) -> (f64, f64);

/// One G7/K15 panel: `(K15 value, |K15 - G7|, K15 of the rounding envelope)`.
pub(super) fn gk15(f: Integrand, a: f64, b: f64) -> (f64, f64, f64) {
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
pub(super) fn integrate(f: Integrand, points: &[f64], abs_tol: f64, rel_tol: f64) -> Estimate {
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
pub(super) fn merged_points(ds: &[&dyn Density]) -> Vec<f64> {
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

pub(super) fn check_tol(rel_tol: f64) -> Result<(), DistError> {
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
pub(super) fn tail_bound(f: Integrand, pts: &[f64], scale: f64) -> f64 {
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
