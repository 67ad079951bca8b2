//! The reduction: lanes of compensated sums per block ([`Acc`]: eight, or
//! four after the KL pass folds its groups of 32), and
//! the per-block results ([`Partial`]) combined in block order, so that
//! neither the path nor the number of threads changes a bit of the total.

use crate::engine::exact::DD;
use crate::engine::lanes::Sum;

/// What one block (or several, combined in order) contributes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Partial {
    /// The total of `p`: exact to about 32 digits in the entropy passes, to
    /// within four roundings (4 x 2^-53 relative) in the KL pass, which only divides by it.
    pub(super) sp: DD,
    /// `sum (p - q)`: `Sp - Sq` without the cancellation of two totals, exact
    /// where `p` and `q` are within a factor 2 (so the near-equal case is).
    pub(super) ds: DD,
    /// `sum q phi(p/q)` over outcomes where both are positive or `p = 0`.
    pub(super) a: DD,
    /// `sum -p ln p` (cross-entropy and entropy only).
    pub(super) b: DD,
    /// The smallest value seen (negative: invalid input).
    pub(super) low: f64,
    /// The largest `p` seen.
    pub(super) high: f64,
    /// Some `p > 0` where `q = 0`.
    pub(super) inf: bool,
}

impl Partial {
    pub(super) const EMPTY: Partial = Partial {
        sp: DD::ZERO,
        ds: DD::ZERO,
        a: DD::ZERO,
        b: DD::ZERO,
        low: 0.0,
        high: 0.0,
        inf: false,
    };

    pub(super) fn merge(self, o: Partial) -> Partial {
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
    pub(super) fn sq(&self) -> DD {
        self.sp.add_dd(DD {
            hi: -self.ds.hi,
            lo: -self.ds.lo,
        })
    }
}

/// Running compensated sums (Knuth's TwoSum, lane by lane), on eight lanes
/// or on a folded four.
#[derive(Clone, Copy)]
pub(super) struct Acc<V: Sum> {
    pub(super) hi: V,
    pub(super) lo: V,
}

impl<V: Sum> Acc<V> {
    #[inline(always)]
    pub(super) fn new() -> Self {
        Acc {
            hi: V::zero(),
            lo: V::zero(),
        }
    }

    #[inline(always)]
    pub(super) fn add(&mut self, x: V) {
        let s = self.hi.plus(x);
        let bb = s.minus(self.hi);
        let e = self.hi.minus(s.minus(bb)).plus(x.minus(bb));
        self.hi = s;
        self.lo = self.lo.plus(e);
    }

    /// The lanes as one double-double, always in lane order.
    #[inline(always)]
    pub(super) fn total(self) -> DD {
        let (h, l) = (self.hi.to_array(), self.lo.to_array());
        let mut acc = DD::ZERO;
        for i in 0..8 {
            acc = acc.add_dd(DD { hi: h[i], lo: l[i] });
        }
        acc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::exact::two_sum;
    use crate::engine::lanes::{Lanes, Scalar8};

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
}
