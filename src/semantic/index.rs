//! Gather one module's [`ModuleFacts`]: its bindings, every class (at any depth) with
//! resolved bases, and every attribute store, in one walk over its statements
//! (expressions are only entered for `setattr(...)`/`delattr(...)` calls, when the
//! module names one of them).

use ruff_python_ast::statement_visitor::{StatementVisitor, walk_stmt};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextSize};

use std::sync::Arc;

use super::bindings::Bindings;
use ruff_python_ast::name::Name;

use super::{
    ANY_NAME, AttrStore, Base, ClassInfo, Dunder, Location, Member, MemberKind, ModuleFacts,
};

/// Index one parsed module. `line` maps an offset to its 1-based line; `path` is
/// the path shown in locations.
pub fn index_module(
    module: &str,
    is_package: bool,
    path: &str,
    text: &str,
    body: &[Stmt],
    line: &dyn Fn(TextSize) -> usize,
) -> ModuleFacts {
    let bindings = Bindings::collect(module, is_package, body);
    let setattr = if text.contains("setattr") || text.contains("delattr") {
        Setattrs::Anywhere
    } else {
        Setattrs::Nowhere
    };
    index_module_with(&bindings, module, Arc::from(path), setattr, body, line)
}

/// Where a module may call `setattr` or `delattr` (where it names them).
#[derive(Clone, Copy)]
pub(crate) enum Setattrs<'m> {
    /// Nowhere.
    Nowhere,
    /// In any statement.
    Anywhere,
    /// In the statements that hold one of these offsets (of the names).
    At(&'m [TextSize]),
}

/// [`index_module`] with the module's bindings already collected.
pub(crate) fn index_module_with(
    bindings: &Bindings,
    module: &str,
    path: Arc<str>,
    setattr: Setattrs<'_>,
    body: &[Stmt],
    line: &dyn Fn(TextSize) -> usize,
) -> ModuleFacts {
    let mut ix = Indexer {
        bindings,
        path,
        module_function: None,
        line,
        scopes: Vec::new(),
        facts: ModuleFacts {
            module: module.into(),
            ..ModuleFacts::default()
        },
        setattr,
    };
    ix.visit_body(body);
    let mut facts = ix.facts;
    facts.bindings = bindings.names.clone();
    facts.stars = bindings.stars.clone();
    facts
}

/// An enclosing scope of the walk.
enum Scope<'a> {
    /// A class body: its qualified name.
    Class(Arc<str>),
    /// A function: its definition, the class whose method it is (an index into the
    /// scopes), the classes defined directly in it (simple name → qualified name),
    /// and its name as its attribute stores share it (made by the first).
    Function {
        def: &'a ast::StmtFunctionDef,
        method_of: Option<usize>,
        locals: Vec<(&'a str, Arc<str>)>,
        name: Option<Arc<str>>,
    },
}

struct Indexer<'a, 'b> {
    bindings: &'b Bindings,
    /// The path shown in locations, shared by them.
    path: Arc<str>,
    /// `<module>`, the function name of module-level stores (made by the first).
    module_function: Option<Arc<str>>,
    line: &'b dyn Fn(TextSize) -> usize,
    scopes: Vec<Scope<'a>>,
    facts: ModuleFacts,
    setattr: Setattrs<'b>,
}

impl<'a> Indexer<'a, '_> {
    fn location(&self, at: TextSize) -> Location {
        Location::at(self.path.clone(), (self.line)(at))
    }

    /// The qualified name of scope `i` (only built when a class is defined in it),
    /// with room for `extra` more bytes.
    fn scope_qual(&self, i: usize, extra: usize) -> String {
        match &self.scopes[i] {
            Scope::Class(q) => joined(&[q], extra),
            Scope::Function { def, .. } => {
                let name = def.name.as_str();
                let extra = 1 + name.len() + extra;
                let mut q = if i == 0 {
                    joined(&[&self.bindings.module], extra)
                } else {
                    match &self.scopes[i - 1] {
                        Scope::Class(q) => joined(&[q], extra),
                        Scope::Function { .. } => {
                            let mut q = self.scope_qual(i - 1, LOCALS.len() + extra);
                            q.push_str(LOCALS);
                            q
                        }
                    }
                };
                q.push('.');
                q.push_str(name);
                q
            }
        }
    }

    /// The qualified name of `name` defined here.
    fn qualify(&self, name: &str) -> String {
        let extra = 1 + name.len();
        let mut q = match self.scopes.last() {
            None => joined(&[&self.bindings.module], extra),
            Some(Scope::Class(q)) => joined(&[q], extra),
            Some(Scope::Function { .. }) => {
                let mut q = self.scope_qual(self.scopes.len() - 1, LOCALS.len() + extra);
                q.push_str(LOCALS);
                q
            }
        };
        q.push('.');
        q.push_str(name);
        q
    }

    fn resolve(&self, e: &Expr) -> Base {
        // Names bound in the nearest enclosing function are looked up there: a class
        // defined in it, or (parameters) unknown.
        let local = |name: &str| -> Option<Option<Box<str>>> {
            for s in self.scopes.iter().rev() {
                if let Scope::Function { def, locals, .. } = s {
                    if let Some((_, q)) = locals.iter().rev().find(|(n, _)| *n == name) {
                        return Some(Some((**q).into()));
                    }
                    let p = &def.parameters;
                    let is_param = p
                        .iter_non_variadic_params()
                        .any(|p| p.parameter.name.as_str() == name)
                        || [&p.vararg, &p.kwarg]
                            .into_iter()
                            .flatten()
                            .any(|p| p.name.as_str() == name);
                    return is_param.then_some(None);
                }
            }
            None
        };
        self.bindings.resolve_with(e, &local)
    }

    #[inline(never)]
    fn class(&mut self, c: &'a ast::StmtClassDef) {
        let qual = self.qualify(&c.name);
        let mut bases = Vec::new();
        let mut metaclass = None;
        let mut other_keywords = false;
        if let Some(args) = &c.arguments {
            for a in &args.args {
                bases.push(match a {
                    Expr::Starred(_) => Base::Unknown("*bases".into()),
                    e => self.resolve(e),
                });
            }
            for k in &args.keywords {
                match k.arg.as_deref() {
                    Some("metaclass") => metaclass = Some(self.resolve(&k.value)),
                    Some(_) => other_keywords = true,
                    None => bases.push(Base::Unknown("**kwargs".into())),
                }
            }
        }
        let decorators = c
            .decorator_list
            .iter()
            .map(|d| self.resolve(ruff_python_ast::helpers::map_callable(&d.expression)))
            .collect();
        let mut defines = 0u16;
        let mut data_members = false;
        // What other files' candidates ask of a class: the methods a subclass may
        // override (of a class with a base), and the names that may be descriptors.
        let mut members = Vec::new();
        let line = self.line;
        let with_base = has_base(c);
        for_each_data_name(c, &mut |name, at| {
            members.push(Member::new(name, MemberKind::Data, line(at)));
        });
        for s in &c.body {
            let mut define = |name: &str| {
                if let Some(d) = Dunder::of(name) {
                    defines |= d.bit();
                }
            };
            match s {
                Stmt::FunctionDef(f) => {
                    define(&f.name);
                    if with_base {
                        members.push(Member::new(
                            f.name.as_str(),
                            MemberKind::Method,
                            line(f.start()),
                        ));
                    }
                    if f.decorator_list.iter().any(|d| {
                        let e = ruff_python_ast::helpers::map_callable(&d.expression);
                        matches!(e, Expr::Name(n) if n.id.as_str() == "property" || n.id.as_str() == "abstractproperty" || n.id.as_str() == "cached_property")
                            || matches!(e, Expr::Attribute(a) if a.attr.as_str() == "setter" || a.attr.as_str() == "abstractproperty" || a.attr.as_str() == "cached_property")
                    }) {
                        data_members = true;
                    }
                }
                Stmt::Assign(a) => {
                    for t in &a.targets {
                        if let Expr::Name(n) = t {
                            define(&n.id);
                        }
                    }
                    data_members = true;
                }
                Stmt::AnnAssign(a) => {
                    if let Expr::Name(n) = &*a.target {
                        define(&n.id);
                    }
                    data_members = true;
                }
                _ => {}
            }
        }
        // A class bound in a function body is local to it.
        if let Some(Scope::Function { locals, .. }) = self.scopes.last_mut() {
            locals.push((c.name.as_str(), Arc::from(qual.as_str())));
        }
        self.facts.add_class(ClassInfo {
            qualname: qual.clone().into(),
            bases,
            metaclass,
            other_keywords,
            decorators,
            defines,
            data_members,
            location: self.location(c.start()),
            members,
        });
        self.scopes.push(Scope::Class(qual.into()));
        self.visit_body(&c.body);
        self.scopes.pop();
    }

    fn function(&mut self, f: &'a ast::StmtFunctionDef) {
        let method_of = match self.scopes.last() {
            Some(Scope::Class(_)) => Some(self.scopes.len() - 1),
            _ => None,
        };
        self.scopes.push(Scope::Function {
            def: f,
            method_of,
            locals: Vec::new(),
            name: None,
        });
        self.visit_body(&f.body);
        self.scopes.pop();
    }

    /// Record a store to `e` when it is an attribute.
    fn target(&mut self, e: &Expr) {
        match e {
            Expr::Attribute(a) => self.store(&a.attr, &a.value, a.start()),
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.target(e)),
            Expr::List(l) => l.elts.iter().for_each(|e| self.target(e)),
            Expr::Starred(s) => self.target(&s.value),
            _ => {}
        }
    }

    fn store(&mut self, attr: &str, receiver: &Expr, at: TextSize) {
        let location = self.location(at);
        let innermost = self
            .scopes
            .iter()
            .enumerate()
            .rev()
            .find_map(|(k, s)| match s {
                Scope::Function { def, method_of, .. } => Some((k, *def, *method_of)),
                Scope::Class(_) => None,
            });
        let (function, on_self_of) = match innermost {
            Some((k, def, method_of)) => {
                let p = &def.parameters;
                let first = p.posonlyargs.iter().chain(&p.args).next();
                let on_self = matches!((receiver, first), (Expr::Name(n), Some(f)) if f.parameter.name.as_str() == n.id.as_str());
                let class = match method_of {
                    Some(i) if on_self => match &self.scopes[i] {
                        Scope::Class(q) => Some(q.clone()),
                        Scope::Function { .. } => None,
                    },
                    _ => None,
                };
                let function = match &mut self.scopes[k] {
                    Scope::Function { name, .. } => name
                        .get_or_insert_with(|| Arc::from(def.name.as_str()))
                        .clone(),
                    Scope::Class(_) => Arc::from(def.name.as_str()),
                };
                (function, class)
            }
            None => {
                let function = self
                    .module_function
                    .get_or_insert_with(|| Arc::from("<module>"));
                (function.clone(), None)
            }
        };
        let store = AttrStore {
            on_self_of,
            function,
            location,
        };
        match self.facts.attr_stores.get_mut(attr) {
            Some(v) => v.push(store),
            None => {
                self.facts.attr_stores.insert(attr.into(), vec![store]);
            }
        }
    }
}

impl<'a> StatementVisitor<'a> for Indexer<'a, '_> {
    fn visit_body(&mut self, body: &'a [Stmt]) {
        // Most statements record nothing (calls, returns, imports, `pass`...): pass
        // them over here, without a call. `visit_stmt` acts on the rest, and on
        // expression and return statements when the module names `setattr`/`delattr`.
        let setattr = !matches!(self.setattr, Setattrs::Nowhere | Setattrs::At([]));
        for stmt in body {
            match stmt {
                Stmt::ClassDef(_)
                | Stmt::FunctionDef(_)
                | Stmt::Assign(_)
                | Stmt::AugAssign(_)
                | Stmt::AnnAssign(_)
                | Stmt::Delete(_)
                | Stmt::For(_)
                | Stmt::With(_)
                | Stmt::While(_)
                | Stmt::If(_)
                | Stmt::Match(_)
                | Stmt::Try(_) => self.visit_stmt(stmt),
                Stmt::Expr(_) | Stmt::Return(_) if setattr => self.visit_stmt(stmt),
                _ => {}
            }
        }
    }

    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::ClassDef(c) => return self.class(c),
            Stmt::FunctionDef(f) => return self.function(f),
            Stmt::Assign(a) => a.targets.iter().for_each(|t| self.target(t)),
            Stmt::AugAssign(a) => self.target(&a.target),
            Stmt::AnnAssign(a) if a.value.is_some() => self.target(&a.target),
            Stmt::Delete(d) => d.targets.iter().for_each(|t| self.target(t)),
            Stmt::For(f) => self.target(&f.target),
            Stmt::With(w) => {
                for item in &w.items {
                    if let Some(v) = &item.optional_vars {
                        self.target(v);
                    }
                }
            }
            _ => {}
        }
        // Only these statements' own expressions are searched for calls.
        let setattr = matches!(stmt, Stmt::Expr(_) | Stmt::Assign(_) | Stmt::Return(_))
            && match self.setattr {
                Setattrs::Nowhere => false,
                Setattrs::Anywhere => true,
                Setattrs::At(names) => crate::source::Marks::within(names, stmt.range()),
            };
        if setattr {
            let mut calls = SetattrCalls(Vec::new());
            match stmt {
                Stmt::Expr(e) => calls.visit_expr(&e.value),
                Stmt::Assign(a) => calls.visit_expr(&a.value),
                Stmt::Return(r) => {
                    if let Some(v) = &r.value {
                        calls.visit_expr(v);
                    }
                }
                _ => {}
            }
            for (attr, receiver, at) in calls.0 {
                self.store(&attr, receiver, at);
            }
        }
        // Only these hold statements (classes and functions are walked above).
        if matches!(
            stmt,
            Stmt::For(_)
                | Stmt::While(_)
                | Stmt::If(_)
                | Stmt::With(_)
                | Stmt::Match(_)
                | Stmt::Try(_)
        ) {
            walk_stmt(self, stmt);
        }
    }
}

/// What a function's scope adds to the qualified names defined in it.
const LOCALS: &str = ".<locals>";

/// `parts` joined, in a string with room for `extra` more bytes.
pub(super) fn joined(parts: &[&str], extra: usize) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum::<usize>() + extra);
    parts.iter().for_each(|p| s.push_str(p));
    s
}

/// `setattr(x, "attr", …)` and `delattr(x, "attr")` calls with a literal name.
struct SetattrCalls<'a>(Vec<(String, &'a Expr, TextSize)>);

impl<'a> Visitor<'a> for SetattrCalls<'a> {
    fn visit_expr(&mut self, e: &'a Expr) {
        if let Expr::Call(c) = e
            && let Expr::Name(f) = &*c.func
            && matches!(f.id.as_str(), "setattr" | "delattr")
            && let [receiver, Expr::StringLiteral(s), ..] = &*c.arguments.args
        {
            self.0
                .push((s.value.to_str().to_string(), receiver, c.start()));
        }
        visitor::walk_expr(self, e);
    }
}

/// Class-level names bound with a value that may be a data descriptor (whose
/// `__set__`/`__delete__` would run on `self.name = ...` / `del self.name`):
/// assignments (tuple targets included) and decorated methods, with where each is
/// bound (not those of constants). A compound statement at class level (`if`, `try`,
/// `for`, ...) may bind anything: [`ANY_NAME`]. Plain methods and nested classes are
/// no data descriptors; annotations alone bind nothing.
pub(crate) fn data_names(class: &ast::StmtClassDef) -> Vec<(String, TextSize)> {
    let mut out = Vec::new();
    for_each_data_name(class, &mut |name, at| out.push((name.to_string(), at)));
    out
}

/// [`data_names`], one name at a time.
fn for_each_data_name(class: &ast::StmtClassDef, f: &mut dyn FnMut(&Name, TextSize)) {
    fn targets(t: &Expr, at: TextSize, f: &mut dyn FnMut(&Name, TextSize)) {
        match t {
            Expr::Name(n) => f(&n.id, at),
            Expr::Tuple(t) => t.elts.iter().for_each(|e| targets(e, at, f)),
            Expr::List(l) => l.elts.iter().for_each(|e| targets(e, at, f)),
            Expr::Starred(s) => targets(&s.value, at, f),
            _ => {}
        }
    }
    for s in &class.body {
        let at = s.start();
        match s {
            // A constant is no descriptor.
            Stmt::Assign(a) if !is_constant(&a.value) => {
                a.targets.iter().for_each(|t| targets(t, at, f));
            }
            Stmt::AnnAssign(a) if a.value.as_deref().is_some_and(|v| !is_constant(v)) => {
                targets(&a.target, at, f);
            }
            Stmt::AugAssign(a) => targets(&a.target, at, f),
            Stmt::FunctionDef(d) if !d.decorator_list.is_empty() => f(&d.name.id, at),
            Stmt::If(_)
            | Stmt::Try(_)
            | Stmt::For(_)
            | Stmt::While(_)
            | Stmt::With(_)
            | Stmt::Match(_)
            | Stmt::Import(_)
            | Stmt::ImportFrom(_) => f(&Name::new_static(ANY_NAME), at),
            _ => {}
        }
    }
}

/// A value whose evaluation runs no code and cannot fail: literals, and tuples,
/// lists and dicts of them.
pub(crate) fn is_constant(e: &Expr) -> bool {
    match e {
        Expr::NoneLiteral(_)
        | Expr::BooleanLiteral(_)
        | Expr::NumberLiteral(_)
        | Expr::StringLiteral(_)
        | Expr::BytesLiteral(_)
        | Expr::EllipsisLiteral(_) => true,
        Expr::Tuple(t) => t.elts.iter().all(is_constant),
        Expr::List(l) => l.elts.iter().all(is_constant),
        Expr::Dict(d) => d
            .items
            .iter()
            .all(|i| i.key.as_ref().is_some_and(is_constant) && is_constant(&i.value)),
        _ => false,
    }
}

/// Whether a class statement names a base other than `object` (keywords aside).
pub(crate) fn has_base(c: &ast::StmtClassDef) -> bool {
    c.bases()
        .iter()
        .any(|b| !matches!(b, Expr::Name(n) if n.id.as_str() == "object"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(src: &str) -> ModuleFacts {
        let parsed = ruff_python_parser::parse_module(src).unwrap();
        index_module("pkg.m", false, "pkg/m.py", src, parsed.suite(), &|_| 1)
    }

    /// The unit tests parse in arenas (see `crate::arena`), poisoned when given back:
    /// a member name that shared the parse's allocation would read garbage here.
    #[test]
    fn member_names_outlive_the_parse_they_come_from() {
        let src = "class A(Base):\n    a_method_with_a_long_name = property(f)\n    def another_long_method_name(self): ...\n";
        let file = crate::source::SourceFile::parse("m.py", src.to_string()).unwrap();
        let f = file.module_facts();
        drop(file);
        // Parses that take the chunks back.
        for _ in 0..4 {
            let other = "x_long_name_of_a_variable = 1\n".repeat(500);
            drop(crate::source::SourceFile::parse("n.py", other).unwrap());
        }
        let (_, a) = f.classes.iter().next().expect("one class");
        let names: Vec<&str> = a.members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            ["a_method_with_a_long_name", "another_long_method_name"]
        );
    }

    #[test]
    fn classes_bases_dunders_and_stores() {
        let f = facts(
            "import io\nfrom .base import Base\nclass A(io.IOBase, metaclass=Meta):\n    x = 1\n    def __del__(self):\n        pass\n    def close(self, other):\n        self.fd = None\n        other.fd = 2\nclass B(A, Base):\n    pass\ndef f():\n    class L(A):\n        pass\n    setattr(obj, 'fd', 3)\n",
        );
        let a = &f.classes["pkg.m.A"];
        assert_eq!(a.bases, vec![Base::Qual("io.IOBase".into())]);
        assert!(matches!(a.metaclass, Some(Base::Unknown(_))));
        assert!(a.defines(Dunder::DEL) && !a.defines(Dunder::INIT) && a.data_members);
        let b = &f.classes["pkg.m.B"];
        assert_eq!(
            b.bases,
            vec![
                Base::Qual("pkg.m.A".into()),
                Base::Qual("pkg.base.Base".into())
            ]
        );
        assert_eq!(
            f.classes["pkg.m.f.<locals>.L"].bases,
            vec![Base::Qual("pkg.m.A".into())]
        );
        let stores = &f.attr_stores["fd"];
        assert_eq!(stores.len(), 3);
        assert_eq!(stores[0].on_self_of.as_deref(), Some("pkg.m.A"));
        assert_eq!(&*stores[0].function, "close");
        assert_eq!(stores[1].on_self_of, None);
        assert_eq!(&*stores[2].function, "f");
    }

    /// `delattr` alone, and `setattr` spelt with a space before `(`, are stores too
    /// (the module was only searched for the text `setattr(`).
    #[test]
    fn delattr_alone_and_spaced_setattr_are_stores() {
        let src = "def f(obj):\n    delattr(obj, 'fd')\n    setattr (obj, 'sock', None)\n";
        let file = crate::source::SourceFile::parse("m.py", src.to_string()).unwrap();
        for f in [file.module_facts(), facts(src)] {
            assert_eq!(f.attr_stores["fd"].len(), 1);
            assert_eq!(f.attr_stores["sock"].len(), 1);
            assert_eq!(&*f.attr_stores["fd"][0].function, "f");
        }
    }

    /// What other files' candidates ask of a class: the methods of a class with a
    /// base (a subclass's overrides), and the class-level names that may be data
    /// descriptors (a compound statement stands for any name), each where it is.
    #[test]
    fn members_say_where_a_class_binds_a_name() {
        let src = "class A:\n    def close(self):\n        pass\n    x = 1\n    y = make()\nclass B(A):\n    def close(self):\n        pass\n    @property\n    def fd(self):\n        pass\n    if FLAG:\n        z = 2\nclass C(object):\n    def close(self):\n        pass\n";
        let parsed = ruff_python_parser::parse_module(src).unwrap();
        let lines = ruff_source_file::LineIndex::from_source_text(src);
        let line = |at| lines.line_index(at).get();
        let f = index_module("pkg.m", false, "pkg/m.py", src, parsed.suite(), &line);
        let (a, b, c) = (
            &f.classes["pkg.m.A"],
            &f.classes["pkg.m.B"],
            &f.classes["pkg.m.C"],
        );
        let at = |c: &ClassInfo, kind, name| c.member(kind, name).map(|l| l.to_string());
        // Without a base (or with `object` only), no method is something to override.
        assert_eq!(at(a, MemberKind::Method, "close"), None);
        assert_eq!(at(c, MemberKind::Method, "close"), None);
        assert_eq!(
            at(b, MemberKind::Method, "close").as_deref(),
            Some("pkg/m.py:7")
        );
        // A decorated method is where its first decorator is.
        assert_eq!(
            at(b, MemberKind::Method, "fd").as_deref(),
            Some("pkg/m.py:9")
        );
        // A constant is no descriptor; a call's result and a decorated method may be.
        assert_eq!(at(a, MemberKind::Data, "x"), None);
        assert_eq!(at(a, MemberKind::Data, "y").as_deref(), Some("pkg/m.py:5"));
        assert_eq!(at(b, MemberKind::Data, "fd").as_deref(), Some("pkg/m.py:9"));
        assert_eq!(at(b, MemberKind::Data, "close"), None);
        assert_eq!(
            at(b, MemberKind::Data, ANY_NAME).as_deref(),
            Some("pkg/m.py:12")
        );
    }

    /// A class defined twice (in two files of one module name) has both bodies'
    /// members, each located in its own file.
    #[test]
    fn a_class_defined_twice_keeps_each_members_file() {
        let index = |path: &str, src: &str| {
            let parsed = ruff_python_parser::parse_module(src).unwrap();
            let lines = ruff_source_file::LineIndex::from_source_text(src);
            let line = |at| lines.line_index(at).get();
            index_module("pkg.m", false, path, src, parsed.suite(), &line)
        };
        let mut project = super::super::ProjectFacts::default();
        project.add(index(
            "a/m.py",
            "class B(A):\n    def open(self):\n        pass\n",
        ));
        project.add(index(
            "b/m.py",
            "\nclass B(A):\n    def close(self):\n        pass\n",
        ));
        let b = &project.classes["pkg.m.B"];
        let at = |name| b.member(MemberKind::Method, name).map(|l| l.to_string());
        assert_eq!(at("open").as_deref(), Some("a/m.py:2"));
        assert_eq!(at("close").as_deref(), Some("b/m.py:3"));
    }

    /// Two workers' facts, each with its own class table: a class both define is
    /// merged into one entry (the first worker's definition first), the others stay
    /// in their table and are all found.
    #[test]
    fn merged_workers_keep_one_entry_per_class() {
        let index = |module: &str, path: &str, src: &str| {
            let parsed = ruff_python_parser::parse_module(src).unwrap();
            let lines = ruff_source_file::LineIndex::from_source_text(src);
            let line = |at| lines.line_index(at).get();
            index_module(module, false, path, src, parsed.suite(), &line)
        };
        let mut first = super::super::ProjectFacts::default();
        first.add(index(
            "pkg.m",
            "a/m.py",
            "class B(A):\n    def open(self):\n        pass\nclass Only1:\n    pass\n",
        ));
        let mut second = super::super::ProjectFacts::default();
        second.add(index(
            "pkg.m",
            "b/m.py",
            "\nclass B(A):\n    def close(self):\n        pass\n",
        ));
        second.add(index("pkg.n", "n.py", "class Only2:\n    pass\n"));
        let mut project = super::super::ProjectFacts::default();
        project.merge(first);
        project.merge(second);
        assert_eq!(project.classes.len(), 3);
        let b = &project.classes["pkg.m.B"];
        let at = |name| b.member(MemberKind::Method, name).map(|l| l.to_string());
        assert_eq!(at("open").as_deref(), Some("a/m.py:2"));
        assert_eq!(at("close").as_deref(), Some("b/m.py:3"));
        assert!(project.classes.get("pkg.m.Only1").is_some());
        assert!(project.classes.get("pkg.n.Only2").is_some());
        assert!(project.classes.get("pkg.n.Missing").is_none());
        let mut names: Vec<&str> = project.classes.iter().map(|(q, _)| &**q).collect();
        names.sort_unstable();
        assert_eq!(names, ["pkg.m.B", "pkg.m.Only1", "pkg.n.Only2"]);
    }
}
