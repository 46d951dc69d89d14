"""Models: functions with knobs. From a line to a small neural network.

A *model* turns an input x into a prediction. Its *parameters* are the knobs (the "pegs" of the
guitar) that training turns. Every model here is a `Module`:

* ``model(x)`` predicts (it calls ``model.forward(x)``), building a graph of Values;
* ``model.parameters()`` lists the knobs, in a fixed order;
* ``model.zero_grad()`` clears their gradients before the next backward pass.

The models, simplest first:

    Line      y = m*x + b                                  2 parameters
    Linear    y = w1*x1 + ... + wn*xn + b                  n + 1 parameters
    Neuron    y = relu(w1*x1 + ... + wn*xn + b)            a Linear with a bend
    Layer     several neurons reading the same inputs
    MLP       layers in a row, each reading the one before (a multi-layer perceptron)

`Neuron`, `Layer` and `MLP` copy micrograd's signatures, weight initialisation and parameter
order, so micrograd code (its two-moons demo, for one) runs after changing the import.
"""

from __future__ import annotations

import numbers
import random
from typing import Sequence, Union

from microgd.engine import Value, sum_values

Input = Union[Value, float, int]


class Module:
    """The base of every model: a prediction rule plus the parameters it uses."""

    def parameters(self) -> list[Value]:
        """The trainable Values, in a fixed order (the order optimizers and History use)."""
        return []

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0: gradients accumulate across backward passes."""
        for p in self.parameters():
            p.grad = 0.0

    def forward(self, x):
        raise NotImplementedError(f"{type(self).__name__} must define forward(x)")

    def __call__(self, x):
        """Predict: ``model(x)`` is ``model.forward(x)``."""
        return self.forward(x)


class Line(Module):
    """The straight line y = m*x + b: slope m, intercept b.

    >>> line = Line(m=2.0, b=1.0)
    >>> line(3.0).data
    7.0

    Args:
        m: the starting slope.
        b: the starting intercept (where the line crosses x = 0).
    """

    def __init__(self, m: float = 0.0, b: float = 0.0) -> None:
        self.m = Value(m, label="m")
        self.b = Value(b, label="b")

    def forward(self, x: Input) -> Value:
        if not _is_number(x):
            raise TypeError(f"Line takes one number x, got {x!r} ({type(x).__name__}); for a list of features use Linear")
        # dy/dm = x, dy/db = 1: the engine records both as the graph is built
        return self.m * x + self.b

    def parameters(self) -> list[Value]:
        return [self.m, self.b]

    def __repr__(self) -> str:
        return f"Line(m={self.m.data!r}, b={self.b.data!r})"


class Linear(Module):
    """y = w1*x1 + w2*x2 + ... + wn*xn + b: a line through n features at once.

    Polynomial regression is a Linear too: feed it the features [x, x**2, x**3, ...]. The model
    stays linear *in its parameters* (each w multiplies a number), so the loss is still a bowl
    with one lowest point; only the curve it draws over x bends. Features on very different
    scales (x = 10 gives x**3 = 1000) make that bowl a long narrow valley, so scale them first.

    >>> model = Linear(2, weights=[1.0, -1.0], b=0.5)
    >>> model([3.0, 1.0]).data
    2.5

    Args:
        n_features: n, the number of inputs each example has.
        weights: the starting w1..wn; default zeros, or random in [-1, 1] when seed is given.
        b: the starting bias.
        seed: seed for random starting weights (ignored when weights are given).
    """

    def __init__(
        self, n_features: int, weights: Sequence[float] | None = None, b: float = 0.0, seed: int | None = None
    ) -> None:
        if not isinstance(n_features, numbers.Integral) or n_features < 1:
            raise ValueError(f"Linear needs n_features >= 1 (a whole number), got {n_features!r}")
        if weights is None:
            rng = random.Random(seed)
            weights = [rng.uniform(-1, 1) if seed is not None else 0.0 for _ in range(n_features)]
        if len(weights) != n_features:
            raise ValueError(f"Linear({n_features}) needs {n_features} starting weights, got {len(weights)}")
        self.w = [Value(w, label=f"w{i}") for i, w in enumerate(weights, start=1)]
        self.b = Value(b, label="b")

    def forward(self, x: Sequence[Input]) -> Value:
        _check_features(x, len(self.w), type(self).__name__)
        # one sum node: d(y)/d(wi) = xi, d(y)/d(b) = 1
        return sum_values([*(wi * xi for wi, xi in zip(self.w, x)), self.b])

    def parameters(self) -> list[Value]:
        return [*self.w, self.b]

    def __repr__(self) -> str:
        return f"Linear({len(self.w)})"


class Neuron(Module):
    """relu(w1*x1 + ... + wn*xn + b), or without the relu when nonlin=False.

    The relu bend is what lets many neurons together draw curves a Linear cannot. Weights start
    at random.uniform(-1, 1) and the bias at 0, as in micrograd: the same ``random.seed`` gives
    the same network.

    Args:
        nin: the number of inputs.
        nonlin: apply relu (True) or stay linear (False, used for the last layer).
    """

    def __init__(self, nin: int, nonlin: bool = True) -> None:
        self.w = [Value(random.uniform(-1, 1), label=f"w{i}") for i in range(1, nin + 1)]
        self.b = Value(0.0, label="b")
        self.nonlin = nonlin

    def forward(self, x: Sequence[Input]) -> Value:
        _check_features(x, len(self.w), type(self).__name__)
        act = sum_values([*(wi * xi for wi, xi in zip(self.w, x)), self.b])
        return act.relu() if self.nonlin else act

    def parameters(self) -> list[Value]:
        return [*self.w, self.b]  # each neuron's weights, then its bias (micrograd's order)

    def __repr__(self) -> str:
        return f"{'ReLU' if self.nonlin else 'Linear'}Neuron({len(self.w)})"


class Layer(Module):
    """``nout`` neurons, each reading all ``nin`` inputs; returns one Value when nout == 1.

    Parameters are labelled by position, e.g. ``n2.w1``: neuron 2's first weight.
    """

    def __init__(self, nin: int, nout: int, **kwargs) -> None:
        self.neurons = [Neuron(nin, **kwargs) for _ in range(nout)]
        for j, neuron in enumerate(self.neurons, start=1):
            _prefix_labels(neuron.parameters(), f"n{j}.")

    def forward(self, x: Sequence[Input]) -> Value | list[Value]:
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def parameters(self) -> list[Value]:
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self) -> str:
        return f"Layer of [{', '.join(str(n) for n in self.neurons)}]"


class MLP(Module):
    """A multi-layer perceptron: ``MLP(2, [16, 16, 1])`` maps 2 inputs through two hidden
    layers of 16 relu neurons to 1 output. The last layer has no relu, so it can output any
    number (a score). Parameters are labelled like ``L1.n3.w2``: layer 1, neuron 3, weight 2.

    Args:
        nin: the number of inputs.
        nouts: the size of each layer, in order.
    """

    def __init__(self, nin: int, nouts: list[int]) -> None:
        sizes = [nin] + list(nouts)
        if len(sizes) < 2 or any(not isinstance(size, numbers.Integral) or size < 1 for size in sizes):
            raise ValueError(f"MLP needs nin >= 1 and at least one layer size, each >= 1; got MLP({nin!r}, {nouts!r})")
        self.layers = [Layer(sizes[i], sizes[i + 1], nonlin=i != len(nouts) - 1) for i in range(len(nouts))]
        for i, layer in enumerate(self.layers, start=1):
            _prefix_labels(layer.parameters(), f"L{i}.")

    def forward(self, x: Sequence[Input]) -> Value | list[Value]:
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self) -> str:
        return f"MLP of [{', '.join(str(layer) for layer in self.layers)}]"


def _prefix_labels(params: list[Value], prefix: str) -> None:
    """Make labels unique inside a bigger model: w1 -> n2.w1 -> L1.n2.w1."""
    for p in params:
        p.label = prefix + p.label


def _is_number(x: object) -> bool:
    """A Value or a real number (int, float, a numpy scalar), but not the string "3.5"."""
    return isinstance(x, (Value, numbers.Real))


def _check_features(x: Sequence[Input], expected: int, model: str) -> None:
    """A wrong number of features is a silent bug with zip, and a text cell a puzzling one: name them."""
    if _is_number(x) or isinstance(x, str):
        kind = "number" if _is_number(x) else "string"
        raise TypeError(f"{model} takes a list of {expected} features, got a single {kind}: {x!r}")
    if len(x) != expected:
        raise ValueError(f"{model} expects {expected} features per example, got {len(x)}: {list(x)!r}")
    for i, feature in enumerate(x):
        if not _is_number(feature):
            raise TypeError(
                f"{model} features must be numbers, got x[{i}] = {feature!r} ({type(feature).__name__}); "
                "convert text, such as cells read from a CSV file, with float()"
            )
