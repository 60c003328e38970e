//! The floor for `sturdy`'s throughput: discover files exactly like the CLI does
//! (`ignore` walk, `.gitignore` honoured without git, `*.py`/`*.pyi`), then read,
//! decode and parse each one with the same parser and options as
//! `sturdy::source`, on the same kind of worker threads, and drop it. No index, no
//! codemods, no output. Used by `scripts/bench.py`; prints one line of counts.
//!
//! Usage: `sturdy-parse-bench [--jobs N] PATH...`

// `mimalloc`, the `sturdy` binary's allocator outside its parses: the floor parses
// and drops each AST node by node, as sturdy did before its arenas (`src/arena.rs`;
// `STURDY_NO_ARENA=1` runs sturdy that way too).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use ruff_python_ast::PythonVersion;
use ruff_python_parser::{Mode, ParseOptions};

fn discover(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for root in roots {
        if root.is_file() {
            files.push(root.clone());
            continue;
        }
        for entry in ignore::WalkBuilder::new(root)
            .require_git(false)
            .build()
            .flatten()
        {
            let p = entry.path();
            if entry.file_type().is_some_and(|t| t.is_file())
                && p.extension().is_some_and(|x| x == "py" || x == "pyi")
            {
                files.push(entry.into_path());
            }
        }
    }
    files.sort();
    files
}

#[derive(Default)]
struct Counts {
    files: usize,
    bytes: usize,
    lines: usize,
    errors: usize,
}

fn main() {
    let mut jobs = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let mut roots = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--jobs" || a == "-j" {
            jobs = args.next().and_then(|n| n.parse().ok()).expect("--jobs N");
        } else {
            roots.push(PathBuf::from(a));
        }
    }
    if roots.is_empty() {
        roots.push(PathBuf::from("."));
    }
    let files = discover(&roots);
    let next = AtomicUsize::new(0);
    let options = ParseOptions::from(Mode::Module).with_target_version(PythonVersion::latest());
    let work = || {
        let mut c = Counts::default();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(path) = files.get(i) else { break };
            c.files += 1;
            let Ok(bytes) = std::fs::read(path) else {
                c.errors += 1;
                continue;
            };
            c.bytes += bytes.len();
            c.lines += memchr::memchr_iter(b'\n', &bytes).count();
            let Ok(text) = sturdy::encoding::decode(bytes) else {
                c.errors += 1;
                continue;
            };
            let parsed = ruff_python_parser::parse_unchecked(&text, options.clone());
            if !parsed.errors().is_empty() {
                c.errors += 1;
            }
            drop(parsed);
        }
        c
    };
    // The same worker threads as the runner's index phase.
    let total =
        sturdy::runner::on_workers(jobs, work)
            .into_iter()
            .fold(Counts::default(), |a, c| Counts {
                files: a.files + c.files,
                bytes: a.bytes + c.bytes,
                lines: a.lines + c.lines,
                errors: a.errors + c.errors,
            });
    println!(
        "files={} bytes={} lines={} errors={}",
        total.files, total.bytes, total.lines, total.errors
    );
}
