//! Writing results back to disk, atomically: a temp file in the same directory,
//! then a rename, so a failure (or a kill) mid-run leaves each file either wholly old
//! or wholly new.
//!
//! A run that is killed between creating its temp file and renaming it leaves that
//! `.sturdy-*.tmp` file behind. Each temp file is locked (`flock`) by the process
//! writing it, and the lock dies with the process, so before a directory's first
//! write a run deletes every unlocked `.sturdy-*.tmp` there: stale temp files never
//! accumulate, and a concurrent run's live temp file is left alone.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temp file names: `.sturdy-XXXXXX.tmp`.
const PREFIX: &str = ".sturdy-";
const SUFFIX: &str = ".tmp";

/// Write `text` over `path` atomically: a temp file in the same directory, then a
/// rename. Symlinks are followed (the target is written, the link stays a link);
/// permissions (and, where allowed, owner and group) are kept.
pub fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    write(path, text, None)
}

/// Like [`write_atomic`], but refuses (with an error) when the file no longer holds
/// `original`: somebody edited it since it was read, and writing would lose that edit.
pub fn write_atomic_if_unchanged(path: &Path, original: &str, text: &str) -> Result<(), String> {
    write(path, text, Some(original))
}

fn write(path: &Path, text: &str, original: Option<&str>) -> Result<(), String> {
    let target = std::fs::canonicalize(path).map_err(|e| format!("cannot write: {e}"))?;
    let meta = std::fs::metadata(&target).map_err(|e| format!("cannot write: {e}"))?;
    if !meta.is_file() {
        return Err("cannot write: not a regular file".into());
    }
    if meta.permissions().readonly() {
        return Err(
            "cannot write: the file is read-only (make it writable to apply the change)".into(),
        );
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    clean_stale_once(dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(PREFIX)
        .suffix(SUFFIX)
        .tempfile_in(dir)
        .map_err(|e| {
            // tempfile's error names the temp file, which never existed: show the cause.
            let message = e.to_string();
            let cause = message.split(" at path \"").next().unwrap_or_default();
            format!(
                "cannot write: cannot create a temp file in {}: {cause}",
                dir.display()
            )
        })?;
    // Held until the temp file is renamed or deleted: marks it as live for other runs.
    let _ = tmp.as_file().lock();
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| format!("cannot write: {e}"))?;
    tmp.as_file()
        .set_permissions(meta.permissions())
        .map_err(|e| format!("cannot write: {e}"))?;
    keep_owner(tmp.as_file(), &meta);
    if let Some(original) = original {
        let now = std::fs::read(&target).map_err(|e| format!("cannot write: {e}"))?;
        if now != original.as_bytes() {
            return Err(
                "cannot write: the file changed on disk while sturdy ran; run sturdy again".into(),
            );
        }
    }
    tmp.persist(&target)
        .map_err(|e| format!("cannot write: {}", e.error))?;
    Ok(())
}

/// Give the new file the old one's owner and group (a no-op unless they differ, which
/// only root can usually fix; failures are ignored, as with `cp`).
#[cfg(unix)]
fn keep_owner(file: &std::fs::File, meta: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    if let Ok(now) = file.metadata()
        && (now.uid() != meta.uid() || now.gid() != meta.gid())
    {
        let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &std::fs::File, _meta: &std::fs::Metadata) {}

/// [`clean_stale`] each directory once per process.
fn clean_stale_once(dir: &Path) {
    static DONE: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    let mut done = DONE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if done
        .get_or_insert_with(HashSet::new)
        .insert(dir.to_path_buf())
    {
        clean_stale(dir);
    }
}

/// Delete the `.sturdy-*.tmp` files in `dir` that no live process holds: leftovers of
/// killed runs. Returns how many were deleted. Errors are ignored (best effort).
pub fn clean_stale(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !(name.starts_with(PREFIX) && name.ends_with(SUFFIX)) {
            continue;
        }
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let Ok(file) = std::fs::File::open(&path) else {
            continue;
        };
        // A live writer holds the lock; a dead one's lock is gone.
        if file.try_lock().is_ok() && std::fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_temp_files_are_removed_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".sturdy-abc123.tmp");
        std::fs::write(&stale, "partial").unwrap();
        let live = dir.path().join(".sturdy-live99.tmp");
        std::fs::write(&live, "partial").unwrap();
        let held = std::fs::File::open(&live).unwrap();
        held.lock().unwrap();
        let other = dir.path().join("sturdy-abc.tmp");
        std::fs::write(&other, "not ours").unwrap();
        assert_eq!(clean_stale(dir.path()), 1);
        assert!(!stale.exists());
        assert!(live.exists());
        assert!(other.exists());
        drop(held);
        assert_eq!(clean_stale(dir.path()), 1);
        assert!(!live.exists());
    }

    #[test]
    fn refuses_when_the_file_changed_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.py");
        std::fs::write(&p, "x = 2\n").unwrap();
        let err = write_atomic_if_unchanged(&p, "x = 1\n", "y = 1\n").unwrap_err();
        assert!(err.contains("changed on disk"), "{err}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "x = 2\n");
        write_atomic_if_unchanged(&p, "x = 2\n", "y = 1\n").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "y = 1\n");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1);
    }
}
