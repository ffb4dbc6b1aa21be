def train(seed=0, steps=STEPS):
    H, B = 16, 32
    rng = np.random.default_rng(seed)
    bound = 1 / np.sqrt(H)
    params = {"W_x": 4 * rng.uniform(-bound, bound, (4 * H, K)),
              "W_h": rng.uniform(-bound, bound, (4 * H, H)),
              "b": np.zeros(4 * H),
              "W_y": rng.uniform(-bound, bound, (K, H)),
              "b_y": np.zeros(K)}
    params["b"][H:2 * H] = 1.0                   # forget gate open at the start
    opt = Adam(params, lr=1e-4)
    zeros = np.zeros((B, H))
    for _ in range(steps):
        x, y = make_batch(rng, B)
        hs, _, cache = lstm_forward(x, zeros, zeros, params["W_x"], params["W_h"], params["b"])
        logits = hs[-1] @ params["W_y"].T + params["b_y"]
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        dlogits = p
        dlogits[np.arange(B), y] -= 1
        dlogits /= B
        dhs = np.zeros_like(hs)
        dhs[-1] = dlogits @ params["W_y"]
        _, _, _, dW_x, dW_h, db = lstm_backward(dhs, cache)
        grads = {"W_x": dW_x, "W_h": dW_h, "b": db,
                 "W_y": dlogits.T @ hs[-1], "b_y": dlogits.sum(axis=0)}
        clip_grad_norm(list(grads.values()), 1.0)
        opt.step(grads)
    return params
