//! One Python source file as the codemods see it: its text, its parsed module, its
//! style (indentation, quotes, line ending) and line/column lookups.
//!
//! This is the only module that talks to `ruff_python_parser` directly, so the rest
//! of the crate is insulated from the (unstable, internal) ruff crate APIs.

use ruff_python_ast::token::{TokenKind, Tokens};
use ruff_python_ast::{ModModule, PythonVersion, Stmt};
use ruff_python_codegen::{Generator, Indentation, Stylist};
use ruff_python_parser::{Mode, ParseOptions, Parsed};
use ruff_source_file::{LineEnding, LineIndex};
use ruff_text_size::{Ranged, TextRange, TextSize};

/// A syntax error found while parsing, with a 1-based position.
#[derive(Debug, Clone)]
pub struct SyntaxProblem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// The parser's message.
    pub message: String,
}

/// A parsed source file.
pub struct SourceFile {
    /// The path as shown to the user (in diffs and diagnostics).
    pub path: String,
    /// The full text, including a BOM if the file has one.
    pub text: String,
    /// [`SourceFile::path`], shared by the locations of the file's facts (made on first
    /// use).
    shared_path: std::sync::OnceLock<std::sync::Arc<str>>,
    /// How many line breaks the text has up to the end of each [`BLOCK`]-byte block
    /// (but the last, partial one), counted on the first [`SourceFile::line_col`]
    /// lookup: a lookup then counts within one block only.
    blocks: std::sync::OnceLock<Vec<u32>>,
    /// Whether the text has a `\r` anywhere (found on first use).
    has_cr: std::sync::OnceLock<bool>,
    /// Whether the text says `sturdy:` (found on first use; see
    /// [`SourceFile::says_sturdy`]).
    says_sturdy: std::sync::OnceLock<bool>,
    /// Indentation and line ending, detected on first use (most files get no edit).
    style: std::sync::OnceLock<(Indentation, LineEnding)>,
    /// The module's top-level bindings, collected on first use (the semantic index and
    /// several codemods ask for them).
    bindings: std::sync::OnceLock<crate::semantic::bindings::Bindings>,
    marks: Marks,
    /// The dotted module name (from the file's place among packages on disk; the
    /// file stem until the runner sets it).
    pub module: String,
    /// Whether the file is a package's `__init__`.
    pub is_package: bool,
    /// The file on disk (`None` for stdin and sources given as text).
    pub disk_path: Option<std::path::PathBuf>,
    /// The parse: last, so that it (and its arena) goes after every other field, should
    /// one ever hold a part of it.
    parsed: HeldParse,
}

/// Where a few kinds of tokens are, so that a visitor can pass over every statement
/// without the tokens it acts on (most of a file, for most codemods) without walking
/// it. Built while parsing, in the pass over the tokens that bounds the AST's depth.
/// Offsets are token starts, in order; [`Marks::within`] tests a range.
#[derive(Debug, Default)]
pub struct Marks {
    /// Where a class may be used at run time (for abc-to-protocol), in one list:
    /// - identifiers (names and attribute names) starting with an ASCII capital letter,
    ///   except where they are never a value themselves: right before `(` or `.`
    ///   (called, or an attribute's base: `Foo()`, `Foo.bar`), right before `=` (an
    ///   assignment target or a keyword argument's name), right after `class`, and as
    ///   the one type of an `except Foo:` clause;
    /// - the identifiers `isinstance`, `issubclass` and `register`;
    /// - `match` soft keywords (match statements: class patterns).
    pub class_uses: Vec<TextSize>,
    /// The identifier `__del__`.
    pub dunder_del: Vec<TextSize>,
    /// The identifier `__init__`.
    pub dunder_init: Vec<TextSize>,
    /// The names `bind`, `workers` and `preload_app` starting a module-level
    /// statement (gunicorn settings).
    pub settings: Vec<TextSize>,
    /// The names `fastapi` and `pydantic` (imports of the frameworks).
    pub frameworks: Vec<TextSize>,
    /// The names `fork` and `forkpty` (`os.fork()`, `pty.fork()`), and short strings
    /// holding `fork` (a multiprocessing start method: `get_context("fork")`).
    pub forks: Vec<TextSize>,
    /// `class` keywords.
    pub class_keywords: Vec<TextSize>,
    /// The names `setattr` and `delattr` (attribute stores by name).
    pub setattrs: Vec<TextSize>,
    /// `**` right after `(` or `,` (comments and line breaks aside): a dict spread
    /// in a call (`f(**kw)`, `f(a, **kw)`) or a `**kwargs` parameter; never the
    /// power operator.
    pub unpacks: Vec<TextSize>,
}

impl Marks {
    /// Whether any of `offsets` lies in `range`.
    pub fn within(offsets: &[TextSize], range: TextRange) -> bool {
        let i = offsets.partition_point(|&o| o < range.start());
        offsets.get(i).is_some_and(|&o| o < range.end())
    }

    /// The marks and [`token_depth_bound`], in one pass over the tokens.
    fn of(tokens: &Tokens, text: &str) -> (Self, usize) {
        let mut m = Self::default();
        let bytes = text.as_bytes();
        let tokens: &[ruff_python_ast::token::Token] = tokens;
        let mut depth = DepthBound::default();
        // The kind of the last token that is not a comment or a line break in brackets.
        let mut previous = TokenKind::Newline;
        // Per token, one test sets the few kinds it marks or counts (and trivia) apart;
        // plain tokens and names then share one table test for a name worth a look, so
        // the loop takes no jump table's unpredictable branch for most tokens.
        for (n, t) in tokens.iter().enumerate() {
            // The next token's index.
            let i = n + 1;
            let kind = t.kind();
            let role = ROLES[kind as usize];
            if role >= TRIVIA {
                if role == TRIVIA {
                    continue;
                }
                depth.add(i, kind);
                match kind {
                    TokenKind::String => {
                        let s = &bytes[t.start().to_usize()..t.end().to_usize()];
                        // `"fork"` to `u"forkserver"`.
                        if (6..=14).contains(&s.len()) && s.windows(4).any(|w| w == b"fork") {
                            m.forks.push(t.start());
                        }
                    }
                    TokenKind::Class => m.class_keywords.push(t.start()),
                    TokenKind::Match => m.class_uses.push(t.start()),
                    TokenKind::DoubleStar => {
                        if matches!(previous, TokenKind::Lpar | TokenKind::Comma) {
                            m.unpacks.push(t.start());
                        }
                    }
                    _ => {}
                }
                previous = kind;
                continue;
            }
            // Most tokens are plain or names of no interest: one test without a
            // branch per kind tells the few names worth a look (see [`FIRST_BYTE`]).
            let (start, end) = (t.start().to_usize(), t.end().to_usize());
            let first = bytes.get(start).copied().unwrap_or_default();
            let look =
                (role == NAME) & ((FIRST_BYTE[first as usize] >> (end - start).min(63)) & 1 != 0);
            if look {
                if first.is_ascii_uppercase() {
                    let next = tokens.get(i).map(ruff_python_ast::token::Token::kind);
                    let not_a_value = matches!(
                        next,
                        Some(TokenKind::Lpar | TokenKind::Dot | TokenKind::Equal)
                    ) || previous == TokenKind::Class
                        || (previous == TokenKind::Except
                            && matches!(next, Some(TokenKind::Colon | TokenKind::As)));
                    if !not_a_value {
                        m.class_uses.push(t.start());
                    }
                } else {
                    match &bytes[start..end] {
                        b"fork" | b"forkpty" => m.forks.push(t.start()),
                        b"fastapi" | b"pydantic" => m.frameworks.push(t.start()),
                        b"bind" | b"workers" | b"preload_app"
                            if depth.indent == 0
                                && matches!(previous, TokenKind::Newline | TokenKind::Dedent) =>
                        {
                            m.settings.push(t.start());
                        }
                        b"isinstance" | b"issubclass" | b"register" => {
                            m.class_uses.push(t.start());
                        }
                        b"__del__" => m.dunder_del.push(t.start()),
                        b"setattr" | b"delattr" => m.setattrs.push(t.start()),
                        b"__init__" => m.dunder_init.push(t.start()),
                        _ => {}
                    }
                }
            }
            previous = kind;
        }
        (m, depth.bound(tokens.len()))
    }
}

/// For a name starting with the byte at the index, the lengths (bit `n` for `n` bytes,
/// bit 63 for longer) at which the marks pass looks at it: any length for a capital
/// (a class, maybe), the lengths of the words it looks for after their first letters.
static FIRST_BYTE: [u64; 256] = {
    let words: u64 = (1 << 4) | (1 << 7) | (1 << 8) | (1 << 10) | (1 << 11);
    let mut t = [0u64; 256];
    let mut b = b'A';
    while b <= b'Z' {
        t[b as usize] = u64::MAX;
        b += 1;
    }
    let firsts = b"fpbwirsd_";
    let mut i = 0;
    while i < firsts.len() {
        t[firsts[i] as usize] = words;
        i += 1;
    }
    t
};

/// What the marks pass does with a token, by kind ([`ROLES`]).
const PLAIN: u8 = 0;
const NAME: u8 = 1;
/// Comments and line breaks inside brackets: not even the previous token.
const TRIVIA: u8 = 2;
const OTHER: u8 = 3;

/// The role of each token kind in the marks pass, by `TokenKind as usize`: most kinds
/// only become the previous token; `OTHER` kinds are marked or bound the depth.
static ROLES: [u8; 256] = {
    let mut t = [PLAIN; 256];
    t[TokenKind::Name as usize] = NAME;
    t[TokenKind::NonLogicalNewline as usize] = TRIVIA;
    t[TokenKind::Comment as usize] = TRIVIA;
    t[TokenKind::Newline as usize] = OTHER;
    t[TokenKind::Indent as usize] = OTHER;
    t[TokenKind::Dedent as usize] = OTHER;
    t[TokenKind::String as usize] = OTHER;
    t[TokenKind::Class as usize] = OTHER;
    t[TokenKind::Match as usize] = OTHER;
    t[TokenKind::DoubleStar as usize] = OTHER;
    t
};

/// The block size of [`SourceFile::line_col`]'s line counts.
const BLOCK: usize = 128;

/// Parse options used everywhere: the newest grammar the parser knows.
fn options() -> ParseOptions {
    ParseOptions::from(Mode::Module).with_target_version(PythonVersion::latest())
}

impl SourceFile {
    /// Parse `text`. Returns the first syntax error if the text does not parse.
    pub fn parse(path: &str, text: String) -> Result<Self, SyntaxProblem> {
        let (parsed, arena) = crate::arena::Arena::within(|| {
            ruff_python_parser::parse_unchecked(&text, options())
                .try_into_module()
                .expect("Mode::Module always yields a module")
        });
        let parsed = HeldParse {
            parsed: std::mem::ManuallyDrop::new(parsed),
            arena,
        };
        // One pass over the tokens: the marks most runs need anyway, and the depth bound.
        let (marks, bound) = Marks::of(parsed.tokens(), &text);
        let problem = if let Some(err) = parsed.errors().first() {
            Some((err.location.start(), printable(&err.error.to_string())))
        } else {
            too_deep(&parsed, bound).map(|at| {
                (
                    at,
                    format!(
                        "the code nests more than {MAX_DEPTH} levels deep, which Python cannot compile either"
                    ),
                )
            })
        };
        if let Some((at, message)) = problem {
            parsed.dispose();
            let lc = LineIndex::from_source_text(&text).line_column(at, &text);
            return Err(SyntaxProblem {
                line: lc.line.get(),
                column: lc.column.get(),
                message,
            });
        }
        let stem = std::path::Path::new(path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Self {
            path: path.to_string(),
            text,
            shared_path: std::sync::OnceLock::new(),
            parsed,
            blocks: std::sync::OnceLock::new(),
            has_cr: std::sync::OnceLock::new(),
            says_sturdy: std::sync::OnceLock::new(),
            style: std::sync::OnceLock::new(),
            bindings: std::sync::OnceLock::new(),
            marks,
            is_package: stem == "__init__",
            module: stem,
            disk_path: None,
        })
    }

    /// Set the dotted module name (and whether the file is a package's `__init__`).
    pub fn set_module(&mut self, module: &str, is_package: bool) {
        module.clone_into(&mut self.module);
        self.is_package = is_package;
        // Bindings resolve relative imports against the module name.
        self.bindings = std::sync::OnceLock::new();
    }

    /// The module's top-level bindings ([`crate::semantic::bindings::Bindings::collect`]
    /// over [`SourceFile::suite`]), computed once.
    pub fn bindings(&self) -> &crate::semantic::bindings::Bindings {
        self.bindings.get_or_init(|| {
            crate::semantic::bindings::Bindings::collect(
                &self.module,
                self.is_package,
                self.suite(),
            )
        })
    }

    /// [`SourceFile::path`] as the locations of the file's facts share it.
    pub fn shared_path(&self) -> std::sync::Arc<str> {
        self.shared_path
            .get_or_init(|| std::sync::Arc::from(self.path.as_str()))
            .clone()
    }

    /// This module's facts for the semantic layer.
    pub fn module_facts(&self) -> crate::semantic::ModuleFacts {
        crate::semantic::index::index_module_with(
            self.bindings(),
            &self.module,
            self.shared_path(),
            crate::semantic::index::Setattrs::At(&self.marks.setattrs),
            self.suite(),
            &|at| self.line(at),
        )
    }

    /// Whether the parse lives in an arena (see [`crate::arena`]): dropping the file
    /// is then cheap, with no walk of the AST.
    pub fn in_arena(&self) -> bool {
        self.parsed.arena.is_some()
    }

    /// The module's top-level statements.
    pub fn suite(&self) -> &[Stmt] {
        self.parsed.suite()
    }

    /// The token stream (includes comments).
    pub fn tokens(&self) -> &Tokens {
        self.parsed.tokens()
    }

    /// Ranges of every comment in the file, in order.
    pub fn comment_ranges(&self) -> impl Iterator<Item = TextRange> + '_ {
        self.tokens()
            .iter()
            .filter(|t| t.kind() == TokenKind::Comment)
            .map(ruff_text_size::Ranged::range)
    }

    /// Whether the text says `sturdy:` anywhere: without it, the file has no
    /// suppression comment. Found once (several passes ask).
    pub fn says_sturdy(&self) -> bool {
        *self
            .says_sturdy
            .get_or_init(|| crate::util::contains(&self.text, "sturdy:"))
    }

    /// Where the tokens some visitors look for are (see [`Marks`]).
    pub fn marks(&self) -> &Marks {
        &self.marks
    }

    /// The 1-based line of an offset (see [`SourceFile::line_col`]).
    pub fn line(&self, offset: TextSize) -> usize {
        self.line_at(offset.to_usize().min(self.text.len()))
    }

    /// Whether a `\r` (alone or in `\r\n`) ends at `at`, or a `\n`: a line break.
    /// `\r\n` counts at its `\n`.
    fn ends_line(&self, at: usize) -> bool {
        let bytes = self.text.as_bytes();
        bytes[at] == b'\n' || bytes.get(at + 1) != Some(&b'\n')
    }

    /// Whether the text has a `\r` anywhere.
    fn has_cr(&self) -> bool {
        *self
            .has_cr
            .get_or_init(|| memchr::memchr(b'\r', self.text.as_bytes()).is_some())
    }

    /// The line breaks in `text[from..to]`.
    fn breaks(&self, from: usize, to: usize) -> usize {
        let bytes = &self.text.as_bytes()[from..to];
        if self.has_cr() {
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                .filter(|&i| self.ends_line(from + i))
                .count()
        } else {
            // Without any `\r` in the file (most files): a plain count, which the
            // compiler vectorizes (cheaper than `memchr` on a block this short).
            bytes
                .chunks(255)
                .map(|c| usize::from(c.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n'))))
                .sum()
        }
    }

    fn line_at(&self, offset: usize) -> usize {
        let blocks = self.blocks.get_or_init(|| {
            let len = self.text.len();
            let mut total = 0u32;
            (0..len / BLOCK)
                .map(|k| {
                    // At most one break a byte: a text the parser takes (under 4 GiB)
                    // has fewer than `u32::MAX`.
                    let n = self.breaks(k * BLOCK, (k + 1) * BLOCK);
                    total += u32::try_from(n).unwrap_or(u32::MAX);
                    total
                })
                .collect()
        });
        // The breaks in the whole blocks before `offset`, then in the rest.
        let k = offset / BLOCK;
        let before = k.checked_sub(1).map_or(0, |i| blocks[i] as usize);
        1 + before + self.breaks(k * BLOCK, offset)
    }

    /// 1-based (line, column) of an offset; the column counts characters. Lines end
    /// at `\n`, `\r\n` or a lone `\r`, as for Python.
    pub fn line_col(&self, offset: TextSize) -> (usize, usize) {
        let bytes = self.text.as_bytes();
        let offset = offset.to_usize().min(bytes.len());
        let line = self.line_at(offset);
        let mut start = if self.has_cr() {
            memchr::memrchr2_iter(b'\n', b'\r', &bytes[..offset])
                .find(|&i| self.ends_line(i))
                .map_or(0, |i| i + 1)
        } else {
            memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |i| i + 1)
        };
        // Characters, not bytes: count the bytes that start one. A BOM is not a column.
        if start == 0 && offset >= 3 && bytes.starts_with("\u{feff}".as_bytes()) {
            start = 3;
        }
        let column = bytes[start..offset]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count();
        (line, column + 1)
    }

    fn style(&self) -> &(Indentation, LineEnding) {
        self.style.get_or_init(|| {
            let stylist = Stylist::from_tokens(self.parsed.tokens(), &self.text);
            // The first indented line's indentation, unless it is preceded by a line
            // continuation (`\` then a newline, which the detected text includes): then
            // the part after the newline, or the default when that is not white space.
            let detected = stylist.indentation().as_str();
            let last = detected.rsplit(['\n', '\r']).next().unwrap_or_default();
            let indentation = if last.is_empty() || !last.chars().all(|c| c == ' ' || c == '\t') {
                Indentation::default()
            } else if last.len() == detected.len() {
                stylist.indentation().clone()
            } else {
                Indentation::new(last.to_string())
            };
            (indentation, stylist.line_ending())
        })
    }

    /// The file's indentation unit (`"    "`, `"\t"`, ...).
    pub fn indent_unit(&self) -> &str {
        self.style().0.as_str()
    }

    /// The file's line ending (`"\n"` or `"\r\n"`).
    pub fn newline(&self) -> &'static str {
        self.style().1.as_str()
    }

    /// A code generator in this file's style, for rendering new snippets.
    pub fn generator(&self) -> Generator<'_> {
        let (indentation, line_ending) = self.style();
        Generator::new(indentation, *line_ending)
    }

    /// The source text of a range.
    pub fn slice(&self, range: TextRange) -> &str {
        &self.text[range]
    }
}

/// The deepest AST sturdy accepts. CPython refuses far less (more than 200 nested
/// brackets, or about 3,000 levels of any expression), so no working program is
/// refused; the limit keeps every codemod's recursive visitors, which are not
/// protected against stack overflow, within a small, fixed stack depth.
pub const MAX_DEPTH: usize = 5_000;

/// An upper bound of the AST's depth, from the tokens and without recursion: an
/// expression lies within one logical line and each of its nodes has a token of its
/// own (an `Arguments` node shares its call's parentheses, hence the factor 2), and
/// statements nest one indented block per few levels.
fn token_depth_bound(tokens: &Tokens) -> usize {
    let mut depth = DepthBound::default();
    for (i, t) in tokens.iter().enumerate() {
        depth.add(i + 1, t.kind());
    }
    depth.bound(tokens.len())
}

/// The running state of [`token_depth_bound`]: the longest logical line, in tokens
/// counted by index from its first (comments and line breaks in brackets included, so
/// never fewer than its real tokens), and the deepest indentation.
#[derive(Default)]
struct DepthBound {
    line_start: usize,
    longest: usize,
    indent: usize,
    deepest: usize,
}

impl DepthBound {
    /// `kind` is the kind of the token before index `next`.
    fn add(&mut self, next: usize, kind: TokenKind) {
        match kind {
            TokenKind::Newline => {
                self.longest = self.longest.max(next - self.line_start);
                self.line_start = next;
            }
            TokenKind::Indent => {
                self.indent += 1;
                self.deepest = self.deepest.max(self.indent);
            }
            TokenKind::Dedent => self.indent = self.indent.saturating_sub(1),
            _ => {}
        }
    }

    /// The bound, once every one of `tokens` tokens is added.
    fn bound(&self, tokens: usize) -> usize {
        2 * self.longest.max(tokens - self.line_start) + 4 * self.deepest + 16
    }
}

/// Where the AST first nests deeper than [`MAX_DEPTH`], if it does (only files over
/// the token bound are walked).
fn too_deep(parsed: &Parsed<ModModule>, bound: usize) -> Option<TextSize> {
    use ruff_python_ast::AnyNodeRef;
    use ruff_python_ast::visitor::source_order::{SourceOrderVisitor, TraversalSignal};

    if bound <= MAX_DEPTH {
        return None;
    }
    // The walk itself stops descending at the limit, so it never recurses deeper.
    struct Depth {
        depth: usize,
        at: Option<TextSize>,
    }
    impl<'a> SourceOrderVisitor<'a> for Depth {
        fn enter_node(&mut self, node: AnyNodeRef<'a>) -> TraversalSignal {
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                self.at.get_or_insert(ruff_text_size::Ranged::start(&node));
                TraversalSignal::Skip
            } else {
                TraversalSignal::Traverse
            }
        }
        fn leave_node(&mut self, _node: AnyNodeRef<'a>) {
            self.depth -= 1;
        }
    }
    let mut v = Depth { depth: 0, at: None };
    v.visit_body(parsed.suite());
    v.at
}

/// `message` with control characters escaped: parser messages quote the offending
/// source (`Got unexpected token \0`), and a raw NUL, escape sequence or newline would
/// garble or split the one-line error.
fn printable(message: &str) -> String {
    message
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// True if `text` parses without any syntax error.
pub fn parses(text: &str) -> bool {
    let parsed = ruff_python_parser::parse_unchecked(text, options())
        .try_into_module()
        .expect("Mode::Module always yields a module");
    let ok = parsed.errors().is_empty()
        && too_deep(&parsed, token_depth_bound(parsed.tokens())).is_none();
    dispose(parsed);
    ok
}

/// A parse, in an arena when the binary's allocator gives one (see [`crate::arena`]):
/// then it is given back in one go, without the walk that dropping the AST takes.
struct HeldParse {
    parsed: std::mem::ManuallyDrop<Parsed<ModModule>>,
    /// Dropped after `parsed` (fields drop in order), which it holds.
    arena: Option<crate::arena::Arena>,
}

impl std::ops::Deref for HeldParse {
    type Target = Parsed<ModModule>;
    fn deref(&self) -> &Parsed<ModModule> {
        &self.parsed
    }
}

impl HeldParse {
    /// Drop a parse that may be too deep to drop on this thread's stack ([`dispose`]);
    /// one in an arena goes back with it.
    fn dispose(self) {
        // Taken apart here: `Drop` does not run.
        let mut this = std::mem::ManuallyDrop::new(self);
        match this.arena.take() {
            Some(arena) => drop(arena),
            // SAFETY: `parsed` is taken once, and `this` is never dropped.
            None => dispose(unsafe { std::mem::ManuallyDrop::take(&mut this.parsed) }),
        }
    }
}

impl Drop for HeldParse {
    fn drop(&mut self) {
        if self.arena.is_none() {
            // SAFETY: dropped once, here; never used again.
            unsafe { std::mem::ManuallyDrop::drop(&mut self.parsed) }
        }
        // With an arena, the AST's memory goes back with it: nothing to walk.
    }
}

/// Drop a parse result. `Drop` of a deep AST recurses once per level and is not
/// protected against stack overflow, so a possibly deep one is dropped on a thread
/// with a stack big enough for it: a refused file cannot crash a caller on an
/// ordinary stack (the main thread, a test thread).
fn dispose(parsed: Parsed<ModModule>) {
    if token_depth_bound(parsed.tokens()) > MAX_DEPTH {
        let dropper = std::thread::Builder::new()
            .stack_size(1 << 30)
            .spawn(move || drop(parsed));
        if let Ok(handle) = dropper {
            let _ = handle.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `line_col` agrees with ruff's `LineIndex` at every offset, in source order,
    /// backwards, and jumping about, for every kind of line ending and for
    /// multi-byte characters.
    #[test]
    fn line_col_matches_line_index() {
        for text in [
            "\u{feff}a = 1\r\nbé = 'ü'\rc = 3\n\nif d:\r\n  d = \"日本\"\r\n\r\ne = 5\n",
            "\u{feff}a = 1\nbé = 'ü'\nc = 3\n\nif d:\n  d = \"日本\"\n\ne = 5\n",
            "x = 1",
        ] {
            check_line_col(text);
        }
        // Texts over several of the blocks lines are counted in, with breaks on and
        // around block boundaries.
        for newline in ["\n", "\r\n", "\r"] {
            let text: String = (0..120)
                .map(|i| format!("x{i} = '{}'{newline}", "é".repeat(i % 37)))
                .collect();
            check_line_col(&text);
        }
    }

    fn check_line_col(text: &str) {
        let file = SourceFile::parse("t.py", text.to_string()).expect("parses");
        let index = LineIndex::from_source_text(text);
        let offsets: Vec<usize> = (0..=text.len())
            .filter(|&o| text.is_char_boundary(o))
            .collect();
        let expect = |o: usize| {
            let lc = index.line_column(TextSize::try_from(o).unwrap(), text);
            (lc.line.get(), lc.column.get())
        };
        let mut order = offsets.clone();
        order.extend(offsets.iter().rev());
        order.extend(
            offsets
                .iter()
                .step_by(3)
                .chain(offsets.iter().step_by(2).rev()),
        );
        // Passes that interleave (each remembers its own place).
        let half = offsets.len() / 2;
        for i in 0..half {
            order.extend([offsets[i], offsets[half + i], offsets[i / 2]]);
        }
        for o in order {
            let at = TextSize::try_from(o).unwrap();
            assert_eq!(file.line_col(at), expect(o), "offset {o} of {text:?}");
            assert_eq!(file.line(at), expect(o).0, "offset {o} of {text:?}");
        }
    }

    /// The indentation unit is white space even when the first indented line follows
    /// a line continuation (the detected indentation then holds `\` and a newline).
    #[test]
    fn indent_unit_after_a_line_continuation() {
        for (text, unit) in [
            ("def f():\n\\\n    return 1\n", "    "),
            ("def f():\n\treturn 1\n", "\t"),
            ("def f():\n  return 1\n", "  "),
            ("x = 1\n", "    "),
        ] {
            let file = SourceFile::parse("t.py", text.to_string()).expect("parses");
            assert_eq!(file.indent_unit(), unit, "{text:?}");
        }
    }
}
