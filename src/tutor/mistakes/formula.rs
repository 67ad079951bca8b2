//! Mistakes in the formula of a log-sum measure: signs, weights, the log
//! itself, and negative values no slip explains.

use super::context::{Candidate, Ctx, one, sig};
use crate::quantity::Measure;

pub(super) fn sign_flipped(c: &Ctx) -> Vec<Candidate> {
    let v = -c.right;
    let message = match c.measure() {
        Measure::Kl | Measure::ReverseKl => {
            let (na, nb) = if c.measure() == Measure::Kl {
                ("P", "Q")
            } else {
                ("Q", "P")
            };
            format!(
                "That is −{} = {}: the ratio is upside down, log({nb}(x)/{na}(x)) instead of log({na}(x)/{nb}(x)), or a minus sign slipped in. KL divergence is never negative.",
                c.d(),
                c.show(v)
            )
        }
        Measure::Entropy | Measure::CrossEntropy => format!(
            "That is minus the answer ({}): the leading minus sign is missing. Logs of probabilities are negative, so −Σ P(x) log(...) is what makes the result positive.",
            c.show(v)
        ),
        m => format!(
            "That is minus the answer ({}). The {} is never negative: check the sign of each step.",
            c.show(v),
            m.title()
        ),
    };
    one(v, message)
}

pub(super) fn weighted_by_q(c: &Ctx) -> Vec<Candidate> {
    weighted_by_second(c, Measure::Kl)
}

pub(super) fn weighted_by_p(c: &Ctx) -> Vec<Candidate> {
    weighted_by_second(c, Measure::ReverseKl)
}

/// `sum b ln(a/b)`: the log ratio of the asked divergence averaged under the
/// wrong distribution (which is always `-D(b‖a)`).
pub(super) fn weighted_by_second(c: &Ctx, measure: Measure) -> Vec<Candidate> {
    if c.measure() != measure {
        return vec![];
    }
    let Some((a, b, na, nb)) = c.args() else {
        return vec![];
    };
    let nats: f64 = a
        .iter()
        .zip(b)
        .filter(|(_, y)| **y > 0.0)
        .map(|(x, y)| y * (x / y).ln())
        .sum();
    let v = c.asked(nats);
    one(
        v,
        format!(
            "That is Σ {nb}(x) log({na}(x)/{nb}(x)) = {}: each log ratio was weighted by {nb}(x). {} is an average under {na}: weight each log({na}(x)/{nb}(x)) by {na}(x).",
            c.show(v),
            c.d()
        ),
    )
}

pub(super) fn unweighted(c: &Ctx) -> Vec<Candidate> {
    let Some((p, q)) = c.pq.as_ref() else {
        return vec![];
    };
    // Outcomes where the weight would be zero are skipped: learners know they
    // contribute nothing, and log 0 would make the slip look infinite.
    let (nats, message): (f64, fn(&Ctx, f64) -> String) = match c.measure() {
        Measure::Kl | Measure::ReverseKl => {
            let Some((a, b, _, _)) = c.args() else {
                return vec![];
            };
            let s = a
                .iter()
                .zip(b)
                .filter(|(x, _)| **x > 0.0)
                .map(|(x, y)| (x / y).ln())
                .sum();
            (s, |c, v| {
                let (_, _, na, nb) = c.args().unwrap_or((&[], &[], "P", "Q"));
                format!(
                    "That is Σ log({na}(x)/{nb}(x)) = {}, the log ratios added up without weights. {} is an expected value: multiply each log ratio by {na}(x) before adding.",
                    c.show(v),
                    c.d()
                )
            })
        }
        Measure::Entropy => {
            let s = p.iter().filter(|x| **x > 0.0).map(|x| -x.ln()).sum();
            (s, |c, v| {
                format!(
                    "That is −Σ log P(x) = {}, the surprisals added up without weights. Entropy is the average surprisal: multiply each −log P(x) by P(x).",
                    c.show(v)
                )
            })
        }
        Measure::CrossEntropy => {
            let s = p
                .iter()
                .zip(q)
                .filter(|(x, _)| **x > 0.0)
                .map(|(_, y)| -y.ln())
                .sum();
            (s, |c, v| {
                format!(
                    "That is −Σ log Q(x) = {}, without the weights. Cross-entropy averages the code lengths −log Q(x) under P: multiply each by P(x).",
                    c.show(v)
                )
            })
        }
        _ => return vec![],
    };
    let v = c.asked(nats);
    one(v, message(c, v))
}

pub(super) fn forgot_log(c: &Ctx) -> Vec<Candidate> {
    let Some((a, b, na, nb)) = c.args() else {
        return vec![];
    };
    let v: f64 = a
        .iter()
        .zip(b)
        .filter(|(x, _)| **x > 0.0)
        .map(|(x, y)| x * (x / y))
        .sum();
    one(
        v,
        format!(
            "That is Σ {na}(x)·{na}(x)/{nb}(x) = {}: the ratios were averaged without taking their log. Each term is {na}(x) log({na}(x)/{nb}(x)).",
            sig(v)
        ),
    )
}

pub(super) fn negative_value(c: &Ctx) -> Vec<Candidate> {
    if c.given.is_nan() || c.given >= 0.0 {
        return vec![];
    }
    let what = match c.measure() {
        Measure::Kl | Measure::ReverseKl => {
            "KL divergence is never negative (Gibbs' inequality): single terms can be negative, but they always sum to at least zero. Check the sign of each term and the direction of each ratio."
                .to_string()
        }
        m => format!(
            "The {} is never negative: check the sign of each step.",
            m.title()
        ),
    };
    one(c.given, what)
}

pub(super) fn none(_: &Ctx) -> Vec<Candidate> {
    vec![]
}
