"""Demo 6: train the line, one "Update" click at a time.

What you will see: three panels side by side, the data with the line, the loss landscape with
the path of (m, b), and the learning curve. Each click of "Update" runs the five training steps
once (predict, measure the MSE, backward(), nudge m and b against their gradients): the line
swings onto the data, the point walks down the landscape and the loss drops. "Reset" starts
over from the flat line. Without a display, it clicks "Update" itself and saves the result (PNG)
and the whole run (GIF).

Run it:
    python demos/06_train_the_line.py
    python demos/06_train_the_line.py --no-show --out pictures
"""

from __future__ import annotations

from microgd import TRUE_B, TRUE_M, house_prices, least_squares_line
from microgd.pictures.plots import demo_options, plt, save_gif, save_png, show
from microgd.pictures.train_widget import TrainTheLine

START, LEARNING_RATE, CLICKS = (0.0, 0.0), 0.1, 60
GIF_FONTS, GIF_DPI = {"font.size": 14, "legend.fontsize": 12}, 90


def make_widget() -> TrainTheLine:
    """The widget on the house data, starting from the flat line y = 0."""
    areas, prices = house_prices()
    return TrainTheLine(areas, prices, *START, learning_rate=LEARNING_RATE,
                        minimum=least_squares_line(areas, prices), max_steps=CLICKS,
                        xlabel="floor area (100 m^2)", ylabel="price (100,000s)")


def main(argv: list[str] | None = None) -> int:
    options = demo_options(__doc__, argv)
    widget = make_widget()
    if options.show:
        show()  # click "Update" (one step each) and "Reset"
        return 0

    # No screen: click "Update" ourselves, printing every tenth step.
    print("update       m        b       MSE")
    for click in range(CLICKS + 1):
        if click % 10 == 0:
            print(f"{click:6d} {widget.m:8.4f} {widget.b:8.4f} {widget.loss:9.5f}")
        if click < CLICKS:
            widget.update()
    best = least_squares_line(widget.xs, widget.ys)
    print(f"learned:       y = {widget.m:.4f} * x + {widget.b:.4f}")
    print(f"least squares: y = {best[0]:.4f} * x + {best[1]:.4f}")
    print(f"true line:     y = {TRUE_M:.4f} * x + {TRUE_B:.4f}")
    save_png(widget.figure, options.out, "06_train_the_line")

    # The GIF is seen shrunk to the width of a page: larger letters, and more pixels, keep it readable.
    with plt.rc_context(GIF_FONTS):
        widget = make_widget()
        widget.landscape_ax.legend(loc="upper right", fontsize=GIF_FONTS["legend.fontsize"])
        widget.readout.set_fontsize(GIF_FONTS["font.size"])
        save_gif(widget.figure, lambda i: widget.update() if i else widget.reset(), 21, options.out,
                 "06_train_the_line", fps=5, dpi=GIF_DPI)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
