"""The course's character LSTM in PyTorch: the peer of `./atelier bench lstm --peer`.

The same model and batches as dev.atelier.rnn.CharLstmModel's defaults: one-hot characters
(no embedding layer) into 2 stacked LSTM layers of 256 units, a linear layer to the vocabulary,
softmax cross-entropy; Adam 8e-3; each layer's gradient L2 norm clipped at 5 (DL4J's
ClipL2PerLayer); random windows of 64 characters, 32 per step, from the first 90 % of the text.
Prints the training throughput (tokens/s of wall time and per CPU-second of the process) after
untimed warm-up steps, then one machine-readable line starting with PEER.

PyTorch keeps its own default thread count (torch.get_num_threads(), printed), as the course's
library keeps its own: each side computes as it would for a student on the same machine. (With
Debian's build the OpenBLAS under PyTorch picks its own thread count for the matrix products, so
CPU-seconds per wall second may exceed the printed count; OPENBLAS_NUM_THREADS=1 holds it to one.)
"""
import time

import torch
import torch.nn as nn

from peer_text import argument_parser, char_ids


def main():
    ap = argument_parser(__doc__, "UTF-8 text file")
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--seq-len", type=int, default=64)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--steps", type=int, default=30, help="timed steps")
    ap.add_argument("--warmup", type=int, default=5, help="untimed steps first")
    ap.add_argument("--lr", type=float, default=8e-3)
    ap.add_argument("--clip", type=float, default=5.0)
    a = ap.parse_args()
    for name in ("layers", "hidden", "seq_len", "batch", "steps"):
        if getattr(a, name) < 1:
            ap.error("--%s must be >= 1, got %d" % (name.replace("_", "-"), getattr(a, name)))

    chars, ids = char_ids(a.text)
    train = ids[: int(len(ids) * 0.9)]
    V, T, B = len(chars), a.seq_len, a.batch
    torch.manual_seed(42)

    class CharLstm(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(V, a.hidden, num_layers=a.layers, batch_first=True)   # [B, T, V] -> [B, T, H]
            self.out = nn.Linear(a.hidden, V)                                          # [B, T, H] -> [B, T, V]

        def forward(self, x):
            h, _ = self.lstm(x)
            return self.out(h)

    model = CharLstm()
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    # per-layer clipping groups: each LSTM layer's weights and biases, then the output layer
    groups = [[p for n, p in model.lstm.named_parameters() if n.endswith("_l%d" % l)] for l in range(a.layers)]
    groups.append(list(model.out.parameters()))
    eye = torch.eye(V)

    def step():
        start = torch.randint(0, len(train) - T - 1, (B,))
        window = torch.stack([train[s: s + T + 1] for s in start.tolist()])         # [B, T+1]
        x, y = eye[window[:, :-1]], window[:, 1:]                                   # one-hot [B, T, V], targets [B, T]
        loss = nn.functional.cross_entropy(model(x).reshape(-1, V), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        for g in groups:
            torch.nn.utils.clip_grad_norm_(g, a.clip)
        opt.step()
        return loss.item()

    print("PyTorch %s, %d thread(s) (torch.get_num_threads(), its default here), %d interop" % (
        torch.__version__, torch.get_num_threads(), torch.get_num_interop_threads()))
    print("char LSTM %dx%d, vocabulary %d (one-hot input), sequence %d, batch %d: %d timed steps after %d warm-up" % (
        a.layers, a.hidden, V, T, B, a.steps, a.warmup))
    for _ in range(a.warmup):
        step()
    w0, c0 = time.perf_counter(), time.process_time()
    for _ in range(a.steps):
        loss = step()
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    tokens = a.steps * B * T
    print("PyTorch nn.LSTM %7.1f ms/step  %8.0f tokens/s (wall)   %7.1f ms/step  %8.0f tokens/s per CPU-second   loss %.3f" % (
        1000 * wall / a.steps, tokens / wall, 1000 * cpu / a.steps, tokens / cpu, loss))
    print("PEER tokens_per_second=%.1f tokens_per_cpu_second=%.1f threads=%d" % (tokens / wall, tokens / cpu, torch.get_num_threads()))


if __name__ == "__main__":
    main()
