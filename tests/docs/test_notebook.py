"""The tutorial notebook runs top to bottom in a real Jupyter kernel, and shows what it says.

The notebook is executed twice, once as it is and once with Graphviz's ``dot`` hidden from the
kernel, each in a fresh folder. The checks read its outputs: the numbers it prints against
microgd's own computation here, the pictures (PNG), the graph (SVG), the widgets and the
progress bar (ipywidgets models in the saved widget state), and the GIF shown inline.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="the notebook tests need the notebook extra: pip install -e '.[notebook]'")
nbclient = pytest.importorskip("nbclient", reason="the notebook tests need the notebook extra: pip install -e '.[notebook]'")
pytest.importorskip("ipykernel", reason="the notebook tests need the notebook extra: pip install -e '.[notebook]'")
pytest.importorskip("ipywidgets", reason="the notebook tests need the notebook extra: pip install -e '.[notebook]'")

from PIL import Image  # noqa: E402

from microgd import Line, Value, fit, house_prices, least_squares_line  # noqa: E402
from microgd.learning.curves import descend, line_mse, value_and_slope  # noqa: E402
from microgd.learning.losses import mse  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "tutorial.ipynb"
TIMEOUT = 120  # seconds per cell: a stuck cell fails the test instead of hanging it

# Appended to the notebook for the first run: drives its widgets inside the kernel, as a reader would.
DRIVE_THE_WIDGETS = """\
import json
by_hand.sliders["m (slope)"].value = best_m
by_hand.sliders["b (intercept)"].value = best_b
for _ in range(3):
    rolling.buttons["Step"].click()
panels = [{"xlim": list(ax.get_xlim()), "ylim": list(ax.get_ylim()),
           "paths": {line.get_label(): [list(map(float, line.get_xdata())), list(map(float, line.get_ydata()))]
                     for line in ax.lines if line.get_label().startswith("lr =")}}
          for ax in rates_figure.axes if ax.collections]  # the landscape panels of the learning rates
print(json.dumps({"readout": by_hand.picture.readout.get_text(), "a": rolling.picture.a,
                  "point": [float(v[0]) for v in rolling.picture.point.get_data()], "rate_panels": panels}))
"""


def run_notebook(folder: Path, hide_dot: bool, extra_cell: str | None = None):
    """Execute the notebook in ``folder`` with a fresh kernel; returns the executed notebook."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    if extra_cell:
        notebook.cells.append(nbformat.v4.new_code_cell(extra_cell, id="drive-the-widgets"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
    if hide_dot:
        env["PATH"] = os.pathsep.join(d for d in env.get("PATH", "").split(os.pathsep)
                                      if d and not (Path(d) / "dot").exists())
    client = nbclient.NotebookClient(notebook, timeout=TIMEOUT, kernel_name="python3",
                                     resources={"metadata": {"path": str(folder)}})
    client.execute(env=env)
    return notebook


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("notebook")
    return folder, run_notebook(folder, hide_dot=False, extra_cell=DRIVE_THE_WIDGETS)


@pytest.fixture(scope="module")
def executed_without_dot(tmp_path_factory):
    folder = tmp_path_factory.mktemp("notebook-without-dot")
    return folder, run_notebook(folder, hide_dot=True)


def cell(notebook, cell_id: str):
    (found,) = [c for c in notebook.cells if c.get("id") == cell_id]
    return found


def printed(notebook, cell_id: str) -> str:
    return "".join(o.text for o in cell(notebook, cell_id).outputs if o.output_type == "stream" and o.name == "stdout")


def shown(notebook, cell_id: str, mime: str) -> list:
    """The data of type ``mime`` that the cell displayed."""
    return [o.data[mime] for o in cell(notebook, cell_id).outputs if "data" in o and mime in o.data]


def numbers(text: str, name: str) -> list[float]:
    """Every number printed after ``name =`` or ``name:``, in order."""
    return [float(x) for x in re.findall(rf"{re.escape(name)}\s*[=:]\s*([-+]?[\d.]+(?:e-?\d+)?)", text)]


def widget_state(notebook) -> dict:
    return notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]


def widget_models(notebook, cell_id: str) -> list[dict]:
    """The ipywidgets models shown by a cell: each displayed widget and every widget inside it."""
    state = widget_state(notebook)
    todo = [view["model_id"] for view in shown(notebook, cell_id, "application/vnd.jupyter.widget-view+json")]
    models = []
    while todo:
        model = state[todo.pop()]
        models.append(model)
        todo += [child.removeprefix("IPY_MODEL_") for child in model["state"].get("children", [])]
    return models


# ---- the notebook as committed ----


def test_the_notebook_is_committed_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert len(code) >= 15
    assert all(c.outputs == [] and c.execution_count is None for c in code)


# ---- run as it is ----


def test_every_cell_runs_without_an_error(executed):
    _, notebook = executed
    for c in notebook.cells:
        for output in c.get("outputs", []):
            assert output.output_type != "error", (c.id, output.get("evalue"))
            assert not (output.output_type == "stream" and output.name == "stderr"), (c.id, output.text)


def test_the_printed_numbers_are_microgds_own(executed):
    _, notebook = executed
    xs, ys = house_prices()
    best_m, best_b = least_squares_line(xs, ys)
    assert numbers(printed(notebook, "mse-by-hand"), "by hand") == pytest.approx([line_mse(xs, ys, 1.0, 1.0)], abs=1e-6)
    assert numbers(printed(notebook, "mse-by-hand"), "by microgd") == pytest.approx([line_mse(xs, ys, 1.0, 1.0)], abs=1e-6)
    landscape = printed(notebook, "landscape")
    assert numbers(landscape, "m") + numbers(landscape, "b") == pytest.approx([best_m, best_b], abs=1e-4)

    _, slope = value_and_slope(lambda a: mse([a * x + best_b for x in xs], ys), 2.0)
    assert numbers(printed(notebook, "slope-check"), "backward()") == pytest.approx([slope], abs=1e-6)
    assert numbers(printed(notebook, "slope-check"), "calculus") == pytest.approx([slope], abs=1e-6)
    run = descend(lambda a: mse([a * x + best_b for x in xs], ys), 1.0, 0.1, 30)
    assert numbers(printed(notebook, "descend"), "a") == pytest.approx([run.a], abs=1e-6)

    trapped = [descend(lambda a: a**4 - 3 * a**2 + a, start, 0.02, 200) for start in (-0.5, 0.5)]
    assert numbers(printed(notebook, "trapping"), "settles at a") == pytest.approx([r.a for r in trapped], abs=1e-4)
    assert trapped[0].heights[-1] < trapped[1].heights[-1]  # the left valley is the deeper one

    # The loop written out, and fit: both land on the closed-form best line.
    for cell_id in ("five-steps", "fit-progress"):
        text = printed(notebook, cell_id)
        assert numbers(text, "m")[:1] + numbers(text, "b")[:1] == pytest.approx([best_m, best_b], abs=1e-5), cell_id
    line = Line()
    history = fit(line, xs, ys, lr=0.1, steps=3000, progress=False)
    assert numbers(printed(notebook, "fit-progress"), "final MSE") == pytest.approx([history.losses[-1]], abs=1e-6)

    m, x, b, y = Value(2.0), Value(3.0), Value(1.0), Value(10.0)
    loss = (m * x + b - y) ** 2
    loss.backward()
    text = printed(notebook, "one-point-loss")
    assert numbers(text, "L") + numbers(text, "dL/dm") + numbers(text, "dL/db") == [loss.data, m.grad, b.grad]
    assert f"= {m.grad:g}" in printed(notebook, "trace")


def test_more_parameters_match_least_squares(executed):
    _, notebook = executed
    text = printed(notebook, "more-parameters")
    learned = text.splitlines()[0]
    exact = text.splitlines()[1]
    got = numbers(learned, "w1") + numbers(learned, "w2") + numbers(learned, "b")
    assert got == pytest.approx(numbers(exact, "w1") + numbers(exact, "w2") + numbers(exact, "b"), abs=2e-4)
    assert len(got) == 3 and got[0] == pytest.approx(3.0, abs=0.3)  # near the weights the data were made with


def test_pictures_appear_as_png(executed):
    _, notebook = executed
    for cell_id in ("landscape", "learning-rates"):
        (png,) = shown(notebook, cell_id, "image/png")
        with Image.open(io.BytesIO(base64.b64decode(png))) as image:
            assert image.format == "PNG" and image.width > 400 and image.height > 200, cell_id


def test_the_widgets_appear_with_their_controls(executed):
    _, notebook = executed
    expected = {"fit-by-hand": {"m (slope)", "b (intercept)"}, "tangent": {"a"},
                "descent-1d": {"Step", "Reset"}, "train-the-line": {"Update", "Reset"}}
    for cell_id, controls in expected.items():
        models = widget_models(notebook, cell_id)
        described = {m["state"].get("description") for m in models
                     if m["model_name"] in ("FloatSliderModel", "ButtonModel")}
        assert described == controls, cell_id
        images = [m for m in models if m["model_name"] == "ImageModel"]
        assert len(images) == 1 and images[0]["state"]["format"] == "png", cell_id


def test_the_kernel_drives_the_widgets(executed):
    _, notebook = executed
    state = json.loads(printed(notebook, "drive-the-widgets"))
    xs, ys = house_prices()
    best_m, best_b = least_squares_line(xs, ys)
    assert f"MSE = {line_mse(xs, ys, best_m, best_b):,.4g}" in state["readout"]
    loss_along_m = lambda a: mse([a * x + best_b for x in xs], ys)  # noqa: E731  (the notebook's curve)
    three_steps = descend(loss_along_m, 1.0, 0.1, 3)
    assert state["a"] == pytest.approx(three_steps.a)
    assert state["point"] == pytest.approx([three_steps.a, three_steps.heights[-1]])


def test_each_learning_rate_walks_on_a_landscape_of_its_own_and_stays_in_view(executed):
    _, notebook = executed
    panels = json.loads(printed(notebook, "drive-the-widgets"))["rate_panels"]
    assert [len(panel["paths"]) for panel in panels] == [1, 1, 1]  # one path per panel: none covers another
    names = [label.split("(")[1].split(")")[0] for panel in panels for label in panel["paths"]]
    assert sorted(names) == ["good", "too large", "too small"]
    for panel in panels:
        ((ms, bs),) = panel["paths"].values()
        assert len(ms) > 2
        assert all(panel["xlim"][0] <= m <= panel["xlim"][1] for m in ms), panel["xlim"]  # every step in view
        assert all(panel["ylim"][0] <= b <= panel["ylim"][1] for b in bs), panel["ylim"]
    small, good = (next(p for p in panels if any(f"({name})" in label for label in p["paths"]))
                   for name in ("too small", "good"))
    assert small["xlim"] == good["xlim"] and small["ylim"] == good["ylim"]  # compared at one scale


def test_a_fit_shows_a_progress_bar_and_a_quiet_one_shows_nothing(executed):
    _, notebook = executed
    models = widget_models(notebook, "fit-progress")
    (bar,) = [m["state"] for m in models if m["model_name"] == "FloatProgressModel"]
    assert bar["value"] == bar["max"] == 3001  # the records of 3000 steps, all done
    texts = [m["state"]["value"].replace("\u2007", " ") for m in models if m["model_name"] == "HTMLModel"]
    assert any("3001/3001" in text and "loss 0.0873" in text for text in texts)  # tqdm pads with figure spaces
    quiet = cell(notebook, "fit-quiet").outputs
    assert [o.output_type for o in quiet] == ["stream"] and quiet[0].name == "stdout"


@pytest.mark.needs_dot
def test_the_graph_and_the_animation_appear_inline(executed):
    folder, notebook = executed
    (svg,) = shown(notebook, "graph", "image/svg+xml")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "m" in texts and "grad &#45;18" in texts  # the parameter m, with its gradient -18
    assert "m.grad = &#45;18: the same number" in texts  # the caption adding up the red path
    (html,) = shown(notebook, "animation", "text/html")
    gif = base64.b64decode(re.search(r'src="data:image/gif;base64,([^"]+)"', html).group(1))
    assert gif == (folder / "microgd-out" / "backward.gif").read_bytes()  # and the file is written
    with Image.open(io.BytesIO(gif)) as image:
        assert image.format == "GIF" and image.n_frames == 6  # start, the 4 steps, the end


# ---- run without Graphviz ----


def test_without_dot_the_notebook_runs_and_says_how_to_install_graphviz(executed_without_dot):
    folder, notebook = executed_without_dot
    for c in notebook.cells:
        assert all(o.output_type != "error" for o in c.get("outputs", [])), c.id
    (message,) = shown(notebook, "graph", "text/plain")
    assert "dot" in message and "apt-get install graphviz" in message and "trace" in message
    assert not shown(notebook, "graph", "image/svg+xml")
    assert "dL/dm = sum of the 1 path product = -18" in printed(notebook, "trace")  # trace needs no dot
    assert "brew install graphviz" in printed(notebook, "animation")
    assert (folder / "microgd-out" / "backward.dot").exists() and not (folder / "microgd-out" / "backward.gif").exists()


def test_the_notebook_needs_no_dot_for_its_numbers(executed_without_dot):
    _, notebook = executed_without_dot
    xs, ys = house_prices()
    best_m, _ = least_squares_line(xs, ys)
    assert numbers(printed(notebook, "fit-progress"), "m")[:1] == pytest.approx([best_m], abs=1e-5)
    (png,) = shown(notebook, "landscape", "image/png")
    assert base64.b64decode(png).startswith(b"\x89PNG")
