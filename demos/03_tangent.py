"""Demo 3: the derivative is the slope of the tangent line.

What you will see: a real loss with one knob. Hold the intercept b of the house-price line at
its best value b* and vary only the slope m: the MSE becomes a curve L(m), the loss landscape of
demo 2 cut along the line b = b* (the small map shows the cut). Its tangent line is drawn at
several m. The slope printed on each tangent is dL/dm, computed by microgd's ``backward()``:
negative left of the minimum (downhill to the right), positive right of it, and zero at the
minimum m* (the least-squares slope), where the tangent is flat. Further from the minimum it is
steeper. With a display, drag the slider to move a point and its tangent along the curve.

Run it:
    python demos/03_tangent.py              # a window with a slider (or a PNG when headless)
    python demos/03_tangent.py --no-show --out pictures
"""

from __future__ import annotations

import numpy as np

from microgd import house_prices, least_squares_line, mse_slice, value_and_slope
from microgd.pictures.landscape import draw_slice, window
from microgd.pictures.plots import demo_options, save_png, show
from microgd.pictures.widgets import TangentExplorer

M_RANGE = (0.0, 6.0)


def main(argv: list[str] | None = None) -> int:
    options = demo_options(__doc__, argv)
    areas, prices = house_prices()
    best_m, best_b = least_squares_line(areas, prices)
    loss = mse_slice(areas, prices, b=best_b)  # L(m): the MSE of y = m*x + b*, b held at b*
    points = [1.0, 2.0, best_m, 4.0, 5.0]  # where to draw a tangent: both sides of the minimum, and at it
    mean_x2 = float(np.mean(np.square(areas)))

    print(f"L(m) = MSE of y = m*x + {best_b:.4f} on the house data (b held at its best value b*)")
    print("   m       L(m)   dL/dm by backward()   dL/dm = 2 mean(x^2) (m - m*) by hand (cross-check)")
    for m in points:
        height, slope = value_and_slope(loss, m)
        print(f"{m:5.3f}  {height:8.4f}   {slope:+10.4f}           {2 * mean_x2 * (m - best_m):+10.4f}")
    print(f"the minimum: m* = {best_m:.4f} (least squares), where the slope is 0")

    explorer = TangentExplorer(loss, a0=2.0, a_range=M_RANGE, marked=points, knob="m", curve="L")
    explorer.ax.set(xlabel="m (the slope of the line; b held at b*)", ylabel="L(m), the MSE")
    inset = explorer.ax.inset_axes([0.45, 0.58, 0.22, 0.30])  # clear of the slope labels
    draw_slice(inset, areas, prices, *window([(M_RANGE[0], best_b), (M_RANGE[1], best_b)], centre=(best_m, best_b)),
               b=best_b, minimum=(best_m, best_b))
    explorer.figure.suptitle("The slope of the tangent is the derivative dL/dm, from backward():\n"
                             "negative left of the minimum, zero at it, positive right of it", fontsize=11, y=0.98)
    if options.show:
        show()
    else:
        explorer.slider.set_val(4.0)
        save_png(explorer.figure, options.out, "03_tangent")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
