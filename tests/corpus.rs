//! Corpus test: every codemod over a temporary copy of the Python standard library.
//!
//! No panic; the stdlib's deliberately broken files are reported and left
//! byte-identical; every changed file parses (checked independently with CPython's
//! `ast`); a second run changes nothing.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn stdlib() -> PathBuf {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .expect("python3 must be installed");
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

/// Copy `.py`/`.pyi` files (not site-packages) and return how many were copied.
fn copy_tree(from: &Path, to: &Path) -> usize {
    let mut n = 0;
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        let ty = entry.file_type().unwrap();
        let src = entry.path();
        let dst = to.join(&name);
        if ty.is_dir() {
            if name == "site-packages" || name == "__pycache__" {
                continue;
            }
            fs::create_dir_all(&dst).unwrap();
            n += copy_tree(&src, &dst);
        } else if ty.is_file() && src.extension().is_some_and(|x| x == "py" || x == "pyi") {
            fs::copy(&src, &dst).unwrap();
            n += 1;
        }
    }
    n
}

fn sturdy(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sturdy"))
        .args(args)
        .arg(".")
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn stdlib_copy_all_codemods() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("stdlib");
    fs::create_dir_all(&root).unwrap();
    let copied = copy_tree(&stdlib(), &root);
    assert!(copied > 1000, "only {copied} files copied");

    let (code, diff, err) = sturdy(&root, &["--check", "--select", "all"]);
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("internal error"), "{err}");
    assert_eq!(
        code,
        Some(2),
        "broken test files must make the run exit 2\n{err}"
    );
    let errors: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
    for bad in [
        "lib2to3/tests/data/py2_test_grammar.py",
        "test/tokenizedata/badsyntax_3131.py",
        "test/encoded_modules/module_koi8_r.py",
    ] {
        if root.join(bad).exists() {
            assert!(
                errors.iter().any(|l| l.starts_with(bad)),
                "{bad} not reported:\n{}",
                errors.join("\n")
            );
        }
    }
    let broken: Vec<PathBuf> = errors
        .iter()
        .filter_map(|l| l.split(':').next())
        .map(|p| root.join(p))
        .collect();
    let broken_before: Vec<Vec<u8>> = broken.iter().map(|p| fs::read(p).unwrap()).collect();
    let changed: BTreeSet<String> = diff
        .lines()
        .filter_map(|l| l.strip_prefix("+++ b/"))
        .map(String::from)
        .collect();
    assert!(
        changed.len() >= 3,
        "expected some changes, got {}",
        changed.len()
    );

    let (code, _, err) = sturdy(&root, &["--write", "--select", "all", "--quiet"]);
    assert_eq!(code, Some(2), "{err}");
    for (p, before) in broken.iter().zip(&broken_before) {
        assert_eq!(
            &fs::read(p).unwrap(),
            before,
            "{} was modified",
            p.display()
        );
    }

    // Independent check: CPython parses every changed file.
    let list = tmp.path().join("changed.txt");
    fs::write(
        &list,
        changed.iter().map(|p| format!("{p}\n")).collect::<String>(),
    )
    .unwrap();
    let check = Command::new("python3")
        .args([
            "-c",
            "import ast, sys\nbad = []\nfor p in open(sys.argv[1]).read().split():\n    try:\n        ast.parse(open(p, 'rb').read(), p)\n    except SyntaxError as e:\n        bad.append(f'{p}: {e}')\nprint('\\n'.join(bad))\nsys.exit(1 if bad else 0)",
        ])
        .arg(&list)
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "changed files that CPython cannot parse:\n{}",
        String::from_utf8_lossy(&check.stdout)
    );

    // Idempotence: nothing left to change.
    let (_, diff2, err2) = sturdy(&root, &["--check", "--select", "all"]);
    assert!(
        diff2.is_empty(),
        "second run still changes files:\n{}",
        &diff2[..diff2.len().min(3000)]
    );
    assert!(
        err2.contains("0 files would change"),
        "{}",
        err2.lines().last().unwrap_or_default()
    );
}
