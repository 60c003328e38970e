//! The pre-commit hook sees one staged file, yet decides with the whole project's
//! facts: its output is the same as a whole-tree run's. Runs the real `pre-commit`
//! (installed by `.ci/run`); skips itself, saying so, where it is missing.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_sturdy");

const IFACE: &str = "from abc import ABC, abstractmethod\n\n\nclass Registered(ABC):\n    @abstractmethod\n    def read(self) -> bytes: ...\n\n\nclass Checked(ABC):\n    @abstractmethod\n    def write(self, data: bytes) -> None: ...\n";

const FILES: &[(&str, &str)] = &[
    (
        "pyproject.toml",
        "[project]\nname = \"proj\"\n\n[tool.sturdy.abc-to-protocol]\nconvert-public-interfaces = true\n",
    ),
    ("pkg/__init__.py", ""),
    ("pkg/iface.py", "# the interfaces\n"),
    (
        "pkg/memory.py",
        "from pkg.iface import Registered\n\n\nclass Memory:\n    def read(self) -> bytes:\n        return b\"\"\n\n\nRegistered.register(Memory)\n",
    ),
    (
        "pkg/use.py",
        "from pkg.iface import Checked\n\n\ndef save(sink, data):\n    if isinstance(sink, Checked):\n        sink.write(data)\n",
    ),
    (
        "venv/lib/python3.11/site-packages/vendored.py",
        "from abc import ABC, abstractmethod\n\n\nclass Vendored(ABC):\n    @abstractmethod\n    def f(self): ...\n",
    ),
];

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn pre_commit() -> Option<Vec<String>> {
    for cmd in [vec!["pre-commit"], vec!["python3", "-m", "pre_commit"]] {
        if Command::new(cmd[0])
            .args(&cmd[1..])
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return Some(cmd.into_iter().map(String::from).collect());
        }
    }
    None
}

#[test]
fn hook_on_one_staged_file_matches_a_whole_tree_run() {
    let Some(pc) = pre_commit() else {
        eprintln!("SKIPPED: pre-commit is not installed (python3 -m pip install pre-commit)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    for (name, text) in FILES {
        let p = repo.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let config = format!(
        "repos:\n  - repo: local\n    hooks:\n      - id: sturdy-fix\n        name: sturdy (write)\n        entry: {BIN} --write --quiet --force-exclude\n        language: system\n        types_or: [python, pyi]\n        require_serial: true\n"
    );
    std::fs::write(repo.join(".pre-commit-config.yaml"), config).unwrap();
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-qm", "start"]);
    // The change being committed: the interfaces, one staged file.
    std::fs::write(repo.join("pkg/iface.py"), IFACE).unwrap();
    git(&repo, &["add", "pkg/iface.py"]);
    let home = dir.path().join("cache");
    let out = Command::new(&pc[0])
        .args(&pc[1..])
        .args([
            "run",
            "--files",
            "pkg/iface.py",
            "venv/lib/python3.11/site-packages/vendored.py",
        ])
        .env("PRE_COMMIT_HOME", &home)
        .current_dir(&repo)
        .output()
        .unwrap();
    let hooked = std::fs::read_to_string(repo.join("pkg/iface.py")).unwrap();
    // The hook changed the file (pre-commit reports failure when a hook modifies files).
    assert_ne!(hooked, IFACE, "{}", String::from_utf8_lossy(&out.stdout));

    // The same change made by a whole-tree run on a copy.
    let copy = dir.path().join("copy");
    for (name, text) in FILES {
        let p = copy.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    std::fs::write(copy.join("pkg/iface.py"), IFACE).unwrap();
    let whole = Command::new(BIN)
        .args(["--write", "--quiet", "."])
        .current_dir(&copy)
        .output()
        .unwrap();
    assert!(whole.status.success());
    let expected = std::fs::read_to_string(copy.join("pkg/iface.py")).unwrap();
    assert_eq!(hooked, expected);
    // `.register()` in another file keeps `Registered` an ABC; `isinstance` in another
    // file gives `Checked` its `@runtime_checkable`.
    assert!(hooked.contains("class Registered(ABC)"), "{hooked}");
    assert!(
        hooked.contains("@runtime_checkable\nclass Checked(Protocol)"),
        "{hooked}"
    );
    // --force-exclude: the file under `venv/` that pre-commit named is left alone, as
    // a whole-tree run leaves it (default excludes).
    for root in [&repo, &copy] {
        assert_eq!(
            std::fs::read_to_string(root.join("venv/lib/python3.11/site-packages/vendored.py"))
                .unwrap(),
            FILES[5].1
        );
    }
}
