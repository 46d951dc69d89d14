"""What the models (nn.py) accept: sizes, activations and features, each refused by name.

A model built with a wrong size, or fed a wrong row, would otherwise fail deep inside (a
``range`` of a string) or, worse, compute something silently wrong (``zip`` drops the extra
features). These checks turn each mistake into an error that names the argument, the value
it got, and what would be right.
"""

from __future__ import annotations

import numbers
from typing import Sequence, Union

from microgd.operands import is_real_number
from microgd.engine import Value

Input = Union[Value, float, int]

# The bend a neuron applies to its weighted sum: name -> what it does, for the error message.
ACTIVATIONS = {"relu": "max(0, x), as in micrograd", "tanh": "tanh(x), as in Karpathy's lecture"}


def is_input(x: object) -> bool:
    """A Value or a real number (int, float, a numpy scalar), but not a bool or the string "3.5"."""
    return isinstance(x, Value) or is_real_number(x)


def check_size(size: object, name: str, meaning: str, where: str) -> None:
    """A count of inputs or neurons must be a whole number >= 1 (not 0, not "3", not True)."""
    if not isinstance(size, numbers.Integral) or isinstance(size, bool):
        raise TypeError(
            f"{where}: {name} ({meaning}) must be a whole number >= 1, got {name} = {size!r} ({type(size).__name__})"
        )
    if size < 1:
        raise ValueError(f"{where}: {name} ({meaning}) must be a whole number >= 1, got {name} = {size!r}")


def check_layer_sizes(nin: object, nouts: object) -> list[int]:
    """MLP(nin, nouts): nouts lists the size of each layer, like MLP(2, [16, 16, 1])."""
    call = f"MLP({nin!r}, {nouts!r})"
    if not isinstance(nouts, (list, tuple)):
        raise TypeError(
            f"MLP needs nouts as a list of layer sizes, like MLP(2, [16, 16, 1]), "
            f"got nouts = {nouts!r} ({type(nouts).__name__}); for one layer write [{nouts!r}]"
        )
    if not nouts:
        raise ValueError(f"MLP needs at least one layer size in nouts, like MLP(2, [16, 16, 1]); got {call}")
    check_size(nin, "nin", "the number of inputs", call)
    for i, size in enumerate(nouts):
        check_size(size, f"nouts[{i}]", f"the size of layer {i + 1}", call)
    return list(nouts)


def check_activation(activation: object) -> None:
    if activation not in ACTIVATIONS:
        choices = "; ".join(f"{name!r}: {what}" for name, what in ACTIVATIONS.items())
        raise ValueError(f"activation must be one of {list(ACTIVATIONS)}, got activation = {activation!r} ({choices})")


def check_features(x: Sequence[Input], expected: int, model: str) -> None:
    """A wrong number of features is a silent bug with zip, and a text cell a puzzling one: name them."""
    if is_input(x) or isinstance(x, (str, bool)):
        kind = "string" if isinstance(x, str) else "number"
        raise TypeError(f"{model} takes a list of {expected} features, got a single {kind}: {x!r}")
    if len(x) != expected:
        raise ValueError(f"{model} expects {expected} features per example, got {len(x)}: {list(x)!r}")
    for i, feature in enumerate(x):
        if not is_input(feature):
            fix = "convert text, such as cells read from a CSV file, with float()" if isinstance(feature, str) else (
                "use a float or int")
            raise TypeError(
                f"{model} features must be numbers, got x[{i}] = {feature!r} ({type(feature).__name__}); {fix}"
            )
