def numerical_gradient(f, x, eps=1e-6):
    grad = np.zeros(x.size)
    for k in range(x.size):
        old = x.flat[k]
        x.flat[k] = old + eps
        f_plus = f()
        x.flat[k] = old - eps
        f_minus = f()
        x.flat[k] = old
        grad[k] = (f_plus - f_minus) / (2 * eps)
    return grad
