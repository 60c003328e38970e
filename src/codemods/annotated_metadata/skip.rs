//! Why annotated-metadata leaves a candidate alone; `Display` is the user's message.

use std::fmt;

use super::analyze::Marker;

/// Why a candidate is left alone; `Display` is the user's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Skip {
    NoAnnotation {
        what: &'static str,
        name: String,
        short: String,
    },
    /// `Annotated` is bound to another object (`to`: its import, if it is one).
    AnnotatedTaken {
        to: Option<String>,
    },
    StarImport {
        module: String,
    },
    StarArguments {
        short: String,
    },
    ManyPositional {
        short: String,
    },
    DefaultTwice {
        short: String,
    },
    DefaultAndFactory {
        short: String,
    },
    CommentOnDefault {
        short: String,
    },
    CommentBeforeDefault {
        name: String,
    },
    EmptyAnnotated {
        name: String,
    },
    SecondFastapiMarker {
        name: String,
        short: String,
    },
    /// The annotation's metadata (`meta`) would change place relative to the marker's.
    CarriesMetadata {
        name: String,
        short: String,
        meta: String,
        marker: Marker,
    },
    /// The type may be an `Annotated[...]` alias (`why`).
    TypeMayCarryMetadata {
        name: String,
        short: String,
        ty: String,
        why: String,
        marker: Marker,
    },
    Qualifier {
        name: String,
        qualifier: String,
    },
    Quoted {
        name: String,
        short: String,
        why: String,
    },
    PydanticName {
        name: String,
    },
    Private {
        name: String,
    },
    /// The field's name is also a name its annotation uses.
    ShadowsType {
        name: String,
    },
    Invalid {
        what: &'static str,
        name: String,
    },
    ParamOrder {
        name: String,
        short: String,
        prev: String,
    },
    PydanticDataclass {
        class: String,
    },
    StdlibDataclass {
        class: String,
    },
    NoBase {
        class: String,
    },
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::NoAnnotation { what, name, short } => write!(
                f,
                "{what} `{name}` has no type annotation, so there is nothing to put `{short}(...)` beside in `Annotated[...]`; add the type first"
            ),
            Skip::AnnotatedTaken { to: Some(q) } => write!(
                f,
                "the name `Annotated` is bound to `{q}` in this module; import `typing.Annotated` under another name first"
            ),
            Skip::AnnotatedTaken { to: None } => write!(
                f,
                "the name `Annotated` is defined in this module; import `typing.Annotated` under another name first"
            ),
            Skip::StarImport { module } => write!(
                f,
                "`from {module} import *` may bind the name `Annotated`, so a new `from typing import Annotated` could replace it; import `typing.Annotated` explicitly first"
            ),
            Skip::StarArguments { short } => write!(
                f,
                "`{short}(...)` is called with `*args` or `**kwargs`, so its default cannot be told apart; left alone"
            ),
            Skip::ManyPositional { short } => {
                write!(
                    f,
                    "`{short}(...)` has more than one positional argument; left alone"
                )
            }
            Skip::DefaultTwice { short } => write!(
                f,
                "`{short}(...)` passes the default both by position and as `default=`; left alone"
            ),
            Skip::DefaultAndFactory { short } => write!(
                f,
                "`{short}(...)` has both a default and `default_factory`; left alone"
            ),
            Skip::CommentOnDefault { short } => write!(
                f,
                "a comment sits next to the default argument of `{short}(...)` and would be lost; move it first"
            ),
            Skip::CommentBeforeDefault { name } => write!(
                f,
                "a comment between `{name}`'s annotation and its default would be lost; move it first"
            ),
            Skip::EmptyAnnotated { name } => write!(
                f,
                "the annotation of `{name}` is an `Annotated[...]` without metadata; left alone"
            ),
            Skip::SecondFastapiMarker { name, short } => write!(
                f,
                "the `Annotated[...]` annotation of `{name}` already holds FastAPI metadata, and FastAPI allows only one; merge `{short}(...)` by hand"
            ),
            Skip::CarriesMetadata {
                name,
                short,
                meta,
                marker: Marker::Field,
            } => write!(
                f,
                "the annotation of `{name}` already carries metadata (`{meta}`): pydantic applies the constraints of the assigned `{short}(...)` before it and its other settings after it, which no place inside `Annotated[...]` reproduces; merge by hand"
            ),
            Skip::CarriesMetadata {
                name, short, meta, ..
            } => write!(
                f,
                "the annotation of `{name}` already carries metadata (`{meta}`), which FastAPI ignores while the default is `{short}(...)` but applies once `{short}(...)` is inside `Annotated[...]`; merge by hand"
            ),
            Skip::TypeMayCarryMetadata {
                name,
                short,
                ty,
                why,
                marker: Marker::Field,
            } => write!(
                f,
                "the type `{ty}` of `{name}` may be an `Annotated[...]` alias ({why}): pydantic applies the constraints of the assigned `{short}(...)` before an alias's metadata, but after it once `{short}(...)` is inside `Annotated[...]`; convert by hand if `{ty}` is a plain class"
            ),
            Skip::TypeMayCarryMetadata {
                name,
                short,
                ty,
                why,
                ..
            } => write!(
                f,
                "the type `{ty}` of `{name}` may be an `Annotated[...]` alias ({why}): FastAPI ignores an alias's metadata while the default is `{short}(...)`, but applies it once `{short}(...)` is inside `Annotated[...]`; convert by hand if `{ty}` is a plain class"
            ),
            Skip::Qualifier { name, qualifier } => write!(
                f,
                "the annotation of `{name}` is a `{qualifier}[...]`, which pydantic treats differently inside `Annotated[...]`; left alone"
            ),
            Skip::Quoted { name, short, why } => write!(
                f,
                "the annotation of `{name}` is a string ({why}): FastAPI and pydantic do not resolve a quoted type inside `Annotated[...]` the way they resolve a quoted annotation, so `{short}(...)` cannot move; unquote the type first (after defining or importing it above this line)"
            ),
            Skip::PydanticName { name } => write!(
                f,
                "`{name}` is one of pydantic's own `__pydantic_*__` attributes, which pydantic configures only from an assigned `Field(...)` (inside `Annotated[...]` class creation fails); leave it as it is"
            ),
            Skip::Private { name } => write!(
                f,
                "field `{name}` starts with an underscore, so pydantic treats it as a private attribute: with `Field(...)` assigned, class creation fails, but inside `Annotated[...]` it would silently become a private attribute; rename the field (keeping the name as `alias=`) or use `PrivateAttr()`"
            ),
            Skip::ShadowsType { name } => write!(
                f,
                "field `{name}` shadows the type its annotation names: with `Field(...)` assigned, `{name}` is bound in the class body (pydantic reports the clash), but inside `Annotated[...]` nothing binds it there and the annotation resolves to another object or raises `NameError`; rename one of them first"
            ),
            Skip::Invalid { what, name } => write!(
                f,
                "the rewritten {what} `{name}` would not be valid Python; left alone"
            ),
            Skip::ParamOrder { name, short, prev } => write!(
                f,
                "parameter `{name}` would have no default once `{short}(...)` moves into `Annotated`, but it follows parameter `{prev}`, which has one; reorder the parameters or make them keyword-only (after `*`) first"
            ),
            Skip::PydanticDataclass { class } => write!(
                f,
                "class `{class}` is a pydantic dataclass: with `Field(...)` inside `Annotated[...]`, `inspect.signature()` and `dataclasses.fields()` change (annotations, and the defaults of `default_factory` fields), and code may read them; convert by hand if nothing inspects the class"
            ),
            Skip::StdlibDataclass { class } => write!(
                f,
                "class `{class}` is a standard-library dataclass, which keeps the `Field(...)` object as the default instead of reading its metadata; use `pydantic.dataclasses.dataclass` or a model first"
            ),
            Skip::NoBase { class } => write!(
                f,
                "class `{class}` has no base class and is not a pydantic dataclass, so `Field(...)` is a plain class attribute here; left alone"
            ),
        }
    }
}
