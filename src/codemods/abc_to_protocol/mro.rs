//! C3 method resolution order over the semantic layer's public queries, like
//! [`crate::semantic::Hierarchy::mro`], with one repair: typeshed's `typing.pyi`
//! declares `Protocol` and `Generic` as `_SpecialForm` annotations (no binding), so
//! its own classes (`typing.Awaitable(Protocol[_T_co])`, reached from
//! `collections.abc.Awaitable`) come back with an unknown base `Protocol`. Here such
//! a base of a `typing`/`typing_extensions` class is `typing.Protocol` /
//! `typing.Generic`, as at run time.

use crate::semantic::{Base, ClassInfo, Hierarchy, Lookup};

const MAX_DEPTH: usize = 32;

/// The bases of `class` as run time sees them (see the module docs).
fn bases_of(class: &ClassInfo) -> Vec<Base> {
    if class.bases.is_empty() && &*class.qualname != "builtins.object" {
        return vec![Base::Qual("builtins.object".into())];
    }
    let in_typing =
        class.qualname.starts_with("typing.") || class.qualname.starts_with("typing_extensions.");
    class
        .bases
        .iter()
        .map(|b| match b {
            Base::Unknown(t) if in_typing && matches!(&**t, "Protocol" | "Generic") => {
                Base::Qual(format!("typing.{t}").into())
            }
            b => b.clone(),
        })
        .collect()
}

/// The C3 method resolution order of `class` (itself first), or why it cannot be
/// computed.
pub(crate) fn mro<'a>(
    h: Hierarchy<'a>,
    class: &'a ClassInfo,
) -> Result<Vec<&'a ClassInfo>, String> {
    mro_at(h, class, 0)
}

fn mro_at<'a>(
    h: Hierarchy<'a>,
    class: &'a ClassInfo,
    depth: usize,
) -> Result<Vec<&'a ClassInfo>, String> {
    if depth > MAX_DEPTH {
        return Err(format!(
            "the hierarchy of `{}` is too deep or cyclic",
            class.qualname
        ));
    }
    let mut seqs: Vec<Vec<&'a ClassInfo>> = Vec::new();
    let mut direct = Vec::new();
    for b in &bases_of(class) {
        let Some(q) = b.qual() else {
            return Err(format!("base `{}` cannot be resolved", b.shown()));
        };
        match h.lookup(q) {
            Lookup::Class(c, _) => {
                seqs.push(mro_at(h, c, depth + 1)?);
                direct.push(c);
            }
            Lookup::Pending => {}
            Lookup::Unknown(why) => {
                return Err(format!("base `{}` cannot be resolved ({why})", b.shown()));
            }
        }
    }
    seqs.push(direct);
    let mut out = vec![class];
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(out);
        }
        let head = seqs.iter().map(|s| s[0]).find(|h| {
            !seqs
                .iter()
                .any(|s| s[1..].iter().any(|c| c.qualname == h.qualname))
        });
        let Some(head) = head else {
            return Err(format!(
                "the bases of `{}` have no consistent method resolution order",
                class.qualname
            ));
        };
        out.push(head);
        for s in &mut seqs {
            if s[0].qualname == head.qualname {
                s.remove(0);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantic::ProjectFacts;
    use crate::semantic::index::index_module;

    #[test]
    fn typing_protocols_from_typeshed_have_an_mro() {
        let src = "import abc\nfrom collections.abc import Awaitable\nfrom typing import TypeVar\nT = TypeVar('T')\nclass Fut(abc.ABC, Awaitable[T]):\n    pass\nclass Act(Fut[T]):\n    pass\n";
        let parsed = ruff_python_parser::parse_module(src).unwrap();
        let mut p = ProjectFacts::default();
        p.add(index_module(
            "m",
            false,
            "m.py",
            src,
            parsed.suite(),
            &|_| 1,
        ));
        let h = Hierarchy::new(&p, true);
        let act = h.project_class("m.Act").unwrap();
        let names: Vec<&str> = mro(h, act).unwrap().iter().map(|c| &*c.qualname).collect();
        assert_eq!(names[..3], ["m.Act", "m.Fut", "abc.ABC"]);
        assert!(names.contains(&"typing.Protocol"), "{names:?}");
    }
}
