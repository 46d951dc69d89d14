"""Pictures: the demos' matplotlib figures, sliders and animations (the optional `plots` extra).

Read plots.py first (showing or saving a figure, the data with a line through it, a learning
curve), then landscape.py (the loss as a surface over two parameters), widgets.py and
train_widget.py (sliders and buttons), and notebook_widgets.py (the same sliders and buttons in
Jupyter, through ipywidgets). ``import microgd`` never imports this package.
"""

try:
    import matplotlib  # noqa: F401
except ImportError as error:  # teach the fix instead of a bare ModuleNotFoundError
    raise ImportError(
        "microgd's pictures need matplotlib, an optional extra: pip install 'microgd[plots]'  "
        "(from a clone: pip install -e '.[plots]')"
    ) from error
