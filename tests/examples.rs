//! The bundled example project: every codemod changes it, the result is stable, and
//! the migrated service tolerates a payload that gained a field (the original raises).

use std::path::Path;
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dst = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            if e.file_name() != "__pycache__" {
                copy_dir(&e.path(), &dst);
            }
        } else {
            std::fs::copy(e.path(), dst).unwrap();
        }
    }
}

const SCRIPT: &str = r#"
import gc, os, sys
sys.path.insert(0, os.getcwd())
from orders import gateways, handlers, spool
message = {"type": "order.created", "payload": {"order_id": 1, "customer_id": "c", "cents": 5, "coupon": None}}
try:
    print(handlers.dispatch(message, gateways.FakeGateway()))
except TypeError as e:
    print("TypeError:", e)
s = spool.SpoolFile()
path = s.path
del s
gc.collect()
print("spool removed:", not os.path.exists(path))
"#;

fn python(dir: &Path) -> String {
    let out = Command::new("python3")
        .args(["-c", SCRIPT])
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn examples_are_migrated_by_every_codemod() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("examples");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"),
        &dir,
    );
    let before = python(&dir);
    assert!(before.contains("TypeError:"), "{before}");

    let sturdy = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_sturdy"))
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap()
    };
    let diff = String::from_utf8(sturdy(&["--select", "all", "."]).stdout).unwrap();
    for needle in [
        "weakref.finalize(",                           // del-to-finalize
        "class PaymentGateway(Protocol)",              // abc-to-protocol
        "dispatch_by_signature(handler, raw_payload)", // signature-dispatch
        "gc.freeze()",                                 // gc-freeze-prefork
        "Annotated[int, Query(le=100)]",               // annotated-metadata
    ] {
        assert!(diff.contains(needle), "missing {needle} in:\n{diff}");
    }
    assert_eq!(
        sturdy(&["--select", "all", "--write", "."]).status.code(),
        Some(0)
    );
    assert_eq!(
        sturdy(&["--select", "all", "--check", "."]).status.code(),
        Some(0)
    );
    let after = python(&dir);
    assert!(after.contains("created 1 for c: 5"), "{after}");
    assert!(after.contains("spool removed: True"), "{after}");
}
