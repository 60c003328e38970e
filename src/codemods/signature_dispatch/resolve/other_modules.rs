//! The top-level callables of other modules of the project or the environment,
//! read from disk once per run.

use rustc_hash::FxHashMap;

use ruff_python_ast::{Stmt, StmtClassDef};
use ruff_text_size::Ranged;

use crate::semantic::names::FileNames;
use crate::source::SourceFile;

use super::{Resolved, Sig, binds_name, sig_of_def};

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
pub(super) fn absolute_import(file: &SourceFile, q: &str) -> Option<String> {
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
pub(super) fn other_module(file: &SourceFile, absolute: &str) -> Option<Resolved> {
    let given = file.disk_path.as_ref()?;
    let root = super::super::helper::import_root(file)?;
    let (module, name) = absolute.rsplit_once('.')?;
    let relative: std::path::PathBuf = module.split('.').collect();
    let roots = std::iter::once(root).chain(crate::semantic::external::env_roots().iter().cloned());
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
                at: format!(
                    "{}:{line}",
                    crate::semantic::project::as_given(path.clone(), given).display()
                ),
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
        // A name the module binds more than once (another def, an assignment, an
        // import, a loop target...) or that a star import after it may rebind is
        // uncertain: it is left out.
        let names = FileNames::collect(other.suite());
        let mut sigs: ModuleSigs = FxHashMap::default();
        for stmt in other.suite() {
            let (name, found) = match stmt {
                Stmt::FunctionDef(f) => (f.name.as_str(), sig_of_def(f, false)),
                Stmt::ClassDef(c) => (c.name.as_str(), plain_class_init(c)),
                _ => continue,
            };
            if names.module_bindings(name).len() != 1 || names.star_after(stmt.start()).is_some() {
                continue;
            }
            if let Some(sig) = found {
                sigs.insert(name.to_string(), (other.line_col(stmt.start()).0, sig));
            }
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
