"""SGD: the update rule by hand, PyTorch's argument checks, and PyTorch's trajectories."""

import pytest

from microgd import Value
from microgd.learning.data import house_prices
from microgd.learning.losses import mse
from microgd.nn import Line
from microgd.learning.optim import SGD


def _param(data: float, grad: float) -> Value:
    p = Value(data, label="p")
    p.grad = grad
    return p


def test_plain_step_moves_against_the_slope():
    p = _param(3.0, 6.0)
    SGD([p], lr=0.1).step()
    assert p.data == pytest.approx(3.0 - 0.1 * 6.0)
    q = _param(3.0, -6.0)  # a negative slope: the parameter grows
    SGD([q], lr=0.1).step()
    assert q.data == pytest.approx(3.0 + 0.1 * 6.0)


def test_momentum_buffer_starts_as_the_first_gradient_then_accumulates():
    p = _param(1.0, 2.0)
    opt = SGD([p], lr=0.5, momentum=0.9, dampening=0.25)
    opt.step()  # buf = g = 2 (no dampening on the first step)
    assert p.data == pytest.approx(1.0 - 0.5 * 2.0)
    p.grad = 4.0
    opt.step()  # buf = 0.9 * 2 + (1 - 0.25) * 4 = 4.8
    assert opt.momentum_buffers[0] == pytest.approx(4.8)
    assert p.data == pytest.approx(0.0 - 0.5 * 4.8)


def test_nesterov_weight_decay_and_maximize():
    p = _param(2.0, 1.0)
    SGD([p], lr=0.1, momentum=0.5, nesterov=True).step()
    # buf = g = 1, step direction g + 0.5 * buf = 1.5
    assert p.data == pytest.approx(2.0 - 0.1 * 1.5)
    q = _param(2.0, 1.0)
    SGD([q], lr=0.1, weight_decay=0.5).step()  # g = 1 + 0.5 * 2 = 2
    assert q.data == pytest.approx(2.0 - 0.1 * 2.0)
    r = _param(2.0, 1.0)
    SGD([r], lr=0.1, maximize=True).step()  # climbs
    assert r.data == pytest.approx(2.0 + 0.1 * 1.0)


def test_zero_grad_clears_gradients():
    p, q = _param(1.0, 5.0), _param(1.0, -5.0)
    SGD([p, q], lr=0.1).zero_grad()
    assert (p.grad, q.grad) == (0.0, 0.0)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(lr=-0.1), "Invalid learning rate: lr = -0.1"),
        (dict(lr=0.1, momentum=-0.5), "Invalid momentum value: momentum = -0.5"),
        (dict(lr=0.1, weight_decay=-1.0), "Invalid weight_decay value: weight_decay = -1.0"),
        (dict(lr=0.1, nesterov=True), "Nesterov momentum requires a momentum and zero dampening"),
        (dict(lr=0.1, momentum=0.9, dampening=0.1, nesterov=True), "dampening = 0.1"),
    ],
)
def test_argument_checks_follow_pytorch(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SGD([Value(1.0)], **kwargs)


@pytest.mark.parametrize("name", ["lr", "momentum", "dampening", "weight_decay"])
@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_a_non_finite_hyperparameter_is_refused_by_name(name, bad):
    kwargs = {"lr": 0.1, name: bad}
    with pytest.raises(ValueError, match=rf"SGD needs a finite {name}, got {name} = {bad!r}"):
        SGD([Value(1.0)], **kwargs)


@pytest.mark.parametrize("bad, kind", [("0.1", "str"), (None, "NoneType"), (True, "bool")])
def test_a_learning_rate_that_is_not_a_number_names_its_type(bad, kind):
    with pytest.raises(TypeError, match=rf"SGD needs lr as a number, like lr = 0.1, got {bad!r} \({kind}\)"):
        SGD([Value(1.0)], lr=bad)


def test_a_model_instead_of_its_parameters_says_what_to_pass():
    with pytest.raises(TypeError, match=r"got the model Line itself: pass model.parameters\(\)"):
        SGD(Line(), lr=0.1)


def test_empty_or_non_value_parameters_are_refused():
    with pytest.raises(ValueError, match="empty parameter list"):
        SGD([], lr=0.1)
    with pytest.raises(TypeError, match=r"params\[1\] = 2.0 \(float\)"):
        SGD([Value(1.0), 2.0], lr=0.1)


CONFIGS = [
    dict(lr=0.1),
    dict(lr=0.05, momentum=0.9),
    dict(lr=0.05, momentum=0.9, dampening=0.3),
    dict(lr=0.05, momentum=0.8, nesterov=True),
    dict(lr=0.1, weight_decay=0.01),
    dict(lr=0.05, momentum=0.5, weight_decay=0.1, nesterov=True),
    dict(lr=0.01, maximize=True),
]


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: ",".join(f"{k}={v}" for k, v in c.items()))
def test_trajectories_match_torch_optim_sgd(config):
    torch = pytest.importorskip("torch", reason="PyTorch, the second reference for SGD, is not installed: make test EXTRA_PACKAGES=torch")
    xs, ys = house_prices()
    line = Line(m=0.5, b=-0.5)
    ours = SGD(line.parameters(), **config)
    m_t = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
    b_t = torch.tensor(-0.5, dtype=torch.float64, requires_grad=True)
    theirs = torch.optim.SGD([m_t, b_t], **config)
    x_t, y_t = torch.tensor(xs, dtype=torch.float64), torch.tensor(ys, dtype=torch.float64)
    sign = -1.0 if config.get("maximize") else 1.0  # maximize the negated MSE: still a descent
    for _ in range(40):
        ours.zero_grad()
        (sign * mse([line(x) for x in xs], ys)).backward()
        ours.step()
        theirs.zero_grad()
        (sign * ((y_t - (m_t * x_t + b_t)) ** 2).mean()).backward()
        theirs.step()
        assert line.m.data == pytest.approx(m_t.item(), abs=1e-9, rel=1e-9)
        assert line.b.data == pytest.approx(b_t.item(), abs=1e-9, rel=1e-9)
    assert abs(line.m.data - 0.5) > 0.1  # the run really moved
