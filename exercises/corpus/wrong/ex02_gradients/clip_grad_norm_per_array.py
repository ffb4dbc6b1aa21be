def clip_grad_norm(grads, max_norm):
    norms = [float(np.sqrt(np.sum(g ** 2))) for g in grads]
    for g, n in zip(grads, norms):
        g *= min(1.0, max_norm / (n + 1e-6))
    return float(np.sqrt(sum(n ** 2 for n in norms)))
