"""microgd: gradient descent from scratch, one readable module per idea.

Reading order: engine (Value and its local derivatives) -> backprop (the chain rule over the
graph) -> gradcheck (checking gradients against finite differences).
"""

from microgd.backprop import backpropagate, topological_order, zero_grad
from microgd.engine import Value, sum_values
from microgd.gradcheck import GradientMismatch, gradcheck, numerical_gradient

# ``microgd.sum(values)`` reads like ``numpy.sum``; it is left out of __all__ so that
# ``from microgd import *`` never hides Python's built-in sum.
sum = sum_values

__version__ = "0.1.0"

__all__ = [
    "GradientMismatch",
    "Value",
    "backpropagate",
    "gradcheck",
    "numerical_gradient",
    "sum_values",
    "topological_order",
    "zero_grad",
]
