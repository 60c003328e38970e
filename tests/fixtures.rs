//! Fixture harness: discovers every case under `codemods/<name>/` and checks it.
//!
//! A case is either
//! - a file `<case>.input.py` (with optional `<case>.expected.py`; absent means
//!   "unchanged"), or
//! - a directory `<case>/` whose `*.input.py` files (recursively) are processed in
//!   one run, each with its optional `*.expected.py` — for repo-wide facts.
//!
//! Optional `<case>.skips` lists the expected diagnostics, one per line, as the CLI
//! prints them (`path:line:col: codemod: message`, path without `.input`); absent
//! means "no diagnostics". Optional `<case>.args` holds codemod options
//! (`--strip-abstractmethod`, `--dispatch-helper pkg.mod:name`, `--target-version py38`).
//!
//! Each case checks: output == expected; expected parses; a second run changes
//! nothing; diagnostics match. `UPDATE_EXPECTED=1 cargo test --test fixtures`
//! rewrites expected files and skips lists (review them with `git diff`).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use sturdy::codemods::{self, ALL, Options};
use sturdy::report;
use sturdy::runner::{self, Config, Input, Status};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("codemods")
}

struct Case {
    name: String,
    /// (display path, input file)
    files: Vec<(String, PathBuf)>,
    skips: PathBuf,
    args: PathBuf,
}

fn expected_path(input: &Path) -> PathBuf {
    let s = input.to_string_lossy().replace(".input.py", ".expected.py");
    PathBuf::from(s)
}

fn inputs_under(dir: &Path, base: &Path, out: &mut Vec<(String, PathBuf)>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            inputs_under(&p, base, out);
        } else if p.to_string_lossy().ends_with(".input.py") {
            let rel = p
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace(".input.py", ".py");
            out.push((rel, p));
        }
    }
}

fn cases(codemod: &str) -> Vec<Case> {
    let dir = root().join(codemod);
    let mut entries: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    let mut out = Vec::new();
    for p in entries {
        let fname = p.file_name().unwrap().to_string_lossy().to_string();
        if p.is_dir() {
            let mut files = Vec::new();
            inputs_under(&p, &p, &mut files);
            assert!(
                !files.is_empty(),
                "{}: directory case without *.input.py files",
                p.display()
            );
            out.push(Case {
                name: fname.clone(),
                files,
                skips: dir.join(format!("{fname}.skips")),
                args: dir.join(format!("{fname}.args")),
            });
        } else if let Some(stem) = fname.strip_suffix(".input.py") {
            out.push(Case {
                name: stem.to_string(),
                files: vec![(format!("{stem}.py"), p.clone())],
                skips: dir.join(format!("{stem}.skips")),
                args: dir.join(format!("{stem}.args")),
            });
        }
    }
    out
}

fn run(codemod: &str, files: &[(String, Vec<u8>)], options: &Options) -> Vec<runner::FileOutcome> {
    let config = Config {
        codemods: vec![codemods::find(codemod).unwrap()],
        options: options.clone(),
        jobs: 1,
        progress: None,
    };
    let inputs = files
        .iter()
        .map(|(d, c)| Input {
            display: d.clone(),
            path: None,
            content: Some(c.clone()),
        })
        .collect();
    runner::run(inputs, &config)
}

fn check_codemod(codemod: &str) {
    let update = std::env::var_os("UPDATE_EXPECTED").is_some();
    let all = cases(codemod);
    assert!(!all.is_empty(), "codemod {codemod} has no fixture cases");
    let mut failures = Vec::new();
    for case in &all {
        let opts = common::options_from_args_file(&case.args);
        let files: Vec<(String, Vec<u8>)> = case
            .files
            .iter()
            .map(|(d, p)| (d.clone(), fs::read(p).unwrap()))
            .collect();
        let outcomes = run(codemod, &files, &opts);
        let mut diags = Vec::new();
        let mut outputs = Vec::new();
        for ((display, input_path), o) in case.files.iter().zip(&outcomes) {
            for d in &o.diagnostics {
                diags.push(report::diagnostic_line(display, d));
            }
            let original = String::from_utf8(fs::read(input_path).unwrap()).unwrap();
            let actual = match &o.status {
                Status::Changed(t) => t.clone(),
                Status::Unchanged => original.clone(),
                Status::Error(e) => {
                    failures.push(format!("{}: {display}: error: {e}", case.name));
                    continue;
                }
            };
            let exp_path = expected_path(input_path);
            if update {
                if actual == original {
                    let _ = fs::remove_file(&exp_path);
                } else {
                    fs::write(&exp_path, &actual).unwrap();
                }
            }
            let expected = fs::read_to_string(&exp_path).unwrap_or(original);
            if actual != expected {
                failures.push(format!(
                    "{}: {display}: output differs from expected",
                    case.name
                ));
                if !update {
                    pretty_assertions::assert_eq!(
                        expected,
                        actual,
                        "case {} file {display}",
                        case.name
                    );
                }
            }
            if !sturdy::source::parses(&expected) {
                failures.push(format!(
                    "{}: {display}: expected output does not parse",
                    case.name
                ));
            }
            outputs.push((display.clone(), expected.into_bytes()));
        }
        let diags_text: String = diags.iter().map(|d| format!("{d}\n")).collect();
        if update {
            if diags.is_empty() {
                let _ = fs::remove_file(&case.skips);
            } else {
                fs::write(&case.skips, &diags_text).unwrap();
            }
        }
        let expected_diags = fs::read_to_string(&case.skips).unwrap_or_default();
        if expected_diags != diags_text {
            pretty_assertions::assert_eq!(
                expected_diags,
                diags_text,
                "diagnostics of case {}",
                case.name
            );
        }
        // Convergence: the expected output is a fixed point.
        for o in run(codemod, &outputs, &opts) {
            if o.status != Status::Unchanged {
                failures.push(format!(
                    "{}: {}: a second run changes the expected output (not idempotent): {:?}",
                    case.name, o.input.display, o.status
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

macro_rules! fixtures {
    ($($test:ident => $name:literal),* $(,)?) => {
        $( #[test] fn $test() { check_codemod($name); } )*

        #[test]
        fn every_codemod_has_a_fixture_test() {
            let tested = [$($name),*];
            for c in ALL {
                assert!(tested.contains(&c.name()), "add `{}` to the fixtures! macro", c.name());
            }
        }
    };
}

fixtures! {
    del_to_finalize => "del-to-finalize",
    abc_to_protocol => "abc-to-protocol",
    signature_dispatch => "signature-dispatch",
    gc_freeze_prefork => "gc-freeze-prefork",
    annotated_metadata => "annotated-metadata",
}

#[test]
fn every_codemod_has_docs_with_required_sections() {
    let mut dirs: Vec<String> = fs::read_dir(root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    dirs.sort();
    let mut names: Vec<String> = ALL.iter().map(|c| c.name().to_string()).collect();
    names.sort();
    assert_eq!(
        dirs, names,
        "codemods/ directories and the registry disagree"
    );
    for c in ALL {
        let readme = fs::read_to_string(root().join(c.name()).join("README.md")).unwrap();
        assert_eq!(
            readme,
            c.docs(),
            "{}: --explain text differs from README.md",
            c.name()
        );
        for heading in [
            "## What it does",
            "## Why",
            "## Example",
            "## Skips",
            "## Safety",
            "## Options",
        ] {
            assert!(
                readme.contains(heading),
                "{}/README.md lacks `{heading}`",
                c.name()
            );
        }
    }
}
