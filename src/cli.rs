//! The command line: argument parsing, configuration, file discovery, and the run
//! that ties the runner to the printer. Exit codes: 0 ok, 1 `--check` found changes,
//! 2 usage, configuration or file errors.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, ValueEnum};

use crate::codemods::{self, ALL, Codemod, Options, Severity};
use crate::config::{self, Settings};
use crate::report::{self, Printer, Summary, WalkError};
use crate::runner::{self, Config, ErrorKind, FileError, FileOutcome, Input, Status};

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

/// How results are printed.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Unified diffs on stdout, diagnostics on stderr.
    Text,
    /// One JSON array on stdout: an object per file with edits, diagnostics, errors.
    Json,
    /// GitHub Actions annotations on stdout.
    Github,
    /// SARIF 2.1.0 on stdout (GitHub code scanning).
    Sarif,
}

/// Shells `generate-shell-completion` writes a script for.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Shell {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
}

/// sturdy: migrate Python code to resilience patterns, safely.
///
/// By default prints a unified diff of what would change (a dry run). Use --write to
/// apply the changes, --check to fail CI when anything would change.
#[derive(Debug, Parser)]
#[command(
    name = "sturdy",
    version,
    about,
    max_term_width = 100,
    disable_help_subcommand = true
)]
#[allow(clippy::struct_excessive_bools)]
pub struct Args {
    /// Files or directories to process (`-` reads one source from stdin).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Write the changes back to the files (atomically). `--fix` is the same.
    #[arg(long, visible_alias = "fix", conflicts_with = "check")]
    pub write: bool,
    /// Print the diff and change nothing (the default; for ruff users).
    #[arg(long, conflicts_with_all = ["write", "interactive"])]
    pub diff: bool,
    /// Print the diff and exit 1 if any file would change.
    #[arg(long)]
    pub check: bool,
    /// Review each change and write only the accepted ones.
    #[arg(long, short = 'i', conflicts_with_all = ["check", "write"])]
    pub interactive: bool,
    /// Comma-separated codemods to run (`all` for every codemod).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub select: Vec<String>,
    /// Comma-separated codemods to run in addition to the selection (or the defaults).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub extend_select: Vec<String>,
    /// Comma-separated codemods not to run.
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub ignore: Vec<String>,
    /// List every codemod and exit.
    #[arg(long)]
    pub list: bool,
    /// Print a codemod's documentation (`all`: every codemod's) and exit.
    #[arg(long, value_name = "NAME")]
    pub explain: Option<String>,
    /// List the files that would be processed and exit.
    #[arg(long)]
    pub show_files: bool,
    /// Print per-codemod counts (converted, skipped by reason, suppressed) instead
    /// of the diffs.
    #[arg(long)]
    pub statistics: bool,
    /// Exit 0 even when `--check` finds changes (errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// The file name to use for stdin input in diffs and messages.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Output format (`--format` is the same).
    #[arg(
        long = "output-format",
        visible_alias = "format",
        value_enum,
        env = "STURDY_OUTPUT_FORMAT",
        default_value_t = Format::Text
    )]
    pub format: Format,
    /// Colour the diff and the diagnostics. `auto`: when the stream is a terminal;
    /// a non-empty `FORCE_COLOR` turns colour on, a non-empty `NO_COLOR` off.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Do not print the summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Print nothing but errors (stdin with `--write` still gets the source back);
    /// the exit code still tells what happened.
    #[arg(long, short = 's', conflicts_with = "verbose")]
    pub silent: bool,
    /// List every candidate left alone as not applicable, with its reason (JSON
    /// output always lists them).
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// A configuration file (pyproject.toml or sturdy.toml) to use for every path, or
    /// a `KEY=VALUE` override in TOML syntax (`--config "target-version='py39'"`,
    /// `--config "abc-to-protocol.strip-abstractmethod=true"`) applied over the
    /// configuration. Repeatable; at most one file.
    #[arg(long, value_name = "CONFIG_OPTION")]
    pub config: Vec<String>,
    /// Ignore all configuration files.
    #[arg(long)]
    pub isolated: bool,
    /// The oldest Python the code must support (py37 … py314); default from the
    /// configuration or `requires-python`.
    #[arg(long, value_name = "VERSION", value_parser = parse_version)]
    pub target_version: Option<(u8, u8)>,
    /// abc-to-protocol: remove `@abstractmethod` decorators from converted classes.
    #[arg(long)]
    pub strip_abstractmethod: bool,
    /// abc-to-protocol: convert public interfaces too. By default they stay ABCs: code
    /// outside the project may subclass them, and a Protocol base ends a subclass's
    /// `super().__init__()` chain through it and conflicts with its own metaclass. Use
    /// it when nothing outside the project subclasses them (an application).
    #[arg(long)]
    pub convert_public_interfaces: bool,
    /// signature-dispatch: import the helper from `package.module:name` instead of
    /// adding it to each changed module.
    #[arg(long, value_name = "MODULE:NAME")]
    pub dispatch_helper: Option<String>,
    /// Take facts (subclasses, `.register()` calls, `isinstance` checks, attribute
    /// stores) only from the files named, not from the rest of their project. Faster
    /// on a huge repository, but a rewrite may then break code in files it did not
    /// see: use it only when the named files are the whole program.
    #[arg(long)]
    pub no_project_facts: bool,
    /// Glob patterns of files and directories to exclude, replacing the configured
    /// and default excludes (`.git`, `.venv`, `venv`, `dist`… see the README).
    #[arg(long, value_delimiter = ',', value_name = "GLOBS")]
    pub exclude: Vec<String>,
    /// Glob patterns to exclude in addition to `exclude` (or the defaults).
    #[arg(long, value_delimiter = ',', value_name = "GLOBS")]
    pub extend_exclude: Vec<String>,
    /// Apply the excludes to files named on the command line too (for pre-commit,
    /// which names every staged file).
    #[arg(long)]
    pub force_exclude: bool,
    /// The Python interpreter of the project's environment: its site-packages are
    /// read (lazily) to resolve third-party base classes. Default: `$VIRTUAL_ENV`, or a
    /// `.venv`/`venv` at the project root.
    #[arg(long, value_name = "PATH")]
    pub python: Option<PathBuf>,
    /// Refuse files larger than this (e.g. `20MB`, `512KB`, a number of bytes);
    /// default from the configuration's `max-file-size`, else 20MB.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_file_size: Option<u64>,
    /// Other commands.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Commands besides the default run.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Print a shell completion script (`sturdy generate-shell-completion bash >
    /// ~/.local/share/bash-completion/completions/sturdy`).
    GenerateShellCompletion {
        /// The shell.
        #[arg(value_enum)]
        shell: Shell,
    },
}

fn parse_size(s: &str) -> Result<u64, String> {
    crate::write::parse_size(s)
        .ok_or_else(|| "expected a size such as 20MB, 512KB or a number of bytes".to_string())
}

fn parse_version(s: &str) -> Result<(u8, u8), String> {
    config::parse_target_version(s).ok_or_else(|| {
        "expected one of py37, py38, py39, py310, py311, py312, py313, py314".to_string()
    })
}

/// Exit status.
fn code(n: u8) -> ExitCode {
    ExitCode::from(n)
}

/// Entry point used by the binary.
pub fn main() -> ExitCode {
    // Parsing is protected against deep nesting, but dropping and visiting a deep AST
    // recurses: run on a thread with a large stack (virtual memory; only touched pages count).
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(main_inner)
        .map_or_else(|_| main_inner(), |h| h.join().unwrap_or_else(|_| code(2)))
}

fn main_inner() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(Args {
            command: Some(Command::GenerateShellCompletion { shell }),
            ..
        }) => {
            let mut cmd = <Args as clap::CommandFactory>::command();
            let mut out = std::io::stdout();
            match shell {
                Shell::Bash => {
                    clap_complete::generate(
                        clap_complete::Shell::Bash,
                        &mut cmd,
                        "sturdy",
                        &mut out,
                    );
                }
                Shell::Zsh => {
                    clap_complete::generate(
                        clap_complete::Shell::Zsh,
                        &mut cmd,
                        "sturdy",
                        &mut out,
                    );
                }
                Shell::Fish => {
                    clap_complete::generate(
                        clap_complete::Shell::Fish,
                        &mut cmd,
                        "sturdy",
                        &mut out,
                    );
                }
            }
            return code(0);
        }
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

fn unknown(name: &str) -> String {
    let names: Vec<&str> = ALL.iter().map(|c| c.name()).collect();
    format!(
        "unknown codemod `{name}`; valid names: {}, all{}",
        names.join(", "),
        config::suggestion(name, names.iter().copied())
    )
}

/// Resolve `--select`/`--extend-select`/`--ignore` into the codemods to run.
pub fn selection(
    select: &[String],
    extend: &[String],
    ignore: &[String],
) -> Result<Vec<&'static dyn Codemod>, String> {
    for name in select.iter().chain(extend).chain(ignore) {
        if name != "all" && codemods::find(name).is_none() {
            return Err(unknown(name));
        }
    }
    let all = select.iter().any(|s| s == "all");
    Ok(ALL
        .iter()
        .copied()
        .filter(|c| {
            extend.iter().any(|s| s == c.name() || s == "all")
                || if select.is_empty() {
                    c.default_enabled()
                } else {
                    all || select.iter().any(|s| s == c.name())
                }
        })
        .filter(|c| !ignore.iter().any(|s| s == c.name() || s == "all"))
        .collect())
}

/// Find the files under `paths`. Explicit files are always included; directories
/// are walked for `*.py`/`*.pyi`, honouring .gitignore/.ignore, skipping hidden ones
/// and the configuration's `exclude` globs.
fn discover(
    args: &Args,
    paths: &[PathBuf],
    settings: &Settings,
    errors: &mut Vec<WalkError>,
) -> anyhow::Result<Vec<Input>> {
    let base = settings
        .path
        .as_ref()
        .and_then(|p| p.parent())
        .map(Path::to_path_buf);
    let mut globs = globset::GlobSetBuilder::new();
    let (replaced, user): (bool, Vec<&String>) = if args.exclude.is_empty() {
        (
            settings.exclude_replaces_defaults,
            settings
                .exclude
                .iter()
                .chain(&settings.extend_exclude)
                .chain(&args.extend_exclude)
                .collect(),
        )
    } else {
        (
            true,
            args.exclude.iter().chain(&args.extend_exclude).collect(),
        )
    };
    for g in &user {
        globs.add(globset::Glob::new(g)?);
    }
    let globs = globs.build()?;
    let defaults = !replaced;
    let excluded = |p: &Path| {
        if user.is_empty() {
            return false;
        }
        let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let rel = base
            .as_ref()
            .and_then(|b| abs.strip_prefix(b).ok())
            .unwrap_or(&abs);
        globs.is_match(rel)
            || p.file_name().is_some_and(|n| globs.is_match(n))
            || rel
                .ancestors()
                .any(|a| !a.as_os_str().is_empty() && globs.is_match(a))
    };
    let mut inputs = Vec::new();
    for path in paths {
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
                errors.push(WalkError {
                    path: Some(report::display_path(path)),
                    error: FileError::new(ErrorKind::Read, e.to_string()),
                });
                continue;
            }
        };
        if meta.is_file() {
            let in_default_exclude = || {
                defaults
                    && crate::semantic::project::absolute(path)
                        .parent()
                        .into_iter()
                        .flat_map(Path::components)
                        .any(|c| {
                            c.as_os_str()
                                .to_str()
                                .is_some_and(|n| config::DEFAULT_EXCLUDES.contains(&n))
                        })
            };
            if !(args.force_exclude && (excluded(path) || in_default_exclude())) {
                inputs.push(file_input(path));
            }
            continue;
        }
        if !meta.is_dir() {
            errors.push(WalkError {
                path: Some(report::display_path(path)),
                error: FileError::new(ErrorKind::Read, crate::write::not_regular(&meta)),
            });
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .require_git(false)
            .filter_entry(move |e| {
                !(defaults
                    && e.depth() > 0
                    && e.file_type().is_some_and(|t| t.is_dir())
                    && e.file_name()
                        .to_str()
                        .is_some_and(|n| config::DEFAULT_EXCLUDES.contains(&n)))
            })
            .build();
        for entry in walker {
            match entry {
                Ok(e) => {
                    let p = e.path();
                    if e.file_type().is_some_and(|t| t.is_file())
                        && p.extension().is_some_and(|x| x == "py" || x == "pyi")
                        && !excluded(p)
                    {
                        inputs.push(file_input(p));
                    }
                }
                Err(e) => errors.push(walk_error(&e)),
            }
        }
    }
    Ok(inputs)
}

/// The fact set's files that are not in the edit set: every Python file of the
/// projects the named paths belong to (the nearest directory upward with a
/// `pyproject.toml`, `setup.py`, `setup.cfg` or `.git`, or the configuration file's
/// directory), walked with the same ignore rules and excludes. Paths are compared
/// absolute, so the result does not depend on how they were spelled.
fn fact_set(
    args: &Args,
    paths: &[PathBuf],
    inputs: &[Input],
    settings: &Settings,
) -> anyhow::Result<Vec<PathBuf>> {
    use crate::semantic::project::{absolute, project_root};
    let mut roots: Vec<PathBuf> = Vec::new();
    for p in paths {
        let named = if p.as_os_str() == "-" {
            match &args.stdin_filename {
                Some(n) => PathBuf::from(n),
                None => continue,
            }
        } else {
            p.clone()
        };
        let root = project_root(&named).or_else(|| {
            settings
                .path
                .as_ref()
                .and_then(|c| c.parent())
                .map(absolute)
                .filter(|c| absolute(&named).starts_with(c))
        });
        if let Some(r) = root
            && !roots.iter().any(|o| r.starts_with(o))
        {
            roots.retain(|o| !o.starts_with(&r));
            roots.push(r);
        }
    }
    // A root named itself as a directory was walked already, with the same settings:
    // everything under it is in the edit set.
    let walked: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-" && p.is_dir())
        .map(|p| absolute(p))
        .collect();
    roots.retain(|r| !walked.contains(r));
    if roots.is_empty() {
        return Ok(Vec::new());
    }
    roots.sort();
    let mut edited: std::collections::HashSet<PathBuf> = inputs
        .iter()
        .filter_map(|i| i.path.as_deref().map(absolute))
        .collect();
    if let Some(n) = &args.stdin_filename {
        edited.insert(absolute(Path::new(n)));
    }
    let mut ignored = Vec::new();
    let found = discover(args, &roots, settings, &mut ignored)?;
    let mut out: Vec<PathBuf> = found
        .into_iter()
        .filter_map(|i| i.path)
        .filter(|p| !edited.contains(&absolute(p)))
        .collect();
    out.sort();
    out.dedup();
    Ok(out)
}

/// An error met while walking a directory.
fn walk_error(e: &ignore::Error) -> WalkError {
    match e {
        ignore::Error::WithPath { path, err } => WalkError {
            path: Some(report::display_path(path)),
            error: FileError::new(ErrorKind::Walk, bare(err)),
        },
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error(err)
        }
        ignore::Error::Loop { ancestor, child } => WalkError {
            path: Some(report::display_path(child)),
            error: FileError::new(
                ErrorKind::Walk,
                format!(
                    "symbolic link loop back to {}; the link is skipped",
                    report::display_path(ancestor)
                ),
            ),
        },
        other => WalkError {
            path: None,
            error: FileError::new(ErrorKind::Walk, other.to_string()),
        },
    }
}

/// An I/O error's message without ignore's "IO error for operation on PATH" prefix.
fn bare(e: &ignore::Error) -> String {
    match e {
        ignore::Error::Io(io) => io.to_string(),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => bare(err),
        other => other.to_string(),
    }
}

fn file_input(path: &Path) -> Input {
    Input {
        display: report::display_path(path),
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

/// `--config` values: at most one configuration file, and `KEY=VALUE` overrides (ruff's
/// rule: a value that names an existing file is a file; else one with `=` is an
/// override).
type Overrides = Vec<(toml::Table, Settings)>;

fn config_args(args: &Args) -> Result<(Option<PathBuf>, Overrides), String> {
    let mut file: Option<PathBuf> = None;
    let mut overrides = Vec::new();
    for c in &args.config {
        let p = PathBuf::from(c);
        if p.is_file() || !c.contains('=') {
            if let Some(first) = &file {
                return Err(format!(
                    "--config names two configuration files ({} and {c}); name one, and give other settings as `--config KEY=VALUE`",
                    first.display()
                ));
            }
            if args.isolated {
                return Err(format!(
                    "--config {c}: --isolated ignores configuration files; drop one of them (`--config KEY=VALUE` overrides work with --isolated)"
                ));
            }
            if !p.is_file() {
                return Err(format!(
                    "--config {c}: no such file; name a pyproject.toml or sturdy.toml, or give a `KEY=VALUE` override such as --config \"target-version='py39'\""
                ));
            }
            file = Some(p);
        } else {
            overrides.push(config::parse_override(c)?);
        }
    }
    Ok((file, overrides))
}

/// The settings for each input path (grouped: paths that share a configuration).
fn settings_groups(args: &Args) -> Result<Vec<(Settings, Vec<PathBuf>)>, String> {
    let mut groups: BTreeMap<Option<PathBuf>, (Settings, Vec<PathBuf>)> = BTreeMap::new();
    let (file, overrides) = config_args(args)?;
    let explicit = match &file {
        Some(p) => Some(config::load(p)?.unwrap_or_else(|| Settings {
            path: Some(p.clone()),
            ..Settings::default()
        })),
        None => None,
    };
    for path in &args.paths {
        let mut s = if args.isolated {
            Settings::default()
        } else if let Some(s) = &explicit {
            s.clone()
        } else if path.as_os_str() == "-" {
            config::discover(Path::new("."))?
        } else {
            config::discover(path)?
        };
        for (table, o) in &overrides {
            config::apply_override(&mut s, table, o);
        }
        groups
            .entry(s.path.clone())
            .or_insert_with(|| (s, Vec::new()))
            .1
            .push(path.clone());
    }
    Ok(groups.into_values().collect())
}

/// The run configuration for one settings group (command-line flags win).
fn run_config(args: &Args, s: &Settings, jobs: usize) -> Result<Config, String> {
    let select: Vec<String> = if args.select.is_empty() {
        s.select.clone().unwrap_or_default()
    } else {
        args.select.clone()
    };
    let ignore: Vec<String> = s.ignore.iter().chain(&args.ignore).cloned().collect();
    let extend: Vec<String> = s
        .extend_select
        .iter()
        .chain(&args.extend_select)
        .cloned()
        .collect();
    let codemods = selection(&select, &extend, &ignore)?;
    Ok(Config {
        codemods,
        options: Options {
            strip_abstractmethod: args.strip_abstractmethod
                || s.strip_abstractmethod.unwrap_or(false),
            convert_public_interfaces: args.convert_public_interfaces
                || s.convert_public_interfaces.unwrap_or(false),
            dispatch_helper: args
                .dispatch_helper
                .clone()
                .or_else(|| s.dispatch_helper.clone()),
            target_version: args.target_version.or(s.target_version),
            // The interactive flow applies changes file by file, without new files; a
            // source read from stdin gets its whole result back on stdout, so nothing else
            // is created either (the dispatch helper is defined in the module).
            create_files: !args.interactive && !args.paths.iter().any(|p| p.as_os_str() == "-"),
        },
        jobs,
        progress: None,
    })
}

fn progress_bar(files_hint: usize) -> Option<indicatif::ProgressBar> {
    let interactive = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    if !interactive || files_hint < 100 {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(files_hint as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} files {wide_bar} {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

/// Whether to colour a stream: `--color always|never`, else a non-empty `FORCE_COLOR`
/// turns colour on, a non-empty `NO_COLOR` off, and otherwise a terminal gets colour.
fn use_color(choice: Color, terminal: bool) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto if set("FORCE_COLOR") => true,
        Color::Auto if set("NO_COLOR") => false,
        Color::Auto => terminal,
    }
}

/// `--explain NAME`, or `--explain all` (every codemod's documentation, in order).
fn explain(name: &str, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    if name == "all" {
        for (i, c) in ALL.iter().enumerate() {
            if i > 0 {
                out.write_all(b"\n")?;
            }
            out.write_all(c.docs().as_bytes())?;
        }
        return Ok(code(0));
    }
    let Some(c) = codemods::find(name) else {
        eprintln!("sturdy: error: {}", unknown(name));
        return Ok(code(2));
    };
    out.write_all(c.docs().as_bytes())?;
    Ok(code(0))
}

/// Run with parsed arguments.
#[allow(clippy::too_many_lines)]
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = report::PipeGuard::new(stdout.lock());
    if args.list {
        if args.format == Format::Json {
            serde_json::to_writer_pretty(&mut out, &report::json::list())?;
            writeln!(out)?;
        } else {
            print_list(&mut out)?;
        }
        return Ok(code(0));
    }
    if let Some(name) = &args.explain {
        return explain(name, &mut out);
    }
    if let Err(e) = selection(&args.select, &args.extend_select, &args.ignore) {
        eprintln!("sturdy: error: {e}");
        return Ok(code(2));
    }
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
    if args.interactive && args.paths.iter().any(|p| p.as_os_str() == "-") {
        eprintln!("sturdy: error: --interactive cannot read from stdin; name the files instead");
        return Ok(code(2));
    }
    if args.interactive && args.format != Format::Text {
        let name = args
            .format
            .to_possible_value()
            .map(|v| v.get_name().to_string());
        eprintln!(
            "sturdy: error: --interactive shows diffs and asks questions; it cannot write `{}` output: drop --interactive, or --output-format",
            name.unwrap_or_default()
        );
        return Ok(code(2));
    }
    if args.statistics && matches!(args.format, Format::Github | Format::Sarif) {
        eprintln!(
            "sturdy: error: --statistics prints text or JSON; drop --output-format {} or --statistics",
            if args.format == Format::Github {
                "github"
            } else {
                "sarif"
            }
        );
        return Ok(code(2));
    }
    let groups = match settings_groups(args) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("sturdy: error: {e}");
            return Ok(code(2));
        }
    };
    let color = use_color(args.color, std::io::stdout().is_terminal());
    let color_stderr = use_color(args.color, std::io::stderr().is_terminal());
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get));

    let mut walk_errors = Vec::new();
    let mut work = Vec::new();
    for (settings, paths) in &groups {
        let config = match run_config(args, settings, jobs) {
            Ok(c) => c,
            Err(e) => {
                let from = settings
                    .path
                    .as_ref()
                    .map(|p| format!(" (configured in {})", p.display()))
                    .unwrap_or_default();
                eprintln!("sturdy: error: {e}{from}");
                return Ok(code(2));
            }
        };
        let inputs = discover(args, paths, settings, &mut walk_errors)?;
        if args.show_files {
            work.push((config, inputs, Vec::new(), 0));
            continue;
        }
        let project_facts = !args.no_project_facts && settings.project_facts.unwrap_or(true);
        let fact_only = if project_facts {
            fact_set(args, paths, &inputs, settings)?
        } else {
            Vec::new()
        };
        let max_size = args.max_file_size.or(settings.max_file_size);
        let max_size = max_size.unwrap_or(crate::write::DEFAULT_MAX_FILE_SIZE);
        work.push((config, inputs, fact_only, max_size));
    }
    if args.show_files {
        for e in &walk_errors {
            eprintln!("{}", report::walk_error_line(e));
        }
        let mut names: Vec<&str> = work
            .iter()
            .flat_map(|(_, i, _, _)| i.iter().map(|i| i.display.as_str()))
            .collect();
        names.sort_unstable();
        names.dedup();
        for n in names {
            writeln!(out, "{n}")?;
        }
        out.flush()?;
        return Ok(code(if walk_errors.is_empty() { 0 } else { 2 }));
    }
    let first_root = args
        .paths
        .iter()
        .find(|p| p.as_os_str() != "-")
        .and_then(|p| crate::semantic::project::project_root(p));
    crate::semantic::external::set_env_roots(crate::semantic::external::find_env_roots(
        args.python.as_deref(),
        first_root.as_deref(),
    ));

    if args.interactive {
        let mut summary = Summary {
            errors: walk_errors.len(),
            ..Summary::default()
        };
        for e in &walk_errors {
            eprintln!("{}", report::walk_error_line(e));
        }
        for (config, inputs, fact_only, max_size) in work {
            crate::write::set_max_file_size(max_size);
            let mut stdin = std::io::stdin().lock();
            let mut answers = crate::interactive::Answers::stdin(&mut stdin);
            let t = crate::interactive::run_in_project(
                inputs,
                fact_only,
                &config,
                color,
                &mut out,
                &mut answers,
            )?;
            let s = Summary::from(&t);
            summary.scanned += s.scanned;
            summary.changed += s.changed;
            summary.skipped += s.skipped;
            summary.suppressed += s.suppressed;
            summary.errors += s.errors;
            if t.quit {
                break;
            }
        }
        if !args.quiet && !args.silent {
            eprintln!("{}", summary.render(true));
        }
        return Ok(code(if summary.errors > 0 { 2 } else { 0 }));
    }

    runner::set_process_exits_after_runs(true);
    let total: usize = work.iter().map(|(_, i, _, _)| i.len()).sum();
    let bar = progress_bar(total);
    let mut outcomes: Vec<FileOutcome> = Vec::with_capacity(total);
    for (mut config, inputs, fact_only, max_size) in work {
        crate::write::set_max_file_size(max_size);
        if let Some(b) = &bar {
            let b = b.clone();
            config.progress = Some(Arc::new(move || b.inc(1)));
        }
        let (done, counted) = runner::run_in_project_counted(inputs, fact_only, &config);
        if let Some((indexed, of)) = counted
            && args.verbose
        {
            eprintln!("project facts: indexed {indexed} of {of} other files of the project");
        }
        outcomes.extend(done);
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    outcomes.sort_by(|a, b| a.input.display.cmp(&b.input.display));
    outcomes.dedup_by(|a, b| a.input.display == b.input.display && a.input.path.is_some());

    let run = report::Run {
        write: args.write,
        verbose: args.verbose,
        color_stdout: color,
        color_stderr,
        silent: args.silent,
    };
    let mut printer: Box<dyn Printer + '_> = if args.silent {
        // Errors only, whatever the format (and stdin's source with --write).
        Box::new(report::text::Text::new(&mut out, run, args.quiet))
    } else if args.statistics {
        Box::new(report::statistics::Statistics::new(
            &mut out,
            run,
            args.quiet,
            args.format == Format::Json,
        ))
    } else {
        match args.format {
            Format::Text => Box::new(report::text::Text::new(&mut out, run, args.quiet)),
            Format::Json => Box::new(report::json::Json::new(&mut out, run, args.quiet)),
            Format::Github => Box::new(report::github::Github::new(&mut out, run, args.quiet)),
            Format::Sarif => Box::new(report::sarif::Sarif::new(&mut out, run, args.quiet)),
        }
    };
    let mut summary = Summary {
        errors: walk_errors.len(),
        ..Summary::default()
    };
    for e in &walk_errors {
        printer.walk_error(e)?;
    }
    if args.write {
        runner::write_created(&mut outcomes);
    } else if !run.silent && matches!(args.format, Format::Text | Format::Json) {
        runner::render_patches(&outcomes, jobs);
    }
    for o in &mut outcomes {
        summary.scanned += 1;
        summary.skipped += o
            .diagnostics
            .iter()
            .filter(|d| d.category.is_none() && d.severity == Severity::Skip)
            .count();
        summary.suppressed += o.suppressed;
        // A killed run's leftover temp file goes even where nothing is left to write.
        if args.write
            && let Some(p) = &o.input.path
        {
            crate::write::clean_stale_beside(p);
        }
        // Write first, so a failed write is reported as an error everywhere.
        if args.write
            && !o.created
            && let (Status::Changed(new), Some(p)) = (&o.status, &o.input.path)
            && let Err(e) = crate::write::write_atomic_if_unchanged(p, &o.original, new)
        {
            o.status = Status::Error(FileError::new(ErrorKind::Write, e));
        }
        match &o.status {
            Status::Error(_) => summary.errors += 1,
            Status::Changed(_) => summary.changed += 1,
            Status::Unchanged => {}
        }
        printer.file(o)?;
    }
    printer.finish(&outcomes, &summary)?;
    drop(printer);
    out.flush()?;
    Ok(if summary.errors > 0 {
        code(2)
    } else if args.check && summary.changed > 0 && !args.exit_zero {
        code(1)
    } else {
        code(0)
    })
}
