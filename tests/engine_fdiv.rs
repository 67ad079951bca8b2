//! χ², Rényi and the multivariate Gaussian KL against 300-digit mpmath
//! references (`tests/reference/make_fdiv.py` builds `fdiv.json` from the
//! textbook definitions, with an explicit inverse and determinant for the
//! Gaussians, independently of the engine's Cholesky route).

use kltutor::engine::{self, Norm};
use serde_json::Value;

fn num(v: &Value) -> f64 {
    match v.as_str().unwrap() {
        "inf" => f64::INFINITY,
        s => s.parse().unwrap(),
    }
}

fn vector(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(num).collect()
}

fn matrix(v: &Value) -> Vec<Vec<f64>> {
    v.as_array().unwrap().iter().map(vector).collect()
}

fn close(got: f64, want: f64, rel: f64) -> bool {
    if want.is_infinite() || want == 0.0 {
        got == want
    } else {
        (got - want).abs() <= rel * want.abs() && got >= 0.0
    }
}

fn cases() -> Value {
    serde_json::from_str(include_str!("reference/fdiv.json")).unwrap()
}

#[test]
fn chi2_and_renyi_match_the_reference() {
    let all = cases();
    let discrete = all["discrete"].as_array().unwrap();
    assert!(discrete.len() >= 40);
    let mut failures = Vec::new();
    for c in discrete {
        let name = c["name"].as_str().unwrap();
        let (p, q) = (vector(&c["p"]), vector(&c["q"]));
        let got = engine::chi2(&p, &q, Norm::Normalize).unwrap();
        let want = num(&c["chi2"]);
        if !close(got, want, 1e-13) {
            failures.push(format!("{name}: chi2 {got:e} vs {want:e}"));
        }
        for (alpha, want) in c["renyi"].as_object().unwrap() {
            let a: f64 = alpha.parse().unwrap();
            let got = engine::renyi(&p, &q, a, Norm::Normalize).unwrap();
            let want = num(want);
            if !close(got, want, 1e-12) {
                failures.push(format!(
                    "{name}: renyi alpha={alpha} {got:e} vs {want:e}, rel {:e}",
                    ((got - want) / want).abs()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn mvn_kl_matches_the_reference() {
    let all = cases();
    let gauss = all["mvn"].as_array().unwrap();
    assert!(gauss.len() >= 30);
    let mut failures = Vec::new();
    for c in gauss {
        let name = c["name"].as_str().unwrap();
        let got = engine::mvn_kl(
            &vector(&c["mu1"]),
            &matrix(&c["cov1"]),
            &vector(&c["mu2"]),
            &matrix(&c["cov2"]),
        )
        .unwrap();
        let want = num(&c["kl"]);
        // Relative 1e-9, or 1e-26 absolute: where the covariances agree to
        // 1e-10 the Cholesky factors themselves round at 1e-16, which bounds
        // what any floating-point route can resolve; the value must still be
        // positive and right to ~6 digits there.
        let ok = close(got, want, 1e-9) || (got > 0.0 && (got - want).abs() < 1e-26);
        if !ok {
            failures.push(format!(
                "{name}: {got:e} vs {want:e}, rel {:e}",
                ((got - want) / want).abs()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
