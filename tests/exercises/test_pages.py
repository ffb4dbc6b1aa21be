"""Each exercise page offers the released notebook and its helper files and
states the same points as the notebook."""
import re

import nbformat
import pytest

from exercises import assemble

BOOK = assemble.EXERCISES.parent / "book" / "exercises"


@pytest.mark.parametrize("name", assemble.assignments())
def test_page_offers_the_student_files(released, name):
    text = (BOOK / f"{name}.md").read_text()
    targets = re.findall(r"\{download\}`[^<`]*<(/[^>]+)>`", text)
    expected = {f"/exercises/build/release/{name}/{name}.ipynb"} | {
        f"/exercises/build/release/{name}/{p.name}" for p in assemble.helper_files(name)}
    assert set(targets) == expected
    for target in targets:
        assert (assemble.EXERCISES.parent / target.lstrip("/")).is_file(), target


@pytest.mark.parametrize("name", assemble.assignments())
def test_page_states_the_points(released, name):
    text = (BOOK / f"{name}.md").read_text()
    nb = nbformat.read(released[name], as_version=4)
    graded = assemble.graded_cells(nb)
    assert f"**{sum(p for _, p, _ in graded)} points**" in text
    for grade_id, points, _ in graded:
        assert re.search(rf"\| `{grade_id}` \| [^|]+ \| {points} \|", text), grade_id


def test_index_lists_every_exercise():
    text = (BOOK / "index.md").read_text()
    for name in assemble.assignments():
        assert f"({name}.md)" in text
