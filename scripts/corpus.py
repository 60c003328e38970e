#!/usr/bin/env python3
"""The reference corpus: run sturdy on 15 pinned real projects (and optionally this
machine's site-packages), check what it wrote, and count what each codemod did.

For every project in PROJECTS the pinned sdist is downloaded once into a cache
directory (``pip download --no-binary NAME --no-deps NAME==VERSION``, verified by its
sha256), extracted, and copied afresh for each mode. sturdy runs with ``--write
--format json`` on the package's source directories only, from the sdist's root: the
rest of the sdist (tests, docs, pyproject.toml) is the project around the edited
files, where project-wide facts come from. Modes: ``default`` (the default codemod
set) and ``all`` (``--select all``).

After each run:

* every changed (or created) file must byte-compile on each available Python
  3.8-3.13 (``compile()`` in a subprocess per interpreter); a file that did not
  compile *before* the rewrite on a version is not held against that version;
* a second identical ``--write`` run must change nothing (idempotence);
* conversions are counted per codemod by comparing the ``ast`` of each changed file
  before and after (classes that lost ``__del__`` or gained a finalizer, classes that
  gained a ``Protocol`` base, annotations that became ``Annotated[...]``, calls of the
  dispatch helper, added ``gc.freeze()``/``disable()``/``enable()`` calls);
* skipped candidates come from the JSON diagnostics, grouped into reason classes
  (identifiers, quoted text, paths and numbers replaced by placeholders).

Usage:
    python3 scripts/corpus.py                         # 15 projects, both modes
    python3 scripts/corpus.py --site-packages         # ... plus site-packages, one run per package
    python3 scripts/corpus.py --only redis,kombu --keep /tmp/out
    python3 scripts/corpus.py --json new.json --compare old.json
    python3 scripts/corpus.py --load new.json --list-conversions   # report from saved numbers

The report (markdown) goes to stdout; progress to stderr. Exit status: 0, or 1 when a
changed file failed to compile, a second run changed something, or sturdy crashed.
Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import ast
import collections
import datetime
import difflib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

# The reference corpus (issue 12). `src` are the package's source directories inside
# the sdist, relative to its top directory: the paths sturdy is run on (the edit set).
PROJECTS = [
    # key, PyPI name, version, sha256 of the sdist, source directories
    ("redis", "redis", "8.2.0",
     "58b1493d83ba8f0e3ffe6bd781194ca5c01c91267ae03d29c1087b0b3c7d79c9", ["redis"]),
    ("kombu", "kombu", "5.7.0",
     "31e62fdfd2381caa3422f8e02b84a491d9a2180ddda74507b57f4cb1e1c2c2c9", ["kombu"]),
    ("pyzmq", "pyzmq", "27.3.0",
     "bbedb3d1d99babc625f1dd9d7438acefd442b36b75073fd6bc1ef7c0a4b96d56", ["zmq"]),
    ("psycopg", "psycopg", "3.3.9",
     "87c1d85c3e0e88e811d3c0b3808f947bd967c6faf34af6cd86fd021f77793d6c", ["psycopg"]),
    ("tornado", "tornado", "6.6.1",
     "28e6311402af59c8b02e3fa0f5e7d8eb465b25081381803b127d97e6a4395d5a", ["tornado"]),
    ("pyserial", "pyserial", "3.5",
     "3c77e014170dfffbd816e6ffc205e9842efb10be9f58ec16d3e8675b4925cddb", ["serial"]),
    ("distributed", "distributed", "2026.8.0",
     "6f55008ecacf96ba945309fc12e680544764995e27bd63cc5e109afb97d7044d", ["distributed"]),
    ("pymongo", "pymongo", "4.20.1",
     "1ac112b3ffa3d010cfc2fc54e3ae677a12c63d18c6115db4451df64f1a1175eb", ["bson", "gridfs", "pymongo"]),
    ("httpx", "httpx", "0.29.0",
     "700928ee6c1f4213795e67c47eba8f8553639069fea89199f71d654e38edc593", ["httpx"]),
    ("fsspec", "fsspec", "2026.9.0",
     "0f08147951c8cb31d844c3547d631053b127863b60be04cf06e121333ee0e2fe", ["fsspec"]),
    ("pyusb", "pyusb", "1.3.1",
     "3af070b607467c1c164f49d5b0caabe8ac78dbed9298d703a8dbf9df4052d17e", ["usb"]),
    ("aiohttp", "aiohttp", "3.14.5",
     "5558a7f5a05af9ecf744af91e5baefc436f93c9333e656c27ec253f9a6bbe178", ["aiohttp"]),
    ("pillow", "pillow", "13.0.0",
     "cdcd1ba258178f7356d74170c9a81ba4eab6a5d55748bc402a5a2a6fe6be3510", ["src/PIL"]),
    ("psutil", "psutil", "7.2.2",
     "0746f5f8d406af344fd547f1c8daa5f5c33dbc293bb8d6a16d80b4bb88f59372", ["psutil"]),
    ("sqlalchemy", "sqlalchemy", "2.1.9",
     "d700a8b2edfb26282a470333d6bc4a454c4acda4d201a3bea7b72fa76c217d28", ["lib/sqlalchemy"]),
]

MODES = {"default": [], "all": ["--select", "all"]}
PYTHONS = ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13"]
CODEMODS = [
    "del-to-finalize",
    "abc-to-protocol",
    "signature-dispatch",
    "gc-freeze-prefork",
    "annotated-metadata",
]
DISPATCH_HELPER = "dispatch_by_signature"
REPO = Path(__file__).resolve().parent.parent
SOURCE_SUFFIXES = (".py", ".pyi")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- sdists


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sdist_name_matches(filename: str, name: str, version: str) -> bool:
    norm = re.sub(r"[-_.]+", "_", name).lower()
    stem = re.sub(r"[-_.]+", "_", filename).lower()
    ver = re.sub(r"[-_.]+", "_", version).lower()
    return stem.startswith(f"{norm}_{ver}_") and filename.endswith((".tar.gz", ".zip", ".tar.bz2"))


def fetch_sdist(cache: Path, name: str, version: str, digest: str) -> Path:
    """The pinned sdist from the cache, downloading it with pip when missing."""
    cache.mkdir(parents=True, exist_ok=True)
    found = [p for p in cache.iterdir() if sdist_name_matches(p.name, name, version)]
    if not found:
        log(f"corpus: downloading {name}=={version} (pip download) ...")
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            # `--no-binary NAME`, not `:all:`: the sdist's build dependencies (pip
            # prepares its metadata) may then come as wheels, which is much faster.
            cmd = [sys.executable, "-m", "pip", "download", "--no-binary", name,
                   "--no-deps", f"{name}=={version}", "-d", tmp, "-q"]
            r = subprocess.run(cmd, capture_output=True, text=True)
            got = [p for p in Path(tmp).iterdir() if sdist_name_matches(p.name, name, version)]
            if r.returncode != 0 or not got:
                raise SystemExit(f"corpus: `{' '.join(cmd)}` failed:\n{r.stdout}{r.stderr}")
            dest = cache / got[0].name
            shutil.move(str(got[0]), dest)
            found = [dest]
    path = found[0]
    actual = sha256(path)
    if digest and actual != digest:
        raise SystemExit(
            f"corpus: {path}: sha256 {actual} does not match the pinned {digest}; "
            f"delete the file to download it again, or update PROJECTS in {__file__}"
        )
    if not digest:
        log(f"corpus: warning: no sha256 pinned for {name}=={version}; it is {actual}")
    return path


def extract(archive: Path, dest: Path) -> Path:
    """Extract an sdist into `dest` and return its single top directory."""
    dest.mkdir(parents=True, exist_ok=True)
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as z:
            z.extractall(dest)
    else:
        with tarfile.open(archive) as t:
            if hasattr(tarfile, "data_filter"):
                t.extractall(dest, filter="data")
            else:
                t.extractall(dest)
    tops = [p for p in dest.iterdir()]
    return tops[0] if len(tops) == 1 and tops[0].is_dir() else dest


# --------------------------------------------------------------------------- pythons


CHECKER = r"""
import json, sys, warnings
warnings.simplefilter("ignore")
out = {}
for p in json.load(sys.stdin):
    try:
        with open(p, "rb") as f:
            src = f.read()
        compile(src, p, "exec", dont_inherit=True)
        out[p] = None
    except BaseException as e:  # SyntaxError, ValueError (NUL bytes), RecursionError, ...
        line = getattr(e, "lineno", None)
        out[p] = "%s%s: %s" % (type(e).__name__, " (line %s)" % line if line else "",
                               getattr(e, "msg", None) or e)
json.dump(out, sys.stdout)
"""


def find_pythons() -> dict[str, str]:
    """Version -> interpreter path, for each of PYTHONS that runs here."""
    found = {}
    pyenv = Path(os.environ.get("PYENV_ROOT", "~/.pyenv")).expanduser() / "versions"
    for v in PYTHONS:
        # A pyenv shim only works for the versions `pyenv global` names: try the
        # interpreters pyenv installed too.
        candidates = [shutil.which(f"python{v}")]
        candidates += sorted(map(str, pyenv.glob(f"{v}.*/bin/python{v}")), reverse=True)
        for exe in filter(None, candidates):
            real = run_version(exe, v)
            if real:
                found[v] = real
                break
    return found


def run_version(exe: str, v: str) -> str | None:
    """The real interpreter behind `exe` (not a pyenv shim) if it runs and is Python `v`."""
    code = "import sys; print(sys.executable); print('%d.%d' % sys.version_info[:2])"
    try:
        r = subprocess.run([exe, "-c", code], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = r.stdout.split()
    return lines[0] if r.returncode == 0 and len(lines) == 2 and lines[1] == v else None


def compile_all(python: str, paths: list[str]) -> dict[str, str | None]:
    """Compile each file with `python`; path -> None or the error."""
    if not paths:
        return {}
    r = subprocess.run(
        [python, "-I", "-c", CHECKER], input=json.dumps(paths), capture_output=True, text=True
    )
    try:
        return json.loads(r.stdout)
    except json.JSONDecodeError:
        err = (r.stderr.strip().splitlines() or ["no output"])[-1]
        return {p: f"checker failed: {err}" for p in paths}


# --------------------------------------------------------------------------- reasons


_LOCATION = re.compile(r"[\w./\\-]+\.pyi?(?::\d+){0,2}\b")
_PATH = re.compile(r"(?<![\w`])(?:[\w.-]+/)+[\w.-]+")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^'\s]*'")
_CLASS = re.compile(r"\((class|def|function) [\w.]+\)")
_NUMBER = re.compile(r"(?<![\w-])\d+\b")  # not the 8 of UTF-8


# Backticked text that names the same thing in every message: kept in reason classes.
_KEEP = {
    "super()", "self", "ABC", "ABCMeta", "Protocol", "runtime_checkable", "@runtime_checkable",
    "typing", "typing_extensions", "Annotated", "Annotated[...]", "weakref", "weakref.finalize",
    "gc", "gc.freeze()", "gc.disable()", "gc.enable()", "os.fork()", "abstractmethod",
    "@abstractmethod", "@dataclass", "*args", "**kwargs", "**", "isinstance()", "issubclass()",
    ".register()", "inspect.signature", "default_factory", "default=", "kw_only=True",
    DISPATCH_HELPER,
}
_METADATA = {"Query", "Path", "Body", "Header", "Cookie", "Form", "File", "Depends", "Security", "Field"}


def _generic(m: re.Match) -> str:
    t = m.group(1)
    if t in _KEEP or re.fullmatch(r"__\w+__", t):
        return f"`{t}`"
    if re.fullmatch(r"self\.\w+\(\)", t):
        return "`self.X()`"
    if re.fullmatch(r"self\.\w+", t):
        return "`self.X`"
    call = re.fullmatch(r"(\w+)\(\.\.\.\)", t)
    if call:
        return f"`{call.group(1)}(...)`" if call.group(1) in _METADATA else "`X(...)`"
    return "`X`"


def reason_class(message: str) -> str:
    """A skip message with its specifics replaced, so equal reasons aggregate."""
    s = re.sub(r"`([^`]*)`", _generic, message)
    s = _LOCATION.sub("PATH:N", s)
    s = _PATH.sub("PATH", s)
    s = _CLASS.sub(r"(\1 X)", s)
    s = _QUOTED.sub("'X'", s)
    s = _NUMBER.sub("N", s)
    s = re.sub(r"(`X`(, | and | or |/))+`X`", "`X`…", s)  # lists of names
    return re.sub(r"\s+", " ", s).strip()


# --------------------------------------------------------------------------- conversions


def _own_nodes(node: ast.AST):
    """Nodes inside `node`'s body, not descending into nested classes/functions."""
    stack = list(ast.iter_child_nodes(node))
    while stack:
        n = stack.pop()
        yield n
        if not isinstance(n, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(n))


def _walk_class(node: ast.ClassDef):
    """Every node in a class's body and its methods, not in nested classes."""
    stack = list(node.body)
    while stack:
        n = stack.pop()
        yield n
        if not isinstance(n, ast.ClassDef):
            stack.extend(ast.iter_child_nodes(n))


def _scopes(tree: ast.AST):
    """(qualname, node) for the module and every class and function, with an index for
    repeated names (conditional definitions)."""
    seen: collections.Counter = collections.Counter()
    out = []

    def visit(node, prefix):
        for child in _own_nodes(node):
            if isinstance(child, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                q = f"{prefix}{child.name}"
                seen[q] += 1
                key = q if seen[q] == 1 else f"{q}#{seen[q]}"
                out.append((key, child))
                inner = f"{q}." if isinstance(child, ast.ClassDef) else f"{q}.<locals>."
                visit(child, inner)

    out.append(("<module>", tree))
    visit(tree, "")
    return out


def _unparse(node) -> str:
    try:
        return ast.unparse(node)
    except Exception:  # noqa: BLE001 - best effort
        return "?"


def _is_annotated(ann) -> bool:
    return isinstance(ann, ast.Subscript) and _unparse(ann.value).split(".")[-1] == "Annotated"


def _meta_name(ann) -> str:
    """`Query` for `Annotated[str, Query(...)]`."""
    s = ann.slice
    items = s.elts if isinstance(s, ast.Tuple) else [s]
    last = items[-1] if items else None
    if isinstance(last, ast.Call):
        return _unparse(last.func)
    return _unparse(last) if last is not None else "?"


def _field_call(value) -> str | None:
    """`Field` when a class field's value is a `Field(...)` call (any spelling)."""
    if isinstance(value, ast.Call) and _call_name(value) == "Field":
        return "Field"
    return None


def _call_name(call: ast.Call) -> str:
    f = call.func
    if isinstance(f, ast.Name):
        return f.id
    if isinstance(f, ast.Attribute):
        return f.attr
    return ""


def _facts(tree: ast.AST) -> dict:
    """What attribution compares, per scope key."""
    classes, params, fields, dispatch, gccalls, helpers = {}, {}, {}, {}, {}, set()
    for key, node in _scopes(tree):
        own = list(_own_nodes(node))
        if isinstance(node, ast.ClassDef):
            methods = [n for n in own if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
            finalizers = sum(
                1 for c in _walk_class(node) if isinstance(c, ast.Call) and _call_name(c) == "finalize"
            )
            bases = [_unparse(b) for b in node.bases]
            classes[key] = {
                "line": node.lineno,
                "has_del": any(m.name == "__del__" for m in methods),
                "finalizers": finalizers,
                "protocol": any(re.search(r"(^|\.)Protocol(\[|$)", b) for b in bases),
                "runtime_checkable": any(
                    _unparse(d).split(".")[-1] == "runtime_checkable" for d in node.decorator_list
                ),
            }
            for n in node.body:
                if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name):
                    fields[(key, n.target.id)] = (
                        n.lineno, n.annotation, _unparse(n.annotation), _field_call(n.value)
                    )
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.name == DISPATCH_HELPER:
                helpers.add(key)
            a = node.args
            for arg in a.posonlyargs + a.args + a.kwonlyargs:
                if arg.annotation is not None:
                    params[(key, arg.arg)] = (arg.lineno, arg.annotation, _unparse(arg.annotation))
        for n in own:
            if isinstance(n, ast.Call):
                name = _call_name(n)
                if name == DISPATCH_HELPER and n.args:
                    callee = _unparse(n.args[0])
                    dispatch.setdefault((key, callee), []).append(n.lineno)
                elif (
                    name in ("freeze", "disable", "enable")
                    and isinstance(n.func, ast.Attribute)
                    and isinstance(n.func.value, ast.Name)
                    and not n.args
                ):
                    gccalls.setdefault((key, f"{_unparse(n.func)}()"), []).append(n.lineno)
        if isinstance(node, ast.Module):
            for n in node.body:
                if isinstance(n, ast.ImportFrom) and any(a.name == DISPATCH_HELPER for a in n.names):
                    helpers.add(f"import from {n.module}")
    return {
        "classes": classes, "params": params, "fields": fields,
        "dispatch": dispatch, "gc": gccalls, "helpers": helpers,
    }


def _line_map(old: str, new: str):
    """New line number (1-based) -> the corresponding old line."""
    sm = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    ops = sm.get_opcodes()

    def to_old(j: int) -> int:
        j0 = j - 1
        for tag, i1, i2, j1, j2 in ops:
            if j1 <= j0 < j2:
                return i1 + (j0 - j1) + 1 if tag == "equal" else i1 + 1
        return len(old.splitlines()) + 1

    return to_old


def attribute(old: str, new: str) -> tuple[list[dict], str | None]:
    """The conversions that turned `old` into `new`: dicts with codemod, line (in the
    old text), name and detail. Returns an error message when a text does not parse."""
    try:
        a = _facts(ast.parse(old)) if old else _facts(ast.parse(""))
        b = _facts(ast.parse(new))
    except (SyntaxError, ValueError, RecursionError) as e:
        return [], f"{type(e).__name__}: {e}"
    to_old = _line_map(old, new)
    out = []
    for key, c in b["classes"].items():
        o = a["classes"].get(key)
        if o is None:
            continue
        if (o["has_del"] and not c["has_del"]) or c["finalizers"] > o["finalizers"]:
            shape = "__del__ removed" if o["has_del"] and not c["has_del"] else "finalizer added"
            out.append(dict(codemod="del-to-finalize", line=o["line"], name=key, detail=shape))
        if c["protocol"] and not o["protocol"]:
            detail = "@runtime_checkable" if c["runtime_checkable"] and not o["runtime_checkable"] else ""
            out.append(dict(codemod="abc-to-protocol", line=o["line"], name=key, detail=detail))
    for kind in ("params", "fields"):
        for (scope, name), (line, ann, text, *value) in b[kind].items():
            prev = a[kind].get((scope, name))
            moved = _is_annotated(ann) and (prev is None or prev[2] != text)
            # `x: int = Field()` -> `x: int`: an empty `Field()` dropped, no `Annotated`
            # (possible even where the name `Annotated` is taken).
            dropped = prev is not None and prev[3:] and prev[3] and not value[0]
            if moved or dropped:
                out.append(dict(
                    codemod="annotated-metadata", line=prev[0] if prev else to_old(line),
                    name=f"{scope}.{name}" if scope != "<module>" else name,
                    detail=_meta_name(ann) if moved else f"{prev[3]}() dropped",
                ))
    for kind, codemod in (("dispatch", "signature-dispatch"), ("gc", "gc-freeze-prefork")):
        for (scope, what), lines in b[kind].items():
            extra = len(lines) - len(a[kind].get((scope, what), []))
            for line in lines[len(lines) - extra:] if extra > 0 else []:
                out.append(dict(codemod=codemod, line=to_old(line), name=scope, detail=what))
    for h in sorted(b["helpers"] - a["helpers"]):
        out.append(dict(codemod="signature-dispatch", line=0, name=h, detail="helper", helper=True))
    return out, None


def guess_codemods(old: str, new: str) -> list[str]:
    """For a file the host Python cannot parse: which codemods the diff looks like."""
    added = "\n".join(
        l for l in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
        if l.startswith("+") and not l.startswith("+++")
    )
    hits = {
        "del-to-finalize": "finalize(",
        "abc-to-protocol": "Protocol",
        "signature-dispatch": DISPATCH_HELPER,
        "gc-freeze-prefork": "gc.",
        "annotated-metadata": "Annotated[",
    }
    return [c for c, token in hits.items() if token in added] or ["?"]


# --------------------------------------------------------------------------- runs


def source_files(root: Path, rels: list[str]):
    """Every *.py/*.pyi under the run's paths, relative to `root`."""
    for rel in rels:
        base = root / rel
        if base.is_file():
            yield rel
            continue
        for dirpath, _dirs, files in os.walk(base):
            for f in files:
                if f.endswith(SOURCE_SUFFIXES):
                    yield os.path.relpath(os.path.join(dirpath, f), root)


def run_sturdy(sturdy: str, cwd: Path, paths: list[str], mode_args: list[str], jobs: int) -> dict:
    cmd = [sturdy, "--write", "--format", "json", "--jobs", str(jobs), *mode_args, *paths]
    t = time.monotonic()
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    seconds = time.monotonic() - t
    try:
        files = json.loads(r.stdout)["files"]  # JSON output version 1
    except (json.JSONDecodeError, TypeError, KeyError):
        files = None
    m = re.search(r"sturdy: (\d+) files? scanned", r.stderr)
    return {
        "rc": r.returncode, "files": files, "seconds": seconds,
        "scanned": int(m.group(1)) if m else None,
        "stderr": r.stderr[-2000:],
    }


def changed_files(pristine: Path, work: Path, rels: list[str], expect: dict[str, bytes] | None = None):
    """Files under the run's paths whose content differs from `expect` (path -> bytes,
    else the pristine copy). Returns {rel: (old_bytes, new_bytes)}."""
    out = {}
    for rel in source_files(work, rels):
        w = work / rel
        if expect is not None and rel in expect:
            old = expect[rel]
        else:
            p = pristine / rel
            try:
                ps, ws = p.stat(), w.stat()
                if ps.st_size == ws.st_size and ps.st_mtime_ns == ws.st_mtime_ns:
                    continue  # copy2 keeps mtimes; sturdy writes a new file
                old = p.read_bytes()
            except FileNotFoundError:
                old = b""  # created by the run
        new = w.read_bytes()
        if new != old:
            out[rel] = (old, new)
    return out


def decode(b: bytes) -> str:
    if b.startswith(b"\xef\xbb\xbf"):
        b = b[3:]
    return b.decode("utf-8", errors="surrogateescape")


def check_run(
    *, project: str, version: str, kind: str, mode: str, pristine: Path, work: Path,
    rels: list[str], prefix: str, args, pythons: dict[str, str],
) -> dict:
    """One sturdy run on a fresh copy in `work`, with every check."""
    first = run_sturdy(args.sturdy, work, rels, MODES[mode], args.jobs)
    result = {
        "project": project, "version": version, "kind": kind, "mode": mode,
        "paths": rels, "rc": first["rc"], "seconds": round(first["seconds"], 3),
        "scanned": first["scanned"], "changed_files": [], "conversions": [],
        "diagnostics": [], "errors": [], "suppressed": 0, "compile_failures": [],
        "not_idempotent": [], "unattributed": [], "crash": None,
    }
    if first["files"] is None:
        result["crash"] = f"exit {first['rc']}, no JSON output: {first['stderr'].strip()[-500:]}"
        return result
    for f in first["files"]:
        path = f"{prefix}{f['path']}"
        for d in f.get("diagnostics", []):
            if d["severity"] == "error":
                continue  # the file's errors, also in f["errors"]
            result["diagnostics"].append({
                "path": path, "line": d["start"]["line"], "codemod": d["codemod"],
                "message": d["message"], "reason": reason_class(d["message"]),
            })
        result["suppressed"] += len(f.get("suppressed", []))
        for e in f.get("errors", []):
            where = ":".join(str(x) for x in (path, e["line"], e["column"]) if x is not None)
            msg = f"{where}: error: {e['message']}"
            result["errors"].append({"path": path, "message": msg, "reason": reason_class(e["message"])})

    changed = changed_files(pristine, work, rels)
    result["changed_files"] = sorted(f"{prefix}{r}" for r in changed)
    per_file_codemods: dict[str, list[str]] = {}
    for rel, (old, new) in sorted(changed.items()):
        items, err = attribute(decode(old), decode(new))
        if err is not None:
            cms = guess_codemods(decode(old), decode(new))
            result["unattributed"].append({"path": f"{prefix}{rel}", "why": err, "codemods": cms})
        else:
            cms = sorted({i["codemod"] for i in items}) or ["?"]
            if not items:
                result["unattributed"].append(
                    {"path": f"{prefix}{rel}", "why": "no conversion recognised in the change", "codemods": cms}
                )
        per_file_codemods[rel] = cms
        for i in items:
            i["path"] = f"{prefix}{rel}"
            result["conversions"].append(i)

    # Compile every changed file on each Python, before (pristine) and after.
    if changed:
        rels_sorted = sorted(changed)
        with tempfile.TemporaryDirectory() as tmp:
            before_paths = []
            for i, rel in enumerate(rels_sorted):
                old = changed[rel][0]
                if old:
                    p = Path(tmp) / f"{i}.py"
                    p.write_bytes(old)
                    before_paths.append((rel, str(p)))
            for v, exe in pythons.items():
                before = compile_all(exe, [p for _, p in before_paths])
                ok_before = {rel for rel, p in before_paths if before.get(p) is None}
                after = compile_all(exe, [str(work / r) for r in rels_sorted])
                for rel in rels_sorted:
                    created = not changed[rel][0]
                    if not created and rel not in ok_before:
                        continue  # did not compile before on this version
                    err = after.get(str(work / rel))
                    if err is not None:
                        result["compile_failures"].append({
                            "path": f"{prefix}{rel}", "python": v, "error": err,
                            "codemods": per_file_codemods.get(rel, ["?"]),
                        })

    # Idempotence: the same run again changes nothing.
    second = run_sturdy(args.sturdy, work, rels, MODES[mode], args.jobs)
    after_first = {rel: new for rel, (_old, new) in changed.items()}
    again = changed_files(pristine, work, rels, expect=after_first)
    for rel, (old, new) in sorted(again.items()):
        items, _err = attribute(decode(old), decode(new))
        cms = sorted({i["codemod"] for i in items}) or guess_codemods(decode(old), decode(new))
        diff = "".join(
            list(difflib.unified_diff(
                decode(old).splitlines(True), decode(new).splitlines(True),
                f"a/{rel}", f"b/{rel}", n=1,
            ))[:12]
        )
        result["not_idempotent"].append({"path": f"{prefix}{rel}", "codemods": cms, "diff": diff})
    if second["files"] is None:
        result["crash"] = f"second run: exit {second['rc']}, no JSON: {second['stderr'].strip()[-500:]}"
    return result


def copy_tree(src: Path, dst: Path, only_sources: bool = False) -> None:
    def ignore(d, names):
        if not only_sources:
            return []
        keep = []
        for n in names:
            p = os.path.join(d, n)
            if os.path.isdir(p) and not os.path.islink(p):
                keep.append(n)
            elif n.endswith(SOURCE_SUFFIXES) or n in ("py.typed", "pyproject.toml", "setup.cfg", "setup.py"):
                keep.append(n)
        return [n for n in names if n not in keep or n == "__pycache__"]

    shutil.copytree(src, dst, symlinks=True, ignore=ignore)


def site_packages_targets(only: set[str] | None) -> list[tuple[Path, str]]:
    """(site-packages dir, top-level entry) for every top-level package or module."""
    out = []
    code = "import site, json; print(json.dumps(site.getsitepackages()))"
    dirs = json.loads(subprocess.run(["python3", "-c", code], capture_output=True, text=True).stdout)
    for d in map(Path, dirs):
        if not d.is_dir():
            continue
        for entry in sorted(d.iterdir(), key=lambda p: p.name):
            n = entry.name
            if n.endswith((".dist-info", ".egg-info", ".data")) or n == "__pycache__" or n.startswith("."):
                continue
            if entry.is_dir():
                if not any(True for _ in source_files(d, [n])):
                    continue
            elif not n.endswith(SOURCE_SUFFIXES):
                continue
            key = n.rsplit(".", 1)[0] if entry.is_file() else n
            if only and key not in only and n not in only:
                continue
            out.append((d, n))
    return out


def run_corpus(args) -> dict:
    only = set(args.only.split(",")) if args.only else None
    if only and not args.site_packages:
        unknown = only - {k for k, *_ in PROJECTS} - {n for _k, n, *_ in PROJECTS}
        if unknown:
            raise SystemExit(
                f"corpus: unknown project(s) {', '.join(sorted(unknown))}; choose from "
                f"{', '.join(k for k, *_ in PROJECTS)} (or add --site-packages for site-packages entries)"
            )
    modes = args.modes.split(",")
    for m in modes:
        if m not in MODES:
            raise SystemExit(f"corpus: unknown mode {m!r}; choose from {', '.join(MODES)}")
    pythons = find_pythons()
    log(f"corpus: Pythons for the compile check: {', '.join(pythons) or 'none'}")
    version = subprocess.run([args.sturdy, "--version"], capture_output=True, text=True).stdout.strip()
    listing = subprocess.run([args.sturdy, "--list"], capture_output=True, text=True).stdout
    selected = {
        "default": [l.split()[0] for l in listing.splitlines() if "[default]" in l],
        "all": [l.split()[0] for l in listing.splitlines() if l.strip()],
    }
    commit = subprocess.run(
        ["git", "-C", str(Path(args.sturdy).resolve().parent), "describe", "--always", "--dirty"],
        capture_output=True, text=True,
    ).stdout.strip()
    data = {
        "meta": {
            "date": datetime.datetime.now().isoformat(timespec="seconds"),
            "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
            "sturdy": args.sturdy, "sturdy_version": version, "commit": commit,
            "pythons": sorted(pythons, key=lambda v: tuple(map(int, v.split(".")))), "modes": modes, "selected": selected,
            "projects": {k: v for k, _n, v, _h, _s in PROJECTS},
        },
        "runs": [],
    }
    keep = Path(args.keep).resolve() if args.keep else None
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
        for a in keep.parents:
            if any((a / n).is_file() for n in ("pyproject.toml", "sturdy.toml", ".sturdy.toml")):
                log(f"corpus: warning: {a} holds a configuration file that sturdy may read "
                    "for runs in the --keep directory; keep it outside any project")
                break
    with tempfile.TemporaryDirectory(prefix="sturdy-corpus-") as tmp:
        root = keep or Path(tmp)
        cache = Path(args.cache).expanduser()
        for key, name, ver, digest, src in PROJECTS:
            if only and key not in only and name not in only:
                continue
            sdist = fetch_sdist(cache, name, ver, digest)
            pristine = extract(sdist, Path(tmp) / "pristine" / key)
            missing = [s for s in src if not (pristine / s).exists()]
            if missing:
                raise SystemExit(f"corpus: {key}: source directories {missing} are not in {sdist.name}")
            for mode in modes:
                work = root / key / mode
                if work.exists():
                    shutil.rmtree(work)
                copy_tree(pristine, work)
                log(f"corpus: {key} {ver} [{mode}] ...")
                r = check_run(
                    project=key, version=ver, kind="sdist", mode=mode, pristine=pristine, work=work,
                    rels=src, prefix=f"{key}/", args=args, pythons=pythons,
                )
                data["runs"].append(r)
                log_run(r)
                if not keep:
                    shutil.rmtree(work)
        if args.site_packages:
            targets = site_packages_targets(only)
            log(f"corpus: site-packages: {len(targets)} top-level packages and modules")
            for sp, entry in targets:
                for mode in modes:
                    work = root / "site-packages" / mode
                    work.mkdir(parents=True, exist_ok=True)
                    dst = work / entry
                    if dst.exists():
                        shutil.rmtree(dst) if dst.is_dir() else dst.unlink()
                    if (sp / entry).is_dir():
                        copy_tree(sp / entry, dst, only_sources=True)
                    else:
                        shutil.copy2(sp / entry, dst)
                    r = check_run(
                        project=f"site-packages/{entry}", version="", kind="site-packages", mode=mode,
                        pristine=sp, work=work, rels=[entry], prefix="site-packages/", args=args,
                        pythons=pythons,
                    )
                    data["runs"].append(r)
                    if r["conversions"] or r["compile_failures"] or r["not_idempotent"] or r["crash"]:
                        log_run(r)
                    if not keep:
                        shutil.rmtree(dst) if dst.is_dir() else dst.unlink()
    return data


def log_run(r: dict) -> None:
    log(
        f"corpus:   {r['project']} [{r['mode']}]: {r['scanned']} scanned, "
        f"{len(r['changed_files'])} changed, "
        f"{sum(1 for c in r['conversions'] if not c.get('helper'))} conversions, "
        f"{len(r['diagnostics'])} skipped, {len(r['errors'])} errors, "
        f"{len(r['compile_failures'])} compile failures, {len(r['not_idempotent'])} not idempotent"
        + (f", CRASH: {r['crash']}" if r["crash"] else "")
        + f" ({r['seconds']:.1f}s)"
    )


# --------------------------------------------------------------------------- report


def summarize(data: dict) -> dict:
    """mode -> codemod -> counts and reasons (what --compare compares)."""
    out = {}
    for r in data["runs"]:
        m = out.setdefault(r["mode"], {
            "codemods": {}, "files_changed": 0, "scanned": 0, "errors": collections.Counter(),
            "compile_failures": 0, "not_idempotent": 0, "crashes": 0, "unattributed": 0,
        })
        m["files_changed"] += len(r["changed_files"])
        m["scanned"] += r["scanned"] or 0
        m["compile_failures"] += len(r["compile_failures"])
        m["not_idempotent"] += len(r["not_idempotent"])
        m["crashes"] += 1 if r["crash"] else 0
        m["unattributed"] += len(r["unattributed"])
        for e in r["errors"]:
            # Recomputed from the message, so runs saved by an older script compare.
            m["errors"][reason_class(e["message"].split(": error: ", 1)[-1])] += 1

        def cm(name):
            return m["codemods"].setdefault(name, {
                "converted": 0, "files": set(), "helpers": 0, "skipped": 0,
                "converted_pyi": 0, "skipped_pyi": 0,
                "reasons": collections.Counter(), "projects": collections.Counter(),
            })

        for c in r["conversions"]:
            x = cm(c["codemod"])
            if c.get("helper"):
                x["helpers"] += 1
            else:
                x["converted"] += 1
                x["converted_pyi"] += c["path"].endswith(".pyi")
                x["projects"][r["project"]] += 1
            x["files"].add(c["path"])
        for d in r["diagnostics"]:
            x = cm(d["codemod"])
            x["skipped"] += 1
            x["skipped_pyi"] += d["path"].endswith(".pyi")
            x["reasons"][reason_class(d["message"])] += 1
    for m in out.values():
        for x in m["codemods"].values():
            x["files"] = len(x["files"])
    return out


def ordered(codemods):
    return sorted(codemods, key=lambda c: (CODEMODS.index(c) if c in CODEMODS else 99, c))


def short(s: str, n: int = 150) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def report(data: dict, args, out=sys.stdout) -> None:
    p = lambda *a: print(*a, file=out)  # noqa: E731
    meta = data["meta"]
    p("# sturdy reference corpus\n")
    p(f"- date: {meta['date']}")
    p(f"- sturdy: `{meta['sturdy']}` ({meta['sturdy_version']}, commit {meta['commit'] or '?'})")
    p(f"- command: `{meta['command']}`")
    p(f"- compile check on Python {', '.join(meta['pythons']) or '(none found)'}")
    p("- conversions are counted from the `ast` of each changed file before and after; "
      "skip reasons are the JSON diagnostics with names, paths and numbers replaced\n")

    runs = data["runs"]
    modes = meta["modes"]
    p("## Projects\n")
    p("| project | version | mode | files scanned | files changed | conversions | skipped | "
      "errors | compile failures | not idempotent | seconds |")
    p("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    sp = collections.defaultdict(lambda: collections.Counter())
    for r in runs:
        conv = sum(1 for c in r["conversions"] if not c.get("helper"))
        row = [len(r["changed_files"]), conv, len(r["diagnostics"]), len(r["errors"]),
               len(r["compile_failures"]), len(r["not_idempotent"])]
        if r["kind"] == "site-packages":
            s = sp[r["mode"]]
            s["runs"] += 1
            s["scanned"] += r["scanned"] or 0
            for k, v in zip(["changed", "conv", "skipped", "errors", "cf", "ni"], row):
                s[k] += v
            s["seconds"] += r["seconds"]
            continue
        crash = " **crash**" if r["crash"] else ""
        p(f"| {r['project']}{crash} | {r['version']} | {r['mode']} | {r['scanned']} | "
          + " | ".join(map(str, row)) + f" | {r['seconds']:.1f} |")
    for mode, s in sp.items():
        p(f"| site-packages ({s['runs']} packages) | | {mode} | {s['scanned']} | {s['changed']} | "
          f"{s['conv']} | {s['skipped']} | {s['errors']} | {s['cf']} | {s['ni']} | {s['seconds']:.1f} |")
    p("")

    summary = summarize(data)
    for mode in modes:
        if mode not in summary:
            continue
        m = summary[mode]
        for name in meta.get("selected", {}).get(mode, []):
            m["codemods"].setdefault(name, {
                "converted": 0, "files": 0, "helpers": 0, "skipped": 0,
                "converted_pyi": 0, "skipped_pyi": 0,
                "reasons": collections.Counter(), "projects": collections.Counter(),
            })
        p(f"## Codemods, mode `{mode}`\n")
        p(f"{m['scanned']} files scanned, {m['files_changed']} changed.\n")
        p("| codemod | converted | of which in .pyi | files changed | skipped | of which in .pyi "
          "| converted by project |")
        p("|---|---:|---:|---:|---:|---:|---|")
        for name in ordered(m["codemods"]):
            x = m["codemods"][name]
            conv = f"{x['converted']} sites" if name == "signature-dispatch" else str(x["converted"])
            if name == "signature-dispatch" and x["helpers"]:
                conv += f" (+{x['helpers']} helpers)"
            by = ", ".join(f"{k} {v}" for k, v in x["projects"].most_common())
            p(f"| {name} | {conv} | {x['converted_pyi']} | {x['files']} | {x['skipped']} | "
              f"{x['skipped_pyi']} | {by} |")
        p("")
        for name in ordered(m["codemods"]):
            x = m["codemods"][name]
            if not x["reasons"]:
                continue
            p(f"### {name}: top skip reasons ({x['skipped']} skipped, {len(x['reasons'])} reason classes)\n")
            p("| count | reason |")
            p("|---:|---|")
            for reason, n in x["reasons"].most_common(args.top):
                cell = short(reason, 220).replace("|", "\\|")
                p(f"| {n} | {cell} |")
            rest = sum(x["reasons"].values()) - sum(n for _, n in x["reasons"].most_common(args.top))
            if rest:
                p(f"| {rest} | (other reasons) |")
            p("")
        if m["errors"]:
            p(f"### File errors, mode `{mode}`\n")
            for reason, n in m["errors"].most_common(args.top):
                p(f"- {n} × {short(reason, 200)}")
            p("")

    p("## Problems\n")
    problems = False
    for r in runs:
        grouped: dict = {}
        for f in r["compile_failures"]:
            grouped.setdefault((f["path"], ", ".join(f["codemods"]), f["error"]), []).append(f["python"])
        for (path, codemods, error), versions in grouped.items():
            problems = True
            p(f"- **does not compile** on Python {', '.join(versions)} [{r['mode']}]: `{path}` "
              f"({codemods}): {error}")
        for f in r["not_idempotent"]:
            problems = True
            p(f"- **not idempotent** [{r['mode']}]: `{f['path']}` ({', '.join(f['codemods'])}); second run:")
            p("\n```diff\n" + f["diff"].rstrip("\n") + "\n```\n")
        if r["crash"]:
            problems = True
            p(f"- **sturdy failed** on {r['project']} [{r['mode']}]: {r['crash']}")
    if not problems:
        p("Every changed file compiles on every Python it compiled on before, and every second "
          "run changed nothing.")
    unattributed = [(r, u) for r in runs for u in r["unattributed"]]
    if unattributed:
        p("\nChanged files without a recognised conversion (counted under the codemods guessed "
          "from the diff, not in the tables above):\n")
        for r, u in unattributed:
            p(f"- [{r['mode']}] `{u['path']}` ({', '.join(u['codemods'])}): {u['why']}")
    p("")

    if args.list_conversions:
        p("## Conversions\n")
        p("Lines refer to the original file; `name` is the class, the parameter or field "
          "(`scope.name`), or the function holding the call.\n")
        for mode in modes:
            items = [c for r in runs if r["mode"] == mode for c in r["conversions"]]
            p(f"### mode `{mode}` ({len(items)})\n")
            for c in sorted(items, key=conversion_order):
                p(f"- {conversion_line(c)}")
            p("")


def conversion_order(c: dict) -> tuple:
    rank = CODEMODS.index(c["codemod"]) if c["codemod"] in CODEMODS else len(CODEMODS)
    return (rank, c["path"], c["line"])


def conversion_line(c: dict) -> str:
    if c.get("helper"):
        return f"{c['path']}  {c['codemod']}  helper added (`{c['name']}`)"
    detail = f"  ({c['detail']})" if c.get("detail") else ""
    return f"{c['path']}:{c['line']}  {c['codemod']}  `{c['name']}`{detail}"


def conversion_key(c: dict) -> tuple:
    return (c["codemod"], c["path"], c["name"], c.get("detail", ""))


def compare(old: dict, new: dict, out=sys.stdout) -> None:
    p = lambda *a: print(*a, file=out)  # noqa: E731
    so, sn = summarize(old), summarize(new)
    p("## Compared with the previous run\n")
    p(f"- before: {old['meta']['date']}, {old['meta']['sturdy_version']} "
      f"(commit {old['meta']['commit'] or '?'})")
    p(f"- after: {new['meta']['date']}, {new['meta']['sturdy_version']} "
      f"(commit {new['meta']['commit'] or '?'})")
    if old["meta"].get("projects") != new["meta"].get("projects"):
        p("- **the pinned projects differ** between the two runs; counts are not comparable one to one")
    p("")

    def delta(a, b):
        d = b - a
        return f"{a} → {b} ({'+' if d > 0 else ''}{d})" if d else f"{a}"

    for mode in sorted(set(so) | set(sn), key=lambda m: list(MODES).index(m) if m in MODES else 9):
        a, b = so.get(mode), sn.get(mode)
        if not a or not b:
            p(f"### mode `{mode}`: only in the {'new' if b else 'old'} run\n")
            continue
        p(f"### mode `{mode}`\n")
        p(f"files changed {delta(a['files_changed'], b['files_changed'])}; compile failures "
          f"{delta(a['compile_failures'], b['compile_failures'])}; not idempotent "
          f"{delta(a['not_idempotent'], b['not_idempotent'])}; file errors "
          f"{delta(sum(a['errors'].values()), sum(b['errors'].values()))}\n")
        p("| codemod | converted | skipped |")
        p("|---|---|---|")
        empty = {"converted": 0, "skipped": 0, "reasons": collections.Counter()}
        names = ordered(set(a["codemods"]) | set(b["codemods"]))
        for name in names:
            x, y = a["codemods"].get(name, empty), b["codemods"].get(name, empty)
            p(f"| {name} | {delta(x['converted'], y['converted'])} | {delta(x['skipped'], y['skipped'])} |")
        p("")
        for name in names:
            x, y = a["codemods"].get(name, empty), b["codemods"].get(name, empty)
            changes = [
                (y["reasons"][r] - x["reasons"][r], r)
                for r in set(x["reasons"]) | set(y["reasons"])
                if y["reasons"][r] != x["reasons"][r]
            ]
            if not changes:
                continue
            p(f"{name}, skip reasons that changed:\n")
            for d, r in sorted(changes, key=lambda t: (-abs(t[0]), t[1])):
                p(f"- {'+' if d > 0 else ''}{d} ({x['reasons'][r]} → {y['reasons'][r]}): {short(r, 200)}")
            p("")
        ca = {conversion_key(c): c for r in old["runs"] if r["mode"] == mode for c in r["conversions"]}
        cb = {conversion_key(c): c for r in new["runs"] if r["mode"] == mode for c in r["conversions"]}
        for title, keys, src in (("new conversions", cb.keys() - ca.keys(), cb),
                                 ("conversions no longer made", ca.keys() - cb.keys(), ca)):
            if keys:
                p(f"{title} ({len(keys)}):\n")
                for c in sorted((src[k] for k in keys), key=conversion_order):
                    p(f"- {conversion_line(c)}")
                p("")


# --------------------------------------------------------------------------- main


def main() -> int:
    if sys.version_info < (3, 9):
        raise SystemExit("corpus: needs Python 3.9+ (ast.unparse); the newest Python attributes the most files")
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--sturdy", default=str(REPO / "target" / "release" / "sturdy"),
                    help="the sturdy binary (default: target/release/sturdy of this repository)")
    ap.add_argument("--only", metavar="NAME[,NAME]",
                    help="restrict to these projects (keys of PROJECTS or site-packages entries)")
    ap.add_argument("--modes", default=",".join(MODES), help="comma-separated: default,all")
    ap.add_argument("--site-packages", action="store_true",
                    help="also run on a copy of this machine's site-packages, one run per top-level "
                         "package or module (takes a while)")
    ap.add_argument("--keep", metavar="DIR", help="keep the rewritten trees in DIR/<project>/<mode>")
    ap.add_argument("--cache", default="~/.cache/sturdy-corpus", help="where the sdists are kept")
    ap.add_argument("--jobs", type=int, default=2, help="sturdy --jobs (default 2)")
    ap.add_argument("--json", metavar="OUT", help="save the raw numbers to OUT")
    ap.add_argument("--compare", metavar="OLD.json", help="print before/after deltas against OLD.json")
    ap.add_argument("--load", metavar="RUN.json", help="do not run: report on a saved --json file")
    ap.add_argument("--list-conversions", action="store_true",
                    help="list every converted candidate (file:line, codemod, class/callee)")
    ap.add_argument("--top", type=int, default=8, help="skip reasons shown per codemod (default 8)")
    args = ap.parse_args()

    if args.load:
        data = json.loads(Path(args.load).read_text())
    else:
        if not Path(args.sturdy).is_file():
            raise SystemExit(f"corpus: no sturdy binary at {args.sturdy}; run `cargo build --release` "
                             "or pass --sturdy PATH")
        args.sturdy = str(Path(args.sturdy).resolve())
        data = run_corpus(args)
        if args.json:
            Path(args.json).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
            log(f"corpus: numbers saved to {args.json}")
    report(data, args)
    if args.compare:
        compare(json.loads(Path(args.compare).read_text()), data)
    bad = any(r["compile_failures"] or r["not_idempotent"] or r["crash"] for r in data["runs"])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
