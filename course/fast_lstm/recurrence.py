"""The frame shared by the variants with a hand-written backward pass.

Forward: the input projection of all steps is one product, then a
``steps_forward`` runs the recurrence. Backward: a loop over time computes
only what is sequential, dz_t and dh_{t-1} = dz_t W_h; after it, dx, dW_x,
dW_h and db are one product (or sum) each. The variants differ only in the
two functions they plug in:

``steps_forward(z_x, h0, c0, W_h) -> (h_all, c_all, saved)``
    z_x : (T, B, 4H) input projection plus bias; h0, c0 : (B, H);
    h_all, c_all : (T + 1, B, H) with h_all[0] = h0, c_all[0] = c0;
    saved : indexable by t, what ``cell_backward`` needs at step t.
``cell_backward(dh_out, dh_next, dc, saved_t, c_t, c_prev) -> (dz, dc_prev)``
    dh_out : gradient of the step's output h_t, dh_next : gradient reaching
    h_t through step t + 1, dc : gradient of c_t, all (B, H);
    dz : (B, 4H) gradient of the pre-activation, dc_prev : (B, H).
"""
import torch

from course.fast_lstm.checks import check_args


def lstm_function(name, steps_forward, cell_backward):
    """A ``torch.autograd.Function`` subclass; call its ``apply`` with the
    variants' signature (see ``course.fast_lstm``)."""

    class LSTMFunction(torch.autograd.Function):

        @staticmethod
        def forward(ctx, x, h0, c0, W_x, W_h, b_x, b_h):
            T, B, D, H = check_args(name, x, h0, c0, W_x, W_h, b_x, b_h)
            z_x = torch.addmm(b_x + b_h, x.reshape(T * B, D), W_x.T).view(T, B, 4 * H)
            h_all, c_all, saved = steps_forward(z_x, h0, c0, W_h)
            ctx.save_for_backward(x, W_x, W_h)
            ctx.h_all, ctx.c_all, ctx.saved = h_all, c_all, saved
            return h_all[1:], h_all[T].clone(), c_all[T].clone()

        @staticmethod
        def backward(ctx, d_hs, d_hn, d_cn):
            x, W_x, W_h = ctx.saved_tensors
            h_all, c_all, saved = ctx.h_all, ctx.c_all, ctx.saved
            T, B, D = x.shape
            H = W_h.shape[1]
            dz = [None] * T
            dh, dc = d_hn, d_cn            # gradients reaching h_T and c_T directly
            for t in reversed(range(T)):
                dz[t], dc = cell_backward(d_hs[t], dh, dc, saved[t], c_all[t + 1], c_all[t])
                dh = dz[t] @ W_h
            dz = torch.stack(dz).view(T * B, 4 * H)
            need = ctx.needs_input_grad
            dx = (dz @ W_x).view(T, B, D) if need[0] else None
            dW_x = dz.T @ x.reshape(T * B, D) if need[3] else None
            dW_h = dz.T @ h_all[:T].reshape(T * B, H) if need[4] else None
            db = dz.sum(0)
            return (dx, dh if need[1] else None, dc if need[2] else None, dW_x, dW_h,
                    db if need[5] else None, db.clone() if need[6] else None)

    LSTMFunction.__name__ = LSTMFunction.__qualname__ = f"LSTMFunction_{name}"
    return LSTMFunction
