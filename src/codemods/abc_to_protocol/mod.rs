//! `abc-to-protocol`: turn ABC interface classes into `typing.Protocol` (PEP 544).
//!
//! A candidate is a class whose bases include `abc.ABC` (any import form or alias)
//! or whose metaclass is `abc.ABCMeta`. It is converted when it is a pure interface
//! (abstract methods, no state, no ABC machinery: [`shape`]) and nothing in the
//! project relies on ABC-only behaviour ([`checks`], [`analyze`]): `ABC`/`ABCMeta`
//! become `Protocol` (`Protocol[T]` when `Generic[T]` was a base), `@runtime_checkable`
//! is added when the class may reach `isinstance`/`issubclass`/a `match` class
//! pattern or is a public interface, and the imports follow ([`rewrite`]).
//!
//! Facts come from every file of the project (the semantic layer's fact set):
//! - name-keyed run-time uses ([`runtime`]): checks, escapes, `.register()`;
//! - by qualified name, which classes this run's files convert when the project
//!   allows ([`F_CAND`]), so that `class B(A, ABC)` is only converted when `A` is;
//! - the class hierarchy (subclasses, MROs, metaclasses) from [`crate::semantic`].

#![warn(unreachable_pub)]

mod analyze;
mod checks;
mod imports;
mod native;
mod rewrite;
mod runtime;
mod shape;
mod skip;

use ruff_text_size::Ranged;
use rustc_hash::FxHashMap;

use super::{Codemod, Context, Facts, Need};
use crate::source::SourceFile;
use crate::util::contains;

pub(crate) use skip::Skip;

/// Turn ABC interface classes into `typing.Protocol`.
pub struct AbcToProtocol;

const NAME: &str = "abc-to-protocol";
/// Simple name used as the 2nd argument of `isinstance`/`issubclass` or in a `match` class pattern.
pub(crate) const F_RUNTIME: &str = "abc-to-protocol/runtime-check";
/// Simple name used as the 2nd argument of `issubclass`.
pub(crate) const F_ISSUBCLASS: &str = "abc-to-protocol/issubclass";
/// `issubclass` with a second argument sturdy cannot resolve (name `*`).
pub(crate) const F_DYN_ISSUBCLASS: &str = "abc-to-protocol/dynamic-issubclass";
/// Simple name used as a value (argument, container element, alias): it may reach `isinstance`.
pub(crate) const F_ESCAPE: &str = "abc-to-protocol/escapes";
/// Receiver of `.register` (virtual subclasses).
pub(crate) const F_REGISTER: &str = "abc-to-protocol/register";
/// Qualified name of a candidate of an edited file that its file shows no reason to
/// skip; value: [`candidate_value`].
pub(crate) const F_CAND: &str = "abc-to-protocol/candidate";
/// The same, for a file of the project that this run does not edit; value: `path:line`.
pub(crate) const F_CAND_ELSEWHERE: &str = "abc-to-protocol/candidate-not-edited";

/// The value of an [`F_CAND`] fact: `p` when public, the first member that may not
/// be a method, and the first that surely is not, separated by `;`.
fn candidate_fact(public: bool, shape: &shape::Shape) -> String {
    format!(
        "{};{};{}",
        if public { "p" } else { "" },
        shape
            .data_members
            .as_deref()
            .unwrap_or("")
            .replace(';', ","),
        shape.non_method.as_deref().unwrap_or("").replace(';', ",")
    )
}

/// Read an [`F_CAND`] value: (public, member that may not be a method, member that
/// surely is not).
pub(crate) fn candidate_value(v: &str) -> (bool, Option<&str>, Option<&str>) {
    let mut parts = v.splitn(3, ';');
    let flags = parts.next().unwrap_or("");
    let data = parts.next().filter(|s| !s.is_empty());
    let non_method = parts.next().filter(|s| !s.is_empty());
    (flags.contains('p'), data, non_method)
}

impl Codemod for AbcToProtocol {
    fn name(&self) -> &'static str {
        NAME
    }
    fn summary(&self) -> &'static str {
        "turn ABC interface classes into typing.Protocol"
    }
    fn docs(&self) -> &'static str {
        include_str!("../../../codemods/abc-to-protocol/README.md")
    }
    fn might_apply(&self, file: &SourceFile) -> bool {
        // A candidate names `ABC` or `ABCMeta`.
        contains(&file.text, "ABC")
    }
    fn uses_facts(&self) -> bool {
        true
    }
    fn index(&self, file: &SourceFile, facts: &mut Facts) -> Need {
        runtime::record(file, file.bindings(), facts);
        if !self.might_apply(file) {
            return Need::Nothing;
        }
        let in_package = in_package(file);
        // Whether the file's change can be made at all: the names are reachable.
        let mut feasible = None;
        let mut feasible = |classes: &[shape::Class<'_>]| {
            *feasible.get_or_insert_with(|| {
                let first = classes.first().map(|c| c.def.start()).unwrap_or_default();
                let wanted = ["Protocol", "runtime_checkable"];
                ["typing", "typing_extensions"]
                    .iter()
                    .all(|t| imports::names(file, t, &wanted, first).is_ok())
            })
        };
        let mut suppressions = None;
        let classes = shape::classes_of(file);
        let (mut any, mut any_ok) = (false, false);
        for class in &classes {
            let Some(shape) = shape::shape(file, file.bindings(), class.def) else {
                continue;
            };
            any = true;
            let Ok(shape) = shape else { continue };
            any_ok = true;
            // A candidate silenced by `# sturdy: skip` is left out by `run`.
            let silenced = suppressions
                .get_or_insert_with(|| crate::suppress::Suppressions::of(file))
                .silences(NAME, class.def.range());
            if silenced || !feasible(&classes) {
                continue;
            }
            if facts.fact_only() {
                let at = super::location(file, class.def.start());
                facts.add(F_CAND_ELSEWHERE, &class.qual, at);
            } else {
                let public = analyze::is_public(&class.qual, &file.module, in_package);
                let value = candidate_fact(public, &shape);
                facts.add(F_CAND, &class.qual, value);
            }
        }
        // A candidate with a problem of its own is skipped for it whatever the facts.
        if any_ok {
            Need::Facts
        } else if any {
            Need::Run
        } else {
            Need::Nothing
        }
    }
    fn run(&self, cx: &mut Context) {
        convert_file(cx);
    }
}

/// Whether code outside the project can import the file's module: it is part of a
/// package (a package's `__init__`, or a module in one), or it sits in a directory that
/// holds a package, or below one within its project: an import root (`src/`, a flat
/// project's root, the standard library's `lib/`), whose top-level modules (`selectors`)
/// and namespace packages (`opentelemetry.propagators`, a directory without
/// `__init__.py`) are importable too.
fn in_package(file: &SourceFile) -> bool {
    file.is_package
        || file.module.contains('.')
        || file.disk_path.as_deref().is_some_and(below_import_root)
}

/// See [`in_package`]. Without a project root only the file's own directory counts
/// (the one `python script.py` puts on `sys.path`).
fn below_import_root(path: &std::path::Path) -> bool {
    use crate::semantic::project::{absolute, project_root_of_file};
    let abs = absolute(path);
    let root = project_root_of_file(&abs);
    for dir in abs.ancestors().skip(1).take(16) {
        if holds_package(dir) {
            return true;
        }
        if root.as_deref().is_none_or(|r| r == dir) {
            break;
        }
    }
    false
}

/// Whether `dir` has a subdirectory with an `__init__.py` (looked at once per run).
fn holds_package(dir: &std::path::Path) -> bool {
    use std::sync::{Mutex, OnceLock};
    static SEEN: OnceLock<Mutex<FxHashMap<std::path::PathBuf, bool>>> = OnceLock::new();
    let seen = SEEN.get_or_init(|| Mutex::new(FxHashMap::default()));
    if let Some(known) = seen.lock().ok().and_then(|m| m.get(dir).copied()) {
        return known;
    }
    let holds = std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.path().join("__init__.py").is_file())
    });
    if let Ok(mut m) = seen.lock() {
        m.insert(dir.to_path_buf(), holds);
    }
    holds
}

fn convert_file(cx: &mut Context) {
    let file = cx.file;
    let bindings = file.bindings();
    let place = analyze::Place {
        file,
        in_package: in_package(file),
    };
    let mut plans = Vec::new();
    for class in shape::classes_of(file) {
        let Some(shape) = shape::shape(file, bindings, class.def) else {
            continue;
        };
        // Silenced candidates are left out entirely (no edit, no import, no diagnostic).
        if cx.candidate_suppressed(class.def.range()) {
            continue;
        }
        let at = class.def.name.start();
        let decided = shape.and_then(|shape| {
            // A candidate fit for conversion is only judged with the whole project's
            // facts (the runner holds its file until then).
            if cx.facts.complete() {
                analyze::analyze(
                    cx.facts,
                    &place,
                    &class,
                    shape,
                    cx.options.convert_public_interfaces,
                )
                .map(Some)
            } else {
                Ok(None)
            }
        });
        match decided {
            Ok(Some(plan)) => plans.push(plan),
            Ok(None) => {}
            Err(skip) => cx.skip(at, skip.to_string()),
        }
    }
    let Some(first) = plans.first() else { return };
    let need_rc = plans.iter().any(|p| p.runtime.is_some());
    let wanted: &[&str] = if need_rc {
        &["Protocol", "runtime_checkable"]
    } else {
        &["Protocol"]
    };
    let typing = crate::fix::typing_module(cx.options.target_version, "Protocol");
    let names = match imports::names(file, typing, wanted, first.class.start()) {
        Ok(n) => n,
        Err(taken) => {
            for p in &plans {
                let class = p.class.name.to_string();
                let skip = match &taken {
                    imports::Taken::Names => Skip::NamesTaken {
                        class,
                        typing: typing.to_string(),
                    },
                    imports::Taken::Star(m) => Skip::StarImport {
                        class,
                        module: m.clone(),
                    },
                };
                cx.skip(p.class.name.start(), skip.to_string());
            }
            return;
        }
    };
    for p in &plans {
        if let Some(why) = &p.runtime {
            cx.note(p.class.name.start(), why.note(&p.class.name));
        }
    }
    let strip = cx.options.strip_abstractmethod;
    let edits = rewrite::rewrite(file, bindings, &plans, names, strip);
    cx.change(edits);
}
