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

    # --- microgd fit: registered by the learning part (fit_command.py) ---
    from microgd.fit_command import add_fit_command

    add_fit_command(commands)
    # --- microgd graph: registered by the tracing part (graph_command.py) ---
    from microgd.graph_command import add_graph_command

    add_graph_command(commands)
    return parser


def _run_demo(args: argparse.Namespace) -> int:
    from microgd.demo import run_demo  # the whole story lives in demo.py

    run_demo(args.out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # plain `python -m microgd` runs the main demo
        args = parser.parse_args(["demo", *(argv or [])])
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
