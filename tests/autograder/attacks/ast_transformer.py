"""An AST transformer that deletes every statement of later cells that calls a check."""
PREPEND = ['''
import ast
class _Strip(ast.NodeTransformer):
    def visit_Module(self, node):
        node.body = [s for s in node.body if "check" not in ast.dump(s) and "unpack" not in ast.dump(s)]
        return node
get_ipython().ast_transformers.append(_Strip())
import builtins
_real_compile = builtins.compile
def _compile(source, *a, **k):
    if isinstance(source, str) and ("check_" in source or "unpack(" in source):
        source = "pass"
    return _real_compile(source, *a, **k)
builtins.compile = _compile
print("probe-ran")
''']
MUST_PRINT = ["probe-ran"]
