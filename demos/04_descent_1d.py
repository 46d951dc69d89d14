"""Demo 4: gradient descent in one dimension, one step per click.

What you will see: the curve f(a) = (a - 2)**2 + 1 and a point starting at a = -1. Each click
of "Step" moves it by the rule of gradient descent,

    a <- a - k * f'(a)        (k = 0.15, the learning rate; f'(a) from microgd's backward())

Left of the minimum the slope is negative, so the step moves a to the right; the steps shrink
as the curve flattens, and the point settles at the minimum a = 2. "Reset" starts over.
Without a display it saves the first and last frames (PNG) and the whole walk (GIF).

Run it:
    python demos/04_descent_1d.py
    python demos/04_descent_1d.py --no-show --out pictures
"""

from __future__ import annotations

from microgd import Value
from microgd.pictures.plots import demo_options, save_gif, save_png, show
from microgd.pictures.widgets import Descent1D

START, LEARNING_RATE, STEPS = -1.0, 0.15, 15


def f(a: Value) -> Value:
    """The same bowl as demo 3: lowest point at a = 2, where f = 1."""
    return (a - 2) ** 2 + 1


def main(argv: list[str] | None = None) -> int:
    options = demo_options(__doc__, argv)
    widget = Descent1D(f, a0=START, learning_rate=LEARNING_RATE, a_range=(-1.5, 5.0))
    widget.figure.suptitle("Gradient descent in 1D: a <- a - k * f'(a)", fontsize=12)
    if options.show:
        show()  # click "Step" and watch the point settle
        return 0

    # Without a screen, click the button ourselves and print what each click does.
    print("step        a     f'(a)")
    for step in range(STEPS + 1):
        print(f"{step:4d}  {widget.a:7.4f}  {widget.descent.slopes[-1]:+8.4f}")
        if step < STEPS:
            widget.step()
    print(f"after {STEPS} steps a = {widget.a:.4f}; the true minimum is at a = 2")
    save_png(widget.figure, options.out, "04_descent_1d")

    widget = Descent1D(f, a0=START, learning_rate=LEARNING_RATE, a_range=(-1.5, 5.0))
    widget.figure.suptitle("Gradient descent in 1D: a <- a - k * f'(a)", fontsize=12)
    save_gif(widget.figure, lambda i: widget.step() if i else widget.reset(), STEPS + 1, options.out, "04_descent_1d")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
