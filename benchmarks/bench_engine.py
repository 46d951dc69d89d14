"""Benchmark: microgd's engine beside micrograd's, on one gradient step of a line's MSE.

A step builds the graph of  MSE = (1/N) * sum((m*x + b - y)**2)  over N points and runs
backward(). Both engines run the very same expression code (see `step`), on the same data
(fixed seed, x uniform in [0, 2], y = 3x + 1 + gaussian noise of 0.1). Times are CPU time
(time.process_time), so another process on the machine costs less than it would in wall time.

    python benchmarks/bench_engine.py                 # the four readings, 5 runs each
    python benchmarks/bench_engine.py --quick         # 2 runs, fewer steps, (d) at N = 100,000
    python benchmarks/bench_engine.py --only a,c      # some of the readings
    python benchmarks/bench_engine.py --repeats 10    # more runs, more trust in the ranges
    python benchmarks/bench_engine.py --quick --points 50 --big 3000   # tiny, for the tests

Every run is a fresh Python process (this file, with a hidden --worker flag), so runs are
independent, and a process holds one engine only: neither engine pays for the other's objects.
Each reading is printed as "min to max" over the runs, for each engine, with the ratio.

(a) One step, N = 500: us per point, the best of 21 steps, with gc.collect() right before each
    step and the collector otherwise on, as in plain Python. This is the engines' own speed:
    building a graph, walking it backward and freeing it.

(b) A training loop, N = 500: 100 consecutive steps, total CPU time / 100 / N, in us per point,
    the collector on. This is what training costs, and it differs from (a) because of how each
    engine's graphs are freed. micrograd keeps a `_backward` closure on every node, and the
    closure refers back to its node: each graph is a web of reference cycles, which reference
    counting cannot free. Only Python's cyclic garbage collector can, and it runs when enough
    objects have piled up; so in a loop, each step pays for collecting earlier steps' graphs
    (and for rescanning every other object in the process as it does). In (a) that bill is paid
    by the gc.collect() outside the timed step. microgd's nodes only point at their inputs, never
    back: reference counting frees a graph the moment the step is done, in both readings.

(c) Peak memory per point, N = 500: building the graph plus backward(), measured with
    tracemalloc in a run of its own (tracing slows Python down, so no timing is taken with it).

(d) microgd alone, how the cost grows with N: us per point at N = 1,000,000 divided by us per
    point at N = 1,000 (the best of 21 steps at 1,000; of 2 at 1,000,000, where a step takes
    seconds), with the collector paused during each step, as `fit` does
    (`with microgd.paused_cycle_collector():`). 1.0 would be a cost exactly proportional to N.
    micrograd cannot take part: its backward() sorts the graph recursively, and on this sum chain
    it exceeds Python's recursion limit (RecursionError) from about 1,000 points (900 still run).
"""

from __future__ import annotations

# A worker process imports only these (already loaded when Python starts, or nearly) and its one
# engine: every object in the process is one more for micrograd's garbage collector to rescan in
# (b), so the worker is kept as bare as plain `python -c` code. The parent's modules
# (argparse, subprocess, tracemalloc) are imported where they are used.
import gc
import random
import sys
import time
from collections.abc import Callable

SMALL = 1_000  # (d)'s small N


def make_data(n: int) -> tuple[list[float], list[float]]:
    """N points near the line y = 3x + 1, the same for every engine and every run."""
    rng = random.Random(0)
    xs = [rng.uniform(0.0, 2.0) for _ in range(n)]
    return xs, [3.0 * x + 1.0 + rng.gauss(0.0, 0.1) for x in xs]


def step(value_class: type, xs: list[float], ys: list[float]) -> float:
    """One gradient step, the same expression code for either engine's Value; returns dMSE/dm."""
    m, b = value_class(0.5), value_class(0.1)
    loss = sum(((m * x + b - y) ** 2 for x, y in zip(xs, ys)), value_class(0.0)) * (1.0 / len(xs))
    loss.backward()
    return m.grad


def value_class(engine: str) -> type:
    """Import only the engine asked for: a worker process holds nothing of the other."""
    if engine == "micrograd":
        from micrograd.engine import Value
    else:
        from microgd.engine import Value
    return Value


# ---- what a worker process measures: one run of one reading for one engine ----


def cpu_seconds(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def best_step_us(engine: str, n: int, steps: int) -> float:
    """(a): the fastest of `steps` steps, each after a gc.collect(), in us per point."""
    Value, (xs, ys) = value_class(engine), make_data(n)
    step(Value, xs, ys)  # warm up
    times = []
    for _ in range(steps):
        gc.collect()  # the garbage of earlier steps is not this step's to collect
        times.append(cpu_seconds(lambda: step(Value, xs, ys)))
    return min(times) / n * 1e6


def loop_us(engine: str, n: int, steps: int) -> float:
    """(b): `steps` consecutive steps, collector on, total / steps, in us per point."""
    Value, (xs, ys) = value_class(engine), make_data(n)
    step(Value, xs, ys)  # warm up

    def loop() -> None:
        for _ in range(steps):
            step(Value, xs, ys)

    return cpu_seconds(loop) / steps / n * 1e6


def peak_bytes_per_point(engine: str, n: int) -> float:
    """(c): the most memory held at once while building the graph and running backward()."""
    import tracemalloc

    Value, (xs, ys) = value_class(engine), make_data(n)
    step(Value, xs, ys)  # warm up: one-off allocations (caches, interned names) are not the graph's
    gc.collect()
    tracemalloc.start()
    step(Value, xs, ys)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / n


def paused_step_us(n: int, steps: int) -> float:
    """(d): microgd's fastest of `steps` steps with the collector paused, in us per point."""
    import microgd

    Value = value_class("microgd")
    step(Value, *make_data(SMALL))  # warm up on a small graph: a step at N = 1,000,000 takes seconds
    xs, ys = make_data(n)

    def paused_step() -> None:
        with microgd.paused_cycle_collector():
            step(Value, xs, ys)

    times = []
    for _ in range(steps):
        gc.collect()
        times.append(cpu_seconds(paused_step))
    return min(times) / n * 1e6


def worker(reading: str, engine: str, n: int, steps: int) -> float:
    """One run of one reading: what `--worker reading engine n steps` prints."""
    if reading == "a":
        return best_step_us(engine, n, steps)
    if reading == "b":
        return loop_us(engine, n, steps)
    if reading == "c":
        return peak_bytes_per_point(engine, n)
    return paused_step_us(n, steps)


def in_fresh_process(reading: str, engine: str, n: int, steps: int) -> float:
    """Run `worker` in a new Python process (this file, --worker) and return its number."""
    import subprocess

    command = [sys.executable, __file__, "--worker", reading, engine, str(n), str(steps)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"the worker {' '.join(command[2:])} failed:\n{done.stderr}")
    return float(done.stdout)


# ---- the readings, as ranges over runs ----


class Reading:
    """What one reading measures, how to say it, and its goal.

    goal: micrograd / microgd must be at least this; for (d), microgd's own ratio at most this.
    """

    def __init__(self, letter: str, title: str, unit: str, n: int, steps: int, goal: float) -> None:
        self.letter, self.title, self.unit, self.n, self.steps = letter, title, unit, n, steps
        self.goal = goal


def readings(quick: bool, points: int, big: int | None) -> dict[str, Reading]:
    steps_a, steps_b = (11, 20) if quick else (21, 100)
    big = big or (100_000 if quick else 1_000_000)
    return {
        "a": Reading("a", f"one step, best of {steps_a}, gc.collect() before each",
                     "us/point", points, steps_a, 4.0),
        "b": Reading("b", f"a training loop, {steps_b} consecutive steps, collector on",
                     "us/point", points, steps_b, 10.0),
        "c": Reading("c", "peak memory, building + backward (tracemalloc)", "bytes/point", points, 0, 7.0),
        # (d)'s steps at the large N take seconds each: best of 2 (3 at --quick's 100,000).
        "d": Reading("d", f"microgd alone, collector paused, us/point at N = {big:,} over N = {SMALL:,}",
                     "us/point", big, 3 if quick else 2, 1.5),
    }


def span(values: list[float], digits: int = 2) -> str:
    return f"{min(values):,.{digits}f} to {max(values):,.{digits}f}"


def compare(reading: Reading, repeats: int, with_micrograd: bool) -> None:
    """Both engines, a fresh process each per run; they take turns, so a run's pair shares the machine's state."""
    ours, theirs = [], []
    for _ in range(repeats):
        if with_micrograd:
            theirs.append(in_fresh_process(reading.letter, "micrograd", reading.n, reading.steps))
        ours.append(in_fresh_process(reading.letter, "microgd", reading.n, reading.steps))
    digits = 0 if reading.unit.startswith("bytes") else 2
    print(f"({reading.letter}) {reading.title}, N = {reading.n:,}, {repeats} runs, {reading.unit}:")
    if not with_micrograd:
        print(f"    microgd    {span(ours, digits)}")
        print(f"    goal >= {reading.goal:g}x against micrograd: not measured (micrograd is not installed)")
        return
    ratios = [t / o for t, o in zip(theirs, ours)]  # each run's pair, measured one after the other
    meets = min(ratios) >= reading.goal
    better = "less memory" if digits == 0 else "faster"
    print(f"    micrograd  {span(theirs, digits)}")
    print(f"    microgd    {span(ours, digits)}")
    print(f"    micrograd / microgd, per run pair, worst to best: {span(ratios, 1)}x {better}")
    print(f"    goal >= {reading.goal:g}x: {'met' if meets else 'NOT met'} "
          f"({'every' if meets else 'not every'} run pair reaches it)")


def scaling(reading: Reading, repeats: int) -> None:
    """microgd at a small and a large N, a fresh process for each, paired run by run."""
    small, big = [], []
    for _ in range(repeats):
        small.append(in_fresh_process("d", "microgd", SMALL, 21))  # quick steps: the best of many
        big.append(in_fresh_process("d", "microgd", reading.n, reading.steps))
    ratios = [b / s for b, s in zip(big, small)]
    meets = max(ratios) <= reading.goal
    print(f"(d) {reading.title}, {repeats} runs, {reading.unit}:")
    print(f"    microgd, N = {SMALL:<9,} {span(small)}")
    print(f"    microgd, N = {reading.n:<9,} {span(big)}")
    print(f"    large / small, per run pair, best to worst: {span(ratios)}x")
    print(f"    goal <= {reading.goal:g}x: {'met' if meets else 'NOT met'} "
          f"({'every' if meets else 'not every'} run pair is within it)")
    print("    micrograd cannot take part: its recursive backward() exceeds Python's recursion")
    print("    limit (RecursionError) on this sum chain from about 1,000 points")


def main(argv: list[str] | None = None) -> int:
    import argparse
    import importlib.util

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=None, help="runs per reading (default 5; 2 with --quick)")
    parser.add_argument("--quick", action="store_true", help="2 runs, fewer steps, (d) at N = 100,000")
    parser.add_argument("--only", default="a,b,c,d", help="the readings to take, e.g. a,c")
    parser.add_argument("--points", type=int, default=500, help="N for (a), (b) and (c) (default 500)")
    parser.add_argument("--big", type=int, default=None, help="(d)'s large N (default 1,000,000)")
    args = parser.parse_args(argv)
    repeats = args.repeats or (2 if args.quick else 5)
    chosen = readings(args.quick, args.points, args.big)
    only = [letter.strip() for letter in args.only.split(",")]
    unknown = set(only) - set(chosen)
    if unknown:
        parser.error(f"--only takes letters among a,b,c,d; got {','.join(sorted(unknown))}")
    with_micrograd = importlib.util.find_spec("micrograd") is not None
    print(f"MSE of y = m*x + b; CPU time; Python {sys.version.split()[0]}; each run in a fresh process")
    if not with_micrograd:
        print("micrograd is not installed (pip install micrograd): microgd's figures alone")
    for letter in only:
        print()
        if letter == "d":
            scaling(chosen["d"], repeats)
        else:
            compare(chosen[letter], repeats, with_micrograd)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:  # one run in a fresh process, started by in_fresh_process
        letter, engine, *numbers = sys.argv[2:]
        print(worker(letter, engine, *map(int, numbers)))
    else:
        sys.exit(main())
