"""The `microgd` command line: `microgd demo`, `microgd fit`, `microgd graph`.

Each subcommand lives in the module that owns its idea; this file only wires up argparse.
"""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="microgd", description="Gradient descent from scratch: train, trace and picture it."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="train a line on the built-in data, narrating each step")
    demo.add_argument("--out", default="microgd-out", help="folder for the pictures (default: %(default)s)")
    demo.set_defaults(run=_run_demo)

    # --- microgd fit: registered by the learning part (train.py) ---
    # --- microgd graph: registered by the tracing part (draw.py) ---
    return parser


def _run_demo(args: argparse.Namespace) -> int:
    from microgd.engine import Value

    # Fit y = m*x + b to four points on y = 2x + 1 with a hand-written gradient step.
    xs, ys = [0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 5.0, 7.0]
    m, b = Value(0.0, label="m"), Value(0.0, label="b")
    for step in range(500):
        loss = sum(((m * x + b - y) ** 2 for x, y in zip(xs, ys)), Value(0.0)) * (1 / len(xs))
        m.grad = b.grad = 0.0
        loss.backward()
        m.data -= 0.05 * m.grad
        b.data -= 0.05 * b.grad
    print(f"learned y = {m.data:.4f} * x + {b.data:.4f}   (true line: y = 2 * x + 1), MSE = {loss.data:.2e}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # plain `python -m microgd` runs the main demo
        args = parser.parse_args(["demo", *(argv or [])])
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
