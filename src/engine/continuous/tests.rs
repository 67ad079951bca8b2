//! Quadrature, Gauss-Hermite rules and the densities, against closed forms.

use super::*;

#[test]
fn gauss_kronrod_integrates_polynomials_exactly() {
    let f = |x: f64| (x.powi(22) + 3.0 * x.powi(7) - x * x, 0.0);
    let (k, _, _) = gk15(&f, 0.0, 1.0);
    let want = 1.0 / 23.0 + 3.0 / 8.0 - 1.0 / 3.0;
    assert!((k - want).abs() < 1e-15, "{k} vs {want}");
    let g = |x: f64| (x.powi(13), 0.0);
    let (k, e, _) = gk15(&g, -1.0, 2.0);
    assert!((k - (2f64.powi(14) - 1.0) / 14.0).abs() < 1e-11);
    assert!(e < 1e-9, "G7 is exact for degree 13: {e}");
}

#[test]
fn adaptive_rule_bound_is_honest() {
    let f = |x: f64| ((x * x).sin() * (-x).exp(), 0.0);
    let est = integrate(&f, &[0.0, 1.0, 5.0, 30.0], 1e-300, 1e-13);
    // Reference: mpmath.quad(lambda x: sin(x**2)*exp(-x), linspace(0, 30, 60)) at 30 digits.
    let want = 0.270_513_580_162_214;
    assert!(
        (est.value - want).abs() <= est.error_bound.max(2e-16),
        "{est:?}"
    );
}

#[test]
fn hermite_rule_moments() {
    for n in [1, 2, 5, 32, 64, 100] {
        let gh = GaussHermite::new(n).unwrap();
        let m = |k: i32| gh.expect(0.0, 1.0, |x| x.powi(k));
        assert!((m(0) - 1.0).abs() < 1e-14, "n={n}: {}", m(0));
        if n >= 2 {
            assert!((m(2) - 1.0).abs() < 1e-13, "n={n}");
        }
        if n >= 3 {
            assert!((m(4) - 3.0).abs() < 1e-12, "n={n}");
        }
        assert!(gh.nodes.windows(2).all(|w| w[0] < w[1]));
    }
}

#[test]
fn mixture_moments_match_quadrature() {
    let m = Mixture2::new(0.3, -1.0, 0.5, 2.0, 1.5).unwrap();
    let pts = merged_points(&[&m]);
    let mass = integrate(&|x| (m.pdf(x), 0.0), &pts, 1e-16, 1e-14).value;
    let mean = integrate(&|x| (x * m.pdf(x), 0.0), &pts, 1e-16, 1e-14).value;
    let var = integrate(
        &|x| ((x - m.mean()).powi(2) * m.pdf(x), 0.0),
        &pts,
        1e-16,
        1e-14,
    )
    .value;
    assert!((mass - 1.0).abs() < 1e-13);
    assert!((mean - m.mean()).abs() < 1e-13);
    assert!((var - m.variance()).abs() < 1e-12);
}
