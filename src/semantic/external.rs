//! Modules outside the project, read lazily and once per run: the standard library
//! from typeshed's stubs (vendored into the binary by `ty_vendored`), and third-party
//! packages from the project's environment (its site-packages directories).
//!
//! Nothing here is read unless a query reaches a base class outside the project.

use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex, OnceLock};

use rustc_hash::FxHashMap;

use super::ModuleFacts;
use super::index::index_module;

/// Where a module outside the project came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// typeshed's stub for the standard library.
    Stdlib,
    /// A file in the environment's site-packages.
    Environment,
}

type Cache = FxHashMap<String, Option<(Origin, &'static ModuleFacts)>>;

static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(|| Mutex::new(FxHashMap::default()));

/// The environment's import roots (site-packages), set once per run by the CLI.
static ENV_ROOTS: OnceLock<Vec<PathBuf>> = OnceLock::new();

/// Set the environment's import roots (first call wins).
pub fn set_env_roots(roots: Vec<PathBuf>) {
    let _ = ENV_ROOTS.set(roots);
}

/// The environment's import roots, if any were found.
pub fn env_roots() -> &'static [PathBuf] {
    ENV_ROOTS.get().map_or(&[], Vec::as_slice)
}

/// Find the site-packages of the project's environment: `python` (asked once for
/// its `sys.path`), else `$VIRTUAL_ENV`, else a `.venv`/`venv` directory at the
/// project root.
pub fn find_env_roots(python: Option<&Path>, project_root: Option<&Path>) -> Vec<PathBuf> {
    if let Some(py) = python {
        let out = std::process::Command::new(py)
            .args(["-c", "import sys\nfor p in sys.path:\n    print(p)"])
            .stderr(std::process::Stdio::null())
            .output();
        if let Ok(out) = out
            && out.status.success()
        {
            return String::from_utf8_lossy(&out.stdout)
                .lines()
                .filter(|l| l.contains("-packages"))
                .map(PathBuf::from)
                .filter(|p| p.is_dir())
                .collect();
        }
        return Vec::new();
    }
    let venv = std::env::var_os("VIRTUAL_ENV")
        .map(PathBuf::from)
        .or_else(|| {
            let root = project_root?;
            [".venv", "venv"]
                .iter()
                .map(|n| root.join(n))
                .find(|p| p.join("pyvenv.cfg").is_file())
        });
    let Some(venv) = venv else {
        return Vec::new();
    };
    site_packages_of(&venv)
}

/// `VENV/lib/python3.X/site-packages` (and `Lib/site-packages` on Windows).
pub fn site_packages_of(venv: &Path) -> Vec<PathBuf> {
    let mut roots = Vec::new();
    if let Ok(entries) = std::fs::read_dir(venv.join("lib")) {
        let mut dirs: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path().join("site-packages"))
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        roots.extend(dirs);
    }
    let win = venv.join("Lib").join("site-packages");
    if win.is_dir() {
        roots.push(win);
    }
    roots
}

/// Whether `module`'s top-level package belongs to the standard library.
pub fn is_stdlib(module: &str) -> bool {
    let top = module.split('.').next().unwrap_or(module);
    top == "builtins" || ruff_python_stdlib::sys::is_known_standard_library(13, top)
}

/// The facts of a module outside the project, read and indexed on first use.
pub fn module(name: &str) -> Option<(Origin, &'static ModuleFacts)> {
    if let Some(hit) = CACHE.lock().expect("cache").get(name) {
        return *hit;
    }
    let loaded = if is_stdlib(name) {
        load_stub(name).map(|f| (Origin::Stdlib, f))
    } else {
        load_env(name).map(|f| (Origin::Environment, f))
    };
    CACHE
        .lock()
        .expect("cache")
        .insert(name.to_string(), loaded);
    loaded
}

fn index_text(module: &str, is_package: bool, shown: &str, text: &str) -> Option<ModuleFacts> {
    let parsed = ruff_python_parser::parse_module(text).ok()?;
    let lines = ruff_source_file::LineIndex::from_source_text(text);
    let line = |at| lines.line_index(at).get();
    let facts = index_module(module, is_package, shown, text, parsed.suite(), &line);
    Some(facts)
}

fn load_stub(name: &str) -> Option<&'static ModuleFacts> {
    use ruff_db::vendored::VendoredPath;
    let fs = ty_vendored::file_system();
    let rel = name.replace('.', "/");
    for (path, is_package) in [
        (format!("stdlib/{rel}.pyi"), false),
        (format!("stdlib/{rel}/__init__.pyi"), true),
    ] {
        if let Ok(text) = fs.read_to_string(VendoredPath::new(&path)) {
            let shown = format!("<typeshed>/{}", &path["stdlib/".len()..]);
            let facts = index_text(name, is_package, &shown, &text)?;
            return Some(Box::leak(Box::new(facts)));
        }
    }
    None
}

fn load_env(name: &str) -> Option<&'static ModuleFacts> {
    let rel = name.replace('.', "/");
    for root in env_roots() {
        for (file, is_package) in [
            (format!("{rel}.py"), false),
            (format!("{rel}/__init__.py"), true),
            (format!("{rel}.pyi"), false),
            (format!("{rel}/__init__.pyi"), true),
        ] {
            let path = root.join(&file);
            if let Ok(bytes) = std::fs::read(&path) {
                let text = crate::encoding::decode(bytes).ok()?;
                let facts = index_text(name, is_package, &path.to_string_lossy(), &text)?;
                return Some(Box::leak(Box::new(facts)));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantic::Dunder;

    #[test]
    fn a_venvs_site_packages_are_found_and_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("pyproject.toml"), "").unwrap();
        let made = std::process::Command::new("python3")
            .args(["-m", "venv", "--without-pip"])
            .arg(root.join(".venv"))
            .status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("SKIPPED: python3 -m venv is not available");
            return;
        }
        let roots = site_packages_of(&root.join(".venv"));
        assert_eq!(roots.len(), 1, "{roots:?}");
        // `--python` asks the interpreter for its sys.path: the same directory.
        let asked = find_env_roots(Some(&root.join(".venv/bin/python")), None);
        assert_eq!(
            asked
                .iter()
                .map(|p| p.canonicalize().unwrap())
                .collect::<Vec<_>>(),
            vec![roots[0].canonicalize().unwrap()]
        );
        let pkg = roots[0].join("thirdparty_sturdy_test");
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(pkg.join("__init__.py"), "from .impl import Base\n").unwrap();
        std::fs::write(
            pkg.join("impl.py"),
            "class Base:\n    def __del__(self):\n        pass\n",
        )
        .unwrap();
        set_env_roots(roots);
        let p = crate::semantic::ProjectFacts::default();
        let h = crate::semantic::Hierarchy::new(&p, true);
        match h.lookup("thirdparty_sturdy_test.Base") {
            crate::semantic::Lookup::Class(c, Some(Origin::Environment)) => {
                assert_eq!(&*c.qualname, "thirdparty_sturdy_test.impl.Base");
                assert!(c.defines(Dunder::DEL));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            h.lookup("not_installed_anywhere.Base"),
            crate::semantic::Lookup::Unknown(_)
        ));
    }

    #[test]
    fn typeshed_declares_iobase_del() {
        let (origin, io) = module("_io").expect("typeshed has _io");
        assert_eq!(origin, Origin::Stdlib);
        assert!(io.classes["_io._IOBase"].defines(Dunder::DEL));
    }
}
