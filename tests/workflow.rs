//! Workflow integration: configuration files, suppression comments, JSON and GitHub
//! output, interactive review (piped and in a real pseudo-terminal), progress bar.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{DEL, DEL_OUT, sturdy_stdin, text, text_tree as tree};

use pretty_assertions::assert_eq;

fn sturdy(dir: &Path, args: &[&str]) -> Output {
    sturdy_stdin(dir, args, "")
}

#[test]
fn pyproject_config_selects_and_cli_overrides() {
    let dir = tree(&[
        (
            "pyproject.toml",
            "[project]\nname = \"x\"\n\n[tool.sturdy]\nignore = [\"del-to-finalize\"]\n",
        ),
        ("pkg/m.py", DEL),
    ]);
    let out = sturdy(dir.path(), &["--check", "pkg"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    // The config is found from a nested path, and --isolated ignores it.
    let out = sturdy(&dir.path().join("pkg"), &["--check", "--isolated", "."]);
    assert_eq!(out.status.code(), Some(1));
    // --config names another file.
    fs::write(
        dir.path().join("other.toml"),
        "select = [\"del-to-finalize\"]\n",
    )
    .unwrap();
    let out = sturdy(dir.path(), &["--check", "--config", "other.toml", "pkg"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn sturdy_toml_excludes_globs() {
    let dir = tree(&[
        (
            "sturdy.toml",
            "exclude = [\"generated/**\", \"legacy_*.py\"]\n",
        ),
        ("generated/a.py", DEL),
        ("legacy_b.py", DEL),
        ("c.py", DEL),
    ]);
    let out = sturdy(dir.path(), &[]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("b/c.py"), "{stdout}");
    assert!(
        !stdout.contains("generated/a.py") && !stdout.contains("legacy_b.py"),
        "{stdout}"
    );
}

#[test]
fn config_errors_name_file_line_key_and_choices() {
    let dir = tree(&[
        (
            "pyproject.toml",
            "[tool.sturdy]\nselect = [\"del-to-finalize\"]\ntarget-version = \"py27\"\n",
        ),
        ("m.py", DEL),
    ]);
    let out = sturdy(dir.path(), &["."]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("pyproject.toml:3: `tool.sturdy.target-version`: expected one of py37"),
        "{err}"
    );
    fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.sturdy]\nselect = [\"del-to-finalise\"]\n",
    )
    .unwrap();
    let err = text(&sturdy(dir.path(), &["."]).stderr);
    assert!(err.contains("pyproject.toml:2: `tool.sturdy.select`: unknown codemod `del-to-finalise`; valid names: del-to-finalize"), "{err}");
    fs::write(dir.path().join("pyproject.toml"), "[tool.sturdy\n").unwrap();
    let err = text(&sturdy(dir.path(), &["."]).stderr);
    assert!(err.contains("pyproject.toml:1: invalid TOML"), "{err}");
}

#[test]
fn suppression_comments() {
    let trailing = DEL.replace("class T:", "class T:  # sturdy: skip");
    let above = DEL.replace(
        "class T:",
        "# sturdy: skip -- owned by the platform team\nclass T:",
    );
    let file = format!("# sturdy: skip-file\n{DEL}");
    let dir = tree(&[
        ("a.py", &trailing),
        ("b.py", &above),
        ("c.py", &file),
        ("d.py", DEL),
    ]);
    let out = sturdy(dir.path(), &["--check"]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("b/d.py"), "{stdout}");
    for f in ["a.py", "b.py", "c.py"] {
        assert!(
            !stdout.contains(&format!("b/{f}")),
            "{f} should be suppressed:\n{stdout}"
        );
    }
    let err = text(&out.stderr);
    assert!(
        err.contains("1 file would change, 0 candidates skipped, 3 suppressed"),
        "{err}"
    );
    // A skip diagnostic inside a suppressed class is silenced too.
    let noisy = "class T:  # sturdy: skip\n    def __init__(self):\n        self.fd = 1\n\n    def __del__(self):\n        self.close()\n";
    let dir = tree(&[("m.py", noisy)]);
    let err = text(&sturdy(dir.path(), &["--check"]).stderr);
    assert!(!err.contains("del-to-finalize:"), "{err}");
    assert!(err.contains("1 suppressed"), "{err}");
}

#[test]
fn json_format() {
    let skip = "class S:\n    def __init__(self):\n        self.fd = 1\n\n    def __del__(self):\n        self.close()\n";
    let dir = tree(&[
        ("a.py", DEL),
        ("b.py", skip),
        ("c.py", "x = (\n"),
        ("d.py", "y = 1\n"),
    ]);
    let out = sturdy(dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    let files = v["files"].as_array().unwrap();
    assert_eq!(
        files.len(),
        3,
        "unchanged files without diagnostics are left out"
    );
    assert_eq!(files[0]["path"], "a.py");
    assert_eq!(files[0]["status"], "changed");
    assert_eq!(files[0]["edits"][0]["start"]["line"], 2);
    assert_eq!(files[0]["edits"][0]["codemod"], "del-to-finalize");
    assert_eq!(files[0]["edits"][0]["replacement"], "import weakref\n");
    assert!(files[0]["diff"].as_str().unwrap().starts_with("--- a/a.py"));
    assert_eq!(files[1]["status"], "unchanged");
    assert_eq!(files[1]["diagnostics"][0]["codemod"], "del-to-finalize");
    assert_eq!(files[1]["diagnostics"][0]["start"]["line"], 5);
    assert_eq!(files[2]["status"], "error");
    assert_eq!(files[2]["errors"][0]["path"], "c.py");
    assert_eq!(files[2]["errors"][0]["kind"], "syntax");
    assert_eq!(files[2]["errors"][0]["line"], 2);
}

#[test]
fn github_format() {
    let skip = "class S:\n    def __init__(self):\n        self.fd = 1\n\n    def __del__(self):\n        self.close()\n";
    let dir = tree(&[("a.py", DEL), ("b.py", skip)]);
    let out = sturdy(dir.path(), &["--format", "github", "--check"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0]
            .starts_with("::notice file=a.py,line=2,title=sturdy::sturdy would change this file"),
        "{stdout}"
    );
    assert!(
        lines[1].starts_with(
            "::warning file=b.py,line=5,col=9,title=sturdy (del-to-finalize)::`__del__` calls"
        ),
        "{stdout}"
    );
}

const TWO: &str = "import os\n\n\nclass A:\n    def __init__(self, name):\n        self.name = name\n\n    def __del__(self):\n        os.remove(self.name)\n\n\nclass B:\n    def __init__(self, name):\n        self.name = name\n\n    def __del__(self):\n        os.remove(self.name)\n";

#[test]
fn interactive_writes_only_accepted_changes() {
    let dir = tree(&[("m.py", TWO), ("n.py", DEL)]);
    // Accept A, reject B, quit before n.py.
    let out = sturdy_stdin(dir.path(), &["-i", "--color", "never"], "y\nn\nq\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Accept this change?"), "{stdout}");
    let m = fs::read_to_string(dir.path().join("m.py")).unwrap();
    assert!(m.contains("class A:\n    def __init__(self, name):\n        self.name = name\n        self._finalizer = weakref.finalize(self, os.remove, self.name)\n"), "{m}");
    assert!(m.contains("class B:\n    def __init__(self, name):\n        self.name = name\n\n    def __del__(self):"), "{m}");
    assert!(m.starts_with("import os\nimport weakref\n"), "{m}");
    assert!(sturdy::source::parses(&m));
    assert_eq!(fs::read_to_string(dir.path().join("n.py")).unwrap(), DEL);
    // "all" accepts the rest of a file.
    let out = sturdy_stdin(dir.path(), &["-i", "n.py"], "a\n");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        fs::read_to_string(dir.path().join("n.py")).unwrap(),
        DEL_OUT
    );
}

#[cfg(unix)]
#[test]
fn interactive_in_a_real_terminal() {
    // Drive sturdy -i through a pseudo-terminal with Python's pty module.
    let dir = tree(&[("m.py", DEL)]);
    let script = r#"
import os, pty, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "-i", "m.py"])
out = b""
deadline = time.time() + 30
while b"Accept this change?" not in out and time.time() < deadline:
    out += os.read(fd, 4096)
os.write(fd, b"y\n")
try:
    while True:
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        out += chunk
except OSError:
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(status))
"#;
    let out = Command::new("python3")
        .args(["-c", script, env!("CARGO_BIN_EXE_sturdy")])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let shown = text(&out.stdout);
    assert!(out.status.success(), "{shown}\n{}", text(&out.stderr));
    assert!(
        shown.contains("\x1b[32m+"),
        "a terminal gets a coloured diff:\n{shown}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("m.py")).unwrap(),
        DEL_OUT
    );
}

#[test]
fn no_progress_bar_in_pipes() {
    let files: Vec<(String, String)> = (0..150)
        .map(|i| (format!("m{i}.py"), "x = 1\n".to_string()))
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = tree(&refs);
    let out = sturdy(dir.path(), &[]);
    let err = text(&out.stderr);
    assert_eq!(
        err,
        "sturdy: 150 files scanned, 0 files would change, 0 candidates skipped, 0 errors\n"
    );
}

#[test]
fn pre_commit_hook_entries_work() {
    let hooks =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"))
            .unwrap();
    let entries: Vec<Vec<&str>> = hooks
        .lines()
        .filter_map(|l| l.trim().strip_prefix("entry: "))
        .map(|e| e.split_whitespace().collect())
        .collect();
    assert_eq!(entries.len(), 2, "{hooks}");
    for entry in entries {
        assert_eq!(entry[0], "sturdy");
        // pre-commit appends the staged file names.
        let dir = tree(&[("m.py", DEL), ("ok.py", "x = 1\n")]);
        let mut args: Vec<&str> = entry[1..].to_vec();
        args.extend(["m.py", "ok.py"]);
        let out = sturdy(dir.path(), &args);
        if entry.contains(&"--check") {
            assert_eq!(out.status.code(), Some(1), "pre-commit must see a failure");
        } else {
            assert_eq!(out.status.code(), Some(0));
            assert_eq!(
                fs::read_to_string(dir.path().join("m.py")).unwrap(),
                DEL_OUT
            );
        }
    }
}
