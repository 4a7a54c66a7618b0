import { Tensor, isFloat } from '../ir/tensor';
import { mapN, nd, around } from '../reference/nd';
import { erfRef } from '../reference/special';
import { apply, defineOp, fault } from './registry';
import { add, erf, exp, mul, sub, tanh, div, sqrt } from './elementwise';
import { reduceMean, softmax, sumTo } from './reduce';
import { oneHot } from './indexing';
import { reshape } from './shape';

export type GeluForm = 'none' | 'tanh';
const K = Math.sqrt(2 / Math.PI);

function geluRef(x: number, form: GeluForm): number {
  if (form === 'tanh') return 0.5 * x * (1 + Math.tanh(K * (x + 0.044715 * x * x * x)));
  return 0.5 * x * (1 + erfRef(x / Math.SQRT2));
}

// Hendrycks & Gimpel 2016. erf form: d gelu = Φ(x) + x·φ(x); tanh form: 0.5(1+t) + 0.5x(1−t²)·√(2/π)(1 + 3·0.044715x²).
defineOp('gelu', {
  shape: ([x]) => {
    if (!isFloat(x.dtype)) fault(`gelu needs a float tensor, got ${x.dtype}`);
    return { shape: x.shape, dtype: x.dtype };
  },
  // ONNX Gelu is opset 20; ORT 1.30 runs it as one fused kernel.
  lower: (n, [x], ctx) => ctx.emit('Gelu', [x], { approximate: n.attrs.approximate as string })[0],
  vjp: (n, g) => {
    const x = n.inputs[0];
    if (n.attrs.approximate === 'tanh') {
      const t = tanh(mul(add(x, mul(0.044715, mul(x, mul(x, x)))), K));
      const dt = mul(mul(sub(1, mul(t, t)), K), add(1, mul(3 * 0.044715, mul(x, x))));
      return [mul(g, add(mul(0.5, add(1, t)), mul(mul(0.5, x), dt)))];
    }
    const cdf = mul(0.5, add(1, erf(mul(x, 1 / Math.SQRT2))));
    const pdf = mul(1 / Math.sqrt(2 * Math.PI), exp(mul(-0.5, mul(x, x))));
    return [mul(g, add(cdf, mul(x, pdf)))];
  },
  reference: ([x], n) => mapN(n.shape, [x], (v) => geluRef(v, n.attrs.approximate as GeluForm)),
});

export const gelu = (x: Tensor, approximate: GeluForm = 'none') => apply('gelu', [x], { approximate });

/*
 * Layer normalisation over the last axis (Ba et al. 2016), lowered to ONNX LayerNormalization
 * (opset 17). The backward pass is written in primitives:
 * x̂ = (x−μ)/σ, dx = (ĝ − mean ĝ − x̂·mean(ĝ⊙x̂))/σ with ĝ = g⊙γ; dγ = Σ g⊙x̂; dβ = Σ g.
 */
defineOp('layerNorm', {
  shape: ([x, gamma, beta]) => {
    const d = x.shape[x.rank - 1];
    for (const p of [gamma, beta]) if (p.rank !== 1 || p.shape[0] !== d) fault(`scale and bias must be [${d}], got [${p.shape.join(',')}]`);
    return { shape: x.shape, dtype: x.dtype };
  },
  lower: (n, [x, gamma, beta], ctx) => ctx.emit('LayerNormalization', [x, gamma, beta], { axis: -1, epsilon: n.attrs.eps as number })[0],
  vjp: (n, g) => {
    const [x, gamma] = n.inputs;
    const eps = n.attrs.eps as number;
    const axis = x.rank - 1;
    const centred = sub(x, reduceMean(x, [axis], true));
    const invStd = div(1, sqrt(add(reduceMean(mul(centred, centred), [axis], true), eps)));
    const xhat = mul(centred, invStd);
    const gh = mul(g, gamma);
    const dx = mul(invStd, sub(sub(gh, reduceMean(gh, [axis], true)), mul(xhat, reduceMean(mul(gh, xhat), [axis], true))));
    return [dx, sumTo(mul(g, xhat), gamma.shape), sumTo(g, gamma.shape)];
  },
  reference: ([x, gamma, beta], n) => {
    const out = nd(x.shape);
    const [rows, d] = around(x.shape, x.shape.length - 1);
    const eps = n.attrs.eps as number;
    for (let r = 0; r < rows; r++) {
      let mean = 0;
      for (let j = 0; j < d; j++) mean += x.data[r * d + j] / d;
      let v = 0;
      for (let j = 0; j < d; j++) v += (x.data[r * d + j] - mean) ** 2 / d;
      const inv = 1 / Math.sqrt(v + eps);
      for (let j = 0; j < d; j++) out.data[r * d + j] = (x.data[r * d + j] - mean) * inv * gamma.data[j] + beta.data[j];
    }
    return out;
  },
});

export const layerNorm = (x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5) => apply('layerNorm', [x, gamma, beta], { eps });

// Per-example cross-entropy from logits [N, C] and int64 labels [N]; d logits = (softmax − onehot)·g.
defineOp('crossEntropy', {
  shape: ([logits, labels]) => {
    if (logits.rank !== 2) fault(`logits must be [N, C], got [${logits.shape.join(',')}]`);
    if (labels.dtype !== 'int64') fault(`labels must be int64, got ${labels.dtype}`);
    if (labels.rank !== 1 || labels.shape[0] !== logits.shape[0]) fault(`labels must be [${logits.shape[0]}], got [${labels.shape.join(',')}]`);
    return { shape: [logits.shape[0]], dtype: logits.dtype };
  },
  lower: (_n, [logits, labels], ctx) => ctx.emit('SoftmaxCrossEntropyLoss', [logits, labels], { reduction: 'none' })[0],
  vjp: (n, g) => {
    const [logits, labels] = n.inputs;
    const diff = sub(softmax(logits, 1), oneHot(labels, logits.shape[1]));
    return [mul(diff, reshape(g, [logits.shape[0], 1])), null];
  },
  reference: ([logits, labels]) => {
    const [rows, c] = logits.shape;
    const out = nd([rows]);
    for (let r = 0; r < rows; r++) {
      let m = -Infinity;
      for (let j = 0; j < c; j++) m = Math.max(m, logits.data[r * c + j]);
      let s = 0;
      for (let j = 0; j < c; j++) s += Math.exp(logits.data[r * c + j] - m);
      out.data[r] = m + Math.log(s) - logits.data[r * c + labels.data[r]];
    }
    return out;
  },
});

/** Per-example cross-entropy (nats) of int64 `labels` [N] under `logits` [N, C]. */
export const crossEntropy = (logits: Tensor, labels: Tensor) => apply('crossEntropy', [logits, labels]);

