//! signature-dispatch writes its helper once per project: a new module
//! `<top package>/_sturdy_dispatch.py`, created in the same run, imported where it is
//! used; shown in the dry-run diff as a new file that `git apply` creates.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

mod common;

fn sturdy(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sturdy"))
        .args(args)
        .current_dir(dir)
        .env_remove("VIRTUAL_ENV")
        .output()
        .unwrap()
}

const HANDLER: &str = "import json\n\n\ndef handle(handler, raw):\n    payload = json.loads(raw)\n    return handler(**payload)\n";

/// A project with two modules that get rewritten and a script outside the package.
fn project(dir: &Path) {
    fs::create_dir_all(dir.join("app/sub")).unwrap();
    fs::write(dir.join("app/__init__.py"), "").unwrap();
    fs::write(dir.join("app/sub/__init__.py"), "").unwrap();
    fs::write(dir.join("app/a.py"), HANDLER).unwrap();
    fs::write(dir.join("app/sub/b.py"), HANDLER).unwrap();
    fs::write(dir.join("script.py"), HANDLER).unwrap();
}

/// Every file under `dir`, with its content, sorted.
fn tree(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                if p.file_name().unwrap() != ".git" {
                    todo.push(p);
                }
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.push((rel, fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

const SELECT: &[&str] = &["--select", "signature-dispatch"];

#[test]
fn helper_is_written_once_per_project() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    project(root);
    let out = sturdy(root, &[SELECT, &["--write", "app", "script.py"]].concat());
    assert!(out.status.success(), "{out:?}");
    let shared = fs::read_to_string(root.join("app/_sturdy_dispatch.py")).unwrap();
    assert_eq!(shared.matches("\ndef dispatch_by_signature(").count(), 1);
    for m in ["app/a.py", "app/sub/b.py"] {
        let text = fs::read_to_string(root.join(m)).unwrap();
        assert!(
            text.contains("from app._sturdy_dispatch import dispatch_by_signature\n")
                && text.contains("return dispatch_by_signature(handler, payload)")
                && !text.contains("def dispatch_by_signature"),
            "{m}:\n{text}"
        );
    }
    // A script outside any package keeps the helper in the module.
    let script = fs::read_to_string(root.join("script.py")).unwrap();
    assert!(script.contains("\ndef dispatch_by_signature("), "{script}");
    // The program still runs, through the shared helper: extra keys are dropped.
    let run = Command::new("python3")
        .args([
            "-c",
            "from app.a import handle\nfrom app.sub.b import handle as h2\nprint(handle(lambda a: a, '{\"a\": 1, \"b\": 2}'), h2(lambda b: b, '{\"a\": 1, \"b\": 2}'))",
        ])
        .current_dir(root)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&run.stdout), "1 2\n", "{run:?}");
    // A second run reuses it: nothing changes.
    let again = sturdy(root, &[SELECT, &["--check", "app", "script.py"]].concat());
    assert_eq!(again.status.code(), Some(0), "{again:?}");
    // A module added later imports the existing helper; nothing is created again.
    fs::write(root.join("app/c.py"), HANDLER).unwrap();
    let later = sturdy(root, &[SELECT, &["app"]].concat());
    let diff = String::from_utf8_lossy(&later.stdout);
    assert!(
        diff.contains("+from app._sturdy_dispatch import dispatch_by_signature")
            && !diff.contains("/dev/null"),
        "{diff}"
    );
}

#[test]
fn dry_run_diff_creates_the_module_with_git_apply() {
    let dry = tempfile::tempdir().unwrap();
    let written = tempfile::tempdir().unwrap();
    project(dry.path());
    project(written.path());
    let out = sturdy(dry.path(), &[SELECT, &["app"]].concat());
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(
        diff.contains("--- /dev/null\n+++ b/app/_sturdy_dispatch.py\n@@ -0,0 +1,"),
        "{diff}"
    );
    // --check counts the new file.
    let check = sturdy(dry.path(), &[SELECT, &["--check", "app"]].concat());
    assert_eq!(check.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&check.stderr).contains("3 files would change"),
        "{check:?}"
    );
    // JSON lists it as created.
    let json = sturdy(dry.path(), &[SELECT, &["--format", "json", "app"]].concat());
    let files: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let created: Vec<&str> = files["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["created"] == true)
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(created, ["app/_sturdy_dispatch.py"]);
    let patch = dry.path().join("sturdy.diff");
    fs::write(&patch, &diff).unwrap();
    let git = Command::new("git")
        .args(["apply", "sturdy.diff"])
        .current_dir(dry.path())
        .output();
    let Ok(git) = git else {
        eprintln!("git is not installed: skipping the git apply check");
        return;
    };
    assert!(git.status.success(), "{git:?}");
    fs::remove_file(&patch).unwrap();
    let w = sturdy(written.path(), &[SELECT, &["--write", "app"]].concat());
    assert!(w.status.success(), "{w:?}");
    assert_eq!(tree(dry.path()), tree(written.path()));
}

#[test]
fn a_foreign_module_of_that_name_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    project(root);
    fs::write(root.join("app/_sturdy_dispatch.py"), "MINE = 1\n").unwrap();
    let out = sturdy(root, &[SELECT, &["--write", "app"]].concat());
    assert_eq!(
        fs::read_to_string(root.join("app/_sturdy_dispatch.py")).unwrap(),
        "MINE = 1\n"
    );
    assert_eq!(fs::read_to_string(root.join("app/a.py")).unwrap(), HANDLER);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("app/a.py:6:12: signature-dispatch:")
            && err.contains("exists and does not hold sturdy's helper"),
        "{err}"
    );
}

/// A callee imported from another module of the project that takes `**kwargs` already
/// receives every key: the call is a no-op, left alone (distributed's
/// `clean_exception(**msg)`, pymongo's `DBRef(..., **doc)` were rewritten for nothing).
#[test]
fn callees_of_other_modules_taking_kwargs_are_no_ops() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("app")).unwrap();
    fs::write(root.join("app/__init__.py"), "").unwrap();
    fs::write(
        root.join("app/core.py"),
        "def clean_exception(exception, traceback=None, **kwargs):\n    return exception\n\n\ndef strict(exception, traceback=None):\n    return exception\n\n\nclass DBRef:\n    def __init__(self, collection, id, database=None, **kwargs):\n        self.kwargs = kwargs\n",
    )
    .unwrap();
    fs::write(
        root.join("app/client.py"),
        "import json\n\nfrom . import core\nfrom .core import DBRef, clean_exception, strict\n\n\ndef handle(raw):\n    msg = json.loads(raw)\n    clean_exception(**msg)\n    DBRef(msg.pop('$ref'), msg.pop('$id'), **msg)\n    core.clean_exception(**msg)\n    return strict(**msg)\n",
    )
    .unwrap();
    let out = sturdy(root, &[SELECT, &["--verbose", "app"]].concat());
    let diff = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        diff.contains("+    return dispatch_by_signature(strict, msg)")
            && !diff.contains("dispatch_by_signature(clean_exception")
            && !diff.contains("dispatch_by_signature(DBRef")
            && !diff.contains("dispatch_by_signature(core.clean_exception"),
        "{diff}"
    );
    for (line, callee) in [
        (9, "clean_exception"),
        (10, "DBRef"),
        (11, "clean_exception"),
    ] {
        let want =
            format!("app/client.py:{line}:5: signature-dispatch: left alone (no-op): `{callee}` (");
        assert!(err.contains(&want), "{want}\n{err}");
    }
}

/// A project whose `app/client.py` calls `clean_exception(**msg)` (defined in
/// `app/core.py`, taking `**kwargs`: a no-op) and `handler(**msg)` (rewritten).
const CLIENT: &str = "import json\n\nfrom .core import clean_exception\n\n\ndef handle(handler, raw):\n    msg = json.loads(raw)\n    clean_exception(**msg)\n    return handler(**msg)\n";

fn client_project(root: &Path) {
    fs::create_dir_all(root.join("app")).unwrap();
    fs::write(root.join("pyproject.toml"), "[project]\nname = \"app\"\n").unwrap();
    fs::write(root.join("app/__init__.py"), "").unwrap();
    fs::write(
        root.join("app/core.py"),
        "def clean_exception(exception, traceback=None, **kwargs):\n    return exception\n",
    )
    .unwrap();
    fs::write(root.join("app/client.py"), CLIENT).unwrap();
}

/// Where the helper goes and what a callee in another module takes are found from the
/// file's absolute place: a module named from inside its package (`cd app && sturdy
/// client.py`, or `.`), or by an absolute path from elsewhere, gets the same rewrite as
/// from the project root (the helper was inlined, and a callee taking `**kwargs` was
/// rewritten, when the path had no parents to walk up).
#[test]
fn the_rewrite_does_not_depend_on_how_the_module_is_named() {
    let run = |cwd_in_project: Option<&str>, arg: &str| {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("proj");
        client_project(&root);
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir_all(&elsewhere).unwrap();
        let cwd = cwd_in_project.map_or(elsewhere, |sub| root.join(sub));
        let arg = arg.replace("{root}", &root.to_string_lossy());
        let out = sturdy(&cwd, &[SELECT, &["--write", &arg]].concat());
        assert!(out.status.success(), "{arg} from {cwd:?}: {out:?}");
        tree(&root)
    };
    let whole = run(Some(""), "app");
    let client = &whole
        .iter()
        .find(|(n, _)| n == "app/client.py")
        .expect("client")
        .1;
    assert!(
        client.contains("from app._sturdy_dispatch import dispatch_by_signature\n")
            && client.contains("    clean_exception(**msg)\n")
            && client.contains("return dispatch_by_signature(handler, msg)"),
        "{client}"
    );
    assert!(whole.iter().any(|(n, _)| n == "app/_sturdy_dispatch.py"));
    for (cwd, arg) in [
        (Some("app"), "client.py"),
        (Some("app"), "."),
        (Some("app"), "../app/client.py"),
        (None, "{root}/app/client.py"),
        (None, "{root}"),
    ] {
        assert_eq!(
            run(cwd, arg),
            whole,
            "`sturdy {arg}` from {cwd:?} rewrites differently"
        );
    }
}

/// A source read from stdin whose `--stdin-filename` names a file of the project (an
/// editor sending its buffer) is that module, from the root or from inside its package:
/// its relative imports and other modules' callees resolve as for the file itself. Stdin
/// creates no other file, so the helper is defined in the module.
#[test]
fn stdin_named_after_a_project_file_is_that_module() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    client_project(root);
    for (cwd, name) in [
        (root.to_path_buf(), "app/client.py"),
        (root.join("app"), "client.py"),
    ] {
        let args = [
            SELECT,
            &["--verbose", "--write", "--stdin-filename", name, "-"],
        ]
        .concat();
        let out = common::sturdy_stdin(&cwd, &args, CLIENT);
        let text = String::from_utf8_lossy(&out.stdout);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            text.contains("    clean_exception(**msg)\n")
                && text.contains("    return dispatch_by_signature(handler, msg)\n")
                && text.contains("\ndef dispatch_by_signature("),
            "from {cwd:?}:\n{text}\n{err}"
        );
        assert!(
            err.contains(&format!(
                "{name}:8:5: signature-dispatch: left alone (no-op): `clean_exception` ("
            )),
            "from {cwd:?}: {err}"
        );
        assert!(!root.join("app/_sturdy_dispatch.py").exists());
    }
}

/// Whether a module is test code (its calls build test data, left alone) is read from
/// its place in the project, not from the path it was named by: `cd tests && sturdy
/// helpers.py` leaves the call alone as `sturdy tests/helpers.py` does (it was rewritten).
#[test]
fn test_code_is_told_from_its_place_in_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("tests")).unwrap();
    fs::write(root.join("pyproject.toml"), "[project]\nname = \"app\"\n").unwrap();
    fs::write(root.join("tests/helpers.py"), HANDLER).unwrap();
    for (cwd, name) in [
        (root.to_path_buf(), "tests/helpers.py"),
        (root.join("tests"), "helpers.py"),
    ] {
        let out = sturdy(&cwd, &[SELECT, &["--verbose", name]].concat());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.stdout.is_empty(), "from {cwd:?}: {out:?}");
        assert!(
            err.contains(&format!(
                "{name}:6:12: signature-dispatch: left alone (test data)"
            )),
            "from {cwd:?}: {err}"
        );
    }
}
