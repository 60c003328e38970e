//! End-to-end tests of the `sturdy` binary on temporary directories.

use std::fs;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use pretty_assertions::assert_eq;

const DEL: &str = "import os\n\n\nclass T:\n    def __init__(self, name):\n        self.name = name\n\n    def __del__(self):\n        os.remove(self.name)\n";
const DEL_OUT: &str = "import os\nimport weakref\n\n\nclass T:\n    def __init__(self, name):\n        self.name = name\n        self._finalizer = weakref.finalize(self, os.remove, self.name)\n";

fn sturdy(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sturdy"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (p, c) in files {
        let path = dir.path().join(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, c).unwrap();
    }
    dir
}

#[test]
fn dry_run_prints_a_diff_and_changes_nothing() {
    let dir = tree(&[("pkg/m.py", DEL.as_bytes())]);
    let out = sturdy(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("--- a/pkg/m.py\n+++ b/pkg/m.py\n@@"),
        "{stdout}"
    );
    assert!(
        stdout
            .contains("+        self._finalizer = weakref.finalize(self, os.remove, self.name)\n")
    );
    assert!(!stdout.contains("\x1b["), "no colour when piped");
    assert_eq!(
        fs::read_to_string(dir.path().join("pkg/m.py")).unwrap(),
        DEL
    );
    assert!(
        text(&out.stderr).contains("1 file scanned, 1 file would change"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn write_writes_and_check_reports() {
    let dir = tree(&[("m.py", DEL.as_bytes()), ("clean.py", b"x = 1\n")]);
    let check = sturdy(dir.path(), &["--check", "."]);
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(fs::read_to_string(dir.path().join("m.py")).unwrap(), DEL);
    let write = sturdy(dir.path(), &["--write"]);
    assert_eq!(write.status.code(), Some(0), "{}", text(&write.stderr));
    assert!(write.stdout.is_empty());
    assert_eq!(
        fs::read_to_string(dir.path().join("m.py")).unwrap(),
        DEL_OUT
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("clean.py")).unwrap(),
        "x = 1\n"
    );
    let again = sturdy(dir.path(), &["--check"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(again.stdout.is_empty());
    // No temp files are left behind.
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[cfg(unix)]
#[test]
fn write_keeps_permissions_and_writes_through_symlinks() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree(&[("real/m.py", DEL.as_bytes())]);
    let real = dir.path().join("real/m.py");
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink(&real, dir.path().join("link.py")).unwrap();
    let out = sturdy(dir.path(), &["--write", "link.py"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        fs::symlink_metadata(dir.path().join("link.py"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&real).unwrap(), DEL_OUT);
    assert_eq!(
        fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[test]
fn unknown_codemod_is_a_usage_error() {
    let dir = tree(&[]);
    let out = sturdy(dir.path(), &["--select", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("unknown codemod `nope`"), "{err}");
    assert!(err.contains("del-to-finalize"), "{err}");
    let out = sturdy(dir.path(), &["--explain", "nope"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn unparsable_file_is_reported_and_untouched_while_others_are_written() {
    let broken = "def broken(:\n    pass\n";
    let dir = tree(&[("bad.py", broken.as_bytes()), ("good.py", DEL.as_bytes())]);
    let out = sturdy(dir.path(), &["--write"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("bad.py:1:12: error: cannot parse"), "{err}");
    assert_eq!(
        fs::read_to_string(dir.path().join("bad.py")).unwrap(),
        broken
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("good.py")).unwrap(),
        DEL_OUT
    );
}

#[test]
fn non_utf8_file_is_reported() {
    let latin1 = b"# -*- coding: latin-1 -*-\n__del__ = '\xe9'\n";
    let dir = tree(&[("l1.py", latin1)]);
    let out = sturdy(dir.path(), &["--write"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("l1.py:2:12: error: the file is encoded as `latin-1`"),
        "{err}"
    );
    assert_eq!(fs::read(dir.path().join("l1.py")).unwrap(), latin1);
}

#[test]
fn stdin_mode() {
    let dir = tree(&[]);
    let run = |args: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sturdy"))
            .args(args)
            .current_dir(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(DEL.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let diff = run(&["-", "--stdin-filename", "svc/m.py"]);
    assert_eq!(diff.status.code(), Some(0));
    assert!(text(&diff.stdout).starts_with("--- a/svc/m.py\n+++ b/svc/m.py\n"));
    let write = run(&["--write", "-"]);
    assert_eq!(text(&write.stdout), DEL_OUT);
}

#[test]
fn output_is_identical_for_any_job_count() {
    let mut files = Vec::new();
    for i in 0..40 {
        files.push((
            format!("d{}/m{i}.py", i % 7),
            DEL.replace("class T", &format!("class T{i}")),
        ));
    }
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_bytes()))
        .collect();
    let dir = tree(&refs);
    let one = sturdy(dir.path(), &["--jobs", "1"]);
    let two = sturdy(dir.path(), &["--jobs", "2"]);
    assert_eq!(one.status.code(), Some(0));
    assert_eq!(text(&one.stdout), text(&two.stdout));
    assert_eq!(text(&one.stderr), text(&two.stderr));
    // Sorted by path.
    let heads: Vec<String> = text(&one.stdout)
        .lines()
        .filter(|l| l.starts_with("--- a/"))
        .map(String::from)
        .collect();
    let mut sorted = heads.clone();
    sorted.sort();
    assert_eq!(heads, sorted);
    assert_eq!(heads.len(), 40);
}

#[test]
fn dry_run_diff_applies_with_git_apply() {
    let crlf = DEL.replace('\n', "\r\n");
    let bom = format!("\u{feff}{DEL}");
    let no_final_newline = DEL.trim_end().to_string();
    let dir = tree(&[
        ("a/plain.py", DEL.as_bytes()),
        ("a/crlf.py", crlf.as_bytes()),
        ("b/bom.py", bom.as_bytes()),
        ("b/nonl.py", no_final_newline.as_bytes()),
    ]);
    let diff = sturdy(dir.path(), &[]);
    let copy = tempfile::tempdir().unwrap();
    for p in ["a/plain.py", "a/crlf.py", "b/bom.py", "b/nonl.py"] {
        fs::create_dir_all(copy.path().join(p).parent().unwrap()).unwrap();
        fs::copy(dir.path().join(p), copy.path().join(p)).unwrap();
    }
    let patch = copy.path().join("changes.patch");
    fs::write(&patch, &diff.stdout).unwrap();
    let applied = Command::new("git")
        .args(["apply", "--unsafe-paths", "-p1", "changes.patch"])
        .current_dir(copy.path())
        .output()
        .unwrap();
    assert!(
        applied.status.success(),
        "git apply failed: {}",
        text(&applied.stderr)
    );
    let write = sturdy(dir.path(), &["--write"]);
    assert_eq!(write.status.code(), Some(0));
    for p in ["a/plain.py", "a/crlf.py", "b/bom.py", "b/nonl.py"] {
        assert_eq!(
            fs::read(copy.path().join(p)).unwrap(),
            fs::read(dir.path().join(p)).unwrap(),
            "{p}: patched copy differs from --write"
        );
    }
    // Line endings and BOM are kept.
    let crlf_out = fs::read_to_string(dir.path().join("a/crlf.py")).unwrap();
    assert_eq!(crlf_out, DEL_OUT.replace('\n', "\r\n"));
    let bom_out = fs::read_to_string(dir.path().join("b/bom.py")).unwrap();
    assert_eq!(bom_out, format!("\u{feff}{DEL_OUT}"));
}

#[test]
fn walking_honours_ignore_files_and_hidden_dirs_but_not_for_explicit_files() {
    let dir = tree(&[
        (".gitignore", b"build/\n"),
        ("build/gen.py", DEL.as_bytes()),
        (".hidden/h.py", DEL.as_bytes()),
        ("src/m.py", DEL.as_bytes()),
        ("src/stub.pyi", b"x: int\n"),
        ("notes.txt", DEL.as_bytes()),
    ]);
    let out = sturdy(dir.path(), &[]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("a/src/m.py"));
    assert!(!stdout.contains("build/gen.py"));
    assert!(!stdout.contains(".hidden"));
    assert!(
        text(&out.stderr).contains("2 files scanned"),
        "{}",
        text(&out.stderr)
    );
    let explicit = sturdy(dir.path(), &["build/gen.py"]);
    assert!(text(&explicit.stdout).contains("a/build/gen.py"));
}

#[test]
fn list_explain_color_and_quiet() {
    let dir = tree(&[("m.py", DEL.as_bytes())]);
    let list = text(&sturdy(dir.path(), &["--list"]).stdout);
    assert!(
        list.contains("del-to-finalize") && list.contains("[default]"),
        "{list}"
    );
    assert!(
        list.contains("signature-dispatch") && list.contains("[opt-in ]"),
        "{list}"
    );
    let explain = sturdy(dir.path(), &["--explain", "del-to-finalize"]);
    let readme = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("codemods/del-to-finalize/README.md"),
    )
    .unwrap();
    assert_eq!(text(&explain.stdout), readme);
    let colored = sturdy(dir.path(), &["--color", "always", "--quiet"]);
    assert!(text(&colored.stdout).contains("\x1b[32m+"));
    assert!(colored.stderr.is_empty(), "{}", text(&colored.stderr));
}

#[test]
fn skip_diagnostics_name_file_line_and_codemod() {
    let src = "class T:\n    def __init__(self):\n        self.fd = 1\n\n    def __del__(self):\n        self.close()\n";
    let dir = tree(&[("m.py", src.as_bytes())]);
    let out = sturdy(dir.path(), &["--check"]);
    assert_eq!(out.status.code(), Some(0));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("m.py:5:9: del-to-finalize: `__del__` calls `self.close()`"),
        "{err}"
    );
    assert!(err.contains("1 candidate skipped"), "{err}");
}

#[cfg(unix)]
#[test]
fn closed_stdout_pipe_exits_quietly() {
    let mut files = Vec::new();
    for i in 0..200 {
        files.push((format!("m{i:03}.py"), DEL.to_string()));
    }
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_bytes()))
        .collect();
    let dir = tree(&refs);
    let mut child = Command::new(env!("CARGO_BIN_EXE_sturdy"))
        .current_dir(dir.path())
        .arg("--quiet")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut buf = [0u8; 64];
    stdout.read_exact(&mut buf).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}

#[test]
fn gunicorn_config_named_in_a_procfile_is_recognised() {
    // Without preload_app the codemod refuses, which shows the file was taken for a
    // gunicorn configuration only because the Procfile names it.
    let settings = "bind = \"0.0.0.0:8000\"\nworkers = 4\n";
    let dir = tree(&[
        ("deploy/settings.py", settings.as_bytes()),
        ("other/settings.py", settings.as_bytes()),
    ]);
    let before = sturdy(dir.path(), &["--select", "gc-freeze-prefork"]);
    assert!(
        !text(&before.stderr).contains("gc-freeze-prefork:"),
        "{}",
        text(&before.stderr)
    );
    fs::write(
        dir.path().join("Procfile"),
        "web: gunicorn -c deploy/settings.py app.wsgi:application\n",
    )
    .unwrap();
    let after = sturdy(dir.path(), &["--select", "gc-freeze-prefork"]);
    let err = text(&after.stderr);
    assert!(
        err.contains("deploy/settings.py:") && err.contains("gc-freeze-prefork: "),
        "{err}"
    );
    assert!(!err.contains("other/settings.py:"), "{err}");
}
