//! One block of a pass: the loop over eight outcomes at a time, on the
//! lanes of the chosen instruction set (the `#[target_feature]` entry points
//! for AVX-512 and AVX2 + FMA are here), with the scalar code for the few
//! lanes the vector kernel cannot take.

use super::reduce::{Acc, Partial};
use super::twopass::{kl_normalised_lanes, normalised_lane_ok};
use super::{AHEAD, BLOCK, Path};
use crate::engine::exact::DD;
use crate::engine::kernel;
use crate::engine::lanes::{Lanes, Scalar8};
use crate::engine::tablelog::{kl_lanes, neg_plnp_lanes};

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

/// The running sums of one block. Its steps are `#[inline(always)]` methods,
/// not closures, so that they are compiled inside the `#[target_feature]`
/// entry points with the intrinsics inlined.
struct State<V: Lanes> {
    sp: Acc<V>,
    ds: Acc<V>,
    a: Acc<V>,
    b: Acc<V>,
    /// The sums of the KL pass's groups of 32, folded to four lanes.
    sp4: Acc<V::Half>,
    ds4: Acc<V::Half>,
    a4: Acc<V::Half>,
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
            sp4: Acc::new(),
            ds4: Acc::new(),
            a4: Acc::new(),
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
        if !V::all(ok) {
            let bits = V::bits(ok);
            let mut lanes = [0.0; 8];
            term.store(&mut lanes);
            fix_kl_lanes(&mut lanes, bits, p8, q8, &mut self.low, &mut self.inf);
            term = V::load(&lanes);
        }
        (term, d, pv)
    }

    /// Thirty-two outcomes of the KL pass: the sums of `p`, `p - q` and the
    /// terms take the four vectors' plain sum, folded to four lanes (four
    /// roundings, each relative to the group's own size), through one
    /// compensated addition, which cuts the compensated work per outcome
    /// eightfold and keeps the accumulators in few registers.
    #[inline(always)]
    fn pair4(&mut self, p32: &[[f64; 8]], q32: &[[f64; 8]]) {
        let (mut t, mut d, mut s) = self.kl8(&p32[0], &q32[0]);
        for k in 1..4 {
            let (tk, dk, pk) = self.kl8(&p32[k], &q32[k]);
            t = t.add(tk);
            d = d.add(dk);
            s = s.add(pk);
        }
        self.sp4.add(s.fold());
        self.ds4.add(d.fold());
        self.a4.add(t.fold());
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
            sp: self.sp.total().add_dd(self.sp4.total()),
            ds: self.ds.total().add_dd(self.ds4.total()),
            a: self.a.total().add_dd(self.a4.total()),
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
        let (p4, q4) = (pc.chunks_exact(4), qc.chunks_exact(4));
        let (pr, qr) = (p4.remainder(), q4.remainder());
        for (p32, q32) in p4.zip(q4) {
            // The hardware prefetcher alone left the kernel waiting on memory at 1e7.
            let (pa, qa) = (p32.as_ptr().cast::<f64>(), q32.as_ptr().cast::<f64>());
            for k in (0..32).step_by(8) {
                V::prefetch(pa.wrapping_add(AHEAD + k));
                V::prefetch(qa.wrapping_add(AHEAD + k));
            }
            st.pair4(p32, q32);
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
pub(super) enum Job {
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
    run_block::<crate::engine::lanes_x86::Avx512>(job, p, q)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn block_avx2(job: Job, p: &[f64], q: &[f64]) -> Partial {
    run_block::<crate::engine::lanes_x86::Avx2>(job, p, q)
}

pub(super) fn block(path: Path, job: Job, p: &[f64], q: &[f64]) -> Partial {
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
pub(super) fn blocks(
    path: Path,
    job: Job,
    p: &[f64],
    q: &[f64],
    first: usize,
    last: usize,
) -> Partial {
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
