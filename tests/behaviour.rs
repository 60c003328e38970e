//! Behaviour tests: real Python programs run before and after the codemod.
//!
//! Every `tests/behaviour/<codemod>/<case>.py` is transformed with that codemod
//! (options from an optional `<case>.args`, as in the fixtures). The test asserts
//! that the codemod changed the program, that the transformed program exits 0, and
//! that its stdout equals the original program's stdout — or, when the codemod
//! changes behaviour on purpose, the contents of `<case>.stdout`.
//! Python files may import siblings from a `<case>/` directory via `sys.path`; only
//! the top-level `<case>.py` is transformed.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use sturdy::codemods;
use sturdy::runner::{self, Config, Input, Status};

fn python(script: &Path) -> (String, String, bool) {
    let out = Command::new("python3")
        .arg(script)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("python3 must be installed");
    (
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
        out.status.success(),
    )
}

fn check(codemod: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/behaviour")
        .join(codemod);
    let mut cases: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no behaviour cases in {}", dir.display());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_stem().unwrap().to_string_lossy().to_string();
        let source = fs::read(case).unwrap();
        let config = Config {
            codemods: vec![codemods::find(codemod).unwrap()],
            options: common::options_from_args_file(&case.with_extension("args")),
            jobs: 1,
            progress: None,
        };
        let input = Input {
            display: format!("{name}.py"),
            path: None,
            content: Some(source),
        };
        let outcome = runner::run(vec![input], &config).remove(0);
        let Status::Changed(new) = outcome.status else {
            failures.push(format!(
                "{name}: the codemod did not change the program: {:?} {:?}",
                outcome.status, outcome.diagnostics
            ));
            continue;
        };
        // Run the transformed copy beside the original so sibling imports resolve.
        let transformed = case.with_file_name(format!("{name}__sturdy_transformed.py"));
        fs::write(&transformed, &new).unwrap();
        let (before, before_err, before_ok) = python(case);
        let (after, after_err, after_ok) = python(&transformed);
        fs::remove_file(&transformed).unwrap();
        if !before_ok {
            failures.push(format!(
                "{name}: the original program failed:\n{before_err}"
            ));
            continue;
        }
        if !after_ok {
            failures.push(format!(
                "{name}: the transformed program failed:\n{after_err}\n--- program ---\n{new}"
            ));
            continue;
        }
        let expected = fs::read_to_string(case.with_extension("stdout")).unwrap_or(before);
        if expected != after {
            failures.push(format!(
                "{name}: output differs\n--- expected ---\n{expected}\n--- transformed ---\n{after}\n--- program ---\n{new}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn del_to_finalize() {
    check("del-to-finalize");
}

#[test]
fn abc_to_protocol() {
    check("abc-to-protocol");
}

#[test]
fn signature_dispatch() {
    check("signature-dispatch");
}

#[test]
fn gc_freeze_prefork() {
    check("gc-freeze-prefork");
}

#[test]
fn annotated_metadata() {
    check("annotated-metadata");
}
