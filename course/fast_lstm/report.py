"""Read the JSON written by benchmarks/lstm_speed.py and turn it into the
book's tables and plots."""
import html
import json
from pathlib import Path

ORDER = ["nn_lstm", "nn_lstm_native", "numpy_reference", "numpy_fast", "torch_lstm", "per_gate",
         "stacked", "hoisted", "fused_cell", "custom_backward", "cuda_graph", "triton_cell",
         "triton_persistent"]


def load_results(path):
    """The benchmark's dict, or None if ``path`` does not exist."""
    path = Path(path)
    return json.loads(path.read_text()) if path.exists() else None


def config(result, label, dtype="float32"):
    """The timed size carrying ``label`` ('fastrnns', 'large') or named
    ``label`` ('batch_1') in ``dtype``."""
    for cfg in result["configs"]:
        if (label in cfg["labels"] or cfg.get("name") == label) and cfg["dtype"] == dtype:
            return cfg
    return None


def size_text(result, label, dtype="float32"):
    """'fastrnns size: T = 100, B = 64, D = 512, H = 512, float32'."""
    c = config(result, label, dtype)
    if c is None:
        return f"{label} size: not in this run"
    return f"{label} size: T = {c['T']}, B = {c['B']}, D = {c['D']}, H = {c['H']}, {dtype}"


def describe(result):
    """One sentence: where and how the numbers were taken."""
    threads = result["threads"]
    blas = threads["blas_env"].get("OPENBLAS_NUM_THREADS")
    parts = [f"{result['device_name']}", f"PyTorch {result['torch_version']}"]
    if result.get("cuda_version"):
        parts.append(f"CUDA {result['cuda_version']}, cuDNN {result['cudnn_version']}")
        if result.get("triton_version"):
            parts.append(f"Triton {result['triton_version']}")
    if result["device"] == "cpu":
        n = threads["torch"]
        parts.append(f"{n} torch thread{'' if n == 1 else 's'}, OPENBLAS_NUM_THREADS="
                     f"{blas or 'unset'} for NumPy ({result['numpy_blas']})")
    parts.append(f"taken {result['created_utc'][:10]}")
    return "; ".join(parts)


def provenance(result):
    """An HTML paragraph: machine, versions, command, clock, TF32 setting."""
    esc = html.escape
    text = (f"<p>Measured on {esc(describe(result))}, with the command "
            f"<code>{esc(result['command'])}</code>; clock: {esc(result['timing']['method'])}")
    if result["device"] == "cuda":
        s = result["settings"]
        text += (f"; TF32 allowed for cuBLAS: {s.get('cuda_matmul_allow_tf32')}, "
                 f"for cuDNN: {s.get('cudnn_allow_tf32')}")
    return text + ".</p>"


def _num(ms):
    """Three significant digits, without exponents: 0.412, 41.2, 412, 4,120."""
    return f"{ms:,.0f}" if ms >= 100 else f"{ms:.3g}"


def _ms(stats):
    s = {k: stats[k] * 1e3 for k in ("median_s", "q1_s", "q3_s")}
    return f"{_num(s['median_s'])} ({_num(s['q1_s'])}–{_num(s['q3_s'])})"


def html_table(header, rows):
    """A plain HTML table (renders in every output format of the book)."""
    esc = html.escape
    head = "".join(f"<th>{esc(str(h))}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(str(c))}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def variant_rows(result, label, dtype="float32"):
    """Rows for every variant at one size: median time in ms with the
    interquartile range (forward; forward + backward), ratio to the
    reference (both), ratio to the lower bound (forward + backward).
    Skipped or failed variants show their reason."""
    cfg = config(result, label, dtype)
    rows = []
    for name in [n for n in ORDER if cfg and n in cfg["variants"]]:
        e = cfg["variants"][name]
        if e["status"] != "ok":
            rows.append([name, f"{e['status']}: {e['reason']}", "", "", "", ""])
            continue
        r, b = e["ratio_to_reference"], e["ratio_to_bound"]
        rows.append([name, _ms(e["fwd"]), _ms(e["fwd_bwd"]),
                     f"{r['fwd']:.2f}" if r else "–", f"{r['fwd_bwd']:.2f}" if r else "–",
                     f"{b['fwd_bwd']:.3g}" if b else "–"])
    return rows


VARIANT_HEADER = ["variant", "forward, ms (IQR)", "forward + backward, ms (IQR)",
                  "× reference, fwd", "× reference, fwd+bwd", "× lower bound, fwd+bwd"]


def variant_table(result, label, dtype="float32"):
    """``variant_rows`` as an HTML table."""
    if config(result, label, dtype) is None:
        return f"<p>No {html.escape(label)} size in {dtype} in this run.</p>"
    return html_table(VARIANT_HEADER, variant_rows(result, label, dtype))


def blas_rows(result):
    """Rows [product, shapes, NumPy ms, PyTorch ms, ratio] of the run's
    ``blas_comparison``, then their total; [] when the run has none."""
    cmp = result.get("blas_comparison") if result else None
    if not cmp:
        return []
    rows = []
    for p in cmp["products"] + [{"name": "all products", "shape": None, "count": None,
                                 "numpy_s": sum(q["numpy_s"] for q in cmp["products"]),
                                 "torch_s": sum(q["torch_s"] for q in cmp["products"])}]:
        shapes = ("" if p["shape"] is None else
                  " × ".join(f"({m}, {n})" for m, n in p["shape"])
                  + (f", {p['count']} times" if p["count"] > 1 else ""))
        rows.append([p["name"], shapes, _num(p["numpy_s"] * 1e3), _num(p["torch_s"] * 1e3),
                     f"{p['numpy_s'] / p['torch_s']:.2f}"])
    return rows


def blas_table(result):
    """``blas_rows`` as an HTML table."""
    rows = blas_rows(result)
    if not rows:
        return "<p>This run did not compare the BLAS libraries.</p>"
    header = ["matrix product", "shapes", "NumPy (ms)", "PyTorch (ms)", "NumPy ÷ PyTorch"]
    return html_table(header, rows)


def fastest(result, label, dtype="float32", mode="fwd_bwd", exclude=("nn_lstm",)):
    """(name, ratio to the reference) of the fastest variant at one size,
    leaving out ``exclude``; None if nothing was timed."""
    cfg = config(result, label, dtype)
    if cfg is None:
        return None
    ok = [(e["ratio_to_reference"][mode], n) for n, e in cfg["variants"].items()
          if n not in exclude and e["status"] == "ok" and e["ratio_to_reference"]]
    return (min(ok)[1], min(ok)[0]) if ok else None


def sweep(result, dtype="float32", mode="fwd_bwd"):
    """{variant: (batches, median seconds per time step)} over the batch sweep."""
    cfgs = sorted((c for c in result["configs"]
                   if "batch_sweep" in c["labels"] and c["dtype"] == dtype), key=lambda c: c["B"])
    out = {}
    for name in ORDER:
        pts = [(c["B"], c["variants"][name][mode]["per_step_median_s"]) for c in cfgs
               if name in c["variants"] and c["variants"][name]["status"] == "ok"]
        if pts:
            out[name] = tuple(zip(*pts))
    return out


def plot_sweep(ax, result, dtype="float32", mode="fwd_bwd"):
    """Time per step against batch size, log-log, one line per variant."""
    for name, (batches, per_step) in sweep(result, dtype, mode).items():
        style = {"lw": 2.5, "color": "black"} if name == "nn_lstm" else {"lw": 1.2}
        ax.loglog(batches, [1e6 * s for s in per_step], marker="o", ms=3, label=name, **style)
    batches = sorted({b for bs, _ in sweep(result, dtype, mode).values() for b in bs})
    ax.set_xticks(batches, [str(b) for b in batches])
    ax.minorticks_off()
    ax.set_xlabel("batch size B")
    ax.set_ylabel(("forward + backward" if mode == "fwd_bwd" else "forward")
                  + " time per step, µs")
    ax.legend(fontsize=7, ncol=2)


def bars(result, label="fastrnns", dtype="float32", mode="fwd_bwd"):
    """What the bar chart draws at one size: (rows, bound_s). rows are
    (variant, median s, q1 s, q3 s) for every timed variant, in book order;
    bound_s is the run's lower bound for ``mode`` (None if it has none)."""
    cfg = config(result, label, dtype)
    if cfg is None:
        return [], None
    rows = [(n, e[mode]["median_s"], e[mode]["q1_s"], e[mode]["q3_s"])
            for n in ORDER if (e := cfg["variants"].get(n)) and e["status"] == "ok"]
    bound = cfg["bound"][mode]["bound_s"] if cfg.get("bound") else None
    return rows, bound


def plot_bars(ax, result, label="fastrnns", dtype="float32", mode="fwd_bwd"):
    """Every timed variant's median time at one size as a horizontal bar
    (log scale, interquartile range as an error bar), the reference in
    black, and the lower bound as a dashed line."""
    rows, bound = bars(result, label, dtype, mode)
    if not rows:
        ax.text(0.5, 0.5, f"no {label} size in {dtype} in this run", ha="center",
                transform=ax.transAxes)
        ax.set_axis_off()
        return
    names = [r[0] for r in rows]
    ms = [1e3 * r[1] for r in rows]
    spread = [[1e3 * (r[1] - r[2]) for r in rows], [1e3 * (r[3] - r[1]) for r in rows]]
    colours = ["black" if n == "nn_lstm" else "tab:blue" for n in names]
    y = range(len(rows))
    ax.barh(y, ms, xerr=spread, color=colours, capsize=2)
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlim(left=0.5 * min([1e3 * r[2] for r in rows] + ([1e3 * bound] if bound else [])))
    ax.grid(axis="y", visible=False)
    if bound:
        ax.axvline(1e3 * bound, color="tab:red", ls="--", lw=1.5,
                   label=f"lower bound {_num(1e3 * bound)} ms")
        ax.legend(fontsize=8, loc="lower right")
    ax.set_xlabel(("forward + backward" if mode == "fwd_bwd" else "forward")
                  + " time, ms (log scale)")


def coverage_rows(runs, label="fastrnns", dtype="float32"):
    """Which variants each run measured: one row per variant in book order,
    [variant, then per run one cell]. ``runs`` maps a column name to a
    result or None (no such file). A cell says "measured: " and what the
    run timed under that name (its own ``variant_info``), or why not."""
    rows = []
    for name in ORDER:
        row = [name]
        for result in runs.values():
            cfg = config(result, label, dtype) if result else None
            entry = cfg["variants"].get(name) if cfg else None
            if result is None:
                row.append("not measured: no such run committed")
            elif entry is None:
                row.append("not in this run (the run predates the variant)")
            elif entry["status"] == "ok":
                row.append("measured: " + result.get("variant_info", {}).get(name, ""))
            else:
                row.append(f"not measured ({entry['status']}): {entry['reason']}")
        rows.append(row)
    return rows


def figure_html(fig, alt):
    """An ``<img>`` holding ``fig`` as an embedded PNG, with ``alt`` text;
    closes the figure."""
    import base64
    import html
    import io

    import matplotlib.pyplot as plt
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}">'
