//! Every kernel path of the fused KL pass (AVX-512, AVX2, portable; one thread
//! and several) against the 60-digit mpmath references in `tests/reference`,
//! and against each other. Paths this CPU lacks are skipped (and say so).

use kltutor::engine::{self, Norm, Path, Plan, fused};
use proptest::prelude::*;
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

/// A few units in the last place of a subnormal result.
const SUBNORMAL_SLACK: f64 = 1e-322;

fn plans() -> Vec<Plan> {
    let mut plans = Vec::new();
    for path in Path::ALL {
        if !path.available() {
            eprintln!("skipping the {} path: this CPU lacks it", path.name());
            continue;
        }
        for threads in [1, 2, 3] {
            plans.push(Plan { path, threads });
        }
    }
    plans
}

fn rel_err(got: f64, want: f64) -> f64 {
    if want.is_infinite() || want == 0.0 {
        if got == want { 0.0 } else { f64::INFINITY }
    } else if (got - want).abs() <= SUBNORMAL_SLACK {
        0.0
    } else {
        ((got - want) / want).abs()
    }
}

#[test]
fn every_path_matches_the_60_digit_reference() {
    let cases: Vec<Value> = serde_json::from_str(include_str!("reference/discrete.json")).unwrap();
    let mut failures = Vec::new();
    let mut worst = 0.0f64;
    let mut worst_by: std::collections::BTreeMap<(String, &str), f64> = Default::default();
    for plan in plans() {
        for c in &cases {
            let name = c["name"].as_str().unwrap();
            let (p, q) = (parse(&c["p"]), parse(&c["q"]));
            let n = Norm::Normalize;
            let checks = [
                ("kl", fused::kl_with(&p, &q, n, plan).unwrap(), 1e-15),
                ("kl_rev", fused::kl_with(&q, &p, n, plan).unwrap(), 1e-15),
                ("entropy", fused::entropy_with(&p, n, plan).unwrap(), 1e-15),
                (
                    "cross_entropy",
                    fused::cross_entropy_with(&p, &q, n, plan).unwrap(),
                    1e-15,
                ),
                ("js", engine::js(&p, &q, n).unwrap(), 1e-14),
            ];
            for (measure, got, tol) in checks {
                let want = reference(&c[measure]);
                let err = rel_err(got, want);
                if err.is_finite() {
                    worst = worst.max(err);
                    let w = worst_by
                        .entry((plan.path.name().to_string(), measure))
                        .or_default();
                    *w = w.max(err);
                }
                if err > tol || got < 0.0 {
                    failures.push(format!(
                        "{} x{}: {name}: {measure} = {got:e}, reference {want:e}, rel err {err:e}",
                        plan.path.name(),
                        plan.threads
                    ));
                }
            }
        }
    }
    for ((path, measure), w) in &worst_by {
        eprintln!("worst relative error, {path} {measure}: {w:.2e}");
    }
    eprintln!("worst relative error over all paths: {worst:e}");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A deterministic distribution of `n` outcomes (xorshift), with a given
/// relative perturbation of a base one for near-equal pairs.
fn pair(n: usize, seed: u64, rel: f64, zeros: bool) -> (Vec<f64>, Vec<f64>) {
    let mut s = seed | 1;
    let mut next = || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    let p: Vec<f64> = (0..n).map(|_| next() + 1e-3).collect();
    let mut q: Vec<f64> = if rel > 0.0 {
        p.iter()
            .map(|x| x * (1.0 + rel * (2.0 * next() - 1.0)))
            .collect()
    } else {
        (0..n).map(|_| next() + 1e-3).collect()
    };
    let mut p = p;
    if zeros {
        for i in (0..n).step_by(97) {
            p[i] = 0.0;
        }
        q[n / 2] += 0.0;
    }
    let (tp, tq): (f64, f64) = (p.iter().sum(), q.iter().sum());
    p.iter_mut().for_each(|x| *x /= tp);
    q.iter_mut().for_each(|x| *x /= tq);
    (p, q)
}

/// At a million outcomes (several blocks, threads in use), every path and
/// thread count gives the very same bits, and they agree with the
/// compensated two-pass portable sum to 1e-15.
#[test]
fn long_inputs_agree_on_every_path_and_thread_count() {
    for (rel, zeros) in [(0.0, false), (1e-3, true), (1e-9, false)] {
        let (p, q) = pair(1_100_003, 7, rel, zeros);
        let base = fused::kl_with(
            &p,
            &q,
            Norm::Normalize,
            Plan {
                path: Path::Portable,
                threads: 1,
            },
        )
        .unwrap();
        for plan in plans() {
            let got = fused::kl_with(&p, &q, Norm::Normalize, plan).unwrap();
            assert_eq!(got.to_bits(), base.to_bits(), "{plan:?} rel {rel}");
        }
        let h = fused::cross_entropy_with(&p, &q, Norm::Normalize, plans()[0]).unwrap();
        let h1 = fused::cross_entropy_with(
            &p,
            &q,
            Norm::Normalize,
            Plan {
                path: Path::Portable,
                threads: 2,
            },
        )
        .unwrap();
        assert_eq!(h.to_bits(), h1.to_bits());
        // The default entry point is one of these plans.
        assert_eq!(engine::kl(&p, &q, Norm::Normalize).unwrap(), base);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random inputs with zeros, near-equal pairs, wide dynamic range and
    /// unnormalised totals: all paths and thread counts agree to the bit.
    #[test]
    fn paths_and_thread_counts_agree(
        raw in prop::collection::vec((0.0f64..1.0, -1.0f64..1.0, 0u8..8), 1..300),
        scale_p in -20i32..20,
        scale_q in -20i32..20,
        rel_exp in 1i32..15,
    ) {
        let rel = 10f64.powi(-rel_exp);
        let p: Vec<f64> = raw
            .iter()
            .map(|&(x, _, k)| if k == 0 { 0.0 } else { x.powi(k as i32) * 2f64.powi(scale_p) })
            .collect();
        let q: Vec<f64> = raw
            .iter()
            .zip(&p)
            .map(|(&(x, d, k), &pv)| {
                if k == 1 { x * 2f64.powi(scale_q) } else { (pv + 1e-300) * (1.0 + rel * d) * 2f64.powi(scale_q - scale_p) }
            })
            .collect();
        prop_assume!(p.iter().sum::<f64>() > 0.0);
        let base = Plan { path: Path::Portable, threads: 1 };
        let want_kl = fused::kl_with(&p, &q, Norm::Normalize, base).unwrap();
        let want_h = fused::entropy_with(&p, Norm::Normalize, base).unwrap();
        let want_x = fused::cross_entropy_with(&p, &q, Norm::Normalize, base).unwrap();
        prop_assert!(want_kl >= 0.0);
        for plan in plans() {
            let kl = fused::kl_with(&p, &q, Norm::Normalize, plan).unwrap();
            prop_assert_eq!(kl.to_bits(), want_kl.to_bits(), "kl {:?}", plan);
            let h = fused::entropy_with(&p, Norm::Normalize, plan).unwrap();
            prop_assert_eq!(h.to_bits(), want_h.to_bits(), "entropy {:?}", plan);
            let x = fused::cross_entropy_with(&p, &q, Norm::Normalize, plan).unwrap();
            prop_assert_eq!(x.to_bits(), want_x.to_bits(), "cross-entropy {:?}", plan);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Inputs of several blocks (so that threads really share the work): on
    /// every path, any number of threads gives the bits of one thread, for
    /// KL, entropy and cross-entropy.
    #[test]
    fn thread_count_never_changes_the_bits(
        blocks in 1usize..6,
        extra in 0usize..fused::BLOCK,
        seed in any::<u64>(),
        rel_exp in 0i32..13,
        zeros in any::<bool>(),
        threads in 2usize..9,
    ) {
        let n = blocks * fused::BLOCK + extra;
        let rel = if rel_exp == 0 { 0.0 } else { 10f64.powi(-rel_exp) };
        let (p, q) = pair(n, seed, rel, zeros);
        for path in Path::ALL.into_iter().filter(|p| p.available()) {
            let one = Plan { path, threads: 1 };
            let many = Plan { path, threads };
            let n = Norm::Normalize;
            let (a, b) = (
                fused::kl_with(&p, &q, n, one).unwrap(),
                fused::kl_with(&p, &q, n, many).unwrap(),
            );
            prop_assert_eq!(a.to_bits(), b.to_bits(), "kl {:?}", many);
            let (a, b) = (
                fused::entropy_with(&p, n, one).unwrap(),
                fused::entropy_with(&p, n, many).unwrap(),
            );
            prop_assert_eq!(a.to_bits(), b.to_bits(), "entropy {:?}", many);
            let (a, b) = (
                fused::cross_entropy_with(&p, &q, n, one).unwrap(),
                fused::cross_entropy_with(&p, &q, n, many).unwrap(),
            );
            prop_assert_eq!(a.to_bits(), b.to_bits(), "cross-entropy {:?}", many);
        }
    }
}

/// Bad values are named the same way whichever path found them.
#[test]
fn bad_values_are_named_on_every_path() {
    for plan in plans() {
        let mut q = vec![0.1; 40];
        q[17] = -0.1;
        let err = fused::kl_with(&vec![0.025; 40], &q, Norm::Normalize, plan).unwrap_err();
        assert!(format!("{err}").contains("q"), "{err}");
        q[17] = f64::NAN;
        assert!(fused::kl_with(&vec![0.025; 40], &q, Norm::Normalize, plan).is_err());
        assert!(fused::entropy_with(&q, Norm::Normalize, plan).is_err());
        assert!(fused::kl_with(&[0.5, 0.5], &[1.0], Norm::Strict, plan).is_err());
        assert!(fused::kl_with(&[0.5, 0.6], &[0.5, 0.5], Norm::Strict, plan).is_err());
        assert_eq!(
            fused::kl_with(&[0.5, 0.5], &[1.0, 0.0], Norm::Strict, plan).unwrap(),
            f64::INFINITY
        );
    }
}
