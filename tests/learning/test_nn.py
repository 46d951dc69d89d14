"""Models: forward values, parameter labels and order, and micrograd compatibility."""

import random

import numpy as np
import pytest

from microgd import Value
from microgd.nn import MLP, Layer, Line, Linear, Module, Neuron


def test_line_predicts_m_x_plus_b_and_labels_its_parameters():
    line = Line(m=2.0, b=1.0)
    y = line(3.0)
    assert y.data == 7.0
    assert [p.label for p in line.parameters()] == ["m", "b"]
    assert line.parameters() == [line.m, line.b]


def test_line_gradients_are_x_and_one():
    line = Line(m=2.0, b=1.0)
    x = Value(3.0)
    line(x).backward()
    assert (line.m.grad, line.b.grad, x.grad) == (3.0, 1.0, 2.0)


def test_zero_grad_clears_every_parameter():
    line = Line(1.0, 1.0)
    line(5.0).backward()
    line.zero_grad()
    assert [p.grad for p in line.parameters()] == [0.0, 0.0]


def test_linear_forward_and_labels():
    model = Linear(3, weights=[1.0, -2.0, 0.5], b=4.0)
    assert model([1.0, 2.0, 4.0]).data == 1.0 - 4.0 + 2.0 + 4.0
    assert [p.label for p in model.parameters()] == ["w1", "w2", "w3", "b"]


def test_linear_starts_at_zero_or_seeded_random():
    assert [p.data for p in Linear(2).parameters()] == [0.0, 0.0, 0.0]
    a, b = Linear(4, seed=7), Linear(4, seed=7)
    assert [p.data for p in a.parameters()] == [p.data for p in b.parameters()]
    assert all(-1 <= p.data <= 1 for p in a.w) and len({p.data for p in a.w}) == 4


def test_linear_gradient_wrt_each_weight_is_its_feature():
    model = Linear(2, weights=[1.0, 1.0])
    model([3.0, -5.0]).backward()
    assert [p.grad for p in model.parameters()] == [3.0, -5.0, 1.0]


def test_linear_names_a_wrong_number_of_features():
    with pytest.raises(ValueError, match="expects 2 features per example, got 3"):
        Linear(2)([1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="single number"):
        Linear(1)(2.0)
    with pytest.raises(ValueError, match="needs 2 starting weights, got 1"):
        Linear(2, weights=[1.0])
    with pytest.raises(ValueError, match="n_features .* must be a whole number >= 1, got n_features = 0"):
        Linear(0)


def test_neuron_applies_relu_unless_linear():
    relu_neuron, linear_neuron = Neuron(1), Neuron(1, nonlin=False)
    relu_neuron.w[0].data = linear_neuron.w[0].data = -1.0
    assert relu_neuron([2.0]).data == 0.0
    assert linear_neuron([2.0]).data == -2.0


def test_layer_returns_one_value_when_it_has_one_neuron():
    assert isinstance(Layer(3, 1)([1.0, 2.0, 3.0]), Value)
    out = Layer(3, 2)([1.0, 2.0, 3.0])
    assert isinstance(out, list) and len(out) == 2


def test_mlp_parameter_count_order_and_unique_labels():
    model = MLP(2, [16, 16, 1])
    params = model.parameters()
    assert len(params) == (2 + 1) * 16 + (16 + 1) * 16 + (16 + 1) * 1 == 337
    labels = [p.label for p in params]
    assert len(set(labels)) == len(labels)
    # micrograd's order: each neuron's weights then its bias; neurons in order; layers in order
    assert labels[:4] == ["L1.n1.w1", "L1.n1.w2", "L1.n1.b", "L1.n2.w1"]
    assert labels[-1] == "L3.n1.b"
    assert [layer.neurons[0].nonlin for layer in model.layers] == [True, True, False]


def test_mlp_output_is_a_single_score_for_one_output():
    out = MLP(2, [4, 1])([0.5, -0.5])
    assert isinstance(out, Value)


def test_a_hidden_layer_may_have_one_neuron():
    random.seed(3)
    model = MLP(2, [1, 1])
    random.seed(3)
    hidden, output = Neuron(2), Neuron(1, nonlin=False)  # the same random draws, in the same order
    assert [p.data for p in model.parameters()] == [p.data for p in hidden.parameters() + output.parameters()]
    assert [p.label for p in model.parameters()] == ["L1.n1.w1", "L1.n1.w2", "L1.n1.b", "L2.n1.w1", "L2.n1.b"]
    w1, w2, b1, v, b2 = model.parameters()
    w1.data, w2.data, b1.data, v.data, b2.data = 1.0, 1.0, 0.0, 2.0, 0.5
    out = model([1.0, 2.0])  # 2 * relu(1*1 + 1*2 + 0) + 0.5
    assert isinstance(out, Value) and out.data == 6.5
    out.backward()
    assert [p.grad for p in model.parameters()] == [2.0 * 1.0, 2.0 * 2.0, 2.0, 3.0, 1.0]


@pytest.mark.parametrize("nouts", [[3, 1, 1], [4, 1, 3, 1], [1, 1, 1]])
def test_hidden_layers_of_any_width_give_one_score(nouts):
    assert isinstance(MLP(2, nouts, activation="tanh")([0.5, -1.0]), Value)


def test_only_the_final_output_is_unwrapped():
    out = MLP(2, [1, 3])([0.5, -1.0])
    assert isinstance(out, list) and len(out) == 3 and all(isinstance(o, Value) for o in out)


def test_a_wrong_number_of_inputs_names_both_counts():
    with pytest.raises(ValueError, match=r"expects 2 features per example, got 3: \[1.0, 2.0, 3.0\]"):
        MLP(2, [3, 1])([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="expects 2 features per example, got 1"):
        MLP(2, [1, 1])([1.0])
    with pytest.raises(TypeError, match="takes a list of 2 features, got a single number: 1.0"):
        MLP(2, [1, 1])(1.0)
    with pytest.raises(TypeError, match="takes a list of 1 features, got a single number"):
        Layer(1, 1)(Value(2.0))  # a Layer on its own still wants a list, as in micrograd


def test_module_without_forward_says_so():
    with pytest.raises(NotImplementedError, match="Module must define forward"):
        Module()(1.0)


def test_same_seed_gives_micrograds_weights_and_outputs():
    micrograd_nn = pytest.importorskip("micrograd.nn", reason="micrograd is not installed (pip install micrograd)")
    random.seed(1337)
    ours = MLP(2, [16, 16, 1])
    random.seed(1337)
    theirs = micrograd_nn.MLP(2, [16, 16, 1])
    assert [p.data for p in ours.parameters()] == [p.data for p in theirs.parameters()]
    x = [0.3, -1.2]
    assert ours(x).data == pytest.approx(theirs(x).data, abs=1e-12)


@pytest.mark.parametrize("nin, nouts", [(2, [1]), (3, [4]), (3, [4, 2]), (2, [3, 2, 1]), (3, [4, 4, 1])])
def test_every_architecture_micrograd_runs_gives_its_results(nin, nouts):
    micrograd_nn = pytest.importorskip("micrograd.nn", reason="micrograd is not installed (pip install micrograd)")
    random.seed(11)
    ours = MLP(nin, nouts)
    random.seed(11)
    theirs = micrograd_nn.MLP(nin, nouts)
    assert [p.data for p in ours.parameters()] == [p.data for p in theirs.parameters()]
    x = [0.7, -0.4, 1.3][:nin]
    ours_out, theirs_out = ours(x), theirs(x)
    assert type(ours_out) is list if nouts[-1] > 1 else isinstance(ours_out, Value)
    ours_out = ours_out if isinstance(ours_out, list) else [ours_out]
    theirs_out = theirs_out if isinstance(theirs_out, list) else [theirs_out]
    assert [o.data for o in ours_out] == pytest.approx([t.data for t in theirs_out], abs=1e-12)


def test_training_matches_micrograd_step_for_step():
    micrograd = pytest.importorskip("micrograd.nn", reason="micrograd is not installed (pip install micrograd)")
    from microgd import SGD, l2_penalty, max_margin_loss, two_moons

    xs, ys = two_moons(12, seed=5)
    random.seed(7)
    ours = MLP(2, [4, 4, 1])
    random.seed(7)
    theirs = micrograd.MLP(2, [4, 4, 1])
    optimizer = SGD(ours.parameters(), lr=0.5)
    for _ in range(3):
        loss = max_margin_loss([ours(x) for x in xs], ys) + l2_penalty(ours.parameters(), 1e-4)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        # micrograd's demo, written its way
        scores = [theirs(x) for x in xs]
        their_loss = sum((1 + -y * s).relu() for y, s in zip(ys, scores)) * (1.0 / len(xs))
        their_loss = their_loss + 1e-4 * sum(p * p for p in theirs.parameters())
        theirs.zero_grad()
        their_loss.backward()
        for p in theirs.parameters():
            p.data -= 0.5 * p.grad
        assert loss.data == pytest.approx(their_loss.data, abs=1e-12)
    assert [p.data for p in ours.parameters()] == pytest.approx([p.data for p in theirs.parameters()], abs=1e-12)


def test_text_features_from_a_csv_are_named_with_the_fix():
    with pytest.raises(TypeError, match=r"Linear features must be numbers, got x\[1\] = '2.5' \(str\).*float\(\)"):
        Linear(2)([1.0, "2.5"])
    with pytest.raises(TypeError, match="got a single string: '1.0'"):
        Linear(3)("1.0")
    with pytest.raises(TypeError, match=r"Line takes one number x, got \[1.0\] \(list\); .* use Linear"):
        Line()([1.0])
    with pytest.raises(TypeError, match="Neuron features must be numbers"):
        MLP(2, [3, 1])(["1", "2"])


def test_numpy_rows_and_sizes_are_accepted():
    model = Linear(np.int64(2), weights=np.array([1.0, -1.0]))
    assert model(np.array([3.0, 1.0])).data == 2.0
    assert Line(m=2.0)(np.float32(1.5)).data == 3.0


def test_mlp_refuses_empty_or_zero_sizes_by_name():
    with pytest.raises(ValueError, match=r"at least one layer size.*got MLP\(2, \[\]\)"):
        MLP(2, [])
    with pytest.raises(ValueError, match=r"MLP\(0, \[1\]\): nin \(the number of inputs\) .* got nin = 0"):
        MLP(0, [1])


def lecture_loss_after(steps: int, activation: str) -> float:
    """Karpathy's lecture, written its way: 4 examples, a 3-4-4-1 MLP, lr 0.05, Python's sum."""
    random.seed(1337)
    n = MLP(3, [4, 4, 1], activation=activation)
    xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
    ys = [1.0, -1.0, -1.0, 1.0]
    for _ in range(steps):
        ypred = [n(x) for x in xs]
        loss = sum((yout - ygt) ** 2 for ygt, yout in zip(ys, ypred))
        for p in n.parameters():
            p.grad = 0.0
        loss.backward()
        for p in n.parameters():
            p.data += -0.05 * p.grad
    return loss.data


def test_the_lectures_tanh_mlp_learns_its_four_examples():
    assert lecture_loss_after(20, "tanh") < 0.01
    assert lecture_loss_after(20, "relu") > 0.5  # why the option exists: relu gets stuck here


def test_activation_reaches_the_hidden_layers_only():
    model = MLP(2, [3, 3, 1], activation="tanh")
    assert [layer.neurons[0].activation for layer in model.layers] == ["tanh"] * 3
    assert [layer.neurons[0].nonlin for layer in model.layers] == [True, True, False]
    assert repr(model.layers[0].neurons[0]) == "TanhNeuron(2)" and repr(model.layers[2].neurons[0]) == "LinearNeuron(3)"
    neuron = Neuron(1, activation="tanh")
    neuron.w[0].data = -1.0
    assert neuron([2.0]).data == pytest.approx(np.tanh(-2.0))  # negative, where relu would give 0
    assert Layer(2, 2, activation="tanh").neurons[1].activation == "tanh"
    assert MLP(2, [1]).layers[0].neurons[0].activation == "relu"  # the default is micrograd's


def test_an_unknown_activation_is_named_with_the_choices():
    with pytest.raises(ValueError, match=r"activation must be one of \['relu', 'tanh'\], got activation = 'sigmoid'"):
        Neuron(2, activation="sigmoid")
    with pytest.raises(ValueError, match="got activation = 'Tanh'"):
        MLP(2, [4, 1], activation="Tanh")


def test_bad_sizes_name_the_argument_the_value_and_the_fix():
    with pytest.raises(TypeError, match=r"Neuron: nin \(the number of inputs\) must be a whole number >= 1, "
                                        r"got nin = '3' \(str\)"):
        Neuron("3")
    with pytest.raises(ValueError, match=r"Neuron: nin \(the number of inputs\) must be a whole number >= 1, "
                                         r"got nin = 0"):
        Neuron(0)
    with pytest.raises(TypeError, match=r"nouts as a list of layer sizes, like MLP\(2, \[16, 16, 1\]\), "
                                        r"got nouts = 16 \(int\); for one layer write \[16\]"):
        MLP(2, 16)
    with pytest.raises(TypeError, match=r"nouts\[1\] \(the size of layer 2\) must .* got nouts\[1\] = 2.5 \(float\)"):
        MLP(2, [4, 2.5])
    with pytest.raises(ValueError, match=r"Layer: nout \(the number of neurons\) .* got nout = 0"):
        Layer(2, 0)
    with pytest.raises(TypeError, match=r"Linear: n_features .* got n_features = True \(bool\)"):
        Linear(True)


def test_a_bool_is_not_a_feature():
    with pytest.raises(TypeError, match=r"Line takes one number x, got True \(bool\)"):
        Line()(True)
    with pytest.raises(TypeError, match=r"features must be numbers, got x\[1\] = False \(bool\)"):
        Linear(2)([1.0, False])
