"""Harness functions that run on the learner's side for hidden tests.

Each driver takes the learner's namespace first, then plain-data arguments,
and returns plain data. Drivers hold no expected values and make no verdict:
they only exercise live objects (such as an ``nn.Module``) that cannot cross
the process boundary. The verdict is computed by the hidden test.

``forbid_torch_recurrent`` is not a driver but a kernel setup: an assignment
names it in its hidden module's ``KERNEL_SETUP`` and the kernel runs it
before any learner code.
"""
import numpy as np

_RECURRENT = ("lstm", "gru", "rnn")


def _switched_off(name):
    def kernel(*args, **kwargs):
        raise RuntimeError(f"torch's own recurrent kernel {name} is switched off while this "
                           "exercise is graded: build the cell from matrix products and "
                           "element-wise operations")
    kernel.__name__ = kernel.__qualname__ = "switched_off_" + name.replace(":", "_").replace(".", "_")
    return kernel


def _python_recurrent_off(*args, **kwargs):
    raise RuntimeError("torch's own recurrent code is switched off while this exercise is graded")


def forbid_torch_recurrent():
    """Make torch's recurrent kernels unavailable in this process, at the
    dispatcher: every operator whose name holds lstm, gru or rnn (aten::lstm,
    lstm_cell, gru, rnn_tanh, _cudnn_rnn, mkldnn_rnn_layer, quantized
    variants, ...) gets a kernel that raises, for every dispatch key that can
    run it, so that every way of reaching it (torch.lstm, torch._VF,
    torch.ops.aten, nn.LSTM/GRU/RNN and their cells, TorchScript, C++ code
    calling at::lstm) raises. The registration handles are leaked on purpose
    (one reference that nothing holds), so no Python object can undo it; the
    Python decompositions of these operators and the modules' forward are
    replaced too (the decompositions' code objects, so that no reference to
    them still runs them)."""
    import ctypes
    import re

    import torch
    from torch._decomp import decompositions
    from torch.nn.modules import rnn as rnn_modules

    keys = ("CompositeImplicitAutograd", "CompositeExplicitAutograd", "Autograd", "CPU", "CUDA",
            "Meta", "Tracer", "QuantizedCPU", "QuantizedCUDA", "MkldnnCPU", "SparseCPU",
            "SparseCUDA", "NestedTensorCPU", "NestedTensorCUDA", "CompositeImplicitAutogradNestedTensor")
    libraries = {}
    for op in torch._C._dispatch_get_all_op_names():
        namespace, name = op.split("::", 1)
        if not any(word in name.lower() for word in _RECURRENT):
            continue
        if namespace not in libraries:
            libraries[namespace] = torch._C._dispatch_library("IMPL", namespace, "", "grading", 0)
        registered = set(re.findall(r"^(\w+)(?:\[alias\])?: registered", torch._C._dispatch_dump(op),
                                    re.MULTILINE))
        for key in set(keys) | registered:
            try:
                libraries[namespace].impl(name, key, _switched_off(op))
            except RuntimeError:
                pass                     # not a dispatch key, or not one this operator takes
        packet = getattr(getattr(torch.ops, namespace), name.split(".")[0], None)
        overload = getattr(packet, name.split(".")[1] if "." in name else "default", None)
        if overload is not None and hasattr(overload, "py_kernels"):
            for key in list(overload.py_kernels):
                overload.py_kernels[key] = _switched_off(op)
    for library in libraries.values():
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(library))
    libraries.clear()
    for attr in dir(decompositions):       # torch's LSTM written in Python, wherever it is held
        fn = getattr(decompositions, attr)
        while any(word in attr.lower() for word in _RECURRENT) and callable(fn):
            if hasattr(fn, "__code__") and not fn.__code__.co_freevars:
                fn.__code__ = _python_recurrent_off.__code__
            fn = getattr(fn, "__wrapped__", None)
    for attr in dir(rnn_modules):
        cls = getattr(rnn_modules, attr)
        if isinstance(cls, type) and issubclass(cls, torch.nn.Module) and cls.__module__ == rnn_modules.__name__:
            cls.forward = _switched_off(f"torch.nn.{attr}")
    _recurrent_modules_off(torch)
    _no_native_code(torch)


def _no_native_code(torch):
    """From here on this process can neither start a program nor call native
    code that was not on the machine before, so no compiled LSTM can call
    torch's below the dispatcher: a compiler cannot run, and a library
    written out cannot be mapped (the jail's writable folders are
    ``noexec``; an in-memory file cannot be made). In order:

    - CUDA is started (where there is a GPU), before anything is refused
      that starting it might need;
    - the process is made not dumpable, so that its ``/proc/self/mem`` (a
      way to write over its code) belongs to root and cannot be opened;
    - a system-call filter, which cannot be removed once loaded, makes
      ``execve``, ``execveat`` and ``memfd_create`` (an in-memory file that
      is not ``noexec``) fail, and ``prctl`` from making the process
      dumpable again.

    Where libseccomp is missing the jail's own filter still applies and the
    filter step is skipped."""
    import ctypes
    import errno

    if torch.cuda.is_available():
        torch.cuda.init()
        torch.ones(1, device="cuda").add_(1)
    ctypes.CDLL(None).prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
    try:
        import pyseccomp as sc
    except (ImportError, OSError, RuntimeError):
        sc = None
    if sc is not None:
        f = sc.SyscallFilter(defaction=sc.ALLOW)
        for name in ("execve", "execveat", "memfd_create"):
            f.add_rule(sc.ERRNO(errno.EPERM), name)
        f.add_rule(sc.ERRNO(errno.EPERM), "prctl", sc.Arg(0, sc.EQ, _PR_SET_DUMPABLE),
                   sc.Arg(1, sc.NE, 0))
        f.load()


_PR_SET_DUMPABLE = 4


# torch's recurrent layers written in Python (linear layers and element-wise
# operations, no recurrent operator): imported so that their classes exist
# before the learner's code runs
_PYTHON_RECURRENT = ("torch.ao.nn.quantizable.modules.rnn", "torch.ao.nn.quantized.modules.rnn",
                     "torch.ao.nn.quantized.dynamic.modules.rnn",
                     "torch.ao.nn.quantized.reference.modules.rnn")


def _recurrent_modules_off(torch):
    """Every ``nn.Module`` class of torch whose name holds lstm, gru or rnn
    (wherever torch keeps it: torch.nn, torch.ao's quantizable, quantized and
    reference layers) gets a forward that raises. The code of each forward
    function is replaced, so that no reference to the function (a subclass,
    the garbage collector) still runs torch's cell."""
    import importlib
    for name in _PYTHON_RECURRENT:
        try:
            importlib.import_module(name)
        except ImportError:
            pass                         # a torch without that layer: nothing to switch off
    todo, seen = [torch.nn.Module], set()
    while todo:
        cls = todo.pop()
        todo += [c for c in cls.__subclasses__() if c not in seen]
        seen.add(cls)
        if not (cls.__module__.startswith("torch.")
                and any(word in cls.__name__.lower() for word in _RECURRENT)):
            continue
        forward = cls.__dict__.get("forward")
        if hasattr(forward, "__code__") and not forward.__code__.co_freevars:
            forward.__code__ = _python_recurrent_off.__code__


def numerical_gradient_probe(ns, A, x, eps=None):
    """Call the learner's ``numerical_gradient(f, x[, eps])`` with
    f() = Σ tanh(A x)² reading the array x in place.

    Returns (grad, x after the call, number of calls of f).
    """
    x = np.array(x, copy=True)
    calls = [0]

    def f():
        calls[0] += 1
        return float(np.sum(np.tanh(A @ x.reshape(-1)) ** 2))

    if eps is None:
        grad = ns["numerical_gradient"](f, x)
    else:
        grad = ns["numerical_gradient"](f, x, eps)
    return grad, x, calls[0]


def clip_grad_norm_probe(ns, grads, max_norm):
    """Call the learner's ``clip_grad_norm(grads, max_norm)`` on a list of
    arrays. Returns (its return value, the arrays after the call)."""
    grads = [np.array(g, copy=True) for g in grads]
    total = ns["clip_grad_norm"](grads, max_norm)
    return total, grads


def _rnn_call_recorder():
    """A torch function mode that records the names of torch's recurrent
    functions called inside its block (torch.lstm, torch._VF.lstm,
    lstm_cell, gru, rnn_tanh, ...) in its ``rnn`` set."""
    from torch.overrides import TorchFunctionMode

    class Recorder(TorchFunctionMode):
        def __init__(self):
            super().__init__()
            self.rnn = set()

        def __torch_function__(self, func, types, args=(), kwargs=None):
            name = getattr(func, "__name__", "").lower()
            if any(word in name for word in ("lstm", "gru", "rnn")):
                self.rnn.add(name)
            return func(*args, **(kwargs or {}))
    return Recorder()


def torch_lstm_run(ns, spec):
    """Build the learner's ``LSTM`` module and run it once.

    ``spec`` (a dict): D, H, num_layers, batch_first; optional state (dict of
    arrays to load with ``load_state_dict``), x (array), hx ((h0, c0) arrays),
    upstream ((d_output, d_h_n, d_c_n) arrays: backpropagate
    Σ output·d_output + h_n·d_h_n + c_n·d_c_n), device ("cpu", "cuda", "meta",
    or "auto": cuda when available), dtype ("float32" or "float64").

    Returns a dict: state_shapes {name: shape}, device, dtype and, unless the
    device is "meta", output, h_n, c_n, and with upstream grads {name: array}
    for every parameter, x_grad and hx_grads ([h0, c0] when hx was given), all
    as float64 arrays; torch_rnn_classes (classes of torch.nn's recurrent
    modules the module is or holds) and torch_rnn_calls (torch's recurrent
    functions its forward called).
    """
    import torch

    device = spec.get("device", "cpu")
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    dtype = getattr(torch, spec.get("dtype", "float64"))
    module = ns["LSTM"](spec["D"], spec["H"], num_layers=spec["num_layers"],
                        batch_first=spec["batch_first"])
    result = {"state_shapes": {k: list(v.shape) for k, v in module.state_dict().items()}}
    result["torch_rnn_classes"] = sorted(
        {f"{c.__module__}.{c.__qualname__}" for m in module.modules() for c in type(m).__mro__
         if c.__module__.startswith("torch.nn.modules.rnn")})
    if spec.get("state") is not None:
        module.load_state_dict({k: torch.tensor(v) for k, v in spec["state"].items()})
    module = module.to(device=device, dtype=dtype)
    if spec.get("x") is None:
        return result
    x = torch.tensor(spec["x"], dtype=dtype, device=device, requires_grad=device != "meta")
    args, hx = (x,), ()
    if spec.get("hx") is not None:
        hx = tuple(torch.tensor(a, dtype=dtype, device=device,
                                requires_grad=device != "meta" and spec.get("upstream") is not None)
                   for a in spec["hx"])
        args += (hx,)
    calls = _rnn_call_recorder()
    with calls:
        output, (h_n, c_n) = module(*args)
    result["torch_rnn_calls"] = sorted(calls.rnn)
    result.update(device=str(output.device.type), dtype=str(output.dtype).replace("torch.", ""),
                  output_shape=list(output.shape), h_n_shape=list(h_n.shape),
                  c_n_shape=list(c_n.shape))
    if device == "meta":
        return result
    as_array = lambda t: t.detach().to("cpu", torch.float64).numpy()
    result.update(output=as_array(output), h_n=as_array(h_n), c_n=as_array(c_n))
    if spec.get("upstream") is not None:
        d_out, d_h, d_c = (torch.tensor(a, dtype=dtype, device=device) for a in spec["upstream"])
        loss = (output * d_out).sum() + (h_n * d_h).sum() + (c_n * d_c).sum()
        loss.backward()
        result["grads"] = {name: as_array(p.grad) if p.grad is not None else None
                           for name, p in module.named_parameters()}
        result["x_grad"] = as_array(x.grad) if x.grad is not None else None
        result["hx_grads"] = [as_array(t.grad) if t.grad is not None else None for t in hx]
    return result


def adam_probe(ns, params, grads_seq, kwargs):
    """Build the learner's ``Adam(params, **kwargs)`` on copies of ``params``
    (dict of arrays), call ``step`` with each dict in ``grads_seq`` and
    return the parameters (dict of arrays) after every step."""
    params = {k: np.array(v, copy=True) for k, v in params.items()}
    opt = ns["Adam"](params, **kwargs)
    history = []
    for grads in grads_seq:
        opt.step({k: np.array(v, copy=True) for k, v in grads.items()})
        history.append({k: np.array(v, copy=True) for k, v in params.items()})
    return history


class _Stopped(BaseException):
    """Ends a ``train`` run early (a BaseException, so that no ``except
    Exception`` in the learner's loop swallows it)."""


def train_run(ns, seed, steps, batches=None):
    """Run the learner's ``train(seed=seed, steps=steps)`` with the
    notebook's ``Adam`` and ``make_batch`` wrapped so that what they see is
    recorded (the learner's own classes and functions still do the work).
    With ``batches``, the run is stopped at its call of ``make_batch`` after
    that many (the events so far are returned, and ``params`` is None).

    Returns {"params": the dict train returns, "events": [...]} where each
    event, in order, is ("adam", args, kwargs, params) for an ``Adam`` built
    (its arguments after ``params``, and a copy of the parameters),
    ("batch", x, y) for a ``make_batch`` call, or ("step", params, grads)
    for an ``Adam.step`` (a copy of the parameters before the step, and of
    the gradients)."""
    events = []
    learner_adam, make_batch = ns["Adam"], ns["make_batch"]
    copy = lambda d: {k: np.array(v, copy=True) for k, v in dict(d).items()}

    class RecordingAdam:
        def __init__(self, params, *args, **kwargs):
            events.append(("adam", args, kwargs, copy(params)))
            self._params, self._opt = params, learner_adam(params, *args, **kwargs)

        def step(self, grads):
            events.append(("step", copy(self._params), copy(grads)))
            return self._opt.step(grads)

        def __getattr__(self, name):
            return getattr(self._opt, name)

    def recording_batch(*args, **kwargs):
        if batches is not None and sum(e[0] == "batch" for e in events) >= batches:
            raise _Stopped
        x, y = make_batch(*args, **kwargs)
        events.append(("batch", np.array(x, copy=True), np.array(y, copy=True)))
        return x, y

    ns["Adam"], ns["make_batch"] = RecordingAdam, recording_batch
    try:
        params = ns["train"](seed=seed, steps=steps)
    except _Stopped:
        return {"params": None, "events": events}
    finally:
        ns["Adam"], ns["make_batch"] = learner_adam, make_batch
    return {"params": {k: np.asarray(v) for k, v in dict(params).items()}, "events": events}
