//! Writing results back to disk, atomically: a temp file in the same directory,
//! then a rename, so a failure (or a kill) mid-run leaves each file either wholly old
//! or wholly new.

use std::io::Write;
use std::path::Path;

/// Write `text` over `path` atomically: a temp file in the same directory, then a
/// rename. Symlinks are followed (the target is written); permissions are kept.
pub fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    let target = std::fs::canonicalize(path).map_err(|e| format!("cannot write: {e}"))?;
    let meta = std::fs::metadata(&target).map_err(|e| format!("cannot write: {e}"))?;
    if meta.permissions().readonly() {
        return Err(
            "cannot write: the file is read-only (make it writable to apply the change)".into(),
        );
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".sturdy-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| {
            format!(
                "cannot write: cannot create a temp file in {}: {e}",
                dir.display()
            )
        })?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| format!("cannot write: {e}"))?;
    tmp.as_file()
        .set_permissions(meta.permissions())
        .map_err(|e| format!("cannot write: {e}"))?;
    tmp.persist(&target)
        .map_err(|e| format!("cannot write: {}", e.error))?;
    Ok(())
}

