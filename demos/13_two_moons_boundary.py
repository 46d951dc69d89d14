"""Demo 13: what a small neural network learns, its decision boundary as it trains.

What you will see: micrograd's two-moons demo in microgd. 100 points in two interleaved
half-moons, red (label -1) and blue (label +1): no straight line can split them. An MLP with two
hidden layers of 16 relu neurons (337 parameters) gives each point (x1, x2) a score; its sign is
the predicted colour. The shaded background is what the network predicts at every point of the
plane, and the black curve, where the score is 0, is its *decision boundary*. The five-step loop
trains it on the max-margin loss (plus a small L2 penalty), with micrograd's learning rate, which
falls from 1.0 to 0.1 over the run.

The panels show the boundary after 0, 1, 3, ... steps. Untrained, the network calls every point
red (its boundary lies outside the picture); one step later it is an almost straight cut, wrong
for many points; then it bends around the tips of the moons until every point is on its side.
Each title gives the step, the loss and the accuracy (the share of points on the right side).
A GIF shows every second step. The terminal prints the loss and accuracy as it trains, and the
final accuracy beside the best possible, 100%.

Drawing the background needs the network's score at thousands of points but no gradients, so
numpy computes them from the network's weights (`scores_on_grid`); training is all microgd.

Run it:
    python demos/13_two_moons_boundary.py                 # 60 steps, about 15 seconds
    python demos/13_two_moons_boundary.py --steps 100     # micrograd's full run
    python demos/13_two_moons_boundary.py --no-show --out pictures
"""

from __future__ import annotations

import argparse
import random
from typing import Callable, NamedTuple

import numpy as np

from microgd import MLP, SGD, l2_penalty, max_margin_loss, paused_cycle_collector, two_moons
from microgd.pictures.plots import demo_options, plt, save_gif, show_or_save

SEED, POINTS, NOISE = 1337, 100, 0.1  # micrograd's demo.ipynb: its seed, 100 points, noise 0.1
ALPHA = 1e-4  # the L2 penalty's strength
DEFAULT_STEPS = 60
PANELS = 8  # the still picture: the boundary at 8 moments of the run
COLORS = {-1: "tab:red", 1: "tab:blue"}


class Snapshot(NamedTuple):
    """The network as it was after some step: its loss, accuracy and score over the picture's grid."""

    step: int
    loss: float
    accuracy: float
    scores: np.ndarray


def learning_rate(step: int, steps: int) -> float:
    """micrograd's schedule, stretched over the run: 1.0 at the start, falling to 0.1 at the end."""
    return 1.0 - 0.9 * step / steps


def grid(xs: list[list[float]], resolution: int = 120) -> tuple[np.ndarray, np.ndarray]:
    """The picture's plane: a grid of (x1, x2) a little wider than the data."""
    points = np.array(xs)
    low, high = points.min(axis=0) - 0.5, points.max(axis=0) + 0.5
    return np.meshgrid(np.linspace(low[0], high[0], resolution), np.linspace(low[1], high[1], resolution))


def scores_on_grid(model: MLP, x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
    """The network's score at every grid point, the same arithmetic as model([x1, x2]), in numpy.

    Each layer computes activation(W @ inputs + b), W holding one row of weights per neuron;
    the last layer is linear (no activation), as in microgd's MLP.
    """
    activations = np.stack([x1.ravel(), x2.ravel()])  # one column per grid point
    for layer in model.layers:
        weights = np.array([[w.data for w in neuron.w] for neuron in layer.neurons])
        biases = np.array([[neuron.b.data] for neuron in layer.neurons])
        activations = weights @ activations + biases
        first = layer.neurons[0]
        if first.nonlin:
            activations = np.maximum(activations, 0.0) if first.activation == "relu" else np.tanh(activations)
    return activations[0].reshape(x1.shape)


def train(steps: int, snapshot_steps: set[int], x1: np.ndarray, x2: np.ndarray,
          say: Callable[[str], object] = print) -> tuple[MLP, list[Snapshot]]:
    """Train the MLP on the two moons for ``steps`` steps; snapshot the boundary after the given steps.

    ``say`` prints the loss and accuracy every 10 steps (pass ``lambda text: None`` for silence).
    """
    xs, ys = two_moons(POINTS, noise=NOISE, seed=SEED)
    random.seed(SEED)  # MLP draws its starting weights from Python's random module
    # 1. Start with some parameters: random weights, every bias 0.
    model = MLP(2, [16, 16, 1])
    optimizer = SGD(model.parameters(), lr=learning_rate(0, steps))
    snapshots = []
    for step in range(steps + 1):
        with paused_cycle_collector():  # the graphs hold no cycles: spare Python's rescans
            # 2. Predict: a score per point.
            scores = [model(x) for x in xs]
            # 3. Measure the loss: the max-margin loss, plus the L2 penalty on the weights.
            loss = max_margin_loss(scores, ys) + l2_penalty(model.parameters(), ALPHA)
            accuracy = sum((s.data > 0) == (y > 0) for s, y in zip(scores, ys)) / len(ys)
            if step in snapshot_steps:
                snapshots.append(Snapshot(step, loss.data, accuracy, scores_on_grid(model, x1, x2)))
            if step % 10 == 0 or step == steps:
                say(f"step {step:3d}  loss {loss.data:.4f}  accuracy {accuracy:.0%}")
            if step == steps:
                break
            # 4. Compute every parameter's gradient.
            optimizer.zero_grad()
            loss.backward()
        # 5. Nudge every parameter against its gradient (a smaller step as the run goes on). Repeat.
        optimizer.lr = learning_rate(step, steps)
        optimizer.step()
    return model, snapshots


def panel_steps(steps: int) -> list[int]:
    """PANELS moments of the run, dense at the start where the boundary moves most: 0, 1, 3, ..., steps."""
    chosen = [0, 1, 3, 5, 10, 20, 40, steps] if steps >= 40 else np.linspace(0, steps, PANELS).round().tolist()
    return sorted({min(int(s), steps) for s in chosen})


def draw_boundary(ax, x1: np.ndarray, x2: np.ndarray, snapshot: Snapshot, xs, ys, fontsize: float = 10) -> None:
    """The predicted colour over the plane, the boundary (score 0) in black, and the data on top."""
    ax.contourf(x1, x2, snapshot.scores, levels=[-1e9, 0, 1e9], colors=["#f6c6c6", "#c6d8f6"])
    if snapshot.scores.min() < 0 < snapshot.scores.max():
        ax.contour(x1, x2, snapshot.scores, levels=[0], colors="black", linewidths=1.8)
    points = np.array(xs)
    for label, color in COLORS.items():
        mine = np.array(ys) == label
        ax.scatter(points[mine, 0], points[mine, 1], s=20, color=color, edgecolors="white", linewidths=0.5)
    ax.set_title(f"step {snapshot.step}: loss {snapshot.loss:.3f}, accuracy {snapshot.accuracy:.0%}", fontsize=fontsize)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_aspect("equal")


def positive_steps(text: str) -> int:
    """--steps as a whole number of at least 1, or a one-line error naming the value."""
    try:
        steps = int(text)
    except ValueError:
        steps = 0
    if steps < 1:
        raise argparse.ArgumentTypeError(f"needs a whole number of steps, at least 1, got {text!r}")
    return steps


def parse_options(argv: list[str] | None) -> argparse.Namespace:
    """Every demo's --out and --no-show, and --steps."""
    return demo_options(__doc__, argv, more=lambda parser: parser.add_argument(
        "--steps", type=positive_steps, default=DEFAULT_STEPS,
        help="how many training steps (default: %(default)s; micrograd's demo trains for 100)"))


def main(argv: list[str] | None = None) -> int:
    options = parse_options(argv)
    steps = options.steps
    xs, ys = two_moons(POINTS, noise=NOISE, seed=SEED)
    x1, x2 = grid(xs)
    shown = panel_steps(steps)
    _, snapshots = train(steps, set(shown) | set(range(0, steps + 1, 2)) | {steps}, x1, x2)
    final = snapshots[-1]
    print(f"after {steps} steps: accuracy {final.accuracy:.0%} of {POINTS} points (the best possible: 100%), "
          f"loss {final.loss:.4f}")

    # The GIF first (show_or_save may open a window and wait): every second step.
    with plt.rc_context({"font.size": 12}):
        figure, ax = plt.subplots(figsize=(6, 5.2))
        figure.subplots_adjust(left=0.03, right=0.97, bottom=0.03, top=0.9)

        def draw_frame(i: int) -> None:
            ax.clear()
            draw_boundary(ax, x1, x2, snapshots[i], xs, ys, fontsize=13)

        if not options.show:
            save_gif(figure, draw_frame, len(snapshots), options.out, "13_two_moons_boundary", fps=5, dpi=80)
        plt.close(figure)

    figure, axes = plt.subplots(2, 4, figsize=(13, 6.6))
    figure.suptitle("A 2-16-16-1 network learns to split the two moons: the shading is its prediction, "
                    "the black curve its decision boundary (score 0)", fontsize=12)
    by_step = {s.step: s for s in snapshots}
    for ax, step in zip(axes.flat, shown):
        draw_boundary(ax, x1, x2, by_step[step], xs, ys)
    for ax in axes.flat[len(shown):]:
        ax.axis("off")
    figure.tight_layout()
    show_or_save(figure, options, "13_two_moons_boundary")  # a window, or a PNG when there is no screen
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
