"""Benchmark: one gradient step on the MSE of y = m*x + b, per data point.

One step = build the graph of  MSE = (1/N) * sum((m*x + b - y)**2)  and run backward(); the graph
is then released, as it is in a training loop, so each engine pays its own memory management
(micrograd's closures form reference cycles that only Python's cyclic garbage collector frees).

    python benchmarks/bench_engine.py            # N = 1,000 ... 1,000,000, and micrograd at N = 500
    python benchmarks/bench_engine.py --quick    # N up to 100,000

Reports microseconds per data point (best of several steps) and peak memory per data point
(tracemalloc, measured in a separate step because tracing slows Python down).
"""

from __future__ import annotations

import argparse
import gc
import random
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="stop at N = 100,000")
    args = parser.parse_args()

    sizes = [1_000, 10_000, 100_000] + ([] if args.quick else [1_000_000])
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

    try:
        from micrograd.engine import Value as MicrogradValue
    except ImportError:
        print("\nmicrograd is not installed (pip install micrograd): no side-by-side comparison")
        return
    n = 500  # micrograd's recursive backward fails on the chain much past 1,000 nodes deep
    print(f"\nSide by side at N = {n} (best of 41 steps):")
    for pause in (False, True):
        print(f"  cyclic garbage collector {'paused during each step' if pause else 'on (plain Python)'}:")
        mg_us, mg_mem = measure(lambda xs, ys: step_chain(MicrogradValue, xs, ys), n, 41, pause)
        print(f"    micrograd, sum() chain   {mg_us:6.2f} us/point  {mg_mem:7,.0f} bytes/point")
        for name, step in [
            ("microgd, same code    ", lambda xs, ys: step_chain(Value, xs, ys)),
            ("microgd, microgd.sum  ", step_compact),
        ]:
            us, mem = measure(step, n, 41, pause)
            print(f"    {name}   {us:6.2f} us/point  {mem:7,.0f} bytes/point"
                  f"   ({mg_us / us:.1f}x faster, {mg_mem / mem:.1f}x less memory)")


if __name__ == "__main__":
    main()
