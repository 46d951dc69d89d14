"""Learning: models, losses, the optimizer and the training loop, built on the engine alone.

Read train.py first (the five-step loop, `fit`), then models.py (Line, Linear and micrograd's
Neuron, Layer, MLP), losses.py and optim.py. The public names are importable from ``microgd``.
"""
