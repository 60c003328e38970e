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
