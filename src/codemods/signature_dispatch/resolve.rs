//! A small resolver of callees within one module: what a called expression refers to
//! (a `def`, a class, `functools.partial`, a known standard-library or builtin
//! callable) and which keywords it accepts. Used only to leave calls alone (a callee
//! that takes `**kwargs`, or literal keys it all accepts), so a wrong answer costs a
//! missed rewrite, never a wrong one.
//!
//! It sees one module: names bound in the enclosing functions ([`Names`], from
//! `analyze`), module-level definitions and imports ([`ModuleIndex`], in `module_index`),
//! known standard-library callables (`known`) and the top-level callables of other
//! modules read from disk (`other_modules`). It is meant to
//! be replaced by the project-wide semantic model; keep its interface small.

mod known;
mod module_index;
mod other_modules;

use ruff_python_ast::{Expr, Stmt, StmtClassDef, StmtFunctionDef};
use ruff_text_size::Ranged;

use crate::source::SourceFile;
use crate::util::last_segment;

pub(crate) use known::botocore_client_method;
use known::{BUILTINS, stdlib};
pub(crate) use module_index::ModuleIndex;
use other_modules::{absolute_import, other_module};

/// The keywords a callable accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sig {
    /// Parameters that can be passed by keyword.
    pub(crate) names: Vec<String>,
    /// The name of the `**` parameter, if any.
    pub(crate) var_kw: Option<String>,
}

impl Sig {
    pub(super) fn of_static(names: &[&str], var_kw: Option<&str>) -> Self {
        Sig {
            names: names.iter().map(ToString::to_string).collect(),
            var_kw: var_kw.map(ToString::to_string),
        }
    }
}

/// A resolved callee: how to name it in messages, where it is, and its keywords.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    pub(crate) name: String,
    /// `line 12`, or `the standard library`.
    pub(crate) at: String,
    pub(crate) sig: Sig,
}

/// What a name refers to where it is used.
#[derive(Debug, Clone)]
pub(crate) enum Lookup<'a> {
    /// A parameter of an enclosing function: anything.
    Param,
    /// Assigned these values (every binding is an assignment).
    Values(Vec<&'a Expr>),
    Def(&'a StmtFunctionDef),
    Class(&'a StmtClassDef),
    /// `import a.b as x` (`a.b`) or `from a import b` (`a.b`).
    Import(String),
    /// Bound otherwise, or several ways.
    Other,
    /// Not bound in the module: a builtin, or from a `*` import.
    Unbound,
}

/// Name lookups where the call is.
pub(crate) trait Names<'a> {
    /// What `name` refers to: enclosing function scopes first, then the module.
    fn lookup(&self, name: &str) -> Lookup<'a>;
    /// The class whose method encloses the call, the method's first parameter, and
    /// whether that parameter is the class (a classmethod) rather than an instance.
    fn method_context(&self) -> Option<(&'a StmtClassDef, &'a str, bool)>;
    fn file(&self) -> &'a SourceFile;
}

/// Decorators that keep a function's signature.
const TRANSPARENT_DECORATORS: &[&str] = &[
    "staticmethod",
    "classmethod",
    "abstractmethod",
    "override",
    "final",
];

fn decorator_names(f: &StmtFunctionDef) -> impl Iterator<Item = Option<String>> + '_ {
    f.decorator_list.iter().map(|d| last_segment(&d.expression))
}

fn has_decorator(f: &StmtFunctionDef, name: &str) -> bool {
    decorator_names(f).any(|d| d.as_deref() == Some(name))
}

/// The keywords of a `def`, dropping its first positional parameter when it is bound
/// (`self` of a method). `None` when a decorator may change the signature.
fn sig_of_def(f: &StmtFunctionDef, drop_first: bool) -> Option<Sig> {
    if decorator_names(f).any(|d| !d.is_some_and(|d| TRANSPARENT_DECORATORS.contains(&d.as_str())))
    {
        return None;
    }
    let p = &f.parameters;
    let first_is_posonly = !p.posonlyargs.is_empty();
    let skip_args = usize::from(drop_first && !first_is_posonly);
    let names = p
        .args
        .iter()
        .skip(skip_args)
        .chain(&p.kwonlyargs)
        .map(|a| a.parameter.name.to_string())
        .collect();
    Some(Sig {
        names,
        var_kw: p.kwarg.as_ref().map(|k| k.name.to_string()),
    })
}

fn line_of(file: &SourceFile, node: &impl Ranged) -> String {
    format!("line {}", file.line_col(node.start()).0)
}

/// A method of a class in this module (or of its bases in this module), by name.
fn find_method<'a>(
    names: &dyn Names<'a>,
    class: &'a StmtClassDef,
    method: &str,
    depth: usize,
) -> Option<&'a StmtFunctionDef> {
    if depth > 4 {
        return None;
    }
    let defs: Vec<&StmtFunctionDef> = class
        .body
        .iter()
        .filter_map(Stmt::as_function_def_stmt)
        .filter(|f| f.name.as_str() == method)
        .collect();
    if let [one] = defs.as_slice() {
        return Some(one);
    }
    if !defs.is_empty() || class.body.iter().any(|s| binds_name(s, method)) {
        return None;
    }
    for base in class.bases() {
        let Expr::Name(b) = base else { return None };
        match names.lookup(b.id.as_str()) {
            Lookup::Class(c) => {
                if let Some(f) = find_method(names, c, method, depth + 1) {
                    return Some(f);
                }
            }
            Lookup::Unbound if b.id.as_str() == "object" => {}
            _ => return None,
        }
    }
    None
}

/// Whether a class-body statement binds `name` other than with a `def`.
fn binds_name(stmt: &Stmt, name: &str) -> bool {
    let is = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == name);
    match stmt {
        Stmt::Assign(a) => a.targets.iter().any(is),
        Stmt::AnnAssign(a) => is(&a.target),
        Stmt::ClassDef(c) => c.name.as_str() == name,
        _ => false,
    }
}

/// The keywords a call of the class accepts: its `__init__`, its dataclass fields,
/// or `object`'s none.
fn class_sig<'a>(names: &dyn Names<'a>, class: &'a StmtClassDef, depth: usize) -> Option<Sig> {
    if depth > 4 || !class.keywords().is_empty() {
        return None;
    }
    if find_method(names, class, "__new__", depth).is_some() {
        return None;
    }
    let dataclass = class.decorator_list.iter().any(|d| {
        let e = match &d.expression {
            Expr::Call(c) => &*c.func,
            e => e,
        };
        last_segment(e).as_deref() == Some("dataclass")
    });
    if class.decorator_list.len() > usize::from(dataclass) {
        return None;
    }
    if dataclass {
        if !class.bases().is_empty() || class.body.iter().any(|s| binds_name(s, "__init__")) {
            return None;
        }
        let fields = class
            .body
            .iter()
            .filter_map(|s| match s {
                Stmt::AnnAssign(a) => match (&*a.target, &*a.annotation) {
                    (Expr::Name(n), ann) => {
                        let ann = match ann {
                            Expr::Subscript(s) => &*s.value,
                            e => e,
                        };
                        let kind = last_segment(ann).unwrap_or_default();
                        (kind != "ClassVar" && kind != "KW_ONLY").then(|| n.id.to_string())
                    }
                    _ => None,
                },
                _ => None,
            })
            .collect();
        return Some(Sig {
            names: fields,
            var_kw: None,
        });
    }
    match find_method(names, class, "__init__", depth) {
        Some(init) => sig_of_def(init, true),
        None => class
            .bases()
            .iter()
            .all(|b| matches!(b, Expr::Name(n) if n.id.as_str() == "object"))
            .then(|| Sig {
                names: Vec::new(),
                var_kw: None,
            }),
    }
}

/// What the called expression `func` resolves to, if it can be known in this module.
pub(crate) fn resolve<'a>(names: &dyn Names<'a>, func: &'a Expr) -> Option<Resolved> {
    resolve_at(names, func, 0)
}

fn resolve_at<'a>(names: &dyn Names<'a>, func: &'a Expr, depth: usize) -> Option<Resolved> {
    if depth > 4 {
        return None;
    }
    let file = names.file();
    match func {
        Expr::Name(n) => {
            let id = n.id.as_str();
            match names.lookup(id) {
                Lookup::Def(f) => Some(Resolved {
                    name: id.to_string(),
                    at: line_of(file, f),
                    sig: sig_of_def(f, false)?,
                }),
                Lookup::Class(c) => Some(Resolved {
                    name: id.to_string(),
                    at: line_of(file, c),
                    sig: class_sig(names, c, 0)?,
                }),
                Lookup::Import(q) => {
                    stdlib(&q).or_else(|| other_module(file, &absolute_import(file, &q)?))
                }
                Lookup::Values(v) => match v.as_slice() {
                    [one] => resolve_value(names, one, depth + 1),
                    _ => None,
                },
                Lookup::Unbound => {
                    BUILTINS
                        .iter()
                        .find(|(b, _)| *b == id)
                        .map(|(b, kw)| Resolved {
                            name: (*b).to_string(),
                            at: "a builtin".to_string(),
                            sig: Sig::of_static(kw, None),
                        })
                }
                Lookup::Param | Lookup::Other => None,
            }
        }
        Expr::Attribute(a) => {
            let attr = a.attr.as_str();
            let Expr::Name(receiver) = &*a.value else {
                return None;
            };
            if let Some((class, first, is_class)) = names.method_context()
                && receiver.id.as_str() == first
            {
                let m = find_method(names, class, attr, 0)?;
                let drop_first = if has_decorator(m, "staticmethod") {
                    false
                } else {
                    has_decorator(m, "classmethod") || !is_class
                };
                return Some(Resolved {
                    name: format!("{first}.{attr}"),
                    at: line_of(file, m),
                    sig: sig_of_def(m, drop_first)?,
                });
            }
            match names.lookup(receiver.id.as_str()) {
                Lookup::Class(c) => {
                    let m = find_method(names, c, attr, 0)?;
                    let drop_first = has_decorator(m, "classmethod");
                    Some(Resolved {
                        name: format!("{}.{attr}", receiver.id),
                        at: line_of(file, m),
                        sig: sig_of_def(m, drop_first)?,
                    })
                }
                Lookup::Import(q) => stdlib(&format!("{q}.{attr}")).or_else(|| {
                    other_module(file, &format!("{}.{attr}", absolute_import(file, &q)?))
                }),
                _ => None,
            }
        }
        _ => None,
    }
}

/// What a value bound to a name is, when called: `functools.partial(f, ...)`, a
/// lambda, or another name.
fn resolve_value<'a>(names: &dyn Names<'a>, value: &'a Expr, depth: usize) -> Option<Resolved> {
    match value {
        Expr::Call(c) if is_partial(names, &c.func) => {
            let target = c.arguments.args.first()?;
            let mut r = resolve_at(names, target, depth + 1)?;
            // Positional arguments bound by the partial fill the first parameters; its
            // keywords stay overridable.
            let bound = c.arguments.args.len() - 1;
            if c.arguments.args.iter().any(Expr::is_starred_expr) {
                return None;
            }
            r.sig.names.drain(..bound.min(r.sig.names.len()));
            r.name = format!("partial({})", r.name);
            Some(r)
        }
        Expr::Lambda(l) => {
            let p = l.parameters.as_deref();
            Some(Resolved {
                name: "lambda".to_string(),
                at: line_of(names.file(), l),
                sig: Sig {
                    names: p
                        .map(|p| {
                            p.args
                                .iter()
                                .chain(&p.kwonlyargs)
                                .map(|a| a.parameter.name.to_string())
                                .collect()
                        })
                        .unwrap_or_default(),
                    var_kw: p.and_then(|p| p.kwarg.as_ref()).map(|k| k.name.to_string()),
                },
            })
        }
        Expr::Name(_) | Expr::Attribute(_) => resolve_at(names, value, depth + 1),
        _ => None,
    }
}

/// `functools.partial` (however imported).
fn is_partial<'a>(names: &dyn Names<'a>, func: &Expr) -> bool {
    match func {
        Expr::Name(n) => {
            matches!(names.lookup(n.id.as_str()), Lookup::Import(q) if q == "functools.partial")
        }
        Expr::Attribute(a) => {
            a.attr.as_str() == "partial"
                && matches!(&*a.value, Expr::Name(m) if matches!(names.lookup(m.id.as_str()), Lookup::Import(q) if q == "functools"))
        }
        _ => false,
    }
}

/// Every callable a table lookup can return: `TABLE[key]` or `TABLE.get(key)` where
/// `TABLE` is a dict display of names in this module, each resolved. `None` when any
/// entry is unknown.
pub(crate) fn resolve_table<'a>(names: &dyn Names<'a>, func: &'a Expr) -> Option<Vec<Resolved>> {
    let table = match func {
        Expr::Subscript(s) => &*s.value,
        Expr::Call(c) => match &*c.func {
            Expr::Attribute(a) if a.attr.as_str() == "get" => &*a.value,
            _ => return None,
        },
        _ => return None,
    };
    let Expr::Name(n) = table else { return None };
    let Lookup::Values(values) = names.lookup(n.id.as_str()) else {
        return None;
    };
    let [Expr::Dict(d)] = values.as_slice() else {
        return None;
    };
    if d.items.is_empty() {
        return None;
    }
    d.items
        .iter()
        .map(|item| {
            item.key.as_ref()?;
            resolve_at(names, &item.value, 1)
        })
        .collect()
}

/// Whether `class` (and its bases, all in this module) is known not to define or bind
/// `name`.
fn undefined_in<'a>(
    names: &dyn Names<'a>,
    class: &'a StmtClassDef,
    name: &str,
    depth: usize,
) -> bool {
    if depth > 4 || !class.keywords().is_empty() {
        return false;
    }
    let binds = class.body.iter().any(|s| {
        matches!(s, Stmt::FunctionDef(f) if f.name.as_str() == name) || binds_name(s, name)
    });
    !binds
        && class.bases().iter().all(|b| {
            let Expr::Name(b) = b else { return false };
            match names.lookup(b.id.as_str()) {
                Lookup::Class(c) => undefined_in(names, c, name, depth + 1),
                Lookup::Unbound => b.id.as_str() == "object",
                _ => false,
            }
        })
}

/// `self.method` where the enclosing class (and its bases) does not define `method`,
/// so that what is called is a subclass's: the class's subclasses in this module and
/// every definition of `method` among them. `None` when anything is uncertain (a base
/// outside the module, a subclass that binds the name otherwise, no definition).
pub(crate) fn overrides<'a>(
    names: &dyn Names<'a>,
    module: &ModuleIndex<'a>,
    func: &'a Expr,
) -> Option<(&'a StmtClassDef, Vec<&'a StmtClassDef>, Vec<Resolved>)> {
    let Expr::Attribute(a) = func else {
        return None;
    };
    let Expr::Name(receiver) = &*a.value else {
        return None;
    };
    let (class, first, is_class) = names.method_context()?;
    let attr = a.attr.as_str();
    if receiver.id.as_str() != first || is_class || !undefined_in(names, class, attr, 0) {
        return None;
    }
    let mut classes: Vec<&'a StmtClassDef> = module
        .bindings
        .values()
        .flatten()
        .filter_map(|b| match b {
            Lookup::Class(c) => Some(*c),
            _ => None,
        })
        .collect();
    classes.sort_by_key(|c| c.start());
    let in_family =
        |family: &[&StmtClassDef], c: &StmtClassDef| family.iter().any(|f| std::ptr::eq(*f, c));
    let mut family = vec![class];
    loop {
        let before = family.len();
        for c in &classes {
            if in_family(&family, c) {
                continue;
            }
            let derives = c.bases().iter().any(|b| {
                matches!(b, Expr::Name(n) if matches!(names.lookup(n.id.as_str()), Lookup::Class(k) if in_family(&family, k)))
            });
            if derives {
                family.push(c);
            }
        }
        if family.len() == before {
            break;
        }
    }
    let file = names.file();
    let mut found = Vec::new();
    for sub in &family[1..] {
        match find_method(names, sub, attr, 0) {
            Some(m) => {
                if has_decorator(m, "staticmethod") || has_decorator(m, "classmethod") {
                    return None;
                }
                found.push(Resolved {
                    name: format!("{}.{attr}", sub.name),
                    at: line_of(file, m),
                    sig: sig_of_def(m, true)?,
                });
            }
            None if undefined_in(names, sub, attr, 0) => {}
            None => return None,
        }
    }
    if found.is_empty() {
        return None;
    }
    Some((class, family[1..].to_vec(), found))
}
