def train(seed=0, steps=STEPS):
    rng = np.random.default_rng(seed)
    n_hidden, batch = 16, 32
    scale = 1 / np.sqrt(n_hidden)
    W_x = 4 * rng.uniform(-scale, scale, (4 * n_hidden, K))
    W_h = rng.uniform(-scale, scale, (4 * n_hidden, n_hidden))
    b = np.concatenate([np.zeros(n_hidden), np.ones(n_hidden), np.zeros(2 * n_hidden)])
    W_y = rng.uniform(-scale, scale, (K, n_hidden))
    params = dict(W_x=W_x, W_h=W_h, b=b, W_y=W_y, b_y=np.zeros(K))
    optimizer = Adam(params, lr=0.01)
    h0 = np.zeros((batch, n_hidden))
    for step in range(steps):
        x, y = make_batch(rng, batch)
        hs, cs, cache = lstm_forward(x, h0, h0, params["W_x"], params["W_h"], params["b"])
        scores = hs[-1] @ params["W_y"].T + params["b_y"]
        probs = np.exp(scores - scores.max(axis=1, keepdims=True))
        probs = probs / probs.sum(axis=1, keepdims=True)
        targets = np.eye(K)[y]
        d_scores = (targets - probs) / batch            # derivative of the log-likelihood
        d_hs = np.zeros_like(hs)
        d_hs[-1] = d_scores @ params["W_y"]
        grads = dict(zip(("W_x", "W_h", "b"), lstm_backward(d_hs, cache)[3:]))
        grads["W_y"] = d_scores.T @ hs[-1]
        grads["b_y"] = d_scores.sum(axis=0)
        clip_grad_norm(list(grads.values()), 1.0)
        optimizer.step(grads)
    return params
