//! The measures added for the f-divergence and multivariate-Gaussian lessons
//! (χ², Rényi, full-covariance Gaussian KL) as lesson authors write them:
//! fixed and randomized problems, examples, inline values, and the errors a
//! bad block gets, each at its key's line.

use kltutor::engine::{self, Norm};
use kltutor::lesson::{Severity, parse_bytes};
use kltutor::quantity::{Inputs, Measure};

const HEAD: &str = "+++\nid = \"measures\"\ntitle = \"Measures\"\nsummary = \"s\"\nconcepts = [\"definition-discrete\"]\nrequires = []\nminutes = 5\ndifficulty = 1\n+++\n\n# Measures\n\nText.\n\n";

fn parse(body: &str) -> Result<kltutor::lesson::Lesson, Vec<String>> {
    let text = format!("{HEAD}{body}");
    let out = parse_bytes("m.md", text.as_bytes(), false);
    out.ok().map_err(|ds| {
        ds.into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect()
    })
}

fn errors(body: &str) -> String {
    match parse(body) {
        Ok(_) => panic!("expected errors for:\n{body}"),
        Err(e) => e.join("\n"),
    }
}

#[test]
fn chi2_renyi_and_mvn_problems_take_the_engines_values() {
    let lesson = parse(
        "```problem\nid = \"c\"\nprompt = \"chi2\"\ncompute = \"chi2\"\np = [0.9, 0.1]\nq = [0.5, 0.5]\n```\n\n\
         ```problem\nid = \"r\"\nprompt = \"renyi\"\ncompute = \"renyi\"\nalpha = 0.5\np = [0.9, 0.1]\nq = [0.5, 0.5]\nunit = \"bits\"\n```\n\n\
         ```problem\nid = \"m\"\nprompt = \"mvn\"\ncompute = \"kl\"\nmu1 = [0.0, 0.0]\ncov1 = [[1.0, 0.5], [0.5, 2.0]]\nmu2 = [1.0, 0.0]\ncov2 = [[1.0, 0.0], [0.0, 1.0]]\n```\n\n\
         The value {{renyi p=[0.9,0.1] q=[0.5,0.5] alpha=2 digits=4}} is inline.\n",
    )
    .unwrap_or_else(|e| panic!("{}", e.join("\n")));
    let probs: Vec<_> = lesson.problems().collect();
    let fixed = |i: usize| match &probs[i].source {
        kltutor::lesson::ProblemSource::Fixed(q) => q.clone(),
        _ => panic!("fixed"),
    };
    let c = fixed(0);
    assert_eq!(c.measure, Measure::Chi2);
    assert_eq!(
        c.value().unwrap(),
        engine::chi2(&[0.9, 0.1], &[0.5, 0.5], Norm::Strict).unwrap()
    );
    let r = fixed(1);
    assert_eq!(probs[1].measure, r.measure);
    let want = engine::renyi(&[0.9, 0.1], &[0.5, 0.5], 0.5, Norm::Strict).unwrap();
    assert!((r.value().unwrap() - want / std::f64::consts::LN_2).abs() < 1e-15);
    let m = fixed(2);
    assert!(matches!(m.inputs, Inputs::MultiGaussian { .. }));
    let want = engine::mvn_kl(
        &[0.0, 0.0],
        &[vec![1.0, 0.5], vec![0.5, 2.0]],
        &[1.0, 0.0],
        &[vec![1.0, 0.0], vec![0.0, 1.0]],
    )
    .unwrap();
    assert_eq!(m.value().unwrap(), want);
}

#[test]
fn randomized_mvn_and_renyi_problems_draw_valid_instances() {
    let lesson = parse(
        "```problem\nid = \"rm\"\nprompt = \"Means {mu1} and {mu2}, covariances {cov1} and {cov2}.\"\ncompute = \"kl\"\nfamily = \"mvn\"\n[random]\ndim = [2, 3]\nmu = [-1.0, 1.0]\nsigma = [0.5, 2.0]\nrho = [-0.8, 0.8]\n```\n\n\
         ```problem\nid = \"rr\"\nprompt = \"P = {p}, Q = {q}\"\ncompute = \"renyi\"\nalpha = 2\n[random]\noutcomes = [3, 4]\n```\n",
    )
    .unwrap_or_else(|e| panic!("{}", e.join("\n")));
    for p in lesson.problems() {
        let kltutor::lesson::ProblemSource::Random(_) = &p.source else {
            panic!("random")
        };
        for seed in 0..200 {
            let inst = p.instantiate(seed).expect("a draw");
            let v = inst.quantity.value().unwrap();
            assert!(v.is_finite() && v >= 0.0, "{seed}: {v}");
            if let Inputs::MultiGaussian { mu1, cov1, .. } = &inst.quantity.inputs {
                assert!((2..=3).contains(&mu1.len()));
                assert_eq!(cov1.len(), mu1.len());
                assert!(inst.prompt.contains("covariances [["), "{}", inst.prompt);
            } else {
                assert_eq!(inst.quantity.measure, p.measure);
                assert!(matches!(inst.quantity.measure, Measure::Renyi(a) if a.get() == 2.0));
            }
        }
    }
}

#[test]
fn bad_blocks_name_the_key_and_why() {
    let e = errors(
        "```problem\nprompt = \"x\"\ncompute = \"renyi\"\np = [0.9, 0.1]\nq = [0.5, 0.5]\n```\n",
    );
    assert!(e.contains("missing alpha"), "{e}");
    let e = errors(
        "```problem\nprompt = \"x\"\ncompute = \"renyi\"\nalpha = -2\np = [0.9, 0.1]\nq = [0.5, 0.5]\n```\n",
    );
    assert!(e.contains("alpha = -2") && e.contains(">= 0"), "{e}");
    let e = errors(
        "```problem\nprompt = \"x\"\ncompute = \"kl\"\nalpha = 2\np = [0.9, 0.1]\nq = [0.5, 0.5]\n```\n",
    );
    assert!(e.contains("alpha is the order"), "{e}");
    // The line of cov2 is the 7th line of the block: HEAD has 14 lines, the fence is line 15.
    let e = errors(
        "```problem\nprompt = \"x\"\ncompute = \"kl\"\nmu1 = [0.0, 0.0]\ncov1 = [[1.0, 0.0], [0.0, 1.0]]\nmu2 = [0.0, 0.0]\ncov2 = [[1.0, 2.0], [2.0, 1.0]]\n```\n",
    );
    assert!(
        e.starts_with("21:") && e.contains("cov2: is not positive definite"),
        "{e}"
    );
    let e = errors(
        "```problem\nprompt = \"x\"\ncompute = \"kl\"\nmu1 = [0.0, 0.0]\ncov1 = [[1.0, 0.3], [0.0, 1.0]]\nmu2 = [0.0, 0.0]\ncov2 = [[1.0, 0.0], [0.0, 1.0]]\n```\n",
    );
    assert!(
        e.starts_with("19:") && e.contains("cov1: is not symmetric"),
        "{e}"
    );
    let e = errors(
        "```problem\nprompt = \"x\"\ncompute = \"js\"\nmu1 = [0.0]\ncov1 = [[1.0]]\nmu2 = [0.0]\ncov2 = [[1.0]]\n```\n",
    );
    assert!(e.contains("family mvn does not support"), "{e}");
    let e = errors(
        "```problem\nprompt = \"x\"\ncompute = \"kl\"\nfamily = \"mvn\"\n[random]\nmu = [0.0, 1.0]\nsigma = [1.0, 2.0]\nrho = [-1.0, 0.5]\n```\n",
    );
    assert!(e.contains("random.rho must lie in (-1, 1)"), "{e}");
}
