//! The per-run pipeline: read, decode and parse every input, gather repo-wide facts, transform candidate files with verified
//! edits until nothing changes, and hand back one outcome per file.
//!
//! Work is spread over `jobs` threads with large stacks (dropping a deeply nested
//! AST recurses). Outcomes come back in input order; the caller sorts and prints.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::codemods::{Codemod, Context, Diagnostic, Facts, Need, Options};
use crate::edit::apply_changes;
use crate::semantic::project::ModuleNamer;
use crate::source::SourceFile;

/// How many rounds of "run every codemod, apply what does not conflict" a file gets.
const MAX_ROUNDS: usize = 10;

/// Worker thread stack size: parsing is protected by `stacker`, but dropping and
/// visiting a very deep AST is not.
const STACK_SIZE: usize = 256 << 20;

/// How much source text (bytes) of candidate files may keep its parsed AST between
/// the index phase and the transform phase. An AST with its tokens takes about ten
/// times its source, so this caps what the run holds at once at about 160 MB; the
/// candidates beyond it keep only their text and are parsed again (memory stays
/// bounded however large the tree, at the cost of a second parse of those files).
/// 16 MB holds every candidate of the standard library (`--select all`: 4.55 G → 4.27 G
/// instructions, peak RSS 105 → 132 MB); 4 MB re-parsed about 80 of its files.
const HELD_AST_BUDGET: usize = 16 << 20;

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
    Error(FileError),
}

/// What kind of problem a [`FileError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file could not be read (missing, not a regular file, too large, I/O).
    Read,
    /// The file is not UTF-8 (or holds a NUL byte).
    Decode,
    /// The file has a syntax error.
    Syntax,
    /// A codemod misbehaved (a bug to report).
    Internal,
    /// The change could not be written back.
    Write,
    /// A directory could not be walked.
    Walk,
}

impl ErrorKind {
    /// The name used in machine output.
    pub fn name(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Decode => "decode",
            Self::Syntax => "syntax",
            Self::Internal => "internal",
            Self::Write => "write",
            Self::Walk => "walk",
        }
    }
}

/// A problem with one file: its kind, where in the file (when known), and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// The kind.
    pub kind: ErrorKind,
    /// 1-based line and column, when the problem has a place in the file.
    pub position: Option<(usize, usize)>,
    /// What is wrong and what to do (without the position).
    pub message: String,
}

impl FileError {
    /// An error without a position.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            position: None,
            message: message.into(),
        }
    }

    /// An error at `line`:`column`.
    pub fn at(kind: ErrorKind, line: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            kind,
            position: Some((line, column)),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for FileError {
    /// `line:col: message`, or the message alone.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.position {
            Some((line, col)) => write!(f, "{line}:{col}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// The message (without the position), for tests and callers that only look at words.
impl std::ops::Deref for FileError {
    type Target = str;
    fn deref(&self) -> &str {
        &self.message
    }
}

/// One edit a codemod made, located in the original text (the byte range it
/// replaced; an edit of a later round is located at the original text it grew from).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditRecord {
    /// The codemod.
    pub codemod: &'static str,
    /// Byte offsets in the original text.
    pub range: std::ops::Range<usize>,
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
    /// The silenced candidates (as many as [`FileOutcome::suppressed`]).
    pub silenced: Vec<crate::suppress::Silenced>,
    /// Problems with the file's `# sturdy: skip` comments.
    pub warnings: Vec<crate::suppress::Warning>,
    /// The codemod of each change applied (a conversion), over every round.
    pub converted: Vec<&'static str>,
    /// Which codemod made which part of the change (empty unless changed).
    pub edits: Vec<EditRecord>,
    /// New files this file's changes need (see [`crate::codemods::Context::create_file`]);
    /// each becomes an outcome of its own, [`FileOutcome::created`].
    pub creates: Vec<crate::codemods::NewFile>,
    /// Whether this outcome is a new file (its `original` is empty, the file does not
    /// exist): diffs show it as created, `--write` creates it before the files
    /// that need it ([`write_created`]).
    pub created: bool,
    /// The patch of a changed outcome, when rendered ahead of printing (see
    /// [`render_patches`]; [`crate::report::outcome_patch`] renders it otherwise).
    pub patch: std::sync::OnceLock<String>,
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

/// Run `work` once on each of `jobs` worker threads (with [`STACK_SIZE`] stacks, or
/// fewer and smaller when the system refuses them: see [`spawn_workers`]) and
/// return what each returned; a worker's panic is raised again here.
pub fn on_workers<R: Send>(jobs: usize, work: impl Fn() -> R + Sync) -> Vec<R> {
    std::thread::scope(|s| {
        let handles = spawn_workers(s, jobs.max(1), &work);
        handles
            .into_iter()
            .map(|h| match h {
                Ok(h) => h
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(done) => done,
            })
            .collect()
    })
}

/// Smaller stacks, tried in turn when not even one worker with [`STACK_SIZE`] can
/// start (an address-space limit, `ulimit -v`). The deepest AST sturdy accepts
/// ([`crate::source::MAX_DEPTH`]) needs about 1 MB (measured on a release build).
const FALLBACK_STACK_SIZES: &[usize] = &[64 << 20, 16 << 20];

/// Run `work` on up to `jobs` workers: fewer when the system refuses more threads,
/// with smaller stacks when it refuses even one with [`STACK_SIZE`], and on the
/// calling thread when it refuses every thread. Never a panic for such a limit.
fn spawn_workers<'scope, R: Send + 'scope, F: Fn() -> R + Sync>(
    s: &'scope std::thread::Scope<'scope, '_>,
    jobs: usize,
    work: &'scope F,
) -> Vec<Result<std::thread::ScopedJoinHandle<'scope, R>, R>> {
    let mut step = 0;
    let mut handles = Vec::with_capacity(jobs);
    while handles.len() < jobs {
        let size = if step == 0 {
            STACK_SIZE
        } else {
            FALLBACK_STACK_SIZES[step - 1]
        };
        match std::thread::Builder::new()
            .stack_size(size)
            .spawn_scoped(s, move || {
                let r = work();
                crate::arena::flush_thread();
                r
            }) {
            Ok(h) => handles.push(Ok(h)),
            // Fewer workers than asked for: the run is slower, not different.
            Err(_) if !handles.is_empty() => break,
            Err(_) if step < FALLBACK_STACK_SIZES.len() => step += 1,
            Err(_) => handles.push(Err(work())),
        }
    }
    handles
}

/// Share `items` out over `jobs` worker threads: each worker takes the next item
/// (in input order) until none is left, and `step`s it into a state of its own made
/// by `init`. Returns the workers' states.
fn share_out<T: Send, S: Send>(
    items: Vec<T>,
    jobs: usize,
    init: impl Fn() -> S + Sync,
    step: impl Fn(&mut S, usize, T) + Sync,
) -> Vec<S> {
    let n = items.len();
    let slots: Vec<Mutex<Option<T>>> = items.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let next = AtomicUsize::new(0);
    on_workers(jobs.clamp(1, n.max(1)), || {
        let mut state = init();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(slot) = slots.get(i) else { break };
            let item = slot.lock().expect("slot").take().expect("taken once");
            step(&mut state, i, item);
        }
        state
    })
}

/// Run `f` over `items` on `jobs` threads, returning results in input order.
fn parallel<T: Send, R: Send>(items: Vec<T>, jobs: usize, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let mut done: Vec<(usize, R)> = share_out(items, jobs, Vec::new, |out, i, item| {
        out.push((i, f(item)));
    })
    .into_iter()
    .flatten()
    .collect();
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Read and decode one input.
pub(crate) fn read(input: &Input) -> Result<String, FileError> {
    let bytes = match (&input.content, &input.path) {
        (Some(c), _) => {
            let max = crate::write::max_file_size();
            if c.len() as u64 > max {
                return Err(FileError::new(
                    ErrorKind::Read,
                    crate::write::too_large(c.len() as u64, max),
                ));
            }
            c.clone()
        }
        (None, Some(p)) => {
            crate::write::read_source(p).map_err(|e| FileError::new(ErrorKind::Read, e))?
        }
        (None, None) => return Err(FileError::new(ErrorKind::Read, "no content")),
    };
    crate::encoding::decode(bytes)
        .map_err(|e| FileError::at(ErrorKind::Decode, e.line, e.column, e.message))
}

/// Phase-one result for a file.
enum First {
    Done(Box<FileOutcome>),
    /// A candidate of a codemod that needs every file's facts: transformed in phase two.
    Candidate(Input, Held),
}

/// A phase-two file: parsed, or (over [`HELD_AST_BUDGET`]) just its text.
enum Held {
    Parsed(Box<SourceFile>),
    Text(String),
}

impl Held {
    /// The size of the file's text.
    fn len(&self) -> usize {
        match self {
            Held::Parsed(file) => file.text.len(),
            Held::Text(text) => text.len(),
        }
    }
}

/// An error outcome for a file whose processing panicked (a codemod bug): the panic
/// costs that one file, not the run, and the file is left unchanged.
fn panicked(input: Input, panic: &(dyn std::any::Any + Send)) -> FileOutcome {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    let what = what.lines().next().unwrap_or_default().to_string();
    outcome(
        input,
        Status::Error(FileError::new(
            ErrorKind::Internal,
            format!(
                "internal error: a codemod panicked ({what}); the file is left unchanged, please report this"
            ),
        )),
    )
}

/// Run `f` on `input`, turning a panic into an error outcome for that file.
fn guarded<R>(input: Input, f: impl FnOnce(Input) -> R, err: impl FnOnce(FileOutcome) -> R) -> R {
    let shown = input.clone();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(input))) {
        Ok(r) => r,
        Err(panic) => err(panicked(shown, &*panic)),
    }
}

fn outcome(input: Input, status: Status) -> FileOutcome {
    FileOutcome {
        input,
        original: String::new(),
        status,
        diagnostics: Vec::new(),
        suppressed: 0,
        silenced: Vec::new(),
        warnings: Vec::new(),
        converted: Vec::new(),
        edits: Vec::new(),
        creates: Vec::new(),
        created: false,
        patch: std::sync::OnceLock::new(),
    }
}

/// An unchanged file, with the warnings about its suppression comments.
fn unchanged(input: Input, file: &SourceFile) -> FileOutcome {
    let mut o = outcome(input, Status::Unchanged);
    o.warnings = crate::suppress::Suppressions::of(file).warnings;
    o
}

/// Process every input.
pub fn run(inputs: Vec<Input>, config: &Config) -> Vec<FileOutcome> {
    run_in_project(inputs, Vec::new(), config)
}

/// Whether the process ends right after its runs (the CLI): then a run's facts are
/// not freed one by one at its end (the OS takes the whole heap back at exit; freeing
/// 80 K facts and their maps cost 60 M instructions on the stdlib, all of them on the
/// main thread after the workers are done).
static PROCESS_EXITS_AFTER: AtomicBool = AtomicBool::new(false);

/// Say that the process exits once its runs are done (see [`PROCESS_EXITS_AFTER`]).
/// A library caller that runs sturdy repeatedly must not set this: every run's facts
/// would stay allocated.
pub fn set_process_exits_after_runs(yes: bool) {
    PROCESS_EXITS_AFTER.store(yes, Ordering::Relaxed);
}

/// Process every input of the edit set, with facts from the edit set and from
/// `fact_only`: the other files of the projects the inputs belong to, which are
/// read, parsed and indexed (only when some candidate needs other files' facts),
/// never changed or reported on.
pub fn run_in_project(
    inputs: Vec<Input>,
    fact_only: Vec<PathBuf>,
    config: &Config,
) -> Vec<FileOutcome> {
    run_in_project_counted(inputs, fact_only, config).0
}

/// [`run_in_project`], also saying how many of the `fact_only` files were indexed
/// (`(indexed, of)`), when some were looked at.
pub fn run_in_project_counted(
    inputs: Vec<Input>,
    fact_only: Vec<PathBuf>,
    config: &Config,
) -> (Vec<FileOutcome>, Option<(usize, usize)>) {
    crate::semantic::project::forget_project_roots();
    let held = AtomicUsize::new(0);
    let n = inputs.len();
    let namer = ModuleNamer::default();
    // Phase one: each worker indexes the files it takes into facts of its own (no
    // per-file maps, no hand-over to another thread) and keeps its results; both are
    // combined once every file is done.
    let workers = share_out(
        inputs,
        config.jobs,
        || (Facts::default(), Vec::new()),
        |(facts, out), i, input| {
            if let Some(tick) = &config.progress {
                tick();
            }
            facts.set_file(i);
            let first = guarded(
                input,
                |input| phase_one(input, config, &held, facts, &namer),
                |o| First::Done(Box::new(o)),
            );
            out.push((i, first));
        },
    );
    // Merging into empty facts takes the first worker's whole (`Facts::merge`).
    let mut facts = Facts::default();
    let mut results: Vec<Option<FileOutcome>> = (0..n).map(|_| None).collect();
    let mut pending = Vec::new();
    for (fs, out) in workers {
        facts.merge(fs);
        for (i, first) in out {
            match first {
                First::Done(o) => results[i] = Some(*o),
                First::Candidate(input, file) => pending.push((i, input, file)),
            }
        }
    }
    pending.sort_by_key(|(i, _, _)| *i);
    // The rest of the project, only when some candidate asks for facts.
    let asks = !pending.is_empty()
        || results
            .iter()
            .flatten()
            .any(|o| o.diagnostics.iter().any(|d| !d.unless.is_empty()));
    let mut counted = None;
    let mut decided: Option<Vec<FileOutcome>> = None;
    if asks && !fact_only.is_empty() && config.codemods.iter().any(|c| c.uses_facts()) {
        let of = fact_only.len();
        if of > n {
            let (indexed, outcomes) =
                index_needed(fact_only, n, &pending, &results, config, &mut facts, &namer);
            counted = Some((indexed, of));
            decided = Some(outcomes);
        } else {
            let indexed = share_out(fact_only, config.jobs, Facts::default, |facts, j, path| {
                facts.set_file(n + j);
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    index_only(&path, config, facts, &namer);
                }));
            });
            for fs in indexed {
                facts.merge(fs);
            }
            counted = Some((of, of));
        }
    }
    // With candidates left for phase two, their first hierarchy queries would build
    // two maps while the other workers wait: build them now, side by side.
    let prepare = config.jobs > 1 && decided.is_none() && !pending.is_empty();
    facts.semantic.finish_preparing(prepare);
    // Skips decided before every file was indexed, whose reason a fact may change.
    for o in results.iter_mut().flatten() {
        for d in &mut o.diagnostics {
            if !d.unless.is_empty() {
                d.resolve(&facts);
            }
        }
    }
    if decided.is_none() {
        // Largest first: the last files the workers take are then small ones, so no
        // worker is left alone with a big file at the end.
        pending.sort_by_key(|(i, _, held)| (std::cmp::Reverse(held.len()), *i));
    }
    let pending_idx: Vec<usize> = pending.iter().map(|(i, _, _)| *i).collect();
    let done = match decided {
        Some(done) => done,
        None => phase_two(pending, config, &facts, &namer),
    };
    for (i, o) in pending_idx.into_iter().zip(done) {
        results[i] = Some(o);
    }
    let mut results: Vec<FileOutcome> = results
        .into_iter()
        .map(|o| o.expect("every file has an outcome"))
        .collect();
    add_created(&mut results);
    if PROCESS_EXITS_AFTER.load(Ordering::Relaxed) {
        std::mem::forget(facts);
    }
    (results, counted)
}

/// Phase two: transform the held candidates with every fact they need.
fn phase_two(
    pending: Vec<(usize, Input, Held)>,
    config: &Config,
    facts: &Facts,
    namer: &ModuleNamer,
) -> Vec<FileOutcome> {
    parallel(pending, config.jobs, |(_, input, file)| {
        guarded(
            input,
            |input| {
                let file = match file {
                    Held::Parsed(file) => *file,
                    Held::Text(text) => {
                        match parse_module(&input.display, input.path.as_deref(), text, namer) {
                            Ok(f) => f,
                            Err(p) => return outcome(input, Status::Error(parse_error(&p))),
                        }
                    }
                };
                // The process ends soon after (the CLI): the held ASTs are left to
                // it instead of being dropped node by node (about 115 M instructions
                // on the standard library, a tenth of the run beyond read + parse).
                let exits = PROCESS_EXITS_AFTER.load(Ordering::Relaxed);
                transform_with(input, file, config, &config.codemods, facts, exits)
            },
            |o| o,
        )
    })
}

/// A file of the fact set that is not edited, read (cheap) but not yet parsed.
struct Other {
    path: PathBuf,
    /// Its module name (from its place on disk, as [`parse_module`] names it).
    module: String,
    /// Its text, `None` when it cannot be read or decoded (it adds no facts).
    text: Option<String>,
    /// The parser NFKC-normalizes identifiers: each run of the text holding a
    /// non-ASCII character (between ASCII characters that cannot be in an identifier,
    /// so every identifier is one run) that normalization changes, normalized.
    normalized: String,
    /// Whether the text says `setattr(` (see [`Other::matches`]).
    setattr: bool,
    indexed: bool,
}

impl Other {
    fn read(path: PathBuf, namer: &ModuleNamer) -> Other {
        use unicode_normalization::UnicodeNormalization;
        let text = crate::write::read_source(&path)
            .ok()
            .and_then(|b| crate::encoding::decode(b).ok());
        let mut normalized = String::new();
        if let Some(t) = text.as_deref().filter(|t| !t.is_ascii()) {
            let breaks = |c: char| c.is_ascii() && !(c.is_ascii_alphanumeric() || c == '_');
            for run in t.split(breaks).filter(|r| !r.is_ascii()) {
                let n: String = run.nfkc().collect();
                if n != run {
                    normalized.push_str(&n);
                    normalized.push(' ');
                }
            }
        }
        Other {
            module: namer.name(&path).0,
            setattr: text.as_deref().is_some_and(|t| t.contains("setattr(")),
            path,
            text,
            normalized,
            indexed: false,
        }
    }

    /// Whether the file may add to the answer of a query that recorded one of the
    /// `modules`, one of the `attrs` or one of the words `words` finds.
    fn matches(
        &self,
        modules: &rustc_hash::FxHashSet<Box<str>>,
        attrs: bool,
        words: Option<&aho_corasick::AhoCorasick>,
    ) -> bool {
        let Some(text) = &self.text else {
            return false;
        };
        if modules.contains(self.module.as_str()) {
            return true;
        }
        // The semantic index reads `setattr(x, "name", …)` and `delattr` only in a
        // file that says `setattr(`; the literal may spell the name with escapes or
        // in parts, so such a file matters to every attribute asked about.
        if attrs && self.setattr {
            return true;
        }
        words.is_some_and(|w| w.is_match(text) || w.is_match(&self.normalized))
    }
}

/// Index the files of `fact_only` that can change an answer, instead of all: run
/// every held candidate's transform (and resolve every deferred skip) with the facts
/// gathered so far marked complete, recording what each query asks for
/// ([`crate::semantic::Needles`]: words a contributing file must contain, modules);
/// index every file that matches; repeat until none does. Each query answers from
/// the files that match what it recorded, so the last dry run, which indexed nothing
/// new, asked exactly what a run with every file indexed asks, and got the same
/// answers: its outcomes are the candidates' outcomes. Returns how many files were
/// indexed, and those outcomes (in `pending`'s order).
fn index_needed(
    fact_only: Vec<PathBuf>,
    n: usize,
    pending: &[(usize, Input, Held)],
    results: &[Option<FileOutcome>],
    config: &Config,
    facts: &mut Facts,
    namer: &ModuleNamer,
) -> (usize, Vec<FileOutcome>) {
    let mut others: Vec<Other> = parallel(fact_only, config.jobs, |path| Other::read(path, namer));
    let texts: Vec<(Input, String)> = pending
        .iter()
        .map(|(_, input, held)| {
            let text = match held {
                Held::Parsed(f) => f.text.clone(),
                Held::Text(t) => t.clone(),
            };
            (input.clone(), text)
        })
        .collect();
    let deferred: Vec<Diagnostic> = results
        .iter()
        .flatten()
        .flat_map(|o| o.diagnostics.iter().filter(|d| !d.unless.is_empty()))
        .cloned()
        .collect();
    let mut indexed = 0;
    // Words and attributes already looked for in every file not indexed: the texts do
    // not change, so each later round looks only for new ones.
    let mut searched: rustc_hash::FxHashSet<Box<str>> = rustc_hash::FxHashSet::default();
    let mut searched_attrs: rustc_hash::FxHashSet<Box<str>> = rustc_hash::FxHashSet::default();
    loop {
        facts.semantic.finish();
        let missing = others
            .iter()
            .filter(|o| !o.indexed && o.text.is_some())
            .map(|o| o.module.as_str().into())
            .collect();
        let recorder = std::sync::Arc::new(crate::semantic::Recorder::with_missing(missing));
        facts.set_recorder(Some(recorder.clone()));
        for d in &deferred {
            d.clone().resolve(facts);
        }
        let dry: &Facts = facts;
        let outcomes = parallel(texts.clone(), config.jobs, |(input, text)| {
            guarded(
                input,
                |input| match parse_module(&input.display, input.path.as_deref(), text, namer) {
                    Ok(f) => transform(input, f, config, dry),
                    Err(p) => outcome(input, Status::Error(parse_error(&p))),
                },
                |o| o,
            )
        });
        facts.set_recorder(None);
        let needles = recorder.take();
        let mut new_words: Vec<Box<str>> = Vec::new();
        let mut new_attrs = false;
        for w in needles.attrs {
            if !searched_attrs.contains(&w) {
                searched_attrs.insert(w.clone());
                new_attrs = true;
                if searched.insert(w.clone()) {
                    new_words.push(w);
                }
            }
        }
        for w in needles.words {
            if !searched.contains(&w) {
                searched.insert(w.clone());
                new_words.push(w);
            }
        }
        let words = (!new_words.is_empty()).then(|| {
            let patterns = || new_words.iter().map(|w| w.as_bytes());
            aho_corasick::AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(patterns())
                .or_else(|_| aho_corasick::AhoCorasick::new(patterns()))
                .expect("needles are short words")
        });
        let wanted: Vec<usize> = others
            .iter()
            .enumerate()
            .filter(|(_, o)| !o.indexed && o.matches(&needles.modules, new_attrs, words.as_ref()))
            .map(|(j, _)| j)
            .collect();
        if wanted.is_empty() {
            return (indexed, outcomes);
        }
        indexed += wanted.len();
        let work: Vec<(usize, PathBuf, String)> = wanted
            .into_iter()
            .map(|j| {
                let o = &mut others[j];
                o.indexed = true;
                (j, o.path.clone(), o.text.clone().unwrap_or_default())
            })
            .collect();
        let added = share_out(
            work,
            config.jobs,
            Facts::default,
            |f, _, (j, path, text)| {
                f.set_file(n + j);
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    index_text(&path, text, config, f, namer);
                }));
            },
        );
        for fs in added {
            facts.merge(fs);
        }
    }
}

/// Render the patches of the changed outcomes on `jobs` workers, ahead of printing
/// them in order (with one job, the printer renders each as it goes).
pub fn render_patches(outcomes: &[FileOutcome], jobs: usize) {
    let changed: Vec<(&FileOutcome, &str)> = outcomes
        .iter()
        .filter_map(|o| match &o.status {
            Status::Changed(new) => Some((o, new.as_str())),
            _ => None,
        })
        .collect();
    if jobs < 2 || changed.len() < 2 {
        return;
    }
    share_out(
        changed,
        jobs,
        || (),
        |(), _, (o, new)| {
            let _ = o
                .patch
                .set(crate::report::outcome_patch(o, new).into_owned());
        },
    );
}

/// One outcome per new file the changed files ask for (once, however many ask), after
/// theirs. A file that exists already, or that two codemods want with different
/// contents, is an error outcome, and so are the files that need it.
pub fn add_created(results: &mut Vec<FileOutcome>) {
    let mut wanted: Vec<crate::codemods::NewFile> = Vec::new();
    for o in results.iter() {
        for c in &o.creates {
            if !wanted.contains(c) {
                wanted.push(c.clone());
            }
        }
    }
    let mut failed: Vec<std::path::PathBuf> = Vec::new();
    for (i, c) in wanted.iter().enumerate() {
        if wanted[..i].iter().any(|w| w.path == c.path) {
            continue;
        }
        let display = c.path.to_string_lossy().into_owned();
        let status = if wanted
            .iter()
            .any(|w| w.path == c.path && w.content != c.content)
        {
            Status::Error(FileError::new(
                ErrorKind::Internal,
                "internal error: codemods asked for this new file with different contents; it is not created, please report this",
            ))
        } else if std::fs::symlink_metadata(&c.path).is_ok() {
            Status::Error(FileError::new(
                ErrorKind::Write,
                "this file appeared while sturdy ran; it is left as it is (run sturdy again)",
            ))
        } else {
            Status::Changed(c.content.clone())
        };
        if matches!(status, Status::Error(_)) {
            failed.push(c.path.clone());
        }
        let mut o = outcome(
            Input {
                display,
                path: Some(c.path.clone()),
                content: None,
            },
            status,
        );
        o.created = true;
        results.push(o);
    }
    fail_dependents(results, &failed);
}

/// Turn the outcomes that need one of `failed` (new files that cannot be created,
/// each with its own error outcome) into errors.
fn fail_dependents(results: &mut [FileOutcome], failed: &[std::path::PathBuf]) {
    for o in results.iter_mut().filter(|o| !o.created) {
        if let Some(path) = failed
            .iter()
            .find(|p| o.creates.iter().any(|c| &c.path == *p))
        {
            o.status = Status::Error(FileError::new(
                ErrorKind::Write,
                format!(
                    "not changed: it needs the new file {}, which cannot be created (see its error); fix that and run sturdy again",
                    path.display()
                ),
            ));
        }
    }
}

/// `--write`, first step: create the new files (see [`FileOutcome::created`]), each
/// only if nothing exists at its path yet. A file that cannot be created, and every
/// file that needs it, becomes an error outcome (those are then not written).
pub fn write_created(results: &mut [FileOutcome]) {
    let mut failed = Vec::new();
    for o in results.iter_mut().filter(|o| o.created) {
        if let (Status::Changed(text), Some(path)) = (&o.status, &o.input.path)
            && let Err(e) = crate::write::create_new(path, text)
        {
            failed.push(path.clone());
            o.status = Status::Error(FileError::new(ErrorKind::Write, e));
        }
    }
    fail_dependents(results, &failed);
}

/// The error for a file with a syntax error.
pub(crate) fn parse_error(p: &crate::source::SyntaxProblem) -> FileError {
    FileError::at(
        ErrorKind::Syntax,
        p.line,
        p.column,
        format!(
            "cannot parse: {}; the file is left unchanged (fix the syntax error to migrate it)",
            p.message
        ),
    )
}

/// Read, parse and index one file. Files that no codemod needs other files' facts for
/// ([`Need::Facts`]) are transformed here, so their ASTs never outlive this phase; the
/// ASTs of the others are kept within [`HELD_AST_BUDGET`].
fn phase_one(
    input: Input,
    config: &Config,
    held: &AtomicUsize,
    facts: &mut Facts,
    namer: &ModuleNamer,
) -> First {
    let codemods = &config.codemods;
    let text = match read(&input) {
        Ok(t) => t,
        Err(e) => return First::Done(Box::new(outcome(input, Status::Error(e)))),
    };
    // Every file is parsed, even one no codemod cares about: a syntax error must be
    // reported (exit 2), never silently passed over.
    let file = match parse_module(&input.display, input.path.as_deref(), text, namer) {
        Ok(f) => f,
        Err(p) => return First::Done(Box::new(outcome(input, Status::Error(parse_error(&p))))),
    };
    let pending = Facts::pending();
    if !codemods.iter().any(|c| c.uses_facts()) {
        if !codemods.iter().any(|c| c.might_apply(&file)) {
            return First::Done(Box::new(unchanged(input, &file)));
        }
        return First::Done(Box::new(transform(input, file, config, &pending)));
    }
    // Run here: every fact-free codemod (as before: a later round may give one work),
    // and the fact-using ones that do not need the facts for this file.
    facts.semantic.add(file.module_facts());
    let mut run_here: Vec<&'static dyn Codemod> = Vec::new();
    let (mut needs_facts, mut needs_run) = (false, false);
    for &c in codemods {
        match c.index(&file, facts) {
            Need::Facts => needs_facts = true,
            Need::Run => needs_run = true,
            Need::Nothing if c.uses_facts() => continue,
            Need::Nothing => {}
        }
        run_here.push(c);
    }
    if needs_facts {
        let len = file.text.len();
        if held.fetch_add(len, Ordering::Relaxed) + len <= HELD_AST_BUDGET {
            return First::Candidate(input, Held::Parsed(Box::new(file)));
        }
        held.fetch_sub(len, Ordering::Relaxed);
        let SourceFile { text, .. } = file;
        return First::Candidate(input, Held::Text(text));
    }
    if !needs_run {
        return First::Done(Box::new(unchanged(input, &file)));
    }
    First::Done(Box::new(transform_with(
        input, file, config, &run_here, &pending, false,
    )))
}

/// Parse a source as the module it is: named from its place on disk when it has a
/// path (or is stdin named after a file on disk), else from its display name (stdin,
/// tests).
pub(crate) fn parse_module(
    display: &str,
    path: Option<&std::path::Path>,
    text: String,
    namer: &ModuleNamer,
) -> Result<SourceFile, crate::source::SyntaxProblem> {
    let mut file = SourceFile::parse(display, text)?;
    // A source read from stdin whose `--stdin-filename` names a file on disk (an editor
    // sending a buffer) is that module, wherever sturdy runs from.
    let path = path.map(std::path::Path::to_path_buf).or_else(|| {
        let named = std::path::Path::new(display);
        (display != "-" && named.is_file()).then(|| named.to_path_buf())
    });
    let (module, is_package) = match &path {
        Some(p) => namer.name(p),
        None => crate::semantic::project::module_name_of_display(display),
    };
    file.set_module(&module, is_package);
    file.disk_path = path;
    Ok(file)
}

/// Read, parse and index a file of the fact set that is not edited (one that
/// cannot be read, decoded or parsed adds no facts).
pub(crate) fn index_only(
    path: &std::path::Path,
    config: &Config,
    facts: &mut Facts,
    namer: &ModuleNamer,
) {
    let Ok(bytes) = crate::write::read_source(path) else {
        return;
    };
    let Ok(text) = crate::encoding::decode(bytes) else {
        return;
    };
    index_text(path, text, config, facts, namer);
}

/// [`index_only`] for a file already read.
fn index_text(
    path: &std::path::Path,
    text: String,
    config: &Config,
    facts: &mut Facts,
    namer: &ModuleNamer,
) {
    let Ok(file) = parse_module(&shown(path), Some(path), text, namer) else {
        return;
    };
    facts.semantic.add(file.module_facts());
    facts.set_fact_only(true);
    for c in &config.codemods {
        if c.uses_facts() {
            c.index(&file, facts);
        }
    }
    facts.set_fact_only(false);
}

/// How messages name a file of the fact set that is not edited: relative to the
/// current directory when it is under it (`tests/test_x.py`, as ruff and the edit
/// set's own files are named), else absolute.
fn shown(path: &std::path::Path) -> String {
    crate::semantic::project::relative_to_cwd(path)
        .to_string_lossy()
        .into_owned()
}

/// What one round of every selected codemod proposes for a file.
pub struct Round {
    /// Changes, with those silenced by suppression comments removed.
    pub changes: Vec<crate::edit::Change>,
    /// Skip diagnostics, with silenced ones removed.
    pub diagnostics: Vec<Diagnostic>,
    /// How many changes and diagnostics suppression comments silenced.
    pub suppressed: usize,
    /// The silenced candidates.
    pub silenced: Vec<crate::suppress::Silenced>,
    /// Problems with the suppression comments.
    pub warnings: Vec<crate::suppress::Warning>,
    /// New files the changes need.
    pub creates: Vec<crate::codemods::NewFile>,
}

/// Run every selected codemod once on `file`, honouring `# sturdy: skip` and
/// `# sturdy: skip-file`.
pub fn round_changes(file: &SourceFile, config: &Config, facts: &Facts) -> Round {
    round_with(file, config, &config.codemods, facts)
}

/// [`round_changes`] with only `codemods` (a subset of the selection).
fn round_with(
    file: &SourceFile,
    config: &Config,
    codemods: &[&'static dyn Codemod],
    facts: &Facts,
) -> Round {
    let mut changes = Vec::new();
    let mut diagnostics = Vec::new();
    let mut silenced = Vec::new();
    let mut creates = Vec::new();
    for c in codemods {
        if !c.might_apply(file) {
            continue;
        }
        let mut cx = Context::new(c.name(), file, facts, &config.options);
        c.run(&mut cx);
        changes.append(&mut cx.changes);
        creates.append(&mut cx.creates);
        diagnostics.append(&mut cx.diagnostics);
        silenced.append(&mut cx.suppressed);
    }
    // Codemods that ask `Context::candidate_suppressed` never plan edits for silenced
    // candidates; for the others, drop silenced changes and diagnostics here.
    let (mut dropped, warnings) = crate::suppress::filter(file, &mut changes, &mut diagnostics);
    silenced.append(&mut dropped);
    silenced.sort_by_key(|s| (s.line, s.column));
    Round {
        changes,
        diagnostics,
        suppressed: silenced.len(),
        silenced,
        warnings,
        creates,
    }
}

/// Run the codemods on one parsed file until nothing changes.
pub fn transform(input: Input, file: SourceFile, config: &Config, facts: &Facts) -> FileOutcome {
    transform_with(input, file, config, &config.codemods, facts, false)
}

/// The text of `file`, the rest dropped, or left allocated when `leak` (the process
/// exits soon: see [`PROCESS_EXITS_AFTER`]).
fn into_text(file: SourceFile, leak: bool) -> String {
    // A parse in an arena goes back in one go: leaking it would only make the next
    // parses take fresh memory.
    if leak && !file.in_arena() {
        let mut file = std::mem::ManuallyDrop::new(file);
        std::mem::take(&mut file.text)
    } else {
        let SourceFile { text, .. } = file;
        text
    }
}

/// [`transform`] with only `codemods` (a subset of the selection); the ASTs are
/// leaked instead of dropped when `leak` (see [`into_text`]).
fn transform_with(
    input: Input,
    mut file: SourceFile,
    config: &Config,
    codemods: &[&'static dyn Codemod],
    facts: &Facts,
    leak: bool,
) -> FileOutcome {
    // The text before the first change (taken, not copied, when the file first changes).
    let mut original: Option<String> = None;
    let mut diagnostics = Vec::new();
    let mut suppressed = 0;
    let mut silenced = Vec::new();
    let mut warnings = Vec::new();
    let mut converted = Vec::new();
    // Every round's edits, in the coordinates of the text that round started from.
    let mut rounds: Vec<Vec<(crate::edit::Edit, &'static str)>> = Vec::new();
    let mut creates: Vec<crate::codemods::NewFile> = Vec::new();
    for round in 0..MAX_ROUNDS {
        let mut r = round_with(&file, config, codemods, facts);
        for c in std::mem::take(&mut r.creates) {
            if !creates.contains(&c) {
                creates.push(c);
            }
        }
        if round == 0 {
            diagnostics = std::mem::take(&mut r.diagnostics);
            suppressed = r.suppressed;
            silenced = std::mem::take(&mut r.silenced);
            warnings = std::mem::take(&mut r.warnings);
        }
        let changes = r.changes;
        if changes.is_empty() {
            break;
        }
        let applied = apply_changes(&file.text, &changes);
        if applied.text == file.text {
            break;
        }
        converted.extend(applied.codemods);
        rounds.push(applied.edits);
        // The old AST is done with: drop it before parsing the new text (even when the
        // final ASTs are left to the process exit), so the new one reuses its memory.
        let (path, module, is_package) = (file.path.clone(), file.module.clone(), file.is_package);
        let disk_path = file.disk_path.take();
        let old = into_text(file, false);
        match SourceFile::parse(&path, applied.text) {
            Ok(mut f) => {
                f.set_module(&module, is_package);
                f.disk_path = disk_path;
                file = f;
                original.get_or_insert(old);
            }
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
                    status: Status::Error(FileError::new(ErrorKind::Internal, msg)),
                    diagnostics,
                    suppressed,
                    silenced,
                    warnings,
                    converted: Vec::new(),
                    edits: Vec::new(),
                    creates: Vec::new(),
                    created: false,
                    patch: std::sync::OnceLock::new(),
                };
            }
        }
    }
    diagnostics.sort_by_key(|d| (d.line, d.column));
    let (status, original, edits) = match original {
        Some(original) if original != file.text => (
            Status::Changed(into_text(file, leak)),
            original,
            in_original(&rounds),
        ),
        _ => {
            into_text(file, leak);
            converted.clear();
            (Status::Unchanged, String::new(), Vec::new())
        }
    };
    if !matches!(status, Status::Changed(_)) {
        creates.clear();
    }
    FileOutcome {
        input,
        original,
        status,
        diagnostics,
        suppressed,
        silenced,
        warnings,
        converted,
        edits,
        creates,
        created: false,
        patch: std::sync::OnceLock::new(),
    }
}

/// Locate every round's edits in the original text: a position in a round's text is
/// mapped back through the earlier rounds' edits (a position inside text an earlier
/// edit inserted maps to the whole range that edit replaced).
fn in_original(rounds: &[Vec<(crate::edit::Edit, &'static str)>]) -> Vec<EditRecord> {
    let mut out = Vec::new();
    for (i, edits) in rounds.iter().enumerate() {
        for (e, codemod) in edits {
            let mut start = e.range.start().to_usize();
            let mut end = e.range.end().to_usize();
            for earlier in rounds[..i].iter().rev() {
                start = back(earlier, start, true);
                end = back(earlier, end, false);
            }
            out.push(EditRecord {
                codemod,
                range: start..end.max(start),
            });
        }
    }
    out.sort_by_key(|r| (r.range.start, r.range.end));
    out
}

/// Map an offset in the text after `edits` to the text before them (sorted edits).
fn back(edits: &[(crate::edit::Edit, &'static str)], at: usize, start: bool) -> usize {
    let mut shift: isize = 0;
    for (e, _) in edits {
        let (s, t) = (e.range.start().to_usize(), e.range.end().to_usize());
        let new_start = s.saturating_add_signed(shift);
        let new_end = new_start + e.content.len();
        if at < new_start {
            break;
        }
        if at <= new_end {
            let grew = new_end > new_start;
            return match (start, at == new_start, at == new_end) {
                (true, _, true) if grew => t,
                (true, _, _) => s,
                (false, true, _) if grew => s,
                (false, _, _) => t,
            };
        }
        shift += e.content.len() as isize - (t - s) as isize;
    }
    at.saturating_add_signed(-shift)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Edit;
    use ruff_text_size::{TextRange, TextSize};

    fn edit(a: u32, b: u32, s: &str) -> Edit {
        Edit::replace(TextRange::new(TextSize::from(a), TextSize::from(b)), s)
    }

    #[test]
    fn later_rounds_are_located_in_the_original() {
        // Round 1 on "abcdef": insert "XY" at 1, replace "de" (3..5) by "D".
        // Text after: "aXYbcDf". Round 2 edits "Y" (2..3) and "f" (6..7).
        let rounds = vec![
            vec![(edit(1, 1, "XY"), "one"), (edit(3, 5, "D"), "one")],
            vec![(edit(2, 3, "Z"), "two"), (edit(6, 7, "F"), "two")],
        ];
        let r = in_original(&rounds);
        let got: Vec<(&str, std::ops::Range<usize>)> =
            r.iter().map(|e| (e.codemod, e.range.clone())).collect();
        assert_eq!(
            got,
            [("one", 1..1), ("two", 1..1), ("one", 3..5), ("two", 5..6)]
        );
    }
}
