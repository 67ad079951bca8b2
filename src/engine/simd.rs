//! AVX2 + FMA versions of the two passes of discrete KL: the validated exact
//! sums, and the `q' * phi(p'/q')` sum. Same algorithm and accuracy as the
//! portable code in `kernel.rs` and `discrete.rs`, four outcomes at a time:
//! the logarithm is evaluated inline (exponent split plus an atanh series) so
//! the loop has no calls. Chunks holding anything unusual (a zero, a ratio
//! outside 2^±1000) are handed to the portable code, so results never depend
//! on which path ran beyond the last bit or two.
//!
//! Chosen at run time with `is_x86_feature_detected!`, so the binary still
//! runs on CPUs without AVX2.

#![allow(unsafe_op_in_unsafe_fn)]

use super::exact::DD;
use std::arch::x86_64::*;

/// True when this CPU can run the kernels below.
pub fn available() -> bool {
    is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma")
}

#[inline(always)]
unsafe fn two_sum(a: __m256d, b: __m256d) -> (__m256d, __m256d) {
    let s = _mm256_add_pd(a, b);
    let bb = _mm256_sub_pd(s, a);
    let e = _mm256_add_pd(_mm256_sub_pd(a, _mm256_sub_pd(s, bb)), _mm256_sub_pd(b, bb));
    (s, e)
}

/// Exact sums of `p` and `q` (double-double) if every value is finite and
/// non-negative; `None` otherwise (the caller then finds and names the culprit).
///
/// # Safety
/// The CPU must support AVX2 and FMA ([`available`]).
#[target_feature(enable = "avx2,fma")]
pub unsafe fn sums(p: &[f64], q: &[f64]) -> Option<(DD, DD)> {
    let n = p.len().min(q.len());
    let zero = _mm256_setzero_pd();
    let (mut sp, mut cp, mut sq, mut cq) = (zero, zero, zero, zero);
    // Validation costs two `min`s a chunk: a negative value shows in the
    // running minimum, and a NaN or infinity poisons the sums, checked once
    // at the end (the caller's portable pass then names the culprit).
    let mut low = zero;
    let chunks = n / 4;
    for k in 0..chunks {
        let a = _mm256_loadu_pd(p.as_ptr().add(4 * k));
        let b = _mm256_loadu_pd(q.as_ptr().add(4 * k));
        low = _mm256_min_pd(low, _mm256_min_pd(a, b));
        let (s, e) = two_sum(sp, a);
        sp = s;
        cp = _mm256_add_pd(cp, e);
        let (s, e) = two_sum(sq, b);
        sq = s;
        cq = _mm256_add_pd(cq, e);
    }
    let max = _mm256_set1_pd(f64::MAX);
    let bad = _mm256_or_pd(
        _mm256_cmp_pd(low, zero, _CMP_LT_OQ),
        // Not finite (NaN compares unordered, infinity exceeds MAX).
        _mm256_or_pd(
            _mm256_cmp_pd(_mm256_add_pd(sp, sq), max, _CMP_NLE_UQ),
            _mm256_cmp_pd(_mm256_add_pd(cp, cq), max, _CMP_NLE_UQ),
        ),
    );
    if _mm256_movemask_pd(bad) != 0 {
        return None;
    }
    let lanes = |s: __m256d, c: __m256d| {
        let (mut ls, mut lc) = ([0.0; 4], [0.0; 4]);
        _mm256_storeu_pd(ls.as_mut_ptr(), s);
        _mm256_storeu_pd(lc.as_mut_ptr(), c);
        let mut acc = DD::ZERO;
        for i in 0..4 {
            acc = acc.add(ls[i]).add(lc[i]);
        }
        acc
    };
    let (mut tp, mut tq) = (lanes(sp, cp), lanes(sq, cq));
    for i in 4 * chunks..n {
        let (a, b) = (p[i], q[i]);
        if !((0.0..=f64::MAX).contains(&a) && (0.0..=f64::MAX).contains(&b)) {
            return None;
        }
        tp = tp.add(a);
        tq = tq.add(b);
    }
    Some((tp, tq))
}

/// `sum q' phi(p'/q')` over the chunks this kernel can take, calling `scalar`
/// for the others; returns `+inf` as soon as a chunk is infinite.
///
/// # Safety
/// The CPU must support AVX2 and FMA ([`available`]); `p.len() == q.len()`.
#[cfg(test)]
#[target_feature(enable = "avx2,fma")]
pub unsafe fn kl_sum(
    p: &[f64],
    q: &[f64],
    sp: DD,
    sq: DD,
    scalar: &dyn Fn(&[f64], &[f64]) -> f64,
) -> f64 {
    const C: [f64; 12] = super::kernel::ATANH_TAIL;
    let n = p.len();
    let (sph, spl) = (_mm256_set1_pd(sp.hi), _mm256_set1_pd(sp.lo));
    let (sqh, sql) = (_mm256_set1_pd(sq.hi), _mm256_set1_pd(sq.lo));
    let inv_sq = _mm256_set1_pd(1.0 / sq.hi);
    let zero = _mm256_setzero_pd();
    let one = _mm256_set1_pd(1.0);
    let two = _mm256_set1_pd(2.0);
    let half = _mm256_set1_pd(0.5);
    let sqrt2 = _mm256_set1_pd(std::f64::consts::SQRT_2);
    let lo_t = _mm256_set1_pd(2f64.powi(-1000));
    let hi_t = _mm256_set1_pd(2f64.powi(1000));
    // ln 2 split so that e * ln2_hi is exact for |e| < 2^11 (fdlibm's constants).
    let ln2_hi = _mm256_set1_pd(f64::from_bits(0x3FE6_2E42_FEE0_0000));
    let ln2_lo = _mm256_set1_pd(f64::from_bits(0x3DEA_39EF_3579_3C76));
    let mant_mask = _mm256_set1_epi64x(0x000F_FFFF_FFFF_FFFF);
    let one_bits = _mm256_set1_epi64x(0x3FF0_0000_0000_0000);
    let magic_bits = _mm256_set1_epi64x(0x4330_0000_0000_0000);
    let magic = _mm256_set1_pd(4_503_599_627_370_496.0 + 1023.0);
    let (mut acc0, mut acc1) = (zero, zero);
    let mut tail = 0.0;
    let chunks = n / 4;
    for k in 0..chunks {
        let pv = _mm256_loadu_pd(p.as_ptr().add(4 * k));
        let qv = _mm256_loadu_pd(q.as_ptr().add(4 * k));
        // Exact cross difference p*Sq - q*Sp (see exact::cross_diff), then r = that / (q*Sp).
        let x = _mm256_mul_pd(pv, sqh);
        let xe = _mm256_fmsub_pd(pv, sqh, x);
        let y = _mm256_mul_pd(qv, sph);
        let ye = _mm256_fmsub_pd(qv, sph, y);
        // Both products rounded alike (no FMA here) so that P = Q gives exactly 0.
        let small = _mm256_sub_pd(_mm256_mul_pd(pv, sql), _mm256_mul_pd(qv, spl));
        let num = _mm256_add_pd(
            _mm256_sub_pd(x, y),
            _mm256_add_pd(_mm256_sub_pd(xe, ye), small),
        );
        let inv_y = _mm256_div_pd(one, y);
        let r = _mm256_mul_pd(num, inv_y);
        let t = _mm256_mul_pd(x, inv_y);
        // Zeros, subnormal products and extreme ratios go to the portable path.
        let ok = _mm256_and_pd(
            _mm256_cmp_pd(t, lo_t, _CMP_GE_OQ),
            _mm256_cmp_pd(t, hi_t, _CMP_LE_OQ),
        );
        if _mm256_movemask_pd(ok) != 0b1111 {
            let c = scalar(&p[4 * k..4 * k + 4], &q[4 * k..4 * k + 4]);
            if c.is_infinite() {
                return c;
            }
            tail += c;
            continue;
        }
        // t = 2^e * m with m in [sqrt(1/2), sqrt(2)).
        let bits = _mm256_castpd_si256(t);
        let mut m =
            _mm256_castsi256_pd(_mm256_or_si256(_mm256_and_si256(bits, mant_mask), one_bits));
        let mut e = _mm256_sub_pd(
            _mm256_castsi256_pd(_mm256_or_si256(_mm256_srli_epi64(bits, 52), magic_bits)),
            magic,
        );
        let big = _mm256_cmp_pd(m, sqrt2, _CMP_GE_OQ);
        m = _mm256_blendv_pd(m, _mm256_mul_pd(m, half), big);
        e = _mm256_add_pd(e, _mm256_and_pd(big, one));
        let near = _mm256_cmp_pd(e, zero, _CMP_EQ_OQ);
        // Near t = 1, s comes from the exact r; elsewhere from m.
        let nn = _mm256_blendv_pd(_mm256_sub_pd(m, one), r, near);
        let s = _mm256_div_pd(nn, _mm256_add_pd(nn, two));
        let z = _mm256_mul_pd(s, s);
        // Estrin's scheme: the same polynomial as Horner's rule with a
        // dependency chain of 5 operations instead of 11 (every coefficient
        // and power is positive, so no cancellation either way).
        let c = |i: usize| _mm256_set1_pd(C[i]);
        let z2 = _mm256_mul_pd(z, z);
        let z4 = _mm256_mul_pd(z2, z2);
        let z8 = _mm256_mul_pd(z4, z4);
        let p01 = _mm256_fmadd_pd(c(1), z, c(0));
        let p23 = _mm256_fmadd_pd(c(3), z, c(2));
        let p45 = _mm256_fmadd_pd(c(5), z, c(4));
        let p67 = _mm256_fmadd_pd(c(7), z, c(6));
        let p89 = _mm256_fmadd_pd(c(9), z, c(8));
        let p1011 = _mm256_fmadd_pd(c(11), z, c(10));
        let q0 = _mm256_fmadd_pd(p23, z2, p01);
        let q1 = _mm256_fmadd_pd(p67, z2, p45);
        let q2 = _mm256_fmadd_pd(p1011, z2, p89);
        let poly = _mm256_fmadd_pd(q2, z8, _mm256_fmadd_pd(q1, z4, q0));
        let two_s = _mm256_add_pd(s, s);
        // ln m = 2s + 2s z P(z); ln t = e ln2 + ln m.
        let ln_m = _mm256_fmadd_pd(_mm256_mul_pd(two_s, z), poly, two_s);
        let ln_t = _mm256_fmadd_pd(e, ln2_hi, _mm256_fmadd_pd(e, ln2_lo, ln_m));
        let w = _mm256_mul_pd(qv, inv_sq);
        // Far from 1: q'(t ln t - (t - 1)), with t - 1 = r exactly.
        let far = _mm256_fmsub_pd(t, ln_t, r);
        // Near 1: q' s^2 ((t+1) + 2 t s P(z)), every part positive.
        let t1 = _mm256_add_pd(one, r);
        let near_v = _mm256_mul_pd(
            z,
            _mm256_fmadd_pd(_mm256_mul_pd(t1, two_s), poly, _mm256_add_pd(t1, one)),
        );
        let phi = _mm256_max_pd(_mm256_blendv_pd(far, near_v, near), zero);
        if k % 2 == 0 {
            acc0 = _mm256_fmadd_pd(w, phi, acc0);
        } else {
            acc1 = _mm256_fmadd_pd(w, phi, acc1);
        }
    }
    let mut lanes = [0.0; 4];
    _mm256_storeu_pd(lanes.as_mut_ptr(), _mm256_add_pd(acc0, acc1));
    let rest = scalar(&p[4 * chunks..], &q[4 * chunks..]);
    lanes.iter().sum::<f64>() + tail + rest
}
