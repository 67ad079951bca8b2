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

/// Start-up loads the bundled lessons from front matter read at build time
/// (`build.rs` runs `src/lesson/front_index.rs`): every bundled lesson has
/// it, and it gives exactly the lesson (and no diagnostic) that the parser
/// gives for the same embedded file.
#[test]
fn build_time_front_matter_equals_the_parser() {
    use kltutor::lesson::catalog::{bundled_files, prebuilt};
    use kltutor::lesson::front_index;
    use kltutor::lesson::parse_embedded;
    use kltutor::lesson::prebuilt::Prebuilt;
    use std::borrow::Cow;
    let files = bundled_files();
    assert!(!files.is_empty());
    for f in &files {
        let Cow::Borrowed(bytes) = f.bytes else {
            panic!("{}: not embedded", f.path)
        };
        let pre = prebuilt(&f.path, bytes)
            .unwrap_or_else(|| panic!("{}: front matter not read at build time", f.path));
        let parsed = parse_embedded(&f.path, bytes);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let lesson = pre.lesson().expect("valid");
        assert_eq!(Some(&lesson), parsed.lesson.as_ref(), "{}", f.path);
        // What was written into the binary is what the reader reads now.
        let text = std::str::from_utf8(bytes).unwrap();
        let again = Prebuilt::leak(&f.path, text, front_index::read(text).unwrap());
        assert_eq!(again.lesson(), Some(lesson));
    }
    // Other bytes under a bundled name are not taken for the bundled file.
    assert!(prebuilt(&files[0].path, b"+++\n").is_none());
}

/// Wherever the build-time reader reads a front matter, it agrees with the
/// parser: the same lesson when the parser accepts the file without a word,
/// and no lesson (so the parser is asked, and reports) when it does not.
/// Tried on every bundled and fixture lesson and on bundled lessons with
/// one front-matter line changed.
#[test]
fn front_index_agrees_with_the_parser_wherever_it_reads() {
    use kltutor::lesson::front_index;
    use kltutor::lesson::parse_embedded;
    use kltutor::lesson::prebuilt::Prebuilt;
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "md")
                && let Ok(t) = std::fs::read_to_string(&p)
            {
                out.push(t);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    walk(&root.join("lessons"), &mut texts);
    let bundled = texts.len();
    walk(&root.join("tests/fixtures"), &mut texts);
    let changes: &[(&str, &str)] = &[
        ("id", "id = \"Bad!\""),
        ("id", "id = \"-x\""),
        ("id", "id = \"other-id\""),
        ("title", "title = \"   \""),
        ("title", "title = \"a {x} b ‖ c\""),
        ("title", "title = \"x $a$\""),
        ("summary", "summary = \"\""),
        ("concepts", "concepts = []"),
        ("concepts", "concepts = [\"unitz\"]"),
        ("concepts", "concepts = [\"units\", \"units\"]"),
        ("requires", "requires = [\"Bad id\"]"),
        ("requires", "requires = [\"surprise\", \"kl-definition\"]"),
        ("minutes", "minutes = 0"),
        ("minutes", "minutes = 600"),
        ("minutes", "minutes = 601"),
        ("minutes", "minutes = 4294967296"),
        ("difficulty", "difficulty = 0"),
        ("difficulty", "difficulty = 5"),
        ("difficulty", "difficulty = 6"),
        ("difficulty", "difficulty = 1\nextra = 1"),
        ("difficulty", "difficulty=1"),
        ("difficulty", "difficulty = 1\n\n"),
    ];
    let originals: Vec<String> = texts[..bundled].to_vec();
    for text in &originals {
        for (key, line) in changes {
            let prefix = format!("{key} = ");
            let changed: Vec<String> = text
                .split('\n')
                .map(|l| {
                    if l.starts_with(&prefix) {
                        line.to_string()
                    } else {
                        l.to_string()
                    }
                })
                .collect();
            texts.push(changed.join("\n"));
        }
        // The lesson requiring itself.
        let id = front_index::read(text).unwrap().id;
        let own: Vec<String> = text
            .split('\n')
            .map(|l| {
                if l.starts_with("requires = ") {
                    format!("requires = [\"{id}\"]")
                } else {
                    l.to_string()
                }
            })
            .collect();
        texts.push(own.join("\n"));
    }
    let (mut read, mut accepted) = (0, 0);
    for text in texts {
        let Some(front) = front_index::read(&text) else {
            continue;
        };
        read += 1;
        let text: &'static str = Box::leak(text.into_boxed_str());
        let parsed = parse_embedded("x.md", text.as_bytes());
        match Prebuilt::leak("x.md", text, front).lesson() {
            Some(lesson) => {
                accepted += 1;
                assert!(
                    parsed.diagnostics.is_empty(),
                    "{text}\n{:?}",
                    parsed.diagnostics
                );
                assert_eq!(Some(lesson), parsed.lesson, "{text}");
            }
            None => assert!(parsed.has_errors(), "{text}"),
        }
    }
    assert!(
        read > accepted && accepted > bundled,
        "{read} read, {accepted} accepted"
    );
}

/// A screen about to look into several lessons parses their bodies at once
/// (on all cores): exactly those, each as a full parse gives it.
#[test]
fn parse_bodies_parses_the_named_lessons_only() {
    use kltutor::lesson::catalog::Catalog;
    let catalog = Catalog::load(&[] as &[&str]);
    let ids: Vec<String> = catalog
        .lessons
        .iter()
        .take(3)
        .map(|l| l.id.clone())
        .collect();
    catalog.parse_bodies(ids.iter().map(String::as_str).chain(["no-such-lesson"]));
    for l in &catalog.lessons {
        assert_eq!(l.body_is_parsed(), ids.contains(&l.id), "{}", l.id);
    }
    let full = Catalog::load(&[] as &[&str]);
    for id in &ids {
        assert_eq!(catalog.get(id), full.get(id));
    }
}

/// Every bundled lesson's body was parsed at build time by the crate's own
/// parser (`build.rs` includes its modules) and embedded in compact form:
/// decoded, it is exactly what the parser gives for the file now, and it is
/// what the catalog's lesson reads on first use.
#[test]
fn build_time_bodies_equal_the_parser() {
    use kltutor::lesson::catalog::{Catalog, bundled_files, prebuilt};
    use kltutor::lesson::embedded::decode_sections;
    use kltutor::lesson::parse_str;
    use std::borrow::Cow;
    let catalog = Catalog::load(&[] as &[&str]);
    let files = bundled_files();
    assert_eq!(catalog.lessons.len(), files.len());
    for f in &files {
        let Cow::Borrowed(bytes) = f.bytes else {
            panic!("{}: not embedded", f.path)
        };
        let pre = prebuilt(&f.path, bytes).expect("front matter read at build time");
        let body = pre
            .body
            .unwrap_or_else(|| panic!("{}: body not parsed at build time", f.path));
        let text = std::str::from_utf8(bytes).unwrap();
        let parsed = parse_str(&f.path, text, true);
        assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
        let parsed = parsed.lesson.expect("a lesson");
        let decoded = decode_sections(body).expect("decodes");
        assert!(!decoded.is_empty(), "{}", f.path);
        assert_eq!(decoded.as_slice(), parsed.sections(), "{}", f.path);
        let loaded = catalog.get(pre.id).expect("in the catalog");
        assert!(!loaded.body_is_parsed(), "{}: read before use", f.path);
        assert_eq!(loaded.sections(), parsed.sections(), "{}", f.path);
    }
}

/// What the build embeds for a body is the parser's verdict: a body with an
/// error embeds nothing (the file is parsed at run time and the lesson reads
/// as its first error), and bytes that are not an encoding, cut short or
/// with bytes left over, decode to nothing rather than to a wrong lesson.
#[test]
fn build_time_bodies_refuse_what_the_parser_refuses() {
    use kltutor::lesson::embedded::{decode_sections, encode_sections, prebuild_body};
    use kltutor::lesson::front_index;
    use kltutor::lesson::prebuilt::Prebuilt;
    const HEAD: &str = "+++\nid = \"a\"\ntitle = \"A\"\nsummary = \"s\"\nconcepts = [\"units\"]\nminutes = 5\ndifficulty = 1\n+++\n";
    let good = format!("{HEAD}\n## One\n\nText with $p \\log p$.\n");
    let bytes = prebuild_body("a.md", &good).expect("parses");
    let sections = decode_sections(&bytes).expect("decodes");
    assert_eq!(sections[0].heading, "One");
    assert_eq!(encode_sections(&sections), bytes);
    for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
        assert_eq!(decode_sections(&bytes[..cut]), None, "cut at {cut}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(decode_sections(&longer), None);

    let broken = format!("{HEAD}\n```problem\nid = \"p\"\nnonsense = 1\n```\n");
    let why = prebuild_body("a.md", &broken).expect_err("the parser refuses it");
    assert!(why.starts_with("a.md:"), "{why}");
    let pre = Prebuilt::leak("a.md", &broken, front_index::read(&broken).unwrap());
    assert!(pre.body.is_none());
    let lesson = pre.lesson().expect("the front matter is fine");
    assert_eq!(
        lesson.sections()[0].heading,
        "This lesson could not be loaded"
    );
}
