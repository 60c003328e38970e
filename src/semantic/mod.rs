//! The semantic layer every codemod shares: what each module binds at its top
//! level, every class with its resolved bases, and every attribute store — for the
//! whole project (every file of the fact set, see [`project`]), and lazily for the
//! standard library (typeshed's stubs, vendored by `ty_vendored`) and the project's
//! environment (its site-packages).
//!
//! Facts are gathered per module by [`index::index_module`] while files are parsed,
//! merged into [`ProjectFacts`], and queried through [`Hierarchy`]. What resolves
//! nowhere is *unknown*: queries say so, and codemods treat it as "may be anything".
//!
//! Within one file, [`names::FileNames`] is the name resolver codemods share: every
//! binding site with its position, scope and run-time status, `bound_before`,
//! `resolve_qualified_name`, star imports as unknown, `is_builtin`.

pub mod bindings;
pub mod external;
pub mod hierarchy;
pub mod index;
pub mod names;
pub mod project;

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

pub use hierarchy::{Answer, Hierarchy, Lookup};

/// What the queries of a dry run asked the project's facts for: words (a file that
/// can add to the answer contains the word in its text) and module names (the answer
/// depends on the files that are that module). The runner indexes only the files of
/// the fact set that match, until nothing new matches.
#[derive(Debug, Default)]
pub struct Needles {
    /// Words some file's text must contain to matter.
    pub words: FxHashSet<Box<str>>,
    /// Module names whose files matter.
    pub modules: FxHashSet<Box<str>>,
    /// Attribute names whose stores matter: a file matters if it says the name, or
    /// calls `setattr(` (whose literal name may be spelt with escapes or in parts).
    pub attrs: FxHashSet<Box<str>>,
    /// The module names of the files of the project not indexed yet.
    pub missing: FxHashSet<Box<str>>,
}

/// [`Needles`], shared by the worker threads of a dry run.
#[derive(Debug, Default)]
pub struct Recorder(std::sync::Mutex<Needles>);

impl Recorder {
    /// Files whose text contains `word` matter.
    pub fn word(&self, word: &str) {
        let mut n = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !n.words.contains(word) {
            n.words.insert(word.into());
        }
    }
    /// Files that are module `module` matter. Whether one of them is not indexed yet
    /// (then the answers of this dry run are thrown away: it is not the last).
    pub fn module(&self, module: &str) -> bool {
        let mut n = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !n.modules.contains(module) {
            n.modules.insert(module.into());
        }
        n.missing.contains(module)
    }
    /// A recorder that knows the module names of the project's files not indexed yet.
    pub fn with_missing(missing: FxHashSet<Box<str>>) -> Recorder {
        Recorder(std::sync::Mutex::new(Needles {
            missing,
            ..Needles::default()
        }))
    }
    /// Files that store attribute `attr` matter.
    pub fn attr(&self, attr: &str) {
        let mut n = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !n.attrs.contains(attr) {
            n.attrs.insert(attr.into());
        }
    }
    /// What was recorded, leaving it empty.
    pub fn take(&self) -> Needles {
        std::mem::take(
            &mut *self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }
}

/// What a module-level name is bound to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    /// An import of this fully qualified name (`import a.b as x` → `a.b`;
    /// `from a import b` → `a.b`).
    Import(Box<str>),
    /// A class defined in the module under this name.
    Class,
    /// A function, an assignment, a loop variable…: not a class we can follow.
    Other,
    /// Bound more than once, differently (`try: import x / except: x = None`).
    Ambiguous,
}

/// A base class (or metaclass, or decorator) expression, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// A fully qualified name (`io.IOBase`, `builtins.object`, `pkg.mod.Cls`).
    Qual(Box<str>),
    /// Could not be resolved; the source text, for messages.
    Unknown(Box<str>),
}

impl Base {
    /// The qualified name, if resolved.
    pub fn qual(&self) -> Option<&str> {
        match self {
            Base::Qual(q) => Some(q),
            Base::Unknown(_) => None,
        }
    }
    /// The text to show in messages.
    pub fn shown(&self) -> &str {
        match self {
            Base::Qual(q) | Base::Unknown(q) => q,
        }
    }
}

/// Dunders whose presence the hierarchy records for each class.
pub const DUNDERS: &[&str] = &[
    "__del__",
    "__init__",
    "__new__",
    "__init_subclass__",
    "__slots__",
    "__setattr__",
    "__getattr__",
    "__class_getitem__",
    "__getattribute__",
    "__delattr__",
];

/// A dunder name the hierarchy records (an index into [`DUNDERS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dunder(u8);

impl Dunder {
    /// `__del__`.
    pub const DEL: Dunder = Dunder(0);
    /// `__init__`.
    pub const INIT: Dunder = Dunder(1);
    /// `__new__`.
    pub const NEW: Dunder = Dunder(2);
    /// `__init_subclass__`.
    pub const INIT_SUBCLASS: Dunder = Dunder(3);
    /// `__slots__`.
    pub const SLOTS: Dunder = Dunder(4);
    /// `__setattr__`.
    pub const SETATTR: Dunder = Dunder(5);

    /// The dunder called `name`, if recorded.
    pub fn of(name: &str) -> Option<Dunder> {
        DUNDERS
            .iter()
            .position(|d| *d == name)
            .and_then(|i| u8::try_from(i).ok())
            .map(Dunder)
    }
    /// Its name.
    pub fn name(self) -> &'static str {
        DUNDERS[usize::from(self.0)]
    }
    fn bit(self) -> u16 {
        1 << self.0
    }
}

/// One class: where it is, what it derives from, what it defines.
#[derive(Debug, Clone)]
pub struct ClassInfo {
    /// Fully qualified name (`pkg.mod.Outer.Inner`; `pkg.mod.f.<locals>.C` inside a function).
    pub qualname: Box<str>,
    /// Its bases, in order (keyword arguments aside).
    pub bases: Vec<Base>,
    /// The `metaclass=` keyword, if any.
    pub metaclass: Option<Base>,
    /// Whether the class statement has keywords other than `metaclass=`.
    pub other_keywords: bool,
    /// Its decorators.
    pub decorators: Vec<Base>,
    /// Bit set of [`DUNDERS`] the class body defines.
    defines: u16,
    /// Whether the body has data members: assignments, annotations, properties.
    pub data_members: bool,
    /// `path:line` of the class statement (the path as shown to the user; `<stdlib>/m.pyi` for stubs).
    pub location: Location,
    /// The names its body binds that other files' candidates ask about, in order.
    pub members: Vec<Member>,
}

/// Which names of a class body [`ClassInfo::members`] lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberKind {
    /// A method (`def`) of a class that has a base other than `object` (what a
    /// subclass may override).
    Method,
    /// A class-level name bound with a value that may be a data descriptor (see
    /// [`index::data_names`]); [`ANY_NAME`] for a statement that may bind anything.
    Data,
}

/// What [`index::data_names`] lists for a class-level statement that may bind any
/// name (a word no file contains, so that asking for it asks the lazy fact set for
/// nothing).
pub const ANY_NAME: &str = "<compound>";

/// One name a class body binds (see [`ClassInfo::members`]).
#[derive(Debug, Clone)]
pub struct Member {
    /// The name.
    pub name: ruff_python_ast::name::Name,
    /// What binds it.
    pub kind: MemberKind,
    /// Its 1-based line.
    line: u32,
    /// Its file, when not the class's own (a class defined in two files).
    path: Option<Arc<str>>,
}

impl Member {
    /// A member at `line` of the class's own file.
    /// The name is copied, not cloned from the AST: a long name's clone shares the
    /// parse's allocation, which goes with the file's arena (see `crate::arena`).
    pub fn new(name: &str, kind: MemberKind, line: usize) -> Self {
        Self {
            name: ruff_python_ast::name::Name::new(name),
            kind,
            line: u32::try_from(line).unwrap_or(u32::MAX),
            path: None,
        }
    }
}

impl ClassInfo {
    /// Whether the class body defines `d`.
    pub fn defines(&self, d: Dunder) -> bool {
        self.defines & d.bit() != 0
    }
    /// The last segment of the qualified name.
    pub fn name(&self) -> &str {
        self.qualname.rsplit('.').next().unwrap_or(&self.qualname)
    }
    /// Where the class body first binds `name` as a `kind` member (`path:line`).
    pub fn member(&self, kind: MemberKind, name: &str) -> Option<Location> {
        let m = self
            .members
            .iter()
            .find(|m| m.kind == kind && m.name.as_str() == name)?;
        // A class located by text alone (made by hand) is the member's place too.
        match m.path.as_ref().or_else(|| self.location.path()) {
            Some(path) => Some(Location::at(path.clone(), m.line as usize)),
            None => Some(self.location.clone()),
        }
    }
    /// Whether any base or the metaclass is unresolved.
    pub fn has_unknown_base(&self) -> Option<&str> {
        self.bases
            .iter()
            .chain(&self.metaclass)
            .find(|b| b.qual().is_none())
            .map(Base::shown)
    }
}

/// One store or deletion of an attribute, on any receiver (`x.attr = …`, `x.attr += …`,
/// `del x.attr`, `setattr(x, "attr", …)`, tuple targets).
#[derive(Debug, Clone)]
pub struct AttrStore {
    /// The class whose method did it, when the receiver is that method's first
    /// parameter (`self.attr = …` in `C.m` → `C`); `None` for any other receiver.
    pub on_self_of: Option<Arc<str>>,
    /// The enclosing function's name (`<module>` at module level).
    pub function: Arc<str>,
    /// `path:line`.
    pub location: Location,
}

/// Where a class or an attribute store is: `path:line`, the text built on first use
/// (most are never shown). Reads as that text (`Deref<Target = str>`, `Display`), and
/// compares and orders as it.
#[derive(Clone)]
pub struct Location(Repr);

#[derive(Clone)]
enum Repr {
    Text(Box<str>),
    Line {
        path: Arc<str>,
        line: u32,
        shown: std::sync::OnceLock<Box<str>>,
    },
}

impl Location {
    /// Line `line` of the file shown as `path`.
    pub fn at(path: Arc<str>, line: usize) -> Location {
        Location(Repr::Line {
            path,
            line: u32::try_from(line).unwrap_or(u32::MAX),
            shown: std::sync::OnceLock::new(),
        })
    }
    /// The shared path of a location made by [`Location::at`].
    fn path(&self) -> Option<&Arc<str>> {
        match &self.0 {
            Repr::Text(_) => None,
            Repr::Line { path, .. } => Some(path),
        }
    }
    /// The text: `path:line`.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Text(t) => t,
            Repr::Line { path, line, shown } => shown.get_or_init(|| {
                crate::util::path_line(path, usize::try_from(*line).unwrap_or(usize::MAX))
                    .into_boxed_str()
            }),
        }
    }
}

/// The decimal digits of `n`, in `buf`.
fn digits(n: u32, buf: &mut [u8; 10]) -> &[u8] {
    let (mut n, mut i) = (n, buf.len());
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[i..];
        }
    }
}

impl From<String> for Location {
    fn from(s: String) -> Self {
        Location(Repr::Text(s.into()))
    }
}

impl std::ops::Deref for Location {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Location {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Location {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Location {}

impl std::hash::Hash for Location {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialOrd for Location {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Location {
    /// As the texts compare, without building them.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        match (&self.0, &other.0) {
            (
                Repr::Line {
                    path: p, line: l, ..
                },
                Repr::Line {
                    path: q, line: m, ..
                },
            ) => {
                // `p:l` against `q:m`: the paths decide where they differ, the
                // lines where they are the same.
                let same = Arc::ptr_eq(p, q);
                let (p, q) = (p.as_bytes(), q.as_bytes());
                let n = p.len().min(q.len());
                let paths = if same {
                    Ordering::Equal
                } else {
                    p[..n].cmp(&q[..n])
                };
                match paths {
                    Ordering::Equal if p.len() == q.len() => {
                        // Lines of as many digits compare as numbers.
                        let width = |n: u32| n.checked_ilog10().unwrap_or(0);
                        if width(*l) == width(*m) {
                            l.cmp(m)
                        } else {
                            let (mut a, mut b) = ([0u8; 10], [0u8; 10]);
                            digits(*l, &mut a).cmp(digits(*m, &mut b))
                        }
                    }
                    Ordering::Equal => {
                        // One path is a prefix of the other: the next bytes (`:` after
                        // the shorter) decide, unless both are `:`.
                        let next = |p: &[u8]| p.get(n).copied().unwrap_or(b':');
                        match next(p).cmp(&next(q)) {
                            Ordering::Equal => self.as_str().cmp(other.as_str()),
                            o => o,
                        }
                    }
                    o => o,
                }
            }
            _ => self.as_str().cmp(other.as_str()),
        }
    }
}

/// What one module contributes to the project's facts.
#[derive(Debug, Clone, Default)]
pub struct ModuleFacts {
    /// The dotted module name.
    pub module: Box<str>,
    /// Module-level bindings (shared with the file's [`bindings::Bindings`]).
    pub bindings: std::sync::Arc<FxHashMap<Box<str>, Binding>>,
    /// Modules star-imported at the top level.
    pub stars: Vec<Box<str>>,
    /// Every class, by qualified name (a class defined twice has its facts merged
    /// conservatively: dunders united, differing bases made unknown).
    pub classes: FxHashMap<Box<str>, ClassInfo>,
    /// Attribute stores, by attribute name.
    pub attr_stores: FxHashMap<Box<str>, Vec<AttrStore>>,
}

impl ModuleFacts {
    /// Add a class, merging with an earlier definition of the same name.
    pub fn add_class(&mut self, class: ClassInfo) {
        match self.classes.get_mut(&class.qualname) {
            Some(old) => merge_class(old, class),
            None => {
                self.classes.insert(class.qualname.clone(), class);
            }
        }
    }
}

fn merge_class(old: &mut ClassInfo, new: ClassInfo) {
    // The second definition's members, in its own file.
    let path = new.location.path().cloned();
    let foreign = path.is_some() && path.as_ref() != old.location.path();
    old.members.extend(new.members.into_iter().map(|mut m| {
        if foreign && m.path.is_none() {
            m.path.clone_from(&path);
        }
        m
    }));
    old.defines |= new.defines;
    old.data_members |= new.data_members;
    old.other_keywords |= new.other_keywords;
    if old.bases != new.bases {
        old.bases = vec![Base::Unknown(
            format!("{} (defined twice, with different bases)", old.qualname).into(),
        )];
    }
    if old.metaclass != new.metaclass {
        old.metaclass = Some(Base::Unknown(
            format!(
                "{} (defined twice, with different metaclasses)",
                old.qualname
            )
            .into(),
        ));
    }
}

/// A module's top-level bindings and star-imported modules.
pub type ModuleBindings = (std::sync::Arc<FxHashMap<Box<str>, Binding>>, Vec<Box<str>>);

/// Every class of the project by qualified name, in the tables the workers built
/// (a class both define is merged into the first's entry, so each name is in one
/// table): merging another worker's facts then adds its table as it is, instead of
/// re-inserting (and moving) every class into a grown one.
#[derive(Debug, Default, Clone)]
pub struct ClassTable {
    shards: Vec<FxHashMap<Box<str>, ClassInfo>>,
}

impl ClassTable {
    /// More tables than this are folded into the first (each lookup asks every table).
    const MAX_SHARDS: usize = 4;

    /// The class named `qual`.
    pub fn get(&self, qual: &str) -> Option<&ClassInfo> {
        self.shards.iter().find_map(|s| s.get(qual))
    }

    fn get_mut(&mut self, qual: &str) -> Option<&mut ClassInfo> {
        self.shards.iter_mut().find_map(|s| s.get_mut(qual))
    }

    /// Every class, with its qualified name (in no particular order).
    pub fn iter(&self) -> impl Iterator<Item = (&Box<str>, &ClassInfo)> {
        self.shards.iter().flatten()
    }

    pub fn len(&self) -> usize {
        self.shards.iter().map(FxHashMap::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.shards.iter().all(FxHashMap::is_empty)
    }

    /// Add one module's classes, merging any already known (see [`merge_class`]).
    fn add_all(&mut self, classes: FxHashMap<Box<str>, ClassInfo>) {
        use std::collections::hash_map::Entry;
        if self.shards.is_empty() {
            self.shards.push(FxHashMap::default());
        }
        let (first, rest) = self.shards.split_at_mut(1);
        let first = &mut first[0];
        first.reserve(classes.len());
        for (k, c) in classes {
            if let Some(old) = rest.iter_mut().find_map(|s| s.get_mut(&*k)) {
                merge_class(old, c);
                continue;
            }
            match first.entry(k) {
                Entry::Occupied(mut e) => merge_class(e.get_mut(), c),
                Entry::Vacant(e) => {
                    e.insert(c);
                }
            }
        }
    }

    /// Add another worker's classes: those known here are merged into their entry,
    /// the others kept in their own table.
    fn absorb(&mut self, other: ClassTable) {
        for mut shard in other.shards {
            let known: Vec<(Box<str>, ClassInfo)> =
                shard.extract_if(|k, _| self.get(k).is_some()).collect();
            for (k, c) in known {
                merge_class(self.get_mut(&k).expect("known"), c);
            }
            if !shard.is_empty() {
                self.shards.push(shard);
            }
        }
        if self.shards.len() > Self::MAX_SHARDS {
            let rest: Vec<_> = self.shards.drain(1..).collect();
            for shard in rest {
                self.add_all(shard);
            }
        }
    }
}

impl std::ops::Index<&str> for ClassTable {
    type Output = ClassInfo;
    fn index(&self, qual: &str) -> &ClassInfo {
        self.get(qual).expect("no such class")
    }
}

/// Project classes by the last segment of a base's qualified name: (class, base index).
pub(crate) type BasesByLast = FxHashMap<Box<str>, Vec<(Box<str>, usize)>>;

/// The facts of every module of the project (the fact set).
#[derive(Debug, Default)]
pub struct ProjectFacts {
    /// Module-level bindings and star imports, by module name.
    pub modules: FxHashMap<Box<str>, ModuleBindings>,
    /// Modules seen in more than one file (`setup.py` twice): their facts are unknown.
    pub conflicts: FxHashSet<Box<str>>,
    /// Every class, by qualified name.
    pub classes: ClassTable,
    /// Attribute stores, by attribute name.
    pub attr_stores: FxHashMap<Box<str>, Vec<AttrStore>>,
    /// Project classes by the last segment of each base's qualified name: the class
    /// and the base's index (computed on first use, once complete).
    bases_by_last: std::sync::OnceLock<BasesByLast>,
    /// Module-level imports by the last segment of what they import (computed on first use).
    imports_by_last: std::sync::OnceLock<ImportsByLast>,
}

/// `last segment of the imported name → [(module, bound name, imported name)]`.
type ImportsByLast = FxHashMap<Box<str>, Vec<(Box<str>, Box<str>, Box<str>)>>;

impl Clone for ProjectFacts {
    fn clone(&self) -> Self {
        Self {
            modules: self.modules.clone(),
            conflicts: self.conflicts.clone(),
            classes: self.classes.clone(),
            attr_stores: self.attr_stores.clone(),
            bases_by_last: std::sync::OnceLock::new(),
            imports_by_last: std::sync::OnceLock::new(),
        }
    }
}

impl ProjectFacts {
    /// Add one module's facts.
    pub fn add(&mut self, m: ModuleFacts) {
        let ModuleFacts {
            module,
            bindings,
            stars,
            classes,
            attr_stores,
        } = m;
        match self.modules.entry(module) {
            std::collections::hash_map::Entry::Occupied(e) => {
                self.conflicts.insert(e.key().clone());
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert((bindings, stars));
            }
        }
        self.classes.add_all(classes);
        self.add_stores(attr_stores);
    }
    /// Add attribute stores (each key hashed once; a store list new to the project is
    /// kept as it is).
    fn add_stores(&mut self, attr_stores: FxHashMap<Box<str>, Vec<AttrStore>>) {
        use std::collections::hash_map::Entry;
        for (k, mut v) in attr_stores {
            match self.attr_stores.entry(k) {
                Entry::Occupied(mut e) => e.get_mut().append(&mut v),
                Entry::Vacant(e) => {
                    e.insert(v);
                }
            }
        }
    }
    /// Merge another worker's facts.
    pub fn merge(&mut self, other: ProjectFacts) {
        // Into nothing yet (the first worker's facts, and the only ones at `--jobs 1`):
        // take them whole instead of re-adding every entry.
        if self.modules.is_empty()
            && self.conflicts.is_empty()
            && self.classes.is_empty()
            && self.attr_stores.is_empty()
        {
            self.modules = other.modules;
            self.conflicts = other.conflicts;
            self.classes = other.classes;
            self.attr_stores = other.attr_stores;
            self.bases_by_last = std::sync::OnceLock::new();
            self.imports_by_last = std::sync::OnceLock::new();
            return;
        }
        for (module, (bindings, stars)) in other.modules {
            self.add(ModuleFacts {
                module,
                bindings,
                stars,
                ..ModuleFacts::default()
            });
        }
        self.conflicts.extend(other.conflicts);
        self.classes.absorb(other.classes);
        self.add_stores(other.attr_stores);
    }
    /// Every module-level import whose imported name ends in `.{last}` or is `last`:
    /// `(module, bound name, imported qualified name)`, sorted. Built once, on first use,
    /// so a codemod asking "where is this class imported" does not scan every binding.
    pub fn imports_ending_in(&self, last: &str) -> &[(Box<str>, Box<str>, Box<str>)] {
        let map = self
            .imports_by_last
            .get_or_init(|| imports_by_last(&self.modules));
        map.get(last).map_or(&[], Vec::as_slice)
    }
    /// Project classes by the last segment of each base's qualified name (built once,
    /// on first use).
    pub(crate) fn bases_by_last(&self) -> &BasesByLast {
        self.bases_by_last
            .get_or_init(|| bases_by_last(&self.classes))
    }
    /// Sort stores so that results never depend on how files were spread over threads,
    /// and forget what was computed from the facts before more were added.
    pub fn finish(&mut self) {
        self.finish_preparing(false);
    }
    /// [`ProjectFacts::finish`], and when `prepare`, build the maps of imports and of
    /// bases by last segment (which the first hierarchy query would build) at once, on
    /// a second thread, while this one sorts the stores: for a run whose candidates
    /// will ask, before the workers start waiting on them.
    pub fn finish_preparing(&mut self, prepare: bool) {
        self.bases_by_last = std::sync::OnceLock::new();
        self.imports_by_last = std::sync::OnceLock::new();
        let sort = |stores: &mut FxHashMap<Box<str>, Vec<AttrStore>>| {
            for v in stores.values_mut() {
                v.sort_by(|a, b| a.location.cmp(&b.location));
            }
        };
        if !prepare {
            sort(&mut self.attr_stores);
            return;
        }
        let Self {
            modules,
            classes,
            attr_stores,
            bases_by_last: bases,
            imports_by_last: imports,
            ..
        } = self;
        std::thread::scope(|s| {
            s.spawn(|| imports.get_or_init(|| imports_by_last(modules)));
            sort(attr_stores);
            bases.get_or_init(|| bases_by_last(classes));
        });
    }
}

/// See [`ProjectFacts::imports_ending_in`]: every import binding, by the last segment
/// of what it imports, each list sorted.
fn imports_by_last(modules: &FxHashMap<Box<str>, ModuleBindings>) -> ImportsByLast {
    let mut map = ImportsByLast::default();
    for (module, (bindings, _)) in modules {
        for (name, b) in bindings.iter() {
            if let Binding::Import(target) = b {
                let key = target.rsplit('.').next().unwrap_or(target);
                map.entry(key.into()).or_default().push((
                    module.clone(),
                    name.clone(),
                    target.clone(),
                ));
            }
        }
    }
    for v in map.values_mut() {
        v.sort();
    }
    map
}

/// See [`ProjectFacts::bases_by_last`].
fn bases_by_last(classes: &ClassTable) -> BasesByLast {
    let mut m = BasesByLast::default();
    for (q, c) in classes.iter() {
        for (i, b) in c.bases.iter().enumerate() {
            let Some(bq) = b.qual() else { continue };
            let last = bq.rsplit('.').next().unwrap_or(bq);
            m.entry(last.into()).or_default().push((q.clone(), i));
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Locations order, compare and read exactly as their `path:line` texts.
    #[test]
    fn locations_order_as_their_text() {
        let paths = ["a.py", "a.py2", "a.py:3", "a/b.py", "b.py", "", "a.p"];
        let lines = [0, 1, 2, 9, 10, 12, 99, 100, 4_294_967_295];
        let mut all: Vec<Location> = Vec::new();
        for p in paths {
            for l in lines {
                all.push(Location::at(Arc::from(p), l));
                all.push(format!("{p}:{l}").into());
            }
        }
        for a in &all {
            for b in &all {
                assert_eq!(a.cmp(b), a.as_str().cmp(b.as_str()), "{a} vs {b}");
                assert_eq!(a == b, a.as_str() == b.as_str());
            }
        }
        assert_eq!(
            Location::at(Arc::from("x/y.py"), 12).to_string(),
            "x/y.py:12"
        );
    }
}
