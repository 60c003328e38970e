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

/// What the user answered to one change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    /// Accept this change.
    Yes,
    /// Reject this change.
    No,
    /// Accept this change and every later one in the file.
    All,
    /// Reject this change and every later one in the file.
    Done,
    /// Reject this change and every later one; stop.
    Quit,
}

/// One answer as typed: a key or a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Typed {
    Answer(Answer),
    Help,
    /// Enter alone: ask again (never a silent "yes").
    Empty,
    Unknown,
}

fn parse_answer(s: &str) -> Typed {
    match s.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Typed::Answer(Answer::Yes),
        "n" | "no" => Typed::Answer(Answer::No),
        "a" | "all" => Typed::Answer(Answer::All),
        "d" | "done" => Typed::Answer(Answer::Done),
        "q" | "quit" => Typed::Answer(Answer::Quit),
        "?" | "h" | "help" => Typed::Help,
        "" => Typed::Empty,
        _ => Typed::Unknown,
    }
}

const HELP: &str = "\
y - accept this change
n - reject this change
a - accept this change and every later change in this file
d - reject this change and every later change in this file (go to the next file)
q - quit: reject this change and every later one (changes accepted so far are written)
? - print this help
";

/// Where the answers come from.
pub enum Answers<'a> {
    /// Lines, each ended by Enter (a pipe, a file, or a terminal in line mode); `echo`
    /// prints each answer after the question, for a readable transcript when the
    /// answers do not come from a terminal (which echoes them itself).
    Lines {
        input: &'a mut dyn BufRead,
        echo: bool,
    },
    /// Single keys from the terminal on stdin, without Enter (like `git add -p`
    /// with `interactive.singleKey`).
    #[cfg(unix)]
    Keys,
}

impl<'a> Answers<'a> {
    /// Single keys when stdin is a terminal, otherwise lines from `stdin`.
    pub fn stdin(stdin: &'a mut dyn BufRead) -> Self {
        let terminal = std::io::IsTerminal::is_terminal(&std::io::stdin());
        #[cfg(unix)]
        if terminal && tty::usable() {
            return Answers::Keys;
        }
        Answers::Lines {
            input: stdin,
            echo: !terminal,
        }
    }
}

/// What one read produced.
enum Read {
    Text(String),
    /// End of input: quit.
    Eof,
}

fn read_answer(out: &mut impl Write, answers: &mut Answers) -> std::io::Result<Read> {
    match answers {
        Answers::Lines { input, echo } => {
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                writeln!(out)?;
                return Ok(Read::Eof);
            }
            if *echo {
                writeln!(out, "{}", line.trim_end_matches(['\n', '\r']))?;
            }
            Ok(Read::Text(line))
        }
        #[cfg(unix)]
        Answers::Keys => Ok(match tty::read_key()? {
            tty::Key::Byte(b) => {
                // Echo the key, as the terminal would have done in line mode.
                if b.is_ascii_graphic() {
                    writeln!(out, "{}", char::from(b))?;
                } else {
                    writeln!(out)?;
                }
                Read::Text(if b == b'\r' || b == b'\n' {
                    String::new()
                } else {
                    char::from(b).to_string()
                })
            }
            tty::Key::Other => {
                writeln!(out)?;
                Read::Text("\u{fffd}".to_string())
            }
            tty::Key::Eof => {
                writeln!(out)?;
                Read::Eof
            }
            // Back from Ctrl-Z: show the question again.
            tty::Key::Suspended => Read::Text(String::new()),
        }),
    }
}

fn ask(
    out: &mut impl Write,
    answers: &mut Answers,
    position: usize,
    total: usize,
) -> std::io::Result<Answer> {
    loop {
        write!(
            out,
            "({position}/{total}) Accept this change? [y,n,a,d,q,?] "
        )?;
        out.flush()?;
        let text = match read_answer(out, answers)? {
            Read::Text(t) => t,
            Read::Eof => return Ok(Answer::Quit),
        };
        match parse_answer(&text) {
            Typed::Answer(a) => return Ok(a),
            Typed::Help => out.write_all(HELP.as_bytes())?,
            Typed::Empty => {}
            Typed::Unknown => writeln!(out, "Please answer y, n, a, d or q (? for help).")?,
        }
    }
}

/// Single-key input from the terminal on stdin: canonical mode and echo are off only
/// while one key is read, and the terminal is restored on every way out (the read
/// returning, an error, a panic unwinding, Ctrl-C, Ctrl-Z, Ctrl-\, and SIGTERM, SIGHUP,
/// SIGINT or SIGQUIT sent from elsewhere).
#[cfg(unix)]
mod tty {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicBool, Ordering};

    /// The terminal's settings before the first key was read.
    static SAVED: OnceLock<libc::termios> = OnceLock::new();
    /// Whether the terminal is in single-key mode now (read by the signal handler).
    static RAW: AtomicBool = AtomicBool::new(false);

    const SIGNALS: [libc::c_int; 4] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT];

    pub enum Key {
        Byte(u8),
        /// An escape sequence (an arrow key) or a non-ASCII character.
        Other,
        Eof,
        /// Ctrl-Z stopped the process and it was resumed.
        Suspended,
    }

    fn saved() -> Option<libc::termios> {
        if let Some(t) = SAVED.get() {
            return Some(*t);
        }
        // SAFETY: tcgetattr fills a plain C struct; zeroed is a valid initial value.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: fd 0 and a valid pointer.
        if unsafe { libc::tcgetattr(0, &raw mut t) } != 0 {
            return None;
        }
        Some(*SAVED.get_or_init(|| t))
    }

    /// Whether stdin's terminal settings can be read (and so restored).
    pub fn usable() -> bool {
        saved().is_some()
    }

    extern "C" fn restore_and_reraise(sig: libc::c_int) {
        if RAW.swap(false, Ordering::SeqCst)
            && let Some(t) = SAVED.get()
        {
            // SAFETY: tcsetattr, signal and raise are async-signal-safe.
            unsafe { libc::tcsetattr(0, libc::TCSANOW, t) };
        }
        // SAFETY: as above.
        unsafe {
            libc::signal(sig, libc::SIG_DFL);
            libc::raise(sig);
        }
    }

    /// Single-key mode for as long as it lives.
    struct Raw {
        saved: libc::termios,
        old: Vec<(libc::c_int, libc::sigaction)>,
    }

    impl Raw {
        fn enter() -> std::io::Result<Raw> {
            let saved = saved().ok_or_else(std::io::Error::last_os_error)?;
            let mut old = Vec::new();
            for sig in SIGNALS {
                // SAFETY: sigaction with zeroed (empty mask, no flags) structs and a
                // handler that only calls async-signal-safe functions.
                unsafe {
                    let mut new: libc::sigaction = std::mem::zeroed();
                    new.sa_sigaction = restore_and_reraise as extern "C" fn(libc::c_int) as usize;
                    let mut prev: libc::sigaction = std::mem::zeroed();
                    if libc::sigaction(sig, &raw const new, &raw mut prev) == 0 {
                        if prev.sa_sigaction == libc::SIG_IGN {
                            // An ignored signal (nohup, a background job) stays ignored.
                            libc::sigaction(sig, &raw const prev, std::ptr::null_mut());
                        } else {
                            old.push((sig, prev));
                        }
                    }
                }
            }
            let mut raw = saved;
            // No line editing, no echo, and Ctrl-C/Ctrl-Z/Ctrl-\ arrive as bytes so the
            // terminal is restored before the signal they stand for is raised.
            raw.c_lflag &= !(libc::ICANON | libc::ECHO | libc::ISIG);
            raw.c_cc[libc::VMIN] = 1;
            raw.c_cc[libc::VTIME] = 0;
            RAW.store(true, Ordering::SeqCst);
            let guard = Raw { saved, old };
            // SAFETY: fd 0 and a valid pointer.
            if unsafe { libc::tcsetattr(0, libc::TCSANOW, &raw const raw) } != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(guard)
        }
    }

    impl Drop for Raw {
        fn drop(&mut self) {
            RAW.store(false, Ordering::SeqCst);
            // SAFETY: fd 0 and valid pointers; the previous signal actions as saved.
            unsafe {
                libc::tcsetattr(0, libc::TCSANOW, &raw const self.saved);
                for (sig, prev) in &self.old {
                    libc::sigaction(*sig, prev, std::ptr::null_mut());
                }
            }
        }
    }

    /// Raise `sig` with its default action (the terminal is already restored).
    fn reraise(sig: libc::c_int) {
        // SAFETY: plain signal calls.
        unsafe {
            libc::signal(sig, libc::SIG_DFL);
            libc::raise(sig);
        }
    }

    /// Read one key press from stdin.
    pub fn read_key() -> std::io::Result<Key> {
        let (first, more) = {
            let _raw = Raw::enter()?;
            let first = read_byte()?;
            // An escape sequence (an arrow key) or a non-ASCII character: read the
            // rest of it, so it is one unknown answer rather than several.
            let mut more = false;
            if first.is_some_and(|b| b == 0x1b || b >= 0x80) {
                let mut poll = libc::pollfd {
                    fd: 0,
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one valid pollfd.
                while unsafe { libc::poll(&raw mut poll, 1, 30) } > 0 && read_byte()?.is_some() {
                    more = true;
                }
            }
            (first, more)
            // The terminal is restored here, before any signal is raised below.
        };
        if more {
            return Ok(Key::Other);
        }
        Ok(match first {
            None | Some(4) => Key::Eof,
            Some(3) => {
                reraise(libc::SIGINT);
                Key::Eof
            }
            Some(28) => {
                reraise(libc::SIGQUIT);
                Key::Eof
            }
            Some(26) => {
                // Stop like Ctrl-Z would; on `fg` the next read enters single-key mode again.
                // SAFETY: raising the default stop signal.
                unsafe { libc::raise(libc::SIGTSTP) };
                Key::Suspended
            }
            Some(b) if b.is_ascii() => Key::Byte(b),
            Some(_) => Key::Other,
        })
    }

    /// One byte from stdin; `None` at the end of input.
    fn read_byte() -> std::io::Result<Option<u8>> {
        let mut b = 0u8;
        loop {
            // SAFETY: reading one byte into `b`.
            let n = unsafe { libc::read(0, (&raw mut b).cast(), 1) };
            if n > 0 {
                return Ok(Some(b));
            }
            if n == 0 {
                return Ok(None);
            }
            let e = std::io::Error::last_os_error();
            if e.kind() != std::io::ErrorKind::Interrupted {
                return Err(e);
            }
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
    let mut answers = Answers::Lines {
        input: answers,
        echo: true,
    };
    run_in_project(inputs, Vec::new(), config, color, out, &mut answers)
}

/// [`run`], with facts also from `fact_only`: the rest of the inputs' projects.
pub fn run_in_project(
    inputs: Vec<Input>,
    fact_only: Vec<std::path::PathBuf>,
    config: &Config,
    color: bool,
    out: &mut impl Write,
    answers: &mut Answers,
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
    // The first round of every file up front, so the counter knows the total.
    let files: Vec<(Input, SourceFile, runner::Round)> = files
        .into_iter()
        .map(|(input, file)| {
            let r = runner::round_changes(&file, config, &facts);
            (input, file, r)
        })
        .collect();
    // Changes decided so far, and changes in the files not reviewed yet.
    let mut decided = 0;
    let mut later: usize = files.iter().map(|(_, _, r)| r.changes.len()).sum();
    for (input, first, first_round) in files {
        later -= first_round.changes.len();
        let path = input.display.clone();
        let original = first.text.clone();
        let mut file = first;
        let mut rejected: HashSet<String> = HashSet::new();
        let mut accept_all = false;
        let mut round = 0;
        let mut next_round = Some(first_round);
        'rounds: loop {
            let r = next_round
                .take()
                .unwrap_or_else(|| runner::round_changes(&file, config, &facts));
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
            let count = pending.len();
            for (i, c) in pending.into_iter().enumerate() {
                let preview = apply_changes(&file.text, std::slice::from_ref(c)).text;
                decided += 1;
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
                    let total = decided + (count - i - 1) + later;
                    match ask(out, answers, decided, total)? {
                        Answer::Yes => true,
                        Answer::No => false,
                        Answer::All => {
                            accept_all = true;
                            true
                        }
                        Answer::Done => {
                            decided += count - i - 1;
                            break 'rounds;
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
                        // Offsets moved: ask the codemods again (the counter's total
                        // follows what they propose now).
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
