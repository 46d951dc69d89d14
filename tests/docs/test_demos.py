"""Every demo script runs headless, writes its pictures, and the pictures are not blank."""

from __future__ import annotations

import importlib.util
import warnings
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
    "04_descent_1d.py": ["04_descent_1d_start.png", "04_descent_1d.png", "04_descent_1d.gif"],
    "05_descent_2d.py": ["05_descent_2d.png", "05_descent_2d.gif"],
    "06_train_the_line.py": ["06_train_the_line.png", "06_train_the_line.gif"],
    "07_learning_rates.py": ["07_learning_rates.png"],
    "08_tracing.py": ["08_graph_line.png", "08_graph_squared_error.png", "08_graph_mse.png",
                      "08_graph_line.txt", "08_graph_mse.dot", "08_backward_pass.gif"],
    "09_more_parameters.py": ["09_more_parameters.png"],
    "10_beyond_microgd.py": [],
    "11_feature_scaling.py": ["11_feature_scaling.png"],
    "12_batches_and_momentum.py": ["12_batches_and_momentum.png"],
    "13_two_moons_boundary.py": ["13_two_moons_boundary.png", "13_two_moons_boundary.gif"],
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
    from microgd.learning.convergence import TrainingNotConverged

    module = load_demo(name)
    assert module.__doc__ and "Run it" in module.__doc__, "a demo's docstring says how to run it"
    with warnings.catch_warnings():  # a demo that stops early on purpose says so, without a warning
        warnings.simplefilter("error", TrainingNotConverged)
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


# ---- the pictures do what their captions say, checked through the numbers behind them ----


def saved_figures(name: str, monkeypatch, tmp_path, args: tuple[str, ...] = ()) -> dict:
    """Run a demo headless and keep every figure it saves as a PNG, by file name."""
    import microgd.pictures.plots

    figures = {}
    save_png = microgd.pictures.plots.save_png

    def keeping_save_png(figure, out_dir, stem, *more, **kwargs):
        figures[stem] = figure
        return save_png(figure, out_dir, stem, *more, **kwargs)

    monkeypatch.setattr(microgd.pictures.plots, "save_png", keeping_save_png)
    assert load_demo(name).main(["--out", str(tmp_path), "--no-show", *args]) == 0
    return figures


def test_landscape_demo_draws_every_marked_point_as_its_line_through_the_data(monkeypatch, tmp_path):
    figure = saved_figures("02_loss_landscape.py", monkeypatch, tmp_path)["02_loss_landscape"]
    contours = next(ax for ax in figure.axes if ax.get_title().startswith("as contours"))
    lines = next(ax for ax in figure.axes if ax.get_title().startswith("the four points as lines"))
    marked = [(float(line.get_xdata()[0]), float(line.get_ydata()[0])) for line in contours.lines
              if len(line.get_xdata()) == 1]  # the points, and the star
    drawn = [line for line in lines.lines if line.get_label().startswith("(m, b)")]
    assert len(marked) == len(drawn) == 4
    for m, b in marked:  # each point (m, b) of the landscape is a line y = m*x + b on the data's side
        assert any(np.allclose(line.get_ydata(), m * np.asarray(line.get_xdata()) + b) for line in drawn), (m, b)


def test_descent_2d_goes_down_the_wall_first_then_along_the_floor_never_across_it():
    demo = load_demo("05_descent_2d.py")
    from microgd.learning.data import house_prices, least_squares_line

    areas, prices = house_prices()
    best = np.array(least_squares_line(areas, prices))
    floor, wall = demo.valley_floor(areas, best)
    history = demo.descend_the_valley()
    offsets = np.column_stack([history.values("m"), history.values("b")]) - best
    across, along = offsets @ wall, offsets @ floor  # distance from the floor's line, and along it
    assert abs(across[1]) < 0.1 * abs(across[0])  # one step removes 90% of the height on the wall...
    assert abs(along[1]) > 0.9 * abs(along[0])  # ...while hardly moving along the floor
    assert np.all(np.sign(across[1:]) == np.sign(across[0]))  # no step crosses the floor: no zigzag
    assert np.all(np.diff(history.losses) < 0)  # the loss falls at every step
    assert np.hypot(*offsets[-1]) < 0.01  # and the walk along the floor reaches the bottom


def test_descent_2d_legend_shows_the_valleys_floor_against_the_legends_white_box(monkeypatch, tmp_path):
    figure = saved_figures("05_descent_2d.py", monkeypatch, tmp_path)["05_descent_2d"]
    legend = next(ax.get_legend() for ax in figure.axes if ax.get_legend() is not None)
    (handle,) = [h for h, text in zip(legend.legend_handles, legend.get_texts())
                 if text.get_text() == "the valley's floor"]
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)  # the saved figure is closed: draw it again off screen
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())[..., :3].astype(float).mean(axis=-1)  # gray levels, 0-255
    box = handle.get_window_extent(canvas.get_renderer())
    top = pixels.shape[0]  # pixel rows count from the top, display boxes from the bottom
    drawn = pixels[int(top - box.y1) - 2:int(top - box.y0) + 3, int(box.x0):int(box.x1) + 1]
    assert drawn.min() < 0.5 * 255, "the floor's legend line does not stand out from the legend's white box"


def test_learning_rates_demo_draws_each_rates_path_in_a_panel_of_its_own(monkeypatch, tmp_path):
    figure = saved_figures("07_learning_rates.py", monkeypatch, tmp_path)["07_learning_rates"]
    paths = {}
    for ax in figure.axes:
        labels = [line.get_label() for line in ax.lines if line.get_label().startswith(("good", "just"))]
        if ax.collections and labels:  # a contour panel with a path on it
            paths[ax.get_title()] = labels
    assert sorted(label.split(",")[0] for labels in paths.values() for label in labels) == \
        ["good (lr*/2)", "just over (1.05 lr*)", "just under (0.95 lr*)"]
    assert all(len(labels) == 1 for labels in paths.values()), paths  # no zigzag hides another path


def test_descent_1d_demo_walks_right_in_shrinking_steps_to_the_least_squares_slope():
    demo = load_demo("04_descent_1d.py")
    from microgd.learning.data import house_prices, least_squares_line

    best_m, _ = least_squares_line(*house_prices())
    widget = demo.make_widget()
    for _ in range(demo.STEPS):
        widget.step()
    steps = np.diff(widget.descent.points)
    assert np.all(steps > 0) and np.all(np.diff(steps) < 0)  # always to the right, each step shorter
    assert widget.a == pytest.approx(best_m, abs=0.01)


def test_descent_1d_demo_writes_its_first_frame_before_any_step(tmp_path):
    from matplotlib.pyplot import imread

    assert load_demo("04_descent_1d.py").main(["--out", str(tmp_path), "--no-show"]) == 0
    first, last = imread(tmp_path / "04_descent_1d_start.png"), imread(tmp_path / "04_descent_1d.png")
    assert first.shape == last.shape and not np.array_equal(first, last)


def test_descent_1d_demo_ends_with_the_list_of_every_file_it_wrote(tmp_path, capsys):
    assert load_demo("04_descent_1d.py").main(["--out", str(tmp_path), "--no-show"]) == 0
    last_lines = capsys.readouterr().out.splitlines()[-len(EXPECTED["04_descent_1d.py"]):]
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == sorted(EXPECTED["04_descent_1d.py"])
    assert sorted(Path(line.split()[-1]).name for line in last_lines) == written  # the start frame included
    assert all(str(tmp_path) in line for line in last_lines)


def test_train_the_line_gif_is_large_enough_to_read():
    demo = load_demo("06_train_the_line.py")
    figure_width = 13  # inches: TrainTheLine's figure
    assert figure_width * demo.GIF_DPI >= 1100  # pixels, so a page-wide GIF keeps letters of 10 px or more
    assert demo.GIF_FONTS["legend.fontsize"] >= 12


def test_feature_scaling_demo_raw_run_crawls_along_the_valley_standardised_run_reaches_the_bottom():
    demo = load_demo("11_feature_scaling.py")
    from microgd.learning.data import least_squares_line
    from microgd.pictures.line_landscape import curvature_ratio

    xs, ys = demo.houses_in_tens_of_m2()
    best_m, best_b = least_squares_line(xs, ys)
    raw, _ = demo.train_raw(xs, ys)
    scaled, scaling = demo.train_standardised(xs, ys)
    (m, ), b = scaling.to_data_units([scaled.values("m")[-1]], scaled.values("b")[-1])
    assert curvature_ratio(xs) ** 0.5 > 30 and curvature_ratio(scaling.features(xs)) == pytest.approx(1.0)
    assert abs(raw.values("b")[-1] - best_b) > 0.3  # the raw run's intercept has hardly moved along the floor
    assert (m, b) == (pytest.approx(best_m, abs=1e-4), pytest.approx(best_b, abs=1e-3))
    assert scaled.values("m")[0] == 0.0 and b == pytest.approx(best_b, abs=1e-3)
    (m0, ), b0 = scaling.to_data_units([scaled.values("m")[0]], scaled.values("b")[0])
    assert (m0, b0) == (pytest.approx(0.0), pytest.approx(0.0, abs=1e-12))  # both start from the line y = 0


def test_feature_scaling_demo_prints_its_table_in_straight_columns(tmp_path, capsys):
    import re

    assert load_demo("11_feature_scaling.py").main(["--out", str(tmp_path), "--no-show"]) == 0
    lines = capsys.readouterr().out.splitlines()
    (header,) = [line for line in lines if "m (per 10 m^2)" in line]
    rows = lines[lines.index(header) + 1:lines.index(header) + 5]
    column_ends = [header.index("m (per 10 m^2)") + len("m (per 10 m^2)"), header.index(" b ") + 2,
                   header.index("MSE") + 3]
    for row in rows:  # each row's last numbers (m, b and the MSE, when it has one) end under their titles
        ends = [match.end() for match in re.finditer(r"-?\d+\.\d+", row)][-3:]
        assert len(ends) >= 2 and ends == column_ends[:len(ends)], (header, row)
    assert [row.split()[0] for row in rows] == ["raw", "standardised,", "least", "true"]


def test_batches_demo_noise_grows_as_batches_shrink_and_momentum_gets_closest():
    demo = load_demo("12_batches_and_momentum.py")
    from microgd.learning.data import house_prices, least_squares_line

    best = np.array(least_squares_line(*house_prices()))
    runs = demo.paths()
    full, single = runs["full batch (30 houses)"], runs["one sample at a time"]
    assert np.all(np.diff(full[2]) < 0)  # the exact gradient: the loss on all houses falls every step
    assert np.sum(np.diff(single[2]) > 0) > 10  # one house per step: it often rises
    def distance(run):
        return np.hypot(run[0][-1] - best[0], run[1][-1] - best[1])
    assert distance(runs["momentum 0.7"]) < distance(full) / 10


def test_two_moons_demo_learns_to_split_the_moons_and_draws_what_the_network_computes():
    demo = load_demo("13_two_moons_boundary.py")
    x1, x2 = np.meshgrid(np.linspace(-1.5, 2.5, 5), np.linspace(-1, 1.5, 4))
    model, snapshots = demo.train(demo.DEFAULT_STEPS, {0, demo.DEFAULT_STEPS}, x1, x2, say=lambda text: None)
    assert snapshots[0].accuracy <= 0.6 and snapshots[-1].accuracy >= 0.97
    expected = [[model([a, b]).data for a, b in zip(row1, row2)] for row1, row2 in zip(x1, x2)]
    assert snapshots[-1].scores == pytest.approx(np.array(expected), abs=1e-9)  # the picture is the network's
