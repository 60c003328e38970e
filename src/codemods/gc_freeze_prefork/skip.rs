//! Why gc-freeze-prefork leaves a candidate alone; `Display` is the user's message.

/// Why a fork site or a gunicorn config is left alone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Skip {
    /// `what` (`fork`, `pool creation`, `process start`) runs in the child of the
    /// fork at line `parent`.
    #[error(
        "this {what} runs in the child of the fork at line {parent}; the child's heap is not the shared one, so freezing here would not help"
    )]
    InChild { what: &'static str, parent: usize },
    /// Runs once per request (`why`: where, in words).
    #[error(
        "this {what} is {why}: freezing per request would make each request's objects permanent (never collected) without sharing anything more"
    )]
    PerRequest { what: &'static str, why: String },
    /// In a condition sturdy cannot put a statement in front of.
    #[error(
        "this {what} is in {place}; sturdy cannot put `gc.freeze()` right before it without changing when it runs; add it by hand"
    )]
    Condition {
        what: &'static str,
        place: &'static str,
    },
    #[error(
        "this fork only detaches (the parent exits right away), so no memory is shared copy-on-write"
    )]
    Detaches,
    #[error(
        "the child calls `exec*()`, which replaces the process image, so no memory is shared copy-on-write"
    )]
    Execs,
    /// The child returns from `func` to its caller (`how`, in words).
    #[error(
        "the child process returns from `{func}` to its caller ({how}), so what it runs next is up to code sturdy does not follow: a caller that `exec`s in the child (as ptyprocess does after `fork_pty()`) shares nothing, and every call would freeze the parent's heap for good; end the child's branch with `os._exit()` if it never returns, or add `gc.freeze()` by hand where the workers are forked"
    )]
    ChildReturns { func: String, how: String },
    #[error(
        "this {what} shares its line with other code (or continues the line above with `\\`); put the statement on its own line and re-run"
    )]
    SharedLine { what: &'static str },
    /// `local` (to call `call()`) is bound at `line` to something else where the
    /// call goes.
    #[error(
        "`{local}` here is not the gc module (it is bound at line {line}), so `{call}()` would fail or call something else; rename that binding (or `import gc as gc_module` at the top of the module) and re-run"
    )]
    GcShadowed {
        local: String,
        call: String,
        line: usize,
    },
    #[error(
        "gunicorn config with `preload_app = False`: each worker imports the application after the fork, so there is nothing to share copy-on-write and gc.freeze() would not help; set `preload_app = True` and re-run"
    )]
    PreloadOff,
    #[error(
        "gunicorn config without `preload_app = True` (gunicorn's default is False): each worker imports the application after the fork, so gc.freeze() would not help; set `preload_app = True` in the config (sturdy cannot see a `--preload` command-line flag) and re-run"
    )]
    PreloadMissing,
    #[error(
        "gunicorn config sets `preload_app` from an expression: sturdy cannot tell whether the application is preloaded, and gc.freeze() only helps when it is; apply the gc recipe by hand"
    )]
    PreloadUnknown,
    #[error(
        "the config binds `{local}` itself, so sturdy cannot call `{expr}()` here; rename it and re-run"
    )]
    ConfigBinds { local: String, expr: String },
    #[error(
        "`{hook}` is bound by something other than a plain `def`; add `{call}()` to the hook by hand"
    )]
    HookNotDef { hook: &'static str, call: String },
    #[error("the body of `{hook}` starts on the `def` line; put it on its own lines and re-run")]
    HookOneLine { hook: &'static str },
}
