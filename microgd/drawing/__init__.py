"""Drawing: the computation graph as text, pictures and animations, built on the engine alone.

Read paths.py first (a derivative as a sum over paths: `trace`), then draw.py (the graph with
each local derivative on its edge), render.py (writing it with Graphviz) and animate.py (the
backward pass as a GIF); out_folder.py checks a command's ``--out`` folder before anything is
written. The public names are importable from ``microgd``.
"""
