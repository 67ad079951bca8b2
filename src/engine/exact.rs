//! Error-free transformations and double-double accumulation.
//!
//! The divergence of two nearly equal distributions is a tiny number made of
//! differences like `p*sum(q) - q*sum(p)`; computed naively, rounding noise is
//! larger than the answer. These helpers keep the rounding error of sums and
//! products so that such differences come out correct to the last digit.

/// `a + b` as an unevaluated pair `(s, e)` with `s + e == a + b` exactly (Knuth's TwoSum).
#[inline(always)]
pub fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    let e = (a - (s - bb)) + (b - bb);
    (s, e)
}

/// `a * b` as `(p, e)` with `p + e == a * b` exactly (Dekker's product, no FMA needed).
#[inline(always)]
pub fn two_prod(a: f64, b: f64) -> (f64, f64) {
    let p = a * b;
    let (ah, al) = split(a);
    let (bh, bl) = split(b);
    let e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
    (p, e)
}

#[inline(always)]
fn split(a: f64) -> (f64, f64) {
    // 2^27 + 1: splits a 53-bit significand into two 26-bit halves.
    const SPLITTER: f64 = 134_217_729.0;
    let c = SPLITTER * a;
    let hi = c - (c - a);
    (hi, a - hi)
}

/// A double-double number `hi + lo`, about 32 significant digits.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DD {
    pub hi: f64,
    pub lo: f64,
}

// `add` takes an f64 and keeps the error, unlike `ops::Add`: a different operation.
#[allow(clippy::should_implement_trait)]
impl DD {
    pub const ZERO: DD = DD { hi: 0.0, lo: 0.0 };

    pub fn new(x: f64) -> DD {
        DD { hi: x, lo: 0.0 }
    }

    /// Adds a double, keeping the rounding error.
    // Not `std::ops::Add`: `DD + f64` in an expression would hide that this is
    // the compensated sum, which every call site relies on.
    #[allow(clippy::should_implement_trait)]
    #[inline(always)]
    pub fn add(self, x: f64) -> DD {
        let (s, e) = two_sum(self.hi, x);
        let lo = self.lo + e;
        let (hi, lo) = two_sum(s, lo);
        DD { hi, lo }
    }

    /// Adds another double-double.
    #[inline(always)]
    pub fn add_dd(self, o: DD) -> DD {
        let (s, e) = two_sum(self.hi, o.hi);
        let lo = e + self.lo + o.lo;
        let (hi, lo) = two_sum(s, lo);
        DD { hi, lo }
    }

    pub fn value(self) -> f64 {
        self.hi + self.lo
    }
}

/// The sum of `xs` to double-double accuracy.
pub fn sum_dd(xs: &[f64]) -> DD {
    xs.iter().fold(DD::ZERO, |acc, &x| acc.add(x))
}

/// `a*B - b*A` for doubles `a`, `b` and double-doubles `A`, `B`, with a
/// relative error of a few units in the last place even when the two products
/// agree in all but their last digits.
#[inline(always)]
pub fn cross_diff(a: f64, big_b: DD, b: f64, big_a: DD) -> f64 {
    let (x, xe) = two_prod(a, big_b.hi);
    let (y, ye) = two_prod(b, big_a.hi);
    (x - y) + ((xe - ye) + (a * big_b.lo - b * big_a.lo))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_prod_is_exact() {
        let a = 0.1;
        let b = 0.7;
        let (p, e) = two_prod(a, b);
        // 0.1 * 0.7 in binary leaves a rounding error that the pair keeps.
        assert_ne!(e, 0.0);
        assert_eq!(p, a * b);
        assert_eq!(a.mul_add(b, -p), e);
    }

    #[test]
    fn sum_dd_keeps_small_terms() {
        let xs = [1.0, 1e-20, -1.0];
        assert_eq!(sum_dd(&xs).value(), 1e-20);
    }

    #[test]
    fn cross_diff_recovers_tiny_difference() {
        // a*1 - b*1 with a, b adjacent doubles: exactly one ulp.
        let a = 1.0 + f64::EPSILON;
        let d = cross_diff(a, DD::new(1.0), 1.0, DD::new(1.0));
        assert_eq!(d, f64::EPSILON);
    }
}
