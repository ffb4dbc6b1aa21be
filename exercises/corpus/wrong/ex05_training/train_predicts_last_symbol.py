def train(seed=0, steps=STEPS):
    hidden, batch = 16, 32
    rng = np.random.default_rng(seed)
    lim = 1 / np.sqrt(hidden)
    params = {"W_x": 4 * rng.uniform(-lim, lim, size=(4 * hidden, K)),
              "W_h": rng.uniform(-lim, lim, size=(4 * hidden, hidden)),
              "b": np.zeros(4 * hidden),
              "W_y": rng.uniform(-lim, lim, size=(K, hidden)),
              "b_y": np.zeros(K)}
    params["b"][hidden:2 * hidden] = 1.0
    opt = Adam(params, lr=0.01)
    for it in range(steps):
        x, _ = make_batch(rng, batch)
        label = x[-1].argmax(axis=1)                   # the symbol the network has just seen
        state = np.zeros((batch, hidden))
        hs, _, cache = lstm_forward(x, state, state, params["W_x"], params["W_h"], params["b"])
        z = hs[-1] @ params["W_y"].T + params["b_y"]
        e = np.exp(z - np.max(z, axis=1, keepdims=True))
        softmax = e / np.sum(e, axis=1, keepdims=True)
        dz = (softmax - np.eye(K)[label]) / batch
        dh_last = dz @ params["W_y"]
        dhs = np.concatenate([np.zeros_like(hs[:-1]), dh_last[None]])
        _, _, _, dW_x, dW_h, db = lstm_backward(dhs, cache)
        grads = {"W_x": dW_x, "W_h": dW_h, "b": db, "W_y": dz.T @ hs[-1], "b_y": dz.sum(axis=0)}
        clip_grad_norm(list(grads.values()), 1.0)
        opt.step(grads)
    return params
