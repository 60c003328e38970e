//! Imports that never rebind a name: [`ensure_free`] refuses to bind a name the
//! module already binds to another object, answered by the semantic layer's
//! module bindings ([`Bindings`]).

use std::fmt;

use crate::imports::{Imported, Style, ensure};
use crate::semantic::Binding;
use crate::semantic::bindings::Bindings;
use crate::source::SourceFile;

/// Why a name cannot be bound by a new import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Taken {
    /// `name` is bound at module level to something else (`to`: the import it is,
    /// when it is one).
    Bound { name: String, to: Option<String> },
    /// `from module import *` may bind `name`.
    Star { name: String, module: String },
}

impl fmt::Display for Taken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Taken::Bound { name, to: Some(q) } => {
                write!(f, "the name `{name}` is bound to `{q}` in this module")
            }
            Taken::Bound { name, to: None } => {
                write!(f, "the name `{name}` is defined in this module")
            }
            Taken::Star { name, module } => {
                write!(f, "`from {module} import *` may bind the name `{name}`")
            }
        }
    }
}

/// Whether the module-level name `name` is free for an import of `qualified` (the
/// fully qualified object it would name): unbound, or already bound to that same
/// import. A star import makes every unbound name uncertain.
pub fn name_free(bindings: &Bindings, name: &str, qualified: &str) -> Result<(), Taken> {
    match bindings.names.get(name) {
        Some(Binding::Import(q)) if &**q == qualified => Ok(()),
        Some(Binding::Import(q)) => Err(Taken::Bound {
            name: name.to_string(),
            to: Some(q.to_string()),
        }),
        Some(_) => Err(Taken::Bound {
            name: name.to_string(),
            to: None,
        }),
        None => match bindings.stars.first() {
            Some(m) => Err(Taken::Star {
                name: name.to_string(),
                module: m.to_string(),
            }),
            None => Ok(()),
        },
    }
}

/// [`ensure`], unless a name the new import would bind (`module` for
/// [`Style::Module`], each missing name for [`Style::From`]) is bound to another
/// object at module level.
pub fn ensure_free(
    file: &SourceFile,
    bindings: &Bindings,
    module: &str,
    names: &[&str],
    style: Style,
) -> Result<Imported, Taken> {
    let imported = ensure(file, module, names, style);
    if imported.edit.is_none() {
        return Ok(imported);
    }
    for (name, expr) in names.iter().zip(&imported.exprs) {
        // Names reached through an existing import need no new binding.
        let new_binding = match style {
            Style::From => expr == name,
            Style::Module => *expr == format!("{module}.{name}"),
        };
        if !new_binding {
            continue;
        }
        match style {
            Style::From => name_free(bindings, name, &format!("{module}.{name}"))?,
            Style::Module => {
                let head = module.split('.').next().unwrap_or(module);
                name_free(bindings, head, head)?;
            }
        }
    }
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str, module: &str, names: &[&str], style: Style) -> Result<Vec<String>, Taken> {
        let file = SourceFile::parse("m.py", src.to_string()).unwrap();
        let b = Bindings::collect("m", false, file.suite());
        ensure_free(&file, &b, module, names, style).map(|i| i.exprs)
    }

    #[test]
    fn refuses_a_name_bound_to_another_object() {
        assert_eq!(
            run("weakref = None\n", "weakref", &["finalize"], Style::Module),
            Err(Taken::Bound {
                name: "weakref".into(),
                to: None
            })
        );
        assert_eq!(
            run(
                "from x import Protocol\n",
                "typing",
                &["Protocol"],
                Style::From
            ),
            Err(Taken::Bound {
                name: "Protocol".into(),
                to: Some("x.Protocol".into())
            })
        );
        assert!(matches!(
            run("from x import *\n", "gc", &["freeze"], Style::Module),
            Err(Taken::Star { .. })
        ));
    }

    #[test]
    fn reuses_or_adds_when_free() {
        assert_eq!(
            run(
                "import weakref as w\n",
                "weakref",
                &["finalize"],
                Style::Module
            ),
            Ok(vec!["w.finalize".to_string()])
        );
        assert_eq!(
            run(
                "from typing import Protocol as P\nProtocol = 1\n",
                "typing",
                &["Protocol"],
                Style::From
            ),
            Ok(vec!["P".to_string()])
        );
        assert_eq!(
            run("import os\n", "gc", &["freeze"], Style::Module),
            Ok(vec!["gc.freeze".to_string()])
        );
    }
}
