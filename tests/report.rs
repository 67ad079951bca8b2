//! `kltutor report`: a class view over real `progress --json` exports (made
//! by the same code as `kltutor progress --json`), files it cannot read,
//! a large export read in one pass, and the JSON shape.

use kltutor::progress::model::{Attempt, AttemptKind, Progress};
use kltutor::progress::summary;
use serde_json::Value;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

fn scratch(name: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "kltutor-report-test-{}-{}-{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn attempt(
    t: i64,
    problem: &str,
    concept: &str,
    correct: bool,
    diagnosis: Option<&str>,
) -> Attempt {
    let mut a = Attempt::new(problem, concept, AttemptKind::Practice, 1, "0.5", correct);
    a.time_ms = t;
    a.diagnosis = diagnosis.map(String::from);
    a
}

/// Writes `progress` as `kltutor progress --json` would, with the given
/// misconceptions object or none at all.
fn export(dir: &Path, name: &str, progress: &Progress, misconceptions: Option<Value>) -> PathBuf {
    let concepts = ["definition-discrete", "asymmetry", "units"];
    let mut v = summary::to_json(progress, &concepts, 1_795_996_800_000);
    match misconceptions {
        Some(m) => v["misconceptions"] = m,
        // An export from a kltutor before misconception tracking.
        None => {
            v.as_object_mut().unwrap().remove("misconceptions");
        }
    }
    let path = dir.join(format!("{name}.json"));
    fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    path
}

fn report(args: &[&Path], json: bool) -> (String, String, i32) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kltutor"));
    cmd.arg("report").args(args);
    if json {
        cmd.arg("--json");
    }
    let out = cmd.output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn class(dir: &Path) -> Vec<PathBuf> {
    let day = 86_400_000;
    let alice = Progress {
        attempts: vec![
            attempt(day, "l/swap", "asymmetry", false, Some("swapped-arguments")),
            attempt(2 * day, "l/swap", "asymmetry", true, None),
            attempt(3 * day, "l/def", "definition-discrete", true, None),
            attempt(4 * day, "l/def", "definition-discrete", true, None),
        ],
        ..Default::default()
    };
    let bob = Progress {
        attempts: vec![
            attempt(day, "l/swap", "asymmetry", false, Some("swapped-arguments")),
            attempt(2 * day, "l/swap", "asymmetry", false, Some("bits-for-nats")),
            attempt(5 * day, "l/bits", "units", false, None),
        ],
        ..Default::default()
    };
    let carol = Progress::default();
    vec![
        export(
            dir,
            "alice",
            &alice,
            Some(serde_json::json!({
                "direction": {"state": "resolved", "seen": 1, "last_seen": day, "clean_since": 3},
            })),
        ),
        export(
            dir,
            "bob",
            &bob,
            Some(serde_json::json!({
                "direction": {"state": "active", "seen": 2, "last_seen": day, "clean_since": 0},
                "units": {"state": "active", "seen": 1, "last_seen": day, "clean_since": 0},
            })),
        ),
        // An export from before misconception tracking: no object at all.
        export(dir, "carol", &carol, None),
    ]
}

#[test]
fn text_report_aggregates_the_class() {
    let dir = scratch("text");
    let files = class(&dir);
    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let (out, err, code) = report(&refs, false);
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "{err}");
    assert!(
        out.starts_with("Class report: 3 learners, 7 attempts."),
        "{out}"
    );
    // asymmetry: alice attempted (1 right of 2), bob attempted, carol not started.
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("asymmetry"))
        .unwrap();
    let nums: Vec<&str> = line.split_whitespace().skip(1).collect();
    assert_eq!(nums, ["1", "2", "0", "0", "0"], "{line}");
    let def = out
        .lines()
        .find(|l| l.trim_start().starts_with("definition-discrete"))
        .unwrap();
    let nums: Vec<&str> = def.split_whitespace().skip(1).collect();
    assert_eq!(nums, ["2", "0", "1", "0", "0"], "{def}");
    assert!(out.contains("direction"), "{out}");
    let dir_line = out
        .lines()
        .find(|l| l.trim_start().starts_with("direction"))
        .unwrap();
    assert!(
        dir_line.contains("1 active") && dir_line.contains("1 resolved"),
        "{dir_line}"
    );
    assert!(
        out.contains("(of 2 learners whose export records them)"),
        "{out}"
    );
    // l/bits and l/swap are wrong most often; swapped arguments leads.
    let swap = out.lines().find(|l| l.contains("l/swap")).unwrap();
    assert!(swap.contains("75%"), "{swap}");
    assert!(
        swap.contains("swapped-arguments ×2, bits-for-nats ×1"),
        "{swap}"
    );
    let first_problem = out
        .lines()
        .skip_while(|l| !l.starts_with("Problems"))
        .nth(2)
        .unwrap();
    assert!(first_problem.contains("l/bits"), "{first_problem}");
    let bob = out
        .lines()
        .find(|l| l.trim_start().starts_with("bob"))
        .unwrap();
    assert!(bob.contains("direction, units"), "{bob}");
    let carol = out
        .lines()
        .find(|l| l.trim_start().starts_with("carol"))
        .unwrap();
    assert!(carol.contains("(not recorded)"), "{carol}");
}

#[test]
fn unreadable_files_are_named_and_the_rest_reported() {
    let dir = scratch("bad");
    let mut files = class(&dir);
    let truncated = dir.join("dave.json");
    let full = fs::read_to_string(&files[0]).unwrap();
    fs::write(&truncated, &full[..full.len() / 2]).unwrap();
    let notjson = dir.join("eve.json");
    fs::write(&notjson, "name,score\nalice,3\n").unwrap();
    let other = dir.join("frank.json");
    fs::write(&other, r#"{"lessons": 3}"#).unwrap();
    files.insert(1, truncated.clone());
    files.push(notjson.clone());
    files.push(dir.join("missing.json"));
    files.push(other.clone());
    files.push(dir.clone()); // a directory
    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let (out, err, code) = report(&refs, false);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("Class report: 3 learners, 7 attempts (5 files could not be read)."),
        "{out}"
    );
    for f in [&truncated, &notjson, &dir.join("missing.json"), &other] {
        let shown = f.display().to_string();
        assert!(
            err.lines()
                .any(|l| l.starts_with(&format!("error: {shown}: "))),
            "{shown} not named in: {err}"
        );
    }
    assert!(err.contains("EOF"), "{err}");
    assert!(err.contains("not a kltutor progress export"), "{err}");
    assert_eq!(err.lines().count(), 5, "{err}");
    // The truncated file adds nothing: no partial learner.
    assert!(
        !out.lines().any(|l| l.trim_start().starts_with("dave ")),
        "{out}"
    );
}

#[test]
fn json_report_has_every_part() {
    let dir = scratch("json");
    let files = class(&dir);
    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let (out, _, code) = report(&refs, true);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["learners"], 3);
    assert_eq!(v["attempts"], 7);
    let asym = v["concepts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["concept"] == "asymmetry")
        .unwrap();
    assert_eq!(asym["levels"]["attempted"], 2);
    assert_eq!(asym["levels"]["not-started"], 1);
    assert_eq!(v["misconceptions"][0]["id"], "direction");
    assert_eq!(v["misconceptions"][0]["active"], 1);
    assert_eq!(v["problems"][0]["problem"], "l/bits");
    assert_eq!(v["problems"][0]["error_rate"], 1.0);
    let swap = &v["problems"][1];
    assert_eq!(swap["problem"], "l/swap");
    assert_eq!(swap["diagnoses"][0]["id"], "swapped-arguments");
    assert_eq!(swap["diagnoses"][0]["count"], 2);
    assert_eq!(v["per_learner"][2]["learner"], "carol");
    assert_eq!(v["per_learner"][2]["active_misconceptions"], Value::Null);
    assert_eq!(v["per_learner"][1]["active_misconceptions"][1], "units");
    assert_eq!(v["errors"].as_array().unwrap().len(), 0);
}

#[test]
fn a_large_export_streams_from_stdin() {
    // 200,000 attempts (about 60 MB) piped in: read in one pass, counted exactly.
    let n = 200_000usize;
    let mut child = Command::new(env!("CARGO_BIN_EXE_kltutor"))
        .args(["report", "-", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut w = std::io::BufWriter::new(child.stdin.take().unwrap());
        write!(w, "{{\"schema\": 1, \"concepts\": [], \"attempts\": [").unwrap();
        for i in 0..n {
            let a = attempt(
                i as i64,
                &format!("l/p{}", i % 7),
                "units",
                i % 3 != 0,
                (i % 3 == 0).then_some("bits-for-nats"),
            );
            if i > 0 {
                w.write_all(b",").unwrap();
            }
            serde_json::to_writer(&mut w, &a).unwrap();
        }
        write!(w, "]}}").unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["attempts"], n);
    assert_eq!(v["per_learner"][0]["learner"], "stdin");
    assert_eq!(v["per_learner"][0]["wrong"], n.div_ceil(3));
    assert_eq!(v["per_learner"][0]["last_active_ms"], n - 1);
    let wrong: u64 = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["diagnoses"][0]["count"].as_u64().unwrap())
        .sum();
    assert_eq!(wrong as usize, n.div_ceil(3));
}

/// Problem ids longer than any fixed column (the bundled
/// `kl-definition/expectation-ignores-zero` is 38 characters) still leave
/// the numbers in line: every row's attempts column ends where the
/// header's does.
#[test]
fn long_problem_ids_keep_the_columns_in_line() {
    let dir = scratch("long");
    let p = Progress {
        attempts: vec![
            attempt(
                1,
                "kl-definition/expectation-ignores-zero-and-more",
                "units",
                false,
                None,
            ),
            attempt(2, "l/a", "units", false, Some("log10")),
            attempt(3, "l/a", "units", true, None),
        ],
        ..Default::default()
    };
    let f = export(&dir, "long", &p, None);
    let (out, _, code) = report(&[&f], false);
    assert_eq!(code, 0, "{out}");
    let section: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("Problems with the highest"))
        .skip(1)
        .take(3)
        .collect();
    let end = |l: &str| l.find("attempts").map(|i| i + "attempts".len());
    let header_end = end(section[0]).unwrap();
    for row in &section[1..] {
        // The attempts count is right-aligned to the header's column.
        let before: String = row.chars().take(header_end).collect();
        assert!(
            before.ends_with(" 1") || before.ends_with(" 2"),
            "{row:?} vs {:?}",
            section[0]
        );
    }
}
