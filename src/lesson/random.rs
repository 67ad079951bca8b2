//! Randomized problems: inputs drawn from a seed, deterministically, so a
//! learner (or a bug report) can reproduce an instance from the seed shown.
//!
//! Distributions are drawn from a symmetric Dirichlet (via Marsaglia-Tsang
//! gamma variates, small enough not to need `rand_distr`), then rounded to a
//! fixed number of decimals by largest-remainder rounding on integers, so the
//! probabilities a learner reads sum to exactly 1 as decimals.

use super::model::{Generator, Instance, Problem, ProblemSource, RandomSpec};
use super::text::{self, Placeholder};
use crate::engine::Norm;
use crate::quantity::{Inputs, Quantity};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::fmt;

/// How many draws a generator may reject before giving up on a seed.
pub const MAX_ATTEMPTS: usize = 1000;

/// How many times a Dirichlet draw is retried when every gamma variate
/// underflows to 0 (only a very small concentration does that).
pub const DIRICHLET_TRIES: usize = 64;

/// A seed for which no draw met the generator's constraints, or a prompt that
/// does not render.
#[derive(Debug, Clone, PartialEq)]
pub struct GenerateError {
    pub seed: u64,
    pub message: String,
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "seed {}: {}", self.seed, self.message)
    }
}

impl std::error::Error for GenerateError {}

impl Problem {
    /// Whether each seed gives different inputs.
    pub fn is_randomized(&self) -> bool {
        matches!(self.source, ProblemSource::Random(_))
    }

    /// The problem to pose for `seed`: the same seed always gives the same
    /// instance. Fixed problems ignore the seed and report seed 0.
    pub fn instantiate(&self, seed: u64) -> Result<Instance, GenerateError> {
        self.instantiate_within(seed, MAX_ATTEMPTS, &mut 0)
    }

    /// [`Problem::instantiate`] with at most `attempts` draws (`kltutor
    /// check` spreads a bounded budget of draws over a lesson's generators).
    /// `used` is increased by the number of draws made.
    pub fn instantiate_within(
        &self,
        seed: u64,
        attempts: usize,
        used: &mut usize,
    ) -> Result<Instance, GenerateError> {
        let (quantity, seed) = match &self.source {
            ProblemSource::Fixed(q) => (q.clone(), 0),
            ProblemSource::Random(g) => (g.draw(self, seed, attempts, used)?, seed),
        };
        let prompt = fill_prompt(&self.prompt, &quantity).map_err(|e| GenerateError {
            seed,
            message: format!("prompt: {}", e.message),
        })?;
        Ok(Instance {
            quantity,
            prompt,
            seed,
        })
    }
}

impl Generator {
    /// Draws until the value is finite and inside `answer` (if given).
    fn draw(
        &self,
        problem: &Problem,
        seed: u64,
        attempts: usize,
        used: &mut usize,
    ) -> Result<Quantity, GenerateError> {
        let mut rng = StdRng::seed_from_u64(stream_seed(&problem.id, seed));
        let mut last = String::from("no draw");
        let attempts = attempts.max(1);
        for _ in 0..attempts {
            *used += 1;
            let inputs = match self.spec.sample(&mut rng) {
                Ok(i) => i,
                // Nothing another draw could fix: give up on this seed now.
                Err(why) => {
                    return Err(GenerateError { seed, message: why });
                }
            };
            let q = Quantity {
                measure: problem.measure,
                inputs,
                base: problem.base,
                norm: Norm::Strict,
            };
            match q.value() {
                Ok(v)
                    if v.is_finite()
                        && self.answer.is_none_or(|(lo, hi)| (lo..=hi).contains(&v)) =>
                {
                    return Ok(q);
                }
                Ok(v) => last = format!("answer {v}"),
                Err(e) => last = e.to_string(),
            }
        }
        let range = match self.answer {
            Some((lo, hi)) => format!("a finite answer in [{lo}, {hi}]"),
            None => "a finite answer".to_string(),
        };
        Err(GenerateError {
            seed,
            message: format!("no draw in {attempts} attempts gave {range} (last: {last})"),
        })
    }
}

impl RandomSpec {
    /// One draw of inputs (before the answer constraint is applied); an
    /// error when the parameters cannot give a draw at all (a concentration
    /// so small that every Dirichlet variate underflows).
    pub fn sample(&self, rng: &mut StdRng) -> Result<Inputs, String> {
        Ok(match *self {
            RandomSpec::Discrete {
                outcomes,
                concentration,
                decimals,
                no_zeros,
            } => {
                let n = rng.random_range(outcomes.0..=outcomes.1);
                let p = rounded_dirichlet(rng, n, concentration, decimals, no_zeros)?;
                let q = rounded_dirichlet(rng, n, concentration, decimals, no_zeros)?;
                Inputs::Discrete { p, q, x: None }
            }
            RandomSpec::Bernoulli { p, q, decimals } => Inputs::Bernoulli {
                p: round_to(uniform(rng, p), decimals),
                q: round_to(uniform(rng, q), decimals),
            },
            RandomSpec::Gaussian {
                mu1,
                sigma1,
                mu2,
                sigma2,
                decimals,
            } => Inputs::Gaussian {
                mu1: round_to(uniform(rng, mu1), decimals),
                sigma1: round_to(uniform(rng, sigma1), decimals),
                mu2: round_to(uniform(rng, mu2), decimals),
                sigma2: round_to(uniform(rng, sigma2), decimals),
            },
            RandomSpec::Joint {
                rows,
                cols,
                concentration,
                decimals,
                no_zeros,
            } => {
                let r = rng.random_range(rows.0..=rows.1);
                let c = rng.random_range(cols.0..=cols.1);
                let flat = rounded_dirichlet(rng, r * c, concentration, decimals, no_zeros)?;
                Inputs::Joint(flat.chunks(c).map(<[f64]>::to_vec).collect())
            }
            RandomSpec::Mvn {
                dim,
                mu,
                sigma,
                rho,
                decimals,
            } => {
                let k = rng.random_range(dim.0..=dim.1);
                let mut mean = || -> Vec<f64> {
                    (0..k)
                        .map(|_| round_to(uniform(rng, mu), decimals))
                        .collect()
                };
                let (mu1, mu2) = (mean(), mean());
                let cov1 = random_covariance(rng, k, sigma, rho, decimals);
                let cov2 = random_covariance(rng, k, sigma, rho, decimals);
                Inputs::MultiGaussian {
                    mu1,
                    cov1,
                    mu2,
                    cov2,
                }
            }
        })
    }
}

/// A covariance with standard deviations from `sigma` and correlations from
/// `rho`, its entries rounded to `decimals`; redrawn until it is positive
/// definite (a bounded number of times, then the correlations are dropped,
/// which always is).
fn random_covariance(
    rng: &mut StdRng,
    k: usize,
    sigma: (f64, f64),
    rho: (f64, f64),
    decimals: u32,
) -> Vec<Vec<f64>> {
    let s: Vec<f64> = (0..k)
        .map(|_| round_to(uniform(rng, sigma), decimals).max(10f64.powi(-(decimals as i32))))
        .collect();
    let build = |r: &dyn Fn(usize, usize) -> f64| -> Vec<Vec<f64>> {
        (0..k)
            .map(|i| {
                (0..k)
                    .map(|j| {
                        let c = if i == j { 1.0 } else { r(i.min(j), i.max(j)) };
                        round_to(c * s[i] * s[j], decimals)
                    })
                    .collect()
            })
            .collect()
    };
    for _ in 0..50 {
        let corr: Vec<Vec<f64>> = (0..k)
            .map(|_| (0..k).map(|_| uniform(rng, rho)).collect())
            .collect();
        let cov = build(&|i, j| corr[i][j]);
        if crate::engine::mvn::cholesky("cov", &cov, k).is_ok() {
            return cov;
        }
    }
    build(&|_, _| 0.0)
}

fn uniform(rng: &mut StdRng, (lo, hi): (f64, f64)) -> f64 {
    if hi > lo {
        lo + (hi - lo) * rng.random::<f64>()
    } else {
        lo
    }
}

/// The generator seed for a problem: the learner-visible seed mixed with the
/// problem's id (FNV-1a, stable across Rust versions), so two problems with
/// the same `[random]` table do not show the same numbers for the same seed.
pub fn stream_seed(problem_id: &str, seed: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in problem_id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^ seed
}

/// `v` rounded to `decimals` decimals, as the double nearest that decimal
/// (so it prints as exactly that decimal).
pub fn round_to(v: f64, decimals: u32) -> f64 {
    let scale = 10f64.powi(decimals as i32);
    (v * scale).round() / scale
}

/// A standard normal variate (Box-Muller; one of the pair is discarded, which
/// costs nothing that matters here and keeps the state trivial).
fn normal(rng: &mut StdRng) -> f64 {
    let u1 = 1.0 - rng.random::<f64>(); // (0, 1]
    let u2 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A Gamma(alpha, 1) variate by Marsaglia and Tsang (2000), with the
/// `U^(1/alpha)` boost for `alpha < 1`.
pub fn gamma(rng: &mut StdRng, alpha: f64) -> f64 {
    if alpha < 1.0 {
        let u = 1.0 - rng.random::<f64>();
        return gamma(rng, alpha + 1.0) * u.powf(1.0 / alpha);
    }
    let d = alpha - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let x = normal(rng);
        let v = 1.0 + c * x;
        if v <= 0.0 {
            continue;
        }
        let v = v * v * v;
        let u = 1.0 - rng.random::<f64>();
        if u < 1.0 - 0.0331 * x.powi(4) || u.ln() < 0.5 * x * x + d * (1.0 - v + v.ln()) {
            return d * v;
        }
    }
}

/// A draw from the symmetric Dirichlet(alpha) on `n` outcomes. With a tiny
/// alpha every variate can underflow to 0; that is retried a bounded number
/// of times ([`DIRICHLET_TRIES`]), then reported, never looped on forever.
pub fn dirichlet(rng: &mut StdRng, n: usize, alpha: f64) -> Result<Vec<f64>, String> {
    if !(alpha > 0.0 && alpha.is_finite()) {
        return Err(format!("concentration {alpha} is not a positive number"));
    }
    for _ in 0..DIRICHLET_TRIES {
        let g: Vec<f64> = (0..n).map(|_| gamma(rng, alpha)).collect();
        let total: f64 = g.iter().sum();
        if total > 0.0 && total.is_finite() {
            return Ok(g.iter().map(|x| x / total).collect());
        }
    }
    Err(format!(
        "concentration {alpha} is too small: {DIRICHLET_TRIES} Dirichlet draws in a row \
         underflowed to all zeros"
    ))
}

/// Splits `units` into integer shares proportional to `weights` by largest
/// remainder, so the shares add up to exactly `units`. With `no_zeros`, a zero
/// share takes one unit from the largest (callers guarantee `units >= n`).
pub fn largest_remainder(weights: &[f64], units: u64, no_zeros: bool) -> Vec<u64> {
    let total: f64 = weights.iter().sum();
    let scaled: Vec<f64> = weights.iter().map(|w| w / total * units as f64).collect();
    let mut shares: Vec<u64> = scaled.iter().map(|s| s.floor() as u64).collect();
    let assigned: u64 = shares.iter().sum();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    // Largest fractional part first; ties go to the earlier outcome, deterministically.
    order.sort_by(|&a, &b| {
        let (fa, fb) = (scaled[a] - scaled[a].floor(), scaled[b] - scaled[b].floor());
        fb.total_cmp(&fa).then(a.cmp(&b))
    });
    for &i in order.iter().take(units.saturating_sub(assigned) as usize) {
        shares[i] += 1;
    }
    if no_zeros {
        while let Some(zero) = shares.iter().position(|&s| s == 0) {
            let (big, _) = shares
                .iter()
                .enumerate()
                .max_by_key(|&(i, s)| (*s, std::cmp::Reverse(i)))
                .unwrap_or((0, &0));
            if shares[big] < 2 {
                break;
            }
            shares[big] -= 1;
            shares[zero] = 1;
        }
    }
    shares
}

/// A Dirichlet draw rounded to `decimals` decimals that still sums to 1.
pub fn rounded_dirichlet(
    rng: &mut StdRng,
    n: usize,
    alpha: f64,
    decimals: u32,
    no_zeros: bool,
) -> Result<Vec<f64>, String> {
    let units = 10u64.pow(decimals);
    let w = dirichlet(rng, n, alpha)?;
    Ok(largest_remainder(&w, units, no_zeros)
        .into_iter()
        .map(|s| s as f64 / units as f64)
        .collect())
}

/// The value a prompt placeholder stands for, from the instance's inputs.
pub fn input_placeholder(q: &Quantity, ph: &Placeholder) -> Option<String> {
    let name = ph.name;
    if name == "unit" {
        return Some(q.base.unit().to_string());
    }
    let indexed = |prefix: &str, v: &[f64]| -> Option<String> {
        let i: usize = name.strip_prefix(prefix)?.parse().ok()?;
        v.get(i.checked_sub(1)?).map(|x| text::fmt_input(*x))
    };
    match &q.inputs {
        Inputs::Discrete { p, q: qv, x } => match name {
            "p" => Some(text::fmt_vec(p)),
            "q" => Some(text::fmt_vec(qv)),
            "x" => x.as_deref().map(text::fmt_vec),
            "n" => Some(p.len().to_string()),
            _ => indexed("p", p)
                .or_else(|| indexed("q", qv))
                .or_else(|| indexed("x", x.as_deref()?)),
        },
        // `{p}` is the parameter; `{p1}`, `{p2}` are the rows of the
        // outcome table [1 - p, p], as for a discrete distribution.
        Inputs::Bernoulli { p, q: qv } => match name {
            "p" => Some(text::fmt_input(*p)),
            "q" => Some(text::fmt_input(*qv)),
            "n" => Some("2".to_string()),
            _ => {
                let (pv, qv) = q.as_discrete()?;
                indexed("p", &pv).or_else(|| indexed("q", &qv))
            }
        },
        Inputs::Gaussian {
            mu1,
            sigma1,
            mu2,
            sigma2,
        } => match name {
            "mu1" => Some(text::fmt_input(*mu1)),
            "sigma1" => Some(text::fmt_input(*sigma1)),
            "mu2" => Some(text::fmt_input(*mu2)),
            "sigma2" => Some(text::fmt_input(*sigma2)),
            _ => None,
        },
        Inputs::Joint(rows) => match name {
            "joint" => {
                let r: Vec<String> = rows.iter().map(|r| text::fmt_vec(r)).collect();
                Some(format!("[{}]", r.join(", ")))
            }
            "rows" => Some(rows.len().to_string()),
            "cols" => Some(rows.first().map_or(0, Vec::len).to_string()),
            _ => None,
        },
        Inputs::MultiGaussian {
            mu1,
            cov1,
            mu2,
            cov2,
        } => {
            let matrix = |m: &[Vec<f64>]| {
                let r: Vec<String> = m.iter().map(|r| text::fmt_vec(r)).collect();
                format!("[{}]", r.join(", "))
            };
            match name {
                "mu1" => Some(text::fmt_vec(mu1)),
                "mu2" => Some(text::fmt_vec(mu2)),
                "cov1" => Some(matrix(cov1)),
                "cov2" => Some(matrix(cov2)),
                "k" | "n" => Some(mu1.len().to_string()),
                _ => None,
            }
        }
    }
}

/// Fills a problem prompt's placeholders from the instance and renders its math.
pub fn fill_prompt(prompt: &str, q: &Quantity) -> Result<String, text::TextError> {
    let fill = |ph: &Placeholder| input_placeholder(q, ph);
    text::render(prompt, Some(&fill))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_remainder_keeps_the_total() {
        assert_eq!(
            largest_remainder(&[1.0, 1.0, 1.0], 100, false),
            vec![34, 33, 33]
        );
        assert_eq!(
            largest_remainder(&[0.996, 0.002, 0.002], 100, true),
            vec![98, 1, 1]
        );
        assert_eq!(
            largest_remainder(&[0.996, 0.002, 0.002], 100, false),
            vec![100, 0, 0]
        );
        assert_eq!(
            largest_remainder(&[0.5, 0.5], 10, false)
                .iter()
                .sum::<u64>(),
            10
        );
    }

    #[test]
    fn gamma_has_the_right_mean() {
        let mut rng = StdRng::seed_from_u64(7);
        for alpha in [0.3, 1.0, 2.5, 10.0] {
            let n = 20_000;
            let mean = (0..n).map(|_| gamma(&mut rng, alpha)).sum::<f64>() / n as f64;
            assert!(
                (mean - alpha).abs() < 0.05 * alpha.max(1.0),
                "alpha {alpha}: mean {mean}"
            );
        }
    }

    #[test]
    fn rounded_dirichlet_sums_to_one_in_decimals() {
        let mut rng = StdRng::seed_from_u64(1);
        for _ in 0..500 {
            let v = rounded_dirichlet(&mut rng, 5, 0.5, 2, true).unwrap();
            let cents: u64 = v.iter().map(|x| (x * 100.0).round() as u64).sum();
            assert_eq!(cents, 100);
            assert!(v.iter().all(|&x| x >= 0.01));
            assert!(v.iter().all(|x| format!("{x}").len() <= 4), "{v:?}");
            assert!((v.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        }
    }
}
