#!/usr/bin/env python3
"""Time one-layer LSTM implementations side by side, forward and forward+backward.

    python3 benchmarks/lstm_speed.py --device cpu     # writes book/data/benchmarks/cpu.json
    python3 benchmarks/lstm_speed.py --device cuda    # writes book/data/benchmarks/cuda.json
    python3 benchmarks/lstm_speed.py --tiny --output /tmp/smoke.json   # a few seconds

Needs only torch and numpy (plus this repository's ``course`` and
``solutions`` packages, found from the script's own path). Every variant is
first checked against ``torch.nn.LSTM`` on a small problem (outputs and the
gradients of x, h0, c0 and every parameter); one that fails, or raises, is
recorded with its error and the run goes on. Variants are then timed in
turns (one repetition of each, then the next repetition), so that a change
in machine load hits all of them alike; each time is a whole pass over T
steps. See benchmarks/README.md for what the ratios mean.
"""
import argparse
import datetime
import gc
import importlib
import json
import math
import os
import platform
import sys
import time
import traceback
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# (T, B, D, H)
MAIN_SIZES = {"fastrnns": (100, 64, 512, 512), "large": (100, 256, 1024, 1024)}
SWEEP_BATCHES = (1, 8, 64, 256)            # at T = 100, D = H = 512
FLASHRNN_SIZE = (1024, 16, 768, 768)       # FlashRNN's published comparison size (CUDA only)
TINY_MAIN = {"fastrnns": (6, 4, 8, 8), "large": (6, 8, 16, 16)}
TINY_BATCHES = (1, 4)
CHECK_SIZE = (4, 3, 5, 6)                  # correctness check before timing

VARIANT_INFO = {
    "nn_lstm": "torch.nn.LSTM (cuDNN on a GPU; PyTorch's CPU kernel on a CPU): the reference",
    "nn_lstm_native": "torch.nn.LSTM with cuDNN disabled (GPU) or oneDNN disabled (CPU)",
    "numpy_reference": "the course's NumPy reference solutions.lstm.lstm_forward / lstm_backward",
    "numpy_fast": "course.fast_lstm.numpy_lstm: NumPy with the input product hoisted, one exp "
                  "for all four gates in place, preallocated buffers, one product per weight "
                  "gradient",
    "torch_lstm": "the course's solutions.torch_lstm.LSTM (hoisted projection, autograd)",
    "per_gate": "eager cell loop with eight weight matrices, one per gate and input",
    "stacked": "four gates stacked into W_x (4H, D) and W_h (4H, H): two products per step",
    "hoisted": "input projection of all T steps as one product before the loop",
    "fused_cell": "hoisted + the element-wise cell compiled by torch.compile (inductor), "
                  "forward and backward",
    "custom_backward": "fused cell + hand-written backward: dW_x, dW_h, dx, db as single "
                       "products after the loop",
    "cuda_graph": "custom_backward captured and replayed as CUDA graphs",
    "triton_cell": "cuBLAS products + a hand-written Triton cell kernel, forward and backward",
    "triton_persistent": "one Triton launch for the whole forward sequence, W_h held on chip "
                         "(grid-wide barrier between steps); backward as triton_cell",
}
TRITON_VARIANTS = {"triton_cell": ("course.fast_lstm.triton_cell", "triton_cell"),
                   "triton_persistent": ("course.fast_lstm.triton_persistent",
                                         "triton_persistent")}
REFERENCE = "nn_lstm"
# On 2 CPU cores one forward+backward pass at the large size takes seconds:
# there only these variants are timed by default.
CPU_LARGE_VARIANTS = ("nn_lstm", "numpy_fast", "custom_backward")
TOLERANCE = {"float64": 1e-9, "float32": 1e-4, "tf32": 2e-2, "bfloat16": 6e-2,
             "float16": 2e-2}


class Skip(Exception):
    """A variant that does not apply here (the message says why)."""


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    p.add_argument("--threads", type=int, default=None,
                   help="CPU threads for torch and for NumPy's BLAS (default on cpu: the cores "
                        "this process may use; on cuda: left as they are)")
    p.add_argument("--dtypes", default=None,
                   help="comma list from float32, float64, bfloat16, float16 "
                        "(default: float32 on cpu, float32,bfloat16 on cuda)")
    p.add_argument("--sizes", default=None,
                   help="replace the default sizes: 'T,B,D,H;T,B,D,H' (no batch sweep)")
    p.add_argument("--no-sweep", action="store_true", help="skip the batch sweep")
    p.add_argument("--tiny", action="store_true", help="tiny sizes and few repetitions (smoke test)")
    p.add_argument("--variants", default=None, help="comma list of variants to run (default: all)")
    p.add_argument("--large-variants", default=None,
                   help="comma list of variants timed at the large size (default on cpu: "
                        + ",".join(CPU_LARGE_VARIANTS) + "; on cuda: all)")
    p.add_argument("--warmup", type=int, default=None, help="warm-up rounds (default 1 cpu, 3 cuda)")
    p.add_argument("--large-warmup", type=int, default=None,
                   help="warm-up rounds at the large size (default 0 cpu, where one call "
                        "takes seconds; --warmup on cuda)")
    p.add_argument("--reps", type=int, default=None,
                   help="timed rounds per size at most (default 5 cpu, 15 cuda)")
    p.add_argument("--min-reps", type=int, default=None,
                   help="timed rounds per size at least, whatever the budget (default 1 cpu, 5 cuda)")
    p.add_argument("--budget", type=float, default=None,
                   help="seconds of timing for the whole run; repetitions per size are cut "
                        "to fit (default 200 cpu, 120 cuda)")
    p.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                   help="cpu only: 'wall' (time.perf_counter) or 'cpu' (time.process_time, the "
                        "CPU time of this process: steadier on a machine shared with other "
                        "jobs; use it with --threads 1)")
    p.add_argument("--tf32", action="store_true",
                   help="allow TF32 tensor cores for float32 in both cuBLAS and cuDNN "
                        "(default: off in both, so that every variant does FP32 arithmetic)")
    p.add_argument("--output", default=None,
                   help="JSON path (default book/data/benchmarks/<device>.json)")
    a = p.parse_args(argv)
    cpu = a.device == "cpu"
    if a.clock == "cpu" and not cpu:
        p.error("--clock cpu applies to --device cpu only (CUDA events time the GPU)")
    a.dtypes = (a.dtypes or ("float32" if cpu else "float32,bfloat16")).split(",")
    for d in a.dtypes:
        if d not in ("float32", "float64", "bfloat16", "float16"):
            p.error(f"--dtypes: unknown dtype {d!r}")
    if a.tiny:
        a.warmup = 1 if a.warmup is None else a.warmup
        a.reps = 2 if a.reps is None else a.reps
        a.min_reps = 1 if a.min_reps is None else a.min_reps
    a.warmup = (1 if cpu else 3) if a.warmup is None else a.warmup
    a.reps = (5 if cpu else 15) if a.reps is None else a.reps
    if a.large_warmup is None:
        a.large_warmup = 0 if cpu and not a.tiny else a.warmup
    a.min_reps = (1 if cpu else 5) if a.min_reps is None else a.min_reps
    a.budget = (200.0 if cpu else 120.0) if a.budget is None else a.budget
    if a.threads is None and cpu:
        a.threads = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") \
            else os.cpu_count()
    a.output = Path(a.output) if a.output else REPO / "book" / "data" / "benchmarks" / f"{a.device}.json"
    if a.variants is not None:
        a.variants = a.variants.split(",")
        unknown = set(a.variants) - set(VARIANT_INFO)
        if unknown:
            p.error(f"--variants: unknown {sorted(unknown)}; known: {sorted(VARIANT_INFO)}")
        if REFERENCE not in a.variants:
            a.variants.insert(0, REFERENCE)
    else:
        a.variants = list(VARIANT_INFO)
    if a.large_variants is not None:
        a.large_variants = a.large_variants.split(",")
    elif cpu and not a.tiny:
        a.large_variants = list(CPU_LARGE_VARIANTS)
    return a


def size_list(args):
    """Sizes to time, in order: [{'name', 'T', 'B', 'D', 'H', 'labels'}]. The
    large size goes last so that it gets whatever time the others left."""
    if args.sizes:
        out = []
        for k, s in enumerate(args.sizes.split(";")):
            T, B, D, H = (int(v) for v in s.split(","))
            out.append({"name": f"size{k}", "T": T, "B": B, "D": D, "H": H, "labels": ["custom"]})
        return out
    main = TINY_MAIN if args.tiny else MAIN_SIZES
    batches = () if args.no_sweep else (TINY_BATCHES if args.tiny else SWEEP_BATCHES)
    T, _, D, H = main["fastrnns"]
    out = [{"name": "fastrnns", "T": T, "B": main["fastrnns"][1], "D": D, "H": H,
            "labels": ["fastrnns"]}]
    for B in batches:
        if B == out[0]["B"]:
            out[0]["labels"].append("batch_sweep")
        else:
            out.append({"name": f"batch_{B}", "T": T, "B": B, "D": D, "H": H,
                        "labels": ["batch_sweep"]})
    if args.device == "cuda" and not args.tiny:
        T, B, D, H = FLASHRNN_SIZE
        out.append({"name": "flashrnn", "T": T, "B": B, "D": D, "H": H, "labels": ["flashrnn"]})
    T, B, D, H = main["large"]
    out.append({"name": "large", "T": T, "B": B, "D": D, "H": H, "labels": ["large"]})
    return out


def set_threads(n):
    """Same thread count for NumPy's BLAS (read when NumPy loads) and torch."""
    if n is not None:
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = str(n)


def main(argv=None):
    args = parse_args(argv)
    set_threads(args.threads)
    import numpy as np
    import torch
    sys.path.insert(0, str(REPO))
    from course.fast_lstm import VARIANTS, GraphedLSTM, numpy_lstm
    from course.fast_lstm.bounds import gpu_peaks as find_gpu_peaks
    from course.fast_lstm.bounds import lower_bound
    from solutions import lstm as numpy_reference
    from solutions.torch_lstm import LSTM as CourseLSTM
    numpy_variants = {"numpy_reference": numpy_reference, "numpy_fast": numpy_lstm}

    if args.threads is not None:
        torch.set_num_threads(args.threads)
    if args.device == "cuda" and not torch.cuda.is_available():
        sys.exit("lstm_speed.py: --device cuda, but torch.cuda.is_available() is False")
    device = torch.device(args.device)
    cuda = device.type == "cuda"
    if cuda:
        set_tf32(torch, args.tf32)
    started = time.perf_counter()

    def timed(fn):
        """Seconds taken by fn(): CUDA events on a GPU; on a CPU the wall clock
        or, with --clock cpu, this process's CPU time."""
        if cuda:
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            torch.cuda.synchronize()
            start.record()
            fn()
            end.record()
            end.synchronize()
            return start.elapsed_time(end) / 1e3
        clock = time.process_time if args.clock == "cpu" else time.perf_counter
        t0 = clock()
        fn()
        return clock() - t0

    def free_cuda():
        gc.collect()
        if cuda:
            try:
                torch.cuda.empty_cache()
            except Exception as e:             # noqa: BLE001 (a broken context is reported per variant)
                print(f"empty_cache raised {e!r}", flush=True)

    # ---- one problem: an nn.LSTM's weights, inputs, upstream gradient ----------
    def problem(T, B, D, H, dtype, dev, seed=0):
        torch.manual_seed(seed)
        ref = torch.nn.LSTM(D, H).to(dev, dtype)
        x = torch.randn(T, B, D, device=dev, dtype=dtype, requires_grad=True)
        h0 = (0.5 * torch.randn(B, H, device=dev, dtype=dtype)).requires_grad_()
        c0 = (0.5 * torch.randn(B, H, device=dev, dtype=dtype)).requires_grad_()
        grad_hs = torch.randn(T, B, H, device=dev, dtype=dtype)
        return ref, x, h0, c0, grad_hs

    def build(name, ref, x, h0, c0, grad_hs):
        """(call, fwd, fwd_bwd, grads) for one variant. call() returns
        (hs, h_n, c_n) as tensors (or arrays); grads() the gradients of
        (x, h0, c0, W_x, W_h, b_x, b_h) after fwd_bwd()."""
        params = [ref.weight_ih_l0, ref.weight_hh_l0, ref.bias_ih_l0, ref.bias_hh_l0]
        leaves = [x, h0, c0, *params]
        dtype_name = str(x.dtype).replace("torch.", "")

        def autograd_pair(call, own=None):
            own = own or leaves

            def fwd():
                call()

            def fwd_bwd():
                for a in own:
                    a.grad = None
                call()[0].backward(grad_hs)

            def grads():
                return [a.grad for a in own]
            return call, fwd, fwd_bwd, grads

        if name == "nn_lstm":
            def call():
                hs, (h_n, c_n) = ref(x, (h0[None], c0[None]))
                return hs, h_n[0], c_n[0]
            return autograd_pair(call)
        if name == "nn_lstm_native":
            backend = torch.backends.cudnn if cuda else torch.backends.mkldnn

            def call():
                was = backend.enabled
                backend.enabled = False        # cuDNN (GPU) or oneDNN (CPU) off for this call
                try:
                    hs, (h_n, c_n) = ref(x, (h0[None], c0[None]))
                finally:
                    backend.enabled = was
                return hs, h_n[0], c_n[0]
            return autograd_pair(call)
        if name == "torch_lstm":
            course = CourseLSTM(ref.input_size, ref.hidden_size).to(x.device, x.dtype)
            course.load_state_dict(ref.state_dict())
            own = [x, h0, c0, course.weight_ih_l0, course.weight_hh_l0,
                   course.bias_ih_l0, course.bias_hh_l0]

            def call():
                hs, (h_n, c_n) = course(x, (h0[None], c0[None]))
                return hs, h_n[0], c_n[0]
            return autograd_pair(call, own)
        if name in VARIANTS:
            fn = VARIANTS[name]
            return autograd_pair(lambda: fn(x, h0, c0, *params))
        if name in TRITON_VARIANTS:
            return autograd_pair(triton_variant(name, x, h0, c0, params))
        if name in numpy_variants:
            lstm_forward = numpy_variants[name].lstm_forward
            lstm_backward = numpy_variants[name].lstm_backward
            if cuda:
                raise Skip("NumPy runs on the CPU only")
            if dtype_name not in ("float32", "float64"):
                raise Skip(f"NumPy has no {dtype_name}")
            W_x, W_h = (p.detach().numpy().copy() for p in params[:2])
            b = (params[2] + params[3]).detach().numpy().copy()
            xn, h0n, c0n = (a.detach().numpy().copy() for a in (x, h0, c0))
            dhs = grad_hs.numpy().copy()
            out = {}

            def call():
                hs, cs, out["cache"] = lstm_forward(xn, h0n, c0n, W_x, W_h, b)
                return hs, hs[-1], cs[-1]

            def fwd():
                lstm_forward(xn, h0n, c0n, W_x, W_h, b)

            def fwd_bwd():
                out["grads"] = lstm_backward(dhs, lstm_forward(xn, h0n, c0n, W_x, W_h, b)[2])

            def grads():
                dx, dh0, dc0, dW_x, dW_h, db = out["grads"]
                return [dx, dh0, dc0, dW_x, dW_h, db, db]
            return call, fwd, fwd_bwd, grads
        if name == "cuda_graph":
            if not cuda:
                raise Skip("CUDA graphs need a CUDA device")
            g = GraphedLSTM(VARIANTS["custom_backward"], (x, h0, c0, *params), grad_hs)

            def call():
                g.forward_backward()
                return g.train_outputs

            def grads():
                return [a.grad for a in leaves]
            return call, g.forward, g.forward_backward, grads
        raise Skip(f"unknown variant {name}")

    def triton_variant(name, x, h0, c0, params):
        """A call running one of the Triton variants, or Skip saying why it cannot run."""
        if not cuda:
            raise Skip("Triton kernels are compiled for CUDA devices; on a CPU the tests run "
                       "them in Triton's interpreter (tests/course/test_triton_kernels.py)")
        try:
            module = importlib.import_module(TRITON_VARIANTS[name][0])
        except ImportError as e:
            raise Skip(f"Triton is not importable here: {e!r}") from e
        if name == "triton_persistent":
            try:
                module.plan(*h0.shape, x.device)
            except ValueError as e:
                raise Skip(str(e)) from e
        fn = getattr(module, TRITON_VARIANTS[name][1])
        return lambda: fn(x, h0, c0, *params)

    # ---- correctness check against nn.LSTM in float64 on the CPU ---------------
    def check(name, dtype):
        T, B, D, H = CHECK_SIZE
        ref64, x64, h064, c064, g64 = problem(T, B, D, H, torch.float64, torch.device("cpu"), seed=1)
        hs, (h_n, c_n) = ref64(x64, (h064[None], c064[None]))
        hs.backward(g64)
        expected = [hs, h_n[0], c_n[0]] + [a.grad for a in (x64, h064, c064, ref64.weight_ih_l0,
                                                             ref64.weight_hh_l0, ref64.bias_ih_l0,
                                                             ref64.bias_hh_l0)]
        ref, x, h0, c0, g = problem(T, B, D, H, dtype, device, seed=1)
        ref.load_state_dict(ref64.state_dict())
        with torch.no_grad():
            for a, a64 in ((x, x64), (h0, h064), (c0, c064)):
                a.copy_(a64)
            g.copy_(g64)
        call, _, fwd_bwd, grads = build(name, ref, x, h0, c0, g)
        for _ in range(3):                     # torch.compile compiles on the first calls
            fwd_bwd()
        outs = list(call())
        fwd_bwd()
        got = outs + list(grads())
        err = 0.0
        for e, v in zip(expected, got):
            v = torch.as_tensor(np.asarray(v) if not torch.is_tensor(v) else v.detach())
            e = e.detach()
            err = max(err, float((v.double().cpu() - e).abs().max() / max(1.0, float(e.abs().max()))))
        key = "tf32" if (dtype == torch.float32 and cuda and args.tf32) else str(dtype)[6:]
        return err, TOLERANCE[key]

    # ---- hardware lower bound ---------------------------------------------------
    def measured_gemm(dtype):
        n = 4096 if cuda else 1024
        a = torch.randn(n, n, device=device, dtype=dtype)
        b = torch.randn(n, n, device=device, dtype=dtype)
        best = math.inf
        for _ in range(4):
            best = min(best, timed(lambda: torch.mm(a, b)))
        return 2 * n ** 3 / best

    hardware = {"gemm_flops_measured": {}}
    gpu_peaks = None
    if cuda:
        name = torch.cuda.get_device_name(device)
        gpu_peaks = find_gpu_peaks(name)
        hardware["peak_source"] = gpu_peaks["source"] if gpu_peaks else \
            f"no documented peaks in this script for {name!r}; no bound computed"
        hardware["bandwidth_bytes_per_s"] = gpu_peaks["bandwidth"] if gpu_peaks else None
    else:
        hardware["peak_source"] = ("CPU: the compute bound uses the float32 matrix-product rate "
                                   "measured in this run (best of 4 n = 1024 products), an "
                                   "attainable rate rather than the data-sheet peak; no "
                                   "memory term (the weights fit in the caches)")
        hardware["bandwidth_bytes_per_s"] = None
    for d in args.dtypes:
        try:
            hardware["gemm_flops_measured"][d] = measured_gemm(getattr(torch, d))
        except Exception as e:                 # noqa: BLE001
            hardware["gemm_flops_measured"][d] = None
            hardware.setdefault("errors", []).append(f"gemm {d}: {e!r}")

    def peak_for(dtype_name):
        if cuda:
            if gpu_peaks is None:
                return None
            key = "tf32" if dtype_name == "float32" and args.tf32 else dtype_name
            return gpu_peaks["flops"].get(key)
        return hardware["gemm_flops_measured"].get(dtype_name)

    def bound(T, B, D, H, dtype_name, itemsize):
        """See course.fast_lstm.bounds; None where no peak rate is known."""
        peak = peak_for(dtype_name)
        if not peak:
            return None
        bw = hardware["bandwidth_bytes_per_s"]
        return {"peak_flops": peak, "bandwidth_bytes_per_s": bw,
                **lower_bound(T, B, D, H, itemsize, peak, bw)}

    # NumPy's matrix products against PyTorch's, on the fastrnns shapes (CPU).
    blas = None if cuda else blas_comparison(
        np, torch, *(TINY_MAIN if args.tiny else MAIN_SIZES)["fastrnns"], reps=1 if args.tiny else 5,
        clock=time.process_time if args.clock == "cpu" else time.perf_counter)

    # ---- the run ---------------------------------------------------------------
    dtypes = [getattr(torch, d) for d in args.dtypes]
    checks = {}
    for dtype in dtypes:
        dn = str(dtype)[6:]
        checks[dn] = {}
        for name in args.variants:
            try:
                err, tol = check(name, dtype)
                checks[dn][name] = {"status": "ok" if err <= tol else "error",
                                    "max_rel_err": err, "tolerance": tol}
                if err > tol:
                    checks[dn][name]["reason"] = f"check failed: error {err:.2e} > {tol:.0e}"
            except Skip as s:
                checks[dn][name] = {"status": "skipped", "reason": str(s)}
            except Exception as e:             # noqa: BLE001
                checks[dn][name] = {"status": "error", "reason": f"check raised {e!r}",
                                    "traceback": traceback.format_exc(limit=4)}
            print(f"check {dn:9s} {name:16s} {checks[dn][name]['status']}"
                  f" {checks[dn][name].get('max_rel_err', checks[dn][name].get('reason', ''))}",
                  flush=True)

    sizes = size_list(args)
    jobs = [(s, dtype) for dtype in dtypes for s in sizes]
    timing_start = time.perf_counter()
    configs = []
    for k, (size, dtype) in enumerate(jobs):
        dn = str(dtype)[6:]
        T, B, D, H = size["T"], size["B"], size["D"], size["H"]
        spent = time.perf_counter() - timing_start
        share = max(0.0, args.budget - spent) / (len(jobs) - k)
        cfg = {**size, "dtype": dn, "reference": REFERENCE,
               "bound": bound(T, B, D, H, dn, torch.empty((), dtype=dtype).element_size()),
               "variants": {}}
        configs.append(cfg)
        try:
            ref, x, h0, c0, grad_hs = problem(T, B, D, H, dtype, device)
        except Exception as e:                 # noqa: BLE001 (e.g. out of memory)
            for name in args.variants:
                cfg["variants"][name] = {"status": "error", "reason": f"setup raised {e!r}",
                                         "ratio_to_reference": None, "ratio_to_bound": None}
            cfg["warmup"] = cfg["reps"] = 0
            print(f"{size['name']:9s} {dn:9s} setup raised {e!r}", flush=True)
            continue
        runners, ref_out = {}, None
        for name in args.variants:
            entry = cfg["variants"][name] = {"status": checks[dn][name]["status"],
                                             "reason": checks[dn][name].get("reason")}
            if entry["status"] != "ok":
                continue
            if "large" in size["labels"] and args.large_variants is not None \
                    and name not in args.large_variants + [REFERENCE]:
                entry.update(status="skipped", reason="not timed at the large size in this run "
                             "(--large-variants), to keep the run short")
                continue
            try:
                call, fwd, fwd_bwd, _ = build(name, ref, x, h0, c0, grad_hs)
                hs = call()[0]
                hs = torch.as_tensor(hs).to(device) if not torch.is_tensor(hs) else hs.detach().clone()
                if ref_out is None:
                    ref_out = hs
                entry["max_abs_diff_hs_vs_reference"] = float((hs.float() - ref_out.float()).abs().max())
                runners[name] = (fwd, fwd_bwd)
            except Skip as s:
                entry.update(status="skipped", reason=str(s))
            except Exception as e:             # noqa: BLE001
                entry.update(status="error", reason=f"setup raised {e!r}")
        times = {n: {"fwd": [], "fwd_bwd": []} for n in runners}

        def one_round(runners, times, cfg, record):
            for n in list(runners):
                try:
                    for mode, fn in zip(("fwd", "fwd_bwd"), runners[n]):
                        t = timed(fn)
                        if record:
                            times[n][mode].append(t)
                except Exception as err:       # noqa: BLE001
                    cfg["variants"][n].update(status="error", reason=f"timing raised {err!r}")
                    del runners[n]
                    free_cuda()

        warmup = args.large_warmup if "large" in size["labels"] else args.warmup
        round_s = math.inf
        for _ in range(warmup):
            t0 = time.perf_counter()
            one_round(runners, times, cfg, False)
            round_s = time.perf_counter() - t0
        if warmup == 0 or not math.isfinite(round_s):
            t0 = time.perf_counter()
            one_round(runners, times, cfg, True)
            round_s = time.perf_counter() - t0
        done = len(next(iter(times.values()), {"fwd": []})["fwd"])
        reps = max(args.min_reps, min(args.reps, int(share / max(round_s, 1e-9))))
        for _ in range(max(0, reps - done)):
            one_round(runners, times, cfg, True)
        cfg["warmup"], cfg["reps"] = warmup, reps
        for n, tt in times.items():
            if cfg["variants"][n]["status"] == "ok":
                cfg["variants"][n].update({m: stats(np, v, T) for m, v in tt.items()})
        fill_ratios(cfg)
        print(f"{size['name']:9s} {dn:9s} T={T} B={B} D={D} H={H} reps={reps} "
              f"({time.perf_counter() - started:.0f} s)", flush=True)
        for n, e in cfg["variants"].items():
            if e["status"] == "ok":
                r = e.get("ratio_to_reference") or {}
                print(f"    {n:16s} fwd {e['fwd']['median_s'] * 1e3:9.2f} ms  fwd+bwd "
                      f"{e['fwd_bwd']['median_s'] * 1e3:9.2f} ms  ×ref {r.get('fwd_bwd', float('nan')):.2f}",
                      flush=True)
            else:
                print(f"    {n:16s} {e['status']}: {e['reason']}", flush=True)
        del runners, times, ref, x, h0, c0, grad_hs, ref_out
        free_cuda()

    result = {
        "schema_version": 1,
        "created_utc": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": "python3 benchmarks/lstm_speed.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "device": args.device,
        "device_name": torch.cuda.get_device_name(device) if cuda else cpu_name(),
        "platform": platform.platform(),
        "python_version": platform.python_version(),
        "torch_version": torch.__version__,
        "numpy_version": np.__version__,
        "numpy_blas": numpy_blas(np),
        "cuda_version": torch.version.cuda,
        "cudnn_version": torch.backends.cudnn.version() if cuda else None,
        "threads": {"torch": torch.get_num_threads(),
                    "blas_env": {v: os.environ.get(v) for v in
                                 ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")},
                    "cpu_count": os.cpu_count()},
        "settings": settings(torch, cuda),
        "triton_version": triton_version(),
        "timing": {"method": "CUDA events around each call" if cuda else (
                       "time.process_time (CPU time of this process)" if args.clock == "cpu"
                       else "time.perf_counter (wall clock)"),
                   "forward": "training forward: inputs and weights require grad",
                   "fwd_bwd": "forward, then backward of hs with a fixed random upstream gradient; "
                              "gradients of x, h0, c0 and all four parameters",
                   "order": "round robin: one repetition of every variant, then the next",
                   "warmup_rounds": args.warmup, "large_warmup_rounds": args.large_warmup,
                   "max_reps": args.reps,
                   "min_reps": args.min_reps, "budget_s": args.budget},
        "hardware": hardware,
        "blas_comparison": blas,
        "variant_info": {n: VARIANT_INFO[n] for n in args.variants},
        "checks": checks,
        "configs": configs,
        "total_seconds": time.perf_counter() - started,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=1, default=float) + "\n")
    print(f"wrote {args.output} in {result['total_seconds']:.0f} s")


def stats(np, values, T):
    """Median and spread of a list of seconds; per-step median too."""
    v = np.asarray(values, dtype=float)
    q1, med, q3 = np.percentile(v, [25, 50, 75])
    return {"median_s": float(med), "q1_s": float(q1), "q3_s": float(q3),
            "min_s": float(v.min()), "max_s": float(v.max()), "n": int(v.size),
            "per_step_median_s": float(med) / T}


def fill_ratios(cfg):
    """ratio_to_reference = median / reference median (same size, dtype, run);
    ratio_to_bound = median / lower bound."""
    ref = cfg["variants"].get(cfg["reference"], {})
    for e in cfg["variants"].values():
        if e["status"] != "ok":
            e["ratio_to_reference"] = e["ratio_to_bound"] = None
            continue
        e["ratio_to_reference"] = ({m: e[m]["median_s"] / ref[m]["median_s"]
                                    for m in ("fwd", "fwd_bwd")}
                                   if ref.get("status") == "ok" else None)
        e["ratio_to_bound"] = ({m: e[m]["median_s"] / cfg["bound"][m]["bound_s"]
                                for m in ("fwd", "fwd_bwd")} if cfg["bound"] else None)


def set_tf32(torch, allow):
    """The same TF32 setting for cuBLAS matrix products and for cuDNN."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            torch.backends.cuda.matmul.allow_tf32 = allow
            torch.backends.cudnn.allow_tf32 = allow
        except Exception as e:                 # noqa: BLE001 (recorded under settings)
            print(f"could not set TF32 to {allow}: {e!r}", flush=True)


def settings(torch, cuda):
    out = {"mkldnn_enabled": torch.backends.mkldnn.enabled}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            out["cuda_matmul_allow_tf32"] = torch.backends.cuda.matmul.allow_tf32
            out["cudnn_allow_tf32"] = torch.backends.cudnn.allow_tf32
        except Exception as e:                 # noqa: BLE001
            out["tf32_error"] = repr(e)
    if cuda:
        out["cudnn_enabled"] = torch.backends.cudnn.enabled
        out["cudnn_benchmark"] = torch.backends.cudnn.benchmark
    return out


def cpu_name():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def blas_comparison(np, torch, T, B, D, H, reps=5, clock=time.perf_counter):
    """The matrix products of one float32 LSTM forward + backward, timed in
    NumPy's BLAS and in PyTorch's on the same arrays (best of ``reps``, by
    ``clock``: the run's clock, so that they compare with the variants' times).
    Each library runs its block alone, after a pause: a library's idle worker
    threads keep spinning for a while and would slow the other one down.
    Returns {'size': {T, B, D, H}, 'products': [{'name', 'shape', 'count',
    'flops', 'numpy_s', 'torch_s'}]}: what separates the NumPy reference from
    ``nn.LSTM`` before any element-wise work."""
    rng = np.random.default_rng(0)
    rand = lambda *shape: rng.standard_normal(shape, dtype=np.float32)
    h, W_hT, dz = rand(B, H), rand(H, 4 * H), rand(B, 4 * H)
    W_h, W_x = rand(4 * H, H), rand(4 * H, D)
    X, Hs, DZ = rand(T * B, D), rand(T * B, H), rand(T * B, 4 * H)
    products = [   # name, A, B, how many per forward + backward
        ("h_{t-1} W_hᵀ, per step", h, W_hT, T),
        ("dz_t W_h, per step", dz, W_h, T),
        ("X W_xᵀ, all steps", X, W_x.T, 1),
        ("dZ W_x (dx), all steps", DZ, W_x, 1),
        ("dZᵀ X (dW_x), all steps", DZ.T, X, 1),
        ("dZᵀ H (dW_h), all steps", DZ.T, Hs, 1),
    ]
    out = [{"name": name, "shape": [list(a.shape), list(b.shape)], "count": count,
            "flops": 2 * a.shape[0] * a.shape[1] * b.shape[1] * count}
           for name, a, b, count in products]
    for lib in ("numpy", "torch"):
        time.sleep(0.5)
        for record, (_, a, b, count) in zip(out, products):
            a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
            c = np.empty((a.shape[0], b.shape[1]), dtype=np.float32)   # no allocation timed
            if lib == "torch":
                a, b, c = torch.from_numpy(a), torch.from_numpy(b), torch.from_numpy(c)
            product = np.matmul if lib == "numpy" else torch.matmul
            best = math.inf
            for _ in range(reps + 1):
                t0 = clock()
                for _ in range(count):
                    product(a, b, out=c)
                best = min(best, clock() - t0)
            record[f"{lib}_s"] = best
    return {"size": {"T": T, "B": B, "D": D, "H": H}, "products": out}


def triton_version():
    """Triton's version, or None where it is not installed."""
    try:
        import triton
    except ImportError:
        return None
    return triton.__version__


def numpy_blas(np):
    try:
        info = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"{info.get('name')} {info.get('version')}"
    except Exception:                          # noqa: BLE001
        return "unknown"


if __name__ == "__main__":
    main()
