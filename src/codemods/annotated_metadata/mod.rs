//! `annotated-metadata`: move FastAPI parameter/dependency markers and pydantic
//! `Field(...)` metadata out of default values into `typing.Annotated`.
//!
//! - function parameters (any function: routes, dependencies, methods):
//!   `q: str | None = Query(None, max_length=50)` →
//!   `q: Annotated[str | None, Query(max_length=50)] = None`, likewise `Path`, `Body`,
//!   `Header`, `Cookie`, `Form`, `File`; `d: T = Depends(dep)` → `d: Annotated[T, Depends(dep)]`
//!   (also `Security`);
//! - class fields (pydantic models): `name: str = Field(min_length=3)` →
//!   `name: Annotated[str, Field(min_length=3)]`, with `Field(default, ...)` keeping
//!   the default outside, and `Field()` / `Field(default)` dropped (`x: int`).
//!
//! Every edit replaces ranges of the original text with slices of the original text
//! (the type, the call minus its default argument, the default), so quotes, line
//! breaks and comments inside the call survive. A parameter whose default would
//! disappear after one that keeps a default is skipped, never reordered. Metadata
//! keeps the order in which pydantic and FastAPI applied it ([`metadata`]).
//!
//! [`analyze`] plans each candidate or says why it is skipped; [`rewrite`] turns
//! plans into edits; [`imports`] decides how `Annotated` is spelled and imported.

#![warn(unreachable_pub)]

mod analyze;
mod imports;
mod metadata;
mod policy;
mod rewrite;
mod skip;
mod stdlib;

use ruff_python_ast::statement_visitor::{StatementVisitor, walk_stmt};
use ruff_python_ast::{Stmt, StmtClassDef, StmtFunctionDef};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{Codemod, Context};
use crate::source::SourceFile;
use analyze::Analyzer;
use policy::Names;

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
        let names = Names::collect(file.suite());
        let interesting = names.iter_module().any(|(_, bindings)| {
            bindings
                .iter()
                .filter_map(crate::semantic::names::Binding::qualified)
                .any(analyze::is_interesting)
        });
        if !interesting {
            return;
        }
        let mut scopes = Scopes::default();
        for stmt in file.suite() {
            scopes.top = stmt.start();
            scopes.visit_stmt(stmt);
        }
        if scopes.functions.is_empty() && scopes.classes.is_empty() {
            return;
        }
        let comments: Vec<TextRange> = file.comment_ranges().collect();
        let annotated = imports::annotated(
            file,
            &names,
            crate::fix::typing_module(cx.options.target_version, "Annotated"),
        );
        let analyzer = Analyzer {
            file,
            names: &names,
            comments: &comments,
            annotated: &annotated,
        };
        let import = annotated.as_ref().ok().and_then(|a| a.edit.as_ref());
        // Silenced candidates are left out before planning: no edit, no import, no
        // diagnostic.
        let mut outcomes = Vec::new();
        for (f, top) in &scopes.functions {
            outcomes.push(analyzer.function(f, *top, &mut |r| cx.candidate_suppressed(r)));
        }
        for (c, top) in &scopes.classes {
            outcomes.push(analyzer.class(c, *top, &mut |r| cx.candidate_suppressed(r)));
        }
        for outcome in outcomes {
            let mut plans = Vec::new();
            for (at, result) in outcome {
                match result {
                    Ok(plan) => plans.push(plan),
                    Err(skip) => cx.skip(at, skip.to_string()),
                }
            }
            let edits = rewrite::edits(plans, import);
            if !edits.is_empty() {
                cx.change(edits);
            }
        }
    }
}

/// Every function and class of the file, with the start of the top-level
/// statement holding it.
#[derive(Default)]
struct Scopes<'a> {
    top: TextSize,
    functions: Vec<(&'a StmtFunctionDef, TextSize)>,
    classes: Vec<(&'a StmtClassDef, TextSize)>,
}

impl<'a> StatementVisitor<'a> for Scopes<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => self.functions.push((f, self.top)),
            Stmt::ClassDef(c) => self.classes.push((c, self.top)),
            _ => {}
        }
        walk_stmt(self, stmt);
    }
}
