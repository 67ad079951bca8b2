//! A term left out of a long sum.

use super::context::{Candidate, Ctx, plain};
use crate::quantity::Measure;

/// One candidate per outcome: the sum with that outcome's term left out.
pub(super) fn dropped_term(c: &Ctx) -> Vec<Candidate> {
    let Some((p, q)) = c.pq.as_ref() else {
        return vec![];
    };
    if p.len() < 2 {
        return vec![];
    }
    let terms: Vec<f64> = match c.measure() {
        Measure::Kl | Measure::ReverseKl => {
            let Some((a, b, _, _)) = c.args() else {
                return vec![];
            };
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
        _ => return vec![],
    };
    let formula = match c.measure() {
        Measure::Kl => "P(x) log(P(x)/Q(x))",
        Measure::ReverseKl => "Q(x) log(Q(x)/P(x))",
        Measure::CrossEntropy => "−P(x) log Q(x)",
        _ => "−P(x) log P(x)",
    };
    (0..terms.len())
        .filter(|&i| terms[i] != 0.0)
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
