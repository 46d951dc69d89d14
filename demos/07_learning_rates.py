"""Demo 7: learning rates, too small, good, too large, and the valleys they end up in.

What you will see, top: the line trained on the house data with five learning rates, as
learning curves (left), and the first steps of three of them as paths on the loss contours, one
rate per panel. For this data microgd computes the largest stable rate, lr* = 2 / (the largest
curvature of the MSE bowl); below it every step shrinks the distance to the bottom, above it
every step grows it. A rate far below crawls; a good one, lr*/2, steps onto the valley's floor at
once and walks along it; one just under lr* zigzags across the valley but still settles (the
numbered steps come closer); one just over lr* zigzags further out on every step, so the loss
climbs for ever (right: the numbered steps move away).

Bottom: a curve with two valleys, f(a) = a**4 - 3*a**2 + a, every descent starting at a = 2. A
small step settles in the shallow valley next to the start ("gradient trapping"). A bigger step
happens to overshoot the hill and land in the deepest valley: luck of the overshoot, not
wisdom (the printout shows the same rate trapped when starting at a = 1.8). Too big a step
flies off the curve.

Run it:
    python demos/07_learning_rates.py
    python demos/07_learning_rates.py --no-show --out pictures
"""

from __future__ import annotations

from microgd import (Line, TrainingDiverged, Value, descend,
                     fit, house_prices, largest_stable_lr, least_squares_line, line_mse)
from microgd.pictures.landscape import draw_contours, draw_path, window
from microgd.pictures.plots import demo_options, draw_learning_curve, plt, show_or_save
from microgd.pictures.widgets import draw_curve

STEPS = 40
PATH_STEPS = 8  # the contour panels show the first steps only: later ones pile up or fly off
VALLEY_START, VALLEY_STEPS = 2.0, 40
VALLEY_RATES = {0.02: "small step", 0.1: "bigger step", 0.2: "too big"}


def two_valleys(a: Value) -> Value:
    """A shallow valley near a = 1.13 and a deeper one near a = -1.30, a hill between them."""
    return a**4 - 3 * a**2 + a


def train_line(xs: list[float], ys: list[float], lr: float) -> tuple[list[float], list[float], list[float]]:
    """Train y = m*x + b from (0, 0) with this learning rate; return the m, b and loss of every step."""
    # 1. Start with some parameters.  2-5. Predict, loss, backward(), nudge: STEPS times, in fit().
    try:
        history = fit(Line(0.0, 0.0), xs, ys, lr=lr, steps=STEPS, warn=False)  # stopping early is the point
    except TrainingDiverged as error:  # fit stopped it (the loss grew a million-fold): keep its steps
        history = error.history
    return history.values("m"), history.values("b"), history.losses


def main(argv: list[str] | None = None) -> int:
    options = demo_options(__doc__, argv)
    areas, prices = house_prices()
    best = least_squares_line(areas, prices)
    stable = largest_stable_lr(Line(), areas)
    best_loss = line_mse(areas, prices, *best)
    print(f"largest stable learning rate for this data: lr* = {stable:.4f}")
    rates = {
        "too small (lr*/50)": stable / 50,
        "good (lr*/2)": stable / 2,
        "just under (0.95 lr*)": 0.95 * stable,
        "just over (1.05 lr*)": 1.05 * stable,
        "too large (1.5 lr*)": 1.5 * stable,
    }

    figure = plt.figure(figsize=(13, 6.8))  # fits a 1366 x 768 laptop screen
    axes = figure.subplot_mosaic([["curves", "good", "under", "over"], ["valleys"] * 4],
                                 height_ratios=[1.4, 1])
    print(f"{'learning rate':>24}  {'lr':>7}  loss at the start -> after {STEPS} steps (or where fit stopped it)")
    paths = {}
    for (name, lr), color in zip(rates.items(), ["tab:gray", "tab:green", "tab:blue", "tab:orange", "tab:red"]):
        ms, bs, losses = train_line(areas, prices, lr)
        verdict = ("DIVERGES: the loss grows every step" if losses[-1] > losses[0] else
                   "still crawling down" if losses[-1] > 1.5 * best_loss else "settles at the bottom")
        print(f"{name:>24}  {lr:7.4f}  {losses[0]:.4g} -> {losses[-1]:.4g}   {verdict}")
        draw_learning_curve(axes["curves"], losses, label=f"{name}, lr = {lr:.3f}").set_color(color)
        paths[name] = (ms[:PATH_STEPS + 1], bs[:PATH_STEPS + 1], f"{name}, lr = {lr:.3f}", color)
    axes["curves"].set_title(f"The loss at every step, five rates (lr* = {stable:.3f}):\n"
                             "below lr* it falls, above lr* it climbs for ever", fontsize=10)
    top = axes["curves"].get_ylim()[1]
    axes["curves"].set_ylim(top=top * 1e5)  # room above the curves, so the legend hides none of them
    axes["curves"].legend(fontsize=7, loc="upper right")

    # The paths on the contours, one rate per panel: drawn together, the zigzags of lr* * 0.95
    # would run over the path of lr*/2. The first two panels share a window (the one that holds
    # the zigzag), so they compare at one scale; the runaway needs a wider view.
    windows = {"under": window(list(zip(*paths["just under (0.95 lr*)"][:2])), centre=best, margin=0.08)}
    windows["good"] = windows["under"]
    windows["over"] = window(list(zip(*paths["just over (1.05 lr*)"][:2])), centre=best, margin=0.08)
    panels = {"good": "good (lr*/2)", "under": "just under (0.95 lr*)", "over": "just over (1.05 lr*)"}
    for panel, name in panels.items():
        ax = axes[panel]
        draw_contours(ax, areas, prices, *windows[panel], minimum=best)
        ms, bs, label, color = paths[name]
        draw_path(ax, ms, bs, label=label, color=color, markersize=5, linewidth=1.5, zorder=3)
        for step, (m, b) in enumerate(zip(ms, bs)):  # number the steps, to follow them one by one
            if panel != "good" or step < 2:  # after step 1, lr*/2's steps are too close together to number
                ax.annotate(str(step), (m, b), textcoords="offset points", xytext=(-4, 6), fontsize=8,
                            ha="right", bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                                              "alpha": 0.8})
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.15))
    axes["good"].set_title(f"lr*/2: one step lands on the valley's\nfloor, then it walks along it. {PATH_STEPS} steps",
                           fontsize=10)
    axes["under"].set_title(f"Just under lr*: each zigzag is shorter\nthan the last, so it settles. {PATH_STEPS} steps",
                            fontsize=10)
    axes["over"].set_title(f"Just over lr*: each zigzag is longer,\nso it runs away. {PATH_STEPS} steps (wider view)",
                           fontsize=10)

    draw_curve(axes["valleys"], two_valleys, -2.5, 2.5)
    axes["valleys"].set(xlim=(-2.5, 2.5), ylim=(-9, 8))  # room under the valleys for the legend
    for (lr, name), color in zip(VALLEY_RATES.items(), ["tab:green", "tab:purple", "tab:red"]):
        run = descend(two_valleys, VALLEY_START, lr, VALLEY_STEPS)
        where = (f"flew off: a = {run.a:.3g} after {len(run.points) - 1} steps" if run.diverged
                 else f"settles at a = {run.a:.3f}, f = {run.heights[-1]:.3f}")
        print(f"two valleys, start a = {VALLEY_START}, lr = {lr}: {where}")
        shown = [(a, h) for a, h in zip(run.points, run.heights) if abs(a) < 10]  # the axes clip the rest
        axes["valleys"].plot(*zip(*shown), "o-", color=color, alpha=0.7, markersize=4,
                             label=f"lr = {lr} ({name}): {where}")
    trapped = descend(two_valleys, 1.8, 0.1, VALLEY_STEPS)
    print(f"the same lr = 0.1 from a = 1.8 settles at a = {trapped.a:.3f}: reaching the deep valley was luck")
    axes["valleys"].set_title("Two valleys, all starting at a = 2: the small step is trapped in the shallow valley; "
                              "the bigger one\novershoots the hill into the deepest valley by luck "
                              "(from a = 1.8 it is trapped too); too big flies off", fontsize=10)
    axes["valleys"].legend(fontsize=8, loc="lower center")
    figure.tight_layout(h_pad=0.5)
    show_or_save(figure, options, "07_learning_rates", dpi=92)  # a window, or a PNG when there is no screen
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
