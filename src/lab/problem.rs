//! The lab that draws a problem's own inputs, for `o` after a wrong answer
//! (and `lab` in plain mode): which lab, opened how, and in words why none
//! can when none can.

use super::{LabParams, loss};

/// The lab that draws a problem's own inputs, and its parameters: the
/// contributions lab for P and Q over 2 to 10 outcomes (the measure's sum,
/// `outcome` selected; entropy as the cross-entropy H(P, P)), the bernoulli
/// lab at p and q, the loss lab's Gaussian family that holds a Gaussian
/// pair exactly. `Err` says why no lab draws the inputs as they are.
pub fn problem_lab(
    q: &crate::quantity::Quantity,
    labels: &[String],
    outcome: Option<usize>,
) -> Result<(&'static str, LabParams), String> {
    use crate::quantity::{Inputs, Measure};
    let unit = q.measure.has_log_unit().then_some(q.base);
    match &q.inputs {
        Inputs::Bernoulli { p, q: r } => Ok((
            "bernoulli",
            LabParams {
                p: Some(*p),
                q: Some(*r),
                unit,
                observations: vec![
                    format!(
                        "These are the p = {p} and q = {r} of the problem you answered: D(P‖Q) and D(Q‖P) are both shown beside the curve."
                    ),
                    "Esc returns to the problem as you left it.".into(),
                ],
                ..LabParams::default()
            },
        )),
        Inputs::Discrete { x, .. }
            if matches!(
                q.measure,
                Measure::Js | Measure::Tv | Measure::Hellinger | Measure::W1
            ) =>
        {
            compare_lab(q, x.is_some())
        }
        Inputs::Discrete { .. } => {
            let (p, r) = q
                .as_discrete()
                .ok_or_else(|| "its inputs are not two distributions".to_string())?;
            let n = p.len();
            if !(2..=10).contains(&n) {
                return Err(format!(
                    "the contributions lab draws 2 to 10 outcomes, and this problem has {n}"
                ));
            }
            let norm = |v: &[f64]| {
                let s: f64 = v.iter().sum();
                v.iter().map(|x| x / s).collect::<Vec<f64>>()
            };
            let (measure, q_dist) = match q.measure {
                Measure::Kl | Measure::ReverseKl | Measure::CrossEntropy => (q.measure, norm(&r)),
                Measure::Entropy => (Measure::CrossEntropy, norm(&p)),
                m => {
                    return Err(format!(
                        "the contributions lab draws the terms of kl, reverse-kl, cross-entropy and entropy, and {} is not one of them",
                        m.id()
                    ));
                }
            };
            let label = |i: usize| labels.get(i).cloned().unwrap_or(format!("x{}", i + 1));
            let mut observations = vec![format!(
                "These are the P and Q of the problem you answered; the bars are the terms of {}.",
                match q.measure {
                    Measure::Kl => "D(P‖Q)",
                    Measure::ReverseKl => "D(Q‖P)",
                    Measure::Entropy => "H(P) (drawn as H(P,P): Q here is P)",
                    _ => "H(P,Q)",
                }
            )];
            if let Some(i) = outcome.filter(|i| *i < n) {
                observations.push(format!(
                    "Outcome {} ({}) is selected: the term your answer went wrong on. Compare its bar with what you computed.",
                    i + 1,
                    label(i)
                ));
            }
            observations.push(
                "Change P or Q to see how each term moves; Esc returns to the problem as you left it."
                    .into(),
            );
            Ok((
                "contributions",
                LabParams {
                    observations,
                    p_dist: norm(&p),
                    q_dist,
                    labels: if labels.len() == n {
                        labels.to_vec()
                    } else {
                        Vec::new()
                    },
                    unit,
                    measure: Some(measure),
                    selected: outcome.filter(|i| *i < n),
                    ..LabParams::default()
                },
            ))
        }
        Inputs::Gaussian {
            mu1,
            sigma1,
            mu2,
            sigma2,
        } => {
            let g = match q.measure {
                Measure::Kl => [*mu1, *sigma1, *mu2, *sigma2],
                Measure::ReverseKl => [*mu2, *sigma2, *mu1, *sigma1],
                m => {
                    return Err(format!(
                        "the loss lab draws D(P‖Q) between Gaussians, and this problem asks for {}",
                        m.id()
                    ));
                }
            };
            let fit = loss::gaussian_fit(g[0], g[1], g[2], g[3])
                .map_err(|why| format!("no lab holds this Gaussian pair: {why}"))?;
            Ok((
                "loss",
                LabParams {
                    gaussian: Some(g),
                    unit,
                    observations: gaussian_observations(q.measure, g, &fit),
                    ..LabParams::default()
                },
            ))
        }
        Inputs::Joint(_) => Err("no lab draws joint tables".into()),
        Inputs::MultiGaussian { .. } => Err("no lab draws multivariate Gaussians".into()),
    }
}

/// JS, TV, Hellinger and W1 problems in the compare lab, which shows them
/// side by side (with both KL directions) for the problem's own P and Q.
fn compare_lab(
    q: &crate::quantity::Quantity,
    positions: bool,
) -> Result<(&'static str, LabParams), String> {
    let name = q.measure.id();
    if positions && q.measure == crate::quantity::Measure::W1 {
        return Err(
            "the compare lab puts outcomes one unit apart, and this problem places them itself"
                .into(),
        );
    }
    let (p, r) = q
        .as_discrete()
        .ok_or_else(|| "its inputs are not two distributions".to_string())?;
    if !(2..=12).contains(&p.len()) {
        return Err(format!(
            "the compare lab draws 2 to 12 outcomes, and this problem has {}",
            p.len()
        ));
    }
    Ok((
        "compare",
        LabParams {
            p_dist: p,
            q_dist: r,
            unit: q.measure.has_log_unit().then_some(q.base),
            observations: vec![
                format!(
                    "These are the P and Q of the problem you answered; the {name} row is the value asked, beside KL both ways and the other measures."
                ),
                "Move Q (←→) to see which measures keep growing and which level off; Esc returns to the problem as you left it.".into(),
            ],
            ..LabParams::default()
        },
    ))
}

/// How a problem's Gaussian pair shows in the loss lab: which family, what
/// was shifted or scaled (KL does not change), where the point sits.
fn gaussian_observations(
    measure: crate::quantity::Measure,
    g: [f64; 4],
    fit: &loss::GaussianFit,
) -> Vec<String> {
    use crate::lesson::text::fmt_short;
    let f = |v: f64| fmt_short(v, 4);
    let mut v = Vec::new();
    let pair = format!(
        "P = N({}, {}²), Q = N({}, {}²)",
        f(g[0]),
        f(g[1]),
        f(g[2]),
        f(g[3])
    );
    if measure == crate::quantity::Measure::ReverseKl {
        v.push(format!(
            "Your D(Q‖P) is drawn as the lab's D(P‖Q_θ) with the roles swapped: {pair} here."
        ));
    } else {
        v.push(format!("Your pair is {pair}."));
    }
    let moved = fit.scale != 1.0 || fit.shift != 0.0;
    let how = match (fit.shift != 0.0, fit.scale != 1.0) {
        (true, true) => format!(
            "shifted by {} and divided by {}",
            f(-fit.shift),
            f(fit.scale)
        ),
        (true, false) => format!("shifted by {}", f(-fit.shift)),
        (false, true) => format!("divided by {}", f(fit.scale)),
        (false, false) => String::new(),
    };
    let drawn = match fit.family {
        loss::Family::GaussianLogSigma => format!(
            "the σ family: P = N(0, {}²), Q = N(0, σ²) at ln σ = {}",
            f(fit.truth),
            f(fit.theta)
        ),
        _ if fit.tau != 1.0 => format!(
            "the mean family with Q's spread fixed: P = N({}, 1), Q = N(μ, {}²) at μ = {}",
            f(fit.truth),
            f(fit.tau),
            f(fit.theta)
        ),
        _ => format!(
            "the mean family: P = N({}, 1), Q = N(μ, 1) at μ = {}",
            f(fit.truth),
            f(fit.theta)
        ),
    };
    if moved {
        v.push(format!(
            "It is drawn on {drawn}: both {how}, which leaves the divergence unchanged. The point on the curve is your divergence."
        ));
    } else {
        v.push(format!(
            "It is drawn on {drawn}. The point on the curve is your divergence."
        ));
    }
    if fit.tau != 1.0 {
        v.push("Q's spread differs from P's, so even the best μ leaves a gap: the floor of the curve is above 0.".into());
    }
    v.push("Esc returns to the problem as you left it.".into());
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Base;
    use crate::lab::contributions;
    use crate::quantity::{Measure, Quantity};

    #[test]
    fn a_problem_opens_the_lab_that_draws_its_inputs() {
        let q = Quantity::discrete(
            Measure::ReverseKl,
            vec![9.0, 1.0],
            vec![1.0, 1.0],
            Base::Two,
        );
        let (name, lp) = problem_lab(&q, &["h".into(), "t".into()], Some(1)).unwrap();
        assert_eq!(name, "contributions");
        assert_eq!((&lp.p_dist, &lp.q_dist), (&vec![0.9, 0.1], &vec![0.5, 0.5]));
        assert_eq!(
            (lp.selected, lp.measure, lp.unit),
            (Some(1), Some(Measure::ReverseKl), Some(Base::Two))
        );
        assert!(
            lp.observations[1].contains("Outcome 2 (t)"),
            "{:?}",
            lp.observations
        );
        let mut lab = contributions::ContributionsLab::new(None, None)
            .with_distributions(&lp.p_dist, &lp.q_dist, &lp.labels);
        lab.start_at(lp.measure, lp.selected);
        assert_eq!((lab.mode, lab.selected), (contributions::Mode::Reverse, 1));
        // Entropy: H(P) drawn as H(P, P).
        let e = Quantity::discrete(Measure::Entropy, vec![0.5, 0.5], vec![], Base::E);
        let (_, lp) = problem_lab(&e, &[], Some(7)).unwrap();
        assert_eq!(
            (lp.q_dist.clone(), lp.measure, lp.selected),
            (lp.p_dist.clone(), Some(Measure::CrossEntropy), None)
        );
        // Too many outcomes for the lab, and measures it does not sum.
        let big = Quantity::discrete(Measure::Kl, vec![1.0; 11], vec![1.0; 11], Base::E);
        assert!(
            problem_lab(&big, &[], None)
                .unwrap_err()
                .contains("this problem has 11")
        );
        let js = Quantity::discrete(Measure::Js, vec![0.5, 0.5], vec![0.1, 0.9], Base::E);
        // JS, TV, Hellinger and W1: the compare lab on the same P and Q.
        let (name, lp) = problem_lab(&js, &[], None).unwrap();
        assert_eq!(
            (name, &lp.p_dist, &lp.q_dist),
            ("compare", &vec![0.5, 0.5], &vec![0.1, 0.9])
        );
        let chi = Quantity::discrete(Measure::Chi2, vec![0.5, 0.5], vec![0.1, 0.9], Base::E);
        let why = problem_lab(&chi, &[], None).unwrap_err();
        assert!(why.contains("chi2 is not one of them"), "{why}");
    }

    /// Gaussian pairs land on the loss lab's family that holds them exactly
    /// (python3: D(N(0,4)‖N(1,4)) = 0.125, D(N(0,1)‖N(0,4)) = 0.3181472,
    /// D(N(0,4)‖N(0,1)) = 0.8068528 nats).
    #[test]
    fn gaussian_problems_open_the_loss_lab_where_it_fits() {
        use crate::quantity::Inputs;
        let gauss = |m: Measure, mu1, sigma1, mu2, sigma2| Quantity {
            measure: m,
            inputs: Inputs::Gaussian {
                mu1,
                sigma1,
                mu2,
                sigma2,
            },
            base: Base::E,
            norm: crate::engine::Norm::Strict,
        };
        for (q, want, family) in [
            (
                gauss(Measure::Kl, 0.0, 2.0, 1.0, 2.0),
                0.125,
                loss::Family::GaussianMean,
            ),
            (
                gauss(Measure::Kl, 0.0, 1.0, 0.0, 2.0),
                0.3181471805599453,
                loss::Family::GaussianLogSigma,
            ),
            (
                gauss(Measure::ReverseKl, 0.0, 1.0, 0.0, 2.0),
                0.8068528194400547,
                loss::Family::GaussianLogSigma,
            ),
        ] {
            assert!((q.value().unwrap() - want).abs() < 1e-12);
            let (name, lp) = problem_lab(&q, &[], None).unwrap();
            assert_eq!(name, "loss");
            let [a, b, c, d] = lp.gaussian.unwrap();
            let lab = loss::LossLab::new(0.2, 0.6)
                .with_gaussian(a, b, c, d)
                .unwrap();
            assert_eq!(lab.family, family);
            assert!(
                (lab.loss() - want).abs() < 1e-12,
                "{} vs {want}",
                lab.loss()
            );
        }
        // Neither σ nor μ equal: the mean family with Q's spread fixed at
        // τ = σ2/σ1 holds it; a pair outside the ranges is shifted (python3:
        // D(N(0,1)‖N(1,4)) = 0.4431472, D(N(10,4)‖N(11,9)) = 0.1832429,
        // D(N(11,9)‖N(10,4)) = 0.3445349, D(N(5,0.01)‖N(5,0.49)) = 1.4561142).
        for (q, want, family, tau) in [
            (
                gauss(Measure::Kl, 0.0, 1.0, 1.0, 2.0),
                0.4431471805599453,
                loss::Family::GaussianMean,
                2.0,
            ),
            (
                gauss(Measure::Kl, 10.0, 2.0, 11.0, 3.0),
                0.18324288588594217,
                loss::Family::GaussianMean,
                1.5,
            ),
            (
                gauss(Measure::ReverseKl, 10.0, 2.0, 11.0, 3.0),
                0.3445348918918356,
                loss::Family::GaussianMean,
                2.0 / 3.0,
            ),
            (
                gauss(Measure::Kl, 5.0, 0.1, 5.0, 0.7),
                1.4561142306879662,
                loss::Family::GaussianLogSigma,
                1.0,
            ),
        ] {
            assert!((q.value().unwrap() - want).abs() < 1e-12);
            let (name, lp) = problem_lab(&q, &[], None).unwrap();
            assert_eq!(name, "loss");
            let [a, b, c, d] = lp.gaussian.unwrap();
            let lab = loss::LossLab::new(0.2, 0.6)
                .with_gaussian(a, b, c, d)
                .unwrap();
            assert_eq!((lab.family, lab.tau), (family, tau));
            assert!(
                (lab.loss() - want).abs() < 1e-12,
                "{} vs {want}",
                lab.loss()
            );
            assert!(
                lp.observations
                    .iter()
                    .any(|o| o.contains("point on the curve is your divergence")),
                "{:?}",
                lp.observations
            );
        }
        let shifted = problem_lab(&gauss(Measure::Kl, 10.0, 2.0, 11.0, 3.0), &[], None)
            .unwrap()
            .1;
        assert!(
            shifted.observations[1].contains("both shifted by -10 and divided by 2"),
            "{:?}",
            shifted.observations
        );
        // No family holds these; the reason says which range is exceeded.
        let far = problem_lab(&gauss(Measure::Kl, 0.0, 1.0, 20.0, 1.0), &[], None).unwrap_err();
        assert!(far.contains("20 of P's σ apart"), "{far}");
        let wide = problem_lab(&gauss(Measure::Kl, 0.0, 1.0, 1.0, 50.0), &[], None).unwrap_err();
        assert!(wide.contains("Q's σ is 50 times P's"), "{wide}");
        let ce =
            problem_lab(&gauss(Measure::CrossEntropy, 0.0, 1.0, 1.0, 2.0), &[], None).unwrap_err();
        assert!(ce.contains("cross-entropy"), "{ce}");
    }
}
