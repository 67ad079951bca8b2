//! The real `kltutor` binary in plain mode, as a child process with piped
//! answers: quiz output and the saved progress file, EOF mid-lesson and
//! resume, `progress --json`, and unknown ids.

use kltutor::lesson::catalog::Catalog;
use kltutor::progress::Store;
use kltutor::quantity::Inputs;
use kltutor::tutor::{DrillItem, QuizScope, QuizSession};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

fn scratch(name: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "kltutor-plain-{}-{}-{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/core")
}

/// Runs kltutor with `args` (plus the fixture lessons and `data`), feeding `input`.
fn run(args: &[&str], data: &std::path::Path, input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kltutor"))
        .args(args)
        .arg("--lessons")
        .arg(fixtures())
        .arg("--data-dir")
        .arg(data)
        .env_remove("KLTUTOR_DATA_DIR")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn progress_json(data: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(data.join("progress.json")).unwrap()).unwrap()
}

/// The right answer to a quiz item: fixed ones from mpmath, randomized ones
/// from a plain Σ p ln(p/q) (not the engine); questions by their number.
fn right_answer(item: &DrillItem) -> String {
    match item {
        DrillItem::Question(q) => (q.question.answer + 1).to_string(),
        DrillItem::Problem(p) => match p.problem.id.as_str() {
            "coin-bits" => "0.531004".into(),
            "three-kl" => "0.223805".into(),
            "three-outcomes" => {
                let Inputs::Discrete { p, q, .. } = &p.instance.quantity.inputs else {
                    panic!()
                };
                let v: f64 = p.iter().zip(q).map(|(a, b)| a * (a / b).ln()).sum();
                format!("{v:.6}")
            }
            other => panic!("unexpected {other}"),
        },
    }
}

#[test]
fn quiz_plain_scores_and_saves() {
    let data = scratch("quiz");
    // The binary and the library draw the same quiz from the same seed.
    let catalog = Catalog::load(&[fixtures()]);
    let store = Store::open(&scratch("quiz-lib")).unwrap();
    let q = QuizSession::quiz(
        &catalog,
        &store,
        &QuizScope::Lesson("core-basics".into()),
        3,
        7,
    )
    .unwrap();
    let items = q.items().to_vec();
    // First answer malformed (not counted), then wrong, then the rest right.
    let mut input = String::from("0.5 +\n");
    input.push_str(if matches!(items[0], DrillItem::Question(_)) {
        "1\n"
    } else {
        "100\n"
    });
    for it in &items[1..] {
        input.push_str(&right_answer(it));
        input.push('\n');
    }
    let out = run(
        &[
            "quiz",
            "--plain",
            "--seed",
            "7",
            "--count",
            "3",
            "--lesson",
            "core-basics",
        ],
        &data,
        &input,
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!stdout.contains('\x1b'), "escape codes in plain output");
    assert!(
        stdout.contains("Quiz: 3 items from lesson core-basics (seed 7)."),
        "{stdout}"
    );
    for (i, it) in items.iter().enumerate() {
        assert!(
            stdout.contains(&format!("Item {} of 3: {}", i + 1, it.header())),
            "{stdout}"
        );
        assert!(stdout.contains(it.prompt()));
    }
    assert!(stdout.contains("Could not read that answer"), "{stdout}");
    assert!(stdout.contains("(Not counted. Try again.)"));
    assert!(stdout.contains("Score so far: 0 of 1."), "{stdout}");
    assert!(stdout.contains("Right:") || stdout.contains("Right."));
    assert!(
        stdout.contains("Quiz done. Final score: 2 of 3."),
        "{stdout}"
    );
    assert!(stdout.contains("Mistakes to review:"));
    assert!(stdout.contains("   Right answer: "));

    let saved = progress_json(&data);
    let attempts = saved["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 3, "the malformed answer is not recorded");
    assert!(attempts.iter().all(|a| a["kind"] == "quiz"));
    assert_eq!(attempts.iter().filter(|a| a["correct"] == true).count(), 2);
    let keys: Vec<&str> = attempts
        .iter()
        .map(|a| a["problem"].as_str().unwrap())
        .collect();
    let mut want: Vec<&str> = items.iter().map(DrillItem::key).collect();
    let mut got = keys.clone();
    want.sort();
    got.sort();
    assert_eq!(got, want);
}

#[test]
fn learn_plain_eof_saves_and_resumes() {
    let data = scratch("learn");
    // Past the opening prose and the first section's prose, then EOF.
    let out = run(&["learn", "--plain", "core-basics"], &data, "\n\n");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.starts_with("Lesson: Core basics (core-basics)"),
        "{stdout}"
    );
    assert!(stdout.contains("## The definition"));
    assert!(stdout.contains("Example \"A biased coin against a fair one\", step 1 of 5:"));
    let saved = progress_json(&data);
    let snap = &saved["sessions"]["lesson/core-basics"]["value"];
    assert_eq!(snap["cursor"]["section"], 1);
    assert_eq!(snap["cursor"]["item"], 1);
    assert_eq!(snap["cursor"]["step"], 0);

    // No lesson named: continue where left off, at the same example step.
    let out = run(&["learn", "--plain"], &data, "");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("Lesson: Core basics (core-basics)"));
    assert!(stdout.contains("Resuming where you left off."));
    let body: Vec<&str> = stdout.lines().collect();
    let first_item = body.iter().position(|l| l.starts_with("Example")).unwrap();
    assert_eq!(
        body[first_item],
        "Example \"A biased coin against a fair one\", step 1 of 5:"
    );
    assert!(!stdout.contains("KL divergence compares two distributions."));

    // quit at a problem prompt saves too; a wrong answer is recorded.
    let out = run(
        &["learn", "--plain", "core-basics"],
        &data,
        "\n\n\n\n\n0.3681\nquit\n",
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    assert!(stdout.contains("Problem core-basics/coin-bits"), "{stdout}");
    assert!(
        stdout.contains("ln instead of log2") || stdout.contains("nats"),
        "{stdout}"
    );
    assert!(stdout.contains("Saved. Run kltutor learn --plain to continue."));
    let saved = progress_json(&data);
    assert_eq!(saved["attempts"][0]["diagnosis"], "nats-for-bits");
}

#[test]
fn progress_json_has_concepts_and_reviews() {
    let data = scratch("progress");
    run(
        &[
            "quiz",
            "--plain",
            "--seed",
            "1",
            "--count",
            "1",
            "--lesson",
            "core-units",
        ],
        &data,
        // The one item drawn may be a problem (takes the number) or a
        // question (refuses it unrecorded, then takes the choice).
        "0.368\n1\n",
    );
    let out = run(&["progress", "--json"], &data, "");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total_attempts"], 1);
    let concepts = v["concepts"].as_array().unwrap();
    assert_eq!(concepts.len(), kltutor::lesson::concepts::CONCEPTS.len());
    let attempt = &v["attempts"][0];
    assert!(
        attempt["problem"]
            .as_str()
            .unwrap()
            .starts_with("core-units/"),
        "{attempt}"
    );
    assert!(attempt["correct"].is_boolean());
    let concept = attempt["concept"].as_str().unwrap();
    let row = concepts.iter().find(|c| c["concept"] == concept).unwrap();
    assert_eq!(row["level"], "attempted");
    assert_eq!(row["attempts"], 1);
    assert!(v["reviews_due"].is_array());
    let text = run(&["progress"], &data, "");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.starts_with("1 attempt recorded"), "{text}");
}

#[test]
fn unknown_ids_exit_2_with_close_matches() {
    let data = scratch("unknown");
    let out = run(&["quiz", "--plain", "--lesson", "core-basic"], &data, "");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("\"core-basic\"") && err.contains("core-basics"),
        "{err}"
    );
    let out = run(&["learn", "--plain", "core-unit"], &data, "");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("core-units")
    );
    let out = run(&["quiz", "--plain", "--concept", "asymetry"], &data, "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("asymmetry"));
}

#[test]
fn a_corrupt_progress_file_is_reported_once_on_stderr() {
    let data = scratch("corrupt");
    std::fs::write(data.join("progress.json"), "{not json").unwrap();
    let out = run(&["review", "--plain"], &data, "");
    assert!(out.status.success(), "{out:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.matches("warning: could not read").count(), 1, "{err}");
}

/// `kltutor progress` only reports: a corrupt file is an error that leaves
/// it where it is, and nothing (not even the lock file or the directory) is
/// created.
#[test]
fn progress_never_moves_or_rewrites_the_file() {
    let data = scratch("progress-readonly");
    std::fs::write(data.join("progress.json"), "{not json").unwrap();
    let out = run(&["progress"], &data, "");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("left as it is"), "{err}");
    let mut names: Vec<String> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["progress.json"]);
    assert_eq!(
        std::fs::read(data.join("progress.json")).unwrap(),
        b"{not json"
    );
    // A data directory that does not exist is empty progress, and stays absent.
    let missing = data.join("nowhere");
    let out = run(&["progress", "--json"], &missing, "");
    assert!(out.status.success(), "{out:?}");
    assert!(!missing.exists());
}

/// A save that fails (here: progress.json links into a folder that is not
/// there, like an unmounted sync folder) is never followed by "Every answer
/// is saved": the quiz says progress was NOT saved and exits non-zero.
#[cfg(unix)]
#[test]
fn a_failed_save_is_never_claimed_saved() {
    let data = scratch("failed-save");
    std::os::unix::fs::symlink(
        data.join("unmounted/progress.json"),
        data.join("progress.json"),
    )
    .unwrap();
    let out = run(
        &[
            "quiz",
            "--plain",
            "--lesson",
            "core-basics",
            "--count",
            "2",
            "--seed",
            "3",
        ],
        &data,
        "0.5\nquit\n",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stdout.contains("Every answer is saved"), "{stdout}");
    assert!(stdout.contains("NOT saved"), "{stdout}");
    assert!(stderr.contains("progress was NOT saved"), "{stderr}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // The link is still a link.
    assert!(
        std::fs::symlink_metadata(data.join("progress.json"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn learn_plain_aims_the_next_hint_at_the_diagnosed_mistake() {
    let data = scratch("targeted");
    // coin-bits: right; three-kl: D(Q‖P) = 0.193794 nats (swapped), then
    // hint twice: the problem's [hints_for] text, then its fixed hint 1.
    let out = run(
        &["learn", "--plain", "core-basics"],
        &data,
        "\n\n\n\n\n\n\n0.531\n\n0.1938\nhint\nhint\nquit\n",
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    let wrong = lines
        .iter()
        .position(|l| l.starts_with("Not quite: 0.1938. That is D(Q‖P)"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert_eq!(
        lines[wrong + 1..wrong + 7],
        [
            "See the section \"Asymmetry\" of this lesson.",
            "Type hint for a hint about this mistake, or try again.",
            "Answer (or hint, solution, skip, quit):",
            "Hint on this mistake (Arguments swapped): This lesson's own hint: read D(P‖Q) left to right.",
            "Answer (or hint, solution, skip, quit):",
            "Hint 1 of 1: The weights are P, not Q.",
        ],
        "{stdout}"
    );
    let saved = progress_json(&data);
    let last = saved["attempts"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["diagnosis"], "swapped-arguments");
}

#[test]
fn learn_plain_ends_with_the_lessons_report() {
    let data = scratch("learn-report");
    // Two prose items and five example steps, coin-bits right, then skip the rest.
    let input = format!("{}0.531\n{}", "\n".repeat(7), "skip\n".repeat(30));
    let out = run(&["learn", "--plain", "core-basics"], &data, &input);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    let end = stdout
        .find("End of the lesson \"Core basics\".")
        .expect(&stdout);
    let report = &stdout[end..];
    // The same report the app's end page draws (tutor::path::LessonReport).
    assert!(
        report.contains(
            "Problems: 1 right of 1 tried (1 without hints, 0 with hints or the solution); 2 of 3 not tried."
        ),
        "{report}"
    );
    assert!(
        report.contains("Mastery:\n  definition-discrete: not started -> attempted"),
        "{report}"
    );
    assert!(report.contains("Unlocked: nothing new."), "{report}");
    assert!(
        report.contains("Questions: none answered (1 in the lesson)."),
        "{report}"
    );
    assert!(report.contains("Reviews due now: none."), "{report}");
    // core-units stays locked (both concepts must reach Familiar); an open
    // bundled lesson is next, with the command that starts it.
    assert!(
        report.contains("Next: start the next lesson, \""),
        "{report}"
    );
    assert!(!report.contains("core-units"), "{report}");
    assert!(report.contains(": kltutor learn --plain "), "{report}");
}

#[test]
fn learn_plain_takes_answers_term_by_term() {
    let data = scratch("terms");
    // coin-bits in bits: terms 0.763197 and −0.232193 (python3). The second
    // with its ratio upside down, then both right.
    let out = run(
        &["learn", "--plain", "core-basics"],
        &data,
        "\n\n\n\n\n\n\n[0.7632, 0.1*log2(0.5/0.1)]\n[0.7632, -0.2322, 1]\n[0.7632, -0.2322]\nquit\n",
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("Not quite: the term of outcome 2 (x2) is wrong: where P(x) = 0.1 and Q(x) = 0.5, the ratio is upside down"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "Could not read that answer: expected 2 terms, one per outcome (x1, x2), got 3"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "Every term is right; their sum is graded as the total.\nRight: [0.7632, -0.2322]"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("0.5310 bits).\nNot"), "{stdout}");
    let saved = progress_json(&data);
    let a = saved["attempts"].as_array().unwrap();
    assert_eq!(a.len(), 2);
    assert_eq!(a[0]["first_wrong_term"], 2);
    assert_eq!(a[0]["diagnosis"], "sign-flipped");
    assert!(a[1]["first_wrong_term"].is_null());
    assert_eq!(a[1]["correct"], true);
}

#[test]
fn learn_plain_lab_shows_the_very_problem_after_a_wrong_answer() {
    let data = scratch("very");
    let out = run(
        &["learn", "--plain", "core-basics"],
        &data,
        "\n\n\n\n\n\n\nlab\n[0.7632, 0.5*log2(0.1/0.5)]\nlab\nquit\n",
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains(
            "lab shows this problem as the contributions lab would, after a wrong answer."
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "This problem in the contributions lab (in the full-screen app, o opens it live), each term P(x) log(P(x)/Q(x)):\n   1. x1: P = 0.9, Q = 0.5\n-> 2. x2: P = 0.1, Q = 0.5  <- the term your answer went wrong on\n"
        ),
        "{stdout}"
    );
    // The inputs only: the terms themselves are not given away.
    let shown = stdout
        .split("This problem in the contributions lab")
        .nth(1)
        .unwrap();
    assert!(
        !shown.contains("0.763") && !shown.contains("0.232"),
        "{shown}"
    );
}

/// Issue 13 §4 in a plain quiz: an item takes one answer, so after a wrong
/// one the feedback offers `lab`, and `lab` at the next prompt prints that
/// problem as its lab holds it (the first wrong term's outcome marked);
/// before any wrong answer `lab` says what it is for.
#[test]
fn quiz_plain_lab_shows_the_last_wrong_problem() {
    let data = scratch("quiz-lab");
    let catalog = Catalog::load(&[fixtures()]);
    let store = Store::open(&scratch("quiz-lab-lib")).unwrap();
    let q = QuizSession::quiz(
        &catalog,
        &store,
        &QuizScope::Lesson("core-basics".into()),
        3,
        7,
    )
    .unwrap();
    let items = q.items().to_vec();
    let i = items
        .iter()
        .position(|it| matches!(it, DrillItem::Problem(p) if p.outcome_rows().len() >= 2))
        .expect("a problem over outcomes in the fixture quiz");
    let DrillItem::Problem(p) = &items[i] else {
        unreachable!()
    };
    let mut input = String::from("lab\n");
    for it in &items[..i] {
        input.push_str(&right_answer(it));
        input.push('\n');
    }
    // Every term 9: the first term is the first wrong one.
    let terms = vec!["9"; p.outcome_rows().len()].join(", ");
    input.push_str(&format!("[{terms}]\nlab\n"));
    let out = run(
        &[
            "quiz",
            "--plain",
            "--seed",
            "7",
            "--count",
            "3",
            "--lesson",
            "core-basics",
        ],
        &data,
        &input,
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("lab shows the last problem you answered wrongly"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Type lab to see this problem in its lab."),
        "{stdout}"
    );
    assert!(
        stdout.contains("This problem in the contributions lab"),
        "{stdout}"
    );
    assert!(
        stdout.contains("-> 1."),
        "the first wrong term is marked: {stdout}"
    );
}

/// A lesson file opening with `# Title` (the front matter's title) reads the
/// title once in plain mode, on the "Lesson:" line: the opening section is
/// the Introduction, as in the app, and the `# Title` line is not repeated.
#[test]
fn learn_plain_shows_the_lesson_title_once() {
    let data = scratch("title-once");
    let out = run(&["learn", "--plain", "surprise"], &data, "\n");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    let title = "Surprise, codes and the price of a wrong guess";
    assert_eq!(stdout.matches(title).count(), 1, "{stdout}");
    assert!(stdout.contains("\n## Introduction\n"), "{stdout}");
    assert!(stdout.contains("\n## Measuring surprise\n"), "{stdout}");
}

/// `lab` after a wrong TV answer in a plain quiz: the compare lab's P and Q
/// and what to read there, without the app's keys (Esc, ←→), which mean
/// nothing line by line. Seed 5 poses the bundled tv-coins first.
#[test]
fn quiz_plain_lab_for_tv_has_no_app_keys() {
    let data = scratch("quiz-lab-tv");
    let out = run(
        &[
            "quiz",
            "--plain",
            "--lesson",
            "other-divergences",
            "--count",
            "6",
            "--seed",
            "5",
        ],
        &data,
        "0.8\nlab\nquit\n",
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("problem other-divergences/tv-coins"),
        "{stdout}"
    );
    let lab: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("This problem in the compare lab"))
        .take_while(|l| !l.starts_with("Choose") && !l.starts_with("Answer"))
        .collect();
    assert!(lab.len() >= 2, "{stdout}");
    assert!(lab[1].contains("P = [0.9, 0.1], Q = [0.5, 0.5]"), "{lab:?}");
    assert!(
        lab.iter().all(|l| !l.contains("Esc") && !l.contains('←')),
        "{lab:?}"
    );
}

/// A finished quiz ends with the next step, the one Home's "Continue" would
/// open (computed here by the library from the progress the binary saved),
/// and the command that opens it; a quiz left part-way does not.
#[test]
fn quiz_plain_ends_with_the_next_step() {
    let data = scratch("quiz-next");
    let catalog = Catalog::load(&[fixtures()]);
    let q = QuizSession::quiz(
        &catalog,
        &Store::open(&scratch("quiz-next-lib")).unwrap(),
        &QuizScope::Lesson("core-basics".into()),
        2,
        11,
    )
    .unwrap();
    let input: String = q
        .items()
        .iter()
        .map(|it| format!("{}\n", right_answer(it)))
        .collect();
    let args = [
        "quiz",
        "--plain",
        "--seed",
        "11",
        "--count",
        "2",
        "--lesson",
        "core-basics",
    ];
    let out = run(&args, &data, &input);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    let done = stdout
        .find("Quiz done. Final score: 2 of 2.")
        .expect(&stdout);
    let store = Store::open(&data).unwrap();
    let next: kltutor::tutor::NextOwned =
        kltutor::tutor::next_step(&catalog, &store, kltutor::progress::now_ms()).into();
    let want = format!("Next: {}: kltutor ", next.describe());
    let at = stdout.find(&want).expect(&stdout);
    assert!(at > done, "the next step comes after the score:\n{stdout}");
    // Nothing was read yet, so the next step is a lesson, with its command.
    let kltutor::tutor::NextOwned::Lesson { id, .. } = &next else {
        panic!("expected a lesson next, got {next:?}")
    };
    assert!(
        stdout[at..].contains(&format!("kltutor learn --plain {id}")),
        "{stdout}"
    );

    // Input ends after the first item: stopped, no next step.
    let first = input.lines().next().unwrap();
    let out = run(&args, &scratch("quiz-next-stop"), &format!("{first}\n"));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("Stopped after 1 of 2"), "{stdout}");
    assert!(!stdout.contains("Next:"), "{stdout}");
}
