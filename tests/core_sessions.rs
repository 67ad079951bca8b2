//! Whole learning sessions driven through the session layer, without a
//! terminal, on the fixture lessons in `tests/fixtures/core`.
//!
//! Expected values were computed independently with mpmath (30 digits):
//! coin P=[0.9,0.1], Q=[0.5,0.5]: D = 0.531004406410719 bits = 0.368064207168497 nats;
//! P=[0.5,0.3,0.2], Q=[0.2,0.5,0.3] (nats): D(P‖Q) = 0.223804657185647,
//! D(Q‖P) = 0.193794197940614, H(P,Q) = 1.25345767125022, without the third
//! term 0.304897678807280. Randomized instances are checked against a plain
//! Σ p ln(p/q) written here, not the engine.

use kltutor::lesson::Step;
use kltutor::lesson::catalog::Catalog;
use kltutor::progress::mastery::{Level, level_of};
use kltutor::progress::{Attempt, AttemptKind, Store, levels, now_ms};
use kltutor::quantity::Inputs;
use kltutor::tutor::{
    ActiveProblem, Current, DrillItem, HintReply, LessonSession, ListSeeds, QuizScope, QuizSession,
    SubmitError,
};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

const DAY: i64 = 86_400_000;

fn scratch(name: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "kltutor-core-{}-{}-{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The fixture lessons alone (not the bundled curriculum), so that sections
/// and quizzes are found in the fixtures whatever the bundled lessons say.
fn catalog() -> Catalog {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/core");
    let c = Catalog::from_files(&kltutor::lesson::catalog::read_dir(&dir).unwrap());
    assert!(c.get("core-basics").is_some(), "{:?}", c.diagnostics);
    assert!(c.get("core-units").is_some(), "{:?}", c.diagnostics);
    c
}

fn session(c: &Catalog, store: &Store, lesson: &str, seeds: Vec<u64>) -> LessonSession {
    LessonSession::new(c, lesson, store, Box::new(ListSeeds::new(seeds))).unwrap()
}

/// Advances until the item with block id `block` is on screen.
fn goto(s: &mut LessonSession, block: &str) {
    for _ in 0..200 {
        let here = match s.current() {
            Current::Problem(p) => p.problem.id == block,
            Current::Question(q) => q.question.id == block,
            Current::Lab(l) => l.id == block,
            Current::End => panic!("no block {block}"),
            _ => false,
        };
        if here {
            return;
        }
        s.advance();
    }
    panic!("no block {block}");
}

/// Σ p ln(p/q) in nats, written here so randomized answers do not come from the engine.
fn own_kl(p: &ActiveProblem) -> f64 {
    let Inputs::Discrete { p, q, .. } = &p.instance.quantity.inputs else {
        panic!("discrete expected")
    };
    p.iter()
        .zip(q)
        .filter(|(a, _)| **a > 0.0)
        .map(|(a, b)| a * (a / b).ln())
        .sum()
}

fn reopen(dir: &std::path::Path) -> Vec<Attempt> {
    Store::open(dir).unwrap().attempts().to_vec()
}

#[test]
fn a_right_answer_is_recorded_at_once() {
    let (c, dir) = (catalog(), scratch("right"));
    let mut store = Store::open(&dir).unwrap();
    let mut s = session(&c, &store, "core-basics", vec![5]);
    goto(&mut s, "coin-bits");
    let fb = s.submit(&mut store, "0.531").unwrap();
    assert!(fb.correct, "{:?}", fb.lines);
    assert!((fb.expected - 0.531004406410719).abs() < 1e-12);
    assert!(fb.lines[0].starts_with("Right: 0.531"));
    let log = reopen(&dir);
    assert_eq!(log.len(), 1);
    let a = &log[0];
    assert_eq!(a.problem, "core-basics/coin-bits");
    assert_eq!(a.concept, "definition-discrete");
    assert_eq!(a.answer, "0.531");
    assert!(a.correct);
    assert_eq!(a.kind, AttemptKind::Practice);
    assert_eq!((a.seed, a.hints_used, a.solution_shown), (0, 0, false));
    assert!(a.seconds_taken >= 0.0);
}

/// Once a lesson problem or question is answered right, answering it again
/// (the right number pressed again, another option read) shows feedback but
/// records nothing: a concept cannot reach Familiar by repeating one right
/// answer.
#[test]
fn a_repeated_answer_after_a_right_one_is_not_recorded() {
    let (c, dir) = (catalog(), scratch("repeat"));
    let mut store = Store::open(&dir).unwrap();
    let mut s = session(&c, &store, "core-basics", vec![5]);
    goto(&mut s, "coin-bits");
    assert!(s.submit(&mut store, "0.531").unwrap().correct);
    for _ in 0..3 {
        assert!(s.submit(&mut store, "0.531").unwrap().correct);
    }
    assert!(!s.submit(&mut store, "0.7").unwrap().correct);
    assert_eq!(reopen(&dir).len(), 1);
    goto(&mut s, "metric");
    assert!(!s.choose(&mut store, "1").unwrap().correct);
    assert!(s.choose(&mut store, "2").unwrap().correct);
    for _ in 0..3 {
        assert!(s.choose(&mut store, "2").unwrap().correct);
    }
    let fb = s.choose(&mut store, "1").unwrap();
    assert!(!fb.correct && !fb.explanation.is_empty());
    let log = reopen(&dir);
    assert_eq!(log.len(), 3, "{log:?}");
    let lv = levels(&log);
    assert_eq!(level_of(&lv, "definition-discrete"), Level::Attempted);
}

#[test]
fn wrong_answers_get_the_catalogued_diagnosis_and_a_section() {
    let (c, dir) = (catalog(), scratch("diagnoses"));
    let mut store = Store::open(&dir).unwrap();
    let mut s = session(&c, &store, "core-basics", vec![5]);
    goto(&mut s, "coin-bits");
    // (answer, mistake id, lesson and section heading the learner is sent to)
    let fb = s.submit(&mut store, "0.3681").unwrap();
    let d = fb.diagnosis.as_ref().unwrap();
    assert_eq!(d.id, "nats-for-bits");
    // Units are taught only in core-units, still locked: no section is named
    // (a locked lesson is no help, and an unrelated section would mislead).
    assert_eq!(fb.see, None, "{:?}", fb.lines);
    assert!(!fb.lines.iter().any(|l| l.contains("See the section")));
    // Once core-units is unlocked, the pointer names it and says it comes later.
    for concept in ["definition-discrete", "asymmetry"] {
        for i in 0..2 {
            store
                .record(past_attempt("core-basics/x", concept, i, true, 2))
                .unwrap();
        }
    }
    let fb = s.submit(&mut store, "0.3681").unwrap();
    let see = fb.see.as_ref().unwrap();
    assert_eq!(
        (see.lesson_id.as_str(), see.heading.as_str(), see.later),
        ("core-units", "Bits and nats", true)
    );
    assert!(
        fb.lines.iter().any(|l| l.contains("\"Bits and nats\"")
            && l.contains("core-units")
            && l.contains("later lesson")),
        "{:?}",
        fb.lines
    );
    assert!(
        fb.lines
            .iter()
            .any(|l| l.contains("hint about this mistake")),
        "{:?}",
        fb.lines
    );
    assert_eq!(
        reopen(&dir).last().unwrap().diagnosis.as_deref(),
        Some("nats-for-bits")
    );
    let before = reopen(&dir).len();

    goto(&mut s, "three-kl");
    let cases = [
        ("0.1938", "swapped-arguments", "core-basics", "Asymmetry"),
        (
            "1.2535",
            "cross-entropy-for-kl",
            "core-units",
            "Cross-entropy and KL",
        ),
        ("-0.2238", "sign-flipped", "core-units", "Never negative"),
        ("0.3049", "dropped-term", "core-basics", "The definition"),
    ];
    for (given, id, lesson, heading) in cases {
        let fb = s.submit(&mut store, given).unwrap();
        assert!(!fb.correct);
        assert_eq!(fb.diagnosis.as_ref().map(|d| d.id), Some(id), "{given}");
        let see = fb.see.as_ref().unwrap();
        assert_eq!(
            (see.lesson_id.as_str(), see.heading.as_str()),
            (lesson, heading),
            "{given}"
        );
        // The tutor does not give the answer away mid-lesson.
        assert!(
            !fb.lines.iter().any(|l| l.starts_with("The answer is")),
            "{:?}",
            fb.lines
        );
        let last = reopen(&dir).last().unwrap().clone();
        assert_eq!(
            (last.answer.as_str(), last.diagnosis.as_deref()),
            (given, Some(id))
        );
    }
    // No catalogued mistake: too high, by how much (0.25 / 0.2238047 − 1 = 11.70 %).
    let fb = s.submit(&mut store, "0.25").unwrap();
    assert!(fb.diagnosis.is_none());
    let o = fb.offset.unwrap();
    assert!(o.too_high && (o.relative - 0.117045566181509).abs() < 1e-9);
    assert!(fb.lines[0].contains("too high by 11.7 %"), "{:?}", fb.lines);
    assert_eq!(reopen(&dir).len(), before + 5);
}

#[test]
fn a_malformed_answer_shows_a_caret_and_is_not_recorded() {
    let (c, dir) = (catalog(), scratch("malformed"));
    let mut store = Store::open(&dir).unwrap();
    let mut s = session(&c, &store, "core-basics", vec![5]);
    goto(&mut s, "coin-bits");
    match s.submit(&mut store, "0.5 +") {
        Err(SubmitError::Malformed { message, caret }) => {
            assert!(!message.is_empty());
            let lines: Vec<&str> = caret.lines().collect();
            assert_eq!(lines[0], "0.5 +");
            assert!(
                lines[1].trim_start() == "^" && lines[1].len() >= 4,
                "{caret}"
            );
        }
        other => panic!("expected Malformed, got {other:?}"),
    }
    assert!(reopen(&dir).is_empty());
    assert!(store.attempts().is_empty());
    // Still on the same problem.
    assert_eq!(s.problem().unwrap().problem.id, "coin-bits");
}

#[test]
fn hints_in_order_then_the_engine_solution_are_recorded() {
    let (c, dir) = (catalog(), scratch("hints"));
    let mut store = Store::open(&dir).unwrap();
    let mut s = session(&c, &store, "core-basics", vec![5]);
    goto(&mut s, "coin-bits");
    // The solution waits for the hints.
    assert!(matches!(s.solution(), Some(Ok(None))));
    let h1 = s.hint().unwrap();
    assert_eq!(
        h1,
        HintReply::Hint {
            number: 1,
            total: 2,
            text: "Use log base 2.".into()
        }
    );
    assert!(matches!(s.hint(), Some(HintReply::Hint { number: 2, .. })));
    assert_eq!(s.hint(), Some(HintReply::NoMoreHints));
    let sol = s.solution().unwrap().unwrap().unwrap();
    assert_eq!(sol.unit, "bits");
    assert!((sol.value - 0.531004406410719).abs() < 1e-12);
    let terms: Vec<f64> = sol
        .steps
        .iter()
        .filter_map(|st| match st {
            Step::Outcome(r) => Some(r.term),
            _ => None,
        })
        .collect();
    // 0.9 log2 1.8 and 0.1 log2 0.2.
    assert_eq!(terms.len(), 2);
    assert!((terms[0] - 0.763197215899455).abs() < 1e-12, "{terms:?}");
    assert!((terms[1] + 0.232192809488736).abs() < 1e-12, "{terms:?}");
    assert!(sol.steps.iter().any(|st| matches!(st, Step::Sum { .. })));
    assert!(sol.steps.iter().any(|st| matches!(st, Step::Unit { .. })));
    s.submit(&mut store, "0.531").unwrap();
    let a = reopen(&dir).pop().unwrap();
    assert!(a.correct);
    assert_eq!((a.hints_used, a.solution_shown), (2, true));
    assert!(!a.unaided_correct());
}

#[test]
fn worked_example_steps_go_forward_and_back() {
    let (c, dir) = (catalog(), scratch("steps"));
    let store = Store::open(&dir).unwrap();
    let mut s = session(&c, &store, "core-basics", vec![5]);
    assert!(matches!(s.current(), Current::Prose(_)));
    s.advance();
    s.advance();
    let Current::Step { index, count, .. } = s.current() else {
        panic!("expected the example")
    };
    // Intro, two outcomes, the sum, the unit.
    assert_eq!((index, count), (0, 5));
    s.advance();
    assert!(
        matches!(s.current(), Current::Step { index: 1, step: Step::Outcome(r), .. } if r.label == "heads")
    );
    s.back();
    assert!(matches!(s.current(), Current::Step { index: 0, .. }));
    s.back();
    assert!(matches!(s.current(), Current::Prose(_)));
    s.advance();
    for _ in 0..4 {
        s.advance();
    }
    assert!(matches!(s.current(), Current::Step { index: 4, .. }));
    s.advance();
    assert!(matches!(s.current(), Current::Problem(_)));
    // Back into the example lands on its last step.
    s.back();
    assert!(matches!(s.current(), Current::Step { index: 4, .. }));
}

#[test]
fn questions_explain_the_chosen_option_and_labs_are_exposed() {
    let (c, dir) = (catalog(), scratch("question"));
    let mut store = Store::open(&dir).unwrap();
    let mut s = session(&c, &store, "core-basics", vec![5]);
    goto(&mut s, "metric");
    assert!(matches!(
        s.choose(&mut store, "3"),
        Err(SubmitError::Malformed { .. })
    ));
    let fb = s.choose(&mut store, "1").unwrap();
    assert!(!fb.correct);
    assert_eq!(
        fb.explanation,
        "Never negative, yes, but a metric must also be symmetric."
    );
    assert_eq!(fb.see.as_ref().unwrap().heading, "Asymmetry");
    let fb = s.choose(&mut store, " 2 ").unwrap();
    assert!(fb.correct);
    let log = reopen(&dir);
    assert_eq!(log.len(), 2);
    assert_eq!((log[0].answer.as_str(), log[0].correct), ("1", false));
    assert_eq!(log[1].kind, AttemptKind::Question);
    s.advance();
    let Current::Lab(lab) = s.current() else {
        panic!("expected the lab")
    };
    assert_eq!(lab.params.name(), "bernoulli");
    assert_eq!(lab.observations.len(), 1);
}

#[test]
fn quitting_mid_lesson_resumes_at_the_same_item_and_seed() {
    let (c, dir) = (catalog(), scratch("resume"));
    let mut store = Store::open(&dir).unwrap();
    let mut s = session(&c, &store, "core-basics", vec![41077]);
    goto(&mut s, "three-outcomes");
    let p = s.problem().unwrap().clone();
    assert_eq!(p.seed(), 41077);
    assert_eq!(p.header(), "problem core-basics/three-outcomes, seed 41077");
    s.hint();
    let cursor = s.cursor();
    s.save(&mut store).unwrap();
    drop(s);
    drop(store);

    let store = Store::open(&dir).unwrap();
    // A different seed source: the resumed problem must not draw a new seed.
    let r = LessonSession::resume(&c, "core-basics", &store, Box::new(ListSeeds::new(vec![9])))
        .unwrap();
    assert_eq!(r.cursor(), cursor);
    let q = r.problem().unwrap();
    assert_eq!(q.seed(), 41077);
    assert_eq!(q.prompt(), p.prompt());
    assert_eq!(q.hints_shown().len(), 1);
    assert_eq!(
        store.position("core-basics").unwrap().section,
        cursor.section
    );
}

/// Answers every quiz item right except questions (choice 1, wrong).
fn take_quiz(q: &mut QuizSession, store: &mut Store) {
    while let Some(item) = q.current().cloned() {
        match item {
            DrillItem::Question(x) => {
                // A wrong option, wherever the shuffle put the right one.
                let wrong = (0..x.question.choices.len())
                    .find(|&i| i != x.question.answer)
                    .unwrap();
                q.choose(store, &(wrong + 1).to_string()).unwrap();
            }
            DrillItem::Problem(p) => {
                let v = match p.problem.id.as_str() {
                    "coin-bits" => 0.531004406410719,
                    "three-kl" => 0.223804657185647,
                    "coin-nats" => 0.368064207168497,
                    "three-outcomes" => own_kl(&p),
                    other => panic!("unexpected problem {other}"),
                };
                let fb = q.submit(store, &format!("{v:.6}")).unwrap();
                assert!(fb.correct, "{:?}", fb.lines);
            }
        }
    }
}

#[test]
fn a_quiz_with_a_fixed_seed_is_deterministic_and_scored() {
    let c = catalog();
    let run = |name: &str| {
        let dir = scratch(name);
        let mut store = Store::open(&dir).unwrap();
        let mut q =
            QuizSession::quiz(&c, &store, &QuizScope::Lesson("core-basics".into()), 6, 7).unwrap();
        let drawn: Vec<(String, String)> = q
            .items()
            .iter()
            .map(|i| (i.header(), i.prompt().to_string()))
            .collect();
        take_quiz(&mut q, &mut store);
        (drawn, q.summary(), reopen(&dir))
    };
    let (a, sa, log) = run("quiz-a");
    let (b, sb, _) = run("quiz-b");
    assert_eq!(a, b);
    assert_eq!(a.len(), 6);
    // The lesson has 3 problems and 1 question: the 5th item starts a reshuffle.
    let questions = a.iter().filter(|(h, _)| h.starts_with("question")).count();
    assert!((1..=2).contains(&questions));
    assert_eq!(sa, sb);
    assert_eq!((sa.correct, sa.total), (6 - questions, 6));
    assert_eq!(sa.mistakes.len(), questions);
    let m = &sa.mistakes[0];
    assert_eq!(m.key, "core-basics/metric");
    let shown_right = m.right_answer.split_once(". ").unwrap();
    assert_eq!(shown_right.1, "No: it is not symmetric.");
    assert_ne!(m.answer.as_deref(), Some(shown_right.0));
    // Progress keeps the author's number of the chosen option: the metric
    // question has two options and the right one is the author's 2.
    let q_log = log
        .iter()
        .find(|a| a.problem == "core-basics/metric")
        .unwrap();
    assert_eq!(q_log.answer, "1");
    assert!(m.diagnosis.as_deref().unwrap().contains("symmetric"));
    assert_eq!(log.len(), 6);
    assert!(log.iter().all(|a| a.kind == AttemptKind::Quiz));
    // Another seed draws another quiz.
    let dir = scratch("quiz-c");
    let store = Store::open(&dir).unwrap();
    let other: Vec<String> =
        QuizSession::quiz(&c, &store, &QuizScope::Lesson("core-basics".into()), 6, 8)
            .unwrap()
            .items()
            .iter()
            .map(|i| i.header())
            .collect();
    assert_ne!(other, a.iter().map(|x| x.0.clone()).collect::<Vec<_>>());
}

#[test]
fn quiz_mistakes_carry_prompt_answer_right_answer_and_diagnosis() {
    let (c, dir) = (catalog(), scratch("quiz-mistakes"));
    let mut store = Store::open(&dir).unwrap();
    let mut q = QuizSession::quiz(&c, &store, &QuizScope::Concept("units".into()), 1, 1).unwrap();
    assert_eq!(q.current().unwrap().key(), "core-units/coin-nats");
    // Bits where nats were asked: 0.531 bits.
    let fb = q.submit(&mut store, "0.531").unwrap();
    assert!(
        fb.lines.iter().any(|l| l == "The answer is 0.3681 nats."),
        "{:?}",
        fb.lines
    );
    assert!(q.is_finished());
    let s = q.summary();
    assert_eq!((s.correct, s.total), (0, 1));
    let m = &s.mistakes[0];
    assert_eq!(
        m.prompt,
        "Compute D(P‖Q) in nats for P = [0.9, 0.1] and Q = [0.5, 0.5]."
    );
    assert_eq!(m.answer.as_deref(), Some("0.531"));
    assert_eq!(m.right_answer, "0.3681 nats");
    assert!(m.diagnosis.as_deref().unwrap().contains("bits"));
    assert_eq!(reopen(&dir)[0].diagnosis.as_deref(), Some("bits-for-nats"));
}

#[test]
fn unknown_ids_name_close_matches() {
    let (c, dir) = (catalog(), scratch("unknown"));
    let store = Store::open(&dir).unwrap();
    let e = QuizSession::quiz(&c, &store, &QuizScope::Lesson("core-basic".into()), 3, 1)
        .err()
        .unwrap();
    let msg = e.to_string();
    assert!(
        msg.contains("\"core-basic\"") && msg.contains("core-basics"),
        "{msg}"
    );
    let e = QuizSession::quiz(&c, &store, &QuizScope::Concept("asymetry".into()), 3, 1)
        .err()
        .unwrap();
    assert!(e.to_string().contains("asymmetry"), "{e}");
}

fn past_attempt(problem: &str, concept: &str, seed: u64, correct: bool, days_ago: i64) -> Attempt {
    let mut a = Attempt::new(
        problem,
        concept,
        AttemptKind::Practice,
        seed,
        "0.1",
        correct,
    );
    a.time_ms = now_ms() - days_ago * DAY;
    a
}

#[test]
fn a_review_poses_a_fresh_seed() {
    let (c, dir) = (catalog(), scratch("review"));
    let mut store = Store::open(&dir).unwrap();
    store
        .record(past_attempt(
            "core-basics/three-outcomes",
            "definition-discrete",
            41077,
            false,
            3,
        ))
        .unwrap();
    // Not yet due: answered right just now.
    let mut fresh = past_attempt("core-basics/coin-bits", "definition-discrete", 0, true, 0);
    fresh.seconds_taken = 5.0;
    store.record(fresh).unwrap();
    // The seed source offers the old seed first: the review must not reuse it.
    let mut seeds = ListSeeds::new(vec![41077, 123]);
    let mut r = QuizSession::review(&c, &store, now_ms(), &mut seeds);
    assert_eq!(r.kind(), AttemptKind::Review);
    assert_eq!(r.len(), 1);
    let Some(DrillItem::Problem(p)) = r.current().cloned() else {
        panic!("expected a problem")
    };
    assert_eq!(p.key, "core-basics/three-outcomes");
    assert_eq!(p.seed(), 123);
    let fb = r.submit(&mut store, &format!("{:.6}", own_kl(&p))).unwrap();
    assert!(fb.correct, "{:?}", fb.lines);
    // The fresh practice answer and the review can share a millisecond, and attempts in the
    // same millisecond are ordered by their random ids: look the review up rather than take
    // the last attempt.
    let reviews: Vec<Attempt> = reopen(&dir)
        .into_iter()
        .filter(|a| a.kind == AttemptKind::Review)
        .collect();
    assert_eq!(reviews.len(), 1, "{reviews:?}");
    let a = &reviews[0];
    assert_eq!(
        (a.kind, a.seed, a.correct, a.problem.as_str()),
        (AttemptKind::Review, 123, true, "core-basics/three-outcomes")
    );
}

#[test]
fn a_challenge_moves_a_level_up_and_down_and_lessons_unlock() {
    let (c, dir) = (catalog(), scratch("challenge"));
    let mut store = Store::open(&dir).unwrap();
    assert!(QuizSession::challenge(&c, &store, 1, 3).is_err());
    let s = session(&c, &store, "core-units", vec![5]);
    assert_eq!(s.locked_by(), ["definition-discrete", "asymmetry"]);
    for (k, concept) in [(2, "definition-discrete"), (2, "asymmetry")] {
        for i in 0..k {
            store
                .record(past_attempt("core-basics/x", concept, i, true, 2))
                .unwrap();
        }
    }
    let lv = levels(store.attempts());
    assert_eq!(level_of(&lv, "definition-discrete"), Level::Familiar);
    assert!(
        session(&c, &store, "core-units", vec![5])
            .locked_by()
            .is_empty()
    );

    let mut ch = QuizSession::challenge(&c, &store, 1, 3).unwrap();
    assert_eq!(ch.kind(), AttemptKind::Challenge);
    let Some(DrillItem::Problem(p)) = ch.current().cloned() else {
        panic!("expected a problem")
    };
    // The only randomized problem on a Familiar concept.
    assert_eq!(p.key, "core-basics/three-outcomes");
    ch.submit(&mut store, &format!("{:.6}", own_kl(&p)))
        .unwrap();
    let lv = levels(&reopen(&dir));
    assert_eq!(level_of(&lv, "definition-discrete"), Level::Proficient);

    let mut ch = QuizSession::challenge(&c, &store, 1, 4).unwrap();
    ch.submit(&mut store, "100").unwrap();
    let log = reopen(&dir);
    assert_eq!(log.last().unwrap().kind, AttemptKind::Challenge);
    assert_eq!(
        level_of(&levels(&log), "definition-discrete"),
        Level::Familiar
    );
}
