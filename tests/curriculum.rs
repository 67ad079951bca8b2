//! The bundled curriculum: it passes `kltutor check`, covers every concept
//! the course promises, and carries the seed texts' examples.

use kltutor::cli::check::check;
use kltutor::lesson::concepts::CONCEPTS;

#[test]
fn bundled_lessons_check_clean_and_cover_every_concept() {
    let report = check(&[]);
    let errors: Vec<String> = report.errors().map(|d| d.to_string()).collect();
    assert!(
        errors.is_empty(),
        "bundled lessons have errors:\n{}",
        errors.join("\n")
    );
    assert!(report.lessons >= 10, "only {} lessons", report.lessons);
    for (id, _) in CONCEPTS {
        let c = report
            .coverage
            .get(*id)
            .unwrap_or_else(|| panic!("concept {id} not covered"));
        assert!(c.lessons >= 1, "{id}: no lesson");
        assert!(c.examples >= 1, "{id}: no worked example");
        assert!(c.problems >= 2, "{id}: fewer than two problems");
        assert!(c.randomized >= 1, "{id}: no randomized problem");
        assert!(c.questions >= 1, "{id}: no concept question");
        if !NO_FITTING_LAB.iter().any(|(c, _)| c == id) {
            assert!(c.labs >= 1, "{id}: no lab, though one of the labs fits it");
        }
    }
    // The exemptions are real: each names a concept that exists and has no lab.
    for (id, why) in NO_FITTING_LAB {
        let c = report.coverage.get(*id).expect("an exempt id is a concept");
        assert!(!why.is_empty());
        assert_eq!(c.labs, 0, "{id} has a lab now: drop its exemption");
    }
}

/// Concepts that none of the six labs (bernoulli, contributions, modes, loss,
/// compare, heatmap) can show, with the reason. Every other concept must have
/// a lab block: the bar of issue 10 is "a lab item where a lab fits".
const NO_FITTING_LAB: &[(&str, &str)] = &[
    (
        "coding-interpretation",
        "code lengths and codebooks; no lab draws codes",
    ),
    (
        "units",
        "a unit switch (u) exists in every lab; nothing to explore alone",
    ),
    (
        "definition-discrete",
        "its section computes by hand; the contributions lab serves expected-log-ratio next door",
    ),
    (
        "non-negativity",
        "a proof; the contributions lab of lesson 2 already shows the total staying ≥ 0",
    ),
    ("smoothing", "pseudo-counts; no lab edits counts"),
    (
        "cross-entropy",
        "the loss lab is on kl-cross-entropy-relation in the same lesson",
    ),
    ("mle", "fitting to counts; no lab takes data"),
    (
        "definition-continuous",
        "integrals and reparameterisation; the Gaussian lab is on gaussian-closed-form",
    ),
    (
        "chain-rule",
        "joint tables; no lab shows a joint distribution",
    ),
    (
        "additivity",
        "products of independent factors; no lab shows a joint distribution",
    ),
    (
        "mutual-information",
        "joint tables; no lab shows a joint distribution",
    ),
    (
        "monte-carlo",
        "no lab draws samples; the worked examples list k1, k2, k3 draws",
    ),
    (
        "applications",
        "VAEs, trust regions, distillation, drift: each builds on a lab met earlier",
    ),
    (
        "data-processing",
        "channels and merging outcomes; no lab applies a channel",
    ),
    (
        "multivariate-gaussian",
        "full covariances; every lab is one-dimensional",
    ),
    (
        "kl-in-practice",
        "library calls and floating point; nothing to slide",
    ),
];

#[test]
fn every_lesson_ends_with_key_takeaways() {
    let catalog = kltutor::lesson::catalog::Catalog::load(&[] as &[&str]);
    assert!(catalog.diagnostics.iter().all(|d| !d.is_error()));
    for l in &catalog.lessons {
        let last = l
            .sections()
            .last()
            .map(|s| s.heading.as_str())
            .unwrap_or("");
        assert_eq!(last, "Key takeaways", "lesson {} ends with {last:?}", l.id);
    }
}

/// The seed texts' worked examples and practice problems, as engine inputs:
/// each must appear in some bundled example or problem.
#[test]
fn seed_examples_appear_in_the_curriculum() {
    use kltutor::lesson::model::{Item, ProblemSource};
    use kltutor::quantity::Inputs;
    let catalog = kltutor::lesson::catalog::Catalog::load(&[] as &[&str]);
    let mut inputs: Vec<Inputs> = Vec::new();
    for l in &catalog.lessons {
        for (_, item) in l.items() {
            match item {
                Item::Example(e) => inputs.push(e.quantity.inputs.clone()),
                Item::Problem(p) => {
                    if let ProblemSource::Fixed(q) = &p.source {
                        inputs.push(q.inputs.clone());
                    }
                }
                _ => {}
            }
        }
    }
    let has_pair = |p: &[f64], q: &[f64]| {
        inputs.iter().any(|i| match i {
            Inputs::Discrete { p: a, q: b, .. } => a == p && b == q,
            Inputs::Bernoulli { p: a, q: b } => [1.0 - a, *a] == p && [1.0 - b, *b] == q,
            _ => false,
        })
    };
    // A Bernoulli pair, as a bernoulli block or as the two-outcome vectors in either order.
    let has_bern = |p: f64, q: f64| {
        inputs
            .iter()
            .any(|i| matches!(i, Inputs::Bernoulli { p: a, q: b } if *a == p && *b == q))
            || has_pair(&[1.0 - p, p], &[1.0 - q, q])
            || has_pair(&[p, 1.0 - p], &[q, 1.0 - q])
    };
    assert!(has_pair(&[0.9, 0.1], &[0.5, 0.5]), "coin vs fair");
    assert!(has_pair(&[0.9, 0.1], &[0.8, 0.2]), "coin vs 0.8");
    assert!(has_pair(&[0.8, 0.2], &[0.5, 0.5]), "weather");
    assert!(
        has_pair(&[0.6, 0.3, 0.1], &[0.5, 0.4, 0.1]),
        "three outcomes"
    );
    assert!(
        has_pair(&[0.49, 0.49, 0.02], &[0.45, 0.45, 0.10]),
        "Q cover"
    );
    assert!(has_pair(&[0.49, 0.49, 0.02], &[0.98, 0.01, 0.01]), "Q seek");
    assert!(has_bern(0.2, 0.02), "Bernoulli 0.2 vs 0.02");
    assert!(has_bern(0.7, 0.4), "Bernoulli 0.7 vs 0.4");
}

/// Start-up loads bundled lessons by their front matter and parses each body
/// on first use: what that gives must be exactly what a full parse of the
/// same file gives, and the loading itself must report nothing a full parse
/// would not.
#[test]
fn lazily_loaded_lessons_equal_a_full_parse() {
    use kltutor::lesson::catalog::{Catalog, bundled_files};
    use kltutor::lesson::parse_bytes;
    let files = bundled_files();
    let catalog = Catalog::from_files(&files);
    assert_eq!(catalog.lessons.len(), files.len());
    assert!(catalog.diagnostics.iter().all(|d| !d.is_error()));
    assert!(
        catalog.lessons.iter().all(|l| !l.body_is_parsed()),
        "loading parsed a bundled body"
    );
    for f in &files {
        let full = parse_bytes(&f.path, &f.bytes, true)
            .ok()
            .unwrap_or_else(|e| panic!("{}: {e:?}", f.path));
        let lazy = catalog.get(&full.id).expect("loaded");
        assert_eq!(lazy, &full, "{}", f.path);
        assert!(lazy.body_is_parsed());
        assert!(!lazy.sections().is_empty());
    }
}

/// The first frame needs no lesson body: drawing Home for a new learner
/// leaves every bundled body unparsed (that is what makes start-up quick),
/// and opening a lesson parses it.
#[test]
fn home_first_frame_parses_no_lesson_body() {
    use kltutor::lesson::catalog::Catalog;
    use kltutor::progress::Store;
    use kltutor::tui::{app::App, context::Context, screens::home::Home, theme::Theme};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let dir = std::env::temp_dir().join(format!("kltutor-lazy-home-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let ctx = Context::new(
        Catalog::load(&[] as &[&str]),
        Store::open(&dir).unwrap(),
        Box::new(kltutor::tutor::SeededSeeds::new(1)),
    );
    let mut app = App::new(Box::new(Home::new(&ctx)), Theme::FULL);
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    term.draw(|f| app.draw(f)).unwrap();
    assert!(ctx.catalog.lessons.iter().all(|l| !l.body_is_parsed()));
    // "Continue" opens the first lesson.
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    term.draw(|f| app.draw(f)).unwrap();
    assert!(ctx.catalog.lessons[0].body_is_parsed());
    let _ = std::fs::remove_dir_all(&dir);
}
