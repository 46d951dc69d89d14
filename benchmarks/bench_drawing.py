"""How long drawing, rendering, tracing and animating a big graph take: they should grow with N.

The graph is the MSE of a line over N points near y = 3x + 1, its terms added with Python's
``sum`` (a chain of N additions, the deepest case), after backward(); and a chain of N tanh.
For each N the script times, in CPU seconds (time.process_time for microgd's own Python, the
CPU time of the child processes for Graphviz's ``dot``, which renders in a process of its own):

    draw      draw_graph(loss, params=[m, b], highlight=m)       (the DOT text, no dot)
    render    render_graph(...) of the same, to SVG               (draw + dot)
    trace     trace(loss, m)
    animate   animate_backward(loss, ..., max_frames=4)           (4 frames, each drawn by dot)
    tanh      draw_graph and trace of x.tanh().tanh()...  N deep (N = 10,000 and 100,000)

Each reading is taken --repeats times, each time on a freshly built graph, and printed as
"min to max" over the runs. Building the graph and backward() are not timed.

The reference, in the same run: ``draw_dot`` as written in micrograd's trace_graph notebook and
Karpathy's lecture (one box per value, every term drawn, the graph walked by recursion), on the
same loss built with micrograd's Value. It makes the DOT text only, like "draw". Its recursion
stops near 1,000 points (Python's recursion limit), where the table says so.

    python benchmarks/bench_drawing.py                    # N = 500, 1,000, 10,000, 100,000; 3 runs each
    python benchmarks/bench_drawing.py --points 1000,10000 --repeats 5
    python benchmarks/bench_drawing.py --quick            # tiny, for the tests
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import shutil
import tempfile
import time
from typing import Callable

from microgd import Value, animate_backward, draw_graph, render_graph, trace


def line_loss(n: int):
    """MSE of m*x + b over n points, added with Python's sum, after backward(): (loss, m, b)."""
    rng = random.Random(0)
    m, b = Value(0.5, "m"), Value(0.1, "b")
    terms = []
    for _ in range(n):
        x = rng.uniform(0.0, 2.0)
        terms.append((m * x + b - (3.0 * x + 1.0 + rng.gauss(0.0, 0.1))) ** 2)
    loss = sum(terms, Value(0.0)) / n
    loss.backward()
    return loss, m, b


def micrograd_line_loss(n: int):
    """The same loss as line_loss, built with micrograd 0.1.0's Value: (loss, m, b)."""
    from micrograd.engine import Value as MicrogradValue

    rng = random.Random(0)
    m, b = MicrogradValue(0.5), MicrogradValue(0.1)
    terms = []
    for _ in range(n):
        x = rng.uniform(0.0, 2.0)
        terms.append((m * x + b - (3.0 * x + 1.0 + rng.gauss(0.0, 0.1))) ** 2)
    loss = sum(terms, MicrogradValue(0.0)) * (1.0 / n)
    loss.backward()
    return loss, m, b


def draw_dot(root):
    """micrograd's draw_dot, as in its trace_graph notebook: a record box per value, a node per op."""
    import graphviz

    nodes, edges = set(), set()

    def build(v):
        if v not in nodes:
            nodes.add(v)
            for child in v._prev:
                edges.add((child, v))
                build(child)

    build(root)
    dot = graphviz.Digraph(format="svg", graph_attr={"rankdir": "LR"})
    for n in nodes:
        dot.node(name=str(id(n)), label="{ data %.4f | grad %.4f }" % (n.data, n.grad), shape="record")
        if n._op:
            dot.node(name=str(id(n)) + n._op, label=n._op)
            dot.edge(str(id(n)) + n._op, str(id(n)))
    for n1, n2 in edges:
        dot.edge(str(id(n1)), str(id(n2)) + n2._op)
    return dot.source  # the DOT text, as draw_graph(...).source


def tanh_chain(n: int):
    """x.tanh().tanh()... n deep, after backward(): (out, x)."""
    x = Value(0.3, "x")
    out = x
    for _ in range(n):
        out = out.tanh()
    out.backward()
    return out, x


def cpu_seconds(run: Callable[[], object]) -> tuple[float, float]:
    """(this process's CPU seconds, its finished children's: dot's) for one call of ``run``."""
    gc.collect()
    start, children = time.process_time(), os.times()
    run()
    after = os.times()
    dot = (after.children_user - children.children_user) + (after.children_system - children.children_system)
    return time.process_time() - start, dot


def readings(n: int, folder: str, has_dot: bool) -> dict[str, Callable[[], Callable[[], object]]]:
    """Each reading's set-up (untimed): it builds the graph and returns the call to time."""

    def loss_call(make: Callable) -> Callable[[], Callable[[], object]]:
        def set_up():
            loss, m, b = line_loss(n)
            return lambda: make(loss, m, b)
        return set_up

    cases = {"draw": loss_call(lambda loss, m, b: draw_graph(loss, params=[m, b], highlight=m).source),
             "trace": loss_call(lambda loss, m, b: trace(loss, m))}
    if has_dot:
        cases["render"] = loss_call(lambda loss, m, b: render_graph(loss, f"{folder}/loss", params=[m, b], highlight=m))
        cases["animate"] = loss_call(lambda loss, m, b: animate_backward(loss, f"{folder}/film.gif", max_frames=4,
                                                                         params=[m, b]))
    return cases


def reference_reading(n: int) -> Callable[[], Callable[[], object]] | None:
    """The reference beside "draw": micrograd's draw_dot on the same loss, or None without micrograd."""
    try:
        import micrograd.engine  # noqa: F401
    except ImportError:
        return None

    def set_up():
        loss, _, _ = micrograd_line_loss(n)
        return lambda: draw_dot(loss)
    return set_up


def tanh_readings(n: int) -> dict[str, Callable[[], Callable[[], object]]]:
    def set_up(make):
        def build():
            out, x = tanh_chain(n)
            return lambda: make(out, x)
        return build

    return {"tanh draw": set_up(lambda out, x: draw_graph(out)), "tanh trace": set_up(lambda out, x: trace(out, x))}


def print_reference(n: int, repeats: int) -> None:
    """The reference line under microgd's "draw": micrograd's draw_dot, or why it has none."""
    set_up = reference_reading(n)
    if set_up is None:
        print(f"{'  draw_dot':12s} {n:8,d}   (micrograd is not installed: pip install micrograd)", flush=True)
        return
    try:
        seconds = [cpu_seconds(set_up())[0] for _ in range(repeats)]
    except RecursionError:
        print(f"{'  draw_dot':12s} {n:8,d}   stops: RecursionError (its walk recurses once per node)", flush=True)
        return
    print(f"{'  draw_dot':12s} {n:8,d}   {span(seconds):>18s}   (micrograd's, every term drawn)", flush=True)


def span(values: list[float]) -> str:
    return f"{min(values):7.2f} to {max(values):7.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", default="500,1000,10000,100000", help="the values of N, comma-separated")
    parser.add_argument("--tanh", default="10000,100000", help="the depths of the tanh chain")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="N = 200 and a 300-deep chain, 2 runs: for the tests")
    args = parser.parse_args()
    if args.quick:
        args.points, args.tanh, args.repeats = "200", "300", 2
    has_dot = shutil.which("dot") is not None
    print(f"CPU seconds, min to max over {args.repeats} runs (microgd's Python; dot's own process beside it)")
    if not has_dot:
        print("(Graphviz's dot is not installed: render and animate are left out)")
    print(f"{'reading':12s} {'N':>8s}   {'microgd':>18s}   {'dot':>18s}")
    with tempfile.TemporaryDirectory() as folder:
        plans = [(n, readings(n, folder, has_dot)) for n in map(int, args.points.split(","))]
        plans += [(n, tanh_readings(n)) for n in map(int, args.tanh.split(","))]
        for n, cases in plans:
            for name, set_up in cases.items():
                own, dot = [], []
                try:
                    for _ in range(args.repeats):
                        seconds, dot_seconds = cpu_seconds(set_up())
                        own.append(seconds)
                        dot.append(dot_seconds)
                except Exception as error:  # an older microgd: dot refused a label too long for it
                    print(f"{name:12s} {n:8,d}   failed: {type(error).__name__}: {str(error)[:60]}", flush=True)
                    continue
                dot_text = span(dot) if name in ("render", "animate") else ""
                print(f"{name:12s} {n:8,d}   {span(own):>18s}   {dot_text:>18s}", flush=True)
                if name == "draw":
                    print_reference(n, args.repeats)


if __name__ == "__main__":
    main()
