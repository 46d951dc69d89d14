"""The `microgd` command line: `microgd demo`, `microgd fit`, `microgd graph`.

Each subcommand lives in the module that owns its idea; this file only wires up argparse.
Plain `microgd` (or `python -m microgd`) runs the main demo.
"""

from __future__ import annotations

import argparse
import sys

from microgd import __version__
from microgd.cli.fit_command import add_fit_command
from microgd.cli.graph_command import add_graph_command


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="microgd",
        description="Gradient descent from scratch: train, trace and picture it. "
        "Plain `microgd` (or `microgd --out DIR`) runs the main demo.",
    )
    parser.add_argument("--version", action="version", version=f"microgd {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help="train a line on the built-in data, narrating each step",
        description="Train y = m*x + b on the built-in house prices, narrating the five steps, and "
        "write the fitted line, the loss landscape, the learning curve and the computation graph.",
    )
    demo.add_argument("--out", metavar="DIR", default="microgd-out",
                      help="folder for the pictures (default: %(default)s)")
    demo.set_defaults(run=_run_demo)

    add_fit_command(commands)  # fit_command.py: a line through two columns of your CSV file
    add_graph_command(commands)  # graph_command.py: draw a loss's graph and trace dL/dm
    return parser


def _run_demo(args: argparse.Namespace) -> int:
    from microgd.cli.demo import run_demo  # demo.py tells the whole story
    from microgd.drawing.out_folder import OutFolderError, check_out_folder

    try:
        check_out_folder(args.out, "the pictures")  # before training: a bad --out costs nothing, writes nothing
        run_demo(args.out)
    except OutFolderError as error:
        message = str(error)
    except OSError as error:  # the check passed, yet writing failed: a full disk, a vanished folder
        message = f"cannot write to --out {args.out!r}: {error.strerror or error}"
    else:
        return 0
    print(f"microgd demo: error: {message}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv = ["demo", *argv]  # `microgd` and `microgd --out DIR` run the main demo
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
