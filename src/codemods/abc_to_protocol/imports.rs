//! How the rewritten classes reach `Protocol` and `runtime_checkable`: an existing
//! import is reused only when nothing else in the file binds its name, a new one is
//! added only under a name nothing else binds — so the emitted code never resolves
//! to another object (`Protocol = None`, a class attribute, a parameter, a star
//! import after it...). When neither works, the file's classes are skipped.

use ruff_python_ast::Stmt;
use ruff_text_size::{Ranged, TextSize};

use crate::edit::Edit;
use crate::fix::{after_imports, insert_statement};
use crate::semantic::names::{FileNames, Kind, Via};
use crate::source::SourceFile;

/// Policy: what one binding site binds its name to, as far as reaching `typing`'s
/// names goes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Site {
    /// `from <typing> import N [as x]`: the typing object `N`.
    TypingName(String),
    /// `import <typing> [as x]`.
    TypingModule,
    /// Anything else.
    Other,
}

/// Every binding site of every name, in every scope of the file (from the shared
/// resolver), seen as [`Site`]s.
struct Sites<'n> {
    typing: &'n str,
    names: &'n FileNames,
}

impl Sites<'_> {
    fn sites(&self, name: &str) -> Vec<(Site, TextSize)> {
        self.names
            .sites(name)
            .iter()
            .filter(|s| s.via != Via::Global)
            .map(|s| {
                let site = match &s.kind {
                    Kind::Module(m) if m == self.typing => Site::TypingModule,
                    Kind::From(q) => match q.strip_prefix(self.typing) {
                        Some(n) if n.starts_with('.') && !n[1..].contains('.') => {
                            Site::TypingName(n[1..].to_string())
                        }
                        _ => Site::Other,
                    },
                    _ => Site::Other,
                };
                (site, s.at)
            })
            .collect()
    }
    /// A star import (not from typing itself) at or after `at`, which may rebind a
    /// name bound before it.
    fn star_after(&self, at: TextSize) -> Option<&str> {
        self.names
            .stars
            .iter()
            .find(|s| s.at >= at && s.module != self.typing)
            .map(|s| s.module.as_str())
    }
}

/// The expressions for the wanted names and the import edit, if one is needed.
#[derive(Debug)]
pub(crate) struct Names {
    /// One expression per wanted name (`Protocol`, `typing.Protocol`, `P`...).
    pub(crate) exprs: Vec<String>,
    pub(crate) edit: Option<Edit>,
}

/// Why the names cannot be made reachable.
#[derive(Debug)]
pub(crate) enum Taken {
    /// Every way is bound to something else.
    Names,
    /// A star import after the insertion point may rebind them.
    Star(String),
}

/// Make `wanted` (names of module `typing`) reachable from code at `first_use`
/// (the first rewritten class) on.
pub(crate) fn names(
    file: &SourceFile,
    typing: &str,
    wanted: &[&str],
    first_use: TextSize,
) -> Result<Names, Taken> {
    let names = FileNames::collect(file.suite());
    let sites = Sites {
        typing,
        names: &names,
    };
    let insert_at = after_imports(file);
    // A name whose every binding site binds `want` (and one of them is a top-level
    // statement before the first use) can be reused.
    let top_level_before = |stmt_start: TextSize| {
        stmt_start < first_use && file.suite().iter().any(|s| s.start() == stmt_start)
    };
    let reusable = |local: &str, want: &Site| {
        let s = sites.sites(local);
        !s.is_empty()
            && s.iter().all(|(site, _)| site == want)
            && s.iter().any(|(_, at)| top_level_before(*at))
            && s.iter()
                .filter(|(_, at)| top_level_before(*at))
                .all(|(_, at)| sites.star_after(*at).is_none())
    };
    // A name free for a new import: nothing binds it but imports of the same object.
    let free = |name: &str, want: &Site| sites.sites(name).iter().all(|(site, _)| site == want);
    let module_alias = file.suite().iter().find_map(|s| match s {
        Stmt::Import(i) if s.start() < first_use => i
            .names
            .iter()
            .find(|a| a.name.as_str() == typing)
            .map(|a| a.asname.as_ref().map_or(typing, |n| n.as_str()).to_string()),
        _ => None,
    });
    let module_ok = module_alias
        .as_deref()
        .filter(|m| reusable(m, &Site::TypingModule));
    let mut exprs = Vec::new();
    let mut from_missing: Vec<&str> = Vec::new();
    let mut module_missing = false;
    for &name in wanted {
        let want = Site::TypingName(name.to_string());
        let existing = file.suite().iter().find_map(|s| match s {
            Stmt::ImportFrom(f)
                if f.level == 0
                    && f.module.as_ref().is_some_and(|m| m.as_str() == typing)
                    && s.start() < first_use =>
            {
                f.names
                    .iter()
                    .find(|a| a.name.as_str() == name)
                    .map(|a| a.asname.as_ref().unwrap_or(&a.name).to_string())
            }
            _ => None,
        });
        if let Some(local) = existing.filter(|l| reusable(l, &want)) {
            exprs.push(local);
        } else if let Some(m) = module_ok {
            exprs.push(format!("{m}.{name}"));
        } else if free(name, &want) {
            exprs.push(name.to_string());
            from_missing.push(name);
        } else if free(typing, &Site::TypingModule) {
            exprs.push(format!("{typing}.{name}"));
            module_missing = true;
        } else {
            return Err(Taken::Names);
        }
    }
    if (module_missing || !from_missing.is_empty())
        && let Some(m) = sites.star_after(insert_at)
    {
        return Err(Taken::Star(m.to_string()));
    }
    if module_missing && !from_missing.is_empty() {
        // One new statement only: spell every new name through the module.
        if free(typing, &Site::TypingModule) {
            for (e, name) in exprs.iter_mut().zip(wanted) {
                if from_missing.contains(name) {
                    *e = format!("{typing}.{name}");
                }
            }
            from_missing.clear();
        } else {
            return Err(Taken::Names);
        }
    }
    let edit = if module_missing {
        Some(insert_statement(file, &format!("import {typing}")))
    } else if from_missing.is_empty() {
        None
    } else {
        // Merge into a top-level `from typing import ...` before the first use.
        let existing = file.suite().iter().find_map(|s| match s {
            Stmt::ImportFrom(f)
                if f.level == 0
                    && f.module.as_ref().is_some_and(|m| m.as_str() == typing)
                    && s.start() < first_use
                    && !f.names.iter().any(|a| a.name.as_str() == "*") =>
            {
                Some(f)
            }
            _ => None,
        });
        Some(match existing {
            Some(f) => {
                let last = f.names.last().expect("import has names");
                let added: String = from_missing.iter().map(|n| format!(", {n}")).collect();
                Edit::insert(last.end(), added)
            }
            None => insert_statement(
                file,
                &format!("from {typing} import {}", from_missing.join(", ")),
            ),
        })
    };
    Ok(Names { exprs, edit })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str, wanted: &[&str]) -> Result<Vec<String>, String> {
        let file = SourceFile::parse("m.py", src.to_string()).unwrap();
        let first = file
            .suite()
            .iter()
            .find(|s| matches!(s, Stmt::ClassDef(_)))
            .map_or(TextSize::default(), Ranged::start);
        names(&file, "typing", wanted, first)
            .map(|n| n.exprs)
            .map_err(|e| format!("{e:?}"))
    }

    #[test]
    fn never_reuses_a_shadowed_name() {
        let pr = &["Protocol", "runtime_checkable"][..];
        assert_eq!(run("class A: pass\n", pr).unwrap(), pr);
        // Reassigned after the import: go through the module.
        assert_eq!(
            run(
                "from typing import Protocol\nclass A: pass\nProtocol = None\n",
                &["Protocol"]
            )
            .unwrap(),
            ["typing.Protocol"]
        );
        // A class attribute or a parameter named like it counts too.
        assert_eq!(
            run(
                "class A:\n    runtime_checkable = 1\n",
                &["runtime_checkable"]
            )
            .unwrap(),
            ["typing.runtime_checkable"]
        );
        // An import after the class is not reused.
        assert_eq!(
            run(
                "class A: pass\nfrom typing import Protocol\n",
                &["Protocol"]
            )
            .unwrap(),
            ["Protocol"]
        );
        // `typing` rebound too: nothing safe.
        assert!(run("Protocol = 1\ntyping = 2\nclass A: pass\n", &["Protocol"]).is_err());
        // A star import after the insertion point may bind anything.
        assert!(
            run(
                "import os\nx = 1\nfrom m import *\nclass A: pass\n",
                &["Protocol"]
            )
            .is_err()
        );
        // Reused alias.
        assert_eq!(
            run(
                "from typing import Protocol as P\nclass A: pass\n",
                &["Protocol"]
            )
            .unwrap(),
            ["P"]
        );
    }
}
