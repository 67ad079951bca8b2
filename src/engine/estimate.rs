//! Monte Carlo estimates of `D(Q||P)` from samples of `Q`.
//!
//! The lesson on estimators: when only samples of `Q` and the two densities
//! (or the ratio `r = p(x)/q(x)`) are available, `D(Q||P) = E_Q[-ln r]` can
//! be estimated by averaging one of John Schulman's three per-sample terms
//! ("Approximating KL Divergence", 2020):
//!
//! * `k1 = -ln r`: unbiased, but individual terms are negative half the
//!   time, so its variance is high;
//! * `k2 = (ln r)^2 / 2`: always non-negative and low-variance, but
//!   **biased** (its mean is a different f-divergence that agrees with KL only
//!   to second order as `P -> Q`);
//! * `k3 = (r - 1) - ln r`: unbiased (since `E_Q[r] = 1`) and non-negative
//!   term by term, usually the best of the three.
//!
//! Every function is deterministic given the generator's state; seeded
//! variants build a [`StdRng`] from a `u64` so that lessons and tests repeat.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::continuous::Density;
use super::discrete::{Norm, check};
use super::error::DistError;
use super::kernel::expm1_minus_x;

/// Which per-sample term was averaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Estimator {
    /// `-ln r`, unbiased.
    K1,
    /// `(ln r)^2 / 2`, biased (not an estimate of KL except to second order).
    K2,
    /// `(r - 1) - ln r`, unbiased and non-negative.
    K3,
}

/// A Monte Carlo average with its standard error `s / sqrt(n)`, in nats.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct McEstimate {
    pub estimator: Estimator,
    pub value: f64,
    pub std_error: f64,
    pub n: usize,
}

/// Welford's running mean and variance: one pass, no cancellation.
#[derive(Debug, Default, Clone, Copy)]
struct Running {
    n: usize,
    mean: f64,
    m2: f64,
}

impl Running {
    fn push(&mut self, x: f64) {
        self.n += 1;
        if x.is_infinite() || self.mean.is_infinite() {
            // One infinite term makes the average infinite; keep it so.
            self.mean += x;
            return;
        }
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    fn finish(&self, estimator: Estimator) -> McEstimate {
        let std_error = if self.mean.is_finite() && self.n > 1 {
            (self.m2 / (self.n - 1) as f64 / self.n as f64).sqrt()
        } else {
            f64::INFINITY
        };
        McEstimate {
            estimator,
            value: self.mean,
            std_error,
            n: self.n,
        }
    }
}

/// Feeds one sample's log ratio `ln r = ln p(x) - ln q(x)` to the three averages.
fn push_log_ratio(acc: &mut [Running; 3], lr: f64) {
    acc[0].push(-lr);
    acc[1].push(0.5 * lr * lr);
    // (r - 1) - ln r = e^lr - 1 - lr, formed without cancellation for small lr.
    acc[2].push(expm1_minus_x(lr));
}

fn finish(acc: &[Running; 3]) -> [McEstimate; 3] {
    [
        acc[0].finish(Estimator::K1),
        acc[1].finish(Estimator::K2),
        acc[2].finish(Estimator::K3),
    ]
}

fn sample_count(n: usize) -> Result<usize, DistError> {
    if n < 2 {
        return Err(DistError::Parameter {
            name: "n",
            value: n as f64,
            why: "a standard error needs at least two samples",
        });
    }
    Ok(n)
}

/// `[k1, k2, k3]` estimates of `D(Q||P)` from `n` draws of `Q`, the sampling
/// distribution. The log ratio comes from the log-densities, so a sample
/// far in a tail does not turn into `0/0`.
pub fn mc_kl(
    q: &dyn Density,
    p: &dyn Density,
    n: usize,
    rng: &mut dyn Rng,
) -> Result<[McEstimate; 3], DistError> {
    let n = sample_count(n)?;
    let mut acc = [Running::default(); 3];
    draw_continuous(q, p, n, rng, &mut |_, lr| push_log_ratio(&mut acc, lr))?;
    Ok(finish(&acc))
}

/// The draws behind [`mc_kl`]: `n` points of `Q` and the log ratio
/// `ln p(x) - ln q(x)` at each, handed to `each` in order.
fn draw_continuous(
    q: &dyn Density,
    p: &dyn Density,
    n: usize,
    rng: &mut dyn Rng,
    each: &mut dyn FnMut(f64, f64),
) -> Result<(), DistError> {
    q.validate()?;
    p.validate()?;
    for _ in 0..n {
        let x = q.sample(rng);
        each(x, p.ln_pdf(x) - q.ln_pdf(x));
    }
    Ok(())
}

/// One sample of a Monte Carlo estimate, for showing the estimators at work:
/// where it fell and its three per-sample terms (nats).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct McSample {
    /// The outcome index (discrete) or the point drawn (continuous).
    pub x: f64,
    /// `ln r`, with `r = p(x)/q(x)` for a draw `x` of `Q`.
    pub log_ratio: f64,
    /// `-ln r`.
    pub k1: f64,
    /// `(ln r)^2 / 2`.
    pub k2: f64,
    /// `(r - 1) - ln r`.
    pub k3: f64,
}

impl McSample {
    fn new(x: f64, lr: f64) -> McSample {
        McSample {
            x,
            log_ratio: lr,
            k1: -lr,
            k2: 0.5 * lr * lr,
            k3: expm1_minus_x(lr),
        }
    }

    /// `r` itself.
    pub fn ratio(&self) -> f64 {
        self.log_ratio.exp()
    }
}

/// The individual samples of [`mc_kl_seeded`] and their `[k1, k2, k3]`
/// averages: the same draws, so the averages are those of the listed terms.
pub fn mc_kl_samples_seeded(
    q: &dyn Density,
    p: &dyn Density,
    n: usize,
    seed: u64,
) -> Result<(Vec<McSample>, [McEstimate; 3]), DistError> {
    let n = sample_count(n)?;
    let mut acc = [Running::default(); 3];
    let mut out = Vec::with_capacity(n);
    draw_continuous(q, p, n, &mut StdRng::seed_from_u64(seed), &mut |x, lr| {
        push_log_ratio(&mut acc, lr);
        out.push(McSample::new(x, lr));
    })?;
    Ok((out, finish(&acc)))
}

/// [`mc_kl`] with a fresh [`StdRng`] seeded from `seed`.
pub fn mc_kl_seeded(
    q: &dyn Density,
    p: &dyn Density,
    n: usize,
    seed: u64,
) -> Result<[McEstimate; 3], DistError> {
    mc_kl(q, p, n, &mut StdRng::seed_from_u64(seed))
}

/// `[k1, k2, k3]` estimates of `D(Q||P)` for discrete distributions, from `n`
/// categorical draws of `Q` (inverse CDF on the normalised `Q`). A draw where
/// `P` is zero makes k1 and k3 infinite, as `D(Q||P)` then is.
pub fn mc_kl_discrete(
    q: &[f64],
    p: &[f64],
    norm: Norm,
    n: usize,
    rng: &mut dyn Rng,
) -> Result<[McEstimate; 3], DistError> {
    let n = sample_count(n)?;
    let mut acc = [Running::default(); 3];
    draw_discrete(q, p, norm, n, rng, &mut |_, lr| {
        push_log_ratio(&mut acc, lr)
    })?;
    Ok(finish(&acc))
}

/// The individual samples of [`mc_kl_discrete_seeded`] (`x` is the outcome's
/// 0-based index) and their `[k1, k2, k3]` averages, from the same draws.
pub fn mc_kl_discrete_samples_seeded(
    q: &[f64],
    p: &[f64],
    norm: Norm,
    n: usize,
    seed: u64,
) -> Result<(Vec<McSample>, [McEstimate; 3]), DistError> {
    let n = sample_count(n)?;
    let mut acc = [Running::default(); 3];
    let mut out = Vec::with_capacity(n);
    draw_discrete(
        q,
        p,
        norm,
        n,
        &mut StdRng::seed_from_u64(seed),
        &mut |i, lr| {
            push_log_ratio(&mut acc, lr);
            out.push(McSample::new(i as f64, lr));
        },
    )?;
    Ok((out, finish(&acc)))
}

/// The draws behind [`mc_kl_discrete`]: `n` outcomes of `Q` and the log
/// ratio `ln(p/q)` at each, handed to `each` in order.
fn draw_discrete(
    q: &[f64],
    p: &[f64],
    norm: Norm,
    n: usize,
    rng: &mut dyn Rng,
    each: &mut dyn FnMut(usize, f64),
) -> Result<(), DistError> {
    // Checked one by one so that errors name each argument correctly.
    let cq = check("q", q, norm)?;
    let cp = check("p", p, norm)?;
    if p.len() != q.len() {
        return Err(DistError::LengthMismatch {
            p: p.len(),
            q: q.len(),
        });
    }
    // Cumulative shares of Q. From the last outcome with mass on they are set
    // to infinity, so a draw just below 1 (where the rounded running sum may
    // fall short) still lands on an outcome Q can produce.
    let mut cdf = Vec::with_capacity(q.len());
    let mut run = 0.0;
    for i in 0..q.len() {
        run += cq.prob(i);
        cdf.push(run);
    }
    let last = q.iter().rposition(|&x| x > 0.0).unwrap_or(0);
    cdf[last..].fill(f64::INFINITY);
    let log_ratio: Vec<f64> = (0..q.len())
        .map(|i| {
            if p[i] == 0.0 {
                f64::NEG_INFINITY
            } else {
                (cp.prob(i) / cq.prob(i)).ln()
            }
        })
        .collect();
    for _ in 0..n {
        let u = (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
        // First outcome whose cumulative share exceeds u; zero-mass outcomes
        // share their predecessor's cumulative value and are never chosen.
        let i = cdf.partition_point(|&c| c <= u);
        each(i, log_ratio[i]);
    }
    Ok(())
}

/// [`mc_kl_discrete`] with a fresh [`StdRng`] seeded from `seed`.
pub fn mc_kl_discrete_seeded(
    q: &[f64],
    p: &[f64],
    norm: Norm,
    n: usize,
    seed: u64,
) -> Result<[McEstimate; 3], DistError> {
    mc_kl_discrete(q, p, norm, n, &mut StdRng::seed_from_u64(seed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discrete_sampler_never_draws_zero_mass_outcomes() {
        // Q's last outcome has no mass: every draw must give ln r of outcome 0 or 1.
        let q = [0.3, 0.7, 0.0];
        let p = [0.5, 0.5, 0.0];
        let est = mc_kl_discrete_seeded(&q, &p, Norm::Strict, 10_000, 7).unwrap();
        assert!(est.iter().all(|e| e.value.is_finite()));
    }

    #[test]
    fn p_zero_where_q_samples_gives_infinite_k1_k3() {
        let est = mc_kl_discrete_seeded(&[0.5, 0.5], &[1.0, 0.0], Norm::Strict, 100, 1).unwrap();
        assert_eq!(est[0].value, f64::INFINITY);
        assert_eq!(est[2].value, f64::INFINITY);
    }

    #[test]
    fn same_seed_same_answer() {
        let a = mc_kl_discrete_seeded(&[0.2, 0.8], &[0.5, 0.5], Norm::Strict, 500, 42).unwrap();
        let b = mc_kl_discrete_seeded(&[0.2, 0.8], &[0.5, 0.5], Norm::Strict, 500, 42).unwrap();
        assert_eq!(a, b);
        assert!(mc_kl_discrete_seeded(&[0.2, 0.8], &[0.5, 0.5], Norm::Strict, 1, 42).is_err());
    }
}
