//! Property test ("fuzz") of the whole library pipeline with every codemod: arbitrary
//! bytes, and real Python (the fixture files under `codemods/` and a sample of the
//! stdlib) with byte and line mutations, alone and several files per run (repo-wide
//! facts). For every input: no panic and no internal error; every changed file
//! parses; a second run over the output changes nothing.
//!
//! Deterministic: a fixed seed (set `FUZZ_SEED=<n>` to explore other inputs) and
//! `PROPTEST_CASES` cases per property (defaults: 3,000 to 12,000 in release builds,
//! about 20 s on 2 cores; a few hundred in debug builds).
//! A failing input is minimised by proptest and written to a temp file whose path is
//! printed: add it to `tests/fuzz-regressions/` (a directory there is one multi-file
//! run), where [`fuzz_regressions`] replays every file on each test run.

use std::cell::Cell;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::{Config as PtConfig, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use sturdy::codemods::{ALL, Options};
use sturdy::runner::{self, Config, Input, Status};

// ---------------------------------------------------------------------------------
// The property

/// Run every codemod over `files` (one run), then over the output; report the first
/// violated property.
fn check(files: &[(String, Vec<u8>)], options: &Options) -> Result<(), String> {
    let first = run(files, options);
    // Same input, same output (hash maps are seeded differently in each run).
    for ((name, _), (a, b)) in files.iter().zip(first.iter().zip(run(files, options))) {
        if a.status != b.status || a.diagnostics != b.diagnostics {
            return Err(format!(
                "{name}: two runs on the same input disagree:\n{:?}\n{:?}\n---\n{:?}\n{:?}",
                a.status, a.diagnostics, b.status, b.diagnostics
            ));
        }
    }
    for o in &first {
        let k = match o.status {
            Status::Changed(_) => 0,
            Status::Unchanged => 1,
            Status::Error(_) => 2,
        };
        STATS.with(|s| s[k].set(s[k].get() + 1));
    }
    let mut output = Vec::new();
    for ((name, bytes), o) in files.iter().zip(&first) {
        match &o.status {
            Status::Error(e) if e.contains("internal error") || e.contains("panicked") => {
                return Err(format!("{name}: {e}"));
            }
            Status::Changed(text) => {
                if !sturdy::source::parses(text) {
                    return Err(format!("{name}: the output does not parse:\n{text}"));
                }
                if o.original.as_bytes() != bytes.as_slice() {
                    return Err(format!("{name}: `original` is not the input"));
                }
                output.push((name.clone(), text.clone().into_bytes()));
            }
            _ => output.push((name.clone(), bytes.clone())),
        }
    }
    let second = run(&output, options);
    for ((name, _), o) in output.iter().zip(&second) {
        match &o.status {
            Status::Changed(text) => {
                return Err(format!(
                    "{name}: a second run changes the output again:\n--- first output\n{}\n--- second output\n{text}",
                    o.original
                ));
            }
            Status::Error(e) if e.contains("internal error") || e.contains("panicked") => {
                return Err(format!("{name} (second run): {e}"));
            }
            _ => {}
        }
    }
    Ok(())
}

thread_local! {
    /// Files seen changed / unchanged / in error by this test (printed with `--nocapture`).
    static STATS: [Cell<usize>; 3] = const { [Cell::new(0), Cell::new(0), Cell::new(0)] };
}

fn stats(test: &str, start: std::time::Instant) {
    let [c, u, e] = STATS.with(|s| s.each_ref().map(|a| a.replace(0)));
    eprintln!(
        "{test}: {c} files changed, {u} unchanged, {e} errors (not valid Python), {:.1?}",
        start.elapsed()
    );
}

fn run(files: &[(String, Vec<u8>)], options: &Options) -> Vec<runner::FileOutcome> {
    let config = Config {
        codemods: ALL.to_vec(),
        options: options.clone(),
        jobs: 1,
        progress: None,
    };
    let inputs = files
        .iter()
        .map(|(name, bytes)| Input {
            display: name.clone(),
            path: None,
            content: Some(bytes.clone()),
        })
        .collect();
    runner::run(inputs, &config)
}

// ---------------------------------------------------------------------------------
// Seeds

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn py_files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            py_files_under(&p, out);
        } else if p.extension().is_some_and(|x| x == "py") {
            out.push(p);
        }
    }
}

/// Fixture files, then a spread of small stdlib files that codemods look at.
fn seeds() -> &'static [Vec<u8>] {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut paths = Vec::new();
        py_files_under(&manifest().join("codemods"), &mut paths);
        py_files_under(&manifest().join("examples"), &mut paths);
        paths.sort();
        let mut seeds: Vec<Vec<u8>> = paths.iter().filter_map(|p| fs::read(p).ok()).collect();
        let out = std::process::Command::new("python3")
            .args([
                "-c",
                "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
            ])
            .output()
            .expect("python3 must be installed");
        let stdlib = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
        let mut lib = Vec::new();
        for top in fs::read_dir(&stdlib).unwrap().flatten() {
            let name = top.file_name();
            if name == "site-packages" || name == "__pycache__" {
                continue;
            }
            if top.path().is_dir() {
                py_files_under(&top.path(), &mut lib);
            } else if top.path().extension().is_some_and(|x| x == "py") {
                lib.push(top.path());
            }
        }
        lib.sort();
        let words = [
            "__del__", "ABC", "**", "fork", "pydantic", "fastapi", "Protocol",
        ];
        let picked: Vec<Vec<u8>> = lib
            .iter()
            .filter_map(|p| fs::read(p).ok())
            .filter(|b| b.len() < 12 << 10)
            .filter(|b| {
                let t = String::from_utf8_lossy(b);
                words.iter().any(|w| t.contains(w))
            })
            .collect();
        let step = (picked.len() / 80).max(1);
        seeds.extend(picked.into_iter().step_by(step));
        assert!(seeds.len() > 40, "too few seeds: {}", seeds.len());
        seeds
    })
}

/// Fragments a mutation may insert: the syntax codemods care about, and the syntax
/// that trips up text edits.
const TOKENS: &[&str] = &[
    "**",
    "**kwargs",
    "*args",
    "__del__",
    "__init__",
    "self",
    "self.",
    "ABC",
    "ABCMeta",
    "Protocol",
    "@abstractmethod\n",
    "abstractmethod",
    "isinstance(",
    "issubclass(",
    ".register(",
    "match ",
    "case ",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    "=",
    ";",
    "\n",
    "\r\n",
    "\r",
    "    ",
    "\t",
    "\\\n",
    "#",
    "# sturdy: skip\n",
    "# sturdy: skip-file\n",
    "# type: ignore",
    "'",
    "\"",
    "\"\"\"",
    "'''",
    "f\"{",
    "}\"",
    "b'",
    "r'",
    "def ",
    "async def ",
    "class ",
    "return ",
    "yield ",
    "await ",
    "lambda ",
    "pass\n",
    "...",
    "import os\n",
    "import gc\n",
    "import weakref\n",
    "from abc import ABC, abstractmethod\n",
    "from typing import Protocol\n",
    "from __future__ import annotations\n",
    "os.fork()",
    "gc.freeze()",
    "gc.disable()",
    "multiprocessing",
    "set_start_method('fork')",
    "preload_app = True\n",
    "workers = 4\n",
    "bind = ':80'\n",
    "Depends(",
    "Query(",
    "Field(",
    "fastapi",
    "pydantic",
    "BaseModel",
    "Annotated[",
    "global ",
    "nonlocal ",
    "del ",
    "__slots__ = ()\n",
    "super().__init__()\n",
    "\u{feff}",
    "é",
    "𝔘",
    "\0",
    "if x:\n",
    "else:\n",
    "try:\n",
    "except Exception:\n",
    "finally:\n",
    "with open(f) as g:\n",
    "@property\n",
    "@staticmethod\n",
    "@classmethod\n",
    "@dispatch\n",
    "@overload\n",
];

/// One edit of a source file.
#[derive(Debug, Clone)]
enum Mutation {
    /// Overwrite a byte.
    SetByte(prop::sample::Index, u8),
    /// Insert a fragment from [`TOKENS`].
    InsertToken(prop::sample::Index, prop::sample::Index),
    /// Insert arbitrary bytes.
    InsertBytes(prop::sample::Index, Vec<u8>),
    /// Delete up to `n` bytes.
    Delete(prop::sample::Index, usize),
    /// Cut the file here.
    Truncate(prop::sample::Index),
    /// Duplicate, delete, or move a line.
    DuplicateLine(prop::sample::Index),
    DeleteLine(prop::sample::Index),
    SwapLines(prop::sample::Index, prop::sample::Index),
    /// Copy a line of another seed in.
    LineFrom(
        prop::sample::Index,
        prop::sample::Index,
        prop::sample::Index,
    ),
    /// Indent or dedent a line.
    Indent(prop::sample::Index, bool),
    /// Every `\n` becomes `\r\n`.
    Crlf,
    /// Tabs for 4 spaces.
    Tabs,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    use prop::sample::Index;
    let idx = any::<Index>;
    prop_oneof![
        1 => (idx(), any::<u8>()).prop_map(|(i, b)| Mutation::SetByte(i, b)),
        4 => (idx(), idx()).prop_map(|(i, t)| Mutation::InsertToken(i, t)),
        1 => (idx(), prop::collection::vec(any::<u8>(), 1..8)).prop_map(|(i, b)| Mutation::InsertBytes(i, b)),
        2 => (idx(), 1..40usize).prop_map(|(i, n)| Mutation::Delete(i, n)),
        1 => idx().prop_map(Mutation::Truncate),
        2 => idx().prop_map(Mutation::DuplicateLine),
        2 => idx().prop_map(Mutation::DeleteLine),
        1 => (idx(), idx()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        2 => (idx(), idx(), idx()).prop_map(|(s, l, at)| Mutation::LineFrom(s, l, at)),
        2 => (idx(), any::<bool>()).prop_map(|(i, d)| Mutation::Indent(i, d)),
        1 => Just(Mutation::Crlf),
        1 => Just(Mutation::Tabs),
    ]
}

fn lines(b: &[u8]) -> Vec<Vec<u8>> {
    b.split_inclusive(|&c| c == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

fn apply(mut b: Vec<u8>, m: &Mutation) -> Vec<u8> {
    let at = |i: &prop::sample::Index, len: usize| if len == 0 { 0 } else { i.index(len + 1) };
    match m {
        Mutation::SetByte(i, v) => {
            if !b.is_empty() {
                let k = i.index(b.len());
                b[k] = *v;
            }
        }
        Mutation::InsertToken(i, t) => {
            let k = at(i, b.len());
            let tok = TOKENS[t.index(TOKENS.len())].as_bytes();
            b.splice(k..k, tok.iter().copied());
        }
        Mutation::InsertBytes(i, bytes) => {
            let k = at(i, b.len());
            b.splice(k..k, bytes.iter().copied());
        }
        Mutation::Delete(i, n) => {
            let k = at(i, b.len());
            let end = (k + n).min(b.len());
            b.drain(k..end);
        }
        Mutation::Truncate(i) => b.truncate(at(i, b.len())),
        Mutation::DuplicateLine(i) | Mutation::DeleteLine(i) | Mutation::Indent(i, _) => {
            let mut ls = lines(&b);
            if !ls.is_empty() {
                let k = i.index(ls.len());
                match m {
                    Mutation::DuplicateLine(_) => {
                        let l = ls[k].clone();
                        ls.insert(k, l);
                    }
                    Mutation::DeleteLine(_) => {
                        ls.remove(k);
                    }
                    Mutation::Indent(_, dedent) => {
                        if *dedent {
                            let n = ls[k].iter().take(4).take_while(|&&c| c == b' ').count();
                            ls[k].drain(..n);
                        } else {
                            ls[k].splice(0..0, *b"    ");
                        }
                    }
                    _ => unreachable!(),
                }
                b = ls.concat();
            }
        }
        Mutation::SwapLines(x, y) => {
            let mut ls = lines(&b);
            if !ls.is_empty() {
                let (p, q) = (x.index(ls.len()), y.index(ls.len()));
                ls.swap(p, q);
                b = ls.concat();
            }
        }
        Mutation::LineFrom(s, l, i) => {
            let seeds = seeds();
            let other = lines(&seeds[s.index(seeds.len())]);
            if !other.is_empty() {
                let line = other[l.index(other.len())].clone();
                let mut ls = lines(&b);
                let k = i.index(ls.len() + 1);
                ls.insert(k, line);
                b = ls.concat();
            }
        }
        Mutation::Crlf => {
            let mut out = Vec::with_capacity(b.len() + b.len() / 16);
            for &c in &b {
                if c == b'\n' {
                    out.push(b'\r');
                }
                out.push(c);
            }
            b = out;
        }
        Mutation::Tabs => {
            let text = String::from_utf8_lossy(&b).replace("    ", "\t");
            b = text.into_bytes();
        }
    }
    b
}

/// A seed with a few mutations.
fn mutated_file() -> impl Strategy<Value = Vec<u8>> {
    (
        any::<prop::sample::Index>(),
        prop::collection::vec(mutation(), 0..6),
    )
        .prop_map(|(s, ms)| {
            let seeds = seeds();
            let mut b = seeds[s.index(seeds.len())].clone();
            for m in &ms {
                b = apply(b, m);
            }
            b
        })
}

// ---------------------------------------------------------------------------------
// Runner

fn cases(release: u32, debug: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if cfg!(debug_assertions) {
            debug
        } else {
            release
        })
}

fn runner(cases: u32, salt: u8) -> TestRunner {
    let config = PtConfig {
        cases,
        failure_persistence: None,
        max_shrink_iters: 2000,
        ..PtConfig::default()
    };
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_5eed);
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    bytes[8] = salt;
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
}

/// Save a failing input where a developer can pick it up; while proptest shrinks,
/// each smaller failing input overwrites the last, so the minimal one remains.
fn save(files: &[(String, Vec<u8>)]) -> String {
    let test = std::thread::current()
        .name()
        .unwrap_or("fuzz")
        .replace("::", "-");
    let dir = std::env::temp_dir().join(format!("sturdy-fuzz-{test}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    for (name, bytes) in files {
        let p = dir.join(name);
        let _ = fs::create_dir_all(p.parent().unwrap());
        let _ = fs::write(p, bytes);
    }
    dir.display().to_string()
}

fn property(files: &[(String, Vec<u8>)], options: &Options) -> Result<(), TestCaseError> {
    check(files, options).map_err(|e| {
        let at = save(files);
        TestCaseError::fail(format!("{e}\n(input saved in {at})"))
    })
}

#[test]
fn arbitrary_bytes() {
    let start = std::time::Instant::now();
    let mut r = runner(cases(4000, 200), 1);
    let result = r.run(&prop::collection::vec(any::<u8>(), 0..400), |bytes| {
        property(&[("a.py".to_string(), bytes)], &Options::default())
    });
    stats("arbitrary_bytes", start);
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// Random soups of the fragments codemods care about, with names and newlines.
fn token_soup() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        3 => prop::sample::select(TOKENS).prop_map(str::to_string),
        2 => prop::sample::select(&["x", "self", "f", "C", "os", "kw", "a.b", "0", "None", "T"][..])
            .prop_map(|s| format!("{s} ")),
        1 => Just("\n    ".to_string()),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat().into_bytes())
}

#[test]
fn token_soups() {
    let start = std::time::Instant::now();
    let mut r = runner(cases(4000, 200), 4);
    let result = r.run(&token_soup(), |bytes| {
        property(&[("soup.py".to_string(), bytes)], &Options::default())
    });
    stats("token_soups", start);
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn mutated_python_single_file() {
    let start = std::time::Instant::now();
    let mut r = runner(cases(12000, 400), 2);
    let result = r.run(&(mutated_file(), any::<bool>()), |(bytes, strip)| {
        let options = Options {
            strip_abstractmethod: strip,
            ..Options::default()
        };
        property(&[("mod.py".to_string(), bytes)], &options)
    });
    stats("mutated_python_single_file", start);
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn mutated_python_several_files_per_run() {
    let start = std::time::Instant::now();
    let mut r = runner(cases(3000, 100), 3);
    let result = r.run(&prop::collection::vec(mutated_file(), 2..5), |files| {
        let files: Vec<(String, Vec<u8>)> = files
            .into_iter()
            .enumerate()
            .map(|(i, b)| (format!("pkg/m{i}.py"), b))
            .collect();
        property(&files, &Options::default())
    });
    stats("mutated_python_several_files_per_run", start);
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// Run every regression input under `dir`: a file is one run; a directory is one
/// run of all its files. Returns the failures.
fn replay(dir: &Path) -> (usize, Vec<String>) {
    let Ok(listing) = fs::read_dir(dir) else {
        return (0, Vec::new()); // `open/` is absent while no bug is open.
    };
    let mut entries: Vec<PathBuf> = listing.flatten().map(|e| e.path()).collect();
    entries.sort();
    let mut failures = Vec::new();
    let mut count = 0;
    for p in entries {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name == "README.md" || name == "open" {
            continue;
        }
        let files: Vec<(String, Vec<u8>)> = if p.is_dir() {
            let mut inner = Vec::new();
            py_files_under(&p, &mut inner);
            inner.sort();
            inner
                .iter()
                .map(|f| {
                    let rel = f.strip_prefix(&p).unwrap().to_string_lossy().to_string();
                    (rel, fs::read(f).unwrap())
                })
                .collect()
        } else {
            vec![(name.clone(), fs::read(&p).unwrap())]
        };
        count += 1;
        for strip in [false, true] {
            let options = Options {
                strip_abstractmethod: strip,
                ..Options::default()
            };
            if let Err(e) = check(&files, &options) {
                failures.push(format!("{name}: {e}"));
                break;
            }
        }
    }
    (count, failures)
}

/// Every input that once failed and is fixed.
#[test]
fn fuzz_regressions() {
    let (count, failures) = replay(&manifest().join("tests/fuzz-regressions"));
    assert!(count > 0, "tests/fuzz-regressions is empty");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Inputs that fail because of open bugs (in codemods): run with `--ignored`; when a
/// bug is fixed, move its file up to `tests/fuzz-regressions/`.
#[test]
#[ignore = "open codemod bugs found by the fuzzer; see tests/fuzz-regressions/README.md"]
fn fuzz_regressions_open() {
    let (count, failures) = replay(&manifest().join("tests/fuzz-regressions/open"));
    assert!(
        failures.is_empty(),
        "{} of {count} fail:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
