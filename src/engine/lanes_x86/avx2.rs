//! [`Lanes`] on two AVX2 registers used together (lanes 0-3, then 4-7), with
//! FMA: table lookups by gather, `1/c` by division.

#![allow(unsafe_op_in_unsafe_fn)]

use crate::engine::lanes::{
    CENTRE_ADD, EXP_BITS, IDX_BITS, INTERVALS, KEY_SHIFT, LOG_MID, LOG_OFF, LOG_SHIFT, Lanes,
    MAGIC, MAGIC_BITS, MANT_BITS, ONE_BITS, TWO52,
};
use std::arch::x86_64::*;

/// Eight lanes in two AVX2 registers (lanes 0-3, then 4-7).
#[derive(Clone, Copy)]
pub(crate) struct Avx2(__m256d, __m256d);

macro_rules! both {
    ($f:ident, $a:expr, $b:expr) => {
        Avx2($f($a.0, $b.0), $f($a.1, $b.1))
    };
}

#[inline(always)]
unsafe fn split4(t: __m256d) -> (__m256d, __m256d) {
    let bits = _mm256_castpd_si256(t);
    let m = _mm256_castsi256_pd(_mm256_or_si256(
        _mm256_and_si256(bits, _mm256_set1_epi64x(MANT_BITS as i64)),
        _mm256_set1_epi64x(ONE_BITS as i64),
    ));
    let e = _mm256_sub_pd(
        _mm256_castsi256_pd(_mm256_or_si256(
            _mm256_srli_epi64::<52>(bits),
            _mm256_set1_epi64x(MAGIC_BITS as i64),
        )),
        _mm256_set1_pd(MAGIC),
    );
    let big = _mm256_cmp_pd::<_CMP_GE_OQ>(m, _mm256_set1_pd(std::f64::consts::SQRT_2));
    let m = _mm256_blendv_pd(m, _mm256_mul_pd(m, _mm256_set1_pd(0.5)), big);
    let e = _mm256_add_pd(e, _mm256_and_pd(big, _mm256_set1_pd(1.0)));
    (m, e)
}

// SAFETY (every method): only reached from `#[target_feature(enable = "avx2,fma")]`
// code that checked the CPU first.
impl Lanes for Avx2 {
    type Mask = (__m256d, __m256d);
    type Idx = (__m256i, __m256i);
    type Half = super::Y4;

    #[inline(always)]
    fn prefetch(x: *const f64) {
        unsafe { _mm_prefetch::<_MM_HINT_T0>(x.cast::<i8>()) }
    }
    #[inline(always)]
    fn splat(x: f64) -> Self {
        unsafe { Avx2(_mm256_set1_pd(x), _mm256_set1_pd(x)) }
    }
    #[inline(always)]
    fn load(x: &[f64; 8]) -> Self {
        unsafe {
            Avx2(
                _mm256_loadu_pd(x.as_ptr()),
                _mm256_loadu_pd(x.as_ptr().add(4)),
            )
        }
    }
    #[inline(always)]
    fn store(self, out: &mut [f64; 8]) {
        unsafe {
            _mm256_storeu_pd(out.as_mut_ptr(), self.0);
            _mm256_storeu_pd(out.as_mut_ptr().add(4), self.1);
        }
    }
    #[inline(always)]
    fn fold(self) -> super::Y4 {
        unsafe { super::Y4(_mm256_add_pd(self.0, self.1)) }
    }
    #[inline(always)]
    fn add(self, b: Self) -> Self {
        unsafe { both!(_mm256_add_pd, self, b) }
    }
    #[inline(always)]
    fn sub(self, b: Self) -> Self {
        unsafe { both!(_mm256_sub_pd, self, b) }
    }
    #[inline(always)]
    fn mul(self, b: Self) -> Self {
        unsafe { both!(_mm256_mul_pd, self, b) }
    }
    #[inline(always)]
    fn div(self, b: Self) -> Self {
        unsafe { both!(_mm256_div_pd, self, b) }
    }
    #[inline(always)]
    fn fma(self, b: Self, c: Self) -> Self {
        unsafe {
            Avx2(
                _mm256_fmadd_pd(self.0, b.0, c.0),
                _mm256_fmadd_pd(self.1, b.1, c.1),
            )
        }
    }
    #[inline(always)]
    fn nfma(self, b: Self, c: Self) -> Self {
        unsafe {
            Avx2(
                _mm256_fnmadd_pd(self.0, b.0, c.0),
                _mm256_fnmadd_pd(self.1, b.1, c.1),
            )
        }
    }
    #[inline(always)]
    fn fms(self, b: Self, c: Self) -> Self {
        unsafe {
            Avx2(
                _mm256_fmsub_pd(self.0, b.0, c.0),
                _mm256_fmsub_pd(self.1, b.1, c.1),
            )
        }
    }
    #[inline(always)]
    fn max(self, b: Self) -> Self {
        unsafe { both!(_mm256_max_pd, self, b) }
    }
    #[inline(always)]
    fn min(self, b: Self) -> Self {
        unsafe { both!(_mm256_min_pd, self, b) }
    }
    #[inline(always)]
    fn ge(self, b: Self) -> Self::Mask {
        unsafe {
            (
                _mm256_cmp_pd::<_CMP_GE_OQ>(self.0, b.0),
                _mm256_cmp_pd::<_CMP_GE_OQ>(self.1, b.1),
            )
        }
    }
    #[inline(always)]
    fn le(self, b: Self) -> Self::Mask {
        unsafe {
            (
                _mm256_cmp_pd::<_CMP_LE_OQ>(self.0, b.0),
                _mm256_cmp_pd::<_CMP_LE_OQ>(self.1, b.1),
            )
        }
    }
    #[inline(always)]
    fn eq(self, b: Self) -> Self::Mask {
        unsafe {
            (
                _mm256_cmp_pd::<_CMP_EQ_OQ>(self.0, b.0),
                _mm256_cmp_pd::<_CMP_EQ_OQ>(self.1, b.1),
            )
        }
    }
    #[inline(always)]
    fn and(a: Self::Mask, b: Self::Mask) -> Self::Mask {
        unsafe { (_mm256_and_pd(a.0, b.0), _mm256_and_pd(a.1, b.1)) }
    }
    #[inline(always)]
    fn all(m: Self::Mask) -> bool {
        unsafe { _mm256_movemask_pd(_mm256_and_pd(m.0, m.1)) == 0b1111 }
    }
    #[inline(always)]
    fn bits(m: Self::Mask) -> u8 {
        unsafe { (_mm256_movemask_pd(m.0) | (_mm256_movemask_pd(m.1) << 4)) as u8 }
    }
    #[inline(always)]
    fn select(m: Self::Mask, a: Self, b: Self) -> Self {
        unsafe {
            Avx2(
                _mm256_blendv_pd(b.0, a.0, m.0),
                _mm256_blendv_pd(b.1, a.1, m.1),
            )
        }
    }
    #[inline(always)]
    fn split_exp(self) -> (Self, Self) {
        unsafe {
            let (m0, e0) = split4(self.0);
            let (m1, e1) = split4(self.1);
            (Avx2(m0, m1), Avx2(e0, e1))
        }
    }
    #[inline(always)]
    fn log_split(self) -> (Self, Self, Self, Self, Self::Idx) {
        unsafe {
            let (z0, c0, e0, p0, k0) = log_split4(self.0);
            let (z1, c1, e1, p1, k1) = log_split4(self.1);
            (
                Avx2(z0, z1),
                Avx2(c0, c1),
                Avx2(e0, e1),
                Avx2(p0, p1),
                (k0, k1),
            )
        }
    }
    #[inline(always)]
    fn centre(self) -> (Self, Self, Self::Idx) {
        unsafe {
            let (c0, e0, k0) = centre4(self.0);
            let (c1, e1, k1) = centre4(self.1);
            (Avx2(c0, c1), Avx2(e0, e1), (k0, k1))
        }
    }
    #[inline(always)]
    fn lookup(key: Self::Idx, table: &[f64; INTERVALS]) -> Self {
        unsafe { Avx2(gather4(key.0, table), gather4(key.1, table)) }
    }
    #[inline(always)]
    fn inv_centre(_key: Self::Idx, c: Self, _inv_c: &[f64; INTERVALS]) -> Self {
        Self::splat(1.0).div(c)
    }
}

/// `table[key % 64]` on four lanes by one gather, whatever the table's size.
/// For 16 entries this measured about 5% faster on Zen 5 than four in-register
/// permutes and three blends; a gather for `1/c` in place of a division
/// measured slower, so `inv_centre` still divides.
#[inline(always)]
unsafe fn gather4(key: __m256i, table: &[f64; INTERVALS]) -> __m256d {
    let idx = _mm256_and_si256(key, _mm256_set1_epi64x(INTERVALS as i64 - 1));
    _mm256_i64gather_pd::<8>(table.as_ptr(), idx)
}

/// [`Lanes::log_split`] on four lanes (see `lanes::log_split1`).
#[inline(always)]
unsafe fn log_split4(t: __m256d) -> (__m256d, __m256d, __m256d, __m256d, __m256i) {
    let tb = _mm256_add_epi64(_mm256_castpd_si256(t), _mm256_set1_epi64x(LOG_SHIFT as i64));
    let z = _mm256_add_epi64(
        _mm256_and_si256(tb, _mm256_set1_epi64x(MANT_BITS as i64)),
        _mm256_set1_epi64x(LOG_OFF as i64),
    );
    let c = _mm256_add_epi64(
        _mm256_and_si256(tb, _mm256_set1_epi64x(IDX_BITS as i64)),
        _mm256_set1_epi64x(LOG_MID as i64),
    );
    let pow2 = _mm256_and_si256(tb, _mm256_set1_epi64x(EXP_BITS as i64));
    let e = _mm256_sub_pd(
        _mm256_castsi256_pd(_mm256_or_si256(
            _mm256_srli_epi64::<52>(tb),
            _mm256_set1_epi64x(MAGIC_BITS as i64),
        )),
        _mm256_set1_pd(MAGIC),
    );
    (
        _mm256_castsi256_pd(z),
        _mm256_castsi256_pd(c),
        e,
        _mm256_castsi256_pd(pow2),
        _mm256_srli_epi64::<{ KEY_SHIFT as i32 }>(tb),
    )
}

/// [`Lanes::centre`] on four lanes (see `lanes::centre1`).
#[inline(always)]
unsafe fn centre4(t: __m256d) -> (__m256d, __m256d, __m256i) {
    let tb = _mm256_add_epi64(_mm256_castpd_si256(t), _mm256_set1_epi64x(LOG_SHIFT as i64));
    let cc = _mm256_add_epi64(
        _mm256_and_si256(tb, _mm256_set1_epi64x((IDX_BITS | EXP_BITS) as i64)),
        _mm256_set1_epi64x(CENTRE_ADD as i64),
    );
    let key = _mm256_srli_epi64::<{ KEY_SHIFT as i32 }>(tb);
    let k = _mm256_sub_pd(
        _mm256_castsi256_pd(_mm256_or_si256(key, _mm256_set1_epi64x(MAGIC_BITS as i64))),
        _mm256_set1_pd(TWO52),
    );
    (_mm256_castsi256_pd(cc), k, key)
}
