//! Compare `annotated-metadata` with ruff's FAST002 fix
//! (`ruff check --select FAST002 --fix --unsafe-fixes --isolated`) on FastAPI
//! fixture inputs.
//!
//! The outputs are compared block by block (blocks are separated by two blank
//! lines, as between top-level definitions). A block whose input contains the
//! marker `ruff-differs` must differ (the README documents why); every other block
//! must be byte-identical. Needs ruff: `python3 -m pip install ruff`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use sturdy::codemods;
use sturdy::runner::{self, Config, Input, Status};

/// FastAPI fixture inputs that ruff's FAST002 covers.
const CASES: &[&str] = &["ruff_routes", "new_import"];

const MARKER: &str = "ruff-differs";

fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("codemods/annotated-metadata")
        .join(format!("{case}.input.py"))
}

/// How to run ruff: `ruff` on PATH, else `python3 -m ruff`.
fn ruff_command() -> Command {
    let works = |mut c: Command| {
        c.arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if works(Command::new("ruff")) {
        return Command::new("ruff");
    }
    let mut py = Command::new("python3");
    py.args(["-m", "ruff"]);
    if works({
        let mut c = Command::new("python3");
        c.args(["-m", "ruff"]);
        c
    }) {
        return py;
    }
    panic!(
        "ruff is not installed: this test compares annotated-metadata with ruff's FAST002 fix. \
         Install it with `python3 -m pip install ruff` (neither `ruff` nor `python3 -m ruff` works)"
    );
}

fn ruff_fix(source: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("main.py");
    fs::write(&path, source).unwrap();
    let out = ruff_command()
        .current_dir(dir.path())
        .args([
            "check",
            "--isolated",
            "--no-cache",
            "--select",
            "FAST002",
            "--fix",
            "--unsafe-fixes",
            "--exit-zero",
            "--quiet",
        ])
        .arg(&path)
        .output()
        .expect("run ruff");
    assert!(
        out.status.success(),
        "ruff failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    fs::read_to_string(&path).unwrap()
}

fn sturdy_fix(source: &str) -> String {
    let config = Config {
        codemods: vec![codemods::find("annotated-metadata").unwrap()],
        options: Default::default(),
        jobs: 1,
        progress: None,
    };
    let input = Input {
        display: "main.py".to_string(),
        path: None,
        content: Some(source.as_bytes().to_vec()),
    };
    match runner::run(vec![input], &config).remove(0).status {
        Status::Changed(t) => t,
        Status::Unchanged => source.to_string(),
        Status::Error(e) => panic!("sturdy failed: {e}"),
    }
}

fn blocks(text: &str) -> Vec<&str> {
    text.split("\n\n\n").collect()
}

#[test]
fn agrees_with_ruff_fast002_except_documented_differences() {
    let mut failures = Vec::new();
    for case in CASES {
        let source = fs::read_to_string(fixture(case)).unwrap();
        let ruff = ruff_fix(&source);
        let ours = sturdy_fix(&source);
        assert_ne!(ours, source, "{case}: sturdy changed nothing");
        assert_ne!(ruff, source, "{case}: ruff changed nothing");
        let (inp, r, s) = (blocks(&source), blocks(&ruff), blocks(&ours));
        assert!(
            inp.len() == r.len() && r.len() == s.len(),
            "{case}: block structure differs\n--- ruff ---\n{ruff}\n--- sturdy ---\n{ours}"
        );
        for ((i, r), s) in inp.iter().zip(&r).zip(&s) {
            let documented = i.contains(MARKER);
            if documented && r == s {
                failures.push(format!(
                    "{case}: block marked `{MARKER}` is identical now; drop the marker and the README note:\n{s}"
                ));
            }
            if !documented && r != s {
                failures.push(format!(
                    "{case}: sturdy and ruff differ:\n--- ruff ---\n{r}\n--- sturdy ---\n{s}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
