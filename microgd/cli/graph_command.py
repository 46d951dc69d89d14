"""`microgd graph [--out DIR]`: draw two small losses and trace dL/dm through them.

1. One data point:      L = (m*x + b - y)**2   at m = 2, x = 3, b = 1, y = 10
   (the README's first example, written as there)
2. Three data points:   mse = sum over i of (y_i - (m*x_i + b))**2 / 3   at m = 2, b = 1
   on (x, y) = (1, 4), (2, 5), (3, 10), built by microgd.learning.losses.mse just as `fit` builds it
   and demo 08 draws it; x1..x3 and y1..y3 are labelled Values, so they are drawn as data.

For each, the command writes an SVG with m's paths to the loss in red, its ``.dot`` source, and
the same chain rule as text (printed, and saved as ``.txt``), so it can be checked by hand either
way. Without Graphviz it still writes every ``.dot`` and ``.txt`` file, then says how to install it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from microgd.engine import Value
from microgd.learning.losses import mse
from microgd.drawing.out_folder import OutFolderError, check_out_folder
from microgd.drawing.render import INSTALL_HELP, GraphvizFailed, GraphvizNotFound, render_graph
from microgd.drawing.paths import trace


def one_point_loss() -> tuple[Value, list[Value]]:
    """L = (m*x + b - y)**2 at m = 2, x = 3, b = 1, y = 10, after backward(). Returns (L, [m, b])."""
    m, b = Value(2.0, label="m"), Value(1.0, label="b")
    x, y = Value(3.0, label="x"), Value(10.0, label="y")
    loss = (m * x + b - y) ** 2  # (2*3 + 1 - 10)**2 = (-3)**2 = 9
    loss.label = "L"
    loss.backward()
    return loss, [m, b]


def three_point_mse() -> tuple[Value, list[Value]]:
    """mse() of y = m*x + b (m = 2, b = 1) on (1, 4), (2, 5), (3, 10), after backward(). Returns (mse, [m, b])."""
    m, b = Value(2.0, label="m"), Value(1.0, label="b")
    points = [(1.0, 4.0), (2.0, 5.0), (3.0, 10.0)]
    xs = [Value(x, label=f"x{i}") for i, (x, _) in enumerate(points, start=1)]
    ys = [Value(y, label=f"y{i}") for i, (_, y) in enumerate(points, start=1)]
    loss = mse([m * x + b for x in xs], ys)  # ((4 - 3)**2 + (5 - 5)**2 + (10 - 7)**2) / 3 = 10 / 3
    loss.backward()
    return loss, [m, b]


def add_graph_command(commands: argparse._SubParsersAction) -> None:
    """Register `microgd graph` on the CLI's subcommands (called from cli.build_parser)."""
    cmd = commands.add_parser("graph", help="draw the graph of a loss and trace dL/dm by hand")
    cmd.add_argument("--out", default="microgd-out", metavar="DIR",
                     help="folder for the SVG, DOT and text files (default: %(default)s)")
    cmd.set_defaults(run=run_graph_command)


def run_graph_command(args: argparse.Namespace) -> int:
    """For each example: print its trace, save it as text, draw the picture and save its DOT source.

    Returns:
        0, or 1 if Graphviz is missing: then every ``.dot`` and ``.txt`` file is still written,
        and one message at the end says how to install Graphviz and draw the saved sources.
        Also 1, with one line on stderr, when --out cannot be written (checked before anything
        is written) or ``dot`` fails.
    """
    try:
        out = check_out_folder(args.out, "the pictures, DOT sources and traces")
        out.mkdir(parents=True, exist_ok=True)
        return _draw_examples(out)
    except (OutFolderError, GraphvizFailed) as error:
        message = str(error)
    except OSError as error:  # the check passed, yet writing failed: a full disk, a vanished folder
        message = f"cannot write to --out {args.out!r}: {error.strerror or error}"
    print(f"microgd graph: error: {message}", file=sys.stderr)
    return 1


def _draw_examples(out: Path) -> int:
    """The two examples, traced and drawn into ``out`` (see `run_graph_command`)."""
    undrawn: list[Path] = []  # DOT sources saved without a picture, because `dot` is missing
    for name, (loss, params) in [("graph_one_point", one_point_loss()),
                                 ("graph_mse_three_points", three_point_mse())]:
        text = trace(loss, params[0])
        print(f"==== {name}: {loss.label} = {loss.data:.4g} ====")
        print(text)
        text_path = out / f"{name}.txt"
        text_path.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {text_path}")
        try:
            picture, source = render_graph(loss, out / name, "svg", params=params, highlight=params[0])
            print(f"wrote {picture} (and its DOT source {source})")
        except GraphvizNotFound:
            source = out / f"{name}.dot"  # render_graph saves the source before it needs `dot`
            undrawn.append(source)
            print(f"wrote {source} (no picture: Graphviz is missing, see below)")
        print()
    if undrawn:
        print(_missing_graphviz_message(undrawn), file=sys.stderr)
        return 1
    return 0


def _missing_graphviz_message(sources: list[Path]) -> str:
    """One message for all the pictures not drawn: what happened, what was saved, how to fix it."""
    commands = "\n".join(f"  dot -Tsvg {source} -o {source.with_suffix('.svg')}" for source in sources)
    return (
        "microgd graph: Graphviz's `dot` program was not found on the PATH, so no picture was drawn;\n"
        "the traces and DOT sources listed above were saved all the same.\n"
        f"{INSTALL_HELP}\n"
        f"Once Graphviz is installed, you can also draw the saved sources directly:\n{commands}"
    )
