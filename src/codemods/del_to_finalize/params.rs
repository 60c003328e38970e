//! Names the rewrite introduces: the attribute that keeps the finalizer and the
//! cleanup function's parameters (moved out of `analyze.rs`, unchanged).

use rustc_hash::FxHashSet;

use super::ClassCx;
use super::names;
use super::project::{self, Place};
use crate::codemods::Context;

/// A name for the finalizer attribute: free in the class, and stored nowhere in
/// the project.
pub(crate) fn finalizer_attr(cx: &Context<'_>, k: &ClassCx<'_>, place: &Place<'_>) -> String {
    let mut taken = names::taken_names(k.class);
    loop {
        let name = names::free_name("_finalizer", &taken);
        if !project::attr_taken(cx, k, place, &name) {
            return name;
        }
        taken.insert(name);
    }
}

/// Parameter names for captured attributes: the attribute without leading
/// underscores, made free of `reserved`.
pub(crate) fn param_names(
    attrs: &[String],
    reserved: &mut FxHashSet<String>,
    params: &mut Vec<(String, String)>,
) {
    for attr in attrs {
        if params.iter().any(|(a, _)| a == attr) {
            continue;
        }
        let stripped = attr.trim_start_matches('_');
        let mut cand = if stripped.is_empty() || names::is_keyword(stripped) {
            attr.clone()
        } else {
            stripped.to_string()
        };
        if reserved.contains(&cand) {
            cand = (1..)
                .map(|i| format!("{cand}_{i}"))
                .find(|c| !reserved.contains(c))
                .expect("free");
        }
        reserved.insert(cand.clone());
        params.push((attr.clone(), cand));
    }
}
