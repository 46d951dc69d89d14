"""Demo 2: the loss landscape, L(m, b) over every line at once.

What you will see: each point (m, b) of the floor is one line, and its height is that line's
MSE on the house data. The surface is a bowl; its lowest point (the red star) is the best line.
Left, the bowl in 3D (drag to rotate it when a window is open); right, the same bowl seen from
above as contours, lines of equal loss like a hiking map. The terminal shows microgd's gradient
at a few lines: large far from the star, zero at it (the bottom of the bowl is flat).

Run it:
    python demos/02_loss_landscape.py
    python demos/02_loss_landscape.py --no-show --out pictures
"""

from __future__ import annotations

from microgd import Line, house_prices, least_squares_line, mse
from microgd.pictures.landscape import draw_contours, draw_surface, window
from microgd.pictures.plots import demo_options, plt, show_or_save


def main(argv: list[str] | None = None) -> int:
    options = demo_options(__doc__, argv)
    areas, prices = house_prices()
    best = least_squares_line(areas, prices)  # the closed form, to mark the bottom of the bowl

    print("      m       b       MSE    dL/dm    dL/db   (gradient from backward())")
    for m, b in [(0.0, 0.0), (1.0, 3.0), (5.0, -1.0), best]:
        line = Line(m, b)
        loss = mse([line(x) for x in areas], prices)
        loss.backward()
        print(f"{m:7.3f} {b:7.3f} {loss.data:9.4f} {line.m.grad:+8.4f} {line.b.grad:+8.4f}")
    print(f"the lowest point: m = {best[0]:.4f}, b = {best[1]:.4f}, where the gradient is (0, 0)")

    m_range, b_range = window([(0.0, 0.0)], centre=best, margin=0.1)
    figure = plt.figure(figsize=(12, 5.2))
    figure.suptitle("The loss landscape L(m, b): every point is a line, its height the line's MSE; "
                    "the red star is the best line", fontsize=12)
    surface = figure.add_subplot(1, 2, 1, projection="3d")
    draw_surface(surface, areas, prices, m_range, b_range, minimum=best)
    surface.set_title("as a 3D surface")
    surface.view_init(elev=35, azim=-60)
    contours = figure.add_subplot(1, 2, 2)
    draw_contours(contours, areas, prices, m_range, b_range, minimum=best)
    contours.set_title("as contours (lines of equal loss), seen from above")
    contours.legend(loc="upper right", fontsize=9)
    figure.tight_layout()
    show_or_save(figure, options, "02_loss_landscape")  # a window, or a PNG when there is no screen
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
