//! Plans become edits: one change per fork site (with the `gc` import), and one
//! change for a gunicorn config's whole recipe.

use ruff_source_file::LineRanges;
use ruff_text_size::{TextRange, TextSize};

use super::analyze::Site;
use super::gunicorn::Plan;
use crate::edit::Edit;
use crate::fix as imports;
use crate::source::SourceFile;

/// One change per site: its `gc.freeze()` line, and the import when needed.
pub(crate) fn fork_sites(sites: Vec<Site>, import: Option<&Edit>) -> Vec<Vec<Edit>> {
    sites
        .into_iter()
        .map(|site| match import.cloned() {
            // Same offset as the import: one edit, import first.
            Some(mut imp) if imp.range.start() == site.at => {
                imp.content.push_str(&site.line);
                vec![imp]
            }
            Some(imp) => vec![imp, Edit::insert(site.at, site.line)],
            None => vec![Edit::insert(site.at, site.line)],
        })
        .collect()
}

/// The gunicorn recipe as one change: a config that disables the collector must
/// also re-enable it in the workers.
pub(crate) fn gunicorn(file: &SourceFile, plan: Plan) -> Vec<Edit> {
    let Plan {
        mut hooks,
        appended,
        import,
        disable,
    } = plan;
    let mut edits = std::mem::take(&mut hooks);
    if !appended.is_empty() {
        let text = &file.text;
        let trimmed = text.trim_end_matches(['\n', '\r', ' ', '\t']);
        // Keep exactly two blank lines between the file's last line and the new hooks.
        let at = if trimmed.is_empty() {
            TextSize::default()
        } else {
            text.full_line_end(TextSize::try_from(trimmed.len() - 1).unwrap_or_default())
        };
        let lead = crate::fix::newline_before(file, at);
        let content = if at.to_usize() == 0 {
            appended.trim_start_matches(['\n', '\r']).to_string()
        } else {
            format!("{lead}{appended}")
        };
        // Blank lines after the file's last line are replaced, not added to.
        edits.push(Edit::replace(
            TextRange::new(at, TextSize::of(text.as_str())),
            content,
        ));
    }
    match (import, disable) {
        (import, None) => edits.extend(import),
        (Some(mut e), Some(line)) => {
            e.content.push_str(&line);
            edits.push(e);
        }
        (None, Some(line)) => edits.push(Edit::insert(imports::after_imports(file), line)),
    }
    edits
}
