//! `abc-to-protocol` (in progress).
use super::{Codemod, Context};

/// Turn ABC interface classes into `typing.Protocol`.
pub struct AbcToProtocol;

impl Codemod for AbcToProtocol {
    fn name(&self) -> &'static str {
        "abc-to-protocol"
    }
    fn summary(&self) -> &'static str {
        "turn ABC interface classes into typing.Protocol"
    }
    fn docs(&self) -> &'static str {
        ""
    }
    fn might_apply(&self, _text: &str) -> bool {
        false
    }
    fn run(&self, _cx: &mut Context) {}
}
