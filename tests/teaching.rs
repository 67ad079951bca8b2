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
            .ends_with("(extra: it could show the misconception \"direction\" you had)"),
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
