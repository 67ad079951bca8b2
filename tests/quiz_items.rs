//! Quiz items that stand alone and feedback that points the right way
//! (issue 9 §3): the `context` / `quiz` rule and its check, shuffled options,
//! "Right." said once, and "See the section" naming the section that covers
//! the item.

use kltutor::lesson::catalog::{Catalog, LessonFile, bundled_files};
use kltutor::lesson::check::check_files;
use kltutor::lesson::{Item, Severity};
use kltutor::progress::Store;
use kltutor::tutor::{ActiveQuestion, DrillItem, QuizScope, QuizSession};
use std::borrow::Cow;
use std::sync::atomic::{AtomicU32, Ordering};

fn bundled() -> Catalog {
    Catalog::from_files(&bundled_files())
}

fn scratch(name: &str) -> std::path::PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "kltutor-quizitems-{}-{}-{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn lesson(body: &str) -> LessonFile {
    let text = format!(
        "+++\nid = \"lean\"\ntitle = \"Lean\"\nsummary = \"S\"\nconcepts = [\"definition-discrete\"]\nminutes = 1\ndifficulty = 1\n+++\nText.\n\n{body}\n## Key takeaways\n\n- x\n"
    );
    LessonFile {
        path: "lean.md".into(),
        bytes: Cow::Owned(text.into_bytes()),
        bundled: false,
    }
}

const BLOCK: &str = "```problem\nid = \"ID\"\nconcept = \"definition-discrete\"\nprompt = \"PROMPT\"\nEXTRAcompute = \"kl\"\np = [0.5, 0.5]\nq = [0.9, 0.1]\nunit = \"nats\"\n```\n\n";

fn problem(id: &str, prompt: &str, extra: &str) -> String {
    BLOCK
        .replace("ID", id)
        .replace("PROMPT", prompt)
        .replace("EXTRA", extra)
}

#[test]
fn check_reports_quiz_eligible_prompts_that_lean_on_the_lesson() {
    let body = [
        problem("now", "Now weight by the other distribution: P = {p}, Q = {q}.", ""),
        problem("same", "Same pair: compute D(P‖Q) for P = {p}, Q = {q}.", ""),
        problem("above", "For the P and Q above ({p}, {q}), compute D(P‖Q).", ""),
        problem(
            "with-context",
            "Now weight by P: P = {p}, Q = {q}.",
            "context = \"D(P‖Q) averages ln(P/Q) over outcomes.\"\n",
        ),
        problem("kept-out", "Same pair again: P = {p}, Q = {q}.", "quiz = false\n"),
        problem(
            "bad-context",
            "Now weight by P: P = {p}, Q = {q}.",
            "context = \"As in the example above.\"\n",
        ),
        problem("fine", "Compute D(P‖Q) for P = {p} and Q = {q}.", ""),
        "```question\nid = \"q-now\"\nconcept = \"definition-discrete\"\nprompt = \"Then which is larger?\"\nchoices = [\"a\", \"b\"]\nanswer = 1\nexplanations = [\"x\", \"y\"]\n```\n\n".to_string(),
    ]
    .concat();
    let report = check_files(&[lesson(&body)], &[]);
    let warned: Vec<(&str, &str)> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning && d.message.contains("quizzes and reviews"))
        .map(|d| {
            let id = d.message.split('"').nth(1).unwrap();
            let phrase = d.message.split('"').nth(3).unwrap();
            (id, phrase)
        })
        .collect();
    assert_eq!(
        warned,
        [
            ("now", "now"),
            ("same", "same"),
            ("above", "above"),
            ("bad-context", "above"),
            ("q-now", "then"),
        ],
        "{:#?}",
        report.diagnostics
    );
    assert!(!report.has_errors(), "{:#?}", report.diagnostics);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.message.starts_with("problem \"now\""))
        .unwrap();
    assert!(d.message.contains("`context`") && d.message.contains("quiz = false"));
}

#[test]
fn bundled_quiz_items_stand_alone() {
    let c = bundled();
    for l in &c.lessons {
        for (_, item) in l.items() {
            let (id, prompt, context, quiz) = match item {
                Item::Problem(p) => (&p.id, &p.prompt, &p.context, p.quiz),
                Item::Question(q) => (&q.id, &q.prompt, &q.context, q.quiz),
                _ => continue,
            };
            if quiz {
                let text = context.as_ref().unwrap_or(prompt);
                assert_eq!(
                    kltutor::lesson::standalone::leaning_phrase(text),
                    None,
                    "{}/{id}",
                    l.id
                );
            }
        }
    }
}

#[test]
fn a_quiz_shows_the_context_before_the_prompt() {
    let c = bundled();
    let store = Store::open(&scratch("context")).unwrap();
    let q = QuizSession::quiz(
        &c,
        &store,
        &QuizScope::Lesson("kl-definition".into()),
        40,
        3,
    )
    .unwrap();
    let item = q
        .items()
        .iter()
        .find(|i| i.key().ends_with("/average-under-q"))
        .expect("the problem is drawn in 40 items");
    assert!(
        item.prompt()
            .starts_with("D(P‖Q) is the expectation under P of ln(P(x)/Q(x))"),
        "{}",
        item.prompt()
    );
    assert!(
        item.prompt()
            .contains("Now weight by the other distribution")
    );
}

/// Every bundled question with three or more options, shuffled with 300
/// seeds: the same seed gives the same order, options keep their
/// explanations, the right option follows its text, and it lands in every
/// position (the cursor starts on option 1).
#[test]
fn options_are_shuffled_per_instance_and_stay_paired() {
    let c = bundled();
    let mut checked = 0;
    for l in &c.lessons {
        for (_, item) in l.items() {
            let Item::Question(q) = item else { continue };
            let n = q.choices.len();
            let mut positions = vec![0usize; n];
            for seed in 0..300u64 {
                let a = ActiveQuestion::new(&l.id, q).shuffled(seed);
                let b = ActiveQuestion::new(&l.id, q).shuffled(seed);
                assert_eq!(a.question.choices, b.question.choices);
                let shown = &a.question;
                assert_eq!(shown.choices[shown.answer], q.choices[q.answer]);
                for i in 0..n {
                    let k = a.author_number(i) - 1;
                    assert_eq!(shown.choices[i], q.choices[k]);
                    assert_eq!(shown.explanations[i], q.explanations[k]);
                }
                positions[shown.answer] += 1;
            }
            assert!(
                positions.iter().all(|&c| c > 0),
                "{}/{}: {positions:?}",
                l.id,
                q.id
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked}");
}

#[test]
fn a_quiz_does_not_always_put_the_right_option_first() {
    let c = bundled();
    let store = Store::open(&scratch("positions")).unwrap();
    let q = QuizSession::quiz(&c, &store, &QuizScope::Unlocked, 30, 11).unwrap();
    let firsts: Vec<bool> = q
        .items()
        .iter()
        .filter_map(|i| match i {
            DrillItem::Question(x) => Some(x.question.answer == 0),
            _ => None,
        })
        .collect();
    assert!(firsts.len() >= 3, "{firsts:?}");
    assert!(firsts.iter().any(|f| !f), "{firsts:?}");
    // The same seed, the same quiz (order of options included).
    let again = QuizSession::quiz(&c, &store, &QuizScope::Unlocked, 30, 11).unwrap();
    let choices = |s: &QuizSession| -> Vec<Vec<String>> {
        s.items()
            .iter()
            .filter_map(|i| match i {
                DrillItem::Question(x) => Some(x.question.choices.clone()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(choices(&q), choices(&again));
}

#[test]
fn a_right_option_says_right_once_and_a_wrong_one_names_its_own_section() {
    let c = bundled();
    let mut store = Store::open(&scratch("right")).unwrap();
    let mut seen_right = 0;
    for l in &c.lessons {
        for (section, item) in l.items() {
            let Item::Question(q) = item else { continue };
            let mut a = ActiveQuestion::new(&l.id, q).shuffled(5);
            let right = (a.question.answer + 1).to_string();
            let (fb, _) = a
                .choose(
                    &mut store,
                    &c.lessons,
                    kltutor::progress::AttemptKind::Quiz,
                    &right,
                    true,
                )
                .unwrap();
            assert!(fb.correct);
            let text = fb.lines.join(" ");
            assert_eq!(
                text.matches("Right").count(),
                q.explanations[q.answer].matches("Right").count().max(1),
                "{text}"
            );
            assert!(!text.contains("Right. Right"), "{text}");
            seen_right += 1;
            let wrong = (0..q.choices.len())
                .find(|&i| i != a.question.answer)
                .unwrap();
            let (fb, _) = a
                .choose(
                    &mut store,
                    &c.lessons,
                    kltutor::progress::AttemptKind::Quiz,
                    &(wrong + 1).to_string(),
                    true,
                )
                .unwrap();
            let see = fb.see.as_ref().unwrap();
            assert_eq!(
                (see.lesson_id.as_str(), see.heading.as_str()),
                (l.id.as_str(), section.heading.as_str()),
                "{}/{}",
                l.id,
                q.id
            );
        }
    }
    assert!(seen_right >= 10);
}
