//! Module-level bindings: what each top-level name of a module is bound to, and the
//! resolution of a name or dotted attribute expression to a fully qualified name.
//!
//! Top-level statements are followed into `if`/`try`/`with`/`for`/`while` blocks
//! (their bindings happen at import time), but not into functions or classes.
//! Bindings under `if TYPE_CHECKING:` are not run-time bindings and are left out.

use ruff_python_ast::{self as ast, Expr, Stmt};
use rustc_hash::FxHashMap;

use super::{Base, Binding};

/// Module-level bindings of one module, with what resolution needs.
#[derive(Debug, Default, Clone)]
pub struct Bindings {
    /// The dotted module name.
    pub module: String,
    /// Whether the module is a package's `__init__`.
    pub is_package: bool,
    /// Name → binding.
    pub names: std::sync::Arc<FxHashMap<Box<str>, Binding>>,
    /// Star-imported modules.
    pub stars: Vec<Box<str>>,
}

impl Bindings {
    /// Collect the module-level bindings of `body`.
    pub fn collect(module: &str, is_package: bool, body: &[Stmt]) -> Self {
        let mut b = Self {
            module: module.to_string(),
            is_package,
            ..Self::default()
        };
        b.block(body);
        b
    }

    fn bind(&mut self, name: &str, binding: Binding) {
        // Unshared while collecting: no copy.
        let names = std::sync::Arc::make_mut(&mut self.names);
        match names.get_mut(name) {
            Some(old) if *old != binding => *old = Binding::Ambiguous,
            Some(_) => {}
            None => {
                names.insert(name.into(), binding);
            }
        }
    }

    /// The absolute module a `from` import at `level` dots names.
    pub fn from_module(&self, level: u32, module: Option<&str>) -> Option<String> {
        if level == 0 {
            return module.map(str::to_string);
        }
        let module = module.unwrap_or_default();
        let level = level as usize;
        let mut dotted = String::with_capacity(level + module.len());
        (0..level).for_each(|_| dotted.push('.'));
        dotted.push_str(module);
        super::names::absolute(&dotted, &self.module, self.is_package)
    }

    fn block(&mut self, body: &[Stmt]) {
        for stmt in body {
            self.stmt(stmt);
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Import(i) => {
                for a in &i.names {
                    match &a.asname {
                        Some(asname) => self.bind(asname, Binding::Import(a.name.as_str().into())),
                        None => {
                            let head = a.name.split('.').next().unwrap_or_default();
                            self.bind(head, Binding::Import(head.into()));
                        }
                    }
                }
            }
            Stmt::ImportFrom(f) => {
                let Some(from) = self.from_module(f.level, f.module.as_deref()) else {
                    for a in &f.names {
                        let n = a.asname.as_ref().unwrap_or(&a.name);
                        self.bind(n, Binding::Other);
                    }
                    return;
                };
                for a in &f.names {
                    if &a.name == "*" {
                        self.stars.push(from.as_str().into());
                        continue;
                    }
                    let n = a.asname.as_ref().unwrap_or(&a.name);
                    let mut q = String::with_capacity(from.len() + 1 + a.name.len());
                    q.push_str(&from);
                    q.push('.');
                    q.push_str(&a.name);
                    self.bind(n, Binding::Import(q.into()));
                }
            }
            Stmt::ClassDef(c) => self.bind(&c.name, Binding::Class),
            Stmt::FunctionDef(f) => self.bind(&f.name, Binding::Other),
            Stmt::Assign(a) => {
                for t in &a.targets {
                    self.target(t);
                }
            }
            Stmt::AnnAssign(a) if a.value.is_some() => self.target(&a.target),
            Stmt::AugAssign(a) => self.target(&a.target),
            Stmt::TypeAlias(t) => self.target(&t.name),
            Stmt::For(f) => {
                self.target(&f.target);
                self.block(&f.body);
                self.block(&f.orelse);
            }
            Stmt::While(w) => {
                self.block(&w.body);
                self.block(&w.orelse);
            }
            Stmt::If(i) => {
                if is_type_checking(&i.test) {
                    for c in &i.elif_else_clauses {
                        if c.test.is_none() {
                            self.block(&c.body);
                        }
                    }
                    return;
                }
                self.block(&i.body);
                for c in &i.elif_else_clauses {
                    self.block(&c.body);
                }
            }
            Stmt::Try(t) => {
                self.block(&t.body);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(n) = &h.name {
                        self.bind(n, Binding::Other);
                    }
                    self.block(&h.body);
                }
                self.block(&t.orelse);
                self.block(&t.finalbody);
            }
            Stmt::With(w) => {
                for item in &w.items {
                    if let Some(v) = &item.optional_vars {
                        self.target(v);
                    }
                }
                self.block(&w.body);
            }
            Stmt::Match(m) => {
                for c in &m.cases {
                    self.block(&c.body);
                }
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.target(t);
                }
            }
            _ => {}
        }
    }

    fn target(&mut self, e: &Expr) {
        match e {
            Expr::Name(n) => self.bind(&n.id, Binding::Other),
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.target(e)),
            Expr::List(l) => l.elts.iter().for_each(|e| self.target(e)),
            Expr::Starred(s) => self.target(&s.value),
            _ => {}
        }
    }

    /// Resolve a name or dotted attribute expression to a qualified name, looking up
    /// its first name in `local` first (names bound in an enclosing function: `Some`
    /// binding, or `None` when the name is bound there to something unknown), then
    /// in the module's bindings, then among the builtins.
    pub fn resolve_with(
        &self,
        expr: &Expr,
        local: &dyn Fn(&str) -> Option<Option<Box<str>>>,
    ) -> Base {
        // The dotted chain: its first name, and the length of `.rest.of.it` (outer
        // subscripts are looked through: `Generic[T]` is `Generic`).
        let mut chain = expr;
        while let Expr::Subscript(s) = chain {
            chain = &s.value;
        }
        let mut rest_len = 0;
        let mut e = chain;
        let head = loop {
            match e {
                Expr::Attribute(a) => {
                    rest_len += 1 + a.attr.len();
                    e = &a.value;
                }
                Expr::Name(n) => break n.id.as_str(),
                _ => return Base::Unknown(unparse_short(expr).into()),
            }
        };
        // `q` followed by the chain's attributes, built at its final size.
        let with_rest = |q: &[&str]| -> Box<str> {
            let mut s = super::index::joined(q, rest_len);
            push_attrs(chain, &mut s);
            s.into_boxed_str()
        };
        let local = local(head);
        let prefix: Option<&[&str]> = match &local {
            Some(Some(q)) => Some(&[q]),
            Some(None) => None,
            None => match self.names.get(head) {
                Some(Binding::Import(q)) => Some(&[q]),
                Some(Binding::Class) => Some(&[&self.module, ".", head]),
                Some(Binding::Other | Binding::Ambiguous) => None,
                None if self.stars.is_empty() && super::names::is_builtin(head) => {
                    Some(&["builtins.", head])
                }
                None => None,
            },
        };
        match prefix {
            Some(q) => Base::Qual(with_rest(q)),
            None => Base::Unknown(with_rest(&[head])),
        }
    }

    /// [`Bindings::resolve_with`] with no enclosing function.
    pub fn resolve(&self, expr: &Expr) -> Base {
        self.resolve_with(expr, &|_| None)
    }
}

/// Append `.attr` for each attribute of the chain `e` (a name and attributes), from
/// the innermost out.
fn push_attrs(e: &Expr, out: &mut String) {
    if let Expr::Attribute(a) = e {
        push_attrs(&a.value, out);
        out.push('.');
        out.push_str(&a.attr);
    }
}

/// `TYPE_CHECKING` or `typing.TYPE_CHECKING` (any module's).
pub fn is_type_checking(test: &Expr) -> bool {
    match test {
        Expr::Name(n) => n.id.as_str() == "TYPE_CHECKING",
        Expr::Attribute(a) => a.attr.as_str() == "TYPE_CHECKING",
        _ => false,
    }
}

/// A short rendering of an expression for messages.
pub fn unparse_short(expr: &Expr) -> String {
    use ruff_python_codegen::Generator;
    let indent = ruff_python_codegen::Indentation::new("    ".to_string());
    let s = Generator::new(&indent, ruff_source_file::LineEnding::Lf).expr(expr);
    if s.len() > 60 {
        format!("{}…", &s[..s.floor_char_boundary(57)])
    } else {
        s
    }
}

/// The expression `s` parses to, for tests.
#[cfg(test)]
pub(crate) fn parse_expr(s: &str) -> Expr {
    *ruff_python_parser::parse_expression(s)
        .unwrap()
        .into_syntax()
        .body
}

#[cfg(test)]
mod tests {
    use super::parse_expr as expr;
    use super::*;

    #[test]
    fn resolves_imports_aliases_and_relative() {
        let src = "import io\nimport os.path as p\nfrom . import sibling\nfrom ..up import Base as B\nfrom x import *\nclass K: pass\nif TYPE_CHECKING:\n    from typing import Protocol\n";
        let parsed = ruff_python_parser::parse_module(src).unwrap();
        let b = Bindings::collect("pkg.sub.mod", false, parsed.suite());
        assert_eq!(
            b.resolve(&expr("io.IOBase")),
            Base::Qual("io.IOBase".into())
        );
        assert_eq!(
            b.resolve(&expr("p.join")),
            Base::Qual("os.path.join".into())
        );
        assert_eq!(
            b.resolve(&expr("sibling.C")),
            Base::Qual("pkg.sub.sibling.C".into())
        );
        assert_eq!(b.resolve(&expr("B")), Base::Qual("pkg.up.Base".into()));
        assert_eq!(b.resolve(&expr("K")), Base::Qual("pkg.sub.mod.K".into()));
        // A star import may bind anything, even a builtin's name.
        assert!(matches!(b.resolve(&expr("object")), Base::Unknown(_)));
        assert!(matches!(b.resolve(&expr("Protocol")), Base::Unknown(_)));
        let plain = Bindings::collect("m", false, &[]);
        assert_eq!(
            plain.resolve(&expr("object")),
            Base::Qual("builtins.object".into())
        );
        assert!(matches!(plain.resolve(&expr("f()")), Base::Unknown(_)));
    }
}
