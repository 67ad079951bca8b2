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
