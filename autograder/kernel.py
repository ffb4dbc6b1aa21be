"""The jailed kernel: runs one submission's cells and answers calls.

Started by ``autograder.jail`` as ``python -I kernel.py FD_IN FD_OUT`` inside
the jail, next to copies of ``protocol.py``, ``student.py`` and
``drivers.py``. It executes the learner's cells in an IPython
``InteractiveShell`` (so ``get_ipython()``, magics and ``display`` exist), and
the instructor's locked cells with a compiler captured before any learner
code ran. Everything it reports is treated by the grader as untrusted.
"""
import builtins
import io
import os
import signal
import sys
import time
import traceback

MAIN_PID = os.getpid()
_compile, _exec, _type, _str = builtins.compile, builtins.exec, builtins.type, builtins.str
_exit = os._exit          # learner code may replace os._exit; the kernel keeps the real one


class CappedWriter(io.TextIOBase):
    """A text stream that keeps the first ``limit`` characters."""

    def __init__(self, limit):
        self.limit, self.parts, self.size, self.dropped = limit, [], 0, 0

    def writable(self):
        return True

    def write(self, text):
        if self.size >= self.limit:
            self.dropped += len(text)
            return len(text)
        text = _str(text)
        room = self.limit - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False

    def value(self):
        text = "".join(self.parts)
        if self.dropped:
            text += f"\n[... {self.dropped} more characters of output dropped]"
        return text


def _reap(*_):
    """Collect exited children (orphans are re-parented to this process, PID 1
    of the jail), so that zombies do not use up the process limit; returns
    how many were collected."""
    count = 0
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except (ChildProcessError, OSError):
            return count
        if pid == 0:
            return count
        count += 1


def _processes():
    try:
        return sum(name.isdigit() for name in os.listdir("/proc"))
    except OSError:
        return 1


def _settle():
    """After a cell that left processes behind (a fork bomb, say), reap and
    wait while their number keeps falling, up to 2 s."""
    reaped, before = _reap(), _processes()
    if not reaped and before <= 1:
        return
    for _ in range(40):
        time.sleep(0.05)
        reaped, now = _reap(), _processes()
        if not reaped and now >= before:
            return
        before = now


def _next_message(protocol, fd):
    """Wait for the grader's next request, reaping children meanwhile."""
    previous = signal.getsignal(signal.SIGCHLD)
    signal.signal(signal.SIGCHLD, _reap)
    try:
        _reap()
        return protocol.read_message(fd)
    finally:
        signal.signal(signal.SIGCHLD, previous if previous is not None else signal.SIG_DFL)
        _settle()


def _describe(exc):
    try:
        return _type(exc).__name__, _str(exc)[:2000]
    except BaseException:  # noqa: BLE001 (learner code may raise anything; the kernel reports it)
        return "Exception", "<unprintable exception>"


def main():
    fd_in, fd_out = int(sys.argv[1]), int(sys.argv[2])
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    import protocol
    import student as plain
    init = protocol.read_message(fd_in)
    output_limit = int(init.get("output_limit", 100_000))

    drivers = type(sys)("drivers")
    _exec(_compile(init.get("drivers", ""), "drivers.py", "exec"), drivers.__dict__)

    real_out, real_err = sys.stdout, sys.stderr
    capture = CappedWriter(output_limit)
    sys.stdout = sys.stderr = capture
    from IPython.core.inputtransformer2 import TransformerManager
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()
    shell.colors = "NoColor"
    shell.enable_gui = lambda gui=None: None      # %matplotlib inline: no event loop here
    transform = TransformerManager().transform_cell
    sys.stdout, sys.stderr = real_out, real_err
    sys.path.insert(0, "")        # the learner's own modules, once the kernel's are loaded

    kept = []
    Opaque = plain.Opaque

    def keep(value):
        kept.append(value)
        return Opaque(len(kept) - 1)

    def lookup(ref):
        if not 0 <= ref < len(kept):
            raise ValueError("unknown handle")
        return kept[ref]

    def send(message):
        try:
            protocol.write_message(fd_out, message)
        except protocol.ProtocolError as exc:
            protocol.write_message(fd_out, {"raised": ["ResultTooLarge", str(exc)]})

    def run_cell(code, trusted):
        capture = CappedWriter(output_limit)
        saved = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = capture
        error = None
        try:
            if trusted:
                try:
                    _exec(_compile(transform(code), "<test cell>", "exec"), shell.user_ns)
                except BaseException as exc:  # noqa: BLE001 (learner code may raise anything; the kernel reports it)
                    error = _describe(exc)
                    capture.write("".join(traceback.format_exception(exc)[-8:]))
            else:
                try:
                    result = shell.run_cell(code, store_history=True)
                    exc = result.error_before_exec or result.error_in_exec
                    if exc is not None:
                        error = _describe(exc)
                except BaseException as exc:  # noqa: BLE001 (learner code may raise anything; the kernel reports it)
                    error = _describe(exc)
        finally:
            sys.stdout, sys.stderr = saved
        if os.getpid() != MAIN_PID:
            _exit(0)
        _reap()
        return {"ok": error is None, "error": error, "output": capture.value()}

    def call(fn, args, kwargs):
        capture = CappedWriter(output_limit)
        saved = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = capture
        try:
            args = plain.from_plain(protocol.decode(args, Opaque), lookup)
            kwargs = plain.from_plain(protocol.decode(kwargs, Opaque), lookup)
            value = fn(*args, **kwargs)
            reply = {"value": protocol.encode(plain.to_plain(value, keep), Opaque)}
        except BaseException as exc:  # noqa: BLE001 (learner code may raise anything; the kernel reports it)
            reply = {"raised": list(_describe(exc))}
        finally:
            sys.stdout, sys.stderr = saved
        if os.getpid() != MAIN_PID:
            _exit(0)
        _reap()
        return reply

    send({"ready": True})
    while True:
        try:
            message = _next_message(protocol, fd_in)
        except EOFError:
            _exit(0)
        op = message.get("op")
        if op == "run":
            send(run_cell(message["code"], bool(message.get("trusted"))))
        elif op == "has":
            send({"value": callable(shell.user_ns.get(message["name"]))})
        elif op == "call":
            fn = shell.user_ns.get(message["name"])
            if not callable(fn):
                send({"raised": ["NameError", f"the notebook does not define a function {message['name']!r}"]})
            else:
                send(call(fn, message["args"], message["kwargs"]))
        elif op == "driver":
            fn = getattr(drivers, message["name"], None)
            if not callable(fn):
                send({"raised": ["GraderError", f"unknown driver {message['name']!r}"]})
            else:
                send(call(lambda *a, fn=fn: fn(shell.user_ns, *a), message["args"], {"__dict__": []}))
        else:
            _exit(0)


if __name__ == "__main__":
    main()
