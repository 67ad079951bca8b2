//! The progress file on a real filesystem: round trips, corruption backups,
//! schema refusal and migration, and concurrent writers losing nothing.

use kltutor::progress::store::{FILE_NAME, SCHEMA};
use kltutor::progress::{Attempt, AttemptKind, Store, resolve_data_dir};
use std::collections::HashSet;
use std::fs;
#[cfg(unix)]
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// A fresh empty directory under the system temp dir (left behind on
/// failure, for inspection).
fn scratch(name: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "kltutor-progress-test-{}-{}-{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn attempt(problem: &str, correct: bool) -> Attempt {
    let mut a = Attempt::new(
        problem,
        "asymmetry",
        AttemptKind::Practice,
        42,
        "0.37",
        correct,
    );
    a.seconds_taken = 12.5;
    a.hints_used = 1;
    a.diagnosis = Some("swapped-arguments".into());
    a
}

fn ids(store: &Store) -> HashSet<String> {
    store.attempts().iter().map(|a| a.id.clone()).collect()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn save_round_trips_and_leaves_no_temp_files() {
    let dir = scratch("roundtrip");
    let mut s = Store::open(&dir).unwrap();
    assert!(s.attempts().is_empty());
    assert!(s.take_warnings().is_empty());
    let a = attempt("kl-definition/p1", true);
    s.record(a.clone()).unwrap();
    s.set_position("kl-definition", 2, 3, 40).unwrap();
    s.save_session("quiz", serde_json::json!({"asked": [1, 2], "seed": 9}))
        .unwrap();

    let r = Store::open(&dir).unwrap();
    assert_eq!(r.attempts(), [a]);
    let pos = r.position("kl-definition").unwrap();
    assert_eq!((pos.section, pos.item, pos.scroll), (2, 3, 40));
    assert_eq!(r.session("quiz").unwrap()["seed"], 9);
    assert_eq!(r.progress(), s.progress());

    let v: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join(FILE_NAME)).unwrap()).unwrap();
    assert_eq!(v["schema"], SCHEMA);
    assert!(v["reviews"]["kl-definition/p1"]["due_at_ms"].is_i64());
    assert_eq!(names_in(&dir), ["progress.json", "progress.lock"]);
}

/// Many attempts at once (an import, a benchmark's long history) are kept
/// as `record` keeps each: in time order whatever order they come in, a
/// time taken that is not finite read as 0, and all on disk.
#[test]
fn record_all_keeps_the_log_as_record_does() {
    let dir = scratch("record-all");
    let mut s = Store::open(&dir).unwrap();
    s.record(attempt("a/first", true)).unwrap();
    let mut batch: Vec<Attempt> = (0..5)
        .map(|i| {
            let mut a = attempt(&format!("a/p{i}"), i % 2 == 0);
            a.time_ms = 1_000 * (5 - i);
            a
        })
        .collect();
    batch[2].seconds_taken = f64::NAN;
    s.record_all(batch.clone()).unwrap();
    let times: Vec<i64> = s.attempts().iter().map(|a| a.time_ms).collect();
    assert!(times.is_sorted(), "{times:?}");
    assert_eq!(s.attempts().len(), 6);
    let nan = s.attempts().iter().find(|a| a.id == batch[2].id).unwrap();
    assert_eq!(nan.seconds_taken, 0.0);
    let r = Store::open(&dir).unwrap();
    assert_eq!(r.attempts(), s.attempts());
}

#[test]
fn cleared_session_stays_cleared_across_handles() {
    let dir = scratch("session");
    let mut a = Store::open(&dir).unwrap();
    a.save_session("lesson:x", serde_json::json!(1)).unwrap();
    let mut b = Store::open(&dir).unwrap();
    a.clear_session("lesson:x").unwrap();
    // b still holds the live snapshot; its save must not resurrect it.
    b.record(attempt("x/p", true)).unwrap();
    assert_eq!(b.session("lesson:x"), None);
    assert_eq!(Store::open(&dir).unwrap().session("lesson:x"), None);
}

fn check_corrupt_is_moved_aside(name: &str, bytes: &[u8]) {
    let dir = scratch(name);
    let file = dir.join(FILE_NAME);
    fs::write(&file, bytes).unwrap();
    let mut s = Store::open(&dir).unwrap();
    let w = s.take_warnings();
    assert_eq!(w.len(), 1, "{name}: {w:?}");
    let bak = dir.join("progress.json.bak");
    assert_eq!(w[0].backup, bak);
    assert!(w[0].to_string().contains("progress.json.bak"), "{}", w[0]);
    assert_eq!(fs::read(&bak).unwrap(), bytes, "{name}: backup differs");
    assert!(s.attempts().is_empty());
    // The store works again, and the backup survives the next save.
    s.record(attempt("x/p", true)).unwrap();
    assert_eq!(Store::open(&dir).unwrap().attempts().len(), 1);
    assert_eq!(fs::read(&bak).unwrap(), bytes);
}

#[test]
fn garbage_is_moved_aside_with_a_warning() {
    check_corrupt_is_moved_aside("garbage", b"this is not json at all\n");
}

#[test]
fn truncated_json_is_moved_aside_with_a_warning() {
    let dir = scratch("truncsrc");
    let mut s = Store::open(&dir).unwrap();
    s.record(attempt("x/p", true)).unwrap();
    let full = fs::read(dir.join(FILE_NAME)).unwrap();
    check_corrupt_is_moved_aside("truncated", &full[..full.len() / 2]);
}

#[test]
fn binary_is_moved_aside_with_a_warning() {
    let bytes: Vec<u8> = (0..=255u8).rev().chain(0..=255).collect();
    check_corrupt_is_moved_aside("binary", &bytes);
}

#[test]
fn wrong_shape_is_moved_aside_with_a_warning() {
    check_corrupt_is_moved_aside("shape", br#"{"schema": 1, "attempts": {"not": "a list"}}"#);
}

#[test]
fn an_existing_backup_is_never_overwritten() {
    let dir = scratch("bakn");
    fs::write(dir.join("progress.json.bak"), b"first backup").unwrap();
    fs::write(dir.join("progress.json.bak.1"), b"second backup").unwrap();
    fs::write(dir.join(FILE_NAME), b"{broken").unwrap();
    let mut s = Store::open(&dir).unwrap();
    let w = s.take_warnings();
    assert_eq!(w[0].backup, dir.join("progress.json.bak.2"));
    assert_eq!(
        fs::read(dir.join("progress.json.bak")).unwrap(),
        b"first backup"
    );
    assert_eq!(
        fs::read(dir.join("progress.json.bak.1")).unwrap(),
        b"second backup"
    );
    assert_eq!(
        fs::read(dir.join("progress.json.bak.2")).unwrap(),
        b"{broken"
    );
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let dir = scratch("newer");
    let file = dir.join(FILE_NAME);
    let bytes = format!(
        r#"{{"schema": {}, "attempts": [], "future": true}}"#,
        SCHEMA + 1
    );
    fs::write(&file, &bytes).unwrap();
    let err = Store::open(&dir).unwrap_err().to_string();
    assert!(err.contains("newer kltutor"), "{err}");
    assert!(err.contains("left untouched"), "{err}");
    assert_eq!(fs::read(&file).unwrap(), bytes.as_bytes());
    assert_eq!(names_in(&dir), ["progress.json", "progress.lock"]);
}

#[test]
fn a_save_refuses_a_file_that_became_newer() {
    let dir = scratch("newer-later");
    let mut s = Store::open(&dir).unwrap();
    s.record(attempt("x/p", true)).unwrap();
    let file = dir.join(FILE_NAME);
    let bytes = format!(r#"{{"schema": {}}}"#, SCHEMA + 7);
    fs::write(&file, &bytes).unwrap();
    assert!(s.record(attempt("x/p", false)).is_err());
    assert_eq!(fs::read(&file).unwrap(), bytes.as_bytes());
    // Nothing was lost from memory either.
    assert_eq!(s.attempts().len(), 2);
}

#[test]
fn an_unversioned_file_is_migrated() {
    let dir = scratch("migrate");
    let a = attempt("kl-definition/p1", true);
    let old = serde_json::json!({ "attempts": [a] });
    fs::write(dir.join(FILE_NAME), old.to_string()).unwrap();
    let mut s = Store::open(&dir).unwrap();
    assert!(s.take_warnings().is_empty());
    assert_eq!(s.attempts(), [a]);
    s.save().unwrap();
    let v: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join(FILE_NAME)).unwrap()).unwrap();
    assert_eq!(v["schema"], SCHEMA);
}

#[test]
fn two_handles_saving_alternately_lose_nothing() {
    let dir = scratch("alternate");
    let mut a = Store::open(&dir).unwrap();
    let mut b = Store::open(&dir).unwrap();
    let mut expected = HashSet::new();
    for i in 0..10 {
        let (s, other) = if i % 2 == 0 {
            (&mut a, "a")
        } else {
            (&mut b, "b")
        };
        let at = attempt(&format!("{other}/p{i}"), i % 3 == 0);
        expected.insert(at.id.clone());
        s.record(at).unwrap();
    }
    // Positions: last writer wins per lesson.
    a.set_position("lesson", 1, 0, 0).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    b.set_position("lesson", 2, 0, 0).unwrap();
    let r = Store::open(&dir).unwrap();
    assert_eq!(ids(&r), expected);
    assert_eq!(r.attempts().len(), 10);
    assert_eq!(r.position("lesson").unwrap().section, 2);
    // Each handle has seen the other's answers at its last save.
    assert_eq!(ids(&b), expected);
    a.refresh().unwrap();
    assert_eq!(ids(&a), expected);
    assert_eq!(a.position("lesson").unwrap().section, 2);
}

#[test]
fn two_threads_saving_concurrently_lose_nothing() {
    let dir = scratch("threads");
    let writers: Vec<_> = (0..2)
        .map(|t| {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let mut s = Store::open(&dir).unwrap();
                let mut mine = HashSet::new();
                for i in 0..50 {
                    let a = attempt(&format!("t{t}/p{i}"), true);
                    mine.insert(a.id.clone());
                    s.record(a).unwrap();
                }
                mine
            })
        })
        .collect();
    let mut expected = HashSet::new();
    for w in writers {
        expected.extend(w.join().unwrap());
    }
    assert_eq!(expected.len(), 100);
    let r = Store::open(&dir).unwrap();
    assert_eq!(ids(&r), expected);
    assert_eq!(names_in(&dir), ["progress.json", "progress.lock"]);
}

const CHILD_ENV: &str = "KLTUTOR_PROGRESS_TEST_CHILD_DIR";

/// Not a test on its own: the body of each child process of
/// `two_processes_saving_concurrently_lose_nothing`.
#[test]
fn child_writer() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let mut s = Store::open(Path::new(&dir)).unwrap();
    for i in 0..30 {
        s.record(attempt(&format!("pid{}/p{i}", std::process::id()), true))
            .unwrap();
    }
}

#[test]
fn two_processes_saving_concurrently_lose_nothing() {
    let dir = scratch("processes");
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..2)
        .map(|_| {
            std::process::Command::new(&exe)
                .args(["--exact", "child_writer", "--test-threads=1"])
                .env(CHILD_ENV, &dir)
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let r = Store::open(&dir).unwrap();
    assert_eq!(r.attempts().len(), 60);
    let pids: HashSet<&str> = r
        .attempts()
        .iter()
        .map(|a| a.problem.split('/').next().unwrap())
        .collect();
    assert_eq!(pids.len(), 2);
}

#[test]
fn the_data_dir_flag_wins() {
    let flag = Path::new("/some/where/else");
    assert_eq!(resolve_data_dir(Some(flag)).unwrap(), flag);
}

const ENV_CHILD: &str = "KLTUTOR_PROGRESS_TEST_ENV_CHILD";

/// Not a test on its own: run by `the_environment_variable_beats_the_platform_dir`
/// in a child process with `KLTUTOR_DATA_DIR` set, since tests in this process
/// share one environment.
#[test]
fn env_child() {
    if std::env::var_os(ENV_CHILD).is_none() {
        return;
    }
    assert_eq!(resolve_data_dir(None).unwrap(), Path::new("/from/the/env"));
    let flag = Path::new("/from/the/flag");
    assert_eq!(resolve_data_dir(Some(flag)).unwrap(), flag);
}

#[test]
fn the_environment_variable_beats_the_platform_dir() {
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "env_child", "--test-threads=1"])
        .env(ENV_CHILD, "1")
        .env("KLTUTOR_DATA_DIR", "/from/the/env")
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

// ---- Hardening (issue 11): data safety ----

use kltutor::progress::store::{LOCK_NAME, MAX_FILE_BYTES};

/// Fields a newer kltutor wrote, at the top level and inside an attempt,
/// come back unchanged after this version saves.
#[test]
fn unknown_fields_survive_a_save() {
    let dir = scratch("unknown-fields");
    let a = attempt("kl-definition/p1", true);
    let mut v = serde_json::to_value(&a).unwrap();
    v["confidence"] = serde_json::json!({"level": 4, "note": "sure"});
    v["device"] = "tablet".into();
    let doc = serde_json::json!({
        "schema": SCHEMA,
        "attempts": [v],
        "goals": [{"concept": "asymmetry", "by": "2027-01-01"}],
        "theme": "dark",
    });
    fs::write(dir.join(FILE_NAME), doc.to_string()).unwrap();
    let mut s = Store::open(&dir).unwrap();
    assert!(s.take_warnings().is_empty());
    s.record(attempt("kl-definition/p2", false)).unwrap();
    let back: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join(FILE_NAME)).unwrap()).unwrap();
    assert_eq!(back["goals"], doc["goals"]);
    assert_eq!(back["theme"], "dark");
    let first = back["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == a.id.as_str())
        .unwrap();
    assert_eq!(first["confidence"], doc["attempts"][0]["confidence"]);
    assert_eq!(first["device"], "tablet");
    assert_eq!(back["attempts"].as_array().unwrap().len(), 2);
    // Neither the schema nor the derived reviews are duplicated as "unknown".
    assert!(s.progress().extra.get("schema").is_none());
    assert!(s.progress().extra.get("reviews").is_none());
}

/// A schema that is not a whole number this version knows is refused like a
/// newer file: an error, the bytes untouched, no backup.
#[test]
fn a_schema_that_is_not_a_known_whole_number_is_refused_untouched() {
    for schema in ["\"1\"", "1.5", "-1", "null", "{}", "1.0e3"] {
        let dir = scratch("odd-schema");
        let file = dir.join(FILE_NAME);
        let bytes = format!(r#"{{"schema": {schema}, "attempts": []}}"#);
        fs::write(&file, &bytes).unwrap();
        let err = format!("{:#}", Store::open(&dir).unwrap_err());
        assert!(err.contains("left untouched"), "{schema}: {err}");
        assert_eq!(fs::read(&file).unwrap(), bytes.as_bytes(), "{schema}");
        assert_eq!(
            names_in(&dir),
            ["progress.json", "progress.lock"],
            "{schema}"
        );
    }
}

/// Leftover temporary files (a killed process, or PID 1 of an earlier
/// container using the same names) neither make a save fail nor stay.
#[test]
fn stale_temp_files_are_removed_and_never_block_a_save() {
    let dir = scratch("stale-temps");
    let me = std::process::id();
    for n in 0..2000 {
        fs::write(dir.join(format!(".progress.json.tmp.{me}.{n}")), "half").unwrap();
    }
    fs::write(dir.join(".progress.json.tmp.1.0"), "half").unwrap();
    let mut s = Store::open(&dir).unwrap();
    assert_eq!(names_in(&dir), ["progress.lock"]);
    for _ in 0..3 {
        s.record(attempt("x/p", true)).unwrap();
    }
    assert_eq!(names_in(&dir), ["progress.json", "progress.lock"]);
}

/// A symlinked progress.json is written through to its target and stays a link.
#[cfg(unix)]
#[test]
fn a_symlinked_file_is_written_through_and_stays_a_link() {
    let dir = scratch("symlink");
    let sync = dir.join("sync");
    fs::create_dir_all(&sync).unwrap();
    let data = dir.join("data");
    fs::create_dir_all(&data).unwrap();
    // A relative link, as a dotfiles manager makes them.
    std::os::unix::fs::symlink("../sync/kl.json", data.join(FILE_NAME)).unwrap();
    let mut s = Store::open(&data).unwrap();
    let a = attempt("x/p", true);
    s.record(a.clone()).unwrap();
    s.record(attempt("x/q", false)).unwrap();
    let meta = fs::symlink_metadata(data.join(FILE_NAME)).unwrap();
    assert!(meta.file_type().is_symlink());
    let v: serde_json::Value =
        serde_json::from_slice(&fs::read(sync.join("kl.json")).unwrap()).unwrap();
    assert_eq!(v["attempts"].as_array().unwrap().len(), 2);
    assert_eq!(names_in(&sync), ["kl.json"]);
    assert_eq!(Store::open(&data).unwrap().attempts().len(), 2);
}

/// A failed save is an error and is remembered until a save succeeds.
#[test]
fn a_failed_save_is_remembered_until_one_succeeds() {
    let dir = scratch("failing");
    let mut s = Store::open(&dir).unwrap();
    s.record(attempt("x/p", true)).unwrap();
    assert_eq!(s.unsaved(), None);
    // A directory where the lock file should be: every save fails, root or not.
    fs::remove_file(dir.join(LOCK_NAME)).unwrap();
    fs::create_dir(dir.join(LOCK_NAME)).unwrap();
    let err = format!("{:#}", s.record(attempt("x/p", false)).unwrap_err());
    assert!(err.contains("NOT saved"), "{err}");
    assert!(s.unsaved().is_some());
    assert!(s.set_position("x", 1, 0, 0).is_err());
    assert!(s.unsaved().is_some());
    fs::remove_dir(dir.join(LOCK_NAME)).unwrap();
    s.save().unwrap();
    assert_eq!(s.unsaved(), None);
    assert_eq!(Store::open(&dir).unwrap().attempts().len(), 2);
}

/// Only a regular file of bounded size is read: a FIFO (which would block
/// forever), a device (which never ends) and a huge file are refused and left.
#[cfg(unix)]
#[test]
fn fifos_devices_and_huge_files_are_refused_and_left_alone() {
    let dir = scratch("fifo");
    let fifo = dir.join(FILE_NAME);
    let st = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(st.success());
    let err = format!("{:#}", Store::open(&dir).unwrap_err());
    assert!(err.contains("not a regular file"), "{err}");
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(format!("{:#}", Store::open_read_only(&dir).unwrap_err()).contains("regular file"));

    let dir = scratch("device");
    std::os::unix::fs::symlink("/dev/zero", dir.join(FILE_NAME)).unwrap();
    let err = format!("{:#}", Store::open(&dir).unwrap_err());
    assert!(err.contains("not a regular file"), "{err}");
    assert!(
        fs::symlink_metadata(dir.join(FILE_NAME))
            .unwrap()
            .file_type()
            .is_symlink()
    );

    let dir = scratch("huge");
    let f = fs::File::create(dir.join(FILE_NAME)).unwrap();
    f.set_len(MAX_FILE_BYTES + 1).unwrap();
    drop(f);
    let err = format!("{:#}", Store::open(&dir).unwrap_err());
    assert!(err.contains("MiB"), "{err}");
    assert_eq!(
        fs::metadata(dir.join(FILE_NAME)).unwrap().len(),
        MAX_FILE_BYTES + 1
    );
    assert_eq!(names_in(&dir), ["progress.json", "progress.lock"]);
}
