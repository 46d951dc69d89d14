"""Demo 9: more parameters, the same five-step loop.

What you will see: three models, each trained by the very same loop (predict, loss, backward,
nudge, repeat), only the model changes:

    1. price from two features with Linear(2): y = w1*area + w2*age + b        (3 parameters)
    2. a polynomial curve, a Linear(3) on the features [x, x**2, x**3]          (4 parameters)
    3. a small neural network, MLP(1, [10, 10, 1]), fitting y = sin(x)        (141 parameters)

Top: each model's predictions beside the data; bottom: its learning curve. The terminal prints
the learned numbers beside the true ones (and beside least squares, the closed-form answer for
the two linear models). Nobody can draw a 141-dimensional loss landscape, but backward() gets
every slope all the same.

Run it:
    python demos/09_more_parameters.py
    python demos/09_more_parameters.py --no-show --out pictures
"""

from __future__ import annotations

import math
import random

import numpy as np

from microgd import Linear, MLP, Module, SGD, house_prices, largest_stable_lr, mse
from microgd.pictures.plots import demo_options, draw_learning_curve, plt, show_or_save

SEED = 0
TRUE_W, TRUE_B = (3.0, -0.2), 0.8  # price = 3.0 * area - 0.2 * age (in decades) + 0.8
TRUE_POLY = (1.0, -2.0, 0.0, 0.5)  # y = 1 - 2x + 0*x**2 + 0.5x**3


def train(model: Module, inputs: list, targets: list[float], lr: float, steps: int, momentum: float = 0.0) -> list[float]:
    """The five-step loop, written out: returns the loss at every step."""
    optimizer = SGD(model.parameters(), lr=lr, momentum=momentum)
    losses = []
    # 1. Start with some parameters: whatever the model was created with.
    for _ in range(steps):
        # 2. Predict.
        predictions = [model(x) for x in inputs]
        # 3. Measure the loss.
        loss = mse(predictions, targets)
        losses.append(loss.data)
        # 4. Compute every parameter's gradient.
        optimizer.zero_grad()
        loss.backward()
        # 5. Nudge every parameter against its gradient. Then repeat.
        optimizer.step()
    return losses


def least_squares(features: list[list[float]], targets: list[float]) -> list[float]:
    """The closed-form best weights (then the bias), only to cross-check what training found."""
    design = np.column_stack([np.array(features), np.ones(len(features))])
    return list(np.linalg.lstsq(design, np.array(targets), rcond=None)[0])


def polynomial(coefficients: list[float]) -> str:
    """[c0, c1, c2, c3] as text: "c0 + c1*x + c2*x**2 + c3*x**3", with 2 decimals and signs tidied."""
    text = f"{coefficients[0]:.2f}"
    for k, c in enumerate(coefficients[1:], start=1):
        text += f" {'-' if c < 0 else '+'} {abs(c):.2f}*x" + (f"**{k}" if k > 1 else "")
    return text


def main(argv: list[str] | None = None) -> int:
    options = demo_options(__doc__, argv)
    rng = random.Random(SEED)
    random.seed(SEED)  # MLP draws its starting weights from Python's random module
    figure, axes = plt.subplots(2, 3, figsize=(13, 6.8), height_ratios=[3, 2])

    # 1. Two features: area and age.
    areas, _ = house_prices()
    ages = [round(rng.uniform(0, 5), 1) for _ in areas]
    features = [[a, g] for a, g in zip(areas, ages)]
    prices = [TRUE_W[0] * a + TRUE_W[1] * g + TRUE_B + rng.gauss(0, 0.2) for a, g in features]
    model = Linear(2)
    lr = 0.9 * largest_stable_lr(model, features)
    losses = train(model, features, prices, lr=lr, steps=600)
    learned = [p.data for p in model.parameters()]
    print("two features     w1 (area)  w2 (age)      b")
    print(f"  learned        {learned[0]:9.4f} {learned[1]:9.4f} {learned[2]:7.4f}")
    print("  least squares  {:9.4f} {:9.4f} {:7.4f}".format(*least_squares(features, prices)))
    print(f"  true           {TRUE_W[0]:9.4f} {TRUE_W[1]:9.4f} {TRUE_B:7.4f}")
    ax = axes[0, 0]
    ax.scatter(prices, [model(f).data for f in features], s=18)
    ax.plot([min(prices), max(prices)], [min(prices), max(prices)], "--", color="0.4", label="perfect prediction")
    ax.set(xlabel="real price", ylabel="predicted price")
    ax.set_title(f"Linear(2): price from area and age\n"
                 f"learned w1 = {learned[0]:.2f}, w2 = {learned[1]:.2f}, b = {learned[2]:.2f}", fontsize=10)
    ax.legend(fontsize=9)
    draw_learning_curve(axes[1, 0], losses)

    # 2. A polynomial: a Linear model on the features x, x**2, x**3.
    xs = [rng.uniform(-1.5, 1.5) for _ in range(25)]
    ys = [sum(c * x**k for k, c in enumerate(TRUE_POLY)) + rng.gauss(0, 0.1) for x in xs]
    powers = [[x, x**2, x**3] for x in xs]
    model = Linear(3)
    losses = train(model, powers, ys, lr=0.9 * largest_stable_lr(model, powers), steps=1000)
    learned = [model.b.data] + [w.data for w in model.w]
    exact = least_squares(powers, ys)
    print("polynomial       c0        c1        c2        c3   (y = c0 + c1*x + c2*x**2 + c3*x**3)")
    print("  learned       " + " ".join(f"{c:9.4f}" for c in learned))
    print("  least squares " + " ".join(f"{c:9.4f}" for c in [exact[-1]] + exact[:-1]))
    print("  true          " + " ".join(f"{c:9.4f}" for c in TRUE_POLY))
    grid = np.linspace(-1.6, 1.6, 100)
    ax = axes[0, 1]
    ax.scatter(xs, ys, s=18, label="data")
    ax.plot(grid, [model([g, g**2, g**3]).data for g in grid], color="tab:red", label="learned curve")
    ax.plot(grid, [sum(c * g**k for k, c in enumerate(TRUE_POLY)) for g in grid], "--", color="0.4", label="true curve")
    ax.set(xlabel="x", ylabel="y")
    ax.set_title(f"Linear(3) on [x, x**2, x**3]: a cubic curve\nlearned y = {polynomial(learned)}", fontsize=10)
    ax.legend(fontsize=9)
    draw_learning_curve(axes[1, 1], losses)

    # 3. A small neural network on a curve no polynomial of low degree follows well.
    xs = [-3 + 6 * i / 19 for i in range(20)]
    ys = [math.sin(x) for x in xs]
    net = MLP(1, [10, 10, 1])
    losses = train(net, [[x] for x in xs], ys, lr=0.02, steps=500, momentum=0.9)
    print(f"MLP(1, [10, 10, 1]), {len(net.parameters())} parameters: MSE {losses[0]:.4f} -> {losses[-1]:.6f}")
    for x in (-2.0, 0.5, 2.5):
        print(f"  x = {x:+.1f}: net(x) = {net([x]).data:+.4f}   sin(x) = {math.sin(x):+.4f}")
    ax = axes[0, 2]
    grid = np.linspace(-3.2, 3.2, 200)
    ax.scatter(xs, ys, s=18, label="data: y = sin(x)")
    ax.plot(grid, [net([g]).data for g in grid], color="tab:red", label="the network")
    ax.plot(grid, np.sin(grid), "--", color="0.4", label="sin(x)")
    ax.set(xlabel="x", ylabel="y")
    ax.set_title(f"MLP(1, [10, 10, 1]), {len(net.parameters())} parameters:\n"
                 "relu pieces bent into a sine (free between points)", fontsize=10)
    ax.legend(fontsize=9)
    draw_learning_curve(axes[1, 2], losses)
    for ax in axes[1]:
        ax.set_title("Learning curve: the loss after each step", fontsize=10)
    figure.suptitle("More parameters, the same five steps: predict, loss, backward(), nudge, repeat", fontsize=12)
    figure.tight_layout()
    show_or_save(figure, options, "09_more_parameters", dpi=92)  # a window, or a PNG when there is no screen
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
