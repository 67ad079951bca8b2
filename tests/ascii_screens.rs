//! `--ascii` is ASCII only, and spelled the same everywhere (issue 9 §6).
//!
//! Every item of every bundled lesson (prose, every worked-example step,
//! problems with feedback on a wrong answer, questions with an explanation,
//! lab items, the end page), every lab, Home, a quiz, Progress and the help
//! overlays are drawn with the ASCII theme, twice:
//! * as the app draws them, where every cell must be ASCII;
//! * before the app's last pass over the frame, where no cell may hold a
//!   character whose ASCII spelling is longer than one column (`‖`, `≥`,
//!   `Σ`, `σ`, `→`, `…`): such text must have been spelled out before it was
//!   laid out, by the one table in `kltutor::ascii`, or it would read
//!   differently (`|` instead of `||`) from the same text elsewhere.

use kltutor::ascii::{script, spell, to_ascii};
use kltutor::lab::{LabParams, NAMES};
use kltutor::lesson::catalog::{Catalog, bundled_files};
use kltutor::progress::Store;
use kltutor::tui::app::App;
use kltutor::tui::ascii::asciify;
use kltutor::tui::context::Context;
use kltutor::tui::screen::{Action, Screen};
use kltutor::tui::screens::home::Home;
use kltutor::tui::screens::lesson::LessonScreen;
use kltutor::tui::screens::progress::ProgressScreen;
use kltutor::tui::screens::quiz::QuizScreen;
use kltutor::tui::screens::{
    lab_bernoulli, lab_compare, lab_contributions, lab_heatmap, lab_loss, lab_modes,
};
use kltutor::tui::theme::Theme;
use kltutor::tutor::{Current, SeededSeeds};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;
use std::rc::Rc;

const ASCII: Theme = Theme {
    color: false,
    ascii: true,
};

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kltutor-ascii-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn screen_text(buf: &Buffer) -> String {
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                + "\n"
        })
        .collect()
}

/// Cells holding text that should have been spelled out before layout.
fn unspelled(buf: &Buffer) -> Vec<String> {
    let mut bad = Vec::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            for c in buf[(x, y)].symbol().chars() {
                let long = script(c).is_some() || spell(c).is_some_and(|s| s.len() > 1);
                if long {
                    bad.push(format!("{c:?} at ({x}, {y})"));
                }
            }
        }
    }
    bad
}

/// Draws `screen` raw (checks the spelling), then with the last pass (checks
/// every cell is ASCII).
fn check_screen(what: &str, screen: &dyn Screen, w: u16, h: u16) {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| screen.draw(f, f.area(), &ASCII)).unwrap();
    let mut buf = term.backend().buffer().clone();
    let bad = unspelled(&buf);
    assert!(
        bad.is_empty(),
        "{what} at {w}x{h}: not spelled before layout: {bad:?}\n{}",
        screen_text(&buf)
    );
    asciify(&mut buf);
    check_cells(what, &buf);
}

fn check_cells(what: &str, buf: &Buffer) {
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let s = buf[(x, y)].symbol();
            assert!(
                s.is_ascii(),
                "{what}: {s:?} at ({x}, {y})\n{}",
                screen_text(buf)
            );
        }
    }
}

/// The whole app (title bar, status bar, help overlay) through its own draw.
fn check_app(what: &str, app: &App, w: u16, h: u16) {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| app.draw(f)).unwrap();
    check_cells(what, term.backend().buffer());
}

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn lab_screens() -> Vec<(&'static str, Box<dyn Screen>)> {
    let p = LabParams::default();
    NAMES
        .iter()
        .map(|(name, _)| {
            let s: Box<dyn Screen> = match *name {
                "bernoulli" => Box::new(lab_bernoulli::BernoulliScreen::new(&p)),
                "compare" => Box::new(lab_compare::CompareScreen::new(&p)),
                "contributions" => Box::new(lab_contributions::ContributionsScreen::new(&p)),
                "heatmap" => Box::new(lab_heatmap::HeatmapScreen::new(&p)),
                "loss" => Box::new(lab_loss::LossScreen::new(&p)),
                "modes" => Box::new(lab_modes::ModesScreen::new(&p)),
                other => panic!("a lab this test does not know: {other}"),
            };
            (*name, s)
        })
        .collect()
}

#[test]
fn every_lesson_item_is_ascii_and_spelled_out() {
    let catalog = Catalog::from_files(&bundled_files());
    assert!(catalog.lessons.len() >= 9, "{:?}", catalog.diagnostics);
    for lesson in &catalog.lessons {
        let dir = scratch(&lesson.id);
        let ctx = Context::new(
            catalog.clone(),
            Store::open(&dir).unwrap(),
            Box::new(SeededSeeds::new(5)),
        );
        let mut s = LessonScreen::open(&ctx, &lesson.id).unwrap();
        let mut wrong_given = false;
        for step in 0..5000 {
            let what = format!("{} step {step}", lesson.id);
            check_screen(&what, &s, 80, 24);
            match s.session().current() {
                Current::End => {
                    check_screen(&what, &s, 200, 60);
                    break;
                }
                Current::Problem(_) if !wrong_given => {
                    // A wrong answer: its feedback and diagnosis are drawn next.
                    for c in "123".chars() {
                        s.handle(Action::Char(c));
                    }
                    s.handle(Action::Enter);
                    wrong_given = true;
                    continue;
                }
                Current::Problem(_) => {
                    s.handle(Action::Back);
                    s.handle(Action::Char('n'));
                }
                Current::Question(q) if !wrong_given => {
                    let wrong = (q.question.answer + 1) % q.question.choices.len();
                    s.handle(Action::Char(
                        char::from_digit(wrong as u32 + 1, 10).unwrap(),
                    ));
                    wrong_given = true;
                    continue;
                }
                _ => {
                    s.handle(Action::Right);
                }
            }
            wrong_given = false;
        }
        assert!(
            matches!(s.session().current(), Current::End),
            "{}: never reached the end",
            lesson.id
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn every_lab_home_quiz_progress_and_help_is_ascii() {
    for (name, screen) in lab_screens() {
        for (w, h) in [(80, 24), (200, 60)] {
            check_screen(name, screen.as_ref(), w, h);
        }
        let mut app = App::new(screen, ASCII);
        check_app(name, &app, 80, 24);
        press(&mut app, KeyCode::Char('?'));
        check_app(&format!("{name} help"), &app, 80, 24);
    }
    let catalog = Catalog::from_files(&bundled_files());
    let dir = scratch("home");
    let ctx: Rc<Context> = Context::new(
        catalog,
        Store::open(&dir).unwrap(),
        Box::new(SeededSeeds::new(9)),
    );
    let home = Home::new(&ctx);
    check_screen("home", &home, 80, 24);
    let mut app = App::new(Box::new(home), ASCII);
    check_app("home", &app, 80, 24);
    press(&mut app, KeyCode::Char('?'));
    check_app("home help", &app, 80, 24);
    check_screen("progress", &ProgressScreen::new(&ctx), 80, 24);
    let mut quiz = QuizScreen::quiz(&ctx).unwrap();
    for _ in 0..5 {
        check_screen("quiz", &quiz, 80, 24);
        quiz.handle(Action::Char('1'));
        check_screen("quiz feedback", &quiz, 80, 24);
        quiz.handle(Action::Enter);
    }
}

/// `‖` in a lesson and in a lab: both `||`, as the table says.
#[test]
fn a_symbol_reads_the_same_in_a_lesson_and_a_lab() {
    assert_eq!(to_ascii("D(P‖Q)"), "D(P||Q)");
    let catalog = Catalog::from_files(&bundled_files());
    let dir = scratch("same");
    let ctx = Context::new(
        catalog,
        Store::open(&dir).unwrap(),
        Box::new(SeededSeeds::new(1)),
    );
    // Lesson 2's second section defines D_KL(P‖Q).
    let mut lesson = App::new(
        Box::new(LessonScreen::open(&ctx, "kl-definition").unwrap()),
        ASCII,
    );
    let mut seen = String::new();
    for _ in 0..6 {
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        term.draw(|f| lesson.draw(f)).unwrap();
        seen += &screen_text(term.backend().buffer());
        press(&mut lesson, KeyCode::Right);
    }
    assert!(seen.contains("D_KL(P||Q)"), "{seen}");
    assert!(!seen.contains("(P|Q)"), "{seen}");
    let (_, lab) = lab_screens()
        .into_iter()
        .find(|(n, _)| *n == "contributions")
        .unwrap();
    let lab = App::new(lab, ASCII);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| lab.draw(f)).unwrap();
    let text = screen_text(term.backend().buffer());
    assert!(text.contains("D(P||Q)"), "{text}");
    assert!(!text.contains("(P|Q)"), "{text}");
}

/// `--ascii learn --plain`: every line of a bundled lesson, its problems'
/// feedback and its end report is ASCII, `‖` spelled `||` as on screen.
#[test]
fn plain_learn_with_ascii_is_ascii() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let data = scratch("plain");
    let mut child = Command::new(env!("CARGO_BIN_EXE_kltutor"))
        .args(["--ascii", "learn", "--plain", "kl-definition", "--data-dir"])
        .arg(&data)
        .env_remove("KLTUTOR_DATA_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Enter through prose and examples, a wrong answer then skip at each prompt.
    let input: String = "\n0.9\nskip\n".repeat(80);
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("End of the lesson"), "{stdout}");
    assert!(stdout.contains("D(P||Q)"), "{stdout}");
    for (i, line) in stdout.lines().enumerate() {
        assert!(line.is_ascii(), "line {i} is not ASCII: {line}");
    }
}
