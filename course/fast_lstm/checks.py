"""Argument checks shared by the LSTM variants."""


def check_args(name, x, h0, c0, W_x, W_h, b_x, b_h):
    """Check the shapes of a variant's arguments; return (T, B, D, H).

    x : (T, B, D), h0 and c0 : (B, H), W_x : (4H, D), W_h : (4H, H),
    b_x and b_h : (4H,). Raises ValueError naming the argument, the shape
    expected and the shape received.
    """
    if x.dim() != 3:
        raise ValueError(f"{name}: x must be (T, B, D), got shape {tuple(x.shape)}")
    T, B, D = x.shape
    if T == 0:
        raise ValueError(f"{name}: x must hold at least one step, got T = 0")
    if W_h.dim() != 2 or W_h.shape[0] != 4 * W_h.shape[1]:
        raise ValueError(f"{name}: W_h must be (4H, H), got shape {tuple(W_h.shape)}")
    H = W_h.shape[1]
    expected = {"h0": (B, H), "c0": (B, H), "W_x": (4 * H, D), "b_x": (4 * H,),
                "b_h": (4 * H,)}
    for arg, value in (("h0", h0), ("c0", c0), ("W_x", W_x), ("b_x", b_x),
                       ("b_h", b_h)):
        if tuple(value.shape) != expected[arg]:
            raise ValueError(f"{name}: {arg} must have shape {expected[arg]} "
                             f"(T, B, D, H = {T}, {B}, {D}, {H}), got {tuple(value.shape)}")
    return T, B, D, H


def nn_lstm_params(lstm):
    """(W_x, W_h, b_x, b_h) of layer 0 of a ``torch.nn.LSTM`` (or of the
    course's ``solutions.torch_lstm.LSTM``), in the order the variants take."""
    return (lstm.weight_ih_l0, lstm.weight_hh_l0, lstm.bias_ih_l0, lstm.bias_hh_l0)
