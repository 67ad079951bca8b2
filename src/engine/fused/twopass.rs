//! The lane kernel of the two-pass form, the rare fallback when the fused
//! identity would cancel: `q' phi(p'/q')` on the normalised values, with the
//! ratio and the logarithm carried to about 32 digits (slower than the table
//! kernel of `tablelog.rs`, which the fused pass uses).

use crate::engine::exact::DD;
use crate::engine::kernel::ATANH_TAIL;
use crate::engine::lanes::Lanes;
use crate::engine::tablelog::{HI, LO};

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
pub(super) fn kl_normalised_lanes<V: Lanes>(p: V, q: V, sp: DD, sq: DD, inv_sq: V) -> (V, V::Mask) {
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
pub(super) fn normalised_lane_ok(p: f64, q: f64, sp: DD, sq: DD, inv_sq: f64) -> bool {
    let x = p * sq.hi;
    let y = q * sp.hi;
    let inv = 1.0 / y;
    let inv = (-inv).mul_add(y, 1.0).mul_add(inv, inv);
    let t0 = x * inv;
    let w = q * inv_sq;
    let w = (-w).mul_add(sq.hi, q).mul_add(inv_sq, w);
    (LO..=HI).contains(&t0) && (LO..=HI).contains(&y) && w >= LO
}
