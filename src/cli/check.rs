//! `kltutor check [DIR...] [--json]`: validates lesson files for authors and
//! CI. Exit code 0 when there are no errors (warnings allowed), 1 otherwise.

use crate::lesson::catalog::{LessonFile, bundled_files, read_dir, read_file};
use crate::lesson::check::{CheckReport, check_files};
use crate::lesson::model::Diagnostic;
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// Lesson directories or files to check (default: the lessons bundled in this
    /// binary). Their lessons may require bundled lessons, and replace one with the same id.
    pub dirs: Vec<PathBuf>,
    /// Print one JSON object: lesson count, errors, warnings and concept coverage.
    #[arg(long)]
    pub json: bool,
}

/// Runs the check and prints to stdout; returns the exit code.
pub fn run(args: &CheckArgs) -> anyhow::Result<i32> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    run_to(args, &mut out)
}

/// [`run`] writing to any output (for tests).
pub fn run_to(args: &CheckArgs, out: &mut dyn Write) -> anyhow::Result<i32> {
    let report = check(&args.dirs);
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&to_json(&report))?)?;
    } else {
        // File names come from the user: no escape sequence reaches the terminal.
        for d in &report.diagnostics {
            writeln!(out, "{}", crate::lesson::sanitize::sanitize(&d.to_string()))?;
        }
        let (e, w) = (report.errors().count(), report.warnings().count());
        writeln!(
            out,
            "checked {} lesson{}: {e} error{}, {w} warning{}",
            report.lessons,
            plural(report.lessons),
            plural(e),
            plural(w)
        )?;
    }
    Ok(if report.has_errors() { 1 } else { 0 })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Checks the given directories (or files) against the bundled lessons, or the bundled
/// lessons themselves when no directory is given.
pub fn check(dirs: &[PathBuf]) -> CheckReport {
    if dirs.is_empty() {
        return check_files(&bundled_files(), &[]);
    }
    let mut files: Vec<LessonFile> = Vec::new();
    let mut unreadable = Vec::new();
    for d in dirs {
        let read = if d.is_file() {
            read_file(d).map(|f| vec![f])
        } else {
            read_dir(d)
        };
        match read {
            Ok(f) => files.extend(f),
            Err(e) => unreadable.push(e),
        }
    }
    let mut report = check_files(&files, &bundled_files());
    report.diagnostics.splice(0..0, unreadable);
    report
}

fn diag_json(d: &Diagnostic) -> serde_json::Value {
    json!({ "file": d.file, "line": d.line, "column": d.column, "message": d.message })
}

/// The `--json` shape: `{"lessons", "errors", "warnings", "concepts"}`.
pub fn to_json(report: &CheckReport) -> serde_json::Value {
    json!({
        "lessons": report.lessons,
        "errors": report.errors().map(diag_json).collect::<Vec<_>>(),
        "warnings": report.warnings().map(diag_json).collect::<Vec<_>>(),
        "concepts": report.coverage,
    })
}
