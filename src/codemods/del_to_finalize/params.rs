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
    // A class outside the project whose code runs on the instance may keep an
    // attribute of that name (`tempfile.TemporaryDirectory` keeps `_finalizer`, and
    // its `cleanup()` detaches it): a class-private name (`self.__finalizer`, which
    // Python stores as `_Class__finalizer`) cannot meet it.
    let stem = if outside_classes(cx, place) {
        "__finalizer"
    } else {
        "_finalizer"
    };
    loop {
        let name = names::free_name(stem, &taken);
        if !project::attr_taken(cx, k, place, &name) {
            return name;
        }
        taken.insert(name);
    }
}

/// Whether a class whose methods may run on the instance (an ancestor, a subclass's
/// other ancestor) is not part of the project, other than classes that keep no
/// instance attributes (`builtins`, `abc.ABC`, the `typing` and `collections.abc`
/// interfaces); a hierarchy sturdy cannot list counts as such.
fn outside_classes(cx: &Context<'_>, place: &Place<'_>) -> bool {
    use crate::semantic::hierarchy::Lookup;
    let h = cx.facts.hierarchy();
    let Ok(related) = place.related_classes(&h) else {
        return true;
    };
    related.iter().any(|c| {
        let q = &*c.qualname;
        let stateless = q.starts_with("builtins.")
            || q == "abc.ABC"
            || [
                "typing.",
                "typing_extensions.",
                "collections.abc.",
                "_collections_abc.",
            ]
            .iter()
            .any(|m| q.starts_with(m));
        !stateless && !matches!(h.lookup(q), Lookup::Class(_, None))
    })
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
