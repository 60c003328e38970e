//! `gc-freeze-prefork`: apply the copy-on-write recipe from the `gc.freeze()`
//! documentation to code that forks worker processes.
//!
//! - gunicorn configuration files with `preload_app = True`: `gc.disable()` at module
//!   level, `gc.freeze()` first in `pre_fork(server, worker)`, `gc.enable()` first in
//!   `post_fork(server, worker)` (existing hooks are extended, missing ones added).
//!   The three edits and the import are one change: a config that disables the
//!   collector must also re-enable it in the workers.
//! - `os.fork()` / `os.forkpty()` call sites: `gc.freeze()` before the statement that
//!   forks, once per block.
//! - `multiprocessing` pools and process starts where the fork start method is
//!   explicit in the file: `gc.freeze()` before the statement that creates the pool or
//!   starts the process.
//!
//! Forks that run in the child of another fork, per request, per accepted connection,
//! right before `exec*()`, or only to daemonize, and forks whose child may return to
//! an unseen caller (a library's `fork_pty()`), are skipped with a reason; so is
//! every site where `gc` is bound to something else.
//!
//! [`analyze`] and [`gunicorn`] plan (or [`Skip`](skip::Skip)); [`rewrite`] makes edits.

#![warn(unreachable_pub)]

mod analyze;
mod gunicorn;
mod mp;
mod policy;
mod rewrite;
mod skip;

use super::{Codemod, Context};
use crate::fix::{self as imports, Style};
use crate::source::SourceFile;
use policy::ProcessCalls;

/// gc.freeze() before forking workers in pre-fork servers.
pub struct GcFreezePrefork;

impl Codemod for GcFreezePrefork {
    fn name(&self) -> &'static str {
        "gc-freeze-prefork"
    }
    fn summary(&self) -> &'static str {
        "gc.freeze() before forking workers in pre-fork servers"
    }
    fn docs(&self) -> &'static str {
        include_str!("../../../codemods/gc-freeze-prefork/README.md")
    }
    fn default_enabled(&self) -> bool {
        false
    }
    fn might_apply(&self, file: &SourceFile) -> bool {
        // gunicorn settings are module-level statements (see `Marks::settings`).
        !file.marks().settings.is_empty() || !file.marks().forks.is_empty()
    }
    fn run(&self, cx: &mut Context) {
        let file = cx.file;
        // The file's names are collected only for a pass that looks for sites.
        let reach = if file.marks().forks.is_empty() {
            policy::Reach::Nothing
        } else {
            policy::Reach::of(file)
        };
        let gunicorn = gunicorn::is_gunicorn_config(file);
        if !gunicorn && matches!(reach, policy::Reach::Nothing) {
            return;
        }
        let names = ProcessCalls::collect(file);
        if gunicorn {
            match gunicorn::analyze(file, &names) {
                Ok(Some(plan)) => cx.change(rewrite::gunicorn(file, plan)),
                Ok(None) => {}
                Err((at, skip)) => cx.skip(at, skip.to_string()),
            }
        }
        if !matches!(reach, policy::Reach::Nothing) {
            let gc = imports::ensure(file, "gc", &["freeze"], Style::Module);
            let freeze = &gc.exprs[0];
            let local = freeze.split('.').next().unwrap_or(freeze);
            let shadowed = policy::gc_name_taken_in_module(&names, local);
            let (sites, skips) =
                analyze::fork_sites(file, &names, freeze, shadowed, &reach, &mut |range| {
                    cx.candidate_suppressed(range)
                });
            for (at, skip) in skips {
                cx.skip(at, skip.to_string());
            }
            for edits in rewrite::fork_sites(sites, gc.edit.as_ref()) {
                cx.change(edits);
            }
        }
    }
}
