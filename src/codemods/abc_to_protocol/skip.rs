//! Why a candidate is left alone: one variant per reason; `Display` is the message
//! the user reads (it says what to do).

/// Why a candidate class is not converted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Skip {
    #[error("class `{class}` has starred bases; sturdy cannot tell whether they are protocols")]
    StarredBases { class: String },
    #[error(
        "class `{class}` already lists `Protocol` next to `ABC`/`ABCMeta`; remove the ABC part by hand"
    )]
    AlreadyProtocol { class: String },
    #[error(
        "class `{class}` passes the class keyword `{keyword}`; a protocol's metaclass and `__init_subclass__` would receive it — convert by hand"
    )]
    ClassKeyword { class: String, keyword: String },
    #[error(
        "class `{class}` is decorated with `@{decorator}`, which generates state or changes the class; keep the ABC"
    )]
    StatefulDecorator { class: String, decorator: String },
    #[error(
        "class `{class}` uses PEP 695 type parameters; convert by hand (`class {class}[T](Protocol)`)"
    )]
    TypeParams { class: String },
    #[error(
        "class `{class}` defines `{method}`: it is a base class with behaviour, not an interface; keep the ABC (or move the behaviour into the implementations)"
    )]
    Constructor { class: String, method: String },
    #[error(
        "class `{class}` defines `__subclasshook__`, ABC machinery that `Protocol` replaces with its own structural check; keep the ABC"
    )]
    SubclassHook { class: String },
    #[error(
        "class `{class}` assigns instance state (`{target}` in `{method}`): it is a base class with behaviour, not an interface; keep the ABC"
    )]
    InstanceState {
        class: String,
        target: String,
        method: String,
    },
    #[error(
        "class `{class}` declares non-empty `__slots__` (instance state): it is a base class, not an interface; keep the ABC"
    )]
    Slots { class: String },
    #[error(
        "class `{class}` uses ABC machinery (`{name}`), which protocols do not keep; keep the ABC"
    )]
    Machinery { class: String, name: String },
    #[error(
        "class `{class}` has no abstract method, so it is a mixin or base class rather than an interface (ruff B024); add `@abstractmethod` to its interface methods first, or drop `ABC`"
    )]
    NoAbstract { class: String },
    #[error("class `{class}`: {message}")]
    Syntax { class: String, message: String },
    /// `.register()` somewhere in the project.
    #[error(
        "class `{class}` is used with `.register()` at {at} (virtual subclasses), which protocols do not support; keep the ABC, or make the registered classes satisfy the protocol and drop the call"
    )]
    Registered { class: String, at: String },
    /// `issubclass()` on a class with data members.
    #[error(
        "class `{class}` is used with `issubclass()` at {at} and declares data members; `issubclass()` raises TypeError for protocols with non-method members — make them methods or keep the ABC"
    )]
    IssubclassData { class: String, at: String },
    /// Data members, passed around, and a dynamic `issubclass()` somewhere.
    #[error(
        "class `{class}` declares data members and is passed around as a value, while `issubclass()` is called with a class sturdy cannot resolve (e.g. {at}); `issubclass()` raises TypeError for protocols with non-method members — make them methods or keep the ABC"
    )]
    DynamicIssubclassData { class: String, at: String },
    /// A public interface with data members: unseen code's `issubclass()` would raise.
    #[error(
        "class `{class}` is a public interface (`{qual}`) and declares data members (`{member}`): code outside this project may call `issubclass()` on it, which raises TypeError for a protocol with non-method members — make them methods or keep the ABC"
    )]
    PublicData {
        class: String,
        qual: String,
        member: String,
    },
    /// A public interface: code outside the project may subclass it, in ways a Protocol
    /// base breaks and sturdy cannot see.
    #[error(
        "class `{class}` is a public interface (`{qual}`): code outside this project may subclass it, and as a Protocol it would end the `super().__init__()` chain of a subclass with more bases, and conflict with a subclass's own metaclass — keep the ABC; if nothing outside this project subclasses it (an application), convert it with `--convert-public-interfaces` (`convert-public-interfaces = true` under `[tool.sturdy.abc-to-protocol]`), or make it private (`_{class}`, or a `_module`)"
    )]
    PublicSubclassable { class: String, qual: String },
    /// A transitive subclass passes class keywords.
    #[error(
        "a subclass of `{class}`, `{sub}` ({at}), passes class keywords, which `Protocol`'s metaclass and `__init_subclass__` would receive — keep the ABC"
    )]
    SubclassKeywords {
        class: String,
        sub: String,
        at: String,
    },
    /// A class in a transitive subclass's MRO has a metaclass `Protocol`'s conflicts with.
    #[error("`{sub}` ({at}), a subclass of `{class}`, has the metaclass `{meta}`{whose}, which does not derive from `typing._ProtocolMeta`: once `{class}` is a Protocol, defining `{sub}` fails with \"metaclass conflict\" — keep the ABC", whose = through(.owner, .sub))]
    MetaclassConflict {
        class: String,
        sub: String,
        at: String,
        meta: String,
        owner: String,
    },
    /// A metaclass in a transitive subclass's MRO that sturdy cannot resolve.
    #[error(
        "`{sub}` ({at}), a subclass of `{class}`, has the metaclass `{meta}`, which sturdy cannot resolve; unless it derives from `typing._ProtocolMeta`, defining `{sub}` fails with \"metaclass conflict\" once `{class}` is a Protocol — keep the ABC (or make the metaclass resolvable: install the project's dependencies in its environment)"
    )]
    MetaclassUnknown {
        class: String,
        sub: String,
        at: String,
        meta: String,
    },
    /// The MRO of a transitive subclass cannot be computed.
    #[error(
        "the method resolution order of `{sub}` ({at}), a subclass of `{class}`, cannot be computed ({why}); sturdy cannot tell whether its metaclass and `super().__init__()` chain survive `Protocol` — keep the ABC (or make the base resolvable: install the project's dependencies in its environment)"
    )]
    SubclassMroUnknown {
        class: String,
        sub: String,
        at: String,
        why: String,
    },
    /// A class after the candidate in a subclass's MRO defines `__init__`.
    #[error(
        "`{class}` comes before `{base}`, which defines `__init__`, in the method resolution order of its subclass `{sub}` ({at}); as a Protocol it stops the `super().__init__()` chain, so `{base}.__init__` would no longer run — keep the ABC, or reorder the bases so that `{class}` comes last"
    )]
    CooperativeInit {
        class: String,
        sub: String,
        at: String,
        base: String,
    },
    /// A base that is not (and does not become) a protocol.
    #[error(
        "class `{class}` has the base `{base}`, which is not a protocol (nor an ABC interface converted in this run); protocols can only inherit from protocols — convert `{base}` first or keep the ABC"
    )]
    NotProtocolBase { class: String, base: String },
    /// A base that would become a protocol, but whose file this run does not rewrite.
    #[error(
        "class `{class}` has the base `{base}`, an ABC interface defined at {at}, a file this run does not rewrite; protocols can only inherit from protocols — name that file too, or convert `{base}` first"
    )]
    BaseNotRewritten {
        class: String,
        base: String,
        at: String,
    },
    /// `Protocol`/`runtime_checkable` and the module are all bound to other things.
    #[error(
        "class `{class}`: the names `Protocol`/`runtime_checkable` and `{typing}` are already used for something else in this file; rename them, then re-run"
    )]
    NamesTaken { class: String, typing: String },
    /// A star import after the import block may rebind the names.
    #[error(
        "class `{class}`: `from {module} import *` comes after the import block and may rebind `Protocol`/`runtime_checkable`; import them explicitly above the class, or move the star import up, then re-run"
    )]
    StarImport { class: String, module: String },
}

/// ` (through `owner`)` when the metaclass comes from a class other than `sub`.
fn through(owner: &str, sub: &str) -> String {
    if owner == sub {
        String::new()
    } else {
        format!(" (through `{owner}`)")
    }
}
