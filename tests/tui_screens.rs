//! The app's screens rendered into `TestBackend` on the fixture lessons
//! (never the bundled ones), with a scratch data directory and fixed seeds:
//! snapshots at 80x24 and 120x40, and key sequences that walk through a
//! lesson, a wrong answer and its diagnosis, a hint, a right answer, a
//! question, a lab item and a quiz, checking the store as well as the screen.

use kltutor::lesson::catalog::{Catalog, read_dir};
use kltutor::progress::{Attempt, AttemptKind, Store};
use kltutor::tui::app::App;
use kltutor::tui::context::Context;
use kltutor::tui::screens::home::Home;
use kltutor::tui::theme::Theme;
use kltutor::tutor::{DrillItem, ListSeeds, NextOwned, QuizScope, QuizSession, next_step};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

/// The seed list every test app draws from (quiz seed first, then problems).
const SEEDS: [u64; 3] = [41077, 2024, 777];

fn scratch() -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "kltutor-screens-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The fixture lessons only: snapshots must not change when the bundled curriculum does.
fn fixtures() -> Catalog {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/core");
    let c = Catalog::from_files(&read_dir(&dir).unwrap());
    assert_eq!(c.lessons.len(), 2, "{:?}", c.diagnostics);
    c
}

fn context(dir: &std::path::Path) -> Rc<Context> {
    let store = Store::open(dir).unwrap();
    Context::new(fixtures(), store, Box::new(ListSeeds::new(SEEDS.to_vec())))
}

fn app(ctx: &Rc<Context>) -> App {
    App::new(Box::new(Home::new(ctx)), Theme::FULL)
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

/// The same screen on a large terminal (issue 9 §6: snapshots at 200x60).
fn wide(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_200x60"), render(app, 200, 60));
}

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typ(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn enter(app: &mut App, n: usize) {
    for _ in 0..n {
        press(app, KeyCode::Enter);
    }
}

fn attempts(dir: &std::path::Path) -> Vec<Attempt> {
    Store::open(dir).unwrap().attempts().to_vec()
}

/// Home → Continue (core-basics) → the first problem (coin-bits): two prose
/// items and the five steps of the coin example.
fn to_first_problem(app: &mut App) {
    enter(app, 1); // open the lesson
    enter(app, 2); // opening prose, the definition's prose
    enter(app, 5); // the example's five steps
}

#[test]
fn home_snapshots() {
    let dir = scratch();
    let ctx = context(&dir);
    let app = app(&ctx);
    both("home", &app);
    wide("home", &app);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Continue: Core basics"), "{screen}");
    assert!(
        screen.contains("locked"),
        "core-units needs core-basics first:\n{screen}"
    );
}

#[test]
fn home_shows_a_progress_file_warning() {
    let dir = scratch();
    std::fs::write(dir.join("progress.json"), b"{ not json").unwrap();
    let ctx = context(&dir);
    let screen = render(&app(&ctx), 100, 30);
    assert!(screen.contains("Warning: could not read"), "{screen}");
}

#[test]
fn reader_and_example_snapshots() {
    let dir = scratch();
    let ctx = context(&dir);
    let mut app = app(&ctx);
    enter(&mut app, 1);
    both("reader", &app);
    wide("reader", &app);
    enter(&mut app, 1);
    // Tab opens the outline; at 80 columns it drops down over the content.
    press(&mut app, KeyCode::Tab);
    both("reader_outline", &app);
    press(&mut app, KeyCode::Tab);
    // The example, two steps in: the intro and the first outcome row.
    enter(&mut app, 2);
    both("example_step2", &app);
    let s = render(&app, 120, 40);
    assert!(s.contains("Step 2 of 5"), "{s}");
    // Back one step: the heads row is dots again.
    press(&mut app, KeyCode::Left);
    assert!(render(&app, 120, 40).contains("Step 1 of 5"));
    enter(&mut app, 4);
    let s = render(&app, 120, 40);
    assert!(s.contains("Sum of the terms"), "{s}");
    assert!(s.contains("0.5310 bits"), "{s}");
}

/// Enter on an empty field after a wrong answer keeps that answer's
/// feedback on screen and adds the note below it (once, however often).
#[test]
fn enter_on_an_empty_field_keeps_the_feedback() {
    let dir = scratch();
    let ctx = context(&dir);
    let mut app = app(&ctx);
    to_first_problem(&mut app);
    typ(&mut app, "0.368");
    press(&mut app, KeyCode::Enter);
    assert!(render(&app, 120, 40).contains("Not quite: 0.368"));
    enter(&mut app, 2);
    let s = render(&app, 120, 40);
    assert!(s.contains("Not quite: 0.368"), "{s}");
    assert_eq!(s.matches("Type an answer first.").count(), 1, "{s}");
    assert_eq!(attempts(&dir).len(), 1, "an empty field is no attempt");
}

#[test]
fn a_problem_wrong_then_hint_then_right() {
    let dir = scratch();
    let ctx = context(&dir);
    let mut app = app(&ctx);
    to_first_problem(&mut app);
    assert!(app.current().input_mode(), "the answer field has the keys");
    // The value in nats where bits were asked: a known mistake, with its section.
    typ(&mut app, "0.368");
    press(&mut app, KeyCode::Enter);
    let s = render(&app, 120, 40);
    assert!(s.contains("Not quite: 0.368"), "{s}");
    // Units are taught only in core-units, still locked for this learner:
    // no section is named rather than one the learner cannot open.
    assert!(!s.contains("See the section"), "{s}");
    both("problem_wrong", &app);
    wide("problem_wrong", &app);
    let log = attempts(&dir);
    assert_eq!(log.len(), 1);
    assert!(!log[0].correct);
    assert!(log[0].diagnosis.is_some(), "{:?}", log[0]);
    // Letters are text in the field; Esc leaves it for the command keys.
    press(&mut app, KeyCode::Esc);
    assert!(!app.current().input_mode());
    // The hint after a diagnosed answer is aimed at that mistake.
    press(&mut app, KeyCode::Char('t'));
    let s = render(&app, 120, 40);
    assert!(
        s.contains("Hint on this mistake (Nats where bits were asked): Which logarithm"),
        "{s}"
    );
    assert!(!s.contains("Hint 1 of 2"), "{s}");
    both("problem_hint", &app);
    // Up recalls the earlier answer; edit it into the right one.
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Up);
    for _ in 0..3 {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "531");
    press(&mut app, KeyCode::Enter);
    let s = render(&app, 120, 40);
    assert!(s.contains("Right: 0.531"), "{s}");
    let log = attempts(&dir);
    assert_eq!(log.len(), 2);
    assert!(log[1].correct && log[1].hints_used == 1, "{:?}", log[1]);
    // Enter goes on to the next section; the position is saved.
    press(&mut app, KeyCode::Enter);
    assert!(render(&app, 120, 40).contains("Asymmetry"));
    let store = Store::open(&dir).unwrap();
    assert_eq!(store.position("core-basics").map(|p| p.section), Some(2));
}

#[test]
fn a_question_a_lab_and_leaving_saves_the_place() {
    let dir = scratch();
    let ctx = context(&dir);
    let mut app = app(&ctx);
    to_first_problem(&mut app);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('n')); // skip coin-bits
    enter(&mut app, 1); // Asymmetry prose
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('n')); // skip three-kl
    let s = render(&app, 80, 24);
    assert!(s.contains("Is KL divergence a distance metric?"), "{s}");
    press(&mut app, KeyCode::Char('1'));
    let s = render(&app, 120, 40);
    assert!(s.contains("Not quite. Never negative"), "{s}");
    both("question_wrong", &app);
    wide("question_wrong", &app);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let s = render(&app, 120, 40);
    assert!(
        s.contains("Right: D(P‖Q)") && !s.contains("Right. Right"),
        "{s}"
    );
    let log = attempts(&dir);
    assert_eq!(
        log.iter()
            .filter(|a| a.kind == AttemptKind::Question)
            .count(),
        2
    );
    enter(&mut app, 1);
    both("lab_item", &app);
    enter(&mut app, 1);
    assert!(render(&app, 120, 40).contains("Lab: Bernoulli"));
    press(&mut app, KeyCode::Char('q')); // back from the lab
    press(&mut app, KeyCode::Char('q')); // back from the lesson: saved
    assert!(render(&app, 80, 24).contains("in progress"));
    let store = Store::open(&dir).unwrap();
    let p = store.position("core-basics").unwrap();
    assert_eq!((p.section, p.item), (2, 3));
    // Reopening resumes there.
    enter(&mut app, 1);
    assert!(render(&app, 120, 40).contains("Lab: bernoulli"));
}

#[test]
fn outline_jumps_to_a_section() {
    let dir = scratch();
    let ctx = context(&dir);
    let mut app = app(&ctx);
    enter(&mut app, 1);
    press(&mut app, KeyCode::Tab);
    for _ in 0..4 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    let s = render(&app, 120, 40);
    assert!(s.contains("KL is not symmetric."), "{s}");
}

/// The quiz the app will deal: same catalog, same seed.
fn expected_quiz(ctx: &Context) -> QuizSession {
    QuizSession::quiz(
        &ctx.catalog,
        &ctx.store.borrow(),
        &QuizScope::Unlocked,
        kltutor::tui::screens::quiz::QUIZ_LEN,
        SEEDS[0],
    )
    .unwrap()
}

#[test]
fn a_quiz_from_start_to_summary() {
    let dir = scratch();
    let ctx = context(&dir);
    let expected = expected_quiz(&ctx);
    let mut app = app(&ctx);
    // Home: Continue, 2 lessons, then Quiz.
    for _ in 0..3 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    both("quiz_first_item", &app);
    wide("quiz_first_item", &app);
    // Leaving mid-quiz asks first; any key but y stays.
    if app.current().input_mode() {
        press(&mut app, KeyCode::Esc);
    }
    press(&mut app, KeyCode::Char('q'));
    assert!(render(&app, 80, 24).contains("Leave now?"));
    press(&mut app, KeyCode::Char('x'));
    assert!(render(&app, 80, 24).contains("Item 1 of 5"));
    for (i, item) in expected.items().iter().enumerate() {
        // The first item is answered wrong on purpose, for the summary.
        let wrong = i == 0;
        match item {
            DrillItem::Problem(p) => {
                if !app.current().input_mode() {
                    press(&mut app, KeyCode::Char('a'));
                }
                let v = p.instance.quantity.value().unwrap();
                let answer = if wrong { v * 2.0 + 0.5 } else { v };
                typ(&mut app, &format!("{answer:.6}"));
                press(&mut app, KeyCode::Enter);
            }
            DrillItem::Question(q) => {
                let k = if wrong {
                    (q.question.answer + 1) % q.question.choices.len()
                } else {
                    q.question.answer
                };
                typ(&mut app, &(k + 1).to_string());
            }
        }
        let s = render(&app, 120, 40);
        assert!(s.contains("Feedback"), "item {i}:\n{s}");
        if i == 1 {
            both("quiz_feedback", &app);
            wide("quiz_feedback", &app);
        }
        press(&mut app, KeyCode::Enter);
    }
    let s = render(&app, 120, 40);
    assert!(s.contains("Quiz done. Final score: 4 of 5."), "{s}");
    assert!(s.contains("Mistakes to review:"), "{s}");
    both("quiz_summary", &app);
    wide("quiz_summary", &app);
    let log = attempts(&dir);
    assert_eq!(
        log.iter().filter(|a| a.kind == AttemptKind::Quiz).count(),
        5
    );
    // Finished: leaving does not ask.
    press(&mut app, KeyCode::Esc);
    assert!(render(&app, 80, 24).contains("Continue"));
}

#[test]
fn review_with_nothing_due_says_so() {
    let dir = scratch();
    let ctx = context(&dir);
    let mut app = app(&ctx);
    for _ in 0..4 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert!(render(&app, 80, 24).contains("Nothing is due for review."));
}

/// A log at fixed times, and the clock pinned, so the chart is the same every run.
#[test]
fn progress_snapshots() {
    const NOW: i64 = 1_750_000_000_000;
    const DAY: i64 = 86_400_000;
    let dir = scratch();
    {
        let mut store = Store::open(&dir).unwrap();
        let mut add = |days_ago: i64, concept: &str, problem: &str, ok: bool| {
            let mut a = Attempt::new(problem, concept, AttemptKind::Practice, 0, "1", ok);
            a.time_ms = NOW - days_ago * DAY;
            store.record(a).unwrap();
        };
        for d in [9, 9, 6, 3, 3, 3, 1] {
            add(d, "definition-discrete", "core-basics/coin-bits", true);
        }
        add(2, "asymmetry", "core-basics/three-kl", false);
        add(0, "asymmetry", "core-basics/three-kl", true);
    }
    let mut ctx = context(&dir);
    Rc::get_mut(&mut ctx).unwrap().now = || NOW;
    let mut app = app(&ctx);
    // Home: Continue, 2 lessons, Quiz, Review, Challenge, 1 lab, Progress.
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Enter);
    both("progress", &app);
    let s = render(&app, 120, 40);
    assert!(s.contains("definition-discrete"), "{s}");
    assert!(s.contains("familiar"), "{s}");
    // The status line fits at 80 columns: every key, none cut to "…".
    let s80 = render(&app, 80, 24);
    let status = s80.lines().last().unwrap();
    assert!(!status.contains('…'), "{status}");
    assert!(status.contains("q back"), "{status}");
}

/// Misconceptions on the Progress screen: one active (direction, seen twice,
/// one clean answer since), one resolved (units, three clean answers).
#[test]
fn progress_shows_misconceptions() {
    const NOW: i64 = 1_750_000_000_000;
    let dir = scratch();
    {
        let mut store = Store::open(&dir).unwrap();
        let mut add = |t: i64, ok: bool, diagnosis: Option<&str>, exposes: &[&str]| {
            let mut a = Attempt::new(
                "core-basics/three-kl",
                "asymmetry",
                AttemptKind::Practice,
                0,
                "1",
                ok,
            );
            a.time_ms = NOW - 100_000 + t;
            a.diagnosis = diagnosis.map(str::to_string);
            a.exposes = exposes.iter().map(|s| s.to_string()).collect();
            store.record(a).unwrap();
        };
        add(1, false, Some("nats-for-bits"), &[]);
        add(2, false, Some("swapped-arguments"), &[]);
        add(3, false, Some("swapped-arguments"), &[]);
        for t in 4..7 {
            add(t, true, None, &["units"]);
        }
        add(8, true, None, &["direction", "units"]);
    }
    let mut ctx = context(&dir);
    Rc::get_mut(&mut ctx).unwrap().now = || NOW;
    let mut app = app(&ctx);
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Enter);
    both("progress_misconceptions", &app);
    for (w, h) in [(80, 24), (120, 40)] {
        let s = render(&app, w, h);
        assert!(s.contains("Misconceptions: 1 active"), "{s}");
        assert!(
            s.contains("direction") && s.contains("active, 1/3 clean · seen 2"),
            "{s}"
        );
        assert!(
            s.contains("units") && s.contains("resolved · seen 1"),
            "{s}"
        );
    }
}

/// Issue 13 §1 and §4 on the lesson screen: `e` opens the per-outcome table
/// of terms; a wrong second term (weighted by Q: 0.5·log2(0.1/0.5)) is named
/// and marked; `o` opens the contributions lab on this very P and Q with
/// outcome 2 selected, and Esc comes back to the table as it was.
#[test]
fn terms_table_then_the_very_problem_in_the_lab() {
    let dir = scratch();
    let ctx = context(&dir);
    let mut app = app(&ctx);
    to_first_problem(&mut app);
    // `o` before any wrong answer only says what it is for.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('o'));
    assert!(render(&app, 120, 40).contains("after a wrong answer"));
    press(&mut app, KeyCode::Char('e'));
    assert!(app.current().input_mode(), "the table has the keys");
    typ(&mut app, "0.7632");
    press(&mut app, KeyCode::Down);
    typ(&mut app, "0.5*log2(0.1/0.5)");
    press(&mut app, KeyCode::Enter);
    let s = render(&app, 120, 40);
    assert!(s.contains("the term of outcome 2 (x2) is wrong"), "{s}");
    assert!(s.contains("weighted by Q(x) = 0.5"), "{s}");
    assert!(s.contains("Terms, one per outcome"), "{s}");
    both("problem_terms_wrong", &app);
    let log = attempts(&dir);
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].first_wrong_term, log[0].diagnosis.as_deref()),
        (Some(2), Some("weighted-by-q"))
    );
    // The very problem, in the contributions lab.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('o'));
    let s = render(&app, 120, 40);
    assert!(s.contains("Lab: contributions"), "{s}");
    assert!(s.contains("D(P‖Q) = 0.5310 bits"), "{s}");
    assert!(s.contains("Outcome 2 (x2) is selected"), "{s}");
    both("problem_in_lab", &app);
    // Back: the problem, its table and what was typed are as they were.
    press(&mut app, KeyCode::Esc);
    let s = render(&app, 120, 40);
    assert!(s.contains("0.5*log2(0.1/0.5)"), "{s}");
    assert!(s.contains("the term of outcome 2 (x2) is wrong"), "{s}");
    // Fix the second term and submit all: right.
    press(&mut app, KeyCode::Char('e'));
    for _ in 0.."0.5*log2(0.1/0.5)".len() {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "0.1*log2(0.1/0.5)");
    press(&mut app, KeyCode::Enter);
    let s = render(&app, 120, 40);
    assert!(s.contains("Every term is right"), "{s}");
    assert!(attempts(&dir)[1].correct);
}

#[test]
fn tiny_and_odd_sizes_never_panic() {
    let dir = scratch();
    let ctx = context(&dir);
    let mut app = app(&ctx);
    let sizes = [(1, 1), (20, 5), (60, 16), (61, 17), (80, 24), (300, 100)];
    let keys = [
        KeyCode::Enter,
        KeyCode::Tab,
        KeyCode::Down,
        KeyCode::Enter,
        KeyCode::Tab,
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::PageDown,
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Char('x'),
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Char('s'),
        KeyCode::Char('t'),
        KeyCode::Char('s'),
        KeyCode::Char('n'),
    ];
    for k in keys {
        press(&mut app, k);
        for (w, h) in sizes {
            render(&app, w, h);
        }
    }
}

fn big(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_80x24"), render(app, 80, 24));
    insta::assert_snapshot!(format!("{name}_200x60"), render(app, 200, 60));
}

#[test]
fn peeking_at_a_locked_lesson_keeps_continue() {
    let dir = scratch();
    let ctx = context(&dir);
    let mut app = app(&ctx);
    // Home: Continue, Lessons heading skipped by the cursor: 1 core-basics, 2 core-units.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    enter(&mut app, 1);
    let s = render(&app, 80, 24);
    assert!(s.contains("locked until"), "{s}");
    // Its first item is a problem: Esc leaves the answer field, Esc again the lesson.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    let s = render(&app, 80, 24);
    assert!(s.contains("Continue: Core basics"), "{s}");
}

#[test]
fn a_finished_lesson_ends_with_its_report_and_enter_starts_the_next() {
    let dir = scratch();
    {
        // Earlier quiz answers: one unaided right answer on each concept.
        let mut store = Store::open(&dir).unwrap();
        for (p, c) in [
            ("core-basics/coin-bits", "definition-discrete"),
            ("core-basics/three-kl", "asymmetry"),
        ] {
            let mut a = Attempt::new(p, c, AttemptKind::Quiz, 1, "x", true);
            a.time_ms -= 60_000;
            store.record(a).unwrap();
        }
    }
    let ctx = context(&dir);
    let mut app = app(&ctx);
    to_first_problem(&mut app);
    typ(&mut app, "0.531");
    press(&mut app, KeyCode::Enter);
    let mut answered = false;
    for _ in 0..200 {
        let s = render(&app, 80, 24);
        if s.contains("End of the lesson") {
            break;
        }
        if app.current().input_mode() {
            press(&mut app, KeyCode::Esc);
            press(&mut app, KeyCode::Char('n'));
        } else if s.contains("Is KL divergence a distance metric?") && !answered {
            press(&mut app, KeyCode::Char('2'));
            answered = true;
        } else {
            press(&mut app, KeyCode::Right);
        }
    }
    let s = render(&app, 200, 60);
    // coin-bits right without hints; three-kl and three-outcomes skipped.
    assert!(
        s.contains("Problems: 1 right of 1 tried (1 without hints, 0 with hints or the solution); 2 of 3 not tried."),
        "{s}"
    );
    assert!(
        s.contains("definition-discrete: attempted → familiar"),
        "{s}"
    );
    assert!(s.contains("asymmetry: attempted → familiar"), "{s}");
    assert!(s.contains("Unlocked: \"Core units\"."), "{s}");
    assert!(
        s.contains("Enter: start the next lesson, \"Core units\""),
        "{s}"
    );
    big("lesson_end", &app);
    press(&mut app, KeyCode::Enter);
    let s = render(&app, 80, 24);
    assert!(s.contains("Home › Core units"), "{s}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    let s = render(&app, 80, 24);
    assert!(s.contains("Continue: Core units"), "{s}");
    // Two problems were skipped: read to the end, not done.
    assert!(s.contains("read, 2 unanswered"), "{s}");
    big("home_after_a_lesson", &app);
}

/// Issue 13 §3 on screen: with a misconception still held and nothing due,
/// Home counts the extra item and Review poses exactly that many.
#[test]
fn home_counts_the_review_that_a_misconception_brings() {
    use kltutor::tutor::{Current, LessonSession};
    let dir = scratch();
    {
        let c = fixtures();
        let mut store = Store::open(&dir).unwrap();
        let mut s =
            LessonSession::new(&c, "core-basics", &store, Box::new(ListSeeds::new(vec![5])))
                .unwrap();
        while !matches!(s.current(), Current::Problem(p) if p.problem.id == "three-kl") {
            s.advance();
        }
        // Swapped arguments (D(Q‖P) = 0.1938 nats), then right (0.2238).
        assert!(!s.submit(&mut store, "0.1938").unwrap().correct);
        assert!(s.submit(&mut store, "0.2238").unwrap().correct);
    }
    let ctx = context(&dir);
    let mut app = app(&ctx);
    let s = render(&app, 120, 40);
    assert!(s.contains("reviews due: 1"), "{s}");
    for _ in 0..4 {
        press(&mut app, KeyCode::Down);
    }
    let s = render(&app, 120, 40);
    assert!(s.contains("Now: 0 due, 1 extra"), "{s}");
    assert!(s.contains("for \"direction\"."), "{s}");
    press(&mut app, KeyCode::Enter);
    let s = render(&app, 120, 40);
    assert!(s.contains("Item 1 of 1"), "{s}");
    assert!(
        s.contains("could show the misconception \"direction\""),
        "{s}"
    );
}

/// Issue 13 §1 and §4 on the quiz screen: `e` opens the table of terms on a
/// quiz problem; a wrong first term is named; on the feedback `o` opens the
/// very problem in the contributions lab, and Esc comes back to the
/// feedback as it was, then Enter goes on to the next item.
#[test]
fn quiz_terms_table_then_the_very_problem_in_the_lab() {
    use kltutor::tui::widgets::terms::TermsTable;
    let dir = scratch();
    let ctx = context(&dir);
    let expected = expected_quiz(&ctx);
    let mut app = app(&ctx);
    for _ in 0..3 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    let mut tried = false;
    for item in expected.items() {
        match item {
            DrillItem::Problem(p) if !tried && TermsTable::for_problem(p).is_ok() => {
                tried = true;
                if app.current().input_mode() {
                    press(&mut app, KeyCode::Esc);
                }
                press(&mut app, KeyCode::Char('o'));
                assert!(
                    render(&app, 120, 40).contains("on the feedback to a wrong answer"),
                    "o before an answer says what it is for"
                );
                press(&mut app, KeyCode::Char('e'));
                assert!(app.current().input_mode(), "the table has the keys");
                let s = render(&app, 120, 40);
                assert!(s.contains("Terms, one per outcome"), "{s}");
                let rows = p.outcome_rows();
                // The first term doubled plus one: no catalogued slip.
                typ(&mut app, &format!("{:.6}", rows[0].term * 2.0 + 1.0));
                for r in &rows[1..] {
                    press(&mut app, KeyCode::Down);
                    typ(&mut app, &format!("{:.6}", r.term));
                }
                press(&mut app, KeyCode::Enter);
                let feedback = render(&app, 120, 40);
                assert!(
                    feedback.contains(&format!("the term of outcome 1 ({})", rows[0].label)),
                    "{feedback}"
                );
                assert!(
                    feedback.contains("o: see this very problem in a lab"),
                    "{feedback}"
                );
                let log = attempts(&dir);
                assert_eq!(log.last().unwrap().first_wrong_term, Some(1));
                press(&mut app, KeyCode::Char('o'));
                let s = render(&app, 120, 40);
                assert!(s.contains("Lab: contributions"), "{s}");
                assert!(s.contains("Outcome 1"), "{s}");
                press(&mut app, KeyCode::Esc);
                assert_eq!(render(&app, 120, 40), feedback, "Back returns as it was");
                press(&mut app, KeyCode::Enter);
                let s = render(&app, 120, 40);
                assert!(!s.contains("Terms, one per outcome"), "{s}");
                break;
            }
            DrillItem::Problem(p) => {
                if !app.current().input_mode() {
                    press(&mut app, KeyCode::Char('a'));
                }
                typ(
                    &mut app,
                    &format!("{:.6}", p.instance.quantity.value().unwrap()),
                );
                press(&mut app, KeyCode::Enter);
                press(&mut app, KeyCode::Enter);
            }
            DrillItem::Question(q) => {
                typ(&mut app, &(q.question.answer + 1).to_string());
                press(&mut app, KeyCode::Enter);
            }
        }
    }
    assert!(tried, "the fixture quiz has a problem given over outcomes");
}

/// Issue 13 §1 and §4 on the Review screen (the screen quizzes and mastery
/// challenges share): a review posed only for a misconception still held
/// takes its problem term by term with `e`, a wrong first term is named,
/// `o` on the feedback opens that very problem in the contributions lab with
/// the outcome selected, and Esc comes back to the feedback as it was.
#[test]
fn review_terms_table_then_the_very_problem_in_the_lab() {
    use kltutor::tutor::{Current, LessonSession};
    let dir = scratch();
    {
        let c = fixtures();
        let mut store = Store::open(&dir).unwrap();
        let mut s =
            LessonSession::new(&c, "core-basics", &store, Box::new(ListSeeds::new(vec![5])))
                .unwrap();
        while !matches!(s.current(), Current::Problem(p) if p.problem.id == "three-kl") {
            s.advance();
        }
        assert!(!s.submit(&mut store, "0.1938").unwrap().correct);
        assert!(s.submit(&mut store, "0.2238").unwrap().correct);
    }
    let ctx = context(&dir);
    let mut app = app(&ctx);
    for _ in 0..4 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    let s = render(&app, 80, 24);
    assert!(s.contains("Review"), "{s}");
    assert!(app.current().input_mode(), "the answer field has the keys");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('e'));
    assert!(app.current().input_mode(), "the table has the keys");
    let s = render(&app, 120, 40);
    assert!(s.contains("Terms, one per outcome"), "{s}");
    // A term of 9 for every outcome: no KL term of these problems is 9, so
    // the first term is the first wrong one.
    for _ in 0..10 {
        typ(&mut app, "9");
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    let feedback = render(&app, 120, 40);
    assert!(feedback.contains("the term of outcome 1"), "{feedback}");
    assert!(
        feedback.contains("o: see this very problem in a lab"),
        "{feedback}"
    );
    let log = attempts(&dir);
    assert_eq!(log.last().unwrap().kind, AttemptKind::Review);
    assert_eq!(log.last().unwrap().first_wrong_term, Some(1));
    press(&mut app, KeyCode::Char('o'));
    let s = render(&app, 120, 40);
    assert!(s.contains("Lab: contributions"), "{s}");
    assert!(s.contains("Outcome 1"), "{s}");
    let lab80 = render(&app, 80, 24);
    assert!(lab80.contains("contributions"), "{lab80}");
    press(&mut app, KeyCode::Esc);
    assert_eq!(render(&app, 120, 40), feedback, "Back returns as it was");
}

/// Issue 13 §3: with nothing due and a misconception held that no unlocked
/// problem can show, Review says so in full (the notice grows to the rows
/// its text wraps to at 80 columns) instead of a bare "Nothing is due".
#[test]
fn review_names_a_misconception_it_cannot_pose() {
    let dir = scratch();
    {
        let mut store = Store::open(&dir).unwrap();
        let mut a = Attempt::new(
            "x/js",
            "other-divergences",
            AttemptKind::Practice,
            0,
            "0.2",
            false,
        );
        a.diagnosis = Some("forgot-half".into());
        store.record(a).unwrap();
    }
    let ctx = context(&dir);
    let mut app = app(&ctx);
    for _ in 0..4 {
        press(&mut app, KeyCode::Down);
    }
    let details = render(&app, 120, 40);
    assert!(details.contains("\"constants\""), "{details}");
    press(&mut app, KeyCode::Enter);
    let s = render(&app, 80, 24);
    assert!(s.contains("Nothing is due for review."), "{s}");
    assert!(s.contains("the lesson that teaches it"), "{s}");
    assert!(s.contains("will."), "the whole notice shows: {s}");
}

/// Issue 13 §1 and §4 on a mastery challenge: once a concept is familiar,
/// the challenge poses its randomized problem; `e` takes it term by term,
/// `o` on the feedback to a wrong first term opens it in the contributions
/// lab, and Esc returns to the feedback as it was.
#[test]
fn challenge_terms_table_then_the_very_problem_in_the_lab() {
    use kltutor::tutor::{Current, LessonSession};
    let dir = scratch();
    {
        let c = fixtures();
        let mut store = Store::open(&dir).unwrap();
        for _ in 0..2 {
            let mut s =
                LessonSession::new(&c, "core-basics", &store, Box::new(ListSeeds::new(vec![5])))
                    .unwrap();
            while !matches!(s.current(), Current::Problem(p) if p.problem.id == "coin-bits") {
                s.advance();
            }
            assert!(s.submit(&mut store, "0.531004").unwrap().correct);
        }
    }
    let ctx = context(&dir);
    let mut app = app(&ctx);
    for _ in 0..5 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    let s = render(&app, 120, 40);
    assert!(s.contains("Mastery challenge"), "{s}");
    assert!(s.contains("three-outcomes"), "{s}");
    if app.current().input_mode() {
        press(&mut app, KeyCode::Esc);
    }
    press(&mut app, KeyCode::Char('e'));
    assert!(render(&app, 120, 40).contains("Terms, one per outcome"));
    for _ in 0..10 {
        typ(&mut app, "9");
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    let feedback = render(&app, 120, 40);
    assert!(feedback.contains("the term of outcome 1"), "{feedback}");
    let last = attempts(&dir).last().cloned().unwrap();
    assert_eq!(
        (last.kind, last.first_wrong_term),
        (AttemptKind::Challenge, Some(1))
    );
    press(&mut app, KeyCode::Char('o'));
    let s = render(&app, 120, 40);
    assert!(
        s.contains("Lab: contributions") && s.contains("Outcome 1"),
        "{s}"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(render(&app, 120, 40), feedback, "Back returns as it was");
}

/// Issue 13 §4: a diagnosis that names an outcome selects it in the lab.
/// On the coin (bits), 0.763197 is the heads term alone: the tails term was
/// dropped, so `o` opens the lab with outcome 2 selected.
#[test]
fn a_diagnosed_outcome_is_the_one_the_lab_selects() {
    let dir = scratch();
    let ctx = context(&dir);
    let mut app = app(&ctx);
    to_first_problem(&mut app);
    typ(&mut app, "0.763197");
    press(&mut app, KeyCode::Enter);
    let log = attempts(&dir);
    assert_eq!(log[0].diagnosis.as_deref(), Some("dropped-term"));
    assert_eq!(log[0].first_wrong_term, None);
    press(&mut app, KeyCode::Esc);
    let before = render(&app, 120, 40);
    assert!(before.contains("the sum without outcome 2"), "{before}");
    press(&mut app, KeyCode::Char('o'));
    let s = render(&app, 120, 40);
    assert!(s.contains("Lab: contributions"), "{s}");
    assert!(s.contains("Outcome 2 (x2) is selected"), "{s}");
    press(&mut app, KeyCode::Esc);
    assert_eq!(render(&app, 120, 40), before, "Back returns as it was");
}

/// Issue 9 §2: the summary of a quiz names the next step Home's "Continue"
/// would open (computed here by the library from the answers just saved),
/// and Enter opens it in the quiz's place, as a lesson's end page does.
#[test]
fn a_quiz_summary_names_the_next_step_and_enter_opens_it() {
    let dir = scratch();
    let ctx = context(&dir);
    let expected = expected_quiz(&ctx);
    let mut app = app(&ctx);
    for _ in 0..3 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    for item in expected.items() {
        match item {
            DrillItem::Problem(p) => {
                if !app.current().input_mode() {
                    press(&mut app, KeyCode::Char('a'));
                }
                let v = p.instance.quantity.value().unwrap();
                typ(&mut app, &format!("{v:.6}"));
                press(&mut app, KeyCode::Enter);
            }
            DrillItem::Question(q) => typ(&mut app, &(q.question.answer + 1).to_string()),
        }
        press(&mut app, KeyCode::Enter);
    }
    let s = render(&app, 120, 40);
    assert!(s.contains("Quiz done. Final score: 5 of 5."), "{s}");
    let next: NextOwned = next_step(&ctx.catalog, &ctx.store.borrow(), (ctx.now)()).into();
    // Nothing was read, so the next step is the first lesson.
    let NextOwned::Lesson { title, .. } = &next else {
        panic!("expected a lesson next, got {next:?}")
    };
    assert!(s.contains(&format!("Enter: {}", next.describe())), "{s}");
    assert!(s.contains("Esc: back to the course"), "{s}");
    press(&mut app, KeyCode::Enter);
    let s = render(&app, 120, 40);
    assert!(!s.contains("Quiz done"), "{s}");
    assert!(s.contains(title.as_str()), "{s}");
    assert!(app.current().title().contains(title.as_str()), "{s}");
    // The lesson took the quiz's place: Esc goes back to Home.
    if app.current().input_mode() {
        press(&mut app, KeyCode::Esc);
    }
    press(&mut app, KeyCode::Esc);
    assert!(render(&app, 80, 24).contains("Continue"));
}
