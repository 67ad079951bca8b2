//! The inner loop of KL: `q' * phi(p'/q')` summed over outcomes.
//!
//! `phi(t) = t ln t - t + 1` is zero at `t = 1` and positive elsewhere. Near
//! `t = 1` the textbook expression cancels catastrophically, so there it is
//! evaluated from `s = (t-1)/(t+1)` as `s^2 ((t+1) + 2ts P(s^2))`, where
//! `ln t = 2 atanh s = 2s + 2s^3 P(s^2)`: every part positive, every digit kept.

use super::discrete::Checked;
use super::exact::{DD, cross_diff};

/// Where the series form is used: `t = 1 + r` with `r` in this range
/// (`|s| <= 0.184`, so twelve terms of `P` reach full precision).
const NEAR_LO: f64 = -0.3;
const NEAR_HI: f64 = 0.45;

/// The coefficients of `P(z) = sum_k z^k / (2k + 3)`, truncated where the
/// next term is below 1e-18 for `|s| <= 0.184` (shared with the SIMD kernel).
pub(crate) const ATANH_TAIL: [f64; 12] = [
    1.0 / 3.0,
    1.0 / 5.0,
    1.0 / 7.0,
    1.0 / 9.0,
    1.0 / 11.0,
    1.0 / 13.0,
    1.0 / 15.0,
    1.0 / 17.0,
    1.0 / 19.0,
    1.0 / 21.0,
    1.0 / 23.0,
    1.0 / 25.0,
];

/// `P(z)` by Horner's rule.
#[inline(always)]
fn atanh_tail(z: f64) -> f64 {
    ATANH_TAIL.iter().rev().fold(0.0, |acc, &c| acc * z + c)
}

/// `phi(1 + r) = (1+r) ln(1+r) - r` for `r >= -1`, accurate to a few ulps
/// relative to its (non-negative) value.
#[inline]
pub fn phi1p(r: f64) -> f64 {
    if r <= -1.0 {
        return 1.0;
    }
    let t = 1.0 + r;
    if (NEAR_LO..=NEAR_HI).contains(&r) {
        let s = r / (2.0 + r);
        let p = atanh_tail(s * s);
        (s * s) * ((t + 1.0) + 2.0 * t * s * p)
    } else {
        (t * t.ln() - r).max(0.0)
    }
}

/// `ln(p'/q')` for positive `p`, `q` with totals `sp`, `sq`, without overflow
/// and accurate near zero.
pub fn log_ratio(p: f64, sp: DD, q: f64, sq: DD) -> f64 {
    let r = relative_gap(p, sp, q, sq);
    if (NEAR_LO..=NEAR_HI).contains(&r) {
        return r.ln_1p();
    }
    let (t1, t2) = (p / q, sq.hi / sp.hi);
    let t = t1 * t2;
    if t1.is_normal() && t2.is_normal() && t.is_normal() {
        t.ln()
    } else {
        // Every factor through its own log: p/q or the ratio of the totals
        // (1e308 over 0.5) can overflow, or underflow into subnormals that
        // keep only a few digits.
        (p.ln() - q.ln()) + (sq.hi.ln() - sp.hi.ln())
    }
}

/// `p'/q' − 1 = (p·sq − q·sp)/(q·sp)`, with the cross products scaled by
/// exact powers of two when they would overflow or underflow (counts of
/// 1e300 against totals of 1e200), so a tiny gap keeps its digits.
fn relative_gap(p: f64, sp: DD, q: f64, sq: DD) -> f64 {
    let fits = |x: f64| x.is_normal();
    if fits(p * sq.hi) && fits(q * sp.hi) {
        return cross_diff(p, sq, q, sp) / (q * sp.hi);
    }
    // Exponents of the larger of each pair; scaling by 2^-k is exact.
    let exp = |x: f64| x.log2().floor() as i32;
    let (k1, k2) = (exp(p.max(q)), exp(sp.hi.max(sq.hi)));
    let (p, q) = (pow2_scale(p, -k1), pow2_scale(q, -k1));
    let dd = |d: DD| DD {
        hi: pow2_scale(d.hi, -k2),
        lo: pow2_scale(d.lo, -k2),
    };
    let (sp, sq) = (dd(sp), dd(sq));
    cross_diff(p, sq, q, sp) / (q * sp.hi)
}

/// `x·2^k`, exact while the result stays normal (two steps, since 2^k alone
/// overflows for |k| > 1023).
fn pow2_scale(x: f64, k: i32) -> f64 {
    let h = k / 2;
    x * 2f64.powi(h) * 2f64.powi(k - h)
}

/// `D(P||Q)` in nats for validated inputs of equal length: the same fused
/// pass as [`super::kl`], so that every measure that reduces to KL (Rényi at
/// alpha = 1, mutual information) agrees with it to the last bit.
pub fn kl_checked(cp: &Checked, cq: &Checked) -> f64 {
    use super::discrete::Norm;
    use super::fused::{Plan, kl_with};
    // Validated already: finite, non-negative, equal lengths, positive totals.
    kl_with(cp.values, cq.values, Norm::Normalize, Plan::default()).unwrap_or(f64::NAN)
}

/// The previous two-pass kernel (AVX2 where available), kept as an
/// independent cross-check of the fused pass in tests.
#[cfg(test)]
fn kl_checked_two_pass(cp: &Checked, cq: &Checked) -> f64 {
    let (sp, sq) = (cp.total, cq.total);
    let scalar = |p: &[f64], q: &[f64]| kl_sum_scalar(p, q, sp, sq);
    #[cfg(target_arch = "x86_64")]
    if super::simd::available() {
        // SAFETY: the CPU supports AVX2 and FMA; the slices have equal length.
        return unsafe { super::simd::kl_sum(cp.values, cq.values, sp, sq, &scalar) };
    }
    scalar(cp.values, cq.values)
}

/// The portable loop: the reference the SIMD kernel must agree with.
///
/// Compensated (double-double) accumulation, so that the sum of a long input
/// keeps the accuracy of its terms.
#[cfg(test)]
pub fn kl_sum_scalar(p: &[f64], q: &[f64], sp: DD, sq: DD) -> f64 {
    let mut acc = DD::ZERO;
    for (&p, &q) in p.iter().zip(q) {
        match term_normalised(p, q, sp, sq) {
            Some(term) => acc = acc.add(term),
            None => return f64::INFINITY,
        }
    }
    acc.value()
}

/// `q' phi(p'/q')` for one outcome of the normalised distributions; `None`
/// when `p > 0 = q` (the divergence is infinite).
pub(crate) fn term_normalised(p: f64, q: f64, sp: DD, sq: DD) -> Option<f64> {
    if p == 0.0 {
        // phi(0) = 1: outcomes P never sees still carry Q's mass.
        Some(q / sq.hi)
    } else if q == 0.0 {
        None
    } else {
        let r = cross_diff(p, sq, q, sp) / (q * sp.hi);
        Some(if (NEAR_LO..=NEAR_HI).contains(&r) {
            (q / sq.hi) * phi1p(r)
        } else {
            let (pn, qn) = (p / sp.hi, q / sq.hi);
            let l = log_ratio(p, sp, q, sq);
            (pn * l - (pn - qn)).max(0.0)
        })
    }
}

/// `b * phi(a/b) = a ln(a/b) - a + b` for `a, b >= 0`, given `d = a - b`
/// computed by the caller as accurately as it can (often exactly, by
/// Sterbenz's lemma). This is the "scaled phi" that every closed-form KL in
/// the engine reduces to; passing `d` separately is what keeps full relative
/// accuracy when `a` and `b` agree to many digits.
pub(crate) fn scaled_phi(a: f64, b: f64, d: f64) -> f64 {
    if b == 0.0 {
        return if a > 0.0 { f64::INFINITY } else { 0.0 };
    }
    if a == 0.0 {
        return b;
    }
    let r = d / b;
    if r.is_finite() && r.abs() < 1e100 {
        b * phi1p(r)
    } else {
        // a/b overflows: a ln(a/b) dominates and a - b is just a.
        let t = a / b;
        let l = if t.is_normal() && t.is_finite() {
            t.ln()
        } else {
            a.ln() - b.ln()
        };
        (a * l - d).max(0.0)
    }
}

/// `e^x - 1 - x`, accurate to a few ulps relative to its (non-negative) value
/// even for tiny `x`, where `expm1(x) - x` would keep only the digits of `x`
/// that the subtraction leaves. Uses `e^x - 1 - x = e^x phi(e^{-x})`.
pub(crate) fn expm1_minus_x(x: f64) -> f64 {
    if x.abs() <= 1.0 {
        x.exp() * phi1p((-x).exp_m1())
    } else if x.is_infinite() {
        f64::INFINITY
    } else {
        // |x| > 1: the three terms no longer cancel badly.
        x.exp_m1() - x
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::discrete::{Norm, check_pair};

    fn xorshift(seed: &mut u64) -> f64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        (*seed >> 11) as f64 / (1u64 << 53) as f64
    }

    /// The dispatched kernel (SIMD where the CPU has it) agrees with the
    /// portable loop on spread-out, near-equal and zero-holding inputs.
    #[test]
    fn dispatched_kernel_matches_portable_loop() {
        let mut seed = 0x1234_5678_9abc_def1;
        for case in 0..300 {
            let n = 1 + case % 37;
            let mut p: Vec<f64> = (0..n).map(|_| xorshift(&mut seed).powi(3)).collect();
            let rel = [1e-1, 1e-4, 1e-9, 1e-12, 0.0][case % 5];
            let mut q: Vec<f64> = p
                .iter()
                .map(|x| x * (1.0 + rel * (2.0 * xorshift(&mut seed) - 1.0)))
                .collect();
            if case % 7 == 0 && n > 1 {
                p[0] = 0.0;
            }
            if case % 11 == 0 {
                q = (0..n).map(|_| xorshift(&mut seed)).collect();
            }
            let (cp, cq) = check_pair(&p, &q, Norm::Normalize).unwrap();
            let fast = kl_checked_two_pass(&cp, &cq);
            let fused = kl_checked(&cp, &cq);
            let slow = kl_sum_scalar(&p, &q, cp.total, cq.total);
            assert!(fast >= 0.0);
            let err = if slow == 0.0 {
                fast
            } else {
                ((fast - slow) / slow).abs()
            };
            assert!(err < 1e-14, "case {case}: fast {fast:e} slow {slow:e}");
            let err = if slow == 0.0 {
                fused
            } else {
                ((fused - slow) / slow).abs()
            };
            assert!(err < 1e-15, "case {case}: fused {fused:e} slow {slow:e}");
        }
    }

    /// Bad values anywhere in long inputs (the vectorised validation) are
    /// named exactly as the portable checks name them.
    #[test]
    fn bad_values_in_long_inputs_are_named() {
        use crate::engine::error::DistError;
        for n in [4, 9, 64] {
            for at in [0, n / 2, n - 1] {
                for (bad, which) in [
                    (f64::NAN, "nan"),
                    (f64::INFINITY, "inf"),
                    (-0.5, "neg"),
                    (f64::NEG_INFINITY, "-inf"),
                ] {
                    let good = vec![1.0 / n as f64; n];
                    let mut q = good.clone();
                    q[at] = bad;
                    let err = check_pair(&good, &q, Norm::Normalize).unwrap_err();
                    let ok = match (which, &err) {
                        (
                            "nan" | "inf" | "-inf",
                            DistError::NotFinite {
                                name: "q", index, ..
                            },
                        ) => *index == at,
                        (
                            "neg",
                            DistError::Negative {
                                name: "q", index, ..
                            },
                        ) => *index == at,
                        _ => false,
                    };
                    assert!(ok, "n={n} at={at} {which}: {err:?}");
                    let err = check_pair(&q, &good, Norm::Normalize).unwrap_err();
                    assert!(format!("{err}").starts_with("p: value"), "{err}");
                }
            }
        }
        // Values each finite whose sum overflows: refused, not infinite.
        let huge = vec![f64::MAX; 8];
        assert!(check_pair(&huge, &huge, Norm::Normalize).is_err());
    }

    #[test]
    fn phi1p_is_never_negative_and_zero_only_at_zero() {
        assert_eq!(phi1p(0.0), 0.0);
        for i in 1..2000 {
            let r = -1.0 + i as f64 * 0.00137;
            assert!(phi1p(r) > 0.0, "r = {r}");
        }
        // Series and direct forms meet without a jump at the switch points.
        for edge in [NEAR_LO, NEAR_HI] {
            let below = phi1p(edge - 1e-12);
            let above = phi1p(edge + 1e-12);
            assert!(((below - above) / above).abs() < 1e-9);
        }
    }
}
