//! `--statistics`: per codemod, how many candidates were converted, skipped (by
//! reason) and suppressed, instead of the diffs. Text or JSON on stdout.

use std::collections::BTreeMap;
use std::io::Write;

use serde_json::json;

use super::{Printer, Run, Summary, WalkError};
use crate::codemods::Severity;
use crate::runner::{FileOutcome, Status};

fn sorted(c: &Counts) -> Vec<(&String, &usize)> {
    let mut r: Vec<(&String, &usize)> = c.reasons.iter().collect();
    r.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    r
}

#[derive(Default)]
struct Counts {
    converted: usize,
    skipped: usize,
    suppressed: usize,
    left_alone: usize,
    reasons: BTreeMap<String, usize>,
}

/// Counts per codemod.
pub struct Statistics<W: Write> {
    out: W,
    run: Run,
    quiet: bool,
    json: bool,
    per: BTreeMap<&'static str, Counts>,
}

impl<W: Write> Statistics<W> {
    /// A printer writing the table (or JSON, when `json`) to `out`.
    pub fn new(out: W, run: Run, quiet: bool, json: bool) -> Self {
        let per = crate::codemods::ALL
            .iter()
            .map(|c| (c.name(), Counts::default()))
            .collect();
        Self {
            out,
            run,
            quiet,
            json,
            per,
        }
    }
}

impl<W: Write> Printer for Statistics<W> {
    fn walk_error(&mut self, e: &WalkError) -> std::io::Result<()> {
        eprintln!("{}", super::walk_error_line(e));
        Ok(())
    }

    fn file(&mut self, o: &FileOutcome) -> std::io::Result<()> {
        match &o.status {
            Status::Error(e) => eprintln!("{}", super::file_error_line(&o.input.display, e)),
            Status::Changed(new) if self.run.write && o.input.path.is_none() => {
                self.out.write_all(new.as_bytes())?;
            }
            _ => {}
        }
        for c in &o.converted {
            self.per.entry(c).or_default().converted += 1;
        }
        for s in &o.silenced {
            self.per.entry(s.codemod).or_default().suppressed += 1;
        }
        for d in &o.diagnostics {
            if d.severity != Severity::Skip {
                continue;
            }
            let e = self.per.entry(d.codemod).or_default();
            match d.category {
                Some(c) => {
                    e.left_alone += 1;
                    *e.reasons.entry(format!("left alone ({c})")).or_default() += 1;
                }
                None => {
                    e.skipped += 1;
                    *e.reasons
                        .entry(super::reason_class(&d.message))
                        .or_default() += 1;
                }
            }
        }
        Ok(())
    }

    fn finish(&mut self, _outcomes: &[FileOutcome], summary: &Summary) -> std::io::Result<()> {
        if self.json {
            let v: Vec<_> = self
                .per
                .iter()
                .map(|(name, c)| {
                    json!({
                        "codemod": name,
                        "converted": c.converted,
                        "skipped": c.skipped,
                        "left_alone": c.left_alone,
                        "suppressed": c.suppressed,
                        "reasons": sorted(c).iter().map(|(r, n)| json!({"reason": r, "count": n})).collect::<Vec<_>>(),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(
                &mut self.out,
                &json!({"version": super::json::SCHEMA_VERSION, "statistics": v}),
            )?;
            writeln!(self.out)?;
        } else {
            writeln!(
                self.out,
                "{:<20} {:>9} {:>8} {:>10} {:>10}",
                "codemod", "converted", "skipped", "suppressed", "left alone"
            )?;
            for (name, c) in &self.per {
                writeln!(
                    self.out,
                    "{name:<20} {:>9} {:>8} {:>10} {:>10}",
                    c.converted, c.skipped, c.suppressed, c.left_alone
                )?;
            }
            for (name, c) in &self.per {
                if c.reasons.is_empty() {
                    continue;
                }
                writeln!(self.out, "\n{name}: skipped or left alone, by reason")?;
                for (reason, n) in sorted(c) {
                    writeln!(self.out, "{n:>8}  {reason}")?;
                }
            }
        }
        self.out.flush()?;
        if !self.quiet && !self.run.silent {
            eprintln!("{}", summary.render(self.run.write));
        }
        Ok(())
    }
}
