"""Which leaves a drawing shows as parameters: the ones microgd knows, or the ones params= names."""

from __future__ import annotations

import gc
import random
import re
import weakref
from dataclasses import dataclass
from pathlib import Path

from dot_parsing import parse_dot
from microgd import MLP, SGD, Line, Linear, Module, Value, draw_graph, mse, topological_order
from microgd.drawing.labels import ROLES
from microgd.nn import MLP as NnMLP


def role_of_box(attrs: dict[str, str]) -> str:
    """Which role a value's box is drawn as, read from its shape, style and colour."""
    looks = (attrs["shape"], attrs["style"], attrs["fillcolor"])
    (role,) = [name for name, (shape, style, fill, _) in ROLES.items() if (shape, style, fill) == looks]
    return role


def roles(root: Value, **options) -> dict[str, str]:
    """Each labelled value's role on the drawing, by label ("" for unlabelled ones, by position)."""
    nodes, _ = parse_dot(draw_graph(root, **options).source)
    found = {}
    for i, value in enumerate(topological_order(root)):
        found[value.label or f"#{i}"] = role_of_box(nodes[f"v{i}"])
    return found


def line_loss(line: Module):
    x, y = Value(3.0, "x"), Value(10.0, "y")
    loss = (line(x) - y) ** 2
    loss.backward()
    return loss


def test_a_lines_parameters_are_parameters_and_labelled_inputs_are_data():
    line = Line(m=2.0, b=1.0)
    found = roles(line_loss(line))
    assert found["m"] == found["b"] == "parameter"
    assert found["x"] == found["y"] == "data"


def test_micrograd_style_unlabelled_inputs_are_data_and_plain_numbers_constants():
    random.seed(1)
    model = NnMLP(2, [3, 1])  # from microgd.nn import MLP, as from micrograd.nn
    xs = [Value(2.0), Value(-1.0)]  # no labels, as in micrograd's README
    out = model(xs) * 2.0
    out.backward()
    nodes, _ = parse_dot(draw_graph(out).source)
    order = topological_order(out)
    by_value = {id(v): role_of_box(nodes[f"v{i}"]) for i, v in enumerate(order)}
    assert all(by_value[id(p)] == "parameter" for p in model.parameters())
    assert all(by_value[id(x)] == "data" for x in xs)
    constants = [attrs for node_id, attrs in nodes.items() if node_id.startswith("c")]
    assert [a["label"] for a in constants] == ["2"]
    assert {(a["shape"], a["fillcolor"]) for a in constants} == {(ROLES["constant"][0], ROLES["constant"][2])}


def test_linear_and_mlp_parameters_are_known_without_asking():
    linear = Linear(2, weights=[1.0, -1.0], b=0.5)
    a, c = Value(1.0, "a"), Value(2.0, "c")
    found = roles(linear([a, c]) * 1.0)
    assert found["w1"] == found["w2"] == found["b"] == "parameter" and found["a"] == found["c"] == "data"
    random.seed(0)
    net = MLP(1, [2, 1], activation="tanh")
    found = roles(net([Value(0.5, "x")]))
    assert found["x"] == "data" and {found[p.label] for p in net.parameters()} == {"parameter"}


def test_a_module_you_write_is_known_by_its_own_parameters():
    class Scale(Module):  # micrograd style: its own parameters(), no call to Module.__init__
        def __init__(self):
            self.k = Value(3.0, "k")
            self.spare = Value(9.0, "spare")  # held, but not one of its parameters

        def forward(self, x):
            return self.k * x + self.spare

        def parameters(self):
            return [self.k]

    model = Scale()
    found = roles(model(Value(2.0, "x")))
    assert found["k"] == "parameter" and found["x"] == found["spare"] == "data"


def test_models_that_are_not_hashable_can_be_made_and_drawn():
    """A model with its own __eq__ (so no __hash__), or a @dataclass, is made and known as usual."""

    class Equal(Module):
        def __init__(self):
            self.w = Value(0.5, "w")

        def __eq__(self, other):
            return isinstance(other, Equal) and other.w.data == self.w.data

        def parameters(self):
            return [self.w]

    @dataclass
    class Scaled(Module):
        scale: float = 2.0

        def __post_init__(self):
            self.k = Value(1.5, "k")

        def parameters(self):
            return [self.k]

        def __call__(self, x):
            return self.k * x * self.scale

    equal, scaled = Equal(), Scaled()
    loss = (equal.w * Value(3.0, "x") + scaled(Value(2.0, "z"))) ** 2
    loss.backward()
    drawn = roles(loss)
    assert drawn["w"] == drawn["k"] == "parameter"
    assert drawn["x"] == drawn["z"] == "data"


def test_what_an_optimizer_trains_is_a_parameter_while_it_lives():
    m, b, x = Value(2.0, "m"), Value(1.0, "b"), Value(3.0, "x")
    loss = m * x + b
    assert roles(loss)["m"] == "data"  # nothing says m is trained
    optimizer = SGD([m, b], lr=0.1)
    assert roles(loss)["m"] == roles(loss)["b"] == "parameter" and roles(loss)["x"] == "data"
    del optimizer
    gc.collect()
    assert roles(loss)["m"] == "data"


def test_known_models_are_held_weakly_so_they_are_freed():
    line = Line(2.0, 1.0)
    loss = line_loss(line)
    gone = weakref.ref(line)
    del line
    gc.collect()
    assert gone() is None  # nothing microgd keeps holds the model
    assert roles(loss)["m"] == "data"  # and its parameters no longer count


def test_params_says_exactly_which_leaves_are_trained():
    line = Line(2.0, 1.0)
    loss = line_loss(line)
    x = next(v for v in topological_order(loss) if v.label == "x")
    found = roles(loss, params=[line.m, x])  # b is the line's, but params= decides
    assert found["m"] == found["x"] == "parameter" and found["b"] == found["y"] == "data"


def test_a_model_whose_init_failed_does_not_stop_a_drawing():
    class Broken(Module):
        def __init__(self):
            raise RuntimeError("half built")

        def parameters(self):
            return [self.w]  # never set: AttributeError

    survivors = []
    try:
        Broken()
    except RuntimeError as error:
        survivors.append(error)  # the traceback keeps the half-built model alive, as a notebook does
    line = Line(2.0, 1.0)
    assert roles(line_loss(line))["m"] == "parameter"
    assert survivors


def test_show_numeric_checks_the_parameters_and_the_highlighted_value_only():
    line = Line(2.0, 1.0)
    loss = line_loss(line)
    order = topological_order(loss)
    x = next(v for v in order if v.label == "x")
    nodes, _ = parse_dot(draw_graph(loss, show_numeric=True).source)
    checked = {v.label for i, v in enumerate(order) if "numeric" in nodes[f"v{i}"]["label"]}
    assert checked == {"m", "b"}
    nodes, _ = parse_dot(draw_graph(loss, show_numeric=True, highlight=x).source)
    checked = {v.label for i, v in enumerate(order) if "numeric" in nodes[f"v{i}"]["label"]}
    assert checked == {"m", "b", "x"}
    assert f"numeric {x.grad:.4g}" in nodes[f"v{order.index(x)}"]["label"]
    error = loss.inputs[0]  # a computed value highlighted: its derivative is checked the same way
    nodes, _ = parse_dot(draw_graph(loss, show_numeric=True, highlight=error).source)
    assert f"numeric {error.grad:.4g}" in nodes[f"v{order.index(error)}"]["label"]


def test_the_too_big_message_lists_the_grads_of_the_same_parameters():
    line = Line(0.5, -0.25)
    xs = [Value(float(i), f"x{i}") for i in range(40)]
    loss = mse([line(x) for x in xs], [2.0 * i + 1.0 for i in range(40)])
    loss.backward()
    nodes, _ = parse_dot(draw_graph(loss, max_nodes=20, max_terms=40).source)
    message = nodes["too_big"]["label"]
    assert "m.grad" in message and "b.grad" in message
    assert "x0.grad" not in message and "x1.grad" not in message


def test_the_readmes_draw_graph_call_draws_x_and_y_as_data():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    (call,) = set(re.findall(r"`(draw_graph\(loss, [^`]*\))`", readme))
    m, x, b, y = Value(2.0, label="m"), Value(3.0, label="x"), Value(1.0, label="b"), Value(10.0, label="y")
    loss = (m * x + b - y) ** 2  # the README's first example
    loss.backward()
    graph = eval(call, {"draw_graph": draw_graph}, {"loss": loss, "m": m, "b": b})
    nodes, _ = parse_dot(graph.source)
    order = topological_order(loss)
    found = {v.label: role_of_box(nodes[f"v{i}"]) for i, v in enumerate(order) if v.label}
    assert found == {"m": "parameter", "b": "parameter", "x": "data", "y": "data"}
    assert "numeric" in nodes[f"v{order.index(m)}"]["label"] and "numeric" not in nodes[f"v{order.index(x)}"]["label"]


def test_a_number_for_root_or_one_value_for_params_is_a_clear_error(tmp_path):
    import pytest

    from microgd import animate_backward

    w = Value(1.5, "w")
    loss = w * 2.0
    loss.backward()
    for call in (lambda: draw_graph(loss, params=w), lambda: animate_backward(loss, tmp_path / "a.gif", params=w)):
        with pytest.raises(TypeError) as error:
            call()
        assert "params" in str(error.value) and "[m, b]" in str(error.value)
    with pytest.raises(TypeError) as error:
        animate_backward(3.0, tmp_path / "a.gif")
    assert "animate_backward" in str(error.value) and "3.0" in str(error.value)
    assert draw_graph(loss, params=(p for p in [w])).source == draw_graph(loss, params=[w]).source  # any iterable
