"""Demo 5: gradient descent in two dimensions, down the loss landscape.

What you will see: the same rule as in 1D, now with one partial derivative per parameter,

    m <- m - k * dL/dm        b <- b - k * dL/db        (k = 0.2; both slopes from backward())

starting from the flat line m = 0, b = 0. The orange path shows (m, b) after every step, on the
3D surface and on the contours. Notice its shape: the first steps run straight down the steep
walls of the valley, then the path turns and creeps along the valley's gentle floor towards the
red star, the best line. Without a display it also saves the walk as a GIF.

Run it:
    python demos/05_descent_2d.py
    python demos/05_descent_2d.py --no-show --out pictures
"""

from __future__ import annotations

from microgd import Line, TRUE_B, TRUE_M, fit, house_prices, least_squares_line
from microgd.pictures.landscape import draw_contours, draw_path, draw_surface, window
from microgd.pictures.plots import demo_options, plt, save_gif, save_png, show

LEARNING_RATE, STEPS = 0.2, 150


def main(argv: list[str] | None = None) -> int:
    options = demo_options(__doc__, argv)
    areas, prices = house_prices()
    best = least_squares_line(areas, prices)  # cross-check only: training never sees it

    # 1. Start with some parameters: the flat line y = 0*x + 0.
    line = Line(m=0.0, b=0.0)
    # 2-5. Predict, measure the MSE, backward(), nudge m and b; repeated STEPS times by fit().
    history = fit(line, areas, prices, lr=LEARNING_RATE, steps=STEPS)
    ms, bs, losses = history.values("m"), history.values("b"), history.losses

    print("step       m        b       MSE     dL/dm    dL/db")
    for step in [0, 1, 2, 3, 5, 10, 20, 50, 100, STEPS]:
        record = history.records[step]
        print(f"{step:4d} {ms[step]:8.4f} {bs[step]:8.4f} {losses[step]:9.5f} "
              f"{record.grads['m']:+8.4f} {record.grads['b']:+8.4f}")
    print(f"learned:       y = {line.m.data:.4f} * x + {line.b.data:.4f}")
    print(f"least squares: y = {best[0]:.4f} * x + {best[1]:.4f}   (the exact bottom of the bowl)")
    print(f"true line:     y = {TRUE_M:.4f} * x + {TRUE_B:.4f}   (the data's noise moves the bottom a little)")

    m_range, b_range = window(list(zip(ms, bs)), centre=best, margin=0.1)
    figure = plt.figure(figsize=(12, 5.2))
    figure.suptitle(f"Gradient descent in 2D: {STEPS} steps of (m, b) <- (m, b) - {LEARNING_RATE} * gradient, "
                    "from (0, 0) to the red star", fontsize=12)
    surface = figure.add_subplot(1, 2, 1, projection="3d")
    draw_surface(surface, areas, prices, m_range, b_range, minimum=best)
    draw_path(surface, ms, bs, losses)
    surface.view_init(elev=40, azim=-60)
    surface.set_title("the path on the surface")
    contours = figure.add_subplot(1, 2, 2)
    draw_contours(contours, areas, prices, m_range, b_range, minimum=best)
    path = draw_path(contours, ms, bs, label=f"(m, b) after each of {STEPS} steps")
    contours.legend(loc="upper right", fontsize=9)
    contours.set_title("the path on the contours: down the wall, then along the valley")
    figure.tight_layout()
    if options.show:
        show()
        return 0
    save_png(figure, options.out, "05_descent_2d")

    # The same walk as an animation on the contours: one frame per step, for the first 40 steps.
    figure, contours = plt.subplots(figsize=(6, 5.5))
    draw_contours(contours, areas, prices, m_range, b_range, minimum=best)
    path = draw_path(contours, ms[:1], bs[:1])
    title = contours.set_title("")

    def draw_frame(step: int) -> None:
        path.set_data(ms[: step + 1], bs[: step + 1])
        title.set_text(f"step {step}: m = {ms[step]:.3f}, b = {bs[step]:.3f}, MSE = {losses[step]:.4f}")

    save_gif(figure, draw_frame, 41, options.out, "05_descent_2d")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
