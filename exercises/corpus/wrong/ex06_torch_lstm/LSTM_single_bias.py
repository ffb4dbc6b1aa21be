class LSTM(nn.Module):
    # the two biases of nn.LSTM are only ever added, so one per layer is enough
    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False):
        super().__init__()
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.batch_first = batch_first
        r = 1.0 / hidden_size ** 0.5
        for n in range(num_layers):
            d_in = hidden_size if n else input_size
            self.register_parameter(f"weight_ih_l{n}", nn.Parameter(torch.empty(4 * hidden_size, d_in).uniform_(-r, r)))
            self.register_parameter(f"weight_hh_l{n}", nn.Parameter(torch.empty(4 * hidden_size, hidden_size).uniform_(-r, r)))
            self.register_parameter(f"bias_l{n}", nn.Parameter(torch.empty(4 * hidden_size).uniform_(-r, r)))

    def forward(self, x, hx=None):
        if self.batch_first:
            x = x.permute(1, 0, 2)
        H = self.hidden_size
        if hx is None:
            h0 = x.new_zeros(self.num_layers, x.shape[1], H)
            hx = (h0, h0)
        hn, cn = [], []
        for n in range(self.num_layers):
            W_x, W_h, b = (getattr(self, f"{k}_l{n}") for k in ("weight_ih", "weight_hh", "bias"))
            h, c = hx[0][n], hx[1][n]
            steps = []
            for x_t in x.unbind(0):
                z = torch.addmm(b, x_t, W_x.t()) + h.mm(W_h.t())
                i, f, o = torch.sigmoid(z[:, :H]), torch.sigmoid(z[:, H:2 * H]), torch.sigmoid(z[:, 3 * H:])
                c = f * c + i * torch.tanh(z[:, 2 * H:3 * H])
                h = o * torch.tanh(c)
                steps.append(h)
            x = torch.stack(steps)
            hn.append(h)
            cn.append(c)
        if self.batch_first:
            x = x.permute(1, 0, 2)
        return x, (torch.stack(hn), torch.stack(cn))
