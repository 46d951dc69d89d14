"""Pictures for the demos: show them in a window, or save them to files when there is no screen.

Every demo script ends the same way. With a display, it opens a matplotlib window you can play
with (sliders, buttons). Without one (a server, a test, or ``--no-show``), it saves each figure
as a PNG, and each animation as a GIF, and prints where it put them. This module holds that
plumbing plus the two drawings almost every demo needs: the data with a line through it, and a
learning curve (the loss after every step).

matplotlib is an optional extra (``pip install microgd[plots]``); nothing else in microgd needs it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Callable, Sequence

import matplotlib  # pictures/__init__.py has already said how to install it if it is missing
import matplotlib.pyplot as plt

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from microgd.drawing.out_folder import OutFolderError, check_out_folder

# One colour per role, the same in every figure, so a reader learns them once.
DATA_COLOR = "tab:blue"
LINE_COLOR = "tab:red"
PATH_COLOR = "tab:orange"  # the parameters' path during gradient descent


# ---- the command line every demo shares ----


def demo_options(description: str, argv: Sequence[str] | None = None,
                 more: Callable[[argparse.ArgumentParser], object] | None = None) -> argparse.Namespace:
    """Parse ``--out DIR`` and ``--no-show``; ``options.show`` says whether to open a window.

    Args:
        description: the demo's docstring (its first line becomes ``--help``'s summary).
        argv: the arguments, or None for ``sys.argv[1:]``.
        more: adds a demo's own options to the parser, e.g.
            ``lambda parser: parser.add_argument("--steps", type=int, default=60)``.
    Returns:
        A namespace with ``out`` (a Path) and ``show`` (a bool), and any options ``more`` added.
    """
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    if more is not None:
        more(parser)
    parser.add_argument("--out", default="microgd-out",
                        help="folder for the pictures when they are saved, created if needed "
                             "(default: %(default)s, inside the folder you run the demo from)")
    parser.add_argument("--no-show", action="store_true",
                        help="never open a window: save the pictures and print their paths")
    options = parser.parse_args(argv)
    try:  # a folder that cannot be written is said now, in one line, before the demo runs
        options.out = check_out_folder(options.out, "the pictures")  # as a Path
    except OutFolderError as error:
        parser.exit(1, f"{parser.prog}: error: {error}\n")
    options.show = not options.no_show and can_show()
    return options


def can_show() -> bool:
    """True when matplotlib can open a window: an interactive backend and, on Linux, a display."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return False
    return matplotlib.get_backend().lower() not in _non_interactive_backends()


def refresh(figure: Figure) -> None:
    """Ask a window to redraw after a widget changed the figure; a no-op without a window.

    Off screen (the Agg backend, or a notebook's inline backend, where the notebook widgets
    redraw the picture themselves) ``draw_idle`` would render the whole figure at once, on every
    slider move or click: wasted work, since the picture is only drawn when it is saved or shown.
    """
    backend = matplotlib.get_backend().lower()
    if backend not in _non_interactive_backends() and "inline" not in backend:
        figure.canvas.draw_idle()


def _non_interactive_backends() -> set[str]:
    try:  # matplotlib >= 3.9 keeps a registry of backends
        from matplotlib.backends import BackendFilter, backend_registry

        return set(backend_registry.list_builtin(BackendFilter.NON_INTERACTIVE))
    except ImportError:  # older matplotlib: the list lives in rcsetup
        return {name.lower() for name in matplotlib.rcsetup.non_interactive_bk}


# ---- saving: every figure becomes a file whose path is printed ----


def save_png(figure: Figure, out_dir: Path | str, name: str, dpi: int = 80) -> Path:
    """Save ``figure`` as ``out_dir/name.png``, close it, print and return the path."""
    from PIL import Image  # Pillow comes with matplotlib

    path = _output_path(out_dir, name, ".png")
    figure.savefig(path, dpi=dpi)
    plt.close(figure)  # many saved figures left open would pile up in memory
    # A chart has few colours: a 256-colour palette makes the file about 4 times smaller.
    with Image.open(path) as image:
        palette = image.convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    palette.save(path, optimize=True)
    print(f"wrote {path}")
    return path


def save_gif(
    figure: Figure,
    draw_frame: Callable[[int], object],
    n_frames: int,
    out_dir: Path | str,
    name: str,
    fps: float = 4,
    dpi: int = 60,
) -> Path:
    """Save an animation as ``out_dir/name.gif``: ``draw_frame(i)`` updates the figure for frame i.

    Pillow (a matplotlib dependency) writes the GIF, so no extra program is needed.
    """
    from matplotlib.animation import FuncAnimation, PillowWriter

    path = _output_path(out_dir, name, ".gif")
    animation = FuncAnimation(figure, draw_frame, frames=n_frames, repeat=False)
    animation.save(path, writer=PillowWriter(fps=fps), dpi=dpi)
    plt.close(figure)
    print(f"wrote {path}")
    return path


def show() -> None:
    """Open every figure made so far in a window and wait until the reader closes them."""
    plt.show()


def show_or_save(figure: Figure, options: argparse.Namespace, name: str, dpi: int = 80) -> None:
    """How a demo with one still figure ends: a window if it can open one, else ``out/name.png``.

    Args:
        figure: the finished figure.
        options: what `demo_options` returned (``show`` and ``out``).
        name: the file name without ``.png``, e.g. ``"02_loss_landscape"``.
        dpi: pixels per inch of the PNG. A window uses matplotlib's 100, so a figure meant to
            fit a laptop screen (at most about 13 x 7 inches) may be saved sharper than the 80 default.
    """
    if options.show:
        show()
    else:
        save_png(figure, options.out, name, dpi=dpi)


def _output_path(out_dir: Path | str, name: str, suffix: str) -> Path:
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}{suffix}"


# ---- drawings shared by the demos ----


def draw_data(ax: Axes, xs: Sequence[float], ys: Sequence[float], xlabel: str = "x", ylabel: str = "y") -> None:
    """The data as a scatter plot: the points a line should pass close to."""
    ax.scatter(xs, ys, color=DATA_COLOR, s=22, zorder=3, label="data")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)


def line_through(ax: Axes, xs: Sequence[float], m: float, b: float, **style) -> object:
    """Draw y = m*x + b across the data's x range; returns the Line2D so a widget can move it."""
    left, right = padded_range(xs)
    style = {"color": LINE_COLOR, "linewidth": 2, **style}
    (artist,) = ax.plot([left, right], [m * left + b, m * right + b], **style)
    return artist


def move_line(artist, xs: Sequence[float], m: float, b: float) -> None:
    """Redraw a line from `line_through` for new m and b."""
    left, right = padded_range(xs)
    artist.set_data([left, right], [m * left + b, m * right + b])


def draw_learning_curve(ax: Axes, losses: Sequence[float], label: str | None = None, log: bool = True) -> object:
    """The loss after each step (step 0 = before any update); a log scale shows the late progress."""
    (artist,) = ax.plot(range(len(losses)), losses, marker="." if len(losses) < 40 else None, label=label)
    if log and all(loss > 0 for loss in losses):
        ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("loss (MSE)")
    ax.set_title("Learning curve: the loss after each step")
    ax.grid(True, alpha=0.3)
    return artist


def padded_range(values: Sequence[float], pad: float = 0.05) -> tuple[float, float]:
    """The values' range widened by ``pad`` times its width on each side, for axis limits.

    All values equal (a zero width) get a margin of 1 instead, so the range is never empty.
    """
    low, high = min(values), max(values)
    margin = (high - low) * pad or 1.0
    return low - margin, high + margin
