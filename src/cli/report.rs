//! `kltutor report FILE... [--json]`: a teacher's class view over learners'
//! `kltutor progress --json` exports, aggregated by [`crate::progress::class`].
//!
//! Each file is read in one streaming pass. A file that cannot be opened or
//! read is named on stderr and left out; the others are still reported, and
//! the exit code is 1 when any file failed (0 when all were read).

use crate::lesson::CONCEPTS;
use crate::progress::class::{self, Class, LEVELS};
use clap::Args;
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::io::BufReader;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Learners' exports (`kltutor progress --json > NAME.json`); `-` reads stdin.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// One JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// How many problems to list by error rate in the text report (JSON lists all).
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,
}

/// What `report` prints: stdout, the lines for stderr, and the exit code.
pub struct Outcome {
    pub stdout: String,
    pub stderr: Vec<String>,
    pub code: u8,
}

/// Reads every file and renders the report.
pub fn run(args: &ReportArgs) -> Outcome {
    let mut class = Class::default();
    let mut failed: Vec<(String, String)> = Vec::new();
    let names = learner_names(&args.files);
    for (path, name) in args.files.iter().zip(names) {
        let shown = path.display().to_string();
        let read = if path == Path::new("-") {
            class::read_export(BufReader::new(std::io::stdin().lock()))
        } else {
            match std::fs::File::open(path) {
                Ok(f) => class::read_export(BufReader::with_capacity(1 << 16, f)),
                Err(e) => Err(class::ExportError(format!("cannot open: {e}"))),
            }
        };
        match read {
            Ok(export) => class.add(name, export),
            Err(e) => failed.push((shown, e.0)),
        }
    }
    let stdout = if args.json {
        let mut s = serde_json::to_string_pretty(&to_json(&class, &failed)).unwrap_or_default();
        s.push('\n');
        s
    } else {
        render_text(&class, &failed, args.top)
    };
    Outcome {
        stdout,
        stderr: failed
            .iter()
            .map(|(f, e)| format!("error: {f}: {e}"))
            .collect(),
        code: u8::from(!failed.is_empty()),
    }
}

/// A learner's name: the file's stem (`alice.json` -> `alice`), or the whole
/// path when two files share a stem.
fn learner_names(files: &[PathBuf]) -> Vec<String> {
    let stem = |p: &PathBuf| {
        if p == Path::new("-") {
            return "stdin".to_string();
        }
        p.file_stem().map_or_else(
            || p.display().to_string(),
            |s| s.to_string_lossy().into_owned(),
        )
    };
    let stems: Vec<String> = files.iter().map(stem).collect();
    files
        .iter()
        .zip(&stems)
        .map(|(p, s)| {
            if stems.iter().filter(|x| *x == s).count() > 1 {
                p.display().to_string()
            } else {
                s.clone()
            }
        })
        .collect()
}

fn known_concepts() -> Vec<&'static str> {
    CONCEPTS.iter().map(|(c, _)| *c).collect()
}

fn percent(n: usize, of: usize) -> String {
    if of == 0 {
        "-".into()
    } else {
        format!("{:.0}%", 100.0 * n as f64 / of as f64)
    }
}

/// Unix ms as a UTC date, `2026-11-24` (days-from-civil inverted; no
/// time-zone database needed for a date).
pub fn date(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The report as text that fits 100 columns.
pub fn render_text(class: &Class, failed: &[(String, String)], top: usize) -> String {
    let mut out = String::new();
    let n = class.learners.len();
    let _ = writeln!(
        out,
        "Class report: {n} learner{}, {} attempts{}.",
        if n == 1 { "" } else { "s" },
        class.total_attempts(),
        if failed.is_empty() {
            String::new()
        } else {
            format!(
                " ({} file{} could not be read)",
                failed.len(),
                if failed.len() == 1 { "" } else { "s" }
            )
        }
    );
    out.push('\n');
    let _ = writeln!(out, "Mastery per concept (learners at each level):");
    let _ = writeln!(
        out,
        "  {:<26} {:>11} {:>9} {:>8} {:>10} {:>8}",
        "concept", "not started", "attempted", "familiar", "proficient", "mastered"
    );
    for r in class.concepts(&known_concepts()) {
        let c = r.counts;
        let _ = writeln!(
            out,
            "  {:<26} {:>11} {:>9} {:>8} {:>10} {:>8}",
            r.concept, c[0], c[1], c[2], c[3], c[4]
        );
    }
    out.push('\n');
    let with = class.with_misconceptions();
    if with == 0 {
        let _ = writeln!(
            out,
            "Misconceptions: none of these exports records misconceptions."
        );
    } else {
        let _ = writeln!(
            out,
            "Misconceptions held now (of {with} learner{} whose export records them):",
            if with == 1 { "" } else { "s" }
        );
        let rows = class.misconceptions();
        if rows.is_empty() {
            let _ = writeln!(out, "  none seen");
        }
        for m in rows {
            let _ = writeln!(
                out,
                "  {:<26} {:>3} active  {:>3} resolved  (seen by {})",
                m.id, m.active, m.resolved, m.seen_by
            );
        }
    }
    out.push('\n');
    let problems = class.problems();
    let _ = writeln!(out, "Problems with the highest error rates:");
    if problems.is_empty() {
        let _ = writeln!(out, "  no attempts yet");
    }
    // The id column is as wide as the longest id shown, so the numbers line
    // up whatever the lesson ids are.
    let w = problems
        .iter()
        .take(top)
        .map(|(p, _)| p.chars().count())
        .max()
        .unwrap_or(0)
        .max(7);
    if !problems.is_empty() {
        let _ = writeln!(
            out,
            "  {:<w$} {:>8} {:>6} {:>6}  most common diagnoses",
            "problem", "attempts", "wrong", "error"
        );
    }
    for (p, s) in problems.iter().take(top) {
        let diag: Vec<String> = s
            .top_diagnoses()
            .iter()
            .take(3)
            .map(|(d, n)| format!("{d} ×{n}"))
            .collect();
        let undiagnosed = s.wrong - s.diagnoses.values().sum::<usize>();
        let mut d = diag.join(", ");
        if undiagnosed > 0 && s.wrong > 0 {
            if !d.is_empty() {
                d.push_str(", ");
            }
            let _ = write!(d, "undiagnosed ×{undiagnosed}");
        }
        let _ = writeln!(
            out,
            "  {:<w$} {:>8} {:>6} {:>6}  {}",
            p,
            s.attempts,
            s.wrong,
            percent(s.wrong, s.attempts),
            if d.is_empty() { "-".into() } else { d }
        );
    }
    if problems.len() > top {
        let _ = writeln!(
            out,
            "  … and {} more (--top N, or --json for all)",
            problems.len() - top
        );
    }
    out.push('\n');
    let _ = writeln!(out, "Learners:");
    let total_concepts = known_concepts().len();
    let _ = writeln!(
        out,
        "  {:<16} {:>8} {:>7} {:>9} {:>8}  {:<11}  active misconceptions",
        "learner", "attempts", "unaided", "familiar+", "mastered", "last active"
    );
    for l in &class.learners {
        let e = &l.export;
        let active = e.active_misconceptions();
        let _ = writeln!(
            out,
            "  {:<16} {:>8} {:>7} {:>9} {:>8}  {:<11}  {}",
            l.name,
            e.attempts,
            percent(e.unaided_correct, e.attempts),
            format!(
                "{}/{}",
                e.at_least("familiar"),
                e.levels.len().max(total_concepts)
            ),
            e.at_least("mastered"),
            e.last_active_ms.map_or_else(|| "-".into(), date),
            if e.misconceptions.is_none() {
                "(not recorded)".to_string()
            } else if active.is_empty() {
                "none".to_string()
            } else {
                active.join(", ")
            }
        );
    }
    for (f, e) in failed {
        let _ = writeln!(out, "  (not read: {f}: {e})");
    }
    out
}

/// The report as JSON.
pub fn to_json(class: &Class, failed: &[(String, String)]) -> Value {
    let concepts: Vec<Value> = class
        .concepts(&known_concepts())
        .into_iter()
        .map(|r| {
            let levels: serde_json::Map<String, Value> = LEVELS
                .iter()
                .zip(r.counts)
                .map(|(l, n)| (l.to_string(), n.into()))
                .collect();
            json!({"concept": r.concept, "levels": levels})
        })
        .collect();
    let misconceptions: Vec<Value> = class
        .misconceptions()
        .into_iter()
        .map(|m| json!({"id": m.id, "active": m.active, "resolved": m.resolved, "seen_by": m.seen_by}))
        .collect();
    let problems: Vec<Value> = class
        .problems()
        .into_iter()
        .map(|(p, s)| {
            let diagnoses: Vec<Value> = s
                .top_diagnoses()
                .into_iter()
                .map(|(d, n)| json!({"id": d, "count": n}))
                .collect();
            json!({
                "problem": p,
                "attempts": s.attempts,
                "wrong": s.wrong,
                "error_rate": s.error_rate(),
                "diagnoses": diagnoses,
            })
        })
        .collect();
    let learners: Vec<Value> = class
        .learners
        .iter()
        .map(|l| {
            let e = &l.export;
            let levels: serde_json::Map<String, Value> = e
                .levels
                .iter()
                .map(|(c, lv)| (c.clone(), lv.clone().into()))
                .collect();
            json!({
                "learner": l.name,
                "attempts": e.attempts,
                "wrong": e.wrong,
                "unaided_correct": e.unaided_correct,
                "last_active_ms": e.last_active_ms,
                "levels": levels,
                "active_misconceptions": e.misconceptions.as_ref().map(|_| e.active_misconceptions()),
            })
        })
        .collect();
    let errors: Vec<Value> = failed
        .iter()
        .map(|(f, e)| json!({"file": f, "message": e}))
        .collect();
    json!({
        "learners": class.learners.len(),
        "attempts": class.total_attempts(),
        "concepts": concepts,
        "misconceptions": misconceptions,
        "problems": problems,
        "per_learner": learners,
        "errors": errors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_civil_dates() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_782_400_000), "2000-02-29");
        assert_eq!(date(1_795_996_800_000), "2026-11-30");
        assert_eq!(date(-86_400_000), "1969-12-31");
    }

    #[test]
    fn names_are_stems_unless_two_files_share_one() {
        let n = learner_names(&[
            PathBuf::from("a/alice.json"),
            PathBuf::from("b/bob.json"),
            PathBuf::from("c/bob.json"),
        ]);
        assert_eq!(n, ["alice", "b/bob.json", "c/bob.json"]);
    }
}
