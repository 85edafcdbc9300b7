#!/usr/bin/env python3
"""Keeps formwork linear: counts the instructions the library pipeline executes for the
fleet with N units (callgrind counts instructions, so the numbers do not depend on how
busy the machine is) and fails when the instructions per unit grow with N.

    python3 bench/linearity.py                  # N = 100 and 1,000; fails above 1.10 ×
    python3 bench/linearity.py --units 100,1000,10000 --max-ratio 1.05
    python3 bench/linearity.py --keep DIR       # keep the callgrind files for callgrind_annotate

Each N runs `formwork-bench --child N 1 --once` (model -> expand -> validate ->
CloudFormation and SAM YAML, once) under `valgrind --tool=callgrind`. Needs valgrind
(Debian: `apt-get install valgrind`). Exit status: 0 linear, 1 not, 2 cannot run.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "target", "release", "formwork-bench")


def instructions(units, out_file):
    cmd = [
        "valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}",
        BENCH, "--child", str(units), "1", "--once",
    ]
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    m = re.search(r"Collected\s*:\s*(\d+)", p.stderr)
    if p.returncode != 0 or not m:
        sys.exit(f"error: callgrind failed for N = {units}:\n{p.stderr[-2000:]}")
    return int(m.group(1))


def main():
    parser = argparse.ArgumentParser(description="instructions per unit of the formwork pipeline, by N")
    parser.add_argument("--units", default="100,1000", help="comma-separated N (default 100,1000)")
    parser.add_argument("--max-ratio", type=float, default=1.10, help="largest allowed growth (default 1.10)")
    parser.add_argument("--keep", metavar="DIR", help="keep callgrind.N.out files in DIR")
    parser.add_argument("--no-build", action="store_true", help="use target/release as it is")
    args = parser.parse_args()
    units = [int(n) for n in args.units.split(",")]
    if shutil.which("valgrind") is None:
        print("error: valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    if not args.no_build:
        b = subprocess.run(["cargo", "build", "--release", "-q", "-p", "formwork-bench"], cwd=ROOT)
        if b.returncode != 0:
            return 2
    out_dir = args.keep or tempfile.mkdtemp(prefix="formwork-linearity-")
    os.makedirs(out_dir, exist_ok=True)
    rows = []
    for n in units:
        ir = instructions(n, os.path.join(out_dir, f"callgrind.{n}.out"))
        rows.append((n, ir, ir / n))
    base = rows[0][2]
    print(f"{'N':>7} {'instructions':>15} {'per unit':>11} {'× N=' + str(rows[0][0]):>9}")
    for n, ir, per in rows:
        print(f"{n:>7} {ir:>15,} {per:>11,.0f} {per / base:>9.3f}")
    worst = max(per / base for _, _, per in rows)
    if args.keep:
        print(f"callgrind files in {out_dir}: callgrind_annotate --inclusive=yes FILE | head -60")
    else:
        shutil.rmtree(out_dir, ignore_errors=True)
    if worst > args.max_ratio:
        print(f"error: instructions per unit grow {worst:.3f} × (allowed {args.max_ratio}): something is not linear",
              file=sys.stderr)
        return 1
    print(f"linear: instructions per unit within {worst:.3f} × of N = {rows[0][0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
