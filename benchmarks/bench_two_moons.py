"""Benchmark: micrograd's two-moons demo, trained by microgd and (when installed) by micrograd.

The set-up is micrograd's demo.ipynb: 100 points in two interleaved half-moons (noise 0.1),
labels +1/-1, an MLP 2-16-16-1, the max-margin loss plus an L2 penalty (alpha = 1e-4), and
plain gradient descent with the learning rate 1.0 - 0.9 * k / 100 at step k. Both engines start
from the same weights and train for 20 steps; the script checks that their losses agree to 1e-6
and reports the CPU time (time.process_time) each took, as min to max over several runs, with
micrograd's time over microgd's for each run's pair (the engines take turns, run by run).

    python benchmarks/bench_two_moons.py              # 20 steps, 3 runs
    python benchmarks/bench_two_moons.py --steps 100  # the demo's full run
    python benchmarks/bench_two_moons.py --quick      # a check that it runs: 30 points, 2 steps

microgd trains twice: with the hand-written loop of the demo, and with `microgd.fit`.
micrograd also trains twice: in plain Python, and with the cyclic garbage collector paused.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time

import microgd
from microgd import MLP, SGD, fit, l2_penalty, max_margin_loss, two_moons

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


def cpu_timed(train, model, xs, ys, steps: int) -> tuple[list[float], float]:
    """The losses and the CPU seconds (time.process_time) of one training run, from a clean heap."""
    gc.collect()  # no run pays for the garbage an earlier one left behind
    start = time.process_time()
    losses = train(model, xs, ys, steps)
    return losses, time.process_time() - start


def span(values: list[float], digits: int = 3) -> str:
    return f"{min(values):.{digits}f} to {max(values):.{digits}f}"


def ratios(theirs: list[float], ours: list[float]) -> str:
    """micrograd's time over microgd's, run by run (each pair ran back to back), worst to best."""
    return span([t / o for t, o in zip(theirs, ours)], 1) + "x"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3, help="runs of each engine (default 3)")
    parser.add_argument("--points", type=int, default=100, help="points in the two moons (default 100)")
    parser.add_argument("--quick", action="store_true", help="a check that it runs: 30 points, 2 steps, 2 runs")
    args = parser.parse_args(argv)
    if args.quick:
        args.points, args.steps, args.repeats = 30, 2, 2
    xs, ys = two_moons(args.points, noise=0.1, seed=1337)

    def fresh_model() -> MLP:
        random.seed(1337)  # the demo's seed: every run starts from the same weights
        return MLP(2, [16, 16, 1])

    try:
        import micrograd.nn
    except ImportError:
        micrograd = None

    def fresh_micrograd_model():
        theirs = micrograd.nn.MLP(2, [16, 16, 1])
        for p, q in zip(fresh_model().parameters(), theirs.parameters()):  # the same weights
            q.data = p.data
        return theirs

    times: dict[str, list[float]] = {"loop": [], "fit": [], "micrograd": [], "paused": []}
    for _ in range(args.repeats):  # the engines take turns, so each run's pair shares the machine's state
        ours, t = cpu_timed(train_microgd, fresh_model(), xs, ys, args.steps)
        times["loop"].append(t)
        via_fit, t = cpu_timed(train_microgd_fit, fresh_model(), xs, ys, args.steps)
        times["fit"].append(t)
        if micrograd is None:
            continue
        theirs, t = cpu_timed(train_micrograd, fresh_micrograd_model(), xs, ys, args.steps)
        times["micrograd"].append(t)
        # micrograd's closures make reference cycles, so much of its time is Python's cycle
        # collector; a run with the collector paused shows the engines' own speed too.
        with microgd.paused_cycle_collector():
            _, t = cpu_timed(train_micrograd, fresh_micrograd_model(), xs, ys, args.steps)
        times["paused"].append(t)
    gc.collect()

    print(f"two moons, MLP 2-16-16-1, {len(xs)} points, {args.steps} steps; "
          f"CPU seconds, min to max over {args.repeats} runs")
    print(f"  microgd (loop):        {span(times['loop'])} s   loss {ours[0]:.6f} -> {ours[-1]:.6f}")
    print(f"  microgd (fit):         {span(times['fit'])} s   (one extra forward/backward for the final record)")
    ok = max(abs(a - b) for a, b in zip(ours, via_fit)) <= 1e-12
    print(f"  loop and fit give the same losses: {ok}")
    if micrograd is None:
        print("  micrograd is not installed (pip install micrograd) to compare against it")
        return 0 if ok else 1
    gap = max(abs(a - b) for a, b in zip(ours, theirs))
    print(f"  micrograd:             {span(times['micrograd'])} s   loss {theirs[0]:.6f} -> {theirs[-1]:.6f}")
    print(f"  micrograd, gc paused:  {span(times['paused'])} s")
    print(f"  largest loss difference: {gap:.2e} ({'within' if gap <= 1e-6 else 'NOT within'} 1e-6)")
    print("  micrograd / microgd, per run pair, worst to best:")
    print(f"    microgd (loop) is {ratios(times['micrograd'], times['loop'])} faster, "
          f"(fit) {ratios(times['micrograd'], times['fit'])}")
    print(f"    with micrograd's collector paused: {ratios(times['paused'], times['loop'])} (loop)")
    return 0 if ok and gap <= 1e-6 else 1


if __name__ == "__main__":
    sys.exit(main())
