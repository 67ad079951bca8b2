//! Monte Carlo estimators at work: a worked example or solution with
//! `samples = N` lists N draws x ∼ P made by the engine, each with its ratio
//! r = Q(x)/P(x) and the three per-sample terms k₁ = −ln r, k₂ = (ln r)²/2
//! and k₃ = (r − 1) − ln r, then the three means beside the exact D(P‖Q).
//! The course samples the first argument and puts Q over P in r; the engine's
//! estimator samples its first argument too, so P is passed first.

use super::math::lower;
use super::steps::label;
use super::text::{fmt_input, fmt_short};
use super::worked::Work;
use crate::engine::{self, DistError, Gaussian, McSample};
use crate::quantity::{Inputs, Measure, Quantity};

/// The most samples a lesson may list: enough to see the spread, few enough to read.
pub const MAX_SAMPLES: usize = 50;

/// How many draws to list, from which seed (`samples` and `seed` in a block).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sampling {
    pub samples: usize,
    pub seed: u64,
}

/// Why a quantity cannot be shown by sampling, or `None` when it can.
pub fn unsupported(q: &Quantity) -> Option<&'static str> {
    if q.measure != Measure::Kl {
        return Some("samples needs compute = \"kl\" (the estimators estimate D(P‖Q))");
    }
    match q.inputs {
        Inputs::Discrete { .. } | Inputs::Bernoulli { .. } | Inputs::Gaussian { .. } => None,
        _ => Some("samples works with the discrete, bernoulli and gaussian families"),
    }
}

const DIGITS: usize = 4;

fn n(v: f64) -> String {
    fmt_short(v, DIGITS)
}

/// The lines of working: a header, one line per sample, the three means and
/// the exact value they aim at (in nats, the unit of the natural log in k1..k3).
pub fn work(q: &Quantity, labels: &[String], s: Sampling) -> Result<Vec<Work>, DistError> {
    if let Some(why) = unsupported(q) {
        return Err(DistError::Parameter {
            name: "samples",
            value: s.samples as f64,
            why,
        });
    }
    let exact = q.base.to_nats(q.value()?);
    let (draws, means) = match &q.inputs {
        Inputs::Gaussian {
            mu1,
            sigma1,
            mu2,
            sigma2,
        } => {
            let p = Gaussian::new(*mu1, *sigma1)?;
            let other = Gaussian::new(*mu2, *sigma2)?;
            engine::mc_kl_samples_seeded(&p, &other, s.samples, s.seed)?
        }
        _ => {
            let (p, other) = q.as_discrete().unwrap_or_default();
            engine::mc_kl_discrete_samples_seeded(&p, &other, q.norm, s.samples, s.seed)?
        }
    };
    let gaussian = matches!(q.inputs, Inputs::Gaussian { .. });
    let mut out = vec![Work {
        what: format!(
            "{} samples x₁ … x{} ∼ P (seed {}); at each, r = Q(x)/P(x), k₁ = −ln r, k₂ = (ln r)²/2, k₃ = (r − 1) − ln r, in nats:",
            draws.len(),
            lower(&draws.len().to_string()),
            s.seed
        ),
        how: String::new(),
        result: String::new(),
        value: None,
    }];
    let shown = |d: &McSample| -> String {
        if gaussian {
            format!("{}: r = q(x)/p(x) = {}", n(d.x), n(d.ratio()))
        } else {
            let i = d.x as usize;
            let (p, other) = q.as_discrete().unwrap_or_default();
            let (sp, so): (f64, f64) = (p.iter().sum(), other.iter().sum());
            format!(
                "{}: r = {}/{} = {}",
                label(labels, i),
                fmt_input(other[i] / so),
                fmt_input(p[i] / sp),
                n(d.ratio())
            )
        }
    };
    for (i, d) in draws.iter().enumerate() {
        out.push(Work {
            // One short line per sample (x₂ = B: r = 0.4/0.3 = 1.333; k₁ = …),
            // so a sample fits an 80-column screen on one line.
            what: format!(
                "x{} = {}; k₁ = {}, k₂ = {}, k₃ = {}",
                lower(&(i + 1).to_string()),
                shown(d),
                n(d.k1),
                n(d.k2),
                n(d.k3)
            ),
            how: String::new(),
            result: String::new(),
            value: None,
        });
    }
    let count = draws.len();
    let names = ["k₁", "k₂", "k₃"];
    for (name, m) in names.iter().zip(&means) {
        let sum: f64 = draws
            .iter()
            .map(|d| match *name {
                "k₁" => d.k1,
                "k₂" => d.k2,
                _ => d.k3,
            })
            .sum();
        out.push(Work {
            what: format!("mean of {name}"),
            how: format!("{}/{count}", n(sum)),
            result: crate::engine::Base::amount(&n(m.value), "nats"),
            value: Some(m.value),
        });
    }
    out.push(Work {
        what: "exact D(P‖Q), the target of k₁ and k₃ (k₂ only approximates it)".into(),
        how: String::new(),
        result: crate::engine::Base::amount(&n(exact), "nats"),
        value: Some(exact),
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Base, Norm};

    fn kl(inputs: Inputs) -> Quantity {
        Quantity {
            measure: Measure::Kl,
            inputs,
            base: Base::E,
            norm: Norm::Strict,
        }
    }

    #[test]
    fn lists_every_sample_and_three_means() {
        let q = kl(Inputs::Discrete {
            p: vec![0.5, 0.3, 0.2],
            q: vec![0.4, 0.4, 0.2],
            x: None,
        });
        let w = work(
            &q,
            &[],
            Sampling {
                samples: 6,
                seed: 3,
            },
        )
        .unwrap();
        assert_eq!(w.len(), 1 + 6 + 3 + 1);
        assert!(w[1].line().starts_with("x₁ = x"), "{}", w[1].line());
        assert!(w[6].line().starts_with("x₆ = x"), "{}", w[6].line());
        assert!(w[7].line().starts_with("mean of k₁ = "), "{}", w[7].line());
        assert!(w[10].line().starts_with("exact D(P‖Q)"), "{}", w[10].line());
    }

    #[test]
    fn only_kl_on_sampleable_families() {
        let mut q = kl(Inputs::Joint(vec![vec![0.5, 0.5]]));
        assert!(unsupported(&q).is_some());
        q.inputs = Inputs::Bernoulli { p: 0.2, q: 0.4 };
        assert!(unsupported(&q).is_none());
        q.measure = Measure::ReverseKl;
        assert!(
            work(
                &q,
                &[],
                Sampling {
                    samples: 4,
                    seed: 1
                }
            )
            .is_err()
        );
    }
}
