//! The next step a learner is shown (issue 9 §2, §4): reviews due count only
//! what Review poses, and a lesson that stays locked after the one before it
//! is finished says what unlocks it, with Continue leading there.

use kltutor::lesson::catalog::{Catalog, read_dir};
use kltutor::progress::{Attempt, AttemptKind, Store, due};
use kltutor::tui::app::App;
use kltutor::tui::context::Context;
use kltutor::tui::screens::home::Home;
use kltutor::tui::theme::Theme;
use kltutor::tutor::review_plan;
use kltutor::tutor::{ListSeeds, QuizSession, SeededSeeds};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::PathBuf;
use std::rc::Rc;

const DAY: i64 = 86_400_000;

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kltutor-next-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/core")
}

fn attempt(problem: &str, concept: &str, t: i64, correct: bool, hints: u32) -> Attempt {
    let mut a = Attempt::new(problem, concept, AttemptKind::Practice, 1, "x", correct);
    a.time_ms = t;
    a.hints_used = hints;
    a
}

fn render(app: &App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| app.draw(f)).unwrap();
    let buf = term.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
        .collect()
}

/// The fixture lessons with coin-bits marked `quiz = false`.
fn catalog_with_unquizzed_problem() -> Catalog {
    let dir = scratch("lessons");
    for entry in std::fs::read_dir(fixture_dir()).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        text = text.replace("id = \"coin-bits\"\n", "id = \"coin-bits\"\nquiz = false\n");
        std::fs::write(dir.join(path.file_name().unwrap()), text).unwrap();
    }
    let cat = Catalog::from_files(&read_dir(&dir).unwrap());
    assert_eq!(cat.lessons.len(), 2, "{:?}", cat.diagnostics);
    cat
}

#[test]
fn reviews_due_count_only_what_review_poses() {
    let cat = catalog_with_unquizzed_problem();
    let dir = scratch("due");
    {
        let mut store = Store::open(&dir).unwrap();
        for a in [
            attempt(
                "core-basics/coin-bits",
                "definition-discrete",
                1000,
                true,
                0,
            ),
            attempt("core-basics/three-kl", "asymmetry", 2000, true, 0),
        ] {
            store.record(a).unwrap();
        }
    }
    let now = 30 * DAY;
    let store = Store::open(&dir).unwrap();
    // The schedule has both; Review can pose only three-kl.
    assert_eq!(due(store.attempts(), now).len(), 2);
    let posed = review_plan(&cat, &store, now);
    assert_eq!(posed.due, vec!["core-basics/three-kl".to_string()]);
    let review = QuizSession::review(&cat, &store, now, &mut SeededSeeds::new(3));
    assert_eq!(review.len(), 1);
    // Home says 1, the number Review poses.
    let mut ctx = Context::new(cat, store, Box::new(ListSeeds::new(vec![5])));
    Rc::get_mut(&mut ctx).unwrap().now = || 30 * DAY;
    let app = App::new(Box::new(Home::new(&ctx)), Theme::FULL);
    let s = render(&app, 100, 30);
    assert!(s.contains("reviews due: 1 "), "{s}");
    assert!(s.contains("1 due"), "{s}");
    assert!(!s.contains("2 due"), "{s}");
}

/// core-basics finished with every answer right but after a hint: its
/// concepts stay Attempted and core-units stays locked. Continue (Home, the
/// end page, `learn --plain`) names the concept, the rule and the progress,
/// and leads to a quiz on that concept; right answers without help move it
/// on to the next concept, then open the lesson.
#[test]
fn a_lesson_left_locked_says_what_unlocks_it() {
    use kltutor::tutor::path::{NextOwned, NextStep, next_step, unlock_plan};
    let cat = Catalog::from_files(&read_dir(&fixture_dir()).unwrap());
    let dir = scratch("unlock");
    let mut store = Store::open(&dir).unwrap();
    let basics = cat.get("core-basics").unwrap().sections().len();
    store.set_position("core-basics", basics, 0, 0).unwrap();
    for a in [
        attempt(
            "core-basics/coin-bits",
            "definition-discrete",
            1000,
            true,
            1,
        ),
        attempt("core-basics/three-kl", "asymmetry", 2000, true, 1),
        attempt("core-basics/three-outcomes", "asymmetry", 3000, true, 0),
    ] {
        store.record(a).unwrap();
    }
    let NextStep::Quiz(u) = next_step(&cat, &store, 5000) else {
        panic!("{:?}", next_step(&cat, &store, 5000));
    };
    assert_eq!(
        (u.lesson_id.as_str(), u.concept.as_str(), u.right),
        ("core-units", "definition-discrete", 0)
    );
    let said = NextOwned::Quiz(u.clone()).describe();
    assert!(said.starts_with("a quiz on definition-discrete."), "{said}");
    assert!(said.contains("\"Core units\" opens when definition-discrete (now attempted) reaches familiar: 2 of your last 4 answers on it right with no hint or solution (0 so far)"), "{said}");
    // Two right answers without help: the next concept holds it back, one
    // of its last answers already right.
    for t in [6000, 7000] {
        store
            .record(attempt(
                "core-basics/coin-bits",
                "definition-discrete",
                t,
                true,
                0,
            ))
            .unwrap();
    }
    let u = unlock_plan(&cat, &store).unwrap();
    assert_eq!((u.concept.as_str(), u.right), ("asymmetry", 1));
    store
        .record(attempt("core-basics/three-kl", "asymmetry", 8000, true, 0))
        .unwrap();
    assert!(unlock_plan(&cat, &store).is_none());
    assert!(matches!(next_step(&cat, &store, 9000), NextStep::Lesson(l) if l.id == "core-units"));
}

/// Home's Continue names the quiz and Enter opens a quiz on that concept.
#[test]
fn continue_on_home_opens_the_quiz_that_unlocks() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let cat = Catalog::from_files(&read_dir(&fixture_dir()).unwrap());
    let dir = scratch("home-unlock");
    {
        let mut store = Store::open(&dir).unwrap();
        let basics = cat.get("core-basics").unwrap().sections().len();
        store.set_position("core-basics", basics, 0, 0).unwrap();
        store
            .record(attempt(
                "core-basics/coin-bits",
                "definition-discrete",
                1000,
                true,
                1,
            ))
            .unwrap();
    }
    let mut ctx = Context::new(
        cat,
        Store::open(&dir).unwrap(),
        Box::new(ListSeeds::new(vec![11, 12, 13])),
    );
    Rc::get_mut(&mut ctx).unwrap().now = || 5000;
    let mut app = App::new(Box::new(Home::new(&ctx)), Theme::FULL);
    let s = render(&app, 100, 30);
    assert!(
        s.contains("Continue: Quiz on definition-discrete (unlocks \"Core units\")"),
        "{s}"
    );
    let words = s
        .split(|c: char| c.is_whitespace() || c == '│')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        words.contains("Next: a quiz on definition-discrete. \"Core units\" opens when definition-discrete (now attempted) reaches familiar"),
        "{s}"
    );
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let s = render(&app, 100, 30);
    assert!(s.contains("Quiz on definition-discrete (seed 11)"), "{s}");
}

/// "done" means read to the end with every problem and question answered
/// (right or wrong, in any pass). Walking to the end while skipping
/// everything reads "read, N unanswered" on Home and "Not done yet" on the
/// end report; Continue still moves on (it never sends the learner round in
/// a circle to the same end page). Answering the rest makes it "done".
#[test]
fn a_lesson_read_without_answers_is_not_done() {
    use kltutor::tutor::LessonReport;
    use kltutor::tutor::path::{is_done, next_lesson, reached_end, unanswered};
    let cat = Catalog::from_files(&read_dir(&fixture_dir()).unwrap());
    let basics = cat.get("core-basics").unwrap().clone();
    // Three problems and one question (counted from the fixture file).
    let text = std::fs::read_to_string(fixture_dir().join("01-core-basics.md")).unwrap();
    let blocks = text.matches("```problem").count() + text.matches("```question").count();
    assert_eq!(blocks, 4);
    let dir = scratch("read-not-done");
    let mut store = Store::open(&dir).unwrap();
    store
        .set_position("core-basics", basics.sections().len(), 0, 0)
        .unwrap();
    assert!(reached_end(&store, &basics));
    assert_eq!(unanswered(&store, &basics), 4);
    assert!(!is_done(&store, &basics));
    let r = LessonReport::compute(&cat, &basics, &store, None, 1000);
    assert_eq!(r.unanswered, 4);
    assert!(
        r.text_lines()[0]
            .starts_with("Not done yet: 4 of its problems and questions have no answer."),
        "{:?}",
        r.text_lines()
    );
    // Continue does not lead back to the end page it came from.
    assert_ne!(
        next_lesson(&cat, &store).map(|l| l.id.as_str()),
        Some("core-basics")
    );
    drop(store);
    let home = |dir: &PathBuf| {
        let ctx = Context::new(
            cat.clone(),
            Store::open(dir).unwrap(),
            Box::new(SeededSeeds::new(1)),
        );
        render(&App::new(Box::new(Home::new(&ctx)), Theme::FULL), 100, 30)
    };
    let s = home(&dir);
    assert!(
        s.contains("read, 4 unanswered") && !s.contains(" done "),
        "{s}"
    );
    // A wrong answer is an answer; an answer in a quiz is not one in the lesson.
    let mut store = Store::open(&dir).unwrap();
    for (p, c) in [
        ("core-basics/coin-bits", "definition-discrete"),
        ("core-basics/three-kl", "asymmetry"),
        ("core-basics/three-outcomes", "asymmetry"),
    ] {
        store.record(attempt(p, c, 2000, false, 0)).unwrap();
    }
    let mut quiz = Attempt::new(
        "core-basics/metric",
        "asymmetry",
        AttemptKind::Quiz,
        1,
        "x",
        true,
    );
    quiz.time_ms = 2100;
    store.record(quiz).unwrap();
    assert_eq!(unanswered(&store, &basics), 1);
    let mut q = Attempt::new(
        "core-basics/metric",
        "asymmetry",
        AttemptKind::Question,
        1,
        "x",
        false,
    );
    q.time_ms = 2200;
    store.record(q).unwrap();
    assert!(is_done(&store, &basics));
    let r = LessonReport::compute(&cat, &basics, &store, None, 3000);
    assert_eq!(
        r.text_lines()[0],
        "Lesson done: every problem and question has an answer."
    );
    drop(store);
    let s = home(&dir);
    assert!(s.contains(" done ") && !s.contains("unanswered"), "{s}");
}
