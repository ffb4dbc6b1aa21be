"""The LSTM cell diagram carries every label chapter 4 promises."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from course.cell_diagram import draw_lstm_cell  # noqa: E402


def test_diagram_has_every_label():
    ax = draw_lstm_cell()
    texts = " ".join(t.get_text() for t in ax.texts)
    for label in ("$i_t$", "$f_t$", "$g_t$", "$o_t$", "$c_{t-1}$", "$c_t$", "$h_{t-1}$", "$h_t$", "$x_t$",
                  "tanh", r"$\sigma$", r"c_t = f_t \odot c_{t-1} + i_t \odot g_t", r"h_t = o_t \odot \tanh(c_t)"):
        assert label in texts, label
    plt.close(ax.figure)

