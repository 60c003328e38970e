//! `gc-freeze-prefork` (in progress).
use super::{Codemod, Context};

/// gc.freeze() before forking workers in pre-fork servers
pub struct GcFreezePrefork;

impl Codemod for GcFreezePrefork {
    fn name(&self) -> &'static str {
        "gc-freeze-prefork"
    }
    fn summary(&self) -> &'static str {
        "gc.freeze() before forking workers in pre-fork servers"
    }
    fn docs(&self) -> &'static str {
        ""
    }
    fn might_apply(&self, _text: &str) -> bool {
        false
    }
    fn run(&self, _cx: &mut Context) {}
}
