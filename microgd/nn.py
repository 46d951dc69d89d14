"""micrograd's module name for the models: ``from microgd.nn import MLP`` as ``from micrograd.nn import MLP``.

micrograd keeps its Module, Neuron, Layer and MLP in ``micrograd.nn``; this module keeps that
import working unchanged, so micrograd code runs after changing ``micrograd`` to ``microgd``.
The models themselves, with Line and Linear, are in ``microgd/learning/models.py``.
"""

from microgd.learning.models import MLP, Layer, Line, Linear, Module, Neuron

__all__ = ["Module", "Neuron", "Layer", "MLP", "Line", "Linear"]
