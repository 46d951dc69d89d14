"""Sliders and buttons in a Jupyter notebook: the figures of widgets.py, driven by ipywidgets.

The figures in widgets.py and train_widget.py have matplotlib sliders and buttons, which need a
desktop window. In a notebook we keep each figure and all of its arithmetic (the very same
``update``, ``step`` and ``reset``) and put ipywidgets controls in front of it: moving a slider
sets the figure's own slider, a click calls the figure's own method, and the figure is drawn
again, as a PNG, under the controls.

    fit_by_hand(xs, ys, ...)      sliders for m and b: the line, its errors and the MSE follow
    tangent_explorer(f, ...)      a slider moves a point along a curve; the tangent follows
    descent_1d(f, ...)            "Step" and "Reset": a <- a - lr * f'(a), one click at a time
    train_the_line(xs, ys, ...)   "Update" and "Reset": the five training steps, once per click

Without ipywidgets each one shows its still picture instead and says so in one line; the two
with buttons first click them a few times themselves (10 steps, 30 updates), so the picture
shows the descent under way rather than its start.
`show_graph` shows a computation graph inline, or, without Graphviz, how to install it.
"""

from __future__ import annotations

import base64
import io
from types import ModuleType
from typing import Callable, Sequence

import graphviz
from matplotlib.figure import Figure
from matplotlib.widgets import Button, Slider

from microgd.drawing.render import GraphvizNotFound, pipe
from microgd.learning.curves import Curve
from microgd.pictures.plots import plt
from microgd.pictures.train_widget import TrainTheLine
from microgd.pictures.widgets import Descent1D, FitByHand, TangentExplorer

NO_WIDGETS = ("ipywidgets is not installed, so this is a still picture; for sliders and buttons: "
              "pip install ipywidgets  (or: pip install -e '.[notebook]')")
NO_BUTTONS = ("ipywidgets is not installed: showing the picture after {clicks}; "
              "pip install ipywidgets for the buttons  (or: pip install -e '.[notebook]')")
STILL_STEPS_1D, STILL_UPDATES_2D = 10, 30  # the clicks a still picture makes by itself


class NotebookWidget:
    """A figure from widgets.py with ipywidgets controls in front of it.

    Attributes:
        picture: the matplotlib figure object (FitByHand, Descent1D, ...): its ``readout``, its
            line and its point are what the reader sees, and what a test reads.
        sliders: the ipywidgets FloatSliders, by their labels (empty without ipywidgets).
        buttons: the ipywidgets Buttons, by their labels (empty without ipywidgets).
        image: the ipywidgets Image showing the figure (None without ipywidgets).

    Args:
        picture, sliders, buttons: the figure, its matplotlib sliders, and its matplotlib
            buttons each with the method a click runs.
        still: for the still picture without ipywidgets: the click to make (e.g. ``picture.step``),
            how many times, and what to call them ("steps"), so the picture shows the descent
            under way instead of its start. None: the picture as it starts.
    """

    def __init__(self, picture, sliders: Sequence[Slider],
                 buttons: Sequence[tuple[Button, Callable[[], object]]],
                 still: tuple[Callable[[], object], int, str] | None = None) -> None:
        self.picture = picture
        plt.close(picture.figure)  # shown here, not a second time by the notebook's own backend
        for control in [*sliders, *(button for button, _ in buttons)]:
            control.ax.set_visible(False)  # the ipywidgets below replace matplotlib's controls
        picture.figure.subplots_adjust(bottom=0.12)
        self.sliders, self.buttons, self.image, self.box = {}, {}, None, None
        widgets = ipywidgets_or_none()
        if widgets is None:
            if still is None:
                print(NO_WIDGETS)
                return
            click, times, what = still
            for _ in range(times):
                click()
            print(NO_BUTTONS.format(clicks=f"{times} {what}"))
            return
        for slider in sliders:
            self.sliders[slider.label.get_text()] = self._slider(widgets, slider)
        for button, action in buttons:
            self.buttons[button.label.get_text()] = self._button(widgets, button.label.get_text(), action)
        self.image = widgets.Image(value=figure_png(picture.figure), format="png")
        row = widgets.HBox(list(self.buttons.values()))
        self.box = widgets.VBox([*self.sliders.values(), row, self.image])

    def redraw(self) -> None:
        """Draw the figure again, after a control changed it."""
        if self.image is not None:
            self.image.value = figure_png(self.picture.figure)

    def _repr_mimebundle_(self, **kwargs) -> dict:
        """What Jupyter displays: the controls and the picture, or the still picture alone."""
        if self.box is not None:
            return self.box._repr_mimebundle_(**kwargs)
        png = base64.b64encode(figure_png(self.picture.figure)).decode("ascii")
        return {"image/png": png, "text/plain": f"<{type(self.picture).__name__}: a still picture>"}

    def _slider(self, widgets: ModuleType, slider: Slider):
        control = widgets.FloatSlider(
            value=slider.val, min=slider.valmin, max=slider.valmax, step=(slider.valmax - slider.valmin) / 200,
            description=slider.label.get_text(), readout_format=".3f",
            style={"description_width": "initial"}, layout={"width": "70%"},
        )

        def moved(change: dict) -> None:
            slider.set_val(change["new"])  # runs the figure's own update()
            self.redraw()

        control.observe(moved, names="value")
        return control

    def _button(self, widgets: ModuleType, text: str, action: Callable[[], object]):
        control = widgets.Button(description=text)

        def clicked(_control) -> None:
            action()  # the figure's own step(), reset() or update()
            self.redraw()

        control.on_click(clicked)
        return control


def fit_by_hand(xs: Sequence[float], ys: Sequence[float], m0: float, b0: float,
                m_range: tuple[float, float], b_range: tuple[float, float],
                xlabel: str = "x", ylabel: str = "y") -> NotebookWidget:
    """Sliders for m and b over the data: the line, its errors and the MSE follow (FitByHand)."""
    picture = FitByHand(xs, ys, m0, b0, m_range, b_range, xlabel, ylabel)
    return NotebookWidget(picture, [picture.slider_m, picture.slider_b], [])


def tangent_explorer(f: Curve, a0: float, a_range: tuple[float, float], marked: Sequence[float] = ()) -> NotebookWidget:
    """A slider moves a point along y = f(a); the tangent and the slope f'(a) follow (TangentExplorer)."""
    picture = TangentExplorer(f, a0, a_range, marked)
    return NotebookWidget(picture, [picture.slider], [])


def descent_1d(f: Curve, a0: float, learning_rate: float, a_range: tuple[float, float]) -> NotebookWidget:
    """"Step" takes one step a <- a - lr * f'(a) down the curve, "Reset" goes back (Descent1D)."""
    picture = Descent1D(f, a0, learning_rate, a_range)
    buttons = [(picture.step_button, picture.step), (picture.reset_button, picture.reset)]
    return NotebookWidget(picture, [], buttons, still=(picture.step, STILL_STEPS_1D, "steps"))


def train_the_line(xs: Sequence[float], ys: Sequence[float], m0: float, b0: float, learning_rate: float,
                   minimum: tuple[float, float], max_steps: int = 50,
                   xlabel: str = "x", ylabel: str = "y") -> NotebookWidget:
    """"Update" runs the five training steps once, "Reset" starts over (TrainTheLine).

    The learning curve's x axis runs to ``max_steps`` updates, and grows when the clicks go past them.
    """
    picture = TrainTheLine(xs, ys, m0, b0, learning_rate, minimum, max_steps, xlabel, ylabel)
    buttons = [(picture.update_button, picture.update), (picture.reset_button, picture.reset)]
    return NotebookWidget(picture, [], buttons, still=(picture.update, STILL_UPDATES_2D, "updates"))


class GraphPicture:
    """A drawing for Jupyter to display: the SVG when Graphviz drew it, else how to install it."""

    def __init__(self, svg: str | None, message: str = "") -> None:
        self.svg, self.message = svg, message

    def _repr_mimebundle_(self, **kwargs) -> dict:
        if self.svg is None:
            return {"text/plain": self.message}
        return {"image/svg+xml": self.svg, "text/plain": "<the computation graph>"}


def show_graph(graph: graphviz.Digraph) -> GraphPicture:
    """Show a drawing from `draw_graph` inline, or, without Graphviz's ``dot``, say how to get it.

    A Digraph left as a cell's last line displays itself, but without ``dot`` Jupyter prints a
    long traceback instead; this says what is missing, and that ``trace`` needs no ``dot``.
    """
    try:
        return GraphPicture(pipe(graph, "svg").decode("utf-8"))
    except GraphvizNotFound as error:
        return GraphPicture(None, f"{error}\n(The drawing's DOT text is in graph.source.)")


def figure_png(figure: Figure, dpi: int = 72) -> bytes:
    """The figure as PNG bytes, drawn off screen."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def ipywidgets_or_none() -> ModuleType | None:
    """The ipywidgets module, imported only when a widget is made; None when it is not installed."""
    try:
        import ipywidgets
    except ImportError:
        return None
    return ipywidgets
