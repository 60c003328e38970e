//! Run-time uses of classes, recorded from every file of the project by simple
//! class name: `isinstance`/`issubclass`/`match` checks, classes passed around as
//! values (they may reach such a check), and `.register()` receivers.

use rustc_hash::FxHashMap;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Pattern, Stmt};
use ruff_text_size::{Ranged, TextSize};

use super::{F_DYN_ISSUBCLASS, F_ESCAPE, F_ISSUBCLASS, F_REGISTER, F_RUNTIME};
use crate::codemods::{Facts, location};
use crate::semantic::bindings::Bindings;
use crate::semantic::{Base, Binding};
use crate::source::{Marks, SourceFile};

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
    let mut assigned: FxHashMap<String, Vec<String>> = FxHashMap::default();
    for stmt in file.suite() {
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
    // Escapes need a capitalized name (or a lower-case class of this module, which
    // turns pruning off), run-time checks their function's name, match classes a
    // `match` statement: statements with none of these tokens are passed over.
    let prune = bindings
        .names
        .iter()
        .filter(|(_, b)| matches!(b, Binding::Class))
        .all(|(n, _)| n.as_bytes()[0].is_ascii_uppercase());
    let mut v = Indexer {
        file,
        bindings,
        assigned: &assigned,
        facts,
        in_type: 0,
        prune,
    };
    v.visit_body(file.suite());
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
    /// Top-level `NAME = <expr>` assignments (for `isinstance(x, _TYPES)`).
    assigned: &'a FxHashMap<String, Vec<String>>,
    facts: &'f mut Facts,
    /// Inside an annotation or a subscript slice (type position).
    in_type: usize,
    /// Skip statements without the tokens the indexer acts on.
    prune: bool,
}

impl Indexer<'_, '_> {
    fn add_names(&mut self, kind: &'static str, expr: &Expr, at: TextSize) {
        // Hot (every assignment and return is an escape): build the location only for
        // names not seen before.
        let mut loc: Option<String> = None;
        let (first, second) = simple_names(self.bindings, expr);
        for n in first.into_iter().chain(second) {
            if !self.facts.has(kind, n) {
                let l = loc.get_or_insert_with(|| location(self.file, at)).clone();
                self.facts.add(kind, n, l);
            }
        }
    }

    fn is_class_here(&self, name: &str) -> bool {
        matches!(self.bindings.names.get(name), Some(Binding::Class))
    }

    /// The second argument of `isinstance`/`issubclass`, or a `match` class.
    fn runtime(&mut self, expr: &Expr, issubclass: bool) {
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
                if let Expr::Name(n) = expr
                    && let Some(refs) = self.assigned.get(n.id.as_str())
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

    fn escape(&mut self, expr: &Expr) {
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
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.prune && !Marks::within(&self.file.marks().class_uses, stmt.range()) {
            return;
        }
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
