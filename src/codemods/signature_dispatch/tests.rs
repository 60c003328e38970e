use super::signals::{Naming, classify, tokens};
use super::*;

#[test]
fn helper_defines_the_name() {
    assert!(HELPER.starts_with('#'));
    assert!(HELPER.contains(&format!("\ndef {HELPER_NAME}(")));
}

#[test]
fn readme_shows_the_helper() {
    let readme = SignatureDispatch.docs();
    assert!(
        readme.contains(HELPER.trim_end()),
        "README.md must contain dispatch_helper.py verbatim (it is what --explain prints)"
    );
}

/// (changes, skips, left-alone categories) of a run on `source`.
fn run_with(source: &str, target_version: Option<(u8, u8)>) -> (usize, Vec<String>, Vec<String>) {
    run_path("t.py", source, target_version)
}

fn run_path(
    path: &str,
    source: &str,
    target_version: Option<(u8, u8)>,
) -> (usize, Vec<String>, Vec<String>) {
    let file = SourceFile::parse(path, source.to_string()).expect("parses");
    let facts = super::super::Facts::default();
    let options = super::super::Options {
        target_version,
        ..Default::default()
    };
    let mut cx = Context::new("signature-dispatch", &file, &facts, &options);
    SignatureDispatch.run(&mut cx);
    let skips = cx
        .diagnostics
        .iter()
        .filter(|d| d.category.is_none())
        .map(|d| d.message.clone())
        .collect();
    let left = cx
        .diagnostics
        .iter()
        .filter_map(|d| d.category.map(ToString::to_string))
        .collect();
    (cx.changes.len(), skips, left)
}

#[test]
fn skips_targets_older_than_3_8() {
    let source = "def handle(f, payload):\n    return f(**payload)\n";
    let (changes, skips, _) = run_with(source, Some((3, 7)));
    assert_eq!(changes, 0);
    assert_eq!(skips.len(), 1);
    assert!(skips[0].contains("positional-only") && skips[0].contains("3.7"));
    // Calls without a payload signal are only left alone, whatever the version.
    let (changes, skips, left) = run_with("def g(f, env):\n    f(**env)\n", Some((3, 7)));
    assert_eq!(
        (changes, skips.len(), left),
        (0, 0, vec!["options".to_string()])
    );
    for version in [Some((3, 8)), Some((3, 12)), None] {
        let (changes, skips, _) = run_with(source, version);
        assert_eq!((changes, skips.len()), (1, 0), "{version:?}");
    }
}

#[test]
fn splits_names_into_tokens() {
    assert_eq!(tokens("raw_payload"), ["raw", "payload"]);
    assert_eq!(tokens("cleanedData2"), ["cleaned", "data"]);
    assert_eq!(tokens("_HTTPRequest"), ["http", "request"]);
    assert_eq!(tokens("JSONData"), ["json", "data"]);
    assert_eq!(classify("metadata"), Naming::NotData);
    assert_eq!(classify("exc_details"), Naming::NotData);
    assert_eq!(classify("msg_data"), Naming::Data);
    assert_eq!(classify("request_options"), Naming::NotData);
    assert_eq!(classify("events"), Naming::Data);
    assert_eq!(classify("params"), Naming::Neutral);
    assert_eq!(classify("od"), Naming::Neutral);
}

#[test]
fn reindents_helper() {
    let t = helper::helper_text("\t", "\r\n");
    assert!(t.contains("\r\n\tentry = "));
    assert!(!t.contains("\r\n    entry"));
    assert!(!t.contains("\n\n"));
}

#[test]
fn every_call_is_rewritten_or_explained() {
    let source = "\
import json

def f(handler, payload, options, **kwargs):
    handler(**payload)
    handler(**options)
    handler(**kwargs)
    g(**kwargs.copy())
    json.dumps(**payload)
    h(**{'a': 1})
";
    let (changes, skips, left) = run_with(source, None);
    assert_eq!((changes, skips.len()), (1, 0));
    assert_eq!(
        left,
        [
            "options",
            "forwarding",
            "forwarding",
            "no-op",
            "developer keys"
        ]
    );
}

#[test]
fn test_modules_are_test_data() {
    let source = "def check(case, payload):\n    case(**payload)\n";
    for path in [
        "tests/x.py",
        "pkg/testing/utils.py",
        "test_x.py",
        "x_test.py",
        "conftest.py",
    ] {
        let (changes, _, left) = run_path(path, source, None);
        assert_eq!(
            (changes, left),
            (0, vec!["test data".to_string()]),
            "{path}"
        );
    }
    let (changes, _, _) = run_path("pkg/contest.py", source, None);
    assert_eq!(changes, 1);
}

#[test]
fn suppressed_calls_are_neither_listed_nor_counted_unless_candidates() {
    let source = "\
def f(handler, payload, **kwargs):
    g(**kwargs)  # sturdy: skip
    handler(**payload)  # sturdy: skip
    return handler(**payload)
";
    let file = SourceFile::parse("t.py", source.to_string()).expect("parses");
    let facts = super::super::Facts::default();
    let options = super::super::Options::default();
    let mut cx = Context::new("signature-dispatch", &file, &facts, &options);
    SignatureDispatch.run(&mut cx);
    // The forwarding call is not a candidate: not listed, not counted as suppressed;
    // the silenced rewrite counts once; the last call is rewritten.
    assert_eq!(
        (cx.changes.len(), cx.diagnostics.len(), cx.suppressed.len()),
        (1, 0, 1)
    );
}

/// What `index` says a file needs: a `**` call of a class-like callee waits for the
/// project's facts only when no check of its own module decides it.
#[test]
fn calls_decided_in_their_own_module_do_not_wait_for_the_project() {
    let need = |path: &str, source: &str| {
        let file = SourceFile::parse(path, source.to_string()).expect("parses");
        SignatureDispatch.index(&file, &mut super::super::Facts::default())
    };
    let decoded =
        "import json\ndef load(raw):\n    data = json.loads(raw)\n    return Widget(**data)\n";
    assert_eq!(need("app.py", decoded), Need::Facts);
    // Forwarding the function's own `**kwargs`, replaying a call, a test module.
    let forwards = "def make(**kwargs):\n    return Widget(**kwargs)\n";
    assert_eq!(need("app.py", forwards), Need::Run);
    let replays = "def make(args, data):\n    return Widget(*args, **data)\n";
    assert_eq!(need("app.py", replays), Need::Run);
    assert_eq!(need("tests/test_app.py", decoded), Need::Run);
    // One undecided call is enough.
    assert_eq!(need("app.py", &format!("{forwards}{decoded}")), Need::Facts);
}
