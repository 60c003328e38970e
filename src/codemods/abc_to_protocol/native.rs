//! Whether a file's package ships native code, whose `isinstance` calls sturdy
//! cannot see. Decided from the file's place on disk (its absolute path, made the
//! same way however the path was spelled on the command line), never from the
//! spelling: `cd pkg/sub && sturdy mod.py`, `sturdy pkg` and absolute paths agree.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use rustc_hash::FxHashMap;

use crate::semantic::project::{absolute, project_root};

/// Extensions of compiled extension modules and of the sources they are built from.
const NATIVE: &[&str] = &["so", "pyd", "dylib", "pyx", "pxd", "c", "cc", "cpp", "rs"];

/// Whether the outermost package holding `path` (a chain of directories with
/// `__init__.py`) contains compiled extension modules or native sources (C, C++,
/// Cython, Rust), or its project is a Rust crate (`Cargo.toml` at the project root,
/// as maturin/PyO3 projects have). A path not on disk (stdin, tests) has none.
pub(crate) fn ships_native_code(path: &str) -> bool {
    static CACHE: OnceLock<Mutex<FxHashMap<PathBuf, bool>>> = OnceLock::new();
    let file = absolute(Path::new(path));
    if !file.is_file() {
        return false;
    }
    let Some(mut dir) = file
        .parent()
        .filter(|d| d.join("__init__.py").is_file())
        .map(Path::to_path_buf)
    else {
        return false;
    };
    while let Some(parent) = dir.parent() {
        if parent.join("__init__.py").is_file() {
            dir = parent.to_path_buf();
        } else {
            break;
        }
    }
    let cache = CACHE.get_or_init(|| Mutex::new(FxHashMap::default()));
    if let Some(v) = cache.lock().ok().and_then(|c| c.get(&dir).copied()) {
        return v;
    }
    let v =
        scan(&dir, 0) || project_root(&dir).is_some_and(|root| root.join("Cargo.toml").is_file());
    if let Ok(mut c) = cache.lock() {
        c.insert(dir, v);
    }
    v
}

fn scan(dir: &Path, depth: usize) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    // The entry's type comes with the directory listing: no `stat` per file.
    entries.filter_map(Result::ok).any(|e| {
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            depth < 8 && scan(&e.path(), depth + 1)
        } else {
            Path::new(&e.file_name())
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| NATIVE.contains(&x))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_spelling_of_the_path_finds_the_extension() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("pkg/sub");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::create_dir_all(dir.path().join("pkg/bindings")).unwrap();
        for f in ["pkg/__init__.py", "pkg/sub/__init__.py", "pkg/sub/ec.py"] {
            std::fs::write(dir.path().join(f), "").unwrap();
        }
        std::fs::write(dir.path().join("pkg/bindings/_rust.abi3.so"), "").unwrap();
        let abs = sub.join("ec.py");
        assert!(ships_native_code(&abs.to_string_lossy()));
        let dotted = sub.join("../sub/./ec.py");
        assert!(ships_native_code(&dotted.to_string_lossy()));
        // Not on disk: nothing to see.
        assert!(!ships_native_code("no/such/dir/ec.py"));
    }
}
