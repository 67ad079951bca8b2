//! Writes a long learner history into a data directory, through the store's
//! own code, for timing start-up with it (`examples/startup_phases.rs`,
//! `benches/pty_timing.py first-frame --data DIR`): ATTEMPTS answers (3000
//! unless given) spread over the quiz items of every bundled lesson in the
//! past 120 days, the last answer to each item wrong ten days ago, so a
//! review is due in every lesson, and every lesson read to its end (so Home
//! says of each whether it is done). With `--misconceptions` some wrong answers
//! carry a diagnosis too, so the learner still holds misconceptions and
//! Home also plans a review's extra items.
//!
//! `cargo run --release --example heavy_history -- DATA_DIR [ATTEMPTS] [--misconceptions]`
use kltutor::lesson::catalog::Catalog;
use kltutor::lesson::model::Item;
use kltutor::progress::model::DAY_MS;
use kltutor::progress::{Attempt, AttemptKind, Store, now_ms};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let diagnose = args.iter().any(|a| a == "--misconceptions");
    let mut pos = args.iter().filter(|a| !a.starts_with("--"));
    let dir = std::path::PathBuf::from(pos.next().expect("DATA_DIR"));
    let total: usize = pos.next().map_or(Ok(3000), |n| n.parse())?;
    let catalog = Catalog::load(&[] as &[&str]);
    // Every item a review could pose: (key, concept, kind).
    let mut items: Vec<(String, String, AttemptKind)> = Vec::new();
    for l in &catalog.lessons {
        for (_, item) in l.items() {
            match item {
                Item::Problem(p) if p.quiz => items.push((
                    format!("{}/{}", l.id, p.id),
                    p.concept.clone(),
                    AttemptKind::Practice,
                )),
                Item::Question(q) if q.quiz => items.push((
                    format!("{}/{}", l.id, q.id),
                    q.concept.clone(),
                    AttemptKind::Question,
                )),
                _ => {}
            }
        }
    }
    assert!(!items.is_empty(), "no quiz items in the bundled lessons");
    let now = now_ms();
    let (start, end) = (now - 120 * DAY_MS, now - 10 * DAY_MS);
    let step = (end - start) / total as i64;
    let attempts = (0..total).map(|i| {
        let (key, concept, kind) = &items[i % items.len()];
        let last_round = i + items.len() >= total;
        let correct = !last_round && i % 5 != 0;
        let mut a = Attempt::new(key, concept, *kind, 1 + i as u64, "0.5", correct);
        a.time_ms = start + step * i as i64;
        a.seconds_taken = 20.0 + (i % 50) as f64;
        if !correct && diagnose && i % 3 == 0 {
            a.diagnosis = Some("swapped-arguments".into());
            a.exposes = vec!["direction".into()];
        }
        a
    });
    let mut store = Store::open(&dir)?;
    store.record_all(attempts)?;
    for l in &catalog.lessons {
        store.set_position(&l.id, l.sections().len(), 0, 0)?;
    }
    let due = kltutor::progress::due(store.attempts(), now);
    let lessons: std::collections::BTreeSet<&str> = due
        .iter()
        .filter_map(|d| d.problem.split_once('/').map(|p| p.0))
        .collect();
    println!(
        "{}: {} attempts, {} reviews due in {} of {} lessons",
        store.path().display(),
        store.attempts().len(),
        due.len(),
        lessons.len(),
        catalog.lessons.len()
    );
    Ok(())
}
