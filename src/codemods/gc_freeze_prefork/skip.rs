//! Why gc-freeze-prefork leaves a candidate alone; `Display` is the user's message.

use std::fmt;

/// Why a fork site or a gunicorn config is left alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Skip {
    /// `what` (`fork`, `pool creation`, `process start`) runs in the child of the
    /// fork at line `parent`.
    InChild {
        what: &'static str,
        parent: usize,
    },
    /// Runs once per request (`why`: where, in words).
    PerRequest {
        what: &'static str,
        why: String,
    },
    /// In a condition sturdy cannot put a statement in front of.
    Condition {
        what: &'static str,
        place: &'static str,
    },
    Detaches,
    Execs,
    /// The child returns from `func` to its caller (`how`, in words).
    ChildReturns {
        func: String,
        how: String,
    },
    SharedLine {
        what: &'static str,
    },
    /// `local` (to call `call()`) is bound at `line` to something else where the
    /// call goes.
    GcShadowed {
        local: String,
        call: String,
        line: usize,
    },
    PreloadOff,
    PreloadMissing,
    PreloadUnknown,
    ConfigBinds {
        local: String,
        expr: String,
    },
    HookNotDef {
        hook: &'static str,
        call: String,
    },
    HookOneLine {
        hook: &'static str,
    },
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::InChild { what, parent } => write!(
                f,
                "this {what} runs in the child of the fork at line {parent}; the child's heap is not the shared one, so freezing here would not help"
            ),
            Skip::PerRequest { what, why } => write!(
                f,
                "this {what} is {why}: freezing per request would make each request's objects permanent (never collected) without sharing anything more"
            ),
            Skip::Condition { what, place } => write!(
                f,
                "this {what} is in {place}; sturdy cannot put `gc.freeze()` right before it without changing when it runs; add it by hand"
            ),
            Skip::Detaches => f.write_str(
                "this fork only detaches (the parent exits right away), so no memory is shared copy-on-write",
            ),
            Skip::Execs => f.write_str(
                "the child calls `exec*()`, which replaces the process image, so no memory is shared copy-on-write",
            ),
            Skip::ChildReturns { func, how } => write!(
                f,
                "the child process returns from `{func}` to its caller ({how}), so what it runs next is up to code sturdy does not follow: a caller that `exec`s in the child (as ptyprocess does after `fork_pty()`) shares nothing, and every call would freeze the parent's heap for good; end the child's branch with `os._exit()` if it never returns, or add `gc.freeze()` by hand where the workers are forked"
            ),
            Skip::SharedLine { what } => write!(
                f,
                "this {what} shares its line with other code (or continues the line above with `\\`); put the statement on its own line and re-run"
            ),
            Skip::GcShadowed { local, call, line } => write!(
                f,
                "`{local}` here is not the gc module (it is bound at line {line}), so `{call}()` would fail or call something else; rename that binding (or `import gc as gc_module` at the top of the module) and re-run"
            ),
            Skip::PreloadOff => f.write_str(
                "gunicorn config with `preload_app = False`: each worker imports the application after the fork, so there is nothing to share copy-on-write and gc.freeze() would not help; set `preload_app = True` and re-run",
            ),
            Skip::PreloadMissing => f.write_str(
                "gunicorn config without `preload_app = True` (gunicorn's default is False): each worker imports the application after the fork, so gc.freeze() would not help; set `preload_app = True` in the config (sturdy cannot see a `--preload` command-line flag) and re-run",
            ),
            Skip::PreloadUnknown => f.write_str(
                "gunicorn config sets `preload_app` from an expression: sturdy cannot tell whether the application is preloaded, and gc.freeze() only helps when it is; apply the gc recipe by hand",
            ),
            Skip::ConfigBinds { local, expr } => write!(
                f,
                "the config binds `{local}` itself, so sturdy cannot call `{expr}()` here; rename it and re-run"
            ),
            Skip::HookNotDef { hook, call } => write!(
                f,
                "`{hook}` is bound by something other than a plain `def`; add `{call}()` to the hook by hand"
            ),
            Skip::HookOneLine { hook } => write!(
                f,
                "the body of `{hook}` starts on the `def` line; put it on its own lines and re-run"
            ),
        }
    }
}
