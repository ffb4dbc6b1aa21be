"""Chapter 8's figures: the packed layout and the h_n indexing agree with torch, carry
their labels, and are the same on every call."""
import pytest
import torch
from matplotlib.figure import Figure
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_sequence

from course.figures import ch08


@pytest.mark.parametrize("lengths", [(6, 4, 2), (2, 6, 4), (1,), (3, 3, 1, 5)])
def test_packed_batch_sizes_match_torch(lengths):
    seqs = [torch.zeros(n, 1) for n in lengths]
    packed = pack_padded_sequence(pad_sequence(seqs), torch.tensor(lengths), enforce_sorted=False)
    assert ch08.packed_batch_sizes(lengths).tolist() == packed.batch_sizes.tolist()


def test_packed_batch_sizes_of_the_chapter_example():
    assert ch08.packed_batch_sizes([6, 4, 2]).tolist() == [3, 3, 2, 2, 1, 1]


@pytest.mark.parametrize("bad", [[], [3, 0], [[1, 2]]])
def test_packed_batch_sizes_rejects_bad_lengths(bad):
    with pytest.raises(ValueError, match="positive ints"):
        ch08.packed_batch_sizes(bad)


def test_h_n_index_matches_torch():
    torch.manual_seed(0)
    L, T, B, D, H = 3, 5, 2, 3, 4
    lstm = nn.LSTM(D, H, num_layers=L, bidirectional=True).double()
    x = torch.randn(T, B, D, dtype=torch.float64)
    with torch.no_grad():
        output, (h_n, _) = lstm(x)
    last = L - 1
    assert torch.equal(h_n[ch08.h_n_index(last, 0)], output[-1, :, :H])
    assert torch.equal(h_n[ch08.h_n_index(last, 1)], output[0, :, H:])
    assert [ch08.h_n_index(layer, d) for layer in range(L) for d in (0, 1)] == list(range(2 * L))
    with pytest.raises(ValueError, match="direction"):
        ch08.h_n_index(0, 2)


def test_packed_layout_figure_labels_every_step(figure_texts):
    fig = ch08.draw_packed_layout((6, 4, 2))
    assert isinstance(fig, Figure)
    texts = figure_texts(fig)
    assert [t for t in texts if t.startswith("step ")] == [
        "step 1\n3 rows", "step 2\n3 rows", "step 3\n2 rows", "step 4\n2 rows", "step 5\n1 row",
        "step 6\n1 row"]
    assert any("12 rows" in t for t in texts)


def test_h_n_figure_labels_each_layer_and_direction(figure_texts):
    texts = figure_texts(ch08.draw_h_n_layout(num_layers=2, T=4))
    for k, what in ((0, "forward"), (1, "backward"), (2, "forward"), (3, "backward")):
        assert any(t.startswith(f"h_n[{k}]  {what}") for t in texts), (k, texts)


@pytest.mark.parametrize("draw", [ch08.draw_packed_layout, ch08.draw_h_n_layout])
def test_figures_are_deterministic(draw, same_picture):
    assert same_picture(draw)
