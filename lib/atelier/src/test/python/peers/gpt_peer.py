"""The course's GPT in PyTorch: the peer of `./atelier bench gpt --peer`.

The same model and training run as dev.atelier.gpt.Gpt + GptTrainer with GptConfig.defaults()
(nanoGPT's CPU "baby GPT"): characters of tinyshakespeare (first 90 % for training), 4 pre-LayerNorm
blocks, 4 heads, width 128, context 64, batch 12, learned position embeddings, GELU MLP of width
512, head tied to the token embedding, no dropout, weights N(0, 0.02²) (residual projections
0.02/√(2·layers)); AdamW (β 0.9/0.99, ε 1e-8, weight decay 0.1 on matrices and embeddings only),
linear warm-up over 100 steps to 1e-3 then cosine decay to 1e-4 at 2000 steps, gradients clipped
at global L2 norm 1; train and validation loss over 20 batches every 250 steps and at the end.
Tokens/s counts training steps only (evaluations excluded), as the course's benchmark does.
Ends with one machine-readable line starting with PEER.

PyTorch keeps its own default thread count (torch.get_num_threads(), printed), as the course's
library keeps its own.
"""
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from peer_text import argument_parser, char_ids


def main():
    ap = argument_parser(__doc__, "UTF-8 text file (tinyshakespeare)")
    ap.add_argument("--iters", type=int, default=2000)
    ap.add_argument("--eval-interval", type=int, default=250)
    ap.add_argument("--eval-iters", type=int, default=20)
    a = ap.parse_args()
    if a.iters < 1 or a.eval_interval < 1 or a.eval_iters < 1:
        ap.error("--iters, --eval-interval and --eval-iters must be >= 1")

    n_layer, n_head, n_embd, block, batch = 4, 4, 128, 64, 12
    lr, min_lr, warmup, decay, beta1, beta2, clip = 1e-3, 1e-4, 100, 0.1, 0.9, 0.99, 1.0
    torch.manual_seed(1337)

    chars, data = char_ids(a.text)
    n = int(len(data) * 0.9)
    train, val = data[:n], data[n:]
    V = len(chars)

    def get_batch(split):
        d = train if split == "train" else val
        ix = torch.randint(len(d) - block - 1, (batch,))
        x = torch.stack([d[i: i + block] for i in ix.tolist()])            # [B, T]
        y = torch.stack([d[i + 1: i + 1 + block] for i in ix.tolist()])    # [B, T]
        return x, y

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.ln1, self.ln2 = nn.LayerNorm(n_embd), nn.LayerNorm(n_embd)
            self.qkv = nn.Linear(n_embd, 3 * n_embd)       # [N, C] -> [N, 3C]
            self.proj = nn.Linear(n_embd, n_embd)
            self.fc = nn.Linear(n_embd, 4 * n_embd)        # [N, C] -> [N, 4C]
            self.fc_proj = nn.Linear(4 * n_embd, n_embd)
            self.register_buffer("mask", torch.tril(torch.ones(block, block)).view(1, 1, block, block))

        def attention(self, h):
            B, T, C = h.shape
            q, k, v = self.qkv(h).split(n_embd, dim=2)
            q, k, v = (z.view(B, T, n_head, C // n_head).transpose(1, 2) for z in (q, k, v))   # [B, H, T, hs]
            att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))                       # [B, H, T, T]
            att = F.softmax(att.masked_fill(self.mask[:, :, :T, :T] == 0, float("-inf")), dim=-1)
            return self.proj((att @ v).transpose(1, 2).contiguous().view(B, T, C))

        def forward(self, x):
            x = x + self.attention(self.ln1(x))
            return x + self.fc_proj(F.gelu(self.fc(self.ln2(x))))

    class Gpt(nn.Module):
        def __init__(self):
            super().__init__()
            self.wte, self.wpe = nn.Embedding(V, n_embd), nn.Embedding(block, n_embd)
            self.blocks = nn.ModuleList(Block() for _ in range(n_layer))
            self.lnf = nn.LayerNorm(n_embd)
            for name, p in self.named_parameters():
                if p.dim() == 2:
                    std = 0.02 / math.sqrt(2 * n_layer) if name.endswith("proj.weight") else 0.02
                    nn.init.normal_(p, 0.0, std)
                elif name.endswith(".bias"):
                    nn.init.zeros_(p)

        def forward(self, idx, targets):
            T = idx.shape[1]
            x = self.wte(idx) + self.wpe(torch.arange(T))                 # [B, T, C]
            for b in self.blocks:
                x = b(x)
            logits = self.lnf(x) @ self.wte.weight.t()                   # tied head: [B, T, V]
            return F.cross_entropy(logits.view(-1, V), targets.view(-1))

    model = Gpt()
    decayed = [p for p in model.parameters() if p.dim() >= 2]
    others = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decayed, "weight_decay": decay}, {"params": others, "weight_decay": 0.0}],
                            lr=lr, betas=(beta1, beta2), eps=1e-8)

    def lr_at(it):
        if it < warmup:
            return lr * (it + 1) / (warmup + 1)
        if it >= a.iters:
            return min_lr
        r = (it - warmup) / max(1, a.iters - warmup)
        return min_lr + 0.5 * (1.0 + math.cos(math.pi * r)) * (lr - min_lr)

    @torch.no_grad()
    def evaluate():
        model.eval()
        out = {s: sum(model(*get_batch(s)).item() for _ in range(a.eval_iters)) / a.eval_iters for s in ("train", "val")}
        model.train()
        return out

    print("PyTorch %s, %d thread(s) (torch.get_num_threads(), its default here)" % (torch.__version__, torch.get_num_threads()))
    print("GPT %d layers, %d heads, width %d, context %d, batch %d, vocabulary %d, %d parameters, %d iterations" % (
        n_layer, n_head, n_embd, block, batch, V, sum(p.numel() for p in model.parameters()), a.iters))
    step_seconds, step_cpu, t0 = 0.0, 0.0, time.perf_counter()
    losses = None
    for it in range(a.iters):
        w0, c0 = time.perf_counter(), time.process_time()
        for g in opt.param_groups:
            g["lr"] = lr_at(it)
        loss = model(*get_batch("train"))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
        step_seconds += time.perf_counter() - w0
        step_cpu += time.process_time() - c0
        if (it + 1) % a.eval_interval == 0 or it + 1 == a.iters:
            losses = evaluate()
            print("step %4d: train %.4f, val %.4f, %.0f tokens/s" % (
                it + 1, losses["train"], losses["val"], (it + 1) * batch * block / step_seconds), flush=True)
    tokens = a.iters * batch * block
    print("PyTorch GPT: %.0f tokens/s (training steps, wall), %.0f tokens/s per CPU-second, %.1f ms/iteration, "
          "val %.4f, %.1f s in all" % (tokens / step_seconds, tokens / step_cpu, 1000 * step_seconds / a.iters,
                                       losses["val"], time.perf_counter() - t0))
    print("PEER tokens_per_second=%.1f tokens_per_cpu_second=%.1f val_loss=%.4f threads=%d" % (
        tokens / step_seconds, tokens / step_cpu, losses["val"], torch.get_num_threads()))


if __name__ == "__main__":
    main()
