"""The logistic sigmoid, shared by the LSTM and the GRU."""
import numpy as np


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), written as (1 + tanh(z/2)) / 2 so that it never overflows."""
    return (1 + np.tanh(z / 2)) / 2
