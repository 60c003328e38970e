//! `@dataclass` classes (anyio's memory object streams): the generated `__init__`
//! sets the fields, then calls `__post_init__`, so the finalizer is registered at
//! the start of `__post_init__` (one is added when the class defines none). A
//! guard's flags are fields declared `field(init=False, default=<literal>)`: the
//! caller cannot pass them, and until a method stores one, the instance reads the
//! class attribute `@dataclass` leaves with the default (the generated `__init__`
//! does not store it; the attribute-store index checks that nothing else does).

use ruff_python_ast::{Expr, Stmt, StmtClassDef, StmtFunctionDef};
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextSize};

use super::ClassCx;
use super::analyze::{InitPoint, Needs};
use super::flags::Lit;
use super::index;
use super::names;
use super::project::{self, Place};
use super::scan::{self, first_param, methods};
use super::skip::Skip;
use crate::codemods::Context;
use crate::semantic::bindings::Bindings;
use crate::semantic::external::Origin;
use crate::semantic::{AttrStore, Base, Lookup};
use crate::source::SourceFile;
use crate::util::indent_of;

/// A `@dataclass` class whose body defines no `__init__` (the generated one runs,
/// and calls `__post_init__`).
pub(crate) struct Dataclass<'a> {
    /// Its `__post_init__`, if the class defines one.
    pub(crate) post_init: Option<&'a StmtFunctionDef>,
    bindings: Bindings,
}

fn skip(why: String) -> Skip {
    Skip::Dataclass { why }
}

/// The class as a dataclass, if it is decorated with `dataclasses.dataclass` and
/// defines no `__init__` of its own (a class that does keeps that `__init__`, and
/// is handled as any class); `Err` when registering in `__post_init__` is not safe.
pub(crate) fn detect<'a>(
    file: &SourceFile,
    class: &'a StmtClassDef,
) -> Option<Result<Dataclass<'a>, Skip>> {
    if class.decorator_list.is_empty() || !methods(&class.body, "__init__").is_empty() {
        return None;
    }
    let bindings = Bindings::collect(&file.module, file.is_package, file.suite());
    let is_dataclass = |e: &Expr| bindings.resolve(e) == Base::Qual("dataclasses.dataclass".into());
    let found = class.decorator_list.iter().find(|d| match &d.expression {
        Expr::Call(c) => is_dataclass(&c.func),
        e => is_dataclass(e),
    })?;
    // `__init__` or `__post_init__` bound otherwise (`__init__ = f`, or in a
    // class-level `if`): `@dataclass` keeps an `__init__` it finds in the class.
    let bound = scan::class_level_names(class)
        .into_iter()
        .find(|(n, s)| {
            matches!(n.as_str(), "__init__" | "__post_init__") && !matches!(s, Stmt::FunctionDef(_))
        })
        .map(|(n, _)| format!("binds `{n}` at class level other than with `def`"))
        .or_else(|| {
            scan::data_names(class)
                .iter()
                .any(|(n, _)| n == scan::ANY_NAME)
                .then(|| {
                    "has a class-level statement (`if`, `try`, ...) that may define `__init__`"
                        .to_string()
                })
        });
    if let Some(what) = bound {
        return Some(Err(skip(format!(
            "class `{}` {what}; sturdy registers a dataclass's finalizer in `__post_init__` only when the generated `__init__` surely runs it; keep `__del__`",
            class.name
        ))));
    }
    Some(check(class, &found.expression).map(|post_init| Dataclass {
        post_init,
        bindings,
    }))
}

/// The decorator's arguments and the class's own hooks.
fn check<'a>(
    class: &'a StmtClassDef,
    decorator: &Expr,
) -> Result<Option<&'a StmtFunctionDef>, Skip> {
    let name = &class.name;
    if class.decorator_list.len() > 1 {
        return Err(skip(format!(
            "class `{name}` has decorators besides `@dataclass`, which may replace the class or its `__init__`; sturdy registers a dataclass's finalizer in `__post_init__` only under `@dataclass` alone; keep `__del__`"
        )));
    }
    if let Expr::Call(c) = decorator {
        if !c.arguments.args.is_empty() {
            return Err(skip(format!(
                "`@dataclass` on class `{name}` has positional arguments sturdy does not read; keep `__del__`"
            )));
        }
        for kw in &c.arguments.keywords {
            let Some(arg) = kw.arg.as_deref() else {
                return Err(skip(format!(
                    "`@dataclass` on class `{name}` takes `**` arguments sturdy cannot read; keep `__del__`"
                )));
            };
            let lit = Lit::of(&kw.value);
            let why = match (arg, lit) {
                ("init", Some(Lit::Bool(true))) | ("frozen" | "slots", Some(Lit::Bool(false))) => {
                    continue;
                }
                ("init", _) => {
                    "`init=` is not `True`: without a generated `__init__`, `__post_init__` (where the finalizer would be registered) does not run"
                }
                ("frozen", _) => {
                    "`frozen=` is not `False`: a frozen instance cannot store the finalizer"
                }
                ("slots", _) => {
                    "`slots=` is not `False`: the class `@dataclass` builds has `__slots__`, possibly without `__weakref__` or room for the finalizer"
                }
                ("repr" | "eq" | "order" | "unsafe_hash" | "match_args" | "kw_only", _) => {
                    continue;
                }
                _ => &format!("it has an argument sturdy does not know (`{arg}=`)"),
            };
            return Err(skip(format!(
                "`@dataclass` on class `{name}`: {why}; keep `__del__`"
            )));
        }
    }
    let posts = methods(&class.body, "__post_init__");
    if posts.len() > 1 {
        return Err(skip(format!(
            "class `{name}` defines `__post_init__` more than once; remove the dead definitions first"
        )));
    }
    let post = posts.first().copied();
    if let Some(p) = post
        && (p.is_async || !p.decorator_list.is_empty() || first_param(p).is_none())
    {
        return Err(skip(format!(
            "`__post_init__` of class `{name}` is decorated, async or takes no `self`; sturdy registers the finalizer only in a plain `__post_init__`; keep `__del__`"
        )));
    }
    Ok(post)
}

impl Dataclass<'_> {
    /// The value the generated `__init__` gives the field `attr`: declared once in
    /// the class body as `attr: T = field(init=False, default=<literal>)` (the
    /// caller cannot pass it; no `default_factory`), not a `ClassVar` or `InitVar`.
    pub(crate) fn initial(&self, class: &StmtClassDef, attr: &str) -> Option<Lit> {
        let a = field_declaration(class, attr)?;
        let Some(Expr::Call(c)) = a.value.as_deref() else {
            return None;
        };
        if self.bindings.resolve(&c.func) != Base::Qual("dataclasses.field".into())
            || !c.arguments.args.is_empty()
        {
            return None;
        }
        let (mut init_false, mut default) = (false, None);
        for kw in &c.arguments.keywords {
            match kw.arg.as_deref()? {
                "init" => init_false = Lit::of(&kw.value) == Some(Lit::Bool(false)),
                "default" => default = Some(Lit::of(&kw.value)?),
                "repr" | "hash" | "compare" | "metadata" | "kw_only" => {}
                _ => return None,
            }
        }
        if init_false { default } else { None }
    }
}

impl Dataclass<'_> {
    /// Whether `attr` is declared once in the class body as a field without a
    /// default (`attr: T`), which the generated `__init__` sets from its argument.
    pub(crate) fn plain_field(&self, class: &StmtClassDef, attr: &str) -> bool {
        field_declaration(class, attr).is_some_and(|a| a.value.is_none() && a.simple)
    }
}

/// Every name and attribute in an annotation, space-separated.
fn collect_names(e: &Expr, out: &mut String) {
    use ruff_python_ast::visitor::{self, Visitor};
    struct N<'o>(&'o mut String);
    impl<'b> Visitor<'b> for N<'_> {
        fn visit_expr(&mut self, e: &'b Expr) {
            match e {
                Expr::Name(n) => {
                    self.0.push_str(&n.id);
                    self.0.push(' ');
                }
                Expr::Attribute(a) => {
                    self.0.push_str(&a.attr);
                    self.0.push(' ');
                }
                Expr::StringLiteral(s) => {
                    self.0.push_str(s.value.to_str());
                    self.0.push(' ');
                }
                _ => {}
            }
            visitor::walk_expr(self, e);
        }
    }
    N(out).visit_expr(e);
}

/// Where the registration goes: the start of `__post_init__`, or a new
/// `__post_init__` after `__del__` (whose lines become the cleanup function; the new
/// method's `def` line is the point's `head`).
/// Checks what a registration there depends on: no subclass (its fields, its own
/// `__post_init__` or `__init__` would change what runs), no ancestor
/// `__post_init__` that a new one would hide, every flag a field the caller cannot
/// pass, every store of a flag one the shape handles.
pub(crate) fn init_point(
    cx: &Context<'_>,
    k: &ClassCx<'_>,
    place: &Place<'_>,
    me: &str,
    del: &StmtFunctionDef,
    dc: &Dataclass<'_>,
    needs: &Needs<'_>,
) -> Result<InitPoint, Skip> {
    let file = cx.file;
    let class = k.class;
    let name = &class.name;
    // A captured attribute is a field the generated `__init__` sets from its
    // argument (`name: str`, declared in this class): its value when `__post_init__`
    // starts, as long as nothing stores it again.
    for attr in needs.captured {
        if !dc.plain_field(class, attr) {
            return Err(skip(format!(
                "the cleanup reads `{me}.{attr}`, and class `{name}` is a dataclass: sturdy captures in `__post_init__` only fields declared in the class as `{attr}: <type>` (no default, not `ClassVar`/`InitVar`), which the generated `__init__` sets from its arguments, and reads a guard's flags only from fields declared `{attr}: <type> = field(init=False, default=<literal>)` (which the caller cannot pass); keep `__del__`"
            )));
        }
    }
    for attr in needs.flags {
        if dc.initial(class, attr).is_none() {
            return Err(skip(format!(
                "`{me}.{attr}` is tested by the guard of `__del__`, but class `{name}` (a dataclass) does not declare it `{attr}: ... = field(init=False, default=<literal>)`, so its value after `__init__` is unknown; keep `__del__`"
            )));
        }
    }
    if let Some(sub) = place.subclasses.first() {
        return Err(skip(format!(
            "class `{name}` is a dataclass with a project subclass (`{}`, {}), whose fields, `__init__` or `__post_init__` may change what runs after construction; sturdy converts dataclasses without subclasses; keep `__del__`",
            sub.name(),
            sub.location
        )));
    }
    if dc.post_init.is_none() {
        no_base_post_init(cx, place, name)?;
    }
    // Every store of a flag in the class is a detach site (the guard checked each);
    // anywhere else in the project, none may reach an instance.
    for store in scan::method_stores(file, class) {
        let (f, attr, range, line) = store?;
        let allowed = needs
            .allowed
            .iter()
            .any(|(a, func, r)| *a == attr && *func == *f.name && r.contains_range(range));
        if needs.captured.contains(&attr) {
            return Err(Skip::Reassigned {
                me: me.to_string(),
                attr,
                function: f.name.to_string(),
                line,
            });
        }
        if needs.flags.contains(&attr) && !allowed {
            return Err(Skip::Flag {
                attr,
                why: format!(
                    "is also set in `{}` (line {line}) where sturdy cannot tell the value",
                    f.name
                ),
            });
        }
    }
    let allowed_store = |attr: &str, st: &AttrStore| {
        st.on_self_of.as_deref() == Some(k.qualname.as_str())
            && needs.allowed.iter().any(|(a, f, r)| {
                a == attr
                    && **f == *st.function
                    && st.location.as_ref()
                        == format!("{}:{}", file.path, file.line_col(r.start()).0)
            })
    };
    for attr in needs.flags {
        project::stores_elsewhere(cx, k, place, me, attr, &|st| allowed_store(attr, st))?;
    }
    for attr in needs.captured {
        project::stores_elsewhere(cx, k, place, me, attr, &|_| false)?;
    }
    match dc.post_init {
        Some(post) => at_start(file, post),
        None => new_post_init(file, del),
    }
}

/// No ancestor defines `__post_init__` (a new one would hide it); a base outside
/// the project and the standard library may.
fn no_base_post_init(cx: &Context<'_>, place: &Place<'_>, name: &str) -> Result<(), Skip> {
    let h = cx.facts.hierarchy();
    for c in place.mro.iter().skip(1) {
        let q = &*c.qualname;
        if q == "builtins.object" {
            continue;
        }
        if h.project_class(q).is_some() {
            if let Some(loc) = cx
                .facts
                .get(index::HOOK_METHOD, &index::method_key(q, "__post_init__"))
            {
                return Err(skip(format!(
                    "the base class `{q}` defines `__post_init__` ({loc}), which a new `__post_init__` in class `{name}` would hide; register the finalizer by hand (after `super().__post_init__()`) or keep `__del__`"
                )));
            }
            continue;
        }
        // The standard library defines no `__post_init__` (the name is dataclasses'
        // hook for user classes).
        if !matches!(h.lookup(q), Lookup::Class(_, Some(Origin::Stdlib))) {
            return Err(skip(format!(
                "the base class `{q}` ({}) comes from outside the project and the standard library, and may define `__post_init__`, which a new `__post_init__` in class `{name}` would hide; keep `__del__`",
                c.location
            )));
        }
    }
    Ok(())
}

/// The registration at the start of an existing `__post_init__` (after a docstring).
fn at_start(file: &SourceFile, post: &StmtFunctionDef) -> Result<InitPoint, Skip> {
    let me = first_param(post).expect("checked");
    let one_line = || {
        skip(
            "`__post_init__` is written on one line; put its body on separate lines first"
                .to_string(),
        )
    };
    let first = &post.body[0];
    let Some(indent) = indent_of(file, first) else {
        return Err(one_line());
    };
    if file.line_col(first.start()).0 == file.line_col(post.start()).0 {
        return Err(one_line());
    }
    let docs = post
        .body
        .iter()
        .take_while(|s| ruff_python_ast::helpers::is_docstring_stmt(s))
        .count();
    let at = match post.body.get(docs) {
        Some(s) => file.text.line_start(s.start()),
        None => file.text.full_line_end(post.body[docs - 1].end()),
    };
    if at > TextSize::default()
        && file.text[..at.to_usize()]
            .trim_end_matches(['\n', '\r'])
            .ends_with('\\')
    {
        return Err(Skip::Continuation);
    }
    Ok(InitPoint {
        me: me.to_string(),
        at,
        lead: crate::fix::newline_before(file, at),
        indent: indent.to_string(),
        locals: names::local_names(post),
        head: String::new(),
        tail: String::new(),
    })
}

/// A new `__post_init__` after `__del__`.
fn new_post_init(file: &SourceFile, del: &StmtFunctionDef) -> Result<InitPoint, Skip> {
    let (Some(class_indent), Some(indent)) = (indent_of(file, del), indent_of(file, &del.body[0]))
    else {
        return Err(Skip::SharesLine {
            what: "`__del__`".to_string(),
        });
    };
    if file.line_col(del.body[0].start()).0 == file.line_col(del.start()).0 {
        return Err(Skip::SharesLine {
            what: "`__del__`".to_string(),
        });
    }
    let at = file.text.full_line_end(del.end());
    let nl = file.newline();
    Ok(InitPoint {
        me: "self".to_string(),
        at,
        lead: crate::fix::newline_before(file, at),
        indent: indent.to_string(),
        locals: Default::default(),
        head: format!("{nl}{class_indent}def __post_init__(self):{nl}"),
        tail: String::new(),
    })
}

/// `attr`'s declaration, when the class body binds `attr` once, as an annotated
/// assignment whose annotation is not `ClassVar` or `InitVar`: a dataclass field.
fn field_declaration<'a>(
    class: &'a StmtClassDef,
    attr: &str,
) -> Option<&'a ruff_python_ast::StmtAnnAssign> {
    let mut named = scan::class_level_names(class)
        .into_iter()
        .filter(|(n, _)| n == attr)
        .map(|(_, s)| s);
    let (Some(Stmt::AnnAssign(a)), None) = (named.next(), named.next()) else {
        return None;
    };
    let mut ann = String::new();
    collect_names(&a.annotation, &mut ann);
    (!ann.contains("ClassVar") && !ann.contains("InitVar")).then_some(a)
}
