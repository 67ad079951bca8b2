//! Where a Gaussian pair lands in the loss lab: the family that holds
//! D(N(μ1, σ1²)‖N(μ2, σ2²)) exactly, after the shift and scale that leave KL
//! unchanged, or in words why no family can.

use super::loss::Family;

/// Q's spread in the mean family, relative to P's, stays within this range
/// (beyond it the parabola's floor leaves the chart).
pub const TAU_RANGE: (f64, f64) = (0.1, 10.0);

/// Where a Gaussian pair N(μ1, σ1²), N(μ2, σ2²) lands in the lab: the family,
/// P's parameter, θ and τ, and what was done to the pair to get there (KL is
/// unchanged when both are shifted or scaled alike).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GaussianFit {
    pub family: Family,
    pub truth: f64,
    pub theta: f64,
    pub tau: f64,
    /// Both were divided by this (1: not scaled).
    pub scale: f64,
    /// This was subtracted from both means (0: not shifted).
    pub shift: f64,
}

/// The family that holds D(N(μ1, σ1²)‖N(μ2, σ2²)) exactly: equal σ gives
/// the mean family (τ = 1), equal μ the σ family (s = σ1, θ = ln σ2), and
/// any other pair the mean family with Q's spread τ = σ2/σ1 after dividing
/// both by σ1. A pair outside the lab's ranges is shifted (and, for the σ
/// family, scaled) first. `Err` says in words why no family can hold it.
pub fn gaussian_fit(mu1: f64, s1: f64, mu2: f64, s2: f64) -> Result<GaussianFit, String> {
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0);
    let inside = |v: f64, (lo, hi): (f64, f64)| (lo..=hi).contains(&v);
    if ![mu1, s1, mu2, s2].iter().all(|v| v.is_finite()) || s1 <= 0.0 || s2 <= 0.0 {
        return Err("the loss lab draws Gaussians with finite means and positive σ only".into());
    }
    let fam = |f: Family| {
        let (_, lo, hi, _) = f.truth();
        ((lo, hi), f.range())
    };
    if close(mu1, mu2) && !close(s1, s2) {
        let f = Family::GaussianLogSigma;
        let (truths, thetas) = fam(f);
        for scale in [1.0, s1] {
            let (truth, theta) = (s1 / scale, (s2 / scale).ln());
            if inside(truth, truths) && inside(theta, thetas) {
                return Ok(GaussianFit {
                    family: f,
                    truth,
                    theta,
                    tau: 1.0,
                    scale,
                    shift: mu1,
                });
            }
        }
        return Err(format!(
            "Q's σ is {} times P's, beyond the σ family's range (e^-3 to e^2.5 times)",
            crate::lesson::text::fmt_short(s2 / s1, 3)
        ));
    }
    let tau = if close(s1, s2) { 1.0 } else { s2 / s1 };
    if !inside(tau, TAU_RANGE) {
        return Err(format!(
            "Q's σ is {} times P's, beyond the mean family's range ({} to {} times)",
            crate::lesson::text::fmt_short(tau, 3),
            TAU_RANGE.0,
            TAU_RANGE.1
        ));
    }
    let f = Family::GaussianMean;
    let (truths, thetas) = fam(f);
    for shift in [0.0, mu1] {
        let (truth, theta) = ((mu1 - shift) / s1, (mu2 - shift) / s1);
        if inside(truth, truths) && inside(theta, thetas) {
            return Ok(GaussianFit {
                family: f,
                truth,
                theta,
                tau,
                scale: s1,
                shift,
            });
        }
    }
    Err(format!(
        "the means are {} of P's σ apart, beyond the mean family's range of 5",
        crate::lesson::text::fmt_short(((mu2 - mu1) / s1).abs(), 3)
    ))
}
