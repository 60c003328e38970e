//! Configuration: `[tool.sturdy]` in `pyproject.toml`, or a `sturdy.toml` (same keys at
//! top level), found by walking up from each input path like Ruff does. Command-line
//! flags override it. Every mistake is reported with the file, the line, the key and
//! the valid choices.

use std::path::{Path, PathBuf};

use toml::{Table, Value};

use crate::codemods::ALL;

/// A Python version `(3, minor)`.
pub type PyVersion = (u8, u8);

/// Settings read from one configuration file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// The file they came from.
    pub path: Option<PathBuf>,
    /// `select`.
    pub select: Option<Vec<String>>,
    /// `extend-select`: codemods added to `select` (or the defaults).
    pub extend_select: Vec<String>,
    /// `ignore`.
    pub ignore: Vec<String>,
    /// `exclude` globs, relative to the file's directory; they replace the default
    /// excludes ([`DEFAULT_EXCLUDES`]) when given.
    pub exclude: Vec<String>,
    /// Whether `exclude` was given (and so replaces the default excludes).
    pub exclude_replaces_defaults: bool,
    /// `extend-exclude` globs: added to `exclude` (or the defaults).
    pub extend_exclude: Vec<String>,
    /// `target-version`, or the lower bound of `requires-python`.
    pub target_version: Option<PyVersion>,
    /// `[tool.sturdy.abc-to-protocol] strip-abstractmethod`.
    pub strip_abstractmethod: Option<bool>,
    /// `[tool.sturdy.abc-to-protocol] convert-public-interfaces`.
    pub convert_public_interfaces: Option<bool>,
    /// `[tool.sturdy.signature-dispatch] helper`.
    pub dispatch_helper: Option<String>,
    /// `project-facts`: whether facts come from the whole project (default) or only
    /// from the files named.
    pub project_facts: Option<bool>,
    /// `max-file-size`, in bytes.
    pub max_file_size: Option<u64>,
}

const TOP_KEYS: &[&str] = &[
    "select",
    "ignore",
    "exclude",
    "extend-exclude",
    "target-version",
    "project-facts",
    "max-file-size",
    "extend-select",
];

/// Directories never walked into unless `exclude` replaces this list (ruff's defaults).
pub const DEFAULT_EXCLUDES: &[&str] = &[
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".hg",
    ".mypy_cache",
    ".nox",
    ".pants.d",
    ".pytype",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    "__pypackages__",
    "_build",
    "buck-out",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
];
const VERSIONS: &[&str] = &[
    "py37", "py38", "py39", "py310", "py311", "py312", "py313", "py314",
];

/// Parse `py311` into `(3, 11)`.
pub fn parse_target_version(s: &str) -> Option<PyVersion> {
    if !VERSIONS.contains(&s) {
        return None;
    }
    let minor: u8 = s.strip_prefix("py3")?.parse().ok()?;
    Some((3, minor))
}

/// The lower bound of a `requires-python` specifier (`>=3.9`, `~=3.10`, `>=3.8,<4`).
pub fn requires_python_floor(spec: &str) -> Option<PyVersion> {
    for part in spec.split(',') {
        let part = part.trim();
        let rest = part
            .strip_prefix(">=")
            .or_else(|| part.strip_prefix("~="))
            .or_else(|| part.strip_prefix("=="))
            .or_else(|| part.strip_prefix('>'));
        if let Some(v) = rest {
            let mut it = v.trim().split('.');
            let major: u8 = it.next()?.trim().parse().ok()?;
            let minor: u8 = it
                .next()
                .and_then(|m| m.trim_end_matches('*').parse().ok())
                .unwrap_or(0);
            if major == 3 {
                return Some((3, minor));
            }
        }
    }
    None
}

/// The candidate closest to `name`, when it is close enough to be a likely typo
/// (an edit distance of at most a third of the name, and at least one).
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    let name = name.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            let lower = c.to_lowercase();
            // A prefix of a longer key (`strip-abstract`) counts as close.
            let d = if name.len() >= 4 && lower.starts_with(&name) {
                1
            } else {
                levenshtein(&name, &lower)
            };
            (d, c)
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `; did you mean `X`?` when a candidate is close to `name`, else nothing.
pub fn suggestion<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(name, candidates)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// An error in a configuration file.
fn err(path: &Path, text: &str, key: &str, message: &str) -> String {
    let leaf = key.rsplit('.').next().unwrap_or(key);
    let line = text
        .lines()
        .position(|l| {
            let t = l.trim_start();
            t.strip_prefix(leaf)
                .is_some_and(|r| r.trim_start().starts_with('=') || r.starts_with(']'))
                || t.strip_prefix('[')
                    .is_some_and(|r| r.trim_end().trim_end_matches(']').ends_with(leaf))
        })
        .map_or(1, |i| i + 1);
    format!("{}:{line}: `{key}`: {message}", path.display())
}

fn string_list(path: &Path, text: &str, key: &str, v: &Value) -> Result<Vec<String>, String> {
    let Value::Array(items) = v else {
        return Err(err(
            path,
            text,
            key,
            "expected a list of strings, e.g. [\"del-to-finalize\"]",
        ));
    };
    items
        .iter()
        .map(|i| {
            i.as_str()
                .map(String::from)
                .ok_or_else(|| err(path, text, key, "expected a list of strings"))
        })
        .collect()
}

fn codemod_names(path: &Path, text: &str, key: &str, names: &[String]) -> Result<(), String> {
    for n in names {
        if n != "all" && !ALL.iter().any(|c| c.name() == n) {
            let valid: Vec<&str> = ALL.iter().map(|c| c.name()).collect();
            return Err(err(
                path,
                text,
                key,
                &format!(
                    "unknown codemod `{n}`; valid names: {}, all{}",
                    valid.join(", "),
                    suggestion(n, valid.iter().copied())
                ),
            ));
        }
    }
    Ok(())
}

/// Validate a `[tool.sturdy]` table (or a whole `sturdy.toml`).
fn from_table(path: &Path, text: &str, prefix: &str, table: &Table) -> Result<Settings, String> {
    let mut s = Settings {
        path: Some(path.to_path_buf()),
        ..Settings::default()
    };
    for (key, value) in table {
        let full = format!("{prefix}{key}");
        match key.as_str() {
            "select" => {
                let v = string_list(path, text, &full, value)?;
                codemod_names(path, text, &full, &v)?;
                s.select = Some(v);
            }
            "ignore" => {
                let v = string_list(path, text, &full, value)?;
                codemod_names(path, text, &full, &v)?;
                s.ignore = v;
            }
            "extend-select" => {
                let v = string_list(path, text, &full, value)?;
                codemod_names(path, text, &full, &v)?;
                s.extend_select = v;
            }
            "exclude" | "extend-exclude" => {
                let v = string_list(path, text, &full, value)?;
                for g in &v {
                    globset::Glob::new(g)
                        .map_err(|e| err(path, text, &full, &format!("invalid glob `{g}`: {e}")))?;
                }
                if key == "exclude" {
                    s.exclude = v;
                    s.exclude_replaces_defaults = true;
                } else {
                    s.extend_exclude = v;
                }
            }
            "project-facts" => {
                s.project_facts = Some(
                    value
                        .as_bool()
                        .ok_or_else(|| err(path, text, &full, "expected true or false"))?,
                );
            }
            "target-version" => {
                let v = value
                    .as_str()
                    .and_then(parse_target_version)
                    .ok_or_else(|| {
                        err(
                            path,
                            text,
                            &full,
                            &format!("expected one of {}", VERSIONS.join(", ")),
                        )
                    })?;
                s.target_version = Some(v);
            }
            "max-file-size" => {
                let v = match value {
                    Value::Integer(n) => u64::try_from(*n).ok(),
                    Value::String(s) => crate::write::parse_size(s),
                    _ => None,
                };
                s.max_file_size = Some(v.ok_or_else(|| {
                    err(
                        path,
                        text,
                        &full,
                        "expected a size: a number of bytes, or a string such as \"20MB\" or \"512KB\"",
                    )
                })?);
            }
            name if ALL.iter().any(|c| c.name() == name) => {
                let Value::Table(sub) = value else {
                    return Err(err(
                        path,
                        text,
                        &full,
                        "expected a table of codemod options",
                    ));
                };
                let valid: &[&str] = match name {
                    "abc-to-protocol" => &["strip-abstractmethod", "convert-public-interfaces"],
                    "signature-dispatch" => &["helper"],
                    _ => &[],
                };
                for (k, v) in sub {
                    let fk = format!("{full}.{k}");
                    match (name, k.as_str()) {
                        ("abc-to-protocol", "strip-abstractmethod") => {
                            s.strip_abstractmethod =
                                Some(v.as_bool().ok_or_else(|| {
                                    err(path, text, &fk, "expected true or false")
                                })?);
                        }
                        ("abc-to-protocol", "convert-public-interfaces") => {
                            s.convert_public_interfaces =
                                Some(v.as_bool().ok_or_else(|| {
                                    err(path, text, &fk, "expected true or false")
                                })?);
                        }
                        ("signature-dispatch", "helper") => {
                            let h = v
                                .as_str()
                                .filter(|h| {
                                    crate::codemods::signature_dispatch::valid_helper_spec(h)
                                })
                                .ok_or_else(|| {
                                    err(path, text, &fk, "expected \"package.module:name\"")
                                })?;
                            s.dispatch_helper = Some(h.to_string());
                        }
                        _ => {
                            let choices = if valid.is_empty() {
                                "this codemod has no options".to_string()
                            } else {
                                format!(
                                    "valid keys: {}{}",
                                    valid.join(", "),
                                    suggestion(k, valid.iter().copied())
                                )
                            };
                            return Err(err(path, text, &fk, &format!("unknown key; {choices}")));
                        }
                    }
                }
            }
            _ => {
                let codemods: Vec<&str> = ALL.iter().map(|c| c.name()).collect();
                return Err(err(
                    path,
                    text,
                    &full,
                    &format!(
                        "unknown key; valid keys: {}, and a table per codemod ({}){}",
                        TOP_KEYS.join(", "),
                        codemods.join(", "),
                        suggestion(key, TOP_KEYS.iter().chain(&codemods).copied())
                    ),
                ));
            }
        }
    }
    Ok(s)
}

/// Parse a `--config KEY=VALUE` override (TOML syntax: `target-version='py39'`,
/// `select=["del-to-finalize"]`, `abc-to-protocol.strip-abstractmethod=true`), with
/// the same checks as a configuration file.
pub fn parse_override(arg: &str) -> Result<(Table, Settings), String> {
    let shown = format!("--config \"{arg}\"");
    let table: Table = arg.parse().map_err(|e: toml::de::Error| {
        format!(
            "{shown}: not a configuration file, nor a valid `KEY=VALUE` override in TOML syntax ({}); quote strings, e.g. --config \"target-version='py39'\"",
            e.message().trim()
        )
    })?;
    let fake = Path::new("--config");
    let settings = from_table(fake, arg, "", &table).map_err(|e| {
        let rest = e.split_once(": ").map_or(e.as_str(), |(_, r)| r);
        format!("{shown}: {rest}")
    })?;
    Ok((table, settings))
}

/// Apply an override parsed by [`parse_override`]: the keys it sets replace the
/// configuration's.
pub fn apply_override(s: &mut Settings, table: &Table, o: &Settings) {
    for (key, value) in table {
        match key.as_str() {
            "select" => s.select.clone_from(&o.select),
            "extend-select" => s.extend_select.clone_from(&o.extend_select),
            "ignore" => s.ignore.clone_from(&o.ignore),
            "exclude" => {
                s.exclude.clone_from(&o.exclude);
                s.exclude_replaces_defaults = true;
            }
            "extend-exclude" => s.extend_exclude.clone_from(&o.extend_exclude),
            "target-version" => s.target_version = o.target_version,
            "project-facts" => s.project_facts = o.project_facts,
            "max-file-size" => s.max_file_size = o.max_file_size,
            _ => {
                let Value::Table(sub) = value else { continue };
                if sub.contains_key("strip-abstractmethod") {
                    s.strip_abstractmethod = o.strip_abstractmethod;
                }
                if sub.contains_key("convert-public-interfaces") {
                    s.convert_public_interfaces = o.convert_public_interfaces;
                }
                if sub.contains_key("helper") {
                    s.dispatch_helper.clone_from(&o.dispatch_helper);
                }
            }
        }
    }
}

fn parse_toml(path: &Path) -> Result<(String, Table), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let table: Table = text.parse().map_err(|e: toml::de::Error| {
        let line = e.span().map_or(1, |s| {
            text[..s.start.min(text.len())].matches('\n').count() + 1
        });
        format!("{}:{line}: invalid TOML: {}", path.display(), e.message())
    })?;
    Ok((text, table))
}

/// Load settings from an explicit file: a `pyproject.toml` (`[tool.sturdy]`) or a
/// `sturdy.toml` (top-level keys). `Ok(None)` for a pyproject without `[tool.sturdy]`.
pub fn load(path: &Path) -> Result<Option<Settings>, String> {
    let (text, table) = parse_toml(path)?;
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let mut settings = if is_pyproject {
        match table.get("tool").and_then(|t| t.get("sturdy")) {
            Some(Value::Table(t)) => from_table(path, &text, "tool.sturdy.", t)?,
            Some(_) => return Err(err(path, &text, "tool.sturdy", "expected a table")),
            None => return Ok(None),
        }
    } else {
        from_table(path, &text, "", &table)?
    };
    if settings.target_version.is_none() && is_pyproject {
        settings.target_version = table
            .get("project")
            .and_then(|p| p.get("requires-python"))
            .and_then(Value::as_str)
            .and_then(requires_python_floor);
    }
    Ok(Some(settings))
}

/// Find the settings for an input path: the nearest `sturdy.toml`, or `pyproject.toml`
/// with `[tool.sturdy]`, in the path's directory or above. When the settings have no
/// target version, the nearest `pyproject.toml`'s `requires-python` supplies it.
pub fn discover(input: &Path) -> Result<Settings, String> {
    let start = std::path::absolute(input).unwrap_or_else(|_| input.to_path_buf());
    let mut dir = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    let mut found: Option<Settings> = None;
    let mut requires: Option<PyVersion> = None;
    let mut seen_pyproject = false;
    while let Some(d) = dir {
        if found.is_none() {
            for name in ["sturdy.toml", ".sturdy.toml"] {
                let p = d.join(name);
                if p.is_file() {
                    found = load(&p)?;
                    break;
                }
            }
        }
        let py = d.join("pyproject.toml");
        if py.is_file() && (found.is_none() || !seen_pyproject) {
            let (_, table) = parse_toml(&py)?;
            if !seen_pyproject {
                seen_pyproject = true;
                requires = table
                    .get("project")
                    .and_then(|p| p.get("requires-python"))
                    .and_then(Value::as_str)
                    .and_then(requires_python_floor);
            }
            if found.is_none() {
                found = load(&py)?;
            }
        }
        if found.is_some() && seen_pyproject {
            break;
        }
        dir = d.parent();
    }
    let mut s = found.unwrap_or_default();
    if s.target_version.is_none() {
        s.target_version = requires;
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(parse_target_version("py38"), Some((3, 8)));
        assert_eq!(parse_target_version("py314"), Some((3, 14)));
        assert_eq!(parse_target_version("py2"), None);
        assert_eq!(requires_python_floor(">=3.9"), Some((3, 9)));
        assert_eq!(requires_python_floor(" <4, >=3.10.2"), Some((3, 10)));
        assert_eq!(requires_python_floor("~=3.8"), Some((3, 8)));
        assert_eq!(requires_python_floor("<4"), None);
    }

    #[test]
    fn errors_name_file_line_key_and_choices() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pyproject.toml");
        std::fs::write(&p, "[project]\nname = \"x\"\n\n[tool.sturdy]\nselect = [\"del-to-finalize\"]\ntarget-version = \"py27\"\n").unwrap();
        let e = load(&p).unwrap_err();
        assert!(e.ends_with("pyproject.toml:6: `tool.sturdy.target-version`: expected one of py37, py38, py39, py310, py311, py312, py313, py314"), "{e}");
        std::fs::write(&p, "[tool.sturdy]\nselekt = []\n").unwrap();
        let e = load(&p).unwrap_err();
        assert!(
            e.contains(
                "pyproject.toml:2: `tool.sturdy.selekt`: unknown key; valid keys: select, ignore"
            ),
            "{e}"
        );
        std::fs::write(&p, "[tool.sturdy.abc-to-protocol]\nstrip = true\n").unwrap();
        let e = load(&p).unwrap_err();
        assert!(e.contains(":2: `tool.sturdy.abc-to-protocol.strip`: unknown key; valid keys: strip-abstractmethod"), "{e}");
    }

    #[test]
    fn discovery_walks_up_and_reads_requires_python() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("pkg/sub")).unwrap();
        std::fs::write(root.join("pyproject.toml"), "[project]\nrequires-python = \">=3.8\"\n[tool.sturdy]\nignore = [\"del-to-finalize\"]\n[tool.sturdy.signature-dispatch]\nhelper = \"app.util:dispatch\"\n").unwrap();
        let s = discover(&root.join("pkg/sub")).unwrap();
        assert_eq!(s.ignore, vec!["del-to-finalize".to_string()]);
        assert_eq!(s.target_version, Some((3, 8)));
        assert_eq!(s.dispatch_helper.as_deref(), Some("app.util:dispatch"));
        std::fs::write(
            root.join("pkg/sturdy.toml"),
            "select = [\"all\"]\ntarget-version = \"py312\"\n",
        )
        .unwrap();
        let s = discover(&root.join("pkg/sub")).unwrap();
        assert_eq!(s.select, Some(vec!["all".to_string()]));
        assert_eq!(s.target_version, Some((3, 12)));
        assert!(s.path.unwrap().ends_with("pkg/sturdy.toml"));
    }
}
