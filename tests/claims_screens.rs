//! Counterexamples and predictions as a learner meets them, on the fixture
//! lesson `tests/fixtures/claims`: the app's screens in `TestBackend`
//! (snapshots at 80x24 and 120x40) and the plain-mode transcript.

use kltutor::lesson::catalog::{Catalog, read_dir};
use kltutor::progress::Store;
use kltutor::tui::app::App;
use kltutor::tui::context::Context;
use kltutor::tui::screens::home::Home;
use kltutor::tui::theme::Theme;
use kltutor::tutor::ListSeeds;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/claims");

fn scratch() -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "kltutor-claims-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn context(dir: &Path) -> Rc<Context> {
    let c = Catalog::from_files(&read_dir(Path::new(FIXTURE)).unwrap());
    assert_eq!(c.lessons.len(), 1, "{:?}", c.diagnostics);
    let store = Store::open(dir).unwrap();
    Context::new(c, store, Box::new(ListSeeds::new(vec![7, 8, 9])))
}

fn render(app: &App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| app.draw(f)).unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn both(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_80x24"), render(app, 80, 24));
    insta::assert_snapshot!(format!("{name}_120x40"), render(app, 120, 40));
}

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Runs `kltutor learn --plain claims` on the fixture with `input` on stdin.
fn plain(dir: &Path, input: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kltutor"))
        .args(["--data-dir"])
        .arg(dir)
        .args(["--lessons", FIXTURE, "learn", "--plain", "claims"])
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
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_wrong_option_shows_the_counterexample_in_the_app() {
    let dir = scratch();
    let ctx = context(&dir);
    let mut app = App::new(Box::new(Home::new(&ctx)), Theme::FULL);
    press(&mut app, KeyCode::Enter); // open the lesson
    press(&mut app, KeyCode::Enter); // past the prose
    let s = render(&app, 120, 40);
    assert!(s.contains("D(P‖Q) = D(Q‖P) for every P and Q."), "{s}");
    press(&mut app, KeyCode::Char('1'));
    let s = render(&app, 120, 40);
    assert!(s.contains("A counterexample to"), "{s}");
    assert!(s.contains("P = [0.1, 0.9]"), "{s}");
    assert!(s.contains("D(P‖Q) = 0.7942 nats"), "{s}");
    assert!(s.contains("D(Q‖P) = 1.033 nats"), "{s}");
    both("claims_question_wrong", &app);
}

#[test]
fn a_wrong_option_shows_the_counterexample_in_plain_mode() {
    let dir = scratch();
    let out = plain(&dir, "\n1\n2\n");
    let wrong = out.split("Not quite.").nth(1).expect(&out);
    assert!(
        wrong.contains("A counterexample to \"D(P‖Q) = D(Q‖P) for every P and Q\":"),
        "{out}"
    );
    assert!(
        wrong.contains("  P = [0.1, 0.9]\n  Q = [0.7, 0.3]\n"),
        "{out}"
    );
    assert!(
        wrong.contains("  D(P‖Q) = 0.7942 nats\n  D(Q‖P) = 1.033 nats\n"),
        "{out}"
    );
    // The right answer gets no counterexample.
    let right = out.split("Right").last().unwrap();
    assert!(!right.contains("counterexample"), "{out}");
}

#[test]
fn a_prediction_is_revealed_and_calibrated_in_the_app() {
    let dir = scratch();
    let ctx = context(&dir);
    let mut app = App::new(Box::new(Home::new(&ctx)), Theme::FULL);
    press(&mut app, KeyCode::Enter); // open the lesson
    press(&mut app, KeyCode::Enter); // past the prose
    press(&mut app, KeyCode::Char('n')); // past the question
    let s = render(&app, 120, 40);
    assert!(s.contains("Predict first"), "{s}");
    assert!(s.contains("1. D(P‖Q) is the larger"), "{s}");
    press(&mut app, KeyCode::Char('1'));
    assert!(render(&app, 120, 40).contains("How sure are you?"));
    press(&mut app, KeyCode::Char('8'));
    let s = render(&app, 120, 40);
    // D(P‖Q) = 0.3681 < D(Q‖P) = 0.5108 for P = [0.9, 0.1], Q = [0.5, 0.5].
    assert!(
        s.contains("Your prediction was wrong (80% sure). The answer: D(Q‖P) is the larger."),
        "{s}"
    );
    assert!(
        s.contains("D(P‖Q) = 0.3681 nats, D(Q‖P) = 0.5108 nats."),
        "{s}"
    );
    assert!(s.contains("0.529 ████"), "{s}");
    both("claims_predict_revealed", &app);
    press(&mut app, KeyCode::Enter); // on to the next section
    assert!(render(&app, 120, 40).contains("KL is not symmetric."));
    let store = Store::open(&dir).unwrap();
    let preds = &store.progress().predictions;
    assert_eq!(preds.len(), 1);
    assert_eq!(
        (preds[0].choice, preds[0].correct, preds[0].confidence),
        (0, false, 0.8)
    );
    assert_eq!(preds[0].block, "claims/which-larger");
    // The Progress screen draws the reliability diagram.
    let progress = App::new(
        Box::new(kltutor::tui::screens::progress::ProgressScreen::new(&ctx)),
        Theme::FULL,
    );
    let s = render(&progress, 120, 40);
    assert!(s.contains("Calibration: 1 prediction, Brier 0.640"), "{s}");
    assert!(s.contains("80%"), "{s}");
    both("claims_progress_calibration", &progress);
}

#[test]
fn a_prediction_in_plain_mode_and_its_calibration_export() {
    let dir = scratch();
    // Open, prose, skip the question, predict 2 (right) at 90 %, a bad confidence first.
    let out = plain(&dir, "\n2\n2\n2\n40\n90\n\n");
    assert!(out.contains("Predict first (claims/which-larger)"), "{out}");
    assert!(out.contains("P = [0.9, 0.1], Q = [0.5, 0.5]"), "{out}");
    assert!(
        out.contains("a confidence is between 50 (a coin flip) and 100 (certain)"),
        "{out}"
    );
    assert!(
        out.contains("Your prediction was right (90% sure): D(Q‖P) is the larger.\nD(P‖Q) = 0.3681 nats, D(Q‖P) = 0.5108 nats.\nContributions"),
        "{out}"
    );
    let export = Command::new(env!("CARGO_BIN_EXE_kltutor"))
        .arg("--data-dir")
        .arg(&dir)
        .args(["progress", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    let cal = &v["calibration"];
    assert_eq!(cal["predictions"], 1);
    // (0.9 - 1)^2
    assert!(
        (cal["brier"].as_f64().unwrap() - 0.01).abs() < 1e-12,
        "{cal}"
    );
    let bins = cal["bins"].as_array().unwrap();
    assert_eq!(bins.len(), 6);
    assert_eq!(
        bins[4],
        serde_json::json!({"confidence": 0.9, "n": 1, "right": 1})
    );
}

/// `kltutor check` on a lesson whose only block is `block`.
fn check_block(block: &str) -> (String, i32) {
    let dir = scratch();
    let text = format!(
        "+++\nid = \"p\"\ntitle = \"P\"\nsummary = \"S.\"\nconcepts = [\"asymmetry\"]\nminutes = 5\ndifficulty = 1\n+++\n\n## One\n\n```predict\n{block}\n```\n\n## Key takeaways\n\n- x\n"
    );
    std::fs::write(dir.join("p.md"), text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kltutor"))
        .arg("check")
        .arg(&dir)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn check_validates_predict_blocks() {
    let ok = "ask = \"range\"\np = [0.9, 0.1]\nq = [0.5, 0.5]\nranges = [0.1, 0.5]";
    assert_eq!(check_block(ok).1, 0, "{}", check_block(ok).0);
    for (block, needle) in [
        (
            "ask = \"bigger\"\np = [0.9, 0.1]\nq = [0.5, 0.5]",
            "p.md:13:1: error: unknown ask = \"bigger\"",
        ),
        (
            "ask = \"larger\"\np = [0.9, 0.1]\nq = [0.1, 0.9]",
            "are equal for these inputs",
        ),
        (
            "ask = \"range\"\np = [0.9, 0.1]\nq = [0.5, 0.5]",
            "needs ranges",
        ),
        (
            "ask = \"range\"\np = [0.9, 0.1]\nq = [0.5, 0.5]\nranges = [0.5, 0.1]",
            "strictly increasing",
        ),
        (
            "ask = \"finite\"\np = [0.9, 0.2]\nq = [0.5, 0.5]",
            "p.md:14:1: error: the engine cannot compute",
        ),
        (
            "ask = \"finite\"\np = [0.9, 0.1]\nq = [0.5, 0.5]\nranges = [1.0]",
            "ranges is only for",
        ),
        (
            "ask = \"finite\"\np = [0.9, 0.1]\nq = [0.5, 0.5]\nanswer = 1",
            "unknown field `answer`",
        ),
    ] {
        let (out, code) = check_block(block);
        assert_eq!(code, 1, "{block}: {out}");
        assert!(out.contains(needle), "{block}: {out}");
    }
}
