//! Members of the f-divergence family beyond KL: Pearson's χ² divergence, and
//! Rényi's α-divergences, which contain KL as their α → 1 limit.
//!
//! Both take the exactly normalised `p/sum(p)` and `q/sum(q)` (see
//! [`super::discrete`]) and return `+inf` where the definition does.

// Matrix and paired-vector loops read best with indices.
#![allow(clippy::needless_range_loop)]

use super::discrete::{Norm, check_pair};
use super::error::DistError;
use super::kernel;

/// Pearson's χ² divergence `χ²(P‖Q) = Σ (P(x) − Q(x))² / Q(x)`, a pure number;
/// `+inf` when `P` puts mass where `Q` has none.
///
/// Written as a sum of non-negative terms, so it never comes out negative and
/// keeps its relative accuracy when `P` and `Q` nearly agree. A finite value
/// beyond the largest double (P(x) = 0.5 against Q(x) = 1e-320) is an
/// [`DistError::Overflow`], never a false `+inf`.
pub fn chi2(p: &[f64], q: &[f64], norm: Norm) -> Result<f64, DistError> {
    let (cp, cq) = check_pair(p, q, norm)?;
    let mut acc = 0.0;
    // The largest term's log10, for the size of an overflowing sum.
    let mut max_log10 = f64::NEG_INFINITY;
    for i in 0..p.len() {
        if q[i] == 0.0 {
            if p[i] > 0.0 {
                return Ok(f64::INFINITY);
            }
            continue;
        }
        let (a, b) = (cp.prob(i), cq.prob(i));
        let d = a - b;
        if d == 0.0 {
            continue;
        }
        // ln of the term, from logs when b has underflowed or d/b overflows.
        let log_term = 2.0 * d.abs().ln() - ln_prob(q[i], &cq);
        max_log10 = max_log10.max(log_term / std::f64::consts::LN_10);
        acc += if b.is_normal() {
            d * (d / b)
        } else {
            log_term.exp()
        };
    }
    if acc.is_finite() {
        Ok(acc)
    } else {
        Err(DistError::Overflow {
            name: "q",
            log10: max_log10,
        })
    }
}

/// The α of a Rényi divergence: any number ≥ 0, or `+inf`.
pub fn check_alpha(alpha: f64) -> Result<f64, DistError> {
    if alpha.is_nan() || alpha < 0.0 {
        return Err(DistError::Parameter {
            name: "alpha",
            value: alpha,
            why: "the order of a Rényi divergence must be a number >= 0 (or inf)",
        });
    }
    Ok(alpha)
}

/// Rényi's divergence of order α, in nats:
/// `D_α(P‖Q) = ln(Σ P(x)^α Q(x)^(1−α)) / (α − 1)`.
///
/// The limits are the textbook ones: α = 1 is KL (the engine's own [`super::kl`]),
/// α = 0 is `−ln Q(supp P)`, α = ∞ is `ln max P(x)/Q(x)`. Near α = 1 the sum is
/// formed as `ln1p(Σ P·expm1((α−1)·ln(P/Q)))`, so it does not collapse to
/// rounding noise as α approaches 1 and joins KL continuously.
pub fn renyi(p: &[f64], q: &[f64], alpha: f64, norm: Norm) -> Result<f64, DistError> {
    let alpha = check_alpha(alpha)?;
    let (cp, cq) = check_pair(p, q, norm)?;
    let n = p.len();
    if alpha == 1.0 {
        return Ok(kernel::kl_checked(&cp, &cq));
    }
    if alpha == 0.0 {
        // Q's mass outside P's support; 1 − that is Q's mass on it.
        let mut off = 0.0;
        let mut on = 0.0;
        for i in 0..n {
            if cp.prob(i) > 0.0 {
                on += cq.prob(i);
            } else {
                off += cq.prob(i);
            }
        }
        if on == 0.0 {
            return Ok(f64::INFINITY);
        }
        let v = if off < 0.5 { -(-off).ln_1p() } else { -on.ln() };
        return Ok(v.max(0.0));
    }
    if alpha.is_infinite() {
        let mut best = f64::NEG_INFINITY;
        for i in 0..n {
            if p[i] > 0.0 {
                if q[i] == 0.0 {
                    return Ok(f64::INFINITY);
                }
                best = best.max(kernel::log_ratio(p[i], cp.total, q[i], cq.total));
            }
        }
        return Ok(best.max(0.0));
    }
    let beta = alpha - 1.0;
    // S − 1 = Σ P·expm1(β r) with r = ln(P/Q). Adding β·Σ(P − Q) = 0 turns each
    // term into P·f(r), f(r) = expm1(β r) + β·expm1(−r), and every such term
    // has the sign of β(β + 1): a sum without cancellation.
    let mut sum_m1 = 0.0;
    let mut max_log = f64::NEG_INFINITY;
    for i in 0..n {
        let (a, b) = (cp.prob(i), cq.prob(i));
        if p[i] == 0.0 {
            sum_m1 += beta * b;
            continue;
        }
        if q[i] == 0.0 {
            if beta > 0.0 {
                return Ok(f64::INFINITY);
            }
            // P·(Q/P)^(1−α) → 0, and P − Q = P.
            sum_m1 -= alpha * a;
            continue;
        }
        let r = kernel::log_ratio(p[i], cp.total, q[i], cq.total);
        sum_m1 += a * renyi_f(beta, r);
        max_log = max_log.max(ln_prob(p[i], &cp) + beta * r);
    }
    let log_sum = if sum_m1.is_finite() && sum_m1 < 1e300 && sum_m1 > -0.5 {
        sum_m1.ln_1p()
    } else if max_log == f64::NEG_INFINITY {
        // No outcome where both have mass: α < 1 with disjoint supports.
        f64::NEG_INFINITY
    } else {
        // S small (S − 1 near −1: 1 + (S − 1) keeps only its rounding) or
        // overflowing: ln S directly, as
        // ln Σ exp(ln P + β r) with the maximum factored out.
        let mut acc = 0.0;
        for i in 0..n {
            if p[i] > 0.0 && q[i] > 0.0 {
                let r = kernel::log_ratio(p[i], cp.total, q[i], cq.total);
                acc += (ln_prob(p[i], &cp) + beta * r - max_log).exp();
            }
        }
        max_log + acc.ln()
    };
    if log_sum == f64::NEG_INFINITY {
        // α < 1 and P, Q have disjoint supports.
        return Ok(f64::INFINITY);
    }
    Ok((log_sum / beta).max(0.0))
}

/// `ln(v/total)` without forming `v/total`, which underflows to 0 for a
/// subnormal `v` over a large total (5e-324 out of 1e308).
fn ln_prob(v: f64, c: &super::discrete::Checked) -> f64 {
    let p = v / c.total.hi;
    if p.is_normal() {
        p.ln()
    } else {
        v.ln() - c.total.hi.ln()
    }
}

/// `expm1(β r) + β·expm1(−r)`, accurate when `r` is small (a Taylor series,
/// where the two terms would cancel).
fn renyi_f(beta: f64, r: f64) -> f64 {
    if r.abs() * beta.abs().max(1.0) < 0.1 {
        // Σ_{n≥2} (βⁿ + β(−1)ⁿ) rⁿ / n!
        let (mut bn, mut sign, mut rn, mut fact) = (beta, -1.0, r, 1.0);
        let mut acc = 0.0;
        for n in 2..30 {
            bn *= beta;
            sign = -sign;
            rn *= r;
            fact *= n as f64;
            acc += (bn + beta * sign) * rn / fact;
        }
        acc
    } else {
        (beta * r).exp_m1() + beta * (-r).exp_m1()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chi2_of_simple_pair() {
        // (0.9-0.5)²/0.5 + (0.1-0.5)²/0.5 = 0.64
        let v = chi2(&[0.9, 0.1], &[0.5, 0.5], Norm::Strict).unwrap();
        assert!((v - 0.64).abs() < 1e-15, "{v}");
        assert_eq!(
            chi2(&[0.5, 0.5], &[1.0, 0.0], Norm::Strict).unwrap(),
            f64::INFINITY
        );
        assert_eq!(chi2(&[0.0, 1.0], &[0.5, 0.5], Norm::Strict).unwrap(), 1.0);
    }

    #[test]
    fn renyi_limits_meet_their_neighbours() {
        let (p, q) = ([0.7, 0.2, 0.1], [0.3, 0.3, 0.4]);
        let n = Norm::Strict;
        let kl = super::super::kl(&p, &q, n).unwrap();
        assert_eq!(renyi(&p, &q, 1.0, n).unwrap(), kl);
        for a in [1.0 - 1e-9, 1.0 + 1e-9] {
            let v = renyi(&p, &q, a, n).unwrap();
            assert!((v - kl).abs() < 1e-8 * kl, "{a}: {v} vs {kl}");
        }
        let inf = renyi(&p, &q, f64::INFINITY, n).unwrap();
        assert!((inf - (0.7f64 / 0.3).ln()).abs() < 1e-15);
        assert!((renyi(&p, &q, 1e6, n).unwrap() - inf).abs() < 1e-5);
        // α = 0: −ln Q(supp P) = 0 when P has full support.
        assert_eq!(renyi(&p, &q, 0.0, n).unwrap(), 0.0);
        let z = renyi(&[0.5, 0.5, 0.0], &q, 0.0, n).unwrap();
        assert!((z + 0.6f64.ln()).abs() < 1e-15);
        // Non-decreasing in α.
        let mut last = 0.0;
        for a in [0.0, 0.25, 0.5, 0.99, 1.0, 1.5, 2.0, 10.0, f64::INFINITY] {
            let v = renyi(&p, &q, a, n).unwrap();
            assert!(v >= last - 1e-15, "{a}: {v} < {last}");
            last = v;
        }
    }

    #[test]
    fn renyi_support_and_alpha_errors() {
        let n = Norm::Strict;
        assert_eq!(
            renyi(&[0.5, 0.5], &[1.0, 0.0], 2.0, n).unwrap(),
            f64::INFINITY
        );
        // α < 1 forgives Q = 0 where P > 0 ...
        let v = renyi(&[0.5, 0.5], &[1.0, 0.0], 0.5, n).unwrap();
        assert!((v - (-2.0 * (0.5f64.sqrt()).ln())).abs() < 1e-15, "{v}");
        // ... unless the supports are disjoint.
        assert_eq!(
            renyi(&[1.0, 0.0], &[0.0, 1.0], 0.5, n).unwrap(),
            f64::INFINITY
        );
        let e = renyi(&[0.5, 0.5], &[0.5, 0.5], -1.0, n).unwrap_err();
        assert!(e.to_string().contains("alpha"), "{e}");
        assert!(renyi(&[0.5, 0.5], &[0.5, 0.5], f64::NAN, n).is_err());
    }

    #[test]
    fn renyi_huge_alpha_does_not_overflow() {
        let v = renyi(
            &[0.999, 0.001],
            &[1e-300, 1.0 - 1e-300],
            5.0,
            Norm::Normalize,
        )
        .unwrap();
        assert!(v.is_finite() && v > 600.0, "{v}");
    }
}
