//! What one class looks like from its own file: whether it is a candidate (`ABC`
//! base or `metaclass=ABCMeta`), the role of each class argument, its data members,
//! and the local reasons not to convert it.

use ruff_python_ast::statement_visitor::{StatementVisitor, walk_stmt};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, ExprContext, Stmt, StmtClassDef};
use ruff_python_trivia::{SimpleTokenKind, SimpleTokenizer};
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::Skip;
use crate::semantic::Base;
use crate::semantic::bindings::Bindings;
use crate::source::SourceFile;

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
pub(crate) const ALLOWED_BASES: &[&str] = &[
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

/// Whether `qual` names `typing.Protocol` (or `typing_extensions`').
pub(crate) fn is_protocol_name(qual: &str) -> bool {
    matches!(qual, "typing.Protocol" | "typing_extensions.Protocol")
}

/// The role of one item in a candidate's class arguments.
#[derive(Debug, Clone)]
pub(crate) enum Role {
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

/// One class argument (a base or a keyword) and its role.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub(crate) range: TextRange,
    pub(crate) role: Role,
    pub(crate) positional: bool,
}

/// A class of the file, with its qualified name (as the semantic layer spells it).
pub(crate) struct Class<'a> {
    pub(crate) def: &'a StmtClassDef,
    pub(crate) qual: String,
}

/// Every class of the module (at any depth), with qualified names.
#[cfg(test)]
pub(crate) fn classes<'a>(module: &str, body: &'a [Stmt]) -> Vec<Class<'a>> {
    walk_classes(module, body, None)
}

/// Every class of `file` (at any depth), with qualified names.
pub(crate) fn classes_of(file: &crate::source::SourceFile) -> Vec<Class<'_>> {
    walk_classes(
        &file.module,
        file.suite(),
        Some(&file.marks().class_keywords),
    )
}

/// The classes of `body`, entering only statements with one of `class_keywords` (the
/// offsets of every `class` keyword) when given.
fn walk_classes<'a>(
    module: &str,
    body: &'a [Stmt],
    class_keywords: Option<&[ruff_text_size::TextSize]>,
) -> Vec<Class<'a>> {
    struct Walk<'a, 'm> {
        /// The qualified name of the scope being walked.
        prefix: String,
        class_keywords: Option<&'m [ruff_text_size::TextSize]>,
        out: Vec<Class<'a>>,
    }
    impl<'a> StatementVisitor<'a> for Walk<'a, '_> {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if self
                .class_keywords
                .is_some_and(|m| !crate::source::Marks::within(m, stmt.range()))
            {
                return;
            }
            let len = self.prefix.len();
            match stmt {
                Stmt::ClassDef(c) => {
                    self.prefix.push('.');
                    self.prefix.push_str(&c.name);
                    self.out.push(Class {
                        def: c,
                        qual: self.prefix.clone(),
                    });
                    self.visit_body(&c.body);
                }
                Stmt::FunctionDef(f) => {
                    self.prefix.push('.');
                    self.prefix.push_str(&f.name);
                    self.prefix.push_str(".<locals>");
                    self.visit_body(&f.body);
                }
                _ => walk_stmt(self, stmt),
            }
            self.prefix.truncate(len);
        }
    }
    let mut w = Walk {
        prefix: module.to_string(),
        class_keywords,
        out: Vec::new(),
    };
    w.visit_body(body);
    w.out
}

/// A candidate as its own file shows it.
pub(crate) struct Shape {
    pub(crate) items: Vec<Item>,
    /// The first member that may not be a method (class attribute, property, a
    /// method with a decorator sturdy does not know...), if any.
    pub(crate) data_members: Option<String>,
    /// The first member that surely is not a method (class attribute, annotation,
    /// property), if any: `issubclass()` against the protocol would raise.
    pub(crate) non_method: Option<String>,
    /// Other bases, in order.
    pub(crate) deps: Vec<Dep>,
}

/// A base that must be a protocol for the class to become one.
pub(crate) struct Dep {
    /// Its source text.
    pub(crate) text: String,
    /// As the module's bindings resolve it.
    pub(crate) base: Base,
    /// Its position among the class's positional bases.
    pub(crate) index: usize,
}

/// `None` when `class` is not a candidate; else its shape, or the first local reason
/// not to convert it.
pub(crate) fn shape(
    file: &SourceFile,
    bindings: &Bindings,
    class: &StmtClassDef,
) -> Option<Result<Shape, Skip>> {
    let qualify = |e: &Expr| bindings.resolve(e).qual().map(str::to_string);
    let is_meta = |k: &ruff_python_ast::Keyword| {
        k.arg.as_ref().is_some_and(|a| a.as_str() == "metaclass")
            && qualify(&k.value).as_deref() == Some("abc.ABCMeta")
    };
    // Most classes are no candidate: tell before looking at anything else.
    let abc_base =
        |e: &Expr| !e.is_subscript_expr() && bindings.resolve(e).qual() == Some("abc.ABC");
    if !class.bases().iter().any(abc_base) && !class.keywords().iter().any(is_meta) {
        return None;
    }
    let cname = class.name.to_string();
    let mut shape = Shape {
        items: Vec::new(),
        data_members: None,
        non_method: None,
        deps: Vec::new(),
    };
    let mut candidate = false;
    let mut explicit_protocol = false;
    let mut problem: Option<Skip> = None;
    let set = |p: &mut Option<Skip>, s: Skip| {
        if p.is_none() {
            *p = Some(s);
        }
    };
    for (index, base) in class.bases().iter().enumerate() {
        let (inner, sub) = match base {
            Expr::Subscript(s) => (&*s.value, Some(s)),
            e => (e, None),
        };
        let q = qualify(inner);
        let role = match (q.as_deref(), sub) {
            (Some("abc.ABC"), None) => Role::Abc,
            (Some("typing.Generic" | "typing_extensions.Generic"), Some(s)) => Role::Generic(
                file.slice(TextRange::new(s.value.end(), s.end()))
                    .to_string(),
            ),
            (Some(p), _) if is_protocol_name(p) => Role::Protocol,
            (Some(q), _) if ALLOWED_BASES.contains(&q) => Role::Allowed,
            _ => Role::Other,
        };
        if let Expr::Starred(_) = base {
            set(
                &mut problem,
                Skip::StarredBases {
                    class: cname.clone(),
                },
            );
        }
        match role {
            Role::Abc => candidate = true,
            Role::Protocol => explicit_protocol = true,
            Role::Other => shape.deps.push(Dep {
                text: file.slice(base.range()).to_string(),
                base: bindings.resolve(base),
                index,
            }),
            _ => {}
        }
        shape.items.push(Item {
            range: base.range(),
            role,
            positional: true,
        });
    }
    for kw in class.keywords() {
        let meta = is_meta(kw);
        candidate |= meta;
        shape.items.push(Item {
            range: kw.range(),
            role: if meta { Role::Meta } else { Role::Other },
            positional: false,
        });
    }
    if !candidate {
        return None;
    }
    if explicit_protocol {
        set(
            &mut problem,
            Skip::AlreadyProtocol {
                class: cname.clone(),
            },
        );
    }
    for kw in class.keywords() {
        if !is_meta(kw) {
            set(
                &mut problem,
                Skip::ClassKeyword {
                    class: cname.clone(),
                    keyword: file.slice(kw.range()).to_string(),
                },
            );
        }
    }
    for d in &class.decorator_list {
        if let Some(n) = decorator_name(bindings, &d.expression)
            && STATEFUL_CLASS_DECORATORS.contains(&n.as_str())
        {
            set(
                &mut problem,
                Skip::StatefulDecorator {
                    class: cname.clone(),
                    decorator: n,
                },
            );
        }
    }
    if class.type_params.is_some() {
        set(
            &mut problem,
            Skip::TypeParams {
                class: cname.clone(),
            },
        );
    }
    let mut has_abstract = false;
    for stmt in &class.body {
        match stmt {
            Stmt::FunctionDef(f) => {
                let fname = f.name.as_str();
                if matches!(fname, "__init__" | "__new__" | "__init_subclass__") {
                    set(
                        &mut problem,
                        Skip::Constructor {
                            class: cname.clone(),
                            method: fname.to_string(),
                        },
                    );
                }
                if fname == "__subclasshook__" {
                    set(
                        &mut problem,
                        Skip::SubclassHook {
                            class: cname.clone(),
                        },
                    );
                }
                let decos: Vec<String> = f
                    .decorator_list
                    .iter()
                    .filter_map(|d| decorator_name(bindings, &d.expression))
                    .collect();
                if decos
                    .iter()
                    .any(|d| ABSTRACT_DECORATORS.contains(&d.as_str()))
                {
                    has_abstract = true;
                }
                if decos.len() != f.decorator_list.len()
                    || decos
                        .iter()
                        .any(|d| !CALLABLE_DECORATORS.contains(&d.as_str()))
                {
                    let member = format!("{fname} (a property or decorated attribute)");
                    if decos.iter().any(|d| is_property_like(d)) {
                        shape.non_method.get_or_insert_with(|| member.clone());
                    }
                    shape.data_members.get_or_insert(member);
                }
                if let Some(me) = crate::util::first_param(f)
                    && let Some(attr) = assigns_attr(&f.body, me)
                {
                    set(
                        &mut problem,
                        Skip::InstanceState {
                            class: cname.clone(),
                            target: format!("{me}.{attr}"),
                            method: fname.to_string(),
                        },
                    );
                }
            }
            Stmt::Assign(a) => {
                for t in &a.targets {
                    if let Expr::Name(n) = t {
                        data_member(&mut shape, &mut problem, &n.id, Some(&a.value), &cname);
                    } else {
                        shape.member(file.slice(t.range()));
                    }
                }
            }
            Stmt::AnnAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    data_member(&mut shape, &mut problem, &n.id, a.value.as_deref(), &cname);
                }
            }
            Stmt::Expr(_) | Stmt::Pass(_) | Stmt::ClassDef(_) => {}
            other => {
                let word = file
                    .slice(other.range())
                    .split_whitespace()
                    .next()
                    .unwrap_or("?");
                shape.member(&format!("a `{word}` statement"));
            }
        }
    }
    if let Some(m) = abc_machinery(&class.body) {
        set(
            &mut problem,
            Skip::Machinery {
                class: cname.clone(),
                name: m,
            },
        );
    }
    if !has_abstract {
        set(
            &mut problem,
            Skip::NoAbstract {
                class: cname.clone(),
            },
        );
    }
    if problem.is_none()
        && let Err(msg) = check_syntax(file, class)
    {
        problem = Some(Skip::Syntax {
            class: cname,
            message: msg,
        });
    }
    Some(match problem {
        Some(p) => Err(p),
        None => Ok(shape),
    })
}

/// The name a decorator stands for: the imported name when it is an alias
/// (`from abc import abstractmethod as abstract`), else its last segment.
fn decorator_name(bindings: &Bindings, e: &Expr) -> Option<String> {
    let e = ruff_python_ast::helpers::map_callable(e);
    match bindings.resolve(e) {
        Base::Qual(q) => q.rsplit('.').next().map(str::to_string),
        Base::Unknown(_) => match e {
            Expr::Name(n) => Some(n.id.to_string()),
            Expr::Attribute(a) => Some(a.attr.to_string()),
            _ => None,
        },
    }
}

fn data_member(
    shape: &mut Shape,
    problem: &mut Option<Skip>,
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
                *problem = Some(Skip::Slots {
                    class: cname.to_string(),
                });
            }
        }
        _ if name.starts_with("_abc_") => {
            if problem.is_none() {
                *problem = Some(Skip::Machinery {
                    class: cname.to_string(),
                    name: name.to_string(),
                });
            }
        }
        _ => shape.member(name),
    }
}

impl Shape {
    /// Record a member that is not a method.
    fn member(&mut self, what: &str) {
        self.data_members.get_or_insert_with(|| what.to_string());
        self.non_method.get_or_insert_with(|| what.to_string());
    }
}

/// A decorator that makes a non-callable attribute: `property`, `abstractproperty`,
/// `cached_property` (any `*property*`), `reify`, a property's `.setter`/`.getter`/`.deleter`.
fn is_property_like(decorator: &str) -> bool {
    decorator.to_ascii_lowercase().contains("property")
        || matches!(decorator, "reify" | "setter" | "getter" | "deleter")
}

/// The first attribute of `me` assigned or deleted in `body` (nested functions included).
fn assigns_attr(body: &[Stmt], me: &str) -> Option<String> {
    struct A<'m>(&'m str, Option<String>);
    impl<'b> Visitor<'b> for A<'_> {
        fn visit_expr(&mut self, e: &'b Expr) {
            if self.1.is_some() {
                return;
            }
            if let Expr::Attribute(a) = e
                && a.ctx != ExprContext::Load
                && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == self.0)
            {
                self.1 = Some(a.attr.to_string());
            }
            if let Expr::Call(c) = e
                && matches!(&*c.func, Expr::Name(n) if matches!(n.id.as_str(), "setattr" | "delattr"))
                && matches!(c.arguments.args.first(), Some(Expr::Name(n)) if n.id.as_str() == self.0)
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
    let before = &file.text[TextRange::new(file.text.line_start(class.start()), class.start())];
    if !before.trim().is_empty() {
        return Err("the class shares its line with other code".to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualified_names_match_the_semantic_layer() {
        let src =
            "class A:\n    class B: pass\ndef f():\n    class C: pass\nif x:\n    class D: pass\n";
        let parsed = ruff_python_parser::parse_module(src).unwrap();
        let names: Vec<String> = classes("m", parsed.suite())
            .into_iter()
            .map(|c| c.qual)
            .collect();
        assert_eq!(names, ["m.A", "m.A.B", "m.f.<locals>.C", "m.D"]);
        let mut file = crate::source::SourceFile::parse("m.py", src.to_string()).unwrap();
        file.set_module("m", false);
        let marked: Vec<String> = classes_of(&file).into_iter().map(|c| c.qual).collect();
        assert_eq!(marked, names);
    }
}
