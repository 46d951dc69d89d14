"""microgd: gradient descent from scratch, one readable module per idea.

Read the source in this order (the README says the same, with pictures). The folder listing is
the architecture: each layer builds only on the ones above it here. Start with engine.py.

1. The core, at the top of microgd/
   engine      Value: each operation's forward value with its local derivatives beside it
   backprop    the chain rule over the whole graph: topological order and the backward loop
   gradcheck   gradients checked against central finite differences
   graph_view  the public, read-only view of a node that everything outside the engine reads
   known_parameters  which values are parameters: the ones a live model or optimizer holds
   operands    what counts as a number in an expression, how errors name values
   powers      where a power is undefined, and its local derivatives
   gradient_errors  why a gradient came out inf or nan, said with the numbers
   nn          micrograd's module name for the models (from microgd.nn import MLP)
2. learning/: training, on the core alone (read train.py first)
   train       fit: the five-step training loop
   models      Line, Linear, and micrograd's Neuron, Layer, MLP (model_inputs: what they accept)
   losses, optim (SGD), divergence (a learning rate too big), history, data, curves
   features    polynomial terms [x, x^2, ...]: a curve that is still a Linear model
3. drawing/: the graph as text and pictures, on the core alone (read paths.py first)
   paths       a derivative as a sum over paths, as text: `trace` (naming, numbers)
   draw        the graph with each local derivative on its edge (labels, summarize, replay)
   render      writing the picture with Graphviz; animate: the backward pass as a GIF
4. pictures/: matplotlib figures, the `plots` extra (not imported here; read plots.py first)
   plots, landscape, widgets, train_widget, notebook_widgets
5. cli/: the `microgd` command (read main.py first): demo, fit_command, graph_command
"""

# The engine
from microgd.backprop import backpropagate, paused_cycle_collector, topological_order, zero_grad
from microgd.engine import Value, sum_values
from microgd.gradcheck import GradientMismatch, gradcheck, numerical_gradient

# Learning
from microgd.learning.curves import (Descent, descend, descent_step, line_mse, mse_slice, start_descent, tangent_line,
                                     value_and_slope)
from microgd.learning.data import TRUE_B, TRUE_M, CSVError, house_prices, least_squares_line, load_csv, two_moons
from microgd.learning.features import polynomial_features, power_names
from microgd.learning.history import History, Record
from microgd.learning.losses import l2_penalty, max_margin_loss, mse
from microgd.learning.models import MLP, Layer, Line, Linear, Module, Neuron
from microgd.learning.optim import SGD
from microgd.learning.scaling import Standardisation
from microgd.learning.train import TrainingDiverged, fit, largest_stable_lr

# Drawing
from microgd.drawing.animate import animate_backward
from microgd.drawing.draw import draw_graph
from microgd.drawing.naming import derivative_name
from microgd.drawing.render import GraphvizNotFound, render_graph
from microgd.drawing.paths import trace

# The pictures (microgd.pictures) need matplotlib, an optional extra: import them from their
# own modules, so that ``import microgd`` works without it.

# ``microgd.sum(values)`` reads like ``numpy.sum``; it is left out of __all__ so that
# ``from microgd import *`` never hides Python's built-in sum.
sum = sum_values

__version__ = "0.1.0"

__all__ = [
    # the engine
    "GradientMismatch",
    "Value",
    "backpropagate",
    "gradcheck",
    "numerical_gradient",
    "paused_cycle_collector",
    "sum_values",
    "topological_order",
    "zero_grad",
    # learning
    "CSVError",
    "Descent",
    "History",
    "Layer",
    "Line",
    "Linear",
    "MLP",
    "Module",
    "Neuron",
    "Record",
    "SGD",
    "Standardisation",
    "TRUE_B",
    "TRUE_M",
    "TrainingDiverged",
    "descend",
    "descent_step",
    "fit",
    "house_prices",
    "l2_penalty",
    "largest_stable_lr",
    "least_squares_line",
    "line_mse",
    "load_csv",
    "max_margin_loss",
    "mse",
    "mse_slice",
    "polynomial_features",
    "power_names",
    "start_descent",
    "tangent_line",
    "two_moons",
    "value_and_slope",
    # drawing
    "GraphvizNotFound",
    "animate_backward",
    "derivative_name",
    "draw_graph",
    "render_graph",
    "trace",
]
