"""The main demo (`microgd demo`, `python -m microgd`, `make demo`): the whole story in one run.

It trains the line y = m*x + b on the built-in house prices, saying what each of the five steps
does, then prints the learned line beside the line the data was made from and beside least
squares (the exact answer, as a cross-check), and draws four pictures into a folder:

    fitted_line.png     the data and the learned line
    landscape.png       the loss surface L(m, b) and the path gradient descent took down it
    learning_curve.png  the loss after every step
    graph.svg           the computation graph of the loss at the first step, every local
                        derivative on its edge
                        (graph.dot and trace.txt beside it: the same story as text)

Without matplotlib it still trains and traces, and says how to get the pictures; without
Graphviz's ``dot`` it keeps the .dot file and the text trace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from microgd.learning.data import TRUE_B, TRUE_M, house_prices, least_squares_line
from microgd.engine import Value
from microgd.learning.history import Record
from microgd.learning.losses import mse
from microgd.learning.models import Line
from microgd.drawing.render import GraphvizFailed, GraphvizNotFound, render_graph
from microgd.drawing.paths import trace
from microgd.learning.train import fit

STEPS, LEARNING_RATE = 200, 0.2


@dataclass
class DemoResult:
    """What the demo learned and the files it wrote."""

    m: float
    b: float
    least_squares: tuple[float, float]
    files: list[Path] = field(default_factory=list)


def run_demo(out_dir: str | Path = "microgd-out", steps: int = STEPS, lr: float = LEARNING_RATE) -> DemoResult:
    """Train the line, narrate, print the result and write the pictures into ``out_dir``."""
    out = Path(out_dir)
    areas, prices = house_prices()
    print(f"The data: {len(areas)} houses, floor area x (100 m^2) and price y (100,000s),\n"
          f"made from the line y = {TRUE_M} * x + {TRUE_B} plus noise. Can gradient descent find it?\n")

    print("1. Start with some parameters: the flat line y = 0 * x + 0.")
    line = Line(m=0.0, b=0.0)
    print("2. Predict: y_pred = m * x + b for every house (each a small graph of Values).")
    print("3. Measure the loss: MSE = (1/n) * sum((y - y_pred)**2), one number.")
    print("4. Compute the gradient: loss.backward() gives dL/dm and dL/db by the chain rule.")
    print(f"5. Nudge: m <- m - lr * dL/dm and b <- b - lr * dL/db, with lr = {lr}. Repeat {steps} times.\n")

    def narrate(record: Record) -> None:  # progress: a line every tenth of the run
        if record.step % max(1, steps // 10) == 0:
            print(f"   step {record.step:4d}/{steps}   loss {record.loss:9.5f}   "
                  f"m {record.params['m']:7.4f}   b {record.params['b']:7.4f}   "
                  f"dL/dm {record.grads['m']:+8.4f}   dL/db {record.grads['b']:+8.4f}")

    history = fit(line, areas, prices, lr=lr, steps=steps, callback=narrate, progress=False)
    best = least_squares_line(areas, prices)
    print(f"\nlearned:        y = {line.m.data:.4f} * x + {line.b.data:.4f}   (MSE {history.losses[-1]:.5f})")
    print(f"least squares:  y = {best[0]:.4f} * x + {best[1]:.4f}   (the exact best line for this data)")
    print(f"true line:      y = {TRUE_M:.4f} * x + {TRUE_B:.4f}   (the noise in the data moves the best line a little)\n")

    result = DemoResult(line.m.data, line.b.data, best)
    result.files += _write_graph(Line(m=0.0, b=0.0), areas, prices, out)  # step 0, where the slopes are steep
    try:
        import microgd.pictures.plots  # noqa: F401  (fails without matplotlib, an optional extra)
    except ImportError:
        print("No pictures of the fit: matplotlib is not installed. Get them with\n"
              "    pip install matplotlib        (or: pip install -e '.[plots]')")
        return result
    result.files += _draw_pictures(areas, prices, history, best, out)
    return result


def _write_graph(line: Line, areas: list[float], prices: list[float], out: Path) -> list[Path]:
    """The loss's computation graph (SVG) and the chain rule for dL/dm as text, for ``line``.

    The houses go in as labelled Values (x1, y1, x2, y2, ...), so the drawing shows them as data
    (blue boxes) and the trace names them; plain floats would be drawn as anonymous constants.
    """
    xs = [Value(x, label=f"x{i}") for i, x in enumerate(areas, start=1)]
    ys = [Value(y, label=f"y{i}") for i, y in enumerate(prices, start=1)]
    loss = mse([line(x) for x in xs], ys)
    loss.backward()
    out.mkdir(parents=True, exist_ok=True)
    trace_file = out / "trace.txt"
    trace_file.write_text(trace(loss, line.m, max_paths=3) + "\n", encoding="utf-8")
    print(f"wrote {trace_file}   (how dL/dm is a sum over paths, as text)")
    try:
        rendered = render_graph(loss, out / "graph", format="svg", params=line.parameters(), highlight=line.m)
    except (GraphvizNotFound, GraphvizFailed) as error:  # the DOT source and the trace are written all the same
        print(f"wrote {out / 'graph.dot'}   (no SVG: {error})")
        return [trace_file, out / "graph.dot"]
    print(f"wrote {rendered.picture}   (the computation graph at step 0, m's paths in red: its\n"
          f"      m.grad = {line.m.grad:.4f} is the dL/dm of step 0 above. DOT source: {rendered.source})")
    return [trace_file, rendered.source, rendered.picture]


def _draw_pictures(areas, prices, history, best, out: Path) -> list[Path]:
    """The fitted line, the landscape with the descent path, and the learning curve."""
    from microgd.pictures.landscape import draw_contours, draw_path, draw_surface, window
    from microgd.pictures.plots import draw_data, draw_learning_curve, line_through, plt, save_png

    m, b = history.records[-1].params["m"], history.records[-1].params["b"]
    figure, ax = plt.subplots(figsize=(7, 5))
    draw_data(ax, areas, prices, "floor area (100 m^2)", "price (100,000s)")
    line_through(ax, areas, m, b, label=f"learned: y = {m:.3f} x + {b:.3f}")
    line_through(ax, areas, TRUE_M, TRUE_B, color="0.35", linestyle="--", linewidth=1.2,
                 label=f"true: y = {TRUE_M} x + {TRUE_B}")
    ax.legend()
    ax.set_title(f"The line gradient descent learned ({len(history) - 1} steps)")
    files = [save_png(figure, out, "fitted_line")]

    ms, bs = history.values("m"), history.values("b")
    m_range, b_range = window(list(zip(ms, bs)), centre=best, margin=0.1)
    figure = plt.figure(figsize=(12, 5))
    figure.suptitle(f"Gradient descent on the loss landscape: {len(ms) - 1} steps from (0, 0) to the red star "
                    "(least squares)")
    surface = figure.add_subplot(1, 2, 1, projection="3d")
    draw_surface(surface, areas, prices, m_range, b_range, minimum=best)
    draw_path(surface, ms, bs, history.losses)
    surface.view_init(elev=40, azim=-60)
    surface.set_title("the loss surface L(m, b) and the descent")
    contours = figure.add_subplot(1, 2, 2)
    draw_contours(contours, areas, prices, m_range, b_range, minimum=best)
    draw_path(contours, ms, bs, label="(m, b) after each step")
    contours.legend(loc="upper right", fontsize=8)
    contours.set_title("seen from above: from (0, 0) to the lowest point")
    figure.tight_layout()
    files.append(save_png(figure, out, "landscape"))

    figure, ax = plt.subplots(figsize=(7, 4.5))
    draw_learning_curve(ax, history.losses)
    files.append(save_png(figure, out, "learning_curve"))
    return files
