//! Where a file belongs: its project root and its module name, both computed from
//! the file's absolute location on disk, so that they never depend on how the path
//! was spelled on the command line (relative, absolute, `..`, another cwd).

use std::path::{Path, PathBuf};

/// Files whose presence marks a project root.
pub const ROOT_MARKERS: &[&str] = &["pyproject.toml", "setup.py", "setup.cfg", ".git"];

/// The absolute, lexically normalised form of `path` (`..` and `.` removed without
/// resolving symlinks, like Python's `os.path.abspath`).
pub fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `path` (absolute) relative to the current directory when it is under it, else as it
/// is: how messages and diffs name a file sturdy found by itself (a file of the fact
/// set, a module it reads or creates), the way ruff and the named files are shown.
pub fn relative_to_cwd(path: &Path) -> PathBuf {
    static CWD: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    let cwd = CWD.get_or_init(|| std::env::current_dir().ok().map(|c| absolute(&c)));
    match cwd.as_deref().and_then(|c| path.strip_prefix(c).ok()) {
        Some(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
        _ => path.to_path_buf(),
    }
}

/// A path derived from the place of a file named `given` on the command line: absolute
/// when `given` was, else [`relative_to_cwd`]. `derived` is absolute.
pub fn as_given(derived: PathBuf, given: &Path) -> PathBuf {
    if given.is_absolute() {
        derived
    } else {
        relative_to_cwd(&derived)
    }
}

/// The nearest directory at or above `path` (a file or a directory) holding one of
/// [`ROOT_MARKERS`], if any.
///
/// Codemods ask this for many files of one tree, so every directory's answer is
/// remembered until the next run starts ([`forget_project_roots`]): a run looks at
/// each directory once, not once per file below it.
pub fn project_root(path: &Path) -> Option<PathBuf> {
    let abs = absolute(path);
    if abs.is_dir() {
        root_from(&abs)
    } else {
        root_from(abs.parent()?)
    }
}

/// [`project_root`] of a path known to name a file (a source sturdy read): its
/// directory's, without asking the file system what the path is.
pub fn project_root_of_file(path: &Path) -> Option<PathBuf> {
    root_from(absolute(path).parent()?)
}

/// The nearest directory at or above `start` (absolute) holding a root marker.
fn root_from(start: &Path) -> Option<PathBuf> {
    let mut known = ROOTS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut walked: Vec<&Path> = Vec::new();
    let mut found = None;
    for dir in start.ancestors() {
        if let Some(root) = known.get(dir) {
            found = root.clone();
            break;
        }
        walked.push(dir);
        if ROOT_MARKERS.iter().any(|m| dir.join(m).exists()) {
            found = Some(dir.to_path_buf());
            break;
        }
    }
    for dir in walked {
        known.insert(dir.to_path_buf(), found.clone());
    }
    found
}

/// The project root of every directory [`project_root`] looked at in this run.
static ROOTS: std::sync::LazyLock<
    std::sync::Mutex<rustc_hash::FxHashMap<PathBuf, Option<PathBuf>>>,
> = std::sync::LazyLock::new(Default::default);

/// Forget the project roots found so far (a run starts: a directory may have gained
/// or lost a `pyproject.toml` since the last one).
pub fn forget_project_roots() {
    ROOTS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clear();
}

/// Module names of files on disk: a file's stem, preceded by every enclosing
/// directory that is a package (holds an `__init__.py` or `__init__.pyi`), innermost
/// last (`pkg/sub/__init__.py` is `pkg.sub`). Which directories are packages is
/// cached, shared by the workers of a run (a tree has far fewer directories than files).
#[derive(Debug, Default)]
pub struct ModuleNamer {
    packages: std::sync::Mutex<rustc_hash::FxHashMap<PathBuf, bool>>,
    /// Directory → the package it is ([`ModuleNamer::package_of`]).
    prefixes: std::sync::Mutex<rustc_hash::FxHashMap<PathBuf, String>>,
}

impl ModuleNamer {
    fn is_package(&self, dir: &Path) -> bool {
        if let Some(&b) = self.packages.lock().expect("cache").get(dir) {
            return b;
        }
        let b = dir.join("__init__.py").is_file() || dir.join("__init__.pyi").is_file();
        self.packages
            .lock()
            .expect("cache")
            .insert(dir.to_path_buf(), b);
        b
    }

    /// The dotted name of the package that directory `dir` is (empty when it is not a
    /// package), remembered per directory: the files of a tree share few directories.
    fn package_of(&self, dir: &Path) -> String {
        if let Some(p) = self.prefixes.lock().expect("cache").get(dir) {
            return p.clone();
        }
        let name = match dir.file_name() {
            Some(n) if self.is_package(dir) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        };
        let prefix = match name {
            None => String::new(),
            Some(n) => match dir.parent().map(|d| self.package_of(d)) {
                Some(outer) if !outer.is_empty() => format!("{outer}.{n}"),
                _ => n,
            },
        };
        self.prefixes
            .lock()
            .expect("cache")
            .insert(dir.to_path_buf(), prefix.clone());
        prefix
    }

    /// The module name of the file at `path`, and whether it is a package's `__init__`.
    pub fn name(&self, path: &Path) -> (String, bool) {
        let abs = absolute(path);
        let stem = abs
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let is_init = stem == "__init__";
        let package = abs.parent().map(|d| self.package_of(d)).unwrap_or_default();
        let name = match (is_init, package.is_empty()) {
            (true, _) => package,
            (false, true) => stem,
            (false, false) => format!("{package}.{stem}"),
        };
        (name, is_init)
    }
}

/// The module name of a source known only by its display name (stdin, tests):
/// its path without the extension, dotted (`pkg/mod.py` → `pkg.mod`).
pub fn module_name_of_display(name: &str) -> (String, bool) {
    let p = Path::new(name);
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let is_init = stem == "__init__";
    let mut parts: Vec<String> = p
        .parent()
        .into_iter()
        .flat_map(|d| d.components())
        .filter_map(|c| match c {
            std::path::Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if !is_init {
        parts.push(stem);
    }
    (parts.join("."), is_init)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_follow_packages() {
        let dir = tempfile::tempdir().unwrap();
        let pkg = dir.path().join("src/pkg/sub");
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(dir.path().join("src/pkg/__init__.py"), "").unwrap();
        std::fs::write(pkg.join("__init__.py"), "").unwrap();
        std::fs::write(pkg.join("mod.py"), "").unwrap();
        std::fs::write(dir.path().join("pyproject.toml"), "").unwrap();
        let namer = ModuleNamer::default();
        assert_eq!(
            namer.name(&pkg.join("mod.py")),
            ("pkg.sub.mod".into(), false)
        );
        assert_eq!(
            namer.name(&pkg.join("__init__.py")),
            ("pkg.sub".into(), true)
        );
        assert_eq!(
            namer.name(&pkg.join("../sub/./mod.py")),
            ("pkg.sub.mod".into(), false)
        );
        // A module of a directory that is not a package, asked after the packages
        // below it were named (the per-directory cache).
        std::fs::write(dir.path().join("src/top.py"), "").unwrap();
        assert_eq!(
            namer.name(&dir.path().join("src/top.py")),
            ("top".into(), false)
        );
        assert_eq!(
            namer.name(&dir.path().join("src/pkg/other.py")),
            ("pkg.other".into(), false)
        );
        assert_eq!(
            project_root(&pkg.join("mod.py")).unwrap(),
            absolute(dir.path())
        );
        assert_eq!(
            project_root_of_file(&pkg.join("mod.py")),
            project_root(&pkg.join("mod.py"))
        );
    }

    #[test]
    fn a_new_run_sees_a_new_project_root() {
        let dir = tempfile::tempdir().unwrap();
        let pkg = dir.path().join("app/pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(dir.path().join("pyproject.toml"), "").unwrap();
        let file = pkg.join("mod.py");
        assert_eq!(project_root(&file).unwrap(), absolute(dir.path()));
        // Asked again from another directory of the tree: the same root.
        assert_eq!(project_root(&pkg).unwrap(), absolute(dir.path()));
        std::fs::write(dir.path().join("app/setup.py"), "").unwrap();
        forget_project_roots();
        assert_eq!(
            project_root(&file).unwrap(),
            absolute(&dir.path().join("app"))
        );
    }
}
