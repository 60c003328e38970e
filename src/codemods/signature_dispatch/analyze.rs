//! Which `**` calls are payload dispatch. Every call with a `**` spread gets a
//! decision, `Result<Plan, Skip>`, from where its payload and its callee come from:
//!
//! 1. never rewritten, whatever else holds: calls of the helper, forwarding of the
//!    enclosing function's own `**kwargs` (also copies of it), replayed calls
//!    (`*args`), `super()` chains, mapping consumers and copy constructors, test
//!    parameterisation, calls inside a `try` that catches `TypeError`, and payloads
//!    whose keys developers wrote (literal keys to a fixed callee, constant tables,
//!    `TypedDict`s);
//! 2. no-ops: the callee (resolved in this module, see `resolve`) takes `**kwargs`,
//!    or accepts every literal key of the payload;
//! 3. rewritten on a signal, whatever the spread's name: a callee picked at run time
//!    (which also overrides a spread named like options), decoded data (JSON, YAML,
//!    pickle, DB rows, request data); or, weaker, a spread named like data, a
//!    parameter named like a handler, a receiver picked from a registry;
//! 4. the same shape (spread and receiver) gets the same decision across the module.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Decorator, ExceptHandler, Expr, ExprCall, Stmt, StmtFunctionDef};
use ruff_text_size::{Ranged, TextSize};

use crate::source::{Marks, SourceFile};
use crate::util::{dotted, last_segment};

use super::classes::{ClassCallee, Classes};
use super::resolve::ModuleIndex;
use super::scope::Scope;
use super::signals::{
    self, DICT_CONSUMERS, DICT_METHODS, Naming, Veto, evaluation_order_problem, is_state,
    spread_naming, veto,
};
use super::skip::Skip;

/// A call to rewrite.
pub(crate) struct Plan<'a> {
    pub(crate) call: &'a ExprCall,
    /// Whether the call runs when the module is imported (not inside a function or
    /// lambda body).
    pub(crate) module_level: bool,
}

/// What was decided for one `**` call.
pub(crate) type Decision<'a> = (&'a ExprCall, Result<Plan<'a>, Skip>);

/// Decide every `**` call of `file`, in source order.
pub(crate) fn analyze<'a>(
    file: &'a SourceFile,
    helper_name: &'a str,
    local_helper: Option<&'a StmtFunctionDef>,
    too_old: Option<(u8, u8)>,
    facts: &'a crate::codemods::Facts,
) -> Vec<Decision<'a>> {
    let mut finder = Finder::new(file, helper_name, local_helper, too_old, facts);
    finder.visit_body(file.suite());
    let mut decisions = finder.decisions;
    consistency(&mut decisions);
    decisions.into_iter().map(|d| (d.call, d.outcome)).collect()
}

/// The `**` calls of `file` that no check of their own module decides: the calls
/// whose decision may depend on other modules' facts (a class callee's signature, a
/// method's overrides). Every other call is left alone for a reason found in `file`
/// alone, whatever the project holds and whatever the options (the helper's name is
/// not known here, so a call of it counts as undecided), so a file whose class-like
/// callees are all among those need not wait for the project's facts.
pub(crate) fn undecided_locally(file: &SourceFile) -> Vec<ruff_text_size::TextRange> {
    let facts = crate::codemods::Facts::pending();
    let mut finder = Finder::new(file, "", None, None, &facts);
    finder.probe = Some(std::cell::RefCell::new(Vec::new()));
    finder.visit_body(file.suite());
    finder.probe.map(|p| p.into_inner()).unwrap_or_default()
}

/// A decision while the module is analysed.
struct Pending<'a> {
    call: &'a ExprCall,
    outcome: Result<Plan<'a>, Skip>,
    /// For a call without a signal: its shape, and what it would get with one.
    upgrade: Option<(Shape, Result<Plan<'a>, Skip>)>,
    /// For a call rewritten on a signal: its shape.
    shape: Option<Shape>,
}

/// A spread and the receiver of the callee, both as written (`self.params`,
/// `self.backend`): calls of the same shape get the same decision.
type Shape = (String, String);

/// A call left alone for want of a signal gets the decision of a call of the same
/// shape in the module that has one.
fn consistency(decisions: &mut [Pending]) {
    let signalled: rustc_hash::FxHashSet<Shape> =
        decisions.iter().filter_map(|d| d.shape.clone()).collect();
    if signalled.is_empty() {
        return;
    }
    for d in decisions.iter_mut() {
        if let Some((shape, _)) = &d.upgrade
            && signalled.contains(shape)
        {
            d.outcome = d.upgrade.take().expect("checked").1;
        }
    }
}

/// Whether the file is test code, from its place in the project (so that `cd tests &&
/// sturdy helpers.py` sees `tests/` as the whole run does): its path relative to the
/// project's root, or a package it is in, is named like tests. A source not on disk in a
/// project is judged by the path it was named by.
fn is_test_file(file: &SourceFile) -> bool {
    let in_project = file
        .disk_path
        .as_deref()
        .map(crate::semantic::project::absolute)
        .and_then(|abs| {
            let root = crate::semantic::project::project_root_of_file(&abs)?;
            abs.strip_prefix(&root)
                .ok()
                .map(|rel| rel.to_string_lossy().into_owned())
        });
    let mut packages: Vec<&str> = file.module.split('.').collect();
    if !file.is_package {
        packages.pop();
    }
    is_test_path(in_project.as_deref().unwrap_or(&file.path))
        || packages
            .iter()
            .any(|p| matches!(*p, "test" | "tests" | "testing"))
}

/// Whether a path is a test module: under a `test`/`tests`/`testing` directory, or
/// named `test_*.py`, `*_test.py`, `tests.py` or `conftest.py`.
pub(crate) fn is_test_path(path: &str) -> bool {
    let mut parts: Vec<&str> = path.split(['/', '\\']).collect();
    let file = parts.pop().unwrap_or_default();
    parts
        .iter()
        .any(|d| matches!(*d, "test" | "tests" | "testing"))
        || file.starts_with("test_")
        || file.ends_with("_test.py")
        || matches!(file, "tests.py" | "conftest.py")
}

pub(crate) struct Finder<'a> {
    pub(crate) file: &'a SourceFile,
    /// Class callees whose signature may not be what they accept.
    class_callees: Classes<'a>,
    pub(crate) facts: &'a crate::codemods::Facts,
    /// `name = call(...)` statements the visitor is in: the call and the name.
    pub(crate) rebinds: Vec<(&'a Expr, &'a str)>,
    helper_name: &'a str,
    local_helper: Option<&'a StmtFunctionDef>,
    too_old: Option<(u8, u8)>,
    test_file: bool,
    pub(crate) module: std::cell::OnceCell<ModuleIndex<'a>>,
    /// The module and the enclosing functions and lambdas, innermost last.
    pub(crate) scopes: Vec<Scope<'a>>,
    /// Enclosing class bodies, with the number of scopes open when each was entered.
    classes: Vec<(&'a ruff_python_ast::StmtClassDef, usize)>,
    in_decorator: usize,
    decisions: Vec<Pending<'a>>,
    /// For [`undecided_locally`]: the calls that passed every check of their own
    /// module (their decision is not made).
    probe: Option<std::cell::RefCell<Vec<ruff_text_size::TextRange>>>,
}

impl<'a> Finder<'a> {
    fn new(
        file: &'a SourceFile,
        helper_name: &'a str,
        local_helper: Option<&'a StmtFunctionDef>,
        too_old: Option<(u8, u8)>,
        facts: &'a crate::codemods::Facts,
    ) -> Self {
        Finder {
            file,
            class_callees: Classes::new(facts, file),
            facts,
            rebinds: Vec::new(),
            helper_name,
            local_helper,
            too_old,
            test_file: is_test_file(file),
            module: std::cell::OnceCell::new(),
            scopes: vec![Scope::module(file.suite())],
            classes: Vec::new(),
            in_decorator: 0,
            decisions: Vec::new(),
            probe: None,
        }
    }
}

/// The `except` clause that catches `TypeError`, as written: `TypeError`, a tuple
/// holding it, `Exception`, `BaseException`, or a bare `except`.
fn catches_type_error(handlers: &[ExceptHandler]) -> Option<String> {
    fn catches(e: &Expr) -> bool {
        match e {
            Expr::Tuple(t) => t.elts.iter().any(catches),
            e => last_segment(e)
                .is_some_and(|n| matches!(n.as_str(), "TypeError" | "Exception" | "BaseException")),
        }
    }
    handlers.iter().find_map(|h| {
        let ExceptHandler::ExceptHandler(h) = h;
        match &h.type_ {
            None => Some("except:".to_string()),
            Some(t) if catches(t) => Some(format!("except {}", TypeName(t))),
            Some(_) => None,
        }
    })
}

/// A compact rendering of an `except` tuple for messages.
struct TypeName<'e>(&'e Expr);

impl std::fmt::Display for TypeName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Expr::Tuple(t) => {
                let names: Vec<String> = t
                    .elts
                    .iter()
                    .map(|e| dotted(e).unwrap_or_else(|| "...".to_string()))
                    .collect();
                write!(f, "({})", names.join(", "))
            }
            e => write!(f, "{}", dotted(e).unwrap_or_else(|| "...".to_string())),
        }
    }
}

/// `with suppress(TypeError)` (`contextlib.suppress`, also with other exceptions).
fn suppresses_type_error(item: &Expr) -> bool {
    let Expr::Call(c) = item else { return false };
    last_segment(&c.func).as_deref() == Some("suppress")
        && c.arguments.args.iter().any(|a| {
            last_segment(a)
                .is_some_and(|n| matches!(n.as_str(), "TypeError" | "Exception" | "BaseException"))
        })
}

/// Test parameterisation covering a function: `@pytest.mark.parametrize(...)` (any
/// `*.parametrize`), or a `test_*` function.
fn test_marker(f: &StmtFunctionDef) -> Option<String> {
    for d in &f.decorator_list {
        let e = match &d.expression {
            Expr::Call(c) => &*c.func,
            e => e,
        };
        if last_segment(e).as_deref() == Some("parametrize") {
            return Some(format!(
                "`@{}`",
                dotted(e).unwrap_or_else(|| "parametrize".to_string())
            ));
        }
    }
    f.name
        .as_str()
        .starts_with("test_")
        .then(|| format!("the test function `{}`", f.name))
}

impl<'a> Visitor<'a> for Finder<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        // Every candidate call has a `**` spread: pass over statements without one.
        if !Marks::within(&self.file.marks().unpacks, stmt.range()) {
            return;
        }
        match stmt {
            Stmt::FunctionDef(f) => self.visit_function(f),
            Stmt::ClassDef(c) => {
                for d in &c.decorator_list {
                    self.visit_decorator(d);
                }
                if let Some(args) = &c.arguments {
                    self.visit_arguments(args);
                }
                self.classes.push((c, self.scopes.len()));
                self.visit_body(&c.body);
                self.classes.pop();
            }
            Stmt::Try(t) => {
                let handler = catches_type_error(&t.handlers);
                if let Some(h) = &handler {
                    self.scope_mut().catches.push(("try", t.start(), h.clone()));
                }
                self.visit_body(&t.body);
                if handler.is_some() {
                    self.scope_mut().catches.pop();
                }
                for h in &t.handlers {
                    self.visit_except_handler(h);
                }
                self.visit_body(&t.orelse);
                self.visit_body(&t.finalbody);
            }
            Stmt::With(w) => {
                for item in &w.items {
                    self.visit_with_item(item);
                }
                let suppress = w
                    .items
                    .iter()
                    .find(|i| suppresses_type_error(&i.context_expr))
                    .map(|i| signals::short(self.file.slice(i.context_expr.range())));
                let subtest = w.items.iter().any(|i| {
                    matches!(&i.context_expr, Expr::Call(c) if last_segment(&c.func).as_deref() == Some("subTest"))
                });
                let suppress = suppress.is_some_and(|clause| {
                    self.scope_mut().catches.push(("with", w.start(), clause));
                    true
                });
                if subtest {
                    self.scope_mut().subtests.push(w.start());
                }
                self.visit_body(&w.body);
                if suppress {
                    self.scope_mut().catches.pop();
                }
                if subtest {
                    self.scope_mut().subtests.pop();
                }
            }
            Stmt::Assign(a) if a.value.is_call_expr() => {
                let rebinds = match a.targets.as_slice() {
                    [Expr::Name(n)] => Some((&*a.value, n.id.as_str())),
                    [Expr::Attribute(t)] if matches!(&*t.value, Expr::Name(_)) => {
                        Some((&*a.value, self.file.slice(t.range())))
                    }
                    _ => None,
                };
                if let Some(r) = rebinds {
                    self.rebinds.push(r);
                }
                visitor::walk_stmt(self, stmt);
                if rebinds.is_some() {
                    self.rebinds.pop();
                }
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_decorator(&mut self, decorator: &'a Decorator) {
        self.in_decorator += 1;
        visitor::walk_decorator(self, decorator);
        self.in_decorator -= 1;
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.visit_parameters(p);
                }
                let mut scope = Scope::new(l.parameters.as_deref(), &[]);
                scope.test = self.scope().test.clone();
                self.scopes.push(scope);
                self.visit_expr(&l.body);
                self.scopes.pop();
                return;
            }
            Expr::Call(call) if self.probe.is_some() && Self::is_spread_call(call) => {
                let _ = self.decide(call);
            }
            Expr::Call(call) if Self::is_spread_call(call) => {
                let pending = match self.decide(call) {
                    Err(Skip::NoSignal) => Pending {
                        call,
                        outcome: Err(Skip::NoSignal),
                        upgrade: self.shape(call).map(|s| (s, self.rewritable(call))),
                        shape: None,
                    },
                    outcome => Pending {
                        call,
                        // Signalled: rewritten, or payload dispatch that cannot be.
                        shape: outcome
                            .as_ref()
                            .map_or_else(|s| s.category().is_none(), |_| true)
                            .then(|| self.shape(call))
                            .flatten(),
                        outcome,
                        upgrade: None,
                    },
                };
                self.decisions.push(pending);
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}

impl<'a> Finder<'a> {
    pub(crate) fn scope(&self) -> &Scope<'a> {
        self.scopes.last().expect("the module scope")
    }

    fn scope_mut(&mut self) -> &mut Scope<'a> {
        self.scopes.last_mut().expect("the module scope")
    }

    pub(crate) fn module(&self) -> &ModuleIndex<'a> {
        self.module
            .get_or_init(|| ModuleIndex::new(self.file.suite()))
    }

    fn visit_function(&mut self, f: &'a StmtFunctionDef) {
        for d in &f.decorator_list {
            self.visit_decorator(d);
        }
        if let Some(tp) = &f.type_params {
            self.visit_type_params(tp);
        }
        self.visit_parameters(&f.parameters);
        if let Some(r) = &f.returns {
            self.visit_annotation(r);
        }
        if self.local_helper.is_some_and(|h| std::ptr::eq(h, f))
            || super::helper::is_sturdy_helper(self.file, f)
        {
            return; // Calls inside the helper itself.
        }
        let mut scope = Scope::new(Some(&f.parameters), &f.body);
        scope.def = Some(f);
        scope.test = test_marker(f)
            .map(|what| (what, f.start()))
            .or_else(|| self.scope().test.clone());
        // A method: the class body directly encloses the def.
        if let Some((class, depth)) = self.classes.last()
            && *depth == self.scopes.len()
            && let Some(first) = crate::util::first_param(f)
        {
            let decorated = |name: &str| {
                f.decorator_list
                    .iter()
                    .any(|d| last_segment(&d.expression).as_deref() == Some(name))
            };
            if !decorated("staticmethod") {
                let is_class = decorated("classmethod")
                    || matches!(f.name.as_str(), "__new__" | "__init_subclass__");
                scope.method = Some((*class, first, is_class));
            }
        }
        self.scopes.push(scope);
        self.visit_body(&f.body);
        self.scopes.pop();
    }

    /// Whether a call has a `**` spread.
    fn is_spread_call(call: &ExprCall) -> bool {
        call.arguments.keywords.iter().any(|k| k.arg.is_none())
    }

    /// The spreads of a call, in order.
    fn spreads(call: &'a ExprCall) -> Vec<&'a Expr> {
        call.arguments
            .keywords
            .iter()
            .filter(|k| k.arg.is_none())
            .map(|k| &k.value)
            .collect()
    }

    fn shape(&self, call: &'a ExprCall) -> Option<Shape> {
        let spreads = Self::spreads(call);
        let [spread] = spreads.as_slice() else {
            return None;
        };
        let spread = dotted(spread)?;
        let receiver = match &*call.func {
            Expr::Attribute(a) => dotted(&a.value)?,
            Expr::Name(_) => String::new(),
            _ => return None,
        };
        Some((spread, receiver))
    }

    /// The decision for one call with a `**` spread.
    fn decide(&self, call: &'a ExprCall) -> Result<Plan<'a>, Skip> {
        let spreads = Self::spreads(call);
        let func = &*call.func;
        let text = |e: &Expr| signals::short(self.file.slice(e.range()));

        // Never: whatever else holds.
        if self.probe.is_none() && last_segment(func).is_some_and(|n| n == self.helper_name) {
            return Err(Skip::HelperCall);
        }
        for spread in &spreads {
            if let Some(param) = self.forwards_own_kwargs(spread) {
                return Err(Skip::OwnKwargs {
                    spread: text(spread),
                    param: param.to_string(),
                });
            }
        }
        if call.arguments.args.iter().any(Expr::is_starred_expr) {
            return Err(Skip::Replay);
        }
        if let Some(skip) = consumer(self.file, func) {
            return Err(skip);
        }
        if let Some(spread) = spreads.iter().find(|e| is_state(e)) {
            return Err(Skip::ObjectState {
                spread: text(spread),
            });
        }
        if let Some(skip) = self.round_trip(call, &spreads) {
            return Err(skip);
        }
        if self.test_file {
            return Err(Skip::TestFile);
        }
        if let Some(skip) = self.test_data(func) {
            return Err(skip);
        }
        if let Some((block, at, clause)) = self.scope().catches.last() {
            return Err(Skip::CatchesTypeError {
                block,
                line: self.file.line_col(*at).0,
                clause: clause.clone(),
            });
        }
        // What follows may ask other modules' facts (`no_op`, `class_callees`).
        if let Some(probe) = &self.probe {
            probe.borrow_mut().push(call.range());
            return Err(Skip::NoSignal);
        }
        let runtime = self.runtime_callee(func);
        for spread in &spreads {
            if let Some(table) = self.constant_table(spread, 0) {
                return Err(Skip::ConstantTable { table });
            }
            if let Some((name, line)) = self.typed_dict(spread) {
                return Err(Skip::TypedDictKeys { name, line });
            }
        }
        // No-ops: the callee gets every key today, or accepts the literal keys.
        let keys = self.literal_keys_of(&spreads);
        if let Some(skip) = self.no_op(call, keys.as_deref()) {
            return Err(skip);
        }
        // A class that declares its own signature gets every key from the helper.
        let class = self.class_callees.check(self, func);
        if let Some(ClassCallee::Declared { callee, why }) = &class {
            return Err(Skip::DeclaredSignature {
                callee: callee.clone(),
                why: why.clone(),
            });
        }
        // Keys written by developers, whatever the callee.
        if spreads.iter().all(|e| self.literal_spread(e)) {
            return Err(Skip::LiteralKeys);
        }
        for spread in &spreads {
            if let Some((name, line)) = self.literal_local(spread) {
                return Err(Skip::LiteralLocal { name, line });
            }
        }

        // Signals.
        for spread in &spreads {
            // A mapping built from options keeps their name whatever it is called now.
            if let Some(origin) = self.options_origin(spread) {
                return Err(Skip::OptionsName {
                    spread: text(spread),
                    from: Some(origin),
                });
            }
            match veto(spread) {
                // A callee picked at run time overrides a name like `arguments` or
                // `kwargs` for data received from outside: a parameter, or decoded.
                Some(Veto::Forwarding)
                    if runtime && (self.is_param(spread) || self.decoded(spread, 0)) => {}
                Some(Veto::Forwarding) => {
                    return Err(Skip::CapturedName {
                        spread: text(spread),
                    });
                }
                Some(Veto::Options) => {
                    return Err(Skip::OptionsName {
                        spread: text(spread),
                        from: None,
                    });
                }
                None => {}
            }
        }
        let signal = runtime
            || spreads.iter().any(|e| self.decoded(e, 0))
            || spreads.iter().any(|e| spread_naming(e) == Naming::Data)
            || self.handler_param(func)
            || self.registry_receiver(func);
        if !signal {
            return Err(Skip::NoSignal);
        }
        self.rewritable(call)
    }

    /// Payload dispatch: can it be rewritten?
    fn rewritable(&self, call: &'a ExprCall) -> Result<Plan<'a>, Skip> {
        if let Some((major, minor)) = self.too_old {
            return Err(Skip::TooOld { major, minor });
        }
        if self.in_decorator > 0 {
            return Err(Skip::Decorator);
        }
        if let Some(skip) = evaluation_order_problem(self.file, call) {
            return Err(skip);
        }
        match self.class_callees.check(self, &call.func) {
            Some(ClassCallee::Declared { callee, why }) => {
                return Err(Skip::DeclaredSignature { callee, why });
            }
            Some(ClassCallee::Unknown { callee, why }) => {
                return Err(Skip::UnknownClass { callee, why });
            }
            None => {}
        }
        if let Some(line) = self.helper_bound_locally() {
            return Err(Skip::Helper(format!(
                "`{}` is bound in the enclosing function (line {line}), so the rewritten call would not reach sturdy's helper; rename that name and re-run",
                self.helper_name
            )));
        }
        Ok(Plan {
            call,
            module_level: self.scopes.len() == 1,
        })
    }

    /// Test parameterisation around the call.
    fn test_data(&self, func: &Expr) -> Option<Skip> {
        let line = |at: TextSize| self.file.line_col(at).0;
        if last_segment(func).as_deref() == Some("subTest") {
            return Some(Skip::TestData {
                what: "`subTest`".to_string(),
                line: line(func.start()),
            });
        }
        if let Some(at) = self.scope().subtests.last() {
            return Some(Skip::TestData {
                what: "inside `subTest`".to_string(),
                line: line(*at),
            });
        }
        let (what, at) = self.scope().test.as_ref()?;
        Some(Skip::TestData {
            what: what.clone(),
            line: line(*at),
        })
    }

    /// Where the helper's name is bound in an enclosing function, if it is.
    fn helper_bound_locally(&self) -> Option<usize> {
        self.scopes[1..].iter().rev().find_map(|s| {
            if s.is_param(self.helper_name) {
                return Some(s.def.map_or(0, |d| self.file.line_col(d.start()).0));
            }
            s.collected()
                .bindings
                .contains_key(self.helper_name)
                .then(|| s.def.map_or(0, |d| self.file.line_col(d.start()).0))
        })
    }
}

/// Callees that take the keys as data or field changes, copy constructors, and
/// `super()` chains.
fn consumer(file: &SourceFile, func: &Expr) -> Option<Skip> {
    let consumes = |n: &str| DICT_CONSUMERS.contains(&n) || DICT_METHODS.contains(&n);
    let mapping = || Skip::MappingConsumer {
        callee: signals::short(file.slice(func.range())),
    };
    let called = |e: &Expr, name: &str| matches!(e, Expr::Call(c) if matches!(&*c.func, Expr::Name(n) if n.id.as_str() == name));
    match func {
        Expr::Name(n) => consumes(n.id.as_str()).then(mapping),
        Expr::Attribute(a) if called(&a.value, "super") => Some(Skip::SuperCall),
        Expr::Attribute(a) if a.attr.as_str() == "__class__" => Some(Skip::CopyConstructor),
        Expr::Attribute(a) => consumes(a.attr.as_str()).then(mapping),
        e if called(e, "type") => Some(Skip::CopyConstructor),
        _ => None,
    }
}
