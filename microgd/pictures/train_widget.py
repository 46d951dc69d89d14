"""Putting it together: data, line, landscape and learning curve, one "Update" click per step.

`TrainTheLine` shows three panels side by side:

    the data and the line  |  the loss landscape with the path so far  |  the learning curve

Each click of "Update" runs the five training steps once (predict, measure the loss, backward,
nudge m and b against their gradients), so the line moves onto the data while the point walks
down the landscape and the curve drops. "Reset" puts m and b back where they started.
"""

from __future__ import annotations

from typing import Sequence

from microgd.learning.curves import line_mse
from microgd.pictures.landscape import draw_contours, draw_path, window
from microgd.learning.losses import mse
from microgd.learning.models import Line
from microgd.learning.optim import SGD
from microgd.pictures.plots import draw_data, line_through, move_line, plt, refresh
from microgd.pictures.widgets import add_button


class TrainTheLine:
    """Train y = m*x + b by gradient descent, one step per click.

    Args:
        xs, ys: the data.
        m0, b0: where m and b start (and where "Reset" puts them back).
        learning_rate: the step size lr in p <- p - lr * dL/dp.
        minimum: the best (m, b), to mark on the landscape (a cross-check, not used to train).
        max_steps: the learning curve's x axis runs to this many steps at first; past them it
            grows with the run, so the curve always reaches the latest update.
    """

    def __init__(self, xs: Sequence[float], ys: Sequence[float], m0: float, b0: float,
                 learning_rate: float, minimum: tuple[float, float], max_steps: int = 50,
                 xlabel: str = "x", ylabel: str = "y") -> None:
        self.xs, self.ys = list(xs), list(ys)
        self.m0, self.b0, self.learning_rate, self.max_steps = m0, b0, learning_rate, max_steps
        self.figure, (self.data_ax, self.landscape_ax, self.curve_ax) = plt.subplots(1, 3, figsize=(13, 5))
        self.figure.subplots_adjust(left=0.07, right=0.97, bottom=0.22, top=0.8, wspace=0.3)

        draw_data(self.data_ax, self.xs, self.ys, xlabel, ylabel)
        self.line_artist = line_through(self.data_ax, self.xs, m0, b0, label="y = m*x + b")
        self.data_ax.set_title("the data and the line")
        m_range, b_range = window([(m0, b0)], centre=minimum, margin=0.15)
        draw_contours(self.landscape_ax, self.xs, self.ys, m_range, b_range, minimum=minimum)
        self.path_artist = draw_path(self.landscape_ax, [m0], [b0], label="(m, b) after each update")
        self.landscape_ax.legend(loc="upper right", fontsize=8)
        self.landscape_ax.set_title("the loss landscape and the path")
        (self.curve_artist,) = self.curve_ax.plot([], [], ".-")
        self.curve_ax.set(xlabel="update", ylabel="loss (MSE)", yscale="log", title="learning curve")
        self.curve_ax.grid(True, alpha=0.3)
        self.readout = self.figure.suptitle("", fontsize=11)

        self.update_button = add_button(self.figure, [0.62, 0.04, 0.12, 0.07], "Update", self.update)
        self.reset_button = add_button(self.figure, [0.77, 0.04, 0.12, 0.07], "Reset", self.reset)
        self.reset()

    @property
    def m(self) -> float:
        return self.line.m.data

    @property
    def b(self) -> float:
        return self.line.b.data

    @property
    def loss(self) -> float:
        """The MSE of the line as it is now."""
        return self.losses[-1]

    def update(self) -> float:
        """One training step, the five steps of the loop; returns the new loss."""
        # 1. Start with some parameters: self.line holds the current m and b.
        # 2. Predict.
        predictions = [self.line(x) for x in self.xs]
        # 3. Measure the loss.
        loss = mse(predictions, self.ys)
        # 4. Compute the gradients dL/dm and dL/db.
        self.optimizer.zero_grad()
        loss.backward()
        self.gradient = (self.line.m.grad, self.line.b.grad)
        # 5. Nudge m and b against their gradients.
        self.optimizer.step()
        self._record()
        return self.loss

    def reset(self) -> None:
        """Back to the starting line, with an empty path and learning curve."""
        self.line = Line(self.m0, self.b0)
        self.optimizer = SGD(self.line.parameters(), lr=self.learning_rate)
        self.ms, self.bs, self.losses = [], [], []
        self.gradient = (float("nan"), float("nan"))
        self._record()

    def _record(self) -> None:
        self.ms.append(self.m)
        self.bs.append(self.b)
        self.losses.append(line_mse(self.xs, self.ys, self.m, self.b))
        self._redraw()

    def _redraw(self) -> None:
        move_line(self.line_artist, self.xs, self.m, self.b)
        self.path_artist.set_data(self.ms, self.bs)
        self.curve_artist.set_data(range(len(self.losses)), self.losses)
        self.curve_ax.set_ylim(min(self.losses) / 2, max(self.losses) * 2)
        steps = len(self.losses) - 1
        self.curve_ax.set_xlim(0, max(self.max_steps, steps))  # past max_steps the axis grows with the run
        gradient = "" if steps == 0 else (
            f"   (that step: dL/dm = {self.gradient[0]:+.3f}, dL/db = {self.gradient[1]:+.3f}, lr = {self.learning_rate:g})")
        self.readout.set_text(
            f"Training the line: update {steps}.  y = {self.m:.3f} * x + {self.b:.3f},  MSE = {self.loss:.4f}\n"
            f"each update: m <- m - lr * dL/dm,  b <- b - lr * dL/db{gradient}"
        )
        refresh(self.figure)
