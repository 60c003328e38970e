//! End-to-end tests of the `sturdy` binary on temporary directories.

use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};

mod common;
use common::{DEL, DEL_OUT, sturdy, sturdy_stdin, text, tree};

use pretty_assertions::assert_eq;

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
    let run = |args: &[&str]| sturdy_stdin(dir.path(), args, DEL);
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

// ---------------------------------------------------------------- ruff-style flags

/// `sturdy` with the colour and format variables cleared, then `env` set.
fn sturdy_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sturdy"));
    cmd.args(args).current_dir(dir);
    for v in [
        "FORCE_COLOR",
        "NO_COLOR",
        "STURDY_OUTPUT_FORMAT",
        "CLICOLOR_FORCE",
    ] {
        cmd.env_remove(v);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

const SKIP: &str = "class S:\n    def __init__(self):\n        self.fd = 1\n\n    def __del__(self):\n        self.close()\n";

#[test]
fn diff_and_fix_are_aliases_of_the_dry_run_and_write() {
    let dir = tree(&[("m.py", DEL.as_bytes())]);
    let dry = sturdy_env(dir.path(), &[], &[]);
    let diff = sturdy_env(dir.path(), &["--diff"], &[]);
    assert_eq!(diff.status.code(), Some(0));
    assert_eq!(text(&diff.stdout), text(&dry.stdout));
    assert!(text(&diff.stdout).starts_with("--- a/m.py"));
    assert_eq!(fs::read_to_string(dir.path().join("m.py")).unwrap(), DEL);
    let both = sturdy_env(dir.path(), &["--diff", "--write"], &[]);
    assert_eq!(both.status.code(), Some(2), "--diff and --write conflict");
    let fix = sturdy_env(dir.path(), &["--fix"], &[]);
    assert_eq!(fix.status.code(), Some(0), "{}", text(&fix.stderr));
    assert_eq!(
        fs::read_to_string(dir.path().join("m.py")).unwrap(),
        DEL_OUT
    );
}

#[test]
fn extend_select_adds_to_the_defaults() {
    let gc = "import os\n\nimport gunicorn\n\n\ndef main():\n    for _ in range(4):\n        if os.fork() == 0:\n            break\n";
    let dir = tree(&[("m.py", DEL.as_bytes()), ("g.py", gc.as_bytes())]);
    let plain = sturdy_env(dir.path(), &["--show-files"], &[]);
    assert_eq!(text(&plain.stdout), "g.py\nm.py\n");
    let def = sturdy_env(dir.path(), &["-v"], &[]);
    assert!(!text(&def.stderr).contains("gc-freeze-prefork"));
    let ext = sturdy_env(
        dir.path(),
        &["--extend-select", "gc-freeze-prefork", "-v"],
        &[],
    );
    assert!(
        text(&ext.stderr).contains("g.py:8:12: gc-freeze-prefork: "),
        "{}",
        text(&ext.stderr)
    );
    // The defaults still run.
    assert!(text(&ext.stdout).contains("weakref.finalize"));
    let bad = sturdy_env(dir.path(), &["--extend-select", "gc-freeze"], &[]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("unknown codemod `gc-freeze`"));
}

#[test]
fn exit_zero_keeps_check_green_but_not_errors() {
    let dir = tree(&[("m.py", DEL.as_bytes())]);
    let out = sturdy_env(dir.path(), &["--check", "--exit-zero"], &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("--- a/m.py"));
    let dir = tree(&[("bad.py", b"x = (\n")]);
    let out = sturdy_env(dir.path(), &["--check", "--exit-zero"], &[]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn statistics_count_per_codemod_instead_of_diffs() {
    let suppressed = DEL.replace("class T:", "class T:  # sturdy: skip");
    let dir = tree(&[
        ("a.py", DEL.as_bytes()),
        ("b.py", SKIP.as_bytes()),
        ("c.py", suppressed.as_bytes()),
    ]);
    let out = sturdy_env(dir.path(), &["--statistics"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(!stdout.contains("--- a/"), "{stdout}");
    let row = stdout
        .lines()
        .find(|l| l.starts_with("del-to-finalize "))
        .unwrap();
    let counts: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(counts, ["del-to-finalize", "1", "1", "1", "0"], "{stdout}");
    assert!(
        stdout.contains("del-to-finalize: skipped or left alone, by reason\n       1  "),
        "{stdout}"
    );
    assert!(text(&out.stderr).contains("3 files scanned"));
    let json = sturdy_env(
        dir.path(),
        &["--statistics", "--output-format", "json"],
        &[],
    );
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let d = v["statistics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["codemod"] == "del-to-finalize")
        .unwrap();
    assert_eq!(
        (
            d["converted"].clone(),
            d["skipped"].clone(),
            d["suppressed"].clone()
        ),
        (1.into(), 1.into(), 1.into())
    );
    let gh = sturdy_env(dir.path(), &["--statistics", "--format", "github"], &[]);
    assert_eq!(gh.status.code(), Some(2));
}

#[test]
fn show_files_lists_what_would_be_processed() {
    let dir = tree(&[
        ("pkg/m.py", b"x = 1\n"),
        ("pkg/s.pyi", b"x: int\n"),
        ("venv/lib/v.py", b"x = 1\n"),
        ("notes.txt", b"hi\n"),
    ]);
    let out = sturdy_env(dir.path(), &["--show-files"], &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "pkg/m.py\npkg/s.pyi\n");
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}

#[test]
fn silent_prints_only_errors_and_keeps_the_exit_code() {
    let dir = tree(&[("m.py", DEL.as_bytes()), ("b.py", SKIP.as_bytes())]);
    let out = sturdy_env(dir.path(), &["--check", "-s"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    fs::write(dir.path().join("bad.py"), "x = (\n").unwrap();
    let out = sturdy_env(dir.path(), &["--silent", "--format", "json"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    assert_eq!(
        text(&out.stderr),
        "bad.py:2:1: error: cannot parse: unexpected EOF while parsing; the file is left unchanged (fix the syntax error to migrate it)\n"
    );
    // stdin with --write still gets its source back.
    let out = sturdy_stdin(dir.path(), &["-s", "--write", "-"], DEL);
    assert_eq!(text(&out.stdout), DEL_OUT);
}

#[test]
fn output_format_has_an_alias_and_an_environment_variable() {
    let dir = tree(&[("m.py", DEL.as_bytes())]);
    let a = sturdy_env(dir.path(), &["--output-format", "json"], &[]);
    let b = sturdy_env(dir.path(), &["--format", "json"], &[]);
    let c = sturdy_env(dir.path(), &[], &[("STURDY_OUTPUT_FORMAT", "json")]);
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.stdout, c.stdout);
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v["version"], 1);
    // The flag wins over the variable.
    let d = sturdy_env(
        dir.path(),
        &["--format", "text"],
        &[("STURDY_OUTPUT_FORMAT", "json")],
    );
    assert!(text(&d.stdout).starts_with("--- a/m.py"));
    let e = sturdy_env(dir.path(), &[], &[("STURDY_OUTPUT_FORMAT", "xml")]);
    assert_eq!(e.status.code(), Some(2));
}

#[test]
fn config_overrides_take_toml_values() {
    let dir = tree(&[
        ("m.py", DEL.as_bytes()),
        ("pyproject.toml", b"[tool.sturdy]\nignore = []\n"),
        ("other.toml", b"ignore = [\"del-to-finalize\"]\n"),
    ]);
    let out = sturdy_env(
        dir.path(),
        &["--config", "ignore=['del-to-finalize']", "--check"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    // An override applies over a named file; later keys win.
    let out = sturdy_env(
        dir.path(),
        &[
            "--config",
            "other.toml",
            "--config",
            "ignore = []",
            "--check",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let out = sturdy_env(dir.path(), &["--config", "other.toml", "--check"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // Nested keys and strings.
    let out = sturdy_env(
        dir.path(),
        &[
            "--config",
            "target-version='py39'",
            "--config",
            "abc-to-protocol.strip-abstractmethod=true",
            "--check",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    // Mistakes name the override, what is wrong, and the likely key.
    let out = sturdy_env(dir.path(), &["--config", "selekt=[]"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.starts_with(
            "sturdy: error: --config \"selekt=[]\": `selekt`: unknown key; valid keys: select"
        ),
        "{err}"
    );
    assert!(err.trim_end().ends_with("did you mean `select`?"), "{err}");
    let out = sturdy_env(dir.path(), &["--config", "target-version=py39"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("quote strings"),
        "{}",
        text(&out.stderr)
    );
    let out = sturdy_env(dir.path(), &["--config", "target-version='py27'"], &[]);
    assert!(
        text(&out.stderr).contains("expected one of py37"),
        "{}",
        text(&out.stderr)
    );
    let out = sturdy_env(dir.path(), &["--config", "missing.toml"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--config missing.toml: no such file"));
}

#[test]
fn config_file_keys_get_a_did_you_mean() {
    let dir = tree(&[
        ("m.py", b"x = 1\n"),
        ("sturdy.toml", b"target-versoin = \"py39\"\n"),
    ]);
    let out = sturdy_env(dir.path(), &[], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("did you mean `target-version`?"),
        "{}",
        text(&out.stderr)
    );
    fs::write(
        dir.path().join("sturdy.toml"),
        "[abc-to-protocol]\nstrip-abstract = true\n",
    )
    .unwrap();
    let out = sturdy_env(dir.path(), &[], &[]);
    assert!(
        text(&out.stderr).contains("did you mean `strip-abstractmethod`?"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn unknown_codemods_get_a_did_you_mean() {
    let dir = tree(&[]);
    let out = sturdy_env(dir.path(), &["--select", "abc-to-protcol"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr)
            .trim_end()
            .ends_with("did you mean `abc-to-protocol`?"),
        "{}",
        text(&out.stderr)
    );
    let out = sturdy_env(dir.path(), &["--explain", "del-to-finalise"], &[]);
    assert!(text(&out.stderr).contains("did you mean `del-to-finalize`?"));
    // Nothing close: no guess.
    let out = sturdy_env(dir.path(), &["--ignore", "zzz"], &[]);
    assert!(!text(&out.stderr).contains("did you mean"));
}

#[test]
fn explain_all_prints_every_codemod() {
    let dir = tree(&[]);
    let out = sturdy_env(dir.path(), &["--explain", "all"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let docs = text(&out.stdout);
    for name in [
        "del-to-finalize",
        "abc-to-protocol",
        "signature-dispatch",
        "gc-freeze-prefork",
        "annotated-metadata",
    ] {
        let one = sturdy_env(dir.path(), &["--explain", name], &[]);
        assert!(docs.contains(&text(&one.stdout)), "{name}");
    }
}

#[test]
fn list_as_json() {
    let dir = tree(&[]);
    let out = sturdy_env(dir.path(), &["--list", "--output-format", "json"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = v["codemods"].as_array().unwrap();
    assert_eq!(list.len(), 5);
    assert_eq!(list[0]["name"], "del-to-finalize");
    assert_eq!(list[0]["default"], true);
    assert_eq!(list[2]["default"], false);
    assert!(list[0]["summary"].as_str().unwrap().contains("weakref"));
}

#[test]
fn shell_completions() {
    let dir = tree(&[]);
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef sturdy"),
        ("fish", "complete -c sturdy"),
    ] {
        let out = sturdy_env(dir.path(), &["generate-shell-completion", shell], &[]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", text(&out.stderr));
        let script = text(&out.stdout);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("output-format"), "{shell}");
    }
    let out = sturdy_env(dir.path(), &["generate-shell-completion", "tcsh"], &[]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn colour_follows_force_color_and_no_color() {
    let dir = tree(&[("m.py", DEL.as_bytes()), ("b.py", SKIP.as_bytes())]);
    let plain = sturdy_env(dir.path(), &[], &[]);
    assert!(!text(&plain.stdout).contains("\x1b["));
    assert!(!text(&plain.stderr).contains("\x1b["));
    let forced = sturdy_env(dir.path(), &[], &[("FORCE_COLOR", "1")]);
    assert!(
        text(&forced.stdout).contains("\x1b[32m+"),
        "{}",
        text(&forced.stdout)
    );
    assert!(
        text(&forced.stderr).contains("\x1b[1mb.py:5:9:\x1b[0m \x1b[35mdel-to-finalize\x1b[0m: "),
        "{}",
        text(&forced.stderr)
    );
    // Empty values are "unset".
    let empty = sturdy_env(dir.path(), &[], &[("FORCE_COLOR", "")]);
    assert!(!text(&empty.stdout).contains("\x1b["));
    // --color wins over both.
    let never = sturdy_env(dir.path(), &["--color", "never"], &[("FORCE_COLOR", "1")]);
    assert!(!text(&never.stdout).contains("\x1b["));
    let always = sturdy_env(dir.path(), &["--color", "always"], &[("NO_COLOR", "1")]);
    assert!(text(&always.stdout).contains("\x1b["));
}

/// On a terminal (`script` gives one), colour is on unless `NO_COLOR` is set and not
/// empty.
#[cfg(target_os = "linux")]
#[test]
fn colour_on_a_terminal_and_no_color_only_when_not_empty() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    let dir = tree(&[("m.py", DEL.as_bytes())]);
    let run = |no_color: Option<&str>| {
        let mut cmd = Command::new("script");
        cmd.args([
            "-qec",
            &format!("{} m.py", env!("CARGO_BIN_EXE_sturdy")),
            "/dev/null",
        ])
        .current_dir(dir.path())
        .env_remove("FORCE_COLOR")
        .env_remove("NO_COLOR")
        .env_remove("CI");
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        text(&cmd.output().unwrap().stdout)
    };
    assert!(run(None).contains("\x1b[32m+"), "{}", run(None));
    assert!(run(Some("")).contains("\x1b[32m+"));
    assert!(!run(Some("1")).contains("\x1b["));
}

/// Parses live in arenas (`src/arena.rs`); `STURDY_NO_ARENA=1` turns them off. The
/// output (every codemod, a held file's second phase, diagnostics) is the same.
#[test]
fn arenas_do_not_change_the_output() {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let run = |no_arena: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_sturdy"))
            .args(["--select", "all", "--jobs", "2", "."])
            .current_dir(&examples)
            .env("STURDY_NO_ARENA", no_arena)
            .output()
            .expect("sturdy runs");
        (out.status.code(), out.stdout, out.stderr)
    };
    let with = run("0");
    let without = run("1");
    assert_eq!(with.0, Some(0), "a dry run");
    assert!(!with.1.is_empty(), "a diff");
    assert_eq!(with, without);
}

/// With more than one job the patches are rendered on the workers ahead of printing
/// (`runner::render_patches`); with one, as each file is printed. Same text, same JSON.
#[test]
fn patches_rendered_ahead_are_the_ones_printed_in_order() {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let run = |jobs: &str, format: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_sturdy"))
            .args(["--select", "all", "--jobs", jobs, "--format", format, "."])
            .current_dir(&examples)
            .output()
            .expect("sturdy runs");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    for format in ["text", "json"] {
        let one = run("1", format);
        assert!(one.contains("+++ b/gunicorn.conf.py"), "{format}: {one}");
        assert_eq!(one, run("2", format), "{format}");
    }
}
