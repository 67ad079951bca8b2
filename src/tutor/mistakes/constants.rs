//! Mistakes of constants in JS, total variation and Hellinger: forgotten
//! halves and roots, and KL averaged for JS.

use super::context::{Candidate, Ctx, one, sig};
use crate::engine::{self, Norm};
use crate::quantity::Measure;

pub(super) fn forgot_half(c: &Ctx) -> Vec<Candidate> {
    if c.measure() != Measure::Js {
        return vec![];
    }
    let v = 2.0 * c.right;
    one(
        v,
        format!(
            "That is D(P‖M) + D(Q‖M) = {}, without the halves. JS averages the two divergences from the mixture M = (P+Q)/2: JS = ½D(P‖M) + ½D(Q‖M).",
            c.show(v)
        ),
    )
}

pub(super) fn symmetrized_kl(c: &Ctx) -> Vec<Candidate> {
    if c.measure() != Measure::Js {
        return vec![];
    }
    let Some((p, q)) = c.pq.as_ref() else {
        return vec![];
    };
    let (Ok(f), Ok(r)) = (
        engine::kl(p, q, Norm::Normalize),
        engine::kl(q, p, Norm::Normalize),
    ) else {
        return vec![];
    };
    let v = c.asked(0.5 * (f + r));
    one(
        v,
        format!(
            "That is ½D(P‖Q) + ½D(Q‖P) = {}, KL averaged over both directions. JS compares P and Q each with their mixture M = (P+Q)/2, not with each other, which keeps it finite and at most 1 bit.",
            c.show(v)
        ),
    )
}

/// JS from one side only: ½D(P‖M) or ½D(Q‖M) (one term of the average
/// left out), or D(P‖M) or D(Q‖M) alone (JS taken for the divergence from
/// the mixture).
pub(super) fn js_one_side(c: &Ctx) -> Vec<Candidate> {
    if c.measure() != Measure::Js {
        return vec![];
    }
    let Some((p, q)) = c.pq.as_ref() else {
        return vec![];
    };
    let m: Vec<f64> = p.iter().zip(q).map(|(a, b)| 0.5 * (a + b)).collect();
    let mut out = Vec::new();
    for (name, d) in [("P", p), ("Q", q)] {
        let Ok(nats) = engine::kl(d, &m, Norm::Normalize) else {
            continue;
        };
        let (whole, half) = (c.asked(nats), c.asked(0.5 * nats));
        out.push(Candidate {
            value: half,
            message: format!(
                "That is ½D({name}‖M) = {}, one half of JS only. JS averages both sides: ½D(P‖M) + ½D(Q‖M), with M = (P+Q)/2.",
                c.show(half)
            ),
            outcome: None,
        });
        out.push(Candidate {
            value: whole,
            message: format!(
                "That is D({name}‖M) = {}, the divergence of {name} from the mixture M = (P+Q)/2 alone. JS averages both: ½D(P‖M) + ½D(Q‖M).",
                c.show(whole)
            ),
            outcome: None,
        });
    }
    out
}

pub(super) fn tv_without_half(c: &Ctx) -> Vec<Candidate> {
    if c.measure() != Measure::Tv {
        return vec![];
    }
    let v = 2.0 * c.right;
    one(
        v,
        format!(
            "That is Σ |P(x) − Q(x)| = {}, without the ½. Total variation is half the L1 distance: each bit of probability that moves is counted twice in the sum, once where it leaves and once where it arrives.",
            sig(v)
        ),
    )
}

pub(super) fn squared_hellinger(c: &Ctx) -> Vec<Candidate> {
    if c.measure() != Measure::Hellinger {
        return vec![];
    }
    let v = c.right * c.right;
    one(
        v,
        format!(
            "That is d_H² = ½Σ(√P(x) − √Q(x))² = {}, the squared Hellinger distance: take its square root.",
            sig(v)
        ),
    )
}

pub(super) fn hellinger_without_half(c: &Ctx) -> Vec<Candidate> {
    if c.measure() != Measure::Hellinger {
        return vec![];
    }
    let v = std::f64::consts::SQRT_2 * c.right;
    one(
        v,
        format!(
            "That is √(Σ(√P(x) − √Q(x))²) = {}, without the ½ inside the root. With it, the Hellinger distance lies between 0 and 1.",
            sig(v)
        ),
    )
}
