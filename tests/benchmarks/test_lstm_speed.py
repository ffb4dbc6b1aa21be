"""Smoke runs of benchmarks/lstm_speed.py at tiny sizes: the JSON it writes
has every field the book reads, consistent numbers, and survives a variant
that raises. Nothing here asserts a speed."""
import importlib.util
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "benchmarks" / "lstm_speed.py"
STATUSES = {"ok", "skipped", "error"}


def load_script():
    spec = importlib.util.spec_from_file_location("lstm_speed", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "cpu.json"
    proc = subprocess.run([sys.executable, str(SCRIPT), "--device", "cpu", "--tiny",
                           "--threads", "1", "--output", str(out)],
                          capture_output=True, text=True, timeout=400, cwd=REPO,
                          check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(out.read_text())


def test_top_level_fields(smoke):
    for key, kind in (("device", str), ("device_name", str), ("torch_version", str),
                      ("numpy_version", str), ("threads", dict), ("settings", dict),
                      ("timing", dict), ("hardware", dict), ("checks", dict),
                      ("configs", list), ("variant_info", dict), ("command", str)):
        assert isinstance(smoke[key], kind), key
    assert smoke["device"] == "cpu"
    assert smoke["threads"]["torch"] == 1
    assert smoke["threads"]["blas_env"]["OPENBLAS_NUM_THREADS"] == "1"
    assert smoke["cudnn_version"] is None


def test_blas_comparison_covers_every_product_of_fwd_and_bwd(smoke):
    cmp = smoke["blas_comparison"]
    T, B, D, H = (cmp["size"][k] for k in "TBDH")
    products = cmp["products"]
    assert len(products) == 6
    for p in products:
        assert p["numpy_s"] > 0 and p["torch_s"] > 0
        (m, k), (k2, n) = p["shape"]
        assert k == k2 and p["flops"] == 2 * m * k * n * p["count"]
    # Together they are the forward + backward FLOPs of the bound: 3 × 2·4H·(D+H)·B·T.
    assert sum(p["flops"] for p in products) == 3 * 2 * 4 * H * (D + H) * B * T


def test_every_variant_passed_its_check_or_was_skipped_with_a_reason(smoke):
    checks = smoke["checks"]["float32"]
    assert set(checks) == set(smoke["variant_info"])
    for name, c in checks.items():
        assert c["status"] in ("ok", "skipped"), (name, c)
        if c["status"] == "ok":
            assert 0 <= c["max_rel_err"] <= c["tolerance"]
        else:
            assert c["reason"]
    assert checks["cuda_graph"]["status"] == "skipped"
    for name in ("triton_cell", "triton_persistent"):
        assert checks[name]["status"] == "skipped" and "CUDA" in checks[name]["reason"]
    assert checks["fused_cell"]["status"] == "ok" and checks["custom_backward"]["status"] == "ok"
    assert checks["numpy_reference"]["status"] == "ok"


def test_sizes_cover_fastrnns_large_and_the_batch_sweep(smoke):
    labels = [l for c in smoke["configs"] for l in c["labels"]]
    assert labels.count("fastrnns") == 1 and labels.count("large") == 1
    sweep = sorted(c["B"] for c in smoke["configs"] if "batch_sweep" in c["labels"])
    assert sweep == [1, 4]


def test_times_spreads_and_ratios_are_consistent(smoke):
    for cfg in smoke["configs"]:
        assert cfg["reference"] == "nn_lstm" and cfg["reps"] >= 1
        ref = cfg["variants"]["nn_lstm"]
        assert ref["status"] == "ok"
        b = cfg["bound"]
        T, B, D, H = cfg["T"], cfg["B"], cfg["D"], cfg["H"]
        assert b["fwd"]["flops"] == 2 * 4 * H * (D + H) * B * T
        assert b["fwd_bwd"]["flops"] == 3 * b["fwd"]["flops"]
        assert math.isclose(b["fwd"]["compute_s"], b["fwd"]["flops"] / b["peak_flops"])
        for v in cfg["variants"].values():
            assert v["status"] in STATUSES
            if v["status"] != "ok":
                assert v["reason"] and v["ratio_to_reference"] is None
                continue
            for mode in ("fwd", "fwd_bwd"):
                s = v[mode]
                assert s["n"] == cfg["reps"]
                assert 0 < s["min_s"] <= s["q1_s"] <= s["median_s"] <= s["q3_s"] <= s["max_s"]
                assert math.isclose(s["per_step_median_s"], s["median_s"] / T)
                assert math.isclose(v["ratio_to_reference"][mode],
                                    s["median_s"] / ref[mode]["median_s"])
                assert math.isclose(v["ratio_to_bound"][mode],
                                    s["median_s"] / b[mode]["bound_s"])
        assert ref["ratio_to_reference"] == {"fwd": 1.0, "fwd_bwd": 1.0}


def test_large_size_times_only_the_chosen_variants_on_cpu(smoke):
    # --tiny times everything; the default CPU run restricts the large size.
    large = next(c for c in smoke["configs"] if "large" in c["labels"])
    assert large["variants"]["per_gate"]["status"] == "ok"
    args = load_script().parse_args(["--device", "cpu"])
    assert "nn_lstm" in args.large_variants and "per_gate" not in args.large_variants


def test_a_failing_variant_is_recorded_and_the_run_goes_on(tmp_path, monkeypatch):
    import course.fast_lstm as fast

    def broken(*args):
        raise RuntimeError("deliberately broken")
    monkeypatch.setitem(fast.VARIANTS, "hoisted", broken)
    out = tmp_path / "out.json"
    load_script().main(["--tiny", "--no-sweep",
                        "--variants", "nn_lstm,hoisted,stacked", "--output", str(out)])
    result = json.loads(out.read_text())
    assert result["checks"]["float32"]["hoisted"]["status"] == "error"
    assert "deliberately broken" in result["checks"]["float32"]["hoisted"]["reason"]
    for cfg in result["configs"]:
        assert cfg["variants"]["hoisted"]["status"] == "error"
        assert cfg["variants"]["stacked"]["status"] == "ok"
        assert cfg["variants"]["stacked"]["fwd_bwd"]["median_s"] > 0


def test_bad_arguments_are_refused():
    script = load_script()
    with pytest.raises(SystemExit):
        script.parse_args(["--variants", "nn_lstm,no_such_variant"])
    with pytest.raises(SystemExit):
        script.parse_args(["--dtypes", "int8"])


def test_blas_comparison_times_with_the_runs_clock():
    """With --clock cpu the products are timed by CPU time, like the variants: a
    clock that ticks once per call makes every best time exactly one tick."""
    import itertools

    import numpy as np
    import torch
    ticks = itertools.count()
    out = load_script().blas_comparison(np, torch, 2, 2, 3, 4, reps=1, clock=lambda: next(ticks))
    assert [(p["numpy_s"], p["torch_s"]) for p in out["products"]] == [(1, 1)] * 6
