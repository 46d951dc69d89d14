"""Demo 1: fit a line by hand, with the loss as your guide.

What you will see: 30 houses, price against floor area, and a line y = m*x + b. Two sliders
turn the two "pegs", the slope m and the intercept b. The red segments are the errors
(y_real - y_pred), and the title shows the mean squared error

    MSE = (1/n) * sum((y_real - y_pred)**2)

computed by microgd for the line you chose. Try to make it as small as you can, then compare
with the best line printed in the terminal. Without a display, it saves the line at a poor first
guess and at the best line (PNG).

Run it:
    python demos/01_fit_by_hand.py
    python demos/01_fit_by_hand.py --no-show --out pictures
"""

from __future__ import annotations

from microgd import TRUE_B, TRUE_M, house_prices, least_squares_line
from microgd.pictures.plots import demo_options, save_png, show
from microgd.pictures.widgets import FitByHand

FIRST_GUESS = (1.0, 1.0)  # (m, b): a line that is clearly too flat


def main(argv: list[str] | None = None) -> int:
    options = demo_options(__doc__, argv)
    areas, prices = house_prices()
    best_m, best_b = least_squares_line(areas, prices)

    widget = FitByHand(areas, prices, *FIRST_GUESS, m_range=(-1.0, 6.0), b_range=(-3.0, 4.0),
                       xlabel="floor area (100 m^2)", ylabel="price (100,000s)")
    print(f"the line the data was made from: y = {TRUE_M} * x + {TRUE_B}")
    print(f"the best line for this data:     y = {best_m:.3f} * x + {best_b:.3f}  (least squares)")
    if options.show:
        show()
        return 0

    # Without a screen, move the sliders ourselves: the first guess, then the best line.
    print(f"first guess: {widget.readout.get_text()}")
    widget.figure.suptitle("A first guess: move m and b to shrink the MSE", fontsize=12)
    save_png(widget.figure, options.out, "01_fit_by_hand_first_guess")
    widget = FitByHand(areas, prices, *FIRST_GUESS, m_range=(-1.0, 6.0), b_range=(-3.0, 4.0),
                       xlabel="floor area (100 m^2)", ylabel="price (100,000s)")
    widget.slider_m.set_val(best_m)
    widget.slider_b.set_val(best_b)
    print(f"best line:   {widget.readout.get_text()}")
    widget.figure.suptitle("The best line: no other m and b give a smaller MSE", fontsize=12)
    save_png(widget.figure, options.out, "01_fit_by_hand_best")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
