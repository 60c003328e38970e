//! Decide, for one candidate, whether and how it is converted: [`analyze`] returns
//! a [`Plan`] or the [`Skip`] that says why not.

use ruff_python_ast::StmtClassDef;

use super::checks::{self, Judged, NotProtocol};
use super::shape::{Class, Item, Shape};
use super::{F_ESCAPE, F_RUNTIME, Skip, native};
use crate::codemods::Facts;
use crate::semantic::Base;
use crate::source::SourceFile;

/// Why a converted class gets `@runtime_checkable`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Runtime {
    /// The second argument of `isinstance`/`issubclass`, or a `match` class, there.
    Checked(String),
    /// Passed around as a value there: it may reach such a check.
    Escapes(String),
    /// A public interface: code outside the project may check it.
    Public(String),
    /// Its package ships native code, whose checks sturdy cannot see.
    Native,
}

impl Runtime {
    /// The note naming the class for reviewers of hot paths.
    pub(crate) fn note(&self, class: &str) -> String {
        let why = match self {
            Runtime::Checked(at) => {
                format!("it is used with `isinstance()`/`issubclass()` or in a `match` at {at}")
            }
            Runtime::Escapes(at) => {
                format!("it is passed around as a value at {at}, so it may reach `isinstance()`")
            }
            Runtime::Public(qual) => format!(
                "it is a public interface (`{qual}`) that code outside this project may check with `isinstance()`"
            ),
            Runtime::Native => {
                "its package ships native code, whose `isinstance()` calls sturdy cannot see"
                    .to_string()
            }
        };
        format!(
            "class `{class}` becomes a `@runtime_checkable` protocol ({why}); `isinstance()` and `issubclass()` against it become structural checks: they accept any class with its methods, not only its subclasses, and are much slower than against the ABC — review those checks"
        )
    }
}

/// How one class is converted.
pub(crate) struct Plan<'a> {
    pub(crate) class: &'a StmtClassDef,
    pub(crate) items: Vec<Item>,
    pub(crate) runtime: Option<Runtime>,
}

/// Where the file sits in its project.
pub(crate) struct Place<'a> {
    pub(crate) file: &'a SourceFile,
    /// Whether the file is part of a package (so its classes can be imported by others).
    pub(crate) in_package: bool,
}

/// Whether the class `qual` of a module is a public interface: its module is part of
/// a package, no segment of its module path or qualified name starts with `_`, it is
/// not defined in a function, and the module is not a test module (`tests`, `test`,
/// `test_*`, `*_test`, `conftest`).
pub(crate) fn is_public(qual: &str, module: &str, in_package: bool) -> bool {
    in_package
        && !qual
            .split('.')
            .any(|s| s.starts_with('_') || s.starts_with('<'))
        && !module.split('.').any(|s| {
            matches!(s, "tests" | "test" | "conftest")
                || s.starts_with("test_")
                || s.ends_with("_test")
        })
}

/// Decide for a candidate whose own file shows no reason to skip it.
pub(crate) fn analyze<'a>(
    facts: &Facts,
    place: &Place<'_>,
    class: &Class<'a>,
    shape: Shape,
    convert_public: bool,
) -> Result<Plan<'a>, Skip> {
    let h = facts.hierarchy();
    let name = class.def.name.as_str();
    let file = place.file;
    let public = is_public(&class.qual, &file.module, place.in_package)
        || checks::reexported_publicly(h, facts, &class.qual, name);
    let judged = Judged {
        qual: &class.qual,
        name,
        data: shape.data_members.as_deref(),
        non_method: shape.non_method.as_deref(),
        public,
    };
    if let Some(skip) = checks::project_skip(h, facts, &judged) {
        return Err(skip);
    }
    // Bases as the semantic layer resolved them (names local to a function too);
    // the module's bindings when it has not seen the class.
    let resolved = h.project_class(&class.qual);
    for dep in &shape.deps {
        let base: &Base = resolved
            .and_then(|c| c.bases.get(dep.index))
            .unwrap_or(&dep.base);
        match checks::base_is_protocol(h, facts, base, convert_public, &mut Vec::new()) {
            Ok(()) => {}
            Err(NotProtocol::Not) => {
                return Err(Skip::NotProtocolBase {
                    class: name.to_string(),
                    base: dep.text.clone(),
                });
            }
            Err(NotProtocol::NotRewritten(at)) => {
                return Err(Skip::BaseNotRewritten {
                    class: name.to_string(),
                    base: dep.text.clone(),
                    at,
                });
            }
        }
    }
    if public
        && shape.non_method.is_none()
        && let Some(member) = resolved.and_then(|c| checks::inherited_non_method(h, facts, c))
    {
        return Err(Skip::PublicData {
            class: name.to_string(),
            qual: class.qual.clone(),
            member,
        });
    }
    // Last: every more specific reason is reported first (and is what an opt-in to
    // converting public interfaces would still meet).
    if public && !convert_public {
        return Err(Skip::PublicSubclassable {
            class: name.to_string(),
            qual: class.qual.clone(),
        });
    }
    let runtime = if let Some(at) = facts.get(F_RUNTIME, name) {
        Some(Runtime::Checked(at.to_string()))
    } else if let Some(at) = facts.get(F_ESCAPE, name) {
        Some(Runtime::Escapes(at.to_string()))
    } else if public {
        Some(Runtime::Public(class.qual.clone()))
    } else if native::ships_native_code(&file.path) {
        Some(Runtime::Native)
    } else {
        None
    };
    Ok(Plan {
        class: class.def,
        items: shape.items,
        runtime,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_means_importable_without_underscores() {
        assert!(is_public("pkg.abc.AbstractResolver", "pkg.abc", true));
        assert!(is_public("pkg.Outer.Inner", "pkg", true));
        assert!(!is_public("app.Sink", "app", false));
        assert!(!is_public("pkg._impl.Sink", "pkg._impl", true));
        assert!(!is_public("pkg.mod._Sink", "pkg.mod", true));
        assert!(!is_public("pkg.mod.f.<locals>.Sink", "pkg.mod", true));
        assert!(!is_public(
            "pkg.tests.test_x.Sink",
            "pkg.tests.test_x",
            true
        ));
    }
}
