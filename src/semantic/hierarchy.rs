//! Queries over the class hierarchy: resolve a qualified name to a class (in the
//! project, the standard library's stubs or the environment), compute a C3 MRO,
//! find which ancestor defines a dunder, list transitive subclasses.
//!
//! While the project is still being indexed ([`Hierarchy::complete`] is false), a
//! name that may be another project file's is *pending*: queries answer as if it
//! held nothing, so a dry run can tell reasons of a file's own from reasons the
//! facts may still give. With complete facts it is *unknown*.

use rustc_hash::FxHashMap;

use super::external::{self, Origin};
use super::{Base, Binding, ClassInfo, Dunder, ProjectFacts};

/// What a qualified name resolves to.
#[derive(Debug, Clone)]
pub enum Lookup<'a> {
    /// A class, in the project or outside it.
    Class(&'a ClassInfo, Option<Origin>),
    /// Not known yet: the project is still being indexed.
    Pending,
    /// Unknown: may be anything; the reason, for messages.
    Unknown(String),
}

/// The answer to a yes/no question about a hierarchy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// No (as far as everything resolves).
    No,
    /// Yes: the class that makes it so, and where it is.
    Yes {
        /// Its qualified name.
        class: String,
        /// `path:line`.
        location: String,
    },
    /// Cannot tell: the reason.
    Unknown(String),
}

/// Classes the stubs declare as special forms, given here as the classes they are.
/// Whether `module` is compiled into every CPython build (`sys.builtin_module_names`
/// on every platform): no file on `sys.path` can take its name, because the import
/// system finds it before any path entry.
fn compiled_in(module: &str) -> bool {
    matches!(
        module,
        "builtins"
            | "sys"
            | "_imp"
            | "_warnings"
            | "marshal"
            | "_io"
            | "_thread"
            | "_weakref"
            | "_abc"
            | "gc"
            | "itertools"
            | "_collections"
            | "_functools"
            | "_operator"
            | "_codecs"
            | "_sre"
            | "_signal"
            | "atexit"
            | "errno"
    ) && ruff_python_stdlib::sys::is_builtin_module(8, module)
}

static SPECIAL: std::sync::LazyLock<FxHashMap<&'static str, ClassInfo>> =
    std::sync::LazyLock::new(|| {
        let mk = |q: &str, bases: &[&str]| ClassInfo {
            qualname: q.into(),
            bases: bases.iter().map(|b| Base::Qual((*b).into())).collect(),
            metaclass: None,
            other_keywords: false,
            decorators: Vec::new(),
            defines: Dunder::INIT_SUBCLASS.bit()
                | Dunder::of("__class_getitem__").map_or(0, Dunder::bit),
            data_members: false,
            location: format!("<typeshed>/{}", q.split('.').next().unwrap_or(q)).into(),
            members: Vec::new(),
        };
        let mut m = FxHashMap::default();
        for (q, bases) in [
            ("typing.Generic", &["builtins.object"][..]),
            ("typing_extensions.Generic", &["builtins.object"][..]),
            ("typing.Protocol", &["typing.Generic"][..]),
            ("typing_extensions.Protocol", &["typing.Generic"][..]),
        ] {
            m.insert(q, mk(q, bases));
        }
        m
    });

/// Queries over one run's facts.
#[derive(Clone, Copy)]
pub struct Hierarchy<'a> {
    project: &'a ProjectFacts,
    complete: bool,
    recorder: Option<&'a super::Recorder>,
}

const MAX_DEPTH: usize = 32;

impl<'a> Hierarchy<'a> {
    /// Queries over `project`; `complete` says whether every file is indexed.
    pub fn new(project: &'a ProjectFacts, complete: bool) -> Self {
        Self {
            project,
            complete,
            recorder: None,
        }
    }

    /// The same queries, recording what they ask for in `recorder` (see
    /// [`super::Needles`]): every query about a qualified name records each of its
    /// dotted prefixes as a module (the files that may define or re-export it), and
    /// the word queries record the words their answers' files must contain.
    pub fn recording(mut self, recorder: Option<&'a super::Recorder>) -> Self {
        self.recorder = recorder;
        self
    }

    /// Record every dotted prefix of `qual` as a module; whether one of them is a
    /// file of the project not indexed yet (see [`super::Recorder::module`]).
    fn record_prefixes(&self, qual: &str) -> bool {
        let mut missing = false;
        if let Some(r) = self.recorder {
            for (i, _) in qual.match_indices('.') {
                missing |= r.module(&qual[..i]);
            }
            missing |= r.module(qual);
        }
        missing
    }

    fn record_word(&self, word: &str) {
        if let Some(r) = self.recorder {
            r.word(word);
        }
    }

    /// Whether every file of the project is indexed.
    pub fn complete(&self) -> bool {
        self.complete
    }

    /// A project class by qualified name.
    pub fn project_class(&self, qual: &str) -> Option<&'a ClassInfo> {
        let _ = self.record_prefixes(qual);
        self.project.classes.get(qual)
    }

    /// Resolve a qualified name to a class.
    pub fn lookup(&self, qual: &str) -> Lookup<'a> {
        self.lookup_at(qual, 0, true)
    }

    fn unresolved(&self, qual: &str) -> Lookup<'a> {
        if self.complete {
            Lookup::Unknown(format!(
                "`{qual}` is not defined in the project, the standard library or the environment"
            ))
        } else {
            Lookup::Pending
        }
    }

    fn lookup_at(&self, qual: &str, depth: usize, external: bool) -> Lookup<'a> {
        if depth > MAX_DEPTH {
            return Lookup::Unknown(format!("`{qual}` is imported in a cycle"));
        }
        if self.record_prefixes(qual) {
            // A dry run whose answers are thrown away (a file it needs is indexed
            // next): do not follow names through modules that are not there yet
            // (star imports could make that exponential).
            return Lookup::Unknown(format!("`{qual}` needs a file not indexed yet"));
        }
        if let Some(c) = SPECIAL.get(qual) {
            return Lookup::Class(c, Some(Origin::Stdlib));
        }
        let segments: Vec<&str> = qual.split('.').collect();
        // A project file named like a module compiled into the interpreter
        // (`builtins.py` among test data) is never imported under that name.
        let compiled_in = compiled_in(segments[0]);
        // A class whose module name two files share (scripts in different directories)
        // has the facts of both merged conservatively: dunders united, differing bases
        // unknown (see `merge_class`), so it is still answered for.
        if !compiled_in && let Some(c) = self.project.classes.get(qual) {
            return Lookup::Class(c, None);
        }
        for i in (1..segments.len()).rev() {
            let module = segments[..i].join(".");
            let rest = &segments[i..];
            if !compiled_in
                && let Some((bindings, stars)) = self.project.modules.get(module.as_str())
            {
                if self.project.conflicts.contains(module.as_str()) {
                    return Lookup::Unknown(format!(
                        "module `{module}` is defined by more than one file of the project"
                    ));
                }
                return self.in_module(&module, bindings, stars, rest, depth, external, None);
            }
            if !external {
                continue;
            }
            if let Some((origin, facts)) = external::module(&module) {
                if let Some(c) = facts.classes.get(qual) {
                    return Lookup::Class(c, Some(origin));
                }
                return self.in_module(
                    &module,
                    &facts.bindings,
                    &facts.stars,
                    rest,
                    depth,
                    external,
                    Some((origin, facts)),
                );
            }
        }
        if !external {
            return Lookup::Unknown(String::new());
        }
        self.unresolved(qual)
    }

    #[allow(clippy::too_many_arguments)]
    fn in_module(
        &self,
        module: &str,
        bindings: &FxHashMap<Box<str>, Binding>,
        stars: &[Box<str>],
        rest: &[&str],
        depth: usize,
        external: bool,
        outside: Option<(Origin, &'a super::ModuleFacts)>,
    ) -> Lookup<'a> {
        let name = rest[0];
        let tail = rest[1..].join(".");
        let join = |q: &str| {
            if tail.is_empty() {
                q.to_string()
            } else {
                format!("{q}.{tail}")
            }
        };
        match bindings.get(name) {
            Some(Binding::Import(target)) => self.lookup_at(&join(target), depth + 1, external),
            Some(Binding::Class) => {
                let qual = format!("{module}.{}", rest.join("."));
                let found = match outside {
                    Some((origin, f)) => f.classes.get(qual.as_str()).map(|c| (c, Some(origin))),
                    None => self.project.classes.get(qual.as_str()).map(|c| (c, None)),
                };
                match found {
                    Some((c, o)) => Lookup::Class(c, o),
                    None => Lookup::Unknown(format!("`{qual}` is not a class of `{module}`")),
                }
            }
            Some(Binding::Other) => Lookup::Unknown(format!(
                "`{module}.{name}` is assigned at run time, not defined by a class statement"
            )),
            Some(Binding::Ambiguous) => Lookup::Unknown(format!(
                "`{module}.{name}` is bound more than once, to different things"
            )),
            None => {
                for s in stars {
                    let q = format!("{s}.{}", rest.join("."));
                    if let Lookup::Class(c, o) = self.lookup_at(&q, depth + 1, external) {
                        return Lookup::Class(c, o);
                    }
                }
                if outside.is_none() && !self.complete {
                    return Lookup::Pending;
                }
                Lookup::Unknown(format!("`{module}` does not define `{name}`"))
            }
        }
    }

    /// The C3 method resolution order of `class` (itself first), or why it cannot be
    /// computed. Pending bases are left out. Bases are taken as run time sees them
    /// ([`runtime_bases`]).
    pub fn mro(&self, class: &'a ClassInfo) -> Result<Vec<&'a ClassInfo>, String> {
        self.mro_at(class, 0)
    }

    fn mro_at(&self, class: &'a ClassInfo, depth: usize) -> Result<Vec<&'a ClassInfo>, String> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "the hierarchy of `{}` is too deep or cyclic",
                class.qualname
            ));
        }
        let mut seqs: Vec<Vec<&'a ClassInfo>> = Vec::new();
        let mut direct = Vec::new();
        for b in &runtime_bases(class) {
            let Some(q) = b.qual() else {
                return Err(format!("base `{}` cannot be resolved", b.shown()));
            };
            match self.lookup(q) {
                Lookup::Class(c, _) => {
                    seqs.push(self.mro_at(c, depth + 1)?);
                    direct.push(c);
                }
                Lookup::Pending => {}
                Lookup::Unknown(why) => {
                    return Err(format!("base `{}` cannot be resolved ({why})", b.shown()));
                }
            }
        }
        seqs.push(direct);
        let mut out = vec![class];
        loop {
            seqs.retain(|s| !s.is_empty());
            if seqs.is_empty() {
                return Ok(out);
            }
            let head = seqs.iter().map(|s| s[0]).find(|h| {
                !seqs
                    .iter()
                    .any(|s| s[1..].iter().any(|c| c.qualname == h.qualname))
            });
            let Some(head) = head else {
                return Err(format!(
                    "the bases of `{}` have no consistent method resolution order",
                    class.qualname
                ));
            };
            out.push(head);
            for s in &mut seqs {
                if s[0].qualname == head.qualname {
                    s.remove(0);
                }
            }
        }
    }

    /// Whether a class in the MRO of `class`, other than itself and `object`,
    /// defines `dunder` (the first that does).
    pub fn ancestor_defining(&self, class: &'a ClassInfo, dunder: Dunder) -> Answer {
        match self.mro(class) {
            Err(why) => Answer::Unknown(why),
            Ok(mro) => mro
                .iter()
                .skip(1)
                .filter(|c| &*c.qualname != "builtins.object")
                .find(|c| c.defines(dunder))
                .map_or(Answer::No, |c| Answer::Yes {
                    class: c.qualname.to_string(),
                    location: c.location.to_string(),
                }),
        }
    }

    /// Every project class that derives from `qual`, directly or not (in a stable
    /// order). Empty while the facts are incomplete.
    pub fn subclasses(&self, qual: &str) -> Vec<&'a ClassInfo> {
        if !self.complete {
            return Vec::new();
        }
        // Resolving a base keeps its last segment except through an import binding
        // (`from m import X as Y`: `Y` becomes `X`; see `record_class_names`), so a
        // class `C(B)` derives from `q` only when `B` ends in the name of `q` or in a
        // name an import binds it to. Only those bases are looked up, instead of
        // resolving every base of the project up front.
        let by_last = self.project.bases_by_last();
        let mut out: Vec<&'a ClassInfo> = Vec::new();
        let mut queue: Vec<&str> = vec![qual];
        while let Some(q) = queue.pop() {
            let last = q.rsplit('.').next().unwrap_or(q);
            for name in self.names_bound_to([last]) {
                for (sub, i) in by_last.get(name).into_iter().flatten() {
                    let Some(c) = self.project.classes.get(sub) else {
                        continue;
                    };
                    if &*c.qualname == qual || out.iter().any(|o| o.qualname == c.qualname) {
                        continue;
                    }
                    let base = c.bases.get(*i).and_then(Base::qual);
                    if base.is_some_and(|bq| {
                        matches!(self.lookup_at(bq, 0, false),
                            Lookup::Class(bc, None) if *bc.qualname == *q)
                    }) {
                        out.push(c);
                        queue.push(&c.qualname);
                    }
                }
            }
        }
        out.sort_by(|a, b| a.qualname.cmp(&b.qualname));
        if self.recorder.is_some() {
            self.record_class_names(qual, &out);
        }
        out
    }

    /// `names`, and, closed over the project's imports, every name an import binds one
    /// of them to (`from m import X as Y` adds `Y` to `X`), each once.
    fn names_bound_to(&self, names: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
        let mut names: Vec<&'a str> = names.into_iter().collect();
        let mut seen: rustc_hash::FxHashSet<&'a str> = names.iter().copied().collect();
        let mut i = 0;
        while let Some(&n) = names.get(i) {
            i += 1;
            for (_, bound, _) in self.project.imports_ending_in(n) {
                if seen.insert(bound) {
                    names.push(bound);
                }
            }
        }
        names
    }

    /// For [`Hierarchy::subclasses`]: a class `C(B)` of a file not indexed yet is a
    /// subclass when `B` resolves to `qual` or one of `found`. Resolving keeps the last
    /// segment of `B` except through an import binding (`from m import X as Y`), whose
    /// module says both names: so record the names of `qual` and `found`, and, closed
    /// over the project's imports, every name bound by an import of a recorded name
    /// (the module that binds it is indexed for its word first, then its alias).
    fn record_class_names(&self, qual: &'a str, found: &[&'a ClassInfo]) {
        let last = qual.rsplit('.').next().unwrap_or(qual);
        let starts = std::iter::once(last).chain(found.iter().map(|c| c.name()));
        for n in self.names_bound_to(starts) {
            self.record_word(n);
        }
    }

    /// Where the project class `qual` first binds `name` as a `kind` member (see
    /// [`super::ClassInfo::members`]). A file that binds it says the name.
    pub fn member(
        &self,
        qual: &str,
        kind: super::MemberKind,
        name: &str,
    ) -> Option<super::Location> {
        self.record_word(name);
        self.project.classes.get(qual)?.member(kind, name)
    }

    /// Every store of attribute `attr` anywhere in the project.
    pub fn attr_stores(&self, attr: &str) -> &'a [super::AttrStore] {
        if let Some(r) = self.recorder {
            r.attr(attr);
        }
        self.project
            .attr_stores
            .get(attr)
            .map_or(&[], Vec::as_slice)
    }
}

/// The bases of `class` as run time sees them: `object` for a class without bases,
/// and one repair: typeshed's `typing.pyi` declares `Protocol` and `Generic` as
/// `_SpecialForm` annotations (no binding), so its own classes
/// (`typing.Awaitable(Protocol[_T_co])`, reached from `collections.abc.Awaitable`)
/// come back with an unknown base `Protocol`; such a base of a
/// `typing`/`typing_extensions` class is `typing.Protocol` / `typing.Generic`.
pub fn runtime_bases(class: &ClassInfo) -> Vec<Base> {
    if class.bases.is_empty() && &*class.qualname != "builtins.object" {
        return vec![Base::Qual("builtins.object".into())];
    }
    let in_typing =
        class.qualname.starts_with("typing.") || class.qualname.starts_with("typing_extensions.");
    class
        .bases
        .iter()
        .map(|b| match b {
            Base::Unknown(t) if in_typing && matches!(&**t, "Protocol" | "Generic") => {
                Base::Qual(format!("typing.{t}").into())
            }
            b => b.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantic::index::index_module;

    fn project(files: &[(&str, &str)]) -> ProjectFacts {
        let mut p = ProjectFacts::default();
        for (module, src) in files {
            let parsed = ruff_python_parser::parse_module(src).unwrap();
            p.add(index_module(
                module,
                false,
                module,
                src,
                parsed.suite(),
                &|_| 1,
            ));
        }
        p
    }

    /// A subclass found only through names an import gives the class (`Engine` is
    /// `Motor` in `lib`, `M` in `app.one`), in facts merged from two workers; a class
    /// of the same last name elsewhere, or a base that does not resolve, is not one.
    #[test]
    fn subclasses_are_found_through_renaming_imports_across_workers() {
        let mut p = project(&[
            ("lib.core", "class Engine:\n    pass\n"),
            ("lib", "from lib.core import Engine as Motor\n"),
        ]);
        p.merge(project(&[
            ("app.one", "from lib import Motor as M\nclass Car(M):\n    pass\n"),
            (
                "app.two",
                "import lib\nclass Boat(lib.Motor):\n    pass\nclass Engine:\n    pass\nclass Toy(Engine):\n    pass\n",
            ),
            (
                "app.three",
                "from app.one import Car\nclass Racer(Car):\n    pass\nclass Lost(Engine):\n    pass\n",
            ),
        ]));
        p.finish_preparing(true);
        let h = Hierarchy::new(&p, true);
        let names = |q: &str| -> Vec<String> {
            h.subclasses(q)
                .iter()
                .map(|c| c.qualname.to_string())
                .collect()
        };
        assert_eq!(
            names("lib.core.Engine"),
            ["app.one.Car", "app.three.Racer", "app.two.Boat"]
        );
        assert_eq!(names("app.two.Engine"), ["app.two.Toy"]);
        assert_eq!(names("app.one.Car"), ["app.three.Racer"]);
        assert!(names("app.three.Racer").is_empty());
    }

    #[test]
    fn stdlib_bases_resolve_through_typeshed() {
        let p = project(&[(
            "app",
            "import io\nclass Raw(io.RawIOBase):\n    pass\nclass Plain:\n    pass\n",
        )]);
        let h = Hierarchy::new(&p, true);
        let raw = h.project_class("app.Raw").unwrap();
        match h.ancestor_defining(raw, Dunder::DEL) {
            Answer::Yes { class, .. } => assert_eq!(class, "_io._IOBase"),
            other => panic!("{other:?}"),
        }
        let plain = h.project_class("app.Plain").unwrap();
        assert_eq!(h.ancestor_defining(plain, Dunder::DEL), Answer::No);
    }

    #[test]
    fn project_chains_reexports_subclasses_and_unknowns() {
        let p = project(&[
            ("pkg", "from pkg.base import Base as Base\n"),
            (
                "pkg.base",
                "class Base:\n    def __del__(self):\n        pass\n",
            ),
            (
                "pkg.mid",
                "from pkg import Base\nimport thirdparty\nclass Mid(Base):\n    pass\nclass Odd(thirdparty.Thing):\n    pass\n",
            ),
            (
                "pkg.leaf",
                "from pkg.mid import Mid\nclass Leaf(Mid, metaclass=M):\n    pass\n",
            ),
        ]);
        let h = Hierarchy::new(&p, true);
        let leaf = h.project_class("pkg.leaf.Leaf").unwrap();
        assert!(
            matches!(h.ancestor_defining(leaf, Dunder::DEL), Answer::Yes { class, .. } if class == "pkg.base.Base")
        );
        let subs: Vec<&str> = h
            .subclasses("pkg.base.Base")
            .iter()
            .map(|c| &*c.qualname)
            .collect();
        assert_eq!(subs, ["pkg.leaf.Leaf", "pkg.mid.Mid"]);
        let odd = h.project_class("pkg.mid.Odd").unwrap();
        assert!(matches!(
            h.ancestor_defining(odd, Dunder::DEL),
            Answer::Unknown(_)
        ));
        // While indexing, an unresolved name is pending, not unknown.
        let pending = Hierarchy::new(&p, false);
        assert_eq!(pending.ancestor_defining(odd, Dunder::DEL), Answer::No);
    }

    #[test]
    fn typing_protocols_from_typeshed_have_an_mro() {
        let src = "import abc\nfrom collections.abc import Awaitable\nfrom typing import TypeVar\nT = TypeVar('T')\nclass Fut(abc.ABC, Awaitable[T]):\n    pass\nclass Act(Fut[T]):\n    pass\n";
        let parsed = ruff_python_parser::parse_module(src).unwrap();
        let mut p = ProjectFacts::default();
        p.add(index_module(
            "m",
            false,
            "m.py",
            src,
            parsed.suite(),
            &|_| 1,
        ));
        let h = Hierarchy::new(&p, true);
        let act = h.project_class("m.Act").unwrap();
        let names: Vec<&str> = h.mro(act).unwrap().iter().map(|c| &*c.qualname).collect();
        assert_eq!(names[..3], ["m.Act", "m.Fut", "abc.ABC"]);
        assert!(names.contains(&"typing.Protocol"), "{names:?}");
    }
}
