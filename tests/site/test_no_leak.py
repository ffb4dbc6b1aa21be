"""The website never shows the code of a graded reference solution or of a
hidden test.

From the ``solutions`` package we take the source of every graded function
and class and of the private helpers they call, drop docstrings, comments,
signature lines, loop and branch headers, imports and argument checks
(``check_shape``), and keep each remaining line that is at least
``MIN_CHARS`` long: a line that distinctive in a published file means the
answer is on the site. Every file of the built site is searched, whitespace
removed on both sides: the text of each HTML page, and every download
(notebook sources and outputs, ``.md``, ``.py``, the members of ``.zip``
archives). Hidden tests (``autograder/hidden``) are searched the same way.
"""
import ast
import html
import importlib
import inspect
import io
import json
import re
import tokenize
import zipfile
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[2]
MIN_CHARS = 25
# A published file may quote a few lines of a hidden test by coincidence
# (a call of the public API is written the same way in a chapter); this many
# lines of one hidden test file in one published file is a leak.
HIDDEN_LINES_FOR_A_LEAK = 3

GRADED = {
    "solutions.rnn": ["rnn_step", "rnn_step_backward", "rnn_forward", "rnn_backward"],
    "solutions.lstm": ["lstm_step", "lstm_step_backward", "lstm_forward", "lstm_backward"],
    "solutions.gru": ["gru_step", "gru_step_backward", "gru_forward", "gru_backward"],
    "solutions.gradcheck": ["numerical_gradient", "relative_error"],
    "solutions.optim": ["clip_grad_norm", "Adam"],
    "solutions.torch_lstm": ["LSTM"],
    "solutions.training": ["train"],
}
ARGUMENT_CHECKS = {"check_shape"}
# The book's equations written as code, public by design: chapter 5 derives
# the stacked pre-activation and shows this line, and chapters 6 and 8 compute
# with it. The line is the equation z = x W_xᵀ + h_prev W_hᵀ + b itself and
# gives away no more than the math does.
EQUATIONS = {"z = x @ W_x.T + h_prev @ W_h.T + b"}
BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2",
                   ".ttf", ".eot", ".otf", ".pdf", ".inv", ".pickle", ".doctree", ".db"}
_SPACE = re.compile(r"\s+")


def squash(text):
    """Remove all whitespace, so that layout and highlighting do not matter."""
    return _SPACE.sub("", text)


# ---------------------------------------------------------------- what is secret

def _comment_free_lines(source):
    """The lines of ``source`` with every comment removed."""
    lines = source.splitlines()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            row, col = tok.start
            lines[row - 1] = lines[row - 1][:col]
    return lines


def _skipped_line_numbers(tree_node):
    """1-based line numbers inside ``tree_node`` that are not worth guarding:
    docstrings, def/class headers, loop and branch headers (``for t in
    range(T):`` is in every chapter), imports, argument checks, and calls of
    the graded API itself (a chapter calls ``lstm_backward`` the same way)."""
    public_api = ARGUMENT_CHECKS | {name for names in GRADED.values() for name in names}
    skip = set()
    for node in ast.walk(tree_node):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            skip.update(range(node.lineno, node.body[0].lineno))    # signature
            skip.update(d.lineno for d in node.decorator_list)
        elif (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)):                # docstring
            skip.update(range(node.lineno, node.end_lineno + 1))
        elif isinstance(node, (ast.For, ast.While, ast.If, ast.With)):
            skip.update(range(node.lineno, node.body[0].lineno))    # loop/branch header
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            skip.update(range(node.lineno, node.end_lineno + 1))
        elif isinstance(node, (ast.Expr, ast.Assign)) and isinstance(node.value, ast.Call):
            func = node.value.func
            if isinstance(func, ast.Name) and func.id in public_api:
                skip.update(range(node.lineno, node.end_lineno + 1))
    return skip


def distinctive_lines(source, node=None):
    """Distinctive code lines of ``source`` (or of its AST ``node``)."""
    tree = ast.parse(source)
    node = node or tree
    lines = _comment_free_lines(source)
    skip = _skipped_line_numbers(node)
    first = getattr(node, "lineno", 1)
    last = getattr(node, "end_lineno", len(lines))
    found = []
    for number in range(first, last + 1):
        text = lines[number - 1].strip()
        if number not in skip and len(text) >= MIN_CHARS:
            found.append(text)
    return found


def _private_helpers(module, node):
    """Module-level private functions of the solutions package that ``node``
    refers to by name."""
    helpers = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and sub.id.startswith("_"):
            target = getattr(module, sub.id, None)
            if (inspect.isfunction(target)
                    and target.__module__.startswith("solutions.")):
                helpers.append(target)
    return helpers


def reference_lines():
    """{line: 'module.name'} for every distinctive line of a graded function,
    a graded class or a private helper they use (transitively), except the
    lines that every student notebook shows anyway (its task code and tests)
    and the book's ``EQUATIONS``."""
    public = _student_notebook_lines() | {squash(line) for line in EQUATIONS}
    secret = {}
    todo = []
    for module_name, names in GRADED.items():
        module = importlib.import_module(module_name)
        todo += [(module, getattr(module, name)) for name in names]
    seen = set()
    while todo:
        module, obj = todo.pop()
        key = (obj.__module__, obj.__qualname__)
        if key in seen:
            continue
        seen.add(key)
        source = inspect.getsource(inspect.getmodule(obj))
        tree = ast.parse(source)
        node = next(n for n in tree.body
                    if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name == obj.__name__)
        for line in distinctive_lines(source, node):
            if squash(line) not in public:
                secret.setdefault(line, f"{obj.__module__}.{obj.__qualname__}")
        owner = inspect.getmodule(obj)
        todo += [(owner, helper) for helper in _private_helpers(owner, node)]
    return secret


def _student_notebook_lines():
    """Squashed lines of what student notebooks hold by design: the exercise
    templates (task code, visible tests) and the files shipped next to them."""
    root = REPO / "exercises"
    paths = [p for p in root.glob("ex*/*") if p.suffix in (".md", ".py")]
    paths += sorted({REPO / name for path in root.glob("ex*/*.md")
                     for line in path.read_text().splitlines() if line.startswith(":include:")
                     for name in line.split()[1:]})
    return {squash(line) for path in paths for line in path.read_text().splitlines()
            if len(line.strip()) >= MIN_CHARS}


def hidden_test_lines():
    """{hidden test file: its distinctive lines}, without the lines it shares
    with the exercise templates (a visible test may build its torch oracle the
    same way a hidden test does)."""
    public = _student_notebook_lines()
    hidden = {}
    for path in sorted((REPO / "autograder" / "hidden").rglob("*.py")):
        lines = [line for line in distinctive_lines(path.read_text())
                 if squash(line) not in public]
        if lines:
            hidden[str(path.relative_to(REPO))] = lines
    return hidden


# ---------------------------------------------------------- what is published

def _strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings_in(item)


def published_texts(name, data):
    """Yield (name, text) for a published file and, for an archive, its members."""
    suffix = Path(name).suffix.lower()
    if suffix in BINARY_SUFFIXES:
        return
    if suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                if not member.endswith("/"):
                    yield from published_texts(f"{name}!{member}", archive.read(member))
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    if suffix in (".html", ".htm"):
        yield name, BeautifulSoup(text, "html.parser").get_text()
    elif suffix == ".ipynb":
        strings = _strings_in(json.loads(text))
        yield name, "\n".join(html.unescape(s) for s in strings)
    else:
        yield name, text


def site_texts(site):
    """(relative name, text) for every file of the built site."""
    for path in sorted(site.rglob("*")):
        if path.is_file():
            yield from published_texts(str(path.relative_to(site)), path.read_bytes())


def reference_leaks(texts, secret):
    """['file: module.name: line'] for every secret line found in a text."""
    squashed = {squash(line): (line, owner) for line, owner in secret.items()}
    leaks = []
    for name, text in texts:
        flat = squash(text)
        leaks += [f"{name}: {owner}: {line}"
                  for key, (line, owner) in squashed.items() if key in flat]
    return leaks


def hidden_leaks(texts, hidden):
    """['file: n lines of hidden test file'] for every text that holds at
    least HIDDEN_LINES_FOR_A_LEAK lines of one hidden test file."""
    leaks = []
    for name, text in texts:
        flat = squash(text)
        for test_file, lines in hidden.items():
            found = [line for line in lines if squash(line) in flat]
            if len(found) >= HIDDEN_LINES_FOR_A_LEAK:
                leaks.append(f"{name}: {len(found)} lines of {test_file}, e.g. {found[0]}")
    return leaks


# --------------------------------------------------------------------- tests

@pytest.fixture(scope="module")
def secret():
    return reference_lines()


@pytest.fixture(scope="module")
def published(built_site):
    return list(site_texts(built_site))


def test_every_graded_function_contributes_lines(secret):
    """Each graded function has distinctive lines of its own among the
    secret ones (a line two functions share is guarded once, for either)."""
    guarded = {squash(line) for line in secret}
    for module_name, names in GRADED.items():
        module = importlib.import_module(module_name)
        source = inspect.getsource(module)
        for name in names:
            node = next(n for n in ast.parse(source).body
                        if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name == name)
            assert any(squash(line) in guarded for line in distinctive_lines(source, node)), \
                f"no distinctive line guards {module_name}.{name}"


def test_detector_finds_a_reference_pasted_into_a_highlighted_page(secret):
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    from solutions.lstm import lstm_step_backward

    code = highlight(inspect.getsource(lstm_step_backward), PythonLexer(), HtmlFormatter())
    page = f"<html><body><p>Intro</p>{code}</body></html>".encode()
    leaks = reference_leaks(published_texts("page.html", page), secret)
    assert any("lstm_step_backward" in leak for leak in leaks), leaks


def test_detector_finds_the_reference_training_loop(secret):
    from solutions.training import train

    page = f"<html><body><pre>{html.escape(inspect.getsource(train))}</pre></body></html>"
    leaks = reference_leaks(published_texts("page.html", page.encode()), secret)
    assert len([leak for leak in leaks if "training.train" in leak]) >= 5, leaks


def test_detector_finds_a_reference_in_a_zipped_notebook(secret):
    from solutions.rnn import rnn_backward

    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(inspect.getsource(rnn_backward))])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ex/answers.ipynb", nbformat.writes(notebook))
    leaks = reference_leaks(published_texts("bundle.zip", buffer.getvalue()), secret)
    assert any("bundle.zip!ex/answers.ipynb" in leak and "rnn_backward" in leak
               for leak in leaks), leaks


def test_detector_ignores_a_call_and_an_equation(secret):
    page = (b"<html><body><p>$c_t = f_t \\odot c_{t-1} + i_t \\odot g_t$</p>"
            b"<pre>from solutions.lstm import lstm_forward\n"
            b"hs, cache = lstm_forward(x, h0, c0, W_x, W_h, b)</pre></body></html>")
    assert reference_leaks(published_texts("page.html", page), secret) == []


def test_detector_finds_a_hidden_test_pasted_into_a_page():
    hidden = hidden_test_lines()
    if not hidden:
        pytest.skip("no hidden tests in autograder/hidden/")
    test_file = max(hidden, key=lambda name: len(hidden[name]))
    source = html.escape((REPO / test_file).read_text())
    page = f"<html><body><pre>{source}</pre></body></html>".encode()
    leaks = hidden_leaks(published_texts("page.html", page), hidden)
    assert any(test_file in leak for leak in leaks), leaks


def test_site_shows_no_reference_solution(published, secret):
    leaks = reference_leaks(published, secret)
    assert not leaks, ("reference solution code on the site:\n" + "\n".join(leaks[:40]))


def test_site_shows_no_hidden_test_text(request):
    hidden = hidden_test_lines()
    if not hidden:
        pytest.skip("no hidden tests in autograder/hidden/")
    published = request.getfixturevalue("published")
    leaks = hidden_leaks(published, hidden)
    assert not leaks, "hidden test code on the site:\n" + "\n".join(leaks[:40])
