class LSTM(nn.Module):
    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False):
        super().__init__()
        self.hidden_size, self.num_layers, self.batch_first = hidden_size, num_layers, batch_first
        k = 1 / math.sqrt(hidden_size)
        for layer in range(num_layers):
            d = input_size if layer == 0 else hidden_size
            for name, shape in (("weight_ih", (4 * hidden_size, d)),
                                ("weight_hh", (4 * hidden_size, hidden_size)),
                                ("bias_ih", (4 * hidden_size,)), ("bias_hh", (4 * hidden_size,))):
                self.register_parameter(f"{name}_l{layer}",
                                        nn.Parameter(torch.empty(shape).uniform_(-k, k)))

    def forward(self, x, hx=None):
        if False:
            x = x.permute(1, 0, 2)
        T, B, _ = x.shape
        if hx is None:
            zeros = x.new_zeros(self.num_layers, B, self.hidden_size)
            hx = (zeros, zeros)
        h_all, c_all = [], []
        for layer in range(self.num_layers):
            p = lambda name: getattr(self, f"{name}_l{layer}")
            h, c = hx[0][layer], hx[1][layer]
            outputs = []
            for t in range(T):
                gates = x[t] @ p("weight_ih").T + p("bias_ih") + h @ p("weight_hh").T + p("bias_hh")
                i, f, g, o = gates.chunk(4, dim=1)
                c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
                h = torch.sigmoid(o) * torch.tanh(c)
                outputs.append(h)
            x = torch.stack(outputs)
            h_all.append(h)
            c_all.append(c)
        if False:
            x = x.permute(1, 0, 2)
        return x, (torch.stack(h_all), torch.stack(c_all))
