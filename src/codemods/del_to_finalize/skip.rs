//! Why a `__del__` stays: one variant per reason, whose `Display` is the message
//! the user sees (it names what to do; the diagnostic itself names the file and
//! the line of `__del__`).

/// The cleanup needs the instance (the common tail of several messages).
pub(crate) const NEEDS_INSTANCE: &str = "the cleanup needs the instance itself, which a finalizer must not hold; move the resource into a separate object and finalize that";

/// A reason to leave a `__del__` alone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Skip {
    // Reasons of the class's own text, decided before any fact.
    /// `__del__` defined twice.
    #[error("class `{class}` defines `__del__` more than once; remove the dead definitions first")]
    DelTwice { class: String },
    /// Decorated or `async`.
    #[error("`__del__` is decorated or async; sturdy only converts plain methods")]
    Decorated,
    /// Parameters other than `self` and parameters with defaults.
    #[error(
        "`__del__` takes parameters other than `self` and parameters with defaults; sturdy converts `def __del__(self)` and `def __del__(self, name=default, ...)`"
    )]
    Signature,
    /// The body does nothing.
    #[error(
        "`__del__` does nothing: a method like this exists to stop a base class's `__del__` from running (`io.IOBase.__del__` closes the stream), and removing it would let that run again; keep it (delete it by hand if no base class, here or in a subclass's other bases, defines `__del__`)"
    )]
    DoesNothing,

    // Reasons from the hierarchy and other files.
    /// A base whose instances cannot be weakly referenced.
    #[error("class `{class}` subclasses `{base}`, whose instances cannot be weakly referenced{}", through(.via.as_deref()))]
    NoWeakref {
        class: String,
        base: String,
        via: Option<String>,
    },
    /// A base class defines `__del__`.
    #[error(
        "the base class `{base}` ({location}) defines `__del__` too: this one overrides it, and removing it would let the base's run for this class's instances; keep `__del__`"
    )]
    BaseDefinesDel { base: String, location: String },
    /// The MRO cannot be resolved.
    #[error(
        "{why}, so sturdy cannot tell whether a base class defines `__del__` (removing this one would let it run); if the base comes from an installed package, run sturdy with `--python PATH` (the project's interpreter) or from its virtualenv"
    )]
    UnknownBase { why: String },
    /// `__del__` is called explicitly (on an object sturdy can type).
    #[error(
        "`__del__` is called explicitly at {location}; removing the method would break that call (call `obj._finalizer()` there instead, then re-run)"
    )]
    ExplicitCall { location: String },
    /// `__del__` is called explicitly on an object sturdy cannot type.
    #[error(
        "`__del__` is called explicitly at {location} on an object sturdy cannot type, in a file that imports {via}; removing the method could break that call (call `obj._finalizer()` there instead, then re-run)"
    )]
    UntypedCall { location: String, via: String },
    /// A subclass defines `__del__`.
    #[error(
        "a subclass defines its own `__del__` at {location} (class {class}); convert the class hierarchy by hand"
    )]
    SubclassDel { location: String, class: String },
    /// Another base of a subclass defines `__del__` (`after`: this class's comes
    /// first in the subclass's MRO and hides it).
    #[error("{}", subclass_base_del(.class, .base, .location, *.after))]
    SubclassBaseDel {
        base: String,
        location: String,
        class: String,
        after: bool,
    },
    /// A subclass overrides `__init__` without calling the base one.
    #[error(
        "a subclass overrides `__init__` without calling `super().__init__()` at {location} (class {class}); its instances would lose the cleanup"
    )]
    SubclassInit { location: String, class: String },
    /// A subclass overrides the method the cleanup moves out of.
    #[error(
        "a subclass overrides `{method}` at {location} (class {class}); the finalizer would run this class's cleanup instead of the override's; convert the class hierarchy by hand"
    )]
    SubclassOverrides {
        method: String,
        location: String,
        class: String,
    },

    // Reasons of the class's own text.
    /// `__slots__` without `__weakref__`: with `base`, a base sturdy cannot see
    /// into may give the instances weak references (and a `__dict__`) already.
    #[error("{}", slots_no_weakref(.class, .base.as_deref()))]
    SlotsNoWeakref { class: String, base: Option<String> },
    /// `__slots__` (with `__weakref__`): the finalizer cannot be stored, and
    /// the rewrite needs it stored (to detach it where the instance closes).
    #[error(
        "class `{class}` defines `__slots__`, so the finalizer cannot be stored on the instance, and the methods that close it need it (to detach it); register the finalizer by hand, in a slot of its own (sturdy stores it only in an instance `__dict__`)"
    )]
    SlotsNoStore { class: String },
    /// `__slots__` sturdy cannot read.
    #[error(
        "class `{class}` defines `__slots__` that sturdy cannot read; make it a literal tuple that includes \"__weakref__\""
    )]
    SlotsUnreadable { class: String },
    /// `__setattr__` would intercept storing the finalizer.
    #[error(
        "class `{class}` defines `__setattr__`, which would intercept storing the finalizer; register `weakref.finalize` by hand"
    )]
    Setattr { class: String },
    /// Something in the body (or the method it delegates to) needs the instance.
    #[error("{why} (line {line})")]
    Body { why: String, line: usize },
    /// A `@dataclass` (whose finalizer is registered in `__post_init__`) or a
    /// value fixed for the instance's lifetime (`type(self).__name__`), when a
    /// condition fails.
    #[error("{why}")]
    Dataclass { why: String },
    /// A needed attribute is a class-level name.
    #[error("{}", class_level(.me, .attr, .kind))]
    ClassLevel {
        me: String,
        attr: String,
        kind: &'static str,
    },
    /// No `__init__`.
    #[error(
        "class `{class}` has no `__init__` to register the finalizer in; add one that stores the state the cleanup needs"
    )]
    NoInit { class: String },
    /// No `__init__`, and sturdy cannot add one.
    #[error(
        "class `{class}` has no `__init__` to register the finalizer in, and {why}; add an `__init__` by hand"
    )]
    NewInit { class: String, why: String },
    /// `__init__` defined twice.
    #[error("class `{class}` defines `__init__` more than once")]
    InitTwice { class: String },
    /// `__init__` without `self`.
    #[error("`__init__` has no `self` parameter")]
    InitNoSelf,
    /// A needed attribute is assigned only conditionally.
    #[error(
        "`{me}.{attr}` is assigned only conditionally or in a nested block of `__init__`; assign it unconditionally at the top level of `__init__` (e.g. `self.{attr} = None` first), or in every branch of an `if`/`else` there"
    )]
    Conditional { me: String, attr: String },
    /// A needed attribute is not assigned in `__init__` (`stored`: the first
    /// other method of the class that stores it, and the line).
    #[error("{}", not_assigned(.me, .attr, .stored.as_ref()))]
    NotAssigned {
        me: String,
        attr: String,
        stored: Option<(String, usize)>,
    },
    /// A lazily stored attribute (not assigned in `__init__`) whose stores the
    /// finalizer cannot follow.
    #[error(
        "`{me}.{attr}` is not assigned in `__init__` but in `{function}` (line {line}), after the instance exists; sturdy registers the finalizer again after every store only when each is a plain `self.{attr} = value` in a method of this class and the cleanup reads nothing else, but {why}; keep `__del__`, or create the resource once in `__init__`"
    )]
    Lazy {
        me: String,
        attr: String,
        function: String,
        line: usize,
        why: String,
    },
    /// A needed attribute may refer back to the instance.
    #[error(
        "`{me}.{attr}` is built from `{init_me}` in `__init__`, so it may refer back to the instance and the finalizer would keep the object alive forever; keep `__del__` or make the resource independent of the instance"
    )]
    BuiltFromSelf {
        me: String,
        attr: String,
        init_me: String,
    },
    /// A method sets attributes dynamically.
    #[error(
        "`{function}` sets attributes dynamically with `setattr` (line {line}); a finalizer could see stale values"
    )]
    DynamicSetattr { function: String, line: usize },
    /// A needed attribute is reassigned in the class.
    #[error(
        "`{me}.{attr}` is reassigned in `{function}` (line {line}); a finalizer would capture a stale value, so keep `__del__` or finalize the resource object itself"
    )]
    Reassigned {
        me: String,
        attr: String,
        function: String,
        line: usize,
    },
    /// A needed attribute is stored elsewhere in the project.
    #[error(
        "`{me}.{attr}` is also stored at {location} ({what}); a finalizer would capture a stale value, so keep `__del__` or finalize the resource object itself"
    )]
    StoredElsewhere {
        me: String,
        attr: String,
        location: String,
        what: String,
    },
    /// `__init__` can return before the state exists.
    #[error("`__init__` can return early (line {line}) before the state the cleanup needs exists")]
    EarlyReturn { line: usize },
    /// `__init__` on one line.
    #[error("`__init__` is written on one line; put its body on separate lines first")]
    OneLineInit,
    /// The insertion line would join a `\` continuation.
    #[error(
        "the `__init__` line the finalizer would follow ends with a `\\` line continuation; remove it and re-run"
    )]
    Continuation,
    /// `__del__` (or a statement to edit) shares a line with other code.
    #[error("{what} shares a line with other code; put it on its own lines first")]
    SharesLine { what: String },
    /// `__init__` runs code that could reach the cleanup method or a flag store
    /// before the finalizer exists.
    #[error(
        "`__init__` {what} (line {line}) before the finalizer can be registered, which could reach a method that will use the finalizer; keep `__del__`, or move that after the assignments the cleanup needs"
    )]
    InitCallsBeforeRegistration { what: String, line: usize },
    /// `__init__` installs the instance in `sys` (IPython's `Tee` as `sys.stdout`).
    #[error(
        "`__init__` installs the instance in `sys` (line {line}): `sys` keeps it alive until interpreter exit, where a finalizer would run at `atexit`, before `atexit` handlers registered earlier (logging's flush) that may still write through it, while `__del__` runs only at module teardown, after them; keep `__del__`"
    )]
    InstalledInSys { line: usize },
    /// The guard of `__del__` is false once `__init__` has finished.
    #[error(
        "the condition of `__del__` (line {line}) is false once `__init__` has finished, so the cleanup only runs after the instance changes; keep `__del__`"
    )]
    NeverRuns { line: usize },
    /// A flag (an attribute the guard reads) is stored in a way sturdy cannot follow.
    #[error("whether the cleanup runs depends on `self.{attr}`, which {why}; keep `__del__`")]
    Flag { attr: String, why: String },
    /// The delegated-to method cannot be split into cleanup and state updates.
    #[error("`__del__` calls `self.{method}()`, which {why}")]
    Delegation { method: String, why: String },
    /// The class registers a finalizer that cannot replace `__del__`.
    #[error("{why}; keep `__del__`")]
    Finalizer { why: String },
    /// A self-clearing `__del__` (it only drops the instance's own references)
    /// that cannot simply be removed.
    #[error(
        "`__del__` only drops the instance's own references, which deallocation does anyway, but {why}; keep `__del__` (or remove it by hand once that is resolved)"
    )]
    SelfClearing { why: String },
    /// No name to reach `weakref.finalize` with.
    #[error("{why}; import `weakref` under a free name (`import weakref as _weakref`) and re-run")]
    WeakrefName { why: String },
}

/// ` (through `via`)` when the base without weak references is an indirect one.
fn through(via: Option<&str>) -> String {
    via.map(|v| format!(" (through `{v}`)")).unwrap_or_default()
}

/// The message of [`Skip::SlotsNoWeakref`]: without a base, or with one sturdy
/// cannot see into.
fn slots_no_weakref(class: &str, base: Option<&str>) -> String {
    match base {
        None => format!(
            "class `{class}` defines `__slots__` without `__weakref__`, so its instances cannot be weakly referenced; add \"__weakref__\" to `__slots__` and re-run"
        ),
        Some(base) => format!(
            "class `{class}` defines `__slots__` without `__weakref__`, and sturdy cannot tell whether its base `{base}` gives the instances weak references; if `weakref.ref(obj)` fails, add \"__weakref__\" to `__slots__` and re-run (when a base provides them already, adding it raises `TypeError`)"
        ),
    }
}

/// The message of [`Skip::SubclassBaseDel`].
fn subclass_base_del(class: &str, base: &str, location: &str, after: bool) -> String {
    if after {
        format!(
            "the subclass `{class}` also derives from `{base}` ({location}), which defines `__del__`: this class's `__del__` comes first in the subclass's MRO and hides it, and removing this one would let it run for the subclass's instances; keep `__del__`"
        )
    } else {
        format!(
            "the subclass `{class}` also derives from `{base}` ({location}), whose `__del__` comes before this class's in the subclass's MRO and hides it; sturdy does not convert a `__del__` that a subclass's other base overrides (a finalizer would add this cleanup to that subclass's instances); convert the hierarchy by hand"
        )
    }
}

/// The message of [`Skip::ClassLevel`]: a plain method read through the instance is
/// a bound method, which holds the instance, so capturing it would keep the object
/// alive forever; other class-level attributes are read once at registration.
fn class_level(me: &str, attr: &str, kind: &str) -> String {
    if kind == "a method" {
        format!(
            "`{me}.{attr}` is a method of the class, so `{me}.{attr}` is a bound method that holds the instance; a finalizer must not hold it (the object would never be collected); keep `__del__`, or make the cleanup call a function that does not need the instance"
        )
    } else {
        format!(
            "`{me}.{attr}` is {kind} of the class, not plain instance state; a finalizer would read it once at registration instead of at cleanup"
        )
    }
}

/// The message of [`Skip::NotAssigned`]: never stored, or stored by a method
/// (`stored`: its name and line).
fn not_assigned(me: &str, attr: &str, stored: Option<&(String, usize)>) -> String {
    match stored {
        None => format!(
            "`{me}.{attr}` is not assigned in `__init__`; assign it there so the finalizer can capture it"
        ),
        Some((function, line)) => format!(
            "`{me}.{attr}` is not assigned in `__init__` but in `{function}` (line {line}), after the instance exists: a finalizer registered in `__init__` cannot capture it; keep `__del__`, or create the resource once in `__init__` and never rebind the attribute"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Messages whose wording depends on an optional field, in the cases the
    /// fixtures do not reach.
    #[test]
    fn optional_field_messages() {
        let weak = |via: Option<&str>| {
            Skip::NoWeakref {
                class: "P".into(),
                base: "int".into(),
                via: via.map(str::to_string),
            }
            .to_string()
        };
        assert_eq!(
            weak(None),
            "class `P` subclasses `int`, whose instances cannot be weakly referenced"
        );
        assert_eq!(
            weak(Some("Base")),
            "class `P` subclasses `int`, whose instances cannot be weakly referenced (through `Base`)"
        );
        let not_assigned = |stored: Option<(String, usize)>| {
            Skip::NotAssigned {
                me: "self".into(),
                attr: "fd".into(),
                stored,
            }
            .to_string()
        };
        assert_eq!(
            not_assigned(None),
            "`self.fd` is not assigned in `__init__`; assign it there so the finalizer can capture it"
        );
        assert!(not_assigned(Some(("open".into(), 7))).contains("but in `open` (line 7)"));
    }
}
