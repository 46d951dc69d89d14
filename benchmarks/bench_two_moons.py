"""Benchmark: micrograd's two-moons demo, trained by microgd and (when installed) by micrograd.

The set-up is micrograd's demo.ipynb: 100 points in two interleaved half-moons (noise 0.1),
labels +1/-1, an MLP 2-16-16-1, the max-margin loss plus an L2 penalty (alpha = 1e-4), and
plain gradient descent with the learning rate 1.0 - 0.9 * k / 100 at step k. Both engines start
from the same weights and train for 20 steps; the script checks that their losses agree to 1e-6
and reports the time each took.

    python benchmarks/bench_two_moons.py             # 20 steps
    python benchmarks/bench_two_moons.py --steps 100 # the demo's full run

microgd trains twice: with the hand-written loop of the demo, and with `microgd.fit`.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time

import microgd
from microgd import SGD, fit, l2_penalty, max_margin_loss
from microgd.data import two_moons
from microgd.nn import MLP

ALPHA = 1e-4  # the L2 penalty's strength in micrograd's demo


def learning_rate(k: int) -> float:
    return 1.0 - 0.9 * k / 100


def train_microgd(model: MLP, xs, ys, steps: int) -> list[float]:
    """The demo's loop, written with microgd's loss, penalty and optimizer."""
    optimizer = SGD(model.parameters(), lr=learning_rate(0))
    losses = []
    for k in range(steps):
        with microgd.paused_cycle_collector():
            scores = [model(x) for x in xs]  # predict
            loss = max_margin_loss(scores, ys) + l2_penalty(model.parameters(), ALPHA)  # measure
            optimizer.zero_grad()
            loss.backward()  # gradients
        losses.append(loss.data)
        optimizer.lr = learning_rate(k)
        optimizer.step()  # nudge
    return losses


def train_microgd_fit(model: MLP, xs, ys, steps: int) -> list[float]:
    """The same training through `fit`; a callback sets each step's learning rate."""
    optimizer = SGD(model.parameters(), lr=learning_rate(0))

    def loss(scores, labels):
        return max_margin_loss(scores, labels) + l2_penalty(model.parameters(), ALPHA)

    def schedule(record):
        optimizer.lr = learning_rate(record.step)

    history = fit(model, xs, ys, loss=loss, optimizer=optimizer, steps=steps, callback=schedule, progress=False)
    return history.losses[:steps]  # the last record is the loss after the final step


def train_micrograd(model, xs, ys, steps: int) -> list[float]:
    """micrograd's demo.ipynb loop, verbatim apart from the batch handling."""
    from micrograd.engine import Value

    losses = []
    for k in range(steps):
        inputs = [list(map(Value, xrow)) for xrow in xs]
        scores = list(map(model, inputs))
        data_losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(ys, scores)]
        data_loss = sum(data_losses) * (1.0 / len(data_losses))
        reg_loss = ALPHA * sum(p * p for p in model.parameters())
        total_loss = data_loss + reg_loss
        model.zero_grad()
        total_loss.backward()
        for p in model.parameters():
            p.data -= learning_rate(k) * p.grad
        losses.append(total_loss.data)
    return losses


def timed(train, model, xs, ys, steps: int) -> tuple[list[float], float]:
    start = time.perf_counter()
    losses = train(model, xs, ys, steps)
    return losses, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args(argv)
    xs, ys = two_moons(100, noise=0.1, seed=1337)

    def fresh_model() -> MLP:
        random.seed(1337)  # the demo's seed: every run starts from the same weights
        return MLP(2, [16, 16, 1])

    ours, ours_time = timed(train_microgd, fresh_model(), xs, ys, args.steps)
    via_fit, fit_time = timed(train_microgd_fit, fresh_model(), xs, ys, args.steps)
    print(f"two moons, MLP 2-16-16-1, {len(xs)} points, {args.steps} steps")
    print(f"  microgd (loop):   {ours_time:7.3f} s   loss {ours[0]:.6f} -> {ours[-1]:.6f}")
    print(f"  microgd (fit):    {fit_time:7.3f} s   (one extra forward/backward for the final record)")
    ok = max(abs(a - b) for a, b in zip(ours, via_fit)) <= 1e-12
    print(f"  loop and fit give the same losses: {ok}")
    try:
        import micrograd.nn
    except ImportError:
        print("  micrograd is not installed (pip install micrograd) to compare against it")
        return 0 if ok else 1
    start = fresh_model()
    random.seed(1337)
    theirs_model = micrograd.nn.MLP(2, [16, 16, 1])
    for p, q in zip(start.parameters(), theirs_model.parameters()):  # same weights, even if seeding changed
        q.data = p.data
    theirs, theirs_time = timed(train_micrograd, theirs_model, xs, ys, args.steps)
    gap = max(abs(a - b) for a, b in zip(ours, theirs))
    print(f"  micrograd:        {theirs_time:7.3f} s   loss {theirs[0]:.6f} -> {theirs[-1]:.6f}")
    # micrograd's closures make reference cycles, so much of its time is Python's cycle collector;
    # a second run with the collector paused shows the engines' own speed too.
    for q, p in zip(theirs_model.parameters(), start.parameters()):
        q.data = p.data
    with microgd.paused_cycle_collector():
        _, no_gc_time = timed(train_micrograd, theirs_model, xs, ys, args.steps)
    gc.collect()
    print(f"  micrograd, gc paused: {no_gc_time:7.3f} s   ({no_gc_time / ours_time:.1f}x microgd's time)")
    print(f"  largest loss difference: {gap:.2e} ({'within' if gap <= 1e-6 else 'NOT within'} 1e-6)")
    print(f"  microgd is {theirs_time / ours_time:.1f}x faster (loop), {theirs_time / fit_time:.1f}x (fit)")
    return 0 if ok and gap <= 1e-6 else 1


if __name__ == "__main__":
    sys.exit(main())
