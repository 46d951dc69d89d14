"""Models: functions with knobs. From a line to a small neural network.

A *model* turns an input x into a prediction. Its *parameters* are the knobs (the "pegs" of the
guitar) that training turns. Every model here is a `Module`:

* ``model(x)`` predicts (it calls ``model.forward(x)``), building a graph of Values;
* ``model.parameters()`` lists the knobs, in a fixed order;
* ``model.zero_grad()`` clears their gradients before the next backward pass.

The models, simplest first:

    Line      y = m*x + b                                  2 parameters
    Linear    y = w1*x1 + ... + wn*xn + b                  n + 1 parameters
    Neuron    y = relu(w1*x1 + ... + wn*xn + b)            a Linear with a bend (relu or tanh)
    Layer     several neurons reading the same inputs
    MLP       layers in a row, each reading the one before (a multi-layer perceptron)

`Neuron`, `Layer` and `MLP` copy micrograd's signatures, weight initialisation and parameter
order, so micrograd code (its two-moons demo, for one) runs after changing the import. Karpathy's
lecture uses tanh neurons instead: ``MLP(3, [4, 4, 1], activation="tanh")`` (the output layer stays
linear and biases start at 0, as in micrograd's package; the lecture's own MLP differs in both).
The checks on sizes and inputs live in model_inputs.py.
"""

from __future__ import annotations

import random
from typing import Sequence

from microgd.engine import Value, sum_values
from microgd.known_parameters import remember_holder
from microgd.learning.model_inputs import Input, check_activation, check_features, check_layer_sizes, check_size, is_input


class Module:
    """The base of every model: a prediction rule plus the parameters it uses.

    Every model is noted as it is made (known_parameters.py), so that a drawing shows what its
    ``parameters()`` return as parameters and every other leaf as data, without being told.
    """

    def __new__(cls, *args, **kwargs):
        model = super().__new__(cls)  # object.__new__ takes no arguments: __init__ reads them
        remember_holder(model)
        return model

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
        if not is_input(x):
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
        check_size(n_features, "n_features", "the number of features per example", "Linear")
        if weights is None:
            rng = random.Random(seed)
            weights = [rng.uniform(-1, 1) if seed is not None else 0.0 for _ in range(n_features)]
        if len(weights) != n_features:
            raise ValueError(f"Linear({n_features}) needs {n_features} starting weights, got {len(weights)}")
        self.w = [Value(w, label=f"w{i}") for i, w in enumerate(weights, start=1)]
        self.b = Value(b, label="b")

    def forward(self, x: Sequence[Input]) -> Value:
        check_features(x, len(self.w), type(self).__name__)
        # one sum node: d(y)/d(wi) = xi, d(y)/d(b) = 1
        return sum_values([*(wi * xi for wi, xi in zip(self.w, x)), self.b])

    def parameters(self) -> list[Value]:
        return [*self.w, self.b]

    def __repr__(self) -> str:
        return f"Linear({len(self.w)})"


class Neuron(Module):
    """activation(w1*x1 + ... + wn*xn + b), or just the weighted sum when nonlin=False.

    The bend is what lets many neurons together draw curves a Linear cannot:

        relu(s) = max(0, s)      micrograd's choice: d/ds = 1 if s > 0 else 0
        tanh(s)                  the lecture's choice, squashed into (-1, 1): d/ds = 1 - tanh(s)**2

    Weights start at random.uniform(-1, 1) and the bias at 0, as in micrograd: the same
    ``random.seed`` gives the same network.

    Args:
        nin: the number of inputs.
        nonlin: apply the activation (True) or stay linear (False, used for the last layer).
        activation: "relu" (the default, as in micrograd's repository) or "tanh" (as in
            Karpathy's lecture, whose targets of +1 and -1 a relu hidden layer can get stuck on).
    """

    def __init__(self, nin: int, nonlin: bool = True, activation: str = "relu") -> None:
        check_size(nin, "nin", "the number of inputs", "Neuron")
        check_activation(activation)
        self.w = [Value(random.uniform(-1, 1), label=f"w{i}") for i in range(1, nin + 1)]
        self.b = Value(0.0, label="b")
        self.nonlin, self.activation = nonlin, activation
        # Inside a Layer or an MLP, its place ("n2", "L1.n2"): the label of its output, so that a
        # drawing or a trace tells one neuron's output from another's by name, not by number.
        self.name = ""

    def forward(self, x: Sequence[Input]) -> Value:
        check_features(x, len(self.w), type(self).__name__)
        return self._fire(x)

    def _fire(self, x: Sequence[Input]) -> Value:
        """The neuron's output for inputs already checked (a Layer checks them once for all)."""
        act = sum_values([*(wi * xi for wi, xi in zip(self.w, x)), self.b])
        out = act if not self.nonlin else act.relu() if self.activation == "relu" else act.tanh()
        out.label = self.name
        return out

    def parameters(self) -> list[Value]:
        return [*self.w, self.b]  # each neuron's weights, then its bias (micrograd's order)

    def __repr__(self) -> str:
        kind = {"relu": "ReLU", "tanh": "Tanh"}[self.activation] if self.nonlin else "Linear"
        return f"{kind}Neuron({len(self.w)})"


class Layer(Module):
    """``nout`` neurons, each reading all ``nin`` inputs; returns one Value when nout == 1.

    That single Value is micrograd's convention, handy for a model's final score. Inside an
    MLP the layers pass each other lists instead (see `_outputs`), so a hidden layer may have
    a single neuron too. Parameters are labelled by position, e.g. ``n2.w1``: neuron 2's first
    weight, and each neuron's output ``n2``. Any other keyword (nonlin, activation) goes to every Neuron.
    """

    def __init__(self, nin: int, nout: int, **kwargs) -> None:
        check_size(nout, "nout", "the number of neurons", "Layer")
        self.neurons = [Neuron(nin, **kwargs) for _ in range(nout)]
        for j, neuron in enumerate(self.neurons, start=1):
            _prefix_labels(neuron.parameters(), f"n{j}.")
            neuron.name = f"n{j}"

    def forward(self, x: Sequence[Input]) -> Value | list[Value]:
        out = self._outputs(x)
        return out[0] if len(out) == 1 else out  # micrograd's convention: one neuron, one Value

    def _outputs(self, x: Sequence[Input]) -> list[Value]:
        """Every neuron's output, always as a list: what the next layer of an MLP reads."""
        first = self.neurons[0]
        check_features(x, len(first.w), type(first).__name__)  # once for the layer, not once per neuron
        return [n._fire(x) for n in self.neurons]

    def parameters(self) -> list[Value]:
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self) -> str:
        return f"Layer of [{', '.join(str(n) for n in self.neurons)}]"


class MLP(Module):
    """A multi-layer perceptron: ``MLP(2, [16, 16, 1])`` maps 2 inputs through two hidden
    layers of 16 relu neurons to 1 output. The last layer has no bend, so it can output any
    number (a score). Parameters are labelled like ``L1.n3.w2``: layer 1, neuron 3, weight 2; each
    neuron's output is labelled ``L1.n3``, so a drawing or a trace names it.

    The output is one Value when the last layer has one neuron, else a list, as in micrograd.
    Hidden layers may have any width, even 1: ``MLP(2, [1, 1])`` works (micrograd's fails there).

    Args:
        nin: the number of inputs.
        nouts: the size of each layer, in order, as a list.
        activation: the hidden layers' bend, "relu" (micrograd) or "tanh" (Karpathy's lecture).
    """

    def __init__(self, nin: int, nouts: list[int], activation: str = "relu") -> None:
        sizes = [nin] + check_layer_sizes(nin, nouts)
        check_activation(activation)
        last = len(nouts) - 1  # the output layer stays linear, as in micrograd
        self.layers = [
            Layer(sizes[i], sizes[i + 1], nonlin=i != last, activation=activation) for i in range(len(nouts))
        ]
        for i, layer in enumerate(self.layers, start=1):
            _prefix_labels(layer.parameters(), f"L{i}.")
            for neuron in layer.neurons:
                neuron.name = f"L{i}.{neuron.name}"

    def forward(self, x: Sequence[Input]) -> Value | list[Value]:
        for layer in self.layers:
            # a list between layers, even of one Value: the next layer reads a list of features
            x = layer._outputs(x)
        return x[0] if len(x) == 1 else x  # unwrapped only at the end: one output, one score

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self) -> str:
        return f"MLP of [{', '.join(str(layer) for layer in self.layers)}]"


def _prefix_labels(params: list[Value], prefix: str) -> None:
    """Make labels unique inside a bigger model: w1 -> n2.w1 -> L1.n2.w1."""
    for p in params:
        p.label = prefix + p.label
