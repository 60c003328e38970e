//! Callees that are classes whose signature may differ from what they accept.
//!
//! `inspect.signature(cls)` is what the helper filters by. For a class that declares
//! its signature itself (`__signature__`: pydantic models and pydantic dataclasses,
//! whose `__init__(self, /, **data)` validates every key, aliases and
//! `validation_alias` included, and rejects extras under `extra='forbid'`), or whose
//! metaclass or decorator may make it accept other keys than it declares, filtering
//! drops keys the class accepts, or keys it must reject. The helper itself passes
//! every key to a callee with a `__signature__`, so a rewrite of such a call changes
//! nothing (a no-op); a class whose hierarchy cannot be resolved may be one, so its
//! call is not rewritten either (a diagnostic).

use ruff_python_ast::{Expr, Stmt, StmtClassDef};

use crate::codemods::Facts;
use crate::semantic::bindings::Bindings;
use crate::semantic::{Lookup as Found, hierarchy::Hierarchy};
use crate::util::dotted;

use super::resolve::{Lookup, Names};

/// What a class callee is, for filtering by its signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ClassCallee {
    /// It (or an ancestor) declares its own signature, validates keys itself or comes
    /// from a model library: `why` says which class makes it so.
    Declared { callee: String, why: String },
    /// Cannot tell: `why` says what does not resolve.
    Unknown { callee: String, why: String },
}

/// Packages whose classes (models) accept or reject keys themselves, whatever
/// `inspect.signature` shows: their models declare a signature (`__signature__`),
/// validate aliases, or are built by a metaclass.
const MODEL_PACKAGES: &[&str] = &[
    "pydantic",
    "pydantic_core",
    "sqlmodel",
    "attr",
    "attrs",
    "msgspec",
    "marshmallow",
    "marshmallow_dataclass",
    "beanie",
    "odmantic",
    "mongoengine",
    "ormar",
];

/// Class decorators and metaclasses that keep a class's signature what its
/// `__init__` says.
const PLAIN: &[&str] = &[
    "dataclasses.dataclass",
    "typing.final",
    "typing_extensions.final",
    "typing.runtime_checkable",
    "typing_extensions.runtime_checkable",
    "functools.total_ordering",
    "builtins.type",
    "abc.ABCMeta",
    "typing.dataclass_transform",
    "typing_extensions.dataclass_transform",
    "typing.disjoint_base",
    "typing_extensions.disjoint_base",
    "typing.type_check_only",
    "typing_extensions.type_check_only",
];

fn model_package(qual: &str) -> Option<&'static str> {
    let top = qual.split('.').next().unwrap_or_default();
    MODEL_PACKAGES.iter().copied().find(|p| *p == top)
}

/// Looks a class callee up: the enclosing functions and the module first, then the
/// project, the standard library and the environment.
pub(crate) struct Classes<'f> {
    facts: &'f Facts,
    file: &'f crate::source::SourceFile,
}

impl<'f> Classes<'f> {
    pub(crate) fn new(facts: &'f Facts, file: &'f crate::source::SourceFile) -> Self {
        Self { facts, file }
    }

    fn bindings(&self) -> &'f Bindings {
        self.file.bindings()
    }

    /// Whether `func`, when called, may be a class whose signature is not what it
    /// accepts. `None` when it is not a class as far as the module shows, or a class
    /// whose signature is its `__init__`'s.
    pub(crate) fn check<'a>(&self, names: &dyn Names<'a>, func: &'a Expr) -> Option<ClassCallee> {
        let callee = dotted(func)?;
        let verdict = |r: Verdict| match r {
            Verdict::Plain => None,
            Verdict::Declared(why) => Some(ClassCallee::Declared {
                callee: callee.clone(),
                why,
            }),
            Verdict::Unknown(why) => Some(ClassCallee::Unknown {
                callee: callee.clone(),
                why,
            }),
        };
        match func {
            Expr::Name(n) => {
                let id = n.id.as_str();
                if let Some((class, first, true)) = names.method_context()
                    && first == id
                {
                    // `cls(**data)` in a classmethod: the class (or a subclass).
                    return verdict(self.stmt_class(names, class, 0));
                }
                match names.lookup(id) {
                    Lookup::Class(c) => verdict(self.stmt_class(names, c, 0)),
                    Lookup::Import(q) => verdict(self.qual(&self.absolute(&q), true)),
                    Lookup::Values(v) => match v.as_slice() {
                        [Expr::Call(c)] => {
                            let made_by = self.resolve_expr(names, &c.func)?;
                            model_package(&made_by).map(|p| ClassCallee::Declared {
                                callee: callee.clone(),
                                why: format!("a {p} model made by `{made_by}(...)`"),
                            })
                        }
                        _ => None,
                    },
                    _ => None,
                }
            }
            Expr::Attribute(a) => {
                let Expr::Name(receiver) = &*a.value else {
                    return None;
                };
                match names.lookup(receiver.id.as_str()) {
                    Lookup::Import(q) => {
                        let q = format!("{}.{}", self.absolute(&q), a.attr);
                        verdict(self.qual(&q, true))
                    }
                    Lookup::Class(c) => {
                        // A nested class: `Outer.Inner(**data)`.
                        let inner = c.body.iter().find_map(|s| match s {
                            Stmt::ClassDef(i) if i.name.as_str() == a.attr.as_str() => Some(i),
                            _ => None,
                        })?;
                        verdict(self.stmt_class(names, inner, 0))
                    }
                    // `import pkg` and `import pkg.sub` both bind `pkg`.
                    Lookup::Other => verdict(self.qual(&self.resolve_expr(names, func)?, true)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// An import's target as an absolute name (`.models.User` → `pkg.models.User`).
    fn absolute(&self, q: &str) -> String {
        let mut level = q.chars().take_while(|c| *c == '.').count();
        if level == 0 {
            return q.to_string();
        }
        // `from . import x` is recorded as `..x`: one dot joins the module and the name.
        if !q[level..].contains('.') {
            level -= 1;
        }
        let rest = q[level..].trim_start_matches('.');
        let level = u32::try_from(level).unwrap_or(u32::MAX);
        let (module, name) = match rest.rsplit_once('.') {
            Some((m, n)) => (Some(m), n),
            None => (None, rest),
        };
        match self.bindings().from_module(level, module) {
            Some(m) => format!("{m}.{name}"),
            None => q.to_string(),
        }
    }

    /// A decorator, base or metaclass expression as a qualified name.
    fn resolve_expr<'a>(&self, names: &dyn Names<'a>, e: &'a Expr) -> Option<String> {
        let e = match e {
            Expr::Call(c) => &*c.func,
            Expr::Subscript(s) => &*s.value,
            e => e,
        };
        let head = {
            let mut h = e;
            while let Expr::Attribute(a) = h {
                h = &a.value;
            }
            match h {
                Expr::Name(n) => n.id.as_str(),
                _ => return None,
            }
        };
        match names.lookup(head) {
            Lookup::Import(q) => {
                let q = self.absolute(&q);
                let text = dotted(e)?;
                Some(match text.split_once('.') {
                    Some((_, rest)) => format!("{q}.{rest}"),
                    None => q,
                })
            }
            Lookup::Param | Lookup::Values(_) | Lookup::Def(_) => None,
            // Module-level imports the local index gives up on (`import pkg` and
            // `import pkg.sub` both bind `pkg`), classes and builtins.
            _ => self.bindings().resolve(e).qual().map(str::to_string),
        }
    }

    /// A class statement of this file.
    fn stmt_class<'a>(
        &self,
        names: &dyn Names<'a>,
        class: &'a StmtClassDef,
        depth: usize,
    ) -> Verdict {
        if depth > 8 {
            return Verdict::Unknown(format!("the hierarchy of `{}` is too deep", class.name));
        }
        if class.body.iter().any(binds_signature) {
            return Verdict::Declared(format!("`{}` sets `__signature__`", class.name));
        }
        for d in &class.decorator_list {
            let shown = dotted(match &d.expression {
                Expr::Call(c) => &c.func,
                e => e,
            })
            .unwrap_or_else(|| "...".to_string());
            match self.resolve_expr(names, &d.expression) {
                Some(q) if PLAIN.contains(&q.as_str()) => {}
                Some(q) if model_package(&q).is_some() => {
                    return Verdict::Declared(format!("`{}` is decorated with `{q}`", class.name));
                }
                _ => {
                    return Verdict::Unknown(format!(
                        "`{}` is decorated with `{shown}`, which may give it another signature",
                        class.name
                    ));
                }
            }
        }
        for k in class.keywords() {
            if k.arg.as_ref().is_some_and(|a| a.as_str() == "metaclass") {
                match self.resolve_expr(names, &k.value) {
                    Some(q) if PLAIN.contains(&q.as_str()) => {}
                    Some(q) if model_package(&q).is_some() => {
                        return Verdict::Declared(format!(
                            "`{}` has the metaclass `{q}`",
                            class.name
                        ));
                    }
                    _ => {
                        return Verdict::Unknown(format!(
                            "`{}` has the metaclass `{}`, which may give it another signature",
                            class.name,
                            dotted(&k.value).unwrap_or_else(|| "...".to_string())
                        ));
                    }
                }
            }
        }
        for base in class.bases() {
            let inner = match base {
                Expr::Subscript(s) => &*s.value,
                e => e,
            };
            if let Expr::Name(n) = inner
                && let Lookup::Class(c) = names.lookup(n.id.as_str())
            {
                match self.stmt_class(names, c, depth + 1) {
                    Verdict::Plain => continue,
                    v => return v,
                }
            }
            let Some(q) = self.resolve_expr(names, base) else {
                return Verdict::Unknown(format!(
                    "the base `{}` of `{}` cannot be resolved",
                    dotted(inner).unwrap_or_else(|| "...".to_string()),
                    class.name
                ));
            };
            match self.qual(&q, false) {
                Verdict::Plain => {}
                v => return v,
            }
        }
        Verdict::Plain
    }

    /// A class by qualified name (`maybe_function`: the name may also be a function,
    /// which is unknown only when it is named like a class).
    fn qual(&self, q: &str, maybe_function: bool) -> Verdict {
        if let Some(p) = model_package(q) {
            return Verdict::Declared(format!("`{q}` comes from {p}"));
        }
        let h: Hierarchy<'_> = self.facts.hierarchy();
        match h.lookup(q) {
            Found::Class(c, _) => match h.mro(c) {
                // A model base decides even when another base does not resolve.
                Err(why) => match model_ancestor(&h, c) {
                    Some((base, p)) => {
                        Verdict::Declared(format!("`{}` derives from `{base}` ({p})", c.qualname))
                    }
                    None => Verdict::Unknown(why),
                },
                Ok(mro) => {
                    for k in mro {
                        if let Some(p) = model_package(&k.qualname) {
                            return Verdict::Declared(format!(
                                "`{}` derives from `{}` ({p})",
                                c.qualname, k.qualname
                            ));
                        }
                        let plain = |b: &crate::semantic::Base| {
                            b.qual().is_some_and(|q| PLAIN.contains(&q))
                        };
                        if let Some(m) = &k.metaclass
                            && !plain(m)
                        {
                            return match m.qual().and_then(model_package) {
                                Some(p) => Verdict::Declared(format!(
                                    "`{}` has the metaclass `{}` ({p})",
                                    k.qualname,
                                    m.shown()
                                )),
                                None => Verdict::Unknown(format!(
                                    "`{}` has the metaclass `{}`, which may give it another signature",
                                    k.qualname,
                                    m.shown()
                                )),
                            };
                        }
                        if let Some(d) = k.decorators.iter().find(|d| !plain(d)) {
                            return Verdict::Unknown(format!(
                                "`{}` is decorated with `{}`, which may give it another signature",
                                k.qualname,
                                d.shown()
                            ));
                        }
                    }
                    Verdict::Plain
                }
            },
            Found::Pending | Found::Unknown(_) if maybe_function && !class_like(q) => {
                Verdict::Plain
            }
            Found::Pending => Verdict::Unknown(format!("`{q}` is not resolved yet")),
            Found::Unknown(why) if why.is_empty() => {
                Verdict::Unknown(format!("`{q}` cannot be resolved"))
            }
            Found::Unknown(why) => Verdict::Unknown(why),
        }
    }
}

/// A base, direct or not, from a model package (as far as the bases resolve).
fn model_ancestor(
    h: &Hierarchy<'_>,
    class: &crate::semantic::ClassInfo,
) -> Option<(String, &'static str)> {
    let mut todo = vec![(class.bases.clone(), 0)];
    while let Some((bases, depth)) = todo.pop() {
        for b in bases {
            let Some(q) = b.qual() else { continue };
            if let Some(p) = model_package(q) {
                return Some((q.to_string(), p));
            }
            if depth < 16
                && let Found::Class(c, _) = h.lookup(q)
            {
                todo.push((c.bases.clone(), depth + 1));
            }
        }
    }
    None
}

enum Verdict {
    Plain,
    Declared(String),
    Unknown(String),
}

/// Named like a class: `CapWords` (not `ALL_CAPS`).
fn class_like(q: &str) -> bool {
    let name = q.rsplit('.').next().unwrap_or(q).trim_start_matches('_');
    name.chars().next().is_some_and(char::is_uppercase) && name.chars().any(char::is_lowercase)
}

/// `__signature__ = ...` (or annotated) in a class body.
fn binds_signature(stmt: &Stmt) -> bool {
    let is = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == "__signature__");
    match stmt {
        Stmt::Assign(a) => a.targets.iter().any(is),
        Stmt::AnnAssign(a) => is(&a.target),
        Stmt::FunctionDef(f) => f.name.as_str() == "__signature__",
        _ => false,
    }
}

/// Whether some `**` call of `file` may call a class whose facts live in other
/// modules: its callee is named like a class, is `cls`, `type(...)` or `x.__class__`,
/// or has the name of a class defined in this file (whose bases may be elsewhere).
/// Calls that a check of their own module leaves alone (forwarding the function's
/// own `**kwargs`, a test module, …: [`super::analyze::undecided_locally`]) do not
/// count, whatever their callee. Only such files wait for the project's facts; the
/// others are decided at once (a
/// callee in another module then resolves as it would without the project: a name
/// not like a class is a function), which keeps a `--select all` run from holding or
/// re-parsing every file that has a `**` call.
pub(crate) fn needs_project_classes(file: &crate::source::SourceFile) -> bool {
    let mut undecided: Option<Vec<ruff_text_size::TextRange>> = None;
    needs_project_classes_among(file, &mut |call| {
        undecided
            .get_or_insert_with(|| super::analyze::undecided_locally(file))
            .contains(&call)
    })
}

/// [`needs_project_classes`], counting only the calls `undecided` says yes for.
fn needs_project_classes_among(
    file: &crate::source::SourceFile,
    undecided: &mut dyn FnMut(ruff_text_size::TextRange) -> bool,
) -> bool {
    use ruff_python_ast::statement_visitor::{StatementVisitor, walk_stmt};
    use ruff_python_ast::visitor::{Visitor, walk_expr, walk_stmt as walk};
    use ruff_text_size::{Ranged, TextRange, TextSize};

    struct Classes<'a>(Vec<&'a str>);
    impl<'a> StatementVisitor<'a> for Classes<'a> {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if let Stmt::ClassDef(c) = stmt {
                self.0.push(c.name.as_str());
            }
            walk_stmt(self, stmt);
        }
    }
    /// Only the statements and expressions around a `**` (the marks) are entered.
    struct Calls<'a, 'u> {
        suite: &'a [Stmt],
        /// Whether a call's decision is not made by its own module's checks.
        undecided: &'u mut dyn FnMut(TextRange) -> bool,
        /// The classes the file defines, gathered when a call needs them.
        local: Option<Vec<&'a str>>,
        unpacks: &'a [TextSize],
        found: bool,
    }
    impl Calls<'_, '_> {
        fn marked(&self, range: TextRange) -> bool {
            crate::source::Marks::within(self.unpacks, range)
        }
    }
    impl<'a> Visitor<'a> for Calls<'a, '_> {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if !self.found && self.marked(stmt.range()) {
                walk(self, stmt);
            }
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            if self.found || !self.marked(expr.range()) {
                return;
            }
            if let Expr::Call(call) = expr
                && call.arguments.keywords.iter().any(|k| k.arg.is_none())
            {
                let name = match &*call.func {
                    Expr::Name(n) => Some(n.id.as_str()),
                    Expr::Attribute(a) => Some(a.attr.as_str()),
                    Expr::Call(_) => Some("type"),
                    _ => None,
                };
                if let Some(name) = name
                    && (class_like(name)
                        || matches!(name, "cls" | "type" | "__class__")
                        || self
                            .local
                            .get_or_insert_with(|| {
                                let mut classes = Classes(Vec::new());
                                classes.visit_body(self.suite);
                                classes.0
                            })
                            .contains(&name))
                    && (self.undecided)(call.range())
                {
                    self.found = true;
                    return;
                }
            }
            walk_expr(self, expr);
        }
    }
    let mut calls = Calls {
        suite: file.suite(),
        undecided,
        local: None,
        unpacks: &file.marks().unpacks,
        found: false,
    };
    calls.visit_body(file.suite());
    calls.found
}
