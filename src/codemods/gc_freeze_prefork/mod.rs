//! `gc-freeze-prefork`: apply the copy-on-write recipe from the `gc.freeze()`
//! documentation to code that forks worker processes.
//!
//! - gunicorn configuration files with `preload_app = True`: `gc.disable()` at module
//!   level, `gc.freeze()` first in `pre_fork(server, worker)`, `gc.enable()` first in
//!   `post_fork(server, worker)` (existing hooks are extended, missing ones added).
//!   The three edits and the import are one change: a config that disables the
//!   collector must also re-enable it in the workers.
//! - `os.fork()` / `os.forkpty()` call sites: `gc.freeze()` before the statement that
//!   forks, once per block.
//! - `multiprocessing` pools and process starts where the fork start method is
//!   explicit in the file: `gc.freeze()` before the statement that creates the pool or
//!   starts the process.
//!
//! Forks that run in the child of another fork, per request, per accepted connection,
//! right before `exec*()`, or only to daemonize are skipped with a reason.

use std::collections::{HashMap, HashSet};

use ruff_python_ast::helpers::is_docstring_stmt;
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, CmpOp, Expr, Stmt, StmtClassDef, StmtFunctionDef, UnaryOp};
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{Codemod, Context};
use crate::edit::Edit;
use crate::imports::{self, Style};
use crate::source::SourceFile;
use crate::util::{comments_above, contains, dotted, indent_of, last_segment};

/// gc.freeze() before forking workers in pre-fork servers.
pub struct GcFreezePrefork;

const NAME: &str = "gc-freeze-prefork";

/// Trailing comment on the module-level `gc.disable()` added to gunicorn configs.
const DISABLE_COMMENT: &str =
    "  # re-enabled in each worker by post_fork; see the gc.freeze() docs";

/// Module-level names gunicorn reads from a configuration file (a subset that is
/// distinctive enough to recognise a config by its content).
const GUNICORN_SETTINGS: &[&str] = &[
    "bind",
    "workers",
    "worker_class",
    "threads",
    "worker_connections",
    "max_requests",
    "max_requests_jitter",
    "timeout",
    "graceful_timeout",
    "keepalive",
    "preload_app",
    "reload",
    "daemon",
    "raw_env",
    "pidfile",
    "worker_tmp_dir",
    "accesslog",
    "errorlog",
    "loglevel",
    "proc_name",
    "backlog",
    "forwarded_allow_ips",
    "wsgi_app",
    "limit_request_line",
    "on_starting",
    "when_ready",
    "pre_fork",
    "post_fork",
    "post_worker_init",
    "worker_int",
    "worker_abort",
];

/// Settings that, with one more from the list, mark a module as a gunicorn config.
const GUNICORN_CORE: &[&str] = &["bind", "workers", "worker_class", "threads"];

/// Route decorators of Flask / FastAPI / Starlette / Sanic / aiohttp / Bottle that
/// register the function as a request handler whatever their arguments.
const ROUTE_DECORATORS: &[&str] = &["route", "api_route", "websocket", "add_route"];
/// HTTP-verb decorators (`@app.get("/items")`): a handler when the first argument is a
/// path.
const VERB_DECORATORS: &[&str] = &["get", "post", "put", "delete", "patch", "head", "options"];
/// Django / DRF view decorators.
const VIEW_DECORATORS: &[&str] = &[
    "api_view",
    "require_http_methods",
    "require_GET",
    "require_POST",
    "require_safe",
    "csrf_exempt",
    "login_required",
    "permission_required",
];
/// Functions that run once per request or connection (`socketserver.ForkingMixIn`).
const PER_REQUEST_FUNCTIONS: &[&str] = &[
    "process_request",
    "finish_request",
    "handle_request",
    "handle_connection",
    "handle_client",
    "handle",
];
/// Calls that make a loop iterate once per connection or request.
const ACCEPT_CALLS: &[&str] = &["accept", "get_request", "recvfrom", "recv_multipart"];

impl Codemod for GcFreezePrefork {
    fn name(&self) -> &'static str {
        NAME
    }
    fn summary(&self) -> &'static str {
        "gc.freeze() before forking workers in pre-fork servers"
    }
    fn docs(&self) -> &'static str {
        include_str!("../../../codemods/gc-freeze-prefork/README.md")
    }
    fn default_enabled(&self) -> bool {
        false
    }
    fn might_apply(&self, file: &SourceFile) -> bool {
        // gunicorn settings are module-level statements (see `Marks::settings`).
        !file.marks().settings.is_empty() || !file.marks().forks.is_empty()
    }
    fn run(&self, cx: &mut Context) {
        let names = Names::collect(cx.file);
        if is_gunicorn_config(cx.file) {
            gunicorn(cx, &names);
        }
        if !cx.file.marks().forks.is_empty() {
            fork_sites(cx, &names);
        }
    }
}

// ---------------------------------------------------------------------------
// Name resolution

/// False when `func` is an attribute (`x.name`) whose name is not the last segment
/// of any of `qualified`: an attribute's name is never an import alias, so such a
/// call cannot resolve to one of them. Rules out most calls before
/// [`Names::resolve`] builds a qualified name.
fn attr_among(func: &Expr, qualified: &[&str]) -> bool {
    match func {
        Expr::Attribute(a) => qualified
            .iter()
            .any(|q| q.rsplit('.').next() == Some(a.attr.as_str())),
        _ => true,
    }
}

/// What the file imports, anywhere (top level or inside functions).
#[derive(Default)]
struct Names {
    /// module -> local names bound by `import module [as alias]`.
    modules: std::collections::BTreeMap<String, HashSet<String>>,
    /// local name -> `module.name` for `from module import name [as local]`.
    from: HashMap<String, String>,
}

impl Names {
    fn collect(file: &SourceFile) -> Self {
        struct C(Names);
        impl<'b> Visitor<'b> for C {
            fn visit_stmt(&mut self, s: &'b Stmt) {
                match s {
                    Stmt::Import(i) => {
                        for a in &i.names {
                            let module = a.name.to_string();
                            match &a.asname {
                                Some(alias) => {
                                    self.0
                                        .modules
                                        .entry(module)
                                        .or_default()
                                        .insert(alias.to_string());
                                }
                                None => {
                                    // `import a.b` binds `a` and makes `a.b` reachable.
                                    let first = module.split('.').next().unwrap_or("").to_string();
                                    self.0
                                        .modules
                                        .entry(first.clone())
                                        .or_default()
                                        .insert(first);
                                    self.0
                                        .modules
                                        .entry(module.clone())
                                        .or_default()
                                        .insert(module);
                                }
                            }
                        }
                    }
                    Stmt::ImportFrom(f) if f.level == 0 => {
                        if let Some(m) = &f.module {
                            for a in &f.names {
                                let local = a.asname.as_ref().unwrap_or(&a.name).to_string();
                                self.0.from.insert(local, format!("{m}.{}", a.name));
                            }
                        }
                    }
                    _ => visitor::walk_stmt(self, s),
                }
            }
        }
        let mut c = C(Names::default());
        c.visit_body(file.suite());
        c.0
    }

    /// The qualified `module.name` an expression refers to through an import.
    fn resolve(&self, e: &Expr) -> Option<String> {
        match e {
            Expr::Name(n) => self.from.get(n.id.as_str()).cloned(),
            Expr::Attribute(a) => {
                let base = dotted(&a.value)?;
                if let Some(q) = self.from.get(&base) {
                    return Some(format!("{q}.{}", a.attr));
                }
                self.modules
                    .iter()
                    .find(|(_, aliases)| aliases.contains(&base))
                    .map(|(m, _)| format!("{m}.{}", a.attr))
            }
            _ => None,
        }
    }

    fn is_call_to(&self, e: &Expr, qualified: &[&str]) -> bool {
        matches!(e, Expr::Call(c) if attr_among(&c.func, qualified)
            && self.resolve(&c.func).is_some_and(|q| qualified.contains(&q.as_str())))
    }

    fn is_fork_call(&self, e: &Expr) -> bool {
        self.is_call_to(e, &["os.fork", "os.forkpty", "posix.fork", "posix.forkpty"])
    }

    /// `sys.exit(...)`, `os._exit(...)`, `exit()`, `quit()`.
    fn is_exit_call(&self, e: &Expr) -> bool {
        if self.is_call_to(e, &["sys.exit", "os._exit", "posix._exit"]) {
            return true;
        }
        matches!(e, Expr::Call(c) if matches!(&*c.func, Expr::Name(n) if matches!(n.id.as_str(), "exit" | "quit")))
    }

    /// `os.exec*(...)`, `os.fexecve(...)` (also through `posix`).
    fn is_exec_call(&self, e: &Expr) -> bool {
        let plausible = |c: &ast::ExprCall| match &*c.func {
            Expr::Attribute(a) => a.attr.starts_with("exec") || a.attr.as_str() == "fexecve",
            _ => true,
        };
        matches!(e, Expr::Call(c) if plausible(c) && self.resolve(&c.func).is_some_and(|q| {
            q.strip_prefix("os.")
                .or_else(|| q.strip_prefix("posix."))
                .is_some_and(|n| n.starts_with("exec") || n == "fexecve")
        }))
    }
}

/// The call expression of an expression statement.
fn stmt_call(s: &Stmt) -> Option<&Expr> {
    match s {
        Stmt::Expr(e) if e.value.is_call_expr() => Some(&e.value),
        _ => None,
    }
}

/// Whether any expression in `stmts` (nested blocks included, function and class
/// bodies and lambdas excluded) satisfies `pred`.
fn any_call(stmts: &[Stmt], pred: &dyn Fn(&Expr) -> bool) -> bool {
    struct F<'p> {
        pred: &'p dyn Fn(&Expr) -> bool,
        found: bool,
    }
    impl<'b> Visitor<'b> for F<'_> {
        fn visit_stmt(&mut self, s: &'b Stmt) {
            if !matches!(s, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
                visitor::walk_stmt(self, s);
            }
        }
        fn visit_expr(&mut self, e: &'b Expr) {
            if self.found || e.is_lambda_expr() {
                return;
            }
            if (self.pred)(e) {
                self.found = true;
                return;
            }
            visitor::walk_expr(self, e);
        }
    }
    let mut f = F { pred, found: false };
    f.visit_body(stmts);
    f.found
}

/// Whether `e` or a subexpression (lambdas excluded) satisfies `pred`.
fn expr_has(e: &Expr, pred: &dyn Fn(&Expr) -> bool) -> bool {
    struct F<'p> {
        pred: &'p dyn Fn(&Expr) -> bool,
        found: bool,
    }
    impl<'b> Visitor<'b> for F<'_> {
        fn visit_expr(&mut self, e: &'b Expr) {
            if self.found || e.is_lambda_expr() {
                return;
            }
            if (self.pred)(e) {
                self.found = true;
                return;
            }
            visitor::walk_expr(self, e);
        }
    }
    let mut f = F { pred, found: false };
    f.visit_expr(e);
    f.found
}

/// Whether a block always leaves (its last statement returns, raises, continues,
/// breaks or exits the process).
fn terminates(stmts: &[Stmt], names: &Names) -> bool {
    match stmts.last() {
        Some(Stmt::Return(_) | Stmt::Raise(_) | Stmt::Continue(_) | Stmt::Break(_)) => true,
        Some(s) => stmt_call(s).is_some_and(|c| names.is_exit_call(c)),
        None => false,
    }
}

// ---------------------------------------------------------------------------
// gunicorn configuration files

/// Top-level statements, looking through `if` / `try` / `with` (not into defs).
fn module_level<'a>(body: &'a [Stmt], out: &mut Vec<&'a Stmt>) {
    for s in body {
        out.push(s);
        match s {
            Stmt::If(i) => {
                module_level(&i.body, out);
                for c in &i.elif_else_clauses {
                    module_level(&c.body, out);
                }
            }
            Stmt::Try(t) => {
                module_level(&t.body, out);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    module_level(&h.body, out);
                }
                module_level(&t.orelse, out);
                module_level(&t.finalbody, out);
            }
            Stmt::With(w) => module_level(&w.body, out),
            _ => {}
        }
    }
}

/// Names bound at module level by assignment or definition (not by import), with
/// the binding statement.
fn module_bindings(file: &SourceFile) -> Vec<(String, &Stmt)> {
    let mut stmts = Vec::new();
    module_level(file.suite(), &mut stmts);
    let mut out = Vec::new();
    for s in stmts {
        match s {
            Stmt::Assign(a) => {
                for t in &a.targets {
                    if let Expr::Name(n) = t {
                        out.push((n.id.to_string(), s));
                    }
                }
            }
            Stmt::AnnAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    out.push((n.id.to_string(), s));
                }
            }
            Stmt::AugAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    out.push((n.id.to_string(), s));
                }
            }
            Stmt::FunctionDef(f) => out.push((f.name.to_string(), s)),
            Stmt::ClassDef(c) => out.push((c.name.to_string(), s)),
            _ => {}
        }
    }
    out
}

/// Whether the file is a gunicorn configuration: by name (`gunicorn.conf.py`,
/// `gunicorn_config.py`, `gunicorn-prod.conf.py`, ...) or by content (module-level
/// `preload_app`, or `bind` with `workers`/`worker_class`/`threads` and another setting).
fn is_gunicorn_config(file: &SourceFile) -> bool {
    let name = std::path::Path::new(&file.path)
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name.starts_with("gunicorn") && name.ends_with(".py") && name.contains("conf") {
        return true;
    }
    let bound: HashSet<String> = module_bindings(file)
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| GUNICORN_SETTINGS.contains(&n.as_str()))
        .collect();
    bound.contains("preload_app")
        || (bound.contains("bind")
            && bound.len() >= 3
            && GUNICORN_CORE
                .iter()
                .any(|c| *c != "bind" && bound.contains(*c)))
        // Only module-level settings files are worth a look on disk.
        || (!bound.is_empty() && named_by_launcher(&file.path))
}

/// Config files named by `gunicorn -c PATH` / `--config PATH` in a `Procfile*` or
/// `*.sh` script in `dir`, resolved relative to `dir` (cached per directory).
fn launcher_configs(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    use std::collections::HashMap;
    use std::path::PathBuf;
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Vec<PathBuf>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    if let Some(v) = cache.lock().ok().and_then(|c| c.get(dir).cloned()) {
        return v;
    }
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if !(name.starts_with("Procfile") || name.ends_with(".sh")) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(e.path()) else {
                continue;
            };
            for line in text.lines().filter(|l| l.contains("gunicorn")) {
                let words: Vec<&str> = line.split_whitespace().collect();
                for (i, w) in words.iter().enumerate() {
                    let path = match *w {
                        "-c" | "--config" => words.get(i + 1).copied(),
                        _ => w
                            .strip_prefix("--config=")
                            .or_else(|| w.strip_prefix("-c").filter(|r| r.ends_with(".py"))),
                    };
                    if let Some(p) = path {
                        let p = p.trim_matches(['"', '\'']).trim_start_matches("python:");
                        if p.ends_with(".py") {
                            found.push(dir.join(p));
                        }
                    }
                }
            }
        }
    }
    let found: Vec<PathBuf> = found
        .into_iter()
        .map(|p| std::fs::canonicalize(&p).unwrap_or(p))
        .collect();
    if let Ok(mut c) = cache.lock() {
        c.insert(dir.to_path_buf(), found.clone());
    }
    found
}

/// Whether a Procfile or shell script in the file's directory or above (up to the
/// repository root) starts gunicorn with this file as its `-c` configuration.
fn named_by_launcher(path: &str) -> bool {
    let Ok(me) = std::fs::canonicalize(path) else {
        return false;
    };
    for dir in me.ancestors().skip(1).take(8) {
        if launcher_configs(dir).contains(&me) {
            return true;
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    false
}

/// What the config says about `preload_app`.
enum Preload {
    On,
    Off(TextSize),
    Missing,
    Unknown(TextSize),
}

fn preload(file: &SourceFile) -> Preload {
    let mut state = Preload::Missing;
    for (name, s) in module_bindings(file) {
        if name != "preload_app" {
            continue;
        }
        let value = match s {
            Stmt::Assign(a) => Some(&*a.value),
            Stmt::AnnAssign(a) => a.value.as_deref(),
            _ => None,
        };
        match value {
            Some(Expr::BooleanLiteral(b)) if b.value => {
                if matches!(state, Preload::Missing) {
                    state = Preload::On;
                }
            }
            Some(Expr::BooleanLiteral(_)) => {
                if matches!(state, Preload::Missing | Preload::On) {
                    state = Preload::Off(s.start());
                }
            }
            _ => return Preload::Unknown(s.start()),
        }
    }
    state
}

/// Where and what to insert as the first statement of a hook body (after a
/// docstring); `None` when the body starts on the `def` line.
fn first_in_body(file: &SourceFile, func: &StmtFunctionDef, line: &str) -> Option<Edit> {
    let nl = file.newline();
    let body = &func.body;
    let first = body.first()?;
    let skip_doc = is_docstring_stmt(first);
    match body.get(usize::from(skip_doc)) {
        Some(stmt) => {
            let indent = indent_of(file, stmt)?;
            if skip_doc && indent_of(file, first).is_none() {
                return None;
            }
            let at = comments_above(&file.text, stmt.start());
            Some(Edit::insert(at, format!("{indent}{line}{nl}")))
        }
        None => {
            let indent = indent_of(file, first)?;
            let at = file.text.full_line_end(first.end());
            let lead = if at.to_usize() == file.text.len()
                && !file.text.ends_with('\n')
                && !file.text.ends_with('\r')
            {
                nl
            } else {
                ""
            };
            Some(Edit::insert(at, format!("{lead}{indent}{line}{nl}")))
        }
    }
}

fn gunicorn(cx: &mut Context, names: &Names) {
    let file = cx.file;
    match preload(file) {
        Preload::On => {}
        Preload::Off(at) => {
            cx.skip(
                at,
                "gunicorn config with `preload_app = False`: each worker imports the application after the fork, so there is nothing to share copy-on-write and gc.freeze() would not help; set `preload_app = True` and re-run",
            );
            return;
        }
        Preload::Missing => {
            cx.skip(
                TextSize::default(),
                "gunicorn config without `preload_app = True` (gunicorn's default is False): each worker imports the application after the fork, so gc.freeze() would not help; set `preload_app = True` in the config (sturdy cannot see a `--preload` command-line flag) and re-run",
            );
            return;
        }
        Preload::Unknown(at) => {
            cx.skip(
                at,
                "gunicorn config sets `preload_app` from an expression: sturdy cannot tell whether the application is preloaded, and gc.freeze() only helps when it is; apply the gc recipe by hand",
            );
            return;
        }
    }
    let bindings = module_bindings(file);
    let gc = imports::ensure(file, "gc", &["disable", "freeze", "enable"], Style::Module);
    for expr in &gc.exprs {
        let local = expr.split('.').next().unwrap_or(expr);
        if let Some((_, s)) = bindings.iter().find(|(n, _)| n == local) {
            cx.skip(
                s.start(),
                format!("the config binds `{local}` itself, so sturdy cannot call `{expr}()` here; rename it and re-run"),
            );
            return;
        }
    }
    // The hooks gunicorn will call: the last module-level binding of each name.
    let hook = |name: &str| -> Result<Option<&StmtFunctionDef>, TextSize> {
        match bindings.iter().rev().find(|(n, _)| n == name) {
            None => Ok(None),
            Some((_, Stmt::FunctionDef(f))) if !f.is_async => Ok(Some(f)),
            Some((_, s)) => Err(s.start()),
        }
    };
    let mut stmts = Vec::new();
    module_level(file.suite(), &mut stmts);
    let has_disable = stmts
        .iter()
        .filter_map(|s| stmt_call(s))
        .any(|c| names.is_call_to(c, &["gc.disable"]));

    let nl = file.newline();
    let unit = file.indent_unit();
    let mut edits = Vec::new();
    let mut appended = String::new();
    for (hook_name, gc_call, call_expr) in [
        ("pre_fork", "gc.freeze", &gc.exprs[1]),
        ("post_fork", "gc.enable", &gc.exprs[2]),
    ] {
        match hook(hook_name) {
            Err(at) => {
                cx.skip(
                    at,
                    format!("`{hook_name}` is bound by something other than a plain `def`; add `{call_expr}()` to the hook by hand"),
                );
                return;
            }
            Ok(Some(f)) => {
                if any_call(&f.body, &|e| names.is_call_to(e, &[gc_call])) {
                    continue;
                }
                match first_in_body(file, f, &format!("{call_expr}()")) {
                    Some(e) => edits.push(e),
                    None => {
                        cx.skip(
                            f.name.start(),
                            format!("the body of `{hook_name}` starts on the `def` line; put it on its own lines and re-run"),
                        );
                        return;
                    }
                }
            }
            Ok(None) => {
                appended.push_str(&format!(
                    "{nl}{nl}def {hook_name}(server, worker):{nl}{unit}{call_expr}(){nl}"
                ));
            }
        }
    }
    if has_disable && edits.is_empty() && appended.is_empty() {
        return;
    }
    if !appended.is_empty() {
        let text = &file.text;
        let trimmed = text.trim_end_matches(['\n', '\r', ' ', '\t']);
        // Keep exactly two blank lines between the file's last line and the new hooks.
        let at = if trimmed.is_empty() {
            TextSize::default()
        } else {
            text.full_line_end(TextSize::try_from(trimmed.len() - 1).unwrap_or_default())
        };
        let ends_with_nl =
            text[..at.to_usize()].ends_with('\n') || text[..at.to_usize()].ends_with('\r');
        let lead = if at.to_usize() == 0 || ends_with_nl {
            ""
        } else {
            nl
        };
        let content = if at.to_usize() == 0 {
            appended.trim_start_matches(['\n', '\r']).to_string()
        } else {
            format!("{lead}{appended}")
        };
        // Blank lines after the file's last line are replaced, not added to.
        edits.push(Edit::replace(
            TextRange::new(at, TextSize::of(text.as_str())),
            content,
        ));
    }
    let import = gc.edit;
    if has_disable {
        edits.extend(import);
    } else {
        let line = format!("{}(){DISABLE_COMMENT}{nl}", gc.exprs[0]);
        match import {
            Some(mut e) => {
                e.content.push_str(&line);
                edits.push(e);
            }
            None => edits.push(Edit::insert(imports::after_imports(file), line)),
        }
    }
    cx.change(edits);
}

// ---------------------------------------------------------------------------
// fork call sites

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Fork,
    Pool,
    Start,
}

/// multiprocessing facts of the file.
#[derive(Default)]
struct Mp {
    /// `set_start_method("fork")` is called somewhere in the file, and no
    /// `set_start_method` with another method.
    fork_default: bool,
    /// (scope, target text) assigned `get_context("fork")`.
    contexts: HashSet<(Scope, String)>,
    /// (scope, target text) holding `Process` objects of a fork context.
    processes: HashSet<(Scope, String)>,
}

/// A function scope, by the start of its `def` (`None`: the module).
type Scope = Option<TextSize>;

/// Whether `text` names something in `set`, bound in `scope` or at module level.
fn bound_in(set: &HashSet<(Scope, String)>, scope: Scope, text: &str) -> bool {
    let text = text.to_string();
    set.contains(&(scope, text.clone())) || set.contains(&(None, text))
}

fn str_arg<'e>(call: &'e ast::ExprCall, keyword: &str) -> Option<&'e str> {
    let e = call.arguments.args.first().or_else(|| {
        call.arguments
            .keywords
            .iter()
            .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == keyword))
            .map(|k| &k.value)
    })?;
    match e {
        Expr::StringLiteral(s) => Some(s.value.to_str()),
        _ => None,
    }
}

impl Mp {
    fn collect(file: &SourceFile, names: &Names) -> Self {
        let mut mp = Mp::default();
        // Without `get_context` or `set_start_method` (or an alias: an import names
        // them too), nothing below can be found.
        let text = &file.text;
        if !contains(text, "multiprocessing")
            || !(contains(text, "get_context") || contains(text, "set_start_method"))
        {
            return mp;
        }
        struct C<'n> {
            names: &'n Names,
            file: &'n SourceFile,
            mp: Mp,
            pass: u8,
            scope: Scope,
            other_method: bool,
        }
        impl<'b> Visitor<'b> for C<'_> {
            fn visit_stmt(&mut self, s: &'b Stmt) {
                let key = |c: &Self, e: &Expr| (c.scope, c.file.slice(e.range()).to_string());
                match s {
                    Stmt::FunctionDef(f) => {
                        let saved = self.scope.replace(f.start());
                        visitor::walk_stmt(self, s);
                        self.scope = saved;
                        return;
                    }
                    Stmt::Assign(a)
                        if self.pass == 0 && self.mp.is_fork_context_call(&a.value, self.names) =>
                    {
                        for t in &a.targets {
                            let k = key(self, t);
                            self.mp.contexts.insert(k);
                        }
                    }
                    Stmt::Assign(a) if self.pass > 0 => {
                        let holds = expr_has(&a.value, &|e| {
                            self.mp.constructor(e, self.names, self.file, self.scope)
                                == Some(Kind::Start)
                        });
                        if holds {
                            for t in &a.targets {
                                let k = key(self, t);
                                self.mp.processes.insert(k);
                            }
                        }
                    }
                    Stmt::For(f)
                        if self.pass > 0
                            && bound_in(
                                &self.mp.processes,
                                self.scope,
                                self.file.slice(f.iter.range()),
                            ) =>
                    {
                        let k = key(self, &f.target);
                        self.mp.processes.insert(k);
                    }
                    _ => {}
                }
                visitor::walk_stmt(self, s);
            }
            fn visit_expr(&mut self, e: &'b Expr) {
                if let Expr::Call(c) = e {
                    if self.pass == 0
                        && attr_among(&c.func, &["multiprocessing.set_start_method"])
                        && self.names.resolve(&c.func).as_deref()
                            == Some("multiprocessing.set_start_method")
                    {
                        if str_arg(c, "method") == Some("fork") {
                            self.mp.fork_default = true;
                        } else {
                            self.other_method = true;
                        }
                    }
                    // `procs.append(ctx.Process(...))`
                    if self.pass > 0
                        && let Expr::Attribute(a) = &*c.func
                        && a.attr.as_str() == "append"
                        && c.arguments.args.first().is_some_and(|x| {
                            self.mp.constructor(x, self.names, self.file, self.scope)
                                == Some(Kind::Start)
                        })
                    {
                        let k = (self.scope, self.file.slice(a.value.range()).to_string());
                        self.mp.processes.insert(k);
                    }
                }
                visitor::walk_expr(self, e);
            }
        }
        let mut c = C {
            names,
            file,
            mp,
            pass: 0,
            scope: None,
            other_method: false,
        };
        c.visit_body(file.suite());
        if c.other_method {
            c.mp.fork_default = false;
        }
        for pass in 1..3 {
            c.pass = pass;
            c.visit_body(file.suite());
        }
        mp = c.mp;
        mp
    }

    /// `multiprocessing.get_context("fork")`.
    fn is_fork_context_call(&self, e: &Expr, names: &Names) -> bool {
        matches!(e, Expr::Call(c)
            if attr_among(&c.func, &["multiprocessing.get_context"])
                && names.resolve(&c.func).as_deref() == Some("multiprocessing.get_context")
                && str_arg(c, "method") == Some("fork"))
    }

    /// A fork-context `Pool(...)` (`Kind::Pool`) or `Process(...)` (`Kind::Start`) call.
    fn constructor(
        &self,
        e: &Expr,
        names: &Names,
        file: &SourceFile,
        scope: Scope,
    ) -> Option<Kind> {
        let Expr::Call(c) = e else { return None };
        let kind = |n: &str| match n {
            "Pool" => Some(Kind::Pool),
            "Process" => Some(Kind::Start),
            _ => None,
        };
        if let Expr::Attribute(a) = &*c.func
            && (self.is_fork_context_call(&a.value, names)
                || bound_in(&self.contexts, scope, file.slice(a.value.range())))
        {
            return kind(a.attr.as_str());
        }
        if self.fork_default {
            if !attr_among(
                &c.func,
                &["multiprocessing.Pool", "multiprocessing.Process"],
            ) {
                return None;
            }
            return match names.resolve(&c.func).as_deref() {
                Some("multiprocessing.Pool" | "multiprocessing.pool.Pool") => Some(Kind::Pool),
                Some("multiprocessing.Process") => Some(Kind::Start),
                _ => None,
            };
        }
        None
    }
}

/// One call that forks, found in a statement's own expressions.
struct Hit {
    at: TextSize,
    kind: Kind,
    /// `Some("elif")` / `Some("while")` when it sits in a condition sturdy cannot
    /// put a statement in front of.
    place: Option<&'static str>,
}

struct Finder<'n> {
    names: &'n Names,
    mp: &'n Mp,
    file: &'n SourceFile,
    place: Option<&'static str>,
    scope: Scope,
    hits: Vec<Hit>,
}

impl<'b> Visitor<'b> for Finder<'_> {
    fn visit_expr(&mut self, e: &'b Expr) {
        if e.is_lambda_expr() {
            return;
        }
        if let Expr::Call(c) = e {
            let kind = if self.names.is_fork_call(e) {
                Some(Kind::Fork)
            } else if self.mp.constructor(e, self.names, self.file, self.scope) == Some(Kind::Pool)
            {
                Some(Kind::Pool)
            } else if let Expr::Attribute(a) = &*c.func
                && a.attr.as_str() == "start"
                && c.arguments.is_empty()
                && (self
                    .mp
                    .constructor(&a.value, self.names, self.file, self.scope)
                    == Some(Kind::Start)
                    || bound_in(
                        &self.mp.processes,
                        self.scope,
                        self.file.slice(a.value.range()),
                    ))
            {
                Some(Kind::Start)
            } else {
                None
            };
            if let Some(kind) = kind {
                self.hits.push(Hit {
                    at: e.start(),
                    kind,
                    place: self.place,
                });
            }
        }
        visitor::walk_expr(self, e);
    }
}

struct Walker<'a> {
    file: &'a SourceFile,
    names: &'a Names,
    mp: &'a Mp,
    freeze: String,
    funcs: Vec<&'a StmtFunctionDef>,
    classes: Vec<&'a StmtClassDef>,
    loops: Vec<&'a Stmt>,
    /// The fork whose child process runs the code being walked.
    child_of: Option<TextSize>,
    /// Per function scope: pid variable (source text) -> the fork that set it.
    pids: Vec<HashMap<String, TextSize>>,
    /// (insertion offset, indented line) for each site to change.
    inserts: Vec<TextSize>,
    lines: Vec<String>,
    skips: Vec<(TextSize, String)>,
}

/// How an `if` splits the processes of a fork.
struct Split<'a> {
    fork_at: TextSize,
    body_is_child: bool,
    stmt: &'a ast::StmtIf,
}

impl<'a> Walker<'a> {
    fn pid_ref(&self, e: &Expr) -> Option<TextSize> {
        if self.names.is_fork_call(e) {
            return Some(e.start());
        }
        let text = self.file.slice(e.range());
        self.pids.last().and_then(|m| m.get(text).copied())
    }

    fn is_zero(&self, e: &Expr) -> bool {
        matches!(e, Expr::NumberLiteral(_)) && self.file.slice(e.range()) == "0"
            || matches!(e, Expr::Name(n) if n.id.as_str() == "CHILD")
    }

    /// `if pid == 0:` (body is the child), `if pid:` / `if pid > 0:` (body is the
    /// parent), `if not os.fork():` ...
    fn split(&self, stmt: &'a ast::StmtIf) -> Option<Split<'a>> {
        let mk = |fork_at, body_is_child| {
            Some(Split {
                fork_at,
                body_is_child,
                stmt,
            })
        };
        match &*stmt.test {
            Expr::Compare(c) if c.ops.len() == 1 => {
                let (l, r) = (&*c.left, &c.comparators[0]);
                let at = if self.is_zero(r) {
                    self.pid_ref(l)?
                } else if self.is_zero(l) {
                    self.pid_ref(r)?
                } else {
                    return None;
                };
                match c.ops[0] {
                    CmpOp::Eq | CmpOp::Is => mk(at, true),
                    CmpOp::NotEq | CmpOp::IsNot | CmpOp::Gt | CmpOp::Lt => mk(at, false),
                    _ => None,
                }
            }
            Expr::UnaryOp(u) if u.op == UnaryOp::Not => mk(self.pid_ref(&u.operand)?, true),
            e => mk(self.pid_ref(e)?, false),
        }
    }

    fn handler_reason(&self) -> Option<String> {
        for f in self.funcs.iter().rev() {
            let fname = f.name.as_str();
            for d in &f.decorator_list {
                let (func, call) = match &d.expression {
                    Expr::Call(c) => (&*c.func, Some(c)),
                    e => (e, None),
                };
                let Some(last) = last_segment(func) else {
                    continue;
                };
                let path_arg = call.is_some_and(|c| {
                    matches!(c.arguments.args.first(), Some(Expr::StringLiteral(s)) if s.value.to_str().starts_with('/'))
                });
                let route = (func.is_attribute_expr() && ROUTE_DECORATORS.contains(&last.as_str()))
                    || (func.is_attribute_expr()
                        && VERB_DECORATORS.contains(&last.as_str())
                        && path_arg)
                    || VIEW_DECORATORS.contains(&last.as_str());
                if route {
                    return Some(format!(
                        "inside the request handler `{fname}` (decorated with `@{}`)",
                        self.file.slice(d.expression.range())
                    ));
                }
            }
            if PER_REQUEST_FUNCTIONS.contains(&fname)
                || fname
                    .strip_prefix("do_")
                    .is_some_and(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_uppercase()))
            {
                return Some(format!("inside `{fname}`, which runs once per request"));
            }
            let p = &f.parameters;
            let params: Vec<&str> = p
                .posonlyargs
                .iter()
                .chain(&p.args)
                .map(|a| a.parameter.name.as_str())
                .collect();
            let first_real = match params.first() {
                Some(&"self" | &"cls") => params.get(1),
                other => other,
            };
            if first_real == Some(&"request") {
                return Some(format!(
                    "inside the view `{fname}`, which takes a `request`"
                ));
            }
        }
        for c in self.classes.iter().rev() {
            if let Some(b) = c.bases().iter().filter_map(last_segment).find(|b| {
                b.ends_with("RequestHandler") || b.ends_with("View") || b.ends_with("ViewSet")
            }) {
                return Some(format!(
                    "inside `{}`, a `{b}` subclass whose methods run per request",
                    c.name
                ));
            }
        }
        if let Some(l) = self.loops.last() {
            let body = match l {
                Stmt::For(f) => &f.body,
                Stmt::While(w) => &w.body,
                _ => return None,
            };
            let accepts = |e: &Expr| {
                matches!(e, Expr::Call(c) if matches!(&*c.func, Expr::Attribute(a) if ACCEPT_CALLS.contains(&a.attr.as_str()))
                    || matches!(&*c.func, Expr::Name(n) if ACCEPT_CALLS.contains(&n.id.as_str())))
            };
            if any_call(body, &accepts) {
                return Some(
                    "in a loop that accepts a connection or request per iteration".to_string(),
                );
            }
        }
        None
    }

    /// Whether the fork at `block[i]` only daemonizes (the parent exits at once) or
    /// is followed by `exec*()` in the child.
    fn fork_use(&self, block: &'a [Stmt], i: usize, fork_at: TextSize) -> Option<String> {
        let split = match &block[i] {
            Stmt::If(s) => self
                .split(s)
                .filter(|sp| sp.fork_at == fork_at)
                .map(|sp| (sp, i)),
            _ => block[i + 1..]
                .iter()
                .enumerate()
                .find_map(|(j, s)| match s {
                    Stmt::If(s) => self.split(s).map(|sp| (sp, i + 1 + j)),
                    _ => None,
                })
                .filter(|(sp, _)| sp.fork_at == fork_at),
        };
        let (sp, j) = split?;
        let other: &[Stmt] = sp
            .stmt
            .elif_else_clauses
            .iter()
            .find(|c| c.test.is_none())
            .map_or(&[], |c| &c.body);
        let (child, parent): (&[Stmt], &[Stmt]) = if sp.body_is_child {
            (&sp.stmt.body, other)
        } else {
            (other, &sp.stmt.body)
        };
        if !parent.is_empty()
            && parent
                .iter()
                .all(|s| stmt_call(s).is_some_and(|c| self.names.is_exit_call(c)))
        {
            return Some(
                "this fork only detaches (the parent exits right away), so no memory is shared copy-on-write".to_string(),
            );
        }
        let mut child: Vec<&[Stmt]> = vec![child];
        if !sp.body_is_child && other.is_empty() && terminates(parent, self.names) {
            child.push(&block[j + 1..]);
        }
        if child
            .iter()
            .any(|c| any_call(c, &|e| self.names.is_exec_call(e)))
        {
            return Some(
                "the child calls `exec*()`, which replaces the process image, so no memory is shared copy-on-write".to_string(),
            );
        }
        None
    }

    fn is_freeze_stmt(&self, s: &Stmt) -> bool {
        stmt_call(s).is_some_and(|c| {
            self.names.is_call_to(c, &["gc.freeze"])
                || matches!(c, Expr::Call(call) if dotted(&call.func).as_deref() == Some(self.freeze.as_str()))
        })
    }

    fn hits(&self, s: &'a Stmt) -> Vec<Hit> {
        let mut f = Finder {
            names: self.names,
            mp: self.mp,
            file: self.file,
            place: None,
            scope: self.funcs.last().map(|f| f.start()),
            hits: Vec::new(),
        };
        match s {
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) | Stmt::Try(_) => {}
            Stmt::If(i) => {
                f.visit_expr(&i.test);
                f.place = Some("an `elif` condition");
                for c in &i.elif_else_clauses {
                    if let Some(t) = &c.test {
                        f.visit_expr(t);
                    }
                }
            }
            Stmt::While(w) => {
                f.place = Some("a `while` condition");
                f.visit_expr(&w.test);
            }
            Stmt::For(l) => f.visit_expr(&l.iter),
            Stmt::With(w) => {
                for item in &w.items {
                    f.visit_expr(&item.context_expr);
                }
            }
            Stmt::Match(m) => f.visit_expr(&m.subject),
            _ => visitor::walk_stmt(&mut f, s),
        }
        f.hits
    }

    fn block(&mut self, block: &'a [Stmt]) {
        let saved_child = self.child_of;
        let mut done = false;
        for (i, s) in block.iter().enumerate() {
            let hits = self.hits(s);
            // Record pid variables before looking at the site (`pid = os.fork()`).
            if let Some(fork) = hits.iter().find(|h| h.kind == Kind::Fork) {
                let targets: Vec<&Expr> = match s {
                    Stmt::Assign(a) if self.names.is_fork_call(&a.value) => {
                        a.targets.iter().collect()
                    }
                    Stmt::AnnAssign(a)
                        if a.value
                            .as_deref()
                            .is_some_and(|v| self.names.is_fork_call(v)) =>
                    {
                        vec![&*a.target]
                    }
                    _ => Vec::new(),
                };
                for t in targets {
                    let t = match t {
                        Expr::Tuple(t) => t.elts.first(),
                        t => Some(t),
                    };
                    if let Some(t) = t {
                        let text = self.file.slice(t.range()).to_string();
                        if let Some(m) = self.pids.last_mut() {
                            m.insert(text, fork.at);
                        }
                    }
                }
            }
            for hit in &hits {
                self.site(block, i, hit, &mut done);
            }
            self.nested(s);
            // `if pid: return pid` / `if pid > 0: ...; sys.exit()`: the rest of the
            // block runs in the child.
            if let Stmt::If(st) = s
                && st.elif_else_clauses.is_empty()
                && let Some(sp) = self.split(st)
                && !sp.body_is_child
                && terminates(&st.body, self.names)
            {
                self.child_of = Some(sp.fork_at);
            }
        }
        self.child_of = saved_child;
    }

    fn site(&mut self, block: &'a [Stmt], i: usize, hit: &Hit, done: &mut bool) {
        let s = &block[i];
        let what = match hit.kind {
            Kind::Fork => "fork",
            Kind::Pool => "pool creation",
            Kind::Start => "process start",
        };
        let line_of = |at: TextSize| self.file.line_col(at).0;
        let reason = if let Some(parent) = self.child_of {
            Some(format!(
                "this {what} runs in the child of the fork at line {}; the child's heap is not the shared one, so freezing here would not help",
                line_of(parent)
            ))
        } else if let Some(r) = self.handler_reason() {
            Some(format!(
                "this {what} is {r}: freezing per request would make each request's objects permanent (never collected) without sharing anything more"
            ))
        } else if let Some(place) = hit.place {
            Some(format!(
                "this {what} is in {place}; sturdy cannot put `gc.freeze()` right before it without changing when it runs; add it by hand"
            ))
        } else if hit.kind == Kind::Fork {
            self.fork_use(block, i, hit.at)
        } else {
            None
        };
        if let Some(r) = reason {
            self.skips.push((hit.at, r));
            return;
        }
        if *done {
            return;
        }
        *done = true;
        if i > 0 && self.is_freeze_stmt(&block[i - 1]) {
            return;
        }
        let Some(indent) = indent_of(self.file, s) else {
            self.skips.push((
                hit.at,
                format!("this {what} shares its line with other code (or continues the line above with `\\`); put the statement on its own line and re-run"),
            ));
            return;
        };
        let at = comments_above(&self.file.text, s.start());
        self.inserts.push(at);
        self.lines
            .push(format!("{indent}{}(){}", self.freeze, self.file.newline()));
    }

    fn nested(&mut self, s: &'a Stmt) {
        match s {
            Stmt::FunctionDef(f) => {
                let (child, loops) = (self.child_of.take(), std::mem::take(&mut self.loops));
                self.funcs.push(f);
                self.pids.push(HashMap::new());
                self.block(&f.body);
                self.pids.pop();
                self.funcs.pop();
                (self.child_of, self.loops) = (child, loops);
            }
            Stmt::ClassDef(c) => {
                self.classes.push(c);
                self.block(&c.body);
                self.classes.pop();
            }
            Stmt::If(st) => {
                let split = self.split(st);
                let saved = self.child_of;
                if let Some(sp) = &split
                    && sp.body_is_child
                {
                    self.child_of = Some(sp.fork_at);
                }
                self.block(&st.body);
                self.child_of = saved;
                for c in &st.elif_else_clauses {
                    if let Some(sp) = &split
                        && !sp.body_is_child
                        && c.test.is_none()
                    {
                        self.child_of = Some(sp.fork_at);
                    }
                    self.block(&c.body);
                    self.child_of = saved;
                }
            }
            Stmt::For(l) => {
                self.loops.push(s);
                self.block(&l.body);
                self.loops.pop();
                self.block(&l.orelse);
            }
            Stmt::While(w) => {
                self.loops.push(s);
                self.block(&w.body);
                self.loops.pop();
                self.block(&w.orelse);
            }
            Stmt::With(w) => self.block(&w.body),
            Stmt::Try(t) => {
                self.block(&t.body);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    self.block(&h.body);
                }
                self.block(&t.orelse);
                self.block(&t.finalbody);
            }
            Stmt::Match(m) => {
                for c in &m.cases {
                    self.block(&c.body);
                }
            }
            _ => {}
        }
    }
}

fn fork_sites(cx: &mut Context, names: &Names) {
    let file = cx.file;
    let mp = Mp::collect(file, names);
    let gc = imports::ensure(file, "gc", &["freeze"], Style::Module);
    let mut w = Walker {
        file,
        names,
        mp: &mp,
        freeze: gc.exprs[0].clone(),
        funcs: Vec::new(),
        classes: Vec::new(),
        loops: Vec::new(),
        child_of: None,
        pids: vec![HashMap::new()],
        inserts: Vec::new(),
        lines: Vec::new(),
        skips: Vec::new(),
    };
    w.block(file.suite());
    let Walker {
        inserts,
        lines,
        skips,
        ..
    } = w;
    for (at, why) in skips {
        cx.skip(at, why);
    }
    for (at, line) in inserts.into_iter().zip(lines) {
        let mut edits = Vec::new();
        match gc.edit.clone() {
            // Same offset as the import: one edit, import first.
            Some(mut imp) if imp.range.start() == at => {
                imp.content.push_str(&line);
                edits.push(imp);
            }
            Some(imp) => {
                edits.push(imp);
                edits.push(Edit::insert(at, line));
            }
            None => edits.push(Edit::insert(at, line)),
        }
        cx.change(edits);
    }
}
