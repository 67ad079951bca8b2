//! The folded half of both x86 lane types: four f64 lanes in one 256-bit
//! register, on which the KL pass keeps its compensated sums.

#![allow(unsafe_op_in_unsafe_fn)]

use crate::engine::lanes::Sum;
use std::arch::x86_64::*;

/// Four lanes in one AVX register.
#[derive(Clone, Copy)]
pub(crate) struct Y4(pub(crate) __m256d);

// SAFETY (every method): only reached from `#[target_feature]` code (AVX2 or
// AVX-512F, both of which have these instructions) that checked the CPU first.
impl Sum for Y4 {
    #[inline(always)]
    fn zero() -> Self {
        unsafe { Y4(_mm256_setzero_pd()) }
    }
    #[inline(always)]
    fn plus(self, b: Self) -> Self {
        unsafe { Y4(_mm256_add_pd(self.0, b.0)) }
    }
    #[inline(always)]
    fn minus(self, b: Self) -> Self {
        unsafe { Y4(_mm256_sub_pd(self.0, b.0)) }
    }
    #[inline(always)]
    fn to_array(self) -> [f64; 8] {
        let mut x = [0.0; 8];
        unsafe { _mm256_storeu_pd(x.as_mut_ptr(), self.0) };
        x
    }
}
