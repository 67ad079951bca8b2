//! A term left out of a long sum.

use super::context::{Candidate, Ctx, plain};
use crate::quantity::Measure;

/// The terms of the asked sum in nats, one per outcome (0 where the weight
/// is 0, infinite where the weight is positive and the log is of 0), for the
/// measures that are a plain sum over outcomes.
pub(super) fn terms(c: &Ctx) -> Option<Vec<f64>> {
    let (p, q) = c.pq.as_ref()?;
    Some(match c.measure() {
        Measure::Kl | Measure::ReverseKl => {
            let (a, b, _, _) = c.args()?;
            a.iter()
                .zip(b)
                .map(|(x, y)| if *x > 0.0 { x * (x / y).ln() } else { 0.0 })
                .collect()
        }
        Measure::CrossEntropy => p
            .iter()
            .zip(q)
            .map(|(x, y)| if *x > 0.0 { -x * y.ln() } else { 0.0 })
            .collect(),
        Measure::Entropy => p
            .iter()
            .map(|x| if *x > 0.0 { -x * x.ln() } else { 0.0 })
            .collect(),
        _ => return None,
    })
}

/// One candidate per outcome: the sum with that outcome's term left out.
/// An infinite term is not a slip in a long sum but the support mistake
/// (`finite-for-infinite`, which recognises the finite rest), so it gets no
/// candidate here.
pub(super) fn dropped_term(c: &Ctx) -> Vec<Candidate> {
    let Some((p, q)) = c.pq.as_ref() else {
        return vec![];
    };
    let Some(terms) = terms(c) else {
        return vec![];
    };
    if p.len() < 2 {
        return vec![];
    }
    let formula = match c.measure() {
        Measure::Kl => "P(x) log(P(x)/Q(x))",
        Measure::ReverseKl => "Q(x) log(Q(x)/P(x))",
        Measure::CrossEntropy => "−P(x) log Q(x)",
        _ => "−P(x) log P(x)",
    };
    (0..terms.len())
        .filter(|&i| terms[i] != 0.0 && terms[i].is_finite())
        .map(|i| {
            let rest: f64 = (0..terms.len())
                .filter(|&j| j != i)
                .map(|j| terms[j])
                .sum();
            let v = c.asked(rest);
            let sign = if terms[i] < 0.0 {
                " Negative terms count too: leaving one out makes the total too large."
            } else {
                ""
            };
            Candidate {
                value: v,
                outcome: Some(i),
                message: format!(
                    "That is the sum without outcome {} ({}), whose term {formula} is {}. Every outcome with a nonzero weight contributes.{sign}",
                    i + 1,
                    if c.measure() == Measure::Entropy {
                        format!("P = {}", plain(p[i]))
                    } else {
                        format!("P = {}, Q = {}", plain(p[i]), plain(q[i]))
                    },
                    c.show(c.asked(terms[i])),
                ),
            }
        })
        .collect()
}
