"""microgd: gradient descent from scratch, one readable module per idea.

Reading order: engine (Value and its local derivatives) -> backprop (the chain rule over the
graph) -> gradcheck (checking gradients against finite differences) -> nn (models: Line,
Linear, Neuron, Layer, MLP) -> losses (mse, max_margin_loss) -> optim (SGD) -> train (fit, the
five-step loop) -> history (what each step saw) -> data (house prices, CSV files) -> fit_command
(`microgd fit`) -> tracing (a derivative as a sum over paths, as text; naming calls values by
their formula) -> draw (the graph with each local derivative on its edge; labels, summarize and
replay help it) -> render (files, Graphviz) -> animate (the backward pass as a GIF) ->
graph_command (`microgd graph`). Pictures for the demos (matplotlib, optional): curves (one parameter:
slope, tangent, descent) -> plots -> landscape (L(m, b)) -> widgets and train_widget (sliders
and buttons) -> demo (`microgd demo`).
"""

from microgd.backprop import backpropagate, paused_cycle_collector, topological_order, zero_grad
from microgd.engine import Value, sum_values
from microgd.gradcheck import GradientMismatch, gradcheck, numerical_gradient
from microgd.tracing import trace
from microgd.draw import draw_graph
from microgd.render import GraphvizNotFound, render_graph
from microgd.animate import animate_backward
from microgd.data import CSVError, house_prices, least_squares_line, load_csv, two_moons
from microgd.history import History, Record
from microgd.losses import l2_penalty, max_margin_loss, mse
from microgd.nn import MLP, Layer, Line, Linear, Module, Neuron
from microgd.optim import SGD
from microgd.train import TrainingDiverged, fit, largest_stable_lr

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
    "paused_cycle_collector",
    "sum_values",
    "topological_order",
    "zero_grad",
    "GraphvizNotFound",
    "animate_backward",
    "draw_graph",
    "render_graph",
    "trace",
    "CSVError",
    "History",
    "Layer",
    "Line",
    "Linear",
    "MLP",
    "Module",
    "Neuron",
    "Record",
    "SGD",
    "TrainingDiverged",
    "fit",
    "house_prices",
    "l2_penalty",
    "largest_stable_lr",
    "least_squares_line",
    "load_csv",
    "max_margin_loss",
    "mse",
    "two_moons",
]
