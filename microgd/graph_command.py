"""`microgd graph [--out DIR]`: draw two small losses and trace dL/dm through them.

1. One data point:      L = (m*x + b - y)**2   at m = 2, x = 3, b = 1, y = 10
2. Three data points:   MSE = sum over i of (m*x_i + b - y_i)**2 / 3

For each, the command writes an SVG with m's paths to the loss in red (and the ``.dot`` source
beside it), and prints the same chain rule as text, so it can be checked by hand either way.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from microgd.engine import Value, sum_values
from microgd.render import GraphvizNotFound, render_graph
from microgd.tracing import trace


def one_point_loss() -> tuple[Value, list[Value]]:
    """L = (m*x + b - y)**2 at m = 2, x = 3, b = 1, y = 10, after backward(). Returns (L, [m, b])."""
    m, b = Value(2.0, label="m"), Value(1.0, label="b")
    x, y = Value(3.0, label="x"), Value(10.0, label="y")
    loss = (m * x + b - y) ** 2  # (2*3 + 1 - 10)**2 = (-3)**2 = 9
    loss.label = "L"
    loss.backward()
    return loss, [m, b]


def three_point_mse() -> tuple[Value, list[Value]]:
    """The MSE of y = m*x + b (m = 2, b = 1) on (1, 4), (2, 5), (3, 10), after backward()."""
    m, b = Value(2.0, label="m"), Value(1.0, label="b")
    points = [(1.0, 4.0), (2.0, 5.0), (3.0, 10.0)]
    terms = [
        (m * Value(x, label=f"x{i}") + b - Value(y, label=f"y{i}")) ** 2
        for i, (x, y) in enumerate(points, start=1)
    ]
    loss = sum_values(terms) / len(points)  # (1 + 0 + 9) / 3
    loss.label = "MSE"
    loss.backward()
    return loss, [m, b]


def add_graph_command(commands: argparse._SubParsersAction) -> None:
    """Register `microgd graph` on the CLI's subcommands (called from cli.build_parser)."""
    cmd = commands.add_parser("graph", help="draw the graph of a loss and trace dL/dm by hand")
    cmd.add_argument("--out", default="microgd-out", help="folder for the SVG files (default: %(default)s)")
    cmd.set_defaults(run=run_graph_command)


def run_graph_command(args: argparse.Namespace) -> int:
    """Print both traces, then write both pictures; exit code 1 if Graphviz is missing."""
    out = Path(args.out)
    examples = [("graph_one_point", one_point_loss()), ("graph_mse_three_points", three_point_mse())]
    for name, (loss, (m, _)) in examples:
        print(f"==== {name}: {loss.label} = {loss.data:.4g} ====")
        print(trace(loss, m))
        print()
    try:
        for name, (loss, params) in examples:
            picture, source = render_graph(loss, out / name, "svg", params=params, highlight=params[0])
            print(f"wrote {picture} (and its DOT source {source})")
    except GraphvizNotFound as error:
        print(f"microgd graph: {error}", file=sys.stderr)
        return 1
    return 0
