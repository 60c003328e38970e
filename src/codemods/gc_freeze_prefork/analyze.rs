//! Fork call sites: which ones get `gc.freeze()` right before them, and why the
//! others are left alone. A site qualifies only when the forked child keeps running
//! this program's Python code, in code sturdy can see: forks in a child, per request,
//! in a condition, before `exec*()`, that only detach, or whose child returns to an
//! unseen caller are skipped.

use std::collections::HashMap;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, CmpOp, Expr, Stmt, StmtClassDef, StmtFunctionDef, UnaryOp};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::mp::{Kind, Mp, Scope, bound_in};
use super::policy::{
    ProcessCalls, Reach, any_call, ends_process, first_return, gc_name_taken_in_function,
    stmt_call, terminates,
};
use super::skip::Skip;
use crate::source::SourceFile;
use crate::util::{comments_above, dotted, indent_of, last_segment};

/// Route decorators of Flask / FastAPI / Starlette / Sanic / aiohttp / Bottle that
/// register the function as a request handler whatever their arguments.
const ROUTE_DECORATORS: &[&str] = &["route", "api_route", "websocket", "add_route"];
/// HTTP-verb decorators (`@app.get("/items")`): a handler when the first argument is a
/// path.
const VERB_DECORATORS: &[&str] = &["get", "post", "put", "delete", "patch", "head", "options"];
/// Django / DRF view decorators.
const VIEW_DECORATORS: &[&str] = &[
    "api_view",
    "require_http_methods",
    "require_GET",
    "require_POST",
    "require_safe",
    "csrf_exempt",
    "login_required",
    "permission_required",
];
/// Functions that run once per request or connection (`socketserver.ForkingMixIn`).
const PER_REQUEST_FUNCTIONS: &[&str] = &[
    "process_request",
    "finish_request",
    "handle_request",
    "handle_connection",
    "handle_client",
    "handle",
];
/// Calls that make a loop iterate once per connection or request.
const ACCEPT_CALLS: &[&str] = &["accept", "get_request", "recvfrom", "recv_multipart"];

/// One call that forks, found in a statement's own expressions.
struct Hit {
    at: TextSize,
    kind: Kind,
    /// `Some("elif")` / `Some("while")` when it sits in a condition sturdy cannot
    /// put a statement in front of.
    place: Option<&'static str>,
}

struct Finder<'n> {
    names: &'n ProcessCalls,
    mp: &'n Mp,
    file: &'n SourceFile,
    place: Option<&'static str>,
    scope: Scope,
    hits: Vec<Hit>,
}

impl<'b> Visitor<'b> for Finder<'_> {
    fn visit_expr(&mut self, e: &'b Expr) {
        if e.is_lambda_expr() {
            return;
        }
        if let Expr::Call(c) = e {
            let kind = if self.names.is_fork_call(e) {
                Some(Kind::Fork)
            } else if self.mp.constructor(e, self.names, self.file, self.scope) == Some(Kind::Pool)
            {
                Some(Kind::Pool)
            } else if let Expr::Attribute(a) = &*c.func
                && a.attr.as_str() == "start"
                && c.arguments.is_empty()
                && (self
                    .mp
                    .constructor(&a.value, self.names, self.file, self.scope)
                    == Some(Kind::Start)
                    || bound_in(
                        &self.mp.processes,
                        self.scope,
                        self.file.slice(a.value.range()),
                    ))
            {
                Some(Kind::Start)
            } else {
                None
            };
            if let Some(kind) = kind {
                self.hits.push(Hit {
                    at: e.start(),
                    kind,
                    place: self.place,
                });
            }
        }
        visitor::walk_expr(self, e);
    }
}

struct Walker<'a, 's> {
    file: &'a SourceFile,
    names: &'a ProcessCalls,
    mp: &'a Mp,
    freeze: String,
    funcs: Vec<&'a StmtFunctionDef>,
    classes: Vec<&'a StmtClassDef>,
    loops: Vec<&'a Stmt>,
    /// The fork whose child process runs the code being walked.
    child_of: Option<TextSize>,
    /// Per function scope: pid variable (source text) -> the fork that set it.
    pids: Vec<HashMap<String, TextSize>>,
    /// Where the module binds the first segment of `freeze` to something else.
    shadowed: Option<TextSize>,
    /// The sites to change.
    sites: Vec<Site>,
    skips: Vec<(TextSize, Skip)>,
    /// Whether a suppression comment silences the candidate statement at a range
    /// (counted as suppressed; see `Context::candidate_suppressed`).
    suppressed: &'s mut dyn FnMut(TextRange) -> bool,
    /// Where the names of the fork functions are, when every site holds one (see
    /// [`Reach`]): statements without one are passed over.
    marks: Option<&'a [TextSize]>,
}

/// `gc.freeze()` goes in as the line `line` (indented, with its newline) at `at`.
pub(crate) struct Site {
    pub(crate) at: TextSize,
    pub(crate) line: String,
}

/// The sites of the file that get `gc.freeze()` (spelled `freeze`), and the skipped
/// ones with their reason. `shadowed`: where the module binds `freeze`'s first
/// segment to something else, if it does (then every site is skipped). A site whose
/// statement `suppressed` says is silenced is left out before anything is planned
/// for it: no line, no diagnostic, and the next fork of its block may take its place.
pub(crate) fn fork_sites(
    file: &SourceFile,
    names: &ProcessCalls,
    freeze: &str,
    shadowed: Option<TextSize>,
    reach: &Reach,
    suppressed: &mut dyn FnMut(TextRange) -> bool,
) -> (Vec<Site>, Vec<(TextSize, Skip)>) {
    let marks = match reach {
        Reach::Nothing => return (Vec::new(), Vec::new()),
        Reach::Marked(m) => Some(m.as_slice()),
        Reach::All => None,
    };
    let mp = Mp::collect(file, names);
    let mut w = Walker {
        file,
        names,
        mp: &mp,
        freeze: freeze.to_string(),
        funcs: Vec::new(),
        classes: Vec::new(),
        loops: Vec::new(),
        child_of: None,
        pids: vec![HashMap::new()],
        shadowed,
        sites: Vec::new(),
        skips: Vec::new(),
        suppressed,
        marks,
    };
    w.block(file.suite());
    (w.sites, w.skips)
}

/// How an `if` splits the processes of a fork.
struct Split<'a> {
    fork_at: TextSize,
    body_is_child: bool,
    stmt: &'a ast::StmtIf,
}

impl<'a> Split<'a> {
    /// The child's branch, the parent's, and the `else` branch (empty without one).
    fn branches(&self) -> (&'a [Stmt], &'a [Stmt], &'a [Stmt]) {
        let other: &[Stmt] = self
            .stmt
            .elif_else_clauses
            .iter()
            .find(|c| c.test.is_none())
            .map_or(&[], |c| &c.body);
        if self.body_is_child {
            (&self.stmt.body, other, other)
        } else {
            (other, &self.stmt.body, other)
        }
    }
}

impl<'a> Walker<'a, '_> {
    fn pid_ref(&self, e: &Expr) -> Option<TextSize> {
        if self.names.is_fork_call(e) {
            return Some(e.start());
        }
        let text = self.file.slice(e.range());
        self.pids.last().and_then(|m| m.get(text).copied())
    }

    fn is_zero(&self, e: &Expr) -> bool {
        matches!(e, Expr::NumberLiteral(_)) && self.file.slice(e.range()) == "0"
            || matches!(e, Expr::Name(n) if n.id.as_str() == "CHILD")
    }

    /// `if pid == 0:` (body is the child), `if pid:` / `if pid > 0:` (body is the
    /// parent), `if not os.fork():` ...
    fn split(&self, stmt: &'a ast::StmtIf) -> Option<Split<'a>> {
        let mk = |fork_at, body_is_child| {
            Some(Split {
                fork_at,
                body_is_child,
                stmt,
            })
        };
        match &*stmt.test {
            Expr::Compare(c) if c.ops.len() == 1 => {
                let (l, r) = (&*c.left, &c.comparators[0]);
                let at = if self.is_zero(r) {
                    self.pid_ref(l)?
                } else if self.is_zero(l) {
                    self.pid_ref(r)?
                } else {
                    return None;
                };
                match c.ops[0] {
                    CmpOp::Eq | CmpOp::Is => mk(at, true),
                    CmpOp::NotEq | CmpOp::IsNot | CmpOp::Gt | CmpOp::Lt => mk(at, false),
                    _ => None,
                }
            }
            Expr::UnaryOp(u) if u.op == UnaryOp::Not => mk(self.pid_ref(&u.operand)?, true),
            e => mk(self.pid_ref(e)?, false),
        }
    }

    /// Where the site runs once per request, in words, if it does.
    fn handler_reason(&self) -> Option<String> {
        for f in self.funcs.iter().rev() {
            let fname = f.name.as_str();
            for d in &f.decorator_list {
                let (func, call) = match &d.expression {
                    Expr::Call(c) => (&*c.func, Some(c)),
                    e => (e, None),
                };
                let Some(last) = last_segment(func) else {
                    continue;
                };
                let path_arg = call.is_some_and(|c| {
                    matches!(c.arguments.args.first(), Some(Expr::StringLiteral(s)) if s.value.to_str().starts_with('/'))
                });
                let route = (func.is_attribute_expr() && ROUTE_DECORATORS.contains(&last.as_str()))
                    || (func.is_attribute_expr()
                        && VERB_DECORATORS.contains(&last.as_str())
                        && path_arg)
                    || VIEW_DECORATORS.contains(&last.as_str());
                if route {
                    return Some(format!(
                        "inside the request handler `{fname}` (decorated with `@{}`)",
                        self.file.slice(d.expression.range())
                    ));
                }
            }
            if PER_REQUEST_FUNCTIONS.contains(&fname)
                || fname
                    .strip_prefix("do_")
                    .is_some_and(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_uppercase()))
            {
                return Some(format!("inside `{fname}`, which runs once per request"));
            }
            let p = &f.parameters;
            let params: Vec<&str> = p
                .posonlyargs
                .iter()
                .chain(&p.args)
                .map(|a| a.parameter.name.as_str())
                .collect();
            let first_real = match params.first() {
                Some(&"self" | &"cls") => params.get(1),
                other => other,
            };
            if first_real == Some(&"request") {
                return Some(format!(
                    "inside the view `{fname}`, which takes a `request`"
                ));
            }
        }
        for c in self.classes.iter().rev() {
            if let Some(b) = c.bases().iter().filter_map(last_segment).find(|b| {
                b.ends_with("RequestHandler") || b.ends_with("View") || b.ends_with("ViewSet")
            }) {
                return Some(format!(
                    "inside `{}`, a `{b}` subclass whose methods run per request",
                    c.name
                ));
            }
        }
        if let Some(l) = self.loops.last() {
            let body = match l {
                Stmt::For(f) => &f.body,
                Stmt::While(w) => &w.body,
                _ => return None,
            };
            let accepts = |e: &Expr| {
                matches!(e, Expr::Call(c) if matches!(&*c.func, Expr::Attribute(a) if ACCEPT_CALLS.contains(&a.attr.as_str()))
                    || matches!(&*c.func, Expr::Name(n) if ACCEPT_CALLS.contains(&n.id.as_str())))
            };
            if any_call(body, &accepts) {
                return Some(
                    "in a loop that accepts a connection or request per iteration".to_string(),
                );
            }
        }
        None
    }

    /// The `if` that splits the processes of the fork at `block[i]`: the statement
    /// itself, or a later one in the block (with its index).
    fn split_after(
        &self,
        block: &'a [Stmt],
        i: usize,
        fork_at: TextSize,
    ) -> Option<(Split<'a>, usize)> {
        match &block[i] {
            Stmt::If(s) => self
                .split(s)
                .filter(|sp| sp.fork_at == fork_at)
                .map(|sp| (sp, i)),
            _ => block[i + 1..]
                .iter()
                .enumerate()
                .find_map(|(j, s)| match s {
                    Stmt::If(s) => self.split(s).map(|sp| (sp, i + 1 + j)),
                    _ => None,
                })
                .filter(|(sp, _)| sp.fork_at == fork_at),
        }
    }

    /// Whether the fork at `block[i]` only daemonizes (the parent exits at once) or
    /// is followed by `exec*()` in the child.
    fn fork_use(&self, block: &'a [Stmt], i: usize, fork_at: TextSize) -> Option<Skip> {
        let (sp, j) = self.split_after(block, i, fork_at)?;
        let (child, parent, other) = sp.branches();
        if !parent.is_empty()
            && parent
                .iter()
                .all(|s| stmt_call(s).is_some_and(|c| self.names.is_exit_call(c)))
        {
            return Some(Skip::Detaches);
        }
        let mut child: Vec<&[Stmt]> = vec![child];
        if !sp.body_is_child && other.is_empty() && terminates(parent, self.names) {
            child.push(&block[j + 1..]);
        }
        if child
            .iter()
            .any(|c| any_call(c, &|e| self.names.is_exec_call(e)))
        {
            return Some(Skip::Execs);
        }
        None
    }

    /// Whether the child of the fork at `block[i]`, inside a function, may return
    /// from it: then what the child runs is up to the caller, which may `exec`
    /// (ptyprocess's `fork_pty()` returns `(pid, fd)` and its caller execs in the
    /// child). The child stays when its path ends the process first.
    fn child_returns(&self, block: &'a [Stmt], i: usize, fork_at: TextSize) -> Option<Skip> {
        // At module level the child runs the rest of the module, which is in view.
        let func = self.funcs.last()?;
        let line = |at: TextSize| self.file.line_col(at).0;
        let leaves = |how: String| {
            Some(Skip::ChildReturns {
                func: func.name.to_string(),
                how,
            })
        };
        if block[i].is_return_stmt() {
            return leaves(format!(
                "the `return` at line {} hands it the fork's result",
                line(block[i].start())
            ));
        }
        let from = match self.split_after(block, i, fork_at) {
            Some((sp, j)) => {
                let (child, _, _) = sp.branches();
                if let Some(r) = first_return(child) {
                    return leaves(format!("`return` at line {}", line(r)));
                }
                if ends_process(child, self.names) {
                    return None;
                }
                j + 1
            }
            None => i + 1,
        };
        let rest = &block[from..];
        if let Some(r) = first_return(rest) {
            return leaves(format!("`return` at line {}", line(r)));
        }
        if ends_process(rest, self.names) {
            return None;
        }
        if std::ptr::eq(block, func.body.as_slice()) {
            leaves("it runs to the end of the function".to_string())
        } else {
            leaves("it may run past the block that forks".to_string())
        }
    }

    fn is_freeze_stmt(&self, s: &Stmt) -> bool {
        stmt_call(s).is_some_and(|c| {
            self.names.is_call_to(c, &["gc.freeze"])
                || matches!(c, Expr::Call(call) if dotted(&call.func).as_deref() == Some(self.freeze.as_str()))
        })
    }

    fn hits(&self, s: &'a Stmt) -> Vec<Hit> {
        let mut f = Finder {
            names: self.names,
            mp: self.mp,
            file: self.file,
            place: None,
            scope: self.funcs.last().map(|f| f.start()),
            hits: Vec::new(),
        };
        match s {
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) | Stmt::Try(_) => {}
            Stmt::If(i) => {
                f.visit_expr(&i.test);
                f.place = Some("an `elif` condition");
                for c in &i.elif_else_clauses {
                    if let Some(t) = &c.test {
                        f.visit_expr(t);
                    }
                }
            }
            Stmt::While(w) => {
                f.place = Some("a `while` condition");
                f.visit_expr(&w.test);
            }
            Stmt::For(l) => f.visit_expr(&l.iter),
            Stmt::With(w) => {
                for item in &w.items {
                    f.visit_expr(&item.context_expr);
                }
            }
            Stmt::Match(m) => f.visit_expr(&m.subject),
            _ => visitor::walk_stmt(&mut f, s),
        }
        f.hits
    }

    fn block(&mut self, block: &'a [Stmt]) {
        let saved_child = self.child_of;
        let mut done = false;
        for (i, s) in block.iter().enumerate() {
            // A statement without a site in it only splits processes for the ones
            // after it (below).
            if self
                .marks
                .is_none_or(|m| crate::source::Marks::within(m, s.range()))
            {
                self.statement(block, i, &mut done);
            }
            // `if pid: return pid` / `if pid > 0: ...; sys.exit()`: the rest of the
            // block runs in the child.
            if let Stmt::If(st) = s
                && st.elif_else_clauses.is_empty()
                && let Some(sp) = self.split(st)
                && !sp.body_is_child
                && terminates(&st.body, self.names)
            {
                self.child_of = Some(sp.fork_at);
            }
        }
        self.child_of = saved_child;
    }

    /// The sites of `block[i]` and of the blocks in it.
    fn statement(&mut self, block: &'a [Stmt], i: usize, done: &mut bool) {
        let s = &block[i];
        let hits = self.hits(s);
        // Record pid variables before looking at the site (`pid = os.fork()`).
        if let Some(fork) = hits.iter().find(|h| h.kind == Kind::Fork) {
            let targets: Vec<&Expr> = match s {
                Stmt::Assign(a) if self.names.is_fork_call(&a.value) => a.targets.iter().collect(),
                Stmt::AnnAssign(a)
                    if a.value
                        .as_deref()
                        .is_some_and(|v| self.names.is_fork_call(v)) =>
                {
                    vec![&*a.target]
                }
                _ => Vec::new(),
            };
            for t in targets {
                let t = match t {
                    Expr::Tuple(t) => t.elts.first(),
                    t => Some(t),
                };
                if let Some(t) = t {
                    let text = self.file.slice(t.range()).to_string();
                    if let Some(m) = self.pids.last_mut() {
                        m.insert(text, fork.at);
                    }
                }
            }
        }
        for hit in &hits {
            self.site(block, i, hit, done);
        }
        self.nested(s);
    }

    fn site(&mut self, block: &'a [Stmt], i: usize, hit: &Hit, done: &mut bool) {
        let s = &block[i];
        if (self.suppressed)(s.range()) {
            return;
        }
        let what = match hit.kind {
            Kind::Fork => "fork",
            Kind::Pool => "pool creation",
            Kind::Start => "process start",
        };
        let reason = if let Some(parent) = self.child_of {
            Some(Skip::InChild {
                what,
                parent: self.file.line_col(parent).0,
            })
        } else if let Some(why) = self.handler_reason() {
            Some(Skip::PerRequest { what, why })
        } else if let Some(place) = hit.place {
            Some(Skip::Condition { what, place })
        } else if hit.kind == Kind::Fork {
            self.fork_use(block, i, hit.at)
                .or_else(|| self.child_returns(block, i, hit.at))
        } else {
            None
        };
        if let Some(r) = reason {
            self.skips.push((hit.at, r));
            return;
        }
        if *done {
            return;
        }
        *done = true;
        if i > 0 && self.is_freeze_stmt(&block[i - 1]) {
            return;
        }
        let local = self.freeze.split('.').next().unwrap_or_default();
        let bound = self.shadowed.or_else(|| {
            self.funcs
                .iter()
                .find_map(|f| gc_name_taken_in_function(self.names, f, local, s.start()))
        });
        if let Some(at) = bound {
            self.skips.push((
                hit.at,
                Skip::GcShadowed {
                    local: local.to_string(),
                    call: self.freeze.clone(),
                    line: self.file.line_col(at).0,
                },
            ));
            return;
        }
        let Some(indent) = indent_of(self.file, s) else {
            self.skips.push((hit.at, Skip::SharedLine { what }));
            return;
        };
        self.sites.push(Site {
            at: comments_above(&self.file.text, s.start()),
            line: format!("{indent}{}(){}", self.freeze, self.file.newline()),
        });
    }

    fn nested(&mut self, s: &'a Stmt) {
        match s {
            Stmt::FunctionDef(f) => {
                let (child, loops) = (self.child_of.take(), std::mem::take(&mut self.loops));
                self.funcs.push(f);
                self.pids.push(HashMap::new());
                self.block(&f.body);
                self.pids.pop();
                self.funcs.pop();
                (self.child_of, self.loops) = (child, loops);
            }
            Stmt::ClassDef(c) => {
                self.classes.push(c);
                self.block(&c.body);
                self.classes.pop();
            }
            Stmt::If(st) => {
                let split = self.split(st);
                let saved = self.child_of;
                if let Some(sp) = &split
                    && sp.body_is_child
                {
                    self.child_of = Some(sp.fork_at);
                }
                self.block(&st.body);
                self.child_of = saved;
                for c in &st.elif_else_clauses {
                    if let Some(sp) = &split
                        && !sp.body_is_child
                        && c.test.is_none()
                    {
                        self.child_of = Some(sp.fork_at);
                    }
                    self.block(&c.body);
                    self.child_of = saved;
                }
            }
            Stmt::For(l) => {
                self.loops.push(s);
                self.block(&l.body);
                self.loops.pop();
                self.block(&l.orelse);
            }
            Stmt::While(w) => {
                self.loops.push(s);
                self.block(&w.body);
                self.loops.pop();
                self.block(&w.orelse);
            }
            Stmt::With(w) => self.block(&w.body),
            Stmt::Try(t) => {
                self.block(&t.body);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    self.block(&h.body);
                }
                self.block(&t.orelse);
                self.block(&t.finalbody);
            }
            Stmt::Match(m) => {
                for c in &m.cases {
                    self.block(&c.body);
                }
            }
            _ => {}
        }
    }
}
