//! Why a candidate is left alone: one variant per reason; `Display` is the message
//! the user reads (it says what to do).

use std::fmt;

/// Why a candidate class is not converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Skip {
    StarredBases {
        class: String,
    },
    AlreadyProtocol {
        class: String,
    },
    ClassKeyword {
        class: String,
        keyword: String,
    },
    StatefulDecorator {
        class: String,
        decorator: String,
    },
    TypeParams {
        class: String,
    },
    Constructor {
        class: String,
        method: String,
    },
    SubclassHook {
        class: String,
    },
    InstanceState {
        class: String,
        target: String,
        method: String,
    },
    Slots {
        class: String,
    },
    Machinery {
        class: String,
        name: String,
    },
    NoAbstract {
        class: String,
    },
    Syntax {
        class: String,
        message: String,
    },
    /// `.register()` somewhere in the project.
    Registered {
        class: String,
        at: String,
    },
    /// `issubclass()` on a class with data members.
    IssubclassData {
        class: String,
        at: String,
    },
    /// Data members, passed around, and a dynamic `issubclass()` somewhere.
    DynamicIssubclassData {
        class: String,
        at: String,
    },
    /// A public interface with data members: unseen code's `issubclass()` would raise.
    PublicData {
        class: String,
        qual: String,
        member: String,
    },
    /// A transitive subclass passes class keywords.
    SubclassKeywords {
        class: String,
        sub: String,
        at: String,
    },
    /// A class in a transitive subclass's MRO has a metaclass `Protocol`'s conflicts with.
    MetaclassConflict {
        class: String,
        sub: String,
        at: String,
        meta: String,
        owner: String,
    },
    /// A metaclass in a transitive subclass's MRO that sturdy cannot resolve.
    MetaclassUnknown {
        class: String,
        sub: String,
        at: String,
        meta: String,
    },
    /// The MRO of a transitive subclass cannot be computed.
    SubclassMroUnknown {
        class: String,
        sub: String,
        at: String,
        why: String,
    },
    /// A class after the candidate in a subclass's MRO defines `__init__`.
    CooperativeInit {
        class: String,
        sub: String,
        at: String,
        base: String,
    },
    /// A base that is not (and does not become) a protocol.
    NotProtocolBase {
        class: String,
        base: String,
    },
    /// A base that would become a protocol, but whose file this run does not rewrite.
    BaseNotRewritten {
        class: String,
        base: String,
        at: String,
    },
    /// `Protocol`/`runtime_checkable` and the module are all bound to other things.
    NamesTaken {
        class: String,
        typing: String,
    },
    /// A star import after the import block may rebind the names.
    StarImport {
        class: String,
        module: String,
    },
}

impl fmt::Display for Skip {
    #[allow(clippy::too_many_lines)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::StarredBases { class } => write!(
                f,
                "class `{class}` has starred bases; sturdy cannot tell whether they are protocols"
            ),
            Skip::AlreadyProtocol { class } => write!(
                f,
                "class `{class}` already lists `Protocol` next to `ABC`/`ABCMeta`; remove the ABC part by hand"
            ),
            Skip::ClassKeyword { class, keyword } => write!(
                f,
                "class `{class}` passes the class keyword `{keyword}`; a protocol's metaclass and `__init_subclass__` would receive it — convert by hand"
            ),
            Skip::StatefulDecorator { class, decorator } => write!(
                f,
                "class `{class}` is decorated with `@{decorator}`, which generates state or changes the class; keep the ABC"
            ),
            Skip::TypeParams { class } => write!(
                f,
                "class `{class}` uses PEP 695 type parameters; convert by hand (`class {class}[T](Protocol)`)"
            ),
            Skip::Constructor { class, method } => write!(
                f,
                "class `{class}` defines `{method}`: it is a base class with behaviour, not an interface; keep the ABC (or move the behaviour into the implementations)"
            ),
            Skip::SubclassHook { class } => write!(
                f,
                "class `{class}` defines `__subclasshook__`, ABC machinery that `Protocol` replaces with its own structural check; keep the ABC"
            ),
            Skip::InstanceState {
                class,
                target,
                method,
            } => write!(
                f,
                "class `{class}` assigns instance state (`{target}` in `{method}`): it is a base class with behaviour, not an interface; keep the ABC"
            ),
            Skip::Slots { class } => write!(
                f,
                "class `{class}` declares non-empty `__slots__` (instance state): it is a base class, not an interface; keep the ABC"
            ),
            Skip::Machinery { class, name } => write!(
                f,
                "class `{class}` uses ABC machinery (`{name}`), which protocols do not keep; keep the ABC"
            ),
            Skip::NoAbstract { class } => write!(
                f,
                "class `{class}` has no abstract method, so it is a mixin or base class rather than an interface (ruff B024); add `@abstractmethod` to its interface methods first, or drop `ABC`"
            ),
            Skip::Syntax { class, message } => write!(f, "class `{class}`: {message}"),
            Skip::Registered { class, at } => write!(
                f,
                "class `{class}` is used with `.register()` at {at} (virtual subclasses), which protocols do not support; keep the ABC, or make the registered classes satisfy the protocol and drop the call"
            ),
            Skip::IssubclassData { class, at } => write!(
                f,
                "class `{class}` is used with `issubclass()` at {at} and declares data members; `issubclass()` raises TypeError for protocols with non-method members — make them methods or keep the ABC"
            ),
            Skip::DynamicIssubclassData { class, at } => write!(
                f,
                "class `{class}` declares data members and is passed around as a value, while `issubclass()` is called with a class sturdy cannot resolve (e.g. {at}); `issubclass()` raises TypeError for protocols with non-method members — make them methods or keep the ABC"
            ),
            Skip::PublicData {
                class,
                qual,
                member,
            } => write!(
                f,
                "class `{class}` is a public interface (`{qual}`) and declares data members (`{member}`): code outside this project may call `issubclass()` on it, which raises TypeError for a protocol with non-method members — make them methods or keep the ABC"
            ),
            Skip::SubclassKeywords { class, sub, at } => write!(
                f,
                "a subclass of `{class}`, `{sub}` ({at}), passes class keywords, which `Protocol`'s metaclass and `__init_subclass__` would receive — keep the ABC"
            ),
            Skip::MetaclassConflict {
                class,
                sub,
                at,
                meta,
                owner,
            } => {
                let whose = if owner == sub {
                    String::new()
                } else {
                    format!(" (through `{owner}`)")
                };
                write!(
                    f,
                    "`{sub}` ({at}), a subclass of `{class}`, has the metaclass `{meta}`{whose}, which does not derive from `typing._ProtocolMeta`: once `{class}` is a Protocol, defining `{sub}` fails with \"metaclass conflict\" — keep the ABC"
                )
            }
            Skip::MetaclassUnknown {
                class,
                sub,
                at,
                meta,
            } => write!(
                f,
                "`{sub}` ({at}), a subclass of `{class}`, has the metaclass `{meta}`, which sturdy cannot resolve; unless it derives from `typing._ProtocolMeta`, defining `{sub}` fails with \"metaclass conflict\" once `{class}` is a Protocol — keep the ABC (or make the metaclass resolvable: install the project's dependencies in its environment)"
            ),
            Skip::SubclassMroUnknown {
                class,
                sub,
                at,
                why,
            } => write!(
                f,
                "the method resolution order of `{sub}` ({at}), a subclass of `{class}`, cannot be computed ({why}); sturdy cannot tell whether its metaclass and `super().__init__()` chain survive `Protocol` — keep the ABC (or make the base resolvable: install the project's dependencies in its environment)"
            ),
            Skip::CooperativeInit {
                class,
                sub,
                at,
                base,
            } => write!(
                f,
                "`{class}` comes before `{base}`, which defines `__init__`, in the method resolution order of its subclass `{sub}` ({at}); as a Protocol it stops the `super().__init__()` chain, so `{base}.__init__` would no longer run — keep the ABC, or reorder the bases so that `{class}` comes last"
            ),
            Skip::NotProtocolBase { class, base } => write!(
                f,
                "class `{class}` has the base `{base}`, which is not a protocol (nor an ABC interface converted in this run); protocols can only inherit from protocols — convert `{base}` first or keep the ABC"
            ),
            Skip::BaseNotRewritten { class, base, at } => write!(
                f,
                "class `{class}` has the base `{base}`, an ABC interface defined at {at}, a file this run does not rewrite; protocols can only inherit from protocols — name that file too, or convert `{base}` first"
            ),
            Skip::NamesTaken { class, typing } => write!(
                f,
                "class `{class}`: the names `Protocol`/`runtime_checkable` and `{typing}` are already used for something else in this file; rename them, then re-run"
            ),
            Skip::StarImport { class, module } => write!(
                f,
                "class `{class}`: `from {module} import *` comes after the import block and may rebind `Protocol`/`runtime_checkable`; import them explicitly above the class, or move the star import up, then re-run"
            ),
        }
    }
}
