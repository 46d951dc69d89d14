"""Demo 2: the loss landscape, L(m, b) over every line at once.

What you will see: each point (m, b) of the floor is one line, and its height is that line's
MSE on the house data. The surface is a bowl; its lowest point (the red star) is the best line.
Left, the bowl in 3D (drag to rotate it when a window is open); middle, the same bowl seen from
above as contours, lines of equal loss like a hiking map, with four points marked; right, the
four lines those points are, drawn through the data, each with its MSE, the height of its point.
The further a line is from the data, the higher its point on the bowl. The terminal shows
microgd's gradient at the same lines: large far from the star, zero at it (the bottom of the
bowl is flat).

Run it:
    python demos/02_loss_landscape.py
    python demos/02_loss_landscape.py --no-show --out pictures
"""

from __future__ import annotations

from microgd import Line, house_prices, least_squares_line, line_mse, mse
from microgd.pictures.landscape import draw_contours, draw_surface, window
from microgd.pictures.plots import demo_options, draw_data, line_through, plt, show_or_save

# Four points of the landscape, each one line y = m*x + b, and the colour it is drawn in.
MARKED = {(0.0, 0.0): "tab:gray", (1.0, 3.0): "tab:purple", (5.0, -1.0): "tab:orange"}


def main(argv: list[str] | None = None) -> int:
    options = demo_options(__doc__, argv)
    areas, prices = house_prices()
    best = least_squares_line(areas, prices)  # the closed form, to mark the bottom of the bowl
    marked = {**MARKED, best: "red"}

    print("      m       b       MSE    dL/dm    dL/db   (gradient from backward())")
    for m, b in marked:
        line = Line(m, b)
        loss = mse([line(x) for x in areas], prices)
        loss.backward()
        print(f"{m:7.3f} {b:7.3f} {loss.data:9.4f} {line.m.grad:+8.4f} {line.b.grad:+8.4f}")
    print(f"the lowest point: m = {best[0]:.4f}, b = {best[1]:.4f}, where the gradient is (0, 0)")

    m_range, b_range = window(list(marked), centre=best, margin=0.1)
    figure = plt.figure(figsize=(13, 5.2))
    figure.suptitle("The loss landscape L(m, b): every point is a line, its height the line's MSE; "
                    "the red star is the best line", fontsize=12)
    surface = figure.add_subplot(1, 3, 1, projection="3d")
    surface.computed_zorder = False  # draw in the order given: the marked points over the surface
    draw_surface(surface, areas, prices, m_range, b_range, minimum=best)
    surface.set_title("as a 3D surface", fontsize=10)
    surface.view_init(elev=35, azim=-60)
    contours = figure.add_subplot(1, 3, 2)
    draw_contours(contours, areas, prices, m_range, b_range, minimum=best)
    lines = figure.add_subplot(1, 3, 3)
    draw_data(lines, areas, prices, "floor area (100 m^2)", "price (100,000s)")
    for (m, b), color in marked.items():
        loss = line_mse(areas, prices, m, b)
        if (m, b) != best:  # the star is already drawn by draw_contours
            contours.plot(m, b, "o", color=color, markersize=10, markeredgecolor="white", zorder=5)
        surface.plot([m], [b], [loss], "o" if (m, b) != best else "*", color=color, markersize=10 if (m, b) != best
                     else 16, markeredgecolor="white", zorder=10)  # each point at its height, the line's MSE
        line_through(lines, areas, m, b, color=color, linewidth=2,
                     label=f"(m, b) = ({m:.2f}, {b:.2f}): MSE {loss:.3g}")
    contours.set_title("as contours, seen from above:\nfour points marked", fontsize=10)
    lines.set_title("the four points as lines through the data:\nthe worse the fit, the higher the point", fontsize=10)
    lines.legend(loc="upper left", fontsize=8)
    figure.tight_layout()
    figure.subplots_adjust(wspace=0.3)  # room for the 3D panel's loss label, which tight_layout does not see
    show_or_save(figure, options, "02_loss_landscape")  # a window, or a PNG when there is no screen
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
