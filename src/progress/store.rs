//! The progress file: where it lives, how it is read, merged and written.
//!
//! # Guarantees
//!
//! * **Atomic writes.** A save writes a temporary file in the same directory,
//!   fsyncs it, renames it over `progress.json` and fsyncs the directory, so a
//!   crash leaves either the old file or the new one, never half of one.
//! * **No silent loss.** A file that cannot be read or parsed is moved aside
//!   to `progress.json.bak` (or `.bak.1`, `.bak.2`, ... so an earlier backup
//!   is never replaced) and a [`StoreWarning`] says so, for the UI to show.
//! * **Forward compatibility.** A file written by a newer kltutor (a higher
//!   `schema`, or any `schema` that is not a whole number this version knows)
//!   is refused with an error and left untouched; an older one is migrated in
//!   memory and written in the current schema on the next save. Fields this
//!   version does not know, at the top level and inside attempts, are kept
//!   and written back, so an older kltutor never drops a newer one's data.
//! * **Never claimed saved.** A failed save is an error, and the store
//!   remembers it ([`Store::unsaved`]) until a later save succeeds, so the UI
//!   can warn until then and the plain commands can exit non-zero.
//! * **Bounded reading.** Only a regular file of at most [`MAX_FILE_BYTES`]
//!   is read; a larger file, a FIFO or a device is refused and left alone.
//! * **Links kept.** A symlinked `progress.json` (a sync folder, a dotfiles
//!   repository) is written through to its target and stays a link.
//! * **Temporary files.** Each save writes a temporary file whose name is new
//!   for every process and attempt (pid, clock and random bits), and the
//!   ones a killed process left behind are removed when a store is opened.
//! * **Concurrent processes.** Every save takes an exclusive lock on
//!   `progress.lock`, re-reads the file, merges it into memory
//!   ([`Progress::merge`]: attempts are a union by id, positions and sessions
//!   last-writer-wins) and writes the result, so two kltutor processes never
//!   drop each other's answers. The lock file is never deleted: deleting a
//!   lock file that another process has open would let a third one lock a
//!   fresh inode while the second still believes it holds the lock.
//!
//! Every save rewrites the whole file. That is simple and fine at a tutor's
//! scale (ten thousand attempts are a few megabytes).

use super::decode::{Parse, newer_message, parse};
use super::files::{free_backup_path, read_bounded, remove_stale_temps};
use super::model::{Attempt, Position, Progress, SessionSnapshot, now_ms};
use super::review::{self, ReviewState};
use anyhow::{Context, Result, bail};
use serde::Serialize;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

/// Kept at this path for callers: the plumbing lives in [`super::files`].
pub use super::files::{resolve_links, write_atomic};

/// The schema this build writes and the newest it reads.
pub const SCHEMA: u32 = 1;

/// The progress file's name inside the data directory.
pub const FILE_NAME: &str = "progress.json";

/// The lock file's name inside the data directory.
pub const LOCK_NAME: &str = "progress.lock";

/// The largest progress file kltutor reads (64 MiB; ten thousand attempts
/// take a few megabytes). A larger one is refused, not read into memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The environment variable that overrides the platform data directory.
pub const ENV_DATA_DIR: &str = "KLTUTOR_DATA_DIR";

/// Where progress lives: `--data-dir` if given, else `$KLTUTOR_DATA_DIR` if
/// set and non-empty, else the platform data directory
/// (`~/.local/share/kltutor` on Linux, `~/Library/Application Support/kltutor`
/// on macOS, `%APPDATA%\kltutor\data` on Windows).
pub fn resolve_data_dir(cli: Option<&Path>) -> Result<PathBuf> {
    resolve_data_dir_from(cli, std::env::var_os(ENV_DATA_DIR), platform_data_dir)
}

/// [`resolve_data_dir`] with the environment and the platform passed in, so
/// the precedence can be tested without mutating the process environment.
pub fn resolve_data_dir_from(
    cli: Option<&Path>,
    env: Option<OsString>,
    platform: impl FnOnce() -> Option<PathBuf>,
) -> Result<PathBuf> {
    if let Some(dir) = cli {
        return Ok(dir.to_path_buf());
    }
    if let Some(dir) = env.filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    platform().with_context(|| {
        format!(
            "cannot find a data directory for progress (no home directory?); \
             pass --data-dir or set {ENV_DATA_DIR}"
        )
    })
}

fn platform_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "kltutor").map(|p| p.data_dir().to_path_buf())
}

/// Something the learner should be told that did not stop kltutor: the
/// progress file was unreadable and has been moved aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreWarning {
    /// The file that could not be read.
    pub file: PathBuf,
    /// Where its bytes are now.
    pub backup: PathBuf,
    /// Why it could not be read.
    pub reason: String,
}

impl fmt::Display for StoreWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not read {} ({}); it was moved to {} and progress starts afresh",
            self.file.display(),
            self.reason,
            self.backup.display()
        )
    }
}

/// The file as written: the stored facts plus a derived `reviews` snapshot
/// so that the file (and `--json` exports of it) is readable on its own.
/// `reviews` is ignored on load and rebuilt from the attempts.
#[derive(Serialize)]
struct FileOut<'a> {
    schema: u32,
    attempts: &'a [Attempt],
    positions: &'a BTreeMap<String, Position>,
    sessions: &'a BTreeMap<String, SessionSnapshot>,
    /// Predictions before computations (calibration); omitted when none, so
    /// files without predictions read the same in older versions.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    predictions: &'a [super::calibration::Prediction],
    reviews: BTreeMap<String, ReviewState>,
    /// Unknown top-level fields, written back as they were read.
    #[serde(flatten)]
    extra: &'a serde_json::Map<String, serde_json::Value>,
}

/// An attempt as it is kept: a time taken that is not finite reads as 0,
/// an expected time that is not finite as none.
fn normalized(mut attempt: Attempt) -> Attempt {
    if !attempt.seconds_taken.is_finite() {
        attempt.seconds_taken = 0.0;
    }
    if attempt.expected_seconds.is_some_and(|e| !e.is_finite()) {
        attempt.expected_seconds = None;
    }
    attempt
}

/// A handle on the progress file of one data directory.
///
/// Mutations apply in memory and then save; if a save fails the data stays in
/// memory and the next save (which merges) writes it.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    progress: Progress,
    warnings: Vec<StoreWarning>,
    /// Why the last save failed, until one succeeds.
    unsaved: Option<String>,
}

impl Store {
    /// Opens (creating the directory if needed) the store in `dir` and loads
    /// it. A missing file is an empty progress; an unreadable one is moved
    /// aside with a warning ([`Store::take_warnings`]); a newer schema is an
    /// error.
    pub fn open(dir: &Path) -> Result<Store> {
        fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
        let mut store = Store {
            dir: dir.to_path_buf(),
            progress: Progress::default(),
            warnings: Vec::new(),
            unsaved: None,
        };
        let _lock = store.lock()?;
        // With the lock held no save is under way, so any temporary file of
        // ours is a killed process's leftover.
        remove_stale_temps(&resolve_links(&store.path()));
        store.progress = store.load_locked()?;
        Ok(store)
    }

    /// Opens the store only to report on it (`kltutor progress`): nothing is
    /// created, moved, locked exclusively or written. A missing directory or
    /// file is empty progress; an unreadable file is an error that leaves it
    /// where it is. Saving through this handle is refused.
    pub fn open_read_only(dir: &Path) -> Result<Store> {
        let mut store = Store {
            dir: dir.to_path_buf(),
            progress: Progress::default(),
            warnings: Vec::new(),
            unsaved: None,
        };
        // A shared lock waits out a save under way, when the lock file exists.
        let _lock = File::open(dir.join(LOCK_NAME))
            .ok()
            .filter(|f| f.lock_shared().is_ok());
        let path = store.path();
        store.progress = match read_bounded(&path)? {
            None => Progress::default(),
            Some(Err(e)) => bail!("cannot read {}: {e}", path.display()),
            Some(Ok(bytes)) => match parse(&bytes) {
                Ok(p) => p,
                Err(Parse::Newer(v)) => bail!(newer_message(&path, &v)),
                Err(Parse::Corrupt(reason)) => bail!(
                    "{} is unreadable ({reason}); it was left as it is (the next \
                     kltutor learn, quiz or review moves it aside and starts afresh)",
                    path.display()
                ),
            },
        };
        Ok(store)
    }

    /// Why the last save failed, while no save has succeeded since: the
    /// answers are in memory only and the learner must be told so.
    pub fn unsaved(&self) -> Option<&str> {
        self.unsaved.as_deref()
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The progress file's path.
    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// Everything loaded (and merged at the last save).
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// The attempt log, oldest first.
    pub fn attempts(&self) -> &[Attempt] {
        &self.progress.attempts
    }

    /// Warnings since the last call, to show to the learner once.
    pub fn take_warnings(&mut self) -> Vec<StoreWarning> {
        std::mem::take(&mut self.warnings)
    }

    /// Appends an attempt and saves.
    pub fn record(&mut self, attempt: Attempt) -> Result<()> {
        self.push(attempt);
        self.save()
    }

    /// Appends many attempts and saves once (an import, or a benchmark's
    /// long history: `record` saves after each, which for thousands of
    /// attempts rewrites the file thousands of times).
    pub fn record_all(&mut self, attempts: impl IntoIterator<Item = Attempt>) -> Result<()> {
        let before = self.progress.attempts.len();
        self.progress
            .attempts
            .extend(attempts.into_iter().map(normalized));
        if !self.progress.attempts[before.saturating_sub(1)..]
            .is_sorted_by(|a, b| (a.time_ms, &a.id) <= (b.time_ms, &b.id))
        {
            self.progress.sort_attempts();
        }
        self.save()
    }

    /// Appends an attempt in memory, keeping the log in time order.
    fn push(&mut self, attempt: Attempt) {
        let attempt = normalized(attempt);
        let in_order = self
            .progress
            .attempts
            .last()
            .is_none_or(|l| (l.time_ms, &l.id) <= (attempt.time_ms, &attempt.id));
        self.progress.attempts.push(attempt);
        if !in_order {
            self.progress.sort_attempts();
        }
    }

    /// Records a prediction and saves.
    pub fn record_prediction(&mut self, p: super::calibration::Prediction) -> Result<()> {
        self.progress.predictions.push(p);
        self.save()
    }

    /// Where the learner was in `lesson`.
    pub fn position(&self, lesson: &str) -> Option<&Position> {
        self.progress.positions.get(lesson)
    }

    /// Records where the learner is in `lesson` (stamped now) and saves.
    pub fn set_position(
        &mut self,
        lesson: &str,
        section: usize,
        item: usize,
        scroll: u32,
    ) -> Result<()> {
        let pos = Position {
            section,
            item,
            scroll,
            updated_ms: now_ms(),
        };
        self.progress.positions.insert(lesson.to_string(), pos);
        self.save()
    }

    /// A saved in-progress session.
    pub fn session(&self, key: &str) -> Option<&serde_json::Value> {
        self.progress.session(key)
    }

    /// Saves an in-progress session snapshot under `key`.
    pub fn save_session(&mut self, key: &str, value: serde_json::Value) -> Result<()> {
        self.put_session(key, Some(value))
    }

    /// Forgets a session (it finished); the tombstone keeps it forgotten
    /// when another process merges an older copy.
    pub fn clear_session(&mut self, key: &str) -> Result<()> {
        self.put_session(key, None)
    }

    fn put_session(&mut self, key: &str, value: Option<serde_json::Value>) -> Result<()> {
        // Strictly after any snapshot already held, even within one millisecond,
        // so that last-writer-wins sees this one as the last.
        let prev = self
            .progress
            .sessions
            .get(key)
            .map_or(i64::MIN, |s| s.updated_ms);
        let updated_ms = now_ms().max(prev.saturating_add(1));
        self.progress
            .sessions
            .insert(key.to_string(), SessionSnapshot { value, updated_ms });
        self.save()
    }

    /// Merges in whatever other processes saved and writes the result. A
    /// failure is remembered ([`Store::unsaved`]) until a save succeeds.
    pub fn save(&mut self) -> Result<()> {
        let result = (|| {
            let _lock = self.lock()?;
            let on_disk = self.load_locked()?;
            self.progress.merge(on_disk);
            self.write_locked()
        })();
        match result {
            Ok(()) => {
                self.unsaved = None;
                Ok(())
            }
            Err(e) => {
                self.unsaved = Some(format!("{e:#}"));
                Err(e.context("progress was NOT saved"))
            }
        }
    }

    /// Re-reads the file and merges it into memory without writing, to see
    /// answers another process saved.
    pub fn refresh(&mut self) -> Result<()> {
        let _lock = self.lock()?;
        let on_disk = self.load_locked()?;
        self.progress.merge(on_disk);
        Ok(())
    }

    /// Takes the exclusive lock; it is released when the file is dropped.
    fn lock(&self) -> Result<File> {
        let path = self.dir.join(LOCK_NAME);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot open the lock file {}", path.display()))?;
        file.lock()
            .with_context(|| format!("cannot lock {}", path.display()))?;
        Ok(file)
    }

    /// Reads the file; call with the lock held. Missing is empty; corrupt is
    /// moved aside with a warning; newer is an error.
    fn load_locked(&mut self) -> Result<Progress> {
        let path = self.path();
        let bytes = match read_bounded(&path)? {
            None => return Ok(Progress::default()),
            Some(Ok(b)) => b,
            Some(Err(e)) => {
                self.move_aside(&path, format!("read error: {e}"))?;
                return Ok(Progress::default());
            }
        };
        match parse(&bytes) {
            Ok(p) => Ok(p),
            Err(Parse::Newer(v)) => bail!(newer_message(&path, &v)),
            Err(Parse::Corrupt(reason)) => {
                self.move_aside(&path, reason)?;
                Ok(Progress::default())
            }
        }
    }

    fn move_aside(&mut self, path: &Path, reason: String) -> Result<()> {
        let backup = free_backup_path(path);
        fs::rename(path, &backup).with_context(|| {
            format!(
                "{} is unreadable ({reason}) and could not be moved aside to {}",
                path.display(),
                backup.display()
            )
        })?;
        self.warnings.push(StoreWarning {
            file: path.to_path_buf(),
            backup,
            reason,
        });
        Ok(())
    }

    /// Writes atomically; call with the lock held.
    fn write_locked(&self) -> Result<()> {
        let out = FileOut {
            schema: SCHEMA,
            attempts: &self.progress.attempts,
            positions: &self.progress.positions,
            sessions: &self.progress.sessions,
            predictions: &self.progress.predictions,
            reviews: review::schedule(&self.progress.attempts),
            extra: &self.progress.extra,
        };
        let mut bytes = serde_json::to_vec_pretty(&out).context("cannot serialize progress")?;
        bytes.push(b'\n');
        write_atomic(&self.path(), &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::super::decode::parse_general;
    use super::*;

    /// A file of the current schema as written, with a newer version's
    /// fields at both levels, unsorted attempts, positions, sessions,
    /// predictions and the derived reviews.
    fn rich() -> serde_json::Value {
        let mut a = Attempt::new(
            "kl-definition/p1",
            "units",
            crate::progress::model::AttemptKind::Quiz,
            7,
            "0.5",
            true,
        );
        a.time_ms = 20;
        a.diagnosis = Some("sign-flipped".into());
        a.exposes = vec!["sign".into()];
        let mut b = a.clone();
        b.id = "b".into();
        b.time_ms = 10;
        let mut a = serde_json::to_value(&a).unwrap();
        a["device"] = "tablet".into();
        a["seconds_taken"] = serde_json::Value::Null;
        serde_json::json!({
            "schema": SCHEMA,
            "attempts": [a, b],
            "positions": {"surprise": {"section": 2, "item": 1, "scroll": 0, "updated_ms": 5}},
            "sessions": {"k": {"value": {"x": 1}, "updated_ms": 3}, "t": {"value": null, "updated_ms": 4}},
            "reviews": {"kl-definition/p1": {"due_ms": 1}},
            "goals": [1, 2],
        })
    }

    /// The fast read of a current file gives what the general read gives,
    /// and leaves every other file to it.
    #[test]
    fn the_fast_read_equals_the_general_one() {
        let doc = rich();
        let bytes = serde_json::to_vec(&doc).unwrap();
        let Ok(general) = parse_general(&bytes) else {
            panic!("the general read refused it")
        };
        assert_eq!(general.attempts.len(), 2);
        assert_eq!(general.attempts[0].id, "b", "sorted");
        assert_eq!(general.attempts[1].extra["device"], "tablet");
        assert_eq!(general.extra.len(), 1);
        assert_eq!(super::super::read::current(&bytes), Some(general));
        for other in [
            r#"{"attempts": []}"#,
            r#"{"schema": 0, "attempts": []}"#,
            r#"{"schema": 99}"#,
            r#"{"schema": 1, "schema": 1}"#,
            r#"{"schema": 1, "goals": 1, "goals": 2}"#,
            r#"{"schema": 1, "attempts": [{"id": "a"}]}"#,
            r#"{"schema": 1} trailing"#,
            "[]",
        ] {
            assert_eq!(
                super::super::read::current(other.as_bytes()),
                None,
                "{other}"
            );
        }
    }

    #[test]
    fn precedence_flag_env_platform() {
        let platform = || Some(PathBuf::from("/platform"));
        let flag = Path::new("/flag");
        let env = || Some(OsString::from("/env"));
        assert_eq!(
            resolve_data_dir_from(Some(flag), env(), platform).unwrap(),
            flag
        );
        assert_eq!(
            resolve_data_dir_from(None, env(), platform).unwrap(),
            Path::new("/env")
        );
        assert_eq!(
            resolve_data_dir_from(None, None, platform).unwrap(),
            Path::new("/platform")
        );
        // An empty variable is "unset", not "the current directory".
        assert_eq!(
            resolve_data_dir_from(None, Some(OsString::new()), platform).unwrap(),
            Path::new("/platform")
        );
        let err = resolve_data_dir_from(None, None, || None).unwrap_err();
        assert!(err.to_string().contains(ENV_DATA_DIR), "{err}");
    }

    #[test]
    fn platform_dir_is_named_kltutor() {
        if let Some(d) = platform_data_dir() {
            assert!(d.to_string_lossy().contains("kltutor"), "{}", d.display());
        }
    }

    #[test]
    fn parse_classifies() {
        assert!(matches!(parse(b"{\"schema\": 9}"), Err(Parse::Newer(v)) if v == "9"));
        // Not a whole number this version knows: refused like a newer file.
        for s in ["\"1\"", "1.5", "-1", "2", "null", "[1]"] {
            let doc = format!("{{\"schema\": {s}}}");
            assert!(matches!(parse(doc.as_bytes()), Err(Parse::Newer(_))), "{s}");
        }
        assert!(matches!(parse(b"[]"), Err(Parse::Corrupt(_))));
        assert!(matches!(
            parse(b"{\"attempts\": 3}"),
            Err(Parse::Corrupt(_))
        ));
        assert!(
            matches!(parse(&[0xff, 0x00, 0x12]), Err(Parse::Corrupt(r)) if r.contains("UTF-8"))
        );
        assert!(parse(b"{}").is_ok());
        assert!(parse(b"{\"schema\": 1, \"reviews\": {\"x\": 1}}").is_ok());
    }
}
