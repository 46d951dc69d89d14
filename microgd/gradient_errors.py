"""Saying why a gradient came out inf or nan, so that `backward()` never hands one back in silence.

After the pass, every leaf's gradient is checked. One that is not finite came from one of three
places, and the error names which, with the numbers:

* a *vertical slope*: an edge whose local derivative is infinite (sqrt's at 0) carried a non-zero
  gradient. The gradient does not exist at that point;
* an *overflow*: local derivative * grad, or the sum of such products, passed the largest float;
* the leaf already held inf or nan before the pass (leaves accumulate): zero_grad() first.
"""

from __future__ import annotations

import math

from microgd.graph_view import Node, is_number  # a Value, read through its public view

def not_finite_gradient_error(leaf: Node, computed: list[Node]) -> ValueError | OverflowError:
    """The error for a leaf whose gradient is inf or nan after the backward pass over ``computed``."""
    where = f"d(root)/dv = {leaf.grad!r} for v = {leaf.data!r} ({_role(leaf)})"
    # Every edge that carried a non-zero gradient into a value: (user, input, local, user's grad).
    edges = [
        (user, source, local, user.grad)
        for user in reversed(computed)
        for source, local in zip(user.inputs, user.local_grads)
        if local and not is_number(source)
    ]
    vertical = [(u, s, local, g) for u, s, local, g in edges if math.isinf(local) and g and math.isfinite(g)]
    if vertical:
        ops = " and ".join(f"{u.op!r} (its input = {s.data!r})" for u, s, _, _ in vertical[:3])
        return ValueError(
            f"backward: {where}. On the way, the local derivative of {ops} is infinite: a vertical "
            "slope, like sqrt's at 0, so the gradient does not exist at this point. Keep the input "
            "away from it, e.g. (x + 1e-12)**0.5 instead of x**0.5"
        )
    overflowing = [(u, s, local, g) for u, s, local, g in edges if math.isfinite(g) and not math.isfinite(local * g)]
    into_leaf = [local * g for u, s, local, g in edges if s is leaf]
    if not overflowing and _adds_up_to_a_float(into_leaf):  # so not from this pass
        return ValueError(
            f"backward: {where}, but this pass added only finite numbers to it: v.grad was already "
            "inf or nan before backward() (leaves accumulate). Call zero_grad() on the parameters first"
        )
    shown = overflowing[:3] or [e for e in edges if e[1] is leaf][:3]
    products = ", ".join(f"{local!r} * {g!r} from {u.op!r}" for u, _, local, g in shown)
    return OverflowError(
        f"backward: {where}: the gradient is too large for a float ({products}); "
        "scale the inputs down (or, in training, lower the learning rate)"
    )


def _role(v: Node) -> str:
    """How the error names a value: by its label, or as an unlabelled leaf."""
    return f"label {v.label!r}" if v.label else "an unlabelled leaf"


def _adds_up_to_a_float(numbers: list[float]) -> bool:
    """True when the numbers and their sum are all finite floats."""
    try:
        return math.isfinite(math.fsum(numbers))
    except OverflowError:  # fsum raises where the sum of finite numbers passes the largest float
        return False
