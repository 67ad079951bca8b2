//! [`Lanes`] on one AVX-512 register of eight f64 lanes: a table of the
//! logarithm is four `vpermt2pd` (16 entries in two registers each) and
//! three masked moves.

#![allow(unsafe_op_in_unsafe_fn)]

use crate::engine::lanes::{
    CENTRE_ADD, EXP_BITS, IDX_BITS, INTERVALS, KEY_SHIFT, LOG_MID, LOG_OFF, LOG_SHIFT, Lanes,
    MAGIC, MAGIC_BITS, MANT_BITS, ONE_BITS, TWO52,
};
use std::arch::x86_64::*;

/// Eight lanes in one AVX-512 register.
#[derive(Clone, Copy)]
pub(crate) struct Avx512(__m512d);

// SAFETY (every method): only reached from `#[target_feature(enable = "avx512f")]`
// code that checked the CPU first.
impl Lanes for Avx512 {
    type Mask = __mmask8;
    type Idx = __m512i;
    type Half = super::Y4;

    #[inline(always)]
    fn prefetch(x: *const f64) {
        unsafe { _mm_prefetch::<_MM_HINT_T0>(x.cast::<i8>()) }
    }
    #[inline(always)]
    fn splat(x: f64) -> Self {
        unsafe { Avx512(_mm512_set1_pd(x)) }
    }
    #[inline(always)]
    fn load(x: &[f64; 8]) -> Self {
        unsafe { Avx512(_mm512_loadu_pd(x.as_ptr())) }
    }
    #[inline(always)]
    fn store(self, out: &mut [f64; 8]) {
        unsafe { _mm512_storeu_pd(out.as_mut_ptr(), self.0) }
    }
    #[inline(always)]
    fn fold(self) -> super::Y4 {
        unsafe {
            super::Y4(_mm256_add_pd(
                _mm512_castpd512_pd256(self.0),
                _mm512_extractf64x4_pd::<1>(self.0),
            ))
        }
    }
    #[inline(always)]
    fn add(self, b: Self) -> Self {
        unsafe { Avx512(_mm512_add_pd(self.0, b.0)) }
    }
    #[inline(always)]
    fn sub(self, b: Self) -> Self {
        unsafe { Avx512(_mm512_sub_pd(self.0, b.0)) }
    }
    #[inline(always)]
    fn mul(self, b: Self) -> Self {
        unsafe { Avx512(_mm512_mul_pd(self.0, b.0)) }
    }
    #[inline(always)]
    fn div(self, b: Self) -> Self {
        unsafe { Avx512(_mm512_div_pd(self.0, b.0)) }
    }
    #[inline(always)]
    fn fma(self, b: Self, c: Self) -> Self {
        unsafe { Avx512(_mm512_fmadd_pd(self.0, b.0, c.0)) }
    }
    #[inline(always)]
    fn nfma(self, b: Self, c: Self) -> Self {
        unsafe { Avx512(_mm512_fnmadd_pd(self.0, b.0, c.0)) }
    }
    #[inline(always)]
    fn fms(self, b: Self, c: Self) -> Self {
        unsafe { Avx512(_mm512_fmsub_pd(self.0, b.0, c.0)) }
    }
    #[inline(always)]
    fn max(self, b: Self) -> Self {
        unsafe { Avx512(_mm512_max_pd(self.0, b.0)) }
    }
    #[inline(always)]
    fn min(self, b: Self) -> Self {
        unsafe { Avx512(_mm512_min_pd(self.0, b.0)) }
    }
    #[inline(always)]
    fn ge(self, b: Self) -> __mmask8 {
        unsafe { _mm512_cmp_pd_mask::<_CMP_GE_OQ>(self.0, b.0) }
    }
    #[inline(always)]
    fn le(self, b: Self) -> __mmask8 {
        unsafe { _mm512_cmp_pd_mask::<_CMP_LE_OQ>(self.0, b.0) }
    }
    #[inline(always)]
    fn eq(self, b: Self) -> __mmask8 {
        unsafe { _mm512_cmp_pd_mask::<_CMP_EQ_OQ>(self.0, b.0) }
    }
    #[inline(always)]
    fn and(a: __mmask8, b: __mmask8) -> __mmask8 {
        a & b
    }
    #[inline(always)]
    fn all(m: __mmask8) -> bool {
        m == 0xFF
    }
    #[inline(always)]
    fn bits(m: __mmask8) -> u8 {
        m
    }
    #[inline(always)]
    fn select(m: __mmask8, a: Self, b: Self) -> Self {
        unsafe { Avx512(_mm512_mask_blend_pd(m, b.0, a.0)) }
    }
    #[inline(always)]
    fn split_exp(self) -> (Self, Self) {
        unsafe {
            let bits = _mm512_castpd_si512(self.0);
            let m = _mm512_castsi512_pd(_mm512_or_si512(
                _mm512_and_si512(bits, _mm512_set1_epi64(MANT_BITS as i64)),
                _mm512_set1_epi64(ONE_BITS as i64),
            ));
            let e = _mm512_sub_pd(
                _mm512_castsi512_pd(_mm512_or_si512(
                    _mm512_srli_epi64::<52>(bits),
                    _mm512_set1_epi64(MAGIC_BITS as i64),
                )),
                _mm512_set1_pd(MAGIC),
            );
            let big = _mm512_cmp_pd_mask::<_CMP_GE_OQ>(m, _mm512_set1_pd(std::f64::consts::SQRT_2));
            let m = _mm512_mask_mul_pd(m, big, m, _mm512_set1_pd(0.5));
            let e = _mm512_mask_add_pd(e, big, e, _mm512_set1_pd(1.0));
            (Avx512(m), Avx512(e))
        }
    }
    #[inline(always)]
    fn log_split(self) -> (Self, Self, Self, Self, __m512i) {
        unsafe {
            let tb = _mm512_add_epi64(
                _mm512_castpd_si512(self.0),
                _mm512_set1_epi64(LOG_SHIFT as i64),
            );
            let z = _mm512_add_epi64(
                _mm512_and_si512(tb, _mm512_set1_epi64(MANT_BITS as i64)),
                _mm512_set1_epi64(LOG_OFF as i64),
            );
            let c = _mm512_add_epi64(
                _mm512_and_si512(tb, _mm512_set1_epi64(IDX_BITS as i64)),
                _mm512_set1_epi64(LOG_MID as i64),
            );
            let pow2 = _mm512_and_si512(tb, _mm512_set1_epi64(EXP_BITS as i64));
            let e = _mm512_sub_pd(
                _mm512_castsi512_pd(_mm512_or_si512(
                    _mm512_srli_epi64::<52>(tb),
                    _mm512_set1_epi64(MAGIC_BITS as i64),
                )),
                _mm512_set1_pd(MAGIC),
            );
            (
                Avx512(_mm512_castsi512_pd(z)),
                Avx512(_mm512_castsi512_pd(c)),
                Avx512(e),
                Avx512(_mm512_castsi512_pd(pow2)),
                _mm512_srli_epi64::<KEY_SHIFT>(tb),
            )
        }
    }
    #[inline(always)]
    fn centre(self) -> (Self, Self, __m512i) {
        unsafe {
            let tb = _mm512_add_epi64(
                _mm512_castpd_si512(self.0),
                _mm512_set1_epi64(LOG_SHIFT as i64),
            );
            let cc = _mm512_add_epi64(
                _mm512_and_si512(tb, _mm512_set1_epi64((IDX_BITS | EXP_BITS) as i64)),
                _mm512_set1_epi64(CENTRE_ADD as i64),
            );
            let key = _mm512_srli_epi64::<KEY_SHIFT>(tb);
            let k = _mm512_sub_pd(
                _mm512_castsi512_pd(_mm512_or_si512(key, _mm512_set1_epi64(MAGIC_BITS as i64))),
                _mm512_set1_pd(TWO52),
            );
            (Avx512(_mm512_castsi512_pd(cc)), Avx512(k), key)
        }
    }
    #[inline(always)]
    fn lookup(key: __m512i, table: &[f64; INTERVALS]) -> Self {
        unsafe {
            // One vpermt2pd per 16 entries (index bits 0-3), then bits 4 and 5 choose.
            let quarter = |j: usize| {
                _mm512_permutex2var_pd(
                    _mm512_loadu_pd(table.as_ptr().add(16 * j)),
                    key,
                    _mm512_loadu_pd(table.as_ptr().add(16 * j + 8)),
                )
            };
            let b4 = _mm512_test_epi64_mask(key, _mm512_set1_epi64(16));
            let b5 = _mm512_test_epi64_mask(key, _mm512_set1_epi64(32));
            let low = _mm512_mask_mov_pd(quarter(0), b4, quarter(1));
            let high = _mm512_mask_mov_pd(quarter(2), b4, quarter(3));
            Avx512(_mm512_mask_mov_pd(low, b5, high))
        }
    }
    #[inline(always)]
    fn inv_centre(key: __m512i, _c: Self, inv_c: &[f64; INTERVALS]) -> Self {
        Self::lookup(key, inv_c)
    }
}
