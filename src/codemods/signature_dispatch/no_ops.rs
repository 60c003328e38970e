//! No-ops and round trips: a `**` call whose rewrite would change nothing (the callee,
//! every override of it, or the callback it passes the keys to takes `**kwargs`, or it
//! accepts every literal key), and a mapping read from the object the call rebuilds.

use ruff_python_ast::{Expr, ExprCall};
use ruff_text_size::Ranged;

use crate::source::SourceFile;

use super::analyze::Finder;
use super::resolve::{self, Names};
use super::signals;
use super::skip::Skip;

impl<'a> Finder<'a> {
    /// A no-op rewrite: the callee takes `**kwargs`, or accepts every literal key.
    pub(crate) fn no_op(&self, call: &'a ExprCall, keys: Option<&[String]>) -> Option<Skip> {
        let func = &*call.func;
        if let Some(r) = resolve::resolve(self, func) {
            if let Some(param) = r.sig.var_kw {
                return Some(Skip::TakesAnyKeyword {
                    callee: r.name,
                    at: r.at,
                    param,
                });
            }
            if let Some(keys) = keys
                && keys.iter().all(|k| r.sig.names.contains(k))
            {
                return Some(Skip::KeysAccepted {
                    callee: r.name,
                    at: r.at,
                });
            }
            return None;
        }
        if let Some(skip) = self.overridden(func) {
            return Some(skip);
        }
        if let Some(callback) = self.callback_argument(call) {
            return Some(Skip::ForCallback {
                callee: signals::short(self.file.slice(func.range())),
                callback,
            });
        }
        if let Some(r) = resolve::botocore_client_method(self, self.module(), func) {
            return Some(Skip::TakesAnyKeyword {
                callee: r.name,
                at: r.at,
                param: "kwargs".to_string(),
            });
        }
        let all = resolve::resolve_table(self, func)?;
        let param = all
            .iter()
            .map(|r| r.sig.var_kw.clone())
            .collect::<Option<Vec<_>>>()?;
        let table = signals::short(self.file.slice(table_of(func).range()));
        Some(Skip::TakesAnyKeyword {
            callee: format!("{table}[...]"),
            at: format!("each of its {} entries", all.len()),
            param: if param.windows(2).all(|w| w[0] == w[1]) {
                param[0].clone()
            } else {
                "...".to_string()
            },
        })
    }

    /// `self.method(**p)` where only subclasses define `method`: a no-op when every
    /// definition takes `**kwargs` and every subclass in the project is in this module.
    fn overridden(&self, func: &'a Expr) -> Option<Skip> {
        let (class, subclasses, defs) = resolve::overrides(self, self.module(), func)?;
        let param = defs
            .iter()
            .map(|r| r.sig.var_kw.clone())
            .collect::<Option<Vec<_>>>()?;
        // Subclasses in other modules may define it otherwise.
        let module = &self.file.module;
        let local = |q: &str| {
            q.strip_prefix(module.as_str())
                .and_then(|r| r.strip_prefix('.'))
                .is_some_and(|n| subclasses.iter().any(|c| c.name.as_str() == n))
        };
        let top_level = self.module().lookup(class.name.as_str());
        if !matches!(top_level, resolve::Lookup::Class(c) if std::ptr::eq(c, class)) {
            return None;
        }
        let qual = format!("{module}.{}", class.name);
        if !self
            .facts
            .hierarchy()
            .subclasses(&qual)
            .iter()
            .all(|c| local(&c.qualname))
        {
            return None;
        }
        let each: Vec<String> = defs
            .iter()
            .map(|r| format!("`{}` at {}", r.name, r.at))
            .collect();
        Some(Skip::TakesAnyKeyword {
            callee: signals::short(self.file.slice(func.range())),
            at: format!("defined only in subclasses: {}", each.join(", ")),
            param: if param.windows(2).all(|w| w[0] == w[1]) {
                param[0].clone()
            } else {
                "...".to_string()
            },
        })
    }

    /// `loop.add_callback(f, **kw)`: the first positional argument is a function of
    /// this module or an enclosing one (or a lambda bound to a name) and the callee is
    /// not known: the keys go along to that function.
    fn callback_argument(&self, call: &'a ExprCall) -> Option<String> {
        let Expr::Name(n) = call.arguments.args.first()? else {
            return None;
        };
        let is_function = match self.lookup(n.id.as_str()) {
            resolve::Lookup::Def(_) => true,
            resolve::Lookup::Values(v) => v.iter().all(|v| v.is_lambda_expr()),
            _ => false,
        };
        is_function.then(|| n.id.to_string())
    }

    /// `x = C(**x.document)`, `wc = C(**doc)` with `doc = wc.to_dict()`: the mapping
    /// is read from the object whose name the call's result rebinds.
    pub(crate) fn round_trip(&self, call: &'a ExprCall, spreads: &[&'a Expr]) -> Option<Skip> {
        let (_, object) = self
            .rebinds
            .iter()
            .rev()
            .find(|(v, _)| matches!(v, Expr::Call(c) if std::ptr::eq(c, call)))?;
        let reads = |e: &Expr| reads_from(self.file, e, object);
        for spread in spreads {
            let from = reads(spread)
                || matches!(spread, Expr::Name(n) if matches!(self.local(n.id.as_str()),
                    super::origins::Local::Bound(b, _) if !b.is_empty() && b.iter().all(|b| matches!(b, super::scope::Bound::Value(v) if reads(v)))));
            if from {
                return Some(Skip::RoundTrip {
                    spread: signals::short(self.file.slice(spread.range())),
                    object: (*object).to_string(),
                });
            }
        }
        None
    }
}

/// Whether `e` reads a member of `object` (`object.attr`, `object.method(...)`,
/// `dict(object.attr)`, `object.attr.copy()`), written as `object` is.
fn reads_from(file: &SourceFile, e: &Expr, object: &str) -> bool {
    match e {
        Expr::Attribute(a) => {
            file.slice(a.value.range()) == object || reads_from(file, &a.value, object)
        }
        Expr::Call(c) => {
            reads_from(file, &c.func, object)
                || (matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "dict")
                    && c.arguments.args.len() == 1
                    && reads_from(file, &c.arguments.args[0], object))
        }
        _ => false,
    }
}

/// The table of a `TABLE[key]` or `TABLE.get(key)` callee.
fn table_of(func: &Expr) -> &Expr {
    match func {
        Expr::Subscript(s) => &s.value,
        Expr::Call(c) => match &*c.func {
            Expr::Attribute(a) => &a.value,
            f => f,
        },
        f => f,
    }
}
