//! Worked steps for the measures that are not a plain sum of per-outcome
//! `P·log(…)` terms: JS through M, TV per outcome, Hellinger through the
//! Bhattacharyya coefficient, W1 through the cumulative differences, MI
//! through the marginals, the Gaussian closed forms term by term, χ² and Rényi.
//!
//! Every number comes from the engine (or from the same inputs the engine
//! validated); the final line is the engine's own value, so a worked solution
//! can never disagree with the answer it explains.

mod discrete;
mod gaussian;
mod joint;
#[cfg(test)]
mod tests;

pub(super) use discrete::{ln_probs, probs};

use super::text::{fmt_input, fmt_short};
use crate::engine::DistError;
use crate::quantity::{Inputs, Measure, Quantity};

/// Per-outcome lines shown at most; longer inputs get one "… more" line, so a
/// worked solution of a million outcomes stays readable and small.
pub const MAX_OUTCOME_LINES: usize = 50;

/// Significant digits of intermediate values.
const DIGITS: usize = 4;

/// One line of working: `what = how = result`.
#[derive(Debug, Clone, PartialEq)]
pub struct Work {
    /// What the line computes: `M = (P + Q)/2`, `x1: |P − Q|`, `D(P‖M)`.
    pub what: String,
    /// The computation with its numbers in (`|0.9 − 0.5|`); empty when the
    /// result follows from the lines above without a formula worth showing.
    pub how: String,
    /// The result as shown (`0.4`, `[0.7, 0.3]`, `0.1046 nats`).
    pub result: String,
    /// The result as a number (in the quantity's unit) when it is one.
    pub value: Option<f64>,
}

impl Work {
    /// The line as text.
    pub fn line(&self) -> String {
        if self.result.is_empty() {
            // A line that states rather than computes (a header, one sample).
            self.what.clone()
        } else if self.how.is_empty() {
            format!("{} = {}", self.what, self.result)
        } else {
            format!("{} = {} = {}", self.what, self.how, self.result)
        }
    }
}

fn n(v: f64) -> String {
    fmt_short(v, DIGITS)
}

/// A value close to 1 with enough digits that its logarithm keeps about
/// [`DIGITS`] significant digits (0.99997693 rather than 1); others as [`n`].
fn near_one(v: f64) -> String {
    let gap = (v - 1.0).abs();
    if gap == 0.0 || gap >= 0.01 || !v.is_finite() {
        return n(v);
    }
    let extra = (-gap.log10()).ceil() as usize;
    fmt_short(v, DIGITS + extra)
}

/// A number that may be negative, parenthesised for use after an operator.
fn paren(v: f64) -> String {
    if v < 0.0 { format!("({})", n(v)) } else { n(v) }
}

/// An input as the base of a power: `(1e-300)²`, not `1e-300²`, which reads
/// as 10 to the −300².
fn pow_base(v: f64) -> String {
    let s = fmt_input(v);
    if s.contains('e') || v < 0.0 {
        format!("({s})")
    } else {
        s
    }
}

fn vec_text(v: &[f64], f: &dyn Fn(f64) -> String) -> String {
    const SHOWN: usize = 12;
    let mut parts: Vec<String> = v.iter().take(SHOWN).map(|x| f(*x)).collect();
    if v.len() > SHOWN {
        parts.push(format!("… {} more", v.len() - SHOWN));
    }
    format!("[{}]", parts.join(", "))
}

struct Out<'a> {
    q: &'a Quantity,
    lines: Vec<Work>,
}

impl Out<'_> {
    fn push(&mut self, what: impl Into<String>, how: impl Into<String>, value: f64, unit: &str) {
        let result = crate::engine::Base::amount(&n(value), unit);
        self.lines.push(Work {
            what: what.into(),
            how: how.into(),
            result,
            value: Some(value),
        });
    }

    fn text(&mut self, what: impl Into<String>, how: impl Into<String>, result: String) {
        self.lines.push(Work {
            what: what.into(),
            how: how.into(),
            result,
            value: None,
        });
    }

    /// "… 12 more outcomes" after [`MAX_OUTCOME_LINES`].
    fn more(&mut self, total: usize) {
        if total > MAX_OUTCOME_LINES {
            self.text(
                "…",
                "",
                format!(
                    "{} more outcomes, computed the same way",
                    total - MAX_OUTCOME_LINES
                ),
            );
        }
    }

    /// A value in nats shown in the quantity's unit.
    fn log_unit(&self, nats: f64) -> f64 {
        self.q.base.from_nats(nats)
    }

    /// The engine's value as the last line.
    fn total(&mut self, what: &str, how: impl Into<String>) -> Result<(), DistError> {
        let v = self.q.value()?;
        let unit = self.q.unit();
        self.push(what, how, v, unit);
        Ok(())
    }
}

/// The label of outcome `i` (0-based).
fn x(i: usize) -> String {
    format!("x{}", i + 1)
}

/// The working for `q`, or an empty list for the measures whose per-outcome
/// rows already are the whole working (KL, reverse KL, cross-entropy and
/// entropy of discrete or Bernoulli inputs).
pub fn work(q: &Quantity) -> Result<Vec<Work>, DistError> {
    let mut o = Out {
        q,
        lines: Vec::new(),
    };
    match (&q.inputs, q.measure) {
        (Inputs::Gaussian { .. }, Measure::Kl | Measure::ReverseKl) => gaussian::normal(&mut o)?,
        (
            Inputs::MultiGaussian {
                mu1,
                cov1,
                mu2,
                cov2,
            },
            Measure::Kl | Measure::ReverseKl,
        ) => gaussian::multivariate(&mut o, mu1, cov1, mu2, cov2)?,
        (Inputs::Joint(rows), Measure::MutualInformation) => joint::mi(&mut o, rows)?,
        _ => {
            let Some((p, qv)) = q.as_discrete() else {
                return Ok(Vec::new());
            };
            discrete::discrete(&mut o, &p, &qv)?;
        }
    }
    Ok(o.lines)
}
