//! Noticing that lesson files were saved, for `--watch`: the `notify`
//! crate's native watcher (inotify on Linux), or its polling watcher where
//! the native one cannot start (no inotify instances left, a file system
//! without events) or when `KLTUTOR_WATCH_POLL=1` asks for it.
//!
//! Editors save in different ways (write in place; write a temporary file
//! and rename it over; delete and create), so the directory is watched, not
//! the file, and a burst of events is one change: [`Debounce`] waits until
//! the events have been quiet for [`QUIET`]. The watcher only says "changed";
//! what to do then (re-check, reload) belongs to the caller.

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecursiveMode};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// How long events must be quiet before a burst counts as one change.
pub const QUIET: Duration = Duration::from_millis(150);

/// The longest a change waits while events keep coming (a file written for seconds).
pub const MAX_WAIT: Duration = Duration::from_millis(700);

/// How often the polling watcher looks at the files.
pub const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// Turns a burst of events into one change. Pure: the caller passes the time.
#[derive(Debug, Default, Clone)]
pub struct Debounce {
    first: Option<Instant>,
    last: Option<Instant>,
}

impl Debounce {
    /// An event arrived at `now`.
    pub fn event(&mut self, now: Instant) {
        self.first.get_or_insert(now);
        self.last = Some(now);
    }

    /// When the pending change becomes due, if one is pending.
    pub fn deadline(&self) -> Option<Instant> {
        Some((self.last? + QUIET).min(self.first? + MAX_WAIT))
    }

    /// True (once) when a change is pending and due at `now`.
    pub fn take_due(&mut self, now: Instant) -> bool {
        match self.deadline() {
            Some(d) if now >= d => {
                *self = Debounce::default();
                true
            }
            _ => false,
        }
    }
}

/// Which backend is watching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Native,
    /// Polling, because the native watcher could not start (or was asked not to).
    Poll,
}

/// What the watcher thread reports.
enum Signal {
    Changed,
}

/// Watches lesson directories (their `*.md` files) and single lesson files.
pub struct Watcher {
    // Kept alive: dropping it stops the watching.
    _inner: Box<dyn notify::Watcher + Send>,
    rx: Receiver<Signal>,
    debounce: Debounce,
    pub mode: Mode,
    /// Why the native watcher was not used, when it was not.
    pub fallback_reason: Option<String>,
}

/// The files an event may concern: `*.md` in a watched directory, or a watched file by name.
#[derive(Debug, Clone, Default)]
struct Filter {
    /// Directories whose `*.md` files count.
    dirs: Vec<PathBuf>,
    /// Single files (their directory joined with their name, as events name them).
    files: Vec<PathBuf>,
}

impl Filter {
    fn relevant(&self, ev: &Event) -> bool {
        let kind = match ev.kind {
            // Opening and reading (our own re-check reads every file) is no change.
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            EventKind::Access(_) => false,
            _ => true,
        };
        kind && (ev.paths.is_empty()
            || ev.paths.iter().any(|p| {
                let in_dir = p.parent().is_some_and(|d| self.dirs.iter().any(|w| w == d));
                (in_dir && p.extension().is_some_and(|e| e == "md"))
                    || self.files.iter().any(|f| f == p)
            }))
    }
}

impl Watcher {
    /// Watches `targets` (directories or files); the polling watcher when the
    /// native one cannot start or `KLTUTOR_WATCH_POLL` is set to anything but `0`.
    pub fn new(targets: &[PathBuf]) -> anyhow::Result<Watcher> {
        let forced = std::env::var_os("KLTUTOR_WATCH_POLL").is_some_and(|v| v != "0");
        let (dirs, filter) = plan(targets)?;
        if !forced {
            match Watcher::start(&dirs, &filter, Mode::Native) {
                Ok(w) => return Ok(w),
                Err(e) => {
                    let mut w = Watcher::start(&dirs, &filter, Mode::Poll)?;
                    w.fallback_reason = Some(e.to_string());
                    return Ok(w);
                }
            }
        }
        let mut w = Watcher::start(&dirs, &filter, Mode::Poll)?;
        w.fallback_reason = Some("KLTUTOR_WATCH_POLL is set".into());
        Ok(w)
    }

    fn start(dirs: &[PathBuf], filter: &Filter, mode: Mode) -> anyhow::Result<Watcher> {
        let (tx, rx) = channel();
        let filter = filter.clone();
        let handler = move |res: notify::Result<Event>| {
            // An error (an overflowed event queue) may hide a change: re-check.
            let changed = match &res {
                Ok(ev) => filter.relevant(ev),
                Err(_) => true,
            };
            if changed {
                let _ = tx.send(Signal::Changed);
            }
        };
        let mut inner: Box<dyn notify::Watcher + Send> = match mode {
            Mode::Native => Box::new(notify::recommended_watcher(handler)?),
            Mode::Poll => Box::new(notify::PollWatcher::new(
                handler,
                notify::Config::default()
                    .with_poll_interval(POLL_INTERVAL)
                    .with_compare_contents(true),
            )?),
        };
        for d in dirs {
            inner
                .watch(d, RecursiveMode::NonRecursive)
                .map_err(|e| anyhow::anyhow!("cannot watch {}: {e}", shown(d)))?;
        }
        Ok(Watcher {
            _inner: inner,
            rx,
            debounce: Debounce::default(),
            mode,
            fallback_reason: None,
        })
    }

    /// Takes the events that have arrived; true (once) when a change is due.
    /// Never blocks: the terminal app asks between keys.
    pub fn changed(&mut self) -> bool {
        while let Ok(Signal::Changed) = self.rx.try_recv() {
            self.debounce.event(Instant::now());
        }
        self.debounce.take_due(Instant::now())
    }

    /// Blocks until a change is due (`check --watch`). Returns false if the
    /// watcher stopped (it never does while the process lives).
    pub fn wait(&mut self) -> bool {
        loop {
            let got = match self.debounce.deadline() {
                None => self.rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
                Some(d) => self
                    .rx
                    .recv_timeout(d.saturating_duration_since(Instant::now())),
            };
            match got {
                Ok(Signal::Changed) => self.debounce.event(Instant::now()),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return false,
            }
            if self.debounce.take_due(Instant::now()) {
                return true;
            }
        }
    }

    /// One line for the learner or author: what is watched and how.
    pub fn describe(&self) -> String {
        match (&self.mode, &self.fallback_reason) {
            (Mode::Native, _) => "file events".into(),
            (Mode::Poll, Some(why)) => format!(
                "polling every {} ms ({})",
                POLL_INTERVAL.as_millis(),
                crate::lesson::sanitize::sanitize(why)
            ),
            (Mode::Poll, None) => format!("polling every {} ms", POLL_INTERVAL.as_millis()),
        }
    }
}

fn shown(p: &Path) -> String {
    crate::lesson::sanitize::sanitize(&p.display().to_string())
}

/// The directories to watch and the filter for their events: a directory
/// is watched for its `*.md` files; a file through its directory (so a
/// rename over it is seen), by its name.
fn plan(targets: &[PathBuf]) -> anyhow::Result<(Vec<PathBuf>, Filter)> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut filter = Filter::default();
    // Backends name files differently (inotify makes a relative path
    // absolute, FSEvents resolves symlinks): watch and compare canonical
    // directories, joined with the file's own name.
    let canonical = |d: &Path| {
        d.canonicalize()
            .map_err(|e| anyhow::anyhow!("cannot watch {}: {e}", shown(d)))
    };
    for t in targets {
        let dir = if t.is_dir() {
            let dir = canonical(t)?;
            filter.dirs.push(dir.clone());
            dir
        } else if t.is_file() {
            let parent = match t.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            let dir = canonical(parent)?;
            if let Some(n) = t.file_name() {
                filter.files.push(dir.join(n));
            }
            dir
        } else {
            anyhow::bail!("cannot watch {}: no such directory or file", shown(t));
        };
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    Ok((dirs, filter))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, ModifyKind, RemoveKind, RenameMode};

    #[test]
    fn a_burst_is_one_change_after_a_quiet_spell() {
        let t0 = Instant::now();
        let ms = |n| t0 + Duration::from_millis(n);
        let mut d = Debounce::default();
        assert!(!d.take_due(ms(0)));
        d.event(ms(0));
        d.event(ms(50));
        d.event(ms(100));
        assert!(!d.take_due(ms(200)), "only 100 ms quiet");
        assert!(d.take_due(ms(250)));
        assert!(!d.take_due(ms(400)), "taken once");
    }

    #[test]
    fn a_change_is_due_within_the_longest_wait_even_while_events_keep_coming() {
        let t0 = Instant::now();
        let mut d = Debounce::default();
        let mut fired = None;
        for n in 0..100u64 {
            let now = t0 + Duration::from_millis(n * 50);
            d.event(now);
            if d.take_due(now) {
                fired = Some(n * 50);
                break;
            }
        }
        assert_eq!(fired, Some(MAX_WAIT.as_millis() as u64));
    }

    fn ev(kind: EventKind, path: &str) -> Event {
        Event::new(kind).add_path(PathBuf::from(path))
    }

    #[test]
    fn saves_count_and_reads_and_other_files_do_not() {
        let f = Filter {
            dirs: vec!["d".into()],
            files: vec!["e/one.txt".into()],
        };
        for e in [
            ev(EventKind::Modify(ModifyKind::Any), "d/a.md"),
            ev(EventKind::Create(CreateKind::File), "d/a.md"),
            ev(EventKind::Remove(RemoveKind::File), "d/a.md"),
            ev(
                EventKind::Modify(ModifyKind::Name(RenameMode::To)),
                "d/a.md",
            ),
            ev(
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                "d/a.md",
            ),
            ev(EventKind::Modify(ModifyKind::Any), "e/one.txt"),
            Event::new(EventKind::Other),
        ] {
            assert!(f.relevant(&e), "{e:?}");
        }
        for e in [
            ev(
                EventKind::Access(AccessKind::Open(AccessMode::Read)),
                "d/a.md",
            ),
            ev(
                EventKind::Access(AccessKind::Close(AccessMode::Read)),
                "d/a.md",
            ),
            ev(EventKind::Create(CreateKind::File), "d/.a.md.swp"),
            ev(EventKind::Create(CreateKind::File), "d/4913"),
            ev(EventKind::Modify(ModifyKind::Any), "d/a.md~"),
            ev(EventKind::Modify(ModifyKind::Any), "e/other.md"),
            ev(EventKind::Modify(ModifyKind::Any), "d/sub/a.md"),
        ] {
            assert!(!f.relevant(&e), "{e:?}");
        }
    }

    /// However a target is named (relative, with `.` or `..`), events
    /// naming the file by its canonical directory are seen.
    #[test]
    fn targets_are_matched_through_their_canonical_directory() {
        let dir = std::env::temp_dir().join(format!("kltutor-watch-plan-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("a.md"), "x").unwrap();
        let roundabout = dir.join("sub").join("..").join(".").join("a.md");
        let (dirs, f) = plan(&[roundabout, dir.join("sub").join("..")]).unwrap();
        let canon = dir.canonicalize().unwrap();
        assert_eq!(dirs, vec![canon.clone()]);
        let hit = ev(
            EventKind::Modify(ModifyKind::Any),
            canon.join("a.md").to_str().unwrap(),
        );
        assert!(f.relevant(&hit));
        assert_eq!(f.files, vec![canon.join("a.md")]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_missing_target_is_an_error_naming_it() {
        let e = plan(&[PathBuf::from("/no/such/kltutor-dir")]).unwrap_err();
        assert!(e.to_string().contains("/no/such/kltutor-dir"), "{e}");
    }
}
