"""One LSTM layer written several ways in PyTorch, each a step faster.

Every variant computes the function of a one-layer ``torch.nn.LSTM`` (gate
order i, f, g, o) and has the same call signature::

    hs, h_n, c_n = variant(x, h0, c0, W_x, W_h, b_x, b_h)

    x : (T, B, D) inputs, time-major
    h0, c0 : (B, H) initial states
    W_x : (4H, D) = weight_ih_l0, W_h : (4H, H) = weight_hh_l0
    b_x, b_h : (4H,) = bias_ih_l0, bias_hh_l0
    hs : (T, B, H) hidden state after every step; h_n, c_n : (B, H) final states

Autograd gives the gradients of every argument. The variants, in the order
the book introduces them:

``per_gate``         a cell loop with eight weight matrices, one per gate and input
``stacked``          the four gates stacked: two matrix products per step
``hoisted``          the input projection x W_xᵀ + b of all T steps done once, before the loop
``fused_cell``       the gates' element-wise math compiled by ``torch.compile``
                     into one kernel, forward and backward
``custom_backward``  a hand-written backward pass around the compiled cell: the loop
                     computes only dz and dh, the weight, input and bias gradients
                     are one matrix product each

``GraphedLSTM`` (CUDA only) replays ``custom_backward``'s forward and
backward as CUDA graphs, removing the cost of launching each kernel.

Two more variants with the same signature are Triton kernels, imported on
their own (importing Triton is not free, and on a CPU it must be told to
interpret before its first import, ``TRITON_INTERPRET=1``):

``course.fast_lstm.triton_cell.triton_cell``              the cell as a hand-written
                                                          Triton kernel, forward and backward
``course.fast_lstm.triton_persistent.triton_persistent``  one launch for the whole forward
                                                          sequence, W_h held on chip
"""
from course.fast_lstm.checks import check_args, nn_lstm_params
from course.fast_lstm.compiled import custom_backward, fused_cell
from course.fast_lstm.eager import hoisted, per_gate, stacked
from course.fast_lstm.graphed import GraphedLSTM

VARIANTS = {
    "per_gate": per_gate,
    "stacked": stacked,
    "hoisted": hoisted,
    "fused_cell": fused_cell,
    "custom_backward": custom_backward,
}

__all__ = [
    "VARIANTS",
    "GraphedLSTM",
    "check_args",
    "custom_backward",
    "fused_cell",
    "hoisted",
    "nn_lstm_params",
    "per_gate",
    "stacked",
]
