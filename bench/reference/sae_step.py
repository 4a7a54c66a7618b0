"""PyTorch reference for `npm run bench -- sae`: the same SAE training steps as the studio's
compiled ones (src/core/sae/arch), timed on the CPU.

  relu         ReLU + L1 weighted by decoder row norms (April update), Adam, clip 1.
  topk-dense   TopK with a dense decode: the kept values scattered into [B, m] and multiplied.
  topk-sparse  TopK with a sparse decode: the k rows gathered (index_select) and the decoder
               gradient accumulated by index_add (embedding-style backward).
Both TopK forms keep decoder rows at unit norm (parallel gradient removed, rows renormalised).

Usage: python3 sae_step.py ARCH D M B K ITERS THREADS  → one JSON line {"tokensPerSec", "secondsPerStep"}.
Set OPENBLAS_CORETYPE before starting Python (the bench does) so OpenBLAS uses its best kernel.
"""
import json
import statistics
import sys
import time

import torch


def main():
    arch, d, m, B, k, iters, threads = sys.argv[1], *map(int, sys.argv[2:8])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    x = torch.randn(B, d)
    W_dec = torch.nn.functional.normalize(torch.randn(m, d), dim=1).requires_grad_()
    W_enc = W_dec.detach().t().contiguous().requires_grad_() if arch == 'relu' else W_dec.detach().clone().requires_grad_()
    b_enc = torch.zeros(m, requires_grad=True)
    b_dec = torch.zeros(d, requires_grad=True)
    params = [W_enc, b_enc, W_dec, b_dec]
    opt = torch.optim.Adam(params, lr=1e-4)
    since_fired = torch.zeros(m)

    def step():
        nonlocal since_fired
        opt.zero_grad(set_to_none=True)
        xc = x - b_dec
        if arch == 'relu':
            f = torch.relu(xc @ W_enc + b_enc)
            x_hat = f @ W_dec + b_dec
            l1 = (f * W_dec.norm(dim=1)).sum(-1).mean()
            loss = ((x - x_hat) ** 2).sum(-1).mean() + 0.3 * l1
            fired = f.detach().amax(0) > 0
        else:
            if arch == 'topk-dense':
                vals, idx = torch.topk(xc @ W_enc.t() + b_enc, k, dim=1)
                vals = torch.relu(vals)
                f = torch.zeros(B, m).scatter(1, idx, vals)
                x_hat = f @ W_dec + b_dec
            else:
                with torch.no_grad():
                    idx = torch.topk(xc @ W_enc.t() + b_enc, k, dim=1).indices
                flat = idx.reshape(-1)
                enc_rows = W_enc.index_select(0, flat).view(B, k, d)
                vals = torch.relu(torch.bmm(enc_rows, xc.unsqueeze(2)).squeeze(2) + b_enc.index_select(0, flat).view(B, k))
                dec_rows = W_dec.index_select(0, flat).view(B, k, d)
                x_hat = torch.bmm(vals.unsqueeze(1), dec_rows).squeeze(1) + b_dec
            loss = ((x - x_hat) ** 2).sum(-1).mean()
            fired = torch.zeros(m, dtype=torch.bool)
            fired[idx.reshape(-1)] = True
        loss.backward()
        if arch != 'relu':
            with torch.no_grad():
                unit = W_dec / W_dec.norm(dim=1, keepdim=True)
                W_dec.grad -= (W_dec.grad * unit).sum(1, keepdim=True) * unit
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        if arch != 'relu':
            with torch.no_grad():
                W_dec.div_(W_dec.norm(dim=1, keepdim=True))
        since_fired = torch.where(fired, torch.zeros_like(since_fired), since_fired + 1)

    for _ in range(2):
        step()
    times = []
    for _ in range(iters):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    sec = statistics.median(times)
    print(json.dumps({"tokensPerSec": B / sec, "secondsPerStep": sec, "best": B / min(times), "torch": torch.__version__}))


if __name__ == '__main__':
    main()
