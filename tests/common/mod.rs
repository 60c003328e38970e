//! Helpers shared by the integration tests.

use std::fs;
use std::path::Path;

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
