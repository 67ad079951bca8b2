//! `kltutor calc counterexample` as a user runs it: every number of the JSON
//! output recomputed by `kltutor calc` to the last digit and checked against
//! the textbook sum; true and unknown claims.

use serde_json::Value;
use std::process::Command;

fn run(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_kltutor"))
        .args(args)
        .output()
        .expect("run kltutor");
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn cx_json(args: &[&str]) -> Value {
    let mut all = vec!["calc", "counterexample"];
    all.extend_from_slice(args);
    all.push("--json");
    let (out, err, code) = run(&all);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap()
}

fn vector(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// A vector as `calc` reads it: the shortest round-trip digits of each double.
fn arg(v: &[f64]) -> String {
    v.iter()
        .map(|x| format!("{x:e}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// `kltutor calc kl --p P --q Q --json`'s value.
fn calc_kl(p: &[f64], q: &[f64]) -> f64 {
    let (out, err, code) = run(&["calc", "kl", "--p", &arg(p), "--q", &arg(q), "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    v["value"].as_f64().unwrap()
}

/// The textbook sum, as an independent check of the engine's digits.
fn textbook(p: &[f64], q: &[f64]) -> f64 {
    p.iter()
        .zip(q)
        .filter(|(a, _)| **a > 0.0)
        .map(|(a, b)| a * (a / b).ln())
        .sum()
}

fn value(v: &Value, name: &str) -> f64 {
    v["values"][name]
        .as_f64()
        .unwrap_or_else(|| panic!("no value {name} in {v}"))
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

#[test]
fn symmetry_values_recompute_to_the_digit() {
    let v = cx_json(&["symmetry"]);
    assert_eq!(keys(&v), ["claim", "explanation", "p", "q", "values"]);
    assert_eq!(v["claim"], "symmetry");
    let (p, q) = (vector(&v["p"]), vector(&v["q"]));
    let (a, b) = (value(&v, "D(P‖Q)"), value(&v, "D(Q‖P)"));
    assert_eq!(a, calc_kl(&p, &q));
    assert_eq!(b, calc_kl(&q, &p));
    assert!((a - textbook(&p, &q)).abs() < 1e-14);
    assert!((b - textbook(&q, &p)).abs() < 1e-14);
    assert!((a - b).abs() > 0.01, "not a clear counterexample: {v}");
}

#[test]
fn triangle_values_recompute_and_break_the_inequality() {
    let v = cx_json(&["triangle"]);
    assert_eq!(keys(&v), ["claim", "explanation", "p", "q", "r", "values"]);
    let (p, q, r) = (vector(&v["p"]), vector(&v["q"]), vector(&v["r"]));
    let pr = value(&v, "D(P‖R)");
    let pq = value(&v, "D(P‖Q)");
    let qr = value(&v, "D(Q‖R)");
    assert_eq!(pr, calc_kl(&p, &r));
    assert_eq!(pq, calc_kl(&p, &q));
    assert_eq!(qr, calc_kl(&q, &r));
    assert_eq!(value(&v, "D(P‖Q) + D(Q‖R)"), pq + qr);
    assert!(textbook(&p, &r) > textbook(&p, &q) + textbook(&q, &r) + 0.01);
}

#[test]
fn bounded_beats_ln2_and_any_named_bound() {
    let v = cx_json(&["bounded"]);
    let (p, q) = (vector(&v["p"]), vector(&v["q"]));
    let d = value(&v, "D(P‖Q)");
    assert_eq!(d, calc_kl(&p, &q));
    assert_eq!(value(&v, "bound"), std::f64::consts::LN_2);
    assert!(textbook(&p, &q) > std::f64::consts::LN_2);
    for b in ["3", "40", "ln(1000)", "650"] {
        let v = cx_json(&["bounded", "--bound", b]);
        let (p, q) = (vector(&v["p"]), vector(&v["q"]));
        let d = value(&v, "D(P‖Q)");
        assert!(d > value(&v, "bound"), "{b}: {v}");
        assert_eq!(d, calc_kl(&p, &q));
    }
    // Beyond what a double can reach finitely: an infinite divergence.
    let v = cx_json(&["bounded", "--bound", "1e6"]);
    assert_eq!(v["values"]["D(P‖Q)"], "inf");
    // A bound in bits.
    let v = cx_json(&["bounded", "--bound", "2", "--base", "2"]);
    assert!(value(&v, "D(P‖Q)") > 2.0);
    assert!(
        (value(&v, "D(P‖Q)") * std::f64::consts::LN_2
            - textbook(&vector(&v["p"]), &vector(&v["q"])))
        .abs()
            < 1e-14
    );
}

#[test]
fn term_sign_terms_match_calc_explain() {
    let v = cx_json(&["term-sign"]);
    let (p, q) = (vector(&v["p"]), vector(&v["q"]));
    let (out, _, code) = run(&[
        "calc",
        "kl",
        "--p",
        &arg(&p),
        "--q",
        &arg(&q),
        "--explain",
        "--json",
    ]);
    assert_eq!(code, 0);
    let ex: Value = serde_json::from_str(&out).unwrap();
    let mut negative = false;
    for (i, t) in ex["terms"].as_array().unwrap().iter().enumerate() {
        let mine = value(&v, &format!("term {}", i + 1));
        assert_eq!(mine, t["term"].as_f64().unwrap());
        assert!((mine - p[i] * (p[i] / q[i]).ln()).abs() < 1e-15);
        negative |= mine < 0.0;
    }
    assert!(negative, "{v}");
    assert_eq!(value(&v, "D(P‖Q)"), ex["value"].as_f64().unwrap());
}

#[test]
fn mixture_forward_mixture_is_not_below_both() {
    let v = cx_json(&["mixture-forward"]);
    let (p, q, r) = (vector(&v["p"]), vector(&v["q"]), vector(&v["r"]));
    let m: Vec<f64> = q.iter().zip(&r).map(|(a, b)| (a + b) / 2.0).collect();
    let pm = value(&v, "D(P‖M)");
    assert!((pm - textbook(&p, &m)).abs() < 1e-14);
    assert_eq!(value(&v, "D(P‖Q)"), calc_kl(&p, &q));
    assert_eq!(value(&v, "D(P‖R)"), calc_kl(&p, &r));
    assert!(pm > value(&v, "D(P‖Q)").min(value(&v, "D(P‖R)")) + 0.01);
    // The mixture printed in the explanation is the one the value used.
    let text = v["explanation"].as_str().unwrap();
    let shown = text.split("= [").nth(1).unwrap().split(']').next().unwrap();
    let shown: Vec<f64> = shown.split(", ").map(|x| x.parse().unwrap()).collect();
    assert_eq!(pm, calc_kl(&p, &shown));
}

#[test]
fn text_output_lists_inputs_values_and_why() {
    let (out, _, code) = run(&["calc", "counterexample", "symmetry"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("False: D(P‖Q) = D(Q‖P)"), "{out}");
    assert!(
        out.contains("\n  P = [") && out.contains("\n  Q = ["),
        "{out}"
    );
    assert!(out.contains("not symmetric"), "{out}");
}

#[test]
fn true_claims_exit_2_and_say_why() {
    for (claim, why) in [
        ("non-negativity", "Gibbs"),
        ("zero-iff-equal", "Jensen"),
        ("convexity", "log-sum"),
        ("js-bounded", "P/2"),
    ] {
        let (out, err, code) = run(&["calc", "counterexample", claim]);
        assert_eq!(code, 2, "{claim}");
        assert!(out.is_empty());
        assert!(err.contains(&format!("{claim} holds")), "{err}");
        assert!(err.contains(why), "{err}");
        let (out, _, code) = run(&["calc", "counterexample", claim, "--json"]);
        assert_eq!(code, 2);
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["holds"], true);
    }
    let (_, err, code) = run(&["calc", "counterexample", "bounded", "--bound", "inf"]);
    assert_eq!(code, 2);
    assert!(err.contains("holds"), "{err}");
}

#[test]
fn unknown_claims_and_bad_flags_exit_2() {
    let (out, err, code) = run(&["calc", "counterexample", "symetry"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("unknown claim \"symetry\" (did you mean \"symmetry\"?)"),
        "{err}"
    );
    for c in [
        "symmetry",
        "triangle",
        "bounded",
        "term-sign",
        "mixture-forward",
    ] {
        assert!(err.contains(c), "{err}");
    }
    let (_, err, code) = run(&["calc", "counterexample", "symmetry", "--bound", "2"]);
    assert_eq!(code, 2);
    assert!(err.contains("--bound applies only"), "{err}");
    let (_, err, code) = run(&["calc", "counterexample", "bounded", "--bound", "x+"]);
    assert_eq!(code, 2);
    assert!(err.contains("--bound"), "{err}");
}

/// A lesson with one question naming `claim` as its counterexample.
fn lesson_with_claim(claim: &str) -> String {
    format!(
        r#"+++
id = "claim-check"
title = "Claim check"
summary = "One question."
concepts = ["asymmetry"]
minutes = 5
difficulty = 1
+++

## One {{concept=asymmetry}}

```question
id = "q"
counterexample = "{claim}"
prompt = "Is it?"
choices = ["Yes", "No"]
answer = 2
explanations = ["No.", "Right."]
```

## Key takeaways

- One point.
"#
    )
}

#[test]
fn check_validates_a_questions_counterexample_claim() {
    let dir = std::env::temp_dir().join(format!("kltutor-claim-check-{}", std::process::id()));
    for (claim, code, needle) in [
        ("symmetry", 0, "0 errors"),
        ("mixture-forward", 0, "0 errors"),
        (
            "non-negativity",
            1,
            "claim-check.md:14:1: error: counterexample = \"non-negativity\" names a claim that is true",
        ),
        (
            "symetry",
            1,
            "claim-check.md:14:1: error: unknown claim \"symetry\" in counterexample (did you mean \"symmetry\"?); known false claims: symmetry, triangle, bounded, term-sign, mixture-forward",
        ),
    ] {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("claim-check.md"), lesson_with_claim(claim)).unwrap();
        let (out, err, got) = run(&["check", dir.to_str().unwrap()]);
        assert_eq!(got, code, "{claim}: {out}{err}");
        assert!(out.contains(needle), "{claim}: {out}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bundled_questions_name_false_claims_that_the_engine_refutes() {
    let catalog = kltutor::lesson::catalog::Catalog::load(&[] as &[&str]);
    let mut claims = Vec::new();
    for l in &catalog.lessons {
        for (_, item) in l.items() {
            if let kltutor::lesson::Item::Question(q) = item
                && let Some(c) = &q.counterexample
            {
                assert!(
                    !kltutor::tutor::refute::feedback_lines(c).is_empty(),
                    "{}/{}",
                    l.id,
                    q.id
                );
                claims.push(c.clone());
            }
        }
    }
    claims.sort();
    claims.dedup();
    assert_eq!(
        claims,
        [
            "bounded",
            "mixture-forward",
            "symmetry",
            "term-sign",
            "triangle"
        ]
    );
}

/// Values print with their unit as a reader says them: "1 nat", and a
/// bound far from 1 in exponent form, never hundreds of digits.
#[test]
fn value_lines_read_as_numbers() {
    for (bound, want) in [
        ("1e-300", "bound = 1e-300 nats"),
        ("1e308", "bound = 1e308 nats"),
        ("1", "bound = 1 nat"),
    ] {
        let (out, err, code) = run(&["calc", "counterexample", "bounded", "--bound", bound]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains(want), "{bound}: {out}");
        assert!(out.lines().all(|l| l.len() < 400), "{out}");
    }
}
