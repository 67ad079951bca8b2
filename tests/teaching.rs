//! Issue 13's teaching features driven through the session layer on the
//! fixture lessons in `tests/fixtures/core`: hints aimed at the diagnosed
//! mistake, misconceptions derived from the attempt log, answers given term
//! by term.
//!
//! Values were computed independently with python3: coin P = [0.9, 0.1],
//! Q = [0.5, 0.5]: D(P‖Q) = 0.5310044 bits, D(Q‖P) = 0.7369656 bits,
//! D(P‖Q) in nats 0.3680642.

use kltutor::lesson::catalog::Catalog;
use kltutor::progress::Store;
use kltutor::tutor::{Current, HintReply, LessonSession, ListSeeds};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

fn scratch(name: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "kltutor-teach-{}-{}-{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn catalog() -> Catalog {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/core");
    Catalog::from_files(&kltutor::lesson::catalog::read_dir(&dir).unwrap())
}

fn at(c: &Catalog, store: &Store, lesson: &str, block: &str) -> LessonSession {
    let mut s = LessonSession::new(c, lesson, store, Box::new(ListSeeds::new(vec![5]))).unwrap();
    for _ in 0..200 {
        if let Current::Problem(p) = s.current()
            && p.problem.id == block
        {
            return s;
        }
        s.advance();
    }
    panic!("no problem {block}");
}

#[test]
fn the_hint_after_a_diagnosed_answer_is_aimed_at_the_mistake() {
    let (c, dir) = (catalog(), scratch("targeted"));
    let mut store = Store::open(&dir).unwrap();
    let mut s = at(&c, &store, "core-basics", "coin-bits");
    // Swapped arguments: D(Q‖P) = 0.737 bits.
    let fb = s.submit(&mut store, "0.737").unwrap();
    assert_eq!(fb.diagnosis.as_ref().unwrap().id, "swapped-arguments");
    assert!(
        fb.lines
            .iter()
            .any(|l| l.contains("hint about this mistake")),
        "{:?}",
        fb.lines
    );
    match s.hint().unwrap() {
        HintReply::Targeted { mistake, text, .. } => {
            assert_eq!(mistake, "swapped-arguments");
            assert!(text.contains("weights"), "{text}");
            assert!(!text.contains("0.53"), "gives the answer away: {text}");
        }
        other => panic!("expected a targeted hint, got {other:?}"),
    }
    // Then the fixed hints resume, in order, from the first.
    assert!(matches!(s.hint(), Some(HintReply::Hint { number: 1, .. })));
    // Another mistake (nats for bits, 0.368) gets its own targeted hint ...
    s.submit(&mut store, "0.368").unwrap();
    assert!(matches!(
        s.hint(),
        Some(HintReply::Targeted {
            mistake: "nats-for-bits",
            ..
        })
    ));
    // ... the same mistake again does not repeat it: the fixed order goes on.
    s.submit(&mut store, "0.737").unwrap();
    s.submit(&mut store, "0.368").unwrap();
    assert!(matches!(s.hint(), Some(HintReply::Hint { number: 2, .. })));
    // Targeted hints count as help on the attempt.
    s.submit(&mut store, "0.531").unwrap();
    let log = Store::open(&dir).unwrap().attempts().to_vec();
    assert_eq!(log.last().unwrap().hints_used, 4);
    assert!(log.last().unwrap().correct);
}

#[test]
fn an_undiagnosed_answer_keeps_the_fixed_order() {
    let (c, dir) = (catalog(), scratch("fixed"));
    let mut store = Store::open(&dir).unwrap();
    let mut s = at(&c, &store, "core-basics", "coin-bits");
    let fb = s.submit(&mut store, "0.3").unwrap();
    assert!(fb.diagnosis.is_none());
    assert!(fb.lines.iter().any(|l| l.contains("hint 1 of 2")));
    assert!(matches!(s.hint(), Some(HintReply::Hint { number: 1, .. })));
}

#[test]
fn the_docs_list_every_mistake_id() {
    let spec = std::fs::read_to_string("docs/lesson-format.md").unwrap();
    let readme = std::fs::read_to_string("README.md").unwrap();
    for m in kltutor::tutor::catalogue() {
        let id = format!("`{}`", m.id);
        assert!(spec.contains(&id), "docs/lesson-format.md lacks {id}");
        assert!(readme.contains(&id), "README.md lacks {id}");
    }
}

#[test]
fn a_quiz_adds_an_item_that_could_show_an_active_misconception() {
    use kltutor::progress::misconceptions::{RESOLVE_AFTER, State, misconceptions};
    use kltutor::tutor::{DrillItem, QuizScope, QuizSession};
    let (c, dir) = (catalog(), scratch("extra"));
    let mut store = Store::open(&dir).unwrap();
    let scope = QuizScope::Lesson("core-basics".into());
    // No misconception yet: the quiz has exactly the items asked for.
    let plain = QuizSession::quiz(&c, &store, &scope, 1, 7).unwrap();
    assert_eq!(plain.len(), 1);
    // Swapped arguments on three-kl (D(Q‖P) = 0.193794 nats).
    let mut s = at(&c, &store, "core-basics", "three-kl");
    s.submit(&mut store, "0.1938").unwrap();
    let quiz = QuizSession::quiz(&c, &store, &scope, 1, 7).unwrap();
    assert_eq!(quiz.len(), 2, "one extra item");
    let Some(DrillItem::Problem(extra)) = quiz.items().last() else {
        panic!("the extra item is a problem")
    };
    assert_eq!(extra.extra_for.as_deref(), Some("direction"));
    assert!(extra.exposes().iter().any(|m| m == "direction"));
    assert!(
        extra
            .header()
            .ends_with("(extra: it could show the misconception \"direction\" you still hold)"),
        "{}",
        extra.header()
    );
    // The same seed and log give the same quiz.
    let again = QuizSession::quiz(&c, &store, &scope, 1, 7).unwrap();
    let keys = |q: &QuizSession| q.items().iter().map(|i| i.header()).collect::<Vec<_>>();
    assert_eq!(keys(&quiz), keys(&again));
    // Clean answers where it could show resolve it; then no extra item.
    for _ in 0..RESOLVE_AFTER {
        let mut s = at(&c, &store, "core-basics", "three-kl");
        assert!(s.submit(&mut store, "0.2238").unwrap().correct);
    }
    let m = misconceptions(store.attempts())["direction"];
    assert_eq!(
        (m.state, m.seen, m.clean_since),
        (State::Resolved, 1, RESOLVE_AFTER)
    );
    assert_eq!(
        QuizSession::quiz(&c, &store, &scope, 1, 7).unwrap().len(),
        1
    );
}

/// three-kl: P = [0.5, 0.3, 0.2], Q = [0.2, 0.5, 0.3], nats. Terms (python3):
/// P ln(P/Q) = [0.458145, −0.153248, −0.081093]; weighted by Q
/// [0.183258, −0.255413, −0.121640]; log2 [0.660964, −0.221090, −0.116993];
/// unweighted [0.916291, −0.510826, −0.405465].
#[test]
fn terms_name_the_first_wrong_outcome_and_what_went_wrong() {
    let (c, dir) = (catalog(), scratch("terms"));
    let mut store = Store::open(&dir).unwrap();
    let mut s = at(&c, &store, "core-basics", "three-kl");
    let cases: &[(&str, Option<usize>, Option<&str>, &str)] = &[
        (
            "[0.458145, -0.255413, -0.081093]",
            Some(2),
            Some("weighted-by-q"),
            "weighted by Q(x) = 0.5",
        ),
        (
            "[0.458145, -0.153248, 0.081093]",
            Some(3),
            Some("sign-flipped"),
            "upside down",
        ),
        (
            "[0.660964, -0.221090, -0.116993]",
            Some(1),
            Some("bits-for-nats"),
            "in bits",
        ),
        (
            "[0.458145, -0.510826, -0.081093]",
            Some(2),
            Some("unweighted"),
            "weight P(x) is missing",
        ),
        (
            "[0.458145, -0.153248, -0.2]",
            Some(3),
            None,
            "the terms before it are right",
        ),
    ];
    for (input, first, id, says) in cases {
        let fb = s.submit(&mut store, input).unwrap();
        assert!(!fb.correct, "{input}");
        assert_eq!(fb.first_wrong_term, *first, "{input}");
        assert_eq!(fb.diagnosis.as_ref().map(|d| d.id), *id, "{input}");
        assert!(fb.lines[0].contains(says), "{input}: {:?}", fb.lines);
        let outcome = format!("the term of outcome {}", first.unwrap());
        assert!(fb.lines[0].contains(&outcome), "{:?}", fb.lines);
        // The right value of the wrong term (or the total) is never given away.
        for secret in ["0.1532", "0.0811", "0.4581", "0.2238"] {
            assert!(
                !fb.lines.concat().contains(secret),
                "{input}: {:?}",
                fb.lines
            );
        }
    }
    // A wrong count is not an attempt.
    assert!(s.submit(&mut store, "[0.458145, -0.153248]").is_err());
    // All right: the total is graded.
    let fb = s
        .submit(
            &mut store,
            "[0.5*ln(0.5/0.2), 0.3*ln(0.3/0.5), 0.2*ln(0.2/0.3)]",
        )
        .unwrap();
    assert!(fb.correct, "{:?}", fb.lines);
    assert_eq!(fb.first_wrong_term, None);
    assert!(fb.lines[0].starts_with("Every term is right"));
    let log = Store::open(&dir).unwrap().attempts().to_vec();
    let firsts: Vec<Option<u32>> = log.iter().map(|a| a.first_wrong_term).collect();
    assert_eq!(firsts, [Some(2), Some(3), Some(1), Some(2), Some(3), None]);
    assert_eq!(log[0].diagnosis.as_deref(), Some("weighted-by-q"));
    // The term diagnosis feeds misconceptions like a total's would.
    let m = kltutor::progress::misconceptions::misconceptions(&log);
    assert_eq!(m["weighting"].seen, 2);
    assert_eq!(m["sign"].seen, 1);
    assert_eq!(m["units"].seen, 1);
}

#[test]
fn terms_are_refused_where_there_are_no_outcomes() {
    let dir = scratch("noterms");
    let mut store = Store::open(&dir).unwrap();
    // A malformed list is not an attempt.
    let c = catalog();
    let mut s = at(&c, &store, "core-basics", "three-kl");
    let e = s.submit(&mut store, "[1, 2").unwrap_err();
    assert!(e.to_string().contains("ends with ]"), "{e}");
    // JS, TV, Gaussians...: no per-outcome terms, asked for the total instead.
    let bundled = Catalog::from_files(&kltutor::lesson::catalog::bundled_files());
    use kltutor::quantity::Measure;
    let (lesson, problem) = bundled
        .lessons
        .iter()
        .flat_map(|l| l.items().map(move |(_, i)| (l, i)))
        .find_map(|(l, i)| match i {
            kltutor::lesson::Item::Problem(p)
                if !matches!(
                    p.measure,
                    Measure::Kl | Measure::ReverseKl | Measure::CrossEntropy | Measure::Entropy
                ) =>
            {
                Some((l, p.clone()))
            }
            _ => None,
        })
        .expect("a bundled problem that is not a sum over outcomes");
    let mut p = kltutor::tutor::ActiveProblem::new(&lesson.id, &problem, 0).unwrap();
    let e = p
        .submit(
            &mut store,
            &bundled.lessons,
            kltutor::progress::AttemptKind::Practice,
            "[0.1, 0.2]",
            false,
        )
        .unwrap_err();
    assert!(e.to_string().contains("give the total here"), "{e}");
    assert!(Store::open(&dir).unwrap().attempts().is_empty());
}

#[test]
fn diagnoses_about_one_outcome_say_which() {
    use kltutor::engine::Base;
    use kltutor::quantity::{Measure, Quantity};
    // P = [0.5, 0.3, 0.2], Q = [0.2, 0.5, 0.3] in nats: without the second
    // term, 0.458145 − 0.081093 = 0.377052 (python3).
    let q = Quantity::discrete(
        Measure::Kl,
        vec![0.5, 0.3, 0.2],
        vec![0.2, 0.5, 0.3],
        Base::E,
    );
    let d = kltutor::tutor::diagnose(&q, 0.377052, 0.005).unwrap();
    assert_eq!((d.id, d.outcome), ("dropped-term", Some(1)));
    let d = kltutor::tutor::diagnose(&q, 0.1938, 0.005).unwrap();
    assert_eq!((d.id, d.outcome), ("swapped-arguments", None));
    // The outcome that makes it infinite.
    let q = Quantity::discrete(
        Measure::Kl,
        vec![0.5, 0.3, 0.2],
        vec![0.5, 0.5, 0.0],
        Base::E,
    );
    let d = kltutor::tutor::diagnose(&q, 0.4, 0.005).unwrap();
    assert_eq!((d.id, d.outcome), ("finite-for-infinite", Some(2)));
}

/// Issue 13 §3: a misconception still held brings a review even when
/// nothing is due, and what Review poses is what the plan (Home's "reviews
/// due", the next step) counts, whatever the seeds.
#[test]
fn an_active_misconception_brings_a_review_when_nothing_is_due() {
    use kltutor::progress::{due, now_ms};
    use kltutor::tutor::{DrillItem, QuizSession, review_plan};
    let (c, dir) = (catalog(), scratch("review-extra"));
    let mut store = Store::open(&dir).unwrap();
    let now = now_ms();
    assert!(review_plan(&c, &store, now).is_empty(), "a new learner");
    // Swapped arguments on three-kl, then right: "direction" is active and
    // three-kl is scheduled for later, so nothing is due.
    let mut s = at(&c, &store, "core-basics", "three-kl");
    assert!(!s.submit(&mut store, "0.1938").unwrap().correct);
    assert!(s.submit(&mut store, "0.2238").unwrap().correct);
    let now = now_ms();
    assert!(due(store.attempts(), now).is_empty());
    let plan = review_plan(&c, &store, now);
    assert!(plan.due.is_empty());
    assert_eq!(plan.extra.len(), 1, "{plan:?}");
    assert_eq!(plan.extra[0].0, "direction");
    for seeds in [vec![1], vec![99_999], vec![5, 41077, 2024]] {
        let r = QuizSession::review(&c, &store, now, &mut ListSeeds::new(seeds));
        assert_eq!(r.len(), plan.len());
        let Some(DrillItem::Problem(p)) = r.items().first() else {
            panic!("the extra item is a problem")
        };
        assert_eq!(p.key, plan.extra[0].1);
        assert_eq!(p.extra_for.as_deref(), Some("direction"));
        assert!(p.exposes().iter().any(|m| m == "direction"));
    }
    // A second misconception (bits for nats on three-kl: 0.3233 bits asked
    // in nats gives 0.2238/ln 2 = 0.32288) adds a second extra, on another
    // problem.
    let mut s = at(&c, &store, "core-basics", "three-kl");
    s.submit(&mut store, "0.32288").unwrap();
    let plan = review_plan(&c, &store, now_ms());
    let ids: Vec<&str> = plan.extra.iter().map(|(m, _)| m.as_str()).collect();
    assert!(
        ids.contains(&"units") && ids.contains(&"direction"),
        "{plan:?}"
    );
    assert_ne!(plan.extra[0].1, plan.extra[1].1);
}

/// Issue 13 §1 in a quiz: a problem posed alone takes its terms like a
/// lesson problem does; the first wrong term is named, diagnosed and
/// recorded with the quiz attempt (three-kl, terms as above).
#[test]
fn a_quiz_item_takes_terms() {
    use kltutor::progress::AttemptKind;
    use kltutor::tutor::{DrillItem, QuizScope, QuizSession};
    let (c, dir) = (catalog(), scratch("quiz-terms"));
    let mut store = Store::open(&dir).unwrap();
    let scope = QuizScope::Lesson("core-basics".into());
    let mut quiz = None;
    for seed in 1..200 {
        let q = QuizSession::quiz(&c, &store, &scope, 1, seed).unwrap();
        if q.items()[0].key() == "core-basics/three-kl" {
            quiz = Some(q);
            break;
        }
    }
    let mut quiz = quiz.expect("a seed poses three-kl first");
    assert!(matches!(quiz.current(), Some(DrillItem::Problem(_))));
    // Second term weighted by Q: 0.5·ln(0.3/0.5) = −0.255413.
    let fb = quiz
        .submit(&mut store, "[0.458145, 0.5*ln(0.3/0.5), -0.081093]")
        .unwrap();
    assert!(!fb.correct);
    assert_eq!(fb.first_wrong_term, Some(2));
    assert!(
        fb.lines[0].contains("the term of outcome 2"),
        "{:?}",
        fb.lines
    );
    // Posed alone, the section is named with its lesson, never "this lesson".
    assert!(
        fb.lines.iter().any(|l| l.contains("in the lesson \"")),
        "{:?}",
        fb.lines
    );
    assert!(
        !fb.lines.iter().any(|l| l.contains("this lesson")),
        "{:?}",
        fb.lines
    );
    let a = store.attempts().last().unwrap();
    assert_eq!(
        (a.kind, a.first_wrong_term, a.diagnosis.as_deref()),
        (AttemptKind::Quiz, Some(2), Some("weighted-by-q"))
    );
    assert!(quiz.is_finished(), "one answer per item");
}

/// Issue 13 §3: a misconception still held that no unlocked problem can
/// show brings no review item, and the plan says so in words (Home's Review
/// details, the TUI's and `review --plain`'s "Nothing is due" use it):
/// the fixture lessons have no JS, TV or Hellinger problem, so "constants"
/// (a forgotten ½ in JS) cannot show there.
#[test]
fn a_misconception_no_problem_can_show_is_named_not_silently_dropped() {
    use kltutor::progress::{Attempt, AttemptKind, now_ms};
    use kltutor::tutor::review_plan;
    let (c, dir) = (catalog(), scratch("review-waiting"));
    let mut store = Store::open(&dir).unwrap();
    let mut a = Attempt::new(
        "elsewhere/js",
        "other-divergences",
        AttemptKind::Practice,
        0,
        "0.2",
        false,
    );
    a.diagnosis = Some("forgot-half".into());
    store.record(a).unwrap();
    let plan = review_plan(&c, &store, now_ms());
    assert!(plan.extra.is_empty(), "{plan:?}");
    assert_eq!(plan.waiting, ["constants"]);
    let note = plan.waiting_note().unwrap();
    assert!(note.contains("\"constants\""), "{note}");
    assert!(
        note.contains("no problem of the lessons unlocked so far"),
        "{note}"
    );
    // Once a problem can show one, it has its item and the note names only
    // what is still waiting.
    let mut s = at(&c, &store, "core-basics", "three-kl");
    assert!(!s.submit(&mut store, "0.1938").unwrap().correct);
    let plan = review_plan(&c, &store, now_ms());
    assert_eq!(plan.extra.len(), 1, "{plan:?}");
    assert_eq!(plan.extra[0].0, "direction");
    assert_eq!(plan.waiting, ["constants"]);
}
