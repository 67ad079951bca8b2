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

mod hermite;
mod quadrature;
#[cfg(test)]
mod tests;

pub use hermite::*;
pub use quadrature::*;

use rand::Rng;

use super::error::DistError;
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
