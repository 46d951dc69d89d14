"""The backward pass: walk the graph from the output back to its inputs, applying the chain rule.

The chain rule says how a change in an input flows to the output through every path between
them. If ``out`` was computed from ``v`` (among others), then

    d(root)/d(v) = sum over every node `out` that uses v of  d(out)/d(v) * d(root)/d(out)
                 = sum over uses of                            local_grad * out.grad

So once ``out.grad`` is final, each of its inputs can receive its share: that is
`chain_rule_step`. Visiting the nodes in *reverse topological order* (every node before the
nodes it was computed from) guarantees that ``out.grad`` is final when we reach ``out``:

    for node in reversed(topological_order(root)):
        chain_rule_step(node)        # each input's grad += local_grad * node.grad

That loop is all of reverse-mode autodiff, and it is the one in `backpropagate` below. The
ordering uses an explicit stack, not recursion, so a graph a million nodes deep (a loss summed
one term at a time) works; micrograd's recursive sort stops near 1,000.

This module reads a node's four slots directly (engine.py describes them); everything outside
the engine reads the public view ``inputs`` and ``local_grads`` instead.
"""

from __future__ import annotations

import contextlib
import gc
import math
from typing import Callable, Iterable, Iterator

from microgd.gradient_errors import not_finite_gradient_error
from microgd.graph_view import Node  # type hints: engine.py imports this module, so not its Value


def backpropagate(root: Node) -> None:
    """Set ``v.grad = d(root)/d(v)`` for every value v that ``root`` depends on.

    The contract, the same as PyTorch's for leaves:

    * computed values (those with inputs) are reset to 0 and recomputed on every call, so a
      second ``backward()`` never builds on stale intermediate gradients;
    * leaves (parameters, data) *accumulate*: two calls without ``zero_grad`` give exactly twice
      the gradient, which is how gradients of several losses add up;
    * a leaf whose gradient comes out inf or nan raises an error that says where it arose:
      ValueError where the slope does not exist (sqrt's at 0), OverflowError for a product too
      large for a float. The pass has run by then, so zero the gradients before trying again.
    """
    with paused_cycle_collector():
        leaves: list[Node] = []
        computed = topological_order(root, leaves=leaves, zero_grads=True)  # their grads are now 0
        root.grad += 1.0  # d(root)/d(root) = 1; a computed root was just reset, a leaf accumulates
        for node in reversed(computed):  # every node after all the nodes that use it
            chain_rule_step(node)
        for leaf in leaves:  # complete only now
            if not math.isfinite(leaf.grad):  # never hand back an inf or nan gradient in silence
                raise not_finite_gradient_error(leaf, computed)


def _put_back(values: list[Node], grads: list[float]) -> None:
    for v, grad in zip(values, grads):
        v.grad = grad


def chain_rule_step(node: Node) -> None:
    """Pass ``node.grad`` on to node's inputs: input.grad += d(node)/d(input) * node.grad.

    A plain number (local derivative None) gets nothing: nobody trains a constant. And a factor
    of 0 carries nothing: a flat edge (local derivative 0, as relu's for x < 0) passes on exactly
    0 even when node.grad is infinite (sqrt's vertical slope at 0 beyond a relu that is off, as
    in PyTorch), and a node whose grad is 0 passes nothing even through an infinite slope.
    Without the rule, 0 * inf would be nan.
    """
    grad = node.grad
    if not grad:
        return
    a, da = node._a, node._da
    if type(da) is tuple:  # many inputs (microgd.sum): a and da are tuples
        for source, local in zip(a, da):
            if local:
                source.grad += local * grad
        return
    if da:  # neither None (a plain number) nor 0 (a flat edge)
        a.grad += da * grad
    db = node._db
    if db:
        node._b.grad += db * grad


# A marker pushed under a node's inputs: when it surfaces, all of those inputs have been listed.
_INPUTS_DONE = None


def topological_order(root: Node, *, leaves: bool | list[Node] = True, zero_grads: bool = False) -> list[Node]:
    """Every value ``root`` depends on, each listed after all of its inputs; ``root`` is last.

    A depth-first search with an explicit stack instead of recursion. When we first meet a
    computed node we push it back, then a marker, then its inputs on top. The inputs (and
    everything they depend on) are listed first; when the marker surfaces, the node below it can
    be listed too. A leaf waits for nothing: it is listed the moment we meet it. Plain numbers
    in an expression are not nodes, so they are not listed.

    A value used many times is met many times but listed once. To know it was met, a set of
    every node would cost about a fifth of a training step's memory; instead a computed node's
    grad holds a marker, an object made for this walk alone, while the walk runs. The backward
    pass resets those grads to 0 anyway (``zero_grads=True``); otherwise each is put back as it
    was. Should the walk be interrupted (Ctrl-C), the markers are cleared before it stops.

    Args:
        root: the value whose graph to walk, usually the loss.
        leaves: where the leaves (parameters, data) go. True: into the order, each before the
            first value computed from it. False: nowhere. A list: into that list instead, in
            the order met (the backward pass checks the leaves' gradients once they are complete).
        zero_grads: leave every computed value's grad at 0 (as `backpropagate` needs).
    """
    order: list[Node] = []
    leaf_list = order if leaves is True else None if leaves is False else leaves
    leaves_met: set[Node] = set()  # leaves keep their grads (they accumulate): a set for them
    met: list[Node] = []  # the computed values met, and their grads before, to put back
    saved: list[float] = []
    stack: list[Node | None] = [root]
    pop, push = stack.pop, stack.append  # looked up once: this loop runs for every node
    met_mark = object()  # this walk's own: no grad holds it but those this walk has met
    try:
        while stack:
            node = pop()
            if node is _INPUTS_DONE:
                order.append(pop())
            elif node._a is None:  # a leaf
                if node not in leaves_met:
                    leaves_met.add(node)
                    if leaf_list is not None:
                        leaf_list.append(node)
            elif node.grad is not met_mark:  # a computed value, met for the first time
                if not zero_grads:
                    met.append(node)
                    saved.append(node.grad)
                push(node)  # on the stack before it is marked: an interrupt then finds every marker
                push(_INPUTS_DONE)
                node.grad = met_mark
                if type(node._da) is tuple:  # many inputs (microgd.sum)
                    stack.extend(v for v, local in zip(node._a, node._da) if local is not None)
                else:  # a local derivative of None marks a plain number, which is not a node
                    if node._da is not None:
                        push(node._a)
                    if node._db is not None:
                        push(node._b)
        if zero_grads:
            for node in order:
                if node._a is not None:  # a computed value (order may hold leaves too)
                    node.grad = 0.0
        else:
            _put_back(met, saved)
    except BaseException:  # interrupted (Ctrl-C, say): no marker may stay behind
        _put_back(met, saved)
        for node in order + stack:
            if node is not None and node.grad is met_mark:
                node.grad = 0.0
        raise
    return order


def walk_backward(root: Node, on_step: Callable[[Node], None] | None = None) -> dict[Node, float]:
    """The backward pass from scratch, for code that shows it (the animation, the trace).

    Every grad in the graph starts at 0, root's at 1, and each computed node takes its
    `chain_rule_step` in the order `backpropagate` takes them. ``on_step(node)`` is called
    right after each step, with the grads so far on the nodes' ``.grad``. Then every ``.grad`` is
    put back as it was, also if ``on_step`` raises: showing the pass changes nothing.

    Returns:
        d(root)/d(v) for every value v in root's graph: the grads as the walk left them.
    """
    order = topological_order(root)
    saved = [v.grad for v in order]
    try:
        for v in order:
            v.grad = 0.0
        root.grad = 1.0
        for node in reversed(order):
            if node._a is not None:  # a computed node (leaves have nothing to pass on)
                chain_rule_step(node)
                if on_step is not None:
                    on_step(node)
        return {v: v.grad for v in order}
    finally:
        for v, grad in zip(order, saved):
            v.grad = grad


def local_grads_from_closure(node: Node, inputs: tuple[Node, ...], closure: Callable[[], None]) -> tuple[float, ...]:
    """The local derivatives that a micrograd-style ``_backward`` closure applies, found by running it once.

    Such a closure does ``input.grad += local * out.grad`` for each input. Run with out.grad = 1
    and every input's grad at 0, it leaves exactly ``local`` in each input's grad. The grads are
    put back as they were afterwards, and the node then keeps the numbers, like any other node.
    """
    saved = [v.grad for v in inputs], node.grad
    try:
        for v in inputs:
            v.grad = 0.0
        node.grad = 1.0
        closure()
        return tuple(float(v.grad) for v in inputs)
    finally:
        for v, grad in zip(inputs, saved[0]):
            v.grad = grad
        node.grad = saved[1]


@contextlib.contextmanager
def paused_cycle_collector() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a big graph is built or walked.

    A microgd graph holds no reference cycles: each node points only at its inputs, never back.
    Reference counting alone frees it the moment the last name for its root goes away. Python's
    *cyclic* collector has nothing to find in it, yet while a graph of a million nodes grows it
    rescans every node again and again. ``fit`` and ``backward()`` pause it; wrap your own big
    training steps in ``with microgd.paused_cycle_collector():`` to do the same.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def zero_grad(values: Iterable[Node]) -> None:
    """Set ``grad`` to 0 for each value: do this before every backward pass of a training step."""
    for v in values:
        v.grad = 0.0
