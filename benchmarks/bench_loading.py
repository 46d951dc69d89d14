"""Benchmark: how long `load_csv` takes on a big CSV file, and how much memory it needs.

It writes a CSV file of random numbers (columns x1, x2, y; 17 significant digits, as Python
prints a float) into a temporary folder, loads it with ``load_csv(file, ["x1", "x2"], "y")``
(every column: the most it can be asked to keep), and prints

    CPU time   time.process_time of the load alone, in s and in us per row;
    maxrss     the load's fresh Python process at its peak resident size (resource.getrusage),
               in all and above what it held before the load (Python, numpy, microgd imported);
    traced     tracemalloc's peak of Python's own allocations during the load, in a run of its own
               (tracing slows Python down, so no time is taken with it),

each beside the file's size and as a multiple of it. The loaded lists themselves hold each
number as a 24-byte float object plus an 8-byte pointer (and each row is a list of its own), so
the result alone is some 3 to 4 times the file; what streaming saves is everything else.

    python benchmarks/bench_loading.py                   # 1,000,000 rows
    python benchmarks/bench_loading.py --size-mb 200     # as many rows as make about 200 MB
    python benchmarks/bench_loading.py --rows 20000      # tiny, quick

Every reading is taken in a fresh Python process (this file, with a hidden --worker flag), so no
run inherits another's memory. The microgd imported is the one in this checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BYTES_PER_ROW = 57  # about: three 17-digit floats with their separators (for --size-mb)


def write_csv(path: Path, rows: int, seed: int = 0) -> None:
    """A CSV file of `rows` rows: x1, x2 uniform in [0, 1000), y = 3 x1 - 2 x2 + 5 + noise."""
    rng = random.Random(seed)
    with open(path, "w", newline="") as f:
        f.write("x1,x2,y\n")
        for _ in range(rows):
            x1, x2 = rng.uniform(0, 1000), rng.uniform(0, 1000)
            f.write(f"{x1!r},{x2!r},{3 * x1 - 2 * x2 + 5 + rng.gauss(0, 1)!r}\n")


def worker(path: str, trace: bool) -> None:
    """In a fresh process: load the file once and print the readings as one line of JSON."""
    import resource
    import time
    import tracemalloc

    from microgd.learning.data import load_csv

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB
    if trace:
        tracemalloc.start()
    start = time.process_time()
    xs, ys = load_csv(path, ["x1", "x2"], "y")
    seconds = time.process_time() - start
    traced = tracemalloc.get_traced_memory()[1] if trace else None
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"rows": len(ys), "columns": len(xs[0]) + 1, "seconds": seconds,
                      "maxrss": after, "maxrss_before": before, "traced": traced}))


def run_worker(path: Path, trace: bool) -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, __file__, "--worker", str(path)] + (["--trace"] if trace else []),
                          capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        sys.exit(f"the loading process failed:\n{done.stderr}")
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--rows", type=int, default=1_000_000, help="rows of data (default: %(default)s)")
    size.add_argument("--size-mb", type=float, help="about this many megabytes of file instead")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker, args.trace)

    rows = round(args.size_mb * 1e6 / BYTES_PER_ROW) if args.size_mb else args.rows
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.csv"
        print(f"writing {rows:,} rows of 3 columns to {path} ...", flush=True)
        write_csv(path, rows)
        file_size = path.stat().st_size
        print(f"file: {rows:,} rows, {file_size / 1e6:.1f} MB", flush=True)
        timed = run_worker(path, trace=False)
        traced = run_worker(path, trace=True)

    assert timed["rows"] == traced["rows"] == rows, "the load lost rows"
    grew = timed["maxrss"] - timed["maxrss_before"]
    print(f"load_csv(file, ['x1', 'x2'], 'y'): {timed['rows']:,} rows of {timed['columns']} columns")
    print(f"  CPU time  {timed['seconds']:.2f} s ({timed['seconds'] / rows * 1e6:.2f} us per row)")
    print(f"  maxrss    {timed['maxrss'] / 1e6:.0f} MB in all; {grew / 1e6:.0f} MB for the load "
          f"= {grew / file_size:.1f} x the file (before it: {timed['maxrss_before'] / 1e6:.0f} MB)")
    print(f"  traced    peak {traced['traced'] / 1e6:.0f} MB = {traced['traced'] / file_size:.1f} x the file")


if __name__ == "__main__":
    main()
