#!/usr/bin/env python3
"""How much of the fast NumPy LSTM's time is matrix products, and how it compares with nn.LSTM.

    NUMPY_MADVISE_HUGEPAGE=0 python3 benchmarks/numpy_lstm_share.py
        # writes book/data/benchmarks/numpy_lstm_share.json
    python3 benchmarks/numpy_lstm_share.py --tiny --output /tmp/share.json   # a second

For each thread count (default 1 and 2) the script times, in turns within
one repetition so that a change in machine load hits all four alike:

* ``fast``: one forward + backward pass of ``course.fast_lstm.numpy_lstm``;
* ``matmul``: ``numpy_lstm.matmul_only``, the same matrix products alone;
* ``nn_lstm``: one forward + backward pass of ``torch.nn.LSTM``;
* ``exp``: ``numpy_lstm.exp_only``, the pass's exponentials alone (five per
  example, unit and step: the part of the element-wise work no rearrangement
  removes, and which NumPy runs on one core at any thread count).

It records the medians and the ratios fast / matmul (the goal is at most
1.10: element-wise work at most 10 % of the matrix products' time) and
fast / nn_lstm and exp / matmul, together with the machine's load average before and after
and its memory settings. One of those matters here: NumPy asks Linux for
transparent huge pages for every array of 4 MB or more, and where the kernel's
policy is ``defrag = madvise`` a first touch of such memory can stall while
the kernel compacts memory. The fast pass allocates about 100 MB more than
its products alone, so those stalls land on it; NumPy's documented switch
``NUMPY_MADVISE_HUGEPAGE=0`` (read when NumPy is imported) turns the request
off, and the record says which way the run went.
"""
import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SIZE = (100, 64, 512, 512)          # (T, B, D, H), the "fastrnns" size of lstm_speed.py
TINY = (5, 4, 8, 8)
GOAL = 1.10


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", default=",".join(map(str, SIZE)), help="T,B,D,H")
    p.add_argument("--threads", default="1,2", help="comma list of thread counts")
    p.add_argument("--reps", type=int, default=7, help="timed repetitions per thread count")
    p.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    p.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                   help="wall: time.perf_counter; cpu: this process's CPU time (time.process_time), "
                        "less disturbed by other jobs on a shared machine")
    p.add_argument("--tiny", action="store_true", help="tiny size, two repetitions (smoke test)")
    p.add_argument("--output", default=str(REPO / "book/data/benchmarks/numpy_lstm_share.json"))
    a = p.parse_args(argv)
    a.size = TINY if a.tiny else tuple(int(n) for n in a.size.split(","))
    if len(a.size) != 4 or min(a.size) < 1:
        p.error(f"--size must be four positive ints T,B,D,H, got {a.size}")
    a.reps = 2 if a.tiny else a.reps
    a.threads = [int(n) for n in a.threads.split(",")]
    return a


def measure(size, threads, reps, dtype, clock=time.perf_counter):
    """Median seconds of fast, matmul and nn_lstm at one thread count, and the ratios."""
    import torch
    from threadpoolctl import threadpool_limits

    from course.fast_lstm import numpy_lstm

    T, B, D, H = size
    torch.manual_seed(0)
    ref = torch.nn.LSTM(D, H).to(getattr(torch, dtype))
    x = torch.randn(T, B, D, dtype=ref.weight_ih_l0.dtype, requires_grad=True)
    h0 = torch.zeros(1, B, H, dtype=x.dtype, requires_grad=True)
    c0 = torch.zeros(1, B, H, dtype=x.dtype, requires_grad=True)
    dhs_t = torch.randn(T, B, H, dtype=x.dtype)
    W_x = ref.weight_ih_l0.detach().numpy().copy()
    W_h = ref.weight_hh_l0.detach().numpy().copy()
    b = (ref.bias_ih_l0 + ref.bias_hh_l0).detach().numpy()
    xn, h0n, c0n = x.detach().numpy().copy(), h0[0].detach().numpy(), c0[0].detach().numpy()
    dhs = dhs_t.numpy()

    def fast():
        numpy_lstm.lstm_backward(dhs, numpy_lstm.lstm_forward(xn, h0n, c0n, W_x, W_h, b)[2])

    def matmul():
        numpy_lstm.matmul_only(xn, h0n, W_x, W_h)

    def nn_lstm():
        ref.zero_grad(set_to_none=True)
        ref(x, (h0, c0))[0].backward(dhs_t)

    def exp():
        numpy_lstm.exp_only(T, B, H, xn.dtype)

    runs = {"fast": fast, "matmul": matmul, "nn_lstm": nn_lstm, "exp": exp}
    times = {name: [] for name in runs}
    torch.set_num_threads(threads)
    with threadpool_limits(threads):
        for run in runs.values():            # warm-up
            run()
        for _ in range(reps):
            for name, run in runs.items():
                t0 = clock()
                run()
                times[name].append(clock() - t0)
    median = {name: statistics.median(ts) for name, ts in times.items()}
    return {"threads": threads,
            "seconds": median,
            "all_seconds": times,
            "fast_over_matmul": median["fast"] / median["matmul"],
            "elementwise_share": 1 - median["matmul"] / median["fast"],
            "fast_over_nn_lstm": median["fast"] / median["nn_lstm"],
            "exp_over_matmul": median["exp"] / median["matmul"],
            "meets_goal": median["fast"] / median["matmul"] <= GOAL}


def transparent_hugepage():
    """The kernel's transparent-hugepage policy ({"enabled": ..., "defrag": ...}), where it has one."""
    policy = {}
    for name in ("enabled", "defrag"):
        path = Path("/sys/kernel/mm/transparent_hugepage") / name
        if path.exists():
            words = path.read_text().split()
            policy[name] = next((w.strip("[]") for w in words if w.startswith("[")), " ".join(words))
    return policy


def main(argv=None):
    args = parse_args(argv)
    sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]
    import numpy as np
    import torch
    from lstm_speed import cpu_name
    T, B, D, H = args.size
    load_before = os.getloadavg()
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    results = [measure(args.size, n, args.reps, args.dtype, clock) for n in args.threads]
    record = {"what": "fast NumPy LSTM forward+backward vs its own matrix products alone "
                      "and vs torch.nn.LSTM (CPU)",
              "size": {"T": T, "B": B, "D": D, "H": H}, "dtype": args.dtype, "reps": args.reps,
              "goal_fast_over_matmul": GOAL,
              "clock": ("time.process_time (CPU time of this process)" if args.clock == "cpu"
                        else "time.perf_counter (wall clock)"),
              "machine": {"cpu": cpu_name(),
                          "numpy_madvise_hugepage": bool(np._core.multiarray._get_madvise_hugepage()),
                          "transparent_hugepage": transparent_hugepage(),
                          "cores": os.cpu_count(), "python": platform.python_version(),
                          "numpy": np.__version__, "torch": torch.__version__,
                          "load_average_before": load_before,
                          "load_average_after": os.getloadavg()},
              "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
              "results": results}
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, indent=1) + "\n")
    for r in results:
        print(f"threads {r['threads']}: fast / matmul = {r['fast_over_matmul']:.3f} "
              f"(goal ≤ {GOAL}), fast / nn.LSTM = {r['fast_over_nn_lstm']:.3f}, "
              f"exponentials alone / matmul = {r['exp_over_matmul']:.3f}")
    print(f"load average before {load_before}, after {record['machine']['load_average_after']}")
    return record


if __name__ == "__main__":
    main()
