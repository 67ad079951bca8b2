//! Worked examples as data: the engine's per-outcome terms, the total and the
//! unit, with the author's notes attached. The terminal draws a `Vec<Step>`;
//! nothing here knows how.

use super::model::Example;
use super::text::{self, Placeholder};
use crate::engine::{self, Base, DistError};
use crate::quantity::{Measure, Quantity};

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
    /// A line of working for the measures that are not a sum of per-outcome
    /// log terms (JS, TV, Hellinger, W1, MI, χ², Rényi, the Gaussians).
    Work(super::worked::Work),
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
        let work = super::worked::work(q)?;
        let worked = !work.is_empty();
        steps.extend(work.into_iter().map(Step::Work));
        // The working ends in the engine's value; a bare total would repeat it.
        if !worked || self.sum_note.is_some() {
            steps.push(Step::Sum {
                terms,
                total,
                unit: q.unit(),
                note: self.sum_note.clone(),
            });
        }
        if q.measure.has_log_unit() {
            let nats = q.base.to_nats(total);
            let others = Base::ALL
                .iter()
                .filter(|b| **b != q.base)
                .map(|b| (b.from_nats(nats), b.unit()))
                // 1.5e308 nats is past a double in bits: leave that unit out.
                .filter(|(v, _)| v.is_finite() || !total.is_finite())
                .collect();
            steps.push(Step::Unit {
                base: q.base,
                log_name: q.base.log_name(),
                unit: q.base.unit(),
                others,
            });
        }
        if let Some(s) = self.sampling {
            let work = super::sampling::work(q, &self.labels, s)?;
            steps.extend(work.into_iter().map(Step::Work));
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
            let pc = super::worked::probs("p", &p, q.norm)?;
            let qc = super::worked::probs("q", &qv, q.norm)?;
            let ln_q = super::worked::ln_probs("q", &qv, q.norm)?;
            Ok((0..p.len())
                .map(|i| {
                    let (pi, qi) = (pc[i], qc[i]);
                    let log = b.from_nats(-ln_q[i]);
                    let term = if pi == 0.0 { 0.0 } else { pi * log };
                    (pi, Some(qi), term, None, log)
                })
                .collect())
        }
        Measure::Entropy => {
            let pc = super::worked::probs("p", &p, q.norm)?;
            let ln_p = super::worked::ln_probs("p", &p, q.norm)?;
            Ok((0..p.len())
                .map(|i| {
                    let pi = pc[i];
                    let log = b.from_nats(-ln_p[i]);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Norm;
    use crate::quantity::Inputs;
    use std::collections::BTreeMap;

    fn example(measure: Measure, inputs: Inputs, base: Base) -> Example {
        Example {
            id: "e".into(),
            concept: "units".into(),
            title: None,
            quantity: Quantity {
                measure,
                inputs,
                base,
                norm: Norm::Strict,
            },
            labels: vec![],
            intro: Some("intro".into()),
            conclusion: Some("end".into()),
            notes: BTreeMap::from([(1, "second".to_string())]),
            sum_note: None,
            sampling: None,
            line: 1,
        }
    }

    fn rows(steps: &[Step]) -> Vec<&OutcomeRow> {
        steps
            .iter()
            .filter_map(|s| {
                if let Step::Outcome(r) = s {
                    Some(r)
                } else {
                    None
                }
            })
            .collect()
    }

    fn total(steps: &[Step]) -> f64 {
        steps
            .iter()
            .find_map(|s| match s {
                Step::Sum { total, .. } => Some(*total),
                Step::Work(w) if w.what.starts_with("D(") => w.value,
                _ => None,
            })
            .unwrap()
    }

    #[test]
    fn rows_add_up_to_the_engine_value_for_every_row_measure() {
        let (p, q) = (vec![0.5, 0.3, 0.2], vec![0.2, 0.5, 0.3]);
        for m in [
            Measure::Kl,
            Measure::ReverseKl,
            Measure::CrossEntropy,
            Measure::Entropy,
        ] {
            for base in Base::ALL {
                let e = example(
                    m,
                    Inputs::Discrete {
                        p: p.clone(),
                        q: q.clone(),
                        x: None,
                    },
                    base,
                );
                let steps = e.steps().unwrap();
                let r = rows(&steps);
                assert_eq!(r.len(), 3, "{m}");
                let sum: f64 = r.iter().map(|r| r.term).sum();
                assert!(
                    (sum - total(&steps)).abs() < 1e-12,
                    "{m} {base}: {sum} vs {}",
                    total(&steps)
                );
                assert_eq!(total(&steps), e.value().unwrap());
                assert_eq!(r[0].label, "x1");
                assert_eq!(r[1].note.as_deref(), Some("second"));
                assert!(matches!(steps.first(), Some(Step::Intro(_))));
                assert!(matches!(steps.last(), Some(Step::Conclusion(_))));
            }
        }
    }

    #[test]
    fn reverse_kl_rows_are_weighted_by_q() {
        let e = example(
            Measure::ReverseKl,
            Inputs::Discrete {
                p: vec![0.9, 0.1],
                q: vec![0.5, 0.5],
                x: None,
            },
            Base::E,
        );
        let steps = e.steps().unwrap();
        let r = rows(&steps);
        assert_eq!(r[0].p, 0.5);
        assert_eq!(r[0].ratio, Some(0.5 / 0.9));
    }

    #[test]
    fn bernoulli_has_two_rows_and_others_only_a_total() {
        let e = example(Measure::Kl, Inputs::Bernoulli { p: 0.2, q: 0.5 }, Base::Two);
        let steps = e.steps().unwrap();
        assert_eq!(
            rows(&steps).iter().map(|r| r.p).collect::<Vec<_>>(),
            [0.8, 0.2]
        );
        let unit = steps
            .iter()
            .find_map(|s| {
                if let Step::Unit { others, .. } = s {
                    Some(others.clone())
                } else {
                    None
                }
            })
            .unwrap();
        assert_eq!(unit.len(), 2);
        assert!((unit[0].0 - total(&steps) * std::f64::consts::LN_2).abs() < 1e-15);
        let g = example(
            Measure::Kl,
            Inputs::Gaussian {
                mu1: 0.0,
                sigma1: 1.0,
                mu2: 1.0,
                sigma2: 1.0,
            },
            Base::E,
        );
        let steps = g.steps().unwrap();
        assert!(rows(&steps).is_empty());
        assert!((total(&steps) - 0.5).abs() < 1e-15);
    }

    #[test]
    fn placeholders_follow_the_engine() {
        let q = Quantity::discrete(Measure::Kl, vec![0.9, 0.1], vec![0.5, 0.5], Base::Two);
        let ph = |name: &str, digits| example_placeholder(&q, &Placeholder { name, digits });
        assert_eq!(ph("value", Some(3)).unwrap(), "0.531 bits");
        assert_eq!(ph("reverse-kl", Some(3)).unwrap(), "0.737 bits");
        assert_eq!(ph("tv", None).unwrap(), "0.4000");
        assert_eq!(ph("p2", None).unwrap(), "0.1");
        assert_eq!(ph("term2", Some(3)).unwrap(), "-0.232 bits");
        assert_eq!(ph("unit", None).unwrap(), "bits");
        assert!(ph("term3", None).is_none());
        assert!(ph("mu1", None).is_none());
    }
}
