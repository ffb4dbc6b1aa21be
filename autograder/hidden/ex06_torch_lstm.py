"""Hidden tests of exercise 06 (an nn.Module LSTM compatible with nn.LSTM).

The learner's module lives on the learner's side; the driver
``torch_lstm_run`` builds it, loads a state dict, runs it and returns plain
arrays. The expected values come from ``torch.nn.LSTM`` here.

The hidden tests run in a kernel of their own in which ``KERNEL_SETUP``
(``drivers.forbid_torch_recurrent``) switched torch's recurrent kernels off
before any learner code ran: a module that needs them raises there, so
values that match ``nn.LSTM`` are evidence of a module that computes them
without those kernels. Nothing the learner's process reports about itself
decides the verdict.
"""
import ast

import numpy as np
import torch

from autograder.student import StudentError
from oracle.checks import TOL64, assert_close
from oracle.mistakes import variants
from oracle.problems import rng

ASSIGNMENT = "ex06_torch_lstm"
FUNCTIONS = ["LSTM"]
TIMEOUTS = {"LSTM_gradients": 120}
KERNEL_SETUP = "forbid_torch_recurrent"

# (T, B, D, H, num_layers, batch_first)
_CASES = [(1, 1, 3, 2, 1, False), (4, 1, 2, 5, 2, True), (3, 4, 5, 3, 3, False),
          (5, 2, 4, 4, 2, False)]


_TORCH_ROOTS = {"torch", "nn", "F", "functional"}
_HIDERS = ("DisableTorchFunction", "_pop_torch_function", "torch_function", "_python_dispatch",
           "_VF", "_disabled_torch", "_dispatch", "_decomp", "ctypes", "cffi", "cpp_extension",
           "load_inline", "runpy", "subprocess", "marshal", "load_source", "FunctionType",
           "CodeType", "exec_module", "setuptools", "distutils", "build_ext", "load_library")
# calls that run code the screen cannot read, or a compiler (a C++ extension
# calling torch's LSTM below the dispatcher): as names, or as attributes of
# builtins (model.eval() and torch.compile are honest), and as any attribute
_RUNNERS = ("eval", "exec", "compile", "__import__")
_ATTRIBUTE_RUNNERS = ("exec", "__import__", "reload", "system", "popen", "posix_spawn")


def _root(node):
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def screen(cells):
    """The learner's own cells, read as code (comments and strings aside):
    refuse what could hide a call of torch's own LSTM from the run-time
    check in ``_run`` (switching torch's function hooks off, torch._VF,
    eval/exec, dynamic lookups on torch, loading torch's modules again
    through sys.modules, running a compiler). Returns the reason, or None."""
    from IPython.core.inputtransformer2 import TransformerManager
    todo = list(cells)
    while todo:
        code = todo.pop()
        try:
            tree = ast.parse(TransformerManager().transform_cell(code))
        except Exception:                 # noqa: BLE001 (SyntaxError, RecursionError, ...)
            continue                      # a cell Python cannot parse cannot run: it hides nothing
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in ("run_line_magic", "run_cell_magic"):
                # %time, %%capture, ...: the code they run is a string argument
                todo += [a.value for a in node.args[1:]
                         if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            name = (node.attr if isinstance(node, ast.Attribute) else
                    node.id if isinstance(node, ast.Name) else
                    " ".join(a.name for a in node.names) + " " + (getattr(node, "module", "") or "")
                    if isinstance(node, (ast.Import, ast.ImportFrom)) else "")
            hit = next((h for h in _HIDERS if h in name), None)
            if hit:
                return (f"this exercise does not allow {hit} in your code: it can hide a call "
                        "of torch's own LSTM")
            func = node.func if isinstance(node, ast.Call) else None
            called = func.id if isinstance(func, ast.Name) else \
                func.attr if isinstance(func, ast.Attribute) else ""
            if (isinstance(func, ast.Name) and called in _RUNNERS) or (
                    isinstance(func, ast.Attribute) and (
                        called in _ATTRIBUTE_RUNNERS or called.startswith(("execv", "execl", "spawn"))
                        or (called in _RUNNERS and _root(func) in ("builtins", "__builtins__")))):
                return f"this exercise does not allow {called}() in your code"
            if isinstance(node, ast.Attribute) and node.attr == "modules" and _root(node) == "sys":
                return ("this exercise does not allow sys.modules in your code: it can load torch's "
                        "recurrent code again")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id in ("getattr", "vars") and node.args and \
                        _root(node.args[0]) in _TORCH_ROOTS:
                    return (f"this exercise does not allow {node.func.id}() on torch modules: "
                            "write the torch function you use by name")
            if isinstance(node, (ast.Import, ast.ImportFrom)) and "importlib" in name:
                return "this exercise does not allow importlib in your code"
            if (isinstance(node, (ast.Import, ast.ImportFrom)) and "torch" in name.split(".")[0].split()
                    and "library" in name) or (isinstance(node, ast.Attribute) and
                                               node.attr == "library" and _root(node) in _TORCH_ROOTS):
                return "this exercise does not allow torch.library in your code"
            if isinstance(node, ast.Attribute) and node.attr in ("__dict__", "__getattribute__") \
                    and _root(node) in _TORCH_ROOTS:
                return f"this exercise does not allow {node.attr} on torch modules"
    return None


_SWITCHED_OFF = "switched off while this exercise is graded"     # drivers.forbid_torch_recurrent
_NEEDS_KERNELS = ("your LSTM calls torch's own recurrent layers or kernels, which this exercise "
                  "asks you to build from matrix products and element-wise operations; a module "
                  "that needs them earns nothing, its parameters included")


def _run(student, spec):
    try:
        result = student.driver("torch_lstm_run", spec)
    except StudentError as err:
        if err.kind == "NotImplementedError":
            raise AssertionError("LSTM is not written yet (a method raises NotImplementedError)") \
                from None
        if _SWITCHED_OFF in err.message:
            raise AssertionError(_NEEDS_KERNELS + f" ({err.message[:300]})") from None
        raise AssertionError(f"your LSTM raised {err.kind}: {err.message}") from None
    if not isinstance(result, dict):
        raise AssertionError("the LSTM could not be run")
    used = list(result.get("torch_rnn_classes") or []) + list(result.get("torch_rnn_calls") or [])
    if used:
        raise AssertionError(f"your LSTM uses torch's own recurrent layers or kernels "
                             f"({', '.join(map(str, used))}); this exercise asks for the cell "
                             "built from matrix products and element-wise operations")
    return result


def _reference(D, H, num_layers, batch_first, seed):
    torch.manual_seed(seed)
    return nn_lstm(D, H, num_layers, batch_first)


def nn_lstm(D, H, num_layers, batch_first):
    return torch.nn.LSTM(D, H, num_layers=num_layers, batch_first=batch_first).double()


def _spec(case, seed, hx=True, upstream=False, **extra):
    T, B, D, H, L, batch_first = case
    reference = _reference(D, H, L, batch_first, seed)
    r = rng(seed)
    x = r.standard_normal((B, T, D) if batch_first else (T, B, D))
    spec = dict(D=D, H=H, num_layers=L, batch_first=batch_first,
                state={k: v.numpy().copy() for k, v in reference.state_dict().items()}, x=x)
    if hx:
        spec["hx"] = (0.5 * r.standard_normal((L, B, H)), r.standard_normal((L, B, H)))
    if upstream:
        spec["upstream"] = (r.standard_normal((B, T, H) if batch_first else (T, B, H)),
                            r.standard_normal((L, B, H)), r.standard_normal((L, B, H)))
    spec.update(extra)
    return spec, reference


def _expected(spec, reference):
    x = torch.tensor(spec["x"], requires_grad=True)
    hx = tuple(torch.tensor(a, requires_grad=True) for a in spec.get("hx") or ())
    args = (x, hx) if hx else (x,)
    output, (h_n, c_n) = reference(*args)
    out = {"output": output, "h_n": h_n, "c_n": c_n}
    if spec.get("upstream") is not None:
        d_out, d_h, d_c = (torch.tensor(a) for a in spec["upstream"])
        ((output * d_out).sum() + (h_n * d_h).sum() + (c_n * d_c).sum()).backward()
        out["grads"] = {n: p.grad.numpy() for n, p in reference.named_parameters()}
        out["x_grad"] = x.grad.numpy()
        out["hx_grads"] = [t.grad.numpy() for t in hx]
    return {k: (v.detach().numpy() if torch.is_tensor(v) else v) for k, v in out.items()}


def _describe(case):
    T, B, D, H, L, bf = case
    return f"T={T}, B={B}, D={D}, H={H}, num_layers={L}, batch_first={bf}"


def test_state_dict(student):
    for D, H, L in ((3, 5, 1), (2, 4, 2), (6, 3, 3)):
        result = _run(student, dict(D=D, H=H, num_layers=L, batch_first=False))
        expected = {k: list(v.shape) for k, v in nn_lstm(D, H, L, False).state_dict().items()}
        got = result["state_shapes"]
        if list(got) != list(expected):
            raise AssertionError(f"with D={D}, H={H}, num_layers={L} your parameters are "
                                 f"{list(got)}, expected {list(expected)}")
        for name, shape in expected.items():
            if got[name] != shape:
                raise AssertionError(f"{name} has shape {tuple(got[name])}, expected {tuple(shape)} "
                                     f"(D={D}, H={H}, num_layers={L})")
    try:                     # the parameters' points need a module that runs without torch's kernels
        _run(student, _spec((2, 1, 3, 5, 1, False), 0, hx=False)[0])
    except AssertionError as err:
        if str(err).startswith(_NEEDS_KERNELS):
            raise


def _variants(spec):
    """{mistake: expected outputs} for known mistakes."""
    known = variants("LSTM", spec["D"], spec["H"], spec["num_layers"], spec["batch_first"],
                     spec["state"], spec["x"], spec.get("hx"))
    return {m: dict(zip(("output", "h_n", "c_n"), v)) for m, v in known.items()}


def _compare(result, expected, context, names=("output", "h_n", "c_n"), variants=None):
    for name in names:
        got = result.get(name)
        if not isinstance(got, np.ndarray):
            raise AssertionError(f"{name} is missing ({context})")
        assert_close(name, got, expected[name], tol=TOL64, context=context,
                     variants={m: v[name] for m, v in (variants or {}).items()})


def test_forward(student):
    for seed, case in enumerate(_CASES):
        case = case[:4] + (1, False)
        for hx in (True, False):
            spec, reference = _spec(case, seed, hx=hx)
            context = _describe(case) + (", with hx" if hx else ", hx omitted")
            _compare(_run(student, spec), _expected(spec, reference), context,
                     variants=_variants(spec))


def test_layers_batch_first(student):
    for seed, case in enumerate(_CASES):
        spec, reference = _spec(case, seed + 10)
        _compare(_run(student, spec), _expected(spec, reference), _describe(case))


def test_gradients(student):
    for seed, case in enumerate(_CASES):
        spec, reference = _spec(case, seed + 20, upstream=True)
        result = _run(student, spec)
        expected = _expected(spec, reference)
        context = _describe(case)
        _compare(result, expected, context)
        if not isinstance(result.get("x_grad"), np.ndarray):
            raise AssertionError(f"x received no gradient ({context})")
        assert_close("the gradient of x", result["x_grad"], expected["x_grad"], tol=TOL64,
                     context=context)
        got_hx = result.get("hx_grads") or [None, None]
        for name, got, g in zip(("h0", "c0"), got_hx, expected.get("hx_grads", [])):
            if not isinstance(got, np.ndarray):
                raise AssertionError(f"the initial state {name} received no gradient: is hx "
                                     f"used without being detached? ({context})")
            assert_close(f"the gradient of {name}", got, g, tol=TOL64, context=context)
        for name, g in expected["grads"].items():
            got = result.get("grads", {}).get(name)
            if got is None:
                raise AssertionError(f"{name} received no gradient: is it used in forward? "
                                     f"({context})")
            assert_close(f"the gradient of {name}", got, g, tol=TOL64, context=context)


def test_device_dtype(student):
    case = (3, 2, 4, 3, 2, True)
    spec, _ = _spec(case, 30, device="meta")
    result = _run(student, spec)
    T, B, D, H, L, _ = case
    if result.get("device") != "meta" or result.get("output_shape") != [B, T, H]:
        raise AssertionError("on another device your output is on "
                             f"{result.get('device')} with shape {result.get('output_shape')}, "
                             f"expected the input's device and (B, T, H) = {(B, T, H)}: create "
                             "new tensors like the input (x.new_zeros)")
    spec, _ = _spec(case, 31, hx=False, device="meta")
    result = _run(student, spec)
    if result.get("h_n_shape") != [L, B, H]:
        raise AssertionError(f"h_n has shape {result.get('h_n_shape')}, expected "
                             f"(num_layers, B, H) = {(L, B, H)}")
    for dtype in ("float32", "float64"):
        spec, reference = _spec(case, 32, hx=False, dtype=dtype, device="auto")
        result = _run(student, spec)
        if result.get("dtype") != dtype:
            raise AssertionError(f"with {dtype} parameters and input your output is "
                                 f"{result.get('dtype')}: create new tensors like the input")
        expected = _expected(spec, reference)["output"]
        assert_close("output", result["output"], expected, tol=1e-5 if dtype == "float32" else TOL64,
                     context=f"{dtype} on {result.get('device')}")


TESTS = {
    "LSTM_state_dict": test_state_dict,
    "LSTM_forward": test_forward,
    "LSTM_layers_batch_first": test_layers_batch_first,
    "LSTM_gradients": test_gradients,
    "LSTM_device_dtype": test_device_dtype,
}
