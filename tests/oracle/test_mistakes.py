"""Each mistake of the catalogue computes what its name says: checked against
a NumPy computation written here with that one mistake (forward and
backward through time), against torch's layers where the mistake is a
change of inputs, and by the property the chapter states. No mistake
matches the right outputs, so a right answer is never diagnosed."""
import numpy as np
import pytest

from oracle import mistakes
from oracle.mistakes import find, pick, variants, wrong
from oracle.problems import gru_problem, lstm_problem, rnn_problem, upstream
from oracle.torch_layers import (
    torch_gru_forward,
    torch_gru_grads,
    torch_lstm_forward,
    torch_lstm_grads,
    torch_rnn_forward,
    torch_rnn_grads,
)

SIZES = [(1, 1, 3, 2), (4, 1, 2, 5), (3, 4, 5, 3), (6, 2, 4, 4)]
RNN_ARGS = ("x", "h0", "W_x", "W_h", "b")
LSTM_ARGS = ("x", "h0", "c0", "W_x", "W_h", "b")
GRU_ARGS = ("x", "h0", "W_x", "W_h", "b_x", "b_h")


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def close(a, b):
    return np.allclose(a, b, rtol=1e-9, atol=1e-11)


# --- NumPy, one mistake at a time -------------------------------------------------------------

def rnn_numpy(x, h0, W_x, W_h, b, dhs, start="h0", from_h0=False, carry=True, act="tanh", tanh_deriv="1-h^2",
              accumulate=True, bias=True, recurrent=True, W_h_T=True, shifted=False):
    """hs and dx, dh0, dW_x, dW_h, db of Σ hs·dhs, with the named mistake."""
    T = x.shape[0]
    W_rec = W_h if W_h_T else W_h.T
    h = np.zeros_like(h0) if start == "zeros" else h0
    hs, hps, zs = [], [], []
    for t in range(T):
        h_prev = h0 if from_h0 else h
        z = x[t] @ W_x.T + (h_prev @ W_rec.T if recurrent else 0) + (b if bias else 0)
        h = {"tanh": np.tanh(z), "none": z, "sigmoid": sigmoid(z)}[act]
        hs.append(h), hps.append(h_prev), zs.append(z)
    out = np.stack([h0] + hs[:-1]) if shifted else np.stack(hs)
    dx, dW_x, dW_h, db = np.zeros_like(x), np.zeros_like(W_x), np.zeros_like(W_h), np.zeros_like(b)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        dh = dhs[t] + (dh_next if carry else 0)
        dz = dh * {"1-h^2": 1 - hs[t] ** 2, "1-h": 1 - hs[t], "1": 1.0}[tanh_deriv]
        dx[t], dh_next = dz @ W_x, dz @ W_h
        step = (dz.T @ x[t], dz.T @ hps[t], dz.sum(axis=0))
        dW_x, dW_h, db = ((dW_x + step[0], dW_h + step[1], db + step[2]) if accumulate else step)
    return out, (dx, dh_next, dW_x, dW_h, db)


def lstm_numpy(x, h0, c0, W_x, W_h, b, dhs, dc_last, order="ifgo", cell="standard", h_act="tanh",
               start=(True, True), from_h0_c0=False, carry=(True, True), accumulate=True, use_dc_last=True,
               tanh_deriv=True, times_f=True):
    """hs, cs and dx, dh0, dc0, dW_x, dW_h, db of Σ hs·dhs + Σ c_T·dc_last, with the named mistake."""
    H = h0.shape[1]
    h, c = (h0 if start[0] else 0 * h0), (c0 if start[1] else 0 * c0)
    hs, cs, rec = [], [], []
    for t in range(x.shape[0]):
        h_prev, c_prev = (h0, c0) if from_h0_c0 else (h, c)
        z = x[t] @ W_x.T + h_prev @ W_h.T + b
        blk = {k: z[:, n * H:(n + 1) * H] for n, k in enumerate(order)}
        i, f, o, g = sigmoid(blk["i"]), sigmoid(blk["f"]), sigmoid(blk["o"]), np.tanh(blk["g"])
        c = {"standard": f * c_prev + i * g, "no_forget": c_prev + i * g, "no_c_prev": i * g,
             "coupled": f * c_prev + (1 - f) * g, "candidate": f * g + (1 - f) * c_prev}[cell]
        h = o * np.tanh(c) if h_act == "tanh" else o * c if h_act == "none" else o * np.tanh(c)
        if h_act == "softmax":
            e = np.exp(h - h.max(axis=1, keepdims=True))
            h = e / e.sum(axis=1, keepdims=True)
        hs.append(h), cs.append(c)
        rec.append(dict(x=x[t], h_prev=h_prev, c_prev=c_prev, i=i, f=f, g=g, o=o, tc=np.tanh(c)))
    dx, dW_x, dW_h, db = np.zeros_like(x), np.zeros_like(W_x), np.zeros_like(W_h), np.zeros_like(b)
    dh_next = np.zeros_like(h0)
    dc_next = dc_last if dc_last is not None and use_dc_last else np.zeros_like(c0)
    for t in reversed(range(x.shape[0])):
        s = rec[t]
        dh = dhs[t] + (dh_next if carry[0] else 0)
        dc = (dc_next if carry[1] else 0) + dh * s["o"] * ((1 - s["tc"] ** 2) if tanh_deriv else 1)
        dz = np.concatenate([dc * s["g"] * s["i"] * (1 - s["i"]), dc * s["c_prev"] * s["f"] * (1 - s["f"]),
                             dc * s["i"] * (1 - s["g"] ** 2), dh * s["tc"] * s["o"] * (1 - s["o"])], axis=1)
        dx[t], dh_next, dc_next = dz @ W_x, dz @ W_h, (dc * s["f"] if times_f else dc)
        step = (dz.T @ s["x"], dz.T @ s["h_prev"], dz.sum(axis=0))
        dW_x, dW_h, db = ((dW_x + step[0], dW_h + step[1], db + step[2]) if accumulate else step)
    return (np.stack(hs), np.stack(cs)), (dx, dh_next, dc_next, dW_x, dW_h, db)


def gru_numpy(x, h0, W_x, W_h, b_x, b_h, dhs, order="rzn", swap_z=False, n_form="torch",
              start=True, from_h0=False, carry=True, accumulate=True, direct=True):
    """hs, and dx, dh0, dW_x, dW_h, db_x, db_h of Σ hs·dhs (right blocks r, z, n only)."""
    H = h0.shape[1]
    h, hs, rec = (h0 if start else 0 * h0), [], []
    for t in range(x.shape[0]):
        h_prev = h0 if from_h0 else h
        a_x, a_h = x[t] @ W_x.T + b_x, h_prev @ W_h.T + b_h
        blk = lambda a, k: a[:, order.index(k) * H:(order.index(k) + 1) * H]
        r, z = sigmoid(blk(a_x, "r") + blk(a_h, "r")), sigmoid(blk(a_x, "z") + blk(a_h, "z"))
        k = order.index("n")
        W_hn, b_hn = W_h[k * H:(k + 1) * H], b_h[k * H:(k + 1) * H]
        n = np.tanh(blk(a_x, "n") + {"torch": r * blk(a_h, "n"),
                                     "reset_before": (r * h_prev) @ W_hn.T + b_hn,
                                     "bias_outside": b_hn + r * (h_prev @ W_hn.T)}[n_form])
        h = z * n + (1 - z) * h_prev if swap_z else (1 - z) * n + z * h_prev
        hs.append(h)
        rec.append((h_prev, r, z, n, blk(a_h, "n")))
    dx, dh_next = np.zeros_like(x), np.zeros_like(h0)
    grads = [np.zeros_like(W_x), np.zeros_like(W_h), np.zeros_like(b_x), np.zeros_like(b_h)]
    for t in reversed(range(x.shape[0])):
        h_prev, r, z, n, a_hn = rec[t]
        dh = dhs[t] + (dh_next if carry else 0)
        dn = dh * (1 - z) * (1 - n * n)
        dr, dzz = dn * a_hn * r * (1 - r), dh * (h_prev - n) * z * (1 - z)
        da_x, da_h = np.hstack([dr, dzz, dn]), np.hstack([dr, dzz, dn * r])
        dx[t], dh_next = da_x @ W_x, da_h @ W_h + (dh * z if direct else 0)
        step = [da_x.T @ x[t], da_h.T @ h_prev, da_x.sum(axis=0), da_h.sum(axis=0)]
        grads = [g + s for g, s in zip(grads, step)] if accumulate else step
    return np.stack(hs), (dx, dh_next, *grads)


# --- each mistake against NumPy ---------------------------------------------------------------

RNN_FORWARD = {"no_tanh": dict(act="none"), "no_bias": dict(bias=False),
               "no_recurrence": dict(recurrent=False), "sigmoid": dict(act="sigmoid"),
               "untransposed_W_h": dict(W_h_T=False), "h0_ignored": dict(start="zeros"),
               "not_carried": dict(from_h0=True), "shifted": dict(shifted=True)}
RNN_BACKWARD = {"no_tanh_derivative": dict(tanh_deriv="1"), "one_minus_h": dict(tanh_deriv="1-h"),
                "not_accumulated": dict(accumulate=False), "carry_dropped": dict(carry=False)}
LSTM_FORWARD = {"gate_order_ifog": dict(order="ifog"), "no_forget": dict(cell="no_forget"),
                "no_c_prev": dict(cell="no_c_prev"), "coupled": dict(cell="coupled"),
                "no_tanh_on_c": dict(h_act="none"), "softmax_hidden": dict(h_act="softmax"),
                "candidate_as_cell": dict(cell="candidate"), "c0_ignored": dict(start=(True, False)),
                "h0_ignored": dict(start=(False, True)), "not_carried": dict(from_h0_c0=True)}
LSTM_BACKWARD = {"dc_prev_without_f": dict(times_f=False), "no_tanh_derivative": dict(tanh_deriv=False),
                 "dc_last_ignored": dict(use_dc_last=False), "not_accumulated": dict(accumulate=False),
                 "carry_dropped": dict(carry=(False, True)),
                 "dc_carry_dropped": dict(carry=(True, False), use_dc_last=False)}
GRU_FORWARD = {"z_swapped": dict(swap_z=True), "reset_before_matmul": dict(n_form="reset_before"),
               "bias_outside_reset": dict(n_form="bias_outside"), "gate_order_zrn": dict(order="zrn"),
               "h0_ignored": dict(start=False), "not_carried": dict(from_h0=True)}
GRU_BACKWARD = {"not_accumulated": dict(accumulate=False), "carry_dropped": dict(carry=False),
                "direct_path_missing": dict(direct=False)}


def _upstream(seed, T, B, H):
    u = upstream(seed, T, B, H)
    return u["dhs"], u["dc_last"]


def _entry(functions, key):
    """The catalogue entry named ``key`` among ``functions``."""
    found = [m for m in mistakes.CATALOGUE if m.function in functions and m.key == key]
    assert len(found) == 1, (functions, key, found)
    return found[0]


# cell: problem, argument names, NumPy computation, forward and backward mistakes, seed
H_CELLS = {"rnn": (rnn_problem, RNN_ARGS, rnn_numpy, RNN_FORWARD, RNN_BACKWARD, 3),
           "gru": (gru_problem, GRU_ARGS, gru_numpy, GRU_FORWARD, GRU_BACKWARD, 9)}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("cell, key", [(c, k) for c, t in H_CELLS.items() for k in sorted(t[3])
                                       + sorted(t[4])])
def test_rnn_and_gru_mistake_matches_numpy(cell, key, size):
    problem, names, numpy_run, forward, backward, seed = H_CELLS[cell]
    p = problem(seed, *size)
    args = tuple(p[k] for k in names)
    dhs = upstream(seed + 1, *size[:2], size[3])["dhs"]
    step, sequence = f"{cell}_step", f"{cell}_forward"
    if key in forward:
        hs, _ = numpy_run(*args, dhs, **forward[key])
        entry = _entry((step, sequence), key)
        assert close(entry.outputs[sequence](*args)[0], hs)
        if step in entry.outputs:
            assert close(entry.outputs[step](args[0][0], *args[1:])[0], hs[0])
        return
    _, grads = numpy_run(*args, dhs, **backward[key])
    entry = _entry((f"{cell}_step_backward", f"{cell}_backward"), key)
    for got, want in zip(entry.outputs[f"{cell}_backward"](*args, dhs), grads):
        assert close(got, want)
    if f"{cell}_step_backward" in entry.outputs:
        _, one = numpy_run(args[0][:1], *args[1:], dhs[:1], **backward[key])
        got = entry.outputs[f"{cell}_step_backward"](args[0][0], *args[1:], dhs[0])
        for g, want in zip(got, (one[0][0],) + one[1:]):
            assert close(g, want)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("key", sorted(LSTM_FORWARD) + sorted(LSTM_BACKWARD))
def test_lstm_mistake_matches_numpy(key, size):
    p = lstm_problem(5, *size)
    args = tuple(p[k] for k in LSTM_ARGS)
    dhs, dc_last = _upstream(6, *size[:2], size[3])
    if key in LSTM_FORWARD:
        (hs, cs), _ = lstm_numpy(*args, dhs, dc_last, **LSTM_FORWARD[key])
        entry = _entry(("lstm_step", "lstm_forward"), key)
        got = entry.outputs["lstm_forward"](*args)
        assert close(got[0], hs) and close(got[1], cs)
        if "lstm_step" in entry.outputs:
            h, c = entry.outputs["lstm_step"](args[0][0], *args[1:])
            assert close(h, hs[0]) and close(c, cs[0])
        return
    entry = _entry(("lstm_step_backward", "lstm_backward"), key)
    for dc in (dc_last, None):
        if "lstm_backward" in entry.outputs:
            _, grads = lstm_numpy(*args, dhs, dc, **LSTM_BACKWARD[key])
            for got, want in zip(entry.outputs["lstm_backward"](*args, dhs, dc), grads):
                assert close(got, want)
        if "lstm_step_backward" in entry.outputs:
            _, one = lstm_numpy(args[0][:1], *args[1:], dhs[:1], dc, **LSTM_BACKWARD[key])
            got = entry.outputs["lstm_step_backward"](args[0][0], *args[1:], dhs[0], dc)
            for g, want in zip(got, (one[0][0],) + one[1:]):
                assert close(g, want)


def test_lstm_step_backward_dc_ignored_is_the_gradient_without_dc():
    """lstm_step_backward's own mistake: the dc it is given never enters."""
    p = lstm_problem(7, 1, 3, 4, 5)
    args = tuple(p[k] for k in LSTM_ARGS)
    dhs, dc = _upstream(8, 1, 3, 5)
    got = wrong("lstm_step_backward", "dc_ignored")(p["x"][0], *args[1:], dhs[0], dc)
    want = torch_lstm_grads(*args, dhs, None)
    for g, w in zip(got, (want[0][0],) + want[1:]):
        assert close(g, w)
    assert find("lstm_step_backward", "dc_ignored").message != \
        find("lstm_backward", "dc_last_ignored").message


def test_every_mistake_with_an_output_is_checked_here():
    checked = {**RNN_FORWARD, **RNN_BACKWARD, **LSTM_FORWARD, **LSTM_BACKWARD, **GRU_FORWARD,
               **GRU_BACKWARD, "dc_ignored": None, "one_sided": None, "per_array": None,
               "not_in_place": None, "no_bias_correction": None, "eps_inside_sqrt": None,
               "v_not_squared": None}
    assert {m.key for m in mistakes.CATALOGUE if m.outputs} - set(checked) == set()


# --- the properties chapter 4 states ----------------------------------------------------------

def _step_problem(seed=11, B=4, D=3, H=5):
    p = lstm_problem(seed, 1, B, D, H)
    return (p["x"][0],) + tuple(p[k] for k in LSTM_ARGS[1:])


def test_no_forget_adds_i_g_to_the_old_cell():
    x, h_prev, c_prev, W_x, W_h, b = args = _step_problem()
    _, c = wrong("lstm_step", "no_forget")(*args)
    _, c_from_zero = torch_lstm_forward(x[None], h_prev, 0 * c_prev, W_x, W_h, b)
    assert close(c - c_prev, c_from_zero[0])                  # c − c_prev = i·g


def test_gate_order_ifog_is_torch_with_the_g_and_o_blocks_swapped():
    x, h_prev, c_prev, W_x, W_h, b = args = _step_problem()
    H = h_prev.shape[1]
    perm = np.r_[0:2 * H, 3 * H:4 * H, 2 * H:3 * H]
    h, c = wrong("lstm_step", "gate_order_ifog")(*args)
    hs, cs = torch_lstm_forward(x[None], h_prev, c_prev, W_x[perm], W_h[perm], b[perm])
    assert close(h, hs[0]) and close(c, cs[0])


def test_softmax_hidden_rows_sum_to_one_and_c_is_right():
    x, h_prev, c_prev, W_x, W_h, b = args = _step_problem()
    h, c = wrong("lstm_step", "softmax_hidden")(*args)
    hs, cs = torch_lstm_forward(x[None], h_prev, c_prev, W_x, W_h, b)
    assert close(h.sum(axis=1), 1.0) and np.all(h > 0) and close(c, cs[0])
    e = np.exp(hs[0])
    assert close(h, e / e.sum(axis=1, keepdims=True))


def test_coupled_cell_is_a_convex_mix():
    args = _step_problem(seed=12)
    _, c = wrong("lstm_step", "coupled")(*args)
    assert np.all(np.abs(c) <= np.maximum(np.abs(args[2]), 1.0))


def test_gru_gate_order_zrn_is_torch_with_the_r_and_z_blocks_swapped():
    p = gru_problem(13, 3, 2, 4, 3)
    H = 3
    perm = np.r_[H:2 * H, 0:H, 2 * H:3 * H]
    hs = find("gru_step", "gate_order_zrn").outputs["gru_forward"](*(p[k] for k in GRU_ARGS))[0]
    want = torch_gru_forward(p["x"], p["h0"], *(p[k][perm] for k in GRU_ARGS[2:]))
    assert close(hs, want)


# --- no mistake matches the right answer ------------------------------------------------------

@pytest.mark.parametrize("seed", [0, 1])
def test_no_mistake_matches_torch(seed):
    T, B, D, H = 4, 3, 2, 5
    dhs, dc_last = _upstream(seed + 50, T, B, H)
    p = rnn_problem(seed, T, B, D, H)
    a = tuple(p[k] for k in RNN_ARGS)
    right = {"rnn_step": (torch_rnn_forward(a[0][:1], *a[1:])[0],),
             "rnn_forward": (torch_rnn_forward(*a),),
             "rnn_backward": torch_rnn_grads(*a, dhs)}
    step_grads = torch_rnn_grads(a[0][:1], *a[1:], dhs[:1])
    right["rnn_step_backward"] = (step_grads[0][0],) + step_grads[1:]
    found = {f: variants(f, *(a if "forward" in f or f == "rnn_backward" else (a[0][0],) + a[1:]),
                         *(() if "backward" not in f else
                           (dhs,) if f == "rnn_backward" else (dhs[0],)))
             for f in right}
    p = lstm_problem(seed, T, B, D, H)
    a = tuple(p[k] for k in LSTM_ARGS)
    step = (a[0][0],) + a[1:]
    hs, cs = torch_lstm_forward(a[0][:1], *a[1:])
    right.update({"lstm_step": (hs[0], cs[0]), "lstm_forward": torch_lstm_forward(*a),
                  "lstm_backward": torch_lstm_grads(*a, dhs, dc_last)})
    g = torch_lstm_grads(a[0][:1], *a[1:], dhs[:1], dc_last)
    right["lstm_step_backward"] = (g[0][0],) + g[1:]
    found.update({"lstm_step": variants("lstm_step", *step),
                  "lstm_forward": variants("lstm_forward", *a),
                  "lstm_backward": variants("lstm_backward", *a, dhs, dc_last),
                  "lstm_step_backward": variants("lstm_step_backward", *step, dhs[0], dc_last)})
    p = gru_problem(seed, T, B, D, H)
    a = tuple(p[k] for k in GRU_ARGS)
    right.update({"gru_step": (torch_gru_forward(a[0][:1], *a[1:])[0],),
                  "gru_forward": (torch_gru_forward(*a),), "gru_backward": torch_gru_grads(*a, dhs)})
    found.update({"gru_step": variants("gru_step", a[0][0], *a[1:]),
                  "gru_forward": variants("gru_forward", *a),
                  "gru_backward": variants("gru_backward", *a, dhs)})
    for function, known in found.items():
        assert known, function
        for message, outputs in known.items():
            assert len(outputs) == len(right[function]), (function, message)
            differs = [np.abs(o - r).max() > 1e-3 for o, r in zip(outputs, right[function])]
            assert any(differs), (function, message)


def test_find_names_the_known_keys():
    with pytest.raises(KeyError, match="no_forget"):
        find("lstm_step", "no_such_mistake")
    assert pick({"m": (1, 2)}, 1) == {"m": 2}


# --- exercise 02's tools, exercise 05's Adam, exercise 06's module ----------------------------

def test_one_sided_difference_of_a_square_is_off_by_eps():
    x = np.random.default_rng(0).standard_normal((2, 3))
    (grad,) = wrong("numerical_gradient", "one_sided")(lambda v: float(np.sum(v ** 2)), x, 1e-3)
    assert np.allclose(grad, 2 * x + 1e-3, atol=1e-9)          # (x + eps)² − x² = 2x·eps + eps²


def test_clipping_per_array_and_not_in_place():
    r = np.random.default_rng(1)
    grads = [3 * r.standard_normal((3, 4)), 0.01 * r.standard_normal(5)]
    clipped = wrong("clip_grad_norm", "per_array")(grads, 1.0)
    assert np.linalg.norm(clipped[0]) == pytest.approx(1.0, rel=1e-5)      # its own norm, clipped
    assert close(clipped[1], grads[1])                                     # below max_norm: kept
    unchanged = wrong("clip_grad_norm", "not_in_place")(grads, 1.0)
    assert all(np.array_equal(a, g) for a, g in zip(unchanged, grads))


def test_adam_mistakes_first_step():
    r = np.random.default_rng(2)
    p0, g = {"W": r.standard_normal((2, 3))}, {"W": r.standard_normal((2, 3))}
    lr, (b1, b2), eps = 0.1, (0.9, 0.99), 1e-3
    first = {key: wrong("Adam", key)(p0, [g], lr=lr, betas=(b1, b2), eps=eps)[0]["W"]
             for key in ("no_bias_correction", "eps_inside_sqrt", "v_not_squared")}
    W, gW = p0["W"], g["W"]
    assert close(first["no_bias_correction"],
                 W - lr * (1 - b1) * gW / (np.sqrt(1 - b2) * np.abs(gW) + eps))
    assert close(first["eps_inside_sqrt"], W - lr * gW / np.sqrt(gW ** 2 + eps))
    assert close(first["v_not_squared"], W - lr * gW / (np.sqrt(np.abs(gW)) + eps))


def test_no_adam_mistake_matches_torch():
    import torch
    r = np.random.default_rng(3)
    params = {"W": r.standard_normal((3, 2)), "b": r.standard_normal(2)}
    grads_seq = [{k: r.standard_normal(v.shape) for k, v in params.items()} for _ in range(4)]
    tensors = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    opt = torch.optim.Adam(tensors.values(), lr=0.05, betas=(0.5, 0.9), eps=1e-4)
    for grads in grads_seq:
        for k, t in tensors.items():
            t.grad = torch.tensor(grads[k])
        opt.step()
    known = variants("Adam", params, grads_seq, lr=0.05, betas=(0.5, 0.9), eps=1e-4)
    assert len(known) == 3
    for message, history in known.items():
        assert np.abs(history[-1]["W"] - tensors["W"].detach().numpy()).max() > 1e-5, message


def test_module_gate_order_is_the_step_mistake_over_a_sequence():
    import torch
    torch.manual_seed(0)
    D, H = 3, 4
    state = {k: v.detach().numpy().copy() for k, v in torch.nn.LSTM(D, H).double().state_dict().items()}
    r = np.random.default_rng(4)
    x, h0, c0 = r.standard_normal((5, 2, D)), r.standard_normal((1, 2, H)), r.standard_normal((1, 2, H))
    output, h_n, c_n = wrong("LSTM", "gate_order_ifog")(D, H, 1, False, state, x, (h0, c0))
    b = state["bias_ih_l0"] + state["bias_hh_l0"]
    hs, cs = lstm_numpy(x, h0[0], c0[0], state["weight_ih_l0"], state["weight_hh_l0"], b,
                        np.zeros((5, 2, H)), None, order="ifog")[0]
    assert close(output, hs) and close(h_n[0], hs[-1]) and close(c_n[0], cs[-1])


def test_coupled_cell_cannot_count_where_the_right_cell_does():
    W_x = np.array([[10.0], [10.0], [0.5], [10.0]])         # i, f, o open; g = tanh(0.5)
    W_h, b, x = np.zeros((4, 1)), np.zeros(4), np.ones((30, 1, 1))
    _, cs_right = torch_lstm_forward(x, np.zeros((1, 1)), np.zeros((1, 1)), W_x, W_h, b)
    _, cs_coupled = find("lstm_step", "coupled").outputs["lstm_forward"](
        x, np.zeros((1, 1)), np.zeros((1, 1)), W_x, W_h, b)
    assert cs_right[-1, 0, 0] == pytest.approx(30 * np.tanh(0.5), rel=1e-3)
    assert np.abs(cs_coupled).max() <= 1.0


def test_candidate_as_cell_holds_the_last_candidate_not_the_written_value():
    from course.lstm_trace import memory_cell_weights
    W_x, W_h, b = memory_cell_weights()
    x = np.array([[[0.7, 1.0, 0.0]], [[-0.3, 0.0, 0.0]], [[0.5, 0.0, 0.0]], [[0.1, 0.0, 0.0]]])
    zeros = np.zeros((1, 1))
    _, cs_right = torch_lstm_forward(x, zeros, zeros, W_x, W_h, b)
    _, cs_wrong = find("lstm_step", "candidate_as_cell").outputs["lstm_forward"](
        x, zeros, zeros, W_x, W_h, b)
    assert cs_right[-1, 0, 0] == pytest.approx(np.tanh(0.7), abs=1e-3)     # kept the write
    assert cs_wrong[-1, 0, 0] == pytest.approx(np.tanh(0.1), abs=1e-3)     # the last candidate


# --- chapter 7's update rules -----------------------------------------------------------------

def test_subtract_weights_decays_geometrically_whatever_the_gradient():
    from oracle.mistakes.training import sgd_step_subtract_weights
    r = np.random.default_rng(5)
    params = {"W": r.standard_normal((3, 4)), "b": r.standard_normal(3)}
    start = {k: v.copy() for k, v in params.items()}
    for _ in range(7):
        sgd_step_subtract_weights(params, {k: 100 * r.standard_normal(v.shape)
                                           for k, v in params.items()}, 0.1)
    for k in params:
        np.testing.assert_allclose(params[k], 0.9 ** 7 * start[k], rtol=1e-12)


def test_biases_only_moves_the_biases_by_their_gradient_and_nothing_else():
    from oracle.mistakes.training import sgd_step_biases_only
    r = np.random.default_rng(6)
    params = {"W_x": r.standard_normal((4, 2)), "b": r.standard_normal(4), "b_y": r.standard_normal(1)}
    grads = {k: r.standard_normal(v.shape) for k, v in params.items()}
    after = {k: v.copy() for k, v in params.items()}
    sgd_step_biases_only(after, grads, 0.5)
    np.testing.assert_array_equal(after["W_x"], params["W_x"])
    for k in ("b", "b_y"):
        np.testing.assert_allclose(after[k], params[k] - 0.5 * grads[k])


def test_update_rules_reject_bad_arguments():
    from oracle.mistakes.training import sgd_step_biases_only, sgd_step_subtract_weights
    with pytest.raises(ValueError, match="lr"):
        sgd_step_biases_only({"W": np.ones(2)}, {"W": np.ones(2)}, 0.0)
    with pytest.raises(ValueError, match="keys"):
        sgd_step_subtract_weights({"W": np.ones(2)}, {"V": np.ones(2)}, 0.1)


def test_a_sequence_function_names_its_own_mistakes_before_those_of_its_step():
    """For one step, c0 ignored gives c = i·g: lstm_forward reports c0 ignored."""
    p = lstm_problem(14, 1, 2, 3, 4)
    known = variants("lstm_forward", *(p[k] for k in LSTM_ARGS))
    own = [m.message for m in mistakes.CATALOGUE if m.function == "lstm_forward" and m.outputs]
    assert list(known)[:len(own)] == own
    c0_ignored = wrong("lstm_forward", "c0_ignored")(*(p[k] for k in LSTM_ARGS))
    first = next(m for m, v in known.items() if close(v[1], c0_ignored[1]))
    assert first == find("lstm_forward", "c0_ignored").message
