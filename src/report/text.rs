//! The default output: unified diffs on stdout (the source itself for stdin with
//! `--write`), diagnostics and the summary on stderr.

use std::io::Write;

use super::{Printer, Run, Summary, WalkError};
use crate::runner::{FileOutcome, Status};

/// Diffs on stdout, diagnostics on stderr.
pub struct Text<W: Write> {
    out: W,
    run: Run,
    quiet: bool,
}

impl<W: Write> Text<W> {
    /// A printer writing diffs to `out`; `quiet` leaves out the closing summary.
    pub fn new(out: W, run: Run, quiet: bool) -> Self {
        Self { out, run, quiet }
    }

    fn problem(&self, line: &str) {
        if self.run.color_stderr {
            eprintln!("{}", super::color_problem(line));
        } else {
            eprintln!("{line}");
        }
    }
}

impl<W: Write> Printer for Text<W> {
    fn walk_error(&mut self, e: &WalkError) -> std::io::Result<()> {
        self.problem(&super::walk_error_line(e));
        Ok(())
    }

    fn file(&mut self, o: &FileOutcome) -> std::io::Result<()> {
        let path = &o.input.display;
        if !self.run.silent {
            for w in &o.warnings {
                self.problem(&super::warning_line(path, w));
            }
            for d in o
                .diagnostics
                .iter()
                .filter(|d| self.run.verbose || d.category.is_none())
            {
                if self.run.color_stderr {
                    eprintln!("{}", super::diagnostic_line_colored(path, d));
                } else {
                    eprintln!("{}", super::diagnostic_line(path, d));
                }
            }
        }
        match &o.status {
            Status::Error(e) => self.problem(&super::file_error_line(path, e)),
            Status::Unchanged => {
                if self.run.write
                    && o.input.path.is_none()
                    && let Some(c) = &o.input.content
                {
                    // stdin --write: echo the (unchanged) source for editors.
                    self.out.write_all(c)?;
                }
            }
            Status::Changed(new) => {
                if self.run.write {
                    if o.input.path.is_none() {
                        self.out.write_all(new.as_bytes())?;
                    }
                } else if !self.run.silent {
                    let diff = super::outcome_patch(o, new);
                    if self.run.color_stdout {
                        self.out.write_all(super::colorize(&diff).as_bytes())?;
                    } else {
                        self.out.write_all(diff.as_bytes())?;
                    }
                }
            }
        }
        Ok(())
    }

    fn finish(&mut self, outcomes: &[FileOutcome], summary: &Summary) -> std::io::Result<()> {
        self.out.flush()?;
        closing(outcomes, summary, self.run, self.quiet);
        Ok(())
    }
}

/// The lines every format prints on stderr at the end (unless `--quiet` or
/// `--silent`): the candidates left alone per codemod, and the summary.
pub fn closing(outcomes: &[FileOutcome], summary: &Summary, run: Run, quiet: bool) {
    if quiet || run.silent {
        return;
    }
    for line in super::left_alone_summary(outcomes.iter().flat_map(|o| &o.diagnostics)) {
        eprintln!("{line}");
    }
    eprintln!("{}", summary.render(run.write));
}
