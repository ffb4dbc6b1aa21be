"""Character-level language modelling: the text, its vocabulary, batches,
a small LSTM model and sampling with a temperature.

Shapes are time-major: a batch of character ids is (T, B).
"""
from pathlib import Path

import numpy as np
import torch
from torch import nn

DATA_DIR = Path(__file__).parent / "data"


def load_text(name="notes_on_memory.txt"):
    """The text of a file in ``course/data`` (UTF-8)."""
    path = DATA_DIR / name
    if not path.is_file():
        raise ValueError(f"load_text: no file {name!r} in {DATA_DIR}")
    return path.read_text(encoding="utf-8")


class Vocab:
    """The sorted set of characters of a text, with encode/decode.

    Parameters
    ----------
    text : str, every character that may ever be encoded
    """

    def __init__(self, text):
        if not text:
            raise ValueError("Vocab: text must be a non-empty string")
        self.chars = sorted(set(text))
        self.index = {ch: k for k, ch in enumerate(self.chars)}

    def __len__(self):
        return len(self.chars)

    def encode(self, text):
        """str of length N -> (N,) int64 ids."""
        missing = sorted(set(text) - set(self.index))
        if missing:
            raise ValueError(f"Vocab.encode: characters not in the vocabulary: {missing}")
        return np.array([self.index[ch] for ch in text], dtype=np.int64)

    def decode(self, ids):
        """(N,) ints -> str."""
        return "".join(self.chars[int(k)] for k in ids)


def random_windows(ids, T, B, rng):
    """B random windows of T + 1 consecutive characters.

    Parameters
    ----------
    ids : (N,) int64 encoded text, N > T
    T : window length
    B : number of windows
    rng : numpy.random.Generator

    Returns
    -------
    x : (T, B) inputs, ids[s : s + T] for each start s
    y : (T, B) targets, the next character at every step, ids[s + 1 : s + T + 1]
    """
    if len(ids) <= T:
        raise ValueError(f"random_windows: text has {len(ids)} characters, need more than T = {T}")
    starts = rng.integers(0, len(ids) - T, size=B)
    offsets = np.arange(T)[:, None]
    return ids[starts + offsets], ids[starts + offsets + 1]


def stream_windows(ids, T, B):
    """Consecutive windows of B parallel streams, for carrying the state from
    one window to the next (window-detach truncated BPTT).

    The text is cut into B contiguous streams of equal length; window k of
    stream b continues window k − 1 of the same stream.

    Parameters
    ----------
    ids : (N,) int64 encoded text, N > B (T + 1)
    T : window length
    B : number of streams

    Returns
    -------
    list of (x, y), each (T, B): x the inputs, y the next character at every step
    """
    n = (len(ids) - 1) // B
    if n < T:
        raise ValueError(f"stream_windows: text of {len(ids)} characters gives streams of {n} "
                         f"characters, need at least T = {T}")
    streams = np.stack([ids[b * n:b * n + n + 1] for b in range(B)], axis=1)   # (n + 1, B)
    return [(streams[k:k + T], streams[k + 1:k + T + 1]) for k in range(0, n - T + 1, T)]


class CharLSTM(nn.Module):
    """Embedding -> nn.LSTM -> linear layer to next-character logits.

    Parameters
    ----------
    vocab_size : V
    hidden_size : H (the embedding also has H dimensions)
    num_layers : stacked LSTM layers
    dropout : probability of dropping an entry of the embedding and of the
        LSTM's output (the non-recurrent connections, as in Zaremba et al.),
        and between stacked layers; active only in training mode
    """

    def __init__(self, vocab_size, hidden_size, num_layers=1, dropout=0.0):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, hidden_size)
        self.lstm = nn.LSTM(hidden_size, hidden_size, num_layers,
                            dropout=dropout if num_layers > 1 else 0.0)
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(hidden_size, vocab_size)

    def forward(self, x, state=None):
        """x : (T, B) ids -> logits (T, B, V) and the final (h, c)."""
        out, state = self.lstm(self.drop(self.embed(x)), state)
        return self.head(self.drop(out)), state

    def cell_states(self, x):
        """The cell state of the last layer at every step: x (T, B) ids -> (T, B, H).

        Runs the model step by step without dropout and without recording a graph.
        """
        was_training = self.training
        self.eval()
        cs, state = [], None
        with torch.no_grad():
            for x_t in x:
                _, state = self.lstm(self.embed(x_t[None]), state)
                cs.append(state[1][-1])
        self.train(was_training)
        return torch.stack(cs)


def softmax_with_temperature(logits, temperature):
    """softmax(logits / temperature) along the last axis, computed stably.

    logits : (..., V); temperature > 0. Returns probabilities (..., V).
    """
    if not temperature > 0:
        raise ValueError(f"softmax_with_temperature: temperature must be > 0, got {temperature}")
    z = np.asarray(logits, dtype=np.float64) / temperature
    z = z - z.max(axis=-1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=-1, keepdims=True)


def entropy_bits(p):
    """Entropy −Σ p log2 p along the last axis, in bits. p : (..., V) -> (...)."""
    p = np.asarray(p, dtype=np.float64)
    logp = np.log2(np.where(p > 0, p, 1.0))
    return -(p * logp).sum(axis=-1)


def sample_index(logits, temperature, rng):
    """Draw one index from softmax(logits / temperature).

    temperature == 0 means greedy decoding: the argmax, with no randomness.
    logits : (V,). Returns an int.
    """
    if temperature == 0:
        return int(np.argmax(logits))
    p = softmax_with_temperature(logits, temperature)
    return int(rng.choice(len(p), p=p))


@torch.no_grad()
def generate(model, vocab, prompt, n_chars, temperature, rng):
    """Continue ``prompt`` by ``n_chars`` characters sampled one at a time.

    The prompt is read once; after that the model sees one character per
    step and carries its (h, c) forward, so each new character costs one
    LSTM step. Returns the prompt followed by the sampled characters.
    """
    model.eval()
    ids = torch.from_numpy(vocab.encode(prompt))[:, None]      # (T, 1)
    logits, state = model(ids)
    out = []
    for _ in range(n_chars):
        k = sample_index(logits[-1, 0].double().numpy(), temperature, rng)
        out.append(k)
        logits, state = model(torch.tensor([[k]]), state)
    return prompt + vocab.decode(out)
