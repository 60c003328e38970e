//! Plans become edits: one all-or-nothing change per function or class, with the
//! `Annotated` import when a plan spells `Annotated`.

use super::analyze::{NewDefault, Plan};
use crate::edit::Edit;

/// The edits of the plans of one function or class, plus `import` when needed.
pub(crate) fn edits(plans: Vec<Plan>, import: Option<&Edit>) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut needs_import = false;
    for plan in plans {
        needs_import |= plan.uses_annotated;
        if let Some((range, text)) = plan.annotation {
            edits.push(Edit::replace(range, text));
        }
        edits.push(match plan.default {
            NewDefault::Value { range, text } => Edit::replace(range, text),
            NewDefault::Remove(range) => Edit::delete(range),
        });
    }
    if needs_import && !edits.is_empty() {
        edits.extend(import.cloned());
    }
    edits
}
