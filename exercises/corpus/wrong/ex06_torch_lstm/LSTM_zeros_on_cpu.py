class LSTM(nn.Module):
    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False):
        super().__init__()
        self.hidden_size, self.num_layers, self.batch_first = hidden_size, num_layers, batch_first
        a = 1 / math.sqrt(hidden_size)
        params = {}
        for layer in range(num_layers):
            inp = input_size if layer == 0 else hidden_size
            params[f"weight_ih_l{layer}"] = torch.empty(4 * hidden_size, inp).uniform_(-a, a)
            params[f"weight_hh_l{layer}"] = torch.empty(4 * hidden_size, hidden_size).uniform_(-a, a)
            params[f"bias_ih_l{layer}"] = torch.empty(4 * hidden_size).uniform_(-a, a)
            params[f"bias_hh_l{layer}"] = torch.empty(4 * hidden_size).uniform_(-a, a)
        for name, value in params.items():
            setattr(self, name, nn.Parameter(value))

    def forward(self, x, hx=None):
        xs = x.permute(1, 0, 2) if self.batch_first else x
        if hx is None:
            zero = torch.zeros(self.num_layers, xs.shape[1], self.hidden_size)
            hx = (zero, zero)
        states = []
        for layer in range(self.num_layers):
            w_ih, w_hh = getattr(self, f"weight_ih_l{layer}"), getattr(self, f"weight_hh_l{layer}")
            bias = getattr(self, f"bias_ih_l{layer}") + getattr(self, f"bias_hh_l{layer}")
            h, c = hx[0][layer], hx[1][layer]
            outs = []
            for t in range(xs.shape[0]):
                i, f, g, o = (xs[t] @ w_ih.T + h @ w_hh.T + bias).chunk(4, dim=1)
                c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
                h = torch.sigmoid(o) * torch.tanh(c)
                outs.append(h)
            xs = torch.stack(outs)
            states.append((h, c))
        out = xs.permute(1, 0, 2) if self.batch_first else xs
        return out, (torch.stack([s[0] for s in states]), torch.stack([s[1] for s in states]))
