//! `kltutor --lessons DIR --watch` in the app, without a terminal or a file
//! watcher: the lesson file is edited on disk, loaded as the watcher would
//! load it ([`load_checked`]) and handed to the app ([`reload::apply`]),
//! then the screen is read from a `TestBackend` and the place from the
//! progress file.

use kltutor::lesson::catalog::Catalog;
use kltutor::lesson::check::load_checked;
use kltutor::progress::Store;
use kltutor::tui::app::App;
use kltutor::tui::context::Context;
use kltutor::tui::reload;
use kltutor::tui::screens::home::Home;
use kltutor::tui::theme::Theme;
use kltutor::tutor::ListSeeds;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::{Path, PathBuf};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kltutor-tui-watch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const FRONT: &str = r#"+++
id = "watched"
title = "Watched lesson"
summary = "Edited while the app runs."
concepts = ["asymmetry"]
minutes = 5
difficulty = 1
+++

"#;

const QUESTION: &str = r#"```question
id = "sym"
prompt = "Is KL symmetric in its arguments?"
choices = ["yes", "no"]
answer = 2
explanations = ["No: swap the arguments and see.", "Right."]
```

"#;

fn lesson(extra_section: &str, question: &str) -> String {
    format!(
        "{FRONT}## Intro\n\nWelcome to the watched lesson.\n\n{extra_section}## Swapping {{concept=asymmetry}}\n\nA paragraph before the question.\n\n{question}## Key takeaways\n\n- KL is not symmetric.\n"
    )
}

/// What the watcher loads, without the bundled lessons (so Home lists only this one).
fn load(dir: &Path) -> Catalog {
    let mut c = load_checked(&[dir]);
    c.lessons.retain(|l| !l.source.bundled);
    c
}

fn render(app: &App) -> String {
    let (w, h) = (80, 24);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| app.draw(f)).unwrap();
    let buf = term.backend().buffer().clone();
    (0..h)
        .map(|y| {
            (0..w)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The screen's words in one line, borders removed, so wrapped text reads on.
fn flat(s: &str) -> String {
    s.replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn position(data: &Path) -> (usize, usize) {
    let store = Store::open(data).unwrap();
    let p = store.position("watched").unwrap();
    (p.section, p.item)
}

#[test]
fn the_place_survives_edits_errors_show_and_a_fix_comes_back() {
    let lessons = scratch("lessons");
    let data = scratch("data");
    let file = lessons.join("watched.md");
    std::fs::write(&file, lesson("", QUESTION)).unwrap();
    let store = Store::open(&data).unwrap();
    let mut ctx = Context::new(load(&lessons), store, Box::new(ListSeeds::new(vec![7])));
    let mut app = App::new(Box::new(Home::new(&ctx)), Theme::FULL);

    // Home → Continue (the only lesson) → past the intro and the paragraph → the question.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    let s = render(&app);
    assert!(s.contains("Is KL symmetric in its arguments?"), "{s}");
    press(&mut app, KeyCode::Char('1')); // a wrong answer, recorded
    assert_eq!(position(&data), (1, 1));
    let answers = Store::open(&data).unwrap().attempts().len();
    assert_eq!(answers, 1);
    assert!(render(&app).contains("No: swap the arguments and see."));

    // Another lesson saved: this one is untouched, feedback and all.
    let other = lesson("", "")
        .replace("id = \"watched\"", "id = \"other\"")
        .replace("Watched lesson", "Other lesson");
    std::fs::write(lessons.join("other.md"), other).unwrap();
    ctx = reload::apply(&mut app, &ctx, load(&lessons));
    assert_eq!(
        ctx.catalog.lessons.len(),
        2,
        "{:?}",
        ctx.catalog.diagnostics
    );
    let s = render(&app);
    assert!(s.contains("No: swap the arguments and see."), "{s}");
    assert!(!s.contains("Reloaded"), "{s}");

    // A section added above: the same question, found by its id.
    std::fs::write(
        &file,
        lesson("## Added\n\nA new section above.\n\n", QUESTION),
    )
    .unwrap();
    ctx = reload::apply(&mut app, &ctx, load(&lessons));
    let s = render(&app);
    assert!(s.contains("Is KL symmetric in its arguments?"), "{s}");
    assert!(s.contains("Reloaded: the lesson file changed."), "{s}");
    assert!(s.contains("Watched lesson"), "{s}");
    assert_eq!(position(&data), (2, 1), "the new place is saved");

    // Broken: the errors with file:line on screen, the place kept, nothing written.
    let broken = lesson(
        "## Added\n\nA new section above.\n\n",
        &QUESTION.replace("answer = 2", "answer = 7"),
    );
    let bad_line = broken.lines().position(|l| l == "answer = 7").unwrap() + 1;
    std::fs::write(&file, &broken).unwrap();
    ctx = reload::apply(&mut app, &ctx, load(&lessons));
    let s = render(&app);
    assert!(s.contains("does not check"), "{s}");
    assert!(s.contains("1 error"), "{s}");
    // Long lines wrap: look for the location and the message on the joined screen.
    let text = flat(&s);
    assert!(
        text.contains(&format!(
            "watched.md:{bad_line}:1: error: answer = 7 is out of range"
        )),
        "{s}"
    );
    assert_eq!(position(&data), (2, 1));
    // The app keeps working: help opens and closes.
    press(&mut app, KeyCode::Char('?'));
    assert!(render(&app).contains("Keys:"));
    press(&mut app, KeyCode::Char('?'));

    // Still broken after another bad save: the new errors replace the old.
    std::fs::write(&file, broken.replace("answer = 7", "answer = 0")).unwrap();
    ctx = reload::apply(&mut app, &ctx, load(&lessons));
    let text = flat(&render(&app));
    assert!(text.contains("answer = 0"), "{text}");
    assert!(!text.contains("answer = 7"), "{text}");

    // Fixed: back on the question.
    std::fs::write(
        &file,
        lesson("## Added\n\nA new section above.\n\n", QUESTION),
    )
    .unwrap();
    ctx = reload::apply(&mut app, &ctx, load(&lessons));
    let s = render(&app);
    assert!(s.contains("Is KL symmetric in its arguments?"), "{s}");
    assert!(s.contains("the lesson checks again"), "{s}");
    assert_eq!(position(&data), (2, 1));

    // The question removed: the start of its section, with a note.
    std::fs::write(&file, lesson("## Added\n\nA new section above.\n\n", "")).unwrap();
    ctx = reload::apply(&mut app, &ctx, load(&lessons));
    let s = render(&app);
    assert!(s.contains("A paragraph before the question."), "{s}");
    assert!(s.contains("gone from the lesson"), "{s}");
    assert_eq!(position(&data), (2, 0));

    // The file deleted: Home, saying what happened.
    std::fs::remove_file(&file).unwrap();
    ctx = reload::apply(&mut app, &ctx, load(&lessons));
    let s = render(&app);
    assert!(s.contains("Home"), "{s}");
    assert!(!s.contains("Watched lesson ›"), "{s}");
    let text = flat(&s);
    assert!(text.contains("is no longer among the lessons"), "{s}");
    // Keys still work on the course without it.
    press(&mut app, KeyCode::Down);
    render(&app);

    // Nothing learned was lost on the way.
    drop(app);
    drop(ctx);
    assert_eq!(Store::open(&data).unwrap().attempts().len(), answers);
    let _ = std::fs::remove_dir_all(&lessons);
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_lesson_broken_from_the_start_is_reported_on_home() {
    let lessons = scratch("home");
    let data = scratch("home-data");
    // Three errors in one file, one in another.
    let three = lesson("", &QUESTION.replace("answer = 2", "answer = 7"))
        .replace("minutes = 5", "minutes = 0")
        .replace("difficulty = 1", "difficulty = 9");
    std::fs::write(lessons.join("watched.md"), three).unwrap();
    std::fs::write(
        lessons.join("second.md"),
        lesson("", &QUESTION.replace("answer = 2", "answer = 7"))
            .replace("id = \"watched\"", "id = \"second\""),
    )
    .unwrap();
    let ctx = Context::new(
        load(&lessons),
        Store::open(&data).unwrap(),
        Box::new(ListSeeds::new(vec![7])),
    );
    let app = App::new(Box::new(Home::new(&ctx)), Theme::FULL);
    let text = flat(&render(&app));
    assert!(text.contains("lesson left out"), "{text}");
    let errors = ctx.catalog.diagnostics.iter().filter(|d| d.is_error());
    assert!(errors.count() >= 4, "{:?}", ctx.catalog.diagnostics);
    // One line per file, saying how many.
    assert_eq!(ctx.warnings.len(), 2, "{:?}", ctx.warnings);
    assert!(
        ctx.warnings
            .iter()
            .any(|w| w.contains("errors in") && w.contains("watched.md")),
        "{:?}",
        ctx.warnings
    );
    assert!(text.contains("second.md:"), "{text}");
    let _ = std::fs::remove_dir_all(&lessons);
    let _ = std::fs::remove_dir_all(&data);
}

const PROBLEM: &str = r#"```problem
id = "three"
prompt = "Compute D(P‖Q) in nats for P = {p} and Q = {q}."
compute = "kl"
unit = "nats"
hints = ["Sum P(x) ln(P(x)/Q(x)) over the outcomes.", "Weight each log ratio by P."]

[random]
outcomes = [3, 4]
concentration = 2.0
decimals = 2
no_zeros = true
answer = [0.05, 1.5]
```

"#;

/// The same problem instance (seed), the hint shown and the answer being
/// typed all survive an edit elsewhere in the file.
#[test]
fn a_problem_keeps_its_instance_hints_and_typed_answer() {
    let lessons = scratch("problem");
    let data = scratch("problem-data");
    let file = lessons.join("watched.md");
    std::fs::write(&file, lesson("", PROBLEM)).unwrap();
    let mut ctx = Context::new(
        load(&lessons),
        Store::open(&data).unwrap(),
        Box::new(ListSeeds::new(vec![11, 22, 33, 44])),
    );
    let mut app = App::new(Box::new(Home::new(&ctx)), Theme::FULL);
    for _ in 0..3 {
        press(&mut app, KeyCode::Enter);
    }
    let s = render(&app);
    let prompt = s
        .lines()
        .find(|l| l.contains("Compute D(P‖Q) in nats for P ="))
        .unwrap_or_else(|| panic!("{s}"))
        .to_string();
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('t'));
    press(&mut app, KeyCode::Char('a'));
    for c in "0.12".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let s = render(&app);
    assert!(s.contains("Sum P(x) ln(P(x)/Q(x))"), "{s}");

    std::fs::write(&file, lesson("## Added\n\nAbove the problem.\n\n", PROBLEM)).unwrap();
    ctx = reload::apply(&mut app, &ctx, load(&lessons));
    let s = render(&app);
    assert!(
        s.contains(&prompt),
        "same instance expected:\n{prompt}\n{s}"
    );
    assert!(s.contains("Sum P(x) ln(P(x)/Q(x))"), "{s}");
    assert!(s.contains("0.12"), "{s}");
    assert!(app.current().input_mode(), "still typing the answer");

    // The problem itself edited (its first hint reworded): rebuilt from its
    // seed, so the same numbers, with the hints shown so far in their new words.
    let edited = PROBLEM.replace(
        "Sum P(x) ln(P(x)/Q(x)) over the outcomes.",
        "Add up P(x) ln(P(x)/Q(x)) over every outcome.",
    );
    std::fs::write(&file, lesson("## Added\n\nAbove the problem.\n\n", &edited)).unwrap();
    ctx = reload::apply(&mut app, &ctx, load(&lessons));
    let s = render(&app);
    assert!(
        s.contains(&prompt),
        "same instance expected:\n{prompt}\n{s}"
    );
    assert!(
        s.contains("Add up P(x) ln(P(x)/Q(x)) over every outcome."),
        "{s}"
    );
    assert!(
        !s.contains("Weight each log ratio by P."),
        "only one hint shown: {s}"
    );
    assert!(s.contains("0.12"), "{s}");
    assert!(s.contains("Reloaded: the lesson file changed."), "{s}");
    drop(app);
    drop(ctx);
    let _ = std::fs::remove_dir_all(&lessons);
    let _ = std::fs::remove_dir_all(&data);
}
