import itertools

import numpy as np
import pytest
import torch

from course.charlm import (
    CharLSTM,
    Vocab,
    entropy_bits,
    generate,
    load_text,
    random_windows,
    sample_index,
    softmax_with_temperature,
)


def test_text_ships_with_the_course():
    text = load_text()
    assert 15_000 < len(text) < 60_000
    assert text.isascii()


def test_vocab_round_trip():
    text = load_text()
    vocab = Vocab(text)
    assert vocab.decode(vocab.encode(text)) == text
    assert len(vocab) == len(set(text))
    assert vocab.chars == sorted(vocab.chars)


def test_vocab_rejects_unknown_character():
    with pytest.raises(ValueError, match="not in the vocabulary"):
        Vocab("abc").encode("abz")


def test_windows_targets_are_next_characters():
    ids = np.arange(100, dtype=np.int64) * 3
    x, y = random_windows(ids, 7, 5, np.random.default_rng(0))
    assert x.shape == y.shape == (7, 5)
    np.testing.assert_array_equal(y[:-1], x[1:])
    np.testing.assert_array_equal(y[-1], x[-1] + 3)
    np.testing.assert_array_equal(np.diff(x, axis=0), 3)


def test_softmax_with_temperature_matches_torch():
    logits = np.random.default_rng(0).standard_normal((3, 11))
    for temp in (0.3, 1.0, 2.5):
        expected = torch.softmax(torch.from_numpy(logits) / temp, dim=-1).numpy()
        np.testing.assert_allclose(softmax_with_temperature(logits, temp), expected, rtol=1e-12)


def test_entropy_limits():
    V = 8
    assert entropy_bits(np.full(V, 1 / V)) == pytest.approx(3.0)
    assert entropy_bits(np.eye(V)[2]) == pytest.approx(0.0)
    logits = np.random.default_rng(1).standard_normal(V)
    hs = [entropy_bits(softmax_with_temperature(logits, t)) for t in (0.1, 1.0, 100.0)]
    assert hs[0] < hs[1] < hs[2] < 3.0


def test_temperature_to_zero_is_argmax():
    rng = np.random.default_rng(0)
    for _ in range(20):
        logits = rng.standard_normal(30)
        assert sample_index(logits, 0, rng) == np.argmax(logits)
        assert sample_index(logits, 1e-4, rng) == np.argmax(logits)


def test_sampling_frequencies_follow_softmax():
    rng = np.random.default_rng(0)
    logits = np.log(np.array([0.1, 0.2, 0.7]))
    draws = np.array([sample_index(logits, 1.0, rng) for _ in range(20_000)])
    freq = np.bincount(draws, minlength=3) / len(draws)
    np.testing.assert_allclose(freq, [0.1, 0.2, 0.7], atol=0.015)


def test_softmax_rejects_nonpositive_temperature():
    with pytest.raises(ValueError, match="temperature"):
        softmax_with_temperature(np.zeros(3), 0.0)


def test_generate_greedy_is_deterministic_and_matches_full_forward():
    torch.manual_seed(0)
    vocab = Vocab("abcde ")
    model = CharLSTM(len(vocab), 16)
    out1 = generate(model, vocab, "ab", 10, 0, np.random.default_rng(0))
    out2 = generate(model, vocab, "ab", 10, 0, np.random.default_rng(99))
    assert out1 == out2 and out1.startswith("ab") and len(out1) == 12
    # Re-reading the whole text at once gives the same greedy choices as the
    # one-step-at-a-time state carrying inside generate.
    with torch.no_grad():
        logits, _ = model(torch.from_numpy(vocab.encode(out1[:-1]))[:, None])
    greedy = vocab.decode(logits[1:, 0].argmax(-1).numpy())
    assert greedy == out1[2:]


def test_stream_windows_continue_each_stream():
    from course.charlm import stream_windows

    ids = np.arange(103)
    windows = stream_windows(ids, T=5, B=4)              # streams of 25 characters
    assert len(windows) == 5
    for (x, y), (x_next, _) in itertools.pairwise(windows):
        assert x.shape == y.shape == (5, 4)
        assert np.array_equal(y, x + 1)                  # the next character
        assert np.array_equal(x_next[0], x[-1] + 1)      # window k + 1 continues window k
    assert windows[0][0][:, 1].tolist() == [25, 26, 27, 28, 29]   # stream 1 starts at 25
    with pytest.raises(ValueError, match="need at least T"):
        stream_windows(np.arange(20), T=10, B=4)


def test_char_lstm_dropout_only_in_training_and_cell_states_match_nn_lstm():
    torch.manual_seed(0)
    model = CharLSTM(7, 6, dropout=0.5)
    x = torch.randint(0, 7, (9, 2))
    model.train()
    assert not torch.equal(model(x)[0], model(x)[0])
    model.eval()
    assert torch.equal(model(x)[0], model(x)[0])
    cs = model.cell_states(x)
    assert cs.shape == (9, 2, 6)
    with torch.no_grad():
        _, (_, c_T) = model.lstm(model.embed(x))
    assert torch.allclose(cs[-1], c_T[-1], atol=1e-6)
