//! Why a `__del__` stays: one variant per reason, whose `Display` is the message
//! the user sees (it names what to do; the diagnostic itself names the file and
//! the line of `__del__`).

use std::fmt;

/// The cleanup needs the instance (the common tail of several messages).
pub(crate) const NEEDS_INSTANCE: &str = "the cleanup needs the instance itself, which a finalizer must not hold; move the resource into a separate object and finalize that";

/// A reason to leave a `__del__` alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Skip {
    // Reasons of the class's own text, decided before any fact.
    /// `__del__` defined twice.
    DelTwice { class: String },
    /// Decorated or `async`.
    Decorated,
    /// Parameters other than `self` and parameters with defaults.
    Signature,
    /// The body does nothing.
    DoesNothing,

    // Reasons from the hierarchy and other files.
    /// A base whose instances cannot be weakly referenced.
    NoWeakref {
        class: String,
        base: String,
        via: Option<String>,
    },
    /// A base class defines `__del__`.
    BaseDefinesDel { base: String, location: String },
    /// The MRO cannot be resolved.
    UnknownBase { why: String },
    /// `__del__` is called explicitly (on an object sturdy can type).
    ExplicitCall { location: String },
    /// `__del__` is called explicitly on an object sturdy cannot type.
    UntypedCall { location: String, via: String },
    /// A subclass defines `__del__`.
    SubclassDel { location: String, class: String },
    /// A subclass overrides `__init__` without calling the base one.
    SubclassInit { location: String, class: String },
    /// A subclass overrides the method the cleanup moves out of.
    SubclassOverrides {
        method: String,
        location: String,
        class: String,
    },

    // Reasons of the class's own text.
    /// `__slots__` without `__weakref__`: with `base`, a base sturdy cannot see
    /// into may give the instances weak references (and a `__dict__`) already.
    SlotsNoWeakref { class: String, base: Option<String> },
    /// `__slots__` (with `__weakref__`): the finalizer cannot be stored, and
    /// the rewrite needs it stored (to detach it where the instance closes).
    SlotsNoStore { class: String },
    /// `__slots__` sturdy cannot read.
    SlotsUnreadable { class: String },
    /// `__setattr__` would intercept storing the finalizer.
    Setattr { class: String },
    /// Something in the body (or the method it delegates to) needs the instance.
    Body { why: String, line: usize },
    /// A needed attribute is a class-level name.
    ClassLevel {
        me: String,
        attr: String,
        kind: &'static str,
    },
    /// No `__init__`.
    NoInit { class: String },
    /// `__init__` defined twice.
    InitTwice { class: String },
    /// `__init__` without `self`.
    InitNoSelf,
    /// A needed attribute is assigned only conditionally.
    Conditional { me: String, attr: String },
    /// A needed attribute is not assigned in `__init__` (`stored`: the first
    /// other method of the class that stores it, and the line).
    NotAssigned {
        me: String,
        attr: String,
        stored: Option<(String, usize)>,
    },
    /// A needed attribute may refer back to the instance.
    BuiltFromSelf {
        me: String,
        attr: String,
        init_me: String,
    },
    /// A method sets attributes dynamically.
    DynamicSetattr { function: String, line: usize },
    /// A needed attribute is reassigned in the class.
    Reassigned {
        me: String,
        attr: String,
        function: String,
        line: usize,
    },
    /// A needed attribute is stored elsewhere in the project.
    StoredElsewhere {
        me: String,
        attr: String,
        location: String,
        what: String,
    },
    /// `__init__` can return before the state exists.
    EarlyReturn { line: usize },
    /// `__init__` on one line.
    OneLineInit,
    /// The insertion line would join a `\` continuation.
    Continuation,
    /// `__del__` (or a statement to edit) shares a line with other code.
    SharesLine { what: String },
    /// `__init__` runs code that could reach the cleanup method or a flag store
    /// before the finalizer exists.
    InitCallsBeforeRegistration { what: String, line: usize },
    /// The guard of `__del__` is false once `__init__` has finished.
    NeverRuns { line: usize },
    /// A flag (an attribute the guard reads) is stored in a way sturdy cannot follow.
    Flag { attr: String, why: String },
    /// The delegated-to method cannot be split into cleanup and state updates.
    Delegation { method: String, why: String },
    /// The class registers a finalizer that cannot replace `__del__`.
    Finalizer { why: String },
    /// No name to reach `weakref.finalize` with.
    WeakrefName { why: String },
}

impl fmt::Display for Skip {
    #[allow(clippy::too_many_lines)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::DelTwice { class } => write!(
                f,
                "class `{class}` defines `__del__` more than once; remove the dead definitions first"
            ),
            Skip::Decorated => write!(
                f,
                "`__del__` is decorated or async; sturdy only converts plain methods"
            ),
            Skip::Signature => write!(
                f,
                "`__del__` takes parameters other than `self` and parameters with defaults; sturdy converts `def __del__(self)` and `def __del__(self, name=default, ...)`"
            ),
            Skip::DoesNothing => write!(
                f,
                "`__del__` does nothing: a method like this exists to stop a base class's `__del__` from running (`io.IOBase.__del__` closes the stream), and removing it would let that run again; keep it (delete it by hand if no base class, here or in a subclass's other bases, defines `__del__`)"
            ),
            Skip::NoWeakref { class, base, via } => {
                write!(
                    f,
                    "class `{class}` subclasses `{base}`, whose instances cannot be weakly referenced"
                )?;
                if let Some(via) = via {
                    write!(f, " (through `{via}`)")?;
                }
                Ok(())
            }
            Skip::BaseDefinesDel { base, location } => write!(
                f,
                "the base class `{base}` ({location}) defines `__del__` too: this one overrides it, and removing it would let the base's run for this class's instances; keep `__del__`"
            ),
            Skip::UnknownBase { why } => write!(
                f,
                "{why}, so sturdy cannot tell whether a base class defines `__del__` (removing this one would let it run); if the base comes from an installed package, run sturdy with `--python PATH` (the project's interpreter) or from its virtualenv"
            ),
            Skip::ExplicitCall { location } => write!(
                f,
                "`__del__` is called explicitly at {location}; removing the method would break that call (call `obj._finalizer()` there instead, then re-run)"
            ),
            Skip::UntypedCall { location, via } => write!(
                f,
                "`__del__` is called explicitly at {location} on an object sturdy cannot type, in a file that imports {via}; removing the method could break that call (call `obj._finalizer()` there instead, then re-run)"
            ),
            Skip::SubclassDel { location, class } => write!(
                f,
                "a subclass defines its own `__del__` at {location} (class {class}); convert the class hierarchy by hand"
            ),
            Skip::SubclassInit { location, class } => write!(
                f,
                "a subclass overrides `__init__` without calling `super().__init__()` at {location} (class {class}); its instances would lose the cleanup"
            ),
            Skip::SubclassOverrides {
                method,
                location,
                class,
            } => write!(
                f,
                "a subclass overrides `{method}` at {location} (class {class}); the finalizer would run this class's cleanup instead of the override's; convert the class hierarchy by hand"
            ),
            Skip::SlotsNoWeakref { class, base: None } => write!(
                f,
                "class `{class}` defines `__slots__` without `__weakref__`, so its instances cannot be weakly referenced; add \"__weakref__\" to `__slots__` and re-run"
            ),
            Skip::SlotsNoWeakref {
                class,
                base: Some(base),
            } => write!(
                f,
                "class `{class}` defines `__slots__` without `__weakref__`, and sturdy cannot tell whether its base `{base}` gives the instances weak references; if `weakref.ref(obj)` fails, add \"__weakref__\" to `__slots__` and re-run (when a base provides them already, adding it raises `TypeError`)"
            ),
            Skip::SlotsNoStore { class } => write!(
                f,
                "class `{class}` defines `__slots__`, so the finalizer cannot be stored on the instance, and the methods that close it need it (to detach it); register the finalizer by hand, in a slot of its own (sturdy stores it only in an instance `__dict__`)"
            ),
            Skip::SlotsUnreadable { class } => write!(
                f,
                "class `{class}` defines `__slots__` that sturdy cannot read; make it a literal tuple that includes \"__weakref__\""
            ),
            Skip::Setattr { class } => write!(
                f,
                "class `{class}` defines `__setattr__`, which would intercept storing the finalizer; register `weakref.finalize` by hand"
            ),
            Skip::Body { why, line } => write!(f, "{why} (line {line})"),
            // A plain method read through the instance is a bound method: it holds
            // the instance, so capturing it would keep the object alive forever.
            Skip::ClassLevel { me, attr, kind } if *kind == "a method" => write!(
                f,
                "`{me}.{attr}` is a method of the class, so `{me}.{attr}` is a bound method that holds the instance; a finalizer must not hold it (the object would never be collected); keep `__del__`, or make the cleanup call a function that does not need the instance"
            ),
            Skip::ClassLevel { me, attr, kind } => write!(
                f,
                "`{me}.{attr}` is {kind} of the class, not plain instance state; a finalizer would read it once at registration instead of at cleanup"
            ),
            Skip::NoInit { class } => write!(
                f,
                "class `{class}` has no `__init__` to register the finalizer in; add one that stores the state the cleanup needs"
            ),
            Skip::InitTwice { class } => {
                write!(f, "class `{class}` defines `__init__` more than once")
            }
            Skip::InitNoSelf => write!(f, "`__init__` has no `self` parameter"),
            Skip::Conditional { me, attr } => write!(
                f,
                "`{me}.{attr}` is assigned only conditionally or in a nested block of `__init__`; assign it unconditionally at the top level of `__init__` (e.g. `self.{attr} = None` first)"
            ),
            Skip::NotAssigned {
                me,
                attr,
                stored: None,
            } => write!(
                f,
                "`{me}.{attr}` is not assigned in `__init__`; assign it there so the finalizer can capture it"
            ),
            Skip::NotAssigned {
                me,
                attr,
                stored: Some((function, line)),
            } => write!(
                f,
                "`{me}.{attr}` is not assigned in `__init__` but in `{function}` (line {line}), after the instance exists: a finalizer registered in `__init__` cannot capture it; keep `__del__`, or create the resource once in `__init__` and never rebind the attribute"
            ),
            Skip::BuiltFromSelf { me, attr, init_me } => write!(
                f,
                "`{me}.{attr}` is built from `{init_me}` in `__init__`, so it may refer back to the instance and the finalizer would keep the object alive forever; keep `__del__` or make the resource independent of the instance"
            ),
            Skip::DynamicSetattr { function, line } => write!(
                f,
                "`{function}` sets attributes dynamically with `setattr` (line {line}); a finalizer could see stale values"
            ),
            Skip::Reassigned {
                me,
                attr,
                function,
                line,
            } => write!(
                f,
                "`{me}.{attr}` is reassigned in `{function}` (line {line}); a finalizer would capture a stale value, so keep `__del__` or finalize the resource object itself"
            ),
            Skip::StoredElsewhere {
                me,
                attr,
                location,
                what,
            } => write!(
                f,
                "`{me}.{attr}` is also stored at {location} ({what}); a finalizer would capture a stale value, so keep `__del__` or finalize the resource object itself"
            ),
            Skip::EarlyReturn { line } => write!(
                f,
                "`__init__` can return early (line {line}) before the state the cleanup needs exists"
            ),
            Skip::OneLineInit => write!(
                f,
                "`__init__` is written on one line; put its body on separate lines first"
            ),
            Skip::Continuation => write!(
                f,
                "the `__init__` line the finalizer would follow ends with a `\\` line continuation; remove it and re-run"
            ),
            Skip::SharesLine { what } => write!(
                f,
                "{what} shares a line with other code; put it on its own lines first"
            ),
            Skip::InitCallsBeforeRegistration { what, line } => write!(
                f,
                "`__init__` {what} (line {line}) before the finalizer can be registered, which could reach a method that will use the finalizer; keep `__del__`, or move that after the assignments the cleanup needs"
            ),
            Skip::NeverRuns { line } => write!(
                f,
                "the condition of `__del__` (line {line}) is false once `__init__` has finished, so the cleanup only runs after the instance changes; keep `__del__`"
            ),
            Skip::Flag { attr, why } => write!(
                f,
                "whether the cleanup runs depends on `self.{attr}`, which {why}; keep `__del__`"
            ),
            Skip::Delegation { method, why } => {
                write!(f, "`__del__` calls `self.{method}()`, which {why}")
            }
            Skip::Finalizer { why } => write!(f, "{why}; keep `__del__`"),
            Skip::WeakrefName { why } => write!(
                f,
                "{why}; import `weakref` under a free name (`import weakref as _weakref`) and re-run"
            ),
        }
    }
}
