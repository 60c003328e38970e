//! The per-run pipeline: read, decode and parse every input, gather repo-wide facts, transform candidate files with verified
//! edits until nothing changes, and hand back one outcome per file.
//!
//! Work is spread over `jobs` threads with large stacks (dropping a deeply nested
//! AST recurses). Outcomes come back in input order; the caller sorts and prints.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::codemods::{Codemod, Context, Diagnostic, Facts, Options};
use crate::edit::apply_changes;
use crate::source::SourceFile;

/// How many rounds of "run every codemod, apply what does not conflict" a file gets.
const MAX_ROUNDS: usize = 10;

/// Worker thread stack size: parsing is protected by `stacker`, but dropping and
/// visiting a very deep AST is not.
const STACK_SIZE: usize = 256 << 20;

/// One file to process.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path shown in diffs and messages.
    pub display: String,
    /// The file on disk; `None` for stdin.
    pub path: Option<PathBuf>,
    /// Content already read (stdin).
    pub content: Option<Vec<u8>>,
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Nothing to change.
    Unchanged,
    /// The transformed text (the original is in [`FileOutcome::original`]).
    Changed(String),
    /// The file could not be read, decoded or parsed, or a codemod misbehaved.
    /// It is never modified.
    Error(String),
}

/// The outcome for one file.
#[derive(Debug, Clone)]
pub struct FileOutcome {
    /// The input.
    pub input: Input,
    /// The original text (only kept for changed files).
    pub original: String,
    /// The result.
    pub status: Status,
    /// Candidates left alone, with reasons, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Candidates (changes and diagnostics) silenced by `# sturdy: skip` comments.
    pub suppressed: usize,
}

/// What a run needs to know.
pub struct Config {
    /// Selected codemods, in registry order.
    pub codemods: Vec<&'static dyn Codemod>,
    /// Codemod options.
    pub options: Options,
    /// Worker threads.
    pub jobs: usize,
    /// Called once per file read (for a progress bar).
    pub progress: Option<std::sync::Arc<dyn Fn() + Send + Sync>>,
}

/// Run `f` over `items` on `jobs` threads, returning results in input order.
fn parallel<T: Send, R: Send>(items: Vec<T>, jobs: usize, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let n = items.len();
    let slots: Vec<Mutex<Option<T>>> = items.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let results: Vec<Mutex<Option<R>>> = (0..n).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= n {
                break;
            }
            let item = slots[i].lock().expect("slot").take().expect("taken once");
            let r = f(item);
            *results[i].lock().expect("slot") = Some(r);
        }
    };
    let threads = jobs.clamp(1, n.max(1));
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK_SIZE)
                    .spawn_scoped(s, work)
                    .expect("spawn worker thread")
            })
            .collect();
        for h in handles {
            if let Err(panic) = h.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
    results
        .into_iter()
        .map(|m| m.into_inner().expect("slot").expect("every item processed"))
        .collect()
}

/// Read and decode one input.
fn read(input: &Input) -> Result<String, String> {
    let bytes = match (&input.content, &input.path) {
        (Some(c), _) => c.clone(),
        (None, Some(p)) => std::fs::read(p).map_err(|e| format!("cannot read file: {e}"))?,
        (None, None) => return Err("no content".to_string()),
    };
    crate::encoding::decode(bytes)
}

/// Phase-one result for a file.
enum First {
    Done(FileOutcome),
    Candidate(Input, Box<SourceFile>, Facts),
    NotCandidate(Input, Facts),
}

fn outcome(input: Input, status: Status) -> FileOutcome {
    FileOutcome {
        input,
        original: String::new(),
        status,
        diagnostics: Vec::new(),
        suppressed: 0,
    }
}

/// Process every input.
pub fn run(inputs: Vec<Input>, config: &Config) -> Vec<FileOutcome> {
    let codemods = &config.codemods;
    let needs_facts = codemods.iter().any(|c| c.uses_facts());
    let empty = Facts::default();

    let first = parallel(inputs, config.jobs, |input| {
        if let Some(tick) = &config.progress {
            tick();
        }
        let text = match read(&input) {
            Ok(t) => t,
            Err(e) => return First::Done(outcome(input, Status::Error(e))),
        };
        // Every file is parsed, even one no codemod cares about: a syntax error must be
        // reported (exit 2), never silently passed over.
        let interesting = codemods.iter().any(|c| c.might_apply(&text));
        let file = match SourceFile::parse(&input.display, text) {
            Ok(f) => f,
            Err(p) => {
                let msg = format!(
                    "{}:{}: cannot parse: {}; the file is left unchanged (fix the syntax error to migrate it)",
                    p.line, p.column, p.message
                );
                return First::Done(outcome(input, Status::Error(msg)));
            }
        };
        if !needs_facts {
            if !interesting {
                return First::Done(outcome(input, Status::Unchanged));
            }
            return First::Done(transform(input, file, config, &empty));
        }
        let mut facts = Facts::default();
        let mut candidate = false;
        for c in codemods {
            candidate |= c.index(&file, &mut facts);
        }
        if candidate {
            First::Candidate(input, Box::new(file), facts)
        } else {
            First::NotCandidate(input, facts)
        }
    });

    // Merge facts in input order so "first seen at" locations are deterministic.
    let mut facts = Facts::default();
    let mut pending = Vec::new();
    let mut results: Vec<Option<FileOutcome>> = Vec::with_capacity(first.len());
    for (i, f) in first.into_iter().enumerate() {
        match f {
            First::Done(o) => results.push(Some(o)),
            First::NotCandidate(input, fs) => {
                facts.merge(fs);
                results.push(Some(outcome(input, Status::Unchanged)));
            }
            First::Candidate(input, file, fs) => {
                facts.merge(fs);
                pending.push((i, input, file));
                results.push(None);
            }
        }
    }
    let pending_idx: Vec<usize> = pending.iter().map(|(i, _, _)| *i).collect();
    let done = parallel(pending, config.jobs, |(_, input, file)| {
        transform(input, *file, config, &facts)
    });
    for (i, o) in pending_idx.into_iter().zip(done) {
        results[i] = Some(o);
    }
    results
        .into_iter()
        .map(|o| o.expect("every file has an outcome"))
        .collect()
}

/// What one round of every selected codemod proposes for a file.
pub struct Round {
    /// Changes, with those silenced by suppression comments removed.
    pub changes: Vec<crate::edit::Change>,
    /// Skip diagnostics, with silenced ones removed.
    pub diagnostics: Vec<Diagnostic>,
    /// How many changes and diagnostics suppression comments silenced.
    pub suppressed: usize,
}

/// Run every selected codemod once on `file`, honouring `# sturdy: skip` and
/// `# sturdy: skip-file`.
pub fn round_changes(file: &SourceFile, config: &Config, facts: &Facts) -> Round {
    let mut changes = Vec::new();
    let mut diagnostics = Vec::new();
    for c in &config.codemods {
        if !c.might_apply(&file.text) {
            continue;
        }
        let mut cx = Context::new(c.name(), file, facts, &config.options);
        c.run(&mut cx);
        changes.append(&mut cx.changes);
        diagnostics.append(&mut cx.diagnostics);
    }
    let mut suppressed = 0;
    let skip_file = crate::suppress::skip_file(file);
    let regions = crate::suppress::regions(file);
    if skip_file || !regions.is_empty() {
        let silenced =
            |r: ruff_text_size::TextRange| skip_file || regions.iter().any(|g| g.contains_range(r));
        let before = changes.len();
        changes.retain(|c: &crate::edit::Change| !c.edits.iter().any(|e| silenced(e.range)));
        suppressed += before - changes.len();
        let lines: Vec<(usize, usize)> = regions
            .iter()
            .map(|g| (file.line_col(g.start()).0, file.line_col(g.end()).0))
            .collect();
        let before = diagnostics.len();
        diagnostics
            .retain(|d| !skip_file && !lines.iter().any(|(a, b)| (*a..*b).contains(&d.line)));
        suppressed += before - diagnostics.len();
    }
    Round {
        changes,
        diagnostics,
        suppressed,
    }
}

/// Run the codemods on one parsed file until nothing changes.
pub fn transform(
    input: Input,
    mut file: SourceFile,
    config: &Config,
    facts: &Facts,
) -> FileOutcome {
    let original = file.text.clone();
    let mut diagnostics = Vec::new();
    let mut suppressed = 0;
    for round in 0..MAX_ROUNDS {
        let mut r = round_changes(&file, config, facts);
        if round == 0 {
            diagnostics = std::mem::take(&mut r.diagnostics);
            suppressed = r.suppressed;
        }
        let changes = r.changes;
        if changes.is_empty() {
            break;
        }
        let applied = apply_changes(&file.text, &changes);
        if applied.text == file.text {
            break;
        }
        match SourceFile::parse(&file.path, applied.text) {
            Ok(f) => file = f,
            Err(p) => {
                let mut names: Vec<&str> = changes.iter().map(|c| c.codemod).collect();
                names.dedup();
                let msg = format!(
                    "internal error: codemod {} produced invalid Python ({}:{}: {}); the file is left unchanged, please report this",
                    names.join(", "),
                    p.line,
                    p.column,
                    p.message
                );
                return FileOutcome {
                    input,
                    original: String::new(),
                    status: Status::Error(msg),
                    diagnostics,
                    suppressed,
                };
            }
        }
    }
    diagnostics.sort_by_key(|d| (d.line, d.column));
    let status = if file.text == original {
        Status::Unchanged
    } else {
        Status::Changed(file.text)
    };
    FileOutcome {
        input,
        original: if matches!(status, Status::Changed(_)) {
            original
        } else {
            String::new()
        },
        status,
        diagnostics,
        suppressed,
    }
}
