//! Reasons from the whole project not to convert a class, and whether a base is (or
//! becomes) a protocol — built on the semantic layer's public queries
//! ([`Hierarchy::subclasses`], [`Hierarchy::mro`], [`Hierarchy::lookup`]) plus this
//! codemod's name-keyed run-time facts.

use super::shape::{ALLOWED_BASES, is_protocol_name};
use super::{F_CAND, F_CAND_ELSEWHERE, F_DYN_ISSUBCLASS, F_ESCAPE, F_ISSUBCLASS, F_REGISTER};
use super::{Skip, candidate_value};
use crate::codemods::Facts;
use crate::semantic::external::Origin;
use crate::semantic::{Base, ClassInfo, Dunder, Hierarchy, Lookup};

/// Metaclasses every class may keep under a `Protocol` base: `Protocol`'s own
/// metaclass derives from them (or is one).
const COMPATIBLE_METAS: &[&str] = &[
    "abc.ABCMeta",
    "builtins.type",
    "typing._ProtocolMeta",
    "typing_extensions._ProtocolMeta",
];

/// What sturdy knows of a candidate when judging it from the project.
pub(crate) struct Judged<'a> {
    /// Qualified name.
    pub(crate) qual: &'a str,
    /// Simple name (the key of the run-time facts).
    pub(crate) name: &'a str,
    /// Its first member that may not be a method, if any.
    pub(crate) data: Option<&'a str>,
    /// Its first member that surely is not a method, if any.
    pub(crate) non_method: Option<&'a str>,
    /// Whether it is a public interface ([`super::is_public`]).
    pub(crate) public: bool,
}

/// Whether a class of a private module (`pkg._internal.agg.Aggregation`) is imported,
/// under a public name, by a public module of the project (`from ._internal.agg import
/// Aggregation` in `pkg/view.py`): code outside the project then reaches it as
/// `pkg.view.Aggregation`, so it is as public as a class defined there.
pub(crate) fn reexported_publicly(h: Hierarchy<'_>, facts: &Facts, qual: &str, name: &str) -> bool {
    if name.starts_with('_') {
        return false;
    }
    facts
        .imports_ending_in(name)
        .iter()
        .any(|(module, bound, target)| {
            // A module of a namespace package is named from its first regular package
            // (`metrics._internal.aggregation`), while imports spell the whole path
            // (`opentelemetry.sdk.metrics._internal.aggregation`): a dotted suffix is it.
            let is_it =
                |t: &str| matches!(h.lookup(t), Lookup::Class(c, _) if *c.qualname == *qual);
            let same = **target == *qual
                || target
                    .strip_suffix(qual)
                    .is_some_and(|head| head.ends_with('.'))
                || is_it(target)
                // Through another re-export, spelt with the namespace package's path.
                || target
                    .match_indices('.')
                    .any(|(dot, _)| is_it(&target[dot + 1..]));
            same && super::analyze::is_public(&format!("{module}.{bound}"), module, true)
        })
}

/// The first reason from the whole project not to convert `c`, if any.
pub(crate) fn project_skip(h: Hierarchy<'_>, facts: &Facts, c: &Judged<'_>) -> Option<Skip> {
    let class = || c.name.to_string();
    if let Some(at) = facts.get(F_REGISTER, c.name) {
        return Some(Skip::Registered {
            class: class(),
            at: at.to_string(),
        });
    }
    if c.public
        && let Some(member) = c.non_method
    {
        return Some(Skip::PublicData {
            class: class(),
            qual: c.qual.to_string(),
            member: member.to_string(),
        });
    }
    if c.data.is_some() {
        if let Some(at) = facts.get(F_ISSUBCLASS, c.name) {
            return Some(Skip::IssubclassData {
                class: class(),
                at: at.to_string(),
            });
        }
        if facts.get(F_ESCAPE, c.name).is_some()
            && let Some(at) = facts.get(F_DYN_ISSUBCLASS, "*")
        {
            return Some(Skip::DynamicIssubclassData {
                class: class(),
                at: at.to_string(),
            });
        }
    }
    subclass_skip(h, c.qual, c.name)
}

/// Whether every transitive subclass in the project keeps working once `qual` is a
/// Protocol: no class keywords, every metaclass in its MRO compatible with
/// `Protocol`'s, and no class after `qual` in its MRO that defines `__init__` (a
/// protocol stops a cooperative `super().__init__()` chain).
fn subclass_skip(h: Hierarchy<'_>, qual: &str, name: &str) -> Option<Skip> {
    for sub in h.subclasses(qual) {
        let (class, sub_name, at) = (
            name.to_string(),
            sub.name().to_string(),
            sub.location.to_string(),
        );
        if sub.other_keywords {
            return Some(Skip::SubclassKeywords {
                class,
                sub: sub_name,
                at,
            });
        }
        let mro = match h.mro(sub) {
            Ok(m) => m,
            Err(why) => {
                return Some(Skip::SubclassMroUnknown {
                    class,
                    sub: sub_name,
                    at,
                    why,
                });
            }
        };
        for k in &mro {
            let Some(meta) = &k.metaclass else { continue };
            match metaclass_ok(h, meta) {
                Some(true) => {}
                Some(false) => {
                    return Some(Skip::MetaclassConflict {
                        class,
                        sub: sub_name,
                        at,
                        meta: meta.shown().to_string(),
                        owner: k.name().to_string(),
                    });
                }
                None => {
                    return Some(Skip::MetaclassUnknown {
                        class,
                        sub: sub_name,
                        at,
                        meta: meta.shown().to_string(),
                    });
                }
            }
        }
        let after = mro
            .iter()
            .position(|k| &*k.qualname == qual)
            .map_or(&[][..], |p| &mro[p + 1..]);
        if let Some(init) = after
            .iter()
            .find(|k| &*k.qualname != "builtins.object" && k.defines(Dunder::INIT))
        {
            return Some(Skip::CooperativeInit {
                class,
                sub: sub_name,
                at,
                base: init.name().to_string(),
            });
        }
    }
    None
}

/// Whether a metaclass is compatible with `Protocol`'s (`None`: cannot tell).
fn metaclass_ok(h: Hierarchy<'_>, meta: &Base) -> Option<bool> {
    let q = meta.qual()?;
    if COMPATIBLE_METAS.contains(&q) {
        return Some(true);
    }
    match h.lookup(q) {
        Lookup::Class(m, _) => {
            let mro = h.mro(m).ok()?;
            Some(mro.iter().any(|k| {
                matches!(
                    &*k.qualname,
                    "typing._ProtocolMeta" | "typing_extensions._ProtocolMeta"
                )
            }))
        }
        Lookup::Pending | Lookup::Unknown(_) => None,
    }
}

/// Why a base does not make a protocol.
pub(crate) enum NotProtocol {
    /// It is not one and does not become one.
    Not,
    /// It would become one, but its file is not rewritten by this run (where).
    NotRewritten(String),
}

/// Bases that a protocol may have next to protocols, or that become `Protocol`.
fn neutral(q: &str) -> bool {
    matches!(
        q,
        "abc.ABC" | "builtins.object" | "typing.Generic" | "typing_extensions.Generic"
    ) || is_protocol_name(q)
        || ALLOWED_BASES.contains(&q)
}

/// Whether `base` is a protocol, or a candidate this run converts (itself judged
/// from the project, with its own bases).
pub(crate) fn base_is_protocol(
    h: Hierarchy<'_>,
    facts: &Facts,
    base: &Base,
    convert_public: bool,
    seen: &mut Vec<String>,
) -> Result<(), NotProtocol> {
    let Some(q) = base.qual() else {
        return Err(NotProtocol::Not);
    };
    if neutral(q) {
        return Ok(());
    }
    let Lookup::Class(info, origin) = h.lookup(q) else {
        return Err(NotProtocol::Not);
    };
    let explicit = info
        .bases
        .iter()
        .any(|b| b.qual().is_some_and(is_protocol_name));
    match origin {
        // typeshed declares some run-time ABCs as protocols (`os.PathLike`): only
        // typing's own are trusted.
        Some(Origin::Stdlib) => {
            if explicit
                && (info.qualname.starts_with("typing.")
                    || info.qualname.starts_with("typing_extensions."))
            {
                Ok(())
            } else {
                Err(NotProtocol::Not)
            }
        }
        Some(Origin::Environment) => {
            if explicit {
                Ok(())
            } else {
                Err(NotProtocol::Not)
            }
        }
        None => project_base(h, facts, info, explicit, convert_public, seen),
    }
}

fn project_base(
    h: Hierarchy<'_>,
    facts: &Facts,
    info: &ClassInfo,
    explicit: bool,
    convert_public: bool,
    seen: &mut Vec<String>,
) -> Result<(), NotProtocol> {
    let qual = &*info.qualname;
    if explicit {
        return Ok(());
    }
    if let Some(at) = facts.get(F_CAND_ELSEWHERE, qual) {
        return Err(NotProtocol::NotRewritten(at.to_string()));
    }
    let Some(value) = facts.get(F_CAND, qual) else {
        return Err(NotProtocol::Not);
    };
    // `seen` is the chain being judged: a class found again is a cycle.
    if seen.iter().any(|s| s == qual) {
        return Err(NotProtocol::Not);
    }
    let (public, data, non_method) = candidate_value(value);
    let judged = Judged {
        qual,
        name: info.name(),
        data,
        non_method,
        public,
    };
    // A public interface stays an ABC unless public ones are converted.
    let public = public || reexported_publicly(h, facts, qual, info.name());
    if project_skip(h, facts, &judged).is_some() || (public && !convert_public) {
        return Err(NotProtocol::Not);
    }
    seen.push(qual.to_string());
    let bases = info
        .bases
        .iter()
        .filter(|b| !b.qual().is_some_and(neutral))
        .try_for_each(|b| {
            base_is_protocol(h, facts, b, convert_public, seen).map_err(|_| NotProtocol::Not)
        });
    seen.pop();
    bases
}

/// The first member that surely is not a method in a class `class` inherits from
/// (a protocol base, converted or explicit), as `Base.member`: `issubclass()`
/// against `class` as a protocol would raise for it too.
pub(crate) fn inherited_non_method(
    h: Hierarchy<'_>,
    facts: &Facts,
    class: &ClassInfo,
) -> Option<String> {
    let ancestors = h.mro(class).ok()?;
    for a in ancestors.iter().skip(1) {
        let q = &*a.qualname;
        if neutral(q)
            || !matches!(
                h.lookup(q),
                Lookup::Class(_, None | Some(Origin::Environment))
            )
        {
            continue;
        }
        let member = match facts.get(F_CAND, q) {
            Some(v) => candidate_value(v).2.map(str::to_string),
            None => a.data_members.then(|| "a data member".to_string()),
        };
        if let Some(m) = member {
            return Some(format!("{}.{m}", a.name()));
        }
    }
    None
}
