#!/usr/bin/env python3
"""Decisions must not depend on how sturdy is invoked: check it on a real tree.

Usage:
    scripts/invariance.py [--sturdy BIN] [--select SEL] ROOT SRC [SRC...]

ROOT is a project (the directory holding its pyproject.toml, setup.py, setup.cfg or .git);
SRC are its source directories, relative to ROOT. One dry run over the SRC directories from
ROOT gives every file's diff and diagnostics. Then each file with a diff or a diagnostic is
named again, alone, three ways:

  alone   its path relative to ROOT, from ROOT (what a pre-commit hook does);
  abs     its absolute path, from another directory (a temporary one);
  sub     its path relative to the first SRC directory, from that directory
          (`cd pkg && sturdy mod.py`).

Each must give the same diff hunks and the same diagnostics (places in messages are
compared as files, whichever way the run names them: relative to its current directory or
absolute). Differences are printed; the exit status is 1 when there is any.

Dry runs only: nothing is written. Only the standard library is used.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLACE = re.compile(r"(/?(?:[\w.\-]+/)*[\w.\-]+\.pyi?)(:\d+)")


def outcomes(sturdy, select, root, args, cwd):
    """Each named file's (diff hunks, diagnostics), by absolute path."""
    p = subprocess.run(
        [sturdy, "--select", select, "--format", "json", *args],
        cwd=cwd, capture_output=True, text=True,
    )
    data = json.loads(p.stdout)

    def place(m):
        a = os.path.normpath(os.path.join(cwd, m.group(1)))
        name = os.path.relpath(a, root) if a.startswith(root + os.sep) else m.group(1)
        return name + m.group(2)

    out = {}
    for f in data["files"]:
        path = os.path.normpath(os.path.join(cwd, f["path"]))
        diags = sorted(
            (d["codemod"], d["start"]["line"], d["start"]["column"], PLACE.sub(place, d["message"]))
            for d in f["diagnostics"]
        )
        diff = "\n".join(
            line for line in (f.get("diff") or "").splitlines()
            if not line.startswith(("---", "+++"))
        )
        out[path] = (diff, diags)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sturdy", default=os.path.join(ROOT, "target", "release", "sturdy"))
    ap.add_argument("--select", default="all")
    ap.add_argument("root")
    ap.add_argument("src", nargs="+")
    a = ap.parse_args()
    root = os.path.abspath(a.root)
    whole = outcomes(a.sturdy, a.select, root, a.src, root)
    # Files this run would create (the dispatch helper module) do not exist to be named.
    named = [p for p, (diff, diags) in whole.items() if (diff or diags) and os.path.exists(p)]
    print(f"{len(whole)} files, {len(named)} with a diff or diagnostics", flush=True)
    sub = os.path.join(root, a.src[0])
    bad = 0
    with tempfile.TemporaryDirectory() as elsewhere:
        for p in named:
            for label, arg, cwd in (
                ("alone", os.path.relpath(p, root), root),
                ("abs", p, elsewhere),
                ("sub", os.path.relpath(p, sub), sub),
            ):
                got = outcomes(a.sturdy, a.select, root, [arg], cwd).get(p)
                if got == whole[p]:
                    continue
                bad += 1
                print(f"DIFFERENT ({label}, `sturdy {arg}` from {cwd}): {os.path.relpath(p, root)}")
                if got is None:
                    print("  no outcome")
                    continue
                if got[0] != whole[p][0]:
                    print("  the diff differs")
                for x in sorted(set(got[1]) - set(whole[p][1])):
                    print("  only named alone:", x[:3], x[3])
                for x in sorted(set(whole[p][1]) - set(got[1])):
                    print("  only in the whole run:", x[:3], x[3])
    print(f"{bad} differences")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
