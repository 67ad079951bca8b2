//! Divergences between discrete distributions given as slices of f64.
//!
//! All measures are of the *exactly* normalised distributions `p/sum(p)` and
//! `q/sum(q)`, whatever rounding the inputs carry. KL is computed in the form
//! `sum_x q'(x) * phi(p'(x)/q'(x))` with `phi(t) = t ln t - t + 1 >= 0`, which
//! equals the textbook sum when both sides sum to one but is a sum of
//! non-negative terms: no cancellation, so the result is never negative and
//! keeps full relative accuracy even when `P` and `Q` agree to 12 digits (where
//! the textbook sum returns rounding noise, often negative). Ratios close to one
//! are formed from the exact cross difference `p*sum(q) - q*sum(p)`.

use super::error::DistError;
use super::exact::{DD, cross_diff, sum_dd};
use super::kernel;

/// How far from 1 a sum may be and still be accepted without `--normalize`.
pub const SUM_TOLERANCE: f64 = 1e-9;

/// Whether inputs must already sum to one (within [`SUM_TOLERANCE`]) or are
/// counts/weights to be divided by their total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Norm {
    #[default]
    Strict,
    Normalize,
}

/// A validated distribution: its values and their exact total.
#[derive(Debug, Clone, Copy)]
pub struct Checked<'a> {
    pub values: &'a [f64],
    pub total: DD,
}

impl Checked<'_> {
    /// The normalised probability of outcome `i`.
    pub fn prob(&self, i: usize) -> f64 {
        self.values[i] / self.total.hi
    }
}

/// Validates one distribution: non-empty, finite, non-negative, a positive
/// total, and (under [`Norm::Strict`]) a total within 1e-9 of one.
pub fn check<'a>(
    name: &'static str,
    values: &'a [f64],
    norm: Norm,
) -> Result<Checked<'a>, DistError> {
    if values.is_empty() {
        return Err(DistError::Empty { name });
    }
    let mut total = DD::ZERO;
    for (index, &value) in values.iter().enumerate() {
        if !value.is_finite() {
            return Err(DistError::NotFinite { name, index, value });
        }
        if value < 0.0 {
            return Err(DistError::Negative { name, index, value });
        }
        total = total.add(value);
    }
    check_total(name, values, total, norm)
}

/// The checks on a total, once every value is known to be finite and >= 0.
pub(crate) fn check_total<'a>(
    name: &'static str,
    values: &'a [f64],
    total: DD,
    norm: Norm,
) -> Result<Checked<'a>, DistError> {
    if total.hi == 0.0 {
        return Err(DistError::ZeroTotal { name });
    }
    if !total.hi.is_finite() {
        return Err(DistError::Parameter {
            name,
            value: total.hi,
            why: "the values are too large to add up",
        });
    }
    if norm == Norm::Strict && (total.value() - 1.0).abs() > SUM_TOLERANCE {
        return Err(DistError::NotNormalized {
            name,
            sum: total.value(),
        });
    }
    Ok(Checked { values, total })
}

/// Validates a pair over the same outcomes.
pub fn check_pair<'a>(
    p: &'a [f64],
    q: &'a [f64],
    norm: Norm,
) -> Result<(Checked<'a>, Checked<'a>), DistError> {
    #[cfg(target_arch = "x86_64")]
    if p.len() == q.len() && !p.is_empty() && super::simd::available() {
        // SAFETY: the CPU supports AVX2 and FMA.
        if let Some((tp, tq)) = unsafe { super::simd::sums(p, q) } {
            return Ok((
                check_total("p", p, tp, norm)?,
                check_total("q", q, tq, norm)?,
            ));
        }
        // Fall through: the portable checks find and name the bad value.
    }
    let cp = check("p", p, norm)?;
    let cq = check("q", q, norm)?;
    if p.len() != q.len() {
        return Err(DistError::LengthMismatch {
            p: p.len(),
            q: q.len(),
        });
    }
    Ok((cp, cq))
}

/// KL divergence `D(P||Q)` in nats; `+inf` when `P` puts mass where `Q` has none.
///
/// One fused pass over both slices on the fastest kernel this CPU has, threaded
/// for long inputs (see [`super::fused`]); the result does not depend on either.
pub fn kl(p: &[f64], q: &[f64], norm: Norm) -> Result<f64, DistError> {
    super::fused::kl_with(p, q, norm, super::fused::Plan::default())
}

/// The outcomes (0-based) where `P(x) > 0` but `Q(x) = 0`: each one alone makes
/// `D(P||Q)` infinite, the "infinite wall".
pub fn infinite_outcomes(p: &[f64], q: &[f64]) -> Vec<usize> {
    p.iter()
        .zip(q)
        .enumerate()
        .filter(|(_, (pi, qi))| **pi > 0.0 && **qi == 0.0)
        .map(|(i, _)| i)
        .collect()
}

/// `ln(x / total)` accurately, including when `x` is nearly all of `total`.
fn ln_share(x: f64, total: DD) -> f64 {
    let share = x / total.hi;
    if share > 0.5 {
        // x - total is exact enough here (Sterbenz), so log1p keeps every digit.
        let diff = (x - total.hi) - total.lo;
        (diff / total.hi).ln_1p()
    } else if share >= f64::MIN_POSITIVE * 4.0 {
        share.ln()
    } else {
        x.ln() - total.value().ln()
    }
}

/// Entropy `H(P) = -sum P(x) ln P(x)` in nats (0 ln 0 = 0).
pub fn entropy(p: &[f64], norm: Norm) -> Result<f64, DistError> {
    super::fused::entropy_with(p, norm, super::fused::Plan::default())
}

pub(crate) fn entropy_checked(cp: &Checked) -> f64 {
    let mut acc = 0.0;
    for &x in cp.values {
        if x > 0.0 {
            // Every term is >= 0, so plain summation keeps relative accuracy.
            acc += -(x / cp.total.hi) * ln_share(x, cp.total);
        }
    }
    acc.max(0.0)
}

/// Cross-entropy `H(P,Q) = -sum P(x) ln Q(x)` in nats, computed as
/// `H(P) + D(P||Q)` so that `H(P,Q) - H(P)` can never come out negative.
pub fn cross_entropy(p: &[f64], q: &[f64], norm: Norm) -> Result<f64, DistError> {
    super::fused::cross_entropy_with(p, q, norm, super::fused::Plan::default())
}

/// One outcome's row in a worked example: normalised probabilities, the
/// ratio, its natural log and the contribution `P(x) ln(P(x)/Q(x))`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Term {
    pub p: f64,
    pub q: f64,
    /// `P/Q`; `+inf` when `Q = 0 < P`, NaN-free: `0` when `P = 0`.
    pub ratio: f64,
    /// `ln(P/Q)` in nats; `+inf` when `Q = 0 < P`; `-inf` when `P = 0 < Q`.
    pub log_ratio: f64,
    /// `P ln(P/Q)` in nats; 0 when `P = 0`.
    pub contribution: f64,
}

/// The per-outcome terms of `D(P||Q)` (in nats), the rows of a worked example.
///
/// Under [`Norm::Strict`] the rows use the probabilities as given (they sum
/// to one within 1e-9, and a learner who typed `0.1` and `0.1` expects a log
/// ratio of exactly 0, not the 5e-17 that renormalising rounded inputs would
/// show); under [`Norm::Normalize`] they use `p/sum(p)` and `q/sum(q)`. Either
/// way the total to show is [`kl`]'s, which is exact for the normalised inputs.
pub fn kl_terms(p: &[f64], q: &[f64], norm: Norm) -> Result<Vec<Term>, DistError> {
    let (cp, cq) = check_pair(p, q, norm)?;
    let one = DD::new(1.0);
    let (sp, sq) = match norm {
        Norm::Strict => (one, one),
        Norm::Normalize => (cp.total, cq.total),
    };
    Ok((0..p.len())
        .map(|i| {
            let (pv, qv) = (p[i], q[i]);
            let (pi, qi) = (pv / sp.hi, qv / sq.hi);
            if pv == 0.0 {
                Term {
                    p: pi,
                    q: qi,
                    ratio: 0.0,
                    log_ratio: f64::NEG_INFINITY,
                    contribution: 0.0,
                }
            } else if qv == 0.0 {
                let inf = f64::INFINITY;
                Term {
                    p: pi,
                    q: qi,
                    ratio: inf,
                    log_ratio: inf,
                    contribution: inf,
                }
            } else {
                let log_ratio = kernel::log_ratio(pv, sp, qv, sq);
                Term {
                    p: pi,
                    q: qi,
                    ratio: pi / qi,
                    log_ratio,
                    contribution: pi * log_ratio,
                }
            }
        })
        .collect())
}

/// Jensen-Shannon divergence `JS(P,Q) = D(P||M)/2 + D(Q||M)/2`, `M = (P+Q)/2`,
/// in nats; always in `[0, ln 2]`.
pub fn js(p: &[f64], q: &[f64], norm: Norm) -> Result<f64, DistError> {
    if norm == Norm::Normalize
        && let Some((p, q)) = super::scale::rescaled_pair(p, q)
    {
        return js(&p, &q, norm);
    }
    let (cp, cq) = check_pair(p, q, norm)?;
    let mut acc = 0.0;
    for (&pi, &qi) in p.iter().zip(q) {
        if pi == 0.0 && qi == 0.0 {
            continue;
        }
        // P/M = 1 + r and Q/M = 1 - r with r = (p' - q')/(p' + q'), exact to the last digit.
        let num = cross_diff(pi, cq.total, qi, cp.total);
        let den = pi * cq.total.hi + qi * cp.total.hi;
        let r = (num / den).clamp(-1.0, 1.0);
        let m = 0.5 * (pi / cp.total.hi + qi / cq.total.hi);
        acc += m * (kernel::phi1p(r) + kernel::phi1p(-r));
    }
    Ok((0.5 * acc).clamp(0.0, std::f64::consts::LN_2))
}

/// Total variation distance `sup_A |P(A) - Q(A)| = sum |P(x) - Q(x)| / 2`, in `[0, 1]`.
pub fn total_variation(p: &[f64], q: &[f64], norm: Norm) -> Result<f64, DistError> {
    if norm == Norm::Normalize
        && let Some((p, q)) = super::scale::rescaled_pair(p, q)
    {
        return total_variation(&p, &q, norm);
    }
    let (cp, cq) = check_pair(p, q, norm)?;
    let scale = cp.total.hi * cq.total.hi;
    let acc: f64 = p
        .iter()
        .zip(q)
        .map(|(&pi, &qi)| cross_diff(pi, cq.total, qi, cp.total).abs() / scale)
        .sum();
    Ok((0.5 * acc).clamp(0.0, 1.0))
}

/// Below this, a share `p/sum(p)` is near or in the subnormal range.
const TINY: f64 = 1e-290;

/// Hellinger distance `d_H(P,Q) = sqrt(sum (sqrt P(x) - sqrt Q(x))^2 / 2)`, in `[0, 1]`.
pub fn hellinger(p: &[f64], q: &[f64], norm: Norm) -> Result<f64, DistError> {
    if norm == Norm::Normalize
        && let Some((p, q)) = super::scale::rescaled_pair(p, q)
    {
        return hellinger(&p, &q, norm);
    }
    let (cp, cq) = check_pair(p, q, norm)?;
    let scale = cp.total.hi * cq.total.hi;
    const SCALE: f64 = 1.0e200;
    let (mut acc, mut tiny_acc) = (0.0, 0.0);
    for (&pi, &qi) in p.iter().zip(q) {
        let (a, b) = (pi / cp.total.hi, qi / cq.total.hi);
        let sum_roots = a.sqrt() + b.sqrt();
        let d = if a < TINY && b < TINY {
            // Subnormal shares lose digits when divided; their roots do not.
            pi.sqrt() / cp.total.hi.sqrt() - qi.sqrt() / cq.total.hi.sqrt()
        } else {
            // sqrt a - sqrt b = (a - b)/(sqrt a + sqrt b), with a - b from the exact cross difference.
            cross_diff(pi, cq.total, qi, cp.total) / scale / sum_roots
        };
        if d.abs() < 1e-100 {
            // Square tiny differences at a scale where they stay normal doubles.
            tiny_acc += (d * SCALE).powi(2);
        } else {
            acc += d * d;
        }
    }
    let h = if acc == 0.0 {
        (0.5 * tiny_acc).sqrt() / SCALE
    } else {
        (0.5 * (acc + tiny_acc / SCALE / SCALE)).sqrt()
    };
    Ok(h.clamp(0.0, 1.0))
}

/// Wasserstein-1 (earth mover's) distance on an ordered support: outcome `i`
/// sits at `x[i]` (default `i`), and the cost of moving mass is its distance.
/// Equals `sum_i |F_P(x_i) - F_Q(x_i)| (x_{i+1} - x_i)`.
pub fn wasserstein1(p: &[f64], q: &[f64], x: Option<&[f64]>, norm: Norm) -> Result<f64, DistError> {
    if norm == Norm::Normalize
        && let Some((p, q)) = super::scale::rescaled_pair(p, q)
    {
        return wasserstein1(&p, &q, x, norm);
    }
    let (cp, cq) = check_pair(p, q, norm)?;
    if let Some(x) = x {
        if x.len() != p.len() {
            return Err(DistError::Parameter {
                name: "x",
                value: x.len() as f64,
                why: "needs one position per outcome",
            });
        }
        for (index, &value) in x.iter().enumerate() {
            if !value.is_finite() {
                return Err(DistError::NotFinite {
                    name: "x",
                    index,
                    value,
                });
            }
            if index > 0 && value <= x[index - 1] {
                return Err(DistError::Unordered { index, value });
            }
        }
    }
    let pos = |i: usize| x.map_or(i as f64, |x| x[i]);
    let scale = cp.total.hi * cq.total.hi;
    let mut cdf_gap = DD::ZERO;
    let mut acc = 0.0;
    for i in 0..p.len().saturating_sub(1) {
        cdf_gap = cdf_gap.add_dd(cross_dd(p[i], cq.total, q[i], cp.total));
        let gap = (cdf_gap.value() / scale).abs();
        let step = pos(i + 1) - pos(i);
        // Positions near ±1e308 can be further apart than a double holds
        // while the gap times the distance is finite: split the product then.
        acc += if step.is_finite() {
            gap * step
        } else {
            gap * pos(i + 1) - gap * pos(i)
        };
    }
    if acc.is_infinite() {
        // Finite positions always give a finite distance: too large to hold.
        let span = x.map_or(0.0, |x| x[x.len() - 1].abs().max(x[0].abs()));
        return Err(DistError::Overflow {
            name: "x",
            log10: span.log10() + 2f64.log10(),
        });
    }
    Ok(acc)
}

/// `a*B - b*A` as a double-double, for running sums of differences.
fn cross_dd(a: f64, big_b: DD, b: f64, big_a: DD) -> DD {
    let (x, xe) = super::exact::two_prod(a, big_b.hi);
    let (y, ye) = super::exact::two_prod(b, big_a.hi);
    DD::new(x)
        .add(-y)
        .add(xe)
        .add(-ye)
        .add(a * big_b.lo - b * big_a.lo)
}

/// The sum of the values, double-double accurate (exposed for callers that
/// report totals, such as the `--explain` table).
pub fn total(values: &[f64]) -> f64 {
    sum_dd(values).value()
}
