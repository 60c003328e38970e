//! Run-time uses of classes, recorded from every file of the project by simple
//! class name: `isinstance`/`issubclass`/`match` checks, classes passed around as
//! values (they may reach such a check), and `.register()` receivers.

use rustc_hash::FxHashMap;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Pattern, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{F_DYN_ISSUBCLASS, F_ESCAPE, F_ISSUBCLASS, F_REGISTER, F_RUNTIME};
use crate::codemods::{Facts, location};
use crate::semantic::bindings::Bindings;
use crate::semantic::{Base, Binding};
use crate::source::SourceFile;

const BUILTIN_TYPES: &[&str] = &[
    "int",
    "float",
    "complex",
    "str",
    "bytes",
    "bytearray",
    "memoryview",
    "bool",
    "list",
    "tuple",
    "dict",
    "set",
    "frozenset",
    "type",
    "object",
    "range",
    "slice",
    "property",
    "classmethod",
    "staticmethod",
    "super",
    "callable",
];

/// Record the run-time facts of `file`.
pub(crate) fn record(file: &SourceFile, bindings: &Bindings, facts: &mut Facts) {
    // Escapes need a capitalized name or a class of this module, run-time checks
    // their function's name, match classes a `match` statement: a statement or an
    // expression with none of these tokens is passed over. The token marks hold the
    // first three; the names of this module's other classes (`_Private`, `lower`)
    // are found in the text (a superset of their tokens). With many such classes,
    // nothing is passed over.
    let lower: Vec<&str> = bindings
        .names
        .iter()
        .filter(|(n, b)| matches!(b, Binding::Class) && !n.as_bytes()[0].is_ascii_uppercase())
        .map(|(n, _)| &**n)
        .collect();
    let class_uses = &file.marks().class_uses;
    let merged;
    let marks: Option<&[TextSize]> = if lower.is_empty() {
        Some(class_uses)
    } else if lower.len() <= MAX_TEXT_SEARCHES {
        merged = with_occurrences(class_uses, &file.text, &lower);
        Some(&merged)
    } else {
        None
    };
    let mut v = Indexer {
        file,
        bindings,
        assigned: None,
        facts,
        in_type: 0,
        marks,
        seen: rustc_hash::FxHashSet::default(),
        lower_classes: !lower.is_empty(),
    };
    v.visit_body(file.suite());
}

/// At most this many class names are searched for in a file's text (see [`record`]).
const MAX_TEXT_SEARCHES: usize = 8;

/// `marks` and every occurrence of one of `names` in `text` as a whole word, sorted.
fn with_occurrences(marks: &[TextSize], text: &str, names: &[&str]) -> Vec<TextSize> {
    let bytes = text.as_bytes();
    let is_ident = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    let mut out = marks.to_vec();
    for name in names {
        for at in memchr::memmem::find_iter(bytes, name.as_bytes()) {
            let before = at.checked_sub(1).and_then(|i| bytes.get(i));
            if !is_ident(before) && !is_ident(bytes.get(at + name.len())) {
                out.push(TextSize::try_from(at).unwrap_or_default());
            }
        }
    }
    out.sort_unstable();
    out
}

/// Top-level `NAME = <expr>` assignments of `suite`: the names each value refers to
/// (for `isinstance(x, _TYPES)`).
fn assignments(suite: &[Stmt]) -> FxHashMap<String, Vec<String>> {
    let mut assigned: FxHashMap<String, Vec<String>> = FxHashMap::default();
    for stmt in suite {
        if let Stmt::Assign(a) = stmt {
            for t in &a.targets {
                if let Expr::Name(t) = t {
                    let mut refs = Vec::new();
                    names_in(&a.value, &mut refs);
                    assigned.insert(t.id.to_string(), refs);
                }
            }
        }
    }
    assigned
}

/// Every name (and attribute) referenced in `expr`.
fn names_in(expr: &Expr, out: &mut Vec<String>) {
    struct N<'o>(&'o mut Vec<String>);
    impl<'b> Visitor<'b> for N<'_> {
        fn visit_expr(&mut self, e: &'b Expr) {
            match e {
                Expr::Name(n) => self.0.push(n.id.to_string()),
                Expr::Attribute(a) => self.0.push(a.attr.to_string()),
                _ => {}
            }
            visitor::walk_expr(self, e);
        }
    }
    N(out).visit_expr(expr);
}

/// The simple names a reference may stand for: the last segment, plus the
/// imported name when it is an import alias (`Sink` → `Sink`, `DataSink`).
fn simple_names<'e>(bindings: &'e Bindings, expr: &'e Expr) -> (Option<&'e str>, Option<&'e str>) {
    let expr = match expr {
        Expr::Subscript(s) => &*s.value,
        e => e,
    };
    match expr {
        Expr::Name(n) => {
            let id = n.id.as_str();
            let imported = match bindings.names.get(id) {
                Some(Binding::Import(q)) => q.rsplit('.').next().filter(|last| *last != id),
                _ => None,
            };
            (Some(id), imported)
        }
        Expr::Attribute(a) => (Some(a.attr.as_str()), None),
        _ => (None, None),
    }
}

struct Indexer<'a, 'f> {
    file: &'a SourceFile,
    bindings: &'a Bindings,
    /// Top-level `NAME = <expr>` assignments (for `isinstance(x, _TYPES)`), gathered
    /// on first use.
    assigned: Option<FxHashMap<String, Vec<String>>>,
    facts: &'f mut Facts,
    /// Inside an annotation or a subscript slice (type position).
    in_type: usize,
    /// The offsets of the tokens the indexer acts on, narrowed to those inside the
    /// node being walked (`None`: walk everything). A node with none is passed over.
    marks: Option<&'a [TextSize]>,
    /// The (kind, name) pairs this file has added or found known: a name used again
    /// in the file is passed over without a look in the project's (large) tables.
    seen: rustc_hash::FxHashSet<((usize, usize), &'a str)>,
    /// Whether the module defines a class whose name is not capitalized.
    lower_classes: bool,
}

impl<'a> Indexer<'a, '_> {
    fn add_names(&mut self, kind: &'static str, expr: &'a Expr, at: TextSize) {
        // Hot (every assignment and return is an escape): the location is looked up
        // only for names not seen before, and formatted only if a query reads it.
        let (first, second) = simple_names(self.bindings, expr);
        for n in first.into_iter().chain(second) {
            // The kinds are constants: told apart by where they are (and how long).
            if !self.seen.insert(((kind.as_ptr() as usize, kind.len()), n)) {
                continue;
            }
            if !self.facts.has(kind, n) {
                self.facts.add_at(kind, n, self.file, at);
            }
        }
    }

    fn is_class_here(&self, name: &str) -> bool {
        // Capitalized names are taken as classes anyway: only the others are looked up.
        self.lower_classes && matches!(self.bindings.names.get(name), Some(Binding::Class))
    }

    /// The second argument of `isinstance`/`issubclass`, or a `match` class.
    fn runtime(&mut self, expr: &'a Expr, issubclass: bool) {
        match expr {
            Expr::Tuple(t) => {
                for e in &t.elts {
                    self.runtime(e, issubclass);
                }
            }
            Expr::BinOp(b) => {
                // `(A, B) + extra`
                self.runtime(&b.left, issubclass);
                self.runtime(&b.right, issubclass);
            }
            Expr::Name(_) | Expr::Attribute(_) => {
                self.add_names(F_RUNTIME, expr, expr.start());
                if issubclass {
                    self.add_names(F_ISSUBCLASS, expr, expr.start());
                }
                let static_ref = matches!(self.bindings.resolve(expr), Base::Qual(_))
                    || match expr {
                        Expr::Name(n) => {
                            let id = n.id.as_str();
                            BUILTIN_TYPES.contains(&id)
                                || id.starts_with(|c: char| c.is_uppercase())
                        }
                        _ => false,
                    };
                let file = self.file;
                let assigned = self
                    .assigned
                    .get_or_insert_with(|| assignments(file.suite()));
                if let Expr::Name(n) = expr
                    && let Some(refs) = assigned.get(n.id.as_str())
                {
                    // `_TYPES = (A, B)` then `isinstance(x, _TYPES)`.
                    let loc = location(self.file, expr.start());
                    for r in refs {
                        self.facts.add(F_RUNTIME, r, loc.clone());
                        if issubclass {
                            self.facts.add(F_ISSUBCLASS, r, loc.clone());
                        }
                    }
                } else if issubclass && !static_ref {
                    self.facts
                        .add(F_DYN_ISSUBCLASS, "*", location(self.file, expr.start()));
                }
            }
            _ => {
                // Calls, subscripts...: record every name inside, and do not trust it.
                let loc = location(self.file, expr.start());
                let mut refs = Vec::new();
                names_in(expr, &mut refs);
                for r in refs {
                    self.facts.add(F_RUNTIME, &r, loc.clone());
                    if issubclass {
                        self.facts.add(F_ISSUBCLASS, r, loc.clone());
                    }
                }
                if issubclass {
                    self.facts.add(F_DYN_ISSUBCLASS, "*", loc);
                }
            }
        }
    }

    fn escape(&mut self, expr: &'a Expr) {
        // Only names that can be classes: CamelCase by convention, or a class of this
        // module. (Every assignment and return goes through here, in every file.)
        let maybe_class = match expr {
            Expr::Name(n) => {
                n.id.starts_with(|c: char| c.is_ascii_uppercase()) || self.is_class_here(&n.id)
            }
            Expr::Attribute(a) => a.attr.starts_with(|c: char| c.is_ascii_uppercase()),
            _ => false,
        };
        if self.in_type == 0 && maybe_class {
            self.add_names(F_ESCAPE, expr, expr.start());
        }
    }
}

impl<'a> Visitor<'a> for Indexer<'a, '_> {
    fn visit_body(&mut self, body: &'a [Stmt]) {
        let Some(marks) = self.marks else {
            return visitor::walk_body(self, body);
        };
        // The statements and the marks are both in order: one pass over each finds the
        // marks inside each statement (what `visit_stmt` narrows to), without a search
        // per statement.
        let mut i = 0;
        for stmt in body {
            let range = stmt.range();
            while marks.get(i).is_some_and(|&o| o < range.start()) {
                i += 1;
            }
            if i == marks.len() {
                break;
            }
            let from = i;
            while marks.get(i).is_some_and(|&o| o < range.end()) {
                i += 1;
            }
            if i > from {
                self.marks = Some(&marks[from..i]);
                self.stmt(stmt);
                self.marks = Some(marks);
            }
        }
    }

    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        let Some(outer) = self.enter(stmt.range()) else {
            return;
        };
        self.stmt(stmt);
        self.marks = outer;
    }

    fn visit_annotation(&mut self, expr: &'a Expr) {
        self.in_type += 1;
        visitor::walk_annotation(self, expr);
        self.in_type -= 1;
    }

    fn visit_pattern(&mut self, pattern: &'a Pattern) {
        if let Pattern::MatchClass(m) = pattern {
            self.runtime(&m.cls, false);
        }
        visitor::walk_pattern(self, pattern);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        // Leaves act on nothing themselves (their parent escapes or checks them).
        if matches!(
            expr,
            Expr::Name(_)
                | Expr::NumberLiteral(_)
                | Expr::StringLiteral(_)
                | Expr::BooleanLiteral(_)
                | Expr::NoneLiteral(_)
                | Expr::EllipsisLiteral(_)
                | Expr::BytesLiteral(_)
        ) {
            return;
        }
        let Some(outer) = self.enter(expr.range()) else {
            return;
        };
        self.expr(expr);
        self.marks = outer;
    }
}

impl<'a> Indexer<'a, '_> {
    /// Narrow the marks to `range`: `None` when it holds none (pass the node over),
    /// else the marks to restore after the node.
    fn enter(&mut self, range: TextRange) -> Option<Option<&'a [TextSize]>> {
        let outer = self.marks;
        if let Some(m) = outer {
            let from = m.partition_point(|&o| o < range.start());
            let to = from + m[from..].partition_point(|&o| o < range.end());
            if from == to {
                return None;
            }
            self.marks = Some(&m[from..to]);
        }
        Some(outer)
    }

    fn stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Assign(a) => self.escape(&a.value),
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.escape(v);
                }
            }
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.escape(v);
                }
            }
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Call(c) => {
                let func = match &*c.func {
                    Expr::Name(n) => n.id.as_str(),
                    Expr::Attribute(a) => a.attr.as_str(),
                    _ => "",
                };
                if matches!(func, "isinstance" | "issubclass") && c.arguments.args.len() >= 2 {
                    self.runtime(&c.arguments.args[1], func == "issubclass");
                } else if func == "register" {
                    if let Expr::Attribute(a) = &*c.func
                        && self.bindings.resolve(&a.value).qual() == Some("abc.ABCMeta")
                        && let Some(first) = c.arguments.args.first()
                    {
                        self.add_names(F_REGISTER, first, c.start());
                    }
                } else if !matches!(func, "cast" | "TypeVar" | "NewType" | "super" | "type") {
                    for a in &c.arguments.args {
                        self.escape(a);
                    }
                    for k in &c.arguments.keywords {
                        self.escape(&k.value);
                    }
                }
            }
            Expr::Attribute(a) if a.attr.as_str() == "register" => {
                self.add_names(F_REGISTER, &a.value, a.start());
            }
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.escape(e)),
            Expr::List(l) => l.elts.iter().for_each(|e| self.escape(e)),
            Expr::Set(s) => s.elts.iter().for_each(|e| self.escape(e)),
            Expr::Dict(d) => {
                for item in &d.items {
                    if let Some(k) = &item.key {
                        self.escape(k);
                    }
                    self.escape(&item.value);
                }
            }
            Expr::Subscript(s) => {
                self.visit_expr(&s.value);
                self.in_type += 1;
                self.visit_expr(&s.slice);
                self.in_type -= 1;
                return;
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}
