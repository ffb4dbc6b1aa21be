"""Replay an LSTM variant's forward and backward passes as CUDA graphs."""
import torch


class GraphedLSTM:
    """Capture ``fn(*args)`` (forward) and ``fn(*args)`` followed by the
    backward pass (forward + backward) as two CUDA graphs.

    A graph records every kernel of a pass once; replaying it launches them
    all with one call, so the CPU no longer pays a launch per kernel. The
    inputs, outputs and gradients live in fixed ("static") buffers: to run
    on new data, copy it into ``args`` in place (``args[0].copy_(x_new)``).

    Parameters
    ----------
    fn : a variant from ``course.fast_lstm`` (signature there)
    args : (x, h0, c0, W_x, W_h, b_x, b_h), CUDA tensors, shapes as in
        ``course.fast_lstm``; those with ``requires_grad`` get gradients
    grad_hs : (T, B, H) upstream gradient of the outputs hs
    warmup : eager runs before capture (torch.compile compiles on the first ones)

    After ``forward()``, ``outputs`` holds (hs, h_n, c_n). After
    ``forward_backward()``, ``train_outputs`` holds them and each argument's
    ``.grad`` holds its gradient (overwritten, not accumulated, by each replay).
    """

    def __init__(self, fn, args, grad_hs, warmup=3):
        if not torch.cuda.is_available() or not all(a.is_cuda for a in args):
            raise ValueError("GraphedLSTM: args must be CUDA tensors on a machine with CUDA")
        self.args, self.grad_hs = args, grad_hs
        leaves = [a for a in args if a.requires_grad]
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):          # warm up off the capture stream
            for _ in range(warmup):
                for a in leaves:
                    a.grad = None
                fn(*args)[0].backward(grad_hs)
        torch.cuda.current_stream().wait_stream(side)
        torch.cuda.synchronize()
        for a in leaves:
            a.grad = None                      # gradients will be allocated in the graph's pool
        self._forward = torch.cuda.CUDAGraph()
        with torch.cuda.graph(self._forward):
            self.outputs = fn(*args)
        self._train = torch.cuda.CUDAGraph()
        with torch.cuda.graph(self._train):
            self.train_outputs = fn(*args)
            self.train_outputs[0].backward(grad_hs)
        torch.cuda.synchronize()

    def forward(self):
        """Replay the forward pass; results in ``outputs``."""
        self._forward.replay()

    def forward_backward(self):
        """Replay forward + backward; gradients in each argument's ``.grad``."""
        self._train.replay()
