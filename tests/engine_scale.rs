//! `--normalize` at any scale float64 holds: every reference case of
//! `tests/reference/discrete.json`, multiplied by powers of two from about
//! 1e-300 to 1e300 (exact, so the normalised distributions are unchanged),
//! gives every measure within the same tolerance of the 60-digit mpmath value.

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
    match v.as_str().unwrap() {
        "inf" => f64::INFINITY,
        s => s.parse().unwrap(),
    }
}

/// `values * 2^k` if every positive value stays a normal double (so the
/// scaling is exact), else `None`.
fn scaled(values: &[f64], k: i32) -> Option<Vec<f64>> {
    let (a, b) = (2f64.powi(k / 2), 2f64.powi(k - k / 2));
    let out: Vec<f64> = values.iter().map(|&v| v * a * b).collect();
    let exact = values
        .iter()
        .zip(&out)
        .all(|(&v, &s)| v == 0.0 || (s.is_normal() && s / a / b == v));
    exact.then_some(out)
}

fn ok(got: f64, want: f64, rel: f64) -> bool {
    if want.is_infinite() || want == 0.0 {
        got == want
    } else {
        got >= 0.0 && (got - want).abs() <= rel * want.abs() + 1e-322
    }
}

#[test]
fn every_measure_holds_from_1e_minus_300_to_1e300() {
    let cases: Vec<Value> = serde_json::from_str(include_str!("reference/discrete.json")).unwrap();
    let n = Norm::Normalize;
    let mut failures = Vec::new();
    let mut checked = 0;
    // 2^-996 ~ 1.5e-300 ... 2^996 ~ 6.7e299, and p and q at different scales.
    let ks: Vec<i32> = (-996..=996).step_by(83).collect();
    for c in &cases {
        let name = c["name"].as_str().unwrap();
        let (p0, q0) = (parse(&c["p"]), parse(&c["q"]));
        for (i, &k) in ks.iter().enumerate() {
            let kq = ks[(i * 7 + 3) % ks.len()];
            for (kp, kq) in [(k, k), (k, kq)] {
                let (Some(p), Some(q)) = (scaled(&p0, kp), scaled(&q0, kq)) else {
                    continue;
                };
                checked += 1;
                let checks = [
                    ("kl", engine::kl(&p, &q, n), 1e-14),
                    ("kl_rev", engine::kl(&q, &p, n), 1e-14),
                    ("js", engine::js(&p, &q, n), 1e-14),
                    ("entropy", engine::entropy(&p, n), 1e-14),
                    ("cross_entropy", engine::cross_entropy(&p, &q, n), 1e-14),
                    ("tv", engine::total_variation(&p, &q, n), 1e-13),
                    ("hellinger", engine::hellinger(&p, &q, n), 1e-13),
                    ("w1", engine::wasserstein1(&p, &q, None, n), 1e-13),
                ];
                for (measure, got, rel) in checks {
                    let want = reference(&c[measure]);
                    match got {
                        Ok(got) if ok(got, want, rel) => {}
                        got => failures.push(format!(
                            "{name} at 2^{kp}, 2^{kq}: {measure} = {got:?}, reference {want:e}"
                        )),
                    }
                }
                // Mutual information of the joint table p x q-ish (rows p, a
                // perturbed copy in the second row): the same at every scale.
                let joint = [p.clone(), q.clone()];
                let unscaled = [p0.clone(), q0.clone()];
                let mi = engine::mutual_information(&joint, n);
                let mi0 = engine::mutual_information(&unscaled, n).unwrap();
                if kp == kq && !matches!(mi, Ok(v) if ok(v, mi0, 1e-13)) {
                    failures.push(format!("{name} at 2^{kp}: mi = {mi:?}, unscaled {mi0:e}"));
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} scaled cases");
    assert!(
        failures.is_empty(),
        "{} failures (of {checked} scaled cases):\n{}",
        failures.len(),
        failures[..failures.len().min(40)].join("\n")
    );
}
