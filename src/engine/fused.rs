//! Discrete KL, entropy and cross-entropy in one pass over memory.
//!
//! One read of `p` and `q` validates them (finite, non-negative), sums them
//! (compensated, so the totals are exact to about 32 digits) and accumulates
//! `A = sum q phi(p/q)` on the raw values, `phi(t) = t ln t - t + 1 >= 0`.
//! The KL of the normalised distributions then follows from the identity
//!
//! `D(P'||Q') = A / Sp - psi(Sq / Sp)`, `psi(c) = c - 1 - ln c >= 0`,
//!
//! which needs no second pass. When `psi` is more than an eighth of `A/Sp`
//! the subtraction would cost digits, and the engine falls back to the
//! two-pass form (`kernel.rs`), which sums `q' phi(p'/q')` on the normalised
//! values; for inputs that already sum to one `psi` is about 1e-32 and the
//! fast form always holds.
//!
//! The kernel is written once against [`Lanes`] (eight f64 lanes) and runs on
//! AVX-512, on AVX2 + FMA or in plain Rust, chosen at run time ([`Path`]).
//! Every path does the same IEEE operations in the same order, lane by lane,
//! so all three return the same bits. The input is cut into fixed blocks of
//! [`BLOCK`] elements whose partial sums are combined in block order, so the
//! result is also the same whatever the number of threads.

use super::discrete::{self, Checked, Norm};
use super::error::DistError;
use super::exact::DD;
use super::kernel::{self, ATANH_TAIL};
use super::lanes::{Lanes, Scalar8};
use super::tablelog::{HI, LO, kl_lanes, neg_plnp_lanes};
use std::sync::OnceLock;

/// Elements per block: the unit of the deterministic partition.
pub const BLOCK: usize = 1 << 14;

/// How far ahead (in elements) the KL pass asks for the next cache lines.
const AHEAD: usize = 256;

/// From this many elements on, the work is shared among threads.
pub const PARALLEL_FROM: usize = 1 << 20;

/// Which kernel runs the pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// One 512-bit register of eight lanes (x86-64 with AVX-512F).
    Avx512,
    /// Two 256-bit registers (x86-64 with AVX2 and FMA).
    Avx2,
    /// Plain Rust, any CPU: the specification the others match bit for bit.
    Portable,
}

impl Path {
    pub const ALL: [Path; 3] = [Path::Avx512, Path::Avx2, Path::Portable];

    /// Whether this CPU can run the path.
    pub fn available(self) -> bool {
        match self {
            #[cfg(target_arch = "x86_64")]
            Path::Avx512 => is_x86_feature_detected!("avx512f"),
            #[cfg(target_arch = "x86_64")]
            Path::Avx2 => is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma"),
            Path::Portable => true,
            #[cfg(not(target_arch = "x86_64"))]
            _ => false,
        }
    }

    /// The fastest path this CPU has.
    pub fn best() -> Path {
        *Path::ALL
            .iter()
            .find(|p| p.available())
            .unwrap_or(&Path::Portable)
    }

    /// The path every call uses by default: the best one, or the one named by
    /// the environment variable `KLTUTOR_ENGINE_PATH` (`avx512`, `avx2` or
    /// `portable`) when this CPU has it, read once (for benchmarks and tests).
    pub fn current() -> Path {
        static CHOSEN: OnceLock<Path> = OnceLock::new();
        *CHOSEN.get_or_init(|| {
            std::env::var("KLTUTOR_ENGINE_PATH")
                .ok()
                .and_then(|v| v.parse::<Path>().ok())
                .filter(|p| p.available())
                .unwrap_or_else(Path::best)
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Path::Avx512 => "avx512",
            Path::Avx2 => "avx2",
            Path::Portable => "portable",
        }
    }
}

impl std::str::FromStr for Path {
    type Err = String;
    fn from_str(s: &str) -> Result<Path, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "avx512" | "avx-512" => Ok(Path::Avx512),
            "avx2" => Ok(Path::Avx2),
            "portable" | "scalar" => Ok(Path::Portable),
            other => Err(format!("unknown engine path \"{other}\"")),
        }
    }
}

/// How a call runs: which kernel, and on how many threads (`0`: one per
/// core for inputs of [`PARALLEL_FROM`] elements or more, else one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub path: Path,
    pub threads: usize,
}

impl Default for Plan {
    fn default() -> Plan {
        Plan {
            path: Path::current(),
            threads: 0,
        }
    }
}

impl Plan {
    fn threads_for(self, n: usize) -> usize {
        let blocks = n.div_ceil(BLOCK).max(1);
        let want = match self.threads {
            0 if n >= PARALLEL_FROM => std::thread::available_parallelism().map_or(1, |c| c.get()),
            0 => 1,
            t => t,
        };
        want.clamp(1, blocks)
    }
}

/// What one block (or several, combined in order) contributes.
#[derive(Debug, Clone, Copy)]
struct Partial {
    /// The total of `p`: exact to about 32 digits in the entropy passes, to
    /// within one rounding (2^-53 relative) in the KL pass, which only divides by it.
    sp: DD,
    /// `sum (p - q)`: `Sp - Sq` without the cancellation of two totals, exact
    /// where `p` and `q` are within a factor 2 (so the near-equal case is).
    ds: DD,
    /// `sum q phi(p/q)` over outcomes where both are positive or `p = 0`.
    a: DD,
    /// `sum -p ln p` (cross-entropy and entropy only).
    b: DD,
    /// The smallest value seen (negative: invalid input).
    low: f64,
    /// The largest `p` seen.
    high: f64,
    /// Some `p > 0` where `q = 0`.
    inf: bool,
}

impl Partial {
    const EMPTY: Partial = Partial {
        sp: DD::ZERO,
        ds: DD::ZERO,
        a: DD::ZERO,
        b: DD::ZERO,
        low: 0.0,
        high: 0.0,
        inf: false,
    };

    fn merge(self, o: Partial) -> Partial {
        Partial {
            sp: self.sp.add_dd(o.sp),
            ds: self.ds.add_dd(o.ds),
            a: self.a.add_dd(o.a),
            b: self.b.add_dd(o.b),
            low: self.low.min(o.low),
            high: self.high.max(o.high),
            inf: self.inf || o.inf,
        }
    }

    /// The total of `q`, `Sp - sum (p - q)`.
    fn sq(&self) -> DD {
        self.sp.add_dd(DD {
            hi: -self.ds.hi,
            lo: -self.ds.lo,
        })
    }
}

/// ln 2 split so that `e * LN2_HI` is exact for `|e| < 2^11` (fdlibm's constants).
const LN2_HI: f64 = f64::from_bits(0x3FE6_2E42_FEE0_0000);
const LN2_LO: f64 = f64::from_bits(0x3DEA_39EF_3579_3C76);

/// `(ln m - 2s) / (2 s^3)` as a polynomial in `z = s^2`, Estrin's scheme:
/// the same sum as Horner's rule with a dependency chain of 5 operations instead of 11.
#[inline(always)]
fn atanh_poly<V: Lanes>(z: V) -> V {
    let c = |i: usize| V::splat(ATANH_TAIL[i]);
    let z2 = z.mul(z);
    let z4 = z2.mul(z2);
    let z8 = z4.mul(z4);
    let p01 = c(1).fma(z, c(0));
    let p23 = c(3).fma(z, c(2));
    let p45 = c(5).fma(z, c(4));
    let p67 = c(7).fma(z, c(6));
    let p89 = c(9).fma(z, c(8));
    let p1011 = c(11).fma(z, c(10));
    let q0 = p23.fma(z2, p01);
    let q1 = p67.fma(z2, p45);
    let q2 = p1011.fma(z2, p89);
    q2.fma(z8, q1.fma(z4, q0))
}

/// `1 / y` to about twice double precision: one division and a Newton step.
#[inline(always)]
fn recip<V: Lanes>(y: V) -> V {
    let one = V::splat(1.0);
    let inv = one.div(y);
    inv.nfma(y, one).fma(inv, inv)
}

/// `phi(T) = T ln T - T + 1` for `T = t0 + t_lo` known to about 32 digits,
/// accurate to about one unit in the last place of its (non-negative) value.
/// Only the two-pass form (a rare fallback) uses it; the fused pass uses
/// the cheaper table kernel of `tablelog.rs`.
///
/// `ln T = e ln 2 + 2 atanh(s)`, with `s = (m-1)/(m+1)` for the mantissa `m`
/// (or `s = (T-1)/(T+1)` when `T` is within `sqrt 2` of 1); `s` is carried as
/// a pair so that the cancellations in `T ln T - (T - 1)` (far from 1) and the
/// square in `s^2 ((T+1) + 2 T s P(s^2))` (near 1, every part positive) cost
/// no digits.
#[inline(always)]
fn phi_lanes<V: Lanes>(t0: V, t_lo: V) -> V {
    let zero = V::splat(0.0);
    let one = V::splat(1.0);
    let two = V::splat(2.0);
    // Renormalise so that |tl| <= ulp(t)/2.
    let t = t0.add(t_lo);
    let tl = t_lo.sub(t.sub(t0));
    // r + rl = T - 1 (TwoSum of t and -1, plus tl); r is exact near 1.
    let r = t.sub(one);
    let bb = r.sub(t);
    let rl = t.sub(r.sub(bb)).sub(one.add(bb)).add(tl);
    let (m, e) = t.split_exp();
    let near = e.eq(zero);
    let nn = V::select(near, r, m.sub(one));
    let nn_lo = V::select(near, rl, zero);
    // s + s_lo = (nn + nn_lo) / (nn + nn_lo + 2).
    let den = nn.add(two);
    let de = nn.sub(den.sub(two));
    let inv_den = one.div(den);
    let s0 = nn.mul(inv_den);
    let rho = s0.nfma(den, nn);
    let s_lo0 = s0.nfma(de, rho).add(nn_lo.mul(one.sub(s0))).mul(inv_den);
    let s = s0.add(s_lo0);
    let s_lo = s_lo0.sub(s.sub(s0));
    let z = s.mul(s);
    let z_err = s.fma(s, zero.sub(z));
    let poly = atanh_poly(z);
    let two_s = s.add(s);
    // Far from 1: ln t = lh + ll, then t ln t - (t - 1) with one rounding on the big parts.
    let eh = e.mul(V::splat(LN2_HI));
    let lh = eh.add(two_s);
    let bb = lh.sub(eh);
    let lerr = eh.sub(lh.sub(bb)).add(two_s.sub(bb));
    let ll = e
        .fma(V::splat(LN2_LO), s_lo.add(s_lo).add(two_s.mul(z).mul(poly)))
        .add(lerr);
    let far = t
        .fma(lh, zero.sub(r))
        .add(t.fma(ll, tl.fma(lh, tl.sub(rl))));
    // Near 1: s^2 ((T+1) + 2 T s P(z)), with s^2 and T + 1 = den + de + nn_lo to double-double.
    let zz = z.add(two_s.fma(s_lo, z_err));
    let k = den.add(t.mul(two_s).fma(poly, de.add(nn_lo)));
    let near_v = zz.mul(k);
    V::select(near, near_v, far).max(zero)
}

/// `q' phi(p'/q')` on the normalised values (`p' = p/Sp`, `q' = q/Sq`) in
/// every lane, for the two-pass form; the ratio `p Sq / (q Sp)` is formed to
/// about 32 digits from exact products.
#[inline(always)]
fn kl_normalised_lanes<V: Lanes>(p: V, q: V, sp: DD, sq: DD, inv_sq: V) -> (V, V::Mask) {
    let (sph, sqh) = (V::splat(sp.hi), V::splat(sq.hi));
    let zero = V::splat(0.0);
    let x = p.mul(sqh);
    let xe = p.fma(sqh, zero.sub(x)).add(p.mul(V::splat(sq.lo)));
    let y = q.mul(sph);
    let ye = q.fma(sph, zero.sub(y)).add(q.mul(V::splat(sp.lo)));
    let inv_y = recip(y);
    let t0 = x.mul(inv_y);
    let t_lo = t0.nfma(y, x).add(xe).sub(t0.mul(ye)).mul(inv_y);
    let same = V::and(x.eq(y), xe.eq(ye));
    let phi = V::select(same, zero, phi_lanes(t0, t_lo));
    let w = q.mul(inv_sq);
    let w = w.nfma(sqh, q).fma(inv_sq, w);
    let lo = V::splat(LO);
    let hi = V::splat(HI);
    let ok = V::and(
        V::and(t0.ge(lo), t0.le(hi)),
        V::and(V::and(y.ge(lo), y.le(hi)), w.ge(lo)),
    );
    (w.mul(phi), ok)
}

/// The scalar twin of [`kl_normalised_lanes`]'s `ok` mask, bit for bit.
#[inline(always)]
fn normalised_lane_ok(p: f64, q: f64, sp: DD, sq: DD, inv_sq: f64) -> bool {
    let x = p * sq.hi;
    let y = q * sp.hi;
    let inv = 1.0 / y;
    let inv = (-inv).mul_add(y, 1.0).mul_add(inv, inv);
    let t0 = x * inv;
    let w = q * inv_sq;
    let w = (-w).mul_add(sq.hi, q).mul_add(inv_sq, w);
    (LO..=HI).contains(&t0) && (LO..=HI).contains(&y) && w >= LO
}

/// `q phi(p/q)` for one outcome outside the vector kernel's range; `None`
/// when `p > 0 = q` (the divergence is infinite).
#[inline(never)]
fn term_scalar(p: f64, q: f64) -> Option<f64> {
    if p == 0.0 {
        // phi(0) = 1: outcomes P never sees still carry Q's mass.
        Some(q)
    } else if q == 0.0 {
        None
    } else {
        Some(kernel::scaled_phi(p, q, p - q))
    }
}

/// `-p ln p` for one value outside the vector kernel's range.
#[inline(never)]
fn neg_plnp_scalar(p: f64) -> f64 {
    if p > 0.0 { -p * p.ln() } else { 0.0 }
}

/// The lanes (clear in `bits`) that the vector kernel could not take, done by
/// the scalar code. Out of line and cold, so that the compiler keeps the hot
/// loop's registers (a call clobbers every vector register) for the common case.
#[cold]
#[inline(never)]
fn fix_kl_lanes(
    lanes: &mut [f64; 8],
    bits: u8,
    p8: &[f64; 8],
    q8: &[f64; 8],
    low: &mut f64,
    inf: &mut bool,
) {
    for i in 0..8 {
        if bits & (1 << i) == 0 {
            *low = low.min(p8[i]).min(q8[i]);
            lanes[i] = term_scalar(p8[i], q8[i]).unwrap_or_else(|| {
                *inf = true;
                0.0
            });
        }
    }
}

/// As [`fix_kl_lanes`], for `-p ln p`.
#[cold]
#[inline(never)]
fn fix_entropy_lanes(lanes: &mut [f64; 8], bits: u8, p8: &[f64; 8], low: &mut f64) {
    for i in 0..8 {
        if bits & (1 << i) == 0 {
            *low = low.min(p8[i]);
            lanes[i] = neg_plnp_scalar(p8[i]);
        }
    }
}

/// Eight running compensated sums (Knuth's TwoSum, lane by lane).
#[derive(Clone, Copy)]
struct Acc<V: Lanes> {
    hi: V,
    lo: V,
}

impl<V: Lanes> Acc<V> {
    #[inline(always)]
    fn new() -> Self {
        Acc {
            hi: V::splat(0.0),
            lo: V::splat(0.0),
        }
    }

    #[inline(always)]
    fn add(&mut self, x: V) {
        let s = self.hi.add(x);
        let bb = s.sub(self.hi);
        let e = self.hi.sub(s.sub(bb)).add(x.sub(bb));
        self.hi = s;
        self.lo = self.lo.add(e);
    }

    /// The eight lanes as one double-double, always in lane order.
    #[inline(always)]
    fn total(self) -> DD {
        let (mut h, mut l) = ([0.0; 8], [0.0; 8]);
        self.hi.store(&mut h);
        self.lo.store(&mut l);
        let mut acc = DD::ZERO;
        for i in 0..8 {
            acc = acc.add_dd(DD { hi: h[i], lo: l[i] });
        }
        acc
    }
}

/// The running sums of one block. Its steps are `#[inline(always)]` methods,
/// not closures, so that they are compiled inside the `#[target_feature]`
/// entry points with the intrinsics inlined.
struct State<V: Lanes> {
    sp: Acc<V>,
    ds: Acc<V>,
    a: Acc<V>,
    b: Acc<V>,
    low: f64,
    high: V,
    inf: bool,
}

impl<V: Lanes> State<V> {
    #[inline(always)]
    fn new() -> Self {
        State {
            sp: Acc::new(),
            ds: Acc::new(),
            a: Acc::new(),
            b: Acc::new(),
            low: 0.0,
            high: V::splat(0.0),
            inf: false,
        }
    }

    /// `q phi(p/q)` and `p - q` for eight outcomes; lanes the vector kernel
    /// cannot take (zeros, extreme ratios, invalid values) go to the scalar
    /// code, which also notes the smallest value (every negative or NaN value
    /// lands here, since it fails the range test).
    #[inline(always)]
    fn kl8(&mut self, p8: &[f64; 8], q8: &[f64; 8]) -> (V, V, V) {
        let pv = V::load(p8);
        let qv = V::load(q8);
        let (mut term, d, ok) = kl_lanes(pv, qv);
        let bits = V::bits(ok);
        if bits != 0xFF {
            let mut lanes = [0.0; 8];
            term.store(&mut lanes);
            fix_kl_lanes(&mut lanes, bits, p8, q8, &mut self.low, &mut self.inf);
            term = V::load(&lanes);
        }
        (term, d, pv)
    }

    /// Sixteen outcomes of the KL pass: the sums of `p`, `p - q` and the
    /// terms take the two vectors' sum (one rounding, relative to the
    /// pair's own size) through one compensated addition.
    #[inline(always)]
    fn pair2(&mut self, p16: &[[f64; 8]], q16: &[[f64; 8]]) {
        let (t0, d0, p0) = self.kl8(&p16[0], &q16[0]);
        let (t1, d1, p1) = self.kl8(&p16[1], &q16[1]);
        self.sp.add(p0.add(p1));
        self.ds.add(d0.add(d1));
        self.a.add(t0.add(t1));
    }

    /// Eight outcomes of the pair pass; `WITH_B` also sums `-p ln p` (and
    /// then sums `p` exactly: the entropy needs `ln Sp` to the last digit).
    #[inline(always)]
    fn pair<const WITH_B: bool>(&mut self, p8: &[f64; 8], q8: &[f64; 8]) {
        let (term, d, pv) = self.kl8(p8, q8);
        self.sp.add(pv);
        self.ds.add(d);
        self.a.add(term);
        if WITH_B {
            self.entropy_terms(p8, pv);
        }
    }

    /// Eight outcomes of the entropy pass.
    #[inline(always)]
    fn single(&mut self, p8: &[f64; 8]) {
        let pv = V::load(p8);
        self.sp.add(pv);
        self.entropy_terms(p8, pv);
    }

    #[inline(always)]
    fn entropy_terms(&mut self, p8: &[f64; 8], pv: V) {
        self.high = self.high.max(pv);
        let (mut h, ok) = neg_plnp_lanes(pv);
        let bits = V::bits(ok);
        if bits != 0xFF {
            let mut lanes = [0.0; 8];
            h.store(&mut lanes);
            fix_entropy_lanes(&mut lanes, bits, p8, &mut self.low);
            h = V::load(&lanes);
        }
        self.b.add(h);
    }

    /// Eight outcomes of the second pass of the two-pass form.
    #[inline(always)]
    fn normalised(&mut self, p8: &[f64; 8], q8: &[f64; 8], sp: DD, sq: DD, inv_sq: f64) {
        let (mut term, ok) =
            kl_normalised_lanes(V::load(p8), V::load(q8), sp, sq, V::splat(inv_sq));
        if !V::all(ok) {
            let mut lanes = [0.0; 8];
            term.store(&mut lanes);
            for i in 0..8 {
                if !normalised_lane_ok(p8[i], q8[i], sp, sq, inv_sq) {
                    lanes[i] = kernel::term_normalised(p8[i], q8[i], sp, sq).unwrap_or_else(|| {
                        self.inf = true;
                        0.0
                    });
                }
            }
            term = V::load(&lanes);
        }
        self.a.add(term);
    }

    #[inline(always)]
    fn finish(self) -> Partial {
        let lanes = |v: V, f: fn(f64, f64) -> f64| {
            let mut x = [0.0; 8];
            v.store(&mut x);
            x.iter().fold(0.0, |acc, &y| f(acc, y))
        };
        Partial {
            sp: self.sp.total(),
            ds: self.ds.total(),
            a: self.a.total(),
            b: self.b.total(),
            // NaN never reaches these: it poisons the sums, which are checked first.
            low: self.low,
            high: lanes(self.high, f64::max),
            inf: self.inf,
        }
    }
}

/// The last few outcomes of a block, padded with zeros (which add nothing).
#[inline(always)]
fn padded(rest: &[f64]) -> [f64; 8] {
    let mut x = [0.0; 8];
    x[..rest.len()].copy_from_slice(rest);
    x
}

/// One block of the pair pass; `WITH_B` also sums `-p ln p`.
#[inline(always)]
fn pair_block<V: Lanes, const WITH_B: bool>(p: &[f64], q: &[f64]) -> Partial {
    let (pc, prest) = p.as_chunks::<8>();
    let (qc, qrest) = q.as_chunks::<8>();
    let mut st = State::<V>::new();
    if WITH_B {
        for (p8, q8) in pc.iter().zip(qc) {
            st.pair::<true>(p8, q8);
        }
    } else {
        let (p2, q2) = (pc.chunks_exact(2), qc.chunks_exact(2));
        let (pr, qr) = (p2.remainder(), q2.remainder());
        for (p16, q16) in p2.zip(q2) {
            // The hardware prefetcher alone left the kernel waiting on memory at 1e7.
            let (pa, qa) = (p16.as_ptr().cast::<f64>(), q16.as_ptr().cast::<f64>());
            V::prefetch(pa.wrapping_add(AHEAD));
            V::prefetch(pa.wrapping_add(AHEAD + 8));
            V::prefetch(qa.wrapping_add(AHEAD));
            V::prefetch(qa.wrapping_add(AHEAD + 8));
            st.pair2(p16, q16);
        }
        for (p8, q8) in pr.iter().zip(qr) {
            st.pair::<false>(p8, q8);
        }
    }
    if !prest.is_empty() {
        st.pair::<WITH_B>(&padded(prest), &padded(qrest));
    }
    st.finish()
}

/// One block of the second pass of the two-pass form: `sum q' phi(p'/q')`.
#[inline(always)]
fn normalised_block<V: Lanes>(p: &[f64], q: &[f64], sp: DD, sq: DD) -> Partial {
    let (pc, prest) = p.as_chunks::<8>();
    let (qc, qrest) = q.as_chunks::<8>();
    let mut st = State::<V>::new();
    let inv_sq = 1.0 / sq.hi;
    for (p8, q8) in pc.iter().zip(qc) {
        st.normalised(p8, q8, sp, sq, inv_sq);
    }
    if !prest.is_empty() {
        st.normalised(&padded(prest), &padded(qrest), sp, sq, inv_sq);
    }
    Partial {
        sp: DD::ZERO,
        ds: DD::ZERO,
        ..st.finish()
    }
}

/// One block of the entropy pass over `p` alone.
#[inline(always)]
fn single_block<V: Lanes>(p: &[f64]) -> Partial {
    let (pc, prest) = p.as_chunks::<8>();
    let mut st = State::<V>::new();
    for p8 in pc {
        st.single(p8);
    }
    if !prest.is_empty() {
        st.single(&padded(prest));
    }
    st.finish()
}

/// What a pass computes.
#[derive(Clone, Copy, PartialEq)]
enum Job {
    Kl,
    KlAndEntropy,
    Entropy,
    /// The second pass of the two-pass form, given the totals.
    Normalised(DD, DD),
}

#[inline(always)]
fn run_block<V: Lanes>(job: Job, p: &[f64], q: &[f64]) -> Partial {
    match job {
        Job::Kl => pair_block::<V, false>(p, q),
        Job::KlAndEntropy => pair_block::<V, true>(p, q),
        Job::Entropy => single_block::<V>(p),
        Job::Normalised(sp, sq) => normalised_block::<V>(p, q, sp, sq),
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn block_avx512(job: Job, p: &[f64], q: &[f64]) -> Partial {
    run_block::<super::lanes_x86::Avx512>(job, p, q)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn block_avx2(job: Job, p: &[f64], q: &[f64]) -> Partial {
    run_block::<super::lanes_x86::Avx2>(job, p, q)
}

fn block(path: Path, job: Job, p: &[f64], q: &[f64]) -> Partial {
    match path {
        // SAFETY: `pass` only passes a path whose `available()` is true.
        #[cfg(target_arch = "x86_64")]
        Path::Avx512 => unsafe { block_avx512(job, p, q) },
        #[cfg(target_arch = "x86_64")]
        Path::Avx2 => unsafe { block_avx2(job, p, q) },
        _ => run_block::<Scalar8>(job, p, q),
    }
}

/// Blocks `first..last` of the input, combined in order.
fn blocks(path: Path, job: Job, p: &[f64], q: &[f64], first: usize, last: usize) -> Partial {
    (first..last).fold(Partial::EMPTY, |acc, k| {
        let range = k * BLOCK..((k + 1) * BLOCK).min(p.len());
        let qs = if job == Job::Entropy {
            &q[..0]
        } else {
            &q[range.clone()]
        };
        acc.merge(block(path, job, &p[range], qs))
    })
}

/// The whole pass: blocks shared among threads in contiguous runs, partials
/// combined in block order (so the thread count never changes the result).
fn pass(plan: Plan, job: Job, p: &[f64], q: &[f64]) -> Partial {
    let path = if plan.path.available() {
        plan.path
    } else {
        Path::best()
    };
    let n = p.len();
    let nblocks = n.div_ceil(BLOCK).max(1);
    let threads = plan.threads_for(n);
    if threads == 1 {
        return blocks(path, job, p, q, 0, nblocks);
    }
    let per = nblocks.div_ceil(threads);
    let parts: Vec<Vec<Partial>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (first, last) = ((t * per).min(nblocks), ((t + 1) * per).min(nblocks));
                scope.spawn(move || {
                    (first..last)
                        .map(|k| blocks(path, job, p, q, k, k + 1))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a KL worker thread panicked"))
            .collect()
    });
    parts
        .into_iter()
        .flatten()
        .fold(Partial::EMPTY, Partial::merge)
}

/// `psi(c) = c - 1 - ln c` for `c = Sq/Sp`, from the total `Sp` and the
/// sum of differences `ds = Sp - Sq`: `psi(c) = c phi(1/c)` with
/// `1/c - 1 = ds/Sq`, so no digits go in subtracting two totals.
fn psi(sp: DD, ds: DD) -> f64 {
    let sq = sp.value() - ds.value();
    let c = sq / sp.value();
    c * kernel::phi1p(ds.value() / sq)
}

/// `ln` of a double-double total, accurate when it is close to 1.
fn ln_dd(s: DD) -> f64 {
    if (0.5..=2.0).contains(&s.hi) {
        ((s.hi - 1.0) + s.lo).ln_1p()
    } else {
        s.hi.ln() + s.lo / s.hi
    }
}

/// Validates the pass's findings as [`discrete::check_pair`] would; on bad
/// values the portable checks find and name the culprit.
fn checked_pair<'a>(
    p: &'a [f64],
    q: &'a [f64],
    part: &Partial,
    norm: Norm,
) -> Result<(Checked<'a>, Checked<'a>), DistError> {
    let finite = (part.sp.hi + part.ds.hi).is_finite() && (part.sp.lo + part.ds.lo).is_finite();
    if p.len() != q.len() || p.is_empty() || part.low < 0.0 || !finite {
        return discrete::check_pair(p, q, norm);
    }
    Ok((
        discrete::check_total("p", p, part.sp, norm)?,
        discrete::check_total("q", q, part.sq(), norm)?,
    ))
}

/// Totals this far from 1 (under `--normalize`) have their inputs rescaled
/// by a power of two first (`scale.rs`), where the fast identity and the ratio
/// of the totals could overflow or lose digits.
fn totals_in_range(s: DD) -> bool {
    (1e-18..=1e33).contains(&s.hi)
}

/// Rescaled copies of `p` and `q` when `--normalize` meets totals far from 1
/// (see `scale.rs`); the pass is then run again on them.
fn rescale_pair_if(
    p: &[f64],
    q: &[f64],
    part: &Partial,
    norm: Norm,
) -> Option<(Vec<f64>, Vec<f64>)> {
    if norm != Norm::Normalize || (totals_in_range(part.sp) && totals_in_range(part.sq())) {
        return None;
    }
    super::scale::rescaled_pair(p, q)
}

/// The KL from a finished pair pass, or `None` when the fast identity would cancel.
fn kl_from(part: &Partial) -> Option<f64> {
    if part.inf {
        return Some(f64::INFINITY);
    }
    if !totals_in_range(part.sp) || !totals_in_range(part.sq()) {
        return None;
    }
    let main = part.a.value() / part.sp.value();
    let psi = psi(part.sp, part.ds);
    (psi <= main / 8.0).then(|| (main - psi).max(0.0))
}

/// The entropy from a finished pass, or `None` when the fast form would cancel.
fn entropy_from(part: &Partial) -> Option<f64> {
    if part.high > 1.0 || !totals_in_range(part.sp) {
        // Terms of both signs: the two-pass form keeps every digit.
        return None;
    }
    let ln_sp = ln_dd(part.sp);
    let h = part.b.value() / part.sp.value() + ln_sp;
    (ln_sp.abs() <= h / 8.0).then_some(h.max(0.0))
}

/// The two-pass KL (the fallback when the identity cancels): a second pass
/// summing `q' phi(p'/q')` on the normalised values, on the same path and
/// partition as the first. It needs both totals to about 32 digits, which
/// the KL pass does not keep (it sums `p` to one rounding and `p - q`), so
/// they are summed again here, in order and double-double, on every path alike.
fn kl_two_pass(plan: Plan, p: &[f64], q: &[f64], norm: Norm) -> Result<f64, DistError> {
    let (cp, cq) = (
        discrete::check("p", p, norm)?,
        discrete::check("q", q, norm)?,
    );
    let part = pass(
        plan,
        Job::Normalised(cp.total, cq.total),
        cp.values,
        cq.values,
    );
    Ok(if part.inf {
        f64::INFINITY
    } else {
        part.a.value().max(0.0)
    })
}

/// `D(P||Q)` in nats, run as `plan` says; see [`super::kl`].
pub fn kl_with(p: &[f64], q: &[f64], norm: Norm, plan: Plan) -> Result<f64, DistError> {
    if p.len() != q.len() || p.is_empty() {
        discrete::check_pair(p, q, norm)?;
    }
    let part = pass(plan, Job::Kl, p, q);
    if let Some((p, q)) = rescale_pair_if(p, q, &part, norm) {
        return kl_with(&p, &q, norm, plan);
    }
    checked_pair(p, q, &part, norm)?;
    match kl_from(&part) {
        Some(kl) => Ok(kl),
        None => kl_two_pass(plan, p, q, norm),
    }
}

/// `H(P,Q) = H(P) + D(P||Q)` in nats, run as `plan` says.
pub fn cross_entropy_with(p: &[f64], q: &[f64], norm: Norm, plan: Plan) -> Result<f64, DistError> {
    if p.len() != q.len() || p.is_empty() {
        discrete::check_pair(p, q, norm)?;
    }
    let part = pass(plan, Job::KlAndEntropy, p, q);
    if let Some((p, q)) = rescale_pair_if(p, q, &part, norm) {
        return cross_entropy_with(&p, &q, norm, plan);
    }
    let (cp, _) = checked_pair(p, q, &part, norm)?;
    let kl = match kl_from(&part) {
        Some(kl) => kl,
        None => kl_two_pass(plan, p, q, norm)?,
    };
    let h = entropy_from(&part).unwrap_or_else(|| discrete::entropy_checked(&cp));
    Ok(h + kl)
}

/// `H(P)` in nats, run as `plan` says.
pub fn entropy_with(p: &[f64], norm: Norm, plan: Plan) -> Result<f64, DistError> {
    if p.is_empty() {
        discrete::check("p", p, norm)?;
    }
    let part = pass(plan, Job::Entropy, p, p);
    if norm == Norm::Normalize
        && !totals_in_range(part.sp)
        && let Some(p) = super::scale::rescaled(p)
    {
        return entropy_with(&p, norm, plan);
    }
    let finite = part.sp.hi.is_finite() && part.sp.lo.is_finite();
    let cp = if part.low < 0.0 || !finite {
        discrete::check("p", p, norm)?
    } else {
        discrete::check_total("p", p, part.sp, norm)?
    };
    Ok(entropy_from(&part).unwrap_or_else(|| discrete::entropy_checked(&cp)))
}

/// The one-thread sum of `p` and `q` that the benchmarks report as the memory
/// floor: one read of both arrays, nothing else.
pub fn read_floor(p: &[f64], q: &[f64]) -> f64 {
    let (pc, _) = p.as_chunks::<8>();
    let (qc, _) = q.as_chunks::<8>();
    let mut acc = [0.0; 8];
    for (a, b) in pc.iter().zip(qc) {
        for i in 0..8 {
            acc[i] += a[i] + b[i];
        }
    }
    acc.iter().sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::exact::two_sum;

    #[test]
    fn two_sum_matches_acc() {
        // The lane accumulator is Knuth's TwoSum, as exact::two_sum.
        let mut acc = Acc::<Scalar8>::new();
        acc.add(Scalar8::splat(1.0));
        acc.add(Scalar8::splat(1e-20));
        let (s, e) = two_sum(1.0, 1e-20);
        assert_eq!(acc.hi.0[3], s);
        assert_eq!(acc.lo.0[3], e);
    }

    #[test]
    fn psi_is_accurate_near_one() {
        let sp = DD::new(1.0);
        // Sq = Sp + 1e-20: psi(1 + d) = d^2/2 - d^3/3 + ...
        let ds = DD::new(-1e-20);
        let got = psi(sp, ds);
        assert!((got / 5e-41 - 1.0).abs() < 1e-12, "{got:e}");
    }

    #[test]
    fn path_names_round_trip() {
        for p in Path::ALL {
            assert_eq!(p.name().parse::<Path>().unwrap(), p);
        }
        assert!("sse".parse::<Path>().is_err());
        assert!(Path::Portable.available());
    }
}
