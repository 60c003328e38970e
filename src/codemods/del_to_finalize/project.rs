//! What the rest of the program says about a class: its bases (to the standard
//! library and the environment), its subclasses, explicit `__del__` calls, and
//! stores of the attributes a finalizer would capture.

use rustc_hash::FxHashSet;

use super::ClassCx;
use super::index::{self, ANY};
use super::skip::Skip;
use crate::codemods::Context;
use crate::semantic::external::Origin;
use crate::semantic::{AttrStore, ClassInfo, Dunder, Hierarchy, Lookup, MemberKind};

/// Builtin types whose subclasses' instances cannot be weakly referenced (checked
/// against CPython 3.6–3.13: `int`, `bytes` and `tuple`; `bool` cannot be subclassed;
/// `str`, `float`, `list`, `dict`, `set`, … subclasses can be).
const NO_WEAKREF: &[&str] = &["builtins.int", "builtins.bytes", "builtins.tuple"];

/// A candidate's place in the hierarchy.
pub(crate) struct Place<'a> {
    pub(crate) info: &'a ClassInfo,
    /// Its ancestors, itself first (`object` included), with whether each comes
    /// from the standard library.
    pub(crate) mro: Vec<&'a ClassInfo>,
    stdlib: Vec<bool>,
    /// Its project subclasses.
    pub(crate) subclasses: Vec<&'a ClassInfo>,
}

impl<'a> Place<'a> {
    /// Whether `qual` is the class, an ancestor, a subclass, or an ancestor of a
    /// subclass (its methods may run on the class's instances).
    pub(crate) fn related(&self, h: &Hierarchy<'_>, qual: &str) -> bool {
        if self.mro.iter().any(|c| &*c.qualname == qual)
            || self.subclasses.iter().any(|c| &*c.qualname == qual)
        {
            return true;
        }
        self.subclasses
            .iter()
            .any(|s| ancestors(h, s).map_or(true, |m| m.iter().any(|(c, _)| &*c.qualname == qual)))
    }
    /// Every class whose code may run on the instance: the class and its ancestors,
    /// the subclasses, and the subclasses' other ancestors (each once, MRO first).
    pub(crate) fn related_classes(&self, h: &Hierarchy<'a>) -> Result<Vec<&'a ClassInfo>, Skip> {
        let mut related = self.mro.clone();
        for s in &self.subclasses {
            let found = ancestors(h, s).map_err(|why| Skip::UnknownBase { why })?;
            for (c, _) in found {
                if !related.iter().any(|r| r.qualname == c.qualname) {
                    related.push(c);
                }
            }
        }
        Ok(related)
    }
    /// Whether every class of the MRO but the class itself and `object` comes from
    /// the standard library (whose `__init__` methods do not call back into subclasses).
    pub(crate) fn bases_are_stdlib(&self) -> bool {
        self.stdlib.iter().skip(1).all(|s| *s)
    }
}

/// Check the hierarchy: weak references, `__del__` in a base, explicit calls,
/// subclasses. Needs complete facts.
pub(crate) fn check<'a>(cx: &Context<'a>, k: &ClassCx<'_>) -> Result<Place<'a>, Skip> {
    check_with(cx, k, true)
}

/// [`check`]; without `adds_finalizer` (the class's `__del__` is only removed),
/// what only matters to a finalizer registered in `__init__` is not checked: weak
/// references, subclasses that skip the base `__init__`, and a subclass's other
/// base whose `__del__` comes first (it hides this one already).
pub(crate) fn check_with<'a>(
    cx: &Context<'a>,
    k: &ClassCx<'_>,
    adds_finalizer: bool,
) -> Result<Place<'a>, Skip> {
    let h = cx.facts.hierarchy();
    let info = match h.lookup(&k.qualname) {
        Lookup::Class(c, _) => c,
        Lookup::Unknown(why) => return Err(Skip::UnknownBase { why }),
        Lookup::Pending => {
            return Err(Skip::UnknownBase {
                why: format!("`{}` is not indexed yet", k.qualname),
            });
        }
    };
    let found = ancestors(&h, info).map_err(|why| Skip::UnknownBase { why })?;
    let (mro, stdlib): (Vec<&ClassInfo>, Vec<bool>) = found.into_iter().unzip();
    // Weak references.
    for c in mro.iter().filter(|_| adds_finalizer) {
        if NO_WEAKREF.contains(&&*c.qualname) {
            let via = info
                .bases
                .iter()
                .filter_map(|b| b.qual())
                .find(|b| *b != &*c.qualname)
                .filter(|_| !info.bases.iter().any(|b| b.qual() == Some(&*c.qualname)))
                .map(str::to_string);
            return Err(Skip::NoWeakref {
                class: k.class.name.to_string(),
                base: c.name().to_string(),
                via,
            });
        }
    }
    // A base's `__del__`, which removing this one would let run.
    if let Some(c) = mro
        .iter()
        .skip(1)
        .find(|c| &*c.qualname != "builtins.object" && c.defines(Dunder::DEL))
    {
        return Err(Skip::BaseDefinesDel {
            base: c.qualname.to_string(),
            location: c.location.to_string(),
        });
    }
    let subclasses = h.subclasses(&info.qualname);
    let place = Place {
        info,
        mro,
        stdlib,
        subclasses,
    };
    explicit_calls(cx, &h, &place)?;
    for s in &place.subclasses {
        if s.defines(Dunder::DEL) {
            return Err(Skip::SubclassDel {
                location: s.location.to_string(),
                class: s.name().to_string(),
            });
        }
    }
    for s in place.subclasses.iter().filter(|_| adds_finalizer) {
        if s.defines(Dunder::INIT)
            && let Some(loc) = cx.facts.get(index::INIT_NO_SUPER, &s.qualname)
        {
            return Err(Skip::SubclassInit {
                location: loc.to_string(),
                class: s.name().to_string(),
            });
        }
    }
    // A subclass's other bases: removing this `__del__` would let theirs run for
    // the subclass's instances (`class D(C, M)`: `C.__del__` hid `M.__del__`).
    for s in &place.subclasses {
        let mro = match h.mro(s) {
            Ok(m) => m,
            Err(why) => {
                // typeshed's `Protocol[...]` bases aside, the ancestors may still be
                // known: only another `__del__` among them matters.
                let found = ancestors(&h, s).map_err(|why| Skip::UnknownBase {
                    why: format!("{why} (an ancestor of the subclass `{}`)", s.name()),
                })?;
                if let Some((other, _)) = found.iter().find(|(c, _)| {
                    c.qualname != place.info.qualname
                        && &*c.qualname != "builtins.object"
                        && c.defines(Dunder::DEL)
                }) {
                    return Err(Skip::Finalizer {
                        why: format!(
                            "the MRO of the subclass `{}` cannot be computed ({why}), and its ancestor `{}` ({}) defines `__del__`, which removing this one may let run for the subclass's instances",
                            s.name(),
                            other.qualname,
                            other.location
                        ),
                    });
                }
                continue;
            }
        };
        let dels: Vec<&&ClassInfo> = mro
            .iter()
            .filter(|c| &*c.qualname != "builtins.object" && c.defines(Dunder::DEL))
            .collect();
        if let Some(other) = dels.iter().find(|c| c.qualname != place.info.qualname) {
            // After this class's: removing this one would let it run; before it:
            // it hides this one, and a finalizer would add this class's cleanup.
            let after = dels
                .first()
                .is_some_and(|f| f.qualname == place.info.qualname);
            if !after && !adds_finalizer {
                continue;
            }
            return Err(Skip::SubclassBaseDel {
                base: other.qualname.to_string(),
                location: other.location.to_string(),
                class: s.name().to_string(),
                after,
            });
        }
    }
    Ok(place)
}

/// The class and its ancestors, breadth-first, each with whether it comes from the
/// standard library; or why a base cannot be resolved. (The order is not the MRO's:
/// the checks ask whether any ancestor does something.) typeshed declares some
/// `typing` classes with `Protocol[...]`/`Generic[...]` bases the semantic layer
/// cannot resolve; those add nothing.
pub(crate) fn ancestors<'a>(
    h: &Hierarchy<'a>,
    info: &'a ClassInfo,
) -> Result<Vec<(&'a ClassInfo, bool)>, String> {
    let own = matches!(
        h.lookup(&info.qualname),
        Lookup::Class(_, Some(Origin::Stdlib))
    );
    let mut out: Vec<(&'a ClassInfo, bool)> = vec![(info, own)];
    let mut i = 0;
    while i < out.len() {
        if out.len() > 256 {
            return Err(format!("the hierarchy of `{}` is too large", info.qualname));
        }
        let (c, stdlib) = out[i];
        i += 1;
        let object = crate::semantic::Base::Qual("builtins.object".into());
        let bases: Vec<&crate::semantic::Base> =
            if c.bases.is_empty() && &*c.qualname != "builtins.object" {
                vec![&object]
            } else {
                c.bases.iter().collect()
            };
        for b in bases {
            let tolerated =
                stdlib && matches!(b.shown().rsplit('.').next(), Some("Protocol" | "Generic"));
            let Some(q) = b.qual() else {
                if tolerated {
                    continue;
                }
                return Err(format!("base `{}` cannot be resolved", b.shown()));
            };
            match h.lookup(q) {
                Lookup::Class(bc, origin) => {
                    if !out.iter().any(|(o, _)| o.qualname == bc.qualname) {
                        out.push((bc, origin == Some(Origin::Stdlib)));
                    }
                }
                Lookup::Pending => {}
                Lookup::Unknown(_) if tolerated => {}
                Lookup::Unknown(why) => {
                    return Err(format!("base `{}` cannot be resolved ({why})", b.shown()));
                }
            }
        }
    }
    Ok(out)
}

/// Explicit `__del__` calls that could reach the class's `__del__`.
fn explicit_calls(cx: &Context<'_>, h: &Hierarchy<'_>, p: &Place<'_>) -> Result<(), Skip> {
    let facts = cx.facts;
    let explicit = |loc: &str| Skip::ExplicitCall {
        location: loc.to_string(),
    };
    // `super().__del__()` in a subclass reaches this class's.
    for s in &p.subclasses {
        if let Some(loc) = facts.get(index::SUPER_DEL, &s.qualname) {
            return Err(explicit(loc));
        }
    }
    // `self.__del__()` in the class, an ancestor or a subclass.
    for c in p.mro.iter().chain(&p.subclasses) {
        if let Some(loc) = facts.get(index::SELF_DEL, &c.qualname) {
            return Err(explicit(loc));
        }
    }
    let own_and_subs: Vec<&ClassInfo> = std::iter::once(p.info)
        .chain(p.subclasses.iter().copied())
        .collect();
    // `Cls.__del__(obj)` / `obj = Cls(...); obj.__del__()` for the class or a subclass.
    if facts.has(index::CLASS_DEL_ANY, ANY) {
        for c in &own_and_subs {
            for name in names_of(cx, h, c) {
                if let Some(loc) = facts.get(index::CLASS_DEL, &name) {
                    return Err(explicit(loc));
                }
            }
        }
    }
    // Untyped receivers, in files that import the class's module or the class.
    if facts.has(index::UNTYPED_DEL_ANY, ANY) {
        for c in &own_and_subs {
            if let Some(m) = module_of(cx, &c.qualname)
                && let Some(loc) = facts.get(index::UNTYPED_DEL, m)
            {
                let via = if std::ptr::eq(*c, p.info) {
                    "this module".to_string()
                } else {
                    format!("`{m}` (the module of the subclass `{}`)", c.name())
                };
                return Err(Skip::UntypedCall {
                    location: loc.to_string(),
                    via,
                });
            }
            for name in names_of(cx, h, c) {
                if let Some(loc) = facts.get(index::UNTYPED_DEL, &name) {
                    return Err(Skip::UntypedCall {
                        location: loc.to_string(),
                        via: format!("`{name}`"),
                    });
                }
            }
        }
    }
    Ok(())
}

/// The names a class can be imported under: its qualified name and every project
/// module's re-export of it (`pkg.Handle` for `pkg.handle.Handle`).
fn names_of(cx: &Context<'_>, h: &Hierarchy<'_>, c: &ClassInfo) -> Vec<String> {
    let mut out = vec![c.qualname.to_string()];
    let short = c.name();
    // The class's own name, and every import whose last segment is its name (an
    // import of the qualified name itself ends in that name too).
    for (module, name, target) in cx.facts.imports_ending_in(short) {
        let same = **target == *c.qualname
            || matches!(h.lookup(target), Lookup::Class(x, _) if x.qualname == c.qualname);
        if same {
            out.push(format!("{module}.{name}"));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The project module a qualified name is in (its longest module prefix).
fn module_of<'f>(cx: &Context<'f>, qual: &str) -> Option<&'f str> {
    let mut end = qual.len();
    while let Some(dot) = qual[..end].rfind('.') {
        if let Some(k) = cx.facts.project_module(&qual[..dot]) {
            return Some(k);
        }
        end = dot;
    }
    None
}

/// Stores of `attr` anywhere in the project that a finalizer capturing
/// `self.attr` would not see: any but those `allowed` (the class's own
/// `__init__`, and the method the cleanup moves out of) on a receiver that may be
/// an instance of the class.
pub(crate) fn stores_elsewhere(
    cx: &Context<'_>,
    k: &ClassCx<'_>,
    place: &Place<'_>,
    me: &str,
    attr: &str,
    allowed: &dyn Fn(&AttrStore) -> bool,
) -> Result<(), Skip> {
    let h = cx.facts.hierarchy();
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    for st in h.attr_stores(attr) {
        if allowed(st) || !seen.insert(&st.location) {
            continue;
        }
        let what = match st.on_self_of.as_deref() {
            Some(c) if c == k.qualname => format!("in `{}` of this class", st.function),
            Some(c) if place.subclasses.iter().any(|s| &*s.qualname == c) => {
                format!("in `{}` of the subclass `{c}`", st.function)
            }
            Some(c) if place.mro.iter().any(|s| &*s.qualname == c) => {
                format!("in `{}` of the base class `{c}`", st.function)
            }
            Some(c) if place.related(&h, c) => format!(
                "in `{}` of `{c}`, a base class of one of this class's subclasses",
                st.function
            ),
            Some(_) => continue,
            None if &*st.function == "<module>" => format!(
                "at module level, on an object sturdy cannot type, which may be a `{}`",
                k.class.name
            ),
            None => format!(
                "in `{}`, on an object sturdy cannot type, which may be a `{}`",
                st.function, k.class.name
            ),
        };
        return Err(Skip::StoredElsewhere {
            me: me.to_string(),
            attr: attr.to_string(),
            location: st.location.to_string(),
            what,
        });
    }
    Ok(())
}

/// A subclass that overrides `method`.
pub(crate) fn overridden(cx: &Context<'_>, place: &Place<'_>, method: &str) -> Result<(), Skip> {
    let h = cx.facts.hierarchy();
    for s in &place.subclasses {
        if let Some(loc) = h.member(&s.qualname, MemberKind::Method, method) {
            return Err(Skip::SubclassOverrides {
                method: method.to_string(),
                location: loc.to_string(),
                class: s.name().to_string(),
            });
        }
    }
    Ok(())
}

/// Whether a new attribute `attr` could clash with one the program uses on the
/// class's instances: stored on a receiver that may be one, or defined by a subclass.
pub(crate) fn attr_taken(cx: &Context<'_>, k: &ClassCx<'_>, place: &Place<'_>, attr: &str) -> bool {
    let h = cx.facts.hierarchy();
    let stored = h
        .attr_stores(attr)
        .iter()
        .any(|st| match st.on_self_of.as_deref() {
            Some(c) => c == k.qualname || place.related(&h, c),
            None => true,
        });
    stored
        || place
            .subclasses
            .iter()
            .any(|s| h.member(&s.qualname, MemberKind::Method, attr).is_some())
        || place.mro.iter().chain(&place.subclasses).any(|c| {
            cx.facts
                .has(index::FINALIZER_NAME, &index::method_key(&c.qualname, attr))
        })
}
