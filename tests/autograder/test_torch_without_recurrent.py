"""torch's libraries without their recurrent kernels: which functions are
trapped, that the copy traps exactly those (read back by objdump), and that
a jail running on the copies cannot run torch's LSTM however it is reached,
while everything a learner's own LSTM needs works."""
import inspect
import os
import platform
import shutil
import subprocess

import pytest

from autograder import drivers
from autograder import torch_without_recurrent as twr
from autograder.jail import Jail, JailError, namespaces_available

RECURRENT = [
    "at::native::lstm(at::Tensor const&, c10::ArrayRef<at::Tensor>, bool, long, double, bool, bool, bool)",
    "at::_ops::lstm_input::call(at::Tensor const&, c10::ArrayRef<at::Tensor>, "
    "c10::ArrayRef<at::Tensor>, bool, long, double, bool, bool, bool)",
    "at::native::(anonymous namespace)::LSTMCell<at::native::(anonymous namespace)::CellParams>::operator()"
    "(at::Tensor const&, std::tuple<at::Tensor, at::Tensor> const&, "
    "at::native::(anonymous namespace)::CellParams const&, bool) const",
    "at::native::_thnn_fused_lstm_cell_cpu(at::Tensor const&, at::Tensor const&, at::Tensor const&) [clone .cold]",
    "torch::autograd::generated::CudnnRnnBackward0::apply(std::vector<at::Tensor, std::allocator<at::Tensor> >&&)",
    "at::(anonymous namespace)::wrapper_CompositeImplicitAutograd__gru_cell(at::Tensor const&, at::Tensor const&)",
    "torch::nn::GRUImpl::forward(at::Tensor const&, at::Tensor)",
    "dnnl_lstm_forward_primitive_desc_create",
    "at::native::rnn_tanh_cell(at::Tensor const&, at::Tensor const&)",
]
NOT_RECURRENT = [
    "_GLOBAL__sub_I_RNN.cpp",                                    # a static initialiser
    "c10::KernelFunction c10::KernelFunction::makeFromUnboxedFunction<c10::CompileTimeFunctionPointer"
    "<at::Tensor (at::Tensor const&), &at::(anonymous namespace)::wrapper_lstm> >()",  # registration
    "c10::WarnNotImplemented()",                                 # "rnN" inside a word
    "torch::jit::tensorexpr::RegisterNNCLoweringsFunction::RegisterNNCLoweringsFunction()",
    "torch::jit::markReturnNode(torch::jit::Node*)",
    "dnnl::impl::rnn_create_time_scales_t::set(long, int, float const*)",  # every primitive's attributes
    "at::native::sigmoid(at::Tensor const&)",
    "at::native::addmm(at::Tensor const&, at::Tensor const&, at::Tensor const&)",
    "_ZN4dnnl4impl3cpu3rnnE",                                    # not demangled: not read
]


@pytest.mark.parametrize("name", RECURRENT)
def test_recurrent_functions_are_trapped(name):
    assert twr.is_recurrent(name)


@pytest.mark.parametrize("name", NOT_RECURRENT)
def test_what_torch_needs_to_start_is_not(name):
    assert not twr.is_recurrent(name)


_copies_possible = pytest.mark.skipif(
    platform.machine() not in twr.TRAPS or shutil.which("nm") is None or shutil.which("objdump") is None,
    reason="the copies need nm (binutils) on x86_64 or aarch64; objdump reads them back")


def needs_copies(test):
    """Makes (the first time, about 20 s) or reads the copies: left out by `make test-fast`."""
    return pytest.mark.slow(_copies_possible(test))


def _first_instruction(path, address):
    done = subprocess.run(["objdump", "-d", "--no-show-raw-insn", f"--start-address={address:#x}",
                           f"--stop-address={address + 2:#x}", path],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1].split(":", 1)[1].strip()


def _symbols(path, names):
    """{demangled name: address} for the exported ``names`` (nm -D)."""
    listing = subprocess.run(["nm", "-D", "-C", "--defined-only", path], capture_output=True,
                             text=True, check=True).stdout
    found = {}
    for line in listing.splitlines():
        address, _, name = line.split(maxsplit=2)
        if name in names:
            found[name] = int(address, 16)
    return found


@needs_copies
@pytest.mark.skipif(platform.machine() != "x86_64", reason="reads x86_64 instructions back")
def test_the_copy_traps_torchs_lstm_and_nothing_a_learner_needs():
    pairs = twr.binds()
    assert pairs, "no copy was made"
    copy, original = next((c, o) for c, o in pairs if o.endswith("libtorch_cpu.so"))
    names = {"at::native::lstm(at::Tensor const&, c10::ArrayRef<at::Tensor>, c10::ArrayRef<at::Tensor>, "
             "bool, long, double, bool, bool, bool)": "ud2",
             "at::native::gru_cell(at::Tensor const&, at::Tensor const&, at::Tensor const&, "
             "at::Tensor const&, std::optional<at::Tensor> const&, std::optional<at::Tensor> const&)": "ud2",
             "at::_ops::sigmoid::call(at::Tensor const&)": None,
             "at::_ops::tanh::call(at::Tensor const&)": None,
             "at::_ops::mm::call(at::Tensor const&, at::Tensor const&)": None,
             "at::native::matmul(at::Tensor const&, at::Tensor const&)": None}
    symbols = _symbols(original, set(names))
    assert set(symbols) == set(names), set(names) - set(symbols)
    for name, expected in names.items():
        before = _first_instruction(original, symbols[name])
        after = _first_instruction(copy, symbols[name])
        assert before != "ud2", name
        assert after == (expected or before), (name, before, after)


jailed = pytest.mark.skipif(not namespaces_available(), reason="needs the jail (bwrap)")


@jailed
@needs_copies
def test_a_jail_on_the_copies_cannot_run_torchs_lstm_but_runs_a_learners():
    """Without the dispatcher's switch-off, nn.LSTM itself dies (SIGILL:
    exit status 132): the kernels are absent, not merely switched off. The
    operations a learner's LSTM is made of, and their gradients, work."""
    own = ("import torch\nx = torch.randn(3, 4, requires_grad=True)\nW = torch.randn(16, 4)\n"
           "i, f, g, o = (x @ W.T).chunk(4, 1)\nc = torch.sigmoid(f) * 0.5 + torch.sigmoid(i) * torch.tanh(g)\n"
           "h = torch.sigmoid(o) * torch.tanh(c)\nh.sum().backward()\nprint(tuple(x.grad.shape))")
    with Jail({}, memory_mb=1024, replaced=twr.binds()) as j:
        assert j.describe()["replaced"] == [o for _, o in twr.binds()]
        assert j.run_cell(own, timeout=60)[2] == "(3, 4)\n"
        with pytest.raises(JailError) as err:
            j.run_cell("import torch\ntorch.nn.LSTM(2, 3)(torch.randn(1, 1, 2))", timeout=60)
    assert err.value.reason == "kernel-died" and "132" in err.value.detail


@jailed
@needs_copies
def test_ex06s_kernel_cannot_call_torchs_lstm_by_its_address():
    """The attack below the dispatcher: after ex06's setup, a call of
    at::native::lstm at its address (found from the library's symbols)
    stops the process instead of computing."""
    source = inspect.getsource(drivers) + "\nforbid_torch_recurrent()\n"
    attack = (
        "import ctypes, os, torch\n"
        "lib = ctypes.CDLL(os.path.join(os.path.dirname(torch.__file__), 'lib', 'libtorch_cpu.so'))\n"
        "lstm = lib['_ZN2at6native4lstmERKNS_6TensorEN3c108ArrayRefIS1_EES6_bldbbb']\n"
        "ctypes.CFUNCTYPE(None)(ctypes.cast(lstm, ctypes.c_void_p).value)()\n")
    with Jail({}, memory_mb=1024, drivers_source=source, replaced=twr.binds()) as j:
        with pytest.raises(JailError) as err:
            j.run_cell(attack, timeout=60)
    assert err.value.reason == "kernel-died" and "132" in err.value.detail


@needs_copies
def test_no_copies_and_no_error_where_the_cache_cannot_be_written(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("")                        # the cache folder would have to be below a file
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    twr.binds.cache_clear()
    try:
        assert twr.binds() == []
    finally:
        twr.binds.cache_clear()


def test_a_new_copy_replaces_the_older_ones_of_the_same_library(tmp_path):
    """Older folders for the same library path go, whatever they hold; those
    of another torch installation on the machine, or of another library, stay."""
    cpu, other_cpu = "/venv/torch/lib/libtorch_cpu.so", "/other-venv/torch/lib/libtorch_cpu.so"

    def folder(name, library, *files):
        (tmp_path / name).mkdir()
        if library:
            (tmp_path / name / twr.LIBRARY).write_text(library)
        for f in files:
            (tmp_path / name / f).write_bytes(b"x")
    folder("new", cpu, "libtorch_cpu.so")
    folder("old", cpu, "libtorch_cpu.so")
    folder("old-unusable", cpu, twr.UNUSABLE)
    folder("old-unrecorded", "", "libtorch_cpu.so")
    folder("other-installation", other_cpu, "libtorch_cpu.so")
    folder("cuda", "/venv/torch/lib/libtorch_cuda.so", "libtorch_cuda.so")
    folder("cuda-unrecorded", "", "libtorch_cuda.so")
    folder("other", "/venv/torch/lib/libtorch.so", twr.NOTHING_TO_TRAP)
    twr._remove_older_copies(str(tmp_path / "new"), cpu)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cuda", "cuda-unrecorded", "new", "other", "other-installation"]


def test_a_library_without_recurrent_functions_is_read_once_and_leaves_one_folder(tmp_path, monkeypatch):
    read = []

    def nothing_to_trap(path, out, trap):
        read.append(path)
        return 0
    library = tmp_path / "libtorch.so"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(twr, "make_copy", nothing_to_trap)
    for content in (b"torch 1", b"torch 2"):      # an upgrade: the library changes size
        library.write_bytes(content)
        assert twr._copy_of(str(library), b"\x0f\x0b") is None
        assert twr._copy_of(str(library), b"\x0f\x0b") is None
    assert read == [str(library)] * 2
    (marker,) = (tmp_path / "cache").rglob(twr.NOTHING_TO_TRAP)
    assert "libtorch.so" in marker.read_text()


@jailed
@needs_copies
def test_a_copy_that_breaks_torch_is_caught_by_its_check():
    (copy, original), = [(c, o) for c, o in twr.binds() if o.endswith("libtorch_cpu.so")]
    assert twr.smoke_check(copy, original) == ""
    assert "exit status" in twr.smoke_check(os.devnull, original)     # torch cannot even load


def test_a_copy_that_fails_its_check_is_thrown_away_and_not_made_again(tmp_path, monkeypatch):
    made = []

    def fake_copy(path, out, trap):
        made.append(path)
        with open(out, "wb") as f:
            f.write(b"trapped")
        return 1
    library = tmp_path / "libtorch_cpu.so"
    library.write_bytes(b"library")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(twr, "make_copy", fake_copy)
    monkeypatch.setattr(twr, "smoke_check", lambda copy, path: "exit status 132: SIGILL")
    assert twr._copy_of(str(library), b"\x0f\x0b") is None
    assert twr._copy_of(str(library), b"\x0f\x0b") is None
    assert made == [str(library)]
    (why,) = (tmp_path / "cache").rglob(twr.UNUSABLE)
    assert why.read_text() == "exit status 132: SIGILL"
    assert not list((tmp_path / "cache").rglob("libtorch_cpu.so*"))


def test_no_copies_where_no_jail_could_use_them(monkeypatch):
    # (not made for nothing, and never marked unusable because bwrap is missing)
    monkeypatch.setattr(twr, "namespaces_available", lambda: False)
    twr.binds.cache_clear()
    try:
        assert twr.binds() == []
    finally:
        twr.binds.cache_clear()
