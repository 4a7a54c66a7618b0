"""PyTorch side of `npm run bench -- sae-products`: the six matrix products of a ReLU SAE training
step as autograd runs them (bench/reference/sae_step.py, arch relu), each timed alone with
torch.mm on the shapes and layouts the step uses.

  enc     pre = xc @ W_enc            [B, d] x [d, m]
  dec     x_hat = f @ W_dec           [B, m] x [m, d]
  dW_dec  f.T @ g                     [m, B] x [B, d]
  df      g @ W_dec.T                 [B, d] x [d, m]
  dW_enc  xc.T @ dpre                 [d, B] x [B, m]
  dxc     dpre @ W_enc.T              [B, m] x [m, d]   (b_dec's gradient flows through it)

Usage: python3 sae_products.py D M B ITERS THREADS → one JSON line {name: best milliseconds}.
"""
import json
import sys
import time

import torch


def main():
    d, m, B, iters, threads = map(int, sys.argv[1:6])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    xc, g = torch.randn(B, d), torch.randn(B, d)
    f, dpre = torch.randn(B, m), torch.randn(B, m)
    W_enc, W_dec = torch.randn(d, m), torch.randn(m, d)
    products = {
        'enc': lambda: xc @ W_enc,
        'dec': lambda: f @ W_dec,
        'dW_dec': lambda: f.t() @ g,
        'df': lambda: g @ W_dec.t(),
        'dW_enc': lambda: xc.t() @ dpre,
        'dxc': lambda: dpre @ W_enc.t(),
    }
    best = {}
    for name, product in products.items():
        product()
        times = []
        for _ in range(iters):
            t0 = time.perf_counter()
            product()
            times.append(time.perf_counter() - t0)
        best[name] = min(times) * 1e3
    print(json.dumps(best))


if __name__ == '__main__':
    main()
