"""Demo 10: beyond microgd, the same training in PyTorch.

What you will see: the line trained on the house data twice, once with microgd and once with
PyTorch (when it is installed), with the same starting point, learning rate and number of steps.
The terminal prints both side by side, step by step: the losses, slopes and intercepts agree to
about 15 digits, because both compute the same gradients and take the same steps. Reading the
two loops next to each other is the road from microgd to PyTorch:

    microgd                               PyTorch
    Value(0.0, label="m")                 torch.tensor(0.0, requires_grad=True)
    mse(predictions, prices)              ((prices - predictions) ** 2).mean()
    SGD(params, lr=0.1)                   torch.optim.SGD(params, lr=0.1)
    optimizer.zero_grad(); loss.backward(); optimizer.step()      (the same three calls)

PyTorch does the same with tensors (millions of numbers per node instead of one) on a GPU.
Without PyTorch, the script prints microgd's numbers and how to install it.

It draws no pictures: --out and --no-show are accepted, and ignored, only so that every demo
takes the same options (`make docs` runs them all with --no-show --out docs).

Run it:
    python demos/10_beyond_microgd.py
"""

from __future__ import annotations

import argparse

from microgd import Line, SGD, house_prices, mse

LEARNING_RATE, STEPS, SHOWN = 0.1, 100, (0, 1, 2, 5, 10, 20, 50, 100)

Run = list[tuple[float, float, float]]  # (loss, m, b) at every step, step 0 being the start


def train_with_microgd(xs: list[float], ys: list[float]) -> Run:
    """The five-step loop in microgd; returns (loss, m, b) before each update and at the end."""
    # 1. Start with some parameters.
    line = Line(m=0.0, b=0.0)
    optimizer = SGD(line.parameters(), lr=LEARNING_RATE)
    run = []
    for step in range(STEPS + 1):
        # 2. Predict.
        predictions = [line(x) for x in xs]
        # 3. Measure the loss.
        loss = mse(predictions, ys)
        run.append((loss.data, line.m.data, line.b.data))
        if step == STEPS:
            break
        # 4. Compute the gradients.
        optimizer.zero_grad()
        loss.backward()
        # 5. Nudge the parameters against them.
        optimizer.step()
    return run


def train_with_torch(xs: list[float], ys: list[float]) -> Run:
    """The same loop in PyTorch, in float64 like microgd's Python floats."""
    import torch

    x = torch.tensor(xs, dtype=torch.float64)
    y = torch.tensor(ys, dtype=torch.float64)
    # 1. Start with some parameters.
    m = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([m, b], lr=LEARNING_RATE)
    run = []
    for step in range(STEPS + 1):
        # 2. Predict (all 30 houses at once: one tensor operation instead of 30 Values).
        predictions = m * x + b
        # 3. Measure the loss.
        loss = ((y - predictions) ** 2).mean()
        run.append((loss.item(), m.item(), b.item()))
        if step == STEPS:
            break
        # 4. Compute the gradients.
        optimizer.zero_grad()
        loss.backward()
        # 5. Nudge the parameters against them.
        optimizer.step()
    return run


def torch_available() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def parse_options(argv: list[str] | None = None) -> argparse.Namespace:
    """Every demo's options, --out DIR and --no-show, accepted and ignored: this demo draws nothing."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", metavar="DIR",
                        help="accepted only for uniformity with the other demos, and ignored: this demo draws nothing")
    parser.add_argument("--no-show", action="store_true",
                        help="accepted only for uniformity with the other demos, and ignored: no window is opened")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    parse_options(argv)
    areas, prices = house_prices()
    ours = train_with_microgd(areas, prices)
    if not torch_available():
        print("step        loss         m         b   (microgd)")
        for step in SHOWN:
            print(f"{step:4d} {ours[step][0]:11.6f} {ours[step][1]:9.6f} {ours[step][2]:9.6f}")
        print("\nPyTorch is not installed, so there is nothing to compare with. To install the CPU build:\n"
              "    pip install torch --index-url https://download.pytorch.org/whl/cpu\n"
              "then run this script again.")
        return 0

    theirs = train_with_torch(areas, prices)
    print(f"{'step':>4}  {'loss (microgd)':>18}  {'loss (PyTorch)':>18}  {'m (microgd)':>15}  {'m (PyTorch)':>15}"
          f"  {'b (microgd)':>15}  {'b (PyTorch)':>15}")
    for step in SHOWN:
        (l1, m1, b1), (l2, m2, b2) = ours[step], theirs[step]
        print(f"{step:4d}  {l1:18.15f}  {l2:18.15f}  {m1:15.12f}  {m2:15.12f}  {b1:15.12f}  {b2:15.12f}")
    largest = max(abs(u - v) for a, c in zip(ours, theirs) for u, v in zip(a, c))
    print(f"largest difference over all {STEPS + 1} steps: {largest:.2e} (float rounding: the two agree)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
