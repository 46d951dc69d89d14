"""fit: convergence to least squares, the History, divergence, mini-batches, MLPs, progress."""

import inspect
import math
import random

import numpy as np
import pytest

from microgd import Value
from microgd.learning.data import house_prices, least_squares_line, two_moons
from microgd.learning.losses import l2_penalty, max_margin_loss, mse
from microgd.nn import MLP, Line, Linear, Module
from microgd.learning.optim import SGD
from microgd.learning.train import TrainingDiverged, fit, largest_stable_lr


def test_fit_reaches_the_closed_form_least_squares_line():
    xs, ys = house_prices()
    line = Line()
    fit(line, xs, ys, lr=0.1, steps=1000)
    best_m, best_b = least_squares_line(xs, ys)
    assert line.m.data == pytest.approx(best_m, rel=1e-4)
    assert line.b.data == pytest.approx(best_b, rel=1e-4)


def test_history_starts_before_the_first_update_and_ends_after_the_last():
    xs, ys = [0.0, 1.0, 2.0], [1.0, 3.0, 5.0]
    line = Line(m=0.5, b=0.0)
    history = fit(line, xs, ys, lr=0.1, steps=5)
    assert len(history) == 6
    first = history.records[0]
    assert first.step == 0 and first.params == {"m": 0.5, "b": 0.0}
    # by hand at m = 0.5, b = 0: errors y - (m x + b) = 1, 2.5, 4
    assert first.loss == pytest.approx((1 + 2.5**2 + 4**2) / 3)
    assert first.grads["m"] == pytest.approx(-(2 / 3) * (0 * 1 + 1 * 2.5 + 2 * 4))
    assert first.grads["b"] == pytest.approx(-(2 / 3) * (1 + 2.5 + 4))
    # record 1 is record 0 moved against its gradient
    assert history.values("m")[1] == pytest.approx(0.5 - 0.1 * first.grads["m"])
    assert history.values("m")[-1] == line.m.data and history.values("b")[-1] == line.b.data
    assert history.grads_of("b")[0] == first.grads["b"]
    assert all(a > b for a, b in zip(history.losses, history.losses[1:]))


def test_history_names_an_unknown_label():
    history = fit(Line(), [1.0], [2.0], steps=1)
    with pytest.raises(KeyError, match="no parameter labelled 'w'; the parameters are m, b"):
        history.values("w")


def test_callback_sees_every_record_in_order():
    seen = []
    fit(Line(), [1.0, 2.0], [2.0, 4.0], steps=3, callback=lambda record: seen.append(record.step))
    assert seen == [0, 1, 2, 3]


def test_divergence_stops_with_the_step_the_lr_and_the_stable_limit():
    xs, ys = house_prices()
    with pytest.raises(TrainingDiverged) as caught:
        fit(Line(), xs, ys, lr=1.0, steps=2000)
    error = caught.value
    design = np.column_stack([xs, np.ones(len(xs))])
    expected_limit = 2 / np.linalg.eigvalsh(2 / len(xs) * design.T @ design).max()
    assert error.largest_stable_lr == pytest.approx(expected_limit)
    assert error.lr == 1.0
    assert len(error.history) == error.step + 1  # nothing lost: every record up to the bad one
    assert error.history.losses[-1] > 1e6 * error.history.losses[0]  # stopped at a million-fold growth
    assert all(loss <= 1e6 * error.history.losses[0] for loss in error.history.losses[:-1])
    assert f"step {error.step}" in str(error) and "lr = 1" in str(error)
    assert f"lr < {expected_limit:.6g}" in str(error)


def test_the_stable_limit_separates_settling_from_exploding():
    xs, ys = house_prices()
    limit = largest_stable_lr(Line(), xs)
    calm = fit(Line(), xs, ys, lr=0.98 * limit, steps=400).losses
    assert calm[-1] < calm[0]
    with pytest.raises(TrainingDiverged) as caught:  # just past the limit, it explodes (slowly)
        fit(Line(), xs, ys, lr=1.02 * limit, steps=1000)
    assert caught.value.step > 100 and caught.value.history.losses[-1] > 1e6 * caught.value.history.losses[0]


def test_a_huge_learning_rate_overflow_is_reported_as_divergence():
    with pytest.raises(TrainingDiverged) as caught:
        fit(Line(), [1.0, 2.0], [1.0, 2.0], lr=1e100, steps=50)
    assert caught.value.step < 50


def test_a_loss_that_grows_a_million_fold_but_stays_finite_is_divergence():
    xs, ys = house_prices()
    with pytest.raises(TrainingDiverged) as caught:  # this run would end at a loss of ~6e49
        fit(Line(), xs, ys, lr=0.45, steps=100)
    error = caught.value
    start, last = error.history.losses[0], error.history.losses[-1]
    assert math.isfinite(last) and last > 1e6 * start
    assert error.history.losses[-2] <= 1e6 * start  # it stops at the first step past the threshold
    assert f"the loss grew from {start:.6g} to {last:.6g}, more than 1e+06 times its starting value" in str(error)
    assert "2 / the loss's largest curvature, which is the largest eigenvalue of its Hessian" in str(error)
    import microgd.learning.divergence

    assert "slope-of-the-slope in plain words" in microgd.learning.divergence.__doc__  # Hessian defined where it is used


def loss_that_rises_after_the_first_step(rise: float):
    """The MSE, plus `rise` from the second call on: a loss that grows while the line stays put."""
    calls = []

    def loss(predictions, targets):
        calls.append(1)
        return mse(predictions, targets) + (rise if len(calls) > 1 else 0.0)

    return loss


def test_growth_is_measured_from_at_least_1e_minus_12():
    line, xs, ys = Line(m=2.0, b=1.0), [0.0, 1.0], [1.0, 3.0]  # a perfect start: loss 0
    history = fit(line, xs, ys, loss=loss_that_rises_after_the_first_step(1e-7), lr=0.1, steps=3)
    assert history.losses == [0.0, 1e-7, 1e-7, 1e-7]  # 1e-7 < 1e6 * 1e-12: not divergence
    with pytest.raises(TrainingDiverged, match="the loss grew from 0 to 1e-05"):
        fit(line, xs, ys, loss=loss_that_rises_after_the_first_step(1e-5), lr=0.1, steps=3)


def test_an_overflow_inside_the_loss_is_reported_as_divergence():
    def overflowing_loss(predictions, targets):
        loss = mse(predictions, targets)
        if loss.data > 1000.0:  # what the engine does when a result is too big for a float
            raise OverflowError("(x = 1e308) * 10 is too large for a float")
        return loss

    xs, ys = house_prices()
    with pytest.raises(TrainingDiverged) as caught:  # the loss starts at 24 and passes 1000 at step 4
        fit(Line(), xs, ys, loss=overflowing_loss, lr=0.45, steps=100)
    assert caught.value.step == 4
    assert caught.value.history.losses[-1] == math.inf and "the loss became inf" in str(caught.value)


def test_a_loss_too_large_at_the_start_is_not_blamed_on_the_learning_rate():
    line = Line()
    line.m.data = 1e160
    with pytest.raises(TrainingDiverged) as caught:  # (1e160 * 1e160)**2 overflows before any step
        fit(line, [1e160, 2.0], [0.0, 1.0])
    error = caught.value
    assert error.step == 0 and error.largest_stable_lr is None
    assert str(error).startswith("training could not start: the loss at the starting parameters (step 0) is "
                                 "already inf, too large for a float. No step was taken")
    assert "scale the data" in str(error) and "smaller parameters" in str(error)
    assert "overshot" not in str(error) and "nan" not in str(error)


def test_a_stable_limit_too_large_to_compute_is_left_out_without_a_numpy_warning():
    # The loss starts at 0 (finite), but the first step sends m to ~1e160 and the loss to inf;
    # 1e160**2 overflows numpy's X^T X too, so there is no finite limit to quote.
    with pytest.raises(TrainingDiverged) as caught:  # setup.cfg turns any RuntimeWarning into an error
        fit(Line(), [1e160, 1.0], [1.0, 1.0], lr=1.0)
    assert caught.value.step == 1 and caught.value.largest_stable_lr is None
    assert "nan" not in str(caught.value) and "try lr = " not in str(caught.value)
    assert "Try a learning rate 10 times smaller (lr = 0.1)" in str(caught.value)


ONE_FAR_OUT_X = [0.1 * i for i in range(29)] + [30.0]  # a mini-batch holding only x = 30 is a steep bowl


@pytest.mark.parametrize(
    "options, reason",
    [(lambda line: {"lr": 0.02, "batch_size": 1}, "this run takes each step on a mini-batch of 1 of the 30 examples"),
     (lambda line: {"lr": 0.5, "momentum": 0.9}, "with momentum = 0.9 each step also carries the previous ones along"),
     (lambda line: {"optimizer": SGD(line.parameters(), lr=0.05)}, "this run uses your own optimizer")],
)
def test_outside_full_batch_plain_descent_the_advice_is_general_and_says_why(options, reason):
    # Each run diverges; the full-batch limit, 0.0305, would be wrong advice (lr = 0.0153 diverges with batch_size=1).
    line, ys = Line(), [2 * x for x in ONE_FAR_OUT_X]
    with pytest.raises(TrainingDiverged) as caught:
        fit(line, ONE_FAR_OUT_X, ys, **options(line))
    error = caught.value
    assert error.largest_stable_lr is None and reason in error.why_no_limit
    assert "try lr = " not in str(error) and "stable only for lr <" not in str(error)
    assert f"Try a learning rate 10 times smaller (lr = {error.lr / 10:.3g})" in str(error)
    assert f"No largest stable lr can be given here: that formula is for full-batch plain gradient descent on the " \
           f"MSE of a Line or Linear, and {reason}" in str(error)


def test_a_batch_size_of_the_whole_data_set_is_full_batch_and_gets_the_limit():
    ys = [2 * x for x in ONE_FAR_OUT_X]
    with pytest.raises(TrainingDiverged) as caught:
        fit(Line(), ONE_FAR_OUT_X, ys, lr=0.05, batch_size=len(ONE_FAR_OUT_X))
    assert caught.value.largest_stable_lr == pytest.approx(largest_stable_lr(Line(), ONE_FAR_OUT_X))
    assert caught.value.why_no_limit is None and "try lr = 0.0153" in str(caught.value)


def test_divergence_of_other_models_has_no_stable_limit():
    xs, ys = [[1.0, 0.0], [0.0, 1.0]], [1.0, -1.0]
    with pytest.raises(TrainingDiverged) as caught:
        fit(Linear(2), xs, ys, loss=lambda p, t: mse(p, t) * 1e300, lr=1.0, steps=100)
    assert caught.value.largest_stable_lr is None


def test_largest_stable_lr_for_linear_matches_numpy():
    xs = [[1.0, 2.0], [0.5, -1.0], [2.0, 0.0]]
    design = np.array([[*x, 1.0] for x in xs])
    expected = 2 / np.linalg.eigvalsh(2 / 3 * design.T @ design).max()
    assert largest_stable_lr(Linear(2), xs) == pytest.approx(expected)
    with pytest.raises(TypeError, match="needs a Line or Linear"):
        largest_stable_lr(MLP(2, [1]), xs)


def test_polynomial_regression_is_a_linear_over_powers_of_x():
    xs = [i / 10 for i in range(-10, 11)]
    ys = [1.0 + 2.0 * x - 1.5 * x**2 for x in xs]
    model = Linear(2)
    fit(model, [[x, x**2] for x in xs], ys, lr=0.3, steps=1500)
    assert [p.data for p in model.parameters()] == pytest.approx([2.0, -1.5, 1.0], abs=1e-6)


def test_mini_batches_are_seeded_and_still_learn():
    xs, ys = house_prices()
    runs = [fit(Line(), xs, ys, lr=0.05, steps=300, batch_size=5, seed=s).values("m") for s in (1, 1, 2)]
    assert runs[0] == runs[1] and runs[0] != runs[2]
    best_m, _ = least_squares_line(xs, ys)
    assert runs[0][-1] == pytest.approx(best_m, rel=0.1)


def test_one_sample_stochastic_descent_records_single_point_losses():
    xs, ys = [0.0, 1.0, 2.0], [1.0, 3.0, 5.0]
    line = Line()
    history = fit(line, xs, ys, lr=0.1, steps=3, batch_size=1, seed=0)
    # each step's loss is one point's squared error at that step's parameters
    assert history.losses[0] in [y**2 for y in ys]
    # the last record is measured on the whole data set
    assert history.losses[-1] == pytest.approx(mse([line(x) for x in xs], ys).data)


def test_mlp_learns_two_moons():
    xs, ys = two_moons(40, noise=0.1, seed=3)
    random.seed(1)
    model = MLP(2, [8, 8, 1])

    def loss(scores, labels):
        return max_margin_loss(scores, labels) + l2_penalty(model.parameters(), 1e-4)

    history = fit(model, xs, ys, loss=loss, lr=0.3, momentum=0.9, steps=80)
    accuracy = sum((model(x).data > 0) == (y > 0) for x, y in zip(xs, ys)) / len(xs)
    assert accuracy >= 0.95
    assert history.losses[-1] < 0.5 * history.losses[0]


def test_fit_uses_a_given_optimizer():
    line = Line()
    opt = SGD(line.parameters(), lr=0.1, momentum=0.9)
    fit(line, [0.0, 1.0], [1.0, 3.0], optimizer=opt, steps=2)
    assert opt.momentum_buffers[0] is not None
    with pytest.raises(ValueError, match="not both"):
        fit(line, [0.0], [1.0], optimizer=opt, lr=0.5)


def test_an_optimizer_over_another_models_parameters_is_refused():
    line = Line()
    stale = SGD(Line().parameters(), lr=0.1)  # e.g. built before the model was re-created
    with pytest.raises(ValueError, match=r"trains none of model.parameters\(\).*SGD\(model.parameters\(\)"):
        fit(line, [0.0, 1.0], [1.0, 3.0], optimizer=stale, steps=5)
    only_b = SGD([line.b], lr=0.1)  # training a subset is fine
    fit(line, [0.0, 1.0], [1.0, 3.0], optimizer=only_b, steps=5)
    assert line.m.data == 0.0 and line.b.data != 0.0


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(xs=[1.0, 2.0], ys=[1.0]), "got 2 inputs and 1 targets"),
        (dict(xs=[], ys=[]), "at least one example"),
        (dict(steps=-1), "steps must be a whole number >= 0, got -1"),
        (dict(batch_size=0), "batch_size must be None"),
    ],
)
def test_fit_names_bad_arguments(kwargs, message):
    args = dict(xs=[1.0], ys=[2.0]) | kwargs
    with pytest.raises(ValueError, match=message):
        fit(Line(), **args)


def test_duplicate_labels_are_made_unique_in_the_history():
    class TwoLines(Module):
        def __init__(self):
            self.a, self.b = Line(), Line()

        def forward(self, x):
            return self.a(x) + self.b(x)

        def parameters(self):
            return self.a.parameters() + self.b.parameters()

    history = fit(TwoLines(), [1.0], [2.0], steps=1)
    assert list(history[0].params) == ["m", "b", "m#2", "b#3"]


def test_the_five_steps_are_marked_in_the_loop():
    from microgd.learning import evaluate

    source = inspect.getsource(fit) + inspect.getsource(evaluate.loss_and_gradients)
    for marker in ["# 1. Start", "# 2. Predict", "# 3. Measure the loss", "# 4. Compute", "# 5. Nudge"]:
        assert marker in source


def test_fit_accepts_value_inputs():
    line = Line()
    fit(line, [Value(1.0), Value(2.0)], [3.0, 5.0], lr=0.1, steps=800)
    assert (line.m.data, line.b.data) == pytest.approx((2.0, 1.0), abs=1e-4)


def test_unique_labels_follow_their_docstring():
    from microgd import Value
    from microgd.learning.train import _unique_labels

    w1, w2, b, unnamed = Value(1.0, label="w"), Value(2.0, label="w"), Value(0.0, label="b"), Value(0.0)
    assert _unique_labels([w1, w2, b]) == ["w", "w#1", "b"]
    assert _unique_labels([w1, unnamed]) == ["w", "p1"]
    assert '[w, w, b] -> ["w", "w#1", "b"]' in _unique_labels.__doc__
