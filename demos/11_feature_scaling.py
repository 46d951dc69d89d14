"""Demo 11: feature scaling, a narrow valley turned into a round bowl.

What you will see: the same houses and the same line y = m*x + b, trained twice by the same
gradient descent, 100 steps from the flat line y = 0:

    left    on the raw numbers, with the floor area in tens of m^2 (5 to 25). The loss landscape
            is a narrow valley, about 37 times longer than wide (drawn at its true shape: equal
            axes). The learning rate must stay under lr* = 2 / (the steepest curvature) not to
            fly off across the valley, so it runs at lr*/2; along the valley's gentle floor that
            same rate crawls. The path drops onto the floor in one step and then barely moves.
    middle  on standardised numbers, x_s = (x - mean_x) / sd_x and y_s = (y - mean_y) / sd_y.
            The landscape is a round bowl, equally curved every way, so lr = 0.1 suits both
            parameters and the path, from the same first line y = 0, runs straight to the bottom.
    right   both learning curves, as the MSE above the lowest possible (in the data's units,
            log scale): the raw run's curve flattens long before the bottom, so it looks
            finished when it is not; the standardised run reaches the bottom.

The terminal prints what each run learned beside least squares and the true line: the raw run's
intercept b is still far off. Multiply x by ten more (area in m^2) and the valley is 365 times
longer than wide, too thin to draw; that is why `microgd fit` and ``fit(..., scale=True)``
standardise for you (microgd/learning/scaling.py holds the arithmetic).

Run it:
    python demos/11_feature_scaling.py
    python demos/11_feature_scaling.py --no-show --out pictures
"""

from __future__ import annotations

from microgd import (History, Line, Standardisation, TRUE_B, TRUE_M, fit, house_prices, largest_stable_lr,
                     least_squares_line, line_mse)
from microgd.pictures.landscape import draw_contours, draw_path, window
from microgd.pictures.line_landscape import SCALED_LR, curvature_ratio
from microgd.pictures.plots import demo_options, plt, show_or_save

STEPS = 100
UNIT = 10.0  # the area in tens of m^2: house_prices() gives it in hundreds


def houses_in_tens_of_m2() -> tuple[list[float], list[float]]:
    """The house data with the area in tens of m^2 (5 to 25) and the price in 100,000s."""
    areas, prices = house_prices()
    return [UNIT * a for a in areas], prices


def train_raw(xs: list[float], ys: list[float]) -> tuple[History, float]:
    """STEPS steps on the raw numbers at half the largest stable rate; returns the History and lr."""
    lr = largest_stable_lr(Line(), xs) / 2  # as fast as plain gradient descent safely goes here
    # 1. Start at (0, 0).  2-5. Predict, loss, backward(), nudge: STEPS times, in fit().
    return fit(Line(0.0, 0.0), xs, ys, lr=lr, steps=STEPS, warn=False), lr  # stopping early is the point


def train_standardised(xs: list[float], ys: list[float]) -> tuple[History, Standardisation]:
    """STEPS steps on standardised numbers at lr = 0.1; returns the History (standardised units) and the scaling.

    It starts from the same line as the raw run, y = 0*x + 0, written in standardised units.
    """
    scaling = Standardisation.of(xs, ys)
    (m0,), b0 = scaling.to_training_units([0.0], 0.0)
    # The same five steps, on x_s = (x - mean_x) / sd_x and y_s = (y - mean_y) / sd_y.
    return fit(Line(m0, b0), scaling.features(xs), scaling.targets(ys), lr=SCALED_LR, steps=STEPS), scaling


def main(argv: list[str] | None = None) -> int:
    options = demo_options(__doc__, argv)
    xs, ys = houses_in_tens_of_m2()
    raw, raw_lr = train_raw(xs, ys)
    scaled, scaling = train_standardised(xs, ys)
    best = least_squares_line(xs, ys)
    best_loss = line_mse(xs, ys, *best)
    (m_back,), b_back = scaling.to_data_units([scaled.values("m")[-1]], scaled.values("b")[-1])

    print(f"the valley on raw numbers is {curvature_ratio(xs) ** 0.5:.1f} times longer than wide; "
          f"standardised, {curvature_ratio(scaling.features(xs)) ** 0.5:.1f}")
    rows = [(f"raw numbers, lr = {raw_lr:.5f}", raw.values("m")[-1], raw.values("b")[-1], f"{raw.losses[-1]:.5f}"),
            (f"standardised, lr = {SCALED_LR}, back in units", m_back, b_back,
             f"{scaled.losses[-1] * scaling.loss_factor:.5f}"),
            ("least squares (the bottom)", *best, f"{best_loss:.5f}"),
            ("true line", TRUE_M / UNIT, TRUE_B, "")]
    width = max(len(row[0]) for row in rows)  # the names' column: as wide as the longest name
    print(f"after {STEPS} steps".ljust(width + 2) + f"  {'m (per 10 m^2)':>14}  {'b':>8}  {'MSE':>8}")
    for name, m, b, loss in rows:
        print(f"  {name:<{width}}  {m:14.4f}  {b:8.4f}  {loss:>8}".rstrip())

    figure, (raw_ax, scaled_ax, curves_ax) = plt.subplots(1, 3, figsize=(13, 5.3), width_ratios=[1, 1, 1.1])
    figure.suptitle(f"Feature scaling: the same line, the same {STEPS} steps of gradient descent from the flat line y = 0, "
                    "on raw and on standardised numbers", fontsize=12)
    # Standardised, the best intercept is exactly 0; rounding leaves -1e-17, which would print as -0.000.
    scaled_best = tuple(round(v, 12) + 0.0 for v in least_squares_line(scaling.features(xs), scaling.targets(ys)))
    sides = [(raw_ax, xs, ys, raw, f"lr = lr*/2 = {raw_lr:.4f}", best,
              f"raw numbers (area in 10 m^2): a narrow valley,\n"
              f"{curvature_ratio(xs) ** 0.5:.0f} times longer than wide. The path drops onto\n"
              "its floor, then crawls along it"),
             (scaled_ax, scaling.features(xs), scaling.targets(ys), scaled, f"lr = {SCALED_LR}", scaled_best,
              "standardised, (value - mean) / sd: a round bowl.\n"
              "From the same first line, the path runs straight\nto the bottom")]
    for ax, side_xs, side_ys, history, lr_text, bottom, title in sides:
        ms, bs = history.values("m"), history.values("b")
        m_range, b_range = window(list(zip(ms, bs)), centre=bottom, margin=0.15)
        draw_contours(ax, side_xs, side_ys, m_range, b_range, minimum=bottom, resolution=200)
        draw_path(ax, ms, bs, label=f"{STEPS} steps, {lr_text}", linewidth=2, zorder=4)
        ax.set_aspect("equal")  # the true shape: equal lengths along m and b
        ax.set_title(title, fontsize=10)
        ax.legend(loc="upper right", fontsize=8)
        ax.annotate(f"step {STEPS}: b = {round(bs[-1], 2) + 0.0:.2f}\n(the bottom: {bottom[1]:.2f})", (ms[-1], bs[-1]),
                    textcoords="offset points", xytext=(12, 18), fontsize=8, color="white",
                    arrowprops={"arrowstyle": "->", "color": "white"})
    scaled_ax.set(xlabel="m_s (slope, standardised)", ylabel="b_s (intercept, standardised)")

    raw_excess = [loss - best_loss for loss in raw.losses]
    scaled_excess = [loss * scaling.loss_factor - best_loss for loss in scaled.losses]
    curves_ax.plot(raw_excess, color="tab:red", label="raw numbers: flattens far above the bottom")
    curves_ax.plot(scaled_excess, color="tab:green", label="standardised: reaches the bottom")
    curves_ax.set_yscale("log")
    curves_ax.set_ylim(max(1e-12, min(scaled_excess[1:]) / 3), max(raw_excess) * 3)
    curves_ax.set(xlabel="step", ylabel="MSE - lowest MSE (data's units)")
    curves_ax.set_title("The loss above the lowest possible: the raw run\nlooks finished long before it is",
                        fontsize=10)
    curves_ax.grid(True, alpha=0.3)
    curves_ax.legend(fontsize=8, loc="upper right")
    figure.tight_layout()
    show_or_save(figure, options, "11_feature_scaling")  # a window, or a PNG when there is no screen
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
