//! `--output-format json`: one JSON object on stdout, described in
//! `docs/json-schema.md` and `docs/sturdy-output.schema.json`.

use std::io::Write;

use serde_json::{Value, json};

use super::{Pos, Printer, Run, Summary, WalkError};
use crate::codemods::Severity;
use crate::runner::{FileError, FileOutcome, Status};

/// The version of the JSON output's shape; raised on every incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// Collects every file's object and prints the whole document at the end.
pub struct Json<W: Write> {
    out: W,
    run: Run,
    quiet: bool,
    files: Vec<Value>,
    errors: Vec<Value>,
}

impl<W: Write> Json<W> {
    /// A printer writing the document to `out`.
    pub fn new(out: W, run: Run, quiet: bool) -> Self {
        Self {
            out,
            run,
            quiet,
            files: Vec::new(),
            errors: Vec::new(),
        }
    }
}

fn pos(p: Pos) -> Value {
    json!({"line": p.line, "column": p.column})
}

fn point(line: usize, column: usize) -> Value {
    json!({"line": line, "column": column})
}

/// A structured error object.
pub fn error_object(path: Option<&str>, e: &FileError) -> Value {
    json!({
        "kind": e.kind.name(),
        "path": path,
        "line": e.position.map(|p| p.0),
        "column": e.position.map(|p| p.1),
        "message": e.message,
    })
}

/// The object for one file.
pub fn file_object(o: &FileOutcome) -> Value {
    let (path, path_bytes) = super::plain_path(&o.input);
    let (status, diff) = match &o.status {
        Status::Unchanged => ("unchanged", None),
        Status::Changed(new) => ("changed", Some(super::outcome_patch(o, new).into_owned())),
        Status::Error(_) => ("error", None),
    };
    let edits: Vec<Value> = super::hunks(o)
        .into_iter()
        .map(|h| {
            json!({
                "codemod": h.codemods.first(),
                "codemods": h.codemods,
                "start": pos(h.start_pos),
                "end": pos(h.end_pos),
                "start_offset": h.start,
                "end_offset": h.end,
                "replacement": h.replacement,
            })
        })
        .collect();
    let mut diagnostics: Vec<Value> = o
        .diagnostics
        .iter()
        .map(|d| {
            json!({
                "codemod": d.codemod,
                "severity": match d.severity {
                    Severity::Skip => "skip",
                    Severity::Note => "note",
                },
                "start": point(d.line, d.column),
                "end": point(d.line, d.column),
                "message": d.message,
                "left_alone": d.category,
                "docs": super::docs_path(d.codemod),
            })
        })
        .collect();
    let mut errors = Vec::new();
    if let Status::Error(e) = &o.status {
        errors.push(error_object(Some(&path), e));
        let (line, column) = e.position.unwrap_or((1, 1));
        diagnostics.push(json!({
            "codemod": null,
            "severity": "error",
            "start": point(line, column),
            "end": point(line, column),
            "message": e.message,
            "left_alone": null,
            "docs": null,
        }));
    }
    json!({
        "path": path,
        "path_bytes": path_bytes,
        "status": status,
        "created": o.created,
        "edits": edits,
        "diff": diff,
        "diagnostics": diagnostics,
        "warnings": o.warnings.iter().map(|w| json!({
            "start": point(w.line, w.column),
            "end": point(w.line, w.column),
            "message": w.message,
        })).collect::<Vec<_>>(),
        "suppressed": o.silenced.iter().map(|s| json!({
            "codemod": s.codemod,
            "kind": if s.message.is_some() { "diagnostic" } else { "change" },
            "start": point(s.line, s.column),
            "end": point(s.line, s.column),
            "message": s.message,
        })).collect::<Vec<_>>(),
        "errors": errors,
    })
}

impl<W: Write> Printer for Json<W> {
    fn walk_error(&mut self, e: &WalkError) -> std::io::Result<()> {
        eprintln!("{}", super::walk_error_line(e));
        self.errors.push(error_object(e.path.as_deref(), &e.error));
        Ok(())
    }

    fn file(&mut self, o: &FileOutcome) -> std::io::Result<()> {
        if !o.diagnostics.is_empty()
            || !o.warnings.is_empty()
            || !o.silenced.is_empty()
            || !matches!(o.status, Status::Unchanged)
        {
            self.files.push(file_object(o));
        }
        Ok(())
    }

    fn finish(&mut self, outcomes: &[FileOutcome], summary: &Summary) -> std::io::Result<()> {
        let doc = json!({
            "version": SCHEMA_VERSION,
            "tool": {"name": "sturdy", "version": env!("CARGO_PKG_VERSION")},
            "written": self.run.write,
            "files": std::mem::take(&mut self.files),
            "errors": std::mem::take(&mut self.errors),
            "summary": {
                "scanned": summary.scanned,
                "changed": summary.changed,
                "skipped": summary.skipped,
                "suppressed": summary.suppressed,
                "errors": summary.errors,
            },
        });
        serde_json::to_writer_pretty(&mut self.out, &doc)?;
        writeln!(self.out)?;
        self.out.flush()?;
        super::text::closing(outcomes, summary, self.run, self.quiet);
        Ok(())
    }
}

/// `--list --output-format json`: every codemod.
pub fn list() -> Value {
    json!({
        "version": SCHEMA_VERSION,
        "codemods": crate::codemods::ALL.iter().map(|c| json!({
            "name": c.name(),
            "default": c.default_enabled(),
            "summary": c.summary(),
            "docs": super::docs_path(c.name()),
        })).collect::<Vec<_>>(),
    })
}
