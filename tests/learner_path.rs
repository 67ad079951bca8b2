//! The learner's path between lessons (issue 9 §2), on the fixture lessons:
//! where "Continue" leads, and the report a finished lesson ends with, built
//! from an attempt log whose expected numbers are counted by hand below.

use kltutor::lesson::catalog::{Catalog, read_dir};
use kltutor::progress::mastery::Level;
use kltutor::progress::{Attempt, AttemptKind, Store};
use kltutor::tutor::path::{NextOwned, NextStep, next_lesson, next_step};
use kltutor::tutor::{LessonReport, session::session_key};
use std::path::PathBuf;

const DAY: i64 = 86_400_000;

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kltutor-path-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn fixtures() -> Catalog {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/core");
    Catalog::from_files(&read_dir(&dir).unwrap())
}

fn attempt(
    problem: &str,
    concept: &str,
    kind: AttemptKind,
    t: i64,
    correct: bool,
    hints: u32,
) -> Attempt {
    let mut a = Attempt::new(problem, concept, kind, 1, "x", correct);
    a.time_ms = t;
    a.hints_used = hints;
    a
}

fn record(store: &mut Store, list: Vec<Attempt>) {
    for a in list {
        store.record(a).unwrap();
    }
}

#[test]
fn a_finished_lessons_report_counts_what_this_pass_did() {
    let cat = fixtures();
    let basics = cat.get("core-basics").unwrap().clone();
    let mut store = Store::open(&scratch("report")).unwrap();
    use AttemptKind::*;
    record(
        &mut store,
        vec![
            // Before the pass (t < 1000): one unaided right answer per concept.
            attempt(
                "core-basics/coin-bits",
                "definition-discrete",
                Quiz,
                500,
                true,
                0,
            ),
            attempt("core-basics/three-kl", "asymmetry", Quiz, 600, true, 0),
            // The pass: coin-bits right at once; three-kl wrong, then right after a hint;
            // the question right at the first answer; three-outcomes never tried.
            attempt(
                "core-basics/coin-bits",
                "definition-discrete",
                Practice,
                2000,
                true,
                0,
            ),
            attempt(
                "core-basics/three-kl",
                "asymmetry",
                Practice,
                2100,
                false,
                0,
            ),
            attempt("core-basics/three-kl", "asymmetry", Practice, 2200, true, 1),
            attempt("core-basics/metric", "asymmetry", Question, 2300, true, 0),
            // Another lesson's answer in the same time is not this lesson's.
            attempt("core-units/coin-nats", "units", Practice, 2400, false, 0),
        ],
    );
    // The session saves the end position before the report is made.
    store
        .set_position("core-basics", basics.sections().len(), 0, 0)
        .unwrap();
    let r = LessonReport::compute(&cat, &basics, &store, Some(1000), 3000);
    // coin-bits, three-kl and three-outcomes: three problems; one question.
    assert_eq!((r.problems, r.problems_tried), (3, 2));
    assert_eq!((r.right_unaided, r.right_with_help), (1, 1));
    assert_eq!(
        (r.questions, r.questions_tried, r.questions_right_first),
        (1, 1, 1)
    );
    // Two unaided right answers among the last four make a concept Familiar.
    let levels: Vec<(&str, Level, Level)> = r
        .mastery
        .iter()
        .map(|c| (c.concept.as_str(), c.before, c.after))
        .collect();
    assert_eq!(
        levels,
        vec![
            ("definition-discrete", Level::Attempted, Level::Familiar),
            ("asymmetry", Level::Attempted, Level::Familiar),
        ]
    );
    // core-units needs both at Familiar: this pass unlocked it, and it is next.
    assert_eq!(r.unlocked, vec![("core-units".into(), "Core units".into())]);
    assert_eq!(
        r.next,
        NextOwned::Lesson {
            id: "core-units".into(),
            title: "Core units".into()
        }
    );
    assert_eq!(r.reviews_due, 0);
    let text = r.text_lines().join("\n");
    assert!(
        text.contains(
            "Problems: 2 right of 2 tried (1 without hints, 1 with hints or the solution); 1 of 3 not tried."
        ),
        "{text}"
    );
    assert!(text.contains("asymmetry: attempted -> familiar"), "{text}");
    assert!(text.contains("Unlocked: \"Core units\"."), "{text}");

    // Without a known start every answer given in the lesson counts, and
    // "before" is the log without them.
    let all = LessonReport::compute(&cat, &basics, &store, None, 3000);
    assert_eq!(
        (all.problems_tried, all.right_unaided, all.right_with_help),
        (2, 1, 1)
    );
    assert_eq!(all.mastery[0].before, Level::Attempted);
    // Ten days on, the problems answered are due for review.
    let later = LessonReport::compute(&cat, &basics, &store, Some(1000), 10 * DAY);
    assert!(later.reviews_due > 0);
}

#[test]
fn continue_follows_the_unlocked_path_and_ignores_a_peek() {
    let cat = fixtures();
    let mut store = Store::open(&scratch("next")).unwrap();
    let units_sections = cat.get("core-units").unwrap().sections().len();
    let basics_sections = cat.get("core-basics").unwrap().sections().len();
    // New learner: the first lesson.
    assert_eq!(next_lesson(&cat, &store).unwrap().id, "core-basics");
    // Peeking at the locked core-units (a saved session) changes nothing.
    store
        .save_session(
            &session_key("core-units"),
            serde_json::json!({"cursor": {"section": 1, "item": 0, "step": 0}}),
        )
        .unwrap();
    store.set_position("core-units", 1, 0, 0).unwrap();
    assert_eq!(next_lesson(&cat, &store).unwrap().id, "core-basics");
    // Finishing core-basics without unlocking core-units: a quiz to get there.
    store
        .set_position("core-basics", basics_sections, 0, 0)
        .unwrap();
    assert!(next_lesson(&cat, &store).is_none());
    assert_eq!(next_step(&cat, &store, 0), NextStep::Quiz);
    // With core-units unlocked (both concepts Familiar), it is next.
    use AttemptKind::*;
    record(
        &mut store,
        vec![
            attempt(
                "core-basics/coin-bits",
                "definition-discrete",
                Practice,
                1,
                true,
                0,
            ),
            attempt(
                "core-basics/coin-bits",
                "definition-discrete",
                Practice,
                2,
                true,
                0,
            ),
            attempt("core-basics/three-kl", "asymmetry", Practice, 3, true, 0),
            attempt("core-basics/three-kl", "asymmetry", Practice, 4, true, 0),
        ],
    );
    assert_eq!(next_lesson(&cat, &store).unwrap().id, "core-units");
    // Everything done: reviews when due, else the mastery challenge.
    store
        .set_position("core-units", units_sections, 0, 0)
        .unwrap();
    assert!(matches!(next_step(&cat, &store, 10 * DAY), NextStep::Review(n) if n > 0));
    assert_eq!(next_step(&cat, &store, 5), NextStep::Challenge);
}
