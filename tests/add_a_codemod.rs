//! The steps of "Adding a codemod" (the docs of `src/codemods/mod.rs`), checked for
//! every registered codemod: a step that is missed fails here, naming the codemod,
//! the step and the file to fix.
//!
//! `PENDING` lists the steps existing codemods have not taken yet, each with why; an
//! entry that is no longer needed fails too, so the list only shrinks.

use std::fs;
use std::path::{Path, PathBuf};

use sturdy::codemods::ALL;

/// (codemod, step, why it is not done yet).
const PENDING: &[(&str, &str, &str)] = &[];

const MAX_LINES: usize = 700;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_default()
}

/// Every file under `dir` (recursively) whose name ends with `suffix`.
fn files_ending(dir: &Path, suffix: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries {
        let p = e.unwrap().path();
        if p.is_dir() {
            files_ending(&p, suffix, out);
        } else if p.to_string_lossy().ends_with(suffix) {
            out.push(p);
        }
    }
}

/// The steps `name` misses: (step, what to do).
fn missing_steps(name: &str) -> Vec<(String, String)> {
    let snake = name.replace('-', "_");
    let src = root().join("src/codemods").join(&snake);
    let mut missing = Vec::new();
    let mut miss = |step: &str, what: String| missing.push((step.to_string(), what));

    // 1. Module shape.
    let module = read(&src.join("mod.rs"));
    if module.is_empty() {
        miss("module", format!("create {}/mod.rs", src.display()));
    }
    if !module.contains("#![warn(unreachable_pub)]") {
        miss(
            "unreachable_pub",
            format!(
                "start {}/mod.rs with #![warn(unreachable_pub)]",
                src.display()
            ),
        );
    }
    for part in ["analyze.rs", "rewrite.rs", "skip.rs"] {
        if !src.join(part).is_file() {
            miss(part, format!("add {}/{part}", src.display()));
        }
    }
    let mut sources = Vec::new();
    files_ending(&src, ".rs", &mut sources);
    sources.sort();
    for f in &sources {
        let lines = read(f).lines().count();
        if lines > MAX_LINES {
            let file = f.strip_prefix(&src).unwrap().to_string_lossy().to_string();
            miss(
                &format!("size:{file}"),
                format!(
                    "{} has {lines} lines; split it (at most {MAX_LINES})",
                    f.display()
                ),
            );
        }
    }
    // 2. Suppression before planning.
    if !sources
        .iter()
        .any(|f| read(f).contains("candidate_suppressed("))
    {
        miss(
            "candidate_suppressed",
            format!(
                "call cx.candidate_suppressed(range) for each candidate in {}",
                src.display()
            ),
        );
    }
    // 3. Registry: `ALL` is where the name came from; the module must be declared.
    if !read(&root().join("src/codemods/mod.rs")).contains(&format!("pub mod {snake};")) {
        miss(
            "registry",
            format!("add `pub mod {snake};` to src/codemods/mod.rs"),
        );
    }
    // 4. Docs: the README's sections are checked in tests/fixtures.rs; the table row here.
    if !read(&root().join("README.md")).contains(&format!("](codemods/{name}/README.md)")) {
        miss(
            "readme-row",
            format!("add a row linking codemods/{name}/README.md to the table in README.md"),
        );
    }
    // 5. Fixtures: one converted case, one skipped case.
    let fixtures = root().join("codemods").join(name);
    for (suffix, step) in [
        (".expected.py", "fixture-converted"),
        (".skips", "fixture-skipped"),
    ] {
        let mut found = Vec::new();
        files_ending(&fixtures, suffix, &mut found);
        if found.is_empty() {
            miss(
                step,
                format!("add a `*{suffix}` case under {}", fixtures.display()),
            );
        }
    }
    // 6. Behaviour: a program, and a test that runs it.
    let mut programs = Vec::new();
    files_ending(
        &root().join("tests/behaviour").join(name),
        ".py",
        &mut programs,
    );
    if programs.is_empty() {
        miss(
            "behaviour-case",
            format!("add a program under tests/behaviour/{name}/"),
        );
    }
    if !read(&root().join("tests/behaviour.rs")).contains(&format!("check(\"{name}\")")) {
        miss(
            "behaviour-test",
            format!("add a #[test] calling check(\"{name}\") to tests/behaviour.rs"),
        );
    }
    // 7. Corpus attribution.
    let corpus = read(&root().join("scripts/corpus.py"));
    let listed = corpus
        .split_once("CODEMODS = [")
        .and_then(|(_, rest)| rest.split_once(']'))
        .is_some_and(|(list, _)| list.contains(&format!("\"{name}\"")));
    if !listed {
        miss(
            "corpus",
            format!("add \"{name}\" to CODEMODS in scripts/corpus.py (and its attribution)"),
        );
    }
    // 8. Changelog.
    if !read(&root().join("CHANGELOG.md")).contains(name) {
        miss("changelog", format!("mention {name} in CHANGELOG.md"));
    }
    missing
}

#[test]
fn every_codemod_takes_every_step() {
    let mut failures = Vec::new();
    let mut used = vec![false; PENDING.len()];
    for c in ALL {
        for (step, what) in missing_steps(c.name()) {
            match PENDING
                .iter()
                .position(|(n, s, _)| *n == c.name() && *s == step)
            {
                Some(i) => used[i] = true,
                None => failures.push(format!("{}: step `{step}`: {what}", c.name())),
            }
        }
    }
    for (i, (n, s, _)) in PENDING.iter().enumerate() {
        if !used[i] {
            failures.push(format!(
                "{n}: step `{s}` is done now; remove it from PENDING in tests/add_a_codemod.rs"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The check finds a missed step: a codemod name with no module, docs, fixtures or
/// tests misses every one.
#[test]
fn a_codemod_without_its_steps_fails() {
    let steps: Vec<String> = missing_steps("no-such-codemod")
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    for step in [
        "module",
        "unreachable_pub",
        "analyze.rs",
        "rewrite.rs",
        "skip.rs",
        "candidate_suppressed",
        "registry",
        "readme-row",
        "fixture-converted",
        "fixture-skipped",
        "behaviour-case",
        "behaviour-test",
        "corpus",
        "changelog",
    ] {
        assert!(
            steps.iter().any(|s| s == step),
            "step `{step}` not checked: {steps:?}"
        );
    }
}
