//! `--normalize` at any scale: values whose largest member is far from 1
//! (around 1e-200 or 1e200, say) are multiplied by a power of two first.
//!
//! Every measure depends only on `p/sum(p)`, and multiplying by `2^k` is exact
//! for every value that stays a normal double, so the rescaled copy is the same
//! distribution. Without it, products such as `p * sum(q)` overflow or vanish
//! and the measures print 0, NaN or lose all relative accuracy.

/// Values whose largest member lies in this range are used as they are.
const SAFE: std::ops::RangeInclusive<f64> = 8.673_617_379_884_035e-19..=1.152_921_504_606_847e18; // 2^-60 ..= 2^60

/// A copy of `values` scaled by a power of two so that the largest is in
/// `[1, 2)`, or `None` when no rescaling is needed (or possible: a value that
/// is not finite or negative is left for validation to name).
///
/// A positive value that the scaling would flush to zero becomes the smallest
/// subnormal instead: its share is below 1e-300 either way, but whether an
/// outcome has probability zero is kept (it decides whether KL is infinite).
pub fn rescaled(values: &[f64]) -> Option<Vec<f64>> {
    let mut max = 0.0f64;
    for &v in values {
        if !v.is_finite() || v < 0.0 {
            return None;
        }
        max = max.max(v);
    }
    if max == 0.0 || SAFE.contains(&max) {
        return None;
    }
    let k = -max.log2().floor() as i32;
    // 2^k may itself overflow a double (|k| up to 1074): apply it in two halves.
    let (a, b) = (2f64.powi(k / 2), 2f64.powi(k - k / 2));
    Some(
        values
            .iter()
            .map(|&v| match v * a * b {
                0.0 if v > 0.0 => f64::from_bits(1),
                x => x,
            })
            .collect(),
    )
}

/// [`rescaled`] for a pair: `None` when neither needs it.
pub fn rescaled_pair(p: &[f64], q: &[f64]) -> Option<(Vec<f64>, Vec<f64>)> {
    match (rescaled(p), rescaled(q)) {
        (None, None) => None,
        (a, b) => Some((
            a.unwrap_or_else(|| p.to_vec()),
            b.unwrap_or_else(|| q.to_vec()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaling_is_exact_and_keeps_zeros_and_support() {
        let v = [3e-300, 1e-300, 0.0, 1e-320];
        let s = rescaled(&v).unwrap();
        assert!((1.0..2.0).contains(&s[0]));
        assert_eq!(s[0] / s[1], 3e-300 / 1e-300);
        assert_eq!(s[2], 0.0);
        assert!(s[3] > 0.0);
        let big = [1e300, 2e300];
        let s = rescaled(&big).unwrap();
        assert!((1.0..2.0).contains(&s[1]));
        assert_eq!(s[1] / s[0], 2.0);
        assert!(rescaled(&[0.5, 0.5]).is_none());
        assert!(rescaled(&[1e300, f64::NAN]).is_none());
        assert!(rescaled(&[f64::MAX; 4]).is_some());
    }
}
