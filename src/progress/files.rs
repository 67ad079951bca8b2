//! File-system plumbing of the progress store: bounded reads, backup names,
//! symlinks followed to their target, and atomic writes through uniquely
//! named temporary files (stale ones removed).

use super::store::MAX_FILE_BYTES;
use anyhow::{Context, Result, bail};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Reads the progress file if it is there: `Ok(None)` when it is missing,
/// `Ok(Some(Err))` for a read error on a regular file (the caller moves it
/// aside), `Err` for what must be refused and left alone: anything that is
/// not a regular file (a FIFO would block forever, a device never ends) or
/// a file larger than [`MAX_FILE_BYTES`].
pub(super) fn read_bounded(path: &Path) -> Result<Option<io::Result<Vec<u8>>>> {
    use std::io::Read;
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Ok(Some(Err(e))),
    };
    let refuse_kind = |m: &fs::Metadata| -> Result<()> {
        if !m.is_file() {
            bail!(
                "{} is not a regular file (a directory, FIFO or device?); kltutor refuses to \
                 read it and left it alone. Move it away to start afresh.",
                path.display()
            );
        }
        if m.len() > MAX_FILE_BYTES {
            bail!(
                "{} is {} bytes, more than the {} MiB a progress file may have; kltutor \
                 refuses to read it and left it alone.",
                path.display(),
                m.len(),
                MAX_FILE_BYTES / (1024 * 1024)
            );
        }
        Ok(())
    };
    refuse_kind(&meta)?;
    let mut f = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Ok(Some(Err(e))),
    };
    // The name may have been swapped between the check and the open.
    let len = match f.metadata() {
        Ok(m) => {
            refuse_kind(&m)?;
            m.len()
        }
        Err(e) => return Ok(Some(Err(e))),
    };
    // Room for the whole file up front (and the byte that tells it grew
    // past the cap): read in one go, not grown and copied a dozen times.
    let mut bytes = Vec::with_capacity(len.min(MAX_FILE_BYTES) as usize + 1);
    if let Err(e) = (&mut f).take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes) {
        return Ok(Some(Err(e)));
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        bail!(
            "{} grew past {} MiB while it was read; kltutor refuses it and left it alone.",
            path.display(),
            MAX_FILE_BYTES / (1024 * 1024)
        );
    }
    Ok(Some(Ok(bytes)))
}

/// `progress.json.bak`, or the first free `progress.json.bak.N`.
pub(super) fn free_backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak");
    let first = PathBuf::from(&name);
    if !exists(&first) {
        return first;
    }
    (1u32..)
        .map(|n| {
            let mut s = name.clone();
            s.push(format!(".{n}"));
            PathBuf::from(s)
        })
        .find(|p| !exists(p))
        .expect("some backup number is free")
}

/// Whether a name is taken, counting dangling symlinks and entries we may
/// not stat as taken: a backup name must never replace anything.
fn exists(p: &Path) -> bool {
    match fs::symlink_metadata(p) {
        Ok(_) => true,
        Err(e) => e.kind() != io::ErrorKind::NotFound,
    }
}

/// Follows `path` through symlinks (relative ones from the link's own
/// directory) to the file they name, so that a save replaces the target and
/// the link stays a link. A cycle or a very long chain stops at the last name.
pub fn resolve_links(path: &Path) -> PathBuf {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => match fs::read_link(&p) {
                Ok(target) => {
                    p = match p.parent() {
                        Some(dir) if target.is_relative() => dir.join(target),
                        _ => target,
                    }
                }
                Err(_) => break,
            },
            _ => break,
        }
    }
    p
}

/// The prefix of every temporary file a save of `file_name` writes.
fn temp_prefix(file_name: &str) -> String {
    format!(".{file_name}.tmp.")
}

/// Removes temporary files that a killed save of `path` left in its
/// directory. Call with the lock held; failures are ignored (a leftover only
/// costs space, since every save picks a fresh name).
pub(super) fn remove_stale_temps(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let prefix = temp_prefix(&name.to_string_lossy());
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let stale = e.file_name().to_string_lossy().starts_with(&prefix)
            && e.file_type().is_ok_and(|t| t.is_file());
        if stale {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// A temporary file name no other process or attempt uses: pid, a
/// process-wide counter, the clock in nanoseconds and per-call random bits
/// (so PID 1 in a fresh container never meets its predecessor's leftover).
fn temp_name(file_name: &str) -> String {
    use std::hash::{BuildHasher, RandomState};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let random = RandomState::new().hash_one((n, nanos));
    format!(
        "{}{:x}.{n:x}.{nanos:x}.{random:016x}",
        temp_prefix(file_name),
        std::process::id()
    )
}

/// Writes `bytes` to `path` so that `path` is always the old or the new
/// content: temp file in the same directory, fsync, rename, fsync directory.
/// A symlink at `path` is written through: its target is replaced.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let path = &resolve_links(path);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let file_name = path.file_name().unwrap_or_default().to_string_lossy();
    let mut tmp = dir.join(temp_name(&file_name));
    let result = (|| -> Result<()> {
        let mut tries = 0;
        let mut f = loop {
            match OpenOptions::new().write(true).create_new(true).open(&tmp) {
                Ok(f) => break f,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && tries < 8 => {
                    tries += 1;
                    tmp = dir.join(temp_name(&file_name));
                }
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot create {}", tmp.display()));
                }
            }
        };
        f.write_all(bytes)
            .and_then(|()| f.sync_all())
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        drop(f);
        fs::rename(&tmp, path).with_context(|| format!("cannot replace {}", path.display()))?;
        sync_dir(dir).with_context(|| format!("cannot sync the directory {}", dir.display()))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Makes the rename durable by fsyncing the directory entry. Some file
/// systems (certain network and FUSE ones) refuse fsync on a directory; the
/// rename has happened by then, so that refusal is not a failed save.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    match File::open(dir)?.sync_all() {
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported
            ) =>
        {
            Ok(())
        }
        r => r,
    }
}

/// std cannot open a directory as a file on Windows; there the rename
/// (MoveFileExW) is as durable as std lets us make it.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}
