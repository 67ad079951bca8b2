//! Eight lanes of f64 arithmetic, one interface for every instruction set.
//!
//! The fused KL kernel (`fused.rs`) is written once against [`Lanes`] and
//! instantiated for AVX-512 (one 512-bit register), AVX2 + FMA (two 256-bit
//! registers) and plain Rust (an array of eight). Every operation is an IEEE
//! operation with one rounding (`fma` included), and every path keeps the same
//! eight accumulators, so all three paths give the same result bit for bit:
//! the portable path is the specification the vector paths are tested against.

/// Eight f64 lanes and the operations the kernel needs.
///
/// Implementations for x86 vector types live in `lanes_x86.rs`; their methods
/// must only run on a CPU with the matching features (the kernel entry points
/// check this before instantiating them).
pub(crate) trait Lanes: Copy {
    /// A lane-wise true/false.
    type Mask: Copy;

    fn splat(x: f64) -> Self;
    fn load(x: &[f64; 8]) -> Self;
    fn store(self, out: &mut [f64; 8]);
    fn add(self, b: Self) -> Self;
    fn sub(self, b: Self) -> Self;
    fn mul(self, b: Self) -> Self;
    fn div(self, b: Self) -> Self;
    /// `self * b + c` with one rounding.
    fn fma(self, b: Self, c: Self) -> Self;
    /// `c - self * b` with one rounding.
    fn nfma(self, b: Self, c: Self) -> Self;
    /// The larger of the two; `b` when either is NaN (as `maxpd`).
    fn max(self, b: Self) -> Self;
    /// The smaller of the two; `b` when either is NaN (as `minpd`).
    fn min(self, b: Self) -> Self;
    fn ge(self, b: Self) -> Self::Mask;
    fn le(self, b: Self) -> Self::Mask;
    fn eq(self, b: Self) -> Self::Mask;
    fn and(a: Self::Mask, b: Self::Mask) -> Self::Mask;
    /// True when every lane of the mask is set.
    fn all(m: Self::Mask) -> bool;
    /// `a` where the mask is set, `b` elsewhere.
    fn select(m: Self::Mask, a: Self, b: Self) -> Self;
    /// Splits positive normal `t` as `t = 2^e * m` with `m` in `[sqrt(1/2), sqrt(2))`;
    /// returns `(m, e)` with `e` as a float.
    fn split_exp(self) -> (Self, Self);
}

/// The portable lanes: plain Rust, the reference for the vector paths.
#[derive(Clone, Copy)]
pub(crate) struct Scalar8(pub [f64; 8]);

impl Scalar8 {
    #[inline(always)]
    fn map2(self, b: Self, f: impl Fn(f64, f64) -> f64) -> Self {
        Scalar8(std::array::from_fn(|i| f(self.0[i], b.0[i])))
    }
    #[inline(always)]
    fn cmp(self, b: Self, f: impl Fn(f64, f64) -> bool) -> [bool; 8] {
        std::array::from_fn(|i| f(self.0[i], b.0[i]))
    }
}

/// `maxpd` semantics: the second operand unless the first is strictly larger.
#[inline(always)]
pub(crate) fn max_pd(a: f64, b: f64) -> f64 {
    if a > b { a } else { b }
}

/// `minpd` semantics: the second operand unless the first is strictly smaller.
#[inline(always)]
pub(crate) fn min_pd(a: f64, b: f64) -> f64 {
    if a < b { a } else { b }
}

/// The scalar form of [`Lanes::split_exp`], shared by the portable lanes.
#[inline(always)]
pub(crate) fn split_exp1(t: f64) -> (f64, f64) {
    const MANT: u64 = 0x000F_FFFF_FFFF_FFFF;
    const ONE: u64 = 0x3FF0_0000_0000_0000;
    let bits = t.to_bits();
    let m = f64::from_bits((bits & MANT) | ONE);
    let e = ((bits >> 52) as i64 - 1023) as f64;
    if m >= std::f64::consts::SQRT_2 {
        (m * 0.5, e + 1.0)
    } else {
        (m, e)
    }
}

impl Lanes for Scalar8 {
    type Mask = [bool; 8];

    #[inline(always)]
    fn splat(x: f64) -> Self {
        Scalar8([x; 8])
    }
    #[inline(always)]
    fn load(x: &[f64; 8]) -> Self {
        Scalar8(*x)
    }
    #[inline(always)]
    fn store(self, out: &mut [f64; 8]) {
        *out = self.0;
    }
    #[inline(always)]
    fn add(self, b: Self) -> Self {
        self.map2(b, |x, y| x + y)
    }
    #[inline(always)]
    fn sub(self, b: Self) -> Self {
        self.map2(b, |x, y| x - y)
    }
    #[inline(always)]
    fn mul(self, b: Self) -> Self {
        self.map2(b, |x, y| x * y)
    }
    #[inline(always)]
    fn div(self, b: Self) -> Self {
        self.map2(b, |x, y| x / y)
    }
    #[inline(always)]
    fn fma(self, b: Self, c: Self) -> Self {
        Scalar8(std::array::from_fn(|i| self.0[i].mul_add(b.0[i], c.0[i])))
    }
    #[inline(always)]
    fn nfma(self, b: Self, c: Self) -> Self {
        Scalar8(std::array::from_fn(|i| {
            (-self.0[i]).mul_add(b.0[i], c.0[i])
        }))
    }
    #[inline(always)]
    fn max(self, b: Self) -> Self {
        self.map2(b, max_pd)
    }
    #[inline(always)]
    fn min(self, b: Self) -> Self {
        self.map2(b, min_pd)
    }
    #[inline(always)]
    fn ge(self, b: Self) -> [bool; 8] {
        self.cmp(b, |x, y| x >= y)
    }
    #[inline(always)]
    fn le(self, b: Self) -> [bool; 8] {
        self.cmp(b, |x, y| x <= y)
    }
    #[inline(always)]
    fn eq(self, b: Self) -> [bool; 8] {
        self.cmp(b, |x, y| x == y)
    }
    #[inline(always)]
    fn and(a: [bool; 8], b: [bool; 8]) -> [bool; 8] {
        std::array::from_fn(|i| a[i] && b[i])
    }
    #[inline(always)]
    fn all(m: [bool; 8]) -> bool {
        m.iter().all(|&x| x)
    }
    #[inline(always)]
    fn select(m: [bool; 8], a: Self, b: Self) -> Self {
        Scalar8(std::array::from_fn(|i| if m[i] { a.0[i] } else { b.0[i] }))
    }
    #[inline(always)]
    fn split_exp(self) -> (Self, Self) {
        let mut m = [0.0; 8];
        let mut e = [0.0; 8];
        for i in 0..8 {
            (m[i], e[i]) = split_exp1(self.0[i]);
        }
        (Scalar8(m), Scalar8(e))
    }
}
