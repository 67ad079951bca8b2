//! The Monte Carlo worked examples and solutions (issue 10 §2): every listed
//! sample's r, k1, k2 and k3, the three means and the exact divergence are
//! checked against a computation made here from P and Q alone (not from the
//! engine's log ratios), and the means against the exact value over many draws.

use kltutor::engine::{Gaussian, Norm, mc_kl_discrete_samples_seeded, mc_kl_samples_seeded};
use kltutor::lesson::catalog::Catalog;
use kltutor::lesson::model::{Item, Lesson};
use kltutor::lesson::{Step, steps::label};
use kltutor::quantity::{Inputs, Quantity};
use kltutor::tutor::problem::ActiveProblem;

fn ks(r: f64) -> [f64; 3] {
    let l = r.ln();
    [-l, l * l / 2.0, (r - 1.0) - l]
}

/// A number as shown to 4 significant digits agrees with `want`.
fn agrees(shown: &str, want: f64, what: &str) {
    let v: f64 = shown
        .trim()
        .trim_end_matches(" nats")
        .parse()
        .unwrap_or_else(|_| panic!("{what}: {shown:?} is not a number"));
    let tol = (6e-4 * want.abs()).max(1e-12);
    assert!(
        (v - want).abs() <= tol,
        "{what}: shown {shown}, computed {want}"
    );
}

fn normalised(v: &[f64]) -> Vec<f64> {
    let s: f64 = v.iter().sum();
    v.iter().map(|x| x / s).collect()
}

fn normal_pdf(x: f64, mu: f64, sigma: f64) -> f64 {
    let z = (x - mu) / sigma;
    (-0.5 * z * z).exp() / (sigma * (2.0 * std::f64::consts::PI).sqrt())
}

/// The sample lines of a worked example, checked; returns how many.
fn check_lines(at: &str, q: &Quantity, labels: &[String], steps: &[Step]) -> usize {
    let lines: Vec<String> = steps
        .iter()
        .filter_map(|s| match s {
            Step::Work(w) => Some(w.line()),
            _ => None,
        })
        .collect();
    let Some(head) = lines.iter().position(|l| l.contains(" ∼ P (seed ")) else {
        return 0;
    };
    let mut sums = [0.0; 3];
    // How far the rounding of the shown terms can move their average.
    let mut abs = [0.0; 3];
    let mut count = 0;
    for line in &lines[head + 1..] {
        let index = kltutor::lesson::math::lower(&(count + 1).to_string());
        let Some(rest) = line.strip_prefix(&format!("x{index} = ")) else {
            break;
        };
        count += 1;
        let (x, rest) = rest.split_once(": ").expect("sample line");
        let (x_part, k_part) = rest.split_once("; ").expect("sample line");
        let r = match &q.inputs {
            Inputs::Gaussian {
                mu1,
                sigma1,
                mu2,
                sigma2,
            } => {
                // x is shown to 4 digits: recompute r from that x, loosely.
                let x: f64 = x.parse().unwrap();
                let want = normal_pdf(x, *mu2, *sigma2) / normal_pdf(x, *mu1, *sigma1);
                let shown: f64 = x_part.rsplit(" = ").next().unwrap().parse().unwrap();
                assert!((shown / want - 1.0).abs() < 0.01, "{at}: {line}");
                shown
            }
            _ => {
                let (p, other) = q.as_discrete().unwrap();
                let (p, other) = (normalised(&p), normalised(&other));
                let i = (0..p.len())
                    .find(|&i| label(labels, i) == x)
                    .unwrap_or_else(|| panic!("{at}: no outcome {x}"));
                let r = other[i] / p[i];
                agrees(x_part.rsplit(" = ").next().unwrap(), r, at);
                r
            }
        };
        let want = ks(r);
        for (j, part) in k_part.split(", ").enumerate() {
            let (name, v) = part.split_once(" = ").unwrap();
            assert_eq!(name, ["k₁", "k₂", "k₃"][j], "{at}: {line}");
            let shown: f64 = v.parse().unwrap();
            if matches!(q.inputs, Inputs::Gaussian { .. }) {
                sums[j] += shown;
                abs[j] += shown.abs();
            } else {
                agrees(v, want[j], &format!("{at}: {line}"));
                sums[j] += want[j];
                abs[j] += want[j].abs() * 1e-6;
            }
        }
    }
    assert!(count >= 2, "{at}: no sample lines after the header");
    for (j, sum) in sums.iter().enumerate() {
        let mean = lines
            .iter()
            .find_map(|l| l.strip_prefix(&format!("mean of {} = ", ["k₁", "k₂", "k₃"][j])))
            .unwrap_or_else(|| panic!("{at}: no mean of k{}", j + 1));
        let shown = mean.rsplit(" = ").next().unwrap();
        let v: f64 = shown.trim_end_matches(" nats").parse().unwrap();
        let slack = (abs[j] * 1e-3 / count as f64)
            .max(6e-4 * v.abs())
            .max(1e-12);
        assert!(
            (v - sum / count as f64).abs() <= slack,
            "{at}: mean of k{} shown {v}, listed terms average {}",
            j + 1,
            sum / count as f64
        );
    }
    let exact = match &q.inputs {
        Inputs::Gaussian {
            mu1,
            sigma1,
            mu2,
            sigma2,
        } => {
            (sigma2 / sigma1).ln()
                + (sigma1 * sigma1 + (mu1 - mu2).powi(2)) / (2.0 * sigma2 * sigma2)
                - 0.5
        }
        _ => {
            let (p, other) = q.as_discrete().unwrap();
            let (p, other) = (normalised(&p), normalised(&other));
            p.iter()
                .zip(&other)
                .filter(|(a, _)| **a > 0.0)
                .map(|(a, b)| a * (a / b).ln())
                .sum()
        }
    };
    let last = lines
        .iter()
        .find_map(|l| {
            l.strip_prefix("exact D(P‖Q), the target of k₁ and k₃ (k₂ only approximates it) = ")
        })
        .unwrap_or_else(|| panic!("{at}: no exact line"));
    agrees(last, exact, at);
    count
}

fn sampled_items(l: &Lesson) -> usize {
    let mut found = 0;
    for (_, item) in l.items() {
        match item {
            Item::Example(e) if e.sampling.is_some() => {
                let steps = e.steps().unwrap();
                found += usize::from(
                    check_lines(
                        &format!("{}/{}", l.id, e.id),
                        &e.quantity,
                        &e.labels,
                        &steps,
                    ) > 0,
                );
            }
            Item::Problem(p) if p.sampling.is_some() => {
                for seed in [1, 7, 99] {
                    let mut a = ActiveProblem::new(&l.id, p, seed).unwrap();
                    let q = a.instance.quantity.clone();
                    let labels = match &p.source {
                        kltutor::lesson::ProblemSource::Fixed(_) => p.labels.clone(),
                        _ => Vec::new(),
                    };
                    let steps = a.solution().unwrap().steps;
                    let n = check_lines(
                        &format!("{}/{} seed {seed}", l.id, p.id),
                        &q,
                        &labels,
                        &steps,
                    );
                    assert_eq!(n, p.sampling.unwrap().samples);
                }
                found += 1;
            }
            _ => {}
        }
    }
    found
}

#[test]
fn lesson_samples_show_r_and_k1_k2_k3_from_p_and_q() {
    let catalog = Catalog::load(&[] as &[&str]);
    let mc = catalog.get("monte-carlo").unwrap();
    // Both examples of lesson 10 and its two computed problems list samples.
    assert!(sampled_items(mc) >= 4);
    let total: usize = catalog.lessons.iter().map(sampled_items).sum();
    assert!(total >= 6, "{total}");
}

#[test]
fn the_listed_draws_are_the_averaged_draws_and_aim_at_kl() {
    // Discrete: P = [0.5, 0.3, 0.2] sampled, Q = [0.4, 0.4, 0.2].
    let (p, q): ([f64; 3], [f64; 3]) = ([0.5, 0.3, 0.2], [0.4, 0.4, 0.2]);
    let exact: f64 = p.iter().zip(&q).map(|(a, b)| a * (a / b).ln()).sum();
    let k2_mean: f64 = p
        .iter()
        .zip(&q)
        .map(|(a, b)| a * (b / a).ln().powi(2) / 2.0)
        .sum();
    let (draws, means) = mc_kl_discrete_samples_seeded(&p, &q, Norm::Strict, 200_000, 5).unwrap();
    let mut sums = [0.0; 3];
    for d in &draws {
        let i = d.x as usize;
        let want = ks(q[i] / p[i]);
        for j in 0..3 {
            let got = [d.k1, d.k2, d.k3][j];
            assert!((got - want[j]).abs() <= 1e-12, "{j}: {got} vs {}", want[j]);
            sums[j] += want[j];
        }
    }
    for j in 0..3 {
        let mean = sums[j] / draws.len() as f64;
        assert!((means[j].value - mean).abs() < 1e-12);
        let target = if j == 1 { k2_mean } else { exact };
        assert!(
            (means[j].value - target).abs() < 5.0 * means[j].std_error,
            "k{}: {} vs {target} ± {}",
            j + 1,
            means[j].value,
            means[j].std_error
        );
    }
    // Outcome frequencies follow P.
    let share = draws.iter().filter(|d| d.x == 0.0).count() as f64 / draws.len() as f64;
    assert!((share - 0.5).abs() < 0.01, "{share}");

    // Gaussian: N(0, 1) sampled against N(1, 1.5²).
    let (a, b) = (
        Gaussian::new(0.0, 1.0).unwrap(),
        Gaussian::new(1.0, 1.5).unwrap(),
    );
    let exact = 1.5f64.ln() + (1.0 + 1.0) / (2.0 * 2.25) - 0.5;
    let (draws, means) = mc_kl_samples_seeded(&a, &b, 200_000, 9).unwrap();
    let mut sum3 = 0.0;
    for d in &draws {
        let want = ks(normal_pdf(d.x, 1.0, 1.5) / normal_pdf(d.x, 0.0, 1.0));
        assert!((d.k1 - want[0]).abs() <= 1e-9 * (1.0 + want[0].abs()));
        assert!((d.k3 - want[2]).abs() <= 1e-9 * (1.0 + want[2].abs()));
        sum3 += want[2];
    }
    assert!((means[2].value - sum3 / draws.len() as f64).abs() < 1e-9);
    for j in [0, 2] {
        assert!(
            (means[j].value - exact).abs() < 5.0 * means[j].std_error,
            "gaussian k{}: {} vs {exact}",
            j + 1,
            means[j].value
        );
    }
}
