//! Which candidates move into `Annotated[...]`, and how: [`Analyzer`] gives each
//! candidate a [`Plan`], or the [`Skip`] that says why it is left alone.

use ruff_python_ast::helpers::any_over_expr;
use ruff_python_ast::token::parenthesized_range;
use ruff_python_ast::{
    AnyNodeRef, ArgOrKeyword, Expr, ExprCall, ParameterWithDefault, Stmt, StmtClassDef,
    StmtFunctionDef,
};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::imports::{ANNOTATED, AnnotatedName};
use super::metadata::{self, is_inert, is_plain, order_sensitive, plain_type};
use super::policy::{Names, resolve_annotation, resolve_typing_alike, same_object_when_evaluated};
use super::skip::Skip;
use crate::source::{SourceFile, parses};

const FASTAPI_MODULES: &[&str] = &["fastapi", "fastapi.params", "fastapi.param_functions"];
/// FastAPI markers whose first positional argument is the default value.
const FASTAPI_PARAMS: &[&str] = &["Query", "Path", "Body", "Header", "Cookie", "Form", "File"];
/// FastAPI markers whose first positional argument is the dependency.
const FASTAPI_DEPENDENCIES: &[&str] = &["Depends", "Security"];
const PYDANTIC_FIELDS: &[&str] = &["pydantic.Field", "pydantic.fields.Field"];

/// Whether a qualified name makes a file worth a look.
pub(crate) fn is_interesting(q: &str) -> bool {
    fastapi_marker(q).is_some() || PYDANTIC_FIELDS.contains(&q) || q == "fastapi" || q == "pydantic"
}

/// What kind of marker a candidate's default is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    /// `Query`, `Path`, ...: the first positional argument is the default.
    Param,
    /// `Depends`, `Security`: the first positional argument is the dependency.
    Dependency,
    /// pydantic `Field`: the first positional argument is the default.
    Field,
}

fn fastapi_marker(q: &str) -> Option<Marker> {
    let (module, name) = q.rsplit_once('.')?;
    if !FASTAPI_MODULES.contains(&module) {
        return None;
    }
    if FASTAPI_PARAMS.contains(&name) {
        Some(Marker::Param)
    } else if FASTAPI_DEPENDENCIES.contains(&name) {
        Some(Marker::Dependency)
    } else {
        None
    }
}

/// The marker kind of a call, with the callee's last name (`Query`), if it is one.
fn marker<'e>(names: &Names, expr: &'e Expr) -> Option<(Marker, &'e ExprCall, String)> {
    let Expr::Call(call) = expr else { return None };
    let q = resolve_typing_alike(names, &call.func)?;
    let kind = if PYDANTIC_FIELDS.contains(&q.as_str()) {
        Marker::Field
    } else {
        fastapi_marker(&q)?
    };
    let short = q.rsplit('.').next().unwrap_or_default().to_string();
    Some((kind, call, short))
}

/// What to do with the default once the marker is gone.
#[derive(Debug, Clone)]
pub(crate) enum NewDefault {
    /// Replace the marker call (`range`) with the default's text.
    Value { range: TextRange, text: String },
    /// Remove ` = marker(...)` (`range`): no default any more.
    Remove(TextRange),
}

/// How one candidate is rewritten.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// Replace `.0` (empty: insert at its start) with `.1` in the annotation.
    pub(crate) annotation: Option<(TextRange, String)>,
    pub(crate) default: NewDefault,
    /// Whether the edits spell `Annotated` (and so need its import).
    pub(crate) uses_annotated: bool,
}

impl Plan {
    /// Whether the rewritten parameter/field still has a default after `=`.
    pub(crate) fn keeps_default(&self) -> bool {
        matches!(self.default, NewDefault::Value { .. })
    }
}

/// Where the candidate sits, for the syntax check of the result.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Site {
    Parameter,
    ClassField,
}

/// One candidate: an annotation (maybe missing) and a marker call as the value.
struct Target<'a> {
    name: &'a str,
    annotation: Option<&'a Expr>,
    /// The annotation with its own parentheses.
    annotation_outer: Option<TextRange>,
    call: &'a ExprCall,
    kind: Marker,
    /// `Query`, `Depends`, `Field` (for messages).
    short: String,
    /// The default value with its own parentheses.
    value_outer: TextRange,
    site: Site,
    /// Start of the top-level statement holding the candidate.
    top: TextSize,
}

/// Candidates found in one function or class, each planned or skipped, with where
/// its diagnostic goes.
pub(crate) type Outcomes = Vec<(TextSize, Result<Plan, Skip>)>;

/// Plans candidates of one file.
pub(crate) struct Analyzer<'a> {
    pub(crate) file: &'a SourceFile,
    pub(crate) names: &'a Names,
    pub(crate) comments: &'a [TextRange],
    pub(crate) annotated: &'a Result<AnnotatedName, Skip>,
}

impl Analyzer<'_> {
    fn has_comment(&self, range: TextRange) -> bool {
        self.comments.iter().any(|c| range.contains_range(*c))
    }

    fn outer(&self, expr: &Expr, parent: AnyNodeRef) -> TextRange {
        parenthesized_range(expr.into(), parent, self.file.tokens()).unwrap_or(expr.range())
    }

    /// The FastAPI markers among a function's parameter defaults. `top`: the start
    /// of the top-level statement that holds the function. A function `suppressed`
    /// silences (its statement: a suppression comment names a statement) has no
    /// candidates.
    pub(crate) fn function(
        &self,
        func: &StmtFunctionDef,
        top: TextSize,
        suppressed: &mut dyn FnMut(TextRange) -> bool,
    ) -> Outcomes {
        let params = &func.parameters;
        let positional = params
            .posonlyargs
            .iter()
            .chain(&params.args)
            .map(|p| (p, true));
        let kwonly = params.kwonlyargs.iter().map(|p| (p, false));
        let mut out = Vec::new();
        // The last positional parameter that has (and keeps) a default.
        let mut defaulted: Option<&str> = None;
        for (p, is_positional) in positional.chain(kwonly) {
            let Some(default) = p.default.as_deref() else {
                continue;
            };
            let name = p.parameter.name.as_str();
            let keeps = match marker(self.names, default) {
                // pydantic `Field` in a signature (`@validate_call`) is out of scope.
                None | Some((Marker::Field, _, _)) => true,
                Some((kind, call, short)) => {
                    if out.is_empty() && suppressed(func.range()) {
                        return Vec::new();
                    }
                    let target = self.param_target(p, call, kind, short, top);
                    let outcome = self.analyze(&target).and_then(|plan| match defaulted {
                        Some(prev) if is_positional && !plan.keeps_default() => {
                            Err(Skip::ParamOrder {
                                name: name.to_string(),
                                short: target.short.clone(),
                                prev: prev.to_string(),
                            })
                        }
                        _ => Ok(plan),
                    });
                    let keeps = outcome.as_ref().map_or(true, Plan::keeps_default);
                    out.push((p.start(), outcome));
                    keeps
                }
            };
            if is_positional && keeps {
                defaulted = Some(name);
            }
        }
        out
    }

    fn param_target<'p>(
        &self,
        p: &'p ParameterWithDefault,
        call: &'p ExprCall,
        kind: Marker,
        short: String,
        top: TextSize,
    ) -> Target<'p> {
        let annotation = p.parameter.annotation.as_deref();
        let default = p.default.as_deref().expect("candidate has a default");
        Target {
            name: p.parameter.name.as_str(),
            annotation,
            annotation_outer: annotation.map(|a| self.outer(a, (&p.parameter).into())),
            call,
            kind,
            short,
            value_outer: self.outer(default, p.into()),
            site: Site::Parameter,
            top,
        }
    }

    /// The pydantic `Field(...)` defaults of a class's annotated fields, but those
    /// whose statement `suppressed` silences (left out entirely).
    pub(crate) fn class(
        &self,
        class: &StmtClassDef,
        top: TextSize,
        suppressed: &mut dyn FnMut(TextRange) -> bool,
    ) -> Outcomes {
        let candidates: Vec<_> = class
            .body
            .iter()
            .filter_map(|s| match s {
                Stmt::AnnAssign(a) if a.target.is_name_expr() => {
                    let (kind, call, short) = marker(self.names, a.value.as_deref()?)?;
                    (kind == Marker::Field).then_some((a, call, short))
                }
                _ => None,
            })
            .filter(|(a, _, _)| !suppressed(a.range()))
            .collect();
        if candidates.is_empty() {
            return Vec::new();
        }
        let class_name = class.name.to_string();
        let all = |skip: Skip| {
            candidates
                .iter()
                .map(|(a, _, _)| (a.start(), Err(skip.clone())))
                .collect()
        };
        for d in &class.decorator_list {
            let callee = match &d.expression {
                Expr::Call(c) => &*c.func,
                e => e,
            };
            match resolve_typing_alike(self.names, callee).as_deref() {
                Some("pydantic.dataclasses.dataclass") => {
                    return all(Skip::PydanticDataclass { class: class_name });
                }
                Some("dataclasses.dataclass") => {
                    return all(Skip::StdlibDataclass { class: class_name });
                }
                _ => {}
            }
        }
        if class.bases().is_empty() {
            return all(Skip::NoBase { class: class_name });
        }
        candidates
            .into_iter()
            .map(|(a, call, short)| {
                let Expr::Name(field) = &*a.target else {
                    unreachable!("filtered on name targets")
                };
                let target = Target {
                    name: field.id.as_str(),
                    annotation: Some(&a.annotation),
                    annotation_outer: Some(self.outer(&a.annotation, a.into())),
                    call,
                    kind: Marker::Field,
                    short,
                    value_outer: self.outer(a.value.as_deref().expect("candidate"), a.into()),
                    site: Site::ClassField,
                    top,
                };
                (a.start(), self.analyze(&target))
            })
            .collect()
    }

    /// The plan for one candidate, or why it is left alone.
    fn analyze(&self, t: &Target) -> Result<Plan, Skip> {
        let src = &self.file.text;
        let what = match t.site {
            Site::Parameter => "parameter",
            Site::ClassField => "field",
        };
        let name = t.name.to_string();
        let short = t.short.clone();
        if t.site == Site::ClassField {
            if name.starts_with("__pydantic_") && name.ends_with("__") {
                return Err(Skip::PydanticName { name });
            }
            if name.starts_with('_') {
                return Err(Skip::Private { name });
            }
            if t.annotation.is_some_and(|a| names_name(a, t.name)) {
                return Err(Skip::ShadowsType { name });
            }
        }
        let (Some(annotation), Some(annotation_outer)) = (t.annotation, t.annotation_outer) else {
            return Err(Skip::NoAnnotation { what, name, short });
        };
        // `x: ClassVar[int] = Field()` is a class attribute, not a field: even an
        // empty `Field()` is its value.
        let qualifier = match annotation {
            Expr::StringLiteral(s) => metadata::QUALIFIER_NAMES
                .iter()
                .find(|q| s.value.to_str().contains(**q))
                .map(|q| (*q).to_string()),
            a => metadata::qualifier(a, self.names),
        };
        if let Some(qualifier) = qualifier {
            return Err(Skip::Qualifier { name, qualifier });
        }
        let args = &t.call.arguments;
        if args.args.iter().any(Expr::is_starred_expr)
            || args.keywords.iter().any(|k| k.arg.is_none())
        {
            return Err(Skip::StarArguments { short });
        }
        if args.args.len() > 1 {
            return Err(Skip::ManyPositional { short });
        }
        // The default argument (`Query(None)` / `Query(default=None)`).
        let default_arg: Option<ArgOrKeyword> = match t.kind {
            Marker::Dependency => None,
            Marker::Param | Marker::Field => {
                let kw = args.find_keyword("default").map(ArgOrKeyword::from);
                let pos = args.args.first().map(ArgOrKeyword::from);
                if kw.is_some() && pos.is_some() {
                    return Err(Skip::DefaultTwice { short });
                }
                kw.or(pos)
            }
        };
        if t.kind != Marker::Dependency
            && default_arg.is_some()
            && args.find_keyword("default_factory").is_some()
        {
            return Err(Skip::DefaultAndFactory { short });
        }
        let (call_text, new_default) = self.without_default(t, default_arg)?;
        let default = match &new_default {
            Some(text) => NewDefault::Value {
                range: t.value_outer,
                text: text.clone(),
            },
            None => {
                if self.has_comment(TextRange::new(
                    annotation_outer.end(),
                    t.value_outer.start(),
                )) {
                    return Err(Skip::CommentBeforeDefault { name });
                }
                NewDefault::Remove(TextRange::new(annotation_outer.end(), t.value_outer.end()))
            }
        };
        let rest = args.len() - usize::from(default_arg.is_some());
        let annotation_edit = if t.kind == Marker::Field && rest == 0 {
            // `Field()` / `Field(default)` says nothing beyond the default: drop it
            // (`x: int = Field()` is required, like `x: int`).
            None
        } else {
            Some(self.join(t, annotation, &call_text, default_arg.is_some())?)
        };
        // Check that the rewritten piece is valid Python in its position.
        let new_annotation = match &annotation_edit {
            Some((range, text)) => {
                let r = annotation.range();
                format!(
                    "{}{text}{}",
                    &src[TextRange::new(r.start(), range.start())],
                    &src[TextRange::new(range.end(), r.end())]
                )
            }
            None => src[annotation.range()].to_string(),
        };
        let default_part = new_default.map_or(String::new(), |d| format!(" = {d}"));
        let probe = match t.site {
            Site::Parameter => format!("def _f(_x: {new_annotation}{default_part}):\n    pass\n"),
            Site::ClassField => format!("_x: {new_annotation}{default_part}\n"),
        };
        if !parses(&probe) {
            return Err(Skip::Invalid { what, name });
        }
        Ok(Plan {
            uses_annotated: annotation_edit.as_ref().is_some_and(|(r, _)| !r.is_empty()),
            annotation: annotation_edit,
            default,
        })
    }

    /// The marker's text without its default argument, and the default's text
    /// (`None` for none: a required marker, `Depends`, `default_factory`).
    fn without_default(
        &self,
        t: &Target,
        default_arg: Option<ArgOrKeyword>,
    ) -> Result<(String, Option<String>), Skip> {
        let src = &self.file.text;
        let args = &t.call.arguments;
        let call_range = t.call.range();
        let mut call_text = src[call_range].to_string();
        let Some(arg) = default_arg else {
            return Ok((call_text, None));
        };
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
            let end =
                crate::fix::after_comma(self.file, this.end()).unwrap_or(ranges[idx + 1].start());
            TextRange::new(this.start(), end.min(ranges[idx + 1].start()))
        } else {
            TextRange::new(ranges[idx - 1].end(), this.end())
        };
        if self.has_comment(delete) {
            return Err(Skip::CommentOnDefault {
                short: t.short.clone(),
            });
        }
        let rel = delete - call_range.start();
        call_text.replace_range(rel.start().to_usize()..rel.end().to_usize(), "");
        let value = arg.value();
        if value.is_ellipsis_literal_expr() {
            return Ok((call_text, None));
        }
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
        let default = if needs_parens {
            format!("({text})")
        } else {
            text.to_string()
        };
        Ok((call_text, Some(default)))
    }

    /// Where the marker joins the annotation: `(range, text)` to replace the whole
    /// annotation (`Annotated[T, marker]`) or to insert into an existing
    /// `Annotated[...]` (an empty range), when that keeps the order in which the
    /// framework applies the metadata (see [`metadata`]).
    fn join(
        &self,
        t: &Target,
        annotation: &Expr,
        call_text: &str,
        default_removed: bool,
    ) -> Result<(TextRange, String), Skip> {
        let name = || t.name.to_string();
        let short = || t.short.clone();
        let sensitive = match t.kind {
            Marker::Param => true,
            Marker::Dependency => false,
            Marker::Field => order_sensitive(t.call, default_removed),
        };
        let check_type = |ty: &Expr, src: &str| -> Result<(), Skip> {
            if let Some(qualifier) = metadata::qualifier(ty, self.names) {
                return Err(Skip::Qualifier {
                    name: name(),
                    qualifier,
                });
            }
            if !sensitive {
                return Ok(());
            }
            plain_type(ty, self.names, src, self.file).map_err(|why| Skip::TypeMayCarryMetadata {
                name: name(),
                short: short(),
                ty: src[ty.range()].to_string(),
                why,
                marker: t.kind,
            })
        };
        // Only a new `Annotated[...]` needs the name.
        let annotated = || match self.annotated {
            Ok(a) => Ok(a.expr.as_str()),
            Err(e) => Err(e.clone()),
        };
        if let Expr::StringLiteral(s) = annotation {
            let annotated = annotated()?;
            // A quoted type moves into `Annotated[...]` unquoted, where that evaluates
            // to the same object.
            let content = self.unquoted(t, s)?;
            let parsed = SourceFile::parse("<annotation>", content.clone()).ok();
            let ty = match parsed.as_ref().map(SourceFile::suite) {
                Some([Stmt::Expr(e)]) => &*e.value,
                _ => {
                    return Err(Skip::Quoted {
                        name: name(),
                        short: short(),
                        why: "sturdy cannot read it as one expression".to_string(),
                    });
                }
            };
            self.quoted_names_bound(t, ty, &content)?;
            check_type(ty, &content)?;
            return Ok((
                annotation.range(),
                format!("{annotated}[{content}, {call_text}]"),
            ));
        }
        let src = self.file.text.as_str();
        let existing = match annotation {
            Expr::Subscript(s)
                if resolve_annotation(self.names, &s.value)
                    .is_some_and(|q| ANNOTATED.contains(&q.as_str())) =>
            {
                s
            }
            _ => {
                let annotated = annotated()?;
                check_type(annotation, src)?;
                return Ok((
                    annotation.range(),
                    format!("{annotated}[{}, {call_text}]", &src[annotation.range()]),
                ));
            }
        };
        let Expr::Tuple(tuple) = &*existing.slice else {
            return Err(Skip::EmptyAnnotated { name: name() });
        };
        let [ty, meta @ ..] = &tuple.elts[..] else {
            return Err(Skip::EmptyAnnotated { name: name() });
        };
        if meta.is_empty() {
            return Err(Skip::EmptyAnnotated { name: name() });
        }
        if t.kind != Marker::Field && self.has_fastapi_metadata(meta) {
            return Err(Skip::SecondFastapiMarker {
                name: name(),
                short: short(),
            });
        }
        let carries = |m: &Expr| Skip::CarriesMetadata {
            name: name(),
            short: short(),
            meta: src[m.range()].to_string(),
            marker: t.kind,
        };
        let last = self
            .outer(meta.last().expect("non-empty"), tuple.into())
            .end();
        let at = if t.kind == Marker::Field && sensitive {
            // pydantic applies an assigned `Field(...)`'s constraints before the
            // annotation's metadata: put it first, where no other `FieldInfo` can
            // override its attributes.
            if let Some(m) = meta.iter().find(|m| !is_plain(m, self.names)) {
                return Err(carries(m));
            }
            self.outer(ty, tuple.into()).end()
        } else {
            // Literals are metadata that nothing reads; an assigned `Field(...)`
            // without constraints goes last, where its attributes win as before.
            if t.kind != Marker::Field
                && let Some(m) = meta.iter().find(|m| !is_inert(m))
            {
                return Err(carries(m));
            }
            last
        };
        check_type(ty, src)?;
        Ok((TextRange::empty(at), format!(", {call_text}")))
    }

    /// The text of a quoted annotation, when it can go into `Annotated[...]` unquoted.
    fn unquoted(&self, t: &Target, s: &ruff_python_ast::ExprStringLiteral) -> Result<String, Skip> {
        let why = |why: &str| Skip::Quoted {
            name: t.name.to_string(),
            short: t.short.clone(),
            why: why.to_string(),
        };
        if s.value.is_implicit_concatenated() {
            return Err(why("an implicitly concatenated string"));
        }
        let content = s.value.to_str();
        let raw = self.file.slice(s.range());
        let plain = ['"', '\''].iter().any(|q| {
            raw.strip_prefix(*q)
                .and_then(|r| r.strip_suffix(*q))
                .is_some_and(|inner| inner == content)
        });
        if !plain || content.contains(['\n', '\r', '"', '\'', '#']) || content.trim().is_empty() {
            return Err(why("one with a prefix, escapes, quotes or line breaks"));
        }
        Ok(content.to_string())
    }

    /// Every name in a quoted type must refer to the same object when the type is
    /// evaluated where it stands as when the framework evaluates the string later.
    fn quoted_names_bound(&self, t: &Target, ty: &Expr, content: &str) -> Result<(), Skip> {
        let mut missing = None;
        any_over_expr(ty, |e| {
            if let Expr::Name(n) = e
                && !same_object_when_evaluated(self.names, &n.id, t.top)
            {
                missing = Some(n.id.to_string());
                return true;
            }
            false
        });
        match missing {
            None => Ok(()),
            Some(m) => Err(Skip::Quoted {
                name: t.name.to_string(),
                short: t.short.clone(),
                why: format!(
                    "`{content}`, and `{m}` is not certainly bound {}",
                    if self.names.future_annotations {
                        "at run time"
                    } else {
                        "above this definition at run time"
                    }
                ),
            }),
        }
    }

    /// An argument's range, with the parentheses of a positional argument.
    fn arg_range(&self, arg: ArgOrKeyword, parent: AnyNodeRef) -> TextRange {
        match arg {
            ArgOrKeyword::Arg(e) => self.outer(e, parent),
            ArgOrKeyword::Keyword(k) => k.range(),
        }
    }

    fn has_fastapi_metadata(&self, meta: &[Expr]) -> bool {
        meta.iter().any(|e| {
            let callee = match e {
                Expr::Call(c) => &*c.func,
                e => e,
            };
            resolve_typing_alike(self.names, callee).is_some_and(|q| fastapi_marker(&q).is_some())
        })
    }
}

/// Whether `name` occurs as a name anywhere in `annotation`, quoted types included
/// (a string that is not an expression, such as a doc string in `Annotated[...]`,
/// names nothing).
fn names_name(annotation: &Expr, name: &str) -> bool {
    any_over_expr(annotation, |e| match e {
        Expr::Name(n) => n.id.as_str() == name,
        Expr::StringLiteral(s) => {
            let content = s.value.to_str();
            content.contains(name)
                && SourceFile::parse("<annotation>", content.trim().to_string())
                    .ok()
                    .and_then(|f| match f.suite() {
                        [Stmt::Expr(e)] => Some(names_name(&e.value, name)),
                        _ => None,
                    })
                    .unwrap_or(false)
        }
        _ => false,
    })
}
