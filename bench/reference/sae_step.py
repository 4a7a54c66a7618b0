"""PyTorch reference for `npm run bench -- sae`: the same SAE training steps as the studio's
compiled ones (src/core/sae/arch), timed on the CPU, written the fastest way measured here.

  relu                ReLU + L1 weighted by decoder row norms (April update), Adam, clip 1.
  jumprelu            JumpReLU, SAELens profile: learned log θ, rectangle-kernel pseudo-derivatives
                      (ε 0.05), L0 penalty, Adam, clip 1 (dense, as SAELens runs it).
  topk-dense          TopK with a dense decode: the kept values scattered into [B, m] and multiplied.
  topk-sparse         TopK with a sparse decode, as sparsify's eager path does it: a dense encoder
                      (its backward two dense products) and F.embedding_bag over the k decoder rows
                      (its backward an index_add of B·k rows).
  topk-sparse-gather  The same decode; the latents are chosen by a gradient-free encoder pass and
                      their values recomputed from the k encoder rows (F.embedding), so the
                      encoder's backward is sparse too (faster at large m).
TopK keeps decoder rows at unit norm (parallel gradient removed, rows renormalised). Adam uses the
multi-tensor (foreach) update. The bench takes the faster sparse form per size.

Usage: python3 sae_step.py ARCH D M B K ITERS THREADS  → one JSON line {"tokensPerSec", "secondsPerStep", "best"}.
Set OPENBLAS_CORETYPE before starting Python (the bench does) so OpenBLAS uses its best kernel.
"""
import json
import statistics
import sys
import time

import torch
import torch.nn.functional as F


EPS = 0.05


def rect(u):
    return ((u > -0.5) & (u < 0.5)).to(u.dtype)


class JumpReLU(torch.autograd.Function):
    """f = z·1[z > θ]; ∂f/∂z = 1[z > θ], ∂f/∂θ = −(θ/ε)·K((z − θ)/ε) (SAELens)."""

    @staticmethod
    def forward(ctx, z, theta):
        ctx.save_for_backward(z, theta)
        return z * (z > theta)

    @staticmethod
    def backward(ctx, g):
        z, theta = ctx.saved_tensors
        return g * (z > theta), (g * -(theta / EPS) * rect((z - theta) / EPS)).sum(0)


class Step(torch.autograd.Function):
    """H(z − θ); ∂H/∂θ = −(1/ε)·K((z − θ)/ε), nothing to z."""

    @staticmethod
    def forward(ctx, z, theta):
        ctx.save_for_backward(z, theta)
        return (z > theta).to(z.dtype)

    @staticmethod
    def backward(ctx, g):
        z, theta = ctx.saved_tensors
        return None, (g * -(1 / EPS) * rect((z - theta) / EPS)).sum(0)


def main():
    arch, d, m, B, k, iters, threads = sys.argv[1], *map(int, sys.argv[2:8])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    x = torch.randn(B, d)
    W_dec = F.normalize(torch.randn(m, d), dim=1).requires_grad_()
    dense_enc = arch in ('relu', 'jumprelu')
    W_enc = W_dec.detach().t().contiguous().requires_grad_() if dense_enc else W_dec.detach().clone().requires_grad_()
    b_enc = torch.zeros(m, requires_grad=True)
    b_dec = torch.zeros(d, requires_grad=True)
    log_theta = torch.full((m,), -4.6, requires_grad=True)
    params = [W_enc, b_enc, W_dec, b_dec] + ([log_theta] if arch == 'jumprelu' else [])
    opt = torch.optim.Adam(params, lr=1e-4, foreach=True)
    since_fired = torch.zeros(m)

    def step():
        nonlocal since_fired
        opt.zero_grad(set_to_none=True)
        xc = x - b_dec
        if arch == 'relu':
            f = torch.relu(torch.addmm(b_enc, xc, W_enc))
            x_hat = torch.addmm(b_dec, f, W_dec)
            l1 = f.sum(0) @ W_dec.norm(dim=1) / B
            loss = F.mse_loss(x_hat, x, reduction='sum') / B + 0.3 * l1
            fired = f.detach().amax(0) > 0
        elif arch == 'jumprelu':
            z = torch.addmm(b_enc, xc, W_enc)
            theta = log_theta.exp()
            f = JumpReLU.apply(z, theta)
            x_hat = torch.addmm(b_dec, f, W_dec)
            loss = F.mse_loss(x_hat, x, reduction='sum') / B + Step.apply(z, theta).sum(1).mean()
            fired = f.detach().amax(0) > 0
        else:
            if arch == 'topk-sparse-gather':
                with torch.no_grad():
                    idx = torch.topk(F.linear(xc, W_enc, b_enc), k, dim=1, sorted=False).indices
                flat = idx.reshape(-1)
                rows = F.embedding(flat, W_enc).view(B, k, d)
                vals = torch.relu(torch.bmm(rows, xc.unsqueeze(2)).squeeze(2) + b_enc[flat].view(B, k))
            else:
                vals, idx = torch.topk(F.linear(xc, W_enc, b_enc), k, dim=1, sorted=False)
                vals = torch.relu(vals)
            if arch == 'topk-dense':
                x_hat = torch.addmm(b_dec, torch.zeros(B, m).scatter(1, idx, vals), W_dec)
            else:
                x_hat = F.embedding_bag(idx, W_dec, per_sample_weights=vals, mode='sum') + b_dec
            loss = F.mse_loss(x_hat, x, reduction='sum') / B
            fired = torch.zeros(m, dtype=torch.bool)
            fired[idx.reshape(-1)] = True
        loss.backward()
        if not dense_enc:
            with torch.no_grad():
                unit = W_dec / W_dec.norm(dim=1, keepdim=True)
                W_dec.grad -= (W_dec.grad * unit).sum(1, keepdim=True) * unit
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        if not dense_enc:
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
