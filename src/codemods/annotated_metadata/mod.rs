//! `annotated-metadata`: move FastAPI parameter/dependency markers and pydantic
//! `Field(...)` metadata out of default values into `typing.Annotated`.
//!
//! - function parameters (any function: routes, dependencies, methods):
//!   `q: str | None = Query(None, max_length=50)` →
//!   `q: Annotated[str | None, Query(max_length=50)] = None`, likewise `Path`, `Body`,
//!   `Header`, `Cookie`, `Form`, `File`; `d: T = Depends(dep)` → `d: Annotated[T, Depends(dep)]`
//!   (also `Security`);
//! - class fields (pydantic models and pydantic dataclasses):
//!   `name: str = Field(min_length=3)` → `name: Annotated[str, Field(min_length=3)]`,
//!   with `Field(default, ...)` keeping the default outside.
//!
//! Every edit replaces ranges of the original text with slices of the original text
//! (the type, the call minus its default argument, the default), so quotes, line
//! breaks and comments inside the call survive. A parameter whose default would
//! disappear after one that keeps a default is skipped, never reordered.

use std::collections::HashMap;

use ruff_python_ast::name::UnqualifiedName;
use ruff_python_ast::token::parenthesized_range;
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{
    AnyNodeRef, ArgOrKeyword, Expr, ExprCall, ParameterWithDefault, Stmt, StmtAnnAssign,
    StmtClassDef, StmtFunctionDef,
};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{Codemod, Context};
use crate::edit::Edit;
use crate::imports::{self, Style};
use crate::source::{SourceFile, parses};

/// Move validation and dependency metadata into `typing.Annotated`.
pub struct AnnotatedMetadata;

impl Codemod for AnnotatedMetadata {
    fn name(&self) -> &'static str {
        "annotated-metadata"
    }
    fn summary(&self) -> &'static str {
        "move validation and dependency metadata into typing.Annotated"
    }
    fn docs(&self) -> &'static str {
        include_str!("../../../codemods/annotated-metadata/README.md")
    }
    fn might_apply(&self, file: &SourceFile) -> bool {
        !file.marks().frameworks.is_empty()
    }
    fn run(&self, cx: &mut Context) {
        let file = cx.file;
        let names = Names::new(file);
        if !names.map.values().any(|q| is_interesting(q)) {
            return;
        }
        let mut scopes = Scopes::default();
        scopes.visit_body(file.suite());
        if scopes.functions.is_empty() && scopes.classes.is_empty() {
            return;
        }
        let comments: Vec<TextRange> = file.comment_ranges().collect();
        let annotated = annotated_import(file, &names, cx.options.typing_module("Annotated"));
        let pass = Pass {
            file,
            names: &names,
            comments: &comments,
            annotated: &annotated,
        };
        for func in scopes.functions {
            pass.function(cx, func);
        }
        for class in scopes.classes {
            pass.class(cx, class);
        }
    }
}

// ---------------------------------------------------------------------------
// Name resolution

/// Local names bound by the module's imports (top level, and inside top-level
/// `if`/`try` blocks), mapped to qualified names: `Q` → `fastapi.Query`.
struct Names {
    map: HashMap<String, String>,
}

impl Names {
    fn new(file: &SourceFile) -> Self {
        let mut map = HashMap::new();
        let mut shadowed = Vec::new();
        collect_imports(file.suite(), &mut map, &mut shadowed);
        for s in shadowed {
            map.remove(&s);
        }
        Self { map }
    }

    /// The qualified name of a name/attribute chain, when its first segment is
    /// bound by an import.
    fn resolve(&self, expr: &Expr) -> Option<String> {
        let name = UnqualifiedName::from_expr(expr)?;
        let segments = name.segments();
        let (first, rest) = segments.split_first()?;
        let base = self.map.get(*first)?;
        let mut q = base.clone();
        for s in rest {
            q.push('.');
            q.push_str(s);
        }
        Some(q)
    }
}

fn collect_imports(body: &[Stmt], map: &mut HashMap<String, String>, shadowed: &mut Vec<String>) {
    for stmt in body {
        match stmt {
            Stmt::Import(i) => {
                for a in &i.names {
                    match &a.asname {
                        Some(alias) => {
                            map.insert(alias.to_string(), a.name.to_string());
                        }
                        None => {
                            let first = a.name.split('.').next().unwrap_or_default();
                            map.insert(first.to_string(), first.to_string());
                        }
                    }
                }
            }
            Stmt::ImportFrom(f) if f.level == 0 => {
                let Some(module) = &f.module else { continue };
                for a in &f.names {
                    if a.name.as_str() == "*" {
                        continue;
                    }
                    let local = a.asname.as_ref().unwrap_or(&a.name).to_string();
                    map.insert(local, format!("{module}.{}", a.name));
                }
            }
            Stmt::If(s) => {
                collect_imports(&s.body, map, shadowed);
                for c in &s.elif_else_clauses {
                    collect_imports(&c.body, map, shadowed);
                }
            }
            Stmt::Try(t) => {
                collect_imports(&t.body, map, shadowed);
                for h in &t.handlers {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    collect_imports(&h.body, map, shadowed);
                }
                collect_imports(&t.orelse, map, shadowed);
                collect_imports(&t.finalbody, map, shadowed);
            }
            Stmt::FunctionDef(f) => shadowed.push(f.name.to_string()),
            Stmt::ClassDef(c) => shadowed.push(c.name.to_string()),
            Stmt::Assign(a) => {
                for t in &a.targets {
                    if let Expr::Name(n) = t {
                        shadowed.push(n.id.to_string());
                    }
                }
            }
            Stmt::AnnAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    shadowed.push(n.id.to_string());
                }
            }
            _ => {}
        }
    }
}

const FASTAPI_MODULES: &[&str] = &["fastapi", "fastapi.params", "fastapi.param_functions"];
/// FastAPI markers whose first positional argument is the default value.
const FASTAPI_PARAMS: &[&str] = &["Query", "Path", "Body", "Header", "Cookie", "Form", "File"];
/// FastAPI markers whose first positional argument is the dependency.
const FASTAPI_DEPENDENCIES: &[&str] = &["Depends", "Security"];
const PYDANTIC_FIELDS: &[&str] = &["pydantic.Field", "pydantic.fields.Field"];
/// `Field` options that pydantic passes on to `dataclasses.field()` for dataclasses.
const DATACLASS_FIELD_OPTIONS: &[&str] = &["kw_only", "repr", "init", "init_var"];
const ANNOTATED: &[&str] = &["typing.Annotated", "typing_extensions.Annotated"];

fn is_interesting(q: &str) -> bool {
    fastapi_marker(q).is_some() || PYDANTIC_FIELDS.contains(&q) || q == "fastapi" || q == "pydantic"
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `Query`, `Path`, ...: the first positional argument is the default.
    Param,
    /// `Depends`, `Security`: the first positional argument is the dependency.
    Dependency,
    /// pydantic `Field`: the first positional argument is the default.
    Field,
}

fn fastapi_marker(q: &str) -> Option<Kind> {
    let (module, name) = q.rsplit_once('.')?;
    if !FASTAPI_MODULES.contains(&module) {
        return None;
    }
    if FASTAPI_PARAMS.contains(&name) {
        Some(Kind::Param)
    } else if FASTAPI_DEPENDENCIES.contains(&name) {
        Some(Kind::Dependency)
    } else {
        None
    }
}

/// The marker kind of a call, with the callee's last name (`Query`), if it is one.
fn marker<'e>(names: &Names, expr: &'e Expr) -> Option<(Kind, &'e ExprCall, String)> {
    let Expr::Call(call) = expr else { return None };
    let q = names.resolve(&call.func)?;
    let kind = if PYDANTIC_FIELDS.contains(&q.as_str()) {
        Kind::Field
    } else {
        fastapi_marker(&q)?
    };
    let short = q.rsplit('.').next().unwrap_or_default().to_string();
    Some((kind, call, short))
}

/// How to spell `Annotated`, plus the import edit when one is needed; `Err` when
/// the name `Annotated` is already taken by something else.
fn annotated_import(
    file: &SourceFile,
    names: &Names,
    module: &str,
) -> Result<(String, Option<Edit>), String> {
    // An existing binding (also inside `try`/`if` at top level), preferring the plain name.
    let mut bound: Vec<&String> = names
        .map
        .iter()
        .filter(|(_, q)| ANNOTATED.contains(&q.as_str()))
        .map(|(l, _)| l)
        .collect();
    bound.sort_by_key(|l| (l.as_str() != "Annotated", (*l).clone()));
    if let Some(local) = bound.first() {
        return Ok(((*local).clone(), None));
    }
    if let Some(q) = names.map.get("Annotated") {
        return Err(format!(
            "the name `Annotated` is bound to `{q}` in this module; import `typing.Annotated` under another name first"
        ));
    }
    let taken = file.suite().iter().any(|s| match s {
        Stmt::FunctionDef(f) => f.name.as_str() == "Annotated",
        Stmt::ClassDef(c) => c.name.as_str() == "Annotated",
        Stmt::Assign(a) => a
            .targets
            .iter()
            .any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == "Annotated")),
        Stmt::AnnAssign(a) => matches!(&*a.target, Expr::Name(n) if n.id.as_str() == "Annotated"),
        _ => false,
    });
    if taken && names.resolve_module(module).is_none() {
        return Err(
            "the name `Annotated` is defined in this module; import `typing.Annotated` under another name first"
                .to_string(),
        );
    }
    // `typing.Annotated` needs Python 3.9; older targets get `typing_extensions`.
    let imported = imports::ensure(file, module, &["Annotated"], Style::From);
    Ok((imported.exprs[0].clone(), imported.edit))
}

impl Names {
    /// The local name of `import module` (`import typing as t` → `t`).
    fn resolve_module(&self, module: &str) -> Option<&str> {
        self.map
            .iter()
            .find(|(_, q)| q.as_str() == module)
            .map(|(l, _)| l.as_str())
    }
}

// ---------------------------------------------------------------------------
// Where candidates live

#[derive(Default)]
struct Scopes<'a> {
    functions: Vec<&'a StmtFunctionDef>,
    classes: Vec<&'a StmtClassDef>,
}

impl<'a> Visitor<'a> for Scopes<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => self.functions.push(f),
            Stmt::ClassDef(c) => self.classes.push(c),
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }
    // Candidates are statements; no need to look inside expressions.
    fn visit_expr(&mut self, _expr: &'a Expr) {}
}

// ---------------------------------------------------------------------------
// The rewrite

struct Pass<'a> {
    file: &'a SourceFile,
    names: &'a Names,
    comments: &'a [TextRange],
    annotated: &'a Result<(String, Option<Edit>), String>,
}

/// Where the rewritten annotation/default sit, for the syntax check of the result.
#[derive(Clone, Copy)]
enum Site {
    Parameter,
    ClassField,
}

/// One candidate: an annotation (maybe missing) and a marker call as the value.
struct Target<'a> {
    /// `q` (for messages).
    name: &'a str,
    annotation: Option<&'a Expr>,
    /// The annotation with its own parentheses.
    annotation_outer: Option<TextRange>,
    call: &'a ExprCall,
    kind: Kind,
    /// `Query`, `Depends`, `Field` (for messages).
    short: String,
    /// The default value with its own parentheses.
    value_outer: TextRange,
    site: Site,
}

/// The result of planning one candidate.
struct Plan {
    edits: Vec<Edit>,
    /// Whether the rewritten parameter/field still has a default after `=`.
    keeps_default: bool,
}

impl Pass<'_> {
    fn has_comment(&self, range: TextRange) -> bool {
        self.comments.iter().any(|c| range.contains_range(*c))
    }

    fn outer(&self, expr: &Expr, parent: AnyNodeRef) -> TextRange {
        parenthesized_range(expr.into(), parent, self.file.tokens()).unwrap_or(expr.range())
    }

    fn function(&self, cx: &mut Context, func: &StmtFunctionDef) {
        let params = &func.parameters;
        let positional = params
            .posonlyargs
            .iter()
            .chain(&params.args)
            .map(|p| (p, true));
        let kwonly = params.kwonlyargs.iter().map(|p| (p, false));
        let mut edits = Vec::new();
        // The last positional parameter that has (and keeps) a default.
        let mut defaulted: Option<&str> = None;
        for (p, is_positional) in positional.chain(kwonly) {
            let Some(default) = p.default.as_deref() else {
                continue;
            };
            let name = p.parameter.name.as_str();
            let Some((kind, call, short)) = marker(self.names, default) else {
                if is_positional {
                    defaulted = Some(name);
                }
                continue;
            };
            if kind == Kind::Field {
                // pydantic `Field` in a signature (`@validate_call`) is out of scope.
                if is_positional {
                    defaulted = Some(name);
                }
                continue;
            }
            let target = self.param_target(p, call, kind, short);
            match self.plan(&target) {
                Err(message) => {
                    cx.skip(p.start(), message);
                    if is_positional {
                        defaulted = Some(name);
                    }
                }
                Ok(plan) => {
                    if is_positional
                        && !plan.keeps_default
                        && let Some(prev) = defaulted
                    {
                        cx.skip(
                                p.start(),
                                format!(
                                    "parameter `{name}` would have no default once `{}(...)` moves into `Annotated`, but it follows parameter `{prev}`, which has one; reorder the parameters or make them keyword-only (after `*`) first",
                                    target.short
                                ),
                            );
                        defaulted = Some(name);
                        continue;
                    }
                    if is_positional && plan.keeps_default {
                        defaulted = Some(name);
                    }
                    edits.extend(plan.edits);
                }
            }
        }
        self.commit(cx, edits);
    }

    fn param_target<'p>(
        &self,
        p: &'p ParameterWithDefault,
        call: &'p ExprCall,
        kind: Kind,
        short: String,
    ) -> Target<'p> {
        let default = p.default.as_deref().expect("has a default");
        let annotation = p.parameter.annotation.as_deref();
        Target {
            name: p.parameter.name.as_str(),
            annotation,
            annotation_outer: annotation.map(|a| self.outer(a, (&p.parameter).into())),
            call,
            kind,
            short,
            value_outer: self.outer(default, p.into()),
            site: Site::Parameter,
        }
    }

    fn class(&self, cx: &mut Context, class: &StmtClassDef) {
        let candidates: Vec<(&StmtAnnAssign, &ExprCall, String)> = class
            .body
            .iter()
            .filter_map(|s| match s {
                Stmt::AnnAssign(a) if a.simple && a.target.is_name_expr() => {
                    let (kind, call, short) = marker(self.names, a.value.as_deref()?)?;
                    (kind == Kind::Field).then_some((a, call, short))
                }
                _ => None,
            })
            .collect();
        if candidates.is_empty() {
            return;
        }
        let mut dataclass = false;
        for d in &class.decorator_list {
            let callee = match &d.expression {
                Expr::Call(c) => &*c.func,
                e => e,
            };
            let q = self.names.resolve(callee);
            match q.as_deref() {
                Some("pydantic.dataclasses.dataclass") => dataclass = true,
                Some("dataclasses.dataclass") => {
                    for (a, _, _) in &candidates {
                        cx.skip(
                            a.start(),
                            format!(
                                "class `{}` is a standard-library dataclass, which keeps the `Field(...)` object as the default instead of reading its metadata; use `pydantic.dataclasses.dataclass` or a model first",
                                class.name
                            ),
                        );
                    }
                    return;
                }
                _ => {}
            }
        }
        if !dataclass && class.bases().is_empty() {
            for (a, _, _) in &candidates {
                cx.skip(
                    a.start(),
                    format!(
                        "class `{}` has no base class and is not a pydantic dataclass, so `Field(...)` is a plain class attribute here; left alone",
                        class.name
                    ),
                );
            }
            return;
        }
        let mut edits = Vec::new();
        let mut defaulted: Option<String> = None;
        for stmt in &class.body {
            let Stmt::AnnAssign(a) = stmt else { continue };
            let field = match &*a.target {
                Expr::Name(n) => n.id.to_string(),
                _ => continue,
            };
            let Some((_, call, short)) = candidates
                .iter()
                .find(|(c, _, _)| std::ptr::eq(*c, a))
                .map(|(_, c, s)| (a, *c, s.clone()))
            else {
                if a.value.is_some() {
                    defaulted = Some(field);
                }
                continue;
            };
            let target = Target {
                name: &field,
                annotation: Some(&a.annotation),
                annotation_outer: Some(self.outer(&a.annotation, a.into())),
                call,
                kind: Kind::Field,
                short,
                value_outer: self.outer(a.value.as_deref().expect("candidate"), a.into()),
                site: Site::ClassField,
            };
            // pydantic hands these to the standard-library `dataclasses.field()` only
            // when `Field(...)` is the assigned value, not from `Annotated`.
            let stdlib_option = DATACLASS_FIELD_OPTIONS
                .iter()
                .find(|k| call.arguments.find_keyword(k).is_some());
            let planned = match stdlib_option {
                Some(k) if dataclass => Err(format!(
                    "`Field({k}=...)` in pydantic dataclass `{}` only takes effect when `Field(...)` is the default value, not inside `Annotated`; left alone",
                    class.name
                )),
                _ => self.plan(&target),
            };
            match planned {
                Err(message) => {
                    cx.skip(a.start(), message);
                    defaulted = Some(field);
                }
                Ok(plan) => {
                    if dataclass
                        && !plan.keeps_default
                        && let Some(prev) = &defaulted
                    {
                        cx.skip(
                                a.start(),
                                format!(
                                    "field `{field}` of dataclass `{}` would have no default once `Field(...)` moves into `Annotated`, but it follows field `{prev}`, which has one; reorder the fields or use `kw_only=True` first",
                                    class.name
                                ),
                            );
                        defaulted = Some(field);
                        continue;
                    }
                    if plan.keeps_default {
                        defaulted = Some(field);
                    }
                    edits.extend(plan.edits);
                }
            }
        }
        self.commit(cx, edits);
    }

    /// Record one change for a function's or class's edits, with the import.
    fn commit(&self, cx: &mut Context, mut edits: Vec<Edit>) {
        if edits.is_empty() {
            return;
        }
        if let Ok((_, Some(import))) = self.annotated {
            edits.push(import.clone());
        }
        cx.change(edits);
    }

    /// The edits for one candidate, or why it is left alone.
    fn plan(&self, t: &Target) -> Result<Plan, String> {
        let src = &self.file.text;
        let what = match t.site {
            Site::Parameter => "parameter",
            Site::ClassField => "field",
        };
        let name = t.name;
        let short = &t.short;
        let (Some(annotation), Some(annotation_outer)) = (t.annotation, t.annotation_outer) else {
            return Err(format!(
                "{what} `{name}` has no type annotation, so there is nothing to put `{short}(...)` beside in `Annotated[...]`; add the type first"
            ));
        };
        let annotated = match self.annotated {
            Ok((a, _)) => a.as_str(),
            Err(e) => return Err(e.clone()),
        };
        let args = &t.call.arguments;
        if args.args.iter().any(Expr::is_starred_expr)
            || args.keywords.iter().any(|k| k.arg.is_none())
        {
            return Err(format!(
                "`{short}(...)` is called with `*args` or `**kwargs`, so its default cannot be told apart; left alone"
            ));
        }
        if args.args.len() > 1 {
            return Err(format!(
                "`{short}(...)` has more than one positional argument; left alone"
            ));
        }
        // The default argument (`Query(None)` / `Query(default=None)`).
        let default_arg: Option<ArgOrKeyword> = match t.kind {
            Kind::Dependency => None,
            Kind::Param | Kind::Field => {
                let kw = args.find_keyword("default").map(ArgOrKeyword::from);
                let pos = args.args.first().map(ArgOrKeyword::from);
                if kw.is_some() && pos.is_some() {
                    return Err(format!(
                        "`{short}(...)` passes the default both by position and as `default=`; left alone"
                    ));
                }
                kw.or(pos)
            }
        };
        let has_factory =
            t.kind != Kind::Dependency && args.find_keyword("default_factory").is_some();
        if has_factory && default_arg.is_some() {
            return Err(format!(
                "`{short}(...)` has both a default and `default_factory`; left alone"
            ));
        }
        // The call text, minus the default argument.
        let call_range = t.call.range();
        let mut call_text = src[call_range].to_string();
        let mut new_default: Option<String> = None;
        if let Some(arg) = default_arg {
            let ranges: Vec<TextRange> = args
                .iter_source_order()
                .map(|a| self.arg_range(a, args.into()))
                .collect();
            let this = self.arg_range(arg, args.into());
            let idx = ranges
                .iter()
                .position(|r| *r == this)
                .expect("argument in source order");
            let delete = if ranges.len() == 1 {
                args.inner_range()
            } else if idx + 1 < ranges.len() {
                // Through the comma and the whitespace after it, so that own-line
                // comments before the next argument stay where they are.
                let end = after_comma(src, this.end()).unwrap_or(ranges[idx + 1].start());
                TextRange::new(this.start(), end.min(ranges[idx + 1].start()))
            } else {
                TextRange::new(ranges[idx - 1].end(), this.end())
            };
            if self.has_comment(delete) {
                return Err(format!(
                    "a comment sits next to the default argument of `{short}(...)` and would be lost; move it first"
                ));
            }
            let rel = delete - call_range.start();
            call_text.replace_range(rel.start().to_usize()..rel.end().to_usize(), "");
            let value = arg.value();
            if !value.is_ellipsis_literal_expr() {
                let outer = match arg {
                    ArgOrKeyword::Arg(e) => self.outer(e, args.into()),
                    ArgOrKeyword::Keyword(k) => self.outer(&k.value, k.into()),
                };
                let text = &src[outer];
                let needs_parens = outer == value.range()
                    && match value {
                        Expr::Named(_) => true,
                        Expr::Generator(g) => !g.parenthesized,
                        _ => false,
                    };
                new_default = Some(if needs_parens {
                    format!("({text})")
                } else {
                    text.to_string()
                });
            }
        }
        // The annotation: append to an existing `Annotated[...]`, or wrap.
        let mut edits = Vec::new();
        let new_annotation = match self.existing_annotated(annotation) {
            Some(Err(())) => {
                return Err(format!(
                    "the annotation of `{name}` is an `Annotated[...]` without metadata; left alone"
                ));
            }
            Some(Ok(last)) => {
                if t.kind != Kind::Field && self.has_fastapi_metadata(annotation) {
                    return Err(format!(
                        "the `Annotated[...]` annotation of `{name}` already holds FastAPI metadata, and FastAPI allows only one; merge `{short}(...)` by hand"
                    ));
                }
                edits.push(Edit::insert(last, format!(", {call_text}")));
                let r = annotation.range();
                format!(
                    "{}, {call_text}{}",
                    &src[TextRange::new(r.start(), last)],
                    &src[TextRange::new(last, r.end())]
                )
            }
            None => {
                let text = format!("{annotated}[{}, {call_text}]", &src[annotation.range()]);
                edits.push(Edit::replace(annotation.range(), text.clone()));
                text
            }
        };
        // The default: the moved value, or nothing (required marker, `Depends`,
        // `default_factory`).
        match &new_default {
            Some(d) => edits.push(Edit::replace(t.value_outer, d.clone())),
            None => {
                let gone = TextRange::new(annotation_outer.end(), t.value_outer.end());
                if self.has_comment(TextRange::new(
                    annotation_outer.end(),
                    t.value_outer.start(),
                )) {
                    return Err(format!(
                        "a comment between `{name}`'s annotation and its default would be lost; move it first"
                    ));
                }
                edits.push(Edit::delete(gone));
            }
        }
        // Check that the rewritten piece is valid Python in its position.
        let default_part = new_default
            .as_deref()
            .map_or(String::new(), |d| format!(" = {d}"));
        let probe = match t.site {
            Site::Parameter => format!("def _f(_x: {new_annotation}{default_part}):\n    pass\n"),
            Site::ClassField => format!("_x: {new_annotation}{default_part}\n"),
        };
        if !parses(&probe) {
            return Err(format!(
                "the rewritten {what} `{name}` would not be valid Python; left alone"
            ));
        }
        Ok(Plan {
            edits,
            keeps_default: new_default.is_some(),
        })
    }

    /// An argument's range, with the parentheses of a positional argument.
    fn arg_range(&self, arg: ArgOrKeyword, parent: AnyNodeRef) -> TextRange {
        match arg {
            ArgOrKeyword::Arg(e) => self.outer(e, parent),
            ArgOrKeyword::Keyword(k) => k.range(),
        }
    }

    /// For `Annotated[T, x, ...]`: `Some(Ok(end of the last element))`;
    /// `Some(Err(()))` for a malformed `Annotated[...]`; `None` otherwise.
    fn existing_annotated(&self, annotation: &Expr) -> Option<Result<TextSize, ()>> {
        let Expr::Subscript(s) = annotation else {
            return None;
        };
        let q = self.names.resolve(&s.value)?;
        if !ANNOTATED.contains(&q.as_str()) {
            return None;
        }
        match &*s.slice {
            Expr::Tuple(t) if t.elts.len() >= 2 => {
                let last = t.elts.last().expect("non-empty");
                Some(Ok(self.outer(last, t.into()).end()))
            }
            _ => Some(Err(())),
        }
    }

    fn has_fastapi_metadata(&self, annotation: &Expr) -> bool {
        let Expr::Subscript(s) = annotation else {
            return false;
        };
        let Expr::Tuple(t) = &*s.slice else {
            return false;
        };
        t.elts.iter().skip(1).any(|e| {
            let callee = match e {
                Expr::Call(c) => &*c.func,
                e => e,
            };
            self.names
                .resolve(callee)
                .is_some_and(|q| fastapi_marker(&q).is_some())
        })
    }
}

/// The offset after the comma that follows `at` (only whitespace before it) and
/// the whitespace after that comma, stopping at a comment that sits on the comma's
/// own line (it belongs to the removed argument, so the caller sees it and skips).
fn after_comma(src: &str, at: TextSize) -> Option<TextSize> {
    let rest = &src[at.to_usize()..];
    let comma = rest.find(|c: char| !c.is_whitespace())?;
    if !rest[comma..].starts_with(',') {
        return None;
    }
    let after = &rest[comma + 1..];
    let same_line = after
        .find(|c: char| c != ' ' && c != '\t')
        .unwrap_or(after.len());
    let skip = if after[same_line..].starts_with('#') {
        // Keep the trailing comment inside the deleted range: the caller refuses.
        after[same_line..]
            .find('\n')
            .map_or(after.len(), |n| same_line + n + 1)
    } else {
        after
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(after.len())
    };
    TextSize::try_from(comma + 1 + skip).ok().map(|n| at + n)
}
