//! Eight lanes of f64 arithmetic, one interface for every instruction set.
//!
//! The fused KL kernel (`fused/`) is written once against [`Lanes`] and
//! instantiated for AVX-512 (one 512-bit register), AVX2 + FMA (two 256-bit
//! registers) and plain Rust (an array of eight). Every operation is an IEEE
//! operation with one rounding (`fma` included), and every path keeps the same
//! accumulators (eight lanes, or the same four after a fold), so all three
//! paths give the same result bit for bit:
//! the portable path is the specification the vector paths are tested against.

/// Eight f64 lanes and the operations the kernel needs.
///
/// Implementations for x86 vector types live in `lanes_x86/`; their methods
/// must only run on a CPU with the matching features (the kernel entry points
/// check this before instantiating them).
pub(crate) trait Lanes: Copy {
    /// A lane-wise true/false.
    type Mask: Copy;
    /// Four lanes: lane `i` plus lane `i + 4` ([`Lanes::fold`]), for the
    /// compensated sums of the KL pass, which then cost half as much.
    type Half: Sum;
    /// Eight 64-bit integers: the table keys of [`Lanes::log_split`].
    type Idx: Copy;

    /// A hint to bring the cache line at `x` closer; `x` may point past the
    /// end of the data (a prefetch never faults). Nothing on the portable lanes.
    #[inline(always)]
    fn prefetch(_x: *const f64) {}
    fn splat(x: f64) -> Self;
    fn load(x: &[f64; 8]) -> Self;
    fn store(self, out: &mut [f64; 8]);
    /// Lanes `i` and `i + 4` added, for `i` in `0..4` (one rounding each).
    fn fold(self) -> Self::Half;
    fn add(self, b: Self) -> Self;
    fn sub(self, b: Self) -> Self;
    fn mul(self, b: Self) -> Self;
    fn div(self, b: Self) -> Self;
    /// `self * b + c` with one rounding.
    fn fma(self, b: Self, c: Self) -> Self;
    /// `c - self * b` with one rounding.
    fn nfma(self, b: Self, c: Self) -> Self;
    /// `self * b - c` with one rounding.
    fn fms(self, b: Self, c: Self) -> Self;
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
    /// The mask as eight bits, lane `i` in bit `i`.
    fn bits(m: Self::Mask) -> u8;
    /// `a` where the mask is set, `b` elsewhere.
    fn select(m: Self::Mask, a: Self, b: Self) -> Self;
    /// Splits positive normal `t` as `t = 2^e * m` with `m` in `[sqrt(1/2), sqrt(2))`;
    /// returns `(m, e)` with `e` as a float.
    fn split_exp(self) -> (Self, Self);
    /// The table reduction of the logarithm ([`log_split1`] lane by lane):
    /// `t = 2^e z` with `z` in `[0.734375, 1.46875)`, as `(z, c, e, 2^e, key)`.
    fn log_split(self) -> (Self, Self, Self, Self, Self::Idx);
    /// The centre of the KL kernel's reduction ([`centre1`] lane by lane):
    /// `(C, k, key)` with `C = 2^e c` as `log_split` would give `pow2 * c`
    /// and `k` the key as a float.
    fn centre(self) -> (Self, Self, Self::Idx);
    /// `table[key % 64]` in every lane.
    fn lookup(key: Self::Idx, table: &[f64; INTERVALS]) -> Self;
    /// `1/c` rounded to nearest: the table `inv_c` holds exactly that, so a
    /// path may look it up or divide (AVX2, where a gather measured slower
    /// than the division) and get the same bits.
    fn inv_centre(key: Self::Idx, c: Self, inv_c: &[f64; INTERVALS]) -> Self;
}

/// What a compensated sum ([`Acc`](super::fused) in `fused/reduce.rs`)
/// runs on: eight lanes, or the four of a folded half.
pub(crate) trait Sum: Copy {
    fn zero() -> Self;
    fn plus(self, b: Self) -> Self;
    fn minus(self, b: Self) -> Self;
    /// The lanes in order, zeros after the last.
    fn to_array(self) -> [f64; 8];
}

impl<V: Lanes> Sum for V {
    #[inline(always)]
    fn zero() -> Self {
        V::splat(0.0)
    }
    #[inline(always)]
    fn plus(self, b: Self) -> Self {
        self.add(b)
    }
    #[inline(always)]
    fn minus(self, b: Self) -> Self {
        self.sub(b)
    }
    #[inline(always)]
    fn to_array(self) -> [f64; 8] {
        let mut x = [0.0; 8];
        self.store(&mut x);
        x
    }
}

/// The portable half: four plain lanes.
#[derive(Clone, Copy)]
pub(crate) struct Scalar4(pub [f64; 4]);

impl Sum for Scalar4 {
    #[inline(always)]
    fn zero() -> Self {
        Scalar4([0.0; 4])
    }
    #[inline(always)]
    fn plus(self, b: Self) -> Self {
        Scalar4(std::array::from_fn(|i| self.0[i] + b.0[i]))
    }
    #[inline(always)]
    fn minus(self, b: Self) -> Self {
        Scalar4(std::array::from_fn(|i| self.0[i] - b.0[i]))
    }
    #[inline(always)]
    fn to_array(self) -> [f64; 8] {
        let mut x = [0.0; 8];
        x[..4].copy_from_slice(&self.0);
        x
    }
}

/// How many intervals the reduction cuts each binade into, and the bits of
/// the interval number: 64, so that the polynomial is of degree 6 (the
/// tables cost one `vpermt2pd` per 16 entries on AVX-512, one gather
/// whatever their size on AVX2, where the polynomial's FMAs are what count).
pub(crate) const INTERVALS: usize = 64;
pub(crate) const IDX_WIDTH: u32 = 6;
/// Where the interval number starts in the bits: `key = tb >> KEY_SHIFT`.
pub(crate) const KEY_SHIFT: u32 = 52 - IDX_WIDTH;

/// The bits of 0.73046875, the bottom of the reduced range `[0.73046875,
/// 1.4609375)`: chosen so that 1 is the centre (in the bits) of interval 34.
pub(crate) const LOG_OFF: u64 = 0x3FE7_6000_0000_0000;
/// Added to the bits of `t` so that the exponent field holds `e + 1023` and the
/// mantissa field `bits(z) - LOG_OFF`: `bits(1.0) - LOG_OFF`.
pub(crate) const LOG_SHIFT: u64 = 0x0008_A000_0000_0000;
pub(crate) const MANT_BITS: u64 = 0x000F_FFFF_FFFF_FFFF;
pub(crate) const EXP_BITS: u64 = 0x7FF0_0000_0000_0000;
pub(crate) const MAGIC_BITS: u64 = 0x4330_0000_0000_0000;
/// The bits of 1.0.
pub(crate) const ONE_BITS: u64 = 0x3FF0_0000_0000_0000;
/// 2^52 + 1023: subtracting it from `MAGIC_BITS | biased_exponent` leaves the exponent.
pub(crate) const MAGIC: f64 = 4_503_599_627_370_496.0 + 1023.0;

/// `t = 2^e z` for positive normal `t`, `z` in `[0.73046875, 1.4609375)`,
/// cut into 64 intervals of equal width in the bits (1/128 below 1, 1/64
/// above), interval 34 `[1 - 1/256, 1 + 1/128)`. Returns `(z, c, e, 2^e,
/// key)` where `c` is the interval's centre in the bits (a multiple of
/// 1/256; exactly 1 for interval 34, which straddles 1) and `key = ((e +
/// 1023) << 6) | interval`: the table index is `key % 64`. Integer
/// operations only, so every path gets the same bits.
#[inline(always)]
pub(crate) fn log_split1(t: f64) -> (f64, f64, f64, f64, u64) {
    let tb = t.to_bits().wrapping_add(LOG_SHIFT);
    let z = f64::from_bits((tb & MANT_BITS) + LOG_OFF);
    let c = f64::from_bits((tb & IDX_BITS) + LOG_MID);
    let pow2 = f64::from_bits(tb & EXP_BITS);
    let e = f64::from_bits((tb >> 52) | MAGIC_BITS) - MAGIC;
    (z, c, e, pow2, tb >> KEY_SHIFT)
}

/// The bits that [`centre1`] adds to `t`'s exponent and interval number to
/// get the bits of `C = 2^e c`: `bits(c) = (tb & IDX_BITS) + LOG_MID` and
/// adding `tb & EXP_BITS - bits(1.0)` multiplies it by `2^e` (the sum of two
/// disjoint fields is their union, so one mask takes both).
pub(crate) const CENTRE_ADD: u64 = LOG_MID.wrapping_sub(ONE_BITS);

/// The centre of the reduction of [`log_split1`] with its power of two
/// applied: `(C, k, key)` where `C = 2^e c` (exactly `pow2 * c`) and `k` is
/// `key` as a float, `64 (e + 1023) + i` for interval `i`: the KL kernel
/// takes `e` from it by folding `i` and the bias into its tables, which
/// saves an instruction. Integer operations only: two for `C` instead of a
/// multiplication and three (the KL kernel needs `C`, never `z`). `t`
/// positive normal within `2^+-1000`; elsewhere the bits are meaningless and
/// the kernel's range test sends the lane away.
#[inline(always)]
pub(crate) fn centre1(t: f64) -> (f64, f64, u64) {
    let tb = t.to_bits().wrapping_add(LOG_SHIFT);
    let cc = f64::from_bits((tb & (IDX_BITS | EXP_BITS)).wrapping_add(CENTRE_ADD));
    let key = tb >> KEY_SHIFT;
    let k = f64::from_bits(key | MAGIC_BITS) - TWO52;
    (cc, k, key)
}

/// 2^52: subtracting it from `MAGIC_BITS | n` leaves `n` (for `n < 2^52`).
pub(crate) const TWO52: f64 = 4_503_599_627_370_496.0;

/// `minpd` semantics: the second operand unless the first is strictly smaller.
#[inline(always)]
pub(crate) fn min_pd(a: f64, b: f64) -> f64 {
    if a < b { a } else { b }
}

/// The six bits of the interval number.
pub(crate) const IDX_BITS: u64 = 0x000F_C000_0000_0000;
/// `LOG_OFF` plus half an interval: the bits of the first interval's centre.
pub(crate) const LOG_MID: u64 = LOG_OFF + (1 << (KEY_SHIFT - 1));

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

/// The scalar form of [`Lanes::split_exp`], shared by the portable lanes.
#[inline(always)]
pub(crate) fn split_exp1(t: f64) -> (f64, f64) {
    let bits = t.to_bits();
    let m = f64::from_bits((bits & MANT_BITS) | ONE_BITS);
    let e = ((bits >> 52) as i64 - 1023) as f64;
    if m >= std::f64::consts::SQRT_2 {
        (m * 0.5, e + 1.0)
    } else {
        (m, e)
    }
}

impl Lanes for Scalar8 {
    type Mask = [bool; 8];
    type Idx = [u64; 8];
    type Half = Scalar4;

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
    fn fold(self) -> Scalar4 {
        Scalar4(std::array::from_fn(|i| self.0[i] + self.0[i + 4]))
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
    fn fms(self, b: Self, c: Self) -> Self {
        Scalar8(std::array::from_fn(|i| self.0[i].mul_add(b.0[i], -c.0[i])))
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
    fn bits(m: [bool; 8]) -> u8 {
        (0..8).fold(0, |acc, i| acc | (u8::from(m[i]) << i))
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
    #[inline(always)]
    fn log_split(self) -> (Self, Self, Self, Self, [u64; 8]) {
        let (mut z, mut c, mut e, mut p2, mut k) = ([0.0; 8], [0.0; 8], [0.0; 8], [0.0; 8], [0; 8]);
        for i in 0..8 {
            (z[i], c[i], e[i], p2[i], k[i]) = log_split1(self.0[i]);
        }
        (Scalar8(z), Scalar8(c), Scalar8(e), Scalar8(p2), k)
    }
    #[inline(always)]
    fn centre(self) -> (Self, Self, [u64; 8]) {
        let (mut cc, mut e, mut k) = ([0.0; 8], [0.0; 8], [0; 8]);
        for i in 0..8 {
            (cc[i], e[i], k[i]) = centre1(self.0[i]);
        }
        (Scalar8(cc), Scalar8(e), k)
    }
    #[inline(always)]
    fn lookup(key: [u64; 8], table: &[f64; INTERVALS]) -> Self {
        Scalar8(std::array::from_fn(|i| table[key[i] as usize % INTERVALS]))
    }
    #[inline(always)]
    fn inv_centre(key: [u64; 8], _c: Self, inv_c: &[f64; INTERVALS]) -> Self {
        Self::lookup(key, inv_c)
    }
}
