//! What `kltutor progress` shows and `kltutor progress --json` exports:
//! per-concept level, attempts and unaided accuracy, the reviews due, and
//! (in JSON) the full attempt log.
//!
//! Everything takes `now_ms` and the concept list as arguments, so the
//! output is a pure function of its inputs and can be tested exactly.

use super::mastery::{self, Level};
use super::misconceptions::{RESOLVE_AFTER, State, describe, misconceptions};
use super::model::{DAY_MS, Progress};
use super::review::{self, Due};
use super::store::SCHEMA;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write;

/// One concept's line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConceptSummary {
    pub concept: String,
    pub level: Level,
    pub attempts: usize,
    /// Correct answers with no hint and no solution shown.
    pub unaided_correct: usize,
    /// `unaided_correct / attempts`; `None` before any attempt.
    pub unaided_accuracy: Option<f64>,
}

/// The numbers behind `kltutor progress`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub total_attempts: usize,
    pub concepts: Vec<ConceptSummary>,
    /// Most overdue first.
    pub reviews_due: Vec<Due>,
    /// When the next review not yet due falls, unix ms.
    pub next_review_ms: Option<i64>,
}

/// Summarises `progress` at `now_ms`. `known_concepts` (the curriculum's, in
/// teaching order) are listed first, NotStarted ones included; concepts seen
/// only in the log follow alphabetically, so nothing recorded is hidden.
pub fn summarize(progress: &Progress, known_concepts: &[&str], now_ms: i64) -> Summary {
    let attempts = &progress.attempts;
    let levels = mastery::levels(attempts);
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for a in attempts {
        let c = counts.entry(a.concept.as_str()).or_default();
        c.0 += 1;
        c.1 += usize::from(a.unaided_correct());
    }
    let mut order: Vec<&str> = Vec::new();
    for c in known_concepts.iter().copied().chain(counts.keys().copied()) {
        if !order.contains(&c) {
            order.push(c);
        }
    }
    let concepts = order
        .into_iter()
        .map(|c| {
            let (n, ok) = counts.get(c).copied().unwrap_or_default();
            ConceptSummary {
                concept: c.to_string(),
                level: mastery::level_of(&levels, c),
                attempts: n,
                unaided_correct: ok,
                unaided_accuracy: (n > 0).then(|| ok as f64 / n as f64),
            }
        })
        .collect();
    Summary {
        total_attempts: attempts.len(),
        concepts,
        reviews_due: review::due(attempts, now_ms),
        next_review_ms: review::next_due_ms(attempts, now_ms),
    }
}

/// `kltutor progress --json`: the summary plus the full attempt log and
/// lesson positions, for export. Times are unix milliseconds.
pub fn to_json(progress: &Progress, known_concepts: &[&str], now_ms: i64) -> Value {
    let s = summarize(progress, known_concepts, now_ms);
    json!({
        "schema": SCHEMA,
        "generated_ms": now_ms,
        "total_attempts": s.total_attempts,
        "concepts": s.concepts,
        "reviews_due": s.reviews_due,
        "next_review_ms": s.next_review_ms,
        "misconceptions": misconceptions(&progress.attempts),
        "positions": progress.positions,
        "attempts": progress.attempts,
        "calibration": super::calibration::calibration(&progress.predictions),
    })
}

/// `kltutor progress`: plain text, no colours, fits 80 columns for concept
/// ids up to 24 characters.
pub fn render_text(progress: &Progress, known_concepts: &[&str], now_ms: i64) -> String {
    let s = summarize(progress, known_concepts, now_ms);
    let mut out = String::new();
    let due = s.reviews_due.len();
    let _ = writeln!(
        out,
        "{} {} recorded; {} {} due for review.",
        s.total_attempts,
        plural(s.total_attempts, "attempt", "attempts"),
        due,
        plural(due, "problem", "problems"),
    );
    out.push('\n');
    let _ = writeln!(
        out,
        "{:<25}  {:<11}  {:>8}  {:>7}",
        "concept", "level", "attempts", "unaided"
    );
    for c in &s.concepts {
        let acc = c
            .unaided_accuracy
            .map_or_else(|| "-".to_string(), |a| format!("{:.0}%", a * 100.0));
        let _ = writeln!(
            out,
            "{:<25}  {:<11}  {:>8}  {:>7}",
            c.concept,
            c.level.label(),
            c.attempts,
            acc
        );
    }
    let mis = misconceptions(&progress.attempts);
    if !mis.is_empty() {
        out.push('\n');
        out.push_str("Misconceptions (resolved after ");
        let _ = writeln!(out, "{RESOLVE_AFTER} clean answers where they could show):");
        for (id, m) in &mis {
            let state = match m.state {
                State::Active => format!("active, {}/{RESOLVE_AFTER} clean", m.clean_since),
                State::Resolved => "resolved".to_string(),
            };
            let _ = writeln!(out, "  {:<22}  {:<16}  seen {}x", id, state, m.seen);
            // The belief on its own lines, so every line fits 80 columns.
            for line in wrap(describe(id).unwrap_or(""), 74) {
                let _ = writeln!(out, "      {line}");
            }
        }
        if mis.values().any(|m| m.state == State::Active) {
            out.push_str(
                "  Review (kltutor review --plain) poses, even when nothing is due, problems\n  of the unlocked lessons that could show the active ones (when there are any).\n",
            );
        }
    }
    out.push('\n');
    if s.reviews_due.is_empty() {
        out.push_str("No reviews due");
        match s.next_review_ms {
            Some(t) => {
                let _ = writeln!(out, "; the next in {}.", duration(t - now_ms));
            }
            None => out.push_str(".\n"),
        }
    } else {
        out.push_str("Reviews due, most overdue first:\n");
        for d in &s.reviews_due {
            let _ = writeln!(
                out,
                "  {:<32}  {:<24}  {}",
                d.problem,
                d.concept,
                if d.overdue_by_ms < 60_000 {
                    "due now".to_string()
                } else {
                    format!("overdue {}", duration(d.overdue_by_ms))
                }
            );
        }
    }
    out
}

/// Words of `text` in lines of at most `width` characters (a longer word
/// gets a line of its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= width => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// A coarse human duration: "3d 4h", "5h 10m", "12m", "under a minute".
fn duration(ms: i64) -> String {
    let ms = ms.max(0);
    let (d, rem) = (ms / DAY_MS, ms % DAY_MS);
    let (h, m) = (rem / 3_600_000, rem % 3_600_000 / 60_000);
    match (d, h, m) {
        (0, 0, 0) => "under a minute".into(),
        (0, 0, m) => format!("{m}m"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::model::{Attempt, AttemptKind};

    fn sample() -> Progress {
        let mk = |id: &str, problem: &str, concept: &str, t: i64, correct: bool, hints: u32| {
            let mut a = Attempt::new(problem, concept, AttemptKind::Practice, 7, "0.1", correct);
            a.id = id.into();
            a.time_ms = t;
            a.hints_used = hints;
            a.seconds_taken = 5.0;
            a
        };
        Progress {
            attempts: vec![
                mk("1", "kl-definition/p1", "definition-discrete", 0, true, 0),
                mk(
                    "2",
                    "kl-definition/p1",
                    "definition-discrete",
                    1000,
                    true,
                    0,
                ),
                mk("3", "kl-asym/q1", "asymmetry", 2000, true, 1),
            ],
            ..Default::default()
        }
    }

    #[test]
    fn summary_counts_levels_and_order() {
        let s = summarize(&sample(), &["units", "asymmetry"], 3 * DAY_MS);
        let names: Vec<&str> = s.concepts.iter().map(|c| c.concept.as_str()).collect();
        assert_eq!(names, ["units", "asymmetry", "definition-discrete"]);
        assert_eq!(s.concepts[0].level, Level::NotStarted);
        assert_eq!(s.concepts[0].unaided_accuracy, None);
        assert_eq!(s.concepts[1].unaided_accuracy, Some(0.0));
        assert_eq!(s.concepts[2].level, Level::Familiar);
        assert_eq!(s.concepts[2].unaided_correct, 2);
        assert_eq!(s.total_attempts, 3);
        assert_eq!(s.reviews_due.len(), 2);
    }

    #[test]
    fn json_has_the_log_and_the_summary() {
        let v = to_json(&sample(), &[], 3 * DAY_MS);
        assert_eq!(v["schema"], 1);
        assert_eq!(v["attempts"].as_array().unwrap().len(), 3);
        assert_eq!(v["attempts"][2]["hints_used"], 1);
        assert_eq!(v["concepts"][1]["level"], "familiar");
        assert_eq!(v["reviews_due"][0]["problem"], "kl-definition/p1");
        // JSON keeps the machine id even though text shows "not started".
        let v = to_json(&sample(), &["units"], 3 * DAY_MS);
        assert_eq!(v["concepts"][0]["level"], "not-started");
    }

    #[test]
    fn text_is_plain_and_lists_due_reviews() {
        let t = render_text(&sample(), &["units"], 3 * DAY_MS);
        assert!(
            t.starts_with("3 attempts recorded; 2 problems due for review.\n"),
            "{t}"
        );
        assert!(
            t.contains("units                      not started         0        -"),
            "{t}"
        );
        assert!(
            t.contains("definition-discrete        familiar            2     100%"),
            "{t}"
        );
        assert!(t.contains("kl-definition/p1"), "{t}");
        assert!(t.contains("overdue 2d 0h"), "{t}");
        assert!(!t.contains('\x1b'));
        let empty = render_text(&Progress::default(), &[], 0);
        assert!(empty.contains("No reviews due."), "{empty}");
        let later = render_text(&sample(), &[], 0);
        assert!(
            later.contains("No reviews due; the next in 1d 0h."),
            "{later}"
        );
    }

    /// An active misconception is listed with its count and sends the
    /// learner to Review even when nothing is due; once resolved, it no
    /// longer does.
    #[test]
    fn text_lists_misconceptions_and_points_to_review() {
        let mut p = sample();
        let mut wrong = Attempt::new("l/p", "asymmetry", AttemptKind::Practice, 7, "0.2", false);
        wrong.id = "4".into();
        wrong.time_ms = 3000;
        wrong.diagnosis = Some("swapped-arguments".into());
        p.attempts.push(wrong);
        let t = render_text(&p, &[], 0);
        assert!(
            t.contains("direction               active, 0/3 clean"),
            "{t}"
        );
        assert!(
            t.contains("problems\n  of the unlocked lessons that could show"),
            "{t}"
        );
        for i in 0..RESOLVE_AFTER as i64 {
            let mut a = Attempt::new("l/p", "asymmetry", AttemptKind::Practice, 7, "0.1", true);
            a.id = format!("r{i}");
            a.time_ms = 4000 + i;
            a.exposes = vec!["direction".into()];
            p.attempts.push(a);
        }
        let t = render_text(&p, &[], 0);
        assert!(t.contains("direction               resolved"), "{t}");
        assert!(!t.contains("Review (kltutor review"), "{t}");
        assert!(t.lines().all(|l| l.chars().count() <= 80), "{t}");
    }
}
