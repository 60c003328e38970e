//! `abc-to-protocol`: turn ABC interface classes into `typing.Protocol` (PEP 544).
//!
//! A candidate is a class whose bases include `abc.ABC` (any import form or alias)
//! or whose metaclass is `abc.ABCMeta`. It is converted when it is a pure interface
//! (abstract methods, no state, no ABC machinery) and nothing in the run relies on
//! ABC-only behaviour: `ABC`/`ABCMeta` become `Protocol` (`Protocol[T]` when
//! `Generic[T]` was a base), `@runtime_checkable` is added when the class may reach
//! `isinstance`/`issubclass`/a `match` class pattern, and the imports follow.
//!
//! Repo-wide facts (all keyed by simple class name unless said otherwise):
//! runtime checks, `issubclass` uses, classes that escape as values, `.register`
//! receivers, subclasses that combine the class with other bases or pass class
//! keywords, and — keyed by module-qualified name — which classes are protocols
//! (explicit, or convertible candidates with their own dependencies), so chains
//! such as `class B(A, ABC)` are only converted when `A` is (or becomes) a protocol.

use std::collections::{HashMap, HashSet};

use rustc_hash::{FxHashMap, FxHashSet};

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, ExprContext, Pattern, Stmt, StmtClassDef};
use ruff_python_trivia::{SimpleTokenKind, SimpleTokenizer};
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{Codemod, Context, Facts, Need, location};
use crate::edit::Edit;
use crate::imports::{self, Style};
use crate::source::{Marks, SourceFile};
use crate::util::{alone_on_lines, contains};

/// Turn ABC interface classes into `typing.Protocol`.
pub struct AbcToProtocol;

const NAME: &str = "abc-to-protocol";
/// Simple name used as the 2nd argument of `isinstance`/`issubclass` or in a `match` class pattern.
const F_RUNTIME: &str = "abc-to-protocol/runtime-check";
/// Simple name used as the 2nd argument of `issubclass`.
const F_ISSUBCLASS: &str = "abc-to-protocol/issubclass";
/// `issubclass` with a second argument sturdy cannot resolve (name `*`).
const F_DYN_ISSUBCLASS: &str = "abc-to-protocol/dynamic-issubclass";
/// Simple name used as a value (argument, container element, alias): it may reach `isinstance`.
const F_ESCAPE: &str = "abc-to-protocol/escapes";
/// Receiver of `.register` (virtual subclasses).
const F_REGISTER: &str = "abc-to-protocol/register";
/// Simple name listed before another (non-protocol) base in some class.
const F_MIXED: &str = "abc-to-protocol/mixed-subclass";
/// Simple name used as a base by a class with class keywords / a custom metaclass.
const F_KW_SUBCLASS: &str = "abc-to-protocol/keyword-subclass";
/// Qualified name of an explicit `Protocol` class.
const F_PROTO: &str = "abc-to-protocol/protocol";
/// Qualified name of a candidate passing the local checks; value `flags;dep,dep`.
const F_CAND: &str = "abc-to-protocol/candidate";
/// Qualified name of any other class definition.
const F_NOT_PROTO: &str = "abc-to-protocol/not-protocol";
/// Qualified name re-exported by `from m import X` at a module's top level; value: target.
const F_REEXPORT: &str = "abc-to-protocol/reexport";

const ABSTRACT_DECORATORS: &[&str] = &[
    "abstractmethod",
    "abstractproperty",
    "abstractclassmethod",
    "abstractstaticmethod",
];
/// Decorators that keep a method a callable class attribute.
const CALLABLE_DECORATORS: &[&str] = &[
    "abstractmethod",
    "abstractclassmethod",
    "abstractstaticmethod",
    "classmethod",
    "staticmethod",
    "overload",
    "final",
    "override",
];
/// Class decorators that generate state or rely on the class layout.
const STATEFUL_CLASS_DECORATORS: &[&str] = &[
    "dataclass",
    "s",
    "attrs",
    "define",
    "frozen",
    "mutable",
    "add_metaclass",
];
/// Bases a `Protocol` may inherit from besides protocols (typing's allow-list, 3.8+).
const ALLOWED_BASES: &[&str] = &[
    "collections.abc.Callable",
    "collections.abc.Awaitable",
    "collections.abc.Iterable",
    "collections.abc.Iterator",
    "collections.abc.AsyncIterable",
    "collections.abc.Hashable",
    "collections.abc.Sized",
    "collections.abc.Container",
    "collections.abc.Collection",
    "collections.abc.Reversible",
    "contextlib.AbstractContextManager",
    "contextlib.AbstractAsyncContextManager",
    "typing.Callable",
    "typing.Awaitable",
    "typing.Iterable",
    "typing.Iterator",
    "typing.AsyncIterable",
    "typing.Hashable",
    "typing.Sized",
    "typing.Container",
    "typing.Collection",
    "typing.Reversible",
    "typing.ContextManager",
    "typing.AsyncContextManager",
];
const BUILTIN_TYPES: &[&str] = &[
    "int",
    "float",
    "complex",
    "str",
    "bytes",
    "bytearray",
    "memoryview",
    "bool",
    "list",
    "tuple",
    "dict",
    "set",
    "frozenset",
    "type",
    "object",
    "range",
    "slice",
    "property",
    "classmethod",
    "staticmethod",
    "super",
    "callable",
];

impl Codemod for AbcToProtocol {
    fn name(&self) -> &'static str {
        NAME
    }
    fn summary(&self) -> &'static str {
        "turn ABC interface classes into typing.Protocol"
    }
    fn docs(&self) -> &'static str {
        include_str!("../../codemods/abc-to-protocol/README.md")
    }
    fn might_apply(&self, file: &SourceFile) -> bool {
        let text = file.text.as_str();
        // Candidates and most facts need one of these words; subclass facts need a
        // class header with several bases or keywords.
        const WORDS: &[&str] = &[
            "ABC",
            "isinstance",
            "issubclass",
            "register",
            "match",
            "Protocol",
        ];
        WORDS.iter().any(|w| contains(text, w)) || has_multi_base_class(text)
    }
    fn uses_facts(&self) -> bool {
        true
    }
    fn index(&self, file: &SourceFile, facts: &mut Facts) -> Need {
        let names = Names::new(file);
        let mut classes = Vec::new();
        collect_classes(file.suite(), true, &mut classes);
        let infos: Vec<ClassInfo> = classes
            .iter()
            .map(|(c, top)| analyze(file, &names, c, *top))
            .collect();
        // Protocol-ness of the module's top-level classes, under every module suffix.
        let mut local_ok: HashSet<&str> = HashSet::new();
        for info in infos.iter().filter(|i| i.top_level) {
            let cname = info.class.name.as_str();
            let fact = if info.explicit_protocol {
                Some((F_PROTO, String::new()))
            } else if info.candidate && info.problem.is_none() {
                let deps: Vec<String> = info
                    .deps
                    .iter()
                    .map(|(_, k)| k.clone().unwrap_or_else(|| "?".to_string()))
                    .collect();
                let flags = if info.data_members.is_some() { "d" } else { "" };
                Some((F_CAND, format!("{flags};{}", deps.join(","))))
            } else {
                None
            };
            match &fact {
                Some((kind, value)) => {
                    for key in names.own_keys(cname) {
                        facts.add(kind, key, value.clone());
                    }
                }
                // Every class has this fact: recorded once, under the full dotted name
                // (looked up by suffix), and only its presence matters.
                None => facts.add(F_NOT_PROTO, names.full_key(cname), String::new()),
            }
            if fact.is_some() && info.deps.is_empty() {
                local_ok.insert(cname);
            }
        }
        // Re-exports: `from .sinks import DataSink` in `pkg/__init__.py`.
        for stmt in file.suite() {
            if let Stmt::ImportFrom(f) = stmt {
                let Some(module) =
                    names.resolve_module(f.level, f.module.as_ref().map(|m| m.as_str()))
                else {
                    continue;
                };
                for a in &f.names {
                    let local = a.asname.as_ref().unwrap_or(&a.name).as_str();
                    if a.name.as_str() == "*" || names.classes.contains(local) {
                        continue;
                    }
                    // Every import has this fact: recorded once, under the full dotted
                    // name (looked up by suffix).
                    let key = names.full_key(local);
                    facts.add_with(F_REEXPORT, &key, || format!("{module}.{}", a.name));
                }
            }
        }
        // Subclass facts.
        for info in &infos {
            let class = info.class;
            let bases = class.bases();
            let mut header_cache: Option<String> = None;
            let mut header = || {
                header_cache
                    .get_or_insert_with(|| {
                        format!("{} (class {})", location(file, class.start()), class.name)
                    })
                    .clone()
            };
            let kw_problem = class.keywords().iter().any(|k| {
                k.arg.as_ref().is_none_or(|a| a.as_str() != "metaclass")
                    || names.qualify(&k.value).as_deref() != Some("abc.ABCMeta")
            });
            for (i, base) in bases.iter().enumerate() {
                let simple = names.simple_names(base);
                if kw_problem {
                    for s in &simple {
                        facts.add(F_KW_SUBCLASS, s, header());
                    }
                }
                let later_unsafe = bases[i + 1..]
                    .iter()
                    .any(|b| !names.is_safe_follower(b, &local_ok));
                if later_unsafe {
                    for s in &simple {
                        facts.add(F_MIXED, s, header());
                    }
                }
            }
        }
        // Escapes need a capitalized name (or a lower-case class of this module, which
        // turns pruning off), run-time checks their function's name, match classes a
        // `match` statement: statements with none of these tokens are passed over.
        let prune = names
            .classes
            .iter()
            .all(|c| c.as_bytes()[0].is_ascii_uppercase());
        let mut v = Indexer {
            file,
            names: &names,
            facts,
            in_type: 0,
            prune,
        };
        v.visit_body(file.suite());
        // A candidate with a problem of its own is skipped for it whatever the facts.
        if infos.iter().any(|i| i.candidate && i.problem.is_none()) {
            Need::Facts
        } else if infos.iter().any(|i| i.candidate) {
            Need::Run
        } else {
            Need::Nothing
        }
    }
    fn run(&self, cx: &mut Context) {
        convert_file(cx);
    }
}

/// Cheap scan: is there a `class X(` header with a `,` or `=` before its `)`?
fn has_multi_base_class(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(pos) = memchr::memmem::find(&bytes[from..], b"class ") {
        let start = from + pos + 6;
        from = start;
        let end = (start + 400).min(bytes.len());
        let mut depth = 0usize;
        for &b in &bytes[start..end] {
            match b {
                b'(' | b'[' => depth += 1,
                b')' | b']' => {
                    if depth <= 1 {
                        break;
                    }
                    depth -= 1;
                }
                b',' | b'=' if depth == 1 => return true,
                b':' if depth == 0 => break,
                _ => {}
            }
        }
    }
    false
}

/// Every class of the module body (also nested in functions, classes, `if`, `try`...),
/// with whether it is a top-level class.
fn collect_classes<'a>(body: &'a [Stmt], top: bool, out: &mut Vec<(&'a StmtClassDef, bool)>) {
    for stmt in body {
        match stmt {
            Stmt::ClassDef(c) => {
                out.push((c, top));
                collect_classes(&c.body, false, out);
            }
            Stmt::FunctionDef(f) => collect_classes(&f.body, false, out),
            Stmt::If(s) => {
                collect_classes(&s.body, false, out);
                for c in &s.elif_else_clauses {
                    collect_classes(&c.body, false, out);
                }
            }
            Stmt::Try(t) => {
                collect_classes(&t.body, false, out);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    collect_classes(&h.body, false, out);
                }
                collect_classes(&t.orelse, false, out);
                collect_classes(&t.finalbody, false, out);
            }
            Stmt::With(w) => collect_classes(&w.body, false, out),
            Stmt::For(s) => collect_classes(&s.body, false, out),
            Stmt::While(s) => collect_classes(&s.body, false, out),
            _ => {}
        }
    }
}

/// How the module's top-level names resolve.
struct Names {
    /// The module's dotted path segments (from the file path).
    module: Vec<String>,
    is_package: bool,
    /// local name -> qualified `module.name`, from top-level `from m import name`.
    from_imports: FxHashMap<String, String>,
    /// local name -> module, from top-level `import m` / `import m as x`.
    module_imports: FxHashMap<String, String>,
    /// Top-level class names.
    classes: FxHashSet<String>,
    /// Top-level `NAME = <expr>` assignments (for `isinstance(x, _TYPES)`).
    assigned: FxHashMap<String, Vec<String>>,
}

impl Names {
    fn new(file: &SourceFile) -> Self {
        let mut path = file.path.replace('\\', "/");
        if let Some(p) = path.strip_suffix(".py") {
            path = p.to_string();
        }
        let mut module: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty() && *s != "." && *s != "..")
            .map(ToString::to_string)
            .collect();
        let is_package = module.last().is_some_and(|s| s == "__init__");
        if is_package {
            module.pop();
        }
        let mut n = Self {
            module,
            is_package,
            from_imports: FxHashMap::default(),
            module_imports: FxHashMap::default(),
            classes: FxHashSet::default(),
            assigned: FxHashMap::default(),
        };
        for stmt in file.suite() {
            match stmt {
                Stmt::ImportFrom(f) => {
                    let Some(m) = n.resolve_module(f.level, f.module.as_ref().map(|m| m.as_str()))
                    else {
                        continue;
                    };
                    for a in &f.names {
                        let local = a.asname.as_ref().unwrap_or(&a.name).to_string();
                        n.from_imports.insert(local, format!("{m}.{}", a.name));
                    }
                }
                Stmt::Import(i) => {
                    for a in &i.names {
                        match &a.asname {
                            Some(alias) => {
                                n.module_imports
                                    .insert(alias.to_string(), a.name.to_string());
                            }
                            None => {
                                let first = a.name.split('.').next().unwrap_or_default();
                                n.module_imports
                                    .insert(first.to_string(), first.to_string());
                            }
                        }
                    }
                }
                Stmt::ClassDef(c) => {
                    n.classes.insert(c.name.to_string());
                }
                Stmt::Assign(a) => {
                    for t in &a.targets {
                        if let Expr::Name(t) = t {
                            let mut refs = Vec::new();
                            names_in(&a.value, &mut refs);
                            n.assigned.insert(t.id.to_string(), refs);
                        }
                    }
                }
                _ => {}
            }
        }
        n
    }

    /// The absolute module of `from <level dots><module> import`.
    fn resolve_module(&self, level: u32, module: Option<&str>) -> Option<String> {
        if level == 0 {
            return module.map(ToString::to_string);
        }
        let mut pkg = self.module.clone();
        if !self.is_package {
            pkg.pop();
        }
        for _ in 1..level {
            pkg.pop()?;
        }
        if let Some(m) = module {
            pkg.push(m.to_string());
        }
        Some(pkg.join("."))
    }

    /// Keys of a top-level class of this module: `Name` qualified with every suffix
    /// of the module path (`sinks.X`, `pkg.sinks.X`, ...).
    fn own_keys(&self, name: &str) -> Vec<String> {
        if self.module.is_empty() {
            return vec![name.to_string()];
        }
        (0..self.module.len())
            .map(|k| format!("{}.{name}", self.module[k..].join(".")))
            .collect()
    }

    /// The longest of [`Names::own_keys`]: the module's whole dotted path and `name`.
    fn full_key(&self, name: &str) -> String {
        if self.module.is_empty() {
            return name.to_string();
        }
        let mut key = self.module.join(".");
        key.push('.');
        key.push_str(name);
        key
    }

    /// The qualified name of a (dotted) name expression, resolved through the module's
    /// top-level imports and class definitions.
    fn qualify(&self, expr: &Expr) -> Option<String> {
        match expr {
            Expr::Name(n) => {
                let id = n.id.as_str();
                if let Some(q) = self.from_imports.get(id) {
                    Some(q.clone())
                } else if let Some(m) = self.module_imports.get(id) {
                    Some(m.clone())
                } else if self.classes.contains(id) {
                    Some(if self.module.is_empty() {
                        id.to_string()
                    } else {
                        format!("{}.{id}", self.module.join("."))
                    })
                } else if id == "object" {
                    Some("builtins.object".to_string())
                } else {
                    None
                }
            }
            Expr::Attribute(a) => Some(format!("{}.{}", self.qualify(&a.value)?, a.attr)),
            _ => None,
        }
    }

    /// The simple names a reference may stand for: the last segment, plus the
    /// imported name when it is an import alias (`Sink` → `Sink`, `DataSink`).
    fn simple_names(&self, expr: &Expr) -> Vec<String> {
        let (first, second) = self.simple_name_refs(expr);
        first
            .into_iter()
            .chain(second)
            .map(str::to_string)
            .collect()
    }

    /// [`Names::simple_names`] without allocating: at most two names.
    fn simple_name_refs<'e>(&'e self, expr: &'e Expr) -> (Option<&'e str>, Option<&'e str>) {
        let expr = match expr {
            Expr::Subscript(s) => &*s.value,
            e => e,
        };
        match expr {
            Expr::Name(n) => {
                let id = n.id.as_str();
                let imported = self
                    .from_imports
                    .get(id)
                    .and_then(|q| q.rsplit('.').next())
                    .filter(|last| *last != id);
                (Some(id), imported)
            }
            Expr::Attribute(a) => (Some(a.attr.as_str()), None),
            _ => (None, None),
        }
    }

    /// A base listed after an interface in a subclass that cannot break the
    /// `super().__init__()` chain: object, ABC, Protocol, Generic, allow-listed
    /// collections ABCs, or a protocol-ish class of this module without dependencies.
    fn is_safe_follower(&self, base: &Expr, local_ok: &HashSet<&str>) -> bool {
        let inner = match base {
            Expr::Subscript(s) => &*s.value,
            e => e,
        };
        if let Some(q) = self.qualify(inner)
            && (matches!(
                q.as_str(),
                "builtins.object"
                    | "abc.ABC"
                    | "typing.Protocol"
                    | "typing_extensions.Protocol"
                    | "typing.Generic"
                    | "typing_extensions.Generic"
            ) || ALLOWED_BASES.contains(&q.as_str()))
        {
            return true;
        }
        matches!(inner, Expr::Name(n) if local_ok.contains(n.id.as_str()))
    }
}

/// Every name (and attribute) referenced in `expr`.
fn names_in(expr: &Expr, out: &mut Vec<String>) {
    struct N<'o>(&'o mut Vec<String>);
    impl<'b> Visitor<'b> for N<'_> {
        fn visit_expr(&mut self, e: &'b Expr) {
            match e {
                Expr::Name(n) => self.0.push(n.id.to_string()),
                Expr::Attribute(a) => self.0.push(a.attr.to_string()),
                _ => {}
            }
            visitor::walk_expr(self, e);
        }
    }
    N(out).visit_expr(expr);
}

/// The role of one item in a candidate's class arguments.
#[derive(Debug, Clone)]
enum Role {
    /// `ABC` / `abc.ABC`.
    Abc,
    /// `metaclass=ABCMeta`.
    Meta,
    /// `Generic[...]`, with the subscript text `[...]`.
    Generic(String),
    /// `Protocol` / `Protocol[...]` already present.
    Protocol,
    /// An allow-listed `collections.abc` / `contextlib` base.
    Allowed,
    /// Anything else: must be a protocol.
    Other,
}

struct Item {
    range: TextRange,
    role: Role,
    positional: bool,
}

/// What sturdy knows about one class from its own file.
struct ClassInfo<'a> {
    class: &'a StmtClassDef,
    top_level: bool,
    /// Bases `ABC` or metaclass `ABCMeta`.
    candidate: bool,
    /// Bases include `typing.Protocol`.
    explicit_protocol: bool,
    items: Vec<Item>,
    /// The first local reason not to convert, at the class name.
    problem: Option<String>,
    /// The first data member (class attribute, property...), if any.
    data_members: Option<String>,
    /// Other bases: (source text, qualified key when resolvable).
    deps: Vec<(String, Option<String>)>,
}

/// The name a decorator stands for: the imported name when it is an alias
/// (`from abc import abstractmethod as abstract`), else its last segment.
fn decorator_name(names: &Names, e: &Expr) -> Option<String> {
    let e = match e {
        Expr::Call(c) => &*c.func,
        e => e,
    };
    if let Some(q) = names.qualify(e) {
        return q.rsplit('.').next().map(ToString::to_string);
    }
    match e {
        Expr::Name(n) => Some(n.id.to_string()),
        Expr::Attribute(a) => Some(a.attr.to_string()),
        _ => None,
    }
}

#[allow(clippy::too_many_lines)]
fn analyze<'a>(
    file: &SourceFile,
    names: &Names,
    class: &'a StmtClassDef,
    top_level: bool,
) -> ClassInfo<'a> {
    let cname = class.name.as_str();
    let mut info = ClassInfo {
        class,
        top_level,
        candidate: false,
        explicit_protocol: false,
        items: Vec::new(),
        problem: None,
        data_members: None,
        deps: Vec::new(),
    };
    let mut problem: Option<String> = None;
    let set = |p: &mut Option<String>, msg: String| {
        if p.is_none() {
            *p = Some(msg);
        }
    };
    for base in class.bases() {
        let (inner, sub) = match base {
            Expr::Subscript(s) => (&*s.value, Some(s)),
            e => (e, None),
        };
        let q = names.qualify(inner);
        let role = match (q.as_deref(), sub) {
            (Some("abc.ABC"), None) => Role::Abc,
            (Some("typing.Generic" | "typing_extensions.Generic"), Some(s)) => Role::Generic(
                file.slice(TextRange::new(s.value.end(), s.end()))
                    .to_string(),
            ),
            (Some("typing.Protocol" | "typing_extensions.Protocol"), _) => Role::Protocol,
            (Some(q), _) if ALLOWED_BASES.contains(&q) => Role::Allowed,
            _ => Role::Other,
        };
        if let Expr::Starred(_) = base {
            set(
                &mut problem,
                format!(
                    "class `{cname}` has starred bases; sturdy cannot tell whether they are protocols"
                ),
            );
        }
        match role {
            Role::Abc => info.candidate = true,
            Role::Protocol => info.explicit_protocol = true,
            Role::Other => info.deps.push((file.slice(base.range()).to_string(), q)),
            _ => {}
        }
        info.items.push(Item {
            range: base.range(),
            role,
            positional: true,
        });
    }
    for kw in class.keywords() {
        let is_meta = kw.arg.as_ref().is_some_and(|a| a.as_str() == "metaclass")
            && names.qualify(&kw.value).as_deref() == Some("abc.ABCMeta");
        if is_meta {
            info.candidate = true;
        }
        info.items.push(Item {
            range: kw.range(),
            role: if is_meta { Role::Meta } else { Role::Other },
            positional: false,
        });
    }
    if !info.candidate {
        return info;
    }
    if info.explicit_protocol {
        set(
            &mut problem,
            format!(
                "class `{cname}` already lists `Protocol` next to `ABC`/`ABCMeta`; remove the ABC part by hand"
            ),
        );
    }
    for kw in class.keywords() {
        let is_meta = kw.arg.as_ref().is_some_and(|a| a.as_str() == "metaclass")
            && names.qualify(&kw.value).as_deref() == Some("abc.ABCMeta");
        if !is_meta {
            set(
                &mut problem,
                format!(
                    "class `{cname}` passes the class keyword `{}`; a protocol's metaclass and `__init_subclass__` would receive it — convert by hand",
                    file.slice(kw.range())
                ),
            );
        }
    }
    for d in &class.decorator_list {
        if let Some(n) = decorator_name(names, &d.expression)
            && STATEFUL_CLASS_DECORATORS.contains(&n.as_str())
        {
            set(
                &mut problem,
                format!(
                    "class `{cname}` is decorated with `@{n}`, which generates state or changes the class; keep the ABC"
                ),
            );
        }
    }
    if class.type_params.is_some() {
        set(
            &mut problem,
            format!(
                "class `{cname}` uses PEP 695 type parameters; convert by hand (`class {cname}[T](Protocol)`)"
            ),
        );
    }
    // Class body.
    let mut has_abstract = false;
    for stmt in &class.body {
        match stmt {
            Stmt::FunctionDef(f) => {
                let fname = f.name.as_str();
                if matches!(fname, "__init__" | "__new__" | "__init_subclass__") {
                    set(
                        &mut problem,
                        format!(
                            "class `{cname}` defines `{fname}`: it is a base class with behaviour, not an interface; keep the ABC (or move the behaviour into the implementations)"
                        ),
                    );
                }
                if fname == "__subclasshook__" {
                    set(
                        &mut problem,
                        format!(
                            "class `{cname}` defines `__subclasshook__`, ABC machinery that `Protocol` replaces with its own structural check; keep the ABC"
                        ),
                    );
                }
                let decos: Vec<String> = f
                    .decorator_list
                    .iter()
                    .filter_map(|d| decorator_name(names, &d.expression))
                    .collect();
                if decos
                    .iter()
                    .any(|d| ABSTRACT_DECORATORS.contains(&d.as_str()))
                {
                    has_abstract = true;
                }
                if info.data_members.is_none()
                    && (decos.len() != f.decorator_list.len()
                        || decos
                            .iter()
                            .any(|d| !CALLABLE_DECORATORS.contains(&d.as_str())))
                {
                    info.data_members =
                        Some(format!("{fname} (a property or decorated attribute)"));
                }
                if let Some(me) = crate::util::first_param(f)
                    && let Some(attr) = assigns_attr(&f.body, me)
                {
                    set(
                        &mut problem,
                        format!(
                            "class `{cname}` assigns instance state (`{me}.{attr}` in `{fname}`): it is a base class with behaviour, not an interface; keep the ABC"
                        ),
                    );
                }
            }
            Stmt::Assign(a) => {
                for t in &a.targets {
                    if let Expr::Name(n) = t {
                        data_member(
                            &mut info,
                            &mut problem,
                            n.id.as_str(),
                            Some(&a.value),
                            cname,
                        );
                    } else if info.data_members.is_none() {
                        info.data_members = Some(file.slice(t.range()).to_string());
                    }
                }
            }
            Stmt::AnnAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    data_member(
                        &mut info,
                        &mut problem,
                        n.id.as_str(),
                        a.value.as_deref(),
                        cname,
                    );
                }
            }
            Stmt::Expr(_) | Stmt::Pass(_) | Stmt::ClassDef(_) => {}
            other => {
                if info.data_members.is_none() {
                    info.data_members = Some(format!(
                        "a `{}` statement",
                        file.slice(other.range())
                            .split_whitespace()
                            .next()
                            .unwrap_or("?")
                    ));
                }
            }
        }
    }
    if let Some(m) = abc_machinery(&class.body) {
        set(
            &mut problem,
            format!(
                "class `{cname}` uses ABC machinery (`{m}`), which protocols do not keep; keep the ABC"
            ),
        );
    }
    if !has_abstract {
        set(
            &mut problem,
            format!(
                "class `{cname}` has no abstract method, so it is a mixin or base class rather than an interface (ruff B024); add `@abstractmethod` to its interface methods first, or drop `ABC`"
            ),
        );
    }
    info.problem = problem;
    info
}

fn data_member(
    info: &mut ClassInfo,
    problem: &mut Option<String>,
    name: &str,
    value: Option<&Expr>,
    cname: &str,
) {
    match name {
        "__doc__" | "__module__" | "__qualname__" => {}
        "__slots__" => {
            let empty = match value {
                Some(Expr::Tuple(t)) => t.elts.is_empty(),
                Some(Expr::List(l)) => l.elts.is_empty(),
                _ => false,
            };
            if !empty && problem.is_none() {
                *problem = Some(format!(
                    "class `{cname}` declares non-empty `__slots__` (instance state): it is a base class, not an interface; keep the ABC"
                ));
            }
        }
        _ if name.starts_with("_abc_") => {
            if problem.is_none() {
                *problem = Some(format!(
                    "class `{cname}` uses ABC machinery (`{name}`), which protocols do not keep; keep the ABC"
                ));
            }
        }
        _ => {
            if info.data_members.is_none() {
                info.data_members = Some(name.to_string());
            }
        }
    }
}

/// The first attribute of `me` assigned or deleted in `body` (nested functions included).
fn assigns_attr(body: &[Stmt], me: &str) -> Option<String> {
    struct A<'m>(&'m str, Option<String>);
    impl<'b> Visitor<'b> for A<'_> {
        fn visit_expr(&mut self, e: &'b Expr) {
            if let Expr::Attribute(a) = e
                && a.ctx != ExprContext::Load
                && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == self.0)
                && self.1.is_none()
            {
                self.1 = Some(a.attr.to_string());
            }
            if let Expr::Call(c) = e
                && matches!(&*c.func, Expr::Name(n) if matches!(n.id.as_str(), "setattr" | "delattr"))
                && matches!(c.arguments.args.first(), Some(Expr::Name(n)) if n.id.as_str() == self.0)
                && self.1.is_none()
            {
                self.1 = Some("<setattr>".to_string());
            }
            visitor::walk_expr(self, e);
        }
    }
    let mut a = A(me, None);
    a.visit_body(body);
    a.1
}

/// A reference to `_abc_*` / `__abstractmethods__` inside the class body.
fn abc_machinery(body: &[Stmt]) -> Option<String> {
    struct M(Option<String>);
    impl<'b> Visitor<'b> for M {
        fn visit_expr(&mut self, e: &'b Expr) {
            let id = match e {
                Expr::Name(n) => Some(n.id.as_str()),
                Expr::Attribute(a) => Some(a.attr.as_str()),
                _ => None,
            };
            if let Some(id) = id
                && (id.starts_with("_abc_") || id == "__abstractmethods__")
                && self.0.is_none()
            {
                self.0 = Some(id.to_string());
            }
            visitor::walk_expr(self, e);
        }
    }
    let mut m = M(None);
    m.visit_body(body);
    m.0
}

/// Records runtime checks, escapes and `.register` receivers.
struct Indexer<'a, 'f> {
    file: &'a SourceFile,
    names: &'a Names,
    facts: &'f mut Facts,
    /// Inside an annotation or a subscript slice (type position).
    in_type: usize,
    /// Skip statements without the tokens the indexer acts on.
    prune: bool,
}

impl Indexer<'_, '_> {
    /// Whether `stmt` has no token the indexer could act on.
    fn nothing_in(&self, stmt: &Stmt) -> bool {
        let m = self.file.marks();
        let r = stmt.range();
        self.prune && !Marks::within(&m.class_uses, r)
    }

    fn add_names(&mut self, kind: &'static str, expr: &Expr, at: TextSize) {
        // Hot (every assignment and return is an escape): build the location only for
        // names not seen before.
        let mut loc: Option<String> = None;
        let (first, second) = self.names.simple_name_refs(expr);
        for n in first.into_iter().chain(second) {
            if !self.facts.has(kind, n) {
                let l = loc.get_or_insert_with(|| location(self.file, at)).clone();
                self.facts.add(kind, n, l);
            }
        }
    }

    /// The second argument of `isinstance`/`issubclass`, or a `match` class.
    fn runtime(&mut self, expr: &Expr, issubclass: bool) {
        let loc = location(self.file, expr.start());
        match expr {
            Expr::Tuple(t) => {
                for e in &t.elts {
                    self.runtime(e, issubclass);
                }
            }
            Expr::BinOp(b) => {
                // `(A, B) + extra`
                self.runtime(&b.left, issubclass);
                self.runtime(&b.right, issubclass);
            }
            Expr::Name(_) | Expr::Attribute(_) => {
                self.add_names(F_RUNTIME, expr, expr.start());
                if issubclass {
                    self.add_names(F_ISSUBCLASS, expr, expr.start());
                }
                let static_ref = self.names.qualify(expr).is_some()
                    || match expr {
                        Expr::Name(n) => {
                            let id = n.id.as_str();
                            BUILTIN_TYPES.contains(&id)
                                || id.starts_with(|c: char| c.is_uppercase())
                        }
                        _ => false,
                    };
                if let Expr::Name(n) = expr
                    && let Some(refs) = self.names.assigned.get(n.id.as_str())
                {
                    // `_TYPES = (A, B)` then `isinstance(x, _TYPES)`.
                    for r in refs.clone() {
                        self.facts.add(F_RUNTIME, r.clone(), loc.clone());
                        if issubclass {
                            self.facts.add(F_ISSUBCLASS, r, loc.clone());
                        }
                    }
                } else if issubclass && !static_ref {
                    self.facts.add(F_DYN_ISSUBCLASS, "*", loc);
                }
            }
            _ => {
                // Calls, subscripts...: record every name inside, and do not trust it.
                let mut refs = Vec::new();
                names_in(expr, &mut refs);
                for r in refs {
                    self.facts.add(F_RUNTIME, r.clone(), loc.clone());
                    if issubclass {
                        self.facts.add(F_ISSUBCLASS, r, loc.clone());
                    }
                }
                if issubclass {
                    self.facts.add(F_DYN_ISSUBCLASS, "*", loc);
                }
            }
        }
    }

    fn escape(&mut self, expr: &Expr) {
        // Only names that can be classes: CamelCase by convention, or a class of this
        // module. (Every assignment and return goes through here, in every file.)
        let maybe_class = match expr {
            Expr::Name(n) => {
                n.id.starts_with(|c: char| c.is_ascii_uppercase())
                    || self.names.classes.contains(n.id.as_str())
            }
            Expr::Attribute(a) => a.attr.starts_with(|c: char| c.is_ascii_uppercase()),
            _ => false,
        };
        if self.in_type == 0 && maybe_class {
            self.add_names(F_ESCAPE, expr, expr.start());
        }
    }
}

impl<'a> Visitor<'a> for Indexer<'a, '_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.nothing_in(stmt) {
            return;
        }
        match stmt {
            Stmt::Assign(a) => self.escape(&a.value),
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.escape(v);
                }
            }
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.escape(v);
                }
            }
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_annotation(&mut self, expr: &'a Expr) {
        self.in_type += 1;
        visitor::walk_annotation(self, expr);
        self.in_type -= 1;
    }

    fn visit_pattern(&mut self, pattern: &'a Pattern) {
        if let Pattern::MatchClass(m) = pattern {
            self.runtime(&m.cls, false);
        }
        visitor::walk_pattern(self, pattern);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Call(c) => {
                let func = match &*c.func {
                    Expr::Name(n) => n.id.as_str(),
                    Expr::Attribute(a) => a.attr.as_str(),
                    _ => "",
                };
                if matches!(func, "isinstance" | "issubclass") && c.arguments.args.len() >= 2 {
                    self.runtime(&c.arguments.args[1], func == "issubclass");
                } else if func == "register" {
                    if let Expr::Attribute(a) = &*c.func
                        && matches!(self.names.qualify(&a.value).as_deref(), Some("abc.ABCMeta"))
                        && let Some(first) = c.arguments.args.first()
                    {
                        self.add_names(F_REGISTER, first, c.start());
                    }
                } else if !matches!(func, "cast" | "TypeVar" | "NewType" | "super" | "type") {
                    for a in &c.arguments.args {
                        self.escape(a);
                    }
                    for k in &c.arguments.keywords {
                        self.escape(&k.value);
                    }
                }
            }
            Expr::Attribute(a) if a.attr.as_str() == "register" => {
                self.add_names(F_REGISTER, &a.value, a.start());
            }
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.escape(e)),
            Expr::List(l) => l.elts.iter().for_each(|e| self.escape(e)),
            Expr::Set(s) => s.elts.iter().for_each(|e| self.escape(e)),
            Expr::Dict(d) => {
                for item in &d.items {
                    if let Some(k) = &item.key {
                        self.escape(k);
                    }
                    self.escape(&item.value);
                }
            }
            Expr::Subscript(s) => {
                self.visit_expr(&s.value);
                self.in_type += 1;
                self.visit_expr(&s.slice);
                self.in_type -= 1;
                return;
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}

/// Run-time view of whether a qualified class is (or becomes) a protocol.
fn is_protocol(facts: &Facts, key: &str, seen: &mut Vec<String>) -> bool {
    let mut key = key.to_string();
    for _ in 0..5 {
        if facts.get_by_suffix(F_NOT_PROTO, &key).is_some() {
            return false;
        }
        if facts.get(F_PROTO, &key).is_some() {
            return true;
        }
        if let Some(v) = facts.get(F_CAND, &key) {
            if seen.contains(&key) {
                return false;
            }
            seen.push(key.clone());
            let (flags, deps) = v.split_once(';').unwrap_or(("", ""));
            let simple = key.rsplit('.').next().unwrap_or(&key);
            if global_problem(facts, simple, flags.contains('d')).is_some() {
                return false;
            }
            return deps
                .split(',')
                .filter(|d| !d.is_empty())
                .all(|d| d != "?" && is_protocol(facts, d, seen));
        }
        match facts.get_by_suffix(F_REEXPORT, &key) {
            Some(target) => key = target.to_string(),
            None => return false,
        }
    }
    false
}

/// Reasons from other files not to convert the class named `name`.
fn global_problem(facts: &Facts, name: &str, data: bool) -> Option<String> {
    if let Some(loc) = facts.get(F_REGISTER, name) {
        return Some(format!(
            "class `{name}` is used with `.register()` at {loc} (virtual subclasses), which protocols do not support; keep the ABC, or make the registered classes satisfy the protocol and drop the call"
        ));
    }
    if data && let Some(loc) = facts.get(F_ISSUBCLASS, name) {
        return Some(format!(
            "class `{name}` is used with `issubclass()` at {loc} and declares data members; `issubclass()` raises TypeError for protocols with non-method members — make them methods or keep the ABC"
        ));
    }
    if data
        && facts.get(F_ESCAPE, name).is_some()
        && let Some(loc) = facts.get(F_DYN_ISSUBCLASS, "*")
    {
        return Some(format!(
            "class `{name}` declares data members and is passed around as a value, while `issubclass()` is called with a class sturdy cannot resolve (e.g. {loc}); `issubclass()` raises TypeError for protocols with non-method members — make them methods or keep the ABC"
        ));
    }
    if let Some(loc) = facts.get(F_KW_SUBCLASS, name) {
        return Some(format!(
            "a subclass of `{name}` passes class keywords or a custom metaclass ({loc}); with `Protocol`'s metaclass this may conflict — keep the ABC"
        ));
    }
    if let Some(loc) = facts.get(F_MIXED, name) {
        return Some(format!(
            "`{name}` is listed before another base class in {loc}; `Protocol`'s `__init__` stops the `super().__init__()` chain before that base — keep the ABC, or list `{name}` last"
        ));
    }
    None
}

/// What to do with one converted class.
struct Plan<'a> {
    info: ClassInfo<'a>,
    runtime: bool,
}

#[allow(clippy::too_many_lines)]
fn convert_file(cx: &mut Context) {
    let file = cx.file;
    let facts = cx.facts;
    let names = Names::new(file);
    let mut classes = Vec::new();
    collect_classes(file.suite(), true, &mut classes);
    let mut plans: Vec<Plan> = Vec::new();
    for (class, top) in classes {
        let info = analyze(file, &names, class, top);
        if !info.candidate {
            continue;
        }
        let cname = class.name.as_str();
        let at = class.name.start();
        if let Some(p) = &info.problem {
            cx.skip(at, p.clone());
            continue;
        }
        // Facts are keyed by simple name; also check the imported-as names? The class's
        // own name is what other files use (aliases are resolved when recording).
        if let Some(p) = global_problem(facts, cname, info.data_members.is_some()) {
            cx.skip(at, p);
            continue;
        }
        let bad_dep = info.deps.iter().find(|(_, key)| {
            key.as_ref()
                .is_none_or(|k| !is_protocol(facts, k, &mut Vec::new()))
        });
        if let Some((text, _)) = bad_dep {
            cx.skip(
                at,
                format!(
                    "class `{cname}` has the base `{text}`, which is not a protocol (nor an ABC interface converted in this run); protocols can only inherit from protocols — convert `{text}` first or keep the ABC"
                ),
            );
            continue;
        }
        if let Err(msg) = check_syntax(file, class) {
            cx.skip(at, format!("class `{cname}`: {msg}"));
            continue;
        }
        let runtime = facts.get(F_RUNTIME, cname).is_some()
            || facts.get(F_ESCAPE, cname).is_some()
            || ships_native_code(&file.path);
        plans.push(Plan { info, runtime });
    }
    if plans.is_empty() {
        return;
    }
    // Imports: one set of identical edits for the whole file.
    let need_rc = plans.iter().any(|p| p.runtime);
    let wanted: Vec<&str> = if need_rc {
        vec!["Protocol", "runtime_checkable"]
    } else {
        vec!["Protocol"]
    };
    // Below Python 3.8 `Protocol` lives in `typing_extensions`.
    let typing = if cx.options.target_version.is_some_and(|v| v < (3, 8)) {
        "typing_extensions"
    } else {
        "typing"
    };
    let bound = bound_names(file, typing);
    let conflict = wanted.iter().any(|w| {
        bound.contains(*w) && imports::find_from_import(file, typing, w).as_deref() != Some(*w)
    });
    let imported = if conflict {
        if bound.contains(typing) && imports::find_module_import(file, typing).is_none() {
            for p in &plans {
                cx.skip(
                    p.info.class.name.start(),
                    format!(
                        "class `{}`: the names `Protocol`/`runtime_checkable` and `{typing}` are already used for something else in this file; rename them, then re-run",
                        p.info.class.name
                    ),
                );
            }
            return;
        }
        imports::ensure(file, typing, &wanted, Style::Module)
    } else {
        imports::ensure(file, typing, &wanted, Style::From)
    };
    let protocol = imported.exprs[0].clone();
    let rc = imported.exprs.get(1).cloned();
    let mut edits: Vec<Edit> = Vec::new();
    if let Some(e) = imported.edit {
        edits.push(e);
    }
    // Class edits, and the references they remove.
    let mut removed_refs: Vec<TextRange> = Vec::new();
    let strip = cx.options.strip_abstractmethod;
    let nl = file.newline();
    for plan in &plans {
        let info = &plan.info;
        let class = info.class;
        // Where `Protocol` goes: it must stay the last positional base.
        let last_pos = info.items.iter().rposition(|i| i.positional);
        let meta = info.items.iter().position(|i| matches!(i.role, Role::Meta));
        let generic = info.items.iter().find_map(|i| match &i.role {
            Role::Generic(s) => Some(s.clone()),
            _ => None,
        });
        let proto_text = format!("{protocol}{}", generic.unwrap_or_default());
        let removable = |i: &Item| matches!(i.role, Role::Abc | Role::Meta | Role::Generic(_));
        let replace_idx = match last_pos {
            Some(k) if removable(&info.items[k]) => Some(k),
            _ => meta,
        };
        let ranges: Vec<TextRange> = info.items.iter().map(|i| i.range).collect();
        let remove: Vec<bool> = info
            .items
            .iter()
            .enumerate()
            .map(|(k, i)| removable(i) && Some(k) != replace_idx)
            .collect();
        for (k, item) in info.items.iter().enumerate() {
            if removable(item) {
                removed_refs.push(item.range);
            }
            if Some(k) == replace_idx {
                edits.push(Edit::replace(item.range, proto_text.clone()));
            }
        }
        if replace_idx.is_none() {
            let k = last_pos.expect("a candidate without ABC base has a metaclass keyword");
            edits.push(Edit::insert(
                info.items[k].range.end(),
                format!(", {proto_text}"),
            ));
        }
        edits.extend(delete_items(file, &ranges, &remove));
        // @runtime_checkable above the class and its decorators.
        if plan.runtime
            && let Some(rc) = &rc
        {
            let line_start = file.text.line_start(class.start());
            let indent = &file.text[TextRange::new(line_start, class.start())];
            edits.push(Edit::insert(line_start, format!("{indent}@{rc}{nl}")));
        }
        if strip {
            for stmt in &class.body {
                if let Stmt::FunctionDef(f) = stmt {
                    for d in &f.decorator_list {
                        let q = names.qualify(&d.expression);
                        if q.as_deref() == Some("abc.abstractmethod")
                            && alone_on_lines(file, d.range())
                            && !file.text[file.text.full_lines_range(d.range())].contains('#')
                        {
                            removed_refs.push(d.expression.range());
                            edits.push(Edit::delete(file.text.full_lines_range(d.range())));
                        }
                    }
                }
            }
        }
    }
    edits.extend(import_removals(file, &names, &removed_refs));
    cx.change(edits);
}

/// Syntax shapes the range edits rely on: every class argument is followed by `,`
/// or by the closing parenthesis (no parenthesized bases).
fn check_syntax(file: &SourceFile, class: &StmtClassDef) -> Result<(), String> {
    let Some(args) = &class.arguments else {
        return Err("no class arguments".to_string());
    };
    let close = args.end() - TextSize::from(1);
    for item in class
        .bases()
        .iter()
        .map(Ranged::range)
        .chain(class.keywords().iter().map(Ranged::range))
    {
        let next = SimpleTokenizer::starts_at(item.end(), &file.text)
            .skip_trivia()
            .next();
        match next {
            Some(t) if t.kind() == SimpleTokenKind::Comma => {}
            Some(t) if t.kind() == SimpleTokenKind::RParen && t.start() == close => {}
            _ => return Err("a base is written in parentheses; remove them and re-run".to_string()),
        }
    }
    if indentation_of(file, class.start()).is_none() {
        return Err("the class shares its line with other code".to_string());
    }
    Ok(())
}

fn indentation_of(file: &SourceFile, at: TextSize) -> Option<&str> {
    let s = &file.text[TextRange::new(file.text.line_start(at), at)];
    s.trim().is_empty().then_some(s)
}

/// Every name bound anywhere in the file, except by `from typing import`.
fn bound_names(file: &SourceFile, typing: &str) -> HashSet<String> {
    struct B<'t>(HashSet<String>, &'t str);
    impl<'b> Visitor<'b> for B<'_> {
        fn visit_stmt(&mut self, s: &'b Stmt) {
            match s {
                Stmt::ClassDef(c) => {
                    self.0.insert(c.name.to_string());
                }
                Stmt::FunctionDef(f) => {
                    self.0.insert(f.name.to_string());
                }
                Stmt::Import(i) => {
                    for a in &i.names {
                        let local = a.asname.as_ref().map_or_else(
                            || a.name.split('.').next().unwrap_or_default().to_string(),
                            ToString::to_string,
                        );
                        self.0.insert(local);
                    }
                }
                Stmt::ImportFrom(f)
                    if f.module.as_ref().is_none_or(|m| m.as_str() != self.1) || f.level > 0 =>
                {
                    for a in &f.names {
                        self.0
                            .insert(a.asname.as_ref().unwrap_or(&a.name).to_string());
                    }
                }
                _ => {}
            }
            visitor::walk_stmt(self, s);
        }
        fn visit_expr(&mut self, e: &'b Expr) {
            if let Expr::Name(n) = e
                && n.ctx != ExprContext::Load
            {
                self.0.insert(n.id.to_string());
            }
            visitor::walk_expr(self, e);
        }
        fn visit_parameter(&mut self, p: &'b ast::Parameter) {
            self.0.insert(p.name.to_string());
            visitor::walk_parameter(self, p);
        }
    }
    let mut b = B(HashSet::new(), typing);
    b.visit_body(file.suite());
    b.0
}

/// Name loads of `name` in the file, outside `removed` ranges.
fn remaining_uses(file: &SourceFile, name: &str, removed: &[TextRange]) -> usize {
    struct U<'n>(&'n str, &'n [TextRange], usize);
    impl<'b> Visitor<'b> for U<'_> {
        fn visit_expr(&mut self, e: &'b Expr) {
            if let Expr::Name(n) = e
                && n.id.as_str() == self.0
                && !self.1.iter().any(|r| r.contains_range(n.range()))
            {
                self.2 += 1;
            }
            visitor::walk_expr(self, e);
        }
    }
    let mut u = U(name, removed, 0);
    u.visit_body(file.suite());
    // A re-export through `__all__` (or any string naming it) keeps the import.
    if file.text.contains(&format!("\"{name}\"")) || file.text.contains(&format!("'{name}'")) {
        u.2 += 1;
    }
    u.2
}

/// Remove `ABC`, `ABCMeta` (and `abstractmethod` when stripped) from `from abc
/// import ...`, and `import abc`, when nothing uses them any more.
fn import_removals(file: &SourceFile, _names: &Names, removed: &[TextRange]) -> Vec<Edit> {
    let mut edits = Vec::new();
    for stmt in file.suite() {
        match stmt {
            Stmt::ImportFrom(f)
                if f.level == 0 && f.module.as_ref().is_some_and(|m| m.as_str() == "abc") =>
            {
                let remove: Vec<bool> = f
                    .names
                    .iter()
                    .map(|a| {
                        matches!(a.name.as_str(), "ABC" | "ABCMeta" | "abstractmethod")
                            && remaining_uses(
                                file,
                                a.asname.as_ref().unwrap_or(&a.name).as_str(),
                                removed,
                            ) == 0
                    })
                    .collect();
                if !remove.iter().any(|r| *r) {
                    continue;
                }
                if remove.iter().all(|r| *r) {
                    if let Some(e) = delete_statement(file, stmt.range()) {
                        edits.push(e);
                    }
                } else {
                    let ranges: Vec<TextRange> = f.names.iter().map(Ranged::range).collect();
                    edits.extend(delete_items(file, &ranges, &remove));
                }
            }
            Stmt::ImportFrom(f)
                if f.level == 0 && f.module.as_ref().is_some_and(|m| m.as_str() == "typing") =>
            {
                // `Generic` replaced by `Protocol[T]`; only when other names stay, since
                // `Protocol` may be appended to this very statement.
                let remove: Vec<bool> = f
                    .names
                    .iter()
                    .map(|a| {
                        a.name.as_str() == "Generic"
                            && remaining_uses(
                                file,
                                a.asname.as_ref().unwrap_or(&a.name).as_str(),
                                removed,
                            ) == 0
                    })
                    .collect();
                if remove.iter().any(|r| *r) && !remove.iter().all(|r| *r) {
                    let ranges: Vec<TextRange> = f.names.iter().map(Ranged::range).collect();
                    edits.extend(delete_items(file, &ranges, &remove));
                }
            }
            Stmt::Import(i) if i.names.len() == 1 && i.names[0].name.as_str() == "abc" => {
                let local = i.names[0].asname.as_ref().map_or("abc", |a| a.as_str());
                if remaining_uses(file, local, removed) == 0
                    && let Some(e) = delete_statement(file, stmt.range())
                {
                    edits.push(e);
                }
            }
            _ => {}
        }
    }
    edits
}

/// Delete a whole statement's lines, when it is alone on them (a trailing comment
/// stays on its own line).
fn delete_statement(file: &SourceFile, range: TextRange) -> Option<Edit> {
    let lines = file.text.full_lines_range(range);
    let before = &file.text[TextRange::new(lines.start(), range.start())];
    let after = file.text[TextRange::new(range.end(), lines.end())].trim();
    if !before.trim().is_empty() {
        return None;
    }
    if after.is_empty() {
        return Some(Edit::delete(lines));
    }
    if after.starts_with('#') {
        let comment = range.end()
            + TextSize::try_from(file.text[range.end().to_usize()..].find('#')?).ok()?;
        return Some(Edit::delete(TextRange::new(range.start(), comment)));
    }
    None
}

fn comma_after(file: &SourceFile, at: TextSize) -> Option<TextRange> {
    SimpleTokenizer::starts_at(at, &file.text)
        .skip_trivia()
        .next()
        .filter(|t| t.kind() == SimpleTokenKind::Comma)
        .map(|t| t.range())
}

fn has_comment(file: &SourceFile, range: TextRange) -> bool {
    file.comment_ranges().any(|c| range.contains_range(c))
}

/// Edits deleting the items flagged in `remove` from a comma-separated list (class
/// arguments or imported names), keeping comments. At least one item must stay.
fn delete_items(file: &SourceFile, items: &[TextRange], remove: &[bool]) -> Vec<Edit> {
    let text = &file.text;
    let mut edits = Vec::new();
    let n = items.len();
    // A trailing run of removed items with no comma after the last one.
    let trailing_from = {
        let mut k = n;
        while k > 0 && remove[k - 1] {
            k -= 1;
        }
        if k < n && comma_after(file, items[n - 1].end()).is_none() && k > 0 {
            Some(k)
        } else {
            None
        }
    };
    let with_comma = |edits: &mut Vec<Edit>, item: TextRange, comma: TextRange| {
        let line_start = text.line_start(item.start());
        let before = &text[TextRange::new(line_start, item.start())];
        let line_end = text.line_end(comma.end());
        let rest = &text[TextRange::new(comma.end(), line_end)];
        if before.trim().is_empty() && rest.trim().is_empty() {
            edits.push(Edit::delete(TextRange::new(
                line_start,
                text.full_line_end(comma.end()),
            )));
        } else if rest.trim().is_empty() {
            let ws = before.len() - before.trim_end().len();
            let start = item.start() - TextSize::try_from(ws).unwrap_or_default();
            edits.push(Edit::delete(TextRange::new(start, comma.end())));
        } else {
            let ws = rest.len() - rest.trim_start().len();
            let end = comma.end() + TextSize::try_from(ws).unwrap_or_default();
            edits.push(Edit::delete(TextRange::new(item.start(), end)));
        }
    };
    for k in 0..n {
        if !remove[k] || trailing_from.is_some_and(|t| k >= t) {
            continue;
        }
        if let Some(c) = comma_after(file, items[k].end()) {
            with_comma(&mut edits, items[k], c);
        }
    }
    if let Some(t) = trailing_from {
        let Some(prev_comma) = comma_after(file, items[t - 1].end()) else {
            return edits;
        };
        let whole = TextRange::new(prev_comma.start(), items[n - 1].end());
        if !has_comment(file, whole) {
            edits.push(Edit::delete(whole));
        } else {
            edits.push(Edit::delete(prev_comma));
            for &item in &items[t..n] {
                match comma_after(file, item.end()) {
                    Some(c) => with_comma(&mut edits, item, c),
                    None => {
                        let line_start = text.line_start(item.start());
                        let before = &text[TextRange::new(line_start, item.start())];
                        let rest = &text[TextRange::new(item.end(), text.line_end(item.end()))];
                        if before.trim().is_empty() && rest.trim().is_empty() {
                            edits.push(Edit::delete(TextRange::new(
                                line_start,
                                text.full_line_end(item.end()),
                            )));
                        } else {
                            edits.push(Edit::delete(item));
                        }
                    }
                }
            }
        }
    }
    edits
}

/// Whether the package holding `path` (the outermost directory chain with
/// `__init__.py`) ships compiled extension modules. Their `isinstance` calls are
/// invisible to sturdy, so every converted class there gets `@runtime_checkable`.
fn ships_native_code(path: &str) -> bool {
    use std::path::{Path, PathBuf};
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, bool>>> = OnceLock::new();

    fn scan(dir: &Path, depth: usize) -> bool {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return false;
        };
        // The entry's type comes with the directory listing: no `stat` per file.
        entries.filter_map(Result::ok).any(|e| {
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                depth < 8 && scan(&e.path(), depth + 1)
            } else {
                Path::new(&e.file_name())
                    .extension()
                    .is_some_and(|x| x == "so" || x == "pyd" || x == "dylib")
            }
        })
    }

    let mut dir = match Path::new(path).parent() {
        Some(d) if d.join("__init__.py").is_file() => d.to_path_buf(),
        _ => return false,
    };
    while let Some(parent) = dir.parent() {
        if parent.join("__init__.py").is_file() {
            dir = parent.to_path_buf();
        } else {
            break;
        }
    }
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(v) = cache.lock().ok().and_then(|c| c.get(&dir).copied()) {
        return v;
    }
    let v = scan(&dir, 0);
    if let Ok(mut c) = cache.lock() {
        c.insert(dir, v);
    }
    v
}
