"""Known mistakes in exercise 06's ``LSTM`` module (a torch module built
from matrix products, with the parameters and behaviour of ``torch.nn.LSTM``).

Outputs are those of the module's forward pass for D, H, num_layers,
batch_first, the module's ``state`` (a state dict of NumPy arrays), x
((T, B, D), or (B, T, D) with batch_first) and hx (a pair of
(num_layers, B, H) arrays, or None): output, h_n, c_n.
"""
import torch

from oracle.mistakes._autograd import swap_blocks
from oracle.mistakes._mistake import Mistake
from oracle.mistakes.lstm import GATE_ORDER


def gate_order_ifog(D, H, num_layers, batch_first, state, x, hx=None):
    """Blocks read as i, f, o, g: torch.nn.LSTM with the blocks g and o of
    every weight and bias swapped."""
    layer = torch.nn.LSTM(D, H, num_layers=num_layers, batch_first=batch_first).double()
    layer.load_state_dict({k: swap_blocks(4, 2, 3, torch.tensor(v))[0] for k, v in state.items()})
    args = () if hx is None else (tuple(torch.tensor(a) for a in hx),)
    with torch.no_grad():
        output, (h_n, c_n) = layer(torch.tensor(x), *args)
    return output.numpy(), h_n.numpy(), c_n.numpy()


MISTAKES = [
    Mistake("LSTM", "gate_order_ifog", GATE_ORDER, {"LSTM": gate_order_ifog}),
    Mistake("LSTM", "batch_first_ignored", "batch_first=True inputs are read as (T, B, D)"),
    Mistake("LSTM", "last_layer_state_only", "h_n and c_n hold the last layer's state only"),
    Mistake("LSTM", "single_bias", "one bias per layer instead of bias_ih and bias_hh"),
    Mistake("LSTM", "zeros_on_cpu", "the zero initial state is made by torch.zeros (float32, on "
            "the CPU) whatever the dtype and device of x"),
]
