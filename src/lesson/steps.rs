//! Worked examples as data: the engine's per-outcome terms, the total and the
//! unit, with the author's notes attached. The terminal draws a `Vec<Step>`;
//! nothing here knows how.

use super::model::Example;
use super::text::{self, Placeholder};
use crate::engine::{self, Base, DistError, Norm};
use crate::quantity::{Inputs, Measure, Quantity};

/// One outcome's row. Logs and terms are in the example's unit.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeRow {
    /// 0-based outcome number.
    pub index: usize,
    pub label: String,
    pub p: f64,
    /// Absent for entropy, which involves P alone.
    pub q: Option<f64>,
    /// `P/Q` for KL rows (`Q/P` for reverse KL); absent otherwise.
    pub ratio: Option<f64>,
    /// The log in the row: `log(P/Q)` for KL, `log(1/Q)` for cross-entropy,
    /// `log(1/P)` for entropy (in the unit).
    pub log: f64,
    /// The row's contribution to the total (in the unit).
    pub term: f64,
    pub note: Option<String>,
}

/// A step of a worked example, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Intro(String),
    Outcome(OutcomeRow),
    /// The total: the engine's value, which can differ from the plain sum of
    /// the rounded terms in the last digits.
    Sum {
        terms: Vec<f64>,
        total: f64,
        unit: &'static str,
        note: Option<String>,
    },
    /// Which log was used, and the same total in the other units.
    Unit {
        base: Base,
        log_name: &'static str,
        unit: &'static str,
        others: Vec<(f64, &'static str)>,
    },
    Conclusion(String),
}

impl Example {
    /// The value the example arrives at, in its unit.
    pub fn value(&self) -> Result<f64, DistError> {
        self.quantity.value()
    }

    /// The steps, computed by the engine.
    pub fn steps(&self) -> Result<Vec<Step>, DistError> {
        let q = &self.quantity;
        let mut steps = Vec::new();
        if let Some(i) = &self.intro {
            steps.push(Step::Intro(i.clone()));
        }
        let rows = outcome_rows(q)?;
        let terms: Vec<f64> = rows.iter().map(|r| r.2).collect();
        for (index, (p, qv, term, ratio, log)) in rows.into_iter().enumerate() {
            steps.push(Step::Outcome(OutcomeRow {
                index,
                label: label(&self.labels, index),
                p,
                q: qv,
                ratio,
                log,
                term,
                note: self.notes.get(&index).cloned(),
            }));
        }
        let total = q.value()?;
        steps.push(Step::Sum {
            terms,
            total,
            unit: q.unit(),
            note: self.sum_note.clone(),
        });
        if q.measure.has_log_unit() {
            let nats = q.base.to_nats(total);
            let others = Base::ALL
                .iter()
                .filter(|b| **b != q.base)
                .map(|b| (b.from_nats(nats), b.unit()))
                .collect();
            steps.push(Step::Unit {
                base: q.base,
                log_name: q.base.log_name(),
                unit: q.base.unit(),
                others,
            });
        }
        if let Some(c) = &self.conclusion {
            steps.push(Step::Conclusion(c.clone()));
        }
        Ok(steps)
    }
}

/// An outcome's name: its label, or `x1`, `x2`, ….
pub fn label(labels: &[String], index: usize) -> String {
    labels
        .get(index)
        .cloned()
        .unwrap_or_else(|| format!("x{}", index + 1))
}

type Row = (f64, Option<f64>, f64, Option<f64>, f64);

/// Per-outcome rows `(p, q, term, ratio, log)` for the measures that are sums
/// over outcomes (KL, reverse KL, cross-entropy, entropy); none otherwise.
fn outcome_rows(q: &Quantity) -> Result<Vec<Row>, DistError> {
    let Some((p, qv)) = q.as_discrete() else {
        return Ok(Vec::new());
    };
    let b = q.base;
    let kl_rows = |a: &[f64], c: &[f64]| -> Result<Vec<Row>, DistError> {
        Ok(engine::kl_terms(a, c, q.norm)?
            .into_iter()
            .map(|t| {
                (
                    t.p,
                    Some(t.q),
                    b.from_nats(t.contribution),
                    Some(t.ratio),
                    b.from_nats(t.log_ratio),
                )
            })
            .collect())
    };
    match q.measure {
        Measure::Kl => kl_rows(&p, &qv),
        Measure::ReverseKl => kl_rows(&qv, &p),
        Measure::CrossEntropy => {
            let pc = engine::discrete::check("p", &p, q.norm)?;
            let qc = engine::discrete::check("q", &qv, q.norm)?;
            Ok((0..p.len())
                .map(|i| {
                    let (pi, qi) = (pc.prob(i), qc.prob(i));
                    let log = b.from_nats(-qi.ln());
                    let term = if pi == 0.0 { 0.0 } else { pi * log };
                    (pi, Some(qi), term, None, log)
                })
                .collect())
        }
        Measure::Entropy => {
            let pc = engine::discrete::check("p", &p, q.norm)?;
            Ok((0..p.len())
                .map(|i| {
                    let pi = pc.prob(i);
                    let log = b.from_nats(-pi.ln());
                    let term = if pi == 0.0 { 0.0 } else { pi * log };
                    (pi, None, term, None, log)
                })
                .collect())
        }
        _ => Ok(Vec::new()),
    }
}

/// The value of an example-text placeholder: `{value}`, `{p1}`, `{q2}`,
/// `{term1}`, `{unit}`, or any measure id on the same inputs.
pub fn example_placeholder(q: &Quantity, ph: &Placeholder) -> Option<String> {
    let digits = ph.digits.unwrap_or(4);
    if ph.name == "value" {
        return Some(text::fmt_value(q.value().ok()?, digits, q.unit()));
    }
    if let Some(i) = ph
        .name
        .strip_prefix("term")
        .and_then(|n| n.parse::<usize>().ok())
    {
        let rows = outcome_rows(q).ok()?;
        let row = rows.get(i.checked_sub(1)?)?;
        return Some(text::fmt_value(row.2, digits, q.base.unit()));
    }
    if let Some(m) = Measure::parse(ph.name) {
        let other = Quantity {
            measure: m,
            ..q.clone()
        };
        return Some(text::fmt_value(other.value().ok()?, digits, other.unit()));
    }
    super::random::input_placeholder(q, ph)
}

/// Builds a quantity for inline prose values and examples; exposed for the
/// calculator-style `{{kl ...}}` syntax.
pub fn discrete_quantity(
    measure: Measure,
    p: Vec<f64>,
    q: Vec<f64>,
    base: Base,
    norm: Norm,
) -> Quantity {
    Quantity {
        measure,
        inputs: Inputs::Discrete { p, q, x: None },
        base,
        norm,
    }
}
