//! The closed-form parametric KLs and mutual information against 4000-bit mpmath references
//! (`tests/reference/make_parametric.py` builds `parametric.json`).

use kltutor::engine;
use serde_json::Value;

fn num(v: &Value) -> f64 {
    let s = v.as_str().unwrap();
    if s == "inf" {
        f64::INFINITY
    } else {
        s.parse().unwrap()
    }
}

fn nums(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(num).collect()
}

/// Fourteen digits everywhere: each form is a sum of non-negative
/// `b phi(a/b)` terms with `a - b` formed without cancellation.
const REL: f64 = 1e-14;

#[test]
fn parametric_kl_matches_high_precision_reference() {
    let cases: Vec<Value> =
        serde_json::from_str(include_str!("reference/parametric.json")).unwrap();
    assert!(cases.len() > 80);
    let mut failures = Vec::new();
    let mut worst = 0.0f64;
    for c in &cases {
        let family = c["family"].as_str().unwrap();
        let name = c["name"].as_str().unwrap();
        let want = num(&c["kl"]);
        let got = match family {
            "bernoulli" => {
                let p = nums(&c["params"]);
                engine::bernoulli_kl(p[0], p[1])
            }
            "gaussian" => {
                let p = nums(&c["params"]);
                engine::gaussian_kl(p[0], p[1], p[2], p[3])
            }
            "vae" => engine::vae_kl(&nums(&c["params"]["mu"]), &nums(&c["params"]["log_var"])),
            "poisson" => {
                let p = nums(&c["params"]);
                engine::poisson_kl(p[0], p[1])
            }
            "exponential" => {
                let p = nums(&c["params"]);
                engine::exponential_kl(p[0], p[1])
            }
            "mutual_information" => {
                let t: Vec<Vec<f64>> = c["params"].as_array().unwrap().iter().map(nums).collect();
                engine::mutual_information(&t, engine::Norm::Normalize)
            }
            other => panic!("unknown family {other}"),
        }
        .unwrap();
        let ok = if want == 0.0 || want.is_infinite() {
            got == want
        } else {
            let rel = ((got - want) / want).abs();
            worst = worst.max(rel);
            rel <= REL && got >= 0.0
        };
        if !ok {
            failures.push(format!(
                "{family} {name}: got {got:e}, reference {want:e}, rel err {:e}",
                ((got - want) / want).abs()
            ));
        }
    }
    eprintln!("worst relative error: {worst:e}");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn seed_figures_from_the_lessons() {
    let a = engine::bernoulli_kl(0.2, 0.02).unwrap();
    // The lesson quotes these truncated to four decimals.
    assert!((a - 0.2981).abs() < 1e-4, "{a}");
    let b = engine::bernoulli_kl(0.7, 0.4).unwrap();
    assert!((b - 0.1838).abs() < 1e-4, "{b}");
}

#[test]
fn exact_zero_and_infinity() {
    assert_eq!(engine::bernoulli_kl(0.3, 0.3).unwrap(), 0.0);
    assert_eq!(engine::bernoulli_kl(0.0, 0.0).unwrap(), 0.0);
    assert_eq!(engine::bernoulli_kl(1.0, 1.0).unwrap(), 0.0);
    assert_eq!(engine::bernoulli_kl(0.1, 0.0).unwrap(), f64::INFINITY);
    assert_eq!(engine::bernoulli_kl(0.9, 1.0).unwrap(), f64::INFINITY);
    assert_eq!(engine::gaussian_kl(-2.0, 0.3, -2.0, 0.3).unwrap(), 0.0);
    assert_eq!(
        engine::diag_gaussian_kl(&[1.0, 2.0], &[0.5, 3.0], &[1.0, 2.0], &[0.5, 3.0]).unwrap(),
        0.0
    );
    assert_eq!(engine::vae_kl(&[0.0; 4], &[0.0; 4]).unwrap(), 0.0);
    assert_eq!(engine::poisson_kl(3.5, 3.5).unwrap(), 0.0);
    assert_eq!(engine::exponential_kl(2.0, 2.0).unwrap(), 0.0);
}

#[test]
fn diag_gaussian_is_sum_of_coordinates_and_vae_is_its_special_case() {
    let (mu, lv) = ([0.3, -1.2, 2.0], [0.1, -0.7, 1.5]);
    let s: Vec<f64> = lv.iter().map(|v: &f64| (0.5 * v).exp()).collect();
    let d = engine::diag_gaussian_kl(&mu, &s, &[0.0; 3], &[1.0; 3]).unwrap();
    let v = engine::vae_kl(&mu, &lv).unwrap();
    assert!((d - v).abs() <= 1e-14 * v, "{d} vs {v}");
    let sum: f64 = (0..3)
        .map(|i| engine::gaussian_kl(mu[i], s[i], 0.0, 1.0).unwrap())
        .sum();
    assert_eq!(d, sum);
}

#[test]
fn invalid_parameters_name_the_culprit() {
    let e = engine::gaussian_kl(0.0, -1.0, 0.0, 1.0).unwrap_err();
    assert!(e.to_string().contains("sigma1"), "{e}");
    let e = engine::bernoulli_kl(0.2, 1.2).unwrap_err();
    assert!(e.to_string().starts_with("q = 1.2"), "{e}");
    assert!(engine::poisson_kl(-1.0, 1.0).is_err());
    assert!(engine::exponential_kl(1.0, f64::INFINITY).is_err());
    assert!(engine::diag_gaussian_kl(&[0.0], &[1.0, 1.0], &[0.0], &[1.0]).is_err());
    assert!(engine::vae_kl(&[], &[]).is_err());
}
