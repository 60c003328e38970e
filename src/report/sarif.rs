//! `--output-format sarif`: SARIF 2.1.0 for GitHub code scanning. Each skip and each
//! note is a result; each proposed change is a result with a fix whose
//! `artifactChanges` hold the edit; file errors are tool execution notifications.

use std::io::Write;

use serde_json::{Value, json};

use super::{Pos, Printer, Run, Summary, WalkError};
use crate::codemods::{ALL, Severity};
use crate::runner::{FileError, FileOutcome, Status};

/// Collects results and prints the log at the end.
pub struct Sarif<W: Write> {
    out: W,
    run: Run,
    quiet: bool,
    results: Vec<Value>,
    notifications: Vec<Value>,
}

impl<W: Write> Sarif<W> {
    /// A printer writing the log to `out`.
    pub fn new(out: W, run: Run, quiet: bool) -> Self {
        Self {
            out,
            run,
            quiet,
            results: Vec::new(),
            notifications: Vec::new(),
        }
    }
}

fn region(start: Pos, end: Pos) -> Value {
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

fn location(uri: &str, start: Pos, end: Pos) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": region(start, end),
        }
    })
}

/// A relative path as a URI reference (percent-encoding what a URI cannot hold).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn notification(path: Option<&str>, e: &FileError) -> Value {
    let mut n = json!({
        "level": "error",
        "message": {"text": e.message},
        "descriptor": {"id": format!("sturdy/{}", e.kind.name())},
    });
    if let Some(p) = path {
        let (line, column) = e.position.unwrap_or((1, 1));
        let at = Pos { line, column };
        n["locations"] = json!([location(&uri(p), at, at)]);
    }
    n
}

impl<W: Write> Printer for Sarif<W> {
    fn walk_error(&mut self, e: &WalkError) -> std::io::Result<()> {
        eprintln!("{}", super::walk_error_line(e));
        self.notifications
            .push(notification(e.path.as_deref(), &e.error));
        Ok(())
    }

    fn file(&mut self, o: &FileOutcome) -> std::io::Result<()> {
        let (path, _) = super::plain_path(&o.input);
        let u = uri(&path);
        for d in o.diagnostics.iter().filter(|d| d.category.is_none()) {
            let at = Pos {
                line: d.line,
                column: d.column,
            };
            self.results.push(json!({
                "ruleId": d.codemod,
                "level": match d.severity {
                    Severity::Skip => "warning",
                    Severity::Note => "note",
                },
                "kind": match d.severity {
                    Severity::Skip => "review",
                    Severity::Note => "informational",
                },
                "message": {"text": d.message},
                "locations": [location(&u, at, at)],
            }));
        }
        if let Status::Error(e) = &o.status {
            self.notifications.push(notification(Some(&path), e));
        }
        if matches!(o.status, Status::Changed(_)) {
            let verb = if self.run.write {
                "changed"
            } else {
                "would change"
            };
            for h in super::hunks(o) {
                let codemod = h.codemods.first().copied().unwrap_or("sturdy");
                let text = format!(
                    "{codemod} {verb} this code (lines {}-{}); {}",
                    h.start_pos.line,
                    h.end_pos.line,
                    if self.run.write {
                        "review and commit the change"
                    } else {
                        "run `sturdy --write` and commit the result, or apply the fix"
                    }
                );
                self.results.push(json!({
                    "ruleId": codemod,
                    "level": "note",
                    "kind": if self.run.write { "informational" } else { "fail" },
                    "message": {"text": text},
                    "locations": [location(&u, h.start_pos, h.end_pos)],
                    "fixes": [{
                        "description": {"text": format!("{codemod}: rewrite")},
                        "artifactChanges": [{
                            "artifactLocation": {"uri": u},
                            "replacements": [{
                                "deletedRegion": region(h.start_pos, h.end_pos),
                                "insertedContent": {"text": h.replacement},
                            }],
                        }],
                    }],
                }));
            }
        }
        Ok(())
    }

    fn finish(&mut self, outcomes: &[FileOutcome], summary: &Summary) -> std::io::Result<()> {
        let rules: Vec<Value> = ALL
            .iter()
            .map(|c| {
                json!({
                    "id": c.name(),
                    "shortDescription": {"text": c.summary()},
                    "fullDescription": {"text": c.summary()},
                    "help": {
                        "text": format!("Run `sturdy --explain {}`, or read {}.", c.name(), super::docs_path(c.name())),
                        "markdown": c.docs(),
                    },
                    "defaultConfiguration": {"enabled": c.default_enabled()},
                })
            })
            .collect();
        let doc = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "sturdy",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }},
                "columnKind": "unicodeCodePoints",
                "invocations": [{
                    "executionSuccessful": summary.errors == 0,
                    "toolExecutionNotifications": std::mem::take(&mut self.notifications),
                }],
                "results": std::mem::take(&mut self.results),
            }],
        });
        serde_json::to_writer_pretty(&mut self.out, &doc)?;
        writeln!(self.out)?;
        self.out.flush()?;
        super::text::closing(outcomes, summary, self.run, self.quiet);
        Ok(())
    }
}
