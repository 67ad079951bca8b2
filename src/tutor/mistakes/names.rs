//! Mistakes of computing a different, named quantity: swapped arguments,
//! cross-entropy or entropy for KL, and the reverse.

use super::context::{Candidate, Ctx, one};
use crate::engine::{self, Norm};
use crate::quantity::Measure;

pub(super) fn swapped_arguments(c: &Ctx) -> Vec<Candidate> {
    let Some(v) = c.swapped() else { return vec![] };
    let message = match c.measure() {
        Measure::Kl => format!(
            "That is D(Q‖P) = {}, the divergence with the arguments swapped. KL is not symmetric: the expectation is taken under the first argument, P, so each term is P(x) log(P(x)/Q(x)).",
            c.show(v)
        ),
        Measure::ReverseKl => format!(
            "That is D(P‖Q) = {}, the forward divergence. You were asked for D(Q‖P): the expectation is under Q, so each term is Q(x) log(Q(x)/P(x)).",
            c.show(v)
        ),
        Measure::Chi2 => format!(
            "That is χ²(Q‖P) = {}, the arguments swapped. Pearson's χ²(P‖Q) = Σ (P(x) − Q(x))²/Q(x) divides by the second argument, Q, so it is not symmetric.",
            c.show(v)
        ),
        Measure::Renyi(_) => format!(
            "That is D_α(Q‖P) = {}, the divergence with the arguments swapped. In D_α(P‖Q) = 1/(α − 1) · ln Σ P(x)^α Q(x)^(1−α) the power α goes on P, the first argument.",
            c.show(v)
        ),
        _ => format!(
            "That is H(Q,P) = {}, the cross-entropy with the arguments swapped. H(P,Q) = −Σ P(x) log Q(x): the outcomes are drawn from P and coded with Q's code lengths.",
            c.show(v)
        ),
    };
    one(v, message)
}

pub(super) fn cross_entropy_for_kl(c: &Ctx) -> Vec<Candidate> {
    let Some((a, b, na, nb)) = c.args() else {
        return vec![];
    };
    let Ok(nats) = engine::cross_entropy(a, b, Norm::Normalize) else {
        return vec![];
    };
    let v = c.asked(nats);
    one(
        v,
        format!(
            "That is the cross-entropy H({na},{nb}) = {}, not the divergence. {} = H({na},{nb}) − H({na}): subtract the entropy of {na}, or compute Σ {na}(x) log({na}(x)/{nb}(x)) directly.",
            c.show(v),
            c.d()
        ),
    )
}

pub(super) fn entropy_for_kl(c: &Ctx) -> Vec<Candidate> {
    let Some((a, _, na, nb)) = c.args() else {
        return vec![];
    };
    let Ok(nats) = engine::entropy(a, Norm::Normalize) else {
        return vec![];
    };
    let v = c.asked(nats);
    one(
        v,
        format!(
            "That is the entropy H({na}) = {}, which does not involve {nb} at all. The divergence compares the two: {} = H({na},{nb}) − H({na}) = Σ {na}(x) log({na}(x)/{nb}(x)).",
            c.show(v),
            c.d()
        ),
    )
}

pub(super) fn kl_for_cross_entropy(c: &Ctx) -> Vec<Candidate> {
    if c.measure() != Measure::CrossEntropy {
        return vec![];
    }
    let Some(v) = c.other(Measure::Kl) else {
        return vec![];
    };
    one(
        v,
        format!(
            "That is the divergence D(P‖Q) = {}, not the cross-entropy. H(P,Q) = H(P) + D(P‖Q): add the entropy of P, or compute −Σ P(x) log Q(x) directly.",
            c.show(v)
        ),
    )
}

pub(super) fn entropy_for_cross_entropy(c: &Ctx) -> Vec<Candidate> {
    if c.measure() != Measure::CrossEntropy {
        return vec![];
    }
    let Some(v) = c.other(Measure::Entropy) else {
        return vec![];
    };
    one(
        v,
        format!(
            "That is the entropy H(P) = {}: the log was taken of P(x) instead of Q(x). Cross-entropy codes P's outcomes with Q's code lengths: −Σ P(x) log Q(x).",
            c.show(v)
        ),
    )
}
