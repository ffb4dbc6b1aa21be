class Adam:
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        self.params = params
        self.lr = lr
        self.beta1, self.beta2 = betas
        self.eps = eps
        self.state = {name: (np.zeros_like(p), np.zeros_like(p)) for name, p in params.items()}
        self.steps = 0

    def step(self, grads):
        self.steps += 1
        c1 = 1 - self.beta1 ** self.steps
        c2 = 1 - self.beta2 ** self.steps
        for name, p in self.params.items():
            m, v = self.state[name]
            m = self.beta1 * m + (1 - self.beta1) * grads[name]
            v = self.beta2 * v + (1 - self.beta2) * grads[name] * grads[name]
            self.state[name] = (m, v)
            p -= self.lr * (m / c1) / np.sqrt(v / c2 + self.eps)     # eps keeps the root away from 0
