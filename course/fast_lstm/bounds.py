"""A lower bound on the time of one LSTM layer's pass over a sequence.

Two limits, each a floor on the time:

* arithmetic: forward 2 · 4H · (D + H) · B · T floating-point operations
  (a multiply and an add per weight, per example, per step); the backward
  pass does about twice that (dx and dh, then dW), so forward + backward is
  three times the forward count;
* memory: the T recurrent products h_{t-1} W_hᵀ are sequential, and unless
  W_h (4H × H) is kept on the chip between steps each one reads it again:
  T · 4H · H · itemsize bytes forward, twice that forward + backward.

The bound is the larger of the two times. It ignores launch latency and the
traffic of x, h, c and the gates, so real code can only be slower.
"""

# Documented peaks. NVIDIA lists tensor-core rates with 2:4 structured
# sparsity; the dense rates used here are half of those.
GPU_PEAKS = {
    "H200": {
        "source": "NVIDIA H200 Tensor Core GPU datasheet, H200 SXM column "
                  "(https://www.nvidia.com/en-us/data-center/h200/): FP32 67 TFLOPS; "
                  "TF32 Tensor Core 989 TFLOPS and BF16/FP16 Tensor Core 1,979 TFLOPS "
                  "listed with sparsity, halved here for dense; HBM3e 4.8 TB/s",
        "flops": {"float32": 67e12, "tf32": 494.5e12, "bfloat16": 989.5e12,
                  "float16": 989.5e12, "float64": 34e12},
        "bandwidth": 4.8e12,
    },
}


def gpu_peaks(device_name):
    """The GPU_PEAKS entry whose key occurs in ``device_name``, else None."""
    return next((v for k, v in GPU_PEAKS.items() if k in device_name), None)


def lstm_flops(T, B, D, H):
    """Floating-point operations of (forward, forward + backward)."""
    fwd = 2 * 4 * H * (D + H) * B * T
    return fwd, 3 * fwd


def lower_bound(T, B, D, H, itemsize, peak_flops, bandwidth=None):
    """Lower bound for sizes (T, B, D, H) with elements of ``itemsize`` bytes,
    a peak rate ``peak_flops`` (FLOP/s) and a memory bandwidth (bytes/s; None
    leaves out the memory term).

    Returns {"fwd": {...}, "fwd_bwd": {...}}, each with flops, weight_bytes,
    compute_s, memory_s (None without a bandwidth) and bound_s.
    """
    flops = lstm_flops(T, B, D, H)
    weight_bytes = T * 4 * H * H * itemsize
    out = {}
    for mode, f, nbytes in (("fwd", flops[0], weight_bytes),
                            ("fwd_bwd", flops[1], 2 * weight_bytes)):
        compute = f / peak_flops
        memory = nbytes / bandwidth if bandwidth else None
        out[mode] = {"flops": f, "weight_bytes": nbytes, "compute_s": compute,
                     "memory_s": memory, "bound_s": max(compute, memory or 0.0)}
    return out
