//! Decisions do not depend on how sturdy is invoked: the edit set is what the user
//! names, the fact set is the whole project. The same project named five ways
//! (relative, absolute, `..`, one file of it, from another cwd) must give the same
//! rewrite of every file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_sturdy");

/// A small project whose right rewrite needs facts from files other than the one
/// rewritten: `Registered` is `.register()`ed elsewhere (must stay an ABC), `Checked`
/// is `isinstance`-checked elsewhere (needs `@runtime_checkable`), `Plain` converts.
const PROJECT: &[(&str, &str)] = &[
    ("pyproject.toml", "[project]\nname = \"proj\"\n"),
    ("pkg/__init__.py", ""),
    (
        "pkg/iface.py",
        "from abc import ABC, abstractmethod\n\n\nclass Registered(ABC):\n    @abstractmethod\n    def read(self) -> bytes: ...\n\n\nclass Checked(ABC):\n    @abstractmethod\n    def write(self, data: bytes) -> None: ...\n\n\nclass Plain(ABC):\n    @abstractmethod\n    def close(self) -> None: ...\n",
    ),
    (
        "pkg/memory.py",
        "from pkg.iface import Registered\n\n\nclass Memory:\n    def read(self) -> bytes:\n        return b\"\"\n\n\nRegistered.register(Memory)\n",
    ),
    (
        "pkg/use.py",
        "from pkg.iface import Checked\n\n\ndef save(sink, data):\n    if isinstance(sink, Checked):\n        sink.write(data)\n",
    ),
    (
        "pkg/handle.py",
        "import os\n\n\nclass Handle:\n    def __init__(self, path):\n        self.fd = os.open(path, os.O_RDONLY)\n\n    def __del__(self):\n        os.close(self.fd)\n",
    ),
    ("pkg/rebind.py", "def steal(h):\n    h.fd = -1\n"),
];

fn make(dir: &Path) -> PathBuf {
    let root = dir.join("proj");
    for (name, text) in PROJECT {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    root
}

fn tree(root: &Path) -> BTreeMap<String, String> {
    PROJECT
        .iter()
        .map(|(n, _)| {
            (
                (*n).to_string(),
                std::fs::read_to_string(root.join(n)).unwrap(),
            )
        })
        .collect()
}

/// Run `sturdy --write ARGS` in `cwd` on a fresh copy of the project (made under
/// `dir`), and return the project's files afterwards.
fn rewrite(args: &[&str], cwd_in_project: Option<&str>) -> BTreeMap<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let root = make(dir.path());
    let other = dir.path().join("elsewhere");
    std::fs::create_dir_all(&other).unwrap();
    let cwd = match cwd_in_project {
        Some(sub) => root.join(sub),
        None => other,
    };
    let root_s = root.to_string_lossy().to_string();
    let args: Vec<String> = args.iter().map(|a| a.replace("{root}", &root_s)).collect();
    let out = Command::new(BIN)
        .arg("--write")
        .arg("--isolated")
        // Facts across files, not publicness, are what these tests are about.
        .arg("--convert-public-interfaces")
        .args(&args)
        .current_dir(&cwd)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    tree(&root)
}

#[test]
fn same_rewrite_however_the_project_is_named() {
    let whole = rewrite(&["."], Some(""));
    // The whole-tree run needs the other files' facts.
    let iface = &whole["pkg/iface.py"];
    assert!(iface.contains("class Registered(ABC)"), "{iface}");
    assert!(
        iface.contains("@runtime_checkable\nclass Checked(Protocol)"),
        "{iface}"
    );
    assert!(iface.contains("class Plain(Protocol)"), "{iface}");
    for (args, cwd) in [
        (&["pkg"][..], Some("")),
        (&["{root}"][..], None),
        (&["{root}/pkg/../pkg"][..], None),
        (&["../pkg"][..], Some("pkg")),
        (&["."][..], Some("pkg")),
        (&["pkg/iface.py", "pkg/handle.py"][..], Some("")),
        (&["{root}/pkg/iface.py", "{root}/pkg/handle.py"][..], None),
    ] {
        let got = rewrite(args, cwd);
        for name in ["pkg/iface.py", "pkg/handle.py"] {
            assert_eq!(
                got[name], whole[name],
                "{name} differs when run as `sturdy {args:?}` from {cwd:?}"
            );
        }
    }
}

#[test]
fn one_named_file_sees_the_rest_of_its_project() {
    // pre-commit passes only the staged file.
    let got = rewrite(&["pkg/iface.py"], Some(""));
    assert!(got["pkg/iface.py"].contains("class Registered(ABC)"));
    // Only the named file is edited.
    assert_eq!(got["pkg/handle.py"], PROJECT[5].1);
}

#[test]
fn no_project_facts_restricts_facts_to_the_named_files() {
    let got = rewrite(&["--no-project-facts", "pkg/iface.py"], Some(""));
    // Without the other files, `.register()` is not seen: this is the documented cost.
    assert!(got["pkg/iface.py"].contains("class Registered(Protocol)"));
}

/// A private interface in a package that ships a compiled extension elsewhere in the
/// package (cryptography's `EllipticCurve` case, private here so that only the
/// extension asks for `@runtime_checkable`), and a chain whose base lives in another
/// file of the project.
const NATIVE: &[(&str, &str)] = &[
    ("pyproject.toml", "[project]\nname = \"crypto\"\n"),
    ("crypto/__init__.py", ""),
    ("crypto/bindings/__init__.py", ""),
    ("crypto/bindings/_rust.abi3.so", ""),
    ("crypto/asym/__init__.py", ""),
    (
        "crypto/asym/_ec.py",
        "import abc\n\n\nclass EllipticCurve(metaclass=abc.ABCMeta):\n    @abc.abstractmethod\n    def name(self) -> str: ...\n",
    ),
    (
        "crypto/asym/_base.py",
        "from abc import ABC, abstractmethod\n\n\nclass _Key(ABC):\n    @abstractmethod\n    def size(self) -> int: ...\n",
    ),
    (
        "crypto/asym/_private.py",
        "from abc import ABC, abstractmethod\n\nfrom crypto.asym._base import _Key\n\n\nclass _PrivateKey(_Key, ABC):\n    @abstractmethod\n    def sign(self, data: bytes) -> bytes: ...\n",
    ),
];

/// Run `sturdy --write ARGS` from `cwd` (relative to the project root) on a fresh copy
/// of `files`; return the project's files afterwards and the root.
fn rewrite_in(
    files: &[(&str, &str)],
    args: &[&str],
    cwd: &str,
) -> (BTreeMap<String, String>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("proj");
    for (name, text) in files {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let root_s = root.to_string_lossy().to_string();
    let args: Vec<String> = args.iter().map(|a| a.replace("{root}", &root_s)).collect();
    let out = Command::new(BIN)
        .arg("--write")
        .arg("--isolated")
        // Facts across files, not publicness, are what these tests are about.
        .arg("--convert-public-interfaces")
        .args(&args)
        .current_dir(root.join(cwd))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = files
        .iter()
        .filter(|(n, _)| n.ends_with(".py"))
        .map(|(n, _)| {
            (
                (*n).to_string(),
                std::fs::read_to_string(root.join(n)).unwrap(),
            )
        })
        .collect();
    (got, dir)
}

#[test]
fn compiled_extension_check_does_not_depend_on_the_path_spelling() {
    let (whole, _d) = rewrite_in(NATIVE, &["."], "");
    let ec = &whole["crypto/asym/_ec.py"];
    assert!(
        ec.contains("@runtime_checkable\nclass EllipticCurve(Protocol)"),
        "{ec}"
    );
    for (args, cwd) in [
        (&["_ec.py"][..], "crypto/asym"),
        (&["."][..], "crypto/asym"),
        (&["../asym/_ec.py"][..], "crypto/asym"),
        (&["{root}/crypto/asym/_ec.py"][..], "crypto"),
        (&["crypto"][..], ""),
    ] {
        let (got, _d) = rewrite_in(NATIVE, args, cwd);
        assert_eq!(
            got["crypto/asym/_ec.py"], *ec,
            "differs when run as `sturdy {args:?}` from {cwd:?}"
        );
    }
}

#[test]
fn a_base_in_a_file_not_rewritten_is_not_trusted() {
    // Both files named: the chain converts together.
    let (whole, _d) = rewrite_in(NATIVE, &["crypto"], "");
    assert!(whole["crypto/asym/_private.py"].contains("class _PrivateKey(_Key, Protocol)"));
    assert!(whole["crypto/asym/_base.py"].contains("class _Key(Protocol)"));
    // Only the subclass's file named: its base stays an ABC, so it must stay one too
    // (a Protocol cannot derive from an ABC: the import would fail).
    let (one, _d) = rewrite_in(NATIVE, &["crypto/asym/_private.py"], "");
    assert!(
        one["crypto/asym/_private.py"].contains("class _PrivateKey(_Key, ABC)"),
        "{}",
        one["crypto/asym/_private.py"]
    );
}

/// A project whose candidate file needs facts from three other files, none of which
/// says the name it is about directly: a grand-subclass declaring a metaclass (its
/// file names only the middle class), a store of `_fd` on another receiver, a
/// `.register()`; and 30 unrelated files.
fn lazy_project() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = [
        ("pyproject.toml", "[project]\nname = \"lazy\"\n"),
        ("pkg/__init__.py", ""),
        (
            "pkg/iface.py",
            "import os\nfrom abc import ABC, abstractmethod\n\n\nclass Base(ABC):\n    @abstractmethod\n    def run(self) -> None: ...\n\n\nclass Iface(ABC):\n    @abstractmethod\n    def go(self) -> None: ...\n\n\nclass Handle:\n    def __init__(self, path):\n        self._fd = os.open(path, os.O_RDONLY)\n\n    def __del__(self):\n        os.close(self._fd)\n",
        ),
        (
            "pkg/mid.py",
            "from pkg.iface import Base\n\n\nclass Mid(Base):\n    pass\n",
        ),
        (
            "pkg/leaf.py",
            "from abc import ABCMeta\n\nfrom pkg.mid import Mid\n\n\nclass Meta(ABCMeta):\n    pass\n\n\nclass Leaf(Mid, metaclass=Meta):\n    def run(self) -> None:\n        pass\n",
        ),
        ("pkg/steal.py", "def steal(other):\n    other._fd = None\n"),
        (
            "pkg/reg.py",
            "from pkg.iface import Iface\n\n\nclass Impl:\n    def go(self) -> None:\n        pass\n\n\nIface.register(Impl)\n",
        ),
    ]
    .iter()
    .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
    .collect();
    for i in 0..30 {
        files.push((
            format!("pkg/unrelated{i}.py"),
            format!("def f{i}(x):\n    return x + {i}\n"),
        ));
    }
    files
}

#[test]
fn one_named_file_indexes_only_the_files_its_answers_need() {
    let files = lazy_project();
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let (whole, _d) = rewrite_in(&borrowed, &["."], "");
    let (one, _d) = rewrite_in(&borrowed, &["pkg/iface.py"], "");
    let (blind, _d) = rewrite_in(&borrowed, &["--no-project-facts", "pkg/iface.py"], "");
    let iface = &whole["pkg/iface.py"];
    assert_eq!(one["pkg/iface.py"], *iface);
    // Each of the three facts from other files changes the rewrite: without them all
    // three candidates convert.
    for (with, without) in [
        ("class Base(ABC)", "class Base(Protocol)"),
        ("class Iface(ABC)", "class Iface(Protocol)"),
        ("def __del__(self)", "weakref.finalize("),
    ] {
        assert!(iface.contains(with), "{iface}");
        assert!(
            blind["pkg/iface.py"].contains(without),
            "{}",
            blind["pkg/iface.py"]
        );
    }
    // And not every file of the project was parsed for it.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("proj");
    for (name, text) in &files {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let out = Command::new(BIN)
        .args([
            "--isolated",
            "--convert-public-interfaces",
            "--verbose",
            "pkg/iface.py",
        ])
        .current_dir(&root)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err
        .lines()
        .find_map(|l| l.strip_prefix("project facts: indexed "))
        .unwrap_or_else(|| panic!("{err}"));
    let (indexed, rest) = line.split_once(" of ").unwrap();
    let of: usize = rest.split_whitespace().next().unwrap().parse().unwrap();
    let indexed: usize = indexed.parse().unwrap();
    assert_eq!(of, 35, "{err}");
    assert!((4..10).contains(&indexed), "{err}");
}

/// A skip that names a place in a file of the fact set that was not named names it as
/// the edit set's files are named: relative to the current directory (not by the
/// absolute path the project walk found it under).
#[test]
fn places_in_unnamed_files_are_shown_relative_to_the_current_directory() {
    let dir = tempfile::tempdir().unwrap();
    let root = make(dir.path());
    let out = Command::new(BIN)
        .args(["pkg/handle.py"])
        .current_dir(&root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr
        .lines()
        .find(|l| l.starts_with("pkg/handle.py:") && l.contains("del-to-finalize"))
        .unwrap_or_else(|| panic!("no del-to-finalize skip in: {stderr}"));
    assert!(line.contains(" pkg/rebind.py:2 "), "{line}");
    assert!(!line.contains(&*root.to_string_lossy()), "{line}");
}

/// A file of the project named like a module compiled into the interpreter (test data
/// called `builtins.py`) does not hide the real one: `object` is still `builtins.object`,
/// a base that defines no `__del__`.
#[test]
fn a_project_file_named_builtins_does_not_hide_the_interpreters() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("proj");
    for (name, text) in [
        ("pyproject.toml", "[project]\nname = \"proj\"\n"),
        ("data/builtins.py", "def open(*a):\n    return None\n"),
        (
            "pkg/handle.py",
            "import os\n\n\nclass Handle(object):\n    def __init__(self, path):\n        self.fd = os.open(path, os.O_RDONLY)\n\n    def __del__(self):\n        os.close(self.fd)\n",
        ),
    ] {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let out = Command::new(BIN)
        .args(["--write", "."])
        .current_dir(&root)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let handle = std::fs::read_to_string(root.join("pkg/handle.py")).unwrap();
    assert!(
        handle.contains("weakref.finalize(self, os.close, self.fd)"),
        "{handle}"
    );
}
