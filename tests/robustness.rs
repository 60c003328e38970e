//! Robustness: hostile input, hostile file systems, and kills mid-write.
//!
//! Every test runs the built binary with `--select all` on a temp dir and checks
//! that it never panics or crashes, that each problem is one clear line naming the
//! file, and that no file is ever lost, truncated or replaced by something else.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use sturdy::runner::{self, Config, Input, Status};

/// A file that del-to-finalize rewrites.
const CANDIDATE: &str = "import os\n\n\nclass TempFileManager:\n    def __init__(self, filename):\n        self.filename = filename\n\n    def __del__(self):\n        os.remove(self.filename)\n";

/// A header that makes every codemod look at a file (and walk all of it).
const EVERY_CODEMOD: &str = "import os, gc\nfrom abc import ABC, abstractmethod\n\n\nclass Base(ABC):\n    @abstractmethod\n    def m(self): ...\n\n\nclass T:\n    def __init__(self, **kw):\n        self.f = open('x')\n\n    def __del__(self):\n        self.f.close()\n\n\nif os.fork() == 0:\n    isinstance(kw, Base)\n";

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn sturdy_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_sturdy"))
        .args(["--select", "all", "--color", "never"])
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let run = run_of(&out);
    assert_no_crash(&run, args);
    run
}

fn run_of(out: &Output) -> Run {
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).to_string(),
        stderr: String::from_utf8_lossy(&out.stderr).to_string(),
    }
}

fn assert_no_crash(run: &Run, args: &[&str]) {
    assert!(
        matches!(run.code, Some(0..=2)),
        "sturdy {args:?} crashed or was killed (status {:?}):\n{}",
        run.code,
        run.stderr
    );
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("internal error"),
        "sturdy {args:?} panicked:\n{}",
        run.stderr
    );
}

/// The stderr lines that mention `name` (a path relative to the run's directory).
fn lines_about<'a>(stderr: &'a str, name: &str) -> Vec<&'a str> {
    stderr
        .lines()
        .filter(|l| l.starts_with(&format!("{name}:")))
        .collect()
}

/// Exactly one error line names `name`; it is printable and contains `what`.
fn assert_one_error(run: &Run, name: &str, what: &str) {
    let lines = lines_about(&run.stderr, name);
    assert_eq!(
        lines.len(),
        1,
        "expected one line about {name}, stderr:\n{}",
        run.stderr
    );
    let line = lines[0];
    assert!(line.contains("error"), "{line}");
    assert!(line.contains(what), "expected `{what}` in: {line}");
    assert!(!line.chars().any(char::is_control), "unprintable: {line:?}");
    assert_eq!(run.code, Some(2), "errors exit 2:\n{}", run.stderr);
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&p, bytes).unwrap();
    p
}

/// Every file under `dir` (symlinks not followed) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let e = e.unwrap();
            let ty = e.file_type().unwrap();
            if ty.is_dir() {
                stack.push(e.path());
            } else if ty.is_file() {
                let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
                out.insert(rel, fs::read(e.path()).unwrap_or_default());
            }
        }
    }
    out
}

fn temp_files(dir: &Path) -> Vec<PathBuf> {
    snapshot(dir)
        .into_keys()
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with(".sturdy-") && n.ends_with(".tmp")
        })
        .collect()
}

/// Permission bits do not stop root: is that us?
fn permissions_are_enforced(scratch: &Path) -> bool {
    let p = scratch.join("probe");
    fs::write(&p, "x").unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).unwrap();
    let enforced = fs::read(&p).is_err();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o644)).unwrap();
    fs::remove_file(&p).unwrap();
    enforced
}

#[test]
fn hostile_files_are_reported_one_line_each_and_never_touched() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "empty.py", "");
    write(d, "comments.py", "# only\n# comments, no code\n#\n");
    write(d, "crlf_comments.py", "# a\r\n# b\r\n");
    write(d, "bom_only.py", "\u{feff}");
    // 1 MB on one line: a list, and one with many `**` calls for signature-dispatch.
    write(
        d,
        "long_line.py",
        format!("x = [{}]\n", vec!["1"; 350_000].join(", ")),
    );
    write(
        d,
        "long_calls.py",
        format!("{}\n", vec!["f(**kw)"; 110_000].join("; ")),
    );
    write(d, "nul.py", b"x = 1\n\x00y = 2\n");
    write(d, "nul_in_string.py", b"x = '\x00'\n");
    write(d, "invalid_utf8.py", b"x = '\xff\xfe'\n");
    write(d, "truncated_utf8.py", b"x = '\xc3");
    write(
        d,
        "latin1.py",
        b"# -*- coding: latin-1 -*-\nclass T:\n    def __del__(self):\n        print('caf\xe9')\n",
    );
    write(
        d,
        "py2.py",
        "class T:\n    def __del__(self):\n        print \"bye\"\nexec \"x = 1\"\n",
    );
    write(d, "escape.py", "x = '\x1b[31mred\n");
    write(d, "good.py", CANDIDATE);
    let before = snapshot(d);

    let run = sturdy_in(d, &["--check", "."]);
    assert_one_error(&run, "nul.py", "NUL byte");
    assert_one_error(&run, "nul_in_string.py", "NUL byte");
    assert_one_error(&run, "invalid_utf8.py", "not valid UTF-8");
    assert_one_error(&run, "truncated_utf8.py", "not valid UTF-8");
    assert_one_error(&run, "latin1.py", "latin-1");
    assert_one_error(&run, "py2.py", "cannot parse");
    assert_one_error(&run, "escape.py", "cannot parse");
    for ok in [
        "empty.py",
        "comments.py",
        "crlf_comments.py",
        "bom_only.py",
        "long_line.py",
        "long_calls.py",
    ] {
        assert!(
            !lines_about(&run.stderr, ok)
                .iter()
                .any(|l| l.contains("error")),
            "{ok} is valid Python:\n{}",
            run.stderr
        );
    }
    assert!(
        run.stdout.contains("+++ b/good.py"),
        "the valid candidate is still migrated:\n{}",
        run.stdout
    );
    assert_eq!(snapshot(d), before, "--check never writes");

    // --write: the broken files stay byte-identical, the good one is written.
    let run = sturdy_in(d, &["--write", "."]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    let after = snapshot(d);
    for (p, bytes) in &before {
        if p == Path::new("good.py") {
            assert_ne!(&after[p], bytes, "good.py is migrated");
        } else {
            assert_eq!(&after[p], bytes, "{} must not change", p.display());
        }
    }
    assert!(temp_files(d).is_empty());
}

/// Deeply nested expressions of every kind, in files every codemod looks at.
fn deep_sources(depth: usize) -> Vec<(&'static str, String)> {
    let n = depth;
    vec![
        ("parens", format!("x = {}1{}", "(".repeat(n), ")".repeat(n))),
        ("lists", format!("x = {}{}", "[".repeat(n), "]".repeat(n))),
        ("calls", format!("x = {}{}", "f(".repeat(n), ")".repeat(n))),
        (
            "tuples",
            format!("x = {}1{}", "(".repeat(n), ",)".repeat(n)),
        ),
        ("binop", format!("x = {}", vec!["a"; n * 10].join(" + "))),
        ("compare", format!("x = {}", vec!["a"; n * 10].join(" < "))),
        ("boolop", format!("x = {}", vec!["a"; n * 10].join(" and "))),
        ("unary", format!("x = {}1", "-".repeat(n))),
        ("not", format!("x = {}a", "not ".repeat(n))),
        ("attribute", format!("x = a{}", ".b".repeat(n * 10))),
        ("subscript", format!("x = a{}", "[0]".repeat(n))),
        ("lambda", format!("x = {}1", "lambda: ".repeat(n))),
        ("ifexp", format!("x = {}1", "1 if a else ".repeat(n))),
        ("dict", format!("x = {}k{}", "{**".repeat(n), "}".repeat(n))),
        (
            "starred",
            format!("x = {}a{}", "[*".repeat(n), "]".repeat(n)),
        ),
        (
            "isinstance",
            format!("isinstance(x, {}Base,{})", "(".repeat(n), ")".repeat(n)),
        ),
        (
            "in_del",
            format!(
                "class U:\n    def __init__(self):\n        self.r = 1\n\n    def __del__(self):\n        close({}self.r{})",
                "(".repeat(n),
                ")".repeat(n)
            ),
        ),
        (
            "fork_child",
            format!(
                "pid = os.fork()\nif pid == 0:\n    x = {}{}",
                "[".repeat(n),
                "]".repeat(n)
            ),
        ),
        // Nested `f(**...)` calls under the depth limit (deeper ones, and their
        // linear cost, in `deep_kwargs_calls_finish_quickly`).
        (
            "kwargs_calls",
            format!("x = {}k{}", "f(**".repeat(300), ")".repeat(300)),
        ),
    ]
}

#[test]
fn deeply_nested_expressions_do_not_crash() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (name, body) in deep_sources(10_000) {
        write(d, &format!("{name}.py"), format!("{EVERY_CODEMOD}{body}\n"));
    }
    let blocks: String = (0..95)
        .map(|i| format!("{}if x:\n", "    ".repeat(i)))
        .collect();
    write(
        d,
        "blocks.py",
        format!("{EVERY_CODEMOD}{blocks}{}pass\n", "    ".repeat(95)),
    );
    // Just under the depth limit: processed like any file.
    write(
        d,
        "lists_4900.py",
        format!(
            "{EVERY_CODEMOD}x = {}{}\n",
            "[".repeat(4900),
            "]".repeat(4900)
        ),
    );
    let before = snapshot(d);
    // Deeper than CPython compiles: refused with one line. Parentheses alone, flat
    // chains (`a < b < ...`, `a and b and ...`) and nesting under the limit are fine.
    let refused = [
        "lists",
        "calls",
        "tuples",
        "binop",
        "unary",
        "not",
        "attribute",
        "subscript",
        "lambda",
        "ifexp",
        "dict",
        "starred",
        "fork_child",
    ];
    for jobs in ["1", "2"] {
        let run = sturdy_in(d, &["--check", "--jobs", jobs, "."]);
        for name in refused {
            assert_one_error(&run, &format!("{name}.py"), "levels deep");
        }
        for name in [
            "parens",
            "compare",
            "boolop",
            "isinstance",
            "in_del",
            "kwargs_calls",
            "blocks",
            "lists_4900",
        ] {
            let file = format!("{name}.py");
            assert!(
                !lines_about(&run.stderr, &file)
                    .iter()
                    .any(|l| l.contains("error")),
                "{file}:\n{}",
                run.stderr
            );
        }
    }
    assert_eq!(snapshot(d), before);
    let run = sturdy_in(d, &["--write", "."]);
    assert!(temp_files(d).is_empty(), "{}", run.stderr);
    // A deep file through stdin takes the same path.
    let deep = format!(
        "{EVERY_CODEMOD}x = {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_sturdy"))
        .args(["--select", "all", "--check", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), deep.as_bytes()).unwrap();
    drop(child.stdin.take());
    let run = run_of(&child.wait_with_output().unwrap());
    assert_no_crash(&run, &["-"]);
}

/// The library entry point keeps every AST on its big-stack worker threads: called
/// from this test's small-stack thread, a deep file must not overflow it (an overflow
/// aborts the whole test binary).
#[test]
fn library_run_never_drops_a_deep_ast_on_the_calling_thread() {
    let inputs = deep_sources(10_000)
        .into_iter()
        .map(|(name, body)| Input {
            display: format!("{name}.py"),
            path: None,
            content: Some(format!("{EVERY_CODEMOD}{body}\n").into_bytes()),
        })
        .collect();
    let config = Config {
        codemods: sturdy::codemods::ALL.to_vec(),
        options: Default::default(),
        jobs: 2,
        progress: None,
    };
    let small_stack = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || runner::run(inputs, &config))
        .unwrap();
    for o in small_stack.join().unwrap() {
        if let Status::Error(e) = &o.status {
            assert!(!e.contains("internal error"), "{}: {e}", o.input.display);
        }
    }
}

/// Nested `f(**g(**h(**...)))` calls cost linear time: every level is rewritten in
/// one run (the outer calls carry the inner calls' edits along instead of re-parsing
/// their text), and a second run changes nothing. 10,000 levels are more than the
/// parser takes (refused with one line); 1,600 levels are the deepest it takes.
#[test]
fn deep_kwargs_calls_finish_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let n = 10_000;
    write(
        dir.path(),
        "kw.py",
        format!("x = {}k{}\n", "f(**".repeat(n), ")".repeat(n)),
    );
    let start = Instant::now();
    sturdy_in(dir.path(), &["--check", "."]);
    assert!(start.elapsed() < Duration::from_secs(10));

    let dir = tempfile::tempdir().unwrap();
    let n = 1_600;
    let source = format!(
        "def handle(payload):\n    return {}payload{}\n",
        "load_payload(**".repeat(n),
        ")".repeat(n)
    );
    write(dir.path(), "kw.py", &source);
    let start = Instant::now();
    let run = sturdy_in(dir.path(), &["--write", "kw.py"]);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let out = fs::read_to_string(dir.path().join("kw.py")).unwrap();
    assert!(!out.contains("load_payload(**"), "every level is rewritten");
    assert_eq!(
        out.matches("dispatch_by_signature(load_payload, ").count(),
        n
    );
    assert!(out.contains(&format!(
        "return {}dispatch_by_signature(load_payload, payload){}\n",
        "dispatch_by_signature(load_payload, ".repeat(n - 1),
        ")".repeat(n - 1)
    )));
    let again = sturdy_in(dir.path(), &["--check", "kw.py"]);
    assert_eq!(again.code, Some(0), "{}", again.stderr);
}

#[test]
fn symlink_loops_and_dangling_links() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "good.py", CANDIDATE);
    fs::create_dir(d.join("loop")).unwrap();
    symlink("..", d.join("loop/up")).unwrap();
    symlink(".", d.join("loop/self")).unwrap();
    symlink("b.py", d.join("a.py")).unwrap();
    symlink("a.py", d.join("b.py")).unwrap();
    symlink("nowhere.py", d.join("dangling.py")).unwrap();

    // Walking a directory does not follow links, so loops cannot trap the walk.
    let run = sturdy_in(d, &["--check", "."]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stdout.contains("+++ b/good.py"));

    // Named on the command line, each bad link is one error line naming it, and the
    // other paths are still processed.
    let run = sturdy_in(
        d,
        &["--check", "a.py", "dangling.py", "good.py", "loop/self"],
    );
    assert_one_error(&run, "a.py", "symbolic links");
    assert_one_error(&run, "dangling.py", "No such file");
    assert!(run.stdout.contains("+++ b/good.py"));
}

#[test]
fn unreadable_directories_and_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "good.py", CANDIDATE);
    write(d, "locked/inner.py", CANDIDATE);
    write(d, "secret.py", CANDIDATE);
    let enforced = permissions_are_enforced(d);
    fs::set_permissions(d.join("locked"), fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(d.join("secret.py"), fs::Permissions::from_mode(0o000)).unwrap();
    let run = sturdy_in(d, &["--check", "."]);
    fs::set_permissions(d.join("locked"), fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(d.join("secret.py"), fs::Permissions::from_mode(0o644)).unwrap();
    assert!(run.stdout.contains("+++ b/good.py"), "{}", run.stderr);
    if enforced {
        assert_one_error(&run, "secret.py", "Permission denied");
        let locked: Vec<_> = run
            .stderr
            .lines()
            .filter(|l| l.contains("locked"))
            .collect();
        assert_eq!(locked.len(), 1, "{}", run.stderr);
        assert!(locked[0].contains("Permission denied"), "{}", locked[0]);
        assert_eq!(run.code, Some(2));
    } else {
        // Running as root: permission bits do not block reads, so both are processed.
        assert!(run.stdout.contains("+++ b/secret.py"), "{}", run.stdout);
        assert!(
            run.stdout.contains("+++ b/locked/inner.py"),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn read_only_files_are_reported_and_the_others_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.py", CANDIDATE);
    write(d, "ro.py", CANDIDATE);
    write(d, "z.py", CANDIDATE);
    write(d, "exec.py", CANDIDATE);
    fs::set_permissions(d.join("ro.py"), fs::Permissions::from_mode(0o444)).unwrap();
    fs::set_permissions(d.join("exec.py"), fs::Permissions::from_mode(0o750)).unwrap();
    let run = sturdy_in(d, &["--write", "."]);
    assert_one_error(&run, "ro.py", "read-only");
    assert_eq!(fs::read_to_string(d.join("ro.py")).unwrap(), CANDIDATE);
    for other in ["a.py", "z.py", "exec.py"] {
        let text = fs::read_to_string(d.join(other)).unwrap();
        assert_ne!(text, CANDIDATE, "{other} is written");
        assert!(sturdy::source::parses(&text));
    }
    let mode = |p: &str| fs::metadata(d.join(p)).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode("ro.py"), 0o444);
    assert_eq!(mode("exec.py"), 0o750, "permissions are kept");
    assert!(temp_files(d).is_empty());

    // A directory where no temp file can be created (only enforced for non-root).
    if permissions_are_enforced(d) {
        write(d, "sealed/s.py", CANDIDATE);
        fs::set_permissions(d.join("sealed"), fs::Permissions::from_mode(0o555)).unwrap();
        let run = sturdy_in(d, &["--write", "sealed/s.py"]);
        fs::set_permissions(d.join("sealed"), fs::Permissions::from_mode(0o755)).unwrap();
        assert_one_error(&run, "sealed/s.py", "temp file");
        assert_eq!(
            fs::read_to_string(d.join("sealed/s.py")).unwrap(),
            CANDIDATE
        );
    }
}

#[test]
fn a_path_that_disappears_is_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "good.py", CANDIDATE);
    // Gone before the run: a dangling link named on the command line.
    symlink("gone.py", d.join("gone_link.py")).unwrap();
    let run = sturdy_in(d, &["--check", "gone_link.py", "good.py"]);
    assert_one_error(&run, "gone_link.py", "No such file");

    // Gone between discovery and reading: the runner gets a path that no longer exists.
    let config = Config {
        codemods: sturdy::codemods::ALL.to_vec(),
        options: Default::default(),
        jobs: 1,
        progress: None,
    };
    let outcomes = runner::run(
        vec![Input {
            display: "vanished.py".into(),
            path: Some(d.join("vanished.py")),
            content: None,
        }],
        &config,
    );
    match &outcomes[0].status {
        Status::Error(e) => assert!(e.starts_with("cannot read file:"), "{e}"),
        s => panic!("{s:?}"),
    }

    // Gone between reading and writing: nothing is created in its place.
    let p = d.join("deleted.py");
    let err = sturdy::write::write_atomic(&p, "x = 1\n").unwrap_err();
    assert!(err.starts_with("cannot write:"), "{err}");
    assert!(!p.exists());
    // Replaced by a directory: refused.
    fs::create_dir(&p).unwrap();
    assert!(sturdy::write::write_atomic(&p, "x = 1\n").is_err());
    assert!(p.is_dir());
    assert!(temp_files(d).is_empty());
}

#[test]
fn symlinks_are_written_through_and_never_followed_out_of_the_roots() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let outside = write(d, "outside/victim.py", CANDIDATE);
    write(d, "outside/pkg/mod.py", CANDIDATE);
    let root = d.join("root");
    write(&root, "real.py", CANDIDATE);
    symlink("real.py", root.join("alias.py")).unwrap();
    symlink("../outside/victim.py", root.join("escape.py")).unwrap();
    symlink("../outside/pkg", root.join("pkgdir")).unwrap();

    // Walking the root: links inside it are not followed, so nothing outside changes.
    let run = sturdy_in(d, &["--write", "root"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(fs::read_to_string(&outside).unwrap(), CANDIDATE);
    assert_eq!(
        fs::read_to_string(d.join("outside/pkg/mod.py")).unwrap(),
        CANDIDATE
    );
    assert!(
        fs::symlink_metadata(root.join("escape.py"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let migrated = fs::read_to_string(root.join("real.py")).unwrap();
    assert_ne!(migrated, CANDIDATE);

    // A symlinked file named explicitly is written through: the link stays a link and
    // its target gets the change.
    write(&root, "real2.py", CANDIDATE);
    symlink("real2.py", root.join("alias2.py")).unwrap();
    let run = sturdy_in(&root, &["--write", "alias2.py"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        fs::symlink_metadata(root.join("alias2.py"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(root.join("real2.py")).unwrap(), migrated);
    assert!(temp_files(d).is_empty());
}

#[test]
fn stale_temp_files_of_killed_runs_are_cleaned_up() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.py", CANDIDATE);
    write(d, ".sturdy-Ab12Cd.tmp", "half a file");
    write(d, "sub/.sturdy-Zz99Yy.tmp", "half a file");
    write(d, "sub/b.py", CANDIDATE);
    // Where nothing is left to write (a run killed right after swapping the new file
    // in leaves the old text at its temp path), the temp file goes too.
    write(d, "done/.sturdy-Qq11Ww.tmp", "the old text");
    write(d, "done/c.py", "x = 1\n");
    // A live writer's temp file (it holds the lock) is left alone.
    let live = write(d, ".sturdy-live00.tmp", "in progress");
    let held = fs::File::open(&live).unwrap();
    held.lock().unwrap();
    let run = sturdy_in(d, &["--write", "."]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(temp_files(d), vec![PathBuf::from(".sturdy-live00.tmp")]);
    drop(held);
}

// ---------------------------------------------------------------------------------
// Kill test

fn stdlib() -> PathBuf {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .expect("python3 must be installed");
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

/// Up to `max` stdlib files (each under 128 KB, not site-packages) that mention
/// something a codemod looks for, as relative path -> bytes: first those with
/// `__del__`, `ABC` or `fork` (the likeliest to change), then those with `**`.
fn candidate_files(max: usize) -> BTreeMap<PathBuf, Vec<u8>> {
    let root = stdlib();
    let mut all = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let name = e.file_name();
            let ty = e.file_type().unwrap();
            if ty.is_dir() && name != "site-packages" && name != "__pycache__" {
                stack.push(e.path());
            } else if ty.is_file() && e.path().extension().is_some_and(|x| x == "py") {
                all.push(e.path());
            }
        }
    }
    all.sort();
    let mut likely = Vec::new();
    let mut maybe = Vec::new();
    for p in all {
        let Ok(bytes) = fs::read(&p) else { continue };
        if bytes.len() >= 128 << 10 {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        let rel = p.strip_prefix(&root).unwrap().to_path_buf();
        if ["__del__", "ABC", "fork"].iter().any(|w| text.contains(w)) {
            likely.push((rel, bytes));
        } else if text.contains("**") {
            maybe.push((rel, bytes));
        }
    }
    likely.into_iter().chain(maybe).take(max).collect()
}

fn materialise(dir: &Path, files: &BTreeMap<PathBuf, Vec<u8>>) {
    for (rel, bytes) in files {
        write(dir, rel.to_str().unwrap(), bytes);
    }
}

fn write_run(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sturdy"));
    cmd.args(["--write", "--select", "all", "--quiet", "--jobs", "2", "."])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// One uninterrupted `--write` run over a fresh copy of `files`: the migrated bytes
/// of every file, and when (after the start) the first and the last write landed.
fn clean_run(
    scratch: &Path,
    files: &BTreeMap<PathBuf, Vec<u8>>,
) -> (BTreeMap<PathBuf, Vec<u8>>, Duration, Duration) {
    let d = scratch.join("clean");
    let _ = fs::remove_dir_all(&d);
    materialise(&d, files);
    let start = std::time::SystemTime::now();
    let status = write_run(&d).status().unwrap();
    let total = start.elapsed().unwrap();
    assert!(matches!(status.code(), Some(0 | 2)), "{status}");
    let out = snapshot(&d);
    let writes: Vec<Duration> = out
        .iter()
        .filter(|(p, b)| files.get(*p) != Some(*b))
        .filter_map(|(p, _)| fs::metadata(d.join(p)).ok()?.modified().ok())
        .filter_map(|t| t.duration_since(start).ok())
        .collect();
    fs::remove_dir_all(&d).unwrap();
    assert_eq!(out.len(), files.len(), "a clean run adds or removes files");
    let first = writes.iter().min().copied().unwrap_or(total);
    let last = writes.iter().max().copied().unwrap_or(total);
    (out, first, last)
}

/// Kill `sturdy --write` with SIGKILL at many moments: every file is afterwards its
/// original bytes or its complete migrated bytes, a killed run leaves at most the one
/// temp file it was writing, and the next run removes it and finishes the job.
#[test]
fn killed_writes_leave_every_file_whole() {
    let scratch = tempfile::tempdir().unwrap();
    let original = candidate_files(250);
    assert!(
        original.len() > 100,
        "too few stdlib files: {}",
        original.len()
    );

    // The migrated bytes of each file, from uninterrupted runs. A codemod that is not
    // deterministic can migrate a file in more than one way; each way seen in an
    // uninterrupted run counts as complete (a truncated file is never among them).
    let (first, first_write, last_write) = clean_run(scratch.path(), &original);
    let mut migrated: BTreeMap<PathBuf, Vec<Vec<u8>>> =
        first.into_iter().map(|(p, b)| (p, vec![b])).collect();
    let changed = original
        .iter()
        .filter(|(p, b)| migrated[*p][0] != **b)
        .count();
    assert!(
        changed >= 10,
        "only {changed} files change; the test needs more"
    );

    // The CLI writes in path order, so the first file that changes is written first;
    // its inode changes when the rename lands. Most kills wait for that moment and
    // then a deterministic fraction of the clean run's write phase (so they land
    // mid-write however loaded the machine is); every fifth kill comes earlier.
    let sentinel = original
        .iter()
        .find(|(p, b)| migrated[*p][0] != **b)
        .map(|(p, _)| p.clone())
        .unwrap();
    let span = last_write.saturating_sub(first_write);
    let iterations = 20;
    let mut partial = 0;
    let started = Instant::now();
    for i in 0..iterations {
        let d = scratch.path().join(format!("kill{i}"));
        materialise(&d, &original);
        let ino = |p: &Path| {
            fs::metadata(p)
                .map(|m| std::os::unix::fs::MetadataExt::ino(&m))
                .ok()
        };
        let before = ino(&d.join(&sentinel));
        let frac = ((i * 7) % iterations) as f64 / iterations as f64;
        let mut child = write_run(&d).spawn().unwrap();
        if i % 5 == 0 {
            std::thread::sleep(first_write.mul_f64(frac));
        } else {
            let deadline = Instant::now() + Duration::from_secs(20);
            while ino(&d.join(&sentinel)) == before
                && child.try_wait().unwrap().is_none()
                && Instant::now() < deadline
            {
                std::thread::sleep(Duration::from_micros(200));
            }
            std::thread::sleep(span.mul_f64(1.2 * frac));
        }
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();

        let now = snapshot(&d);
        let temps = temp_files(&d);
        assert!(temps.len() <= 1, "iteration {i}: temp files {temps:?}");
        assert_eq!(now.len(), original.len() + temps.len(), "iteration {i}");
        let mut done = 0;
        for (p, orig) in &original {
            let cur = now
                .get(p)
                .unwrap_or_else(|| panic!("iteration {i}: {} vanished", p.display()));
            if cur == orig {
                continue;
            }
            let mut tries = 0;
            while !migrated[p].contains(cur) && tries < 12 {
                tries += 1;
                for (q, b) in clean_run(scratch.path(), &original).0 {
                    let seen = migrated.get_mut(&q).unwrap();
                    if !seen.contains(&b) {
                        eprintln!(
                            "kill test: {} is migrated nondeterministically",
                            q.display()
                        );
                        seen.push(b);
                    }
                }
            }
            assert!(
                migrated[p].contains(cur),
                "iteration {i}: {} is neither original nor migrated ({} bytes, original {}, migrated {:?})",
                p.display(),
                cur.len(),
                orig.len(),
                migrated[p].iter().map(Vec::len).collect::<Vec<_>>()
            );
            done += 1;
        }
        if done > 0 && done < changed {
            partial += 1;
        }

        // Re-running finishes the job and removes the killed run's temp file.
        let status = write_run(&d).status().unwrap();
        assert!(matches!(status.code(), Some(0 | 2)), "{status}");
        assert!(temp_files(&d).is_empty(), "iteration {i}: temp file left");
        fs::remove_dir_all(&d).unwrap();
    }
    eprintln!(
        "kill test: {iterations} kills, {partial} mid-write, {changed} files migrate, writes at {first_write:.1?}..{last_write:.1?}, {:.1?}",
        started.elapsed()
    );
}
