//! Packaging: build the Python wheel with maturin (`bindings = "bin"`), install it
//! into a fresh virtual environment, and run `sturdy --list` from there.

use std::path::Path;
use std::process::Command;

fn run(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn wheel_installs_and_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let has_maturin = Command::new("maturin")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        has_maturin,
        "maturin is required to build the wheel: python3 -m pip install maturin"
    );
    let tmp = tempfile::tempdir().unwrap();
    let wheels = tmp.path().join("wheels");
    // A target directory of its own: the surrounding `cargo test` holds the default one.
    let target = root.join("target").join("wheel");
    run(Command::new("maturin")
        .args(["build", "--release", "--quiet", "--out"])
        .arg(&wheels)
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(root));
    let wheel = std::fs::read_dir(&wheels)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .expect("a wheel was built");
    let venv = tmp.path().join("venv");
    run(Command::new("python3").args(["-m", "venv"]).arg(&venv));
    run(Command::new(venv.join("bin/pip"))
        .args(["install", "--no-index", "--quiet"])
        .arg(&wheel));
    let list = run(Command::new(venv.join("bin/sturdy")).arg("--list"));
    assert!(
        list.contains("del-to-finalize") && list.contains("[default]"),
        "{list}"
    );
}
