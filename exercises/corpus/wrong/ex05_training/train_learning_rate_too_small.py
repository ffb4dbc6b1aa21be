def train(seed=0, steps=STEPS):
    H, B = 16, 32
    rng = np.random.default_rng(seed)
    k = H ** -0.5
    shapes = {"W_x": (4 * H, K), "W_h": (4 * H, H), "W_y": (K, H)}
    params = {name: rng.uniform(-k, k, shape) for name, shape in shapes.items()}
    params["W_x"] *= 4
    params["b"] = np.where(np.arange(4 * H) // H == 1, 1.0, 0.0)   # forget gate open
    params["b_y"] = np.zeros(K)
    adam = Adam(params, lr=1e-4)          # small steps are safer for an LSTM
    for _ in range(steps):
        x, y = make_batch(rng, B)
        zero_state = np.zeros((B, H))
        hs, _, cache = lstm_forward(x, zero_state, zero_state, params["W_x"], params["W_h"],
                                    params["b"])
        h_T = hs[-1]
        logits = h_T @ params["W_y"].T + params["b_y"]
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        p[np.arange(B), y] -= 1.0
        p /= B
        dhs = np.zeros_like(hs)
        dhs[-1] = p @ params["W_y"]
        dW_x, dW_h, db = lstm_backward(dhs, cache)[3:]
        grads = {"W_x": dW_x, "W_h": dW_h, "b": db, "W_y": p.T @ h_T, "b_y": p.sum(axis=0)}
        clip_grad_norm(list(grads.values()), 1.0)
        adam.step(grads)
    return params
