//! The discrete measures against 60-digit mpmath references
//! (`tests/reference/make_discrete.py` builds `discrete.json`).

use kltutor::engine::{self, Norm};
use serde_json::Value;

fn parse(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().parse().unwrap())
        .collect()
}

fn reference(v: &Value) -> f64 {
    let s = v.as_str().unwrap();
    if s == "inf" {
        f64::INFINITY
    } else {
        s.parse().unwrap()
    }
}

/// Twenty units in the last place of a subnormal double.
const SUBNORMAL_SLACK: f64 = 1e-322;

fn check(case: &str, measure: &str, got: f64, want: f64, rel: f64) -> Option<String> {
    let ok = if want.is_infinite() || want == 0.0 {
        got == want
    } else {
        // A result that is itself subnormal cannot carry 14 digits: allow a few of its ulps.
        (got - want).abs() <= rel * want.abs() + SUBNORMAL_SLACK && got >= 0.0
    };
    (!ok).then(|| {
        format!(
            "{case}: {measure} = {got:e}, reference {want:e}, rel err {:e}",
            ((got - want) / want).abs()
        )
    })
}

#[test]
fn discrete_measures_match_60_digit_reference() {
    let cases: Vec<Value> = serde_json::from_str(include_str!("reference/discrete.json")).unwrap();
    assert!(cases.len() > 100);
    let mut failures = Vec::new();
    for c in &cases {
        let name = c["name"].as_str().unwrap();
        let (p, q) = (parse(&c["p"]), parse(&c["q"]));
        let n = Norm::Normalize;
        let checks = [
            ("kl", engine::kl(&p, &q, n).unwrap(), 1e-14),
            ("kl_rev", engine::kl(&q, &p, n).unwrap(), 1e-14),
            ("js", engine::js(&p, &q, n).unwrap(), 1e-14),
            ("entropy", engine::entropy(&p, n).unwrap(), 1e-12),
            (
                "cross_entropy",
                engine::cross_entropy(&p, &q, n).unwrap(),
                1e-12,
            ),
            ("tv", engine::total_variation(&p, &q, n).unwrap(), 1e-13),
            ("hellinger", engine::hellinger(&p, &q, n).unwrap(), 1e-13),
            ("w1", engine::wasserstein1(&p, &q, None, n).unwrap(), 1e-13),
        ];
        for (measure, got, rel) in checks {
            failures.extend(check(name, measure, got, reference(&c[measure]), rel));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
