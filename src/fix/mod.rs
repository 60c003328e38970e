//! The edit helpers every codemod needs, in one place (issue 12, item 5). A codemod
//! decides *what* to change; these say *how* the text changes, so that every codemod
//! spells an import, deletes a line or appends to a file the same way.
//!
//! - imports: [`ensure`] (reuse an existing import or alias, merge into an existing
//!   `from m import ...`, or add a statement to the import block), [`ensure_free`]
//!   (the same, but an error when a name it would bind is already bound to another
//!   object in the module: the codemod then uses an alias or skips with a reason —
//!   never code that resolves to the wrong object), [`name_free`], [`remove_from_import`];
//! - [`typing_module`]: `typing` or `typing_extensions`, by target version;
//! - [`edits`]: delete a statement keeping its trailing comment, remove items from a
//!   comma-separated list, insert a line after a statement, and the newline that must
//!   precede text appended to a file without a final newline.
//!
//! `ruff_python_importer` (ruff's `Insertion`) was considered and not adopted: it only
//! answers *where* an import goes (not whether its name is free, nor alias reuse or
//! merging, which live in ruff's unpublished linter), returns another `Edit` type, and
//! places imports differently (after leading comments), which would change output.

pub mod edits;
mod importer;

pub use crate::imports::{
    Imported, Style, after_imports, ensure, find_from_import, find_module_import, insert_statement,
    remove_from_import,
};
pub use edits::{
    after_comma, comma_after, delete_items, delete_statement, insert_after, newline_before,
};
pub use importer::{Taken, ensure_free, name_free};

/// The module that provides `name` (`Protocol`, `runtime_checkable`, `Annotated`, ...)
/// for the oldest supported Python `target` (`None`: a current Python): `typing`, or
/// `typing_extensions` where `typing` lacks it.
pub fn typing_module(target: Option<(u8, u8)>, name: &str) -> &'static str {
    let needs = match name {
        "Protocol" | "runtime_checkable" | "Literal" | "Final" | "TypedDict" => (3, 8),
        "Annotated" => (3, 9),
        _ => (3, 0),
    };
    match target {
        Some(v) if v < needs => "typing_extensions",
        _ => "typing",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_or_typing_extensions_by_target() {
        assert_eq!(typing_module(None, "Annotated"), "typing");
        assert_eq!(
            typing_module(Some((3, 8)), "Annotated"),
            "typing_extensions"
        );
        assert_eq!(typing_module(Some((3, 9)), "Annotated"), "typing");
        assert_eq!(typing_module(Some((3, 7)), "Protocol"), "typing_extensions");
        assert_eq!(typing_module(Some((3, 8)), "Protocol"), "typing");
    }
}
