"""`microgd fit FILE.csv --x COL [COL ...] --y COL`: fit your own data, and check the answer.

One --x column fits a `Line` y = m*x + b; several fit a `Linear` y = w1*x1 + ... + b; one column
with --degree K fits a polynomial w1*x + w2*x^2 + ... + wK*x^K + b (a Linear over the powers of
x, features.py). The command prints each learned weight, named by its column or power, beside
the closed-form least-squares answer (least_squares.py), so you see that gradient descent found
the same model; --json prints the same as one JSON object for scripts.

Your columns are *standardised* for training (``fit(..., scale=True)``: scaling.py explains the
narrow valley that raw columns on different scales make) and the model is reported in your own
units. With --no-scale it trains on the raw numbers, with lr = 1 / (the loss's largest
curvature) unless you give --lr: half the largest stable learning rate (divergence.py).

A file of more than BIG_FILE rows is trained on mini-batches of BIG_BATCH rows (it says so;
--batch-size chooses). Ctrl-C prints what had been learned so far and exits with code 130.
Anything that goes wrong (a bad file, an --out that is a file, numbers too large to square, a
learning rate so big that the loss grew) is one line on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from typing import Callable, NamedTuple

from microgd.drawing.out_folder import check_out_folder
from microgd.learning.convergence import Verdict
from microgd.learning.data import load_csv
from microgd.learning.divergence import largest_stable_lr
from microgd.learning.equation import count, equation
from microgd.learning.features import polynomial_features, power_names
from microgd.learning.least_squares import LeastSquares, least_squares, mse_of
from microgd.learning.models import Line, Linear
from microgd.learning.train import TrainingDiverged, TrainingInterrupted, fit

SCALED_LR = 0.1
BIG_FILE = 100_000  # rows; above this, training uses mini-batches unless told otherwise
BIG_BATCH = 10_000


def add_fit_command(commands: argparse._SubParsersAction) -> None:
    """Register `microgd fit` on the CLI's subcommands (called from cli.build_parser)."""
    summary = "fit a line, a plane or a polynomial to columns of your CSV file, and check it against least squares"
    cmd = commands.add_parser("fit", help=summary, description=summary[0].upper() + summary[1:] + ".")
    cmd.add_argument("file", metavar="FILE.csv", help="a CSV file with a header line")
    cmd.add_argument("--x", required=True, nargs="+", metavar="COL", help="the input column(s): --x A B C")
    cmd.add_argument("--y", required=True, metavar="COL", help="the target column's name")
    cmd.add_argument("--degree", type=_positive(int), default=1, help="fit a polynomial of this degree in one --x column")
    cmd.add_argument("--lr", type=_positive(float), help="learning rate (default: 0.1 on standardised data)")
    cmd.add_argument("--steps", type=_positive(int), default=200, help="gradient steps (default: %(default)s)")
    cmd.add_argument("--momentum", type=_momentum, default=0.0, help="SGD momentum in [0, 1) (default: 0)")
    cmd.add_argument("--batch-size", type=_positive(int), help=f"rows per step (default: all of them, or {BIG_BATCH:,} "
                                                               f"for files over {BIG_FILE:,} rows)")
    cmd.add_argument("--seed", type=int, default=0, help="seed for mini-batch shuffling (default: 0)")
    cmd.add_argument("--no-scale", action="store_true", help="train on the raw numbers, not standardised ones")
    cmd.add_argument("--json", action="store_true", help="print the result as one JSON object")
    cmd.add_argument("--out", default="microgd-out", metavar="DIR", help="folder for the plots (default: %(default)s)")
    cmd.set_defaults(run=run_fit)


class _Data(NamedTuple):
    columns: list[list[float]]  # the raw --x columns
    ys: list[float]
    features: list  # what the model reads: numbers (one column) or rows
    names: list[str]  # one per weight: column names, or powers "x", "x^2", ...


def run_fit(args: argparse.Namespace) -> int:
    """Load, train, report, plot. Anything that goes wrong prints one clear error line and returns 1."""
    try:
        return _run(args)
    except KeyboardInterrupt:  # while loading or drawing: nothing learned to show
        print("microgd fit: interrupted", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace) -> int:
    data = None
    try:
        check_out_folder(args.out, "the plots")  # before training, so a bad --out costs nothing
        _check_options(args)
        data = _load(args)
        closed = least_squares(data.features, data.ys, data.names)
        model = Line() if len(data.names) == 1 else Linear(len(data.names))
        batch_size = args.batch_size
        if batch_size is None and len(data.ys) > BIG_FILE:
            batch_size = BIG_BATCH
            _say(args, f"{len(data.ys):,} rows: each step trains on a mini-batch of {BIG_BATCH:,} of them "
                       "(--batch-size to choose another)")
        lr = args.lr or (SCALED_LR if not args.no_scale else largest_stable_lr(model, data.features) / 2)
        history = fit(model, data.features, data.ys, lr=lr, steps=args.steps, momentum=args.momentum,
                      batch_size=batch_size, seed=args.seed, scale=not args.no_scale, warn=False)
    except TrainingInterrupted as stop:
        _interrupted(stop, model, data, args)
        return 130
    except TrainingDiverged as error:
        return _fail(_diverged(error))
    except (OSError, ValueError) as error:
        return _fail(str(error))
    except OverflowError:  # the MSE squares errors: values near 1e200 square past the largest float
        return _fail(_too_large(data, args))
    weights, bias = _weights(model)
    fitted_mse = mse_of(data.features, data.ys, weights, bias)
    start_mse = mse_of(data.features, data.ys, [0.0] * len(weights), 0.0)  # the model starts at 0 in your units
    if not fitted_mse <= start_mse * (1 + 1e-12) and batch_size is None:  # each step overshot, but not a million-fold
        return _fail(_loss_grew(start_mse, fitted_mse, lr, data, args))
    if args.json:
        print(json.dumps(_as_json(args, data, weights, bias, fitted_mse, closed, history, lr, batch_size)))
    else:
        _print_text(args, data, weights, bias, fitted_mse, closed, lr)
    if not history.converged:
        print(f"microgd fit: warning: {_cli_words(history.verdict, args)}", file=sys.stderr)
    if closed.warning:
        print(f"microgd fit: warning: {closed.warning}", file=sys.stderr)
    try:
        _plot(args, data, weights, bias, fitted_mse, closed, history, lr)
    except (OSError, ValueError, OverflowError) as error:
        return _fail(f"cannot write the plots to --out {args.out!r}: {error}")
    return 0


def _check_options(args: argparse.Namespace) -> None:
    if args.degree > 1 and len(args.x) > 1:
        raise ValueError(f"--degree {args.degree} fits a polynomial in one --x column, got {len(args.x)} columns "
                         f"({', '.join(args.x)}); give one column, or leave out --degree")


def _load(args: argparse.Namespace) -> _Data:
    xs, ys = load_csv(args.file, args.x if len(args.x) > 1 else args.x[0], args.y)
    if len(args.x) == 1:
        columns = [xs]
        if args.degree == 1:
            return _Data(columns, ys, xs, [args.x[0]])
        return _Data(columns, ys, polynomial_features(xs, args.degree), power_names(args.x[0], args.degree))
    columns = [list(column) for column in zip(*xs)]
    return _Data(columns, ys, xs, list(args.x))


def _weights(model) -> tuple[list[float], float]:
    params = [p.data for p in model.parameters()]
    return params[:-1], params[-1]


def _say(args: argparse.Namespace, text: str) -> None:
    print(text, file=sys.stderr if args.json else sys.stdout)


def _print_text(args, data: _Data, weights, bias, fitted_mse: float, closed: LeastSquares, lr: float) -> None:
    scaling = "standardised data" if not args.no_scale else "the raw data"
    model = "y = m*x + b" if len(weights) == 1 else ("a polynomial" if args.degree > 1 else "y = w . x + b")
    print(f"fitted {model} to {len(data.ys):,} rows of {args.file} (x = {', '.join(args.x)}, y = {args.y}): "
          f"{count(args.steps, 'step')}, lr = {lr:.6g} on {scaling}")
    names = ["m"] if len(weights) == 1 else [f"w[{name}]" for name in data.names]
    width = max(len(name) for name in names)
    for name, w, best in zip([*names, "b"], [*weights, bias], [*closed.weights, closed.bias]):
        print(f"{name:<{width}} = {w:<14.8g} (closed-form least squares: {best:.8g})")
    print(f"MSE = {fitted_mse:<14.8g} (closed-form least squares: {closed.mse:.8g})")
    shown = ["x"] if len(weights) == 1 and args.x[0] == "x" else data.names
    print(equation(shown, weights, bias, y_name=args.y, digits=6))


def _as_json(args, data: _Data, weights, bias, fitted_mse, closed: LeastSquares, history, lr, batch_size) -> dict:
    def number(x: float) -> float | None:
        return x if math.isfinite(x) else None  # JSON has no inf or nan

    return {
        "file": args.file, "rows": len(data.ys), "x": list(args.x), "y": args.y, "degree": args.degree,
        "weights": {name: number(w) for name, w in zip(data.names, weights)}, "bias": number(bias),
        "mse": number(fitted_mse),
        "closed_form": {"weights": {name: number(w) for name, w in zip(data.names, closed.weights)},
                        "bias": number(closed.bias), "mse": number(closed.mse),
                        "condition": number(closed.condition), "warning": closed.warning},
        "steps": args.steps, "lr": lr, "batch_size": batch_size, "scaled": not args.no_scale,
        "converged": bool(history.converged), "convergence": _cli_words(history.verdict, args) if not history.converged else "",
    }


def _cli_words(verdict: Verdict | None, args: argparse.Namespace) -> str:
    """The verdict's tips as this command's options: --steps 2000, drop --no-scale, --lr 0.5."""
    if verdict is None:
        return ""
    words = []
    for tip in verdict.tips:
        if tip.setting == "scale":
            words.append(f"drop --no-scale ({tip.why})")
        else:
            option = "--" + tip.setting.replace("_", "-")
            words.append(f"{option} {tip.value}" + (f" ({tip.why})" if tip.why else ""))
    return f"{verdict.summary}. Try {'; or '.join(words)}."


def _interrupted(stop: TrainingInterrupted, model, data: _Data | None, args: argparse.Namespace) -> None:
    history = stop.history
    if not history.records or data is None:
        print("microgd fit: interrupted before the first step", file=sys.stderr)
        return
    weights, bias = _weights(model)
    print(f"interrupted after {count(history.records[-1].step, 'step')}; learned so far: "
          f"{equation(data.names, weights, bias, y_name=args.y, digits=8)} "
          f"(MSE {mse_of(data.features, data.ys, weights, bias):.8g})", file=sys.stderr)


def _fail(message: str) -> int:
    """One line on stderr and exit code 1: no traceback for a problem with the data or the options."""
    print(f"microgd fit: error: {message}", file=sys.stderr)
    return 1


def _diverged(error: TrainingDiverged) -> str:
    """TrainingDiverged's message in this command's words: --lr rather than lr =."""
    text = str(error)
    return text.replace("try lr = ", "try --lr ").replace("(lr = ", "(--lr ")


def _loss_grew(start_mse: float, fitted_mse: float, lr: float, data: _Data, args: argparse.Namespace) -> str:
    """The loss rose without exploding: lr is too big. Name the safe limit when it applies to this run."""
    grew = f"the loss grew from {start_mse:.4g} to {fitted_mse:.4g} instead of falling: lr = {lr:g} is too big"
    if args.momentum > 0:  # the limit below is for full-batch plain gradient descent only (divergence.py)
        return (f"{grew}; try --lr {lr / 10:.3g}, and smaller again if the loss still grows (with --momentum no "
                "largest stable lr can be given: that formula is for full-batch plain gradient descent)")
    model = Line() if len(data.names) == 1 else Linear(len(data.names))
    features = data.features
    if not args.no_scale:
        from microgd.learning.scaling import Standardisation

        features = Standardisation.of(data.features, data.ys).features(data.features)
    limit = largest_stable_lr(model, features)
    return f"{grew} (full-batch steps settle only for lr < {limit:.4g} here); try --lr {limit / 2:.3g}"


def _too_large(data: _Data | None, args: argparse.Namespace) -> str:
    biggest = max(abs(v) for v in [*sum(data.columns, []), *data.ys]) if data else math.inf
    return (f"the numbers in columns {', '.join(map(repr, args.x))} and {args.y!r} are too large (up to "
            f"{biggest:.3g}): the MSE squares them, past the largest float (about 1.8e308); rescale the columns, "
            f"e.g. divide them by 1e{max(1, int(math.log10(biggest)))}")


def _plot(args, data: _Data, weights, bias, fitted_mse, closed: LeastSquares, history, lr: float) -> None:
    """Write the report's pictures to --out (pictures/report.py), if matplotlib is installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only, never a window
        from microgd.pictures.report import FitReport, write_fit_report
    except ImportError:
        _say(args, "no plots: install matplotlib (pip install 'microgd[plots]') to get them")
        return
    os.makedirs(args.out, exist_ok=True)
    path = None
    if len(weights) == 1 and history.scaling is not None:  # the run's own path, in the units it trained on
        path = []
        for record in history.records:
            (m,), b = history.scaling.to_training_units([record.params["m"]], record.params["b"])
            path.append((m, b))
    report = FitReport(list(args.x), args.y, data.columns, data.ys, data.names, list(weights), bias, fitted_mse,
                       list(closed.weights), closed.bias, closed.mse, history.losses, degree=args.degree,
                       scaled=not args.no_scale, lr=lr, trained_path=path)
    if args.json:
        import contextlib

        with contextlib.redirect_stdout(sys.stderr):  # "wrote ..." lines must not break the JSON on stdout
            write_fit_report(args.out, report)
    else:
        write_fit_report(args.out, report)


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
