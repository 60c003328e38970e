//! Why a `**` call is not rewritten. Every call with a `**` spread ends up either
//! rewritten or as one [`Skip`]: [`Skip::category`] sorts the ones that are not
//! payload dispatch (listed with `--verbose` and in JSON output, counted in the
//! summary line) from the ones that are but cannot be rewritten (a diagnostic).
//! `Display` is the message the user reads.

use std::fmt;

use super::HELPER_NAME;

/// A `**` call left as it is, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Skip {
    // --- Not payload dispatch: left alone (category `Some`). ---
    /// A call of the dispatch helper itself.
    HelperCall,
    /// The spread is (derived from) the enclosing function's own `**` parameter.
    OwnKwargs { spread: String, param: String },
    /// The call also unpacks `*args`: a captured call replayed.
    Replay,
    /// `super().method(**kw)`: cooperative chaining.
    SuperCall,
    /// A spread named like captured keyword arguments (`self._kwargs`).
    CapturedName { spread: String },
    /// A spread named like options, configuration, an environment or a location, or
    /// built from such a mapping (`from`).
    OptionsName {
        spread: String,
        from: Option<String>,
    },
    /// The callee takes `**kwargs`: it already receives every key.
    TakesAnyKeyword {
        callee: String,
        at: String,
        param: String,
    },
    /// The callee is a class that declares its own signature (`__signature__`, a
    /// pydantic model or dataclass...): the helper would give it every key.
    DeclaredSignature { callee: String, why: String },
    /// Every key of the payload is written out and accepted by the callee.
    KeysAccepted { callee: String, at: String },
    /// The payload's keys are written at the call site.
    LiteralKeys,
    /// The payload is a local built from literal keys.
    LiteralLocal { name: String, line: usize },
    /// The payload comes from a constant table written by developers.
    ConstantTable { table: String },
    /// The payload's keys are declared by a `TypedDict`.
    TypedDictKeys { name: String, line: usize },
    /// The file is a test module (under a test directory, or named like one).
    TestFile,
    /// Test parameterisation: `pytest.mark.parametrize`, `subTest`, a test function.
    TestData { what: String, line: usize },
    /// The call is inside a `try` whose handler catches `TypeError` (or a
    /// `with suppress(TypeError)`): `block` is `try` or `with`, `clause` the handler.
    CatchesTypeError {
        block: &'static str,
        line: usize,
        clause: String,
    },
    /// The callee consumes the keys as data, or applies field changes.
    MappingConsumer { callee: String },
    /// `type(self)(**state)`, `self.__class__(**state)`.
    CopyConstructor,
    /// `**x.__dict__`, `**vars(x)`, `**locals()`.
    ObjectState { spread: String },
    /// `x = C(**x.document)`: the mapping is read from the object the call rebuilds.
    RoundTrip { spread: String, object: String },
    /// `loop.add_callback(f, **kw)`: the keys are for the callable passed along, and
    /// the callee forwards them to it.
    ForCallback { callee: String, callback: String },
    /// Nothing shows that the payload is received data or that the callee is picked
    /// at run time.
    NoSignal,

    // --- Payload dispatch that cannot be rewritten: a diagnostic (category `None`). ---
    /// The target version is older than 3.8.
    TooOld { major: u8, minor: u8 },
    /// The call is (inside) a decorator.
    Decorator,
    /// The rewrite would evaluate the payload before an argument with side effects.
    EvaluationOrder { payload: String, before: String },
    /// Module-level code before the point where the helper is defined.
    BeforeHelper,
    /// The helper cannot be made available (name taken, imported from elsewhere...).
    Helper(String),
    /// A comment inside the call would be lost.
    CommentLost,
    /// The callee may be a class whose signature is not what it accepts.
    UnknownClass { callee: String, why: String },
    /// The arguments could not be rearranged.
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

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::HelperCall => write!(f, "a call of the dispatch helper itself"),
            Skip::OwnKwargs { spread, param } => write!(
                f,
                "`**{spread}` forwards this function's own `**{param}` (or a copy of it): passing keyword arguments on is not payload dispatch, and an unknown key must keep raising TypeError; {BY_HAND}"
            ),
            Skip::Replay => write!(
                f,
                "the call also unpacks `*args`: it replays a captured call, which is forwarding, not payload dispatch; {BY_HAND}"
            ),
            Skip::SuperCall => write!(
                f,
                "a `super()` call passes keyword arguments along a cooperative chain, which is not payload dispatch"
            ),
            Skip::CapturedName { spread } => write!(
                f,
                "`**{spread}` is named like captured keyword arguments (forwarding, not a payload); if it is a payload, rename it (`payload`, `message`, ...) and re-run"
            ),
            Skip::OptionsName { spread, from: None } => write!(
                f,
                "`**{spread}` is named like options, configuration or an environment, where an unknown key is a bug that must keep raising TypeError; if it is a payload, rename it (`payload`, `message`, ...) and re-run"
            ),
            Skip::OptionsName {
                spread,
                from: Some(from),
            } => write!(
                f,
                "`**{spread}` is built from `{from}`, named like options or keyword arguments, where an unknown key is a bug that must keep raising TypeError; if it is a payload, build it from a mapping named like one (`payload`, `message`, ...) and re-run"
            ),
            Skip::TakesAnyKeyword { callee, at, param } => write!(
                f,
                "`{callee}` ({at}) takes `**{param}`, so it already receives every key: the rewrite would change nothing"
            ),
            Skip::DeclaredSignature { callee, why } => write!(
                f,
                "`{callee}` is a class that declares its own signature or validates the keys it receives ({why}): it may accept keys its signature does not show (aliases) or must reject them, so the helper gives it every key and the rewrite would change nothing"
            ),
            Skip::UnknownClass { callee, why } => write!(
                f,
                "`{callee}` is a class sturdy cannot inspect ({why}): its signature may not be what it accepts (a pydantic model's shows neither aliases nor the extra keys it must reject), so filtering by it could drop keys; make its definition resolvable (install the environment, `--python`) and re-run, or {BY_HAND}"
            ),
            Skip::KeysAccepted { callee, at } => write!(
                f,
                "every key of the payload is written here and accepted by `{callee}` ({at}): the rewrite would change nothing"
            ),
            Skip::LiteralKeys => write!(
                f,
                "the payload's keys are written here by developers, where a misspelled key must keep raising TypeError; {BY_HAND}"
            ),
            Skip::LiteralLocal { name, line } => write!(
                f,
                "`{name}` is built from keys written at line {line} by developers, where a misspelled key must keep raising TypeError; {BY_HAND}"
            ),
            Skip::ConstantTable { table } => write!(
                f,
                "the payload comes from `{table}`, a constant table written by developers, where a misspelled key must keep raising TypeError; {BY_HAND}"
            ),
            Skip::TypedDictKeys { name, line } => write!(
                f,
                "the payload's keys are declared by the TypedDict `{name}` (line {line}), so they are fixed by the program, not received data; {BY_HAND}"
            ),
            Skip::TestFile => write!(
                f,
                "a test module: `**` here spreads test parameters, where a misspelled key must keep failing the test; {BY_HAND}"
            ),
            Skip::TestData { what, line } => write!(
                f,
                "test parameterisation ({what}, line {line}): a misspelled key must keep failing the test; {BY_HAND}"
            ),
            Skip::CatchesTypeError {
                block,
                line,
                clause,
            } => write!(
                f,
                "the call is inside the `{block}` at line {line}, whose `{clause}` handles the TypeError an unexpected key raises, and the rewrite would bypass it; move the call out of the `{block}` (or stop catching TypeError) and re-run to rewrite it"
            ),
            Skip::MappingConsumer { callee } => write!(
                f,
                "`{callee}` takes the keys as data or as field changes, where an unknown key must keep failing"
            ),
            Skip::CopyConstructor => write!(
                f,
                "a copy constructor passes an object's own fields, which is not payload dispatch"
            ),
            Skip::RoundTrip { spread, object } => write!(
                f,
                "`**{spread}` is read from `{object}`, which this call rebuilds: a round trip of an object's own state, not payload dispatch"
            ),
            Skip::ForCallback { callee, callback } => write!(
                f,
                "the keys are passed along to `{callback}` by `{callee}`, which takes them for it; filtering by `{callee}`'s signature would change nothing"
            ),
            Skip::ObjectState { spread } => write!(
                f,
                "`**{spread}` spreads an object's or a scope's own state, which is not payload dispatch"
            ),
            Skip::NoSignal => write!(
                f,
                "nothing shows a payload: it is not decoded data, a row or named like data, and the callee is not picked at run time; if it is payload dispatch, name the payload like data (`payload`, `message`, `event`, ...) and re-run"
            ),
            Skip::TooOld { major, minor } => write!(
                f,
                "the helper uses positional-only parameters (Python 3.8+), but the target version is {major}.{minor}; raise the target version to 3.8 or later to rewrite this call"
            ),
            Skip::Decorator => write!(
                f,
                "`**` unpacking in a decorator configures the decorated definition at import time, where an ignored key would go unnoticed; keep it, or rewrite it by hand with `{HELPER_NAME}` if extra keys really must be dropped"
            ),
            Skip::EvaluationOrder { payload, before } => write!(
                f,
                "the rewrite would evaluate the payload `{payload}` before the argument `{before}`, which is evaluated first today; assign the payload to a variable before the call and re-run"
            ),
            Skip::BeforeHelper => write!(
                f,
                "the call runs before the point after the imports where the helper would be defined; move it below the imports, or pass `--dispatch-helper package.module:name`"
            ),
            Skip::Helper(message) => f.write_str(message),
            Skip::CommentLost => write!(
                f,
                "a comment inside the call's parentheses would be lost; move it above the call and re-run"
            ),
            Skip::RewriteFailed => write!(
                f,
                "sturdy could not rewrite this call's arguments; rewrite it by hand"
            ),
        }
    }
}
