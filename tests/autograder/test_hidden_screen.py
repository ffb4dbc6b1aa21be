"""ex06's screen of the learner's code: what it refuses, and honest code it
lets through (the reference module, a scratch cell that compares with nn.LSTM)."""
import inspect

import pytest

from autograder.hidden.ex06_torch_lstm import screen
from solutions import torch_lstm


def test_honest_code_passes():
    cells = [inspect.getsource(torch_lstm),
             "ref = nn.LSTM(3, 5)  # compare with torch's own\nprint(ref(x)[0] - mine(x)[0])",
             "w = getattr(self, f'weight_ih_l{k}')", "%time out = model(x)",
             "model.eval()\nfast = torch.compile(model)"]
    assert screen(cells) is None


@pytest.mark.parametrize("code, word", [
    ("with torch._C.DisableTorchFunction():\n    pass", "DisableTorchFunction"),
    ("from torch import _VF", "_VF"),
    ("f = getattr(torch, 'ls' + 'tm')", "getattr"),
    ("f = vars(torch.nn)['LSTM']", "vars"),
    ("f = torch.__dict__['lstm']", "__dict__"),
    ("eval('torch.lstm')", "eval"),
    ("import importlib", "importlib"),
    ("%time y = torch._VF.lstm(x)", "_VF"),
    ("%%capture\nfrom torch.overrides import _pop_torch_function_stack", "_pop_torch_function"),
    ("import torch.library", "torch.library"),
    ("from torch import library", "torch.library"),
    ("lib = torch.library.Library('aten', 'IMPL')", "torch.library"),
    ("m = torch._C._dispatch_library('IMPL', 'aten', '')", "_dispatch"),
    ("import ctypes", "ctypes"),
    ("from torch.utils.cpp_extension import load_inline", "cpp_extension"),
    ("from torch._decomp.decompositions import lstm_impl", "_decomp"),
    ("code = compile(text, 'x', 'exec')", "compile"),
    ("import runpy", "runpy"),
    ("import builtins\nbuiltins.exec(text)", "exec"),
    ("m = __builtins__.__import__('torch._de' + 'comp.decompositions', fromlist=['x'])", "__import__"),
    ("import builtins\nbuiltins.eval('1')", "eval"),
    ("import sys\nsys.modules.pop('torch._de' + 'comp.decompositions')", "sys.modules"),
    ("import subprocess\nsubprocess.run(['g++', 'ext.cpp'])", "subprocess"),
    ("import os\nos.system('g++ -shared ext.cpp -o ext.so')", "system"),
    ("import os\nos.execv('/usr/bin/g++', ['g++'])", "execv"),
    ("import marshal\ncode = marshal.loads(data[16:])", "marshal"),
    ("import imp\nrnn = imp.load_source('rnn', path)", "load_source"),
    ("import types\nf = types.FunctionType(code, {})", "FunctionType"),
    ("loader.exec_module(module)", "exec_module"),
    ("from setuptools import setup, Extension", "setuptools"),
    ("from setuptools.command.build_ext import build_ext", "setuptools"),
    ("cmd = build_ext(dist)", "build_ext"),
    # a library built elsewhere, written out from the notebook and loaded: its own operators
    # could call torch's LSTM below the dispatcher
    ("open('/tmp/ext.so', 'wb').write(blob)\ntorch.ops.load_library('/tmp/ext.so')", "load_library"),
    ("torch.classes.load_library(path)", "load_library"),
])
def test_hiding_places_are_refused(code, word):
    reason = screen(["x = 1", code])
    assert reason and word in reason
