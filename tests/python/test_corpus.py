"""Tests for scripts/corpus.py: conversion attribution, reason classes, and the
compile / idempotence checks (with a stand-in for the sturdy binary).

    python3 -m unittest discover -s tests/python -p test_corpus.py -v
"""

import argparse
import glob
import importlib.util
import json
import os
import stat
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
spec = importlib.util.spec_from_file_location("corpus", ROOT / "scripts" / "corpus.py")
corpus = importlib.util.module_from_spec(spec)
sys.modules["corpus"] = corpus
spec.loader.exec_module(corpus)


class AttributionTest(unittest.TestCase):
    def test_every_fixture_is_attributed_to_its_own_codemod(self):
        checked = 0
        for name in corpus.CODEMODS:
            for inp in sorted(glob.glob(str(ROOT / "codemods" / name / "*.input.py"))):
                exp = inp.replace(".input.py", ".expected.py")
                args = inp.replace(".input.py", ".args")
                if not os.path.exists(exp) or os.path.exists(args):
                    continue  # unchanged case, or options (e.g. another helper name)
                old = corpus.decode(Path(inp).read_bytes())
                new = corpus.decode(Path(exp).read_bytes())
                items, err = corpus.attribute(old, new)
                with self.subTest(case=inp):
                    self.assertIsNone(err)
                    self.assertTrue(items, "no conversion recognised")
                    self.assertEqual({i["codemod"] for i in items}, {name})
                checked += 1
        self.assertGreater(checked, 50)

    def test_names_and_lines(self):
        old = textwrap.dedent(
            """\
            import abc

            class Reader(abc.ABC):
                @abc.abstractmethod
                def read(self): ...

            class Temp:
                def __init__(self, path):
                    self.path = path

                def __del__(self):
                    os.remove(self.path)
            """
        )
        new = textwrap.dedent(
            """\
            import abc
            import weakref
            from typing import Protocol

            class Reader(Protocol):
                @abc.abstractmethod
                def read(self): ...

            class Temp:
                def __init__(self, path):
                    self.path = path
                    self._finalizer = weakref.finalize(self, os.remove, self.path)
            """
        )
        items, err = corpus.attribute(old, new)
        self.assertIsNone(err)
        got = sorted((i["codemod"], i["line"], i["name"]) for i in items)
        self.assertEqual(got, [("abc-to-protocol", 3, "Reader"), ("del-to-finalize", 7, "Temp")])


class ReasonClassTest(unittest.TestCase):
    def test_specifics_are_replaced(self):
        a = corpus.reason_class(
            "a subclass defines its own `__del__` at pkg/b.py:4 (class Child); convert the class hierarchy by hand"
        )
        b = corpus.reason_class(
            "a subclass defines its own `__del__` at other/deep/c.py:120 (class Other); convert the class hierarchy by hand"
        )
        self.assertEqual(a, b)
        self.assertIn("`__del__`", a)
        self.assertEqual(
            corpus.reason_class("`__del__` calls `self.close()`: ... (line 12)"),
            corpus.reason_class("`__del__` calls `self._release()`: ... (line 7)"),
        )
        self.assertIn("UTF-8", corpus.reason_class("sturdy only edits UTF-8 files"))


FAKE_STURDY = r'''#!PYTHON
import json, sys
if "--version" in sys.argv:
    print("fake 0"); sys.exit()
if "--list" in sys.argv:
    print("del-to-finalize      [default] x"); sys.exit()
# grows on every run: not idempotent
with open("pkg/grow.py", "a") as f:
    f.write("x = 1\n")
# breaks a file that compiled, and one that did not compile before (not held against it)
for name in ("pkg/breaks.py", "pkg/was_broken.py"):
    src = open(name).read()
    if "BROKEN" not in src:
        open(name, "w").write(src + "\nBROKEN = (\n")
print(json.dumps({"version": 1, "files": [
    {"path": "pkg/grow.py", "status": "changed", "suppressed": [], "errors": [],
     "diagnostics": [{"codemod": "del-to-finalize", "severity": "skip",
                      "start": {"line": 1, "column": 1}, "end": {"line": 1, "column": 1},
                      "message": "`__del__` calls `self.close()` (line 3)"}]}]}))
print("sturdy: 3 files scanned, 2 files changed", file=sys.stderr)
'''


class CheckRunTest(unittest.TestCase):
    def test_compile_failures_and_idempotence_are_found(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            pristine = tmp / "pristine"
            (pristine / "pkg").mkdir(parents=True)
            (pristine / "pkg" / "grow.py").write_text("y = 0\n")
            (pristine / "pkg" / "breaks.py").write_text("v = 1\n")
            (pristine / "pkg" / "was_broken.py").write_text("def (:\n")
            (pristine / "pkg" / "same.py").write_text("z = 2\n")
            fake = tmp / "sturdy"
            fake.write_text(FAKE_STURDY.replace("PYTHON", sys.executable))
            fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
            work = tmp / "work"
            corpus.copy_tree(pristine, work)
            args = argparse.Namespace(sturdy=str(fake), jobs=1)
            r = corpus.check_run(
                project="p", version="1", kind="sdist", mode="default", pristine=pristine, work=work,
                rels=["pkg"], prefix="p/", args=args, pythons={"host": sys.executable},
            )
        self.assertEqual(r["changed_files"], ["p/pkg/breaks.py", "p/pkg/grow.py", "p/pkg/was_broken.py"])
        self.assertEqual(r["diagnostics"][0]["reason"], "`__del__` calls `self.X()` (line N)")
        self.assertEqual([n["path"] for n in r["not_idempotent"]], ["p/pkg/grow.py"])
        failures = [(f["path"], f["python"]) for f in r["compile_failures"]]
        self.assertEqual(failures, [("p/pkg/breaks.py", "host")])
        self.assertIsNone(r["crash"])
        json.dumps(r)  # what --json saves


if __name__ == "__main__":
    unittest.main()
