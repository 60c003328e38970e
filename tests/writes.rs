//! What `--write` keeps, and what sturdy refuses to read: concurrent edits, hard links,
//! owner/group/mode/ACL/extended attributes, special files, huge files, and
//! address-space limits. (Issue 16, items 1, 2, 3, 6 and 7.)
//!
//! Tests that need an OS feature (root, extended attributes, ACLs) print why they
//! skip themselves where it is missing.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

mod common;
use common::{DEL, DEL_OUT, text};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_sturdy")
}

fn sturdy(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// Files sturdy leaves next to the ones it writes (none may remain).
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(".sturdy-"))
        })
        .collect();
    v.sort();
    v
}

fn is_root() -> bool {
    // SAFETY: no preconditions.
    unsafe { libc::geteuid() == 0 }
}

// ---------------------------------------------------------------------------------
// 1. Concurrent edits

/// An edit that lands after sturdy read the file and right before it replaces it is
/// kept, and the write is refused with `changed on disk while sturdy ran`: whether the
/// editor rewrites the file in place or replaces it by a rename.
#[test]
fn an_edit_made_while_sturdy_writes_is_never_lost() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.py");
    type Edit = fn(&Path);
    let edits: [(&str, Edit); 2] = [
        ("in place", |p| fs::write(p, "x = 2  # edited\n").unwrap()),
        ("by rename", |p| {
            let tmp = p.with_file_name("a.py.swp");
            fs::write(&tmp, "x = 2  # edited\n").unwrap();
            fs::rename(&tmp, p).unwrap();
        }),
    ];
    for (how, edit) in edits {
        fs::write(&p, "x = 1\n").unwrap();
        let err = sturdy::write::write_with(&p, Some(b"x = 1\n"), "y = 1\n", &mut || edit(&p))
            .unwrap_err();
        assert!(
            err.contains("changed on disk while sturdy ran"),
            "{how}: {err}"
        );
        assert_eq!(
            fs::read_to_string(&p).unwrap(),
            "x = 2  # edited\n",
            "{how}: the edit is kept"
        );
        assert!(leftovers(dir.path()).is_empty(), "{how}");
    }
    // Without an edit, the write goes through.
    fs::write(&p, "x = 1\n").unwrap();
    sturdy::write::write_with(&p, Some(b"x = 1\n"), "y = 1\n", &mut || {}).unwrap();
    assert_eq!(fs::read_to_string(&p).unwrap(), "y = 1\n");
    assert!(leftovers(dir.path()).is_empty());
}

/// The same for a file written in place (it has a second hard link).
#[test]
fn an_edit_made_while_sturdy_writes_in_place_is_never_lost() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.py");
    fs::write(&p, "x = 1\n").unwrap();
    fs::hard_link(&p, dir.path().join("b.py")).unwrap();
    let err = sturdy::write::write_with(&p, Some(b"x = 1\n"), "y = 1\n", &mut || {
        fs::write(&p, "x = 2  # edited\n").unwrap();
    })
    .unwrap_err();
    assert!(err.contains("changed on disk while sturdy ran"), "{err}");
    assert_eq!(fs::read_to_string(&p).unwrap(), "x = 2  # edited\n");
    assert!(leftovers(dir.path()).is_empty());
}

// ---------------------------------------------------------------------------------
// 2. Hard links

#[test]
fn hard_linked_files_are_written_through_their_inode() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.py"), DEL).unwrap();
    fs::hard_link(d.join("a.py"), d.join("b.py")).unwrap();
    let ino = fs::metadata(d.join("a.py")).unwrap().ino();
    let out = sturdy(d, &["--write", "a.py"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let (a, b) = (
        fs::metadata(d.join("a.py")).unwrap(),
        fs::metadata(d.join("b.py")).unwrap(),
    );
    assert_eq!(a.ino(), ino, "a.py keeps its inode");
    assert_eq!(b.ino(), ino);
    assert_eq!(a.nlink(), 2);
    assert_eq!(fs::read_to_string(d.join("b.py")).unwrap(), DEL_OUT);
    assert_eq!(fs::read_to_string(d.join("a.py")).unwrap(), DEL_OUT);
    assert!(leftovers(d).is_empty(), "{:?}", leftovers(d));
}

// ---------------------------------------------------------------------------------
// 3. Owner, group, mode, ACL, extended attributes

fn cstr(p: &Path) -> std::ffi::CString {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::CString::new(p.as_os_str().as_bytes()).unwrap()
}

fn set_xattr(p: &Path, name: &str, value: &[u8]) -> Result<(), std::io::Error> {
    let name = std::ffi::CString::new(name).unwrap();
    // SAFETY: valid NUL-terminated strings and a live buffer.
    let r = unsafe {
        libc::setxattr(
            cstr(p).as_ptr(),
            name.as_ptr(),
            value.as_ptr().cast(),
            value.len(),
            0,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

fn get_xattr(p: &Path, name: &str) -> Option<Vec<u8>> {
    let name = std::ffi::CString::new(name).unwrap();
    let mut buf = vec![0u8; 4096];
    // SAFETY: as above.
    let n = unsafe {
        libc::getxattr(
            cstr(p).as_ptr(),
            name.as_ptr(),
            buf.as_mut_ptr().cast(),
            buf.len(),
        )
    };
    let n = usize::try_from(n).ok()?;
    buf.truncate(n);
    Some(buf)
}

/// A POSIX ACL in the kernel's `system.posix_acl_access` format (what `setfacl -m
/// u:12345:r` gives a 0644 file): owner rw-, user 12345 r--, group r--, mask r--,
/// other r--.
fn acl() -> Vec<u8> {
    let mut v = 2u32.to_le_bytes().to_vec();
    for (tag, perm, id) in [
        (0x01u16, 6u16, u32::MAX), // ACL_USER_OBJ
        (0x02, 4, 12345),          // ACL_USER
        (0x04, 4, u32::MAX),       // ACL_GROUP_OBJ
        (0x10, 4, u32::MAX),       // ACL_MASK
        (0x20, 4, u32::MAX),       // ACL_OTHER
    ] {
        v.extend(tag.to_le_bytes());
        v.extend(perm.to_le_bytes());
        v.extend(id.to_le_bytes());
    }
    v
}

#[test]
fn extended_attributes_and_acls_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = d.join("a.py");
    fs::write(&p, DEL).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o644)).unwrap();
    if let Err(e) = set_xattr(&p, "user.sturdy-test", b"kept") {
        eprintln!("skipped: this filesystem has no user extended attributes ({e})");
        return;
    }
    let have_acl = match set_xattr(&p, "system.posix_acl_access", &acl()) {
        Ok(()) => true,
        Err(e) => {
            eprintln!("ACL part skipped: this filesystem has no POSIX ACLs ({e})");
            false
        }
    };
    let acl_before = get_xattr(&p, "system.posix_acl_access");
    let mode_before = fs::metadata(&p).unwrap().mode() & 0o7777;
    let out = sturdy(d, &["--write", "a.py"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(fs::read_to_string(&p).unwrap(), DEL_OUT);
    assert_eq!(
        get_xattr(&p, "user.sturdy-test").as_deref(),
        Some(&b"kept"[..])
    );
    if have_acl {
        assert_eq!(get_xattr(&p, "system.posix_acl_access"), acl_before);
    }
    assert_eq!(
        fs::metadata(&p).unwrap().mode() & 0o7777,
        mode_before,
        "the group bits (the ACL mask) are unchanged"
    );
    assert!(leftovers(d).is_empty());
}

/// A file whose directory has a default ACL must not gain that ACL when rewritten.
#[test]
fn a_default_acl_of_the_directory_is_not_added() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("shared");
    fs::create_dir(&d).unwrap();
    let p = d.join("a.py");
    fs::write(&p, DEL).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
    if let Err(e) = set_xattr(&d, "system.posix_acl_default", &acl()) {
        eprintln!("skipped: this filesystem has no POSIX ACLs ({e})");
        return;
    }
    let out = sturdy(&d, &["--write", "a.py"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(fs::read_to_string(&p).unwrap(), DEL_OUT);
    assert_eq!(get_xattr(&p, "system.posix_acl_access"), None);
    assert_eq!(fs::metadata(&p).unwrap().mode() & 0o7777, 0o640);
}

/// setuid/setgid/sticky bits and another owner survive (`chown` clears setuid, so it
/// must come before `chmod`). Needs root to give the file another owner.
#[test]
fn setuid_bits_and_owner_are_kept() {
    if !is_root() {
        eprintln!("skipped: needs root to give a file another owner");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = d.join("tool.py");
    fs::write(&p, DEL).unwrap();
    std::os::unix::fs::chown(&p, Some(12345), Some(23456)).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o6755)).unwrap();
    let out = sturdy(d, &["--write", "tool.py"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let m = fs::metadata(&p).unwrap();
    assert_eq!(fs::read_to_string(&p).unwrap(), DEL_OUT);
    assert_eq!((m.uid(), m.gid()), (12345, 23456));
    assert_eq!(m.mode() & 0o7777, 0o6755);
    // The sticky bit too.
    fs::set_permissions(&p, fs::Permissions::from_mode(0o1644)).unwrap();
    fs::write(&p, DEL).unwrap();
    let out = sturdy(d, &["--write", "tool.py"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(fs::metadata(&p).unwrap().mode() & 0o7777, 0o1644);
}

/// Run by another user on a file it may write but not own, sturdy keeps the owner
/// (it rewrites the file in place rather than replacing it with a file of its own).
#[test]
fn another_users_writable_file_keeps_its_owner() {
    if !is_root() {
        eprintln!("skipped: needs root to run sturdy as another user");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let d = dir.path().join("proj");
    fs::create_dir(&d).unwrap();
    std::os::unix::fs::chown(&d, Some(65534), Some(65534)).unwrap();
    let p = d.join("a.py");
    fs::write(&p, DEL).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o666)).unwrap();
    let binary_reachable = Path::new(bin())
        .ancestors()
        .skip(1)
        .all(|a| fs::metadata(a).is_ok_and(|m| m.mode() & 0o001 != 0));
    if !binary_reachable {
        eprintln!("skipped: the sturdy binary is not reachable by another user");
        return;
    }
    use std::os::unix::process::CommandExt;
    let out = Command::new(bin())
        .args(["--write", "a.py"])
        .current_dir(&d)
        .uid(65534)
        .gid(65534)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let m = fs::metadata(&p).unwrap();
    assert_eq!(fs::read_to_string(&p).unwrap(), DEL_OUT);
    assert_eq!((m.uid(), m.gid()), (0, 0), "the owner stays root");
    assert_eq!(m.mode() & 0o7777, 0o666);
    assert!(leftovers(&d).is_empty(), "{:?}", leftovers(&d));
}

// ---------------------------------------------------------------------------------
// 6. Special files named on the command line

/// Run with a deadline: opening a FIFO for reading would block forever.
fn sturdy_with_deadline(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("sturdy {args:?} hangs (it opened a FIFO for reading?)");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn special_files_named_explicitly_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("good.py"), DEL).unwrap();
    let fifo = d.join("fifo.py");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(cstr(&fifo).as_ptr(), 0o644) }, 0);
    let _socket = std::os::unix::net::UnixListener::bind(d.join("sock.py")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.py")).unwrap();
    for (name, kind) in [
        ("fifo.py", "a FIFO (named pipe)"),
        ("sock.py", "a socket"),
        ("zero.py", "a character device"),
    ] {
        let out = sturdy_with_deadline(d, &["--check", name, "good.py"]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains(&format!(
                "{name}: error: this is {kind}, not a regular file"
            )),
            "{name}: {err}"
        );
        assert!(err.contains("1 file scanned, 1 file would change"), "{err}");
    }
    // The library never blocks on a FIFO either (a path that became one).
    let config = sturdy::runner::Config {
        codemods: sturdy::codemods::ALL.to_vec(),
        options: Default::default(),
        jobs: 1,
        progress: None,
    };
    let outcomes = sturdy::runner::run(
        vec![sturdy::runner::Input {
            display: "fifo.py".into(),
            path: Some(fifo),
            content: None,
        }],
        &config,
    );
    match &outcomes[0].status {
        sturdy::runner::Status::Error(e) => assert!(e.contains("a FIFO"), "{e}"),
        s => panic!("{s:?}"),
    }
}

// ---------------------------------------------------------------------------------
// 7. Huge files, address-space limits

#[test]
fn files_over_the_size_limit_are_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Just over the 20 MB default: a valid module of one long comment.
    let mut big = DEL.to_string();
    big.push('#');
    big.push_str(&"x".repeat((20 << 20) - big.len()));
    big.push('\n');
    fs::write(d.join("big.py"), &big).unwrap();
    fs::write(d.join("small.py"), DEL).unwrap();
    let out = sturdy(d, &["--check", "."]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("big.py: error: the file is 20.0 MB, over the 20 MB limit; it is left unchanged (raise `max-file-size`"),
        "{err}"
    );
    assert!(text(&out.stdout).contains("+++ b/small.py"));
    // Raised on the command line, or in the configuration.
    let out = sturdy(d, &["--check", "--max-file-size", "21MB", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    fs::write(d.join("sturdy.toml"), "max-file-size = \"1KB\"\n").unwrap();
    let out = sturdy(d, &["--check", "small.py"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    fs::write(d.join("sturdy.toml"), "max-file-size = 100\n").unwrap();
    let out = sturdy(d, &["--check", "small.py"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("small.py: error: the file is 129 bytes, over the 100 bytes limit"),
        "{err}"
    );
    fs::write(d.join("sturdy.toml"), "\nmax-file-size = \"huge\"\n").unwrap();
    let out = sturdy(d, &["--check", "small.py"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("sturdy.toml:2: `max-file-size`: expected a size"),
        "{err}"
    );
    let out = sturdy(d, &["--check", "--max-file-size", "lots", "small.py"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("expected a size"));
}

/// Under an address-space limit too small for sturdy's usual 256 MB thread stacks the
/// run still completes (smaller stacks, fewer threads): never a panic.
#[cfg(target_os = "linux")]
#[test]
fn a_small_address_space_limit_is_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for i in 0..8 {
        fs::write(d.join(format!("m{i}.py")), DEL).unwrap();
    }
    for kb in ["500000", "200000"] {
        let out = Command::new("sh")
            .args([
                "-c",
                &format!("ulimit -v {kb} && exec \"$0\" --check -j 4 ."),
                bin(),
            ])
            .current_dir(d)
            .output()
            .unwrap();
        let err = text(&out.stderr);
        assert!(!err.contains("panicked"), "ulimit -v {kb}: {err}");
        assert_eq!(out.status.code(), Some(1), "ulimit -v {kb}: {err}");
        assert!(
            err.contains("8 files scanned, 8 files would change"),
            "ulimit -v {kb}: {err}"
        );
    }
}
