#!/usr/bin/env python3
"""Benchmark sturdy against the physical floor (read + parse) on the Python stdlib.

Usage:
    scripts/bench.py [--runs N] [--no-build] [--keep DIR] [--scales 1,2,4]
                     [--baseline PATH/TO/OTHER/sturdy]

What it does, in one run:
  1. `cargo build --release --bins --features bench` (unless --no-build): builds `sturdy` and
     `sturdy-parse-bench` (src/bin/sturdy-parse-bench.rs: the CLI's file walk, then
     read + decode + parse with the same parser and options on the same kind of
     worker threads, nothing else).
  2. Copies the stdlib that `python3` reports (minus site-packages and
     __pycache__, only *.py/*.pyi) to a temp dir, once per scale (1x, 2x, 4x are
     real copies, not hard links).
  3. Runs each measurement --runs times (default 5), interleaved so that load
     spikes on a shared machine hit every measurement alike, and reports medians:
       (a) floor:  sturdy-parse-bench --jobs J <corpus>
       (b) sturdy: sturdy --check --select all --quiet --jobs J <corpus>
     for J = 1 and 2 at 1x, and J = 2 at every scale. Wall time, CPU-seconds
     (user + sys, from wait4) and peak RSS (ru_maxrss of the child) are recorded
     per run; throughput is by median wall time.

(c) ruff:   ruff check --select B024,B027 --no-cache --quiet <corpus> at 1x (ruff's own
            thread pool: all cores), when ruff is installed; sturdy must be no slower.
(d) project facts: one file named alone inside a project (a `pyproject.toml` is put at the 1x
    corpus root for this row only), with and without --no-project-facts: the cost of
    indexing the rest of the project for a pre-commit-style run.

(b) is also measured with STURDY_NO_ARENA=1: parses in the plain allocator, each AST
dropped node by node, as the floor (a) does (the arenas' share of the difference).

--baseline adds (b) rows for another sturdy binary (say, a build of the previous
commit) at 1x, for a before/after comparison in the same run.

Prints a Markdown report (used verbatim in BENCHMARKS.md). Exit status is 0 even
when a target is missed: the numbers are for people, not for CI.
"""

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def target_dir():
    if os.environ.get("CARGO_TARGET_DIR"):
        return os.path.abspath(os.environ["CARGO_TARGET_DIR"])
    out = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout
    import json
    return json.loads(out)["target_directory"]


def copy_stdlib(dst):
    """Copy the stdlib's *.py/*.pyi files to dst; return (files, bytes, lines)."""
    src = sysconfig.get_paths()["stdlib"]
    files = size = lines = 0
    for root, dirs, names in os.walk(src):
        dirs[:] = sorted(d for d in dirs if d not in ("site-packages", "__pycache__"))
        for name in sorted(names):
            if not name.endswith((".py", ".pyi")):
                continue
            p = os.path.join(root, name)
            if os.path.islink(p) or not os.path.isfile(p):
                continue
            t = os.path.join(dst, os.path.relpath(p, src))
            os.makedirs(os.path.dirname(t), exist_ok=True)
            shutil.copyfile(p, t)
            with open(p, "rb") as f:
                data = f.read()
            files += 1
            size += len(data)
            lines += data.count(b"\n")
    return files, size, lines


def run_once(cmd, cwd, env=None):
    """Run cmd (with env added); return (wall s, cpu s, peak rss MiB, exit code)."""
    full = dict(os.environ, **env) if env else None
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # Read stderr before waiting so a chatty child cannot block on a full pipe.
    err = proc.stderr.read()
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1, 2):
        sys.exit(f"bench: {' '.join(cmd)} failed with {proc.returncode}:\n{err.decode(errors='replace')}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, proc.returncode


def machine():
    cpu = "?"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                cpu = line.split(":", 1)[1].strip()
    except OSError:
        pass
    mem = "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} CPUs ({cpu}), {mem} RAM, {platform.system()} {platform.release()}, load average at start {load}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--scales", default="1,2,4")
    ap.add_argument("--keep", help="build the corpora in this directory and keep them")
    ap.add_argument("--baseline", help="another sturdy binary to measure like (b), at 1x")
    args = ap.parse_args()
    scales = [int(s) for s in args.scales.split(",")]

    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--bins", "--features", "bench", "--quiet"], cwd=ROOT, check=True)
    tdir = target_dir()
    sturdy = os.path.join(tdir, "release", "sturdy")
    floor = os.path.join(tdir, "release", "sturdy-parse-bench")

    work = args.keep or tempfile.mkdtemp(prefix="sturdy-bench-")
    os.makedirs(work, exist_ok=True)
    try:
        base = os.path.join(work, "x1", "copy0")
        shutil.rmtree(base, ignore_errors=True)
        files, size, lines = copy_stdlib(base)
        corpora = {1: os.path.join(work, "x1")}
        for s in scales:
            if s == 1:
                continue
            d = os.path.join(work, f"x{s}")
            shutil.rmtree(d, ignore_errors=True)
            for i in range(s):
                shutil.copytree(base, os.path.join(d, f"copy{i}"))
            corpora[s] = d

        def a(jobs, scale):
            return [floor, "--jobs", str(jobs), corpora[scale]]

        def b(jobs, scale, binary=sturdy):
            return [binary, "--check", "--select", "all", "--quiet", "--jobs", str(jobs), corpora[scale]]

        ruff = shutil.which("ruff")
        project = os.path.join(work, "project")
        shutil.rmtree(project, ignore_errors=True)
        shutil.copytree(base, project)
        with open(os.path.join(project, "pyproject.toml"), "w") as f:
            f.write("[project]\nname = 'bench'\n")
        one = os.path.join(project, "tempfile.py")

        def command(p):
            kind, jobs, scale = p
            if kind == "a":
                return a(jobs, scale)
            if kind == "ruff":
                return [ruff, "check", "--select", "B024,B027", "--no-cache", "--quiet", "--exit-zero", corpora[scale]]
            if kind == "one":
                return [sturdy, "--check", "--quiet", "--jobs", str(jobs), one]
            if kind == "one-nofacts":
                return [sturdy, "--check", "--quiet", "--no-project-facts", "--jobs", str(jobs), one]
            if kind == "base":
                return b(jobs, scale, os.path.abspath(args.baseline))
            return b(jobs, scale)

        plan = [("a", 1, 1), ("b", 1, 1), ("a", 2, 1), ("b", 2, 1), ("noarena", 1, 1), ("noarena", 2, 1)]
        plan += [(k, 2, s) for s in scales if s != 1 for k in ("a", "b")]
        if args.baseline:
            plan += [("base", 1, 1), ("base", 2, 1)]
        if ruff:
            plan += [("ruff", 2, 1)]
        plan += [("one", 2, 1), ("one-nofacts", 2, 1)]
        samples = {p: [] for p in plan}
        def env(p):
            return {"STURDY_NO_ARENA": "1"} if p[0] == "noarena" else None

        # Warm the page cache and check the binaries work.
        for p in plan:
            run_once(command(p), work, env(p))
        for _ in range(args.runs):
            for p in plan:
                samples[p].append(run_once(command(p), work, env(p)))

        def med(p, i):
            return statistics.median(s[i] for s in samples[p])

        rows = []
        for p in plan:
            kind, jobs, scale = p
            wall, cpu = med(p, 0), med(p, 1)
            rss = max(s[2] for s in samples[p])
            n_files, n_lines, mb = files * scale, lines * scale, size * scale / 1e6
            name = {
                "a": "(a) read + parse",
                "b": "(b) sturdy --check --select all",
                "base": "(b) with --baseline binary",
                "noarena": "(b) with STURDY_NO_ARENA=1 (ASTs freed node by node)",
                "ruff": "(c) ruff check --select B024,B027 --no-cache",
                "one": "(d) sturdy --check tempfile.py in a project (default set)",
                "one-nofacts": "(d) the same with --no-project-facts",
            }[kind]
            rows.append(
                f"| {name} | {scale}x | {jobs} | {wall:.3f} | {cpu:.2f} | "
                f"{n_files / wall:,.0f} | {n_lines / wall / 1e6:.2f} M | {mb / wall:.1f} | {rss:.0f} |"
            )

        out = []
        out.append(f"Date: {datetime.date.today().isoformat()}  ")
        out.append(f"Machine: {machine()}  ")
        out.append(f"Corpus (1x): {files:,} files, {lines:,} lines, {size / 1e6:.1f} MB "
                   f"(stdlib of Python {platform.python_version()} minus site-packages)  ")
        out.append(f"Runs: median of {args.runs} interleaved runs after one warm-up (page cache warm)")
        out.append("")
        out.append("| measurement | corpus | jobs | wall s | CPU s | files/s | lines/s | MB/s | peak RSS MiB |")
        out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        out.extend(rows)
        out.append("")
        for jobs in (1, 2):
            rw = med(("b", jobs, 1), 0) / med(("a", jobs, 1), 0)
            rc = med(("b", jobs, 1), 1) / med(("a", jobs, 1), 1)
            out.append(f"- (b)/(a) at --jobs {jobs}: **{rw:.2f}** by wall time, {rc:.2f} by CPU time (target <= 1.5)")
        out.append(f"- peak RSS of (b) at 1x: **{max(max(s[2] for s in samples[('b', j, 1)]) for j in (1, 2)):.0f} MiB** (target <= 150)")
        for kind, label in (("b", "sturdy"), ("a", "floor")):
            sp = med((kind, 1, 1), 0) / med((kind, 2, 1), 0)
            cpu_ratio = med((kind, 2, 1), 1) / med((kind, 1, 1), 1)
            out.append(f"- --jobs 1 -> 2 speed-up ({label}): **{sp:.2f}x** wall "
                       f"(CPU-seconds at jobs 2 / jobs 1: {cpu_ratio:.2f}; target >= 1.7x for sturdy)")
        lin = ", ".join(
            f"{s}x: {med(('b', 2, s), 0) / s:.3f} s wall, {med(('b', 2, s), 1) / s:.2f} CPU-s"
            for s in sorted(corpora)
        )
        out.append(f"- linearity, (b) at --jobs 2 per 1x of corpus: {lin}")
        if ruff:
            rr = med(("b", 2, 1), 0) / med(("ruff", 2, 1), 0)
            out.append(f"- (b) at --jobs 2 / (c) ruff: **{rr:.2f}** by wall time (target <= 1.0; "
                       f"{subprocess.run([ruff, '--version'], capture_output=True, text=True).stdout.strip()})")
        pf = med(("one", 2, 1), 0) - med(("one-nofacts", 2, 1), 0)
        out.append(f"- cost of project facts for one named file (d): **{pf:.3f} s** wall "
                   f"({med(('one', 2, 1), 0):.3f} s with, {med(('one-nofacts', 2, 1), 0):.3f} s without)")
        print("\n".join(out))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
