//! Each measure's working ends in the engine's value, with the right pieces.

use super::*;
use crate::engine::{self, Base, Norm};
use crate::quantity::Alpha;

fn disc(m: Measure, p: &[f64], q: &[f64]) -> Quantity {
    Quantity::discrete(m, p.to_vec(), q.to_vec(), Base::E)
}

fn last(w: &[Work]) -> f64 {
    w.last().unwrap().value.unwrap()
}

#[test]
fn every_non_row_measure_has_working_ending_in_the_engine_value() {
    let (p, q) = ([0.5, 0.3, 0.2], [0.2, 0.5, 0.3]);
    for m in [
        Measure::Js,
        Measure::Tv,
        Measure::Hellinger,
        Measure::W1,
        Measure::Chi2,
        Measure::Renyi(Alpha::new(0.5)),
        Measure::Renyi(Alpha::new(0.0)),
        Measure::Renyi(Alpha::new(1.0)),
        Measure::Renyi(Alpha::new(f64::INFINITY)),
    ] {
        let quantity = disc(m, &p, &q);
        let w = work(&quantity).unwrap();
        assert!(w.len() >= 2, "{m}: {w:?}");
        assert_eq!(last(&w), quantity.value().unwrap(), "{m}");
    }
}

#[test]
fn tv_hellinger_and_chi2_lines_are_per_outcome_and_add_up() {
    let (p, q) = ([0.9, 0.1], [0.5, 0.5]);
    let w = work(&disc(Measure::Tv, &p, &q)).unwrap();
    assert_eq!(w[0].line(), "x1: |P − Q| = |0.9 − 0.5| = 0.4");
    assert_eq!(w[2].value, Some(0.8));
    let w = work(&disc(Measure::Hellinger, &p, &q)).unwrap();
    let bc = (0.45f64).sqrt() + (0.05f64).sqrt();
    assert!((w[2].value.unwrap() - bc).abs() < 1e-15);
    assert!((last(&w) - (1.0 - bc).sqrt()).abs() < 1e-12);
    // Hellinger's symbol is the lessons' d_H, never cross-entropy's H(P,Q).
    assert!(w.last().unwrap().what.starts_with("d_H(P,Q)"), "{w:?}");
    assert!(
        w.iter()
            .all(|l| !l.line().contains("H(P,Q)") || l.line().contains("d_H(P,Q)"))
    );
    let w = work(&disc(Measure::Chi2, &p, &q)).unwrap();
    let sum: f64 = w[..2].iter().map(|l| l.value.unwrap()).sum();
    assert!((sum - last(&w)).abs() < 1e-15);
}

#[test]
fn js_goes_through_m_and_the_two_kls() {
    let w = work(&disc(Measure::Js, &[0.9, 0.1], &[0.5, 0.5])).unwrap();
    assert_eq!(w[0].result, "[0.7, 0.3]");
    let (a, b) = (w[1].value.unwrap(), w[2].value.unwrap());
    assert!(((a + b) / 2.0 - last(&w)).abs() < 1e-15);
    assert!((a - engine::kl(&[0.9, 0.1], &[0.7, 0.3], Norm::Strict).unwrap()).abs() < 1e-15);
}

#[test]
fn gaussian_terms_add_to_the_closed_form() {
    let q = Quantity {
        measure: Measure::Kl,
        inputs: Inputs::Gaussian {
            mu1: 0.0,
            sigma1: 1.0,
            mu2: 1.0,
            sigma2: 2.0,
        },
        base: Base::E,
        norm: Norm::Strict,
    };
    let w = work(&q).unwrap();
    let parts: f64 = w[..3].iter().map(|l| l.value.unwrap()).sum::<f64>() - 0.5;
    assert!((parts - last(&w)).abs() < 1e-15, "{parts} vs {}", last(&w));
    assert_eq!(w[0].what, "ln(σ₂/σ₁)");
}

#[test]
fn mi_goes_through_marginals_and_cells() {
    let q = Quantity {
        measure: Measure::MutualInformation,
        inputs: Inputs::Joint(vec![vec![0.3, 0.2], vec![0.1, 0.4]]),
        base: Base::E,
        norm: Norm::Strict,
    };
    let w = work(&q).unwrap();
    assert_eq!(w[0].result, "[0.5, 0.5]");
    assert_eq!(w[1].result, "[0.4, 0.6]");
    let cells: f64 = w[2..6].iter().map(|l| l.value.unwrap()).sum();
    assert!((cells - last(&w)).abs() < 1e-12);
}

#[test]
fn long_inputs_are_cut_to_a_bounded_number_of_lines() {
    let n = 10_000;
    let p = vec![1.0 / n as f64; n];
    let w = work(&Quantity {
        norm: Norm::Normalize,
        ..disc(Measure::Tv, &p, &p)
    })
    .unwrap();
    assert!(w.len() <= MAX_OUTCOME_LINES + 4, "{}", w.len());
    assert!(w.iter().any(|l| l.result.contains("9950 more")));
}

/// Near α = 1 the sum S is shown with the digits its log needs: the
/// printed S, put through ln(S)/(α − 1), gives the engine's value.
#[test]
fn renyi_near_one_shows_enough_digits_of_s() {
    let q = disc(
        Measure::Renyi(Alpha::new(0.999)),
        &[0.6, 0.3, 0.1],
        &[0.5, 0.4, 0.1],
    );
    let w = work(&q).unwrap();
    let s_line = w.iter().find(|l| l.what.starts_with("S =")).unwrap();
    let s: f64 = s_line.result.parse().unwrap();
    assert!(s != 1.0, "{}", s_line.result);
    let from_shown = s.ln() / (0.999 - 1.0);
    assert!((from_shown / last(&w) - 1.0).abs() < 1e-3, "{from_shown}");
    assert!(w.last().unwrap().how.contains(&s_line.result));
    // Far from 1 the usual four digits.
    assert_eq!(near_one(0.5), n(0.5));
}

#[test]
fn row_measures_have_no_extra_working() {
    assert!(
        work(&disc(Measure::Kl, &[0.9, 0.1], &[0.5, 0.5]))
            .unwrap()
            .is_empty()
    );
}

/// BC close to 1 is shown with the digits 1 − BC needs: the shown BC, put
/// through √(1 − BC), gives the engine's d_H to about 4 digits.
#[test]
fn hellinger_near_zero_shows_enough_digits_of_bc() {
    let q = disc(Measure::Hellinger, &[0.6, 0.3, 0.1], &[0.5, 0.4, 0.1]);
    let w = work(&q).unwrap();
    let bc_line = w.iter().find(|l| l.what.starts_with("BC =")).unwrap();
    let bc: f64 = bc_line.result.parse().unwrap();
    let from_shown = (1.0 - bc).sqrt();
    assert!(
        (from_shown / last(&w) - 1.0).abs() < 1e-3,
        "{from_shown} vs {}",
        last(&w)
    );
    assert!(w.last().unwrap().how.contains(&bc_line.result));
}
