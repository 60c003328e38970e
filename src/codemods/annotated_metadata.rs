//! `annotated-metadata` (in progress).
use super::{Codemod, Context};

/// move validation and dependency metadata into typing.Annotated
pub struct AnnotatedMetadata;

impl Codemod for AnnotatedMetadata {
    fn name(&self) -> &'static str {
        "annotated-metadata"
    }
    fn summary(&self) -> &'static str {
        "move validation and dependency metadata into typing.Annotated"
    }
    fn docs(&self) -> &'static str {
        ""
    }
    fn might_apply(&self, _text: &str) -> bool {
        false
    }
    fn run(&self, _cx: &mut Context) {}
}
