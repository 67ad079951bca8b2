//! The lane kernels of the fused pass: `q phi(p/q)` and `-p ln p` from one
//! table-driven logarithm, written once against [`Lanes`].
//!
//! # The reduction
//!
//! `t = 2^e z` with `z` in `[0.73046875, 1.4609375)`, cut into 64 intervals
//! by the top bits of `z` (`lanes::log_split1`); interval `i` has a short
//! centre `c_i` (a multiple of 1/256 computed from the bits, exactly 1 for
//! the interval around 1), `1/c` rounded, and `ln c` as a pair
//! (`logtables.rs`). With `C = 2^e c` and `y` the offset from the centre
//! (`|y| <= 1/128`) every quantity needs one polynomial of degree 6,
//! `g(y) = ((1+y) ln(1+y) - y) / y^2`.
//!
//! On AVX-512 a table is four `vpermt2pd` and three masked moves; AVX2
//! gathers (and divides for `1/c`, which is the table's value to the bit);
//! the portable path indexes an array. The tables, the operations and their
//! order are the same, so the paths agree to the bit.
//!
//! # The KL term: `q phi(p/q)` with no correction of `p/q`
//!
//! `t = p/q` (rounded) only picks the centre `C`; any `C` near `p/q` gives
//! the exact identity, with `w = p - C q` and `y = w / (C q)`,
//!
//! `q phi(p/q) = p ln C - q (C - 1) + w y g(y)`.
//!
//! * `w` is one FMA (one rounding), `y` one product and one division.
//! * `C - 1` is exact (`c` is short), `q (C - 1)` is `r` plus its exact
//!   rounding error `r_err` (an FMA), and `ln C = e ln2_hi + ln_c_hi`
//!   exactly (both multiples of 2^-32) plus a low part; so `p ln_hi C - r`
//!   is one FMA, and the cancellation of its two large terms (up to a
//!   factor 250 just outside the interval around 1) happens inside it:
//!   what is rounded is of the size of the term itself.
//! * The tail `w y g(y)` is at most about the term and carries 2-3
//!   roundings; the low parts join it in one FMA chain.
//! * Around 1 (`e = 0`, `c = 1`) `ln C`, `C - 1`, `r` and `r_err` are all
//!   exactly 0 and `w = p - q` is exact (Sterbenz): the term is `w y g(y)`,
//!   a product of positive factors, which keeps its relative accuracy
//!   however close `p` is to `q`.
//!
//! So every term is non-negative and within about 3 ulps (3.0 measured
//! against mpmath over 40,000 pairs, `tests/reference/terms.json`); their
//! sum, and so the KL, keeps that relative accuracy. Far from 1 (`t < 1/2`,
//! `t > 2`) the cancellation in `p ln t - (p - q)` is at most 3.6.
//!
//! # `-p ln p`
//!
//! `p = 2^e z`, `v = z - c` (exact), `y = v/c`: `p ln p = p ln C +
//! 2^e (v + v y g(y))`.

use super::lanes::{INTERVALS, Lanes};
#[cfg(test)]
use super::logtables::C;
use super::logtables::{INV_C, LN_C_HI, LN_C_LO};

/// `g(y) = ((1+y) ln(1+y) - y) / y^2`, fit of degree 6 at Chebyshev nodes
/// on `[-0.00773, 0.00786]` (the reduction gives `|y| <= 1/128`): error
/// 1e-18 relative; 1.0 ulp evaluated by Horner's rule (`tools/gen_log_tables.py`
/// explains the tables; the fit is checked against `ln_1p` in the tests).
const G: [f64; 7] = [
    f64::from_bits(0x3FE0_0000_0000_0000), // 0.5
    f64::from_bits(0xBFC5_5555_5555_5562), // -0.16666666666666702
    f64::from_bits(0x3FB5_5555_5555_52F3), // 0.08333333333332486
    f64::from_bits(0xBFA9_9999_9937_15B4), // -0.049999999955200464
    f64::from_bits(0x3FA1_1111_14E1_2201), // 0.033333333777196834
    f64::from_bits(0xBF98_61E9_1E02_5C2E), // -0.02381099935209024
    f64::from_bits(0x3F92_47CB_D2B5_EBEA), // 0.017852005706554687
];

/// `LN_C_HI[i] - (1023 + i/64) LN2_HI`, exactly (a multiple of 2^-38 below
/// 2^10): with the key `k = 64 (e + 1023) + i` as a float, `k LN2_HI/64 +
/// LN_HI_K[i]` is `e LN2_HI + LN_C_HI[i]` exactly, and the kernel needs no
/// separate `e`.
const LN_HI_K: [f64; INTERVALS] = keyed(&LN_C_HI, LN2_HI);
/// `LN_C_LO[i] - (1023 + i/64) LN2_LO_K`, rounded (an error near 2^-75,
/// far below what `ln C` needs away from `C = 1`); for the interval around 1
/// the product is exact, so `el` is exactly 0 there, as it must be: the
/// terms of nearly equal `p` and `q` are as small as one likes.
const LN_LO_K: [f64; INTERVALS] = keyed(&LN_C_LO, LN2_LO_K);
/// `LN2_LO` rounded to 36 significant bits, so that `k LN2_LO_K / 64` is
/// exact for every key `k < 2^17`; what is dropped, below 2^-68, costs
/// `ln C` at most 2^-58 at `e = 1000`, where `ln C` is near 693.
const LN2_LO_K: f64 = f64::from_bits((LN2_LO.to_bits() + 0x1_0000) & !0x1_FFFF);

const fn keyed(table: &[f64; INTERVALS], ln2: f64) -> [f64; INTERVALS] {
    let mut out = [0.0; INTERVALS];
    let mut i = 0;
    while i < INTERVALS {
        out[i] = table[i] - (1023.0 + i as f64 / INTERVALS as f64) * ln2;
        i += 1;
    }
    out
}

/// ln 2 split so that `e * LN2_HI` is exact for `|e| < 2^11` (fdlibm's
/// constants; `LN2_HI` is a multiple of 2^-32).
const LN2_HI: f64 = f64::from_bits(0x3FE6_2E42_FEE0_0000);
const LN2_LO: f64 = f64::from_bits(0x3DEA_39EF_3579_3C76);

/// Values and ratios outside `[2^-1000, 2^1000]` go to the scalar code.
pub(crate) const LO: f64 = 9.332_636_185_032_189e-302; // 2^-1000
pub(crate) const HI: f64 = 1.071_508_607_186_267_3e301; // 2^1000

/// `g(y)` by Horner's rule.
#[inline(always)]
fn g_poly<V: Lanes>(y: V) -> V {
    let c = |i: usize| V::splat(G[i]);
    let mut acc = c(G.len() - 1);
    for i in (0..G.len() - 1).rev() {
        acc = acc.fma(y, c(i));
    }
    acc
}

/// `q phi(p/q)` in every lane, `p - q`, and the lanes where the value holds
/// (`p/q` and `q` within `2^+-1000`); the others must be recomputed by the
/// scalar code.
#[inline(always)]
pub(crate) fn kl_lanes<V: Lanes>(p: V, q: V) -> (V, V, V::Mask) {
    let t = p.div(q);
    let d = p.sub(q);
    // Only the centre is taken from t: any C near p/q will do.
    let (cc, k, key) = t.centre();
    let ln_hi = V::lookup(key, &LN_HI_K);
    let ln_lo = V::lookup(key, &LN_LO_K);
    let cm1 = cc.sub(V::splat(1.0));
    let w = cc.nfma(q, p);
    let y = w.div(cc.mul(q));
    let eh = k.fma(V::splat(LN2_HI / INTERVALS as f64), ln_hi);
    let el = k.fma(V::splat(LN2_LO_K / INTERVALS as f64), ln_lo);
    let r = q.mul(cm1);
    let r_err = q.fms(cm1, r);
    let main = p.fms(eh, r);
    let lo = w.mul(y).fma(g_poly(y), p.fms(el, r_err));
    let term = main.add(lo);
    // NaN anywhere makes t NaN, and min/max then return t: the test fails.
    let ok = V::and(q.min(t).ge(V::splat(LO)), q.max(t).le(V::splat(HI)));
    (term, d, ok)
}

/// `-p ln p` in every lane, and where that value holds (`p` within `2^+-1000`).
#[inline(always)]
pub(crate) fn neg_plnp_lanes<V: Lanes>(p: V) -> (V, V::Mask) {
    let (z, c, e, pow2, key) = p.log_split();
    let inv_c = V::inv_centre(key, c, &INV_C);
    let ln_hi = V::lookup(key, &LN_C_HI);
    let ln_lo = V::lookup(key, &LN_C_LO);
    let v = z.sub(c);
    let y = v.mul(inv_c);
    // p ln(1 + y) = 2^e (v + v y g(y)); around 1 this is all there is.
    let w = pow2.mul(v.fma(y.mul(g_poly(y)), v));
    let eh = e.fma(V::splat(LN2_HI), ln_hi);
    let el = e.fma(V::splat(LN2_LO), ln_lo);
    let plnp = p.fma(el, p.fma(eh, w));
    let ok = V::and(p.ge(V::splat(LO)), p.le(V::splat(HI)));
    (V::splat(0.0).sub(plnp), ok)
}

/// The scalar form of the reduction, for tests: `ln t` from the tables.
#[cfg(test)]
pub(crate) fn ln_scalar(t: f64) -> f64 {
    let (z, c, e, _, key) = super::lanes::log_split1(t);
    let i = key as usize % INTERVALS;
    assert_eq!(c, C[i], "the centre from the bits is the table's");
    let v = z - c;
    let y = v * INV_C[i];
    let g = G.iter().rev().fold(0.0, |acc, &c| acc * y + c);
    // ln(1+y) = (y + y^2 g) / (1 + y)
    e * LN2_HI + LN_C_HI[i] + (e * LN2_LO + LN_C_LO[i] + (y + y * y * g) / (1.0 + y))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::lanes::Scalar8;

    #[test]
    fn the_tables_reduce_every_binade_around_their_centres() {
        for i in 0..INTERVALS {
            assert_eq!(C[i] * 256.0, (C[i] * 256.0).round(), "c is short");
            // A path may divide instead of looking up.
            assert_eq!(INV_C[i].to_bits(), (1.0 / C[i]).to_bits());
            let ln = C[i].ln();
            assert!((LN_C_HI[i] + LN_C_LO[i] - ln).abs() <= 1e-16 * ln.abs().max(1e-300));
            assert_eq!(
                LN_C_HI[i] * 2f64.powi(32),
                (LN_C_HI[i] * 2f64.powi(32)).round()
            );
        }
        for &t in &[
            1e-300, 0.1, 0.5, 0.734375, 0.99, 1.0, 1.01, 1.5, 2.0, 3.7, 1e10, 1e300,
        ] {
            let got = ln_scalar(t);
            assert!(
                (got - t.ln()).abs() <= 4e-16 * t.ln().abs().max(1e-16),
                "{t}: {got} vs {}",
                t.ln()
            );
        }
    }

    #[test]
    fn kl_lanes_is_zero_for_equal_inputs_and_positive_elsewhere() {
        let p = Scalar8([0.1, 0.2, 0.3, 1e-9, 0.5, 0.25, 1.0, 0.7]);
        let q = Scalar8([0.1, 0.3, 0.2, 1e-9, 0.5000000001, 0.75, 1e-3, 0.7]);
        let (term, _, ok) = kl_lanes(p, q);
        assert!(Scalar8::all(ok));
        // q phi(p/q) of these doubles by mpmath at 200 bits (20 digits kept).
        #[allow(clippy::excessive_precision)]
        let wants = [
            0.0,
            0.018906978378367115402,
            0.021639532432449304541,
            0.0,
            1.0000001653474154777e-20,
            0.22534692783297257715,
            5.9087552789821370313,
            0.0,
        ];
        for (i, &want) in wants.iter().enumerate() {
            let (a, b) = (p.0[i], q.0[i]);
            if a == b {
                assert_eq!(term.0[i], 0.0);
            } else {
                let err = (term.0[i] - want).abs() / want;
                assert!(err <= 1e-15, "{i}: {} vs {want}", term.0[i]);
            }
        }
    }

    /// Every term of `tests/reference/terms.json` (mpmath at 200 bits: ratios
    /// near 1, both sides of every interval boundary in several binades,
    /// ratios up to 2^+-980) within 3.5 ulps.
    #[test]
    fn kl_terms_hold_their_accuracy_against_mpmath() {
        let cases: Vec<serde_json::Value> =
            serde_json::from_str(include_str!("../../tests/reference/terms.json")).unwrap();
        let hex = |v: &serde_json::Value| {
            f64::from_bits(u64::from_str_radix(v.as_str().unwrap(), 16).unwrap())
        };
        let mut worst = 0.0f64;
        let mut taken = 0;
        for ch in cases.chunks(8) {
            let (mut p8, mut q8) = ([1.0; 8], [1.0; 8]);
            for (i, c) in ch.iter().enumerate() {
                (p8[i], q8[i]) = (hex(&c["p"]), hex(&c["q"]));
            }
            let (term, _, ok) = kl_lanes(Scalar8(p8), Scalar8(q8));
            for (i, c) in ch.iter().enumerate() {
                let want: f64 = c["term"].as_str().unwrap().parse().unwrap();
                if !ok[i] {
                    continue;
                }
                taken += 1;
                let err = if want == 0.0 {
                    term.0[i].abs()
                } else {
                    ((term.0[i] - want) / want).abs()
                };
                assert!(
                    err <= 3.5 * f64::EPSILON / 2.0,
                    "p {} q {}: {} vs {want} ({err:e})",
                    p8[i],
                    q8[i],
                    term.0[i]
                );
                worst = worst.max(err);
            }
        }
        assert!(
            taken > cases.len() * 9 / 10,
            "the kernel took {taken} of {}",
            cases.len()
        );
        eprintln!("worst term error {:.2} ulp", worst / (f64::EPSILON / 2.0));
    }

    #[test]
    fn the_centre_and_the_keyed_tables_are_exact() {
        for &t in &[
            1e-300, 3e-5, 0.4, 0.73046875, 0.99, 1.0, 1.003, 1.2, 1.46, 2.9, 1e7, 1e300,
        ] {
            let (_, c, e, pow2, key) = crate::engine::lanes::log_split1(t);
            let (cc, k, key2) = crate::engine::lanes::centre1(t);
            assert_eq!(cc, pow2 * c, "{t}");
            assert_eq!((key, k), (key2, key as f64));
            let i = key as usize % INTERVALS;
            // e ln2 + ln c without a separate e, exactly.
            let eh = k.mul_add(LN2_HI / INTERVALS as f64, LN_HI_K[i]);
            assert_eq!(eh, e.mul_add(LN2_HI, LN_C_HI[i]), "{t}");
            let el = k.mul_add(LN2_LO_K / INTERVALS as f64, LN_LO_K[i]);
            // LN2_LO_K drops below 2^-68 per unit of e; LN_LO_K is rounded
            // near 2^-75.
            let drop = 2f64.powi(-68) * e.abs() + 2f64.powi(-74);
            assert!((el - e.mul_add(LN2_LO, LN_C_LO[i])).abs() <= drop, "{t}");
            if t == 1.0 || t == 1.003 {
                assert_eq!((cc, eh, el), (1.0, 0.0, 0.0), "the interval around 1");
            }
        }
    }
}
#[cfg(test)]
mod probe {
    use super::*;
    use crate::engine::lanes::Scalar8;
    #[test]
    #[ignore]
    fn probe() {
        let p = Scalar8([0.5, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]);
        let q = Scalar8([0.9, 0.1, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]);
        let (t, _, _) = kl_lanes(p, q);
        eprintln!("{:e} {:e} sum {:e}", t.0[0], t.0[1], t.0[0] + t.0[1]);
    }
}
