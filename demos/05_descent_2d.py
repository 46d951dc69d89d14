"""Demo 5: gradient descent in two dimensions, down the loss landscape.

What you will see: the same rule as in 1D, now with one partial derivative per parameter,

    m <- m - lr * dL/dm        b <- b - lr * dL/db        (lr = 0.15; both slopes from backward())

starting from the flat line m = 0, b = 0. The orange path shows (m, b) after every step, on the
3D surface and on the contours. Notice its shape: the first step runs straight down the steep
wall of the valley, landing just short of its floor (the dashed line), and every later step
creeps along that gentle floor towards the red star, the best line. The loss falls at every
step. (With lr above lr*/2 = 0.164, half the largest stable rate, the first step would overshoot
the floor and the path would zigzag across the valley: demo 7 shows that.) Without a display it
also saves the walk as a GIF.

Run it:
    python demos/05_descent_2d.py
    python demos/05_descent_2d.py --no-show --out pictures
"""

from __future__ import annotations

import numpy as np
from matplotlib import patheffects

from microgd import History, Line, TRUE_B, TRUE_M, fit, house_prices, least_squares_line
from microgd.pictures.landscape import draw_contours, draw_path, draw_surface, window
from microgd.pictures.plots import PATH_COLOR, demo_options, plt, save_gif, save_png, show

LEARNING_RATE, STEPS = 0.15, 150
OUTLINED = [patheffects.Stroke(linewidth=4.5, foreground="black"), patheffects.Normal()]  # orange on any colour
# White dashes edged in dark gray: they read on the dark valley and on the legend's white box alike.
FLOOR_STYLE = {"linestyle": "--", "color": "white", "linewidth": 1.2,
               "path_effects": [patheffects.Stroke(linewidth=3, foreground="0.25"), patheffects.Normal()]}


def descend_the_valley() -> History:
    """The walk: STEPS steps of gradient descent on the house data's MSE, from the flat line y = 0."""
    areas, prices = house_prices()
    # 1. Start with some parameters: the flat line y = 0*x + 0.
    line = Line(m=0.0, b=0.0)
    # 2-5. Predict, measure the MSE, backward(), nudge m and b; repeated STEPS times by fit().
    return fit(line, areas, prices, lr=LEARNING_RATE, steps=STEPS)


def valley_floor(xs: list[float], best: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """The floor's direction (the gently curved one) and the wall's (the steeply curved one).

    They are the eigenvectors of the bowl's curvature, the Hessian H = 2 * [[mean(x**2), mean(x)],
    [mean(x), 1]], smallest eigenvalue first. The floor is the line through the minimum along the
    first; a step "crosses the floor" when its distance from the minimum along the second changes sign.
    """
    x = np.asarray(xs)
    hessian = 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    _, vectors = np.linalg.eigh(hessian)
    return vectors[:, 0], vectors[:, 1]


def main(argv: list[str] | None = None) -> int:
    options = demo_options(__doc__, argv)
    areas, prices = house_prices()
    best = least_squares_line(areas, prices)  # cross-check only: training never sees it
    history = descend_the_valley()
    ms, bs, losses = history.values("m"), history.values("b"), history.losses

    print("step       m        b       MSE     dL/dm    dL/db")
    for step in [0, 1, 2, 3, 5, 10, 20, 50, 100, STEPS]:
        record = history.records[step]
        print(f"{step:4d} {ms[step]:8.4f} {bs[step]:8.4f} {losses[step]:9.5f} "
              f"{record.grads['m']:+8.4f} {record.grads['b']:+8.4f}")
    print(f"learned:       y = {ms[-1]:.4f} * x + {bs[-1]:.4f}")
    print(f"least squares: y = {best[0]:.4f} * x + {best[1]:.4f}   (the exact bottom of the bowl)")
    print(f"true line:     y = {TRUE_M:.4f} * x + {TRUE_B:.4f}   (the data's noise moves the bottom a little)")

    floor, _ = valley_floor(areas, best)
    m_range, b_range = window(list(zip(ms, bs)), centre=best, margin=0.1)
    reach = 2 * (m_range[1] - m_range[0])
    floor_ms = [best[0] - reach * floor[0], best[0] + reach * floor[0]]
    floor_bs = [best[1] - reach * floor[1], best[1] + reach * floor[1]]

    figure = plt.figure(figsize=(12, 5.4))
    figure.suptitle(f"Gradient descent in 2D: {STEPS} steps of (m, b) <- (m, b) - {LEARNING_RATE} * gradient, "
                    "from (0, 0) to the red star", fontsize=12)
    surface = figure.add_subplot(1, 2, 1, projection="3d")
    surface.computed_zorder = False  # draw in the order given: the path over the surface, never under it
    draw_surface(surface, areas, prices, m_range, b_range, minimum=best)
    path3d = draw_path(surface, ms, bs, losses, color=PATH_COLOR, linewidth=2.5, markersize=4, zorder=10)
    path3d.set_path_effects(OUTLINED)
    surface.plot(ms[:1], bs[:1], losses[:1], "o", color=PATH_COLOR, markersize=9, markeredgecolor="black", zorder=11)
    surface.view_init(elev=40, azim=-60)
    surface.set_title("the path on the surface: one step down the wall, then along the floor", fontsize=10)
    contours = figure.add_subplot(1, 2, 2)
    draw_contours(contours, areas, prices, m_range, b_range, minimum=best)
    contours.plot(floor_ms, floor_bs, label="the valley's floor", **FLOOR_STYLE)
    draw_path(contours, ms, bs, label=f"(m, b) after each of {STEPS} steps", linewidth=2, zorder=4)
    contours.legend(loc="upper right", fontsize=9)
    contours.set_title("the path on the contours: down the wall, then along the valley's floor", fontsize=10)
    figure.tight_layout()
    if options.show:
        show()
        return 0
    save_png(figure, options.out, "05_descent_2d")

    # The same walk as an animation on the contours: one frame per step, for the first 40 steps.
    figure, contours = plt.subplots(figsize=(6, 5.5))
    draw_contours(contours, areas, prices, m_range, b_range, minimum=best)
    contours.plot(floor_ms, floor_bs, **FLOOR_STYLE)
    path = draw_path(contours, ms[:1], bs[:1], linewidth=2)
    title = contours.set_title("")

    def draw_frame(step: int) -> None:
        path.set_data(ms[: step + 1], bs[: step + 1])
        title.set_text(f"step {step}: m = {ms[step]:.3f}, b = {bs[step]:.3f}, MSE = {losses[step]:.4f}")

    save_gif(figure, draw_frame, 41, options.out, "05_descent_2d", dpi=90)  # readable when shrunk to a page
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
