class LSTM(nn.Module):
    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False):
        super().__init__()
        self.hidden_size, self.num_layers, self.batch_first = hidden_size, num_layers, batch_first
        std = 1 / math.sqrt(hidden_size)
        sizes = [input_size] + [hidden_size] * (num_layers - 1)
        for k, d in enumerate(sizes):
            self.register_parameter(f"weight_ih_l{k}", nn.Parameter(std * (2 * torch.rand(4 * hidden_size, d) - 1)))
            self.register_parameter(f"weight_hh_l{k}", nn.Parameter(std * (2 * torch.rand(4 * hidden_size, hidden_size) - 1)))
            self.register_parameter(f"bias_ih_l{k}", nn.Parameter(std * (2 * torch.rand(4 * hidden_size) - 1)))
            self.register_parameter(f"bias_hh_l{k}", nn.Parameter(std * (2 * torch.rand(4 * hidden_size) - 1)))

    def cell(self, k, x_t, h, c):
        a = (x_t @ getattr(self, f"weight_ih_l{k}").T + getattr(self, f"bias_ih_l{k}")
             + h @ getattr(self, f"weight_hh_l{k}").T + getattr(self, f"bias_hh_l{k}"))
        in_gate, forget_gate, out_gate, candidate = torch.split(a, self.hidden_size, dim=-1)
        c = forget_gate.sigmoid() * c + in_gate.sigmoid() * candidate.tanh()
        return out_gate.sigmoid() * c.tanh(), c

    def forward(self, x, hx=None):
        seq = x.transpose(0, 1) if self.batch_first else x
        if hx is None:
            hx = (seq.new_zeros(self.num_layers, seq.shape[1], self.hidden_size),) * 2
        h_n, c_n = [], []
        for k in range(self.num_layers):
            h, c = hx[0][k], hx[1][k]
            ys = []
            for x_t in seq:
                h, c = self.cell(k, x_t, h, c)
                ys.append(h)
            seq = torch.stack(ys)
            h_n.append(h)
            c_n.append(c)
        out = seq.transpose(0, 1) if self.batch_first else seq
        return out, (torch.stack(h_n), torch.stack(c_n))
