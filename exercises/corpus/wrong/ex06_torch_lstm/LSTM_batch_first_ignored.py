class LSTM(nn.Module):
    """Stacked LSTM; weights named like nn.LSTM's so its state dict loads."""

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False):
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.batch_first = batch_first
        bound = 1.0 / math.sqrt(hidden_size)
        for l in range(num_layers):
            n_in = input_size if l == 0 else hidden_size
            setattr(self, f"weight_ih_l{l}", nn.Parameter(torch.empty(4 * hidden_size, n_in)))
            setattr(self, f"weight_hh_l{l}", nn.Parameter(torch.empty(4 * hidden_size, hidden_size)))
            setattr(self, f"bias_ih_l{l}", nn.Parameter(torch.empty(4 * hidden_size)))
            setattr(self, f"bias_hh_l{l}", nn.Parameter(torch.empty(4 * hidden_size)))
        for w in self.parameters():
            nn.init.uniform_(w, -bound, bound)

    def forward(self, x, hx=None):
        # x is (seq_len, batch, features)
        seq_len, batch = x.shape[0], x.shape[1]
        H = self.hidden_size
        if hx is None:
            h0 = torch.zeros(self.num_layers, batch, H, dtype=x.dtype, device=x.device)
            hx = (h0, h0.clone())
        layer_input = x
        last_h, last_c = [], []
        for l in range(self.num_layers):
            W_ih, W_hh = getattr(self, f"weight_ih_l{l}"), getattr(self, f"weight_hh_l{l}")
            b = getattr(self, f"bias_ih_l{l}") + getattr(self, f"bias_hh_l{l}")
            h, c = hx[0][l], hx[1][l]
            out = []
            for t in range(seq_len):
                z = layer_input[t] @ W_ih.t() + h @ W_hh.t() + b
                i = torch.sigmoid(z[:, :H])
                f = torch.sigmoid(z[:, H:2 * H])
                g = torch.tanh(z[:, 2 * H:3 * H])
                o = torch.sigmoid(z[:, 3 * H:])
                c = f * c + i * g
                h = o * torch.tanh(c)
                out.append(h)
            layer_input = torch.stack(out, dim=0)
            last_h.append(h)
            last_c.append(c)
        return layer_input, (torch.stack(last_h), torch.stack(last_c))
