"""Losses: hand-checked values, gradients, compact graphs and clear errors."""

import pytest

from microgd import Value
from microgd.learning.losses import l2_penalty, max_margin_loss, mse


def test_mse_value_by_hand():
    # ((1 - 1)**2 + (4 - 2)**2 + (0 - 3)**2) / 3 = 13 / 3
    assert mse([1.0, 2.0, 3.0], [1.0, 4.0, 0.0]).data == pytest.approx(13 / 3)


def test_mse_gradient_wrt_each_prediction():
    predictions = [Value(2.0), Value(3.0)]
    mse(predictions, [1.0, 5.0]).backward()
    # d(MSE)/d(p_i) = -(2/n) * (t_i - p_i)
    assert predictions[0].grad == pytest.approx(-(2 / 2) * (1.0 - 2.0))
    assert predictions[1].grad == pytest.approx(-(2 / 2) * (5.0 - 3.0))


def test_mse_builds_one_sum_node_over_the_squared_errors():
    loss = mse([Value(float(i)) for i in range(5)], [0.0] * 5)
    assert loss.label == "mse"
    assert loss.op == "/"  # drawn as total / n, with n itself on the drawing
    (total, n) = loss.inputs
    assert total.op == "sum" and len(total.inputs) == 5
    assert n == 5.0  # a plain number, drawn where it is used
    assert loss.data == pytest.approx(sum(float(i) ** 2 for i in range(5)) * (1.0 / 5), rel=1e-12)
    assert all(node.op == "**2" for node in total.inputs)


def test_mse_accepts_value_targets():
    target = Value(3.0)
    mse([1.0], [target]).backward()
    assert target.grad == pytest.approx(2 * (3.0 - 1.0))


def test_mse_names_mismatched_or_empty_lengths():
    with pytest.raises(ValueError, match="got 2 predictions and 3 targets"):
        mse([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="got 0 predictions and 0 targets"):
        mse([], [])


def test_max_margin_loss_by_hand():
    # relu(1 - 1*2) = 0, relu(1 - (-1)*0.5) = 1.5, relu(1 - 1*(-1)) = 2  -> mean 3.5 / 3
    scores = [Value(2.0), Value(0.5), Value(-1.0)]
    loss = max_margin_loss(scores, [1, -1, 1])
    assert loss.data == pytest.approx(3.5 / 3)
    loss.backward()
    # d/ds relu(1 - y*s) = -y where the margin is violated, 0 where it is met
    assert [s.grad for s in scores] == pytest.approx([0.0, 1 / 3, -1 / 3])


def test_max_margin_loss_is_a_sum_divided_by_n_equal_to_micrograds_mean():
    scores = [Value(s) for s in (0.3, -1.7, 2.2, 0.05, -0.4, 1.1, 0.9)]
    labels = [1, -1, -1, 1, 1, -1, 1]
    loss = max_margin_loss(scores, labels)
    (total, n) = loss.inputs
    assert (loss.op, loss.label, total.op, n) == ("/", "max_margin", "sum", 7.0)
    micrograd_way = sum((1 - y * s).relu() for s, y in zip(scores, labels)) * (1.0 / 7)
    assert loss.data == pytest.approx(micrograd_way.data, rel=1e-12)


def test_max_margin_loss_refuses_labels_other_than_plus_minus_one():
    with pytest.raises(ValueError, match=r"labels \+1 or -1, got labels\[1\] = 0"):
        max_margin_loss([1.0, 2.0], [1, 0])
    with pytest.raises(ValueError, match="got 1 predictions and 2 targets"):
        max_margin_loss([1.0], [1, -1])


def test_l2_penalty_value_and_gradient():
    params = [Value(3.0), Value(-2.0)]
    penalty = l2_penalty(params, alpha=0.5)
    assert penalty.data == pytest.approx(0.5 * (9 + 4))
    penalty.backward()
    assert [p.grad for p in params] == pytest.approx([2 * 0.5 * 3.0, 2 * 0.5 * -2.0])



def _train_line(alpha: float, weight_decay: float, momentum: float) -> list[float]:
    """20 SGD steps on the MSE of a small line, plus l2_penalty(alpha); returns [m, b]."""
    from microgd.nn import Line
    from microgd.learning.optim import SGD

    xs, ys = [0.0, 1.0, 2.0], [1.0, 3.0, 4.0]
    line = Line(m=0.5, b=0.5)
    optimizer = SGD(line.parameters(), lr=0.1, momentum=momentum, weight_decay=weight_decay)
    for _ in range(20):
        optimizer.zero_grad()
        (mse([line(x) for x in xs], ys) + l2_penalty(line.parameters(), alpha)).backward()
        optimizer.step()
    return [p.data for p in line.parameters()]


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_l2_penalty_alpha_steps_like_sgd_weight_decay_two_alpha(momentum):
    alpha = 0.05
    penalised = _train_line(alpha, weight_decay=0.0, momentum=momentum)
    assert penalised == pytest.approx(_train_line(0.0, weight_decay=2 * alpha, momentum=momentum))
    assert penalised != pytest.approx(_train_line(0.0, weight_decay=alpha, momentum=momentum))  # not alpha itself
