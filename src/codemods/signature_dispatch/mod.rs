//! `signature-dispatch`: turn `handler(**payload)` into
//! `dispatch_by_signature(handler, payload)`, which passes only the payload keys the
//! callee accepts. Changes behaviour on purpose, so it is not enabled by default.
//!
//! - `analyze` decides every `**` call from where its payload and its callee come
//!   from (`Result<Plan, Skip>`), with `origins`, `signals`, `scope` and the
//!   module-local callee resolver `resolve`;
//! - `helper` makes the helper available (reused, imported or inserted);
//! - `rewrite` turns the plans into range edits;
//! - `skip` holds every reason a call is left as it is: the ones that are not payload
//!   dispatch are counted by category (and listed with `--verbose`), the others are
//!   diagnostics.
//!
//! Without `--dispatch-helper`, the helper function (`dispatch_helper.py`) is
//! inserted once per module after the imports, in the same change as the rewrites.

#![warn(unreachable_pub)]

mod analyze;
mod classes;
mod helper;
mod no_ops;
mod origins;
mod resolve;
mod rewrite;
mod scope;
mod signals;
mod skip;
#[cfg(test)]
mod tests;

use std::cmp::Reverse;

use ruff_text_size::{Ranged, TextSize};

use super::{Codemod, Context, Facts, Need};
use crate::source::SourceFile;

use skip::Skip;

/// Turn `handler(**payload)` into signature-filtered dispatch.
pub struct SignatureDispatch;

/// The helper inserted into modules (a comment line, then one top-level `def`).
const HELPER: &str = include_str!("../../../codemods/signature-dispatch/dispatch_helper.py");
/// The name the helper defines.
const HELPER_NAME: &str = "dispatch_by_signature";

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
        "turn handler(**payload) into dispatch filtered by inspect.signature (changes behaviour; not default)"
    }
    fn docs(&self) -> &'static str {
        include_str!("../../../codemods/signature-dispatch/README.md")
    }
    fn default_enabled(&self) -> bool {
        false
    }
    fn might_apply(&self, file: &SourceFile) -> bool {
        !file.marks().unpacks.is_empty()
    }
    /// Class callees are looked up in the project (`classes`): a call of a class
    /// defined in another module is decided once every module is indexed.
    fn uses_facts(&self) -> bool {
        true
    }
    fn index(&self, file: &SourceFile, _facts: &mut Facts) -> Need {
        if !self.might_apply(file) {
            Need::Nothing
        } else if classes::needs_project_classes(file) {
            Need::Facts
        } else {
            Need::Run
        }
    }
    fn run(&self, cx: &mut Context) {
        let file = cx.file;
        let option = cx.options.dispatch_helper.as_deref();
        let name = helper::helper_name(option);
        let too_old = cx.options.target_version.filter(|v| *v < (3, 8));
        let decisions = analyze::analyze(
            file,
            name,
            helper::local_helper_def(file, option),
            too_old,
            cx.facts,
        );
        let mut reasons: Vec<(TextSize, Skip)> = Vec::new();
        let mut plans = Vec::new();
        for (call, decision) in &decisions {
            match decision {
                // Not a candidate: silenced without counting.
                Err(skip) if skip.category().is_some() => {
                    if !cx.is_suppressed(call.range()) {
                        reasons.push((call.start(), skip.clone()));
                    }
                }
                _ if cx.candidate_suppressed(call.range()) => {}
                Ok(plan) => plans.push(plan),
                Err(skip) => reasons.push((call.start(), skip.clone())),
            }
        }
        if !plans.is_empty() {
            // The helper goes to one module of the project (created by this run if it
            // does not exist), unless it is configured or the file is not in a package.
            let shared = if option.is_none() && cx.options.create_files {
                helper::shared_helper(file)
            } else {
                None
            };
            let (spec, create) = match &shared {
                Some(Ok(s)) => (
                    Some(format!("{}:{HELPER_NAME}", s.module)),
                    s.create.then(|| s.path.clone()),
                ),
                _ => (option.map(ToString::to_string), None),
            };
            let resolved = match shared {
                Some(Err(msg)) => Err(msg),
                _ => helper::resolve_helper(file, spec.as_deref()),
            };
            // Only now: resolving the helper builds the text of its insertion.
            match resolved {
                Err(msg) => {
                    for plan in &plans {
                        reasons.push((plan.call.start(), Skip::Helper(msg.clone())));
                    }
                }
                Ok(helper) => {
                    // Inner calls first, so that an outer call moves their edits along.
                    plans.sort_by_key(|p| (p.call.end(), Reverse(p.call.start())));
                    let mut rewriter = rewrite::Rewriter::new(file);
                    for plan in plans {
                        let at = plan.call.start();
                        if plan.module_level && helper.defined_at.is_some_and(|d| at < d) {
                            reasons.push((at, Skip::BeforeHelper));
                        } else if let Err(skip) = rewriter.add(plan.call, &helper.expr) {
                            reasons.push((at, skip));
                        }
                    }
                    let mut changed = false;
                    for group in rewriter.finish() {
                        match group {
                            Ok(mut edits) => {
                                edits.extend(helper.edit.clone());
                                cx.change(edits);
                                changed = true;
                            }
                            Err(at) => reasons.push((at, Skip::RewriteFailed)),
                        }
                    }
                    if changed && let Some(path) = create {
                        cx.create_file(path, helper::shared_module_text());
                    }
                }
            }
        }
        reasons.sort_by_key(|(at, _)| *at);
        for (at, skip) in reasons {
            match skip.category() {
                Some(category) => cx.leave(at, category, skip.to_string()),
                None => cx.skip(at, skip.to_string()),
            }
        }
    }
}
