"""The Triton LSTM kernels against torch.nn.LSTM in float32: outputs, final
states and the gradients of x, h0, c0 and every parameter.

With a CUDA device the kernels are compiled and run here. Without one they
run in Triton's interpreter, which needs TRITON_INTERPRET=1 before triton is
first imported (and torch.compile imports it): ``test_in_triton_interpreter``
runs this file in a child pytest process with the variable set, so it never
reaches the other tests.
"""
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

REPO = Path(__file__).resolve().parents[2]
INTERPRETED = os.environ.get("TRITON_INTERPRET") == "1"
CUDA = torch.cuda.is_available() and not INTERPRETED
DEVICE = "cuda" if CUDA else "cpu"
here = pytest.mark.skipif(not (CUDA or INTERPRETED),
                          reason="no CUDA device: run by test_in_triton_interpreter, in a child "
                                 "process with TRITON_INTERPRET=1")
on_gpu = pytest.mark.skipif(not CUDA, reason="needs a CUDA device (compiled Triton)")


def load_oracle():
    """The helpers of test_fast_lstm.py: the same nn.LSTM oracle for every variant."""
    spec = importlib.util.spec_from_file_location("fast_lstm_oracle",
                                                  Path(__file__).with_name("test_fast_lstm.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


oracle = load_oracle()


@pytest.fixture
def no_tf32():
    """Full float32 arithmetic in cuBLAS and cuDNN for the test, then restore."""
    if not CUDA:
        yield
        return
    saved = torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32
    torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = False
    yield
    torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32 = saved


def check_against_nn_lstm(fn, size, tol=2e-5):
    """fn's outputs and all seven gradients against nn.LSTM, float32."""
    lstm, x, h0, c0, grads = oracle.make_problem(*size, torch.float32, DEVICE)
    leaves = [x, h0, c0, *oracle.nn_lstm_params(lstm)]
    expected = oracle.outputs_and_grads(lambda: oracle.reference(lstm, x, h0, c0), leaves, grads)
    got = oracle.outputs_and_grads(lambda: fn(x, h0, c0, *oracle.nn_lstm_params(lstm)),
                                   leaves, grads)
    oracle.assert_close(got, expected, tol)


@pytest.mark.skipif(CUDA or INTERPRETED, reason="the kernels run in this process")
def test_in_triton_interpreter():
    pytest.importorskip("triton")
    env = {**os.environ, "TRITON_INTERPRET": "1", "CUDA_VISIBLE_DEVICES": ""}
    proc = subprocess.run([sys.executable, "-m", "pytest", str(Path(__file__)), "-q", "-x",
                           "-p", "no:cacheprovider"],
                          env=env, cwd=REPO, capture_output=True, text=True, timeout=600,
                          check=False)
    report = proc.stdout[-6000:] + proc.stderr[-2000:]
    assert proc.returncode == 0, report
    assert " passed" in proc.stdout and " failed" not in proc.stdout, report


SIZES = {                       # T, B, D, H
    "small": (5, 3, 4, 6),
    "one step, batch of one": (1, 1, 3, 2),
}


@here
@pytest.mark.parametrize("size", [*SIZES.values(), (3, 2, 5, 150)],
                         ids=[*SIZES, "B·H = 300, not a multiple of BLOCK"])
def test_triton_cell_matches_nn_lstm(size, no_tf32):
    from course.fast_lstm.triton_cell import BLOCK, triton_cell
    assert size[1] * size[3] % BLOCK or size[1] * size[3] < BLOCK
    check_against_nn_lstm(triton_cell, size)


@here
@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES)
def test_persistent_single_program_matches_nn_lstm(size, no_tf32):
    from course.fast_lstm.triton_persistent import persistent_lstm, plan
    assert plan(size[1], size[3], DEVICE)["mode"] == "single"
    check_against_nn_lstm(persistent_lstm("single"), size)


@here
@pytest.mark.parametrize("size", [(4, 3, 5, 20), (1, 1, 3, 20)],
                         ids=["small", "one step, batch of one"])
def test_persistent_sliced_matches_nn_lstm(size, no_tf32):
    """H = 20 in slices of 8 units: three programs, the last one partly
    empty, exchanging h between launches (one launch per step)."""
    from course.fast_lstm.triton_persistent import persistent_lstm, plan
    assert plan(size[1], size[3], DEVICE, "stepwise", block_j=8)["grid"][0] == 3
    check_against_nn_lstm(persistent_lstm("stepwise", block_j=8), size)


@here
def test_persistent_layout_choice_and_refusals():
    from course.fast_lstm.triton_persistent import MAX_REGISTER_WEIGHTS, plan
    # H is padded to a power of two: 4 · 64² fits in one program, 4 · 128² does not
    assert 4 * 64 * 64 <= MAX_REGISTER_WEIGHTS < 4 * 128 * 128
    assert plan(4, 64, DEVICE)["mode"] == "single"
    assert plan(4, 65, DEVICE)["mode"] == ("grid" if CUDA else "stepwise")
    with pytest.raises(ValueError, match="'single'.*4 × 100 × 100"):
        plan(4, 100, DEVICE, "single")
    with pytest.raises(ValueError, match="mode must be"):
        plan(4, 8, DEVICE, "persistent")
    if not CUDA:
        with pytest.raises(ValueError, match="CUDA"):
            plan(4, 100, DEVICE, "grid")


@here
@pytest.mark.parametrize("variant", ["triton_cell", "triton_persistent"])
def test_triton_variants_reject_wrong_shapes(variant):
    module = __import__(f"course.fast_lstm.{variant}", fromlist=[variant])
    fn = getattr(module, variant)
    lstm, x, h0, c0, _ = oracle.make_problem(3, 2, 4, 5, torch.float32, DEVICE)
    with pytest.raises(ValueError, match="h0"):
        fn(x, h0[:, :3], c0, *oracle.nn_lstm_params(lstm))


@on_gpu
@pytest.mark.parametrize("B", [1, 20])
def test_persistent_grid_barrier_matches_nn_lstm(B, no_tf32):
    """One launch, programs exchanging h through global memory behind the
    atomic barrier: 7 slices of 16 units (H = 100), one or two row blocks."""
    from course.fast_lstm.triton_persistent import persistent_lstm
    check_against_nn_lstm(persistent_lstm("grid", block_j=16), (6, B, 5, 100))


@on_gpu
def test_persistent_grid_barrier_at_benchmark_width(no_tf32):
    """H = 512 with the layout ``plan`` picks for this GPU, 30 steps."""
    from course.fast_lstm.triton_persistent import plan, triton_persistent
    assert plan(4, 512, DEVICE)["mode"] == "grid"
    check_against_nn_lstm(triton_persistent, (30, 4, 64, 512), tol=1e-4)


@on_gpu
def test_triton_cell_bfloat16_close_to_nn_lstm():
    from course.fast_lstm.triton_cell import triton_cell
    lstm, x, h0, c0, _ = oracle.make_problem(10, 8, 32, 64, torch.bfloat16, DEVICE)
    hs = triton_cell(x, h0, c0, *oracle.nn_lstm_params(lstm))[0]
    hs_ref = oracle.reference(lstm, x, h0, c0)[0]
    assert (hs.float() - hs_ref.float()).abs().max() < 5e-2


@pytest.mark.skipif(INTERPRETED, reason="compiles for a GPU, which the interpreter does not")
def test_grid_barrier_compiles_to_one_release_and_acquire_loads_for_sm90():
    """Ahead-of-time compilation for an H100/H200 (sm_90) needs no GPU: the
    barrier must become one predicated atomic add with release order (the
    stores of h_t visible before the count) and acquire loads in the spin.
    That each program adds exactly 1 per step is checked by running it, on
    a GPU (test_persistent_grid_barrier_*)."""
    triton = pytest.importorskip("triton")
    from triton.backends.compiler import GPUTarget
    from triton.compiler import ASTSource

    from course.fast_lstm.triton_persistent import NUM_WARPS, persistent_kernel
    signature = {"z_x_ptr": "*fp32", "W_h_ptr": "*fp32", "h_all_ptr": "*fp32",
                 "c_all_ptr": "*fp32", "gates_ptr": "*fp32", "sync_ptr": "*i32",
                 "t_start": "i32", "B": "i32", "H": "i32"}
    constants = {"STEPS": 10, "BLOCK_B": 1, "BLOCK_J": 4, "BLOCK_H": 512, "SAVE_GATES": True,
                 "GRID_SYNC": True}
    signature.update(dict.fromkeys(constants, "constexpr"))
    kernel = triton.compile(ASTSource(fn=persistent_kernel, signature=signature,
                                      constexprs=constants),
                            target=GPUTarget("cuda", 90, 32), options={"num_warps": NUM_WARPS})
    ptx = kernel.asm["ptx"]
    increments = [line for line in ptx.splitlines() if "atom." in line]
    assert len(increments) == 1 and "atom.global.gpu.release.add" in increments[0]
    assert increments[0].lstrip().startswith("@%p")      # predicated, not every thread
    assert "ld.global.gpu.acquire" in ptx


@pytest.mark.skipif(CUDA or INTERPRETED, reason="needs CPU tensors and compiled (not interpreted) Triton")
@pytest.mark.parametrize("variant", ["triton_cell", "triton_persistent"])
def test_triton_variants_refuse_cpu_tensors_outside_the_interpreter(variant):
    pytest.importorskip("triton")
    module = __import__(f"course.fast_lstm.{variant}", fromlist=[variant])
    lstm, x, h0, c0, _ = oracle.make_problem(3, 2, 4, 5, torch.float32, "cpu")
    with pytest.raises(ValueError, match="CUDA device.*TRITON_INTERPRET"):
        getattr(module, variant)(x, h0, c0, *oracle.nn_lstm_params(lstm))
