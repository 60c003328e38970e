//! Turn plans into edits: `f(a, **p, b=1)` becomes `helper(f, p, a, b=1)`.
//!
//! Each call becomes a few range operations on its own tokens (`f(` → `helper(`,
//! `**` → `f, `, later spreads moved into `{**a, **b}`), so a spread's value stays
//! where it is and nested rewritten calls (`f(**g(**h(**p)))`) are edited in one
//! pass, in linear time. Text that moves (the callee, a later spread, a payload put in
//! front of positional arguments) is copied with the edits of the calls inside it
//! applied. All edits inside one outermost rewritten call form one change; that
//! call's new text is checked once: it parses and keeps every comment.

use std::collections::BTreeMap;

use ruff_python_ast::token::{TokenKind, parenthesized_range};
use ruff_python_ast::{AnyNodeRef, BoolOp, Expr, ExprCall, UnaryOp};
use ruff_source_file::LineRanges;
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::edit::Edit;
use crate::source::SourceFile;

use super::skip::Skip;

/// Part of an operation's new text.
enum Piece {
    Lit(String),
    /// Source text, with the edits already made inside it.
    Src(TextRange),
}

/// Replace `range` (empty: insert) with the pieces.
struct Op {
    range: TextRange,
    pieces: Vec<Piece>,
}

/// One argument of the call: its full range (with parentheses and `**`/`name=`).
struct Item<'e> {
    range: TextRange,
    spread: Option<&'e Expr>,
}

/// Whether `e` must be parenthesized after `**` in a dict display (which takes a
/// bitwise-or expression, while a call's `**` takes a conditional expression).
fn needs_parens_in_dict(e: &Expr) -> bool {
    match e {
        Expr::BoolOp(b) => matches!(b.op, BoolOp::And | BoolOp::Or),
        Expr::UnaryOp(u) => u.op == UnaryOp::Not,
        Expr::If(_) | Expr::Lambda(_) | Expr::Compare(_) | Expr::Named(_) => true,
        _ => false,
    }
}

/// The operations rewriting one call.
fn call_ops(file: &SourceFile, call: &ExprCall, helper: &str) -> Vec<Op> {
    let text = &file.text;
    let tokens = file.tokens();
    let args_node = AnyNodeRef::from(&call.arguments);
    let mut items: Vec<Item> = Vec::new();
    for a in &call.arguments.args {
        let range = parenthesized_range(a.into(), args_node, tokens).unwrap_or(a.range());
        items.push(Item {
            range,
            spread: None,
        });
    }
    for k in &call.arguments.keywords {
        items.push(Item {
            range: k.range(),
            spread: k.arg.is_none().then_some(&k.value),
        });
    }
    items.sort_by_key(|i| i.range.start());
    let func =
        parenthesized_range((&*call.func).into(), call.into(), tokens).unwrap_or(call.func.range());
    // A spread's value, with the parentheses written around it inside the item.
    let value = |e: &Expr, item: TextRange| -> (TextRange, bool) {
        let r = parenthesized_range(e.into(), args_node, tokens)
            .filter(|r| item.contains_range(*r))
            .unwrap_or(e.range());
        (r, r != e.range())
    };
    let spread_pieces = |e: &Expr, item: TextRange, out: &mut Vec<Piece>| {
        let (r, parenthesized) = value(e, item);
        if !parenthesized && needs_parens_in_dict(e) {
            out.push(Piece::Lit("**(".into()));
            out.push(Piece::Src(r));
            out.push(Piece::Lit(")".into()));
        } else {
            out.push(Piece::Lit("**".into()));
            out.push(Piece::Src(r));
        }
    };
    let spreads: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].spread.is_some())
        .collect();
    let first_spread = spreads[0];
    let open = call.arguments.start() + TextSize::from(1);
    let close = call.arguments.end() - TextSize::from(1);
    let mut ops = vec![Op {
        range: TextRange::new(call.start(), open),
        pieces: vec![Piece::Lit(format!("{helper}("))],
    }];
    let first = &items[0];
    let line_start = text.line_start(first.range.start());
    let own_line = text[TextRange::new(line_start, first.range.start())]
        .trim()
        .is_empty()
        && line_start > text.line_start(open);
    let sep = if own_line {
        let indent = &text[TextRange::new(line_start, first.range.start())];
        format!(",{}{indent}", file.newline())
    } else {
        ", ".to_string()
    };
    // The spreads after the first one, as `, **b, **c` in the merged payload.
    let mut rest = Vec::new();
    for &i in &spreads[1..] {
        rest.push(Piece::Lit(", ".into()));
        spread_pieces(
            items[i].spread.expect("a spread"),
            items[i].range,
            &mut rest,
        );
    }
    let mut deleted = vec![false; items.len()];
    if first_spread == 0 {
        // The first spread's value stays in place: `**` becomes `f, ` (or `f, {**`).
        let e = first.spread.expect("a spread");
        let (r, parenthesized) = value(e, first.range);
        let mut pieces = vec![Piece::Src(func), Piece::Lit(sep.clone())];
        if spreads.len() > 1 {
            let paren = !parenthesized && needs_parens_in_dict(e);
            pieces.push(Piece::Lit(if paren { "{**(" } else { "{**" }.into()));
            let mut after = vec![Piece::Lit(if paren { ")" } else { "" }.into())];
            after.append(&mut rest);
            after.push(Piece::Lit("}".into()));
            ops.push(Op {
                range: TextRange::empty(r.end()),
                pieces: after,
            });
        }
        ops.push(Op {
            range: TextRange::new(first.range.start(), r.start()),
            pieces,
        });
    } else {
        // The payload moves in front of the positional arguments.
        let mut pieces = vec![Piece::Src(func), Piece::Lit(sep.clone())];
        let fs = &items[first_spread];
        if spreads.len() == 1 {
            pieces.push(Piece::Src(value(fs.spread.expect("a spread"), fs.range).0));
        } else {
            pieces.push(Piece::Lit("{".into()));
            spread_pieces(fs.spread.expect("a spread"), fs.range, &mut pieces);
            pieces.append(&mut rest);
            pieces.push(Piece::Lit("}".into()));
        }
        pieces.push(Piece::Lit(sep));
        ops.push(Op {
            range: TextRange::empty(first.range.start()),
            pieces,
        });
        deleted[first_spread] = true;
    }
    for (i, item) in items.iter().enumerate().skip(first_spread + 1) {
        deleted[i] = item.spread.is_some();
    }
    // Delete runs of consecutive deleted items with their separators.
    let has_comment = |r: TextRange| file.comment_ranges().any(|c| r.contains_range(c));
    let mut i = 0;
    while i < items.len() {
        if !deleted[i] {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < items.len() && deleted[j + 1] {
            j += 1;
        }
        let primary = if j + 1 < items.len() {
            TextRange::new(items[i].range.start(), items[j + 1].range.start())
        } else {
            TextRange::new(items[i - 1].range.end(), items[j].range.end())
        };
        if has_comment(primary) {
            // Delete each item and its comma only, keeping the comments around it.
            for item in &items[i..=j] {
                ops.push(Op {
                    range: item_with_comma(file, item.range, close),
                    pieces: Vec::new(),
                });
            }
        } else {
            ops.push(Op {
                range: primary,
                pieces: Vec::new(),
            });
        }
        i = j + 1;
    }
    ops
}

/// `item` plus its trailing comma and the spaces after it; the whole line when
/// nothing else remains on it.
fn item_with_comma(file: &SourceFile, item: TextRange, close: TextSize) -> TextRange {
    let text = &file.text;
    let mut end = item.end();
    if let Some(t) = file
        .tokens()
        .in_range(TextRange::new(item.end(), close))
        .iter()
        .find(|t| !t.kind().is_trivia())
        && t.kind() == TokenKind::Comma
    {
        end = t.end();
    }
    let rest = &text[end.to_usize()..];
    end += TextSize::try_from(rest.len() - rest.trim_start_matches([' ', '\t']).len())
        .unwrap_or_default();
    let line_start = text.line_start(item.start());
    let before_blank = text[TextRange::new(line_start, item.start())]
        .trim()
        .is_empty();
    let after_blank = text[end.to_usize()..].starts_with(['\n', '\r']);
    if before_blank && after_blank {
        return TextRange::new(line_start, text.full_line_end(end));
    }
    TextRange::new(item.start(), end)
}

/// The edits of every rewritten call of a file, keyed by (start, end); never
/// overlapping.
pub(crate) struct Rewriter<'f> {
    file: &'f SourceFile,
    edits: BTreeMap<(TextSize, TextSize), String>,
    comments: Vec<TextRange>,
    /// The rewritten calls, by start.
    calls: Vec<TextRange>,
}

impl<'f> Rewriter<'f> {
    pub(crate) fn new(file: &'f SourceFile) -> Self {
        Rewriter {
            file,
            edits: BTreeMap::new(),
            comments: file.comment_ranges().collect(),
            calls: Vec::new(),
        }
    }

    /// The edits inside `r`: starting in it and ending by its end (an insertion at
    /// its end belongs after it).
    fn inside(&self, r: TextRange) -> impl Iterator<Item = (&(TextSize, TextSize), &String)> {
        self.edits
            .range((r.start(), TextSize::default())..(r.end(), TextSize::default()))
            .filter(move |((_, e), _)| *e <= r.end())
    }

    /// Whether an operation on `r` would overwrite an edit not in `moved`.
    fn clashes(&self, r: TextRange, moved: impl Fn(TextSize, TextSize) -> bool) -> bool {
        if r.is_empty() {
            // An insertion clashes with an insertion at the same point, or with a
            // replacement around it (one starting there is applied after it).
            let x = r.start();
            return self
                .edits
                .range(..=(x, x))
                .next_back()
                .is_some_and(|((s, e), _)| (*s == x && *e == x) || *e > x);
        }
        // Edits never overlap, so sorted by start they are sorted by end too.
        self.edits
            .range(..(r.end(), TextSize::default()))
            .rev()
            .take_while(|((_, e), _)| *e > r.start())
            .any(|((s, e), _)| !moved(*s, *e))
    }

    /// `r`'s source text with the edits inside it made.
    fn render(&self, r: TextRange) -> String {
        let text = &self.file.text;
        let mut out = String::new();
        let mut last = r.start();
        for ((s, e), content) in self.inside(r) {
            out.push_str(&text[TextRange::new(last, *s)]);
            out.push_str(content);
            last = *e;
        }
        out.push_str(&text[TextRange::new(last, r.end())]);
        out
    }

    fn has_comment(&self, r: TextRange) -> bool {
        let i = self.comments.partition_point(|c| c.start() < r.start());
        self.comments.get(i).is_some_and(|c| c.end() <= r.end())
    }

    /// Rewrite `call` (after every call nested in it).
    pub(crate) fn add(&mut self, call: &ExprCall, helper: &str) -> Result<(), Skip> {
        let ops = call_ops(self.file, call, helper);
        let sources: Vec<TextRange> = ops
            .iter()
            .flat_map(|op| op.pieces.iter())
            .filter_map(|p| match p {
                Piece::Src(r) => Some(*r),
                Piece::Lit(_) => None,
            })
            .collect();
        let moved =
            |s: TextSize, e: TextSize| sources.iter().any(|r| r.start() <= s && e <= r.end());
        for op in &ops {
            let r = op.range;
            // Edits this operation would overwrite must move with a source piece, and
            // so must comments.
            if self.clashes(r, moved) {
                return Err(Skip::RewriteFailed);
            }
            if !r.is_empty()
                && self.has_comment(r)
                && self
                    .comments
                    .iter()
                    .any(|c| r.contains_range(*c) && !sources.iter().any(|s| s.contains_range(*c)))
            {
                return Err(Skip::CommentLost);
            }
        }
        let mut made = Vec::with_capacity(ops.len());
        for op in &ops {
            let mut content = String::new();
            for piece in &op.pieces {
                match piece {
                    Piece::Lit(s) => content.push_str(s),
                    Piece::Src(r) => content.push_str(&self.render(*r)),
                }
            }
            made.push(((op.range.start(), op.range.end()), content));
        }
        if made
            .iter()
            .any(|(k, _)| self.edits.contains_key(k) && !moved(k.0, k.1))
        {
            return Err(Skip::RewriteFailed);
        }
        for r in &sources {
            let keys: Vec<(TextSize, TextSize)> = self.inside(*r).map(|(k, _)| *k).collect();
            for k in keys {
                self.edits.remove(&k);
            }
        }
        for (k, content) in made {
            self.edits.insert(k, content);
        }
        self.calls.push(call.range());
        Ok(())
    }

    /// One group of edits per outermost rewritten call, checked: the call's new text
    /// parses and keeps every comment. `Err` holds the call's start.
    pub(crate) fn finish(mut self) -> Vec<Result<Vec<Edit>, TextSize>> {
        self.calls
            .sort_by_key(|r| (r.start(), std::cmp::Reverse(r.end())));
        let mut outermost: Vec<TextRange> = Vec::new();
        for r in &self.calls {
            if outermost.last().is_none_or(|o| !o.contains_range(*r)) {
                outermost.push(*r);
            }
        }
        let mut out = Vec::new();
        for call in outermost {
            let new = self.render(call);
            let mut rest = new.as_str();
            let mut kept = true;
            let first = self.comments.partition_point(|c| c.start() < call.start());
            for c in self.comments[first..]
                .iter()
                .take_while(|c| c.end() <= call.end())
            {
                let comment = self.file.slice(*c);
                match rest.find(comment) {
                    Some(p) => rest = &rest[p + comment.len()..],
                    None => kept = false,
                }
            }
            let parses =
                || crate::source::parses(&new) || crate::source::parses(&format!("({new})"));
            let keys: Vec<(TextSize, TextSize)> = self.inside(call).map(|(k, _)| *k).collect();
            let edits: Vec<Edit> = keys
                .iter()
                .filter_map(|k| self.edits.remove_entry(k))
                .map(|((s, e), content)| Edit::replace(TextRange::new(s, e), content))
                .collect();
            out.push(if kept && parses() {
                Ok(edits)
            } else {
                Err(call.start())
            });
        }
        out
    }
}
