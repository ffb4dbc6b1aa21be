"""The lower bound against hand-computed numbers, and the report helpers
on a small hand-written result."""
import math

import pytest

from course.fast_lstm import report
from course.fast_lstm.bounds import gpu_peaks, lower_bound


def test_lower_bound_fastrnns_on_h200_by_hand():
    # 2·4H·(D+H)·B·T = 2·2048·1024·64·100 = 26 843 545 600 FLOPs forward
    lb = lower_bound(100, 64, 512, 512, 4, 67e12, 4.8e12)
    assert lb["fwd"]["flops"] == 26_843_545_600
    assert lb["fwd_bwd"]["flops"] == 3 * 26_843_545_600
    assert math.isclose(lb["fwd"]["compute_s"], 26_843_545_600 / 67e12)
    # W_h is 2048 × 512 float32 = 4 MiB, read 100 times forward, 200 times fwd+bwd
    assert lb["fwd"]["weight_bytes"] == 100 * 4 * 2 ** 20
    assert math.isclose(lb["fwd_bwd"]["memory_s"], 200 * 4 * 2 ** 20 / 4.8e12)
    assert lb["fwd"]["bound_s"] == max(lb["fwd"]["compute_s"], lb["fwd"]["memory_s"])


def test_lower_bound_memory_term_binds_for_bf16_at_batch_one():
    lb = lower_bound(100, 1, 512, 512, 2, 989.5e12, 4.8e12)
    assert lb["fwd"]["bound_s"] == lb["fwd"]["memory_s"] > lb["fwd"]["compute_s"]
    assert lower_bound(100, 1, 512, 512, 2, 989.5e12)["fwd"]["memory_s"] is None


def test_gpu_peaks_found_by_name():
    assert gpu_peaks("NVIDIA H200")["bandwidth"] == 4.8e12
    assert gpu_peaks("NVIDIA A100-SXM4-80GB") is None


def stats(median):
    return {"median_s": median, "q1_s": 0.9 * median, "q3_s": 1.1 * median,
            "min_s": 0.8 * median, "max_s": 1.2 * median, "n": 3,
            "per_step_median_s": median / 10}


def fake_result():
    cfgs = []
    for B, labels in ((1, ["batch_sweep"]), (4, ["fastrnns", "batch_sweep"])):
        variants = {}
        for name, t in (("nn_lstm", 1.0 * B), ("hoisted", 3.0 * B), ("custom_backward", 2.0 * B)):
            variants[name] = {"status": "ok", "reason": None, "fwd": stats(t / 3),
                              "fwd_bwd": stats(t), "ratio_to_bound": None,
                              "ratio_to_reference": {"fwd": t / B, "fwd_bwd": t / B}}
        variants["cuda_graph"] = {"status": "skipped", "reason": "CUDA graphs need a CUDA device",
                                  "ratio_to_reference": None, "ratio_to_bound": None}
        cfgs.append({"labels": labels, "dtype": "float32", "T": 10, "B": B, "D": 3, "H": 3,
                     "variants": variants})
    return {"configs": cfgs}


def test_fastest_and_table():
    r = fake_result()
    assert report.fastest(r, "fastrnns") == ("custom_backward", 2.0)
    assert report.fastest(r, "large") is None
    r["configs"][0]["name"] = "batch_1"
    assert report.config(r, "batch_1")["B"] == 1 and report.config(r, "batch_1", "bfloat16") is None
    rows = report.variant_rows(r, "fastrnns")
    assert [row[0] for row in rows] == ["nn_lstm", "hoisted", "custom_backward", "cuda_graph"]
    assert rows[1][4] == "3.00" and rows[3][1].startswith("skipped: CUDA graphs")
    assert "<table>" in report.variant_table(r, "fastrnns")


def test_sweep_gives_time_per_step_by_batch():
    batches, per_step = report.sweep(fake_result())["hoisted"]
    assert batches == (1, 4)
    assert per_step == pytest.approx((0.3, 1.2))
    assert "cuda_graph" not in report.sweep(fake_result())


def test_missing_file_gives_none(tmp_path):
    assert report.load_results(tmp_path / "cuda.json") is None


def test_blas_rows_by_hand():
    result = {"blas_comparison": {"size": {"T": 10, "B": 2, "D": 3, "H": 4}, "products": [
        {"name": "step", "shape": [[2, 4], [4, 16]], "count": 10, "flops": 2 * 2 * 4 * 16 * 10,
         "numpy_s": 0.003, "torch_s": 0.002},
        {"name": "dx", "shape": [[20, 16], [16, 3]], "count": 1, "flops": 2 * 20 * 16 * 3,
         "numpy_s": 0.001, "torch_s": 0.002}]}}
    rows = report.blas_rows(result)
    assert rows[0] == ["step", "(2, 4) × (4, 16), 10 times", "3", "2", "1.50"]
    assert rows[1] == ["dx", "(20, 16) × (16, 3)", "1", "2", "0.50"]
    assert rows[2] == ["all products", "", "4", "4", "1.00"]
    assert "<table>" in report.blas_table(result)
    assert report.blas_rows({"blas_comparison": None}) == []
    assert "did not compare" in report.blas_table({})


def test_bars_take_medians_and_bound_from_the_run():
    r = fake_result()
    cfg = report.config(r, "fastrnns")
    cfg["bound"] = {"fwd": {"bound_s": 0.5}, "fwd_bwd": {"bound_s": 1.5}}
    rows, bound = report.bars(r, "fastrnns")
    # book order, only timed variants (cuda_graph was skipped), fwd+bwd medians of B = 4
    assert [r[0] for r in rows] == ["nn_lstm", "hoisted", "custom_backward"]
    assert [r[1:] for r in rows] == [pytest.approx(v) for v in
                                     ((4.0, 3.6, 4.4), (12.0, 10.8, 13.2), (8.0, 7.2, 8.8))]
    assert bound == 1.5
    assert report.bars(r, "fastrnns", mode="fwd")[1] == 0.5
    assert report.bars(r, "large") == ([], None)


def test_plot_bars_draws_one_bar_per_timed_variant_and_the_bound():
    import matplotlib.pyplot as plt
    r = fake_result()
    report.config(r, "fastrnns")["bound"] = {"fwd_bwd": {"bound_s": 1.5}}
    fig, ax = plt.subplots()
    report.plot_bars(ax, r, "fastrnns")
    widths = [p.get_width() for p in ax.patches]
    assert widths == pytest.approx([4000.0, 12000.0, 8000.0])      # ms
    assert [t.get_text() for t in ax.get_yticklabels()] == ["nn_lstm", "hoisted",
                                                            "custom_backward"]
    assert ax.lines[-1].get_xdata()[0] == pytest.approx(1500.0)
    assert ax.get_xscale() == "log"
    plt.close(fig)


def test_coverage_says_what_each_run_measured_and_why_not():
    r = fake_result()
    r["variant_info"] = {"hoisted": "input projection hoisted"}
    rows = {row[0]: row[1:] for row in report.coverage_rows({"CPU": r, "GPU": None})}
    assert list(rows) == report.ORDER
    assert rows["hoisted"] == ["measured: input projection hoisted",
                               "not measured: no such run committed"]
    assert rows["cuda_graph"][0] == "not measured (skipped): CUDA graphs need a CUDA device"
    assert rows["triton_cell"][0].startswith("not in this run")


def test_plot_bars_says_so_when_the_run_lacks_the_size():
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    report.plot_bars(ax, fake_result(), "flashrnn")
    assert ax.texts[0].get_text() == "no flashrnn size in float32 in this run"
    fig.tight_layout()
    plt.close(fig)


def test_figure_html_embeds_the_png_with_its_alt_text():
    import base64
    import re

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from course.fast_lstm import report
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    page = report.figure_html(fig, 'a line "rising"')
    m = re.fullmatch(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="a line &quot;rising&quot;">', page)
    assert m and base64.b64decode(m.group(1)).startswith(b"\x89PNG")
    assert not plt.get_fignums()                       # closed
