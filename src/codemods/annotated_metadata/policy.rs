//! annotated-metadata's policy on top of the shared resolver
//! ([`crate::semantic::names`]): which objects count as one, and when a name in a
//! quoted annotation refers to the same object wherever the framework evaluates it.

use ruff_python_ast::Expr;
use ruff_text_size::TextSize;

pub(crate) use crate::semantic::names::{FileNames as Names, Kind};

/// Policy: `typing.X` and `typing_extensions.X` are the same object for our purposes.
fn typing_alike(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.strip_prefix("typing_extensions.")
            .map(|r| format!("typing.{r}"))
    };
    a == b || norm(a).as_deref().unwrap_or(a) == norm(b).as_deref().unwrap_or(b)
}

/// The qualified name `expr` refers to at run time, a `try`/`except` fallback
/// between `typing` and `typing_extensions` counting as one import.
pub(crate) fn resolve_typing_alike(names: &Names, expr: &Expr) -> Option<String> {
    names.resolve_qualified_name_by(expr, true, &typing_alike)
}

/// [`resolve_typing_alike`], also through imports only type checkers see: what a
/// type annotation means.
pub(crate) fn resolve_annotation(names: &Names, expr: &Expr) -> Option<String> {
    names.resolve_qualified_name_by(expr, false, &typing_alike)
}

/// Policy for quoted annotations: whether `name` refers at run time to the same object
/// when evaluated at the statement starting at `top` as when the framework evaluates
/// the string later. A builtin counts only when it is one of [`BUILTIN_TYPES`]; with
/// `from __future__ import annotations` every annotation is evaluated late, so a
/// binding anywhere counts.
pub(crate) fn same_object_when_evaluated(names: &Names, name: &str, top: TextSize) -> bool {
    if names.module_bindings(name).is_empty() {
        return BUILTIN_TYPES.contains(&name) && names.runtime_stars().next().is_none();
    }
    let at = if names.future_annotations {
        TextSize::new(u32::MAX)
    } else {
        top
    };
    names.bound_before(name, at)
}

/// Builtins that appear in annotations (a name not listed is not assumed builtin).
pub(crate) const BUILTIN_TYPES: &[&str] = &[
    "bool",
    "bytearray",
    "bytes",
    "complex",
    "dict",
    "float",
    "frozenset",
    "int",
    "list",
    "memoryview",
    "object",
    "range",
    "set",
    "slice",
    "str",
    "tuple",
    "type",
];
