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
    /// Check, then check again every time a lesson file is saved, until Ctrl-C
    /// (with --json: one object per line and run).
    #[arg(long)]
    pub watch: bool,
}

/// Runs the check and prints to stdout; returns the exit code.
pub fn run(args: &CheckArgs) -> anyhow::Result<i32> {
    if args.watch {
        return watch(args);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    run_to(args, &mut out)
}

/// `check --watch`: one check now and one after every save, each under a
/// header with its number and time, until the process is interrupted. A
/// directory that cannot be watched is an error (exit 2) before any check.
fn watch(args: &CheckArgs) -> anyhow::Result<i32> {
    if args.dirs.is_empty() {
        anyhow::bail!(
            "check --watch needs a lesson directory or file to watch (the bundled lessons cannot change): kltutor check --watch DIR"
        );
    }
    let mut watcher = crate::watch::Watcher::new(&args.dirs)?;
    let shown: Vec<String> = args
        .dirs
        .iter()
        .map(|d| crate::lesson::sanitize::sanitize(&d.display().to_string()))
        .collect();
    let stdout = std::io::stdout();
    // The status line goes to stderr, so `--json` output stays one object a line.
    crate::cli::output::line(format_args!(
        "watching {} ({}); Ctrl-C stops",
        shown.join(", "),
        watcher.describe()
    ));
    for run in 1.. {
        let mut out = stdout.lock();
        if args.json {
            let report = check(&args.dirs);
            writeln!(out, "{}", serde_json::to_string(&to_json(&report))?)?;
        } else {
            writeln!(
                out,
                "── check {run} at {} UTC ──",
                clock(std::time::SystemTime::now())
            )?;
            run_to(args, &mut out)?;
        }
        out.flush()?;
        drop(out);
        if !watcher.wait() {
            break;
        }
    }
    Ok(0)
}

/// `HH:MM:SS` of a time, in UTC (no time-zone database needed).
fn clock(t: std::time::SystemTime) -> String {
    let s = t
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        % 86_400;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_reads_utc_hours_minutes_seconds() {
        // 2026-11-29 19:41:47 UTC.
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_981_307);
        assert_eq!(clock(t), "19:41:47");
        assert_eq!(clock(std::time::UNIX_EPOCH), "00:00:00");
    }
}
