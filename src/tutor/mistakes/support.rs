//! Mistakes about support: a finite answer where an outcome makes the
//! divergence infinite, and an infinite one where zero terms vanish.
//!
//! Neither mistake has a value of its own (any finite number can hide a
//! skipped infinite term), so, like `negative-value`, they match the answer
//! itself, and only when the inputs have the zero that causes them.

use super::context::{Candidate, Ctx, plain};
use super::terms::terms;
use crate::quantity::Measure;

/// The distributions whose zeros matter, in argument order, with names:
/// `(first, second)` of a divergence, `(P, Q)` of a cross-entropy.
fn sides<'a>(c: &'a Ctx) -> Option<(&'a [f64], &'a [f64], &'static str, &'static str)> {
    match c.measure() {
        Measure::Kl | Measure::ReverseKl => c.args(),
        Measure::CrossEntropy => {
            let (p, q) = c.pq.as_ref()?;
            Some((p, q, "P", "Q"))
        }
        _ => None,
    }
}

pub(super) fn finite_for_infinite(c: &Ctx) -> Vec<Candidate> {
    if !c.right.is_infinite() || !c.given.is_finite() {
        return vec![];
    }
    let Some((a, b, na, nb)) = sides(c) else {
        return vec![];
    };
    let Some(i) = (0..a.len()).find(|&i| a[i] > 0.0 && b[i] == 0.0) else {
        return vec![];
    };
    let mut out = Vec::new();
    // The learner added up the finite terms and left the infinite one out:
    // say why the total is infinite (that, not a slip in a long sum, is the
    // mistake), quoting only the inputs of the outcome.
    if let Some(t) = terms(c) {
        let finite: f64 = t.iter().filter(|v| v.is_finite()).sum();
        let term = if c.measure() == Measure::CrossEntropy {
            format!("−{na}(x) log {nb}(x)")
        } else {
            format!("{na}(x) log({na}(x)/{nb}(x))")
        };
        out.extend(at(
            i,
            c.asked(finite),
            format!(
                "That is the sum of the finite terms, leaving out outcome {}: there {nb}(x) = 0 where {na}(x) = {} > 0, so its term {term} is infinite, and an infinite term makes the whole sum infinite. The answer is infinite (write inf or ∞), whatever the other terms are.",
                i + 1,
                plain(a[i])
            ),
        ));
    }
    out.extend(at(
        i,
        c.given,
        format!(
            "Look at outcome {}: {nb}(x) = 0 where {na}(x) = {} > 0. What is log({na}(x)/{nb}(x)) when {nb}(x) is 0? A finite total means that term was skipped or capped.",
            i + 1,
            plain(a[i])
        ),
    ));
    out
}

pub(super) fn infinite_for_finite(c: &Ctx) -> Vec<Candidate> {
    if c.right.is_infinite() || c.given != f64::INFINITY {
        return vec![];
    }
    let Some((a, b, na, nb)) = sides(c) else {
        return vec![];
    };
    let Some(i) = (0..a.len()).find(|&i| a[i] == 0.0 || b[i] == 0.0) else {
        return vec![];
    };
    at(
        i,
        c.given,
        format!(
            "Outcome {} has {na}(x) = {}, {nb}(x) = {}: a term whose weight {na}(x) is 0 contributes 0 (0·log 0 = 0, the limit of t log t), and only {nb}(x) = 0 under a positive {na}(x) makes the total infinite. Here none does.",
            i + 1,
            plain(a[i]),
            plain(b[i])
        ),
    )
}

fn at(outcome: usize, value: f64, message: String) -> Vec<Candidate> {
    vec![Candidate {
        value,
        message,
        outcome: Some(outcome),
    }]
}
