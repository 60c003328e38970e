//! The README's pre-commit and GitHub Actions snippets run as written, so they cannot
//! rot: the pre-commit configuration with the real `pre-commit` (installed by `.ci/run`;
//! skipped, saying so, where it is missing), the workflow's `sturdy` steps with bash.
//! The `sturdy` they find on PATH is the binary under test.

use std::ffi::OsString;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_sturdy");

const DEL: &str = "import os\n\n\nclass T:\n    def __init__(self, name):\n        self.name = name\n\n    def __del__(self):\n        os.remove(self.name)\n";
const DEL_OUT: &str = "import os\nimport weakref\n\n\nclass T:\n    def __init__(self, name):\n        self.name = name\n        self._finalizer = weakref.finalize(self, os.remove, self.name)\n";

fn readme() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// The first fenced block of language `lang` in the README section `## heading`.
fn snippet(readme: &str, heading: &str, lang: &str) -> String {
    let start = readme
        .find(&format!("\n## {heading}\n"))
        .unwrap_or_else(|| panic!("README has no `## {heading}` section"));
    let section = &readme[start + 1..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |e| e + 3)];
    let mut lines = section.lines();
    let fence = lines
        .by_ref()
        .find_map(|l| {
            let ticks = l.len() - l.trim_start_matches('`').len();
            (ticks >= 3 && &l[ticks..] == lang).then(|| "`".repeat(ticks))
        })
        .unwrap_or_else(|| panic!("no ```{lang} block under `## {heading}`"));
    let body: Vec<&str> = lines.take_while(|l| *l != fence).collect();
    body.join("\n") + "\n"
}

/// PATH with the `sturdy` under test first.
fn path_with_sturdy() -> OsString {
    let dir = Path::new(BIN).parent().unwrap().to_path_buf();
    let mut dirs = vec![dir];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@t"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", text(&out));
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

/// The `entry:` values of a hooks YAML, in order.
fn entries(yaml: &str) -> Vec<String> {
    yaml.lines()
        .filter_map(|l| l.trim().strip_prefix("entry: "))
        .map(|e| e.split('#').next().unwrap().trim().to_string())
        .collect()
}

#[test]
fn readme_pre_commit_snippet_runs_as_written() {
    let config = snippet(&readme(), "pre-commit", "yaml");
    // The local hooks run what the published hooks run.
    let hooks =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"))
            .unwrap();
    assert_eq!(entries(&config), entries(&hooks), "{config}");
    assert!(!config.contains("example.com") && !config.contains("rev:"));

    let Some(pc) = pre_commit() else {
        eprintln!("SKIPPED: pre-commit is not installed (python3 -m pip install pre-commit)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    fs::create_dir_all(&repo).unwrap();
    fs::write(repo.join("pyproject.toml"), "[project]\nname = \"p\"\n").unwrap();
    fs::write(repo.join("m.py"), DEL).unwrap();
    fs::write(repo.join("ok.py"), "x = 1\n").unwrap();
    fs::write(repo.join(".pre-commit-config.yaml"), &config).unwrap();
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "."]);
    let run = |args: &[&str]| {
        Command::new(&pc[0])
            .args(&pc[1..])
            .arg("run")
            .args(args)
            .env("PATH", path_with_sturdy())
            .env("PRE_COMMIT_HOME", dir.path().join("cache"))
            .env_remove("CI")
            .current_dir(&repo)
            .output()
            .unwrap()
    };
    // The check hook fails the commit and changes nothing; the manual fix hook does
    // not run on commit.
    let out = run(&["--all-files"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("sturdy (check)"), "{}", text(&out));
    assert!(!text(&out).contains("sturdy (write)"), "{}", text(&out));
    assert_eq!(fs::read_to_string(repo.join("m.py")).unwrap(), DEL);
    // The fix hook, as the snippet's comment says to run it, rewrites the file.
    let out = run(&["--all-files", "--hook-stage", "manual", "sturdy-fix"]);
    assert!(text(&out).contains("sturdy (write)"), "{}", text(&out));
    assert_eq!(fs::read_to_string(repo.join("m.py")).unwrap(), DEL_OUT);
    // Then the check passes.
    git(&repo, &["add", "."]);
    let out = run(&["--all-files"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("Passed"), "{}", text(&out));
}

#[test]
fn readme_github_actions_workflow_runs_as_written() {
    let workflow = snippet(&readme(), "GitHub Actions", "yaml");
    let parsed = Command::new("python3")
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(workflow.as_bytes())?;
            c.wait_with_output()
        });
    let parsed = match parsed {
        Ok(o) if o.status.success() => o,
        Ok(o) if text(&o).contains("No module named 'yaml'") => {
            eprintln!("SKIPPED: python3 has no yaml module (python3 -m pip install pyyaml)");
            return;
        }
        Ok(o) => panic!("the README's workflow is not valid YAML: {}", text(&o)),
        Err(e) => {
            eprintln!("SKIPPED: python3 is not available: {e}");
            return;
        }
    };
    let wf: serde_json::Value = serde_json::from_slice(&parsed.stdout).unwrap();
    let job = &wf["jobs"]["sturdy"];
    let steps = job["steps"].as_array().expect("jobs.sturdy.steps");
    let src = job["env"]["STURDY_SRC"].as_str().unwrap();
    // Installed from the source, with the lock file; nothing from a package index.
    let install = steps
        .iter()
        .find(|s| s["name"] == "Install sturdy from source")
        .expect("an install step");
    let install = install["run"].as_str().unwrap();
    assert!(
        install.contains("cargo install --locked --path \"$STURDY_SRC\""),
        "{install}"
    );
    assert!(!workflow.contains("pip install"), "{workflow}");

    // Run every other step without an `if:` in a tree that needs a change, as GitHub's
    // bash would.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("m.py"), DEL).unwrap();
    fs::create_dir_all(dir.path().join(src)).unwrap();
    let mut ran = Vec::new();
    for step in steps {
        let (Some(name), Some(script)) = (step["name"].as_str(), step["run"].as_str()) else {
            continue;
        };
        if step.get("if").is_some() || name == "Install sturdy from source" {
            continue;
        }
        let out = Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .env("PATH", path_with_sturdy())
            .env("STURDY_SRC", src)
            .current_dir(dir.path())
            .output()
            .unwrap();
        ran.push((name.to_string(), out));
    }
    let names: Vec<&str> = ran.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["sturdy", "Fail if sturdy would change files"]);
    let (_, annotate) = &ran[0];
    assert_eq!(annotate.status.code(), Some(0), "{}", text(annotate));
    let stdout = String::from_utf8_lossy(&annotate.stdout);
    assert!(
        stdout.contains("::notice file=m.py,line=2,title=sturdy::sturdy would change this file"),
        "{stdout}"
    );
    let diff = fs::read_to_string(dir.path().join("sturdy.diff")).unwrap();
    assert!(diff.contains("+import weakref"), "{diff}");
    let (_, check) = &ran[1];
    assert_eq!(check.status.code(), Some(1), "{}", text(check));
    assert_eq!(fs::read_to_string(dir.path().join("m.py")).unwrap(), DEL);
}
