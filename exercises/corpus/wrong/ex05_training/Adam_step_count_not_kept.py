class Adam:
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        self.p, self.lr, self.betas, self.eps = params, lr, betas, eps
        self.m = {k: 0 * v for k, v in params.items()}
        self.v = {k: 0 * v for k, v in params.items()}

    def step(self, grads, t=1):
        beta1, beta2 = self.betas
        for k in self.p:
            self.m[k] = beta1 * self.m[k] + (1 - beta1) * grads[k]
            self.v[k] = beta2 * self.v[k] + (1 - beta2) * grads[k] ** 2
            m_hat = self.m[k] / (1 - beta1 ** t)
            v_hat = self.v[k] / (1 - beta2 ** t)
            self.p[k] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
