//! What one expression says on its own, without looking up names: how a spread is
//! named, whether a call decodes data, whether a mapping is built from keys written
//! in the source. The lookups through local bindings are in `analyze`.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{BoolOp, Expr, ExprCall};
use ruff_text_size::{Ranged, TextSize};

use crate::source::SourceFile;
use crate::util::last_segment;

use super::skip::Skip;

/// Callees that consume a mapping of keys they define themselves (bare name or last
/// attribute segment): the keys are the data, not parameters to filter.
pub(crate) const DICT_CONSUMERS: &[&str] = &[
    "dict",
    "OrderedDict",
    "defaultdict",
    "Counter",
    "ChainMap",
    "UserDict",
    "SimpleNamespace",
    "Namespace",
    "type",
    "partial",
    "partialmethod",
    "namedtuple",
    "NamedTuple",
    "TypedDict",
    "make_dataclass",
];

/// Methods that consume a mapping (`x.update(**d)`, `"{a}".format(**d)`) or apply
/// field changes (`replace(obj, **changes)`), where an unknown key must keep failing.
pub(crate) const DICT_METHODS: &[&str] = &[
    "update",
    "format",
    "format_map",
    "setdefault",
    "copy",
    "replace",
    "_replace",
    "_make",
    "evolve",
    "substitute",
    "safe_substitute",
    "set_defaults",
    "fromkeys",
];

/// Name tokens of a payload: data received or decoded, not options for the callee.
const DATA_TOKENS: &[&str] = &[
    "payload", "data", "datum", "message", "msg", "event", "evt", "body", "record", "rec", "row",
    "item", "doc", "document", "json", "request", "req", "response", "resp", "entry",
];

/// Name tokens of forwarded options, configuration, environment or location.
const NOT_DATA_TOKENS: &[&str] = &[
    "kw",
    "kws",
    "kwarg",
    "kwargs",
    "kwds",
    "keywords",
    "options",
    "option",
    "opts",
    "opt",
    "optdict",
    "cnf",
    "config",
    "cfg",
    "conf",
    "configuration",
    "settings",
    "setting",
    "env",
    "environ",
    "environment",
    "vars",
    "metadata",
    "meta",
    "pos",
    "position",
    "location",
    "loc",
    "lineno",
    "skips",
    "details",
    "defaults",
    "default",
    "overrides",
    "override",
    "changes",
    "state",
    "locals",
    "globals",
    "namespace",
    "ns",
    "attrs",
    "attrib",
    "attributes",
    "colors",
    "style",
    "extras",
    "flags",
    "headers",
];

/// Name tokens of a callable that handles a payload (a parameter or the iterable it is
/// drawn from).
const HANDLER_TOKENS: &[&str] = &[
    "handler",
    "callback",
    "cb",
    "fn",
    "func",
    "function",
    "target",
    "consumer",
    "listener",
    "subscriber",
    "hook",
    "receiver",
    "observer",
    "callable",
];

/// Modules whose `load`/`loads` decode serialised data.
const SERIALISATION_MODULES: &[&str] = &[
    "json",
    "simplejson",
    "ujson",
    "orjson",
    "rapidjson",
    "yaml",
    "ruamel",
    "pickle",
    "cPickle",
    "dill",
    "cloudpickle",
    "marshal",
    "msgpack",
    "ormsgpack",
    "tomllib",
    "tomli",
    "toml",
    "tomlkit",
    "plistlib",
    "cbor",
    "cbor2",
    "bson",
    "jsonpickle",
];

/// Functions and methods that decode serialised data, whatever their receiver.
const DESERIALISERS: &[&str] = &[
    "safe_load",
    "full_load",
    "unsafe_load",
    "unpackb",
    "literal_eval",
    "get_json",
    "json_decode",
    "from_json",
];

/// Cursor methods returning rows.
const ROW_FETCHERS: &[&str] = &["fetchone", "fetchall", "fetchmany"];

/// Attributes of a web request holding decoded request data (Flask, Django,
/// Starlette, aiohttp, Pyramid...).
const REQUEST_DATA: &[&str] = &[
    "json",
    "form",
    "args",
    "values",
    "GET",
    "POST",
    "data",
    "query_params",
    "path_params",
    "match_info",
    "view_args",
    "json_body",
    "params",
];

/// The lower-case words of an identifier: split at `_`, digits and camelCase humps
/// (`HTTPRequest` is `http`, `request`).
pub(crate) fn tokens(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut out = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphabetic() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1);
        let hump = c.is_uppercase()
            && (prev.is_some_and(char::is_lowercase)
                || (prev.is_some_and(char::is_uppercase)
                    && next.is_some_and(|n| n.is_lowercase())));
        if hump && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Whether a token (or its singular) is in `list`.
fn token_in(token: &str, list: &[&str]) -> bool {
    list.contains(&token) || token.strip_suffix('s').is_some_and(|t| list.contains(&t))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Naming {
    /// Named like data: `raw_payload`, `message["body"]`, `event.data`.
    Data,
    /// Named like options, configuration, environment or location: `env`, `metadata`.
    NotData,
    Neutral,
}

pub(crate) fn classify(name: &str) -> Naming {
    let tokens = tokens(name);
    if tokens.iter().any(|t| NOT_DATA_TOKENS.contains(&t.as_str())) {
        Naming::NotData
    } else if tokens.iter().any(|t| token_in(t, DATA_TOKENS)) {
        Naming::Data
    } else {
        Naming::Neutral
    }
}

/// The names a spread value goes by, most specific first: a name, the last attribute,
/// a subscript's string key then its base, `.get("key")`'s key then its receiver, the
/// function a call result comes from, the left operand of `or`.
fn spread_names(e: &Expr, out: &mut Vec<String>) {
    match e {
        Expr::Name(n) => out.push(n.id.to_string()),
        Expr::Attribute(a) => out.push(a.attr.to_string()),
        Expr::Subscript(s) => {
            if let Expr::StringLiteral(k) = &*s.slice {
                out.push(k.value.to_str().to_string());
            }
            spread_names(&s.value, out);
        }
        Expr::Call(c) => match &*c.func {
            Expr::Attribute(a) if a.attr.as_str() == "get" => {
                if let Some(Expr::StringLiteral(k)) = c.arguments.args.first() {
                    out.push(k.value.to_str().to_string());
                }
                spread_names(&a.value, out);
            }
            f => out.extend(last_segment(f)),
        },
        Expr::BoolOp(b) if b.op == BoolOp::Or => {
            if let Some(first) = b.values.first() {
                spread_names(first, out);
            }
        }
        _ => {}
    }
}

/// A name that says a spread is not a payload.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Veto {
    /// Keyword arguments captured for forwarding: `kwargs`, `kw`, `*_args`,
    /// `arguments`.
    Forwarding,
    /// Options, configuration, environment, location: `options`, `config`, `env`.
    Options,
}

/// The veto of a spread's names, the most specific name first (see
/// [`spread_names`]): the first name named like keyword arguments, options or data
/// decides.
pub(crate) fn veto(e: &Expr) -> Option<Veto> {
    let mut names = Vec::new();
    spread_names(e, &mut names);
    for name in &names {
        match captured_name(name) {
            Some(true) => return Some(Veto::Forwarding),
            Some(false) => return Some(Veto::Options),
            None => {}
        }
        match classify(name) {
            Naming::NotData => {
                let kw = tokens(name).iter().any(|t| {
                    matches!(
                        t.as_str(),
                        "kw" | "kws" | "kwarg" | "kwargs" | "kwds" | "keywords"
                    )
                });
                return Some(if kw { Veto::Forwarding } else { Veto::Options });
            }
            Naming::Data => return None,
            Naming::Neutral => {}
        }
    }
    None
}

/// How a spread value is named: the first of its names that is not neutral.
pub(crate) fn spread_naming(e: &Expr) -> Naming {
    let mut names = Vec::new();
    spread_names(e, &mut names);
    names
        .iter()
        .map(|n| classify(n))
        .find(|n| *n != Naming::Neutral)
        .unwrap_or(Naming::Neutral)
}

/// Whether an identifier is named like captured keyword arguments or call options
/// (`kwargs`, `kwds`, `kw`, `keywords`, `extra_kwargs`, `_kw`, `options`, `opts`,
/// `cnf`, `config`, `*_options`, `*args`, `*arguments`...). `Some(true)` for
/// keyword-argument names (forwarding), `Some(false)` for option names.
pub(crate) fn captured_name(name: &str) -> Option<bool> {
    let name = name.trim_start_matches('_').to_ascii_lowercase();
    let kwargs = name.contains("kwarg")
        || name.contains("kwd")
        || matches!(name.as_str(), "kw" | "kws" | "keywords")
        || name.starts_with("kw_")
        || name.ends_with("_kw")
        || name.ends_with("_kws")
        || name.ends_with("_keywords")
        || name.ends_with("args")
        || name.ends_with("arguments");
    let options = matches!(
        name.as_str(),
        "options" | "opts" | "optdict" | "cnf" | "cfg" | "config"
    ) || name.ends_with("_options")
        || name.ends_with("_opts");
    if kwargs {
        Some(true)
    } else if options {
        Some(false)
    } else {
        None
    }
}

/// `x.__dict__`, `vars(x)`, `locals()`, `globals()`: an object's or scope's own state.
pub(crate) fn is_state(e: &Expr) -> bool {
    match e {
        Expr::Attribute(a) => a.attr.as_str() == "__dict__",
        Expr::Call(c) => {
            matches!(&*c.func, Expr::Name(n) if matches!(n.id.as_str(), "vars" | "locals" | "globals"))
        }
        _ => false,
    }
}

/// Whether a name or attribute chain is named like a collection of handlers.
pub(crate) fn named_like_handlers(e: &Expr) -> bool {
    let mut names = Vec::new();
    let mut e = e;
    for _ in 0..16 {
        match e {
            Expr::Name(n) => {
                names.push(n.id.to_string());
                break;
            }
            Expr::Attribute(a) => {
                names.push(a.attr.to_string());
                e = &a.value;
            }
            // `handlers.values()`, `self._callbacks.items()`, `sorted(hooks)`.
            Expr::Call(c) => match (&*c.func, c.arguments.args.first()) {
                (Expr::Attribute(a), _) => e = &a.value,
                (_, Some(arg)) => e = arg,
                _ => break,
            },
            Expr::Subscript(s) => e = &s.value,
            _ => break,
        }
    }
    names.iter().any(|n| named_like_handler(n))
}

/// Whether an identifier is named like a handler (`callback`, `on_event_handler`).
pub(crate) fn named_like_handler(name: &str) -> bool {
    tokens(name).iter().any(|t| token_in(t, HANDLER_TOKENS))
}

/// Whether `call` decodes serialised data: `json.loads(s)`, `yaml.safe_load(f)`,
/// `pickle.load(f)`, `msgpack.unpackb(b)`, `ast.literal_eval(s)`, `loads(s)`,
/// `response.json()`, `request.get_json()`, or fetches a row from a DB cursor
/// (`cursor.fetchone()`).
pub(crate) fn is_deserialisation(call: &ExprCall) -> bool {
    match &*call.func {
        Expr::Name(n) => {
            let id = n.id.as_str();
            id == "loads" || DESERIALISERS.contains(&id) || reads_json(id)
        }
        Expr::Attribute(a) => {
            let attr = a.attr.as_str();
            DESERIALISERS.contains(&attr)
                || reads_json(attr)
                || ROW_FETCHERS.contains(&attr)
                || (attr == "json" && call.arguments.is_empty())
                || (matches!(attr, "load" | "loads")
                    && last_segment(&a.value)
                        .is_some_and(|m| SERIALISATION_MODULES.contains(&m.as_str())))
        }
        _ => false,
    }
}

/// Whether `e` decodes data on its own (no name lookups): a deserialising call (also
/// awaited), decoded request data (`request.form`, `request.args`, `req.match_info`),
/// or a DB row turned into a mapping (`dict(zip(names, values))`, `row._asdict()`,
/// `row._mapping`).
pub(crate) fn decodes(e: &Expr) -> bool {
    match e {
        Expr::Await(a) => decodes(&a.value),
        Expr::Call(c) => {
            is_deserialisation(c)
                || is_row_mapping(c)
                || matches!(&*c.func, Expr::Attribute(a) if matches!(a.attr.as_str(), "_asdict" | "to_dict" | "dict") && decodes(&a.value))
        }
        Expr::Attribute(a) => {
            (a.attr.as_str() == "_mapping")
                || (REQUEST_DATA.contains(&a.attr.as_str())
                    && last_segment(&a.value).is_some_and(|r| {
                        matches!(
                            r.trim_start_matches('_'),
                            "request" | "req" | "http_request"
                        )
                    }))
        }
        _ => false,
    }
}

/// `dict(zip(names, values))` with names that are not written in the source: a row of
/// values keyed by column names known only at run time.
fn is_row_mapping(c: &ExprCall) -> bool {
    if !matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "dict") {
        return false;
    }
    let [Expr::Call(z)] = &*c.arguments.args else {
        return false;
    };
    if !matches!(&*z.func, Expr::Name(n) if n.id.as_str() == "zip") {
        return false;
    }
    z.arguments
        .args
        .first()
        .is_some_and(|names| !matches!(names, Expr::List(_) | Expr::Tuple(_)))
}

/// A function named like it reads JSON: `read_json`, `load_json`, `parse_json`,
/// `json_decode`.
fn reads_json(name: &str) -> bool {
    let t = tokens(name);
    t.iter().any(|w| w == "json")
        && t.iter()
            .any(|w| matches!(w.as_str(), "read" | "load" | "loads" | "parse" | "decode"))
}

/// `ALL_CAPS` (a constant by convention): at least two characters, no lower case.
pub(crate) fn is_constant_name(name: &str) -> bool {
    let name = name.trim_start_matches('_');
    name.len() >= 2
        && name.chars().any(|c| c.is_ascii_uppercase())
        && !name.chars().any(char::is_lowercase)
}

/// A dict display whose keys are all string literals (no `**` entries), or
/// `dict(a=..., b=...)`: the keys, in order.
pub(crate) fn literal_keys(e: &Expr) -> Option<Vec<String>> {
    match e {
        Expr::Dict(d) => d
            .items
            .iter()
            .map(|item| match &item.key {
                Some(Expr::StringLiteral(s)) => Some(s.value.to_str().to_string()),
                _ => None,
            })
            .collect(),
        Expr::Call(c)
            if matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "dict")
                && c.arguments.args.is_empty() =>
        {
            c.arguments
                .keywords
                .iter()
                .map(|k| k.arg.as_ref().map(ToString::to_string))
                .collect()
        }
        _ => None,
    }
}

/// A table of literals written in the source: a list, tuple or set display of dict
/// displays with literal keys (or of names and attributes, references to other
/// constants), or a dict display whose values are.
pub(crate) fn is_literal_table(e: &Expr) -> bool {
    let entry =
        |e: &Expr| literal_keys(e).is_some() || matches!(e, Expr::Name(_) | Expr::Attribute(_));
    let elts = match e {
        Expr::List(l) => &l.elts,
        Expr::Tuple(t) => &t.elts,
        Expr::Set(s) => &s.elts,
        Expr::Dict(d) => {
            return !d.items.is_empty()
                && d.items
                    .iter()
                    .all(|i| i.key.is_some() && literal_keys(&i.value).is_some());
        }
        _ => return false,
    };
    elts.iter().any(|e| literal_keys(e).is_some()) && elts.iter().all(entry)
}

/// Whether evaluating `expr` can have side effects the rewrite could reorder: it
/// contains a call, `await`, `yield` or `:=`. Names, attributes, subscripts and
/// constants count as pure; lambda bodies are not evaluated. Gives up (side effects
/// assumed) after a few hundred nodes, so nested calls cost linear time.
pub(crate) fn has_side_effects(expr: &Expr) -> bool {
    struct S {
        found: bool,
        budget: usize,
    }
    impl<'b> Visitor<'b> for S {
        fn visit_expr(&mut self, e: &'b Expr) {
            if self.found {
                return;
            }
            if self.budget == 0 {
                self.found = true;
                return;
            }
            self.budget -= 1;
            match e {
                Expr::Call(_)
                | Expr::Await(_)
                | Expr::Yield(_)
                | Expr::YieldFrom(_)
                | Expr::Named(_) => self.found = true,
                Expr::Lambda(_) => {}
                _ => visitor::walk_expr(self, e),
            }
        }
    }
    let mut s = S {
        found: false,
        budget: 256,
    };
    s.visit_expr(expr);
    s.found
}

/// The rewrite evaluates every `**` spread before the other arguments. A problem
/// when a spread with side effects follows an argument with side effects.
pub(crate) fn evaluation_order_problem(file: &SourceFile, call: &ExprCall) -> Option<Skip> {
    let mut items: Vec<(TextSize, Option<&Expr>, &Expr)> = Vec::new(); // (start, spread?, value)
    for a in &call.arguments.args {
        items.push((a.start(), None, a));
    }
    for k in &call.arguments.keywords {
        items.push((k.start(), k.arg.is_none().then_some(&k.value), &k.value));
    }
    items.sort_by_key(|i| i.0);
    let mut effectful: Option<&Expr> = None;
    for (_, spread, value) in items {
        match spread {
            Some(s) if has_side_effects(s) => {
                if let Some(before) = effectful {
                    return Some(Skip::EvaluationOrder {
                        payload: short(file.slice(s.range())),
                        before: short(file.slice(before.range())),
                    });
                }
            }
            Some(_) => {}
            None if has_side_effects(value) => effectful = effectful.or(Some(value)),
            None => {}
        }
    }
    None
}

/// A one-line excerpt of source for messages.
pub(crate) fn short(text: &str) -> String {
    let mut one = String::new();
    for word in text.split_whitespace() {
        if !one.is_empty() {
            one.push(' ');
        }
        one.push_str(word);
        if one.len() > 200 {
            break;
        }
    }
    if one.chars().count() > 40 {
        format!("{}...", one.chars().take(37).collect::<String>())
    } else {
        one
    }
}
