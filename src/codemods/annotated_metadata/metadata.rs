//! What an annotation already carries and what a marker adds: the facts that decide
//! whether moving a marker into `Annotated[...]` keeps the order in which pydantic and
//! FastAPI apply metadata.
//!
//! Measured with pydantic 2.14 and FastAPI 0.165 (the README's Safety section):
//! - pydantic puts the *constraints* of an assigned `Field(...)` (`gt=`, `max_length=`,
//!   ...) before the annotation's metadata, and its *attributes* (`description=`,
//!   `alias=`, ...) after it. `typing` flattens `Annotated[Alias, Field(...)]` where
//!   `Alias = Annotated[T, m]` into `Annotated[T, m, Field(...)]`, so a type that is an
//!   `Annotated[...]` alias carries metadata too.
//! - FastAPI ignores the annotation's own metadata while the default is a marker
//!   (`q: PositiveInt = Query()` accepts `-1`), and applies it once the marker is
//!   inside `Annotated[...]`.

use ruff_python_ast::{Expr, ExprCall, Operator};
use ruff_text_size::Ranged;

use super::policy::{BUILTIN_TYPES, Kind, Names, resolve_annotation, resolve_typing_alike};
use crate::source::SourceFile;

/// Keyword arguments that set a field attribute. Any other keyword (`gt`,
/// `max_length`, `pattern`, `strict`, ...) adds a metadata entry whose position
/// among the annotation's metadata matters.
const ATTRIBUTE_KEYWORDS: &[&str] = &[
    "alias",
    "alias_priority",
    "default",
    "default_factory",
    "deprecated",
    "description",
    "discriminator",
    "examples",
    "exclude",
    "exclude_if",
    "field_title_generator",
    "frozen",
    "init",
    "init_var",
    "json_schema_extra",
    "kw_only",
    "repr",
    "serialization_alias",
    "title",
    "validate_default",
    "validation_alias",
];

/// Calls that make metadata which is never a `FieldInfo` (so it has no attributes
/// that an assigned `Field(...)` would override). `annotated_types.*` counts too.
const PLAIN_METADATA: &[&str] = &[
    "pydantic.AfterValidator",
    "pydantic.BeforeValidator",
    "pydantic.PlainSerializer",
    "pydantic.PlainValidator",
    "pydantic.Strict",
    "pydantic.StringConstraints",
    "pydantic.WrapSerializer",
    "pydantic.WrapValidator",
    "pydantic.functional_serializers.PlainSerializer",
    "pydantic.functional_serializers.WrapSerializer",
    "pydantic.functional_validators.AfterValidator",
    "pydantic.functional_validators.BeforeValidator",
    "pydantic.functional_validators.PlainValidator",
    "pydantic.functional_validators.WrapValidator",
    "pydantic.types.Strict",
    "pydantic.types.StringConstraints",
];

/// pydantic names that have been classes (never `Annotated[...]` aliases) in every
/// pydantic 2 release.
const PYDANTIC_CLASSES: &[&str] = &[
    "pydantic.BaseModel",
    "pydantic.RootModel",
    "pydantic.SecretBytes",
    "pydantic.SecretStr",
    "pydantic.main.BaseModel",
    "pydantic.root_model.RootModel",
    "pydantic.types.SecretBytes",
    "pydantic.types.SecretStr",
];

/// Builtin classes whose subscript is a generic alias (`list[int]`).
const BUILTIN_GENERICS: &[&str] = &["dict", "frozenset", "list", "set", "tuple", "type"];

/// Type qualifiers that cannot go inside `Annotated[...]` the way they sit outside it.
const QUALIFIERS: &[&str] = &[
    "dataclasses.InitVar",
    "typing.ClassVar",
    "typing.Final",
    "typing_extensions.ClassVar",
    "typing_extensions.Final",
];

/// The last segments of [`QUALIFIERS`], to look for in a quoted annotation.
pub(crate) const QUALIFIER_NAMES: &[&str] = &["ClassVar", "Final", "InitVar"];

/// Whether the marker call (without its default) adds metadata whose position
/// matters: a keyword outside [`ATTRIBUTE_KEYWORDS`], or a positional argument.
pub(crate) fn order_sensitive(call: &ExprCall, default_removed: bool) -> bool {
    let positional = call.arguments.args.len() - usize::from(default_removed);
    positional > 0
        || call.arguments.keywords.iter().any(|k| {
            k.arg
                .as_ref()
                .is_none_or(|a| !ATTRIBUTE_KEYWORDS.contains(&a.as_str()))
        })
}

/// Metadata that pydantic and FastAPI ignore: literals (`"a doc string"`, `3`).
pub(crate) fn is_inert(e: &Expr) -> bool {
    matches!(
        e,
        Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::FString(_)
    )
}

/// Metadata that is certainly not a `FieldInfo`: a literal, a pydantic validator,
/// serializer or constraint, or an `annotated_types` constraint.
pub(crate) fn is_plain(e: &Expr, names: &Names) -> bool {
    if is_inert(e) {
        return true;
    }
    let Expr::Call(c) = e else { return false };
    resolve_typing_alike(names, &c.func)
        .is_some_and(|q| PLAIN_METADATA.contains(&q.as_str()) || q.starts_with("annotated_types."))
}

/// The qualifier (`ClassVar`, `Final`, `InitVar`) at the top of a type, if any.
pub(crate) fn qualifier(ty: &Expr, names: &Names) -> Option<String> {
    let base = match ty {
        Expr::Subscript(s) => &*s.value,
        e => e,
    };
    let q = resolve_annotation(names, base)?;
    QUALIFIERS
        .contains(&q.as_str())
        .then(|| q.rsplit('.').next().unwrap_or_default().to_string())
}

/// `Ok` when the type `ty` is certainly not an `Annotated[...]` alias (so it brings
/// no metadata of its own into the new `Annotated[...]`); otherwise why it may be,
/// in words for a message.
/// `src` is the text `ty`'s ranges index (the file, or a quoted annotation's content).
pub(crate) fn plain_type(
    ty: &Expr,
    names: &Names,
    src: &str,
    file: &SourceFile,
) -> Result<(), String> {
    match ty {
        Expr::NoneLiteral(_) => Ok(()),
        // `X | Y` is a union: typing never flattens metadata out of its members.
        Expr::BinOp(b) if b.op == Operator::BitOr => Ok(()),
        Expr::Subscript(s) => generic(&s.value, names, src, file),
        Expr::Name(_) | Expr::Attribute(_) => named(ty, names, src, file, false),
        Expr::Call(_) => Err(format!(
            "`{}` is a call, which may return an `Annotated[...]`",
            &src[ty.range()]
        )),
        _ => Err(format!(
            "sturdy cannot tell what `{}` evaluates to",
            &src[ty.range()]
        )),
    }
}

/// The base of a subscripted type: `list`, `Optional`, a class of this module.
fn generic(base: &Expr, names: &Names, src: &str, file: &SourceFile) -> Result<(), String> {
    if let Expr::Name(n) = base
        && names.module_bindings(&n.id).is_empty()
        && BUILTIN_GENERICS.contains(&n.id.as_str())
        && names.runtime_stars().next().is_none()
    {
        return Ok(());
    }
    named(base, names, src, file, true)
}

/// A name or attribute chain used as a type, or (`subscripted`) as a generic base.
fn named(
    e: &Expr,
    names: &Names,
    src: &str,
    file: &SourceFile,
    subscripted: bool,
) -> Result<(), String> {
    let text = &src[e.range()];
    if let Expr::Name(n) = e {
        let bindings = names.module_bindings(&n.id);
        if bindings.is_empty() {
            if let Some(m) = names.runtime_stars().next().map(|s| &s.module) {
                return Err(format!("`{text}` may come from `from {m} import *`"));
            }
            if !subscripted && BUILTIN_TYPES.contains(&text) {
                return Ok(());
            }
            return Err(format!(
                "`{text}` is not defined or imported in this module"
            ));
        }
        if bindings
            .iter()
            .all(|b| matches!(b.kind, Kind::Class { .. }))
        {
            if subscripted
                && bindings.iter().any(|b| {
                    b.kind
                        == (Kind::Class {
                            class_getitem: true,
                        })
                })
            {
                return Err(format!(
                    "class `{text}` defines `__class_getitem__`, which may return an `Annotated[...]`"
                ));
            }
            return Ok(());
        }
        if let Some(b) = bindings.iter().find(|b| b.qualified().is_none()) {
            return Err(format!(
                "`{text}` is bound at line {} by something other than a class",
                file.line_col(b.at).0
            ));
        }
    }
    let Some(q) = resolve_annotation(names, e) else {
        return Err(format!("sturdy cannot tell what `{text}` refers to"));
    };
    if super::imports::ANNOTATED.contains(&q.as_str()) {
        return Err(format!("`{text}` is `Annotated` itself"));
    }
    let root = q.split('.').next().unwrap_or_default();
    let plain = !q.starts_with('.')
        && (super::stdlib::is_stdlib(root)
            || matches!(root, "typing_extensions" | "fastapi" | "starlette")
            || PYDANTIC_CLASSES.contains(&q.as_str()));
    if plain {
        return Ok(());
    }
    let module = q.rsplit_once('.').map_or(q.as_str(), |(m, _)| m);
    Err(format!(
        "`{text}` is imported from `{module}`, which sturdy does not read"
    ))
}
