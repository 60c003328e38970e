//! Module-level bindings by name, for the resolver.

use rustc_hash::FxHashMap;

use ruff_python_ast::{Expr, Stmt};

use super::Lookup;

/// Module-level bindings by name (in `if`/`try`/`with`/loop blocks too).
#[derive(Default)]
pub(crate) struct ModuleIndex<'a> {
    pub(super) bindings: FxHashMap<&'a str, Vec<Lookup<'a>>>,
}

impl<'a> ModuleIndex<'a> {
    pub(crate) fn new(body: &'a [Stmt]) -> Self {
        let mut index = ModuleIndex::default();
        index.add_body(body);
        index
    }

    fn add(&mut self, name: &'a str, b: Lookup<'a>) {
        self.bindings.entry(name).or_default().push(b);
    }

    fn add_target(&mut self, target: &'a Expr, value: Option<&'a Expr>) {
        match target {
            Expr::Name(n) => match value {
                Some(v) => self.add(n.id.as_str(), Lookup::Values(vec![v])),
                None => self.add(n.id.as_str(), Lookup::Other),
            },
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.add_target(e, None)),
            Expr::List(l) => l.elts.iter().for_each(|e| self.add_target(e, None)),
            Expr::Starred(s) => self.add_target(&s.value, None),
            _ => {}
        }
    }

    fn add_body(&mut self, body: &'a [Stmt]) {
        for stmt in body {
            match stmt {
                Stmt::FunctionDef(f) => self.add(f.name.as_str(), Lookup::Def(f)),
                Stmt::ClassDef(c) => self.add(c.name.as_str(), Lookup::Class(c)),
                Stmt::Assign(a) => {
                    for t in &a.targets {
                        self.add_target(t, Some(&a.value));
                    }
                }
                Stmt::AnnAssign(a) if a.value.is_some() => {
                    self.add_target(&a.target, a.value.as_deref());
                }
                Stmt::AugAssign(a) => self.add_target(&a.target, None),
                Stmt::Import(i) => {
                    for alias in &i.names {
                        match &alias.asname {
                            Some(n) => self.add(n.as_str(), Lookup::Import(alias.name.to_string())),
                            None => {
                                let top = alias.name.split('.').next().unwrap_or_default();
                                self.add(top, Lookup::Import(top.to_string()));
                            }
                        }
                    }
                }
                Stmt::ImportFrom(i) => {
                    let module = format!(
                        "{}{}",
                        ".".repeat(i.level as usize),
                        i.module.as_ref().map_or("", |m| m.as_str())
                    );
                    for alias in &i.names {
                        let bound = alias.asname.as_ref().unwrap_or(&alias.name).as_str();
                        if bound != "*" {
                            self.add(bound, Lookup::Import(format!("{module}.{}", alias.name)));
                        }
                    }
                }
                Stmt::For(f) => {
                    self.add_target(&f.target, None);
                    self.add_body(&f.body);
                    self.add_body(&f.orelse);
                }
                Stmt::While(w) => {
                    self.add_body(&w.body);
                    self.add_body(&w.orelse);
                }
                Stmt::If(s) => {
                    self.add_body(&s.body);
                    for c in &s.elif_else_clauses {
                        self.add_body(&c.body);
                    }
                }
                Stmt::With(w) => {
                    for item in &w.items {
                        if let Some(v) = &item.optional_vars {
                            self.add_target(v, None);
                        }
                    }
                    self.add_body(&w.body);
                }
                Stmt::Try(t) => {
                    self.add_body(&t.body);
                    for h in &t.handlers {
                        let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                        if let Some(n) = &h.name {
                            self.add(n.as_str(), Lookup::Other);
                        }
                        self.add_body(&h.body);
                    }
                    self.add_body(&t.orelse);
                    self.add_body(&t.finalbody);
                }
                Stmt::Match(m) => {
                    for c in &m.cases {
                        self.add_body(&c.body);
                    }
                }
                _ => {}
            }
        }
    }

    /// What `name` refers to at module level.
    pub(crate) fn lookup(&self, name: &str) -> Lookup<'a> {
        match self.bindings.get(name).map(Vec::as_slice) {
            None | Some([]) => Lookup::Unbound,
            Some([one]) => one.clone(),
            Some(many) => {
                if many.iter().all(|b| matches!(b, Lookup::Values(_))) {
                    Lookup::Values(
                        many.iter()
                            .flat_map(|b| match b {
                                Lookup::Values(v) => v.clone(),
                                _ => Vec::new(),
                            })
                            .collect(),
                    )
                } else {
                    Lookup::Other
                }
            }
        }
    }
}
