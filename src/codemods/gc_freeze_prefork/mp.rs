//! multiprocessing in a file: whether the fork start method is explicit, and which
//! contexts, pools and processes use it.

use std::collections::HashSet;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextSize};

use super::policy::{ProcessCalls, attr_among, expr_has};
use crate::source::SourceFile;
use crate::util::contains;

/// What a call site does.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Fork,
    Pool,
    Start,
}

/// multiprocessing facts of the file.
#[derive(Default)]
pub(crate) struct Mp {
    /// `set_start_method("fork")` is called somewhere in the file, and no
    /// `set_start_method` with another method.
    fork_default: bool,
    /// (scope, target text) assigned `get_context("fork")`.
    contexts: HashSet<(Scope, String)>,
    /// (scope, target text) holding `Process` objects of a fork context.
    pub(crate) processes: HashSet<(Scope, String)>,
}

/// A function scope, by the start of its `def` (`None`: the module).
pub(crate) type Scope = Option<TextSize>;

/// Whether `text` names something in `set`, bound in `scope` or at module level.
pub(crate) fn bound_in(set: &HashSet<(Scope, String)>, scope: Scope, text: &str) -> bool {
    if set.is_empty() {
        return false;
    }
    let text = text.to_string();
    set.contains(&(scope, text.clone())) || set.contains(&(None, text))
}

fn str_arg<'e>(call: &'e ast::ExprCall, keyword: &str) -> Option<&'e str> {
    let e = call.arguments.args.first().or_else(|| {
        call.arguments
            .keywords
            .iter()
            .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == keyword))
            .map(|k| &k.value)
    })?;
    match e {
        Expr::StringLiteral(s) => Some(s.value.to_str()),
        _ => None,
    }
}

impl Mp {
    /// Whether the file may choose the fork start method. Without `get_context` or
    /// `set_start_method` (or an alias: an import names them too), [`Mp::collect`]
    /// finds nothing, and no call is a fork-context pool or process.
    pub(crate) fn possible(file: &SourceFile) -> bool {
        let text = &file.text;
        contains(text, "multiprocessing")
            && (contains(text, "get_context") || contains(text, "set_start_method"))
    }

    pub(crate) fn collect(file: &SourceFile, names: &ProcessCalls) -> Self {
        let mut mp = Mp::default();
        if !Self::possible(file) {
            return mp;
        }
        struct C<'n> {
            names: &'n ProcessCalls,
            file: &'n SourceFile,
            mp: Mp,
            pass: u8,
            scope: Scope,
            other_method: bool,
        }
        impl<'b> Visitor<'b> for C<'_> {
            fn visit_stmt(&mut self, s: &'b Stmt) {
                let key = |c: &Self, e: &Expr| (c.scope, c.file.slice(e.range()).to_string());
                match s {
                    Stmt::FunctionDef(f) => {
                        let saved = self.scope.replace(f.start());
                        visitor::walk_stmt(self, s);
                        self.scope = saved;
                        return;
                    }
                    Stmt::Assign(a)
                        if self.pass == 0 && self.mp.is_fork_context_call(&a.value, self.names) =>
                    {
                        for t in &a.targets {
                            let k = key(self, t);
                            self.mp.contexts.insert(k);
                        }
                    }
                    Stmt::Assign(a) if self.pass > 0 => {
                        let holds = expr_has(&a.value, &|e| {
                            self.mp.constructor(e, self.names, self.file, self.scope)
                                == Some(Kind::Start)
                        });
                        if holds {
                            for t in &a.targets {
                                let k = key(self, t);
                                self.mp.processes.insert(k);
                            }
                        }
                    }
                    Stmt::For(f)
                        if self.pass > 0
                            && bound_in(
                                &self.mp.processes,
                                self.scope,
                                self.file.slice(f.iter.range()),
                            ) =>
                    {
                        let k = key(self, &f.target);
                        self.mp.processes.insert(k);
                    }
                    _ => {}
                }
                visitor::walk_stmt(self, s);
            }
            fn visit_expr(&mut self, e: &'b Expr) {
                if let Expr::Call(c) = e {
                    if self.pass == 0
                        && attr_among(&c.func, &["multiprocessing.set_start_method"])
                        && self.names.resolve(&c.func).as_deref()
                            == Some("multiprocessing.set_start_method")
                    {
                        if str_arg(c, "method") == Some("fork") {
                            self.mp.fork_default = true;
                        } else {
                            self.other_method = true;
                        }
                    }
                    // `procs.append(ctx.Process(...))`
                    if self.pass > 0
                        && let Expr::Attribute(a) = &*c.func
                        && a.attr.as_str() == "append"
                        && c.arguments.args.first().is_some_and(|x| {
                            self.mp.constructor(x, self.names, self.file, self.scope)
                                == Some(Kind::Start)
                        })
                    {
                        let k = (self.scope, self.file.slice(a.value.range()).to_string());
                        self.mp.processes.insert(k);
                    }
                }
                visitor::walk_expr(self, e);
            }
        }
        let mut c = C {
            names,
            file,
            mp,
            pass: 0,
            scope: None,
            other_method: false,
        };
        c.visit_body(file.suite());
        if c.other_method {
            c.mp.fork_default = false;
        }
        for pass in 1..3 {
            c.pass = pass;
            c.visit_body(file.suite());
        }
        mp = c.mp;
        mp
    }

    /// `multiprocessing.get_context("fork")`.
    fn is_fork_context_call(&self, e: &Expr, names: &ProcessCalls) -> bool {
        matches!(e, Expr::Call(c)
            if attr_among(&c.func, &["multiprocessing.get_context"])
                && names.resolve(&c.func).as_deref() == Some("multiprocessing.get_context")
                && str_arg(c, "method") == Some("fork"))
    }

    /// A fork-context `Pool(...)` (`Kind::Pool`) or `Process(...)` (`Kind::Start`) call.
    pub(crate) fn constructor(
        &self,
        e: &Expr,
        names: &ProcessCalls,
        file: &SourceFile,
        scope: Scope,
    ) -> Option<Kind> {
        let Expr::Call(c) = e else { return None };
        let kind = |n: &str| match n {
            "Pool" => Some(Kind::Pool),
            "Process" => Some(Kind::Start),
            _ => None,
        };
        if let Expr::Attribute(a) = &*c.func
            && (self.is_fork_context_call(&a.value, names)
                || bound_in(&self.contexts, scope, file.slice(a.value.range())))
        {
            return kind(a.attr.as_str());
        }
        if self.fork_default {
            if !attr_among(
                &c.func,
                &["multiprocessing.Pool", "multiprocessing.Process"],
            ) {
                return None;
            }
            return match names.resolve(&c.func).as_deref() {
                Some("multiprocessing.Pool" | "multiprocessing.pool.Pool") => Some(Kind::Pool),
                Some("multiprocessing.Process") => Some(Kind::Start),
                _ => None,
            };
        }
        None
    }
}
