class Adam:
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        self.params = params
        self.hyper = dict(lr=lr, b1=betas[0], b2=betas[1], eps=eps)
        self.t = 0
        self.moments = {name: [np.zeros(p.shape), np.zeros(p.shape)] for name, p in params.items()}

    def step(self, grads):
        hp = self.hyper
        self.t = self.t + 1
        for name, p in self.params.items():
            mom = self.moments[name]
            mom[0] = hp["b1"] * mom[0] + (1 - hp["b1"]) * grads[name]
            mom[1] = hp["b2"] * mom[1] + (1 - hp["b2"]) * abs(grads[name])     # size of the gradient
            step = (mom[0] / (1 - hp["b1"] ** self.t)) / (np.sqrt(mom[1] / (1 - hp["b2"] ** self.t)) + hp["eps"])
            p[...] = p - hp["lr"] * step
