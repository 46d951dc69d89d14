"""Demo 8: tracing the graph, every derivative written where you can check it.

What you will see: microgd's computation graphs, drawn by Graphviz, for three expressions of
growing size:

    1. the line's prediction        y_pred = m*x + b
    2. one squared error            (y - (m*x + b))**2
    3. the MSE over three houses    (1/3) * sum of three squared errors

Each box is a value with its data and grad; each edge into an operation carries the local
derivative d(out)/d(in). The paths from m to the loss are drawn in red, and their caption adds
them up: d(loss)/dm = sum over paths of the product of the numbers along each path (the chain
rule). The terminal prints the same story as text (``trace``), and a GIF animates the backward
pass, one edge at a time. With a display the pictures open in a window; without one, their
paths are printed. Without Graphviz's ``dot``, the .dot files and the text traces are still
written, with instructions to install it.

Run it:
    python demos/08_tracing.py
    python demos/08_tracing.py --no-show --out pictures
"""

from __future__ import annotations

from pathlib import Path

from microgd import (GraphvizNotFound, Line, Value, animate_backward,
                     derivative_name, house_prices, mse, render_graph, trace)
from microgd.pictures.plots import demo_options


def expressions() -> dict[str, tuple[Value, Line]]:
    """The three graphs, each built from a fresh line y = m*x + b and already backpropagated.

    The data are labelled Values (x, y; then x1, y1, x2, ...): the drawing shows a labelled
    value that is not a parameter as data (a blue box), and the trace names it instead of
    printing its number, so d(m*x1)/d(m) = x1 reads as the rule it is.
    """
    areas, prices = house_prices()
    graphs = {}
    line = Line(m=2.0, b=1.0)
    prediction = line(Value(areas[0], label="x"))
    prediction.label = "y_pred"
    graphs["08_graph_line"] = (prediction, line)
    line = Line(m=2.0, b=1.0)
    squared_error = (Value(prices[0], label="y") - line(Value(areas[0], label="x"))) ** 2
    squared_error.label = "L"
    graphs["08_graph_squared_error"] = (squared_error, line)
    line = Line(m=2.0, b=1.0)
    xs = [Value(a, label=f"x{i}") for i, a in enumerate(areas[:3], start=1)]
    ys = [Value(p, label=f"y{i}") for i, p in enumerate(prices[:3], start=1)]
    graphs["08_graph_mse"] = (mse([line(x) for x in xs], ys), line)
    for root, _ in graphs.values():
        root.backward()
    return graphs


def main(argv: list[str] | None = None) -> int:
    options = demo_options(__doc__, argv)
    out: Path = options.out
    out.mkdir(parents=True, exist_ok=True)
    pictures, missing_dot = [], None
    for name, (root, line) in expressions().items():
        text = trace(root, line.m)
        print(f"\n=== {name}: how {derivative_name(root.label, 'm')} = {line.m.grad:.6g} comes about ===\n{text}")
        (out / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
        print(f"wrote {out / f'{name}.txt'}")
        try:
            rendered = render_graph(root, out / name, format="png", params=line.parameters(), highlight=line.m)
            pictures.append(rendered.picture)
            print(f"wrote {rendered.picture} (and {rendered.source})")
        except GraphvizNotFound as error:
            missing_dot = error
            print(f"wrote {out / (name + '.dot')} (no picture: Graphviz is missing)")

    root, line = expressions()["08_graph_squared_error"]
    try:
        gif = animate_backward(root, out / "08_backward_pass.gif", params=line.parameters(), max_frames=12)[0]
        print(f"wrote {gif}")
    except GraphvizNotFound as error:
        missing_dot = error
    if missing_dot is not None:
        print(f"\n{missing_dot}")
        return 0
    if options.show:
        _show_pictures(pictures)
    return 0


def _show_pictures(paths: list[Path]) -> None:
    """Open the drawings in matplotlib windows, one per graph."""
    from microgd.pictures.plots import plt, show

    for path in paths:
        figure, ax = plt.subplots(figsize=(12, 6))
        ax.imshow(plt.imread(path))
        ax.set_title(path.stem)
        ax.axis("off")
    show()


if __name__ == "__main__":
    raise SystemExit(main())
