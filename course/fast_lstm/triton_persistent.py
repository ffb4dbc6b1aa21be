"""A persistent LSTM forward kernel in Triton: one launch for all T steps.

The grid splits the hidden units into slices of ``BLOCK_J`` and the batch
into blocks of ``BLOCK_B`` rows. Program (p, q) owns units j of slice p for
rows of block q: before the time loop it loads its four gate slices of W_h,
W_h[k·H + j, :] for k = i, f, g, o, each (BLOCK_J, H), and keeps them in
registers for all T steps; its part of c stays in registers too. Per step
it reads the whole h_{t-1} of its rows (every program wrote a slice of it),
forms its slice of z_t = z_x[t] + h_{t-1} W_hᵀ and the cell, and writes its
slice of h_t. Before anyone reads h_t, every program of the same rows must
have written its slice: a barrier between steps.

Three ways to have that barrier (``mode``):

``"single"``    one program holds all of W_h (BLOCK_J ≥ H, small H): the
                barrier is inside one program, ``tl.debug_barrier()``.
``"grid"``      several programs per row block, one launch; the barrier is a
                counter in global memory that each program increments after
                its store and then waits on (an atomic spin). Every program
                must be resident at once, so the grid may not exceed the
                number of SMs. GPU only: Triton's interpreter runs programs
                one after another, so the first program would wait forever.
``"stepwise"``  the same kernel launched once per step: the end of a launch
                is the barrier. It checks the slicing on any device (tests
                run it in the interpreter) but pays T launches and reloads
                W_h every step, the two costs the kernel exists to avoid.

The backward pass reuses the fused-cell path of ``course.fast_lstm.triton_cell``
(the kernel saves the gates and c for it): per step one Triton cell kernel
and one cuBLAS product dz_t W_h. Shapes and signature: see
``course.fast_lstm``.
"""
import functools

import torch
import triton
import triton.language as tl

from course.fast_lstm.recurrence import lstm_function
from course.fast_lstm.triton_cell import cell_backward, check_device, tanh

MAX_REGISTER_WEIGHTS = 32768
"""Most elements of W_h one program may hold (4 · BLOCK_J · BLOCK_H): 128 KiB
in float32, half of an H100/H200 SM's 256 KiB register file. With one
program per SM, 132 SMs hold 16 MiB: all of W_h at H = 1024 in float32."""

NUM_WARPS = 8
"""Warps (of 32 threads) per program: 256 threads share the weight slice."""


@triton.jit
def persistent_kernel(z_x_ptr, W_h_ptr, h_all_ptr, c_all_ptr, gates_ptr, sync_ptr,
                      t_start, B, H, STEPS: tl.constexpr,
                      BLOCK_B: tl.constexpr, BLOCK_J: tl.constexpr, BLOCK_H: tl.constexpr,
                      SAVE_GATES: tl.constexpr, GRID_SYNC: tl.constexpr):
    """Steps t_start … t_start + STEPS − 1 (STEPS is a compile-time constant,
    so the loop bound is too). z_x (T, B, 4H); W_h (4H, H); h_all and
    c_all (T + 1, B, H), entry 0 holding h0 and c0, entry t + 1 written at
    step t; gates (T, B, 4H), written if SAVE_GATES; sync: one int32
    counter per row block, zero at launch, used if GRID_SYNC."""
    p, q = tl.program_id(0), tl.program_id(1)
    j = p * BLOCK_J + tl.arange(0, BLOCK_J)        # this program's hidden units
    b = q * BLOCK_B + tl.arange(0, BLOCK_B)        # this program's rows
    k = tl.arange(0, BLOCK_H)                      # all hidden units, for h_{t-1}
    jk = (j[:, None] < H) & (k[None, :] < H)
    bj = (b[:, None] < B) & (j[None, :] < H)
    bk = (b[:, None] < B) & (k[None, :] < H)
    # The weights, loaded once: rows k·H + j of W_h for the four gates.
    w = W_h_ptr + j[:, None] * H + k[None, :]
    W_i = tl.load(w, mask=jk, other=0.0).to(tl.float32)[None, :, :]
    W_f = tl.load(w + H * H, mask=jk, other=0.0).to(tl.float32)[None, :, :]
    W_g = tl.load(w + 2 * H * H, mask=jk, other=0.0).to(tl.float32)[None, :, :]
    W_o = tl.load(w + 3 * H * H, mask=jk, other=0.0).to(tl.float32)[None, :, :]
    state = b[:, None] * H + j[None, :]            # (BLOCK_B, BLOCK_J) offsets in (B, H)
    c = tl.load(c_all_ptr + t_start * B * H + state, mask=bj).to(tl.float32)
    out = h_all_ptr.dtype.element_ty
    for s in range(STEPS):
        t = t_start + s
        # h_{t-1} of this program's rows, all H units: (BLOCK_B, 1, BLOCK_H).
        h_prev = tl.load(h_all_ptr + t * B * H + b[:, None] * H + k[None, :], mask=bk,
                         other=0.0, cache_modifier=".cg").to(tl.float32)[:, None, :]
        z = z_x_ptr + t * B * 4 * H + b[:, None] * 4 * H + j[None, :]
        z_i = tl.load(z, mask=bj).to(tl.float32) + tl.sum(h_prev * W_i, axis=2)
        z_f = tl.load(z + H, mask=bj).to(tl.float32) + tl.sum(h_prev * W_f, axis=2)
        z_g = tl.load(z + 2 * H, mask=bj).to(tl.float32) + tl.sum(h_prev * W_g, axis=2)
        z_o = tl.load(z + 3 * H, mask=bj).to(tl.float32) + tl.sum(h_prev * W_o, axis=2)
        i, f, g, o = tl.sigmoid(z_i), tl.sigmoid(z_f), tanh(z_g), tl.sigmoid(z_o)
        c = f * c + i * g
        h = o * tanh(c)
        tl.store(h_all_ptr + (t + 1) * B * H + state, h.to(out), mask=bj)
        tl.store(c_all_ptr + (t + 1) * B * H + state, c.to(out), mask=bj)
        if SAVE_GATES:
            gate = gates_ptr + t * B * 4 * H + b[:, None] * 4 * H + j[None, :]
            tl.store(gate, i.to(out), mask=bj)
            tl.store(gate + H, f.to(out), mask=bj)
            tl.store(gate + 2 * H, g.to(out), mask=bj)
            tl.store(gate + 3 * H, o.to(out), mask=bj)
        # The barrier: h_t complete for these rows before anyone reads it.
        tl.debug_barrier()                         # this program's stores are done
        if GRID_SYNC:
            tl.atomic_add(sync_ptr + q, 1, sem="release", scope="gpu")
            target = (s + 1) * tl.num_programs(0)
            seen = tl.atomic_add(sync_ptr + q, 0, sem="acquire", scope="gpu")
            while seen < target:
                seen = tl.atomic_add(sync_ptr + q, 0, sem="acquire", scope="gpu")
            tl.debug_barrier()


def plan(B, H, device, mode="auto", block_j=None):
    """The launch layout: {'mode', 'BLOCK_B', 'BLOCK_J', 'BLOCK_H', 'grid'}.

    ``auto`` picks ``single`` when one program can hold all of W_h, else
    ``grid`` on a GPU whose SMs can hold one program per slice, else
    ``stepwise``. ``block_j`` overrides the slice width (a power of two).
    Raises ValueError for a ``mode`` these sizes or this device cannot run.
    """
    BLOCK_H = triton.next_power_of_2(H)
    BLOCK_B = min(triton.next_power_of_2(B), 16)
    n_b = triton.cdiv(B, BLOCK_B)
    cuda = torch.device(device).type == "cuda"
    sms = torch.cuda.get_device_properties(device).multi_processor_count if cuda else None
    fits_one = 4 * BLOCK_H * BLOCK_H <= MAX_REGISTER_WEIGHTS
    if mode == "auto":
        mode = "single" if fits_one else ("grid" if cuda else "stepwise")
    if mode == "single":
        if not fits_one:
            raise ValueError(f"persistent LSTM: mode 'single' holds all of W_h (4 × {H} × {H}) "
                             f"in one program; at most {MAX_REGISTER_WEIGHTS} elements fit")
        block_j = BLOCK_H
    elif mode in ("grid", "stepwise"):
        if block_j is None:
            per_program = MAX_REGISTER_WEIGHTS // (4 * BLOCK_H)
            spread = triton.cdiv(H, sms) if sms else 1       # one slice per SM at most
            block_j = max(1, min(triton.next_power_of_2(spread), per_program, BLOCK_H))
        if mode == "grid":
            if not cuda:
                raise ValueError("persistent LSTM: mode 'grid' spins on a global barrier and "
                                 "needs a CUDA device (the interpreter runs programs one by one)")
            if triton.cdiv(H, block_j) * n_b > sms:
                raise ValueError(f"persistent LSTM: mode 'grid' needs every program resident: "
                                 f"{triton.cdiv(H, block_j) * n_b} programs for H = {H}, "
                                 f"B = {B}, but the GPU has {sms} SMs")
    else:
        raise ValueError(f"persistent LSTM: mode must be 'auto', 'single', 'grid' or "
                         f"'stepwise', got {mode!r}")
    return {"mode": mode, "BLOCK_B": BLOCK_B, "BLOCK_J": block_j, "BLOCK_H": BLOCK_H,
            "grid": (triton.cdiv(H, block_j), n_b)}


def persistent_steps(z_x, h0, c0, W_h, mode="auto", block_j=None, save_gates=True):
    """The recurrence by ``persistent_kernel``. Shapes: see
    ``course.fast_lstm.recurrence``; ``saved`` is the gates, (T, B, 4H)
    (left empty unless ``save_gates``)."""
    check_device("triton_persistent", z_x)
    T, B, H4 = z_x.shape
    H = H4 // 4
    layout = plan(B, H, z_x.device, mode, block_j)
    h_all = z_x.new_empty(T + 1, B, H)
    c_all = z_x.new_empty(T + 1, B, H)
    h_all[0], c_all[0] = h0, c0
    gates = torch.empty_like(z_x) if save_gates else z_x.new_empty(0)
    sync = torch.zeros(layout["grid"][1], dtype=torch.int32, device=z_x.device)
    z_x, W_h = z_x.contiguous(), W_h.contiguous()
    blocks = {k: layout[k] for k in ("BLOCK_B", "BLOCK_J", "BLOCK_H")}
    launches = [(t, 1) for t in range(T)] if layout["mode"] == "stepwise" else [(0, T)]
    for t_start, steps in launches:
        persistent_kernel[layout["grid"]](z_x, W_h, h_all, c_all, gates, sync, t_start, B, H,
                                          STEPS=steps, SAVE_GATES=save_gates,
                                          GRID_SYNC=layout["mode"] == "grid",
                                          num_warps=NUM_WARPS, **blocks)
    return h_all, c_all, gates




def persistent_lstm(mode="auto", block_j=None):
    """A variant with the signature of ``course.fast_lstm`` that runs
    ``persistent_steps`` with this ``mode`` and ``block_j`` (see ``plan``)."""
    function = lstm_function("triton_persistent",
                             functools.partial(persistent_steps, mode=mode, block_j=block_j),
                             cell_backward)

    def variant(x, h0, c0, W_x, W_h, b_x, b_h):
        return function.apply(x, h0, c0, W_x, W_h, b_x, b_h)
    return variant


triton_persistent = persistent_lstm()
"""The persistent forward kernel, layout chosen by ``plan``, with the Triton
fused-cell backward pass."""
