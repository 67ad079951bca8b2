//! `kltutor check` against fixture lessons: each broken fixture must be
//! reported at the right file and line with the right message, the valid one
//! must pass, and no input may make the parser panic.

use kltutor::engine::{self, Norm};
use kltutor::lesson::catalog::{Catalog, LessonFile, read_dir};
use kltutor::lesson::check::check_files;
use kltutor::lesson::{Block, Item, Severity, Step, parse_bytes, plain_text};
use kltutor::quantity::Inputs;
use std::borrow::Cow;
use std::path::Path;
use std::process::Command;

const BROKEN: &str = "tests/lesson_fixtures/broken";
const VALID: &str = "tests/lesson_fixtures/valid";

fn files(dir: &str) -> Vec<LessonFile> {
    read_dir(Path::new(dir)).expect("fixture directory")
}

fn valid_lesson() -> kltutor::lesson::Lesson {
    let path = format!("{VALID}/01-coins.md");
    let bytes = std::fs::read(&path).unwrap();
    parse_bytes(&path, &bytes, false)
        .ok()
        .expect("valid fixture parses")
}

#[test]
fn each_broken_fixture_is_reported_at_its_line() {
    let report = check_files(&files(BROKEN), &[]);
    // (file, line, column or 0 for any, severity, message substring)
    let expected: &[(&str, usize, usize, Severity, &str)] = &[
        (
            "syntax.md",
            18,
            1,
            Severity::Error,
            "missing comma between array elements",
        ),
        (
            "unknown-key.md",
            19,
            1,
            Severity::Error,
            "unknown key `tolerence` (did you mean `tolerance`?)",
        ),
        (
            "unknown-concept.md",
            5,
            36,
            Severity::Error,
            "unknown concept id \"asymetry\" (did you mean \"asymmetry\"?)",
        ),
        (
            "unknown-concept.md",
            11,
            12,
            Severity::Error,
            "unknown concept id \"entropy-rate\"",
        ),
        (
            "missing-prereq.md",
            6,
            1,
            Severity::Error,
            "requires \"no-such-lesson\", which no lesson defines",
        ),
        (
            "cycle-a.md",
            6,
            1,
            Severity::Error,
            "cyclic prerequisites: broken-cycle-a → broken-cycle-b → broken-cycle-a",
        ),
        ("cycle-b.md", 6, 1, Severity::Error, "cyclic prerequisites"),
        (
            "duplicate-b.md",
            2,
            1,
            Severity::Error,
            "duplicate lesson id \"broken-duplicate\" (also in tests/lesson_fixtures/broken/duplicate-a.md:2)",
        ),
        (
            "duplicate-block.md",
            21,
            1,
            Severity::Error,
            "duplicate block id \"same\" (first used on line 13)",
        ),
        ("nan.md", 17, 1, Severity::Error, "NaN"),
        (
            "infinite.md",
            18,
            1,
            Severity::Error,
            "the answer is infinite",
        ),
        (
            "generator.md",
            13,
            1,
            Severity::Error,
            "the generator fails its constraints for 10 of the first 10 seeds",
        ),
        (
            "math.md",
            13,
            30,
            Severity::Error,
            "math: unknown command \\summ",
        ),
        (
            "question-range.md",
            16,
            1,
            Severity::Error,
            "answer = 3 is out of range",
        ),
        (
            "question-explanation.md",
            17,
            1,
            Severity::Error,
            "missing explanation",
        ),
        (
            "lab-name.md",
            14,
            1,
            Severity::Error,
            "unknown lab \"sliders\"",
        ),
        (
            "lab-param.md",
            15,
            1,
            Severity::Error,
            "p = 1.5: expected a probability in [0, 1]",
        ),
        (
            "no-takeaways.md",
            14,
            1,
            Severity::Warning,
            "no `## Key takeaways` section",
        ),
        (
            "digits.md",
            17,
            1,
            Severity::Warning,
            "a digit typed by hand",
        ),
        (
            "truncated-front.md",
            1,
            1,
            Severity::Error,
            "unterminated front matter",
        ),
        (
            "truncated-block.md",
            13,
            1,
            Severity::Error,
            "unterminated code block",
        ),
        ("empty.md", 1, 1, Severity::Error, "empty lesson file"),
        ("binary.md", 3, 1, Severity::Error, "binary file"),
        ("invalid-utf8.md", 3, 13, Severity::Error, "invalid UTF-8"),
        (
            "takeaways-not-last.md",
            14,
            1,
            Severity::Warning,
            "`## Key takeaways` should be the last section",
        ),
        (
            "placeholder.md",
            15,
            1,
            Severity::Error,
            "prompt: unknown placeholder {qq} (at character 36)",
        ),
        (
            "hints-for.md",
            22,
            1,
            Severity::Error,
            "[hints_for] names \"swaped-arguments\", which is not a mistake in the catalogue (did you mean \"swapped-arguments\"?)",
        ),
        (
            "escape.md",
            11,
            7,
            Severity::Warning,
            "terminal escape sequence removed",
        ),
    ];
    for (file, line, column, severity, needle) in expected {
        let found = report.diagnostics.iter().any(|d| {
            d.file == format!("{BROKEN}/{file}")
                && d.line == *line
                && (*column == 0 || d.column == *column)
                && d.severity == *severity
                && d.message.contains(needle)
        });
        assert!(
            found,
            "expected {file}:{line}:{column} {severity:?} containing {needle:?}; got:\n{}",
            report
                .diagnostics
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    // Every fixture file is reported for something, and nothing else is.
    for f in files(BROKEN)
        .iter()
        .filter(|f| !f.path.ends_with("duplicate-a.md"))
    {
        assert!(
            report.diagnostics.iter().any(|d| d.file == f.path),
            "{} reported nothing",
            f.path
        );
    }
    assert_eq!(report.errors().count(), 24, "unexpected extra errors");
}

#[test]
fn the_valid_fixture_passes_clean() {
    let report = check_files(&files(VALID), &[]);
    assert_eq!(report.lessons, 1);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let asym = report.coverage["asymmetry"];
    assert_eq!(
        (asym.lessons, asym.problems, asym.randomized, asym.questions),
        (1, 5, 4, 1)
    );
    assert_eq!(report.coverage["definition-discrete"].examples, 1);
    assert_eq!(
        report.coverage.len(),
        kltutor::lesson::concepts::CONCEPTS.len()
    );
}

#[test]
fn the_valid_fixture_has_the_expected_shape() {
    let l = valid_lesson();
    assert_eq!(l.id, "fixture-coins");
    assert_eq!(l.title, "Coins and D(P‖Q)");
    let headings: Vec<_> = l.sections().iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(
        headings,
        [
            "Coins and D(P‖Q)",
            "A worked example",
            "Swapping the arguments",
            "Key takeaways"
        ]
    );
    assert_eq!(l.sections()[2].concept.as_deref(), Some("asymmetry"));
    let Item::Prose(blocks) = &l.sections()[0].items[0] else {
        panic!("prose first")
    };
    let Block::Paragraph(spans) = &blocks[1] else {
        panic!("paragraph")
    };
    assert_eq!(
        plain_text(spans),
        "KL divergence compares two distributions: D_KL(P‖Q) = Σₓ P(x) log(P(x)/Q(x)). For a biased coin it is 0.531 bits."
    );
    assert_eq!(l.problems().count(), 5);
    assert_eq!(l.questions().next().unwrap().answer, 1);
}

#[test]
fn example_steps_are_the_engines_numbers() {
    let l = valid_lesson();
    let ex = l
        .items()
        .find_map(|(_, i)| match i {
            Item::Example(e) => Some(e),
            _ => None,
        })
        .unwrap();
    let steps = ex.steps().unwrap();
    let (p, q) = ([0.9, 0.1], [0.5, 0.5]);
    let terms = engine::kl_terms(&p, &q, Norm::Strict).unwrap();
    let rows: Vec<_> = steps
        .iter()
        .filter_map(|s| match s {
            Step::Outcome(r) => Some(r),
            _ => None,
        })
        .collect();
    assert_eq!(rows.len(), 2);
    let ln2 = std::f64::consts::LN_2;
    for (r, t) in rows.iter().zip(&terms) {
        assert_eq!(r.p, t.p);
        assert_eq!(r.q, Some(t.q));
        assert_eq!(r.ratio, Some(t.ratio));
        assert_eq!(r.log, t.log_ratio / ln2);
        assert_eq!(r.term, t.contribution / ln2);
    }
    assert_eq!(rows[0].label, "heads");
    assert!(rows[0].note.as_deref().unwrap().contains("0.7632 bits"));
    assert!(
        rows[1]
            .note
            .as_deref()
            .unwrap()
            .ends_with("weighted by only 0.1.")
    );
    let total = steps
        .iter()
        .find_map(|s| match s {
            Step::Sum { total, .. } => Some(*total),
            _ => None,
        })
        .unwrap();
    assert_eq!(total, engine::kl(&p, &q, Norm::Strict).unwrap() / ln2);
    let Some(Step::Conclusion(c)) = steps.last() else {
        panic!("conclusion last")
    };
    assert!(c.contains("wastes 0.5310 bits per toss"), "{c}");
    assert!(
        c.contains(&format!(
            "{:.3} bits",
            engine::kl(&q, &p, Norm::Strict).unwrap() / ln2
        )),
        "{c}"
    );
}

#[test]
fn randomized_problems_are_deterministic_and_meet_their_constraints() {
    let l = valid_lesson();
    for p in l.problems().filter(|p| p.is_randomized()) {
        let mut prompts = std::collections::BTreeSet::new();
        for seed in 0..100 {
            let a = p.instantiate(seed).unwrap();
            let b = p.instantiate(seed).unwrap();
            assert_eq!(a, b, "{} seed {seed} is not deterministic", p.id);
            assert_eq!(a.seed, seed);
            assert!(
                !a.prompt.contains('{'),
                "unfilled placeholder: {}",
                a.prompt
            );
            let v = a.quantity.value().unwrap();
            assert!(v.is_finite());
            match &a.quantity.inputs {
                Inputs::Discrete { p: pv, q: qv, .. } => {
                    assert!(
                        (0.05..=1.5).contains(&v),
                        "{} answer {v} outside [0.05, 1.5]",
                        p.id
                    );
                    assert!((3..=4).contains(&pv.len()));
                    for d in [pv, qv] {
                        let cents: i64 = d.iter().map(|x| (x * 100.0).round() as i64).sum();
                        assert_eq!(cents, 100, "{d:?} does not sum to exactly 1.00");
                        assert!(d.iter().all(|&x| x >= 0.01), "zero in {d:?}");
                        assert!(
                            d.iter()
                                .all(|x| (x * 100.0 - (x * 100.0).round()).abs() < 1e-9)
                        );
                    }
                }
                Inputs::Bernoulli { p: bp, q: bq } => {
                    assert!((0.1..=0.9).contains(bp) && (0.1..=0.9).contains(bq));
                }
                Inputs::Gaussian { sigma1, sigma2, .. } => {
                    assert!(*sigma1 >= 0.5 && *sigma2 >= 0.5)
                }
                Inputs::Joint(rows) => {
                    let cents: i64 = rows
                        .iter()
                        .flatten()
                        .map(|x| (x * 100.0).round() as i64)
                        .sum();
                    assert_eq!(cents, 100);
                }
                Inputs::MultiGaussian { .. } => panic!("the fixture has no mvn problem"),
            }
            prompts.insert(a.prompt);
        }
        assert!(
            prompts.len() > 20,
            "{}: seeds give too few distinct instances",
            p.id
        );
    }
    let fixed = l.problems().find(|p| !p.is_randomized()).unwrap();
    let inst = fixed.instantiate(42).unwrap();
    assert_eq!(inst.seed, 0);
    assert_eq!(
        inst.prompt,
        "Compute D(Q‖P) for P = [0.9, 0.1] and Q = [0.5, 0.5], in bits."
    );
}

#[test]
fn escapes_never_reach_the_model() {
    let path = format!("{BROKEN}/escape.md");
    let out = parse_bytes(&path, &std::fs::read(&path).unwrap(), false);
    let lesson = out.lesson.unwrap();
    let text = format!("{lesson:?}");
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text}"
    );
    assert!(text.contains("Hello world red."), "{text}");
}

#[test]
fn too_many_blocks_are_refused_once() {
    let mut text = String::from(
        "+++\nid = \"many\"\ntitle = \"T\"\nsummary = \"S\"\nconcepts = [\"units\"]\nminutes = 1\ndifficulty = 1\n+++\n",
    );
    for i in 0..600 {
        text.push_str(&format!(
            "```lab\nid = \"l{i}\"\nlab = \"heatmap\"\n```\n\n"
        ));
    }
    let out = kltutor::lesson::parse_str("many.md", &text, false);
    let errors: Vec<_> = out.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains("more than 500 blocks"));
    assert_eq!(errors[0].line, 9 + 500 * 5);
}

#[test]
fn oversized_files_are_refused() {
    let mut big = b"+++\nid = \"big\"\n+++\n".to_vec();
    big.resize(kltutor::lesson::MAX_FILE_BYTES + 1, b'a');
    let out = parse_bytes("big.md", &big, false);
    assert!(out.lesson.is_none());
    assert!(out.diagnostics[0].message.contains("over 1048576 bytes"));
}

#[test]
fn every_truncation_of_a_lesson_parses_without_panicking() {
    let bytes = std::fs::read(format!("{VALID}/01-coins.md")).unwrap();
    // Every byte through the front matter and first blocks, then every 5th
    // (each cut is a full parse; debug builds are slow).
    for cut in (0..bytes.len()).filter(|c| *c < 1200 || c % 5 == 0) {
        let out = parse_bytes("cut.md", &bytes[..cut], false);
        if out.lesson.is_none() {
            assert!(out.has_errors(), "cut at {cut}: no lesson and no error");
        }
    }
}

#[test]
fn a_user_lesson_replaces_a_bundled_one_and_order_follows_requires() {
    let lesson = |id: &str, requires: &str, body: &str, bundled: bool| {
        LessonFile {
        path: format!("{id}.md"),
        bytes: Cow::Owned(
            format!(
                "+++\nid = \"{id}\"\ntitle = \"T\"\nsummary = \"S\"\nconcepts = [\"units\"]\nrequires = [{requires}]\nminutes = 1\ndifficulty = 1\n+++\n{body}\n## Key takeaways\n- x\n"
            )
            .into_bytes(),
        ),
        bundled,
    }
    };
    let c = Catalog::from_files(&[
        lesson("late", "\"early\"", "bundled", true),
        lesson("early", "", "bundled", true),
        lesson("late", "\"early\"", "user copy", false),
    ]);
    let ids: Vec<_> = c.lessons.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["early", "late"]);
    assert!(!c.get("late").unwrap().source.bundled);
    assert!(c.diagnostics.iter().all(|d| !d.is_error()));
}

fn kltutor(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kltutor"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn binary_exits_1_on_errors_with_file_line_column() {
    let (code, out) = kltutor(&["check", BROKEN]);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!(
            "{BROKEN}/syntax.md:18:1: error: problem: missing comma"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{BROKEN}/no-takeaways.md:14:1: warning: no `## Key takeaways`"
        )),
        "{out}"
    );
    assert!(out.trim_end().ends_with("24 errors, 5 warnings"), "{out}");
}

#[test]
fn binary_exits_0_on_valid_lessons_and_on_the_bundled_ones() {
    let (code, out) = kltutor(&["check", VALID]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.trim(), "checked 1 lesson: 0 errors, 0 warnings");
    let (code, out) = kltutor(&["check"]);
    assert_eq!(code, 0, "bundled lessons must pass `kltutor check`:\n{out}");
}

#[test]
fn binary_json_has_the_documented_shape() {
    let (code, out) = kltutor(&["check", "--json", BROKEN]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["lessons"], 24);
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 24);
    for e in errors {
        for key in ["file", "line", "column", "message"] {
            assert!(e.get(key).is_some(), "{e} lacks {key}");
        }
    }
    assert!(
        errors
            .iter()
            .any(|e| e["file"] == format!("{BROKEN}/math.md") && e["line"] == 13)
    );
    let concepts = v["concepts"].as_object().unwrap();
    assert_eq!(concepts.len(), kltutor::lesson::concepts::CONCEPTS.len());
    let c = &concepts["definition-discrete"];
    for key in [
        "lessons",
        "examples",
        "problems",
        "randomized",
        "questions",
        "labs",
    ] {
        assert!(c[key].is_u64(), "{c} lacks {key}");
    }
    assert_eq!(v["warnings"].as_array().unwrap().len(), 5);
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    const FRONT: &str = "+++\nid = \"fuzz\"\ntitle = \"T\"\nsummary = \"S\"\nconcepts = [\"units\"]\nminutes = 1\ndifficulty = 1\n+++\n";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..1500)) {
            let _ = parse_bytes("fuzz.md", &bytes, false);
        }

        #[test]
        fn on_lesson_like_text(body in "(\\+\\+\\+|```(problem|example|lab|question)?|\\$\\$?|\\{\\{|\\}\\}|\\*\\*?|`|##? |\\\\[a-z|]+|\\[random\\]|[a-z]+ = |[\\[\\],.0-9\"{}>_^-]|\u{1b}\\[|\n){0,200}") {
            let text = format!("{FRONT}{body}");
            let _ = parse_bytes("fuzz.md", text.as_bytes(), false);
        }

        #[test]
        fn on_edits_of_a_valid_lesson(at in 0usize..5000, len in 0usize..40, insert in "(```|\\+\\+\\+|\\$|\\{|\\}|\\\\|\"|'|\\[|\\]|\n|=|[a-z0-9]){0,8}") {
            let text = std::fs::read_to_string(format!("{VALID}/01-coins.md")).unwrap();
            let mut chars: Vec<char> = text.chars().collect();
            let at = at.min(chars.len());
            let end = (at + len).min(chars.len());
            chars.splice(at..end, insert.chars());
            let edited: String = chars.into_iter().collect();
            let out = parse_bytes("edit.md", edited.as_bytes(), false);
            // An edited lesson may still be valid, but never silently half-parsed.
            if out.lesson.is_none() {
                prop_assert!(out.has_errors());
            }
        }
    }

    #[test]
    fn pathological_lines_stay_fast() {
        for body in [
            "** ".repeat(100_000),
            "*a ".repeat(100_000),
            "{{".repeat(100_000),
            "$".repeat(100_000),
            "`".repeat(100_000),
            "{".repeat(100_000),
        ] {
            let text = format!("{FRONT}{body}\n");
            let start = std::time::Instant::now();
            let _ = parse_bytes("slow.md", text.as_bytes(), false);
            assert!(
                start.elapsed().as_secs_f64() < 5.0,
                "{:?} took {:?}",
                &body[..6],
                start.elapsed()
            );
        }
    }
}

/// The blocks shown in `docs/lesson-format.md` must themselves be valid, so
/// the spec never teaches something the checker rejects.
#[test]
fn the_spec_examples_are_valid() {
    let spec = std::fs::read_to_string("docs/lesson-format.md").unwrap();
    let mut body = String::from("## From the spec\n\n");
    let mut lines = spec.lines();
    let mut blocks = 0;
    while let Some(line) = lines.next() {
        let kind = line.strip_prefix("```").unwrap_or("");
        if ["example", "problem", "question", "lab"].contains(&kind) {
            blocks += 1;
            body.push_str(line);
            body.push('\n');
            for inner in lines.by_ref() {
                body.push_str(inner);
                body.push('\n');
                if inner == "```" {
                    break;
                }
            }
            body.push('\n');
        }
    }
    assert_eq!(blocks, 6);
    let text = format!(
        "+++\nid = \"spec\"\ntitle = \"Spec\"\nsummary = \"S\"\nconcepts = [\"definition-discrete\", \"asymmetry\"]\nminutes = 1\ndifficulty = 1\n+++\nIt is {{{{kl p=[0.9,0.1] q=[0.5,0.5] unit=bits digits=3}}}}.\n\n$$D_{{KL}}(P\\|Q) = \\sum_x P(x) \\log \\frac{{P(x)}}{{Q(x)}}$$\n\n{body}## Key takeaways\n\n- x\n"
    );
    let report = check_files(
        &[LessonFile {
            path: "spec.md".into(),
            bytes: Cow::Owned(text.into_bytes()),
            bundled: false,
        }],
        &[],
    );
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
}

#[test]
fn problems_with_the_same_generator_differ_for_the_same_seed() {
    let block = |id: &str| {
        format!(
            "```problem\nid = \"{id}\"\nprompt = \"P = {{p}}, Q = {{q}}\"\ncompute = \"kl\"\n\n[random]\noutcomes = [3, 3]\n```\n\n"
        )
    };
    let text = format!(
        "+++\nid = \"twins\"\ntitle = \"T\"\nsummary = \"S\"\nconcepts = [\"units\"]\nminutes = 1\ndifficulty = 1\n+++\n{}{}## Key takeaways\n\n- x\n",
        block("first"),
        block("second")
    );
    let lesson = kltutor::lesson::parse_str("twins.md", &text, false)
        .ok()
        .unwrap();
    let problems: Vec<_> = lesson.problems().collect();
    let same = (0..20)
        .filter(|&s| {
            problems[0].instantiate(s).unwrap().prompt == problems[1].instantiate(s).unwrap().prompt
        })
        .count();
    assert_eq!(same, 0);
}

#[test]
fn toml_escapes_cannot_smuggle_terminal_sequences() {
    let text = "+++\nid = \"smuggle\"\ntitle = \"Title \\u001b]0;pwned\\u0007here\"\nsummary = \"S\\u001b[2J\"\nconcepts = [\"units\", \"bad\\u001b[31m\"]\nminutes = 1\ndifficulty = 1\n+++\n## S\n\n```problem\nprompt = \"Red \\u001b[31m{p}\"\ncompute = \"kl\"\np = [0.5, 0.5]\nq = [0.5, 0.5]\nhints = [\"\\u009b31m hint\"]\n```\n\n```question\nprompt = \"Q\\u001b[1m?\"\nchoices = [\"a\\u0007\", \"b\"]\nanswer = 1\nexplanations = [\"x\\u001bc\", \"y\"]\n```\n\n## Key takeaways\n\n- x\n";
    let out = kltutor::lesson::parse_str("smuggle.md", text, false);
    for d in &out.diagnostics {
        assert!(!d.message.chars().any(|c| c.is_control()), "{d:?}");
    }
    assert!(
        out.diagnostics
            .iter()
            .any(|d| d.message.contains("unknown concept id \"bad\""))
    );
    let lesson = out.lesson.unwrap();
    let debug = format!("{lesson:?}");
    assert!(
        !debug.contains("\\u{1b}") && !debug.contains("\\u{7}") && !debug.contains("\\u{9b}"),
        "{debug}"
    );
    assert_eq!(lesson.title, "Title here");
    let p = lesson.problems().next().unwrap();
    assert_eq!(p.instantiate(0).unwrap().prompt, "Red [0.5, 0.5]");
}

#[test]
fn every_cycle_is_reported_with_its_path() {
    let lesson = |id: &str, requires: &str| {
        LessonFile {
        path: format!("{id}.md"),
        bytes: Cow::Owned(
            format!(
                "+++\nid = \"{id}\"\ntitle = \"T\"\nsummary = \"S\"\nconcepts = [\"units\"]\nrequires = [{requires}]\nminutes = 1\ndifficulty = 1\n+++\n## Key takeaways\n- x\n"
            )
            .into_bytes(),
        ),
        bundled: false,
    }
    };
    let files = [
        lesson("a", "\"b\""),
        lesson("b", "\"c\""),
        lesson("c", "\"a\""),
        lesson("d", "\"e\", \"a\""),
        lesson("e", "\"d\""),
        lesson("f", "\"a\""),
    ];
    let report = check_files(&files, &[]);
    let cycles: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.file.as_str(), d.message.as_str()))
        .collect();
    assert!(
        cycles.contains(&(
            "a.md",
            "cyclic prerequisites: a → b → c → a (each lesson requires the next)"
        )),
        "{cycles:#?}"
    );
    assert!(
        cycles
            .iter()
            .any(|(f, m)| *f == "c.md" && m.contains("a → b → c → a"))
    );
    assert!(
        cycles
            .iter()
            .any(|(f, m)| *f == "d.md" && m.contains("d → e → d")),
        "{cycles:#?}"
    );
    assert!(
        !cycles.iter().any(|(f, _)| *f == "f.md"),
        "f only depends on a cycle: {cycles:#?}"
    );
    // A catalog with a cycle still loads, in file order.
    let c = Catalog::from_files(&files);
    assert_eq!(c.lessons.len(), 6);
}

#[test]
fn the_first_heading_agrees_with_the_title() {
    let lesson = |body: &str| {
        let text = format!(
            "+++\nid = \"titled\"\ntitle = \"The price of $D(P\\\\|Q)$\"\nsummary = \"S\"\nconcepts = [\"units\"]\nminutes = 1\ndifficulty = 1\n+++\n{body}\n## Key takeaways\n\n- x\n"
        );
        let out = kltutor::lesson::parse_str("titled.md", &text, false);
        assert!(out.lesson.is_some(), "{:#?}", out.diagnostics);
        out.diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
    };
    // The `#` heading is the title word for word (math rendered alike): clean.
    assert_eq!(
        lesson("# The price of $D(P\\|Q)$\n\nText.\n\n## Costs\n\nMore."),
        Vec::<String>::new()
    );
    // No `#` heading at all: clean too.
    assert_eq!(lesson("## Costs\n\nMore."), Vec::<String>::new());
    // A `#` heading that says something else contradicts the title.
    let d = lesson("# Prices\n\nText.\n\n## Costs\n\nMore.");
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].starts_with("titled.md:9:3: warning")
            && d[0].contains("\"Prices\" differs from the title \"The price of D(P‖Q)\""),
        "{d:?}"
    );
    // A section heading that merely repeats the title names nothing.
    let d = lesson("## The price of $D(P\\|Q)$\n\nText.");
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].contains("merely repeats the lesson's title"), "{d:?}");
}

#[test]
fn bundled_first_headings_are_their_titles() {
    let catalog = kltutor::lesson::catalog::Catalog::load(&[] as &[&str]);
    for l in &catalog.lessons {
        let first = l.sections().first().and_then(|s| match s.items.first() {
            Some(kltutor::lesson::Item::Prose(b)) => b.first(),
            _ => None,
        });
        match first {
            Some(kltutor::lesson::Block::Heading { level: 1, text }) => {
                assert_eq!(kltutor::lesson::plain_text(text), l.title, "{}", l.id)
            }
            other => panic!("{}: the file does not open with its title: {other:?}", l.id),
        }
    }
}

#[test]
fn samples_keys_are_checked() {
    let diags = |block: &str| {
        let text = format!(
            "+++\nid = \"mc\"\ntitle = \"T\"\nsummary = \"S\"\nconcepts = [\"monte-carlo\"]\nminutes = 1\ndifficulty = 1\n+++\n## S\n\n```example\n{block}\n```\n\n## Key takeaways\n\n- x\n"
        );
        kltutor::lesson::parse_str("mc.md", &text, false)
            .diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
    };
    let ok = "compute = \"kl\"\np = [0.5, 0.5]\nq = [0.4, 0.6]\nsamples = 5\nseed = 3";
    assert_eq!(diags(ok), Vec::<String>::new());
    let d = diags("compute = \"kl\"\np = [0.5, 0.5]\nq = [0.4, 0.6]\nsamples = 500");
    assert!(
        d.len() == 1
            && d[0].contains("mc.md:15:1")
            && d[0].contains("samples: 500 is out of range"),
        "{d:?}"
    );
    let d = diags("compute = \"js\"\np = [0.5, 0.5]\nq = [0.4, 0.6]\nsamples = 5");
    assert!(
        d.len() == 1 && d[0].contains("samples needs compute = \"kl\""),
        "{d:?}"
    );
    let d = diags("compute = \"kl\"\np = [0.5, 0.5]\nq = [0.4, 0.6]\nseed = 5");
    assert!(
        d.len() == 1 && d[0].contains("seed: only with samples"),
        "{d:?}"
    );
}
