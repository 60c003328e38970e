//! abc-to-protocol leaves a public interface an ABC by default: code outside the
//! project may subclass it, and a Protocol base breaks such subclasses in ways sturdy
//! cannot see (opentelemetry-sdk's `class Span(trace_api.Span, ReadableSpan)` calls
//! `super().__init__()`; with the API's `Span` a Protocol, `ReadableSpan.__init__` no
//! longer ran and 98 of the SDK's tests failed). `--convert-public-interfaces` converts
//! them for a project that owns every subclass.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

const IFACE: &str = "from abc import ABC, abstractmethod\n\n\nclass Span(ABC):\n    @abstractmethod\n    def end(self) -> None: ...\n";

/// Another distribution's subclass, next to the project (not in it).
const SDK: &str = "from lib.iface import Span\n\n\nclass Readable:\n    def __init__(self, name):\n        self.name = name\n\n\nclass SdkSpan(Span, Readable):\n    def __init__(self, name):\n        super().__init__(name)\n\n    def end(self):\n        return self.name\n\n\nprint(SdkSpan('request').end())\n";

fn setup(dir: &Path) {
    let lib = dir.join("libproj");
    fs::create_dir_all(lib.join("lib")).unwrap();
    fs::write(lib.join("pyproject.toml"), "[project]\nname = \"lib\"\n").unwrap();
    fs::write(lib.join("lib/__init__.py"), "").unwrap();
    fs::write(lib.join("lib/iface.py"), IFACE).unwrap();
    fs::create_dir_all(dir.join("sdk")).unwrap();
    fs::write(dir.join("sdk/app.py"), SDK).unwrap();
}

/// Run the other distribution's program against the library.
fn run_sdk(dir: &Path) -> std::process::Output {
    Command::new("python3")
        .arg(dir.join("sdk/app.py"))
        .env("PYTHONPATH", dir.join("libproj"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .unwrap()
}

#[test]
fn a_public_interface_stays_an_abc_by_default() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let before = run_sdk(dir.path());
    assert_eq!(common::text(&before.stdout), "request\n", "{before:?}");
    let out = common::sturdy(
        &dir.path().join("libproj"),
        &["--write", "--verbose", "lib"],
    );
    let err = common::text(&out.stderr);
    assert!(
        err.contains("lib/iface.py:4:7: abc-to-protocol: class `Span` is a public interface (`lib.iface.Span`): code outside this project may subclass it"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("libproj/lib/iface.py")).unwrap(),
        IFACE
    );
    let after = run_sdk(dir.path());
    assert_eq!(common::text(&after.stdout), "request\n", "{after:?}");
}

/// Opting in converts it; the other distribution's subclass then loses its
/// `Readable.__init__` (what the default protects against).
#[test]
fn convert_public_interfaces_opts_in() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let lib = dir.path().join("libproj");
    let out = common::sturdy(&lib, &["--write", "--convert-public-interfaces", "lib"]);
    assert!(out.status.success(), "{out:?}");
    let iface = fs::read_to_string(lib.join("lib/iface.py")).unwrap();
    assert!(
        iface.contains("@runtime_checkable\nclass Span(Protocol):"),
        "{iface}"
    );
    let after = run_sdk(dir.path());
    assert!(
        common::text(&after.stderr).contains("AttributeError"),
        "{after:?}"
    );
    // The same from the configuration.
    let dir2 = tempfile::tempdir().unwrap();
    setup(dir2.path());
    let lib2 = dir2.path().join("libproj");
    fs::write(
        lib2.join("pyproject.toml"),
        "[project]\nname = \"lib\"\n\n[tool.sturdy.abc-to-protocol]\nconvert-public-interfaces = true\n",
    )
    .unwrap();
    let out = common::sturdy(&lib2, &["--write", "lib"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        fs::read_to_string(lib2.join("lib/iface.py")).unwrap(),
        iface
    );
}

/// A top-level module next to a package (the standard library's `selectors`) and a module
/// of a namespace package (a directory without `__init__.py`, as
/// `opentelemetry.propagators`) are importable from outside too: public, and so is a class
/// of a private module that a public module re-exports. A script in a directory of scripts
/// is not, nor a private module's class that nothing re-exports.
#[test]
fn top_level_and_namespace_modules_of_an_import_root_are_public() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("pyproject.toml"), "[project]\nname = \"acme\"\n").unwrap();
    for (path, text) in [
        ("src/acme/trace/__init__.py", ""),
        // Re-exported through the namespace package's full path.
        ("src/acme/trace/_impl.py", IFACE),
        (
            "src/acme/trace/api.py",
            "from acme.trace._impl import Span\n",
        ),
        ("src/acme/propagators/textmap.py", IFACE),
        ("src/acme_core/__init__.py", ""),
        ("src/acme_core/_internal/__init__.py", ""),
        ("src/acme_core/_internal/agg.py", IFACE),
        ("src/acme_core/_internal/hidden.py", IFACE),
        // Re-exported in two steps: by a private package, then by a public module.
        (
            "src/acme_core/_internal/two/__init__.py",
            "from .impl import Span\n",
        ),
        ("src/acme_core/_internal/two/impl.py", IFACE),
        (
            "src/acme_core/api2.py",
            "from acme_core._internal.two import Span\n",
        ),
        (
            "src/acme_core/view.py",
            "from acme_core._internal.agg import Span\n\n__all__ = [\"Span\"]\n",
        ),
        ("src/selectors.py", IFACE),
        ("scripts/tool.py", IFACE),
    ] {
        let p = root.join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    let out = common::sturdy(root, &["--verbose", "src", "scripts"]);
    let err = common::text(&out.stderr);
    let diff = common::text(&out.stdout);
    for path in [
        "src/acme/propagators/textmap.py",
        "src/selectors.py",
        "src/acme_core/_internal/agg.py",
        "src/acme/trace/_impl.py",
        "src/acme_core/_internal/two/impl.py",
    ] {
        assert!(
            err.contains(&format!(
                "{path}:4:7: abc-to-protocol: class `Span` is a public interface"
            )),
            "{path}: {err}"
        );
        assert!(!diff.contains(&format!("+++ b/{path}")), "{diff}");
    }
    for path in ["scripts/tool.py", "src/acme_core/_internal/hidden.py"] {
        assert!(diff.contains(&format!("+++ b/{path}")), "{diff}\n{err}");
    }
}
