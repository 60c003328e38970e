//! The codemod trait, the per-file context codemods report into, the repo-wide
//! facts they can share, and the registry [`ALL`] listing every codemod.
//!
//! # Adding a codemod
//!
//! Every step below is checked by `tests/add_a_codemod.rs` (or the test named with
//! it), which fails for any registered codemod that misses one. With
//! `<kebab>` the CLI name (`my-codemod`) and `<snake>` the module (`my_codemod`):
//!
//! 1. **Module.** `src/codemods/<snake>/mod.rs` starting with
//!    `#![warn(unreachable_pub)]`, holding a unit struct that implements [`Codemod`]
//!    (`name()` returns `<kebab>`; `might_apply` is the cheap prefilter on the file's
//!    token marks; `uses_facts`/`index` only if it needs other files' facts). Next to
//!    it: `analyze.rs` (each candidate → `Result<Plan, Skip>`), `skip.rs` (the `Skip`
//!    enum; its `Display` is the user's message: what, why, and what to do),
//!    `rewrite.rs` (a plan → edits, through [`crate::fix`]: imports, `typing` vs
//!    `typing_extensions`, line and list edits). No source file over 700 lines.
//! 2. **Suppression.** Call [`Context::candidate_suppressed`] with each candidate's
//!    statement range before planning anything for it.
//! 3. **Registry.** `pub mod <snake>;` here and the struct in [`ALL`] (the order in
//!    which passes run).
//! 4. **Docs.** `codemods/<kebab>/README.md` with the sections `## What it does`,
//!    `## Why`, `## Example`, `## Skips`, `## Safety`, `## Options`; `docs()` returns
//!    it with `include_str!` (test: `every_codemod_has_docs_with_required_sections`
//!    in `tests/fixtures.rs`). A row in the top-level
//!    README's codemod table linking `codemods/<kebab>/README.md`.
//! 5. **Fixtures.** In `codemods/<kebab>/`: at least one converted case
//!    (`X.input.py` + `X.expected.py`) and one skipped case (`X.skips`); add the
//!    codemod to the `fixtures!` list in `tests/fixtures.rs` (test:
//!    `every_codemod_has_a_fixture_test`).
//! 6. **Behaviour.** At least one program in `tests/behaviour/<kebab>/` (run before
//!    and after the rewrite under python3) and a `#[test]` calling
//!    `check("<kebab>")` in `tests/behaviour.rs`.
//! 7. **Corpus.** `<kebab>` in `CODEMODS` of `scripts/corpus.py`, and its conversions
//!    recognised by `attribute` there (`tests/python/test_corpus.py` attributes
//!    every fixture to its own codemod).
//! 8. **Changelog.** An entry under "Unreleased" in `CHANGELOG.md`.

use rustc_hash::FxHashMap;

use ruff_text_size::TextSize;

use crate::edit::{Change, Edit};
use crate::semantic::Location;
use crate::source::SourceFile;

pub mod abc_to_protocol;
pub mod annotated_metadata;
pub mod del_to_finalize;
pub mod gc_freeze_prefork;
pub mod signature_dispatch;

/// Every codemod, in the order their passes run on a file.
pub const ALL: &[&dyn Codemod] = &[
    &del_to_finalize::DelToFinalize,
    &abc_to_protocol::AbcToProtocol,
    &signature_dispatch::SignatureDispatch,
    &gc_freeze_prefork::GcFreezePrefork,
    &annotated_metadata::AnnotatedMetadata,
];

/// Look up a codemod by its CLI name.
pub fn find(name: &str) -> Option<&'static dyn Codemod> {
    ALL.iter().copied().find(|c| c.name() == name)
}

/// One named rewrite pass.
pub trait Codemod: Sync {
    /// Kebab-case CLI name; also the fixture directory `codemods/<name>/`.
    fn name(&self) -> &'static str;
    /// One line for `--list`.
    fn summary(&self) -> &'static str;
    /// The codemod's README, printed by `--explain`.
    fn docs(&self) -> &'static str;
    /// Whether the codemod runs when `--select` is not given.
    fn default_enabled(&self) -> bool {
        true
    }
    /// A cheap test on the parsed file (its text, its token [marks]): could it
    /// contain a candidate? A codemod never runs on a file it says no for.
    ///
    /// [marks]: crate::source::Marks
    fn might_apply(&self, file: &SourceFile) -> bool;
    /// Whether [`Codemod::index`] gathers facts from other files. When no selected
    /// codemod needs them, files are processed in a single pass.
    fn uses_facts(&self) -> bool {
        false
    }
    /// Record repo-wide facts from one file, and say what the file needs from this
    /// codemod (only files some codemod needs are transformed).
    fn index(&self, file: &SourceFile, facts: &mut Facts) -> Need {
        let _ = facts;
        if self.might_apply(file) {
            Need::Run
        } else {
            Need::Nothing
        }
    }
    /// Inspect one file and record changes and skip diagnostics in `cx`.
    fn run(&self, cx: &mut Context);
}

/// What a file needs from a codemod, as [`Codemod::index`] sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Nothing to change or report.
    Nothing,
    /// A run, whose outcome does not depend on other files' facts: it happens as soon
    /// as the file is indexed, with [`Facts::pending`] (a skip whose reason a fact
    /// could still change says so with [`Context::skip_unless`]).
    Run,
    /// A run once every file's facts are known: the file's AST is kept until then.
    Facts,
}

/// Options that change what codemods emit.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// abc-to-protocol: remove `@abstractmethod` decorators.
    pub strip_abstractmethod: bool,
    /// abc-to-protocol: convert public interfaces too (the user owns every subclass:
    /// nothing outside the project subclasses them).
    pub convert_public_interfaces: bool,
    /// signature-dispatch: import the helper from `package.module:name` instead of
    /// adding it to each module.
    pub dispatch_helper: Option<String>,
    /// The oldest Python version the code must run on (`--target-version`,
    /// `target-version`, or `requires-python`); `None` means "a current Python".
    /// Decides e.g. whether `Protocol` comes from `typing` or `typing_extensions`.
    pub target_version: Option<(u8, u8)>,
    /// Whether the caller writes (and shows) the new files codemods ask for with
    /// [`Context::create_file`]; without it, a codemod keeps everything in the file.
    pub create_files: bool,
}

impl Options {
    /// The module that provides `name` (`Protocol`, `runtime_checkable`, `Annotated`)
    /// for the target version: `typing`, or `typing_extensions` on older targets.
    pub fn typing_module(&self, name: &str) -> &'static str {
        crate::fix::typing_module(self.target_version, name)
    }
}

/// Facts gathered across every file of the run: `(kind, name) -> first location`.
/// Kinds are namespaced by codemod (`"del-to-finalize/explicit-del"`).
///
/// Every file of a run is indexed, so this is hot: keys are looked up by `&str`
/// (no allocation for repeated names) in Fx-hashed maps, one per kind. Each worker
/// thread fills one `Facts` for all the files it indexes ([`Facts::set_file`] says
/// which), and the workers' maps are merged at the end; every value remembers the
/// index of the file it came from, so "first" means "from the earliest file" however
/// the files were spread over the threads.
#[derive(Debug, Default, Clone)]
pub struct Facts {
    map: FxHashMap<Kind, Named>,
    /// Bindings, classes and attribute stores of every module of the project.
    pub semantic: crate::semantic::ProjectFacts,
    file: u32,
    /// Facts of a run still being indexed ([`Facts::pending`]).
    pending: bool,
    /// Whether the files being indexed are only read for facts, never edited.
    fact_only: bool,
    /// While the runner works out which files of the project to index, what every
    /// query asked for (see [`crate::semantic::Needles`]).
    recorder: Option<std::sync::Arc<crate::semantic::Recorder>>,
}

/// One kind's facts: name -> (index of the file it was first seen in, location).
type Named = FxHashMap<Box<str>, (u32, Location)>;

/// A kind of fact, as the key of [`Facts`]' map: every fact added or asked for looks
/// its kind up first, so the key is cheap to hash (its length and last eight bytes,
/// which tell the kinds apart) and to compare (the same constant is the same
/// pointer; other spellings compare as text).
#[derive(Debug, Clone, Copy, Eq)]
struct Kind(&'static str);

impl PartialEq for Kind {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0) || self.0 == other.0
    }
}

impl std::hash::Hash for Kind {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_usize(self.0.len());
        if let Some(last) = self.0.as_bytes().last_chunk::<8>() {
            state.write_u64(u64::from_le_bytes(*last));
        }
    }
}

impl Facts {
    /// No facts yet, and more to come: what a [`Need::Run`] sees while files are
    /// still being indexed.
    pub fn pending() -> Self {
        Self {
            pending: true,
            ..Self::default()
        }
    }
    /// Whether these are all the facts of the run (not [`Facts::pending`]).
    pub fn complete(&self) -> bool {
        !self.pending
    }
    /// Whether the file being indexed is only read for facts: the run does not edit it.
    pub fn fact_only(&self) -> bool {
        self.fact_only
    }
    /// Say whether the files indexed next are only read for facts.
    pub fn set_fact_only(&mut self, yes: bool) {
        self.fact_only = yes;
    }
    /// Set the index (in input order) of the file whose facts are added next.
    /// Files must be indexed in increasing order within one `Facts`.
    pub fn set_file(&mut self, index: usize) {
        self.file = u32::try_from(index).unwrap_or(u32::MAX);
    }
    /// Record that `name` has property `kind`, seen at `location` (`path:line`).
    pub fn add(&mut self, kind: &'static str, name: impl AsRef<str>, location: impl Into<String>) {
        let names = self.map.entry(Kind(kind)).or_default();
        let name = name.as_ref();
        if !names.contains_key(name) {
            let place = Location::from(location.into());
            names.insert(name.into(), (self.file, place));
        }
    }
    /// Record that `name` has property `kind`, seen in `file` at offset `at`: its
    /// location (`path:line`) is formatted only when a query reads it.
    pub fn add_at(&mut self, kind: &'static str, name: &str, file: &SourceFile, at: TextSize) {
        let names = self.map.entry(Kind(kind)).or_default();
        if !names.contains_key(name) {
            names.insert(name.into(), (self.file, place(file, at)));
        }
    }
    /// Like [`Facts::add_at`], for a name built for the call: kept as the key without
    /// a copy.
    pub fn add_owned_at(
        &mut self,
        kind: &'static str,
        name: String,
        file: &SourceFile,
        at: TextSize,
    ) {
        let names = self.map.entry(Kind(kind)).or_default();
        if let std::collections::hash_map::Entry::Vacant(e) = names.entry(name.into_boxed_str()) {
            e.insert((self.file, place(file, at)));
        }
    }
    /// Whether `name` already has property `kind`.
    pub fn has(&self, kind: &'static str, name: &str) -> bool {
        self.record_key(kind, name);
        self.map
            .get(&Kind(kind))
            .is_some_and(|m| m.contains_key(name))
    }
    /// Where `name` was first seen with property `kind`, if ever.
    pub fn get(&self, kind: &'static str, name: &str) -> Option<&str> {
        self.record_key(kind, name);
        self.map
            .get(&Kind(kind))?
            .get(name)
            .map(|(_, l)| l.as_str())
    }
    /// Start recording what queries ask for (see [`crate::semantic::Needles`]).
    pub fn set_recorder(&mut self, recorder: Option<std::sync::Arc<crate::semantic::Recorder>>) {
        self.recorder = recorder;
    }
    /// Record the word every file that adds a `kind` fact keyed `name` contains.
    fn record_key(&self, kind: &'static str, name: &str) {
        if let Some(r) = &self.recorder {
            r.word(key_needle(kind, name));
        }
    }
    /// Every module-level import of the project whose imported name ends in `last`
    /// (see [`crate::semantic::ProjectFacts::imports_ending_in`]).
    pub fn imports_ending_in(&self, last: &str) -> &[(Box<str>, Box<str>, Box<str>)] {
        if let Some(r) = &self.recorder {
            r.word(last);
        }
        self.semantic.imports_ending_in(last)
    }
    /// The project module called `name`, if the project has one (the key as stored).
    pub fn project_module(&self, name: &str) -> Option<&str> {
        if let Some(r) = &self.recorder {
            let _ = r.module(name);
        }
        self.semantic
            .modules
            .get_key_value(name)
            .map(|(k, _)| k.as_ref())
    }
    /// Like [`Facts::get`], for facts recorded under a dotted name of which `suffix`
    /// is the whole, or a dotted suffix with at least two segments (`sinks.Sink` finds
    /// `pkg.sinks.Sink`; `Sink` finds only `Sink`). Scans every fact of the kind: for
    /// rare queries about facts recorded in bulk.
    pub fn get_by_suffix(&self, kind: &'static str, suffix: &str) -> Option<&str> {
        self.record_key(kind, suffix);
        self.map
            .get(&Kind(kind))?
            .iter()
            .filter(|(name, _)| {
                name.strip_suffix(suffix).is_some_and(|rest| {
                    rest.is_empty() || (rest.ends_with('.') && suffix.contains('.'))
                })
            })
            .min_by_key(|(_, (file, _))| *file)
            .map(|(_, (_, l))| l.as_str())
    }
    /// Queries over the project's classes (and, lazily, the stdlib's and the
    /// environment's).
    pub fn hierarchy(&self) -> crate::semantic::Hierarchy<'_> {
        crate::semantic::Hierarchy::new(&self.semantic, self.complete())
            .recording(self.recorder.as_deref())
    }
    /// Merge another thread's facts (locations from earlier files win). Into empty
    /// facts (the first worker's, the only ones at `--jobs 1`), each map is taken
    /// whole, not re-added entry by entry.
    pub fn merge(&mut self, other: Facts) {
        self.semantic.merge(other.semantic);
        for (kind, names) in other.map {
            let mine = self.map.entry(kind).or_default();
            if mine.len() < names.len() {
                let smaller = std::mem::replace(mine, names);
                merge_into(mine, smaller);
            } else {
                merge_into(mine, names);
            }
        }
    }
}

/// The word every file that adds a fact of `kind` keyed `name` contains in its text
/// (identifiers compared after NFKC normalization, see the runner's search), so that
/// a file without it cannot change the answer to a query about `name`:
///
/// - del-to-finalize's call facts (`super-del`, `self-del`, `class-del-call`,
///   `untyped-del-call` and their `*` keys) are added only for a call of an attribute
///   `__del__` (`DelCalls`): the file says `__del__`.
/// - abc-to-protocol's `dynamic-issubclass` (key `*`) is added only for the second
///   argument of an `issubclass(...)` call: the file says `issubclass`.
/// - Every other key ends in an identifier of the file that adds it: del's
///   `hook-method` and `finalizer-name` (`{class}:{name}`, the name the class body
///   binds), `init-without-super` (a class statement's
///   qualified name: its name), abc's `runtime`/`issubclass`/`escapes`/`register`
///   (a `Name`'s id, an `Attribute`'s attr, or the last segment of what an import
///   in the file binds to that name: the import statement names it), `candidate` and
///   `candidate-elsewhere` (a class statement's qualified name). So the word is the
///   key's last segment after `.` and `:`.
pub(crate) fn key_needle<'k>(kind: &str, name: &'k str) -> &'k str {
    if kind.starts_with("del-to-finalize/") && kind.contains("-del-call") {
        return "__del__";
    }
    if kind == abc_to_protocol::F_DYN_ISSUBCLASS {
        return "issubclass";
    }
    name.rsplit(['.', ':']).next().unwrap_or(name)
}

/// The place of offset `at` in `file` (its path shared by the file's locations).
fn place(file: &SourceFile, at: TextSize) -> Location {
    Location::at(file.shared_path(), file.line(at))
}

fn merge_into(into: &mut Named, from: Named) {
    for (k, v) in from {
        match into.entry(k) {
            std::collections::hash_map::Entry::Occupied(mut e) => {
                if v.0 < e.get().0 {
                    e.insert(v);
                }
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(v);
            }
        }
    }
}

/// A file a codemod asks to create (see [`Context::create_file`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    /// Where, as a path the run can open (relative to the current directory, or absolute).
    pub path: std::path::PathBuf,
    /// Its whole content.
    pub content: String,
}

/// What a diagnostic reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Severity {
    /// A candidate left alone, with the reason.
    #[default]
    Skip,
    /// Information about a change, for reviewers (`note:`); not a skip.
    Note,
}

/// A candidate a codemod saw and left alone, with the reason — or a note on a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The codemod.
    pub codemod: &'static str,
    /// A skip, or a note.
    pub severity: Severity,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Why, in words a user can act on.
    pub message: String,
    /// Facts, from files not indexed yet when the candidate was looked at, that give a
    /// better reason instead (the first that exists wins); resolved by the runner.
    pub unless: Vec<Unless>,
    /// For a candidate that is not one after all (a `**` call that only forwards
    /// options): the summary category; listed with `--verbose` and in JSON output,
    /// counted per category, never counted as skipped. `None` for a skip.
    pub category: Option<&'static str>,
}

/// A fact that, once every file is indexed, replaces a skip's reason: if `name` has
/// fact `kind`, the message becomes `message` with `{loc}` replaced by its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unless {
    /// The fact's kind.
    pub kind: &'static str,
    /// The fact's name.
    pub name: String,
    /// The message, with `{loc}` where the fact's location goes.
    pub message: &'static str,
}

impl Diagnostic {
    /// Apply the first of [`Diagnostic::unless`] that `facts` (all of the run's) hold.
    pub fn resolve(&mut self, facts: &Facts) {
        for u in std::mem::take(&mut self.unless) {
            if let Some(loc) = facts.get(u.kind, &u.name) {
                self.message = u.message.replace("{loc}", loc);
                return;
            }
        }
    }
}

/// What a codemod sees of one file, and where it records its results.
pub struct Context<'a> {
    /// The file.
    pub file: &'a SourceFile,
    /// Facts from every file of the run.
    pub facts: &'a Facts,
    /// Codemod options.
    pub options: &'a Options,
    codemod: &'static str,
    pub(crate) changes: Vec<Change>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// New files asked for with [`Context::create_file`].
    pub(crate) creates: Vec<NewFile>,
    /// Candidates [`Context::candidate_suppressed`] silenced.
    pub(crate) suppressed: Vec<crate::suppress::Silenced>,
    /// The file's suppression comments, read on first use.
    suppressions: std::cell::OnceCell<crate::suppress::Suppressions>,
}

impl<'a> Context<'a> {
    /// A context for running `codemod` on `file`.
    pub fn new(
        codemod: &'static str,
        file: &'a SourceFile,
        facts: &'a Facts,
        options: &'a Options,
    ) -> Self {
        Self {
            file,
            facts,
            options,
            codemod,
            changes: Vec::new(),
            diagnostics: Vec::new(),
            suppressed: Vec::new(),
            creates: Vec::new(),
            suppressions: std::cell::OnceCell::new(),
        }
    }

    /// Ask for a new file at `path` (which must not exist) holding `content`, created
    /// only if this file's changes are: shown as a new file in diffs, written by
    /// `--write` before the files that need it. Several files of a run may ask for
    /// the same file with the same content (one module shared by a project). Only
    /// when [`Options::create_files`] says the caller handles them.
    pub fn create_file(&mut self, path: std::path::PathBuf, content: String) {
        self.creates.push(NewFile { path, content });
    }

    /// Whether a `# sturdy: skip` comment (bare, or naming this codemod) or a
    /// `# sturdy: skip-file` silences this codemod for the candidate spanning `range`
    /// (the candidate's whole statement, e.g. the class).
    pub fn is_suppressed(&self, range: ruff_text_size::TextRange) -> bool {
        self.suppressions
            .get_or_init(|| crate::suppress::Suppressions::of(self.file))
            .silences(self.codemod, range)
    }

    /// [`Context::is_suppressed`], counting the candidate as suppressed when it is.
    /// Call it once per candidate *before* planning any edit for it, and when it says
    /// `true` leave the candidate out entirely: no edits, no imports, no diagnostic.
    /// (Codemods that do not call it get their silenced changes dropped after the run,
    /// which drops a whole change group: an import shared with an unsuppressed
    /// candidate goes with it.)
    pub fn candidate_suppressed(&mut self, range: ruff_text_size::TextRange) -> bool {
        let silenced = self.is_suppressed(range);
        if silenced {
            let (line, column) = self.file.line_col(range.start());
            self.suppressed.push(crate::suppress::Silenced {
                codemod: self.codemod,
                line,
                column,
                message: None,
            });
        }
        silenced
    }

    /// Record one all-or-nothing group of edits.
    pub fn change(&mut self, edits: Vec<Edit>) {
        self.changes.push(Change {
            codemod: self.codemod,
            edits,
        });
    }

    /// Record that the candidate at `at` was left alone, and why.
    pub fn skip(&mut self, at: TextSize, message: impl Into<String>) {
        self.skip_unless(at, message, Vec::new());
    }

    /// [`Context::skip`], with facts that give another reason once every file is
    /// indexed (see [`Diagnostic::unless`]). With complete facts, check them first
    /// and call [`Context::skip`].
    pub fn skip_unless(&mut self, at: TextSize, message: impl Into<String>, unless: Vec<Unless>) {
        self.push_skip(at, message.into(), unless, None);
    }

    /// Record that the candidate at `at` is not one after all, in `category`, and why
    /// (see [`Diagnostic::category`]).
    pub fn leave(&mut self, at: TextSize, category: &'static str, message: impl Into<String>) {
        self.push_skip(at, message.into(), Vec::new(), Some(category));
    }

    /// A skip diagnostic at `at`.
    fn push_skip(
        &mut self,
        at: TextSize,
        message: String,
        unless: Vec<Unless>,
        category: Option<&'static str>,
    ) {
        let (line, column) = self.file.line_col(at);
        self.diagnostics.push(Diagnostic {
            codemod: self.codemod,
            severity: Severity::Skip,
            line,
            column,
            message,
            unless,
            category,
        });
    }

    /// Record a note about a change at `at`, for reviewers (printed with `note:`).
    pub fn note(&mut self, at: TextSize, message: impl Into<String>) {
        let (line, column) = self.file.line_col(at);
        self.diagnostics.push(Diagnostic {
            codemod: self.codemod,
            severity: Severity::Note,
            line,
            column,
            message: message.into(),
            unless: Vec::new(),
            category: None,
        });
    }

    /// A `path:line` string for facts.
    pub fn location(&self, at: TextSize) -> String {
        location(self.file, at)
    }
}

/// A `path:line` string for an offset in `file`.
pub fn location(file: &SourceFile, at: TextSize) -> String {
    crate::util::path_line(&file.path, file.line(at))
}
