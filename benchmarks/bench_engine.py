"""Benchmark: one gradient step on the MSE of y = m*x + b, per data point.

One step = build the graph of  MSE = (1/N) * sum((m*x + b - y)**2)  and run backward(); the graph
is then released, as it is in a training loop, so each engine pays its own memory management
(micrograd's closures form reference cycles that only Python's cyclic garbage collector frees).

    python benchmarks/bench_engine.py            # N = 1,000 ... 1,000,000, and micrograd at N = 500
    python benchmarks/bench_engine.py --quick    # N up to 100,000
    python benchmarks/bench_engine.py --compare  # only the side-by-side with micrograd

Reports microseconds per data point and peak memory per data point (tracemalloc, measured in a
separate step because tracing slows Python down). Three timings are given side by side with
micrograd:

* a training loop: 100 consecutive steps, total time / 100, the collector on as in plain Python.
  This is what a training loop costs: micrograd's graphs are reference cycles, and freeing them
  falls to the collector, whose full passes land on later steps.
* one step at its best: the fastest of 41 separate steps. Python's cyclic garbage collector runs
  every 700 or so new objects, and now and then a full pass over all of them, so its work lands
  on some steps and not others; the fastest step is one where it mostly did not run.
* one step with the collector paused during it, as ``fit`` and ``backward()`` do.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
import tracemalloc

import microgd
from microgd import Value


def make_data(n: int) -> tuple[list[float], list[float]]:
    rng = random.Random(0)
    xs = [rng.uniform(0.0, 2.0) for _ in range(n)]
    return xs, [3.0 * x + 1.0 + rng.gauss(0.0, 0.1) for x in xs]


def step_chain(value_class, xs, ys) -> float:
    """The same expression code for any micrograd-style Value: Python's sum, one + per point."""
    m, b = value_class(0.5), value_class(0.1)
    loss = sum(((m * x + b - y) ** 2 for x, y in zip(xs, ys)), value_class(0.0)) * (1.0 / len(xs))
    loss.backward()
    return m.grad


def step_compact(xs, ys) -> float:
    """microgd's idiom: one sum node over the N squared errors (a shallow graph)."""
    m, b = Value(0.5), Value(0.1)
    loss = microgd.sum([(m * x + b - y) ** 2 for x, y in zip(xs, ys)]) * (1.0 / len(xs))
    loss.backward()
    return m.grad


def measure(step, n: int, repeats: int, pause_collector: bool = False) -> tuple[float, float]:
    """(best microseconds per point, peak bytes per point) of step() over n points.

    pause_collector: run each step inside ``microgd.paused_cycle_collector()``, as ``fit`` does.
    """
    xs, ys = make_data(n)

    def one_step() -> None:
        if pause_collector:
            with microgd.paused_cycle_collector():
                step(xs, ys)
        else:
            step(xs, ys)

    one_step()  # warm up
    gc.collect()  # start clean: no step pays for garbage an earlier measurement left behind
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        one_step()
        times.append(time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    step(xs, ys)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return min(times) / n * 1e6, peak / n


def loop_time(step, n: int, steps: int = 100, repeats: int = 3) -> float:
    """Microseconds per point of `steps` consecutive steps (median over `repeats` loops).

    Each loop starts from a clean collector (gc.collect()), so that no engine pays for garbage
    another one left; the garbage a loop leaves behind at its end is not charged to it.
    """
    xs, ys = make_data(n)
    step(xs, ys)  # warm up
    per_point = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        for _ in range(steps):
            step(xs, ys)
        per_point.append((time.perf_counter() - start) / steps / n * 1e6)
    return statistics.median(per_point)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="stop at N = 100,000")
    parser.add_argument("--compare", action="store_true", help="only the side-by-side with micrograd at N = 500")
    args = parser.parse_args()
    if not args.compare:
        scaling(quick=args.quick)
    compare_with_micrograd()


def scaling(quick: bool) -> None:
    """The cost per point as N grows, for both ways of writing the loss."""
    sizes = [1_000, 10_000, 100_000] + ([] if quick else [1_000_000])
    print("microgd, one gradient step on the MSE of y = m*x + b:")
    print(f"{'N':>10} {'idiom':<22} {'collector':<10} {'us/point':>9} {'bytes/point':>12}")
    for n in sizes:
        repeats = 7 if n <= 10_000 else 3
        for name, step in [
            ("microgd.sum (compact)", step_compact),
            ("sum() chain", lambda xs, ys: step_chain(Value, xs, ys)),
        ]:
            for pause in (False, True):
                us, mem = measure(step, n, repeats, pause)
                print(f"{n:>10,} {name:<22} {'paused' if pause else 'on':<10} {us:>9.2f} {mem:>12,.0f}")


def compare_with_micrograd() -> None:
    """The same expression code with micrograd's Value, at N = 500, when micrograd is installed."""
    try:
        from micrograd.engine import Value as MicrogradValue
    except ImportError:
        print("\nmicrograd is not installed (pip install micrograd): no side-by-side comparison")
        return
    n = 500  # micrograd's recursive backward fails on the chain much past 1,000 nodes deep
    engines = [
        ("micrograd, sum() chain", lambda xs, ys: step_chain(MicrogradValue, xs, ys)),
        ("microgd, same code", lambda xs, ys: step_chain(Value, xs, ys)),
        ("microgd, microgd.sum", step_compact),
    ]
    print(f"\nSide by side at N = {n}, the cyclic garbage collector on (plain Python):")
    print(f"  {'':<24} {'one step at its best':>22} {'in a training loop':>20} {'bytes/point':>12}")
    rows = []
    for name, step in engines:
        best_us, mem = measure(step, n, 41)
        rows.append((name, best_us, loop_time(step, n), mem))
    _, mg_best, mg_loop, mg_mem = rows[0]
    for name, best_us, loop_us, mem in rows:
        ratios = "" if name.startswith("micrograd") else (
            f"   ({mg_best / best_us:.1f}x, {mg_loop / loop_us:.1f}x faster, {mg_mem / mem:.1f}x less memory)"
        )
        print(f"  {name:<24} {best_us:16.2f} us/pt {loop_us:14.2f} us/pt {mem:12,.0f}{ratios}")
    print("  (one step at its best: fastest of 41 steps; in a training loop: 100 consecutive steps / 100)")
    print("\n  with the collector paused during each step, as fit does (best of 41 steps):")
    paused = [(name, measure(step, n, 41, pause_collector=True)[0]) for name, step in engines]
    for name, us in paused:
        ratio = "" if name.startswith("micrograd") else f"   ({paused[0][1] / us:.1f}x faster)"
        print(f"  {name:<24} {us:16.2f} us/pt{ratio}")


if __name__ == "__main__":
    main()
