"""The backward pass: walk the graph from the output back to its inputs, applying the chain rule.

The chain rule says how a change in an input flows to the output through every path between
them. If ``out`` was computed from ``v`` (among others), then

    d(root)/d(v) = sum over every node `out` that uses v of  d(out)/d(v) * d(root)/d(out)
                 = sum over uses of                            local_grad * out.grad

So once ``out.grad`` is final, each of its inputs can receive its share. Visiting the nodes in
*reverse topological order* (every node before the nodes it was computed from) guarantees that
``out.grad`` is final when we reach ``out``. That is all of reverse-mode autodiff.

The ordering uses an explicit stack, not recursion, and the backward pass is a plain loop over
the ordered list, so a graph a million nodes deep (a loss summed one term at a time) works;
micrograd's recursive sort stops near 1,000.
"""

from __future__ import annotations

import contextlib
import gc
import math
from typing import TYPE_CHECKING, Iterable, Iterator

from microgd.checks import not_finite_gradient_error

if TYPE_CHECKING:  # only for type hints: the walk needs nothing but ._inputs and ._local_grads
    from microgd.engine import Value


# A marker pushed under a node's inputs: when it surfaces, all of those inputs have been listed.
_INPUTS_DONE = None


def topological_order(root: Value, *, leaves: bool | list[Value] = True) -> list[Value]:
    """Every value ``root`` depends on, each listed after all of its inputs; ``root`` is last.

    A depth-first search with an explicit stack instead of recursion. When we first meet a
    computed node we push it back, then a marker, then its inputs on top. The inputs (and
    everything they depend on) are listed first; when the marker surfaces, the node below it can
    be listed too. A leaf waits for nothing: it is listed the moment we meet it.

    Args:
        root: the value whose graph to walk, usually the loss.
        leaves: where the leaves (parameters, data, constants) go. True: into the order, each
            before the first value computed from it. False: nowhere. A list: into that list
            instead, in the order met; the backward pass passes gradients on from computed values
            only, and checks the leaves' gradients once they are complete.
    """
    order: list[Value] = []
    if leaves is True:  # where a leaf goes the moment we meet it
        leaf_list: list[Value] | None = order
    elif leaves is False:
        leaf_list = None
    else:
        leaf_list = leaves
    visited: set[Value] = set()
    stack: list[Value | None] = [root]
    while stack:
        node = stack.pop()
        if node is _INPUTS_DONE:
            order.append(stack.pop())
        elif node not in visited:
            visited.add(node)
            if node._inputs:
                stack += (node, _INPUTS_DONE)
                stack.extend(node._inputs)
            elif leaf_list is not None:
                leaf_list.append(node)
    return order


def backpropagate(root: Value) -> None:
    """Set ``v.grad = d(root)/d(v)`` for every value v that ``root`` depends on.

    The contract, the same as PyTorch's for leaves:

    * computed values (those with inputs) are reset to 0 and recomputed on every call, so a
      second ``backward()`` never builds on stale intermediate gradients;
    * leaves (parameters, data, constants) *accumulate*: two calls without ``zero_grad`` give
      exactly twice the gradient, which is how gradients of several losses add up;
    * a gradient that would be inf or nan raises an error naming where it arose: ValueError where
      the slope does not exist (sqrt's at 0), OverflowError for a product too large for a
      float. The pass stops there, so zero the gradients before trying again.
    """
    with paused_cycle_collector():
        leaves: list[Value] = []
        computed = topological_order(root, leaves=leaves)
        for node in computed:
            node.grad = 0.0
        root.grad += 1.0  # d(root)/d(root) = 1; a computed root was just reset, a leaf accumulates
        for node in reversed(computed):
            grad = node.grad  # final: every node that uses this one has passed on its share
            if not math.isfinite(grad):  # never hand back an inf or nan gradient in silence
                raise not_finite_gradient_error(node, computed)
            # chain rule: each input's grad += d(node)/d(input) * d(root)/d(node)
            for child, local_grad in zip(node._inputs, node._local_grads):
                child.grad += local_grad * grad
        for leaf in leaves:  # complete only now
            if not math.isfinite(leaf.grad):
                raise not_finite_gradient_error(leaf, computed)


@contextlib.contextmanager
def paused_cycle_collector() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a big graph is built or walked.

    A microgd graph holds no reference cycles: each node points only at its inputs, never back.
    Reference counting alone frees it the moment the last name for its root goes away. Python's
    *cyclic* collector has nothing to find in it, yet while a graph of a million nodes grows it
    rescans every node again and again (that made one training step on 100,000 points four
    times slower per point than on 1,000). ``fit`` and ``backward()`` pause it; wrap your own
    big training steps in ``with microgd.paused_cycle_collector():`` to do the same.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def zero_grad(values: Iterable[Value]) -> None:
    """Set ``grad`` to 0 for each value: do this before every backward pass of a training step."""
    for v in values:
        v.grad = 0.0
