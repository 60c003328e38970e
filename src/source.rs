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
use ruff_text_size::{TextRange, TextSize};

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
    parsed: Parsed<ModModule>,
    line_index: LineIndex,
    indentation: Indentation,
    line_ending: LineEnding,
}

/// Parse options used everywhere: the newest grammar the parser knows.
fn options() -> ParseOptions {
    ParseOptions::from(Mode::Module).with_target_version(PythonVersion::latest())
}

impl SourceFile {
    /// Parse `text`. Returns the first syntax error if the text does not parse.
    pub fn parse(path: &str, text: String) -> Result<Self, SyntaxProblem> {
        let parsed = ruff_python_parser::parse_unchecked(&text, options())
            .try_into_module()
            .expect("Mode::Module always yields a module");
        let line_index = LineIndex::from_source_text(&text);
        if let Some(err) = parsed.errors().first() {
            let lc = line_index.line_column(err.location.start(), &text);
            return Err(SyntaxProblem {
                line: lc.line.get(),
                column: lc.column.get(),
                message: err.error.to_string(),
            });
        }
        let stylist = Stylist::from_tokens(parsed.tokens(), &text);
        let indentation = stylist.indentation().clone();
        let line_ending = stylist.line_ending();
        Ok(Self {
            path: path.to_string(),
            text,
            parsed,
            line_index,
            indentation,
            line_ending,
        })
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

    /// 1-based (line, column) of an offset.
    pub fn line_col(&self, offset: TextSize) -> (usize, usize) {
        let lc = self.line_index.line_column(offset, &self.text);
        (lc.line.get(), lc.column.get())
    }

    /// The file's indentation unit (`"    "`, `"\t"`, ...).
    pub fn indent_unit(&self) -> &str {
        self.indentation.as_str()
    }

    /// The file's line ending (`"\n"` or `"\r\n"`).
    pub fn newline(&self) -> &'static str {
        self.line_ending.as_str()
    }

    /// A code generator in this file's style, for rendering new snippets.
    pub fn generator(&self) -> Generator<'_> {
        Generator::new(&self.indentation, self.line_ending)
    }

    /// The source text of a range.
    pub fn slice(&self, range: TextRange) -> &str {
        &self.text[range]
    }
}

/// True if `text` parses without any syntax error.
pub fn parses(text: &str) -> bool {
    ruff_python_parser::parse_unchecked(text, options())
        .errors()
        .is_empty()
}
