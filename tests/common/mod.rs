//! Helpers shared by the integration tests. Each test crate uses some of them.
#![allow(dead_code)]

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use sturdy::codemods::Options;

/// Codemod options from a fixture's `<case>.args` file (absent: defaults).
pub fn options_from_args_file(args: &Path) -> Options {
    let mut o = Options::default();
    if let Ok(text) = fs::read_to_string(args) {
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut i = 0;
        while i < words.len() {
            match words[i] {
                "--strip-abstractmethod" => o.strip_abstractmethod = true,
                "--convert-public-interfaces" => o.convert_public_interfaces = true,
                "--dispatch-helper" => {
                    i += 1;
                    o.dispatch_helper = Some(words[i].to_string());
                }
                "--target-version" => {
                    i += 1;
                    o.target_version = sturdy::config::parse_target_version(words[i]);
                    assert!(
                        o.target_version.is_some(),
                        "{}: bad version",
                        args.display()
                    );
                }
                w => panic!("{}: unknown option {w}", args.display()),
            }
            i += 1;
        }
    }
    o
}

/// Run the `sturdy` binary with `args` in `dir`.
pub fn sturdy(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sturdy"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// Run the `sturdy` binary with `args` in `dir`, `stdin` piped to it (`CI` unset, as
/// on a developer's machine).
pub fn sturdy_stdin(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sturdy"))
        .args(args)
        .current_dir(dir)
        .env_remove("CI")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Output bytes as text.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

/// A temporary directory holding `files` (relative path, contents).
pub fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (p, c) in files {
        let path = dir.path().join(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, c).unwrap();
    }
    dir
}

/// [`tree`] of text files.
pub fn text_tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let files: Vec<(&str, &[u8])> = files.iter().map(|(p, c)| (*p, c.as_bytes())).collect();
    tree(&files)
}

/// A class whose `__del__` converts, and what sturdy makes of it.
pub const DEL: &str = "import os\n\n\nclass T:\n    def __init__(self, name):\n        self.name = name\n\n    def __del__(self):\n        os.remove(self.name)\n";
pub const DEL_OUT: &str = "import os\nimport weakref\n\n\nclass T:\n    def __init__(self, name):\n        self.name = name\n        self._finalizer = weakref.finalize(self, os.remove, self.name)\n";
