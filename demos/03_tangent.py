"""Demo 3: the derivative is the slope of the tangent line.

What you will see: the curve f(a) = (a - 2)**2 + 1, a loss with one knob a, and its tangent
line at several points. The slope printed on each tangent is f'(a), computed by microgd's
``backward()``: negative left of the minimum (downhill to the right), positive right of it, and
zero at the minimum a = 2, where the tangent is flat. Further from the minimum, it is steeper.
With a display, drag the slider to move a point and its tangent along the curve.

Run it:
    python demos/03_tangent.py              # a window with a slider (or a PNG when headless)
    python demos/03_tangent.py --no-show --out pictures
"""

from __future__ import annotations

from microgd import Value, value_and_slope
from microgd.pictures.plots import demo_options, save_png, show
from microgd.pictures.widgets import TangentExplorer

POINTS = [-0.5, 0.5, 2.0, 3.0, 4.0]  # where to draw a tangent: both sides of the minimum, and at it


def f(a: Value) -> Value:
    """A bowl with its lowest point at a = 2, written with Value operations so microgd can differentiate it."""
    return (a - 2) ** 2 + 1


def main(argv: list[str] | None = None) -> int:
    options = demo_options(__doc__, argv)

    print("  a      f(a)    f'(a) by backward()   f'(a) = 2(a - 2) by hand (cross-check)")
    for a in POINTS:
        height, slope = value_and_slope(f, a)
        print(f"{a:5.1f}  {height:7.3f}   {slope:+10.4f}           {2 * (a - 2):+10.4f}")

    explorer = TangentExplorer(f, a0=0.5, a_range=(-1.0, 5.0), marked=POINTS)
    explorer.figure.suptitle("The slope of the tangent is the derivative f'(a), from backward():\n"
                             "negative left of the minimum, zero at it, positive right of it", fontsize=11, y=0.98)
    if options.show:
        show()
    else:
        explorer.slider.set_val(3.0)
        save_png(explorer.figure, options.out, "03_tangent")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
