#!/usr/bin/env python3
"""Real-world harness: do real libraries' own test suites still pass after `sturdy --write`?

For each pinned library below:

1. download its sdist from PyPI once (``pip download``), check the sha256, extract it once
   (the *pristine* tree, never written to);
2. build a venv once (reused across runs) with the library's test dependencies and the
   library itself installed from PyPI (for its metadata, entry points and runtime
   dependencies); the code under test is the extracted copy, put first on ``sys.path``
   through ``PYTHONPATH`` (checked: the import must resolve into the copy). A library with a
   C extension (regex) is built in place once and its extension modules are copied into
   every tree under test; test files an sdist does not ship (fsspec) come from the library's
   upstream repository into ``<cache>/overlays/NAME`` (fetched by hand, once: the harness
   prints the command; upstream code is not kept in this repository) and are copied in after
   the rewrite;
3. run the selected tests twice on a fresh copy of the pristine tree (the *baseline*); a test
   whose outcome differs between the two runs is reported as *flaky*, not hidden;
4. for each mode (``default``: sturdy's default codemod set; ``all``: ``--select all``) take a
   fresh copy, run ``sturdy --format json`` (dry run, for the per-codemod skip counts), then
   ``sturdy --write`` on the **source package only** (never its tests; for FastAPI its
   ``docs_src``, for pydantic its tests' models), count what changed, and run the tests again;
   a test that passed in both baseline runs and does not pass after the rewrite is a
   *regression*, listed with its first error line.

Per-test outcomes come from pytest's ``--junitxml``. The results go to ``REALWORLD.md``
(a table plus regression details) and to ``<cache>/results.json``.

Usage::

    python3 scripts/realworld.py                      # every library, both modes
    python3 scripts/realworld.py --only click,tornado  # a subset
    python3 scripts/realworld.py --quick               # smaller test selections, one baseline run
    python3 scripts/realworld.py --sturdy /path/to/other/sturdy --modes default

Only the Python standard library is used by this script; the venvs get their packages from
PyPI through pip. Nothing outside the cache directory and the output file is written.
"""

from __future__ import annotations

import argparse
import ast
import concurrent.futures
import datetime as _dt
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CODEMODS = [
    "del-to-finalize",
    "abc-to-protocol",
    "signature-dispatch",
    "gc-freeze-prefork",
    "annotated-metadata",
]
SHORT = {
    "del-to-finalize": "del",
    "abc-to-protocol": "abc",
    "signature-dispatch": "dispatch",
    "gc-freeze-prefork": "gc",
    "annotated-metadata": "annot",
}
MODES = {"default": [], "all": ["--select", "all"]}
CACHE = str(Path.home() / ".cache" / "sturdy-realworld")

# Always installed into every venv: the runner, junitxml is built in; timeouts per test.
RUNNER_DEPS = ["pytest", "pytest-timeout"]


@dataclass
class Lib:
    """One real library and how to test it."""

    name: str  # key for --only
    version: str
    sdist: str  # file name on PyPI
    sha256: str
    # Paths (relative to the sdist root) handed to sturdy: the source package only.
    rewrite: list[str]
    # Path prefixes under `rewrite` that are tests and must not be rewritten.
    exclude: list[str]
    # pytest arguments (test paths, -k/--deselect, options), relative to the sdist root.
    tests: list[str]
    # A smaller selection for --quick (defaults to `tests`).
    quick: list[str] | None = None
    # Test dependencies (pip requirement strings).
    deps: list[str] = field(default_factory=list)
    # Directories (relative to the sdist root) put first on PYTHONPATH.
    pythonpath: list[str] = field(default_factory=lambda: ["."])
    # The module whose import must resolve into the copy.
    module: str = ""
    # Further modules that must resolve into the copy too (a compiled extension, the module
    # sturdy rewrites when importing the package does not show it).
    also_modules: list[str] = field(default_factory=list)
    # A build step for a library with a C extension: arguments to the venv's python, run once
    # in a copy of the pristine tree (``<cache>/built/NAME-VERSION``, e.g. ``setup.py
    # build_ext --inplace``); the extension modules it adds are copied into every tree under
    # test (after the rewrite: sturdy never sees them), so the copy is importable as a whole.
    build: list[str] = field(default_factory=list)
    # Test files the sdist does not ship: a directory under ``<cache>/overlays/`` copied over
    # every tree under test, after the rewrite (they are tests: never rewritten). They come
    # from the library's upstream repository and are not kept in this repository; without
    # the directory the library is reported as not run, with the command that fills it.
    overlay: str = ""
    # How to fill the overlay directory (shown when it is missing).
    overlay_how: str = ""
    # PyPI distribution name, when not `name`.
    dist: str = ""
    # Extra environment for the test run.
    env: dict[str, str] = field(default_factory=dict)
    # Source of a pytest plugin loaded for every run (setup the library's own runner does).
    plugin: str = ""
    # Whether the suite may run under pytest-xdist (`--jobs N`, N > 1; pytest-xdist is in deps).
    workers: int = 0
    # Other entries of LIBS (by name) whose code this library runs on: their source goes on
    # PYTHONPATH after this library's own, pristine for the baseline runs and rewritten
    # in the same mode (their own `rewrite` paths, in a copy outside this tree, so that
    # sturdy's facts for this library stay the same) for the runs after the rewrite. A
    # rewrite that keeps a library's own tests green can still break its users in another
    # distribution (a subclass of a public interface): this runs the user's suite on both
    # rewrites together, as one program.
    with_libs: list[str] = field(default_factory=list)
    # Seconds for the whole pytest run, and per test.
    timeout: int = 900
    per_test_timeout: int = 120
    python: str = "python3.11"
    why: str = ""

    @property
    def dist_name(self) -> str:
        return self.dist or self.name


# Chosen by how many sturdy candidates each source package holds (`__del__` methods, ABC
# interfaces, `**payload` calls, annotated metadata), counted with sturdy's own diagnostics
# and diffs (see REALWORLD.md for the numbers), and by having a test suite that runs offline
# on a 2-core machine in a few minutes (fsspec's sdist ships no implementation tests: they come
# from upstream, see `overlay`). Tried and left out: kombu (0 files changed), cachetools (no
# candidates), filelock 4.3.2 (issue 14's `_sqlite/_connection.py`: `pip download` of its sdist
# fails here, its build backend needs `python-sbom[hatch]`, which the package index lacks; and
# the upstream repository snapshot here predates 4.x, so it has no tests for that module).
# Also tried (`sturdy --select all --statistics` on the source package): platformdirs 4.9.6,
# filelock 3.25.2 (their newest sdists need `python-sbom[hatch]` too), httpcore 1.0.9,
# urllib3 2.8.0, h11 0.16.0, structlog 26.1.0, starlette 1.10.0, attrs 26.1.0, jinja2 3.1.6:
# no conversion in any of them (their ABCs have behaviour, their `__del__` override a base's,
# their `**kwargs` forward); jedi 0.20.1 converts only in its vendored typeshed stubs.
LIBS: list[Lib] = [
    Lib(
        name="botocore",
        version="1.44.8",
        sdist="botocore-1.44.8.tar.gz",
        sha256="945b783c1a1259e2a8b078f3f3dd40fae32ea84ab01d3a9953af6b378da7108a",
        rewrite=["botocore"],
        exclude=[],
        # The full unit suite is ~30k tests (too slow here); these files cover the modules
        # sturdy changes: response.py (StreamingBody.__del__, a no-op that keeps
        # io.IOBase.__del__ from closing the raw stream), endpoint_provider.py and the
        # monitoring emitter (`**payload` dispatch), and the request/endpoint code around them.
        tests=[
            "tests/unit/test_response.py",
            "tests/unit/test_awsrequest.py",
            "tests/unit/test_endpoint.py",
            "tests/unit/test_http_session.py",
            "tests/unit/test_endpoint_provider.py",
            "tests/unit/test_hooks.py",
            "tests/unit/test_monitoring.py",
            "tests/unit/test_eventstream.py",
            "tests/unit/test_paginate.py",
            "tests/unit/test_waiters.py",
            "-p",
            "no:cacheprovider",
        ],
        quick=["tests/unit/test_response.py", "tests/unit/test_awsrequest.py"],
        deps=["pytest-xdist", "jsonschema"],
        module="botocore",
        workers=2,
        why="StreamingBody.__del__ (issue 13 item 1) and ~70 `**kwargs` dispatch sites",
    ),
    Lib(
        name="pymongo",
        version="4.20.1",
        sdist="pymongo-4.20.1.tar.gz",
        sha256="1ac112b3ffa3d010cfc2fc54e3ae677a12c63d18c6115db4451df64f1a1175eb",
        rewrite=["bson", "gridfs", "pymongo"],
        exclude=[],
        # No MongoDB server here: only the unit tests that need none (bson codecs, json_util,
        # the gridfs/grid_file and client tests skip their server parts by themselves).
        tests=[
            "test/test_bson.py",
            "test/test_binary.py",
            "test/test_json_util.py",
            "test/test_objectid.py",
            "test/test_dbref.py",
            "test/test_decimal128.py",
            "test/test_son.py",
            "test/test_timestamp.py",
            "test/test_raw_bson.py",
            "test/test_custom_types.py",
            "test/test_bson_corpus.py",
            "test/test_grid_file.py",
            "test/test_uri_parser.py",
            "test/test_errors.py",
            "test/test_pooling.py",
            "test/test_client.py",
            "-o",
            "addopts=",
            "-p",
            "no:cacheprovider",
        ],
        quick=["test/test_bson.py", "test/test_grid_file.py", "-o", "addopts="],
        deps=["pytest-asyncio", "dnspython"],
        module="bson",
        env={"DB_IP": "127.0.0.1", "DB_PORT": "1"},
        why="GridOut.__del__ over io.IOBase (issue 13 item 1), 8 `__del__` in total, ABCs in bson",
    ),
    Lib(
        name="tornado",
        version="6.6.1",
        sdist="tornado-6.6.1.tar.gz",
        sha256="28e6311402af59c8b02e3fa0f5e7d8eb465b25081381803b127d97e6a4395d5a",
        rewrite=["tornado"],
        exclude=["tornado/test"],
        # The whole suite takes ~6 minutes here; sturdy changes only tornado/process.py (with
        # --select all: gc.freeze() before fork_processes' fork), so the process, ioloop,
        # iostream and server tests.
        tests=[
            "tornado/test/process_test.py",
            "tornado/test/ioloop_test.py",
            "tornado/test/iostream_test.py",
            "tornado/test/tcpserver_test.py",
            "tornado/test/httpserver_test.py",
            "tornado/test/netutil_test.py",
            "-p",
            "no:cacheprovider",
        ],
        # What tornado.test.runtests does before running: silence the access log (the tests
        # assert that nothing is logged at INFO and above).
        plugin="import logging\nlogging.getLogger('tornado.access').setLevel(logging.CRITICAL)\n",
        quick=["tornado/test/iostream_test.py", "tornado/test/ioloop_test.py"],
        module="tornado",
        why="IOLoop/iostream `__del__`, `Configurable` ABC-like bases, `**kwargs` handlers",
    ),
    Lib(
        name="werkzeug",
        version="3.1.9",
        sdist="werkzeug-3.1.9.tar.gz",
        sha256="55ca7c70a75689be937aa27f8ff4b018f06ff4838fc73045560bf0f5a1291060",
        rewrite=["src/werkzeug"],
        exclude=[],
        tests=["tests", "-p", "no:cacheprovider"],
        quick=["tests/test_wsgi.py", "tests/test_formparser.py"],
        deps=["pytest-xdist", "cryptography", "watchdog", "ephemeral-port-reserve"],
        pythonpath=["src"],
        module="werkzeug",
        workers=2,
        why="3 `__del__` (formparser/wsgi streams), `**kwargs` routing",
    ),
    Lib(
        name="click",
        version="8.5.1",
        sdist="click-8.5.1.tar.gz",
        sha256="9bbfada76703fd1d784b83eea012e3e8c6a001a876543ef104fa56aaaeb072b4",
        rewrite=["src/click"],
        exclude=[],
        tests=["tests", "-p", "no:cacheprovider"],
        pythonpath=["src"],
        module="click",
        why="a `__del__` in _compat, an ABC, `**kwargs` command invocation; fast suite",
    ),
    Lib(
        name="pyserial",
        version="3.5",
        sdist="pyserial-3.5.tar.gz",
        sha256="3c77e014170dfffbd816e6ffc205e9842efb10be9f58ec16d3e8675b4925cddb",
        rewrite=["serial"],
        exclude=[],
        # Tests without hardware: the loop:// URL handler; test_pty opens a pseudo-terminal.
        tests=[
            "test/test.py",
            "test/test_advanced.py",
            "test/test_cancel.py",
            "test/test_context.py",
            "test/test_iolib.py",
            "test/test_pty.py",
            "test/test_readline.py",
            "test/test_settings_dict.py",
            "test/test_timeout_class.py",
            "test/test_url.py",
            "test/test_util.py",
            "test/test_rs485.py",
            "-p",
            "no:cacheprovider",
        ],
        module="serial",
        why="4 `__del__` on Serial classes over io.RawIOBase (the io.IOBase.__del__ hazard)",
    ),
    Lib(
        name="prompt_toolkit",
        version="3.0.53",
        sdist="prompt_toolkit-3.0.53.tar.gz",
        sha256="9ec8a0ad96d5c56148b3f914aa79c1564c3fde5d2e6b876e7bc327e353cf8fa6",
        rewrite=["src/prompt_toolkit"],
        exclude=[],
        # test_emacs_arguments_for_all_commands feeds every key sequence twice (~3 minutes here
        # alone); pytest-timeout's SIGALRM lands inside prompt_toolkit's event loop and the run
        # then hangs, so no per-test timeout for this suite (the run's own timeout still holds).
        tests=[
            "tests",
            "--deselect=tests/test_cli.py::test_emacs_arguments_for_all_commands",
            "-p",
            "no:cacheprovider",
        ],
        per_test_timeout=0,
        pythonpath=["src"],
        module="prompt_toolkit",
        why="~20 ABC interfaces (Completer, Validator, Lexer, Container, Style, ...): the most "
        "abc-to-protocol conversions of any library tried (16 files change)",
    ),
    Lib(
        name="trio",
        version="0.35.0",
        sdist="trio-0.35.0.tar.gz",
        sha256="7efb295c78a0ecd1235c5759e620b5da564ca80d2efcb0055423588547248b96",
        rewrite=["src/trio"],
        exclude=["src/trio/_tests", "src/trio/_core/_tests"],
        # test_exports runs pylint, jedi and mypy over the package (minutes, and needs the
        # static tools): left out for time. Everything else runs (sockets on loopback only).
        tests=[
            "src/trio",
            "--ignore=src/trio/_tests/test_exports.py",
            "--ignore=src/trio/_tests/tools",
            "-p",
            "no:cacheprovider",
        ],
        quick=["src/trio/_core/_tests/test_run.py", "src/trio/_tests/test_abc.py"],
        deps=["pyOpenSSL", "trustme", "async_generator", "cryptography", "pytest-xdist"],
        pythonpath=["src"],
        module="trio",
        workers=2,
        why="trio.abc's public ABCs (Clock, Instrument, Stream, Listener, ...) and 7 `__del__`",
    ),
    Lib(
        name="packaging",
        version="26.4",
        sdist="packaging-26.4.tar.gz",
        sha256="c4b671c41ddb9bf26e543c37723610d28fb6bf7affc4da17cf048d419d2c062a",
        rewrite=["src/packaging"],
        exclude=[],
        # The whole suite is 64k tests (51k of them version parsing, 9 minutes here): the
        # specifier tests exercise specifiers.py, where the ABC is.
        tests=[
            "tests/test_specifiers.py",
            "-p",
            "no:cacheprovider",
        ],
        deps=["pretend", "hypothesis", "tomli-w"],
        pythonpath=["src"],
        module="packaging",
        why="specifiers.BaseSpecifier (public ABC with abstract properties), a fast suite",
    ),
    Lib(
        name="joserfc",
        version="1.8.0",
        sdist="joserfc-1.8.0.tar.gz",
        sha256="cbf03cb2c6db8cc5289f1ef8718842e53dba244b4c0de5fefa0c0eaee4bde8db",
        rewrite=["src/joserfc"],
        exclude=[],
        tests=["tests", "-p", "no:cacheprovider"],
        pythonpath=["src", "."],
        module="joserfc",
        why="key and algorithm model ABCs (12 classes) over 4 files, offline crypto tests",
    ),
    Lib(
        name="aiohttp",
        version="3.14.5",
        sdist="aiohttp-3.14.5.tar.gz",
        sha256="5558a7f5a05af9ecf744af91e5baefc436f93c9333e656c27ec253f9a6bbe178",
        rewrite=["aiohttp"],
        exclude=[],
        # The whole suite is ~4k tests with proxies and autobahn; these cover the modules with
        # candidates: abc.py (AbstractResolver and the other public ABCs), resolver, connector
        # and client response (`__del__`), streams, web request handling.
        tests=[
            "tests/test_resolver.py",
            "tests/test_connector.py",
            "tests/test_client_response.py",
            "tests/test_client_request.py",
            "tests/test_client_session.py",
            "tests/test_web_urldispatcher.py",
            "tests/test_web_response.py",
            "tests/test_streams.py",
            "tests/test_cookiejar.py",
            "-o",
            "addopts=",
            "-o",
            "asyncio_default_fixture_loop_scope=function",  # else a warning, an error here
            "-p",
            "no:cacheprovider",
        ],
        quick=[
            "tests/test_resolver.py",
            "tests/test_client_response.py",
            "-o",
            "addopts=",
            "-o",
            "asyncio_default_fixture_loop_scope=function",
        ],
        deps=[
            "pytest-mock",
            "pytest-xdist",
            "pytest-codspeed",
            "freezegun",
            "trustme",
            "blockbuster",
            "aiodns",
            "brotli",
            "zlib_ng",
            "isal",
            "proxy.py",
            "re-assert",
            "python-on-whales",
            "pytest-aiohttp",
            "coverage",  # named in pytest.ini's filterwarnings
        ],
        module="aiohttp",
        env={"AIOHTTP_NO_EXTENSIONS": "1"},
        workers=2,
        why="public ABCs in aiohttp.abc (AbstractResolver, issue 13 item 7), 3 `__del__`",
    ),
    Lib(
        name="fastapi",
        version="0.165.0",
        sdist="fastapi-0.165.0.tar.gz",
        sha256="dd94d4128319c1e1d50535ab023ab698f850a4d2822f0e181747b46f4ff3c0ab",
        # annotated-metadata: the tutorial programs are what the tutorial tests import.
        rewrite=["docs_src"],
        exclude=[],
        tests=["tests/test_tutorial", "-p", "no:cacheprovider", "-o", "addopts=", "-W", "ignore"],
        quick=["tests/test_tutorial/test_query_params_str_validations", "-o", "addopts="],
        deps=[
            "fastapi[standard]==0.165.0",
            "pytest-xdist",
            "dirty-equals",
            "inline-snapshot",
            "sqlmodel",
            "pwdlib[argon2]",
            "pyjwt",
            "flask",
            "a2wsgi",
            "strawberry-graphql",
            "anyio[trio]",
            "pyyaml",
            "httpx",
            "python-slugify",
            "passlib[bcrypt]",
            "orjson",
            "ujson",
            "databases",
            "aiosqlite",
        ],
        module="fastapi",
        workers=2,
        timeout=1800,
        why="annotated-metadata on FastAPI's own tutorial programs (tests/test_tutorial, ~1,400 tests)",
    ),
    Lib(
        name="pydantic",
        version="2.14.4",
        sdist="pydantic-2.14.4.tar.gz",
        sha256="7c19f1d46f8accf55a4617a6116e1ade64840870f397b846a2c53fb9019414ba",
        # annotated-metadata on the models in pydantic's own tests.
        rewrite=["tests"],
        exclude=["tests/benchmarks"],
        # The whole suite (~8k tests) takes over 15 minutes per run on this busy 2-core machine;
        # these files hold most of the rewritten models (annotated-metadata changes 66 files)
        # and the behaviours issue 13 names (metadata order, aliases, private and dunder
        # fields, dataclass signatures, forward refs). `tests` with the --ignore options below
        # runs everything (minus the benchmarks, the docs examples and mypy's own cases).
        tests=[
            "tests/test_main.py",
            "tests/test_annotated.py",
            "tests/test_forward_ref.py",
            "tests/test_fields.py",
            "tests/test_aliases.py",
            "tests/test_config.py",
            "tests/test_model_signature.py",
            "tests/test_computed_fields.py",
            "tests/test_deprecated_fields.py",
            "tests/test_root_model.py",
            "tests/test_dataclasses.py",
            "tests/test_validators.py",
            "--ignore=tests/benchmarks",
            "--ignore=tests/test_docs.py",  # runs the docs' examples: docs/ is not in the sdist
            "--ignore=tests/mypy",
            # These two execute a test function's body as a separate module (the
            # `create_module` fixture): an import that sturdy adds at module level is not in
            # that body, so they fail for a reason that is not the rewrite's.
            "--deselect=tests/test_forward_ref.py::test_forward_ref_with_field",
            "--deselect=tests/test_forward_ref.py::test_discriminated_union_forward_ref",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
        ],
        quick=["tests/test_main.py", "tests/test_types.py", "-o", "addopts="],
        deps=[
            "pydantic[email,timezone]==2.14.4",
            "pytest-run-parallel",  # registers the `thread_unsafe` marker the tests use
            "pytest-examples",
            "pytest-xdist",
            "dirty-equals",
            "pytest-mock",
            "pytest-benchmark",
            "faker",
            "pytz",
            "jsonschema",
            "packaging",
            "time-machine",
            "cloudpickle",
            "hypothesis",
            "inline-snapshot",
            "sqlalchemy",
            "devtools",
            "ansi2html",
        ],
        pythonpath=["."],
        module="pydantic",
        workers=2,
        timeout=1800,
        why="annotated-metadata on pydantic's own test models (issue 13 items 10-14)",
    ),
    # The libraries below hold real `__del__` classes that issue 14's del-to-finalize shapes
    # convert (close delegation, `self.x = None` / `del self.x` cleanups).
    Lib(
        name="regex",
        version="2026.5.9",
        sdist="regex-2026.5.9.tar.gz",
        sha256="a8234aa23ec39894bfe4a3f1b85616a7032481964a13ac6fc9f10de4f6fca270",
        rewrite=["regex"],
        exclude=["regex/tests"],
        # The whole suite (one unittest module, ~100 tests, seconds). `regex._regex` is a C
        # extension: built in place once (`build`) and copied into every tree, so the package
        # under test is the copy as a whole (checked: `regex._regex_core`, the module with the
        # six `__del__`, and `regex._regex` both resolve into the copy). `test_main` is the
        # module's `unittest.main()` entry point, which pytest collects as a test and which
        # then fails on pytest's own command line: deselected.
        tests=[
            "regex/tests/test_regex.py",
            "--deselect=regex/tests/test_regex.py::test_main",
            "-p",
            "no:cacheprovider",
        ],
        deps=["setuptools>77.0.3"],
        build=["setup.py", "-q", "build_ext", "--inplace"],
        module="regex",
        also_modules=["regex._regex_core", "regex._regex"],
        timeout=180,  # one pytest run; it takes seconds here
        why="six `__del__` in _regex_core.py that only clear `self.info` (issue 14)",
    ),
    Lib(
        name="openapi-spec-validator",
        version="0.9.0",
        sdist="openapi_spec_validator-0.9.0.tar.gz",
        sha256="6d648cff6490ebb799dcfe273792f2941c050158854c721f086599d845da78b8",
        rewrite=["openapi_spec_validator"],
        exclude=[],
        # tests/integration is the whole suite (tests/bench is a benchmark runner); its
        # `network` tests fetch specs from GitHub and are deselected (offline here).
        # pyproject's addopts ask for pytest-cov and flake8: dropped.
        tests=[
            "tests/integration",
            "-m",
            "not network",
            "-o",
            "addopts=",
            "-p",
            "no:cacheprovider",
        ],
        module="openapi_spec_validator",
        also_modules=["openapi_spec_validator.validation.caches"],
        timeout=180,  # one pytest run; it takes seconds here
        why="validation/caches.py `CachedIterable.__del__` (`del self.cache`, issue 14)",
    ),
    Lib(
        name="fsspec",
        version="2026.9.0",
        sdist="fsspec-2026.9.0.tar.gz",
        sha256="0f08147951c8cb31d844c3547d631053b127863b60be04cf06e121333ee0e2fe",
        rewrite=["fsspec"],
        exclude=["fsspec/tests", "fsspec/implementations/tests", "fsspec/conftest.py"],
        # The sdist ships no implementation tests: fsspec's own zip/tar/archive tests come from
        # the upstream repository (tag 2026.7.0, commit 9e22b60e; not kept here, see
        # `overlay_how`). They exercise ZipFileSystem and TarFileSystem, whose `__del__` close
        # the archive and the file it was opened from (issue 14's close delegation).
        tests=[
            "fsspec/implementations/tests/test_zip.py",
            "fsspec/implementations/tests/test_tar.py",
            "fsspec/implementations/tests/test_archive.py",
            "-p",
            "no:cacheprovider",
        ],
        overlay="fsspec",
        overlay_how=(
            "git clone --depth 1 --branch 2026.7.0 https://github.com/fsspec/filesystem_spec F && "
            "mkdir -p OVERLAY/fsspec/implementations && "
            "cp -r F/fsspec/implementations/tests OVERLAY/fsspec/implementations/"
        ),
        module="fsspec",
        also_modules=["fsspec.implementations.zip", "fsspec.implementations.tar"],
        timeout=300,  # one pytest run; it takes ~15 s here
        why="ZipFileSystem/TarFileSystem `__del__` (close delegation, issue 14)",
    ),
    Lib(
        name="ipython",
        version="8.12.3",
        sdist="ipython-8.12.3.tar.gz",
        sha256="3910c4b54543c2ad73d06579aa771041b7d5707b033bd488669b4cf544e3b363",
        rewrite=["IPython"],
        exclude=[
            "IPython/core/tests",
            "IPython/extensions/tests",
            "IPython/external/tests",
            "IPython/lib/tests",
            "IPython/terminal/tests",
            "IPython/testing/tests",
            "IPython/tests",
            "IPython/utils/tests",
        ],
        # The utils tests: test_io.py tests `Tee` (whose `__del__` calls `close()`, issue 14's
        # close delegation), test_tempdir.py the other `__del__` in utils. pyproject's addopts
        # (IPython's ipdoctest plugin) are kept; IPython 8.12 pins pytest<7.1.
        tests=["IPython/utils/tests", "-p", "no:cacheprovider"],
        deps=["pytest<7.1", "pytest-asyncio", "testpath"],
        module="IPython",
        also_modules=["IPython.utils.io"],
        timeout=180,  # one pytest run; it takes seconds here
        why="IPython.utils.io.Tee `__del__` (close delegation, issue 14), 4 `__del__` in all",
    ),
    Lib(
        name="anyio",
        version="4.16.0",
        sdist="anyio-4.16.0.tar.gz",
        sha256="59bb03251907983d1603d27c3087ddb1e93299ea2163adcdba37899a4fb12ffb",
        rewrite=["src/anyio"],
        exclude=[],
        # The memory object streams (streams/memory.py, whose two `__del__` warn if unclosed
        # on `@dataclass` classes) and the streams built on them; pyproject's addopts (anyio's
        # own pytest plugin, `-p no:asyncio`) and `filterwarnings = error` are kept: an
        # unexpected ResourceWarning fails a test.
        tests=[
            "tests/streams/test_memory.py",
            "tests/streams/test_stapled.py",
            "tests/streams/test_buffered.py",
            "tests/streams/test_text.py",
            "-p",
            "no:cacheprovider",
        ],
        quick=["tests/streams/test_memory.py"],
        # anyio's `test` dependency group (uvloop and truststore included), and trio for
        # the trio-backend parametrisations.
        deps=[
            "trio",
            "blockbuster",
            "hypothesis",
            "psutil",
            "pytest>=9.0",
            "pytest-mock",
            "trustme",
            "truststore",
            "uvloop",
        ],
        pythonpath=["src"],
        module="anyio",
        also_modules=["anyio.streams.memory"],
        timeout=300,
        why="MemoryObjectSendStream/ReceiveStream `__del__` (warn-if-unclosed on dataclasses, "
        "issue 14)",
    ),
    Lib(
        name="redis",
        version="8.2.0",
        sdist="redis-8.2.0.tar.gz",
        sha256="58b1493d83ba8f0e3ffe6bd781194ca5c01c91267ae03d29c1087b0b3c7d79c9",
        rewrite=["redis"],
        exclude=[],
        # No Redis server here (conftest.py then uses optimistic defaults): the test files
        # that mock the connection and exercise the converted interfaces (backoff, event
        # dispatcher, cache, command policies/metadata, multidb failover and failure
        # detection, auth token/identity provider, the asyncio connection pool and HTTP
        # client). Tests that need a server fail or error in both baseline runs and are
        # therefore never counted as regressions.
        tests=[
            "tests/test_backoff.py",
            "tests/test_event.py",
            "tests/test_cache.py",
            "tests/test_command_policies.py",
            "tests/test_command_metadata.py",
            "tests/test_retry.py",
            "tests/test_auth",
            "tests/test_multidb",
            "tests/test_asyncio/test_multidb",
            "tests/test_asyncio/test_command_policies.py",
            "tests/test_asyncio/test_http_client.py",
            "tests/test_http",
            "tests/test_parsers",
            "-o",
            "addopts=",
            "-p",
            "no:cacheprovider",
        ],
        quick=["tests/test_backoff.py", "tests/test_event.py", "-o", "addopts="],
        deps=[
            "pytest-asyncio",
            "ujson",
            "numpy",
            "redis-entraid",
            "pybreaker",
            "aiohttp",
            "xxhash",
            "opentelemetry-api",
            "opentelemetry-sdk",
        ],
        module="redis",
        timeout=600,
        why="17 public ABC interfaces (backoff, event, cache, auth, multidb, command policies) "
        "that abc-to-protocol converts, 14 of them `@runtime_checkable`",
    ),
    Lib(
        name="opentelemetry-api",
        version="1.45.3",
        sdist="opentelemetry_api-1.45.3.tar.gz",
        sha256="3b8b2769fffe5118a310c93639da9c02cbbcfde488866c721b0e7bc0d67a4ab5",
        rewrite=["src/opentelemetry"],
        exclude=[],
        tests=["tests", "-p", "no:cacheprovider"],
        # The tests import `opentelemetry.test` (opentelemetry-test-utils), which the
        # package index here lacks: it comes from upstream into the overlay.
        overlay="opentelemetry-test-utils",
        overlay_how=(
            "git clone https://github.com/open-telemetry/opentelemetry-python F && "
            "git -C F checkout 0a5d76b65094a4bad414e0c0ab68981fc266f0a9 && "
            "mkdir -p OVERLAY/otel-test-utils && "
            "cp -r F/tests/opentelemetry-test-utils/src/opentelemetry OVERLAY/otel-test-utils/"
        ),
        pythonpath=["src", "otel-test-utils", "."],
        module="opentelemetry.trace",
        also_modules=["opentelemetry.propagators.textmap", "opentelemetry.context.context"],
        dist="opentelemetry-api",
        timeout=600,
        why="the tracing/metrics/logs API's public ABCs (TracerProvider, Tracer, Span, "
        "MeterProvider, TextMapPropagator, Getter/Setter generics): 6 conversions in 6 files",
    ),
    Lib(
        name="opentelemetry-sdk",
        version="1.45.2",
        sdist="opentelemetry_sdk-1.45.2.tar.gz",
        sha256="7eec4de13dd21ff3a1670dcb0e02079e692736f94d733dfdce5af461d884248d",
        rewrite=["src/opentelemetry"],
        exclude=[],
        tests=[
            "tests",
            # Runs `python` from PATH in a subprocess (not the venv's interpreter), which
            # lacks the SDK's dependencies (opentelemetry.semconv): fails in the baseline.
            "--deselect",
            "tests/trace/test_trace.py::TestTracer::test_shutdown",
            "-p",
            "no:cacheprovider",
        ],
        overlay="opentelemetry-test-utils",
        overlay_how=(
            "git clone https://github.com/open-telemetry/opentelemetry-python F && "
            "git -C F checkout 0a5d76b65094a4bad414e0c0ab68981fc266f0a9 && "
            "mkdir -p OVERLAY/otel-test-utils && "
            "cp -r F/tests/opentelemetry-test-utils/src/opentelemetry OVERLAY/otel-test-utils/"
        ),
        deps=["psutil"],
        pythonpath=["src", "otel-test-utils", "."],
        # The SDK implements the API's interfaces (`sdk.trace.Span(trace_api.Span,
        # ReadableSpan)`, TracerProvider, MeterProvider ...): its suite runs on the API
        # rewritten too, as the two run together in every program that uses them.
        with_libs=["opentelemetry-api"],
        module="opentelemetry.sdk.trace",  # opentelemetry.sdk is a namespace package
        also_modules=["opentelemetry.sdk.trace.sampling", "opentelemetry.sdk.metrics._internal.aggregation"],
        dist="opentelemetry-sdk",
        timeout=900,
        why="the SDK's extension points (Sampler, IdGenerator, Aggregation, ExemplarFilter, "
        "LogRecordProcessor/Exporter, ErrorHandler ...): 9 ABC-to-Protocol conversions",
    ),
]

def log(msg: str) -> None:
    print(f"[realworld {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, text=True, capture_output=True, **kw)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# --- preparation -------------------------------------------------------------------------


def fetch_sdist(lib: Lib, cache: Path) -> Path:
    d = cache / "sdists"
    d.mkdir(parents=True, exist_ok=True)
    path = d / lib.sdist
    if not path.exists():
        log(f"{lib.name}: downloading {lib.sdist}")
        r = run(
            [
                sys.executable, "-m", "pip", "download", "--no-deps",
                "--no-binary", lib.dist_name, f"{lib.dist_name}=={lib.version}", "-d", str(d),
            ]
        )
        if r.returncode != 0 or not path.exists():
            raise RuntimeError(f"{lib.name}: pip download failed:\n{r.stderr[-2000:]}")
    digest = sha256(path)
    if lib.sha256 and digest != lib.sha256:
        raise RuntimeError(f"{lib.name}: {path} has sha256 {digest}, expected {lib.sha256}")
    return path


def pristine(lib: Lib, cache: Path) -> Path:
    """The extracted sdist, made once; never written to afterwards."""
    root = cache / "pristine" / f"{lib.name}-{lib.version}"
    if (root / ".complete").exists():
        return root
    sdist = fetch_sdist(lib, cache)
    if root.exists():
        shutil.rmtree(root)
    tmp = root.with_name(root.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    with tarfile.open(sdist) as tf:
        tf.extractall(tmp, filter="data") if sys.version_info >= (3, 12) else tf.extractall(tmp)
    (top,) = list(tmp.iterdir())
    top.rename(root)
    tmp.rmdir()
    (root / ".complete").write_text(lib.sha256 or sha256(sdist))
    return root


def find_python(name: str) -> str:
    exe = shutil.which(name)
    if exe:
        return exe
    ver = name.replace("python", "")
    pyenv = Path.home() / ".pyenv" / "versions"
    for d in sorted(pyenv.glob(f"{ver}.*")) if pyenv.exists() else []:
        cand = d / "bin" / name
        if cand.exists():
            return str(cand)
    return sys.executable


def venv(lib: Lib, cache: Path) -> Path:
    """A venv with the test dependencies and the library from PyPI; made once, reused."""
    d = cache / "venvs" / f"{lib.name}-{lib.version}"
    py = d / "bin" / "python"
    spec = json.dumps([lib.python, lib.dist_name, lib.version, RUNNER_DEPS, lib.deps])
    stamp = d / ".complete"
    if stamp.exists() and py.exists() and stamp.read_text() == spec:
        return py
    if d.exists():
        shutil.rmtree(d)
    log(f"{lib.name}: building venv {d}")
    r = run([find_python(lib.python), "-m", "venv", str(d)])
    if r.returncode != 0:
        raise RuntimeError(f"{lib.name}: venv failed: {r.stderr}")
    # The library itself: for its metadata, entry points and runtime dependencies. Its code
    # is shadowed by the copy under test (PYTHONPATH), checked in `check_import`.
    reqs = [f"{lib.dist_name}=={lib.version}", *RUNNER_DEPS, *lib.deps]
    r = run([str(py), "-m", "pip", "install", "-q", *reqs])
    if r.returncode != 0:
        raise RuntimeError(f"{lib.name}: pip install failed:\n{r.stderr[-3000:]}")
    stamp.write_text(spec)
    return py


def fresh_copy(src: Path, dst: Path) -> Path:
    if dst.exists():
        shutil.rmtree(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(src, dst, symlinks=True, ignore=shutil.ignore_patterns(".complete"))
    return dst


EXTENSION_SUFFIXES = (".so", ".pyd")


def built(lib: Lib, cache: Path, py: Path) -> tuple[Path, list[str]]:
    """Run `lib.build` once in a copy of the pristine tree; return that tree and the extension
    modules the build added (relative paths), to be copied into each tree under test."""
    d = cache / "built" / f"{lib.name}-{lib.version}"
    stamp = d / ".built"
    spec = json.dumps([str(py.resolve()), lib.build])  # the interpreter: its ABI tags the build
    if not (stamp.exists() and stamp.read_text().split("\n", 1)[0] == spec):
        root = pristine(lib, cache)
        fresh_copy(root, d)
        log(f"{lib.name}: building: python {' '.join(lib.build)}")
        r = run([str(py), *lib.build], cwd=d, env=test_env(lib, d))
        if r.returncode != 0:
            raise RuntimeError(f"{lib.name}: build failed:\n{(r.stdout + r.stderr)[-3000:]}")
        found = sorted(
            f.relative_to(d).as_posix()
            for f in d.rglob("*")
            if f.suffix in EXTENSION_SUFFIXES
            and f.is_file()
            and not (root / f.relative_to(d)).exists()
            and f.relative_to(d).parts[0] != "build"
        )
        if not found:
            raise RuntimeError(f"{lib.name}: the build added no extension module in {d}")
        stamp.write_text(spec + "\n" + "\n".join(found))
    return d, stamp.read_text().split("\n")[1:]


def overlay_dir(lib: Lib) -> Path:
    """Where a library's overlay tests are kept (outside this repository)."""
    return Path(CACHE) / "overlays" / lib.overlay


def missing_overlay(lib: Lib) -> str:
    """Why the library cannot be tested yet (its overlay is missing), or ''."""
    if not lib.overlay or overlay_dir(lib).is_dir():
        return ""
    how = lib.overlay_how.replace("OVERLAY", str(overlay_dir(lib)))
    return f"{lib.name}: its tests are not in the sdist; fetch them first: {how}"


def add_extras(lib: Lib, cache: Path, py: Path, tree: Path) -> Path:
    """Put what the sdist lacks into a tree under test: compiled extensions, overlay tests."""
    if lib.build:
        d, files = built(lib, cache, py)
        for rel in files:
            (tree / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(d / rel, tree / rel)
    if lib.overlay:
        shutil.copytree(overlay_dir(lib), tree, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("SOURCE.md", "LICENSE", "__pycache__"))
    return tree


# The `with_libs` copies that go with a tree under test (by tree): [(name, copy)].
WITH_COPIES: dict[str, list[tuple[str, Path]]] = {}


def with_paths(tree: Path) -> list[str]:
    """PYTHONPATH entries of the `with_libs` copies of `tree`: their source directories
    (not their roots: their tests are not run)."""
    paths = []
    for name, copy in WITH_COPIES.get(str(tree.resolve()), []):
        comp = next(x for x in LIBS if x.name == name)
        paths += [str(copy / p) for p in comp.pythonpath if p != "." and (copy / p).is_dir()]
    return paths


def with_libs(lib: Lib, args, cache: Path, tree: Path, label: str, mode: str | None) -> dict:
    """Copy each of `lib.with_libs` next to `tree` (rewritten in `mode` unless None) and
    register their source directories for `tree`'s test runs; return per library how many
    of its files the rewrite changed."""
    copies: list[tuple[str, Path]] = []
    changed: dict = {}
    for name in lib.with_libs:
        comp = next(x for x in LIBS if x.name == name)
        root = pristine(comp, cache)
        copy = fresh_copy(root, cache / "work" / lib.name / f"{label}--{comp.name}")
        if mode is not None:
            wr = sturdy(args.sturdy, mode, comp, copy, write=True)
            if wr.returncode not in (0, 1):
                log(f"{lib.name}: {label}: sturdy --write on {comp.name} exited {wr.returncode}: {wr.stderr[-1500:]}")
            conv, files = count_converted(root, copy, source_files(comp, copy))
            changed[comp.name] = {"files_changed": len(files), "converted": conv}
            log(f"{lib.name}: {label}: with {comp.name} rewritten: {len(files)} files changed, converted {conv}")
        copies.append((comp.name, copy))
    WITH_COPIES[str(tree.resolve())] = copies
    return changed


def test_env(lib: Lib, tree: Path) -> dict[str, str]:
    env = dict(os.environ)
    for k in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"):
        env.pop(k, None)
    paths = [str(tree / p) for p in lib.pythonpath]
    paths += with_paths(tree)
    if lib.plugin:
        paths.append(str(plugin_dir(lib)))
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONHASHSEED"] = "0"
    env.update(lib.env)
    return env


def plugin_dir(lib: Lib) -> Path:
    d = Path(CACHE) / "plugins" / lib.name
    d.mkdir(parents=True, exist_ok=True)
    f = d / f"realworld_{lib.name}.py"
    if not f.exists() or f.read_text() != lib.plugin:
        f.write_text(lib.plugin)
    return d


def check_import(lib: Lib, py: Path, tree: Path) -> None:
    for module in [lib.module, *lib.also_modules] if lib.module else lib.also_modules:
        r = run(
            [str(py), "-c", f"import {module} as m; print(m.__file__)"],
            cwd=tree,
            env=test_env(lib, tree),
        )
        where = r.stdout.strip()
        if r.returncode != 0 or not Path(where).resolve().is_relative_to(tree.resolve()):
            raise RuntimeError(
                f"{lib.name}: `import {module}` must resolve into {tree}, got {where!r} "
                f"{r.stderr[-1500:]}"
            )
    for name, copy in WITH_COPIES.get(str(tree.resolve()), []):
        comp = next(x for x in LIBS if x.name == name)
        r = run([str(py), "-c", f"import {comp.module} as m; print(m.__file__)"], cwd=tree,
                env=test_env(lib, tree))
        where = r.stdout.strip()
        if r.returncode != 0 or not Path(where).resolve().is_relative_to(copy.resolve()):
            raise RuntimeError(f"{lib.name}: `import {comp.module}` must resolve into {copy}, got {where!r}")


# --- tests ---------------------------------------------------------------------------------


def _default_signals() -> None:
    """In the test process, SIGINT acts as in a terminal. Started in the background by a
    non-interactive shell (`... &`), this script inherits SIGINT ignored, and so would the
    tests: trio's KeyboardInterrupt tests then fail at random, and a failure's traceback has
    crashed pytest itself (CPython 3.11's "AST constructor recursion depth mismatch"),
    losing every later result."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_tests(lib: Lib, py: Path, tree: Path, label: str, quick: bool, logs: Path, jobs: int = 1) -> dict:
    """Run the suite in `tree`; return {test id: (outcome, first error line)} and totals."""
    xml = logs / f"{lib.name}-{label}.xml"
    out = logs / f"{lib.name}-{label}.log"
    if xml.exists():
        xml.unlink()
    args = list(lib.quick if (quick and lib.quick) else lib.tests)
    cmd = [
        str(py), "-m", "pytest", *args,
        f"--junitxml={xml}", "-o", "junit_family=xunit1",
        f"--timeout={lib.per_test_timeout}", "-q", "-rN",
        # A test module that cannot be imported shows up as an error, the rest still runs.
        "--continue-on-collection-errors",
    ]
    if lib.plugin:
        cmd += ["-p", f"realworld_{lib.name}"]
    if lib.workers and jobs > 1:
        cmd += ["-n", str(jobs)]
    if label.startswith("baseline"):
        # After a rewrite an import error is the rewrite's (a regression), not the harness's.
        check_import(lib, py, tree)
    t0 = time.monotonic()
    try:
        r = subprocess.run(
            cmd, cwd=tree, env=test_env(lib, tree), text=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=lib.timeout,
            preexec_fn=_default_signals,
        )
        output, rc = r.stdout, r.returncode
    except subprocess.TimeoutExpired as e:
        output, rc = (e.stdout or b"").decode() if isinstance(e.stdout, bytes) else (e.stdout or ""), -1
        output += f"\n[realworld] TIMEOUT after {lib.timeout}s\n"
    secs = time.monotonic() - t0
    out.write_text(" ".join(shlex.quote(c) for c in cmd) + "\n" + output)
    results = parse_junit(xml) if xml.exists() else {}
    counts = {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
    for outcome, _ in results.values():
        counts[outcome] += 1
    log(f"{lib.name}: {label}: {counts} rc={rc} in {secs:.0f}s")
    if not results:
        tail = "\n".join(output.strip().splitlines()[-15:])
        log(f"{lib.name}: {label}: no test results (see {out}):\n{tail}")
    return {"results": results, "counts": counts, "rc": rc, "seconds": round(secs), "log": str(out)}


def first_line(el: ET.Element) -> str:
    msg = (el.get("message") or "").strip()
    text = (el.text or "").strip()
    # Prefer pytest's `E   ...` line, the error as the user sees it.
    for line in text.splitlines():
        if line.startswith("E   "):
            return line[4:].strip()[:300]
    for s in (msg, text):
        if s:
            return s.splitlines()[0][:300]
    return ""


def parse_junit(xml: Path) -> dict[str, tuple[str, str]]:
    res: dict[str, tuple[str, str]] = {}
    try:
        root = ET.parse(xml).getroot()
    except ET.ParseError:
        return res
    for tc in root.iter("testcase"):
        tid = f"{tc.get('classname', '')}::{tc.get('name', '')}"
        outcome, msg = "passed", ""
        for child in tc:
            if child.tag == "failure":
                outcome, msg = "failed", first_line(child)
                break
            if child.tag == "error":
                # An error in teardown after a pass is still a non-pass.
                outcome, msg = "error", first_line(child)
                break
            if child.tag == "skipped":
                outcome = "skipped"
        # A test reported twice (call + teardown error) keeps its worst outcome.
        prev = res.get(tid)
        if prev is None or prev[0] in ("passed", "skipped"):
            res[tid] = (outcome, msg)
    return res


# --- sturdy --------------------------------------------------------------------------------


def source_files(lib: Lib, tree: Path) -> list[str]:
    """The .py files sturdy rewrites: under `rewrite`, minus `exclude`, relative to tree."""
    files = []
    for p in lib.rewrite:
        base = tree / p
        found = [base] if base.is_file() else sorted(base.rglob("*.py"))
        for f in found:
            rel = f.relative_to(tree).as_posix()
            if any(rel == e or rel.startswith(e.rstrip("/") + "/") for e in lib.exclude):
                continue
            files.append(rel)
    return files


def sturdy(binary: str, mode: str, lib: Lib, tree: Path, write: bool) -> subprocess.CompletedProcess:
    files = source_files(lib, tree)
    cmd = [binary, *MODES[mode], "--isolated", "--color", "never"]
    cmd += ["--write"] if write else ["--format", "json"]
    return run(cmd + ["--", *files], cwd=tree)


def count_skips(json_out: str) -> tuple[dict[str, int], dict[str, dict[str, int]], list[str], list[str]]:
    """Per-codemod skip counts and top reasons, changed files and error lines."""
    data = json.loads(json_out or '{"files": []}')["files"]  # JSON output version 1
    skips: dict[str, int] = {}
    reasons: dict[str, dict[str, int]] = {}
    changed, errors = [], []
    for f in data:
        if f.get("status") == "changed":
            changed.append(f["path"])
        for e in f.get("errors", []):
            where = ":".join(str(x) for x in (f["path"], e["line"], e["column"]) if x is not None)
            errors.append(f"{where}: error: {e['message']}")
        for d in f.get("diagnostics", []):
            if d["severity"] == "error":
                continue
            c = d["codemod"]
            skips[c] = skips.get(c, 0) + 1
            reason = re.sub(r"`[^`]*`", "`…`", d["message"])
            reason = re.sub(r"\b\d+\b", "N", reason)[:140]
            reasons.setdefault(c, {})
            reasons[c][reason] = reasons[c].get(reason, 0) + 1
    return skips, reasons, changed, errors


def _class_bases_have_protocol(node: ast.ClassDef) -> bool:
    for b in node.bases:
        if isinstance(b, ast.Subscript):
            b = b.value
        if (isinstance(b, ast.Name) and b.id == "Protocol") or (
            isinstance(b, ast.Attribute) and b.attr == "Protocol"
        ):
            return True
    return False


def features(src: str) -> dict[str, set]:
    """What each codemod's conversions leave behind, as countable sets/multisets."""
    out: dict[str, list] = {c: [] for c in CODEMODS}
    try:
        tree = ast.parse(src)
    except SyntaxError:
        return {c: set() for c in CODEMODS}

    def walk(node, scope):
        for ch in ast.iter_child_nodes(node):
            if isinstance(ch, ast.ClassDef):
                q = f"{scope}.{ch.name}" if scope else ch.name
                for item in ch.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name == "__del__":
                        out["del-to-finalize"].append(q)
                if _class_bases_have_protocol(ch):
                    out["abc-to-protocol"].append(q)
                walk(ch, q)
            elif isinstance(ch, (ast.FunctionDef, ast.AsyncFunctionDef)):
                walk(ch, f"{scope}.{ch.name}" if scope else ch.name)
            else:
                if isinstance(ch, ast.Call):
                    f = ch.func
                    name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
                    if "dispatch_by_signature" in name:
                        out["signature-dispatch"].append(f"{scope}:{ch.lineno}")
                    if name == "freeze" and isinstance(f, ast.Attribute):
                        out["gc-freeze-prefork"].append(f"{scope}:{ch.lineno}")
                if isinstance(ch, ast.Subscript):
                    v = ch.value
                    if (isinstance(v, ast.Name) and v.id == "Annotated") or (
                        isinstance(v, ast.Attribute) and v.attr == "Annotated"
                    ):
                        out["annotated-metadata"].append(f"{scope}:{ch.lineno}")
                walk(ch, scope)

    walk(tree, "")
    return {c: v for c, v in out.items()}


def count_converted(before: Path, after: Path, files: list[str]) -> tuple[dict[str, int], list[str]]:
    """Per-codemod conversions, from the AST of each changed file before and after:
    `__del__` methods removed, classes that gained a `Protocol` base, dispatch-helper calls,
    `gc.freeze()` calls and `Annotated[...]` subscripts added."""
    conv = {c: 0 for c in CODEMODS}
    changed = []
    for rel in files:
        a, b = before / rel, after / rel
        old, new = a.read_bytes(), b.read_bytes()
        if old == new:
            continue
        changed.append(rel)
        fo = features(old.decode("utf-8", "replace"))
        fn = features(new.decode("utf-8", "replace"))
        conv["del-to-finalize"] += len(fo["del-to-finalize"]) - len(fn["del-to-finalize"])
        conv["abc-to-protocol"] += len(set(fn["abc-to-protocol"]) - set(fo["abc-to-protocol"]))
        for c in ("signature-dispatch", "gc-freeze-prefork"):
            conv[c] += max(0, len(fn[c]) - len(fo[c]))
        # Annotated subscripts added (lines shift, so compare counts).
        conv["annotated-metadata"] += max(0, len(fn["annotated-metadata"]) - len(fo["annotated-metadata"]))
    return conv, changed


# --- the run -------------------------------------------------------------------------------


def compare(base1: dict, base2: dict | None, after: dict) -> tuple[list, list]:
    """Flaky tests (baseline runs disagree) and regressions (passed in every baseline run,
    not passed after)."""
    r1 = base1["results"]
    r2 = base2["results"] if base2 else r1
    flaky = sorted(t for t in set(r1) | set(r2) if r1.get(t, ("missing",))[0] != r2.get(t, ("missing",))[0])
    regressions = []
    ra = after["results"]
    if not ra and r1:
        tail = ""
        try:
            tail = Path(after["log"]).read_text().strip().splitlines()[-1][:200]
        except (OSError, IndexError):
            pass
        n = sum(1 for t, (o, _) in r1.items() if o == "passed")
        return flaky, [("<whole suite>", "error", f"no results after the rewrite ({n} tests passed before): {tail}; see {after['log']}")]
    for t, (o, _) in sorted(r1.items()):
        if o != "passed" or r2.get(t, ("missing",))[0] != "passed":
            continue
        oa, msg = ra.get(t, ("missing", "not run after the rewrite (collection error or crash?)"))
        if oa not in ("passed", "skipped"):
            regressions.append((t, oa, msg))
    return flaky, regressions


def run_lib(lib: Lib, args, cache: Path, logs: Path) -> dict:
    res: dict = {"name": lib.name, "version": lib.version, "sdist": lib.sdist, "modes": {}}
    root = pristine(lib, cache)
    res["sha256"] = sha256(cache / "sdists" / lib.sdist)
    py = venv(lib, cache)
    work = cache / "work" / lib.name
    # Rewrite first: a mode that changes nothing needs no test run.
    trees = {}
    for mode in args.modes:
        tree = fresh_copy(root, work / mode)
        files = source_files(lib, tree)
        dry = sturdy(args.sturdy, mode, lib, tree, write=False)
        try:
            skips, reasons, json_changed, json_errors = count_skips(dry.stdout)
        except json.JSONDecodeError:
            raise RuntimeError(f"{lib.name}: sturdy --format json gave no JSON: {dry.stderr[-2000:]}")
        wr = sturdy(args.sturdy, mode, lib, tree, write=True)
        if wr.returncode not in (0, 1):
            log(f"{lib.name}: {mode}: sturdy --write exited {wr.returncode}: {wr.stderr[-1500:]}")
        conv, changed = count_converted(root, tree, files)
        if sorted(changed) != sorted(json_changed):
            log(f"{lib.name}: {mode}: json changed {len(json_changed)} files, --write changed {len(changed)}")
        # Keep the diff for reviewers.
        diff = run(["diff", "-ru", "-x", ".complete", str(root), str(tree)], cwd=cache)
        (logs / f"{lib.name}-{mode}.diff").write_text(diff.stdout)
        trees[mode] = add_extras(lib, cache, py, tree)
        with_changed = with_libs(lib, args, cache, tree, mode, mode)
        res["modes"][mode] = {
            "files_changed": len(changed),
            "changed": changed,
            "converted": conv,
            "skipped": skips,
            "skip_reasons": reasons,
            "sturdy_errors": json_errors,
        }
        if lib.with_libs:
            res["modes"][mode]["with"] = with_changed
        log(f"{lib.name}: {mode}: {len(changed)} files changed, converted {conv}, skipped {skips}")
    def touched(m: dict) -> bool:  # this library's files or a `with_libs` library's changed
        return bool(m["changed"]) or any(w["files_changed"] for w in m.get("with", {}).values())

    if not any(touched(m) for m in res["modes"].values()) and not args.always_test:
        log(f"{lib.name}: sturdy changed nothing in any mode: tests not run")
        for m in res["modes"].values():
            m.update(before=None, after=None, flaky=[], regressions=[])
        return res
    def baseline(label: str) -> dict:
        tree = add_extras(lib, cache, py, fresh_copy(root, work / label))
        with_libs(lib, args, cache, tree, label, None)
        return run_tests(lib, py, tree, label, args.quick, logs, args.jobs)

    b1 = baseline("baseline1")
    b2 = None
    if not args.quick:
        b2 = baseline("baseline2")
    if not b1["counts"]["passed"]:
        raise RuntimeError(f"no test passed in the baseline run; see {b1['log']}")
    res["baseline"] = b1["counts"]
    res["baseline_seconds"] = b1["seconds"]
    for mode in args.modes:
        m = res["modes"][mode]
        if not touched(m):
            after = b1  # the tree is the pristine one: nothing to rerun
        else:
            after = run_tests(lib, py, trees[mode], mode, args.quick, logs, args.jobs)
        flaky, regressions = compare(b1, b2, after)
        m.update(before=b1["counts"], after=after["counts"], flaky=flaky, regressions=regressions)
        log(f"{lib.name}: {mode}: {len(regressions)} regression(s), {len(flaky)} flaky")
        for t, o, msg in regressions:
            log(f"  REGRESSION {t}: {o}: {msg}")
    return res


# --- report --------------------------------------------------------------------------------


def fmt_counts(c: dict | None) -> str:
    if c is None:
        return "not run (no change)"
    return f"{c['passed']}/{c['failed']}/{c['error']}"


def per_codemod(conv: dict, skips: dict) -> str:
    parts = []
    for c in CODEMODS:
        cv, sk = conv.get(c, 0), skips.get(c, 0)
        if cv or sk:
            parts.append(f"{SHORT[c]} {cv}/{sk}")
    return ", ".join(parts) or "–"


# What the suites cannot show: known wrong rewrites (issue 13) in these libraries that their own
# tests (as selected here, offline) do not catch. Kept in the report so a green row is not read
# as "this rewrite is right".
BLIND_SPOTS = [
    "botocore `response.py` `StreamingBody.__del__` is a no-op that keeps `io.IOBase.__del__` from "
    "closing the raw stream; converting it re-enables that (issue 13 item 1). No unit test here "
    "garbage-collects a StreamingBody and then reads the raw stream, so the row stays green.",
    "pymongo `gridfs/*/grid_file.py` `GridOut.__del__` over `io.IOBase` (issue 13 item 1): the "
    "tests that would notice need a MongoDB server and are skipped offline.",
    "Tests are not run for a library when sturdy changed none of its files (rows marked \"not run "
    "(no change)\"; since public interfaces stay ABCs these include redis, aiohttp, prompt_toolkit "
    "and IPython): rerun with `--always-test` to run them anyway.",
    "regex `_regex_core.py` (six `__del__` doing `self.info = None`) and openapi-spec-validator "
    "`CachedIterable.__del__` (`del self.cache`) only drop references: their suites check "
    "results, not when memory is released, so a green row shows a conversion keeps results "
    "right, not that it frees memory as early.",
    "fsspec's zip/tar/archive tests are upstream's at tag 2026.7.0 (the 2026.9.0 sdist ships "
    "none; they are fetched into <cache>/overlays/fsspec, see the fsspec entry); its 17 libarchive tests are skipped "
    "(no libarchive here). IPython runs only its utils tests (`Tee` in test_io.py).",
    "opentelemetry-api and -sdk: their public interfaces stay ABCs (sturdy's default since this "
    "harness found the SDK's 98 regressions from the API's `Span`), including those of namespace "
    "packages (`opentelemetry.propagators`) and those re-exported from `_internal` modules "
    "(`Aggregation`, `ExemplarFilter`). Interfaces reachable only through underscore modules are "
    "converted: the API's `LoggerProvider` (`opentelemetry._logs`, its experimental logs API) "
    "becomes a Protocol without `@runtime_checkable`, so an `isinstance()` against it in code "
    "outside the project would raise TypeError; neither suite does that.",
    "opentelemetry-sdk `_configuration._import_exporters` checks `issubclass(cls, LogRecordExporter)`: "
    "as a `@runtime_checkable` Protocol the check is structural, so a span exporter configured as a log "
    "exporter is accepted instead of raising RuntimeError. sturdy's note on the class says so; no "
    "test configures a wrong exporter (repro/nominal-check).",
]


# Causes of the regressions above, found by hand (diffing the rewritten trees, reverting one
# conversion at a time); shown under the library's regressions while it has any.
REGRESSION_CAUSES = {
    "opentelemetry-sdk": (
        "all from the API's rewrite (the SDK's own 9 conversions keep its 929 tests green with "
        "the pristine API; reverting only `opentelemetry/trace/span.py` in the rewritten API makes "
        "all pass): abc-to-protocol turns the public ABC `opentelemetry.trace.span.Span` into a "
        "`@runtime_checkable` Protocol. The SDK's `class Span(trace_api.Span, ReadableSpan)` calls "
        "`super().__init__(...)`, which reaches `ReadableSpan.__init__` through the interface; as "
        "a Protocol, the interface's `__init__` is typing's `_no_init_or_replace_init`, which ends "
        "the chain (Python 3.8 to 3.13), so no SDK span gets its state (`_start_time`, `_context` "
        "...). sturdy checks this cooperative-`__init__` hazard only for subclasses inside the "
        "project; a public interface's subclasses in other distributions are unknown. "
        "Minimal reproduction: repro/external-subclass."
    ),
}


def report(results: list[dict]) -> str:
    runs: dict[tuple[str, str], list[str]] = {}
    for r in results:
        run_ = r.get("run", {})
        key = (run_.get("command", "?"), run_.get("sturdy", "?"))
        runs.setdefault(key, []).append(f"{r['name']} {run_.get('date', '?')}")
    lines = [
        "# Real-world harness results",
        "",
        "Real libraries' own test suites, run on pristine source and again after `sturdy --write`",
        "on the source package only (see `scripts/realworld.py` for the pinned versions, sha256,",
        "the test selections and why each library was chosen).",
        "",
        "Runs that produced these rows (a later `--only NAME` run replaces that library's rows):",
        "",
        *[f"- `{c}` with {v}: {', '.join(libs)}" for (c, v), libs in runs.items()],
        f"- Python {sys.version.split()[0]} in every venv (each library's `python` in the script)",
        "",
        "Columns: *converted/skipped* per codemod (del = del-to-finalize, abc = abc-to-protocol,",
        "dispatch = signature-dispatch, gc = gc-freeze-prefork, annot = annotated-metadata);",
        "tests as passed/failed/errors (skipped not shown); *flaky* = tests whose outcome differed",
        "between the two baseline runs; *regressions* = passed in both baseline runs, not after.",
        "*A + B*: A's suite, run on A's rewrite and on B's (rewritten in the same mode, with the",
        "pristine B for the baseline): B is a library A builds on (`with_libs` in the script).",
        "",
        "| library | version | mode | files changed | converted/skipped per codemod | tests before | tests after | flaky | regressions |",
        "| --- | --- | --- | ---: | --- | --- | --- | ---: | ---: |",
    ]
    total_conv = {m: 0 for m in MODES}
    total_reg = {m: 0 for m in MODES}
    whole_suites = {m: 0 for m in MODES}
    for r in results:
        if "error" in r:
            lines.append(f"| {r['name']} | {r.get('version', '')} | – | – | harness error: {r['error'][:120]} | | | | |")
            continue
        for mode, m in r["modes"].items():
            total_conv[mode] += sum(m["converted"].values())
            nreg = len(m["regressions"])
            if any(x[0] == "<whole suite>" for x in m["regressions"]):
                nreg = f"all ({m['before']['passed']})" if m.get("before") else "all"
            total_reg[mode] += 1 if isinstance(nreg, str) else nreg
            whole_suites[mode] += 1 if isinstance(nreg, str) else 0
            q = " (quick)" if r.get("run", {}).get("quick") else ""
            name, conv = r["name"], per_codemod(m["converted"], m["skipped"])
            for wname, w in m.get("with", {}).items():
                # A `with_libs` library rewritten in the same mode (its own row counts them).
                name += f" + {wname}"
                conv += f"; {wname}: {per_codemod(w['converted'], {})}"
            lines.append(
                f"| {name} | {r['version']} | {mode}{q} | {m['files_changed']} | "
                f"{conv} | {fmt_counts(m['before'])} | "
                f"{fmt_counts(m['after'])} | {len(m['flaky'])} | {nreg} |"
            )
    lines.append("")
    for mode in MODES:
        if any(mode in r.get("modes", {}) for r in results):
            w = f" (a whole suite that fails to run counts as one: {whole_suites[mode]})" if whole_suites[mode] else ""
            lines.append(f"- Mode `{mode}`: {total_conv[mode]} conversions, {total_reg[mode]} regressions in total{w}.")
    lines += ["", "## Per codemod (all libraries)", ""]
    for mode in MODES:
        conv: dict[str, int] = {}
        skip: dict[str, int] = {}
        reasons: dict[str, dict[str, int]] = {}
        for r in results:
            m = r.get("modes", {}).get(mode)
            if not m:
                continue
            for c, n in m["converted"].items():
                conv[c] = conv.get(c, 0) + n
            for c, n in m["skipped"].items():
                skip[c] = skip.get(c, 0) + n
            for c, rs in m["skip_reasons"].items():
                for k, n in rs.items():
                    reasons.setdefault(c, {})
                    reasons[c][k] = reasons[c].get(k, 0) + n
        if not conv and not skip:
            continue
        lines.append(f"### Mode `{mode}`")
        lines.append("")
        for c in CODEMODS:
            if not conv.get(c) and not skip.get(c):
                continue
            lines.append(f"- **{c}**: {conv.get(c, 0)} converted, {skip.get(c, 0)} skipped")
            top = sorted(reasons.get(c, {}).items(), key=lambda kv: -kv[1])[:3]
            for k, n in top:
                lines.append(f"  - {n}× {k}")
        lines.append("")
    lines += ["## Regressions", ""]
    any_reg = False
    for r in results:
        for mode, m in r.get("modes", {}).items():
            regs = m["regressions"]
            whole = [x for x in regs if x[0] == "<whole suite>"]
            if whole:
                regs = whole
            for t, o, msg in regs[:10]:
                any_reg = True
                lines.append(f"- **{r['name']}** ({mode}): `{t}` → {o}: `{msg}`")
            if len(regs) > 10:
                # Many regressions usually share a cause: count the rest by first error line.
                by_msg: dict[str, int] = {}
                for _, o, msg in regs[10:]:
                    by_msg[f"{o}: `{msg}`"] = by_msg.get(f"{o}: `{msg}`", 0) + 1
                top = sorted(by_msg.items(), key=lambda kv: -kv[1])
                lines.append(
                    f"- **{r['name']}** ({mode}): {len(regs) - 10} more: "
                    + "; ".join(f"{n}× {k}" for k, n in top[:5])
                    + (f"; {sum(n for _, n in top[5:])} others" if len(top) > 5 else "")
                )
            if regs and r["name"] in REGRESSION_CAUSES and mode == list(r["modes"])[-1]:
                lines.append(f"- **{r['name']}**: cause: {REGRESSION_CAUSES[r['name']]}")
    if not any_reg:
        lines.append("None.")
    lines += ["", "## Flaky tests (outcome differed between the two baseline runs)", ""]
    any_flaky = False
    for r in results:
        fl = sorted({t for m in r.get("modes", {}).values() for t in m["flaky"]})
        if fl:
            any_flaky = True
            lines.append(f"- **{r['name']}**: " + ", ".join(f"`{t}`" for t in fl[:20]) + (" …" if len(fl) > 20 else ""))
    if not any_flaky:
        lines.append("None.")
    lines += ["", "## What these suites do not show", ""]
    lines += [f"- {b}" for b in BLIND_SPOTS]
    lines += ["", "## Files changed", ""]
    for r in results:
        for mode, m in r.get("modes", {}).items():
            if m["changed"]:
                shown = ", ".join(f"`{p}`" for p in m["changed"][:15])
                more = f" and {len(m['changed']) - 15} more" if len(m["changed"]) > 15 else ""
                lines.append(f"- {r['name']} ({mode}): {shown}{more}")
    lines.append("")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sturdy", default=str(REPO / "target" / "release" / "sturdy"), help="the sturdy binary")
    ap.add_argument("--only", default="", help="comma-separated library names (default: all)")
    ap.add_argument("--modes", default="default,all", help="comma-separated: default, all")
    ap.add_argument("--quick", action="store_true", help="smaller test selections, one baseline run")
    ap.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="pytest-xdist workers for the big suites (default 1: no xdist; on a busy 2-core "
        "machine xdist's start-up costs more than it saves)",
    )
    ap.add_argument("--cache", default=str(Path.home() / ".cache" / "sturdy-realworld"))
    ap.add_argument("--output", default=str(REPO / "REALWORLD.md"), help="markdown report ('-' for stdout)")
    ap.add_argument("--list", action="store_true", help="list the libraries and exit")
    ap.add_argument("--report", action="store_true", help="only rewrite the report from stored results")
    ap.add_argument("--always-test", action="store_true", help="run the tests even when sturdy changes nothing")
    ap.add_argument("--prepare-only", action="store_true", help="download, extract and build venvs, then exit")
    args = ap.parse_args()
    if args.list:
        for lib in LIBS:
            print(f"{lib.name}=={lib.version}  {lib.why}")
        return 0
    args.modes = [m for m in args.modes.split(",") if m]
    for m in args.modes:
        if m not in MODES:
            ap.error(f"unknown mode {m!r}; valid: {', '.join(MODES)}")
    only = {n for n in args.only.split(",") if n}
    unknown = only - {lib.name for lib in LIBS}
    if unknown:
        ap.error(f"unknown library {sorted(unknown)}; valid: {', '.join(lib.name for lib in LIBS)}")
    libs = [lib for lib in LIBS if not only or lib.name in only]
    binary = str(Path(args.sturdy).resolve())
    if not Path(binary).exists():
        ap.error(f"no sturdy binary at {binary}: run `cargo build --release` or pass --sturdy PATH")
    version = run([binary, "--version"]).stdout.strip()
    cache = Path(args.cache)
    global CACHE
    CACHE = str(cache)
    logs = cache / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    # Downloads and venvs are network/disk bound: prepare them three at a time up front.
    prep_errors: dict[str, str] = {}

    def prepare(lib: Lib) -> None:
        try:
            pristine(lib, cache)
            py = venv(lib, cache)
            if lib.build:
                built(lib, cache, py)
        except Exception as e:
            prep_errors[lib.name] = str(e)

    if not args.report:
        with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
            list(pool.map(prepare, libs))
    if args.prepare_only:
        for n, e in prep_errors.items():
            log(f"{n}: {e}")
        return 1 if prep_errors else 0
    command = ("python3 scripts/realworld.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])).strip()
    stored = cache / "results"
    stored.mkdir(exist_ok=True)
    results = []
    for lib in libs if not args.report else []:
        try:
            if lib.name in prep_errors:
                raise RuntimeError(prep_errors[lib.name])
            if missing_overlay(lib):
                raise RuntimeError(missing_overlay(lib))
            r = run_lib(lib, args, cache, logs)
        except Exception as e:  # report and go on with the next library
            log(f"{lib.name}: harness error: {e}")
            r = {"name": lib.name, "version": lib.version, "error": str(e), "modes": {}}
        r["run"] = {"date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                    "command": command, "sturdy": f"{version} ({binary})", "quick": args.quick}
        # Kept per library, so that a later `--only NAME` run updates one row of the report.
        (stored / f"{lib.name}.json").write_text(json.dumps(r, indent=1, default=list))
        results.append(r)
    # The report covers every library with stored results (this run's and earlier ones').
    results = []
    for lib in LIBS:
        f = stored / f"{lib.name}.json"
        if f.exists():
            results.append(json.loads(f.read_text()))
    md = report(results)
    if args.output == "-":
        print(md)
    else:
        Path(args.output).write_text(md)
        log(f"wrote {args.output}")
    regressions = sum(len(m["regressions"]) for r in results for m in r.get("modes", {}).values())
    errors = sum(1 for r in results if "error" in r)
    return 1 if regressions or errors else 0


if __name__ == "__main__":
    sys.exit(main())
