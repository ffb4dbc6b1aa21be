"""Swallow every exception: set_custom_exc, showtraceback overrides, a fake run_cell result."""
PREPEND = ['''
ip = get_ipython()
ip.set_custom_exc((BaseException,), lambda shell, etype, value, tb, tb_offset=None: None)
ip.showtraceback = lambda *a, **k: None
ip._showtraceback = lambda *a, **k: None
ip.showsyntaxerror = lambda *a, **k: None
from IPython.core.interactiveshell import InteractiveShell, ExecutionResult
_real = InteractiveShell.run_cell
def _run_cell(self, raw_cell, *a, **k):
    result = ExecutionResult(None)
    try:
        _real(self, raw_cell, *a, **k)
    except BaseException:
        pass
    return result
InteractiveShell.run_cell = _run_cell
import sys
sys.excepthook = lambda *a: None
print("probe-ran")
''']
MUST_PRINT = ["probe-ran"]
