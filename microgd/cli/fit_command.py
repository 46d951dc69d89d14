"""`microgd fit FILE.csv --x COL --y COL`: fit a line to your own data, and check it.

The command trains a `Line` with `fit`, then prints the learned m and b beside the closed-form
least-squares answer, so you can see that gradient descent found the same line.

Your data is not scaled for you the way the built-in house prices are: areas in square feet and
prices in dollars would make any single learning rate either explode or crawl. So by default
the command *standardises* both columns (subtracts the mean, divides by the standard deviation),
trains on those numbers with lr = 0.1 (stable for any data: the limit there is exactly 1), and
converts m and b back to your units:

    x_s = (x - mean_x) / sd_x,   y_s = (y - mean_y) / sd_y,   y_s = m_s * x_s + b_s
    =>   m = m_s * sd_y / sd_x,   b = mean_y + sd_y * b_s - m * mean_x

With --no-scale it trains on the raw numbers, with lr = 1 / (the loss's largest curvature) unless
you give --lr: half the largest stable learning rate (divergence.py explains both).

Anything that goes wrong (a bad file, an --out that is a file, numbers too large to square, a
learning rate so big that the loss grew) is one line on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
from typing import Callable, NamedTuple

from microgd.learning.curves import line_mse
from microgd.learning.data import least_squares_line, load_csv
from microgd.learning.history import History
from microgd.learning.models import Line
from microgd.learning.train import TrainingDiverged, fit, largest_stable_lr

SCALED_LR = 0.1


def add_fit_command(commands: argparse._SubParsersAction) -> None:
    """Register `microgd fit` on the CLI's subcommands (called from cli.build_parser)."""
    cmd = commands.add_parser("fit", help="fit a line y = m*x + b to two columns of your CSV file")
    cmd.add_argument("file", metavar="FILE.csv", help="a CSV file with a header line")
    cmd.add_argument("--x", required=True, metavar="COL", help="the input column's name")
    cmd.add_argument("--y", required=True, metavar="COL", help="the target column's name")
    cmd.add_argument("--lr", type=_positive(float), help="learning rate (default: 0.1 on standardised data)")
    cmd.add_argument("--steps", type=_positive(int), default=200, help="gradient steps (default: %(default)s)")
    cmd.add_argument("--momentum", type=_momentum, default=0.0, help="SGD momentum in [0, 1) (default: 0)")
    cmd.add_argument("--batch-size", type=_positive(int), help="rows per step (default: all of them)")
    cmd.add_argument("--seed", type=int, default=0, help="seed for mini-batch shuffling (default: 0)")
    cmd.add_argument("--no-scale", action="store_true", help="train on the raw numbers, not standardised ones")
    cmd.add_argument("--out", default="microgd-out", metavar="DIR", help="folder for the plots (default: %(default)s)")
    cmd.set_defaults(run=run_fit)


def run_fit(args: argparse.Namespace) -> int:
    """Load, train, report, plot. Anything that goes wrong prints one clear error line and returns 1."""
    try:
        _check_out_folder(args.out)  # before training, so a bad --out costs nothing
        xs, ys = load_csv(args.file, args.x, args.y)
        if len(xs) < 2 or len(set(xs)) < 2:
            raise ValueError(f"column {args.x!r} needs two different values to fit a line, got {sorted(set(xs))}")
        m, b, start_mse, history, lr, y_scale = _train(xs, ys, args)
        best_m, best_b = least_squares_line(xs, ys)
        fitted_mse, best_mse = line_mse(xs, ys, m, b), line_mse(xs, ys, best_m, best_b)
        losses = [loss * y_scale**2 for loss in history.losses]  # in the data's own units
    except TrainingDiverged as error:  # the losses it quotes are in the units trained on
        return _fail(error.explain("on standardised data") if not args.no_scale else str(error))
    except (OSError, ValueError) as error:
        return _fail(str(error))
    except OverflowError:  # the MSE squares errors: values near 1e200 square past the largest float
        return _fail(_too_large(xs, ys, args))
    if fitted_mse > start_mse:  # each step overshot, but not yet a million-fold (fit stops there)
        return _fail(_loss_grew(start_mse, fitted_mse, lr, xs, args))
    scaling = "standardised data" if not args.no_scale else "the raw data"
    print(f"fitted y = m*x + b to {len(xs)} rows of {args.file} (x = {args.x}, y = {args.y}): "
          f"{args.steps} steps, lr = {lr:.6g} on {scaling}")
    print(f"m = {m:<14.8g} (closed-form least squares: {best_m:.8g})")
    print(f"b = {b:<14.8g} (closed-form least squares: {best_b:.8g})")
    print(f"MSE = {fitted_mse:<12.8g} (closed-form least squares: {best_mse:.8g})")
    if fitted_mse - best_mse > 1e-6 * statistics.pvariance(ys):  # in units of y's own spread
        print(_not_there_yet(args))
    try:
        _plot(xs, ys, m, b, losses, args)
    except (OSError, ValueError, OverflowError) as error:
        return _fail(f"cannot write the plots to --out {args.out!r}: {error}")
    return 0


def _fail(message: str) -> int:
    """One line on stderr and exit code 1: no traceback for a problem with the data or the options."""
    print(f"microgd fit: error: {message}", file=sys.stderr)
    return 1


def _check_out_folder(out: str) -> None:
    if os.path.exists(out) and not os.path.isdir(out):
        raise NotADirectoryError(
            f"--out {out!r} is an existing file; expected a folder for the plots (it is created if missing), "
            "such as --out microgd-out"
        )


def _loss_grew(start_mse: float, fitted_mse: float, lr: float, xs: list[float], args: argparse.Namespace) -> str:
    """The loss rose without exploding: lr is too big. Name the safe limit when it applies to this run."""
    grew = f"the loss grew from {start_mse:.4g} to {fitted_mse:.4g} instead of falling: lr = {lr:g} is too big"
    options = [name for name, used in [("--momentum", args.momentum > 0),
                                       ("--batch-size", args.batch_size is not None and args.batch_size < len(xs))]
               if used]
    if options:  # the limit below is for full-batch plain gradient descent only (divergence.py)
        return (f"{grew}; try --lr {lr / 10:.3g}, and smaller again if the loss still grows (with "
                f"{' and '.join(options)} no largest stable lr can be given: that formula is for full-batch "
                "plain gradient descent)")
    limit = 1.0 if not args.no_scale else largest_stable_lr(Line(), xs)  # 1: see the docstring
    return f"{grew} (full-batch steps settle only for lr < {limit:.4g} here); try --lr {limit / 2:.3g}"


def _not_there_yet(args: argparse.Namespace) -> str:
    """The hint when training ended short of the least-squares line."""
    if args.no_scale:
        return ("gradient descent has not reached the least-squares line yet: with --no-scale, raw columns on "
                "very different scales make the loss valley long and narrow, so one learning rate cannot suit "
                "both m and b (one small enough not to overshoot along m crawls along b); drop --no-scale to "
                "train on standardised columns")
    return "gradient descent has not reached the least-squares line yet: try more --steps or another --lr"


def _too_large(xs: list[float], ys: list[float], args: argparse.Namespace) -> str:
    biggest = max(abs(v) for v in xs + ys)
    return (f"the numbers in columns {args.x!r} and {args.y!r} are too large (up to {biggest:.3g}): the MSE "
            "squares them, past the largest float (about 1.8e308); rescale the columns, e.g. divide them by "
            f"1e{max(1, int(math.log10(biggest)))}")


class _Trained(NamedTuple):
    """A fitted line in the data's own units, and how training went."""

    m: float
    b: float
    start_mse: float  # the MSE of the starting line, before the first step
    history: History  # in the units trained on (standardised unless --no-scale)
    lr: float
    y_scale: float  # sd_y: a loss in training units times y_scale**2 is a loss in the data's units


def _train(xs: list[float], ys: list[float], args: argparse.Namespace) -> _Trained:
    """Fit a Line, on standardised data unless --no-scale; return m, b in the data's own units."""
    if args.no_scale:
        mean_x, sd_x, mean_y, sd_y = 0.0, 1.0, 0.0, 1.0
    else:
        mean_x, sd_x = statistics.fmean(xs), statistics.pstdev(xs)
        mean_y, sd_y = statistics.fmean(ys), statistics.pstdev(ys) or 1.0  # constant y: just centre it
    train_xs = [(x - mean_x) / sd_x for x in xs]
    train_ys = [(y - mean_y) / sd_y for y in ys]
    line = Line()
    lr = args.lr
    if lr is None:
        lr = SCALED_LR if not args.no_scale else largest_stable_lr(line, train_xs) / 2
    history = fit(line, train_xs, train_ys, lr=lr, steps=args.steps, momentum=args.momentum,
                  batch_size=args.batch_size, seed=args.seed)
    m = line.m.data * sd_y / sd_x
    b = mean_y + sd_y * line.b.data - m * mean_x
    start_mse = line_mse(xs, ys, 0.0, mean_y)  # Line() starts at m = b = 0 in training units: y = mean_y
    return _Trained(m, b, start_mse, history, lr, sd_y)


def _plot(xs: list[float], ys: list[float], m: float, b: float, losses: list[float], args) -> None:
    """Write fit_line.png and learning_curve.png to --out, if matplotlib is installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only, never a window
        from microgd.pictures.plots import draw_data, draw_learning_curve, line_through, plt, save_png
    except ImportError:
        print("no plots: install matplotlib (pip install 'microgd[plots]') to get them")
        return

    os.makedirs(args.out, exist_ok=True)
    fig, ax = plt.subplots(figsize=(6, 4))
    draw_data(ax, xs, ys, xlabel=args.x, ylabel=args.y)
    line_through(ax, xs, m, b, label=f"y = {m:.4g} x + {b:.4g}")
    ax.set_title("The learned line")
    ax.legend()
    save_png(fig, args.out, "fit_line", dpi=100)

    fig, ax = plt.subplots(figsize=(6, 4))
    draw_learning_curve(ax, losses)
    ax.set_ylabel("MSE (in your units)")
    save_png(fig, args.out, "learning_curve", dpi=100)


def _positive(kind: type) -> Callable[[str], float]:
    """An argparse type: a number of `kind` > 0, or argparse's usage error (exit code 2)."""
    wanted = "a whole number >= 1" if kind is int else "a finite number > 0"

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {wanted}, got {text!r}") from None
        if not value > 0 or value != value or value == float("inf"):
            raise argparse.ArgumentTypeError(f"must be {wanted}, got {text!r}")
        return value

    return parse


def _momentum(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError(f"momentum must be in [0, 1), got {text!r}")
    return value
