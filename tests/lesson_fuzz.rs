//! A lesson mutation fuzzer (issue 11): mutated copies of the bundled lessons
//! and the valid fixture, with hostile `[random]` parameters spliced in, must
//! parse, check and instantiate without panicking, hanging or leaking an
//! escape sequence into a message.
//!
//! It runs a few hundred cases with a fixed seed as part of `cargo test`.
//! To run it longer by hand, set the number of cases and (optionally) the seed:
//!
//! ```text
//! KLTUTOR_FUZZ_CASES=20000 KLTUTOR_FUZZ_SEED=7 cargo test --release --test lesson_fuzz
//! ```
//!
//! A failing case prints its seed and case number, and writes the mutated
//! lesson to the temp directory so it can be run with `kltutor check`.

use kltutor::lesson::catalog::{LessonFile, bundled_files, read_dir};
use kltutor::lesson::check::check_files;
use kltutor::lesson::model::Item;
use kltutor::lesson::parse::parse_bytes;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::borrow::Cow;
use std::path::Path;

/// Values and fragments that have broken generators and parsers before.
const HOSTILE: &[&str] = &[
    "concentration = 1e-300\n",
    "concentration = 5e-324\n",
    "concentration = 1e308\n",
    "concentration = 0.01\n",
    "concentration = nan\n",
    "concentration = -1.0\n",
    "outcomes = [50, 50]\n",
    "outcomes = [2, 1000000]\n",
    "decimals = 6\n",
    "decimals = 1\n",
    "decimals = 99\n",
    "answer = [5.0, 4.0]\n",
    "answer = [1e300, 1e301]\n",
    "answer = [-1.0, -0.5]\n",
    "answer = [0.0, 1e-300]\n",
    "mu1 = [1e300, 1e300]\n",
    "sigma1 = [1e-300, 1e-300]\n",
    "sigma2 = [0.0001, 0.0001]\n",
    "mu = [-1e308, 1e308]\n",
    "sigma = [1e-9, 1e-9]\n",
    "rho = [0.999999, 0.999999]\n",
    "dim = [4, 4]\n",
    "rows = [10, 10]\n",
    "cols = [10, 10]\n",
    "p = [0.0, 0.0]\n",
    "q = [1.0, 1.0]\n",
    "no_zeros = false\n",
    "[random]\n",
    "```problem\n",
    "```\n",
    "+++\n",
    "\u{1b}]52;c;aGVsbG8=\u{7}",
    "\u{1b}[2J",
    "{p}{q}{n}{p99}{",
    "id = \"x\"\n",
    "compute = \"mi\"\n",
    "compute = \"gaussian\"\n",
    "compute = \"js\"\n",
];

fn corpus() -> Vec<LessonFile> {
    let mut files = bundled_files();
    files.extend(read_dir(Path::new("tests/lesson_fixtures/valid")).expect("fixtures"));
    files
}

/// One mutation of `bytes`, chosen by `rng`.
fn mutate(rng: &mut StdRng, bytes: &mut Vec<u8>) {
    let len = bytes.len().max(1);
    match rng.random_range(0..6) {
        // Splice a hostile fragment in at a line start, most often inside a
        // [random] table, where it reaches the generators.
        0 | 1 => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let spots: Vec<usize> = text
                .match_indices("[random]\n")
                .map(|(i, m)| i + m.len())
                .collect();
            let at = if !spots.is_empty() && rng.random_range(0..3) > 0 {
                spots[rng.random_range(0..spots.len())]
            } else {
                let lines: Vec<usize> = std::iter::once(0)
                    .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                    .collect();
                lines[rng.random_range(0..lines.len())]
            };
            let frag = HOSTILE[rng.random_range(0..HOSTILE.len())];
            bytes.splice(at..at, frag.bytes());
        }
        // Replace a number with an extreme one.
        2 => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let nums: Vec<(usize, usize)> = number_spans(&text);
            if let Some(&(a, b)) = nums.get(rng.random_range(0..nums.len().max(1))) {
                let extreme = [
                    "1e-300", "1e300", "0", "-0", "5e-324", "1e308", "-1", "0.5", "999999",
                ][rng.random_range(0..9)];
                bytes.splice(a..b, extreme.bytes());
            }
        }
        // Delete a range.
        3 => {
            let a = rng.random_range(0..len);
            let b = (a + rng.random_range(0..64)).min(bytes.len());
            if a < b {
                bytes.drain(a..b);
            }
        }
        // Duplicate a range (repeated blocks, keys).
        4 => {
            let a = rng.random_range(0..len);
            let b = (a + rng.random_range(0..400)).min(bytes.len());
            if a < b {
                let piece: Vec<u8> = bytes[a..b].to_vec();
                bytes.splice(b..b, piece);
            }
        }
        // Flip a byte.
        _ => {
            if !bytes.is_empty() {
                let i = rng.random_range(0..bytes.len());
                bytes[i] = rng.random::<u8>();
            }
        }
    }
}

fn number_spans(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let s = i;
            while i < b.len()
                && (b[i].is_ascii_digit() || b[i] == b'.' || b[i] == b'e' || b[i] == b'-')
            {
                i += 1;
            }
            out.push((s, i));
        } else {
            i += 1;
        }
    }
    out
}

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn mutated_lessons_never_panic_hang_or_leak_escapes() {
    let cases = env_or("KLTUTOR_FUZZ_CASES", 300);
    let seed = env_or("KLTUTOR_FUZZ_SEED", 0x6b6c_7475);
    let corpus = corpus();
    let mut rng = StdRng::seed_from_u64(seed);
    for case in 0..cases {
        let base = &corpus[rng.random_range(0..corpus.len())];
        let mut bytes = base.bytes.to_vec();
        for _ in 0..rng.random_range(1..5) {
            mutate(&mut rng, &mut bytes);
        }
        let file = LessonFile {
            path: format!("fuzz-{case}.md"),
            bytes: Cow::Owned(bytes.clone()),
            bundled: false,
        };
        let keep = std::env::temp_dir().join(format!("kltutor-fuzz-{seed}-{case}.md"));
        let _ = std::fs::write(&keep, &bytes);
        let run = std::panic::catch_unwind(|| {
            let report = check_files(std::slice::from_ref(&file), &[]);
            for d in &report.diagnostics {
                assert!(
                    !d.message.contains('\u{1b}') && !d.message.contains('\u{7}'),
                    "an escape reached a diagnostic: {:?}",
                    d.message
                );
            }
            if let Some(lesson) = parse_bytes(&file.path, &bytes, false).lesson {
                for (_, item) in lesson.items() {
                    if let Item::Problem(p) = item {
                        for s in 0..3 {
                            if let Ok(inst) = p.instantiate(s) {
                                assert!(!inst.prompt.contains('\u{1b}'));
                            }
                        }
                    }
                }
            }
        });
        assert!(
            run.is_ok(),
            "fuzz case {case} (KLTUTOR_FUZZ_SEED={seed}) failed; the lesson is in {}",
            keep.display()
        );
        let _ = std::fs::remove_file(&keep);
    }
}

/// A Dirichlet concentration of 1e-300 used to make parsing (and so check,
/// learn, quiz, progress and the app) retry forever: now the value is refused
/// by validation at its line, and the draw itself gives up after bounded tries.
#[test]
fn a_degenerate_concentration_fails_at_its_line_instead_of_hanging() {
    let lesson = "+++\nid = \"tiny\"\ntitle = \"Tiny\"\nsummary = \"s\"\nconcepts = [\"asymmetry\"]\nrequires = []\nminutes = 5\ndifficulty = 1\n+++\n\n## A {concept=asymmetry}\n\nText.\n\n```problem\nid = \"t\"\nconcept = \"asymmetry\"\nprompt = \"D(P‖Q) for {p}, {q}?\"\ncompute = \"kl\"\nunit = \"nats\"\n\n[random]\noutcomes = [3, 3]\nconcentration = 1e-300\n```\n";
    let at = 1 + lesson
        .lines()
        .position(|l| l.starts_with("concentration"))
        .unwrap();
    let report = check_files(
        &[LessonFile {
            path: "tiny.md".into(),
            bytes: Cow::Owned(lesson.as_bytes().to_vec()),
            bundled: false,
        }],
        &[],
    );
    let errs: Vec<_> = report.errors().collect();
    assert!(
        errs.iter()
            .any(|d| d.line == at && d.message.contains("concentration")),
        "{errs:?}"
    );
    // The sampler alone is bounded too.
    let mut rng = StdRng::seed_from_u64(1);
    let e = kltutor::lesson::random::dirichlet(&mut rng, 3, 1e-300).unwrap_err();
    assert!(e.contains("too small"), "{e}");
}

/// 499 generators that can never meet their `answer` range: check reports
/// each at its block's line and bounds the total work, instead of drawing
/// 10 seeds x 1000 tries for every one of them.
#[test]
fn many_unsatisfiable_generators_are_reported_with_bounded_work() {
    let mut lesson = String::from(
        "+++\nid = \"hopeless\"\ntitle = \"Hopeless\"\nsummary = \"s\"\nconcepts = [\"asymmetry\"]\nrequires = []\nminutes = 5\ndifficulty = 1\n+++\n\n## A {concept=asymmetry}\n\nText.\n",
    );
    let mut lines = Vec::new();
    for i in 0..499 {
        lesson.push_str("\n```problem\n");
        lines.push(lesson.lines().count());
        lesson.push_str(&format!(
            "id = \"h{i}\"\nconcept = \"asymmetry\"\nprompt = \"D(P‖Q) for {{p}}, {{q}}?\"\ncompute = \"kl\"\nunit = \"nats\"\n\n[random]\noutcomes = [3, 3]\nanswer = [1e6, 1e7]\n```\n"
        ));
    }
    let file = LessonFile {
        path: "hopeless.md".into(),
        bytes: Cow::Owned(lesson.into_bytes()),
        bundled: false,
    };
    let report = check_files(std::slice::from_ref(&file), &[]);
    let errs: Vec<_> = report.errors().collect();
    assert_eq!(errs.len(), 499, "{:?}", errs.first());
    for (d, line) in errs.iter().zip(&lines) {
        assert_eq!(d.line, *line, "{}", d.message);
        assert!(d.message.contains("fails its constraints"), "{}", d.message);
    }
    // The bound itself: at most the lesson budget (or the per-problem floor) in draws.
    let per_problem = (kltutor::lesson::check::LESSON_DRAW_BUDGET / 499)
        .max(kltutor::lesson::check::MIN_PROBLEM_DRAWS);
    assert!(per_problem * 499 <= 2 * kltutor::lesson::check::LESSON_DRAW_BUDGET);
}
