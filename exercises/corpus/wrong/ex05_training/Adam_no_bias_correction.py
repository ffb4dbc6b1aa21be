class Adam:
    """Adam (Kingma & Ba): running averages of the gradient and of its square."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        self.params, self.lr, self.eps = params, lr, eps
        self.b1, self.b2 = betas
        self.first = {}
        self.second = {}

    def step(self, grads):
        for key in self.params:
            g = grads[key]
            self.first[key] = self.b1 * self.first.get(key, 0.0) + (1 - self.b1) * g
            self.second[key] = self.b2 * self.second.get(key, 0.0) + (1 - self.b2) * np.square(g)
            update = self.first[key] / (np.sqrt(self.second[key]) + self.eps)
            self.params[key] -= self.lr * update
