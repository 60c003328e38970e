//! Output that never lies: file names that are not UTF-8, a closed stdout, patches that
//! `git apply` takes for any path, and suppression comments that silence only what
//! they name. (Issue 16, items 4, 5, 8, 9 (engine side) and 10.)

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

mod common;
use common::{DEL, DEL_OUT, sturdy, text};

const ABC: &str = "from abc import ABC, abstractmethod\n\n\nclass Sink(ABC):\n    @abstractmethod\n    def write(self, data): ...\n";

/// Apply `patch` with `git apply` (extra `args`) in `dir`.
fn git_apply(dir: &Path, patch: &[u8], args: &[&str]) {
    let file = tempfile::NamedTempFile::new().unwrap();
    fs::write(file.path(), patch).unwrap();
    let out = Command::new("git")
        .arg("apply")
        .args(args)
        .arg(file.path())
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git apply {args:?} failed: {}\n{}",
        text(&out.stderr),
        text(patch)
    );
}

/// Copy every file of `from` (one level) to a new directory.
fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        if e.file_type().unwrap().is_file() {
            fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn same_files(a: &Path, b: &Path) {
    let mut n = 0;
    for e in fs::read_dir(a).unwrap().flatten() {
        if e.file_type().unwrap().is_file() {
            assert_eq!(
                fs::read(e.path()).unwrap(),
                fs::read(b.join(e.file_name())).unwrap(),
                "{:?}: the patched copy differs from --write",
                e.file_name()
            );
            n += 1;
        }
    }
    assert!(n > 0);
}

// ---------------------------------------------------------------------------------
// 4. File names that are not UTF-8

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_kept_apart_and_quoted() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("src");
    fs::create_dir(&d).unwrap();
    let fe = d.join(OsStr::from_bytes(b"\xfe.py"));
    let ff = d.join(OsStr::from_bytes(b"\xff.py"));
    if let Err(e) = fs::write(&fe, DEL) {
        eprintln!("skipped: this filesystem refuses names that are not UTF-8 ({e})");
        return;
    }
    fs::write(&ff, DEL).unwrap();
    let out = sturdy(&d, &["--check", "."]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("2 files scanned, 2 files would change"),
        "{stderr}"
    );
    assert!(
        stdout.contains("--- \"a/\\376.py\"\n+++ \"b/\\376.py\"\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("--- \"a/\\377.py\"\n+++ \"b/\\377.py\"\n"),
        "{stdout}"
    );
    // Messages show the same quoted names.
    fs::write(&ff, "x = (\n").unwrap();
    let out = sturdy(&d, &["--check", "."]);
    assert!(
        text(&out.stderr).contains("\"\\377.py\":2:1: error: cannot parse"),
        "{}",
        text(&out.stderr)
    );
    fs::write(&ff, DEL).unwrap();
    // JSON keeps the bytes.
    let out = sturdy(&d, &["--format", "json", "."]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["path"], "\"\\376.py\"");
    assert_eq!(
        files[0]["path_bytes"],
        serde_json::json!([254, 46, 112, 121])
    );
    assert_eq!(
        files[1]["path_bytes"],
        serde_json::json!([255, 46, 112, 121])
    );
    // The patch applies and gives what --write gives.
    let copy = dir.path().join("copy");
    copy_dir(&d, &copy);
    let patch = sturdy(&d, &["."]).stdout;
    git_apply(&copy, &patch, &[]);
    let out = sturdy(&d, &["--write", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(fs::read_to_string(&fe).unwrap(), DEL_OUT);
    assert_eq!(fs::read_to_string(&ff).unwrap(), DEL_OUT);
    same_files(&d, &copy);
}

// ---------------------------------------------------------------------------------
// 5. A closed stdout

/// Run sturdy with a stdout pipe whose reader is already gone: every write to stdout
/// fails with EPIPE.
#[cfg(unix)]
fn sturdy_closed_stdout(dir: &Path, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_sturdy"))
        .args(args)
        .current_dir(dir)
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn a_closed_stdout_changes_nothing_but_the_printing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for i in 0..31 {
        fs::write(d.join(format!("m{i:02}.py")), DEL).unwrap();
    }
    // --check still fails.
    for format in ["text", "json", "github"] {
        let out = sturdy_closed_stdout(d, &["--check", "--format", format, "."]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{format}: {err}");
        assert!(
            !err.to_lowercase().contains("broken pipe"),
            "{format}: {err}"
        );
        assert!(
            err.contains("31 files scanned, 31 files would change"),
            "{format}: {err}"
        );
    }
    // --write still writes every file.
    let out = sturdy_closed_stdout(d, &["--write", "--format", "github", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for i in 0..31 {
        assert_eq!(
            fs::read_to_string(d.join(format!("m{i:02}.py"))).unwrap(),
            DEL_OUT,
            "m{i:02}.py"
        );
    }
    // And errors still count.
    fs::write(d.join("bad.py"), "x = (\n").unwrap();
    let out = sturdy_closed_stdout(d, &["--format", "json", "."]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

// ---------------------------------------------------------------------------------
// 8. Diffs that are patches

/// The README's promise, `sturdy PATH > p && git apply p` gives what `--write` gives,
/// for a path named absolutely, with `..`, with a tab, a newline, a quote or a space
/// in its name, and for a file with `\r` line endings.
#[test]
fn every_diff_is_a_patch_git_apply_takes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("proj");
    let work = root.join("work");
    let other = root.join("other");
    fs::create_dir_all(&work).unwrap();
    fs::create_dir_all(&other).unwrap();
    let mut names = vec!["plain.py", "sp ace.py", "q\"uote.py", "back\\slash.py"];
    if cfg!(unix) {
        names.extend(["t\tab.py", "new\nline.py"]);
    }
    for n in &names {
        fs::write(work.join(n), DEL).unwrap();
    }
    fs::write(work.join("cr.py"), DEL.replace('\n', "\r")).unwrap();
    fs::write(other.join("res.py"), DEL).unwrap();
    fs::write(other.join("abs.py"), DEL).unwrap();
    fs::write(work.join("abs.py"), DEL).unwrap();

    // Run from `work`, naming files absolutely (inside and outside it), with `..`,
    // and by plain names.
    let mut args: Vec<String> = vec![
        work.join("abs.py").to_str().unwrap().into(),
        other.join("abs.py").to_str().unwrap().into(),
        "../other/res.py".into(),
        "cr.py".into(),
    ];
    args.extend(names.iter().map(|n| (*n).to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = sturdy(&work, &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let patch = out.stdout;
    let shown = text(&patch);
    assert!(shown.contains("--- a/plain.py\n"), "{shown}");
    assert!(shown.contains("--- a/abs.py\n"), "{shown}");
    assert!(shown.contains("--- a/../other/abs.py\n"), "{shown}");
    assert!(shown.contains("--- a/../other/res.py\n"), "{shown}");
    assert!(!shown.contains("a//"), "{shown}");
    assert!(shown.contains("--- a/sp ace.py\t\n"), "{shown}");
    assert!(shown.contains("--- \"a/q\\\"uote.py\"\n"), "{shown}");
    if cfg!(unix) {
        assert!(shown.contains("--- \"a/t\\tab.py\"\n"), "{shown}");
        assert!(shown.contains("--- \"a/new\\nline.py\"\n"), "{shown}");
    }
    assert!(
        shown.contains("\\ No newline at end of file\n+import os\rimport weakref\r"),
        "{shown}"
    );

    let copy = dir.path().join("copy");
    copy_dir(&work, &copy.join("work"));
    copy_dir(&other, &copy.join("other"));
    // `..` paths leave the directory: git wants --unsafe-paths for them.
    git_apply(&copy.join("work"), &patch, &["--unsafe-paths"]);
    let out = sturdy(&work, &[&["--write"], &args[..]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    same_files(&work, &copy.join("work"));
    same_files(&other, &copy.join("other"));
    assert_eq!(
        fs::read_to_string(work.join("cr.py")).unwrap(),
        DEL_OUT.replace('\n', "\r")
    );
}

/// Paths inside the current directory are plain relative paths, which `git apply`
/// takes without options.
#[test]
fn patches_of_files_below_the_current_directory_need_no_options() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("pkg")).unwrap();
    fs::write(d.join("pkg/m.py"), DEL).unwrap();
    let abs = d.join("pkg/m.py");
    let dotted = format!("{}/./pkg/../pkg/m.py", d.display());
    for arg in [abs.to_str().unwrap(), "./pkg/m.py", &dotted] {
        let out = sturdy(d, &[arg]);
        assert!(
            text(&out.stdout).starts_with("--- a/pkg/m.py\n+++ b/pkg/m.py\n"),
            "{arg}: {}",
            text(&out.stdout)
        );
    }
    let copy = tempfile::tempdir().unwrap();
    copy_dir(&d.join("pkg"), &copy.path().join("pkg"));
    git_apply(
        copy.path(),
        &sturdy(d, &[abs.to_str().unwrap()]).stdout,
        &[],
    );
    assert_eq!(
        fs::read_to_string(copy.path().join("pkg/m.py")).unwrap(),
        DEL_OUT
    );
}

// ---------------------------------------------------------------------------------
// 9 and 10. Suppression

fn check(files: &[(&str, String)]) -> (Option<i32>, String, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    for (n, c) in files {
        fs::write(dir.path().join(n), c).unwrap();
    }
    let out = sturdy(dir.path(), &["--check", "."]);
    (out.status.code(), text(&out.stdout), text(&out.stderr), dir)
}

#[test]
fn scoped_suppressions_silence_only_the_codemods_they_name() {
    // Naming the codemod: suppressed.
    for marker in [
        "# sturdy: skip[del-to-finalize]",
        "# sturdy: skip[abc-to-protocol, del-to-finalize] -- owned by ops",
        "# sturdy: skip del-to-finalize",
    ] {
        let src = DEL.replace("class T:", &format!("{marker}\nclass T:"));
        let (code, stdout, stderr, _d) = check(&[("m.py", src)]);
        assert_eq!(code, Some(0), "{marker}: {stdout}{stderr}");
        assert!(stderr.contains("1 suppressed"), "{marker}: {stderr}");
        assert!(!stderr.contains("warning"), "{marker}: {stderr}");
    }
    // Naming another codemod: not suppressed.
    let src = DEL.replace("class T:", "class T:  # sturdy: skip[abc-to-protocol]");
    let (code, stdout, stderr, _d) = check(&[("m.py", src)]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stdout.contains("+        self._finalizer = weakref.finalize"),
        "{stdout}"
    );
    assert!(!stderr.contains("suppressed"), "{stderr}");
    // `skip NAME` no longer silences the other codemods.
    let src = format!(
        "{ABC}\n\n# sturdy: skip del-to-finalize\nclass Other(ABC):\n    @abstractmethod\n    def read(self): ...\n"
    );
    let (code, stdout, stderr, _d) = check(&[("m.py", src)]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stdout.contains("+class Other(Protocol):"), "{stdout}");
    // A free-text reason still silences everything.
    let src = DEL.replace(
        "class T:",
        "class T:  # sturdy: skip the platform team owns it",
    );
    let (code, _, stderr, _d) = check(&[("m.py", src)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("1 suppressed"), "{stderr}");
    // And a scoped skip-file.
    let src = format!("# sturdy: skip-file[del-to-finalize]\n{DEL}\n\n{ABC}");
    let (code, stdout, _, _d) = check(&[("m.py", src)]);
    assert_eq!(code, Some(1));
    assert!(!stdout.contains("weakref"), "{stdout}");
    assert!(stdout.contains("Protocol"), "{stdout}");
}

#[test]
fn unreadable_suppressions_are_warned_about_and_suppress_everything() {
    for (marker, line, says) in [
        (
            "# sturdy: skip[del-to-finalise]",
            4,
            "unknown codemod `del-to-finalise`; valid names: del-to-finalize,",
        ),
        ("# sturdy: skip[del-to-finalize", 4, "has no closing `]`"),
        (
            "# sturdy: skip del-to-finalize because ops owns it",
            4,
            "to suppress only del-to-finalize, write `# sturdy: skip[del-to-finalize]`",
        ),
    ] {
        let src = DEL.replace("class T:", &format!("{marker}\nclass T:"));
        let (code, _, stderr, _d) = check(&[("m.py", src)]);
        assert_eq!(code, Some(0), "{marker}: {stderr}");
        assert!(
            stderr.contains(&format!("m.py:{line}:1: warning: ")) && stderr.contains(says),
            "{marker}: {stderr}"
        );
        assert!(stderr.contains("1 suppressed"), "{marker}: {stderr}");
    }
    // Markers that do nothing say so.
    let late = format!("{DEL}# sturdy: skip-file\n");
    let (code, _, stderr, _d) = check(&[("m.py", late)]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains(
            "m.py:10:1: warning: `# sturdy: skip-file` works only in the file's first comment block"
        ),
        "{stderr}"
    );
    let dangling = format!("{DEL}\n# sturdy: skip\n");
    let (_, _, stderr, _d) = check(&[("m.py", dangling)]);
    assert!(
        stderr.contains("m.py:11:1: warning: this `# sturdy: skip` applies to no statement"),
        "{stderr}"
    );
    // In JSON too.
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("m.py"),
        DEL.replace("class T:", "class T:  # sturdy: skip[nope]"),
    )
    .unwrap();
    let out = sturdy(dir.path(), &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["warnings"][0]["start"]["line"], 4);
    assert!(
        v["files"][0]["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("unknown codemod `nope`")
    );
}

/// The engine side of item 9: a codemod can ask, before planning anything, whether
/// a candidate is suppressed for it.
#[test]
fn codemods_can_ask_whether_a_candidate_is_suppressed() {
    use ruff_text_size::{TextRange, TextSize};
    let src = "class A:  # sturdy: skip[abc-to-protocol]\n    pass\n\n\nclass B:\n    pass\n";
    let file = sturdy::source::SourceFile::parse("m.py", src.to_string()).unwrap();
    let facts = sturdy::codemods::Facts::default();
    let options = sturdy::codemods::Options::default();
    let a = TextRange::new(TextSize::from(0), TextSize::from(49));
    let b = TextRange::new(
        TextSize::from(52),
        TextSize::from(u32::try_from(src.len()).unwrap()),
    );
    let mut cx = sturdy::codemods::Context::new("abc-to-protocol", &file, &facts, &options);
    assert!(cx.is_suppressed(a));
    assert!(!cx.is_suppressed(b));
    assert!(cx.candidate_suppressed(a));
    let other = sturdy::codemods::Context::new("del-to-finalize", &file, &facts, &options);
    assert!(!other.is_suppressed(a));
}

// ---------------------------------------------------------------- machine output

/// Validate `doc` against the JSON Schema at `schema` (relative to the repository)
/// with Python's `jsonschema`. `None` when it is valid; the errors otherwise. Skips
/// (with a printed reason, returning `None`) when `jsonschema` is not installed:
/// `.ci/requirements.txt` installs it, so CI always validates.
fn schema_errors(schema: &str, doc: &[u8]) -> Option<String> {
    let probe = std::process::Command::new("python3")
        .args(["-c", "import jsonschema"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!(
            "skipped: schema check needs python3 with `jsonschema` (pip install -r .ci/requirements.txt)"
        );
        return None;
    }
    let script = "import json, sys, jsonschema\nschema = json.load(open(sys.argv[1]))\ndoc = json.load(sys.stdin)\ncls = jsonschema.validators.validator_for(schema)\ncls.check_schema(schema)\nerrs = [f\"{list(e.absolute_path)}: {e.message}\" for e in cls(schema).iter_errors(doc)]\nprint(\"\\n\".join(errs))\nsys.exit(1 if errs else 0)\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(schema);
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), doc).unwrap();
    let out = child.wait_with_output().unwrap();
    if out.status.success() {
        None
    } else {
        Some(format!("{}{}", text(&out.stdout), text(&out.stderr)))
    }
}

/// A tree with one of everything machine output reports: a change, a skip, a
/// suppressed candidate, a left-alone candidate, a suppression warning, a syntax
/// error, a decode error, and a path that does not exist.
fn everything() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.py"), DEL).unwrap();
    fs::write(
        d.join("b.py"),
        "class S:\n    def __init__(self):\n        self.fd = 1\n\n    def __del__(self):\n        self.close()\n",
    )
    .unwrap();
    fs::write(
        d.join("c.py"),
        DEL.replace("class T:", "class T:  # sturdy: skip"),
    )
    .unwrap();
    fs::write(d.join("d.py"), "def f(**kw):\n    return g(**kw)\n").unwrap();
    fs::write(d.join("e.py"), "x = (\n").unwrap();
    fs::write(d.join("f.py"), b"x = 1\ny = '\xff'\n").unwrap();
    fs::write(
        d.join("g.py"),
        format!("{ABC}\n\nclass K:  # sturdy: skip[nope]\n    pass\n"),
    )
    .unwrap();
    dir
}

#[test]
fn json_output_follows_its_schema_and_locates_everything() {
    let dir = everything();
    let out = sturdy(
        dir.path(),
        &["--format", "json", "--select", "all", ".", "missing.py"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    if let Some(e) = schema_errors("docs/sturdy-output.schema.json", &out.stdout) {
        panic!("JSON output does not follow docs/sturdy-output.schema.json:\n{e}");
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    let file = |p: &str| {
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == p)
            .unwrap_or_else(|| panic!("{p} missing"))
            .clone()
    };
    // Edits name their codemod and apply, by offsets, to give the new text.
    let a = file("a.py");
    let mut new = DEL.to_string();
    for e in a["edits"].as_array().unwrap().iter().rev() {
        assert_eq!(e["codemod"], "del-to-finalize");
        let (s, t) = (
            e["start_offset"].as_u64().unwrap() as usize,
            e["end_offset"].as_u64().unwrap() as usize,
        );
        new.replace_range(s..t, e["replacement"].as_str().unwrap());
    }
    assert_eq!(new, DEL_OUT);
    assert_eq!(
        a["edits"][0]["start"],
        serde_json::json!({"line": 2, "column": 1})
    );
    let b = file("b.py");
    assert_eq!(b["diagnostics"][0]["severity"], "skip");
    assert_eq!(
        b["diagnostics"][0]["start"],
        serde_json::json!({"line": 5, "column": 9})
    );
    assert_eq!(
        b["diagnostics"][0]["docs"],
        "codemods/del-to-finalize/README.md"
    );
    let c = file("c.py");
    assert_eq!(c["status"], "unchanged");
    assert_eq!(c["suppressed"][0]["codemod"], "del-to-finalize");
    assert_eq!(c["suppressed"][0]["kind"], "change");
    // At the class the comment silences (del-to-finalize asks before planning).
    assert_eq!(c["suppressed"][0]["start"]["line"], 4);
    let d = file("d.py");
    assert_eq!(d["diagnostics"][0]["codemod"], "signature-dispatch");
    assert_eq!(d["diagnostics"][0]["left_alone"], "forwarding");
    let e = file("e.py");
    assert_eq!(
        e["errors"][0],
        serde_json::json!({"kind": "syntax", "path": "e.py", "line": 2, "column": 1,
            "message": "cannot parse: unexpected EOF while parsing; the file is left unchanged (fix the syntax error to migrate it)"})
    );
    assert_eq!(e["diagnostics"][0]["severity"], "error");
    let f = file("f.py");
    assert_eq!(f["errors"][0]["kind"], "decode");
    assert_eq!(
        (
            f["errors"][0]["line"].clone(),
            f["errors"][0]["column"].clone()
        ),
        (2.into(), 6.into())
    );
    let g = file("g.py");
    assert!(
        g["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("`nope`")
    );
    assert_eq!(v["errors"][0]["path"], "missing.py");
    assert_eq!(v["errors"][0]["kind"], "read");
    assert_eq!(v["summary"]["errors"], 3);
    // Text output says the same, from the same typed positions.
    let t = sturdy(dir.path(), &["."]);
    let err = text(&t.stderr);
    assert!(err.contains("e.py:2:1: error: cannot parse"), "{err}");
    assert!(
        err.contains("f.py:2:6: error: the file is not valid UTF-8"),
        "{err}"
    );
}

#[test]
fn sarif_output_follows_the_sarif_schema_and_its_fixes_apply() {
    let dir = everything();
    let out = sturdy(dir.path(), &["--output-format", "sarif", "."]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    if let Some(e) = schema_errors("tests/schemas/sarif-schema-2.1.0.json", &out.stdout) {
        panic!("SARIF output does not follow the SARIF 2.1.0 schema:\n{e}");
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "sturdy");
    let results = run["results"].as_array().unwrap();
    let skip = results.iter().find(|r| r["level"] == "warning").unwrap();
    assert_eq!(skip["ruleId"], "del-to-finalize");
    let loc = &skip["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "b.py");
    assert_eq!(loc["region"]["startLine"], 5);
    assert_eq!(loc["region"]["startColumn"], 9);
    // Each proposed change is a result whose fix, applied, gives the --write result.
    let fixes: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| {
            r["fixes"].is_array()
                && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a.py"
        })
        .collect();
    assert_eq!(fixes.len(), 2);
    let lines: Vec<&str> = DEL.split_inclusive('\n').collect();
    let offset = |line: u64, col: u64| -> usize {
        lines[..line as usize - 1]
            .iter()
            .map(|l| l.len())
            .sum::<usize>()
            + col as usize
            - 1
    };
    let mut new = DEL.to_string();
    for r in fixes.iter().rev() {
        let change = &r["fixes"][0]["artifactChanges"][0];
        assert_eq!(change["artifactLocation"]["uri"], "a.py");
        let rep = &change["replacements"][0];
        let reg = &rep["deletedRegion"];
        let s = offset(
            reg["startLine"].as_u64().unwrap(),
            reg["startColumn"].as_u64().unwrap(),
        );
        let t = offset(
            reg["endLine"].as_u64().unwrap(),
            reg["endColumn"].as_u64().unwrap(),
        );
        new.replace_range(s..t, rep["insertedContent"]["text"].as_str().unwrap());
    }
    assert_eq!(new, DEL_OUT);
    // File errors are execution notifications with their place.
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n["descriptor"]["id"] == "sturdy/syntax"
                && n["locations"][0]["physicalLocation"]["region"]["startLine"] == 2)
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
}
