"""The element-wise cell as hand-written Triton kernels, forward and backward.

Each step is one cuBLAS product, z = z_x[t] + h_{t-1} W_hᵀ, then one launch
of ``cell_forward_kernel``: it reads z (4H values per row) and c_{t-1}, and
writes h_t and c_t, computing the gates in registers. The activated gates
overwrite z in place, for the backward pass. Backward, one launch of
``cell_backward_kernel`` per step gives dz_t, then one product gives
dh_{t-1} = dz_t W_h (see ``course.fast_lstm.recurrence``).

Arithmetic is in float32 whatever the storage type (bfloat16 is loaded,
widened, computed and rounded once on the store). Shapes and signature:
see ``course.fast_lstm``.
"""
import torch
import triton
import triton.language as tl

from course.fast_lstm.recurrence import lstm_function

BLOCK = 256
"""Elements of (B, H) handled by one program."""


@triton.jit
def tanh(x):
    """tanh(x) = 2σ(2x) − 1 (Triton's core language has σ but no tanh)."""
    return 2 * tl.sigmoid(2 * x) - 1


@triton.jit
def cell_forward_kernel(z_ptr, c_prev_ptr, h_ptr, c_ptr, n, H, BLOCK: tl.constexpr):
    """z (B, 4H) pre-activation, overwritten by the gates (i, f, g, o);
    c_prev (B, H) in; h, c (B, H) out; n = B·H; all contiguous."""
    k = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = k < n
    b, j = k // H, k % H                   # row and hidden unit of each element
    z = z_ptr + b * 4 * H + j              # z[b, j]; the gates are H apart
    i = tl.sigmoid(tl.load(z, mask=mask).to(tl.float32))
    f = tl.sigmoid(tl.load(z + H, mask=mask).to(tl.float32))
    g = tanh(tl.load(z + 2 * H, mask=mask).to(tl.float32))
    o = tl.sigmoid(tl.load(z + 3 * H, mask=mask).to(tl.float32))
    c = f * tl.load(c_prev_ptr + k, mask=mask).to(tl.float32) + i * g
    h = o * tanh(c)
    out = h_ptr.dtype.element_ty
    tl.store(h_ptr + k, h.to(out), mask=mask)
    tl.store(c_ptr + k, c.to(out), mask=mask)
    tl.store(z, i.to(out), mask=mask)
    tl.store(z + H, f.to(out), mask=mask)
    tl.store(z + 2 * H, g.to(out), mask=mask)
    tl.store(z + 3 * H, o.to(out), mask=mask)


@triton.jit
def cell_backward_kernel(dh_out_ptr, dh_next_ptr, dc_ptr, gates_ptr, c_ptr, c_prev_ptr,
                         dz_ptr, dc_prev_ptr, n, H, BLOCK: tl.constexpr):
    """dh_out, dh_next, dc, c, c_prev (B, H) and the gates (B, 4H) in;
    dz (B, 4H) and dc_prev (B, H) out; n = B·H; all contiguous."""
    k = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = k < n
    b, j = k // H, k % H
    gate = gates_ptr + b * 4 * H + j
    i = tl.load(gate, mask=mask).to(tl.float32)
    f = tl.load(gate + H, mask=mask).to(tl.float32)
    g = tl.load(gate + 2 * H, mask=mask).to(tl.float32)
    o = tl.load(gate + 3 * H, mask=mask).to(tl.float32)
    tanh_c = tanh(tl.load(c_ptr + k, mask=mask).to(tl.float32))
    c_prev = tl.load(c_prev_ptr + k, mask=mask).to(tl.float32)
    dh = (tl.load(dh_out_ptr + k, mask=mask).to(tl.float32)
          + tl.load(dh_next_ptr + k, mask=mask).to(tl.float32))
    dc = tl.load(dc_ptr + k, mask=mask).to(tl.float32) + dh * o * (1 - tanh_c * tanh_c)
    out = dz_ptr.dtype.element_ty
    dz = dz_ptr + b * 4 * H + j
    tl.store(dz, (dc * g * i * (1 - i)).to(out), mask=mask)              # through σ(z_i)
    tl.store(dz + H, (dc * c_prev * f * (1 - f)).to(out), mask=mask)     # through σ(z_f)
    tl.store(dz + 2 * H, (dc * i * (1 - g * g)).to(out), mask=mask)      # through tanh(z_g)
    tl.store(dz + 3 * H, (dh * tanh_c * o * (1 - o)).to(out), mask=mask)  # through σ(z_o)
    tl.store(dc_prev_ptr + k, (dc * f).to(out), mask=mask)


def check_device(name, tensor):
    """Triton kernels need CUDA tensors, unless Triton interprets them
    (TRITON_INTERPRET=1 set before triton was first imported)."""
    interpreted = not isinstance(cell_forward_kernel, triton.runtime.JITFunction)
    if not (tensor.is_cuda or interpreted):
        raise ValueError(f"{name}: the tensors must be on a CUDA device, got {tensor.device} "
                         "(on a CPU, set TRITON_INTERPRET=1 before triton is first imported "
                         "to run the kernels in Triton's interpreter)")


def steps_forward(z_x, h0, c0, W_h):
    """Per step: the product into the gates buffer, then the cell kernel,
    which writes h_t and c_t straight into h_all and c_all. Shapes: see
    ``course.fast_lstm.recurrence``; ``saved`` is the gates, (T, B, 4H)."""
    check_device("triton_cell", z_x)
    T, B, H4 = z_x.shape
    H = H4 // 4
    h_all = z_x.new_empty(T + 1, B, H)
    c_all = z_x.new_empty(T + 1, B, H)
    h_all[0], c_all[0] = h0, c0
    gates = torch.empty_like(z_x)
    W_hT = W_h.T
    grid = (triton.cdiv(B * H, BLOCK),)
    for t in range(T):
        torch.addmm(z_x[t], h_all[t], W_hT, out=gates[t])
        cell_forward_kernel[grid](gates[t], c_all[t], h_all[t + 1], c_all[t + 1], B * H, H,
                                  BLOCK=BLOCK)
    return h_all, c_all, gates


def cell_backward(dh_out, dh_next, dc, gates_t, c_t, c_prev):
    """One launch of ``cell_backward_kernel``. Shapes: see
    ``course.fast_lstm.recurrence``; gates_t is (B, 4H)."""
    B, H = c_t.shape
    dz = gates_t.new_empty(B, 4 * H)
    dc_prev = c_t.new_empty(B, H)
    grid = (triton.cdiv(B * H, BLOCK),)
    cell_backward_kernel[grid](dh_out.contiguous(), dh_next.contiguous(), dc.contiguous(),
                               gates_t, c_t, c_prev, dz, dc_prev, B * H, H, BLOCK=BLOCK)
    return dz, dc_prev


TritonCell = lstm_function("triton_cell", steps_forward, cell_backward)


def triton_cell(x, h0, c0, W_x, W_h, b_x, b_h):
    """cuBLAS products and the Triton cell kernels, with the hand-written
    backward pass of ``course.fast_lstm.recurrence``."""
    return TritonCell.apply(x, h0, c0, W_x, W_h, b_x, b_h)
