//! The lane kernels of the fused pass: `q phi(p/q)` and `-p ln p` from one
//! table-driven logarithm, written once against [`Lanes`].
//!
//! # The reduction
//!
//! `t = 2^e z` with `z` in `[0.734375, 1.46875)`, cut into 16 intervals by
//! the top bits of `z` (`lanes::log_split1`); interval `i` has a short centre
//! `c_i` (a multiple of 1/64 computed from the bits, so `z - c` and
//! `2^e c - 1` are exact), `1/c` rounded, and `ln c` as a pair (two tables). With `v = z - c` (exact) and `y = v/c`
//! (`|y| < 0.032`) every quantity needs one polynomial,
//! `g(y) = ((1+y) ln(1+y) - y) / y^2` of degree 8, because
//!
//! `phi(t) = t ln C - (C - 1) + 2^e v y g(y)` with `C = 2^e c`, and
//! `t ln t = t ln C + 2^e (v + v y g(y))`.
//!
//! On AVX-512 each of the 3 tables is one `vpermt2pd` (16 entries in two
//! registers); AVX2 permutes in registers (and divides for `1/c`, which is
//! the table's value to the bit); the portable path indexes an array. The tables, the
//! operations and their order are the same, so the paths agree to the bit.
//!
//! # Why `phi` holds about 3 ulps with no pair arithmetic
//!
//! * Around 1 (`e = 0`, interval `[1 - 1/64, 1 + 1/32)`, `c = 1`) the kernel
//!   uses `x = (p - q)/q` instead of `t - 1`: `p - q` is exact there
//!   (Sterbenz), and `phi = x^2 g(x)` is a product of positive factors, so
//!   it keeps its relative accuracy however close `p` is to `q` (rounding
//!   `x` costs 2 x 1/2 ulp, the residual `p - q - x q` taken back below).
//! * Elsewhere `t ln C - (C - 1)` is one fused multiply-add: `ln C =
//!   e ln2_hi + ln_c_hi` exactly (both multiples of 2^-32) plus a low part,
//!   and `C - 1` is exact, so the cancellation of its two large terms (up
//!   to a factor 64 just outside the interval around 1) happens inside the
//!   FMA; what is rounded is of the size of `phi` itself. The tail
//!   `2^e v y g(y)` is at most about `phi` and carries 2-3 roundings.
//! * `t = p * (1/q)` is not exact; the exact residual `rho = p - t q` (one
//!   FMA) corrects it to first order, `q phi(p/q) = q phi(t) + rho ln t`,
//!   with `ln t ~ ln C + y - y^2/2`. The second-order term is below
//!   `(2^-52 / |t - 1|)^2` relative, and `|t - 1| > 1/64` here.
//!
//! So every term is non-negative and within a few ulps; their sum, and so
//! the KL, keeps that relative accuracy. Far from 1 (`t < 1/2`, `t > 2`)
//! the cancellation in `t ln t - (t - 1)` is at most 3.6, within the FMA.

use super::lanes::{KEY_ONE, Lanes};

/// `g(y) = ((1+y) ln(1+y) - y) / y^2`, Chebyshev fit of degree 8 on
/// `[-0.0295, 0.0313]` (error 1.6e-18 relative; 1.1e-16 evaluated by Horner's rule).
const G: [f64; 9] = [
    f64::from_bits(0x3FE0_0000_0000_0000), // 0.5
    f64::from_bits(0xBFC5_5555_5555_554D), // -0.16666666666666644
    f64::from_bits(0x3FB5_5555_5555_57D5), // 0.08333333333334221
    f64::from_bits(0xBFA9_9999_99A0_AD16), // -0.050000000003217845
    f64::from_bits(0x3FA1_1111_1094_EF49), // 0.033333333276884654
    f64::from_bits(0xBF98_6185_3E8D_6C42), // -0.023809511130235224
    f64::from_bits(0x3F92_492B_ED77_B1A3), // 0.017857252472752837
    f64::from_bits(0xBF8C_7B83_55AD_87BA), // -0.013907457401447821
    f64::from_bits(0x3F86_A248_6548_E22B), // 0.01105171736809137
];
/// `c`: the middle of each interval (a multiple of 1/64), as `log_split1`
/// computes it from the bits; kept here to check that and to build the tables.
#[cfg(test)]
const C: [f64; 16] = [
    f64::from_bits(0x3FE8_0000_0000_0000), // 0.75
    f64::from_bits(0x3FE9_0000_0000_0000), // 0.78125
    f64::from_bits(0x3FEA_0000_0000_0000), // 0.8125
    f64::from_bits(0x3FEB_0000_0000_0000), // 0.84375
    f64::from_bits(0x3FEC_0000_0000_0000), // 0.875
    f64::from_bits(0x3FED_0000_0000_0000), // 0.90625
    f64::from_bits(0x3FEE_0000_0000_0000), // 0.9375
    f64::from_bits(0x3FEF_0000_0000_0000), // 0.96875
    f64::from_bits(0x3FF0_0000_0000_0000), // 1.0
    f64::from_bits(0x3FF1_0000_0000_0000), // 1.0625
    f64::from_bits(0x3FF2_0000_0000_0000), // 1.125
    f64::from_bits(0x3FF3_0000_0000_0000), // 1.1875
    f64::from_bits(0x3FF4_0000_0000_0000), // 1.25
    f64::from_bits(0x3FF5_0000_0000_0000), // 1.3125
    f64::from_bits(0x3FF6_0000_0000_0000), // 1.375
    f64::from_bits(0x3FF7_0000_0000_0000), // 1.4375
];
/// `1/c`, rounded.
const INV_C: [f64; 16] = [
    f64::from_bits(0x3FF5_5555_5555_5555), // 1.3333333333333333
    f64::from_bits(0x3FF4_7AE1_47AE_147B), // 1.28
    f64::from_bits(0x3FF3_B13B_13B1_3B14), // 1.2307692307692308
    f64::from_bits(0x3FF2_F684_BDA1_2F68), // 1.1851851851851851
    f64::from_bits(0x3FF2_4924_9249_2492), // 1.1428571428571428
    f64::from_bits(0x3FF1_A7B9_611A_7B96), // 1.103448275862069
    f64::from_bits(0x3FF1_1111_1111_1111), // 1.0666666666666667
    f64::from_bits(0x3FF0_8421_0842_1084), // 1.032258064516129
    f64::from_bits(0x3FF0_0000_0000_0000), // 1.0
    f64::from_bits(0x3FEE_1E1E_1E1E_1E1E), // 0.9411764705882353
    f64::from_bits(0x3FEC_71C7_1C71_C71C), // 0.8888888888888888
    f64::from_bits(0x3FEA_F286_BCA1_AF28), // 0.8421052631578947
    f64::from_bits(0x3FE9_9999_9999_999A), // 0.8
    f64::from_bits(0x3FE8_6186_1861_8618), // 0.7619047619047619
    f64::from_bits(0x3FE7_45D1_745D_1746), // 0.7272727272727273
    f64::from_bits(0x3FE6_42C8_590B_2164), // 0.6956521739130435
];
/// `ln c` rounded to a multiple of 2^-32, so that `e ln2_hi + ln_c_hi` is exact.
const LN_C_HI: [f64; 16] = [
    f64::from_bits(0xBFD2_6962_1140_0000), // -0.28768207249231637
    f64::from_bits(0xBFCF_991C_6C80_0000), // -0.2468600778374821
    f64::from_bits(0xBFCA_93ED_3C80_0000), // -0.20763936475850642
    f64::from_bits(0xBFC5_BF40_6B80_0000), // -0.16989903687499464
    f64::from_bits(0xBFC1_178E_8200_0000), // -0.13353139255195856
    f64::from_bits(0xBFB9_335E_5D00_0000), // -0.09844007273204625
    f64::from_bits(0xBFB0_8598_B600_0000), // -0.0645385212264955
    f64::from_bits(0xBFA0_415D_8A00_0000), // -0.03174869832582772
    f64::from_bits(0x0000_0000_0000_0000), // 0.0
    f64::from_bits(0x3FAF_0A30_C000_0000), // 0.0606246218085289
    f64::from_bits(0x3FBE_2707_6E00_0000), // 0.11778303561732173
    f64::from_bits(0x3FC5_FF30_7080_0000), // 0.17185025685466826
    f64::from_bits(0x3FCC_8FF7_C780_0000), // 0.22314355126582086
    f64::from_bits(0x3FD1_675C_ABC0_0000), // 0.27193371555767953
    f64::from_bits(0x3FD4_618B_C200_0000), // 0.3184537310153246
    f64::from_bits(0x3FD7_39D7_F6C0_0000), // 0.3629054937046021
];
/// The rest of `ln c`.
const LN_C_LO: [f64; 16] = [
    f64::from_bits(0x3DC6_48DB_0F88_2913), // 4.053543780278539e-11
    f64::from_bits(0xBDD9_D9BC_BECC_A0CE), // -9.404370311993247e-11
    f64::from_bits(0xBDB5_B3C6_DE57_D4EF), // -1.9738084340965946e-11
    f64::from_bits(0x3DD5_E127_023E_B68A), // 7.959716268154532e-11
    f64::from_bits(0xBDD3_F23D_EF19_C5A1), // -7.25640622027401e-11
    f64::from_bits(0xBDD6_5262_2B87_57A9), // -8.120627337426309e-11
    f64::from_bits(0x3DD8_717E_5DD7_0099), // 8.892433270634855e-11
    f64::from_bits(0x3DA8_BBBB_8FE8_C38A), // 1.1247416624070612e-11
    f64::from_bits(0x0000_0000_0000_0000), // 0.0
    f64::from_bits(0x3DA1_62A6_617C_C971), // 7.905942434121756e-12
    f64::from_bits(0x3DC5_7972_F4F5_4400), // 3.906172487875993e-11
    f64::from_bits(0x3DD3_C9E9_E439_F105), // 7.199096271943244e-11
    f64::from_bits(0x3DCA_9A21_AC25_D81F), // 4.838889490356316e-11
    f64::from_bits(0xBDD4_59F1_FC63_382B), // -7.403777512676557e-11
    f64::from_bits(0x3DDC_5EC2_7D0B_7B38), // 1.0321002321991519e-10
    f64::from_bits(0xBDB0_BFE5_8C76_CEB0), // -1.5233669168999384e-11
];

/// `LN_C_HI[i] - (1023 + i/16) LN2_HI`, exactly (a multiple of 2^-36 below
/// 2^10): with the key `k = 16 (e + 1023) + i` as a float, `k LN2_HI/16 +
/// LN_HI_K[i]` is `e LN2_HI + LN_C_HI[i]` exactly, and the kernel needs no
/// separate `e`.
const LN_HI_K: [f64; 16] = keyed(&LN_C_HI, LN2_HI);
/// `LN_C_LO[i] - (1023 + i/16) LN2_LO_K`, rounded (an error near 2^-75,
/// far below what `ln C` needs away from `C = 1`); for the interval around 1
/// the product is exact, so `el` is exactly 0 there, as it must be: the
/// terms of nearly equal `p` and `q` are as small as one likes.
const LN_LO_K: [f64; 16] = keyed(&LN_C_LO, LN2_LO_K);
/// `LN2_LO` rounded to 38 significant bits, so that `k LN2_LO_K / 16` is
/// exact for every key `k < 2^15`; what is dropped, below 2^-70, costs
/// `ln C` at most 2^-60 at `e = 1000`.
const LN2_LO_K: f64 = f64::from_bits((LN2_LO.to_bits() + 0x4000) & !0x7FFF);

const fn keyed(table: &[f64; 16], ln2: f64) -> [f64; 16] {
    let mut out = [0.0; 16];
    let mut i = 0;
    while i < 16 {
        out[i] = table[i] - (1023.0 + i as f64 / 16.0) * ln2;
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
    let mut acc = c(8);
    for i in (0..8).rev() {
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
    let eh = k.fma(V::splat(LN2_HI / 16.0), ln_hi);
    let el = k.fma(V::splat(LN2_LO_K / 16.0), ln_lo);
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
    let i = (key & 15) as usize;
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
        for i in 0..16 {
            assert_eq!(C[i] * 128.0, (C[i] * 128.0).round(), "c is short");
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
}

#[cfg(test)]
mod dump {
    use super::*;
    use crate::engine::lanes::Scalar8;
    #[test]
    #[ignore]
    fn dump_terms() {
        let mut s: u64 = 0x9E3779B97F4A7C15;
        let mut rnd = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut pairs = Vec::new();
        for _ in 0..40000 {
            let q = 10f64.powf(-rnd() * 20.0) * (1.0 + rnd());
            let kind = (rnd() * 8.0) as u32;
            let t = match kind {
                0 => 10f64.powf(rnd() * 20.0 - 10.0),
                1 => 1.0 + (rnd() - 0.5) * 1e-6,
                2 => 1.0 + (rnd() - 0.5) * 0.2,
                3 => {
                    let k = 47.0 + (rnd() * 48.0).floor();
                    let e = (rnd() * 8.0).floor() - 4.0;
                    (k / 64.0) * 2f64.powf(e) * (1.0 + (rnd() - 0.5) * 1e-9)
                }
                4 => {
                    let k = 94.0 + (rnd() * 2.0).floor();
                    (k / 128.0) * (1.0 + (rnd() - 0.5) * 1e-12)
                }
                5 => 0.5 + rnd() * 1.5,
                6 => 2f64.powf(rnd() * 1980.0 - 990.0),
                _ => 2f64.powf((rnd() * 40.0).floor() - 20.0) * (1.0 + (rnd() - 0.5) * 1e-3),
            };
            let q = if kind == 6 { 2f64.powf(rnd() * 600.0 - 300.0) * (1.0 + rnd()) } else { q };
            let p = q * t;
            if !(p > 0.0 && p.is_finite()) { continue; }
            pairs.push((p, q));
        }
        let mut out = String::new();
        for ch in pairs.chunks(8) {
            let mut p8 = [1.0; 8];
            let mut q8 = [1.0; 8];
            for (i, &(p, q)) in ch.iter().enumerate() {
                p8[i] = p;
                q8[i] = q;
            }
            let (term, _, ok) = kl_lanes(Scalar8(p8), Scalar8(q8));
            let bits = Scalar8::bits(ok);
            for i in 0..ch.len() {
                if bits & (1 << i) != 0 {
                    out += &format!("{:e} {:e} {:e}\n", p8[i], q8[i], term.0[i]);
                }
            }
        }
        std::fs::write("/tmp/exp/terms.txt", out).unwrap();
    }
}
