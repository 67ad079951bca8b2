//! Closed-form KL divergences between parametric families, in nats.
//!
//! Each textbook formula is a difference of terms that nearly cancel when the
//! two distributions are close (`ln(s2/s1) + s1^2/(2 s2^2) - 1/2`, say), so
//! for close parameters it returns rounding noise, sometimes negative. Every
//! function here rewrites its formula as a sum of non-negative terms of the
//! form `b * phi(a/b)` (see the kernel), with the difference `a - b` formed
//! directly from the parameters, where it is exact or nearly so. The results
//! are never negative, exactly zero for equal parameters, and keep about
//! fourteen significant digits when the parameters agree to ten.

use super::discrete::{self, Norm};
use super::error::DistError;
use super::kernel::{expm1_minus_x, scaled_phi};

fn probability(name: &'static str, x: f64) -> Result<f64, DistError> {
    if !x.is_finite() {
        return Err(DistError::Parameter {
            name,
            value: x,
            why: "a probability must be a finite number",
        });
    }
    if !(0.0..=1.0).contains(&x) {
        return Err(DistError::Parameter {
            name,
            value: x,
            why: "a probability must lie between 0 and 1",
        });
    }
    Ok(x)
}

pub(crate) fn finite(name: &'static str, x: f64) -> Result<f64, DistError> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(DistError::Parameter {
            name,
            value: x,
            why: "must be a finite number",
        })
    }
}

pub(crate) fn positive(name: &'static str, x: f64, why: &'static str) -> Result<f64, DistError> {
    if x.is_finite() && x > 0.0 {
        Ok(x)
    } else {
        Err(DistError::Parameter {
            name,
            value: x,
            why,
        })
    }
}

/// `D(Bern(p) || Bern(q))` in nats, where `p` and `q` are the probabilities of
/// outcome 1.
///
/// `+inf` when `Q` rules out an outcome `P` allows (`q = 0 < p` or
/// `q = 1 > p`); `0 ln 0 = 0`, so `p = 0` or `p = 1` is fine. Neither `1 - p`
/// nor `1 - q` is ever subtracted from another: the two differences are both
/// `p - q` (up to sign), which is exact when `p` and `q` are within a factor of
/// two, so the result is accurate even for `q = p (1 + 1e-12)` and for
/// probabilities far below machine epsilon.
pub fn bernoulli_kl(p: f64, q: f64) -> Result<f64, DistError> {
    let p = probability("p", p)?;
    let q = probability("q", q)?;
    let d = p - q;
    let ones = scaled_phi(p, q, d);
    let zeros = scaled_phi(1.0 - p, 1.0 - q, -d);
    Ok(ones + zeros)
}

/// `D(Cat(p) || Cat(q))` in nats: exactly the discrete [`discrete::kl`], under a
/// name that matches the parametric lessons.
pub fn categorical_kl(p: &[f64], q: &[f64], norm: Norm) -> Result<f64, DistError> {
    discrete::kl(p, q, norm)
}

fn sigma(name: &'static str, s: f64) -> Result<f64, DistError> {
    positive(name, s, "a standard deviation must be positive and finite")
}

/// The `ln(s2/s1) + s1^2/(2 s2^2) - 1/2` part of the Gaussian KL, computed as
/// `t phi(1/t) / 2` with `t = (s1/s2)^2`, so that `s1 ~ s2` costs no digits.
fn gaussian_scale_part(s1: f64, s2: f64) -> f64 {
    let t = (s1 / s2) * (s1 / s2);
    // 1 - t, from the exact (Sterbenz) difference s2 - s1 when the two are close.
    let d = ((s2 - s1) / s2) * ((s2 + s1) / s2);
    if t == 0.0 || !t.is_finite() {
        // Ratio beyond the double range: the logarithm term is all that is
        // left, or the square term is (halved before squaring, so t/2 just
        // below the largest double does not overflow on the way).
        let r = s1 / s2;
        return (s2.ln() - s1.ln()) + (0.5 * r) * r - 0.5;
    }
    0.5 * scaled_phi(1.0, t, d)
}

/// `D(N(mu1, s1^2) || N(mu2, s2^2))` in nats, with standard deviations (not
/// variances) as parameters.
///
/// Written as `t phi(1/t)/2 + (mu1 - mu2)^2/(2 s2^2)` with `t = (s1/s2)^2`:
/// two non-negative parts, so the value is never negative and stays accurate
/// to the last digits when `s1/s2 = 1 + 1e-12`.
pub fn gaussian_kl(mu1: f64, s1: f64, mu2: f64, s2: f64) -> Result<f64, DistError> {
    let mu1 = finite("mu1", mu1)?;
    let s1 = sigma("sigma1", s1)?;
    let mu2 = finite("mu2", mu2)?;
    let s2 = sigma("sigma2", s2)?;
    // The difference of two means near ±1e308 can overflow while its ratio
    // to s2 does not: divide first then.
    let d = mu1 - mu2;
    let z = if d.is_finite() {
        d / s2
    } else {
        mu1 / s2 - mu2 / s2
    };
    let v = gaussian_scale_part(s1, s2) + (0.5 * z) * z;
    if v.is_finite() {
        return Ok(v);
    }
    // Finite inputs always give a finite divergence: it is too large to hold.
    // Its size from logs: the mean term 0.5 z^2, the scale term 0.5 (s1/s2)^2.
    let l = |x: f64, y: f64| x.abs().log10() - y.log10();
    let mean = if z.is_finite() {
        2.0 * z.abs().log10()
    } else {
        2.0 * (mu1.abs().max(mu2.abs()).log10() - s2.log10())
    } - 2f64.log10();
    let scale = 2.0 * l(s1, s2) - 2f64.log10();
    Err(DistError::Overflow {
        name: if mean >= scale { "mu2" } else { "sigma1" },
        log10: mean.max(scale),
    })
}

/// KL between diagonal Gaussians, `D(N(mu1, diag s1^2) || N(mu2, diag s2^2))`,
/// in nats: independent coordinates, so the sum of per-coordinate
/// [`gaussian_kl`]s. All four slices must have the same, non-zero length.
pub fn diag_gaussian_kl(
    mu1: &[f64],
    s1: &[f64],
    mu2: &[f64],
    s2: &[f64],
) -> Result<f64, DistError> {
    if mu1.is_empty() {
        return Err(DistError::Empty { name: "mu1" });
    }
    for (name, v) in [("sigma1", s1), ("mu2", mu2), ("sigma2", s2)] {
        if v.len() != mu1.len() {
            return Err(DistError::Parameter {
                name,
                value: v.len() as f64,
                why: "needs one entry per dimension, as many as mu1",
            });
        }
    }
    let mut acc = 0.0;
    for i in 0..mu1.len() {
        acc += gaussian_kl(mu1[i], s1[i], mu2[i], s2[i])?;
    }
    Ok(acc)
}

/// The VAE regulariser `D(N(mu, diag exp(log_var)) || N(0, I))` in nats,
/// `sum (mu^2 + e^lv - 1 - lv) / 2`.
///
/// Encoders output log-variances near zero, where `e^lv - 1 - lv ~ lv^2/2` is
/// far below `lv` itself; it is computed without forming `e^lv - 1` first, so
/// `log_var = 1e-10` still gives a result correct to ~14 digits.
pub fn vae_kl(mu: &[f64], log_var: &[f64]) -> Result<f64, DistError> {
    if mu.is_empty() {
        return Err(DistError::Empty { name: "mu" });
    }
    if log_var.len() != mu.len() {
        return Err(DistError::Parameter {
            name: "log_var",
            value: log_var.len() as f64,
            why: "needs one entry per dimension, as many as mu",
        });
    }
    let mut acc = 0.0;
    for (&m, &lv) in mu.iter().zip(log_var) {
        let m = finite("mu", m)?;
        let lv = finite("log_var", lv)?;
        acc += m * m + expm1_minus_x(lv);
    }
    Ok(0.5 * acc)
}

/// `D(Poisson(l1) || Poisson(l2)) = l1 ln(l1/l2) + l2 - l1` in nats, which is
/// exactly `l2 phi(l1/l2)`. `l1 = 0` (a point mass at zero) is allowed and
/// gives `l2`; `l2` must be positive.
pub fn poisson_kl(l1: f64, l2: f64) -> Result<f64, DistError> {
    if !(l1.is_finite() && l1 >= 0.0) {
        return Err(DistError::Parameter {
            name: "lambda1",
            value: l1,
            why: "a Poisson rate must be finite and non-negative",
        });
    }
    let l2 = positive("lambda2", l2, "a Poisson rate must be positive and finite")?;
    Ok(scaled_phi(l1, l2, l1 - l2))
}

/// `D(Exp(rate1) || Exp(rate2)) = ln(rate1/rate2) + rate2/rate1 - 1` in nats.
///
/// Rates, not means: the density is `rate e^{-rate x}`, so the mean is
/// `1/rate`. (With means `m = 1/rate` the same value is `ln(m2/m1) + m1/m2 - 1`.)
/// Computed as `(rate2/rate1) phi(rate1/rate2)`, accurate near equality.
pub fn exponential_kl(rate1: f64, rate2: f64) -> Result<f64, DistError> {
    let r1 = positive(
        "rate1",
        rate1,
        "an exponential rate must be positive and finite",
    )?;
    let r2 = positive(
        "rate2",
        rate2,
        "an exponential rate must be positive and finite",
    )?;
    // phi(a/b) with a = 1, b = r2/r1; 1 - r2/r1 from the (exact when close) r1 - r2.
    let t = r2 / r1;
    if t == 0.0 || !t.is_finite() {
        return Ok((r1.ln() - r2.ln()) + t - 1.0);
    }
    Ok(scaled_phi(1.0, t, (r1 - r2) / r1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_parameters_give_exact_zero() {
        assert_eq!(bernoulli_kl(0.3, 0.3).unwrap(), 0.0);
        assert_eq!(gaussian_kl(1.0, 2.0, 1.0, 2.0).unwrap(), 0.0);
        assert_eq!(poisson_kl(4.0, 4.0).unwrap(), 0.0);
        assert_eq!(exponential_kl(0.5, 0.5).unwrap(), 0.0);
        assert_eq!(vae_kl(&[0.0, 0.0], &[0.0, 0.0]).unwrap(), 0.0);
    }

    #[test]
    fn support_mismatch_is_infinite() {
        assert_eq!(bernoulli_kl(0.5, 0.0).unwrap(), f64::INFINITY);
        assert_eq!(bernoulli_kl(0.5, 1.0).unwrap(), f64::INFINITY);
        assert!(bernoulli_kl(0.0, 0.5).unwrap().is_finite());
        assert_eq!(bernoulli_kl(1.0, 1.0).unwrap(), 0.0);
    }

    #[test]
    fn bad_parameters_are_refused() {
        assert!(bernoulli_kl(1.5, 0.5).is_err());
        assert!(bernoulli_kl(f64::NAN, 0.5).is_err());
        assert!(gaussian_kl(0.0, 0.0, 0.0, 1.0).is_err());
        assert!(gaussian_kl(0.0, 1.0, 0.0, -1.0).is_err());
        assert!(poisson_kl(1.0, 0.0).is_err());
        assert!(exponential_kl(-1.0, 1.0).is_err());
        assert!(vae_kl(&[0.0], &[]).is_err());
    }
}
