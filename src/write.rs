//! Reading sources and writing results back to disk without losing anything.
//!
//! **Reading** ([`read_source`]): only regular files, at most [`max_file_size`] bytes. A
//! FIFO, socket or device is refused without being read (a FIFO is opened without
//! blocking and never read from).
//!
//! **Writing** ([`write_atomic_if_unchanged`]): each file ends up either wholly old or
//! wholly new, keeps its inode's other names, its owner, group, mode bits (setuid,
//! setgid and sticky included), ACL and extended attributes, and a concurrent edit is
//! never silently overwritten:
//!
//! 1. The file is opened and locked (`flock`; this serialises sturdy runs writing the
//!    same file) and its content compared with what sturdy read.
//! 2. Usually: the new text goes to a temp file in the same directory, which gets the
//!    old file's owner and group (first: `chown` clears setuid/setgid), extended
//!    attributes (an ACL is the `system.posix_acl_access` attribute) and mode. Then, on
//!    Linux, `renameat2(RENAME_EXCHANGE)` swaps it in and the file swapped out is
//!    compared with what sturdy read: if it differs, somebody edited the file since it
//!    was read, the swap is undone and the write reported as `changed on disk while
//!    sturdy ran`. Elsewhere (or on a filesystem without the exchange) the content is
//!    compared right before a plain rename.
//! 3. In place, when a new file cannot carry everything: the file has several hard
//!    links (a new inode would leave the other names with the old text), or its owner,
//!    group, mode or attributes cannot be given to a new file (another user's file).
//!    The new text is first written and synced to `.sturdy-NAME.XXXXXX.new` next to
//!    the file, so that a crash while the file itself is rewritten leaves the complete
//!    new text on disk; then the content is compared once more and the file rewritten
//!    through its own inode.
//!
//! A run that is killed between creating its temp file and renaming it leaves that
//! `.sturdy-*.tmp` file behind. Each temp file is locked (`flock`) by the process
//! writing it, and the lock dies with the process, so a `--write` run deletes every
//! unlocked `.sturdy-*.tmp` in each directory holding a file it processes (before its
//! first write there): stale temp files never accumulate, and a concurrent run's live
//! temp file is left alone. (The file a swap
//! moves out is the locked original, so it is never taken for a stale temp file.)

use std::collections::HashSet;
use std::ffi::OsString;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Temp file names: `.sturdy-XXXXXX.tmp`.
const PREFIX: &str = ".sturdy-";
const SUFFIX: &str = ".tmp";
/// The new text of a file written in place: `.sturdy-NAME.XXXXXX.new` (kept if the
/// run dies mid-write).
const KEEP_SUFFIX: &str = ".new";

/// The default of `max-file-size`: 20 MB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 20 << 20;

static MAX_FILE_SIZE: AtomicU64 = AtomicU64::new(DEFAULT_MAX_FILE_SIZE);

/// Set the largest file [`read_source`] reads (`max-file-size`), for the files read
/// from now on.
pub fn set_max_file_size(bytes: u64) {
    MAX_FILE_SIZE.store(bytes, Ordering::Relaxed);
}

/// The largest file [`read_source`] reads.
pub fn max_file_size() -> u64 {
    MAX_FILE_SIZE.load(Ordering::Relaxed)
}

/// Parse a size: a number of bytes, or a number with a unit `B`, `KB`, `MB` or `GB`
/// (binary: 1 KB = 1024 bytes; case and a space before the unit do not matter).
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let split = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let unit = unit.trim().to_ascii_lowercase();
    let scale: u64 = match unit.as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return None,
    };
    if number.is_empty() {
        return None;
    }
    if let Ok(n) = number.parse::<u64>() {
        return n.checked_mul(scale);
    }
    let f: f64 = number.parse().ok()?;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let bytes = (f * scale as f64) as u64;
    (f.is_finite() && f >= 0.0).then_some(bytes)
}

/// A size for messages: `20 MB`, `1.5 MB`, `300 KB`, `12 bytes`.
pub fn human_size(n: u64) -> String {
    const MB: u64 = 1 << 20;
    if n >= MB {
        if n.is_multiple_of(MB) {
            format!("{} MB", n / MB)
        } else {
            #[allow(clippy::cast_precision_loss)]
            let mb = n as f64 / MB as f64;
            format!("{mb:.1} MB")
        }
    } else if n >= 1024 && n.is_multiple_of(1024) {
        format!("{} KB", n / 1024)
    } else {
        format!("{n} bytes")
    }
}

/// The error for a file over the size limit.
pub fn too_large(len: u64, max: u64) -> String {
    format!(
        "the file is {}, over the {} limit; it is left unchanged (raise `max-file-size` in the configuration, or pass --max-file-size, to process it)",
        human_size(len),
        human_size(max)
    )
}

/// What kind of thing a non-regular file is, for messages: `a FIFO (named pipe)`.
pub fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
    }
    if t.is_dir() {
        "a directory"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

/// The error for a path that is neither a regular file nor a directory.
pub fn not_regular(meta: &std::fs::Metadata) -> String {
    format!(
        "this is {}, not a regular file; sturdy reads only regular files and walks directories, so it is left alone (name a Python source file or a directory instead)",
        kind_of(meta)
    )
}

/// Read a source file: a regular file of at most [`max_file_size`] bytes. Anything
/// else is refused with an error (`cannot read file: ...`), and a FIFO or device is
/// never read from.
pub fn read_source(path: &Path) -> Result<Vec<u8>, String> {
    let max = max_file_size();
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a FIFO for reading blocks until a writer comes: never wait.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options
        .open(path)
        .map_err(|e| format!("cannot read file: {e}"))?;
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot read file: {e}"))?;
    if !meta.is_file() {
        return Err(format!("cannot read file: {}", not_regular(&meta)));
    }
    if meta.len() > max {
        return Err(too_large(meta.len(), max));
    }
    // Room for the whole file and one byte more: one read takes it all and one more
    // sees its end (`read_to_end` through `Take` would read in growing 8 KiB chunks,
    // a third more system calls on a tree; `File::read_to_end` asks the size again).
    let len = usize::try_from(meta.len()).unwrap_or(0);
    let mut bytes = vec![0u8; len.saturating_add(1)];
    let mut filled = 0;
    loop {
        if filled == bytes.len() {
            if filled as u64 > max {
                // It grew while being read.
                return Err(too_large(filled as u64, max));
            }
            bytes.resize(filled + (8 << 10), 0);
        }
        match (&file).read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(format!("cannot read file: {e}")),
        }
    }
    if filled as u64 > max {
        return Err(too_large(filled as u64, max));
    }
    bytes.truncate(filled);
    Ok(bytes)
}

/// Write `text` over `path`, keeping everything (see the module docs). Symlinks are
/// followed: the target is written, the link stays a link.
pub fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    write_with(path, None, text, &mut || {})
}

/// Create a new file at `path` holding `text`, only if nothing exists there: the text
/// is written to a temporary file in the same directory first, then linked into place
/// (which fails if `path` appeared meanwhile), so the file is never seen half-written.
pub fn create_new(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".sturdy-new-")
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create: {e}"))?;
    readable_like_neighbours(tmp.as_file())?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| format!("cannot create: {e}"))?;
    match std::fs::hard_link(tmp.path(), path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(
            "cannot create: the file appeared while sturdy ran; it is left as it is (run sturdy again)"
                .to_string(),
        ),
        // No hard links here (some file systems): keep the temporary file instead.
        Err(_) => tmp
            .persist_noclobber(path)
            .map(|_| ())
            .map_err(|e| format!("cannot create: {}", e.error)),
    }
}

/// Like [`write_atomic`], but refuses (with an error that says `changed on disk while
/// sturdy ran`) when the file no longer holds `original`: somebody edited it since it
/// was read, and writing would lose that edit.
pub fn write_atomic_if_unchanged(path: &Path, original: &str, text: &str) -> Result<(), String> {
    write_with(path, Some(original.as_bytes()), text, &mut || {})
}

/// The error for a file that changed since sturdy read it.
fn changed() -> String {
    "cannot write: the file changed on disk while sturdy ran; it is left as it is now (run sturdy again to migrate the new content)".to_string()
}

fn cannot(e: impl std::fmt::Display) -> String {
    format!("cannot write: {e}")
}

/// [`write_atomic_if_unchanged`] (or [`write_atomic`] without `original`), calling
/// `before_replace` right before the file is replaced or rewritten: for tests that
/// edit the file at the worst moment.
#[doc(hidden)]
pub fn write_with(
    path: &Path,
    original: Option<&[u8]>,
    text: &str,
    before_replace: &mut dyn FnMut(),
) -> Result<(), String> {
    let target = std::fs::canonicalize(path).map_err(cannot)?;
    let meta = std::fs::metadata(&target).map_err(cannot)?;
    if !meta.is_file() {
        return Err(format!("cannot write: {}", not_regular(&meta)));
    }
    if meta.permissions().readonly() {
        return Err(
            "cannot write: the file is read-only (make it writable to apply the change)".into(),
        );
    }
    let old = open_locked(&target)?;
    let meta = old.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(format!("cannot write: {}", not_regular(&meta)));
    }
    if let Some(original) = original
        && read_all(&old).map_err(cannot)? != original
    {
        return Err(changed());
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    clean_stale_once(dir);
    if links(&meta) > 1 {
        return write_in_place(&target, &old, original, text, before_replace);
    }
    let mut tmp = new_temp(dir, PREFIX.as_ref(), SUFFIX)?;
    // Held until the temp file is renamed or deleted: marks it as live for other runs.
    let _ = tmp.as_file().lock();
    readable_like_neighbours(tmp.as_file())?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(cannot)?;
    if !carry_metadata(&old, tmp.as_file(), &meta) {
        // A new file cannot be given everything the old one has: write in place.
        drop(tmp);
        return write_in_place(&target, &old, original, text, before_replace);
    }
    before_replace();
    replace(tmp, &target, original)
}

/// Create a temp file in `dir` named `PREFIX…XXXXXX…suffix`.
fn new_temp(
    dir: &Path,
    prefix: &std::ffi::OsStr,
    suffix: &str,
) -> Result<tempfile::NamedTempFile, String> {
    tempfile::Builder::new()
        .prefix(prefix)
        .suffix(suffix)
        .tempfile_in(dir)
        .map_err(|e| {
            // tempfile's error names the temp file, which never existed: show the cause.
            let message = e.to_string();
            let cause = message.split(" at path \"").next().unwrap_or_default();
            format!(
                "cannot write: cannot create a temp file in {}: {cause}",
                crate::report::quote_path(dir.as_os_str())
            )
        })
}

/// Open `target` for reading and take its `flock`, waiting up to 10 s for another
/// sturdy run writing it. Filesystems without `flock` are written without the lock.
fn open_locked(target: &Path) -> Result<File, String> {
    let file = File::open(target).map_err(cannot)?;
    for _ in 0..1000 {
        match file.try_lock() {
            Ok(()) | Err(std::fs::TryLockError::Error(_)) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
        }
    }
    Err("cannot write: another process has held a lock (flock) on the file for over 10 s; run sturdy again once it is released".into())
}

/// The whole content of an open file, read from its start.
fn read_all(file: &File) -> std::io::Result<Vec<u8>> {
    use std::io::Seek;
    let mut f = file;
    f.seek(std::io::SeekFrom::Start(0))?;
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(unix)]
fn links(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn links(_meta: &std::fs::Metadata) -> u64 {
    1
}

/// Put the complete temp file in place of `target`; with `original`, only if the
/// file replaced still holds it (else the replacement is undone where possible).
fn replace(
    tmp: tempfile::NamedTempFile,
    target: &Path,
    original: Option<&[u8]>,
) -> Result<(), String> {
    #[cfg(target_os = "linux")]
    {
        match exchange(tmp.path(), target) {
            Ok(()) => {
                // The temp path now names the file that was at `target`.
                if let Some(original) = original {
                    let out = std::fs::read(tmp.path());
                    if out.as_deref().ok() != Some(original) {
                        // Somebody's edit (or replacement) came in since sturdy read the
                        // file: put it back. Dropping `tmp` then deletes sturdy's text.
                        if out.is_ok() {
                            exchange(tmp.path(), target).map_err(|e| {
                                format!("{}; undoing the write failed too: {e}", changed())
                            })?;
                        }
                        return Err(changed());
                    }
                }
                // Delete the old file (now at the temp path).
                return tmp.close().map_err(cannot);
            }
            Err(e) if exchange_unsupported(&e) => {}
            Err(e) => return Err(cannot(e)),
        }
    }
    // No atomic exchange here: compare as late as possible, then rename.
    if let Some(original) = original {
        let now = std::fs::read(target).map_err(cannot)?;
        if now != original {
            return Err(changed());
        }
    }
    tmp.persist(target).map_err(|e| cannot(e.error))?;
    Ok(())
}

/// `renameat2(a, b, RENAME_EXCHANGE)`: swap two paths atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let a = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let b = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Whether an exchange failed only because the kernel or filesystem lacks it.
#[cfg(target_os = "linux")]
fn exchange_unsupported(e: &std::io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
    )
}

/// Rewrite `target` through its own inode (see the module docs, step 3).
fn write_in_place(
    target: &Path,
    old: &File,
    original: Option<&[u8]>,
    text: &str,
    before_replace: &mut dyn FnMut(),
) -> Result<(), String> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut prefix = OsString::from(PREFIX);
    prefix.push(target.file_name().unwrap_or_default());
    prefix.push(".");
    let mut keep = new_temp(dir, &prefix, KEEP_SUFFIX)?;
    let _ = keep.as_file().lock();
    keep.write_all(text.as_bytes())
        .and_then(|()| keep.as_file().sync_all())
        .map_err(cannot)?;
    before_replace();
    let before = old.metadata().map_err(cannot)?;
    let now = read_all(old).map_err(cannot)?;
    if original.is_some_and(|o| o != now) {
        return Err(changed());
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(target)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::PermissionDenied {
                "cannot write: permission denied; a new file could not be given this file's owner, group, mode or attributes, so sturdy must rewrite it in place, which takes write permission on the file itself (make it writable, or run sturdy as its owner)".to_string()
            } else {
                cannot(e)
            }
        })?;
    if !same_file(&file, &before) {
        // Replaced since it was opened: somebody else's file now.
        return Err(changed());
    }
    reserve(&file, now.len(), text.len())?;
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| file.set_len(text.len() as u64))
        .and_then(|()| file.sync_all());
    if let Err(e) = written {
        // Put the old text back (its blocks exist); keep the new text's copy if not.
        let restored = std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(0))
            .and_then(|_| file.write_all(&now))
            .and_then(|()| file.set_len(now.len() as u64))
            .and_then(|()| file.sync_all());
        if restored.is_ok() {
            return Err(format!("cannot write: {e}; the file is unchanged"));
        }
        let (_, kept) = keep.keep().map_err(|k| cannot(k.error))?;
        return Err(format!(
            "cannot write: {e}; the file may be partly written: its complete new text is in {}",
            crate::report::quote_path(kept.as_os_str())
        ));
    }
    let _ = keep.close();
    restore_mode(&file, &before)
}

/// Reserve the blocks a longer text needs before overwriting anything, so that a full
/// disk is found while the file is still whole.
fn reserve(file: &File, old_len: usize, new_len: usize) -> Result<(), String> {
    #[cfg(target_os = "linux")]
    if new_len > old_len {
        let len = libc::off_t::try_from(new_len).map_err(cannot)?;
        // SAFETY: a valid open file descriptor.
        let r =
            unsafe { libc::posix_fallocate(std::os::unix::io::AsRawFd::as_raw_fd(file), 0, len) };
        if r != 0 && r != libc::EOPNOTSUPP && r != libc::EINVAL {
            let _ = file.set_len(old_len as u64);
            return Err(format!(
                "cannot write: {}; the file is unchanged",
                std::io::Error::from_raw_os_error(r)
            ));
        }
    }
    let _ = (file, old_len, new_len);
    Ok(())
}

#[cfg(unix)]
fn same_file(file: &File, meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    file.metadata()
        .is_ok_and(|m| m.dev() == meta.dev() && m.ino() == meta.ino())
}

#[cfg(not(unix))]
fn same_file(_file: &File, _meta: &std::fs::Metadata) -> bool {
    true
}

/// A write by a process without `CAP_FSETID` clears setuid/setgid: set them again.
#[cfg(unix)]
fn restore_mode(file: &File, before: &std::fs::Metadata) -> Result<(), String> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let mode = before.mode() & 0o7777;
    if file.metadata().is_ok_and(|m| m.mode() & 0o7777 == mode) {
        return Ok(());
    }
    file.set_permissions(std::fs::Permissions::from_mode(mode))
        .map_err(|e| {
            format!(
                "the file was written, but the system cleared its mode bits to {:o} and they cannot be set back to {mode:o} ({e}); restore them with `chmod {mode:o}`",
                file.metadata().map_or(0, |m| m.mode() & 0o7777)
            )
        })
}

#[cfg(not(unix))]
fn restore_mode(_file: &File, _before: &std::fs::Metadata) -> Result<(), String> {
    Ok(())
}

/// Give `new` the owner, group, extended attributes (ACL included) and mode of `old`
/// (in that order: `chown` clears setuid/setgid, setting an ACL changes the mode's
/// group bits). `false` when any of it could not be done.
#[cfg(unix)]
fn carry_metadata(old: &File, new: &File, meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let Ok(now) = new.metadata() else {
        return false;
    };
    if (now.uid() != meta.uid() || now.gid() != meta.gid())
        && std::os::unix::fs::fchown(new, Some(meta.uid()), Some(meta.gid())).is_err()
    {
        return false;
    }
    #[cfg(target_os = "linux")]
    if !xattr::copy(old, new) {
        return false;
    }
    let _ = old;
    let mode = meta.mode() & 0o7777;
    if new
        .set_permissions(std::fs::Permissions::from_mode(mode))
        .is_err()
    {
        return false;
    }
    new.metadata()
        .is_ok_and(|m| m.uid() == meta.uid() && m.gid() == meta.gid() && m.mode() & 0o7777 == mode)
}

#[cfg(not(unix))]
fn carry_metadata(_old: &File, new: &File, meta: &std::fs::Metadata) -> bool {
    new.set_permissions(meta.permissions()).is_ok()
}

/// Extended attributes through file descriptors (`flistxattr`, `fgetxattr`,
/// `fsetxattr`, `fremovexattr`).
#[cfg(target_os = "linux")]
mod xattr {
    use std::ffi::CString;
    use std::fs::File;
    use std::os::unix::io::AsRawFd;

    /// Call `f(buffer, size)` (a size query with an empty buffer first) until the
    /// value fits; `None` on an error other than "no such attribute support".
    fn sized(mut f: impl FnMut(*mut libc::c_void, usize) -> isize) -> Option<Vec<u8>> {
        for _ in 0..8 {
            let n = f(std::ptr::null_mut(), 0);
            if n < 0 {
                let e = std::io::Error::last_os_error().raw_os_error();
                return (e == Some(libc::ENOTSUP)).then(Vec::new);
            }
            let mut buf = vec![0u8; n.unsigned_abs()];
            let m = f(buf.as_mut_ptr().cast(), buf.len());
            if m >= 0 {
                buf.truncate(m.unsigned_abs());
                return Some(buf);
            }
            if std::io::Error::last_os_error().raw_os_error() != Some(libc::ERANGE) {
                return None;
            }
        }
        None
    }

    fn names(file: &File) -> Option<Vec<CString>> {
        let fd = file.as_raw_fd();
        // SAFETY: the buffer pointer and size come from `sized`, which owns the buffer.
        let list = sized(|buf, size| unsafe { libc::flistxattr(fd, buf.cast(), size) })?;
        Some(
            list.split(|&b| b == 0)
                .filter(|n| !n.is_empty())
                .filter_map(|n| CString::new(n).ok())
                .collect(),
        )
    }

    /// Copy every attribute of `from` to `to`, and remove those `to` has and `from`
    /// has not (an ACL inherited from the directory's default ACL).
    pub fn copy(from: &File, to: &File) -> bool {
        let (Some(have), Some(extra)) = (names(from), names(to)) else {
            return false;
        };
        let (src, dst) = (from.as_raw_fd(), to.as_raw_fd());
        for name in &have {
            // SAFETY: as in `names`; `name` is NUL-terminated.
            let Some(value) =
                sized(|buf, size| unsafe { libc::fgetxattr(src, name.as_ptr(), buf, size) })
            else {
                return false;
            };
            // SAFETY: `value` outlives the call.
            let r = unsafe {
                libc::fsetxattr(dst, name.as_ptr(), value.as_ptr().cast(), value.len(), 0)
            };
            if r != 0 {
                return false;
            }
        }
        for name in extra.iter().filter(|n| !have.contains(n)) {
            // SAFETY: `name` is NUL-terminated.
            if unsafe { libc::fremovexattr(dst, name.as_ptr()) } != 0 {
                return false;
            }
        }
        true
    }
}

/// [`clean_stale`] the directory of `path` (after symlinks), once per process. A
/// `--write` run calls it for every file it processes, written or not: a killed run
/// can leave its temp file where the next run has nothing left to write (killed right
/// after swapping the new file in, the temp path holds the old text).
pub fn clean_stale_beside(path: &Path) {
    if let Ok(target) = std::fs::canonicalize(path)
        && let Some(dir) = target.parent()
    {
        clean_stale_once(dir);
    }
}

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
/// (`.sturdy-*.new` files, the new text of a file a killed run was rewriting in
/// place, are kept: they may be the only complete copy.)
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

/// A temporary file is private (0600); a new source file is readable like its
/// neighbours (0644).
fn readable_like_neighbours(file: &std::fs::File) -> Result<(), String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(|e| format!("cannot create: {e}"))?;
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
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
        let kept = dir.path().join(".sturdy-a.py.abc123.new");
        std::fs::write(&kept, "complete new text").unwrap();
        assert_eq!(clean_stale(dir.path()), 1);
        assert!(!stale.exists());
        assert!(live.exists());
        assert!(other.exists());
        assert!(kept.exists());
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

    #[test]
    fn sizes() {
        assert_eq!(parse_size("20MB"), Some(20 << 20));
        assert_eq!(parse_size("20 mb"), Some(20 << 20));
        assert_eq!(parse_size("512KB"), Some(512 << 10));
        assert_eq!(parse_size("1GB"), Some(1 << 30));
        assert_eq!(parse_size("1.5M"), Some(3 << 19));
        assert_eq!(parse_size("1000"), Some(1000));
        assert_eq!(parse_size("12 B"), Some(12));
        assert_eq!(parse_size("MB"), None);
        assert_eq!(parse_size("20 TB"), None);
        assert_eq!(parse_size("-1"), None);
        assert_eq!(human_size(20 << 20), "20 MB");
        assert_eq!(human_size(3 << 19), "1.5 MB");
        assert_eq!(human_size(300 << 10), "300 KB");
        assert_eq!(human_size(12), "12 bytes");
    }
}
