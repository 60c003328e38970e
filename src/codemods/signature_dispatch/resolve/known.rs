//! Callables known without reading their source: a table of standard-library
//! callables and builtins, and botocore client methods.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use crate::util::last_segment;

use super::{Lookup, ModuleIndex, Names, Resolved, Sig};

/// Standard-library callables: qualified name, keyword parameters, `**` parameter.
const STDLIB: &[(&str, &[&str], Option<&str>)] = &[
    ("logging.debug", &["msg"], Some("kwargs")),
    ("logging.info", &["msg"], Some("kwargs")),
    ("logging.warning", &["msg"], Some("kwargs")),
    ("logging.error", &["msg"], Some("kwargs")),
    ("logging.exception", &["msg"], Some("kwargs")),
    ("logging.critical", &["msg"], Some("kwargs")),
    ("logging.log", &["level", "msg"], Some("kwargs")),
    (
        "subprocess.run",
        &["input", "capture_output", "timeout", "check"],
        Some("kwargs"),
    ),
    ("subprocess.call", &["timeout"], Some("kwargs")),
    ("subprocess.check_call", &["timeout"], Some("kwargs")),
    ("subprocess.check_output", &["timeout"], Some("kwargs")),
    ("json.dumps", &["obj"], Some("kw")),
    ("json.dump", &["obj", "fp"], Some("kw")),
    ("json.loads", &["s"], Some("kw")),
    ("json.load", &["fp"], Some("kw")),
    (
        "dataclasses.dataclass",
        &[
            "cls",
            "init",
            "repr",
            "eq",
            "order",
            "unsafe_hash",
            "frozen",
            "match_args",
            "kw_only",
            "slots",
            "weakref_slot",
        ],
        None,
    ),
    (
        "threading.Thread",
        &["group", "target", "name", "args", "kwargs", "daemon"],
        None,
    ),
    (
        "datetime.datetime",
        &[
            "year",
            "month",
            "day",
            "hour",
            "minute",
            "second",
            "microsecond",
            "tzinfo",
            "fold",
        ],
        None,
    ),
    ("datetime.date", &["year", "month", "day"], None),
    (
        "datetime.timedelta",
        &[
            "days",
            "seconds",
            "microseconds",
            "milliseconds",
            "minutes",
            "hours",
            "weeks",
        ],
        None,
    ),
];

/// Builtins: name, keyword parameters (none takes `**`).
pub(super) const BUILTINS: &[(&str, &[&str])] = &[
    ("print", &["sep", "end", "file", "flush"]),
    (
        "open",
        &[
            "file",
            "mode",
            "buffering",
            "encoding",
            "errors",
            "newline",
            "closefd",
            "opener",
        ],
    ),
    ("sorted", &["key", "reverse"]),
    ("enumerate", &["iterable", "start"]),
    ("zip", &["strict"]),
];

pub(super) fn stdlib(qualified: &str) -> Option<Resolved> {
    STDLIB
        .iter()
        .find(|(q, _, _)| *q == qualified)
        .map(|(q, kw, var)| Resolved {
            name: (*q).to_string(),
            at: "the standard library".to_string(),
            sig: Sig::of_static(kw, *var),
        })
}

/// A method of a botocore (boto3) client, whose generated methods all take
/// `**kwargs`: `client.method` or `getattr(client, name)` where the receiver is named
/// `client` (`s3_client`, `self._client`) or made by `*.client(...)` /
/// `create_client(...)`, in a module that imports `boto3`, `botocore` or
/// `aiobotocore`.
pub(crate) fn botocore_client_method<'a>(
    names: &dyn Names<'a>,
    module: &ModuleIndex<'a>,
    func: &'a Expr,
) -> Option<Resolved> {
    let receiver = match func {
        Expr::Attribute(a) => &*a.value,
        Expr::Call(c) if matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "getattr") => {
            c.arguments.args.first()?
        }
        _ => return None,
    };
    let named_client = |n: &str| {
        let n = n.trim_start_matches('_');
        n == "client" || n.ends_with("_client")
    };
    let made_client = |e: &Expr| matches!(e, Expr::Call(c) if last_segment(&c.func).is_some_and(|f| f == "client" || f.contains("create_client") || f.starts_with("boto_client")));
    let is_client = last_segment(receiver).is_some_and(|n| named_client(&n))
        || made_client(receiver)
        || matches!(receiver, Expr::Name(n) if matches!(names.lookup(n.id.as_str()), Lookup::Values(v) if v.iter().all(|v| made_client(v))));
    let imports_boto = module.bindings.values().flatten().any(|b| {
        matches!(b, Lookup::Import(q) if ["boto3", "botocore", "aiobotocore"].iter().any(|m| q == m || q.starts_with(&format!("{m}."))))
    });
    (is_client && imports_boto).then(|| Resolved {
        name: crate::codemods::signature_dispatch::signals::short(names.file().slice(func.range())),
        at: "a botocore client method".to_string(),
        sig: Sig::of_static(&[], Some("kwargs")),
    })
}
