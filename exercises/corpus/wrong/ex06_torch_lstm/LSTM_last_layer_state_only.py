class LSTM(nn.Module):
    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False):
        super().__init__()
        self.H, self.L, self.batch_first = hidden_size, num_layers, batch_first
        for layer in range(num_layers):
            fan_in = input_size if layer == 0 else hidden_size
            shapes = {"weight_ih": (4 * hidden_size, fan_in), "weight_hh": (4 * hidden_size, hidden_size),
                      "bias_ih": (4 * hidden_size,), "bias_hh": (4 * hidden_size,)}
            for name, shape in shapes.items():
                p = nn.Parameter(torch.empty(*shape))
                nn.init.uniform_(p, -hidden_size ** -0.5, hidden_size ** -0.5)
                self.register_parameter(f"{name}_l{layer}", p)

    def forward(self, x, hx=None):
        if self.batch_first:
            x = x.transpose(0, 1).contiguous()
        if hx is None:
            state = x.new_zeros(self.L, x.size(1), self.H)
            hx = (state, state)
        for layer in range(self.L):
            w = {n: getattr(self, f"{n}_l{layer}") for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")}
            xw = nn.functional.linear(x, w["weight_ih"], w["bias_ih"])      # all steps at once
            h, c = hx[0][layer], hx[1][layer]
            hs = []
            for t in range(x.size(0)):
                gates = xw[t] + nn.functional.linear(h, w["weight_hh"], w["bias_hh"])
                i, f, g, o = gates.chunk(4, 1)
                c = f.sigmoid() * c + i.sigmoid() * g.tanh()
                h = o.sigmoid() * c.tanh()
                hs.append(h)
            x = torch.stack(hs)
        out = x.transpose(0, 1) if self.batch_first else x
        return out, (h.unsqueeze(0), c.unsqueeze(0))
