"""Demo 12: full batch, mini-batches, one sample at a time, and momentum, on one landscape.

What you will see: the house-price line trained from the flat line y = 0 with the same learning
rate, lr = 0.1, for the same 100 steps, on the loss landscape of demos 5 to 7 (the contours are
the MSE over all 30 houses). Only what each step looks at changes:

    full batch     every step uses all 30 houses: the exact gradient, a smooth path down the
                   wall and along the valley's floor (demo 5).
    mini-batches   every step uses 5 houses (shuffled, a new 5 each step): the gradient of those
                   5 only, so each step points a little off and the path wobbles. On average it
                   still goes downhill, and a step costs a sixth of a full one.
    one sample     every step uses a single house (stochastic gradient descent in its purest
                   form): the direction changes from step to step and the path zigzags; it never
                   settles exactly but keeps jittering around the bottom (with a fixed lr).
    momentum       full batch again, but each step keeps a share of the previous one,
                   buf <- momentum * buf + gradient, p <- p - lr * buf (microgd's SGD, as in
                   PyTorch). Like a ball rolling downhill it overshoots the floor and swings
                   across the valley a few times, but it builds up speed along the gentle floor:
                   momentum = 0.7 is at the bottom after about 40 steps, where plain steps are
                   still on the way after 100.

The four maps are zoomed on the valley (every run starts at (0, 0), left of the view, and its
first step lands on the wall at the top left); the dashed grey path in the other three is the
full-batch path, for comparison. Below: every run's MSE on all 30 houses after each step, minus the lowest MSE there is
(log scale: each line down is ten times closer to the bottom). The terminal prints
where each run ended beside least squares and the true line.

Run it:
    python demos/12_batches_and_momentum.py
    python demos/12_batches_and_momentum.py --no-show --out pictures
"""

from __future__ import annotations

from microgd import History, Line, TRUE_B, TRUE_M, fit, house_prices, least_squares_line, line_mse
from microgd.pictures.landscape import draw_contours, draw_path, window
from microgd.pictures.plots import demo_options, plt, show_or_save

LEARNING_RATE, STEPS, SEED = 0.1, 100, 0
# name -> (batch size (None: every house), momentum, colour)
RUNS = {
    "full batch (30 houses)": (None, 0.0, "tab:orange"),
    "mini-batches of 5": (5, 0.0, "tab:purple"),
    "one sample at a time": (1, 0.0, "tab:red"),
    "momentum 0.7": (None, 0.7, "deeppink"),
}


def train(batch_size: int | None, momentum: float) -> History:
    """STEPS steps of SGD from the flat line, each step on batch_size houses (None: all of them)."""
    areas, prices = house_prices()
    # 1. Start with some parameters: y = 0*x + 0.  2-5. Predict on the batch, its loss, backward(),
    # nudge (with momentum, by the running buffer): STEPS times, in fit(), shuffled by a fixed seed.
    return fit(Line(0.0, 0.0), areas, prices, lr=LEARNING_RATE, steps=STEPS, batch_size=batch_size,
               momentum=momentum, seed=SEED, warn=False)  # a fixed number of steps is the point: no warning


def paths() -> dict[str, tuple[list[float], list[float], list[float]]]:
    """Every run's (m after each step, b after each step, MSE on all houses after each step)."""
    areas, prices = house_prices()
    runs = {}
    for name, (batch_size, momentum, _) in RUNS.items():
        history = train(batch_size, momentum)
        ms, bs = history.values("m"), history.values("b")
        runs[name] = (ms, bs, [line_mse(areas, prices, m, b) for m, b in zip(ms, bs)])
    return runs


def main(argv: list[str] | None = None) -> int:
    options = demo_options(__doc__, argv)
    areas, prices = house_prices()
    best = least_squares_line(areas, prices)
    runs = paths()

    print(f"after {STEPS} steps at lr = {LEARNING_RATE}        m        b    MSE on all houses")
    for name, (ms, bs, losses) in runs.items():
        print(f"  {name:28s} {ms[-1]:8.4f} {bs[-1]:8.4f}   {losses[-1]:.5f}")
    print(f"  {'least squares (the bottom)':28s} {best[0]:8.4f} {best[1]:8.4f}   {line_mse(areas, prices, *best):.5f}")
    print(f"  {'true line':28s} {TRUE_M:8.4f} {TRUE_B:8.4f}")

    figure = plt.figure(figsize=(13, 7))
    axes = figure.subplot_mosaic([["full", "mini", "single", "momentum"], ["curves"] * 4], height_ratios=[1.25, 1])
    figure.suptitle(f"What each step looks at: {STEPS} steps, lr = {LEARNING_RATE}, from the flat line y = 0, "
                    "on the MSE over all 30 houses", fontsize=12)
    full_ms, full_bs, _ = runs["full batch (30 houses)"]
    # Zoomed on the valley: from the full-batch path's first step on (the start is off to the left).
    m_range, b_range = window(list(zip(full_ms[1:], full_bs[1:])), centre=best, margin=0.15)
    panels = {"full": (["full batch (30 houses)"], "Full batch: the exact gradient,\na smooth path"),
              "mini": (["mini-batches of 5"], "Mini-batches of 5 houses: each step\nis a little off, the path wobbles"),
              "single": (["one sample at a time"], "One house per step: the path zigzags\nand jitters around the bottom"),
              "momentum": (["momentum 0.7"],
                           "Momentum 0.7: swings across the\nvalley, then rolls fast along its floor")}
    for panel, (names, title) in panels.items():
        ax = axes[panel]
        draw_contours(ax, areas, prices, m_range, b_range, minimum=best)
        if panel != "full":
            ax.plot(full_ms, full_bs, "--", color="0.85", linewidth=1.2, label="full batch, for comparison")
        for z, name in enumerate(names):
            ms, bs, _ = runs[name]
            draw_path(ax, ms, bs, label=name, color=RUNS[name][2], markersize=3, linewidth=1.3, zorder=4 + z)
        ax.set_aspect("equal")
        ax.set_title(title, fontsize=10)
        ax.legend(loc="lower left", fontsize=7)
    lowest = line_mse(areas, prices, *best)
    for name, (_, _, losses) in runs.items():  # above the lowest MSE: a log scale shows how far each still is
        axes["curves"].plot([loss - lowest for loss in losses], color=RUNS[name][2], label=name, linewidth=1.5)
    axes["curves"].set(yscale="log", xlabel="step", ylabel="MSE - lowest MSE", ylim=(1e-9, 100))
    axes["curves"].set_title("The MSE on all 30 houses after each step, above the lowest possible: one house per step "
                             "wobbles most;\nmomentum swings at first, then gets far closer to the bottom than the others",
                             fontsize=10)
    axes["curves"].grid(True, alpha=0.3)
    axes["curves"].legend(fontsize=8, loc="upper right")
    figure.tight_layout()
    show_or_save(figure, options, "12_batches_and_momentum")  # a window, or a PNG when there is no screen
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
