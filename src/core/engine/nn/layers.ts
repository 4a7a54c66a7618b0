import type { Tensor } from '../ir/tensor';
import * as o from '../ops';
import type { Params } from './params';

/** y = x·W + b with W [dIn, dOut]; PyTorch's default init U(±1/√dIn). */
export class Linear {
  readonly w: Tensor;
  readonly b?: Tensor;

  constructor(ps: Params, dIn: number, dOut: number, bias = true) {
    const bound = 1 / Math.sqrt(dIn);
    this.w = ps.create('w', [dIn, dOut], { uniform: bound });
    if (bias) this.b = ps.create('b', [dOut], { uniform: bound });
  }

  forward(x: Tensor): Tensor {
    const y = o.matmul(x, this.w);
    return this.b ? o.add(y, this.b) : y;
  }
}

/** Rows of a [vocab, d] table, N(0, 0.02²) as in GPT-2. */
export class Embedding {
  readonly table: Tensor;

  constructor(ps: Params, vocab: number, d: number) {
    this.table = ps.create('table', [vocab, d], { normal: 0.02 });
  }

  /** int64 ids [...] → [..., d]. */
  forward(ids: Tensor): Tensor {
    return o.gather(this.table, ids);
  }
}

/** Layer normalisation over the last axis with learned scale (ones) and shift (zeros). */
export class LayerNorm {
  readonly gamma: Tensor;
  readonly beta: Tensor;

  constructor(
    ps: Params,
    d: number,
    private readonly eps = 1e-5,
  ) {
    this.gamma = ps.create('gamma', [d], { ones: true });
    this.beta = ps.create('beta', [d], { zeros: true });
  }

  forward(x: Tensor): Tensor {
    return o.layerNorm(x, this.gamma, this.beta, this.eps);
  }
}

export type Activation = 'relu' | 'gelu' | 'tanh';

const ACTIVATIONS: Record<Activation, (x: Tensor) => Tensor> = { relu: o.relu, gelu: (x) => o.gelu(x, 'none'), tanh: o.tanh };

/** Linear → activation → … → Linear through the given widths. */
export class Mlp {
  readonly layers: Linear[];

  constructor(
    ps: Params,
    widths: readonly number[],
    private readonly activation: Activation = 'gelu',
  ) {
    this.layers = widths.slice(1).map((w, i) => new Linear(ps.scope(`fc${i}`), widths[i], w));
  }

  forward(x: Tensor): Tensor {
    return this.layers.reduce((h, layer, i) => {
      const y = layer.forward(h);
      return i < this.layers.length - 1 ? ACTIVATIONS[this.activation](y) : y;
    }, x);
  }
}
