"""Demo 4: gradient descent in one dimension, one step per click.

What you will see: the loss of demo 3, a real one: the MSE of the house-price line with the
intercept b held at its best value b*, as a curve L(m) of the slope m alone (the small map shows
where it cuts the landscape). A point starts at m = 0, the flat line. Each click of "Step" moves
it by the rule of gradient descent,

    m <- m - lr * L'(m)        (lr = 0.08, the learning rate; L'(m) from microgd's backward())

Left of the minimum the slope is negative, so the step moves m to the right; the steps shrink
as the curve flattens, and the point settles at the minimum, the least-squares slope m*.
"Reset" starts over. Without a display it saves the first frame (``04_descent_1d_start.png``),
the last (``04_descent_1d.png``) and the whole walk (``04_descent_1d.gif``).

Run it:
    python demos/04_descent_1d.py
    python demos/04_descent_1d.py --no-show --out pictures
"""

from __future__ import annotations

from microgd import house_prices, least_squares_line, mse_slice
from microgd.pictures.landscape import draw_slice, window
from microgd.pictures.plots import demo_options, save_gif, save_png, show
from microgd.pictures.widgets import Descent1D

START, LEARNING_RATE, STEPS = 0.0, 0.08, 15
M_RANGE = (-0.5, 6.0)


def make_widget() -> Descent1D:
    """The Step/Reset widget on L(m), the house data's MSE along m with b held at b*."""
    areas, prices = house_prices()
    best_m, best_b = least_squares_line(areas, prices)
    widget = Descent1D(mse_slice(areas, prices, b=best_b), a0=START, learning_rate=LEARNING_RATE, a_range=M_RANGE,
                       knob="m", curve="L")
    widget.ax.set(xlabel="m (the slope of the line; b held at b*)", ylabel="L(m), the MSE")
    widget.point.set_label("m now")
    widget.ax.legend(loc="upper right")
    inset = widget.ax.inset_axes([0.37, 0.5, 0.26, 0.36])
    draw_slice(inset, areas, prices, *window([(M_RANGE[0], best_b), (M_RANGE[1], best_b)], centre=(best_m, best_b)),
               b=best_b, minimum=(best_m, best_b))
    widget.figure.suptitle("Gradient descent in 1D: m <- m - lr * L'(m)", fontsize=12)
    return widget


def main(argv: list[str] | None = None) -> int:
    options = demo_options(__doc__, argv)
    widget = make_widget()
    if options.show:
        show()  # click "Step" and watch the point settle
        return 0

    # Without a screen, click the button ourselves and print what each click does.
    start = widget  # the first frame, before any step: saved with the others below
    widget = make_widget()
    print("step        m     L'(m)")
    for step in range(STEPS + 1):
        print(f"{step:4d}  {widget.a:7.4f}  {widget.descent.slopes[-1]:+8.4f}")
        if step < STEPS:
            widget.step()
    best_m, _ = least_squares_line(*house_prices())
    print(f"after {STEPS} steps m = {widget.a:.4f}; the minimum is the least-squares slope m* = {best_m:.4f}")
    save_png(start.figure, options.out, "04_descent_1d_start")
    save_png(widget.figure, options.out, "04_descent_1d")

    widget = make_widget()
    save_gif(widget.figure, lambda i: widget.step() if i else widget.reset(), STEPS + 1, options.out, "04_descent_1d",
             dpi=80)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
