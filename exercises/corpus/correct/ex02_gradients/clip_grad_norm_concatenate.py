def clip_grad_norm(grads, max_norm):
    total = float(np.linalg.norm(np.concatenate([g.ravel() for g in grads])))
    if total > max_norm:
        for g in grads:
            g *= max_norm / (total + 1e-6)
    return total
