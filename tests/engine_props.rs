//! Properties of KL and its relatives that hold for every input, checked on
//! random distributions (proptest), plus deterministic Monte Carlo checks.

use kltutor::engine::{
    self, Base, Density, Estimator, Gaussian, Mixture2, Norm, chain_rule, product,
};
use proptest::prelude::*;

const N: Norm = Norm::Normalize;

/// Weights for `n` outcomes, a few of them possibly zero, not all zero.
fn weights(n: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(
        prop_oneof![1 => Just(0.0), 8 => 1e-3..1.0f64, 1 => 1e-9..1e-3f64],
        n,
    )
    .prop_filter("not all zero", |v| v.iter().any(|&x| x > 0.0))
}

/// Strictly positive weights (so every divergence is finite).
fn positive(n: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(1e-4..1.0f64, n)
}

fn pair() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    (2usize..8).prop_flat_map(|n| (weights(n), positive(n)))
}

fn normalised(v: &[f64]) -> Vec<f64> {
    let s: f64 = v.iter().sum();
    v.iter().map(|x| x / s).collect()
}

fn close(a: f64, b: f64, rel: f64, abs: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()) + abs
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn divergences_are_non_negative((p, q) in pair()) {
        prop_assert!(engine::kl(&p, &q, N).unwrap() >= 0.0);
        prop_assert!(engine::kl(&q, &p, N).unwrap() >= 0.0);
        let js = engine::js(&p, &q, N).unwrap();
        prop_assert!((0.0..=std::f64::consts::LN_2).contains(&js));
        let h = engine::entropy(&p, N).unwrap();
        prop_assert!(engine::cross_entropy(&p, &q, N).unwrap() - h >= 0.0);
    }

    #[test]
    fn zero_exactly_when_equal((p, q) in pair()) {
        prop_assert_eq!(engine::kl(&p, &p, N).unwrap(), 0.0);
        prop_assert_eq!(engine::kl(&q, &q, N).unwrap(), 0.0);
        prop_assert_eq!(engine::js(&p, &p, N).unwrap(), 0.0);
        // Scaling does not change a distribution under Normalize.
        let scaled: Vec<f64> = q.iter().map(|x| x * 4.0).collect();
        prop_assert_eq!(engine::kl(&q, &scaled, N).unwrap(), 0.0);
        // Different distributions (total variation > 0) have positive KL.
        if engine::total_variation(&p, &q, N).unwrap() > 0.0 {
            prop_assert!(engine::kl(&p, &q, N).unwrap() > 0.0);
            prop_assert!(engine::js(&p, &q, N).unwrap() > 0.0);
        }
    }

    #[test]
    fn cross_entropy_is_entropy_plus_kl((p, q) in pair()) {
        // Against the textbook sum, computed independently.
        let (pn, qn) = (normalised(&p), normalised(&q));
        let textbook: f64 = pn
            .iter()
            .zip(&qn)
            .filter(|(a, _)| **a > 0.0)
            .map(|(a, b)| -a * b.ln())
            .sum();
        let h = engine::entropy(&p, N).unwrap();
        let d = engine::kl(&p, &q, N).unwrap();
        prop_assert!(close(h + d, textbook, 1e-12, 0.0), "{} vs {}", h + d, textbook);
        prop_assert!(close(engine::cross_entropy(&p, &q, N).unwrap(), textbook, 1e-12, 0.0));
    }

    #[test]
    fn kl_is_additive_over_products(
        (p1, q1) in pair(),
        (p2, q2) in pair(),
    ) {
        let (p1, q1, p2, q2) = (normalised(&p1), normalised(&q1), normalised(&p2), normalised(&q2));
        let joint = engine::kl(&product(&p1, &p2), &product(&q1, &q2), N).unwrap();
        let sum = engine::kl(&p1, &q1, N).unwrap() + engine::kl(&p2, &q2, N).unwrap();
        // The products round each entry once, a relative 1e-16 change in each ratio.
        prop_assert!(close(joint, sum, 1e-12, 1e-15), "{joint} vs {sum}");
    }

    #[test]
    fn chain_rule_holds(
        (rows, cols) in (1usize..5, 1usize..5),
        seed in any::<u64>(),
    ) {
        // Tables from a simple deterministic generator, some cells zero in P.
        let mut s = seed | 1;
        let mut next = move || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        let p: Vec<Vec<f64>> = (0..rows)
            .map(|_| (0..cols).map(|_| { let u = next(); if u < 0.15 { 0.0 } else { u } }).collect())
            .collect();
        let q: Vec<Vec<f64>> = (0..rows).map(|_| (0..cols).map(|_| next() + 1e-3).collect()).collect();
        prop_assume!(p.iter().flatten().any(|&x| x > 0.0));
        let c = chain_rule(&p, &q, N).unwrap();
        prop_assert!(c.marginal >= 0.0 && c.conditional >= 0.0);
        prop_assert!(close(c.total, c.marginal + c.conditional, 1e-12, 1e-15), "{c:?}");
        // Mutual information is the KL to the product of the marginals.
        let px: Vec<f64> = p.iter().map(|r| r.iter().sum()).collect();
        let py: Vec<f64> = (0..cols).map(|j| p.iter().map(|r| r[j]).sum()).collect();
        let flat: Vec<f64> = p.iter().flatten().copied().collect();
        let mi = engine::mutual_information(&p, N).unwrap();
        let via_kl = engine::kl(&flat, &product(&px, &py), N).unwrap();
        prop_assert!(mi >= 0.0);
        prop_assert!(close(mi, via_kl, 1e-10, 1e-15), "{mi} vs {via_kl}");
    }

    #[test]
    fn kl_is_jointly_convex(
        (p0, q0) in pair(),
        t in 0.0..1.0f64,
        seed in 0u64..1000,
    ) {
        let n = p0.len();
        // A second pair over the same outcomes, derived from the first.
        let p1: Vec<f64> = (0..n).map(|i| ((i as u64 * 7 + seed) % 11) as f64 + 0.5).collect();
        let q1: Vec<f64> = (0..n).map(|i| ((i as u64 * 3 + seed) % 5) as f64 + 1.0).collect();
        let (p0, q0, p1, q1) = (normalised(&p0), normalised(&q0), normalised(&p1), normalised(&q1));
        let mix = |a: &[f64], b: &[f64]| -> Vec<f64> {
            a.iter().zip(b).map(|(x, y)| (1.0 - t) * x + t * y).collect()
        };
        let lhs = engine::kl(&mix(&p0, &p1), &mix(&q0, &q1), N).unwrap();
        let rhs = (1.0 - t) * engine::kl(&p0, &q0, N).unwrap() + t * engine::kl(&p1, &q1, N).unwrap();
        prop_assert!(lhs <= rhs * (1.0 + 1e-12) + 1e-15, "{lhs} > {rhs}");
    }

    #[test]
    fn bits_are_nats_over_ln_2((p, q) in pair()) {
        let nats = engine::kl(&p, &q, N).unwrap();
        let (pn, qn) = (normalised(&p), normalised(&q));
        let textbook_bits: f64 = pn
            .iter()
            .zip(&qn)
            .filter(|(a, _)| **a > 0.0)
            .map(|(a, b)| a * (a / b).log2())
            .sum();
        let bits = Base::Two.from_nats(nats);
        prop_assert_eq!(bits, nats / std::f64::consts::LN_2);
        prop_assert!(close(bits, textbook_bits, 1e-9, 1e-14), "{bits} vs {textbook_bits}");
        prop_assert!(close(Base::Two.to_nats(bits), nats, 1e-15, 0.0));
    }

    #[test]
    fn bernoulli_closed_form_matches_discrete(p in 0.01..0.99f64, q in 0.01..0.99f64) {
        prop_assume!((p - q).abs() > 1e-3);
        let closed = engine::bernoulli_kl(p, q).unwrap();
        let discrete = engine::kl(&[1.0 - p, p], &[1.0 - q, q], Norm::Normalize).unwrap();
        // [1-p, p] sums to 1 only up to rounding of 1-p, so the two describe
        // distributions that differ by ~1e-16 in each probability.
        prop_assert!(close(closed, discrete, 1e-11, 0.0), "{closed} vs {discrete}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn gaussian_closed_form_within_quadrature_bound(
        m1 in -5.0..5.0f64, s1 in 0.2..5.0f64, m2 in -5.0..5.0f64, s2 in 0.2..5.0f64,
    ) {
        let closed = engine::gaussian_kl(m1, s1, m2, s2).unwrap();
        let q = engine::kl_quadrature(&Gaussian::new(m1, s1).unwrap(), &Gaussian::new(m2, s2).unwrap()).unwrap();
        prop_assert!((q.value - closed).abs() <= q.error_bound, "{q:?} vs {closed}");
        prop_assert!((q.value - closed).abs() <= 1e-10 * closed, "{q:?} vs {closed}");
    }
}

#[test]
fn monte_carlo_k3_agrees_with_closed_form() {
    let pairs = [
        (0.0, 1.0, 1.0, 1.0),
        (0.0, 1.0, 0.0, 2.0),
        (0.5, 0.8, -0.5, 1.2),
        (2.0, 1.5, 1.8, 1.4),
    ];
    for (k, (mq, sq, mp, sp)) in pairs.into_iter().enumerate() {
        let q = Gaussian::new(mq, sq).unwrap();
        let p = Gaussian::new(mp, sp).unwrap();
        let exact = engine::gaussian_kl(mq, sq, mp, sp).unwrap();
        let est = engine::mc_kl_seeded(&q, &p, 20_000, 1000 + k as u64).unwrap();
        for e in &est {
            assert_eq!(e.n, 20_000);
            assert!(e.std_error > 0.0 && e.std_error.is_finite());
        }
        let [k1, _, k3] = est;
        assert_eq!(k3.estimator, Estimator::K3);
        assert!(
            (k3.value - exact).abs() <= 5.0 * k3.std_error,
            "{k3:?} vs {exact}"
        );
        assert!(
            (k1.value - exact).abs() <= 5.0 * k1.std_error,
            "{k1:?} vs {exact}"
        );
    }
}

#[test]
fn monte_carlo_k2_is_biased_far_from_q() {
    // For distant distributions E[k2] is not the KL: the bias dwarfs the noise.
    let q = Gaussian::new(0.0, 1.0).unwrap();
    let p = Gaussian::new(0.0, 4.0).unwrap();
    let exact = engine::gaussian_kl(0.0, 1.0, 0.0, 4.0).unwrap();
    let [_, k2, k3] = engine::mc_kl_seeded(&q, &p, 20_000, 9).unwrap();
    assert!(
        (k2.value - exact).abs() > 10.0 * k2.std_error,
        "{k2:?} vs {exact}"
    );
    assert!((k3.value - exact).abs() <= 5.0 * k3.std_error);
}

#[test]
fn monte_carlo_on_a_mixture_agrees_with_quadrature() {
    let p = Mixture2::new(0.5, -3.0, 1.0, 3.0, 1.0).unwrap();
    let q = Gaussian::new(1.0, 2.0).unwrap();
    let want = engine::kl_quadrature(&q, &p).unwrap().value;
    let [_, _, k3] = engine::mc_kl_seeded(&q, &p, 20_000, 5).unwrap();
    assert!(
        (k3.value - want).abs() <= 5.0 * k3.std_error,
        "{k3:?} vs {want}"
    );
    // Samples of the mixture have its moments.
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(3);
    let xs: Vec<f64> = (0..20_000).map(|_| p.sample(&mut rng)).collect();
    let mean = xs.iter().sum::<f64>() / xs.len() as f64;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (xs.len() - 1) as f64;
    assert!(
        (mean - p.mean()).abs() < 5.0 * (p.variance() / 20_000.0).sqrt(),
        "{mean}"
    );
    assert!((var - p.variance()).abs() < 0.05 * p.variance(), "{var}");
}

#[test]
fn monte_carlo_discrete_agrees_with_kl() {
    let q = [0.1, 0.4, 0.3, 0.2];
    let p = [0.25, 0.25, 0.25, 0.25];
    let exact = engine::kl(&q, &p, Norm::Strict).unwrap();
    for seed in [1, 2, 3] {
        let [k1, k2, k3] =
            engine::mc_kl_discrete_seeded(&q, &p, Norm::Strict, 20_000, seed).unwrap();
        assert!(
            (k3.value - exact).abs() <= 5.0 * k3.std_error,
            "{k3:?} vs {exact}"
        );
        assert!(
            (k1.value - exact).abs() <= 5.0 * k1.std_error,
            "{k1:?} vs {exact}"
        );
        assert!(k2.value >= 0.0 && k3.value >= 0.0);
    }
}
