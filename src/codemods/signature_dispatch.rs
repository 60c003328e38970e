//! `signature-dispatch`: turn `handler(**payload)` into
//! `dispatch_by_signature(handler, payload)`, which passes only the payload keys the
//! callee accepts. Changes behaviour on purpose, so it is not enabled by default.
//!
//! Every rewrite is a range edit of the call: the callee and argument texts are
//! sliced from the file, so formatting and comments inside them survive. Without
//! `--dispatch-helper`, the helper function (`dispatch_helper.py`) is inserted once
//! per module after the imports, in the same change as the call rewrite.

use ruff_python_ast::token::{TokenKind, parenthesized_range};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{
    AnyNodeRef, BoolOp, Decorator, Expr, ExprCall, Stmt, StmtFunctionDef, UnaryOp,
};
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{Codemod, Context};
use crate::edit::Edit;
use crate::imports::{self, Style};
use crate::source::{Marks, SourceFile};
use crate::util::{blank_lines_after, blank_lines_before, comments_above, last_segment};

/// Turn `handler(**payload)` into signature-filtered dispatch.
pub struct SignatureDispatch;

/// The helper inserted into modules (a comment line, then one top-level `def`).
const HELPER: &str = include_str!("../../codemods/signature-dispatch/dispatch_helper.py");
/// The name the helper defines.
const HELPER_NAME: &str = "dispatch_by_signature";

/// Callees that consume a mapping of keys they define themselves (bare name or last
/// attribute segment): the keys are the data, not parameters to filter.
const DICT_CONSUMERS: &[&str] = &[
    "dict",
    "OrderedDict",
    "defaultdict",
    "Counter",
    "ChainMap",
    "UserDict",
    "SimpleNamespace",
    "Namespace",
    "type",
    "partial",
    "partialmethod",
    "namedtuple",
    "NamedTuple",
    "TypedDict",
    "make_dataclass",
];

/// Methods that consume a mapping (`x.update(**d)`, `"{a}".format(**d)`) or apply
/// field changes (`replace(obj, **changes)`), where an unknown key must keep failing.
const DICT_METHODS: &[&str] = &[
    "update",
    "format",
    "format_map",
    "setdefault",
    "copy",
    "replace",
    "_replace",
    "_make",
    "evolve",
    "substitute",
    "safe_substitute",
    "set_defaults",
    "fromkeys",
];

/// Whether `spec` looks like `package.module:name`.
pub fn valid_helper_spec(spec: &str) -> bool {
    spec.split_once(':').is_some_and(|(m, n)| {
        !m.is_empty() && !n.is_empty() && m.split('.').all(is_identifier) && is_identifier(n)
    })
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

impl Codemod for SignatureDispatch {
    fn name(&self) -> &'static str {
        "signature-dispatch"
    }
    fn summary(&self) -> &'static str {
        "turn handler(**payload) into dispatch filtered by inspect.signature (changes behaviour; not default)"
    }
    fn docs(&self) -> &'static str {
        include_str!("../../codemods/signature-dispatch/README.md")
    }
    fn default_enabled(&self) -> bool {
        false
    }
    fn might_apply(&self, file: &SourceFile) -> bool {
        !file.marks().unpacks.is_empty()
    }
    fn run(&self, cx: &mut Context) {
        let file = cx.file;
        let mut finder = Finder {
            file,
            local_helper: local_helper_def(file, cx.options.dispatch_helper.as_deref()),
            kwargs: Vec::new(),
            scopes: vec![Scope::of_body(None, file.suite())],
            in_decorator: 0,
            sites: Vec::new(),
            too_old: cx.options.target_version.filter(|v| *v < (3, 8)),
        };
        finder.visit_body(file.suite());
        if finder.sites.is_empty() {
            return;
        }
        // Only now: resolving the helper builds the text of its insertion.
        let helper = resolve_helper(file, cx.options.dispatch_helper.as_deref());
        for site in finder.sites {
            match site {
                Site::Skip(at, msg) => cx.skip(at, msg),
                Site::Rewrite(call, module_level) => {
                    let helper_expr = match &helper.how {
                        Ok(h) => h,
                        Err(msg) => {
                            cx.skip(call.start(), msg.clone());
                            continue;
                        }
                    };
                    if module_level && helper_expr.defined_at.is_some_and(|at| call.start() < at) {
                        cx.skip(
                            call.start(),
                            "the call runs before the point after the imports where the helper would be defined; move it below the imports, or pass `--dispatch-helper package.module:name`",
                        );
                        continue;
                    }
                    match rewrite(file, call, &helper_expr.expr) {
                        Ok(text) => {
                            let mut edits = vec![Edit::replace(call.range(), text)];
                            edits.extend(helper_expr.edit.clone());
                            cx.change(edits);
                        }
                        Err(msg) => cx.skip(call.start(), msg),
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The helper: reuse, import or insert.

struct HelperUse {
    /// How call sites reference the helper.
    expr: String,
    /// The edit that makes it available (an import or the inserted def).
    edit: Option<Edit>,
    /// Where the helper becomes available (its def or import), when module-level
    /// code above that point would run before it.
    defined_at: Option<TextSize>,
}

struct Helper {
    how: Result<HelperUse, String>,
}

/// A module-level binding of a name.
enum Binding<'a> {
    Def(&'a StmtFunctionDef),
    ImportFrom(String),
    Other(TextSize),
}

fn module_bindings<'a>(body: &'a [Stmt], name: &str, out: &mut Vec<Binding<'a>>) {
    let is = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == name);
    for stmt in body {
        match stmt {
            Stmt::FunctionDef(f) if f.name.as_str() == name => out.push(Binding::Def(f)),
            Stmt::ClassDef(c) if c.name.as_str() == name => out.push(Binding::Other(c.start())),
            Stmt::Assign(a) if a.targets.iter().any(is) => out.push(Binding::Other(a.start())),
            Stmt::AnnAssign(a) if is(&a.target) => out.push(Binding::Other(a.start())),
            Stmt::Import(i) => {
                for a in &i.names {
                    let bound = a.asname.as_ref().map_or_else(
                        || a.name.split('.').next().unwrap_or_default(),
                        |n| n.as_str(),
                    );
                    if bound == name {
                        out.push(Binding::Other(i.start()));
                    }
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    if a.asname.as_ref().unwrap_or(&a.name).as_str() == name {
                        let module = i.module.as_ref().map_or("", |m| m.as_str());
                        out.push(Binding::ImportFrom(format!(
                            "{}{module}",
                            ".".repeat(i.level as usize)
                        )));
                    }
                }
            }
            Stmt::If(s) => {
                module_bindings(&s.body, name, out);
                for c in &s.elif_else_clauses {
                    module_bindings(&c.body, name, out);
                }
            }
            Stmt::Try(t) => {
                module_bindings(&t.body, name, out);
                for h in &t.handlers {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    module_bindings(&h.body, name, out);
                }
                module_bindings(&t.orelse, name, out);
                module_bindings(&t.finalbody, name, out);
            }
            Stmt::With(w) => module_bindings(&w.body, name, out),
            _ => {}
        }
    }
}

/// Whether `def` is sturdy's helper: the marker comment directly above it, or a
/// docstring that says sturdy inserted it.
fn is_sturdy_helper(file: &SourceFile, def: &StmtFunctionDef) -> bool {
    let above = comments_above(&file.text, def.start());
    let marker = HELPER.lines().next().unwrap_or_default().trim();
    let comments = &file.text[TextRange::new(above, file.text.line_start(def.start()))];
    if comments
        .lines()
        .any(|l| l.trim() == marker || l.trim_start().starts_with("# sturdy: dispatch helper"))
    {
        return true;
    }
    match def.body.first() {
        Some(Stmt::Expr(e)) => match &*e.value {
            Expr::StringLiteral(s) => s.value.to_str().contains("Inserted by sturdy"),
            _ => false,
        },
        _ => false,
    }
}

/// sturdy's helper def in this module, if any (calls inside it are left alone).
fn local_helper_def<'a>(file: &'a SourceFile, option: Option<&str>) -> Option<&'a StmtFunctionDef> {
    let name = option
        .and_then(|s| s.split_once(':'))
        .map_or(HELPER_NAME, |(_, n)| n);
    let mut bindings = Vec::new();
    module_bindings(file.suite(), name, &mut bindings);
    bindings.iter().find_map(|b| match b {
        Binding::Def(f) if is_sturdy_helper(file, f) => Some(*f),
        _ => None,
    })
}

fn resolve_helper(file: &SourceFile, option: Option<&str>) -> Helper {
    let (module, name) = match option.and_then(|s| s.split_once(':')) {
        Some((m, n)) => (Some(m), n),
        None => (None, HELPER_NAME),
    };
    let mut bindings = Vec::new();
    module_bindings(file.suite(), name, &mut bindings);
    let local_def = bindings.iter().find_map(|b| match b {
        Binding::Def(f) if is_sturdy_helper(file, f) => Some(*f),
        _ => None,
    });
    let line = |at: TextSize| file.line_col(at).0;
    let other = bindings.iter().find_map(|b| match b {
        Binding::Def(f) if !is_sturdy_helper(file, f) => Some(line(f.start())),
        Binding::Other(at) => Some(line(*at)),
        _ => None,
    });
    let imported_from = bindings.iter().find_map(|b| match b {
        Binding::ImportFrom(m) => Some(m.clone()),
        _ => None,
    });
    let how = if let Some(l) = other {
        Err(format!(
            "`{name}` is already bound at line {l} to something other than sturdy's helper; rename it, or pass `--dispatch-helper package.module:name` to import the helper under another name"
        ))
    } else if let Some(def) = local_def {
        Ok(HelperUse {
            expr: name.to_string(),
            edit: None,
            defined_at: Some(def.start()),
        })
    } else if let Some(module) = module {
        // `ensure` reuses `from module import name [as alias]` and `import module`.
        let imported = imports::ensure(file, module, &[name], Style::From);
        match imported_from {
            Some(m) if imported.edit.is_some() => Err(format!(
                "`{name}` is imported from `{m}`, not from `{module}`; remove that import or pass `--dispatch-helper {m}:{name}`"
            )),
            _ => Ok(HelperUse {
                expr: imported.exprs[0].clone(),
                defined_at: imported.edit.as_ref().map(|e| e.range.start()),
                edit: imported.edit,
            }),
        }
    } else if let Some(m) = imported_from {
        Err(format!(
            "`{name}` is imported from `{m}` in this module; pass `--dispatch-helper {m}:{name}` to use that helper, or remove the import"
        ))
    } else {
        let edit = helper_insertion(file);
        Ok(HelperUse {
            expr: name.to_string(),
            defined_at: Some(edit.range.start()),
            edit: Some(edit),
        })
    };
    Helper { how }
}

/// The helper's text in the file's indentation and line ending, without a final newline.
fn helper_text(indent_unit: &str, nl: &str) -> String {
    let mut lines = Vec::new();
    for line in HELPER.trim_end().lines() {
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let line = if indent_unit == "    " || spaces == 0 {
            line.to_string()
        } else {
            format!(
                "{}{}{}",
                indent_unit.repeat(spaces / 4),
                " ".repeat(spaces % 4),
                &line[spaces..]
            )
        };
        lines.push(line);
    }
    lines.join(nl)
}

/// The edit inserting the helper after the imports, with two blank lines around it.
/// Identical for every call site of a file, so the engine applies it once.
fn helper_insertion(file: &SourceFile) -> Edit {
    let text = &file.text;
    let nl = file.newline();
    let mut at = imports::after_imports(file);
    let has_imports_or_docstring = file
        .suite()
        .first()
        .is_none_or(|s| text.line_start(s.start()) != at);
    if !has_imports_or_docstring {
        // Keep comments that describe the first statement attached to it.
        let above = comments_above(text, at);
        if above > TextSize::default() {
            at = above;
        }
    }
    let end = if at.to_usize() < text.len() {
        blank_lines_after(text, at)
    } else {
        at
    };
    let mut content = String::new();
    if at > TextSize::default() {
        let start_of_blanks = blank_lines_before(text, at);
        let existing = text[TextRange::new(start_of_blanks, at)].lines().count();
        if !text[..at.to_usize()].ends_with('\n') && !text[..at.to_usize()].ends_with('\r') {
            content.push_str(nl);
        }
        for _ in existing..2 {
            content.push_str(nl);
        }
    }
    content.push_str(&helper_text(file.indent_unit(), nl));
    content.push_str(nl);
    if end.to_usize() < text.len() {
        content.push_str(nl);
        content.push_str(nl);
    }
    Edit::replace(TextRange::new(at, end), content)
}

// ---------------------------------------------------------------------------
// Finding candidate calls.

enum Site<'a> {
    /// A call to rewrite, and whether it runs when the module is imported (not
    /// inside a function or lambda body).
    Rewrite(&'a ExprCall, bool),
    Skip(TextSize, String),
}

struct Finder<'a> {
    file: &'a SourceFile,
    local_helper: Option<&'a StmtFunctionDef>,
    /// The `**` parameter names of the enclosing functions and lambdas.
    kwargs: Vec<Option<String>>,
    /// The module and the enclosing functions and lambdas, innermost last.
    scopes: Vec<Scope<'a>>,
    in_decorator: usize,
    sites: Vec<Site<'a>>,
    /// The configured target version, when it is older than the helper allows.
    too_old: Option<(u8, u8)>,
}

impl<'a> Visitor<'a> for Finder<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        // Every candidate call has a `**` spread: pass over statements without one.
        if !Marks::within(&self.file.marks().unpacks, stmt.range()) {
            return;
        }
        let Stmt::FunctionDef(f) = stmt else {
            visitor::walk_stmt(self, stmt);
            return;
        };
        for d in &f.decorator_list {
            self.visit_decorator(d);
        }
        if let Some(tp) = &f.type_params {
            self.visit_type_params(tp);
        }
        self.visit_parameters(&f.parameters);
        if let Some(r) = &f.returns {
            self.visit_annotation(r);
        }
        if self.local_helper.is_some_and(|h| std::ptr::eq(h, f)) {
            return; // Calls inside the helper itself.
        }
        self.kwargs
            .push(f.parameters.kwarg.as_ref().map(|k| k.name.to_string()));
        self.scopes
            .push(Scope::of_body(Some(&f.parameters), &f.body));
        self.visit_body(&f.body);
        self.scopes.pop();
        self.kwargs.pop();
    }

    fn visit_decorator(&mut self, decorator: &'a Decorator) {
        self.in_decorator += 1;
        visitor::walk_decorator(self, decorator);
        self.in_decorator -= 1;
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.visit_parameters(p);
                }
                let kw = l
                    .parameters
                    .as_ref()
                    .and_then(|p| p.kwarg.as_ref())
                    .map(|k| k.name.to_string());
                self.kwargs.push(kw);
                self.scopes
                    .push(Scope::of_body(l.parameters.as_deref(), &[]));
                self.visit_expr(&l.body);
                self.scopes.pop();
                self.kwargs.pop();
                return;
            }
            Expr::Call(call) => self.consider(call),
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}

impl<'a> Finder<'a> {
    fn consider(&mut self, call: &'a ExprCall) {
        let spreads: Vec<&Expr> = call
            .arguments
            .keywords
            .iter()
            .filter(|k| k.arg.is_none())
            .map(|k| &k.value)
            .collect();
        if spreads.is_empty()
            || self.leave_alone(call, &spreads)
            || !self.is_payload_dispatch(call, &spreads)
        {
            return;
        }
        if let Some((major, minor)) = self.too_old {
            self.sites.push(Site::Skip(
                call.start(),
                format!("the helper uses positional-only parameters (Python 3.8+), but the target version is {major}.{minor}; raise the target version to 3.8 or later to rewrite this call"),
            ));
            return;
        }
        if self.in_decorator > 0 {
            self.sites.push(Site::Skip(
                call.start(),
                "`**` unpacking in a decorator configures the decorated definition at import time, where an ignored key would go unnoticed; keep it, or rewrite it by hand with `dispatch_by_signature` if extra keys really must be dropped".to_string(),
            ));
            return;
        }
        if let Some(msg) = evaluation_order_problem(self.file, call) {
            self.sites.push(Site::Skip(call.start(), msg));
            return;
        }
        self.sites.push(Site::Rewrite(call, self.kwargs.is_empty()));
    }

    /// Calls that are not payload dispatch, left alone without a diagnostic.
    fn leave_alone(&self, call: &ExprCall, spreads: &[&Expr]) -> bool {
        let func = &*call.func;
        // Calls of the helper itself (a previous run's output, or hand-written).
        let helper_name = |e: &Expr| last_segment(e).is_some_and(|n| n == HELPER_NAME);
        if helper_name(func) {
            return true;
        }
        // Forwarding the enclosing function's own `**kwargs`.
        let forwarded = |e: &Expr| match e {
            Expr::Name(n) => self.kwargs.iter().flatten().any(|k| k == n.id.as_str()),
            _ => false,
        };
        if spreads.iter().any(|e| forwarded(e)) {
            return true;
        }
        // Keys written out at the call site: `f(**{"a": 1})`, `f(**dict(a=1))`.
        if spreads.iter().all(|e| is_literal_keys(e)) {
            return true;
        }
        // Keyword arguments captured for a later call, by name: `f(**self._kwargs)`,
        // `f(**extra_kwargs)`, `f(**ba.kwargs)`; or an object's own state or scope:
        // `f(**other.__dict__)`, `f(**vars(x))`, `f(**locals())`.
        if spreads.iter().any(|e| is_captured_kwargs(e) || is_state(e)) {
            return true;
        }
        // Replaying a captured call: `f(*args, **kw)` passes positional and keyword
        // arguments collected together, which is forwarding, not payload dispatch.
        if call.arguments.args.iter().any(Expr::is_starred_expr) {
            return true;
        }
        match func {
            Expr::Name(n) => {
                DICT_CONSUMERS.contains(&n.id.as_str()) || DICT_METHODS.contains(&n.id.as_str())
            }
            Expr::Attribute(a) => {
                let attr = a.attr.as_str();
                DICT_CONSUMERS.contains(&attr)
                    || DICT_METHODS.contains(&attr)
                    // `self.__class__(**state)`: a copy of the object's own fields.
                    || attr == "__class__"
                    // `super().__init__(**options)`: cooperative chaining, not dispatch.
                    || matches!(&*a.value, Expr::Call(c) if matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "super"))
            }
            // `type(self)(**state)`: a copy constructor.
            Expr::Call(c) => matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "type"),
            _ => false,
        }
    }
}

// ---------------------------------------------------------------------------
// The positive signal: only calls that look like payload dispatch are rewritten.

/// Name tokens of a payload: data received or decoded, not options for the callee.
const DATA_TOKENS: &[&str] = &[
    "payload", "data", "datum", "message", "msg", "event", "evt", "body", "record", "rec", "row",
    "item", "doc", "document", "json", "request", "req", "response", "resp", "entry",
];

/// Name tokens of forwarded options, configuration, environment or location: a spread
/// with one of these is never treated as a payload, whatever else signals dispatch.
const NOT_DATA_TOKENS: &[&str] = &[
    "kw",
    "kws",
    "kwarg",
    "kwargs",
    "kwds",
    "keywords",
    "options",
    "option",
    "opts",
    "opt",
    "optdict",
    "cnf",
    "config",
    "cfg",
    "conf",
    "configuration",
    "settings",
    "setting",
    "env",
    "environ",
    "environment",
    "vars",
    "metadata",
    "meta",
    "pos",
    "position",
    "location",
    "loc",
    "lineno",
    "skips",
    "details",
    "defaults",
    "default",
    "overrides",
    "override",
    "changes",
    "state",
    "locals",
    "globals",
    "namespace",
    "ns",
    "attrs",
    "attrib",
    "attributes",
    "colors",
    "style",
    "extras",
    "flags",
    "headers",
];

/// Name tokens of a callable that handles a payload (a parameter or the iterable it is
/// drawn from).
const HANDLER_TOKENS: &[&str] = &[
    "handler",
    "callback",
    "cb",
    "fn",
    "func",
    "function",
    "target",
    "consumer",
    "listener",
    "subscriber",
    "hook",
    "receiver",
    "observer",
    "callable",
];

/// Modules whose `load`/`loads` decode serialised data.
const SERIALISATION_MODULES: &[&str] = &[
    "json",
    "simplejson",
    "ujson",
    "orjson",
    "rapidjson",
    "yaml",
    "ruamel",
    "pickle",
    "cPickle",
    "dill",
    "cloudpickle",
    "marshal",
    "msgpack",
    "ormsgpack",
    "tomllib",
    "tomli",
    "toml",
    "tomlkit",
    "plistlib",
    "cbor",
    "cbor2",
    "bson",
    "jsonpickle",
];

/// Functions and methods that decode serialised data, whatever their receiver.
const DESERIALISERS: &[&str] = &[
    "safe_load",
    "full_load",
    "unsafe_load",
    "unpackb",
    "literal_eval",
    "get_json",
    "json_decode",
    "from_json",
];

/// The lower-case words of an identifier: split at `_`, digits and camelCase humps
/// (`HTTPRequest` is `http`, `request`).
fn tokens(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut out = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphabetic() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1);
        let hump = c.is_uppercase()
            && (prev.is_some_and(char::is_lowercase)
                || (prev.is_some_and(char::is_uppercase)
                    && next.is_some_and(|n| n.is_lowercase())));
        if hump && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Whether a token (or its singular) is in `list`.
fn token_in(token: &str, list: &[&str]) -> bool {
    list.contains(&token) || token.strip_suffix('s').is_some_and(|t| list.contains(&t))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Naming {
    /// Named like data: `raw_payload`, `message["body"]`, `event.data`.
    Data,
    /// Named like options, configuration, environment or location: `env`, `metadata`.
    NotData,
    Neutral,
}

fn classify(name: &str) -> Naming {
    let tokens = tokens(name);
    if tokens.iter().any(|t| NOT_DATA_TOKENS.contains(&t.as_str())) {
        Naming::NotData
    } else if tokens.iter().any(|t| token_in(t, DATA_TOKENS)) {
        Naming::Data
    } else {
        Naming::Neutral
    }
}

/// The names a spread value goes by, most specific first: a name, the last attribute,
/// a subscript's string key then its base, `.get("key")`'s key then its receiver, the
/// function a call result comes from, the left operand of `or`.
fn spread_names(e: &Expr, out: &mut Vec<String>) {
    match e {
        Expr::Name(n) => out.push(n.id.to_string()),
        Expr::Attribute(a) => out.push(a.attr.to_string()),
        Expr::Subscript(s) => {
            if let Expr::StringLiteral(k) = &*s.slice {
                out.push(k.value.to_str().to_string());
            }
            spread_names(&s.value, out);
        }
        Expr::Call(c) => match &*c.func {
            Expr::Attribute(a) if a.attr.as_str() == "get" => {
                if let Some(Expr::StringLiteral(k)) = c.arguments.args.first() {
                    out.push(k.value.to_str().to_string());
                }
                spread_names(&a.value, out);
            }
            f => out.extend(last_segment(f)),
        },
        Expr::BoolOp(b) if b.op == BoolOp::Or => {
            if let Some(first) = b.values.first() {
                spread_names(first, out);
            }
        }
        _ => {}
    }
}

/// How a spread value is named: the first of its names that is not neutral.
fn spread_naming(e: &Expr) -> Naming {
    let mut names = Vec::new();
    spread_names(e, &mut names);
    names
        .iter()
        .map(|n| classify(n))
        .find(|n| *n != Naming::Neutral)
        .unwrap_or(Naming::Neutral)
}

/// Whether `call` decodes serialised data: `json.loads(s)`, `yaml.safe_load(f)`,
/// `pickle.load(f)`, `msgpack.unpackb(b)`, `ast.literal_eval(s)`, `loads(s)`,
/// `response.json()`, `request.get_json()`.
fn is_deserialisation(call: &ExprCall) -> bool {
    match &*call.func {
        Expr::Name(n) => {
            let id = n.id.as_str();
            id == "loads" || DESERIALISERS.contains(&id)
        }
        Expr::Attribute(a) => {
            let attr = a.attr.as_str();
            DESERIALISERS.contains(&attr)
                || (attr == "json" && call.arguments.is_empty())
                || (matches!(attr, "load" | "loads")
                    && last_segment(&a.value)
                        .is_some_and(|m| SERIALISATION_MODULES.contains(&m.as_str())))
        }
        _ => false,
    }
}

/// How a local name was bound.
#[derive(Clone, Copy)]
enum Bound<'a> {
    /// `name = value` (or `name: T = value`).
    Value(&'a Expr),
    /// `for name in iter` (also inside a tuple target).
    Loop(&'a Expr),
}

/// The parameters and bindings of a function, lambda or module body, not counting
/// nested functions and classes.
struct Scope<'a> {
    params: Vec<String>,
    bindings: Vec<(String, Bound<'a>)>,
}

impl<'a> Scope<'a> {
    fn of_body(params: Option<&'a ruff_python_ast::Parameters>, body: &'a [Stmt]) -> Self {
        struct Collect<'a>(Vec<(String, Bound<'a>)>);
        fn names<'a>(target: &'a Expr, bound: Bound<'a>, out: &mut Vec<(String, Bound<'a>)>) {
            match target {
                Expr::Name(n) => out.push((n.id.to_string(), bound)),
                Expr::Tuple(t) => t.elts.iter().for_each(|e| names(e, bound, out)),
                Expr::List(l) => l.elts.iter().for_each(|e| names(e, bound, out)),
                _ => {}
            }
        }
        impl<'a> Visitor<'a> for Collect<'a> {
            fn visit_stmt(&mut self, stmt: &'a Stmt) {
                match stmt {
                    Stmt::FunctionDef(_) | Stmt::ClassDef(_) => return,
                    Stmt::Assign(a) => {
                        for t in &a.targets {
                            if let Expr::Name(n) = t {
                                self.0.push((n.id.to_string(), Bound::Value(&a.value)));
                            }
                        }
                    }
                    Stmt::AnnAssign(a) => {
                        if let (Expr::Name(n), Some(v)) = (&*a.target, &a.value) {
                            self.0.push((n.id.to_string(), Bound::Value(v)));
                        }
                    }
                    Stmt::For(f) => names(&f.target, Bound::Loop(&f.iter), &mut self.0),
                    _ => {}
                }
                visitor::walk_stmt(self, stmt);
            }
            fn visit_expr(&mut self, _: &'a Expr) {}
        }
        let mut c = Collect(Vec::new());
        c.visit_body(body);
        Scope {
            params: params
                .map(|p| p.iter().map(|p| p.name().to_string()).collect())
                .unwrap_or_default(),
            bindings: c.0,
        }
    }
}

/// Whether a name or attribute chain is named like a collection of handlers.
fn named_like_handlers(e: &Expr) -> bool {
    let mut names = Vec::new();
    let mut e = e;
    loop {
        match e {
            Expr::Name(n) => {
                names.push(n.id.to_string());
                break;
            }
            Expr::Attribute(a) => {
                names.push(a.attr.to_string());
                e = &a.value;
            }
            // `handlers.values()`, `self._callbacks.items()`, `sorted(hooks)`.
            Expr::Call(c) => match (&*c.func, c.arguments.args.first()) {
                (Expr::Attribute(a), _) => e = &a.value,
                (_, Some(arg)) => e = arg,
                _ => break,
            },
            Expr::Subscript(s) => e = &s.value,
            _ => break,
        }
    }
    names
        .iter()
        .any(|n| tokens(n).iter().any(|t| token_in(t, HANDLER_TOKENS)))
}

impl<'a> Finder<'a> {
    /// The innermost binding of `name` among the enclosing scopes: `Ok(param)` for a
    /// parameter, `Err(bindings)` for local bindings.
    fn lookup(&self, name: &str) -> Option<Result<(), Vec<Bound<'a>>>> {
        for scope in self.scopes.iter().rev() {
            if scope.params.iter().any(|p| p == name) {
                return Some(Ok(()));
            }
            let bound: Vec<Bound<'a>> = scope
                .bindings
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, b)| *b)
                .collect();
            if !bound.is_empty() {
                return Some(Err(bound));
            }
        }
        None
    }

    /// Whether the spread value is decoded data: a deserialising call, or a local name
    /// (or the base of a subscript of one) assigned from one.
    fn is_decoded(&self, e: &Expr) -> bool {
        match e {
            Expr::Call(c) => is_deserialisation(c),
            Expr::Subscript(s) => self.is_decoded(&s.value),
            Expr::Name(n) => matches!(self.lookup(n.id.as_str()), Some(Err(bound))
                if bound.iter().any(|b| matches!(b, Bound::Value(Expr::Call(c)) if is_deserialisation(c)))),
            _ => false,
        }
    }

    /// Whether the callee is chosen at run time: `HANDLERS[kind](...)`,
    /// `get_handler(kind)(...)`, or a local name bound from a subscript, `.get(...)`,
    /// `getattr(...)` or a loop over handlers, or a parameter named like a handler.
    fn is_dynamic_callee(&self, func: &Expr) -> bool {
        match func {
            Expr::Subscript(_) | Expr::Call(_) => true,
            Expr::Name(n) => match self.lookup(n.id.as_str()) {
                Some(Ok(())) => tokens(n.id.as_str())
                    .iter()
                    .any(|t| token_in(t, HANDLER_TOKENS)),
                Some(Err(bound)) => bound.iter().any(|b| match b {
                    Bound::Value(Expr::Subscript(_)) => true,
                    Bound::Value(Expr::Call(c)) => match &*c.func {
                        Expr::Name(f) => f.id.as_str() == "getattr",
                        Expr::Attribute(a) => a.attr.as_str() == "get",
                        _ => false,
                    },
                    Bound::Value(_) => false,
                    Bound::Loop(iter) => named_like_handlers(iter),
                }),
                None => false,
            },
            _ => false,
        }
    }

    /// The positive signal: a spread named like data (and none named like options),
    /// or decoded data, or a callee chosen at run time.
    fn is_payload_dispatch(&self, call: &ExprCall, spreads: &[&Expr]) -> bool {
        let naming: Vec<Naming> = spreads.iter().map(|e| spread_naming(e)).collect();
        if naming.contains(&Naming::NotData) {
            return false;
        }
        naming.contains(&Naming::Data)
            || spreads.iter().any(|e| self.is_decoded(e))
            || self.is_dynamic_callee(&call.func)
    }
}

/// `{"a": 1}` or `dict(a=1)`: keys written out at the call site.
fn is_literal_keys(e: &Expr) -> bool {
    match e {
        Expr::Dict(_) => true,
        Expr::Call(c) => {
            matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "dict")
                && c.arguments.args.is_empty()
                && c.arguments.keywords.iter().all(|k| k.arg.is_some())
        }
        _ => false,
    }
}

/// Whether a name or attribute is named like captured keyword arguments or call
/// options (`kwargs`, `kwds`, `kw`, `keywords`, `extra_kwargs`, `_kw`, `options`,
/// `opts`, `cnf`, `config`, `*_options`, `*args`, `*arguments`...), as opposed to a
/// payload.
fn is_captured_kwargs(e: &Expr) -> bool {
    let Some(name) = last_segment(e) else {
        return false;
    };
    let name = name.trim_start_matches('_').to_ascii_lowercase();
    name.contains("kwarg")
        || name.contains("kwd")
        || matches!(name.as_str(), "kw" | "kws" | "keywords")
        || name.starts_with("kw_")
        || name.ends_with("_kw")
        || name.ends_with("_kws")
        || name.ends_with("_keywords")
        || matches!(
            name.as_str(),
            "options" | "opts" | "optdict" | "cnf" | "cfg" | "config"
        )
        || name.ends_with("_options")
        || name.ends_with("_opts")
        || name.ends_with("args")
        || name.ends_with("arguments")
}

/// `x.__dict__`, `vars(x)`, `locals()`, `globals()`: an object's or scope's own state.
fn is_state(e: &Expr) -> bool {
    match e {
        Expr::Attribute(a) => a.attr.as_str() == "__dict__",
        Expr::Call(c) => {
            matches!(&*c.func, Expr::Name(n) if matches!(n.id.as_str(), "vars" | "locals" | "globals"))
        }
        _ => false,
    }
}

/// Whether evaluating `expr` can have side effects the rewrite could reorder: it
/// contains a call, `await`, `yield` or `:=`. Names, attributes, subscripts and
/// constants count as pure; lambda bodies are not evaluated.
fn has_side_effects(expr: &Expr) -> bool {
    struct S(bool);
    impl<'b> Visitor<'b> for S {
        fn visit_expr(&mut self, e: &'b Expr) {
            match e {
                Expr::Call(_)
                | Expr::Await(_)
                | Expr::Yield(_)
                | Expr::YieldFrom(_)
                | Expr::Named(_) => self.0 = true,
                Expr::Lambda(_) => {}
                _ => visitor::walk_expr(self, e),
            }
        }
    }
    let mut s = S(false);
    s.visit_expr(expr);
    s.0
}

/// The rewrite evaluates every `**` spread before the other arguments. A problem
/// when a spread with side effects follows an argument with side effects.
fn evaluation_order_problem(file: &SourceFile, call: &ExprCall) -> Option<String> {
    let mut items: Vec<(TextSize, Option<&Expr>, &Expr)> = Vec::new(); // (start, spread?, value)
    for a in &call.arguments.args {
        items.push((a.start(), None, a));
    }
    for k in &call.arguments.keywords {
        items.push((k.start(), k.arg.is_none().then_some(&k.value), &k.value));
    }
    items.sort_by_key(|i| i.0);
    let mut effectful: Option<&Expr> = None;
    for (_, spread, value) in items {
        match spread {
            Some(s) if has_side_effects(s) => {
                if let Some(before) = effectful {
                    return Some(format!(
                        "the rewrite would evaluate the payload `{}` before the argument `{}`, which is evaluated first today; assign the payload to a variable before the call and re-run",
                        short(file.slice(s.range())),
                        short(file.slice(before.range()))
                    ));
                }
            }
            Some(_) => {}
            None if has_side_effects(value) => effectful = effectful.or(Some(value)),
            None => {}
        }
    }
    None
}

/// A one-line excerpt of source for messages.
fn short(text: &str) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 40 {
        format!("{}...", one.chars().take(37).collect::<String>())
    } else {
        one
    }
}

// ---------------------------------------------------------------------------
// The rewrite.

/// One argument of the call: its full range (with parentheses and `**`/`name=`).
struct Item<'e> {
    range: TextRange,
    spread: Option<&'e Expr>,
}

/// Whether `e` must be parenthesized after `**` in a dict display (which takes a
/// bitwise-or expression, while a call's `**` takes a conditional expression).
fn needs_parens_in_dict(e: &Expr) -> bool {
    match e {
        Expr::BoolOp(b) => matches!(b.op, BoolOp::And | BoolOp::Or),
        Expr::UnaryOp(u) => u.op == UnaryOp::Not,
        Expr::If(_) | Expr::Lambda(_) | Expr::Compare(_) | Expr::Named(_) => true,
        _ => false,
    }
}

fn rewrite(file: &SourceFile, call: &ExprCall, helper: &str) -> Result<String, String> {
    let text = &file.text;
    let tokens = file.tokens();
    let args_node = AnyNodeRef::from(&call.arguments);
    let mut items: Vec<Item> = Vec::new();
    for a in &call.arguments.args {
        let range = parenthesized_range(a.into(), args_node, tokens).unwrap_or(a.range());
        items.push(Item {
            range,
            spread: None,
        });
    }
    for k in &call.arguments.keywords {
        items.push(Item {
            range: k.range(),
            spread: k.arg.is_none().then_some(&k.value),
        });
    }
    items.sort_by_key(|i| i.range.start());
    let func_range =
        parenthesized_range((&*call.func).into(), call.into(), tokens).unwrap_or(call.func.range());
    let callee = file.slice(func_range);

    // The payload: the spread's text, or a merged dict display for several.
    let spread_text = |e: &Expr, k_range: TextRange| -> (String, bool) {
        let r = parenthesized_range(e.into(), AnyNodeRef::from(&call.arguments), tokens)
            .filter(|r| k_range.contains_range(*r))
            .unwrap_or(e.range());
        (file.slice(r).to_string(), r != e.range())
    };
    let spreads: Vec<(&Expr, TextRange)> = items
        .iter()
        .filter_map(|i| i.spread.map(|e| (e, i.range)))
        .collect();
    let payload = if let [(e, r)] = spreads.as_slice() {
        spread_text(e, *r).0
    } else {
        let parts: Vec<String> = spreads
            .iter()
            .map(|(e, r)| {
                let (t, parenthesized) = spread_text(e, *r);
                if !parenthesized && needs_parens_in_dict(e) {
                    format!("**({t})")
                } else {
                    format!("**{t}")
                }
            })
            .collect();
        format!("{{{}}}", parts.join(", "))
    };

    // Sub-edits of the call text, as absolute ranges.
    let open = call.arguments.start() + TextSize::from(1);
    let close = call.arguments.end() - TextSize::from(1);
    let mut edits: Vec<(TextRange, String)> =
        vec![(TextRange::new(call.start(), open), format!("{helper}("))];
    let first_spread = items
        .iter()
        .position(|i| i.spread.is_some())
        .expect("a spread");
    let first = &items[0];
    let own_line = text[TextRange::new(text.line_start(first.range.start()), first.range.start())]
        .trim()
        .is_empty()
        && text.line_start(first.range.start()) > text.line_start(open);
    let sep = if own_line {
        let indent =
            &text[TextRange::new(text.line_start(first.range.start()), first.range.start())];
        format!(",{}{indent}", file.newline())
    } else {
        ", ".to_string()
    };
    let mut deleted = vec![false; items.len()];
    if first_spread == 0 {
        edits.push((first.range, format!("{callee}{sep}{payload}")));
    } else {
        edits.push((
            TextRange::empty(first.range.start()),
            format!("{callee}{sep}{payload}{sep}"),
        ));
        deleted[first_spread] = true;
    }
    for (i, item) in items.iter().enumerate().skip(first_spread + 1) {
        deleted[i] = item.spread.is_some();
    }
    // Delete runs of consecutive deleted items with their separators.
    let has_comment = |r: TextRange| file.comment_ranges().any(|c| r.contains_range(c));
    let mut i = 0;
    while i < items.len() {
        if !deleted[i] {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < items.len() && deleted[j + 1] {
            j += 1;
        }
        let primary = if j + 1 < items.len() {
            TextRange::new(items[i].range.start(), items[j + 1].range.start())
        } else {
            TextRange::new(items[i - 1].range.end(), items[j].range.end())
        };
        if has_comment(primary) {
            // Delete each item and its comma only, keeping the comments around it.
            for item in &items[i..=j] {
                edits.push((item_with_comma(file, item.range, close), String::new()));
            }
        } else {
            edits.push((primary, String::new()));
        }
        i = j + 1;
    }

    // Splice.
    edits.sort_by_key(|(r, _)| (r.start(), r.end()));
    let mut out = String::new();
    let mut last = call.start();
    for (r, content) in &edits {
        if r.start() < last {
            return Err(
                "sturdy could not rewrite this call's arguments; rewrite it by hand".into(),
            );
        }
        out.push_str(&text[TextRange::new(last, r.start())]);
        out.push_str(content);
        last = r.end();
    }
    out.push_str(&text[TextRange::new(last, call.end())]);

    // Every comment of the call must survive, in order.
    let mut rest = out.as_str();
    for c in file
        .comment_ranges()
        .filter(|c| call.range().contains_range(*c))
    {
        let comment = file.slice(c);
        match rest.find(comment) {
            Some(p) => rest = &rest[p + comment.len()..],
            None => {
                return Err("a comment inside the call's parentheses would be lost; move it above the call and re-run".into());
            }
        }
    }
    if !crate::source::parses(&out) && !crate::source::parses(&format!("({out})")) {
        return Err("sturdy could not rewrite this call's arguments; rewrite it by hand".into());
    }
    Ok(out)
}

/// `item` plus its trailing comma and the spaces after it; the whole line when
/// nothing else remains on it.
fn item_with_comma(file: &SourceFile, item: TextRange, close: TextSize) -> TextRange {
    let text = &file.text;
    let mut end = item.end();
    if let Some(t) = file
        .tokens()
        .in_range(TextRange::new(item.end(), close))
        .iter()
        .find(|t| !t.kind().is_trivia())
        && t.kind() == TokenKind::Comma
    {
        end = t.end();
    }
    let rest = &text[end.to_usize()..];
    end += TextSize::try_from(rest.len() - rest.trim_start_matches([' ', '\t']).len())
        .unwrap_or_default();
    let line_start = text.line_start(item.start());
    let before_blank = text[TextRange::new(line_start, item.start())]
        .trim()
        .is_empty();
    let after_blank = text[end.to_usize()..].starts_with(['\n', '\r']);
    if before_blank && after_blank {
        return TextRange::new(line_start, text.full_line_end(end));
    }
    TextRange::new(item.start(), end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helper_defines_the_name() {
        assert!(HELPER.starts_with('#'));
        assert!(HELPER.contains(&format!("\ndef {HELPER_NAME}(")));
    }

    #[test]
    fn readme_shows_the_helper() {
        let readme = SignatureDispatch.docs();
        assert!(
            readme.contains(HELPER.trim_end()),
            "README.md must contain dispatch_helper.py verbatim (it is what --explain prints)"
        );
    }

    fn run_with(source: &str, target_version: Option<(u8, u8)>) -> (usize, Vec<String>) {
        let file = SourceFile::parse("t.py", source.to_string()).expect("parses");
        let facts = super::super::Facts::default();
        let options = super::super::Options {
            target_version,
            ..Default::default()
        };
        let mut cx = Context::new("signature-dispatch", &file, &facts, &options);
        SignatureDispatch.run(&mut cx);
        let messages = cx.diagnostics.iter().map(|d| d.message.clone()).collect();
        (cx.changes.len(), messages)
    }

    #[test]
    fn skips_targets_older_than_3_8() {
        let source = "def handle(f, payload):\n    return f(**payload)\n";
        let (changes, skips) = run_with(source, Some((3, 7)));
        assert_eq!(changes, 0);
        assert_eq!(skips.len(), 1);
        assert!(skips[0].contains("positional-only") && skips[0].contains("3.7"));
        // Calls without a payload signal stay silent, whatever the version.
        let (changes, skips) = run_with("def g(f, env):\n    f(**env)\n", Some((3, 7)));
        assert_eq!((changes, skips.len()), (0, 0));
        for version in [Some((3, 8)), Some((3, 12)), None] {
            let (changes, skips) = run_with(source, version);
            assert_eq!((changes, skips.len()), (1, 0), "{version:?}");
        }
    }

    #[test]
    fn splits_names_into_tokens() {
        assert_eq!(tokens("raw_payload"), ["raw", "payload"]);
        assert_eq!(tokens("cleanedData2"), ["cleaned", "data"]);
        assert_eq!(tokens("_HTTPRequest"), ["http", "request"]);
        assert_eq!(tokens("JSONData"), ["json", "data"]);
        assert_eq!(classify("metadata"), Naming::NotData);
        assert_eq!(classify("exc_details"), Naming::NotData);
        assert_eq!(classify("msg_data"), Naming::Data);
        assert_eq!(classify("request_options"), Naming::NotData);
        assert_eq!(classify("events"), Naming::Data);
        assert_eq!(classify("params"), Naming::Neutral);
        assert_eq!(classify("od"), Naming::Neutral);
    }

    #[test]
    fn reindents_helper() {
        let t = helper_text("\t", "\r\n");
        assert!(t.contains("\r\n\tentry = "));
        assert!(!t.contains("\r\n    entry"));
        assert!(!t.contains("\n\n"));
    }
}
