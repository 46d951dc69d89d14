"""Every demo script runs headless, writes its pictures, and the pictures are not blank."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

DEMOS = Path(__file__).resolve().parents[2] / "demos"

# demo script -> the files it must write with --no-show
EXPECTED = {
    "01_fit_by_hand.py": ["01_fit_by_hand_first_guess.png", "01_fit_by_hand_best.png"],
    "02_loss_landscape.py": ["02_loss_landscape.png"],
    "03_tangent.py": ["03_tangent.png"],
    "04_descent_1d.py": ["04_descent_1d.png", "04_descent_1d.gif"],
    "05_descent_2d.py": ["05_descent_2d.png", "05_descent_2d.gif"],
    "06_train_the_line.py": ["06_train_the_line.png", "06_train_the_line.gif"],
    "07_learning_rates.py": ["07_learning_rates.png"],
    "08_tracing.py": ["08_graph_line.png", "08_graph_squared_error.png", "08_graph_mse.png",
                      "08_graph_line.txt", "08_graph_mse.dot", "08_backward_pass.gif"],
    "09_more_parameters.py": ["09_more_parameters.png"],
    "10_beyond_microgd.py": [],
}


def load_demo(name: str):
    """Import a demo script as a module (its name starts with a digit, so not by `import`)."""
    spec = importlib.util.spec_from_file_location(f"demo_{name[:2]}", DEMOS / name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def assert_not_blank(path: Path) -> None:
    """The image's pixels vary: something was drawn. For a GIF, the frames differ too."""
    with Image.open(path) as image:
        frames = []
        for i in range(getattr(image, "n_frames", 1)):
            image.seek(i)
            frames.append(np.asarray(image.convert("L"), dtype=float))
    assert frames[0].std() > 5, f"{path.name} looks blank (pixel std {frames[0].std():.2f})"
    if path.suffix == ".gif":
        assert len(frames) > 2, f"{path.name} has only {len(frames)} frames"
        assert not np.array_equal(frames[0], frames[-1]), f"{path.name}: first and last frames are the same"


def test_every_demo_is_listed():
    assert sorted(p.name for p in DEMOS.glob("[0-9]*.py")) == sorted(EXPECTED)


# 08 renders its graphs with Graphviz's dot; without dot it is skipped, the other demos still run.
@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.needs_dot) if n == "08_tracing.py" else n
                                  for n in sorted(EXPECTED)])
def test_demo_runs_headless_and_writes_its_pictures(name, tmp_path, capsys):
    module = load_demo(name)
    assert module.__doc__ and "Run it" in module.__doc__, "a demo's docstring says how to run it"
    assert module.main(["--out", str(tmp_path), "--no-show"]) == 0
    printed = capsys.readouterr().out
    for filename in EXPECTED[name]:
        path = tmp_path / filename
        assert path.is_file(), f"{name} did not write {filename}"
        if path.suffix in (".png", ".gif"):
            assert_not_blank(path)
            assert str(path) in printed, f"{name} should print the path of {filename}"


def text_boxes(figure) -> list[tuple[str, object]]:
    """Every visible, non-empty text a drawn figure shows, with its box in pixels.

    Tick labels are left out one by one (matplotlib keeps labels for ticks outside the view,
    never drawn); instead each flat axes' tight box, which holds the drawn tick labels, counts.
    """
    from matplotlib.text import Text

    renderer = figure.canvas.get_renderer()
    ticks = {label for ax in figure.axes for axis in ax._axis_map.values()
             for tick in axis.get_major_ticks() + axis.get_minor_ticks() for label in (tick.label1, tick.label2)}
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in figure.findobj(Text)
             if t.get_visible() and t.get_text().strip() and t not in ticks]
    boxes += [(f"the axes titled {ax.get_title()!r} with its tick labels", ax.get_tightbbox(renderer))
              for ax in figure.axes if ax.name != "3d"]
    return boxes


# A window must fit a 1366 x 768 laptop screen, with room for the title bar and the toolbar.
WINDOW_INCHES = (13.0, 7.0)  # at matplotlib's 100 pixels per inch: 1300 x 700


@pytest.mark.parametrize("name", sorted(n for n, files in EXPECTED.items() if any(f.endswith(".png") for f in files)
                                        and n != "08_tracing.py"))  # 08's pictures are drawn by Graphviz
def test_figures_fit_a_laptop_screen_and_no_text_is_cut_off_or_runs_into_another_title(name, tmp_path, monkeypatch):
    import microgd.pictures.plots

    checked = []
    save_png = microgd.pictures.plots.save_png

    def checking_save_png(figure, out_dir, stem, *args, **kwargs):
        width, height = figure.get_size_inches()
        assert width <= WINDOW_INCHES[0] and height <= WINDOW_INCHES[1], \
            f"{stem}: a {width:g} x {height:g} inch window does not fit a laptop screen ({WINDOW_INCHES})"
        figure.canvas.draw()
        edge = figure.bbox
        for text, box in text_boxes(figure):
            assert box.x0 >= edge.x0 - 1 and box.x1 <= edge.x1 + 1 and box.y0 >= edge.y0 - 1 \
                and box.y1 <= edge.y1 + 1, f"{stem}: {text!r} is cut off at the edge of the picture"
        titles = [(ax.title.get_text(), ax.title.get_window_extent()) for ax in figure.axes if ax.title.get_text()]
        for i, (first, a) in enumerate(titles):
            for second, b in titles[i + 1:]:
                assert not a.overlaps(b), f"{stem}: the titles {first!r} and {second!r} overlap"
        checked.append(stem)
        return save_png(figure, out_dir, stem, *args, **kwargs)

    monkeypatch.setattr(microgd.pictures.plots, "save_png", checking_save_png)
    assert load_demo(name).main(["--out", str(tmp_path), "--no-show"]) == 0
    assert checked, f"{name} saved no PNG through save_png"


def test_learning_rates_demo_says_which_rates_diverge(tmp_path, capsys):
    load_demo("07_learning_rates.py").main(["--out", str(tmp_path), "--no-show"])
    printed = capsys.readouterr().out
    lines = {line.split("(")[0].strip(): line for line in printed.splitlines() if "lr*" in line and "->" in line}
    assert "DIVERGES" in lines["just over"] and "DIVERGES" in lines["too large"]
    assert "settles" in lines["just under"] and "settles" in lines["good"]
    assert "settles at a = 1.131" in printed  # the small step is trapped in the shallow valley
    assert "settles at a = -1.301" in printed  # the bigger step reaches the deep one


def test_tracing_demo_draws_the_houses_as_data_and_names_them_in_the_trace():
    from microgd.drawing.draw import draw_graph
    from microgd.drawing.labels import ROLES
    from microgd.drawing.paths import trace

    root, line = load_demo("08_tracing.py").expressions()["08_graph_mse"]
    source = draw_graph(root, params=line.parameters()).source
    for name in ["x1", "y1", "x2", "y2", "x3", "y3"]:
        (box,) = [row for row in source.splitlines() if f"<B>{name}</B>" in row]
        assert ROLES["data"][2] in box, f"{name} should be drawn as data: {box}"
    assert "d(m*x1)/d(m)" in trace(root, line.m)  # the trace names the data point, not its number


def test_beyond_microgd_matches_hand_computed_first_step_and_torch():
    demo = load_demo("10_beyond_microgd.py")
    from microgd.learning.data import house_prices

    xs, ys = house_prices()
    ours = demo.train_with_microgd(xs, ys)
    x, y = np.array(xs), np.array(ys)
    # From m = b = 0: dL/dm = -2 * mean(x * y), dL/db = -2 * mean(y); one step of lr against them.
    assert ours[0] == (pytest.approx(np.mean(y**2), rel=1e-12), 0.0, 0.0)
    assert ours[1][1] == pytest.approx(demo.LEARNING_RATE * 2 * np.mean(x * y), rel=1e-12)
    assert ours[1][2] == pytest.approx(demo.LEARNING_RATE * 2 * np.mean(y), rel=1e-12)
    assert ours[-1][0] < ours[0][0] / 100
    if demo.torch_available():
        theirs = demo.train_with_torch(xs, ys)
        assert len(theirs) == len(ours)
        for a, b in zip(ours, theirs):
            assert a == pytest.approx(b, abs=1e-9)


def test_beyond_microgd_help_says_out_and_no_show_are_accepted_but_draw_nothing(tmp_path, capsys):
    demo = load_demo("10_beyond_microgd.py")
    with pytest.raises(SystemExit):
        demo.main(["--help"])
    help_text = " ".join(capsys.readouterr().out.split())  # argparse wraps the lines
    assert "--out DIR accepted only for uniformity with the other demos, and ignored: this demo draws nothing" \
        in help_text
    assert "--no-show accepted only for uniformity with the other demos, and ignored" in help_text
    assert "folder for the pictures" not in help_text  # no promise of pictures it never draws
    assert demo.main(["--no-show", "--out", str(tmp_path / "docs")]) == 0  # as `make docs` runs it
    assert not (tmp_path / "docs").exists()
