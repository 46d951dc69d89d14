"""A fit that tells the truth: scaling, convergence, divergence on mini-batches, Ctrl-C."""

import math
import os
import signal
import threading
import warnings

import numpy as np
import pytest

from microgd.learning.least_squares import least_squares
from microgd.learning.losses import max_margin_loss, mse
from microgd.learning.models import MLP, Line, Linear
from microgd.learning.optim import SGD
from microgd.learning.train import TrainingDiverged, TrainingInterrupted, TrainingNotConverged, fit

# Anscombe's quartet, set II (Anscombe 1973): a parabola, not a line.
ANSCOMBE_X = [10.0, 8.0, 13.0, 9.0, 11.0, 14.0, 6.0, 4.0, 12.0, 7.0, 5.0]
ANSCOMBE_II = [9.14, 8.14, 8.74, 8.77, 9.26, 8.10, 6.13, 3.10, 9.13, 7.26, 4.74]
QUADRATIC = [[x, x * x] for x in ANSCOMBE_X]


def test_scale_true_fits_the_anscombe_quadratic_to_the_closed_form():
    model = Linear(2)
    history = fit(model, QUADRATIC, ANSCOMBE_II, scale=True, steps=8000)
    best = least_squares(QUADRATIC, ANSCOMBE_II)
    assert [w.data for w in model.w] == pytest.approx(best.weights, rel=1e-5)
    assert model.b.data == pytest.approx(best.bias, rel=1e-5)
    assert history.converged and history.convergence == ""
    assert history.losses[-1] == pytest.approx(best.mse, rel=1e-3)  # in the data's own units


def test_the_raw_quadratic_stops_short_and_says_so_with_the_numbers_and_scale_true():
    model = Linear(2)
    with pytest.warns(TrainingNotConverged) as caught:
        history = fit(model, QUADRATIC, ANSCOMBE_II, lr=4.28e-05, steps=2000)
    assert history.converged is False
    message = str(caught[0].message)
    assert message == history.convergence
    best = least_squares(QUADRATIC, ANSCOMBE_II).mse
    assert f"{history.losses[-1]:.6g}" in message and f"{best:.6g}" in message
    assert "scale=True" in message and "steps=20000" in message


def test_a_scaled_history_is_in_the_data_units_and_starts_where_the_model_was():
    xs, ys = [1000.0, 2000.0, 3000.0, 4000.0], [3.0, 5.0, 7.5, 9.0]
    line = Line(m=0.001, b=2.0)
    history = fit(line, xs, ys, scale=True, steps=300)
    first, last = history.records[0], history.records[-1]
    assert first.params == pytest.approx({"m": 0.001, "b": 2.0})
    assert first.loss == pytest.approx(np.mean([(y - (0.001 * x + 2.0)) ** 2 for x, y in zip(xs, ys)]))
    # gradients in the data's units: d MSE / dm = -(2/n) sum x (y - m x - b), at the start
    expected_dm = -2 * np.mean([x * (y - (0.001 * x + 2.0)) for x, y in zip(xs, ys)])
    assert first.grads["m"] == pytest.approx(expected_dm, rel=1e-9)
    assert last.params == {"m": line.m.data, "b": line.b.data}
    best = least_squares(xs, ys)
    assert (line.m.data, line.b.data) == pytest.approx((best.weights[0], best.bias), rel=1e-6)
    assert history.scaling is not None and history.scaling.x_means == (2500.0,)


def test_scale_true_refuses_a_model_it_cannot_convert_back():
    with pytest.raises(ValueError, match="scale=True.*MLP"):
        fit(MLP(2, [2, 1]), [[0.0, 1.0], [1.0, 0.0]], [1.0, -1.0], scale=True, steps=1)
    with pytest.raises(ValueError, match="scale=True.*loss"):
        fit(Line(), [0.0, 1.0], [1.0, -1.0], loss=max_margin_loss, scale=True, steps=1)


def test_scale_true_names_a_column_that_does_not_vary():
    with pytest.raises(ValueError, match="'x' barely varies"):
        fit(Line(), [1.0, 1.0 + 2.2e-16, 1.0], [1.0, 2.0, 3.0], scale=True, steps=1)


def test_a_converged_run_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error", TrainingNotConverged)
        history = fit(Line(), [0.0, 1.0, 2.0], [1.0, 3.0, 5.2], lr=0.2, steps=2000)
    assert history.converged is True


def test_an_mlp_whose_loss_still_falls_is_not_converged_and_warn_false_is_quiet():
    xs, ys = [[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]], [1.0, 1.0, -1.0, -1.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error", TrainingNotConverged)
        history = fit(MLP(2, [4, 1]), xs, ys, lr=0.01, steps=20, warn=False)
    assert history.converged is False and "still falling" in history.convergence


def test_a_mini_batch_whose_first_batch_fits_perfectly_is_not_called_divergent():
    # the case: the first batch (x = 0, y = 0) has loss 0 at m = b = 0
    history = fit(Line(), [0.0, 1.0, 2.0, 3.0], [0.0, 0.0, 1.0, 1.0], lr=0.001, batch_size=1, steps=20, seed=2,
                  warn=False)
    assert len(history) == 21


def test_no_seed_reports_false_divergence_on_count_data():
    rng = np.random.default_rng(0)
    xs = rng.integers(0, 10, 40).astype(float).tolist()
    ys = rng.poisson(1.0, 40).astype(float).tolist()  # many zeros: batches that fit m = b = 0
    for seed in range(100):
        fit(Line(), xs, ys, lr=0.001, batch_size=1, steps=50, seed=seed, warn=False)


def test_a_mini_batch_run_that_does_diverge_is_still_caught():
    with pytest.raises(TrainingDiverged):
        fit(Line(), [0.0, 1.0, 2.0, 3.0], [0.0, 1.0, 2.0, 3.0], lr=5.0, batch_size=2, steps=200)


def test_big_mse_batches_are_evaluated_in_chunks_with_the_same_loss_and_gradients():
    rng = np.random.default_rng(1)
    xs = rng.normal(size=25_000).tolist()
    ys = (3 * np.array(xs) + 1 + rng.normal(size=25_000)).tolist()
    chunked = fit(Line(), xs, ys, lr=0.1, steps=1, warn=False)  # 25,000 > CHUNK: three chunks
    whole = fit(Line(), xs, ys, loss=lambda p, t: mse(p, t), lr=0.1, steps=1, warn=False)  # not `mse`: one graph
    assert chunked.losses == pytest.approx(whole.losses, rel=1e-12)
    assert chunked[0].grads == pytest.approx(whole[0].grads, rel=1e-12)


def _interrupt_after(seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    return timer


@pytest.mark.parametrize("delay", [0.05 + 0.013 * k for k in range(12)])
def test_ctrl_c_raises_with_the_history_and_leaves_a_consistent_model(delay):
    rng = np.random.default_rng(2)
    xs = rng.normal(size=(200, 5)).tolist()
    ys = rng.normal(size=200).tolist()
    model = Linear(5)
    timer = _interrupt_after(delay)
    with pytest.raises(TrainingInterrupted) as caught:
        fit(model, xs, ys, lr=0.01, steps=100_000)
    timer.cancel()
    history = caught.value.history
    assert isinstance(caught.value, KeyboardInterrupt) and len(history) >= 1
    last = history.records[-1]
    now = [p.data for p in model.parameters()]
    before = list(last.params.values())
    after = [v - 0.01 * g for v, g in zip(before, last.grads.values())]
    # a step is applied to every parameter or to none: the model is at the last record, or one step on
    assert now == pytest.approx(before, abs=0) or now == pytest.approx(after, rel=1e-12)


def test_ctrl_c_in_a_scaled_run_leaves_the_model_in_the_data_units():
    xs = np.linspace(1000, 2000, 300).tolist()
    ys = [0.003 * x + 1 for x in xs]
    line = Line()
    timer = _interrupt_after(0.2)
    with pytest.raises(TrainingInterrupted) as caught:
        fit(line, xs, ys, scale=True, steps=1_000_000)
    timer.cancel()
    last = caught.value.history.records[-1]
    assert math.isclose(line.m.data, last.params["m"], rel_tol=0.2) and abs(line.m.data - 0.003) < 0.001
