//! `signature-dispatch` (in progress).
use super::{Codemod, Context};

/// Turn `handler(**payload)` into signature-filtered dispatch.
pub struct SignatureDispatch;

/// Whether `spec` looks like `package.module:name`.
pub fn valid_helper_spec(spec: &str) -> bool {
    spec.split_once(':').is_some_and(|(m, n)| {
        !m.is_empty() && !n.is_empty() && m.split('.').all(is_identifier) && is_identifier(n)
    })
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

impl Codemod for SignatureDispatch {
    fn name(&self) -> &'static str {
        "signature-dispatch"
    }
    fn summary(&self) -> &'static str {
        "turn handler(**payload) into dispatch filtered by inspect.signature"
    }
    fn docs(&self) -> &'static str {
        ""
    }
    fn default_enabled(&self) -> bool {
        false
    }
    fn might_apply(&self, _text: &str) -> bool {
        false
    }
    fn run(&self, _cx: &mut Context) {}
}
