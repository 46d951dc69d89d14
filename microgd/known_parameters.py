"""Which values are parameters: the ones a live model or optimizer holds.

A drawing colours a leaf as a parameter (trained) only when microgd knows that it is one; every
other leaf, a labelled x or an unlabelled ``Value(2.0)`` as in micrograd, is drawn as data. It
knows from the objects that hold parameters: every model (a `Module`: Line, Linear, Neuron,
Layer, MLP, or a subclass you write with its own ``parameters()``) and every optimizer (`SGD`)
registers itself here when it is made, and `known_parameters` asks the ones still alive:

    a leaf is a parameter  <=>  some live model's parameters(), or some live optimizer's
                                params, includes it

Handing a value to ``SGD([m, b], lr=0.1)`` says the same as a model would: train these.

Why the holders and not the values themselves: a set of values that lets them be freed needs a
weak-reference slot on every Value: one more pointer on each node of every graph. Models and
optimizers are few, registering one is one dictionary entry when it is made, and asking them costs
nothing until something is drawn. The registry holds them weakly, so a model nobody uses is freed as
before, and its parameters stop counting.
"""

from __future__ import annotations

import weakref
from typing import Any

# Every live model and optimizer, held weakly and keyed by id(): a model need not be hashable
# (one with its own __eq__, or a @dataclass, is not). An entry disappears when its object is freed.
_holders: dict[int, weakref.ref] = {}


def remember_holder(holder: Any) -> None:
    """Note a model (it has ``parameters()``) or an optimizer (it has ``params``).

    An object that cannot be weakly referenced (a class with ``__slots__`` and no ``__weakref__``)
    is not noted: pass ``params=`` to the drawing for it.
    """
    key = id(holder)

    def forget(ref: weakref.ref) -> None:  # called as the holder is freed, before its id is reused
        if _holders.get(key) is ref:
            del _holders[key]

    try:
        _holders[key] = weakref.ref(holder, forget)
    except TypeError:
        pass


def known_parameters() -> set[Any]:
    """Every value that a live model or optimizer holds as a parameter."""
    found: set[Any] = set()
    for ref in list(_holders.values()):  # a copy: the dict may shrink while we read it
        holder = ref()
        if holder is None:
            continue
        try:
            held = holder.parameters() if hasattr(holder, "parameters") else holder.params
            found.update(held)
        except Exception:  # noqa: BLE001
            # A model whose __init__ failed halfway can outlive the error (a notebook keeps the
            # last traceback); it has no parameters to offer, and must not stop a drawing.
            continue
    return found
