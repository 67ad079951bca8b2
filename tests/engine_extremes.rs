//! Every calc measure at extreme but valid inputs (entries of 5e-324, 1e-300,
//! 1e300, 1e308; Gaussian parameters and covariances across the double range)
//! against mpmath at 700 digits (`tests/reference/make_extremes.py` builds
//! `extremes.json`). A finite reference must come back finite and right; an
//! infinite one infinite; one beyond the largest double must be refused with
//! an error, never shown as inf. The worked steps of every finite case are
//! finite too: no inf, NaN or lost digits on the way to a finite value.

use kltutor::engine::{Base, DistError, Norm};
use kltutor::lesson::Example;
use kltutor::lesson::steps::Step;
use kltutor::quantity::{Alpha, Inputs, Measure, Quantity};
use serde_json::Value;

fn num(v: &Value) -> f64 {
    v.as_str().unwrap().parse().unwrap()
}

fn nums(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(num).collect()
}

fn matrix(v: &Value) -> Vec<Vec<f64>> {
    v.as_array().unwrap().iter().map(nums).collect()
}

fn quantity(c: &Value) -> Quantity {
    let m = c["measure"].as_str().unwrap();
    let (measure, inputs, norm) = match m {
        "bernoulli" => (
            Measure::Kl,
            Inputs::Bernoulli {
                p: nums(&c["p"])[0],
                q: nums(&c["q"])[0],
            },
            Norm::Strict,
        ),
        "gaussian" => (
            Measure::Kl,
            Inputs::Gaussian {
                mu1: num(&c["mu1"]),
                sigma1: num(&c["sigma1"]),
                mu2: num(&c["mu2"]),
                sigma2: num(&c["sigma2"]),
            },
            Norm::Strict,
        ),
        "mvn" => (
            Measure::Kl,
            Inputs::MultiGaussian {
                mu1: nums(&c["mu1"]),
                cov1: matrix(&c["cov1"]),
                mu2: nums(&c["mu2"]),
                cov2: matrix(&c["cov2"]),
            },
            Norm::Strict,
        ),
        "mi" => (
            Measure::MutualInformation,
            Inputs::Joint(matrix(&c["joint"])),
            Norm::Normalize,
        ),
        other => {
            let measure = match other {
                "renyi" => Measure::Renyi(Alpha::new(num(&c["alpha"]))),
                id => Measure::parse(id).unwrap(),
            };
            let x = c.get("x").map(nums);
            (
                measure,
                Inputs::Discrete {
                    p: nums(&c["p"]),
                    q: nums(&c["q"]),
                    x,
                },
                Norm::Normalize,
            )
        }
    };
    Quantity {
        measure,
        inputs,
        base: Base::E,
        norm,
    }
}

/// A few units in the last place of a subnormal result.
const SUBNORMAL_SLACK: f64 = 1e-320;

#[test]
fn every_measure_is_right_or_refused_at_the_extremes() {
    let cases: Vec<Value> = serde_json::from_str(include_str!("reference/extremes.json")).unwrap();
    assert!(cases.len() > 2000, "{}", cases.len());
    let mut failures = Vec::new();
    for c in &cases {
        let q = quantity(c);
        let want = c["want"].as_str().unwrap();
        let got = q.value();
        let ok = match (want, &got) {
            ("overflow", Err(DistError::Overflow { .. })) => true,
            ("inf", Ok(v)) => *v == f64::INFINITY,
            (w, Ok(v)) if w != "overflow" && w != "inf" => {
                let w: f64 = w.parse().unwrap();
                (v - w).abs() <= 1e-12 * w.abs() + SUBNORMAL_SLACK
            }
            _ => false,
        };
        if !ok {
            failures.push(format!("{c}: got {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn worked_steps_stay_finite_where_the_value_is() {
    let cases: Vec<Value> = serde_json::from_str(include_str!("reference/extremes.json")).unwrap();
    let mut failures = Vec::new();
    for c in &cases {
        let q = quantity(c);
        let Ok(v) = q.value() else { continue };
        if !v.is_finite() {
            continue;
        }
        let steps = kltutor::cli::calc::worked_steps(&q).unwrap_or_else(|e| panic!("{c}: {e}"));
        let steps = if steps.is_empty() {
            // KL-type measures: their per-outcome rows.
            Example {
                id: "x".into(),
                concept: String::new(),
                title: None,
                quantity: q.clone(),
                labels: Vec::new(),
                intro: None,
                conclusion: None,
                notes: Default::default(),
                sum_note: None,
                sampling: None,
                line: 0,
            }
            .steps()
            .unwrap()
        } else {
            steps
        };
        for s in &steps {
            let value = match s {
                Step::Work(w) => w.value,
                Step::Outcome(r) => Some(r.term).filter(|_| r.log.is_finite()),
                Step::Sum { total, .. } => Some(*total),
                _ => None,
            };
            // The lines as a learner reads them (D_∞ is a name, not a value).
            let text = kltutor::tutor::feedback::step_lines(s, &q).join(" ");
            let shown = text.replace("D_∞", "");
            let bad_text = ["NaN", "∞", "inf"].iter().any(|b| shown.contains(b));
            let bad_value = value.is_some_and(|v| !v.is_finite())
                // A row with P = 0 adds 0 and does not use its log.
                || matches!(s, Step::Outcome(r) if !r.log.is_finite() && r.p > 0.0);
            if bad_text || bad_value {
                failures.push(format!("{c}: {text} ({value:?})"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// 1.445e308 nats is finite, but 2.08e308 bits is not a double: refused in
/// bits (with its size), shown in nats.
#[test]
fn a_unit_conversion_past_a_double_is_refused() {
    let mut q = Quantity {
        measure: Measure::Kl,
        inputs: Inputs::Gaussian {
            mu1: 0.0,
            sigma1: 1.0,
            mu2: 1.7e154,
            sigma2: 1.0,
        },
        base: Base::E,
        norm: Norm::Strict,
    };
    let nats = q.value().unwrap();
    assert!((nats / 1.445e308 - 1.0).abs() < 1e-12, "{nats}");
    q.base = Base::Two;
    match q.value() {
        Err(e @ DistError::Overflow { .. }) => {
            assert!(e.to_string().contains("about 2.1e308"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    q.base = Base::Ten;
    assert!(q.value().unwrap().is_finite());
}
