//! Why a `**` call is not rewritten. Every call with a `**` spread ends up either
//! rewritten or as one [`Skip`]: [`Skip::category`] sorts the ones that are not
//! payload dispatch (listed with `--verbose` and in JSON output, counted in the
//! summary line) from the ones that are but cannot be rewritten (a diagnostic).
//! `Display` is the message the user reads.

use super::HELPER_NAME;

/// A `**` call left as it is, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Skip {
    // --- Not payload dispatch: left alone (category `Some`). ---
    /// A call of the dispatch helper itself.
    #[error("a call of the dispatch helper itself")]
    HelperCall,
    /// The spread is (derived from) the enclosing function's own `**` parameter.
    #[error(
        "`**{spread}` forwards this function's own `**{param}` (or a copy of it): passing keyword arguments on is not payload dispatch, and an unknown key must keep raising TypeError; {BY_HAND}"
    )]
    OwnKwargs { spread: String, param: String },
    /// The call also unpacks `*args`: a captured call replayed.
    #[error(
        "the call also unpacks `*args`: it replays a captured call, which is forwarding, not payload dispatch; {BY_HAND}"
    )]
    Replay,
    /// `super().method(**kw)`: cooperative chaining.
    #[error(
        "a `super()` call passes keyword arguments along a cooperative chain, which is not payload dispatch"
    )]
    SuperCall,
    /// A spread named like captured keyword arguments (`self._kwargs`).
    #[error(
        "`**{spread}` is named like captured keyword arguments (forwarding, not a payload); if it is a payload, rename it (`payload`, `message`, ...) and re-run"
    )]
    CapturedName { spread: String },
    /// A spread named like options, configuration, an environment or a location, or
    /// built from such a mapping (`from`).
    #[error("{}", options_name(.spread, .from.as_deref()))]
    OptionsName {
        spread: String,
        from: Option<String>,
    },
    /// The callee takes `**kwargs`: it already receives every key.
    #[error(
        "`{callee}` ({at}) takes `**{param}`, so it already receives every key: the rewrite would change nothing"
    )]
    TakesAnyKeyword {
        callee: String,
        at: String,
        param: String,
    },
    /// The callee is a class that declares its own signature (`__signature__`, a
    /// pydantic model or dataclass...): the helper would give it every key.
    #[error(
        "`{callee}` is a class that declares its own signature or validates the keys it receives ({why}): it may accept keys its signature does not show (aliases) or must reject them, so the helper gives it every key and the rewrite would change nothing"
    )]
    DeclaredSignature { callee: String, why: String },
    /// Every key of the payload is written out and accepted by the callee.
    #[error(
        "every key of the payload is written here and accepted by `{callee}` ({at}): the rewrite would change nothing"
    )]
    KeysAccepted { callee: String, at: String },
    /// The payload's keys are written at the call site.
    #[error(
        "the payload's keys are written here by developers, where a misspelled key must keep raising TypeError; {BY_HAND}"
    )]
    LiteralKeys,
    /// The payload is a local built from literal keys.
    #[error(
        "`{name}` is built from keys written at line {line} by developers, where a misspelled key must keep raising TypeError; {BY_HAND}"
    )]
    LiteralLocal { name: String, line: usize },
    /// The payload comes from a constant table written by developers.
    #[error(
        "the payload comes from `{table}`, a constant table written by developers, where a misspelled key must keep raising TypeError; {BY_HAND}"
    )]
    ConstantTable { table: String },
    /// The payload's keys are declared by a `TypedDict`.
    #[error(
        "the payload's keys are declared by the TypedDict `{name}` (line {line}), so they are fixed by the program, not received data; {BY_HAND}"
    )]
    TypedDictKeys { name: String, line: usize },
    /// The file is a test module (under a test directory, or named like one).
    #[error(
        "a test module: `**` here spreads test parameters, where a misspelled key must keep failing the test; {BY_HAND}"
    )]
    TestFile,
    /// Test parameterisation: `pytest.mark.parametrize`, `subTest`, a test function.
    #[error(
        "test parameterisation ({what}, line {line}): a misspelled key must keep failing the test; {BY_HAND}"
    )]
    TestData { what: String, line: usize },
    /// The call is inside a `try` whose handler catches `TypeError` (or a
    /// `with suppress(TypeError)`): `block` is `try` or `with`, `clause` the handler.
    #[error(
        "the call is inside the `{block}` at line {line}, whose `{clause}` handles the TypeError an unexpected key raises, and the rewrite would bypass it; move the call out of the `{block}` (or stop catching TypeError) and re-run to rewrite it"
    )]
    CatchesTypeError {
        block: &'static str,
        line: usize,
        clause: String,
    },
    /// The callee consumes the keys as data, or applies field changes.
    #[error(
        "`{callee}` takes the keys as data or as field changes, where an unknown key must keep failing"
    )]
    MappingConsumer { callee: String },
    /// `type(self)(**state)`, `self.__class__(**state)`.
    #[error("a copy constructor passes an object's own fields, which is not payload dispatch")]
    CopyConstructor,
    /// `**x.__dict__`, `**vars(x)`, `**locals()`.
    #[error(
        "`**{spread}` spreads an object's or a scope's own state, which is not payload dispatch"
    )]
    ObjectState { spread: String },
    /// `x = C(**x.document)`: the mapping is read from the object the call rebuilds.
    #[error(
        "`**{spread}` is read from `{object}`, which this call rebuilds: a round trip of an object's own state, not payload dispatch"
    )]
    RoundTrip { spread: String, object: String },
    /// `loop.add_callback(f, **kw)`: the keys are for the callable passed along, and
    /// the callee forwards them to it.
    #[error(
        "the keys are passed along to `{callback}` by `{callee}`, which takes them for it; filtering by `{callee}`'s signature would change nothing"
    )]
    ForCallback { callee: String, callback: String },
    /// Nothing shows that the payload is received data or that the callee is picked
    /// at run time.
    #[error(
        "nothing shows a payload: it is not decoded data, a row or named like data, and the callee is not picked at run time; if it is payload dispatch, name the payload like data (`payload`, `message`, `event`, ...) and re-run"
    )]
    NoSignal,

    // --- Payload dispatch that cannot be rewritten: a diagnostic (category `None`). ---
    /// The target version is older than 3.8.
    #[error(
        "the helper uses positional-only parameters (Python 3.8+), but the target version is {major}.{minor}; raise the target version to 3.8 or later to rewrite this call"
    )]
    TooOld { major: u8, minor: u8 },
    /// The call is (inside) a decorator.
    #[error(
        "`**` unpacking in a decorator configures the decorated definition at import time, where an ignored key would go unnoticed; keep it, or rewrite it by hand with `{HELPER_NAME}` if extra keys really must be dropped"
    )]
    Decorator,
    /// The rewrite would evaluate the payload before an argument with side effects.
    #[error(
        "the rewrite would evaluate the payload `{payload}` before the argument `{before}`, which is evaluated first today; assign the payload to a variable before the call and re-run"
    )]
    EvaluationOrder { payload: String, before: String },
    /// Module-level code before the point where the helper is defined.
    #[error(
        "the call runs before the point after the imports where the helper would be defined; move it below the imports, or pass `--dispatch-helper package.module:name`"
    )]
    BeforeHelper,
    /// The helper cannot be made available (name taken, imported from elsewhere...).
    #[error("{0}")]
    Helper(String),
    /// A comment inside the call would be lost.
    #[error(
        "a comment inside the call's parentheses would be lost; move it above the call and re-run"
    )]
    CommentLost,
    /// The callee may be a class whose signature is not what it accepts.
    #[error(
        "`{callee}` is a class sturdy cannot inspect ({why}): its signature may not be what it accepts (a pydantic model's shows neither aliases nor the extra keys it must reject), so filtering by it could drop keys; make its definition resolvable (install the environment, `--python`) and re-run, or {BY_HAND}"
    )]
    UnknownClass { callee: String, why: String },
    /// The arguments could not be rearranged.
    #[error("sturdy could not rewrite this call's arguments; rewrite it by hand")]
    RewriteFailed,
}

impl Skip {
    /// The summary category of a call that is not payload dispatch; `None` for a
    /// payload dispatch that could not be rewritten (reported as a diagnostic).
    pub(crate) fn category(&self) -> Option<&'static str> {
        Some(match self {
            Skip::HelperCall => "helper",
            Skip::OwnKwargs { .. } | Skip::Replay | Skip::SuperCall | Skip::CapturedName { .. } => {
                "forwarding"
            }
            Skip::OptionsName { .. } => "options",
            Skip::TakesAnyKeyword { .. }
            | Skip::KeysAccepted { .. }
            | Skip::ForCallback { .. }
            | Skip::DeclaredSignature { .. } => "no-op",
            Skip::LiteralKeys
            | Skip::LiteralLocal { .. }
            | Skip::ConstantTable { .. }
            | Skip::TypedDictKeys { .. } => "developer keys",
            Skip::TestFile | Skip::TestData { .. } => "test data",
            Skip::CatchesTypeError { .. } => "TypeError handled",
            Skip::MappingConsumer { .. }
            | Skip::CopyConstructor
            | Skip::ObjectState { .. }
            | Skip::RoundTrip { .. } => "mapping consumer",
            Skip::NoSignal => "no signal",
            Skip::TooOld { .. }
            | Skip::Decorator
            | Skip::EvaluationOrder { .. }
            | Skip::BeforeHelper
            | Skip::Helper(_)
            | Skip::CommentLost
            | Skip::UnknownClass { .. }
            | Skip::RewriteFailed => return None,
        })
    }
}

/// If a call left alone is payload dispatch after all, what to do.
const BY_HAND: &str =
    "if extra keys must really be dropped here, call `dispatch_by_signature` by hand";

/// The message of [`Skip::OptionsName`]: the spread itself is named like options, or
/// it is built `from` a mapping that is.
fn options_name(spread: &str, from: Option<&str>) -> String {
    match from {
        None => format!(
            "`**{spread}` is named like options, configuration or an environment, where an unknown key is a bug that must keep raising TypeError; if it is a payload, rename it (`payload`, `message`, ...) and re-run"
        ),
        Some(from) => format!(
            "`**{spread}` is built from `{from}`, named like options or keyword arguments, where an unknown key is a bug that must keep raising TypeError; if it is a payload, build it from a mapping named like one (`payload`, `message`, ...) and re-run"
        ),
    }
}
