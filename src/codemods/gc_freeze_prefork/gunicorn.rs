//! gunicorn configuration files: recognise one, and plan the `gc.freeze()` recipe
//! for it (`gc.disable()` at module level, `gc.freeze()` first in `pre_fork`,
//! `gc.enable()` first in `post_fork`).

use std::collections::HashSet;

use ruff_python_ast::helpers::is_docstring_stmt;
use ruff_python_ast::{self as ast, Expr, Stmt, StmtFunctionDef};
use ruff_text_size::{Ranged, TextSize};

use super::policy::{
    ProcessCalls, any_call, gc_name_taken_in_function, gc_name_taken_in_module, stmt_call,
};
use super::skip::Skip;
use crate::edit::Edit;
use crate::fix::{self as imports, Style};
use crate::source::SourceFile;
use crate::util::{comments_above, indent_of};

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

/// Top-level statements, looking through `if` / `try` / `with` (not into defs).
pub(crate) fn module_level<'a>(body: &'a [Stmt], out: &mut Vec<&'a Stmt>) {
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

/// Policy (how a gunicorn config is read): names bound at module level by
/// assignment or definition (not by import), with the binding statement.
fn config_assignments(file: &SourceFile) -> Vec<(String, &Stmt)> {
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
pub(crate) fn is_gunicorn_config(file: &SourceFile) -> bool {
    let name = std::path::Path::new(&file.path)
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name.starts_with("gunicorn") && name.ends_with(".py") && name.contains("conf") {
        return true;
    }
    let bound: HashSet<String> = config_assignments(file)
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
    for (name, s) in config_assignments(file) {
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
        None => crate::fix::insert_after(file, first, line),
    }
}

/// The edits of the gunicorn recipe, before they are laid out.
pub(crate) struct Plan {
    /// A first statement for each existing hook that lacks its call.
    pub(crate) hooks: Vec<Edit>,
    /// Hooks to add at the end of the file (text starting with a newline).
    pub(crate) appended: String,
    /// The `gc` import, when the file lacks it.
    pub(crate) import: Option<Edit>,
    /// The module-level `gc.disable()` line, when the file lacks it.
    pub(crate) disable: Option<String>,
}

/// The plan for a gunicorn config, `Ok(None)` when it has the recipe already, or
/// where and why it is left alone.
pub(crate) fn analyze(
    file: &SourceFile,
    names: &ProcessCalls,
) -> Result<Option<Plan>, (TextSize, Skip)> {
    match preload(file) {
        Preload::On => {}
        Preload::Off(at) => return Err((at, Skip::PreloadOff)),
        Preload::Missing => return Err((TextSize::default(), Skip::PreloadMissing)),
        Preload::Unknown(at) => return Err((at, Skip::PreloadUnknown)),
    }
    let bindings = config_assignments(file);
    let gc = imports::ensure(file, "gc", &["disable", "freeze", "enable"], Style::Module);
    for expr in &gc.exprs {
        let local = expr.split('.').next().unwrap_or(expr);
        if let Some(at) = gc_name_taken_in_module(names, local) {
            return Err((
                at,
                Skip::ConfigBinds {
                    local: local.to_string(),
                    expr: expr.clone(),
                },
            ));
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
    let mut hooks = Vec::new();
    let mut appended = String::new();
    for (hook_name, gc_call, call_expr) in [
        ("pre_fork", "gc.freeze", &gc.exprs[1]),
        ("post_fork", "gc.enable", &gc.exprs[2]),
    ] {
        match hook(hook_name) {
            Err(at) => {
                return Err((
                    at,
                    Skip::HookNotDef {
                        hook: hook_name,
                        call: call_expr.clone(),
                    },
                ));
            }
            Ok(Some(f)) => {
                if any_call(&f.body, &|e| names.is_call_to(e, &[gc_call])) {
                    continue;
                }
                let local = call_expr.split('.').next().unwrap_or(call_expr);
                if let Some(at) = gc_name_taken_in_function(names, f, local, f.body[0].start()) {
                    return Err((
                        at,
                        Skip::GcShadowed {
                            local: local.to_string(),
                            call: call_expr.clone(),
                            line: file.line_col(at).0,
                        },
                    ));
                }
                match first_in_body(file, f, &format!("{call_expr}()")) {
                    Some(e) => hooks.push(e),
                    None => return Err((f.name.start(), Skip::HookOneLine { hook: hook_name })),
                }
            }
            Ok(None) => {
                appended.push_str(&format!(
                    "{nl}{nl}def {hook_name}(server, worker):{nl}{unit}{call_expr}(){nl}"
                ));
            }
        }
    }
    if has_disable && hooks.is_empty() && appended.is_empty() {
        return Ok(None);
    }
    Ok(Some(Plan {
        hooks,
        appended,
        import: gc.edit,
        disable: (!has_disable).then(|| format!("{}(){DISABLE_COMMENT}{nl}", gc.exprs[0])),
    }))
}
