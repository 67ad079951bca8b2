//! `kltutor check --watch DIR` as an author uses it: a running process that
//! re-checks when a lesson file is saved. Each test breaks a lesson, waits
//! for the error, fixes it and waits for the clean check. The waits are
//! generous and only bound a hang: nothing here asserts how fast it is.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PATIENCE: Duration = Duration::from_secs(60);

const GOOD: &str = r#"+++
id = "watched"
title = "Watched"
summary = "A lesson edited while kltutor check --watch runs."
concepts = ["asymmetry"]
minutes = 5
difficulty = 1
+++

## Swapping {concept=asymmetry}

```question
id = "sym"
prompt = "Is KL symmetric?"
choices = ["yes", "no"]
answer = 2
explanations = ["No: swap the arguments and see.", "Right."]
```

## Key takeaways

- KL is not symmetric.
"#;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kltutor-watch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The running watcher, its output collected by a thread.
struct Watching {
    child: Child,
    out: Arc<Mutex<String>>,
}

impl Watching {
    fn start(dir: &Path, poll: bool) -> Watching {
        Watching::start_with(dir, poll, &[])
    }

    fn start_with(dir: &Path, poll: bool, extra: &[&str]) -> Watching {
        Watching::start_in(Path::new("."), dir.as_os_str(), poll, extra)
    }

    /// Runs in `cwd` with `target` as typed (maybe relative).
    fn start_in(cwd: &Path, target: &std::ffi::OsStr, poll: bool, extra: &[&str]) -> Watching {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kltutor"));
        cmd.current_dir(cwd)
            .args(["check", "--watch"])
            .args(extra)
            .arg(target)
            .env("CI", "true")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if poll {
            cmd.env("KLTUTOR_WATCH_POLL", "1");
        } else {
            cmd.env_remove("KLTUTOR_WATCH_POLL");
        }
        let mut child = cmd.spawn().expect("kltutor runs");
        let out = Arc::new(Mutex::new(String::new()));
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let out = Arc::clone(&out);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let mut o = out.lock().unwrap();
                    o.push_str(&line);
                    o.push('\n');
                }
            });
        }
        Watching { child, out }
    }

    fn text(&self) -> String {
        self.out.lock().unwrap().clone()
    }

    /// Waits until the text after `from` holds `what`; returns where it ends.
    fn wait_for(&mut self, from: usize, what: &str) -> usize {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let t = self.text();
            if let Some(at) = t[from..].find(what) {
                return from + at + what.len();
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("kltutor check --watch ended ({status}) before printing {what:?}:\n{t}");
            }
            assert!(
                Instant::now() < deadline,
                "no {what:?} after {PATIENCE:?}; output so far:\n{t}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Breaks the lesson (an answer out of range) by writing in place, then
/// fixes it by writing a temporary file and renaming it over, the way many
/// editors save; each run must show the state it checked.
fn break_and_fix(name: &str, poll: bool) {
    let dir = scratch(name);
    let file = dir.join("watched.md");
    std::fs::write(&file, GOOD).unwrap();
    let mut w = Watching::start(&dir, poll);
    let at = w.wait_for(0, "── check 1 at ");
    let at = w.wait_for(at, "checked 1 lesson: 0 errors");

    std::fs::write(&file, GOOD.replace("answer = 2", "answer = 7")).unwrap();
    let at = w.wait_for(at, "── check 2 at ");
    let err_at = w.wait_for(at, "watched.md:16:");
    let t = w.text();
    let line = t[at..]
        .lines()
        .find(|l| l.contains("watched.md:16:"))
        .unwrap();
    assert!(line.contains("error"), "{line}");
    let at = w.wait_for(err_at, "checked 1 lesson: 1 error");

    let tmp = dir.join(".watched.md.tmp");
    std::fs::write(&tmp, GOOD).unwrap();
    std::fs::rename(&tmp, &file).unwrap();
    let at = w.wait_for(at, "checked 1 lesson: 0 errors");
    let t = w.text();
    let last_run = t[..at].rfind("── check ").unwrap();
    assert!(
        !t[last_run..at].contains("watched.md:16:"),
        "the clean run shows no old error:\n{}",
        &t[last_run..at]
    );

    // Deleted and created again (another way editors save).
    std::fs::remove_file(&file).unwrap();
    std::fs::write(&file, GOOD.replace("answer = 2", "answer = 0")).unwrap();
    w.wait_for(at, "checked 1 lesson: 1 error");
    drop(w);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_watch_shows_the_error_then_the_clean_check() {
    break_and_fix("events", false);
}

#[test]
fn check_watch_works_by_polling_too() {
    break_and_fix("poll", true);
}

/// With `--json` every run is one object on one line, in the `check --json` shape.
#[test]
fn check_watch_json_prints_one_object_per_run() {
    let dir = scratch("json");
    let file = dir.join("watched.md");
    std::fs::write(&file, GOOD).unwrap();
    let mut w = Watching::start_with(&dir, false, &["--json"]);
    let at = w.wait_for(0, "\"errors\":[]");
    std::fs::write(&file, GOOD.replace("answer = 2", "answer = 7")).unwrap();
    w.wait_for(at, "out of range");
    let t = w.text();
    let runs: Vec<serde_json::Value> = t
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(runs.len() >= 2, "{t}");
    assert_eq!(runs[0]["lessons"], 1);
    assert_eq!(runs[0]["errors"].as_array().unwrap().len(), 0);
    let last = runs.last().unwrap();
    assert_eq!(last["errors"][0]["line"], 16, "{last}");
    assert!(t.lines().any(|l| l.starts_with("watching ")), "{t}");
    drop(w);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A FILE named relative to the working directory is watched (the native
/// watcher names files by absolute paths).
#[test]
fn check_watch_a_relative_file_sees_its_saves() {
    let dir = scratch("relative");
    let file = dir.join("watched.md");
    std::fs::write(&file, GOOD).unwrap();
    std::fs::write(dir.join("sibling.md"), GOOD).unwrap();
    let mut w = Watching::start_in(&dir, std::ffi::OsStr::new("watched.md"), false, &[]);
    let at = w.wait_for(0, "checked 1 lesson: 0 errors");
    std::fs::write(
        dir.join("sibling.md"),
        GOOD.replace("answer = 2", "answer = 7"),
    )
    .unwrap();
    std::fs::write(&file, GOOD.replace("answer = 2", "answer = 7")).unwrap();
    let at = w.wait_for(at, "checked 1 lesson: 1 error");
    assert!(!w.text().contains("sibling.md"), "{}", w.text());
    std::fs::write(&file, GOOD).unwrap();
    w.wait_for(at, "checked 1 lesson: 0 errors");
    drop(w);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn watch_mistakes_are_usage_errors() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_kltutor"))
            .args(args)
            .env("CI", "true")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let o = run(&["check", "--watch"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("needs a lesson directory"));
    let o = run(&["check", "--watch", "/no/such/kltutor-dir"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/no/such/kltutor-dir"));
    let o = run(&["--watch"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("--watch needs --lessons DIR"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = run(&["--watch", "progress"]);
    assert_eq!(o.status.code(), Some(2));
}
