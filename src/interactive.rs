//! `--interactive`: review every change (a codemod's all-or-nothing edit group) as
//! a coloured diff and accept or reject it, like `ast-grep -i`. Only accepted changes
//! are written, atomically per file; the codemods re-run after each acceptance so
//! later changes are shown against the current text.

use std::collections::HashSet;
use std::io::{BufRead, Write};

use crate::codemods::Facts;
use crate::edit::{Change, apply_changes};
use crate::report::{self, Summary};
use crate::runner::{self, Config, Input};
use crate::source::SourceFile;

/// The totals of an interactive run.
#[derive(Debug, Default)]
pub struct Totals {
    /// Files looked at.
    pub scanned: usize,
    /// Files written.
    pub changed: usize,
    /// Skip diagnostics.
    pub skipped: usize,
    /// Silenced candidates.
    pub suppressed: usize,
    /// Files with errors.
    pub errors: usize,
    /// The user quit.
    pub quit: bool,
}

impl From<&Totals> for Summary {
    fn from(t: &Totals) -> Self {
        Summary {
            scanned: t.scanned,
            changed: t.changed,
            skipped: t.skipped,
            suppressed: t.suppressed,
            errors: t.errors,
        }
    }
}

/// A change identified by what it does, so a rejected change is not offered again
/// after other edits moved its offsets.
fn key(text: &str, c: &Change) -> String {
    let mut k = String::from(c.codemod);
    for e in &c.edits {
        k.push('\u{0}');
        k.push_str(&text[e.range]);
        k.push('\u{1}');
        k.push_str(&e.content);
    }
    k
}

enum Answer {
    Yes,
    No,
    All,
    Quit,
}

fn ask(out: &mut impl Write, input: &mut impl BufRead) -> std::io::Result<Answer> {
    loop {
        write!(
            out,
            "Accept this change? [y]es / [n]o / [a]ll in this file / [q]uit: "
        )?;
        out.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            writeln!(out)?;
            return Ok(Answer::Quit);
        }
        match line.trim().to_ascii_lowercase().as_str() {
            "y" | "yes" | "" => return Ok(Answer::Yes),
            "n" | "no" => return Ok(Answer::No),
            "a" | "all" => return Ok(Answer::All),
            "q" | "quit" => return Ok(Answer::Quit),
            _ => writeln!(out, "Please answer y, n, a or q.")?,
        }
    }
}

/// Review and apply changes file by file.
pub fn run(
    inputs: Vec<Input>,
    config: &Config,
    color: bool,
    out: &mut impl Write,
    answers: &mut impl BufRead,
) -> anyhow::Result<Totals> {
    run_in_project(inputs, Vec::new(), config, color, out, answers)
}

/// [`run`], with facts also from `fact_only`: the rest of the inputs' projects.
pub fn run_in_project(
    inputs: Vec<Input>,
    fact_only: Vec<std::path::PathBuf>,
    config: &Config,
    color: bool,
    out: &mut impl Write,
    answers: &mut impl BufRead,
) -> anyhow::Result<Totals> {
    let mut totals = Totals::default();
    let mut files: Vec<(Input, SourceFile)> = Vec::new();
    let mut facts = Facts::default();
    let namer = crate::semantic::project::ModuleNamer::default();
    let mut inputs = inputs;
    inputs.sort_by(|a, b| a.display.cmp(&b.display));
    for input in inputs {
        totals.scanned += 1;
        let parsed = runner::read(&input).and_then(|t| {
            runner::parse_module(&input.display, input.path.as_deref(), t, &namer)
                .map_err(|p| runner::parse_error(&p))
        });
        match parsed {
            Ok(file) => {
                facts.semantic.add(file.module_facts());
                let mut candidate = false;
                for c in &config.codemods {
                    candidate |= c.index(&file, &mut facts) != crate::codemods::Need::Nothing;
                }
                if candidate || !config.codemods.iter().any(|c| c.uses_facts()) {
                    files.push((input, file));
                }
            }
            Err(e) => {
                totals.errors += 1;
                eprintln!("{}", report::file_error_line(&input.display, &e));
            }
        }
    }
    for path in fact_only {
        runner::index_only(&path, config, &mut facts, &namer);
    }
    facts.semantic.finish();
    for (input, first) in files {
        let path = input.display.clone();
        let original = first.text.clone();
        let mut file = first;
        let mut rejected: HashSet<String> = HashSet::new();
        let mut accept_all = false;
        let mut round = 0;
        'rounds: loop {
            let r = runner::round_changes(&file, config, &facts);
            if round == 0 {
                let skips = r.diagnostics.iter().filter(|d| d.category.is_none());
                for d in skips.clone() {
                    eprintln!("{}", report::diagnostic_line(&path, d));
                }
                totals.skipped += skips
                    .filter(|d| d.severity == crate::codemods::Severity::Skip)
                    .count();
                totals.suppressed += r.suppressed;
            }
            round += 1;
            let pending: Vec<&Change> = r
                .changes
                .iter()
                .filter(|c| !rejected.contains(&key(&file.text, c)))
                .collect();
            if pending.is_empty() || round > 50 {
                break;
            }
            for c in pending {
                let preview = apply_changes(&file.text, std::slice::from_ref(c)).text;
                let accepted = if accept_all {
                    true
                } else {
                    let diff = report::unified_diff(&path, &file.text, &preview);
                    writeln!(out, "\n{} ({})", path, c.codemod)?;
                    if color {
                        out.write_all(report::colorize(&diff).as_bytes())?;
                    } else {
                        out.write_all(diff.as_bytes())?;
                    }
                    match ask(out, answers)? {
                        Answer::Yes => true,
                        Answer::No => false,
                        Answer::All => {
                            accept_all = true;
                            true
                        }
                        Answer::Quit => {
                            totals.quit = true;
                            break 'rounds;
                        }
                    }
                };
                if !accepted {
                    rejected.insert(key(&file.text, c));
                    continue;
                }
                match SourceFile::parse(&path, preview) {
                    Ok(f) => {
                        file = f;
                        // Offsets moved: ask the codemods again.
                        continue 'rounds;
                    }
                    Err(_) => {
                        eprintln!(
                            "{path}: internal error: codemod {} produced invalid Python; change not applied",
                            c.codemod
                        );
                        rejected.insert(key(&file.text, c));
                    }
                }
            }
            break;
        }
        if file.text != original {
            let written = match &input.path {
                Some(p) => crate::write::write_atomic_if_unchanged(p, &original, &file.text),
                None => Err("no file to write".to_string()),
            };
            match written {
                Ok(()) => totals.changed += 1,
                Err(e) => {
                    totals.errors += 1;
                    let e = runner::FileError::new(runner::ErrorKind::Write, e);
                    eprintln!("{}", report::file_error_line(&path, &e));
                }
            }
        }
        if totals.quit {
            break;
        }
    }
    Ok(totals)
}
