"""The backward pass: walk the graph from the output back to its inputs, applying the chain rule.

The chain rule says how a change in an input flows to the output through every path between
them. If ``out`` was computed from ``v`` (among others), then

    d(root)/d(v) = sum over every node `out` that uses v of  d(out)/d(v) * d(root)/d(out)
                 = sum over uses of                            local_grad * out.grad

So once ``out.grad`` is final, each of its inputs can receive its share. Visiting the nodes in
*reverse topological order* (every node before the nodes it was computed from) guarantees that
``out.grad`` is final when we reach ``out``. That is all of reverse-mode autodiff.

Both steps are loops over an explicit stack, not recursion, so a graph a million nodes deep
(a loss summed one term at a time) works; micrograd's recursive sort stops near 1,000.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # only for type hints: the walk needs nothing but ._inputs and ._local_grads
    from microgd.engine import Value


def topological_order(root: Value) -> list[Value]:
    """Every value ``root`` depends on, each listed after all of its inputs; ``root`` is last.

    A depth-first search with an explicit stack. Each stack entry is (node, inputs_done):
    the first time we pop a node we push it back marked done, then push its inputs above it;
    when it surfaces again, all its inputs have been listed, so it can be listed too.
    Leaves (no inputs) are listed the moment they are found: they wait for nothing.
    """
    order: list[Value] = []
    visited: set[Value] = set()
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif node not in visited:
            visited.add(node)
            stack.append((node, True))
            for child in node._inputs:
                if child in visited:
                    continue
                if child._inputs:
                    stack.append((child, False))
                else:
                    visited.add(child)
                    order.append(child)
    return order


def backpropagate(root: Value) -> None:
    """Set ``v.grad = d(root)/d(v)`` for every value v that ``root`` depends on.

    The contract, the same as PyTorch's for leaves:

    * computed values (those with inputs) are reset to 0 and recomputed on every call, so a
      second ``backward()`` never builds on stale intermediate gradients;
    * leaves (parameters, data, constants) *accumulate*: two calls without ``zero_grad`` give
      exactly twice the gradient, which is how gradients of several losses add up.
    """
    computed = [node for node in topological_order(root) if node._inputs]
    for node in computed:
        node.grad = 0.0
    root.grad = 1.0  # d(root)/d(root)
    for node in reversed(computed):  # leaves have no inputs to pass a gradient on to
        # chain rule: each input's grad += d(node)/d(input) * d(root)/d(node)
        for child, local_grad in zip(node._inputs, node._local_grads):
            child.grad += local_grad * node.grad


def zero_grad(values: Iterable[Value]) -> None:
    """Set ``grad`` to 0 for each value: do this before every backward pass of a training step."""
    for v in values:
        v.grad = 0.0
