//! A small resolver of callees within one module: what a called expression refers to
//! (a `def`, a class, `functools.partial`, a known standard-library or builtin
//! callable) and which keywords it accepts. Used only to leave calls alone (a callee
//! that takes `**kwargs`, or literal keys it all accepts), so a wrong answer costs a
//! missed rewrite, never a wrong one.
//!
//! It sees one module: names bound in the enclosing functions ([`Names`], from
//! `analyze`), module-level definitions and imports ([`ModuleIndex`]). It is meant to
//! be replaced by the project-wide semantic model; keep its interface small.

use rustc_hash::FxHashMap;

use ruff_python_ast::{Expr, Stmt, StmtClassDef, StmtFunctionDef};
use ruff_text_size::Ranged;

use crate::source::SourceFile;
use crate::util::last_segment;

/// The keywords a callable accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sig {
    /// Parameters that can be passed by keyword.
    pub(crate) names: Vec<String>,
    /// The name of the `**` parameter, if any.
    pub(crate) var_kw: Option<String>,
}

impl Sig {
    fn of_static(names: &[&str], var_kw: Option<&str>) -> Self {
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

/// Module-level bindings by name (in `if`/`try`/`with`/loop blocks too).
#[derive(Default)]
pub(crate) struct ModuleIndex<'a> {
    bindings: FxHashMap<&'a str, Vec<Lookup<'a>>>,
}

impl<'a> ModuleIndex<'a> {
    pub(crate) fn new(body: &'a [Stmt]) -> Self {
        let mut index = ModuleIndex::default();
        index.add_body(body);
        index
    }

    fn add(&mut self, name: &'a str, b: Lookup<'a>) {
        self.bindings.entry(name).or_default().push(b);
    }

    fn add_target(&mut self, target: &'a Expr, value: Option<&'a Expr>) {
        match target {
            Expr::Name(n) => match value {
                Some(v) => self.add(n.id.as_str(), Lookup::Values(vec![v])),
                None => self.add(n.id.as_str(), Lookup::Other),
            },
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.add_target(e, None)),
            Expr::List(l) => l.elts.iter().for_each(|e| self.add_target(e, None)),
            Expr::Starred(s) => self.add_target(&s.value, None),
            _ => {}
        }
    }

    fn add_body(&mut self, body: &'a [Stmt]) {
        for stmt in body {
            match stmt {
                Stmt::FunctionDef(f) => self.add(f.name.as_str(), Lookup::Def(f)),
                Stmt::ClassDef(c) => self.add(c.name.as_str(), Lookup::Class(c)),
                Stmt::Assign(a) => {
                    for t in &a.targets {
                        self.add_target(t, Some(&a.value));
                    }
                }
                Stmt::AnnAssign(a) if a.value.is_some() => {
                    self.add_target(&a.target, a.value.as_deref());
                }
                Stmt::AugAssign(a) => self.add_target(&a.target, None),
                Stmt::Import(i) => {
                    for alias in &i.names {
                        match &alias.asname {
                            Some(n) => self.add(n.as_str(), Lookup::Import(alias.name.to_string())),
                            None => {
                                let top = alias.name.split('.').next().unwrap_or_default();
                                self.add(top, Lookup::Import(top.to_string()));
                            }
                        }
                    }
                }
                Stmt::ImportFrom(i) => {
                    let module = format!(
                        "{}{}",
                        ".".repeat(i.level as usize),
                        i.module.as_ref().map_or("", |m| m.as_str())
                    );
                    for alias in &i.names {
                        let bound = alias.asname.as_ref().unwrap_or(&alias.name).as_str();
                        if bound != "*" {
                            self.add(bound, Lookup::Import(format!("{module}.{}", alias.name)));
                        }
                    }
                }
                Stmt::For(f) => {
                    self.add_target(&f.target, None);
                    self.add_body(&f.body);
                    self.add_body(&f.orelse);
                }
                Stmt::While(w) => {
                    self.add_body(&w.body);
                    self.add_body(&w.orelse);
                }
                Stmt::If(s) => {
                    self.add_body(&s.body);
                    for c in &s.elif_else_clauses {
                        self.add_body(&c.body);
                    }
                }
                Stmt::With(w) => {
                    for item in &w.items {
                        if let Some(v) = &item.optional_vars {
                            self.add_target(v, None);
                        }
                    }
                    self.add_body(&w.body);
                }
                Stmt::Try(t) => {
                    self.add_body(&t.body);
                    for h in &t.handlers {
                        let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                        if let Some(n) = &h.name {
                            self.add(n.as_str(), Lookup::Other);
                        }
                        self.add_body(&h.body);
                    }
                    self.add_body(&t.orelse);
                    self.add_body(&t.finalbody);
                }
                Stmt::Match(m) => {
                    for c in &m.cases {
                        self.add_body(&c.body);
                    }
                }
                _ => {}
            }
        }
    }

    /// What `name` refers to at module level.
    pub(crate) fn lookup(&self, name: &str) -> Lookup<'a> {
        match self.bindings.get(name).map(Vec::as_slice) {
            None | Some([]) => Lookup::Unbound,
            Some([one]) => one.clone(),
            Some(many) => {
                if many.iter().all(|b| matches!(b, Lookup::Values(_))) {
                    Lookup::Values(
                        many.iter()
                            .flat_map(|b| match b {
                                Lookup::Values(v) => v.clone(),
                                _ => Vec::new(),
                            })
                            .collect(),
                    )
                } else {
                    Lookup::Other
                }
            }
        }
    }
}

/// Standard-library callables: qualified name, keyword parameters, `**` parameter.
const STDLIB: &[(&str, &[&str], Option<&str>)] = &[
    ("logging.debug", &["msg"], Some("kwargs")),
    ("logging.info", &["msg"], Some("kwargs")),
    ("logging.warning", &["msg"], Some("kwargs")),
    ("logging.error", &["msg"], Some("kwargs")),
    ("logging.exception", &["msg"], Some("kwargs")),
    ("logging.critical", &["msg"], Some("kwargs")),
    ("logging.log", &["level", "msg"], Some("kwargs")),
    (
        "subprocess.run",
        &["input", "capture_output", "timeout", "check"],
        Some("kwargs"),
    ),
    ("subprocess.call", &["timeout"], Some("kwargs")),
    ("subprocess.check_call", &["timeout"], Some("kwargs")),
    ("subprocess.check_output", &["timeout"], Some("kwargs")),
    ("json.dumps", &["obj"], Some("kw")),
    ("json.dump", &["obj", "fp"], Some("kw")),
    ("json.loads", &["s"], Some("kw")),
    ("json.load", &["fp"], Some("kw")),
    (
        "dataclasses.dataclass",
        &[
            "cls",
            "init",
            "repr",
            "eq",
            "order",
            "unsafe_hash",
            "frozen",
            "match_args",
            "kw_only",
            "slots",
            "weakref_slot",
        ],
        None,
    ),
    (
        "threading.Thread",
        &["group", "target", "name", "args", "kwargs", "daemon"],
        None,
    ),
    (
        "datetime.datetime",
        &[
            "year",
            "month",
            "day",
            "hour",
            "minute",
            "second",
            "microsecond",
            "tzinfo",
            "fold",
        ],
        None,
    ),
    ("datetime.date", &["year", "month", "day"], None),
    (
        "datetime.timedelta",
        &[
            "days",
            "seconds",
            "microseconds",
            "milliseconds",
            "minutes",
            "hours",
            "weeks",
        ],
        None,
    ),
];

/// Builtins: name, keyword parameters (none takes `**`).
const BUILTINS: &[(&str, &[&str])] = &[
    ("print", &["sep", "end", "file", "flush"]),
    (
        "open",
        &[
            "file",
            "mode",
            "buffering",
            "encoding",
            "errors",
            "newline",
            "closefd",
            "opener",
        ],
    ),
    ("sorted", &["key", "reverse"]),
    ("enumerate", &["iterable", "start"]),
    ("zip", &["strict"]),
];

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

fn stdlib(qualified: &str) -> Option<Resolved> {
    STDLIB
        .iter()
        .find(|(q, _, _)| *q == qualified)
        .map(|(q, kw, var)| Resolved {
            name: (*q).to_string(),
            at: "the standard library".to_string(),
            sig: Sig::of_static(kw, *var),
        })
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

/// A method of a botocore (boto3) client, whose generated methods all take
/// `**kwargs`: `client.method` or `getattr(client, name)` where the receiver is named
/// `client` (`s3_client`, `self._client`) or made by `*.client(...)` /
/// `create_client(...)`, in a module that imports `boto3`, `botocore` or
/// `aiobotocore`.
pub(crate) fn botocore_client_method<'a>(
    names: &dyn Names<'a>,
    module: &ModuleIndex<'a>,
    func: &'a Expr,
) -> Option<Resolved> {
    let receiver = match func {
        Expr::Attribute(a) => &*a.value,
        Expr::Call(c) if matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "getattr") => {
            c.arguments.args.first()?
        }
        _ => return None,
    };
    let named_client = |n: &str| {
        let n = n.trim_start_matches('_');
        n == "client" || n.ends_with("_client")
    };
    let made_client = |e: &Expr| matches!(e, Expr::Call(c) if last_segment(&c.func).is_some_and(|f| f == "client" || f.contains("create_client") || f.starts_with("boto_client")));
    let is_client = last_segment(receiver).is_some_and(|n| named_client(&n))
        || made_client(receiver)
        || matches!(receiver, Expr::Name(n) if matches!(names.lookup(n.id.as_str()), Lookup::Values(v) if v.iter().all(|v| made_client(v))));
    let imports_boto = module.bindings.values().flatten().any(|b| {
        matches!(b, Lookup::Import(q) if ["boto3", "botocore", "aiobotocore"].iter().any(|m| q == m || q.starts_with(&format!("{m}."))))
    });
    (is_client && imports_boto).then(|| Resolved {
        name: crate::codemods::signature_dispatch::signals::short(names.file().slice(func.range())),
        at: "a botocore client method".to_string(),
        sig: Sig::of_static(&[], Some("kwargs")),
    })
}

/// The top-level callables of a module file: name -> (line, keywords).
type ModuleSigs = FxHashMap<String, (usize, Sig)>;

/// Modules read for [`other_module`], by path (`None`: unreadable or unparsable).
static OTHER_MODULES: std::sync::LazyLock<
    std::sync::Mutex<FxHashMap<std::path::PathBuf, Option<std::sync::Arc<ModuleSigs>>>>,
> = std::sync::LazyLock::new(|| std::sync::Mutex::new(FxHashMap::default()));

/// Files larger than this are not read for signatures.
const MAX_OTHER_MODULE: u64 = 4 << 20;

/// What an import recorded as `q` names, as an absolute dotted name (`.core.f` in
/// `pkg.client` is `pkg.core.f`; `from . import core` is recorded as `..core`).
fn absolute_import(file: &SourceFile, q: &str) -> Option<String> {
    let segments: Vec<&str> = file.module.split('.').collect();
    let mut level = q.chars().take_while(|c| *c == '.').count();
    // `from . import x` is recorded as `..x`: one dot joins the module and the name.
    if level > 0 && !q[level..].contains('.') {
        level -= 1;
    }
    if level == 0 {
        return Some(q.trim_start_matches('.').to_string());
    }
    let mut parts = segments;
    if !file.is_package {
        parts.pop();
    }
    for _ in 1..level {
        parts.pop()?;
    }
    let rest = q[level..].trim_start_matches('.');
    Some(if parts.is_empty() {
        rest.to_string()
    } else {
        format!("{}.{rest}", parts.join("."))
    })
}

/// A function (or a class with its own `__init__`) defined at the top level of another
/// module of the project or of the environment, found on disk from the file's place
/// among its packages: `absolute` is the dotted name an import names
/// (`pkg.core.clean_exception`). `None` when anything is uncertain (decorators, a name
/// bound twice, a module that is not found).
fn other_module(file: &SourceFile, absolute: &str) -> Option<Resolved> {
    let disk = file.disk_path.as_ref()?;
    let segments = file.module.split('.').count();
    // The directory holding the top-level package (or the module itself).
    let mut root = disk.parent()?;
    for _ in 0..(segments - 1 + usize::from(file.is_package)) {
        root = root.parent()?;
    }
    let (module, name) = absolute.rsplit_once('.')?;
    let relative: std::path::PathBuf = module.split('.').collect();
    let roots = std::iter::once(root.to_path_buf())
        .chain(crate::semantic::external::env_roots().iter().cloned());
    for r in roots {
        for path in [
            r.join(&relative).with_extension("py"),
            r.join(&relative).join("__init__.py"),
        ] {
            let Some(sigs) = module_sigs(&path) else {
                continue;
            };
            let (line, sig) = sigs.get(name)?;
            return Some(Resolved {
                name: name.to_string(),
                at: format!("{}:{line}", path.display()),
                sig: sig.clone(),
            });
        }
    }
    None
}

/// The top-level callables of the module file at `path`, read once per run.
fn module_sigs(path: &std::path::Path) -> Option<std::sync::Arc<ModuleSigs>> {
    if let Some(known) = OTHER_MODULES.lock().ok()?.get(path) {
        return known.clone();
    }
    let read = || -> Option<ModuleSigs> {
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_file() || meta.len() > MAX_OTHER_MODULE {
            return None;
        }
        let text = std::fs::read_to_string(path).ok()?;
        let other = SourceFile::parse(&path.to_string_lossy(), text).ok()?;
        let mut sigs: ModuleSigs = FxHashMap::default();
        let mut twice: Vec<String> = Vec::new();
        for stmt in other.suite() {
            let (name, found) = match stmt {
                Stmt::FunctionDef(f) => (f.name.to_string(), sig_of_def(f, false)),
                Stmt::ClassDef(c) => (c.name.to_string(), plain_class_init(c)),
                Stmt::Assign(_) | Stmt::AnnAssign(_) | Stmt::Import(_) | Stmt::ImportFrom(_) => {
                    // A name bound otherwise too is uncertain: forget it below.
                    let mut names = Vec::new();
                    bound_names(stmt, &mut names);
                    twice.extend(names);
                    continue;
                }
                _ => continue,
            };
            let line = other.line_col(stmt.start()).0;
            match found {
                Some(sig) if !sigs.contains_key(&name) => {
                    sigs.insert(name, (line, sig));
                }
                _ => twice.push(name),
            }
        }
        for n in twice {
            sigs.remove(&n);
        }
        Some(sigs)
    };
    let sigs = read().map(std::sync::Arc::new);
    if let Ok(mut cache) = OTHER_MODULES.lock() {
        cache.insert(path.to_path_buf(), sigs.clone());
    }
    sigs
}

/// The keywords of a class without decorators, keywords or `__new__` whose body
/// defines `__init__` once.
fn plain_class_init(c: &StmtClassDef) -> Option<Sig> {
    if !c.decorator_list.is_empty() || !c.keywords().is_empty() {
        return None;
    }
    let defs = |n: &str| {
        c.body
            .iter()
            .filter(|s| {
                matches!(s, Stmt::FunctionDef(f) if f.name.as_str() == n) || binds_name(s, n)
            })
            .count()
    };
    if defs("__new__") > 0 || defs("__signature__") > 0 || defs("__init__") != 1 {
        return None;
    }
    let init = c.body.iter().find_map(|s| match s {
        Stmt::FunctionDef(f) if f.name.as_str() == "__init__" => Some(f),
        _ => None,
    })?;
    sig_of_def(init, true)
}

/// The names an assignment or import binds at the top level.
fn bound_names(stmt: &Stmt, out: &mut Vec<String>) {
    fn target(e: &Expr, out: &mut Vec<String>) {
        match e {
            Expr::Name(n) => out.push(n.id.to_string()),
            Expr::Tuple(t) => t.elts.iter().for_each(|e| target(e, out)),
            Expr::List(l) => l.elts.iter().for_each(|e| target(e, out)),
            Expr::Starred(s) => target(&s.value, out),
            _ => {}
        }
    }
    match stmt {
        Stmt::Assign(a) => a.targets.iter().for_each(|t| target(t, out)),
        Stmt::AnnAssign(a) => target(&a.target, out),
        Stmt::Import(i) => out.extend(i.names.iter().map(|a| {
            a.asname.as_ref().map_or_else(
                || a.name.split('.').next().unwrap_or_default().to_string(),
                ToString::to_string,
            )
        })),
        Stmt::ImportFrom(i) => out.extend(
            i.names
                .iter()
                .map(|a| a.asname.as_ref().unwrap_or(&a.name).to_string()),
        ),
        _ => {}
    }
}
