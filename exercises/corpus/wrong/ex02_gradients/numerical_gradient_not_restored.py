def numerical_gradient(f, x, eps=1e-6):
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        x[idx] += eps
        f_plus = f()
        x[idx] -= 2 * eps
        f_minus = f()
        grad[idx] = (f_plus - f_minus) / (2 * eps)
    return grad
