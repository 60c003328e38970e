//! The command line: argument parsing, file discovery, and the run that ties the
//! runner to the printer. Exit codes: 0 ok, 1 `--check` found changes, 2 usage or
//! file errors.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, ValueEnum};

use crate::codemods::{self, ALL, Codemod, Options};
use crate::report::{self, Summary};
use crate::runner::{self, Config, Input, Status};

/// When to colour the diff.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Color {
    /// When stdout is a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// sturdy: migrate Python code to resilience patterns, safely.
///
/// By default prints a unified diff of what would change (a dry run). Use --write to
/// apply the changes, --check to fail CI when anything would change.
#[derive(Debug, Parser)]
#[command(name = "sturdy", version, about, max_term_width = 100)]
#[allow(clippy::struct_excessive_bools)]
pub struct Args {
    /// Files or directories to process (`-` reads one source from stdin).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Write the changes back to the files (atomically).
    #[arg(long, conflicts_with = "check")]
    pub write: bool,
    /// Print the diff and exit 1 if any file would change.
    #[arg(long)]
    pub check: bool,
    /// Comma-separated codemods to run (`all` for every codemod).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub select: Vec<String>,
    /// Comma-separated codemods not to run.
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub ignore: Vec<String>,
    /// List every codemod and exit.
    #[arg(long)]
    pub list: bool,
    /// Print a codemod's documentation and exit.
    #[arg(long, value_name = "NAME")]
    pub explain: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// The file name to use for stdin input in diffs and messages.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Colour the diff.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Do not print the summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// abc-to-protocol: remove `@abstractmethod` decorators from converted classes.
    #[arg(long)]
    pub strip_abstractmethod: bool,
    /// signature-dispatch: import the helper from `package.module:name` instead of
    /// adding it to each changed module.
    #[arg(long, value_name = "MODULE:NAME")]
    pub dispatch_helper: Option<String>,
}

/// Exit status.
fn code(n: u8) -> ExitCode {
    ExitCode::from(n)
}

/// Entry point used by the binary.
pub fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { code(2) } else { code(0) };
        }
    };
    match run(&args) {
        Ok(c) => c,
        Err(e) => {
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return code(0);
            }
            eprintln!("sturdy: error: {e:#}");
            code(2)
        }
    }
}

/// Resolve `--select`/`--ignore` into the codemods to run.
pub fn selection(
    select: &[String],
    ignore: &[String],
) -> Result<Vec<&'static dyn Codemod>, String> {
    let valid = || ALL.iter().map(|c| c.name()).collect::<Vec<_>>().join(", ");
    for name in select.iter().chain(ignore) {
        if name != "all" && codemods::find(name).is_none() {
            return Err(format!(
                "unknown codemod `{name}`; valid names: {}, all",
                valid()
            ));
        }
    }
    let all = select.iter().any(|s| s == "all");
    Ok(ALL
        .iter()
        .copied()
        .filter(|c| {
            if select.is_empty() {
                c.default_enabled()
            } else {
                all || select.iter().any(|s| s == c.name())
            }
        })
        .filter(|c| !ignore.iter().any(|s| s == c.name() || s == "all"))
        .collect())
}

/// Find the files to process. Explicit files are always included; directories are
/// walked for `*.py`/`*.pyi`, honouring .gitignore/.ignore and skipping hidden ones.
fn discover(args: &Args, errors: &mut Vec<String>) -> anyhow::Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for path in &args.paths {
        if path.as_os_str() == "-" {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf)?;
            inputs.push(Input {
                display: args
                    .stdin_filename
                    .clone()
                    .unwrap_or_else(|| "-".to_string()),
                path: None,
                content: Some(buf),
            });
            continue;
        }
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                errors.push(format!("{}: error: {e}", path.display()));
                continue;
            }
        };
        if meta.is_file() {
            inputs.push(file_input(path));
            continue;
        }
        let walker = ignore::WalkBuilder::new(path).require_git(false).build();
        for entry in walker {
            match entry {
                Ok(e) => {
                    let p = e.path();
                    if e.file_type().is_some_and(|t| t.is_file())
                        && p.extension().is_some_and(|x| x == "py" || x == "pyi")
                    {
                        inputs.push(file_input(p));
                    }
                }
                Err(e) => errors.push(format!("error: {e}")),
            }
        }
    }
    inputs.sort_by(|a, b| a.display.cmp(&b.display));
    inputs.dedup_by(|a, b| a.display == b.display);
    Ok(inputs)
}

fn file_input(path: &Path) -> Input {
    let shown = path.to_string_lossy();
    let shown = shown.strip_prefix("./").unwrap_or(&shown);
    Input {
        display: shown.to_string(),
        path: Some(path.to_path_buf()),
        content: None,
    }
}

fn print_list(out: &mut impl Write) -> std::io::Result<()> {
    for c in ALL {
        let default = if c.default_enabled() {
            "default"
        } else {
            "opt-in "
        };
        writeln!(out, "{:<20} [{default}] {}", c.name(), c.summary())?;
    }
    Ok(())
}

/// Run with parsed arguments.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.list {
        print_list(&mut out)?;
        return Ok(code(0));
    }
    if let Some(name) = &args.explain {
        let Some(c) = codemods::find(name) else {
            let valid: Vec<_> = ALL.iter().map(|c| c.name()).collect();
            eprintln!(
                "sturdy: error: unknown codemod `{name}`; valid names: {}",
                valid.join(", ")
            );
            return Ok(code(2));
        };
        out.write_all(c.docs().as_bytes())?;
        return Ok(code(0));
    }
    let selected = match selection(&args.select, &args.ignore) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("sturdy: error: {e}");
            return Ok(code(2));
        }
    };
    if args.jobs == Some(0) {
        eprintln!("sturdy: error: --jobs must be at least 1");
        return Ok(code(2));
    }
    if let Some(h) = &args.dispatch_helper
        && !crate::codemods::signature_dispatch::valid_helper_spec(h)
    {
        eprintln!("sturdy: error: --dispatch-helper `{h}` must look like `package.module:name`");
        return Ok(code(2));
    }
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut walk_errors = Vec::new();
    let inputs = discover(args, &mut walk_errors)?;
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get));
    let config = Config {
        codemods: selected,
        options: Options {
            strip_abstractmethod: args.strip_abstractmethod,
            dispatch_helper: args.dispatch_helper.clone(),
        },
        jobs,
    };
    let outcomes = runner::run(inputs, &config);

    let mut summary = Summary {
        errors: walk_errors.len(),
        ..Summary::default()
    };
    for e in &walk_errors {
        eprintln!("{e}");
    }
    for o in &outcomes {
        summary.scanned += 1;
        let path = &o.input.display;
        for d in &o.diagnostics {
            eprintln!("{}", report::diagnostic_line(path, d));
        }
        summary.skipped += o.diagnostics.len();
        match &o.status {
            Status::Error(msg) => {
                summary.errors += 1;
                eprintln!("{}", report::error_line(path, msg));
            }
            Status::Unchanged => {
                if args.write && o.input.path.is_none() {
                    // stdin --write: echo the (unchanged) source for editors.
                    if let Some(c) = &o.input.content {
                        out.write_all(c)?;
                    }
                }
            }
            Status::Changed(new) => {
                summary.changed += 1;
                if args.write {
                    match &o.input.path {
                        None => out.write_all(new.as_bytes())?,
                        Some(p) => {
                            if let Err(e) = crate::write::write_atomic(p, new) {
                                summary.errors += 1;
                                summary.changed -= 1;
                                eprintln!("{}", report::error_line(path, &e));
                            }
                        }
                    }
                } else {
                    let diff = report::unified_diff(path, &o.original, new);
                    if color {
                        out.write_all(report::colorize(&diff).as_bytes())?;
                    } else {
                        out.write_all(diff.as_bytes())?;
                    }
                }
            }
        }
    }
    out.flush()?;
    if !args.quiet {
        eprintln!("{}", summary.render(args.write));
    }
    Ok(if summary.errors > 0 {
        code(2)
    } else if args.check && summary.changed > 0 {
        code(1)
    } else {
        code(0)
    })
}
