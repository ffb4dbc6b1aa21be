def numerical_gradient(f, x, eps=1e-6):
    grad = np.zeros_like(x)
    base = f()
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + eps
        grad[idx] = (f() - base) / eps
        x[idx] = old
    return grad
