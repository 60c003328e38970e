//! GitHub Actions workflow commands (`::warning file=…`), one per diagnostic, error
//! and changed file, on stdout.

use std::io::Write;

use super::{Printer, Run, Summary, WalkError, gh_message, gh_property};
use crate::codemods::Severity;
use crate::runner::{FileOutcome, Status};

/// GitHub annotations.
pub struct Github<W: Write> {
    out: W,
    run: Run,
    quiet: bool,
}

impl<W: Write> Github<W> {
    /// A printer writing annotations to `out`.
    pub fn new(out: W, run: Run, quiet: bool) -> Self {
        Self { out, run, quiet }
    }
}

impl<W: Write> Printer for Github<W> {
    fn walk_error(&mut self, e: &WalkError) -> std::io::Result<()> {
        eprintln!("{}", super::walk_error_line(e));
        Ok(())
    }

    fn file(&mut self, o: &FileOutcome) -> std::io::Result<()> {
        let (path, _) = super::plain_path(&o.input);
        let path = gh_property(&path);
        for w in &o.warnings {
            writeln!(
                self.out,
                "::warning file={path},line={},col={},title=sturdy::{}",
                w.line,
                w.column,
                gh_message(&w.message)
            )?;
        }
        for d in o.diagnostics.iter().filter(|d| d.category.is_none()) {
            let level = match d.severity {
                Severity::Skip => "warning",
                Severity::Note => "notice",
            };
            writeln!(
                self.out,
                "::{level} file={path},line={},col={},title={}::{}",
                d.line,
                d.column,
                gh_property(&format!("sturdy ({})", d.codemod)),
                gh_message(&d.message)
            )?;
        }
        match &o.status {
            Status::Error(e) => {
                let line = e.position.map_or(1, |(line, _)| line);
                writeln!(
                    self.out,
                    "::error file={path},line={line},title=sturdy::{}",
                    gh_message(&e.message)
                )?;
            }
            Status::Changed(new) => {
                let line = super::first_changed_line(&o.original, new);
                writeln!(
                    self.out,
                    "::notice file={path},line={line},title=sturdy::{}",
                    gh_message(
                        "sturdy would change this file; run `sturdy --write` and commit the result"
                    )
                )?;
            }
            Status::Unchanged => {}
        }
        Ok(())
    }

    fn finish(&mut self, outcomes: &[FileOutcome], summary: &Summary) -> std::io::Result<()> {
        self.out.flush()?;
        super::text::closing(outcomes, summary, self.run, self.quiet);
        Ok(())
    }
}
