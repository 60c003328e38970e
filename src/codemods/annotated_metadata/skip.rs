//! Why annotated-metadata leaves a candidate alone; `Display` is the user's message.

use super::analyze::Marker;

/// Why a candidate is left alone; `Display` is the user's message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Skip {
    #[error(
        "{what} `{name}` has no type annotation, so there is nothing to put `{short}(...)` beside in `Annotated[...]`; add the type first"
    )]
    NoAnnotation {
        what: &'static str,
        name: String,
        short: String,
    },
    /// `Annotated` is bound to another object (`to`: its import, if it is one).
    #[error(
        "the name `Annotated` is {}; import `typing.Annotated` under another name first",
        bound_or_defined(.to.as_deref())
    )]
    AnnotatedTaken { to: Option<String> },
    #[error(
        "`from {module} import *` may bind the name `Annotated`, so a new `from typing import Annotated` could replace it; import `typing.Annotated` explicitly first"
    )]
    StarImport { module: String },
    #[error(
        "`{short}(...)` is called with `*args` or `**kwargs`, so its default cannot be told apart; left alone"
    )]
    StarArguments { short: String },
    #[error("`{short}(...)` has more than one positional argument; left alone")]
    ManyPositional { short: String },
    #[error("`{short}(...)` passes the default both by position and as `default=`; left alone")]
    DefaultTwice { short: String },
    #[error("`{short}(...)` has both a default and `default_factory`; left alone")]
    DefaultAndFactory { short: String },
    #[error(
        "a comment sits next to the default argument of `{short}(...)` and would be lost; move it first"
    )]
    CommentOnDefault { short: String },
    #[error("a comment between `{name}`'s annotation and its default would be lost; move it first")]
    CommentBeforeDefault { name: String },
    #[error("the annotation of `{name}` is an `Annotated[...]` without metadata; left alone")]
    EmptyAnnotated { name: String },
    #[error(
        "the `Annotated[...]` annotation of `{name}` already holds FastAPI metadata, and FastAPI allows only one; merge `{short}(...)` by hand"
    )]
    SecondFastapiMarker { name: String, short: String },
    /// The annotation's metadata (`meta`) would change place relative to the marker's.
    #[error(
        "the annotation of `{name}` already carries metadata (`{meta}`){}; merge by hand",
        carries_tail(.marker, .short)
    )]
    CarriesMetadata {
        name: String,
        short: String,
        meta: String,
        marker: Marker,
    },
    /// The type may be an `Annotated[...]` alias (`why`).
    #[error(
        "the type `{ty}` of `{name}` may be an `Annotated[...]` alias ({why}): {}; convert by hand if `{ty}` is a plain class",
        alias_tail(.marker, .short)
    )]
    TypeMayCarryMetadata {
        name: String,
        short: String,
        ty: String,
        why: String,
        marker: Marker,
    },
    #[error(
        "the annotation of `{name}` is a `{qualifier}[...]`, which pydantic treats differently inside `Annotated[...]`; left alone"
    )]
    Qualifier { name: String, qualifier: String },
    #[error(
        "the annotation of `{name}` is a string ({why}): FastAPI and pydantic do not resolve a quoted type inside `Annotated[...]` the way they resolve a quoted annotation, so `{short}(...)` cannot move; unquote the type first (after defining or importing it above this line)"
    )]
    Quoted {
        name: String,
        short: String,
        why: String,
    },
    #[error(
        "`{name}` is one of pydantic's own `__pydantic_*__` attributes, which pydantic configures only from an assigned `Field(...)` (inside `Annotated[...]` class creation fails); leave it as it is"
    )]
    PydanticName { name: String },
    #[error(
        "field `{name}` starts with an underscore, so pydantic treats it as a private attribute: with `Field(...)` assigned, class creation fails, but inside `Annotated[...]` it would silently become a private attribute; rename the field (keeping the name as `alias=`) or use `PrivateAttr()`"
    )]
    Private { name: String },
    /// The field's name is also a name its annotation uses.
    #[error(
        "field `{name}` shadows the type its annotation names: with `Field(...)` assigned, `{name}` is bound in the class body (pydantic reports the clash), but inside `Annotated[...]` nothing binds it there and the annotation resolves to another object or raises `NameError`; rename one of them first"
    )]
    ShadowsType { name: String },
    #[error("the rewritten {what} `{name}` would not be valid Python; left alone")]
    Invalid { what: &'static str, name: String },
    #[error(
        "parameter `{name}` would have no default once `{short}(...)` moves into `Annotated`, but it follows parameter `{prev}`, which has one; reorder the parameters or make them keyword-only (after `*`) first"
    )]
    ParamOrder {
        name: String,
        short: String,
        prev: String,
    },
    #[error(
        "class `{class}` is a pydantic dataclass: with `Field(...)` inside `Annotated[...]`, `inspect.signature()` and `dataclasses.fields()` change (annotations, and the defaults of `default_factory` fields), and code may read them; convert by hand if nothing inspects the class"
    )]
    PydanticDataclass { class: String },
    #[error(
        "class `{class}` is a standard-library dataclass, which keeps the `Field(...)` object as the default instead of reading its metadata; use `pydantic.dataclasses.dataclass` or a model first"
    )]
    StdlibDataclass { class: String },
    #[error(
        "class `{class}` has no base class and is not a pydantic dataclass, so `Field(...)` is a plain class attribute here; left alone"
    )]
    NoBase { class: String },
}

/// Where the name `Annotated` comes from: an import (`to`) or a definition.
fn bound_or_defined(to: Option<&str>) -> String {
    match to {
        Some(q) => format!("bound to `{q}` in this module"),
        None => "defined in this module".to_string(),
    }
}

/// Why metadata already on the annotation blocks the move, for `marker`'s framework.
fn carries_tail(marker: &Marker, short: &str) -> String {
    if matches!(marker, Marker::Field) {
        format!(
            ": pydantic applies the constraints of the assigned `{short}(...)` before it and its other settings after it, which no place inside `Annotated[...]` reproduces"
        )
    } else {
        format!(
            ", which FastAPI ignores while the default is `{short}(...)` but applies once `{short}(...)` is inside `Annotated[...]`"
        )
    }
}

/// Why an alias's possible metadata blocks the move, for `marker`'s framework.
fn alias_tail(marker: &Marker, short: &str) -> String {
    if matches!(marker, Marker::Field) {
        format!(
            "pydantic applies the constraints of the assigned `{short}(...)` before an alias's metadata, but after it once `{short}(...)` is inside `Annotated[...]`"
        )
    } else {
        format!(
            "FastAPI ignores an alias's metadata while the default is `{short}(...)`, but applies it once `{short}(...)` is inside `Annotated[...]`"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The messages whose wording depends on a field, one per case.
    #[test]
    fn field_dependent_messages() {
        let taken = |to: Option<&str>| {
            Skip::AnnotatedTaken {
                to: to.map(str::to_string),
            }
            .to_string()
        };
        assert_eq!(
            taken(Some("mylib.Annotated")),
            "the name `Annotated` is bound to `mylib.Annotated` in this module; import `typing.Annotated` under another name first"
        );
        assert_eq!(
            taken(None),
            "the name `Annotated` is defined in this module; import `typing.Annotated` under another name first"
        );
        let carries = |marker| {
            Skip::CarriesMetadata {
                name: "x".into(),
                short: "Field".into(),
                meta: "Gt(1)".into(),
                marker,
            }
            .to_string()
        };
        assert_eq!(
            carries(Marker::Field),
            "the annotation of `x` already carries metadata (`Gt(1)`): pydantic applies the constraints of the assigned `Field(...)` before it and its other settings after it, which no place inside `Annotated[...]` reproduces; merge by hand"
        );
        assert_eq!(
            carries(Marker::Param),
            "the annotation of `x` already carries metadata (`Gt(1)`), which FastAPI ignores while the default is `Field(...)` but applies once `Field(...)` is inside `Annotated[...]`; merge by hand"
        );
        let alias = |marker| {
            Skip::TypeMayCarryMetadata {
                name: "x".into(),
                short: "Query".into(),
                ty: "T".into(),
                why: "an alias".into(),
                marker,
            }
            .to_string()
        };
        assert_eq!(
            alias(Marker::Field),
            "the type `T` of `x` may be an `Annotated[...]` alias (an alias): pydantic applies the constraints of the assigned `Query(...)` before an alias's metadata, but after it once `Query(...)` is inside `Annotated[...]`; convert by hand if `T` is a plain class"
        );
        assert_eq!(
            alias(Marker::Dependency),
            "the type `T` of `x` may be an `Annotated[...]` alias (an alias): FastAPI ignores an alias's metadata while the default is `Query(...)`, but applies it once `Query(...)` is inside `Annotated[...]`; convert by hand if `T` is a plain class"
        );
    }
}
