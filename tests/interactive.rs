//! `sturdy -i`: the `(n/total)` counter, `?` help, Enter alone asks again, `d` skips
//! the rest of a file, `-i` with a non-text format is refused; answers through a pipe
//! (line mode) and single keys in a real pseudo-terminal (Python's `pty`), where the
//! terminal must be restored on every way out (answer, Ctrl-C, SIGTERM).

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::text;

const BIN: &str = env!("CARGO_BIN_EXE_sturdy");

/// Two `__del__` classes: two changes in one file.
const TWO: &str = "import os\n\n\nclass A:\n    def __init__(self, name):\n        self.name = name\n\n    def __del__(self):\n        os.remove(self.name)\n\n\nclass B:\n    def __init__(self, name):\n        self.name = name\n\n    def __del__(self):\n        os.remove(self.name)\n";
const ONE: &str = "import os\n\n\nclass T:\n    def __init__(self, name):\n        self.name = name\n\n    def __del__(self):\n        os.remove(self.name)\n";
const ONE_OUT: &str = "import os\nimport weakref\n\n\nclass T:\n    def __init__(self, name):\n        self.name = name\n        self._finalizer = weakref.finalize(self, os.remove, self.name)\n";

fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (p, c) in files {
        fs::write(dir.path().join(p), c).unwrap();
    }
    dir
}

fn piped(dir: &Path, args: &[&str], answers: &str) -> Output {
    common::sturdy_stdin(dir, args, answers)
}

fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn counter_help_and_enter_alone_asks_again() {
    let dir = tree(&[("m.py", TWO), ("n.py", ONE)]);
    // Enter alone, `?`, an unknown answer: none of them accepts anything; then the
    // input ends, which quits.
    let out = piped(dir.path(), &["-i", "--color", "never"], "\n?\nmaybe\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let prompt = "(1/3) Accept this change? [y,n,a,d,q,?] ";
    assert_eq!(stdout.matches(prompt).count(), 4, "{stdout}");
    assert!(!stdout.contains("(2/3)"), "{stdout}");
    assert!(
        stdout.contains("d - reject this change and every later change in this file"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Please answer y, n, a, d or q (? for help)."),
        "{stdout}"
    );
    assert_eq!(read(dir.path(), "m.py"), TWO, "Enter alone must not accept");
    assert_eq!(read(dir.path(), "n.py"), ONE);
}

#[test]
fn d_skips_the_rest_of_the_file_and_the_counter_covers_every_file() {
    let dir = tree(&[("m.py", TWO), ("n.py", ONE)]);
    // m.py: `d` at the first change rejects both; n.py: `y`.
    let out = piped(dir.path(), &["-i", "--color", "never"], "d\ny\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("(1/3) Accept this change?"), "{stdout}");
    assert!(
        !stdout.contains("(2/3)"),
        "d must not ask about the rest of m.py: {stdout}"
    );
    assert!(stdout.contains("(3/3) Accept this change?"), "{stdout}");
    assert!(stdout.contains("\nn.py (del-to-finalize)\n"), "{stdout}");
    assert_eq!(read(dir.path(), "m.py"), TWO);
    assert_eq!(read(dir.path(), "n.py"), ONE_OUT);
    assert!(
        text(&out.stderr).contains("2 files scanned, 1 file changed"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_counter_follows_accepted_changes() {
    let dir = tree(&[("m.py", TWO)]);
    let out = piped(dir.path(), &["-i", "--color", "never"], "y\ny\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("(1/2) Accept"), "{stdout}");
    assert!(stdout.contains("(2/2) Accept"), "{stdout}");
    let m = read(dir.path(), "m.py");
    assert_eq!(m.matches("weakref.finalize").count(), 2, "{m}");
    assert!(!m.contains("__del__"), "{m}");
}

#[test]
fn interactive_with_a_machine_format_is_refused() {
    let dir = tree(&[("m.py", ONE)]);
    for format in ["json", "github"] {
        let out = piped(dir.path(), &["-i", "--format", format, "m.py"], "y\n");
        assert_eq!(out.status.code(), Some(2), "{format}");
        let err = text(&out.stderr);
        assert!(
            err.contains("--interactive") && err.contains(&format!("`{format}`")),
            "{err}"
        );
        assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
        assert_eq!(read(dir.path(), "m.py"), ONE);
    }
    // The text format (the default, or named) is what -i prints.
    let out = piped(dir.path(), &["-i", "--format", "text", "m.py"], "y\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(read(dir.path(), "m.py"), ONE_OUT);
}

/// Runs sturdy in a pseudo-terminal, waits for the question, checks the terminal is in
/// single-key mode, sends `keys` one at a time, each when its question is shown (no
/// Enter), then reports the transcript, the exit
/// status, and the terminal's mode after sturdy exited.
const PTY_DRIVER: &str = r#"
import json, os, select, signal, subprocess, sys, termios, time
binary, keys, then = sys.argv[1], sys.argv[2].encode(), sys.argv[3]
master, slave = os.openpty()
child = subprocess.Popen([binary, "-i", "m.py"], stdin=slave, stdout=slave,
                         stderr=slave, start_new_session=True, env=dict(os.environ, TERM="dumb"))
out = b""
def pump(seconds):
    global out
    deadline = time.time() + seconds
    while time.time() < deadline:
        if select.select([master], [], [], 0.05)[0]:
            try:
                out += os.read(master, 4096)
            except OSError:
                return
def question(n):
    deadline = time.time() + 30
    while out.count(b"Accept this change?") < n and time.time() < deadline and child.poll() is None:
        pump(0.1)
    pump(0.3)
question(1)
during = termios.tcgetattr(slave)[3]
if then == "term":
    child.send_signal(signal.SIGTERM)
for i, key in enumerate(keys):
    question(i + 1)
    os.write(master, bytes([key]))
child.wait(timeout=30)
pump(0.5)
after = termios.tcgetattr(slave)[3]
mode = lambda f: {"icanon": bool(f & termios.ICANON), "echo": bool(f & termios.ECHO),
                  "isig": bool(f & termios.ISIG)}
print(json.dumps({"out": out.decode(errors="replace"), "status": child.returncode,
                  "during": mode(during), "after": mode(after)}))
"#;

/// `None` (after printing why) where Python's `pty`/`termios` are unavailable.
#[cfg(unix)]
fn in_pty(dir: &Path, keys: &str, then: &str) -> Option<serde_json::Value> {
    let probe = Command::new("python3")
        .args(["-c", "import pty, termios"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("SKIPPED: python3 with the pty and termios modules is not available");
        return None;
    }
    let out = Command::new("python3")
        .args(["-c", PTY_DRIVER, BIN, keys, then])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

#[cfg(unix)]
fn assert_single_key_then_restored(r: &serde_json::Value) {
    let mode = |when: &str, flag: &str| r[when][flag].as_bool().unwrap();
    // While the question waits: no line editing, no echo (single keys).
    assert!(!mode("during", "icanon") && !mode("during", "echo"), "{r}");
    // Afterwards: the terminal as it was.
    for flag in ["icanon", "echo", "isig"] {
        assert!(mode("after", flag), "terminal not restored ({flag}): {r}");
    }
}

#[cfg(unix)]
#[test]
fn single_key_answers_in_a_terminal() {
    let dir = tree(&[("m.py", ONE)]);
    // `y` alone, without Enter, accepts.
    let Some(r) = in_pty(dir.path(), "y", "keys") else {
        return;
    };
    assert_eq!(r["status"], 0, "{r}");
    assert_single_key_then_restored(&r);
    let shown = r["out"].as_str().unwrap();
    assert!(
        shown.contains("(1/1) Accept this change? [y,n,a,d,q,?] y"),
        "{shown}"
    );
    assert_eq!(read(dir.path(), "m.py"), ONE_OUT);
}

#[cfg(unix)]
#[test]
fn ctrl_c_restores_the_terminal() {
    let dir = tree(&[("m.py", ONE)]);
    // Ctrl-C at the question: killed by SIGINT, as in line mode, nothing written.
    let Some(r) = in_pty(dir.path(), "\u{3}", "keys") else {
        return;
    };
    assert_eq!(r["status"], -2, "{r}");
    assert_single_key_then_restored(&r);
    assert_eq!(read(dir.path(), "m.py"), ONE);
}

#[cfg(unix)]
#[test]
fn sigterm_while_asking_restores_the_terminal() {
    let dir = tree(&[("m.py", ONE)]);
    // SIGTERM from elsewhere while the question waits.
    let Some(r) = in_pty(dir.path(), "", "term") else {
        return;
    };
    assert_eq!(r["status"], -15, "{r}");
    assert_single_key_then_restored(&r);
    assert_eq!(read(dir.path(), "m.py"), ONE);
}

#[cfg(unix)]
#[test]
fn enter_alone_asks_again_in_a_terminal() {
    let dir = tree(&[("m.py", ONE)]);
    // Enter, `?`, then `n`: nothing accepted, the question asked three times.
    let Some(r) = in_pty(dir.path(), "\r?n", "keys") else {
        return;
    };
    assert_eq!(r["status"], 0, "{r}");
    assert_single_key_then_restored(&r);
    let shown = r["out"].as_str().unwrap();
    assert_eq!(
        shown.matches("(1/1) Accept this change?").count(),
        3,
        "{shown}"
    );
    assert!(shown.contains("? - print this help"), "{shown}");
    assert_eq!(read(dir.path(), "m.py"), ONE);
}
