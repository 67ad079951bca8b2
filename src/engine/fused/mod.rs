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
//! The kernel is written once against `Lanes` (eight f64 lanes) and runs on
//! AVX-512, on AVX2 + FMA or in plain Rust, chosen at run time ([`Path`]).
//! Every path does the same IEEE operations in the same order, lane by lane,
//! so all three return the same bits. The input is cut into fixed blocks of
//! [`BLOCK`] elements whose partial sums are combined in block order, so the
//! result is also the same whatever the number of threads.
//!
//! The parts: [`path`] (which kernel, how many threads), `block` (the loop
//! over one block on each instruction set), `reduce` (compensated lane sums
//! and their ordered combination), `twopass` (the fallback's kernel), and
//! here the driver: the pass over all blocks and threads, and the results.

mod block;
pub mod path;
mod reduce;
mod twopass;

use super::discrete::{self, Checked, Norm};
use super::error::DistError;
use super::exact::DD;
use super::kernel;
use block::{Job, blocks};
pub use path::{Path, Plan};
use reduce::Partial;

/// Elements per block: the unit of the deterministic partition.
pub const BLOCK: usize = 1 << 14;

/// How far ahead (in elements) the KL pass asks for the next cache lines.
const AHEAD: usize = 256;

/// From this many elements on, the work is shared among threads.
pub const PARALLEL_FROM: usize = 1 << 20;

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

    #[test]
    fn psi_is_accurate_near_one() {
        let sp = DD::new(1.0);
        // Sq = Sp + 1e-20: psi(1 + d) = d^2/2 - d^3/3 + ...
        let ds = DD::new(-1e-20);
        let got = psi(sp, ds);
        assert!((got / 5e-41 - 1.0).abs() < 1e-12, "{got:e}");
    }
}
