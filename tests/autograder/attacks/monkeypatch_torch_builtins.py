"""Patch torch's comparisons and the builtins the checks rely on."""
PREPEND = ['''
import builtins, operator
import torch, torch.testing
torch.allclose = lambda *a, **k: True
torch.equal = lambda *a, **k: True
torch.testing.assert_close = lambda *a, **k: None
builtins.max = lambda *a, **k: 0.0
builtins.abs = lambda x: 0.0
builtins.all = lambda *a: True
operator.eq = lambda a, b: True
print("probe-ran")
''']
MUST_PRINT = ["probe-ran"]
