import { StudioError } from '../../../shared/errors';
import { EngineSession, exportStep, input, ops as o, runRowChunks, type Tensor } from '../../engine';
import { transposeMD } from '../arch/common';
import type { Sae } from './sae';

/**
 * SAE inference on ONNX Runtime: the forward pass of `forward.ts` (ALGORITHMS-DETAIL.md §2) as one
 * ONNX graph per (architecture, dIn, dSae, chunk, whitening), run chunk by chunk. The SAE's
 * tensors are graph inputs, not initializers, so ORT wraps the host's Float32Arrays without
 * copying them and one graph serves any weights of that shape. Inputs and outputs are in the
 * original activation space, as in `forward.ts`, which stays the reference the tests compare
 * against. BatchTopK's training-time selection over a whole batch (`encode(…, {batchTopK})`)
 * is not here: inference thresholds at θ.
 */
export interface CompiledSaeOptions {
  /** Rows per session run (default 1024); the last chunk is padded with zero rows. */
  chunkRows?: number;
  /** CPU intra-op threads; default one per core. */
  threads?: number;
  /** `encode` builds a graph without the decoder; `forward` (default) computes both f and x̂. */
  outputs?: 'encode' | 'forward';
}

const DEFAULT_CHUNK_ROWS = 1024;

export class CompiledSae {
  private constructor(
    private readonly session: EngineSession,
    private readonly feeds: Record<string, Float32Array>,
    readonly dIn: number,
    readonly dSae: number,
    readonly chunkRows: number,
    readonly outputs: 'encode' | 'forward',
  ) {}

  static async create(sae: Sae, opts: CompiledSaeOptions = {}): Promise<CompiledSae> {
    const chunk = opts.chunkRows ?? DEFAULT_CHUNK_ROWS;
    if (!Number.isInteger(chunk) || chunk < 1) throw new StudioError('bad-input', `chunkRows must be a positive integer, got ${chunk}`, 'chunkRows');
    const outputs = opts.outputs ?? 'forward';
    const { graph, feeds } = buildGraph(sae, chunk, outputs);
    const session = await EngineSession.create(exportStep({ updates: [], outputs: graph }), { threads: opts.threads });
    return new CompiledSae(session, feeds, sae.dIn, sae.dSae, chunk, outputs);
  }

  /** Features f [rows, dSae] of raw inputs x [rows, dIn]. */
  async encode(x: Float32Array): Promise<Float32Array> {
    return (await this.runChunks(x, false)).f;
  }

  /** Features f [rows, dSae] and reconstruction x̂ [rows, dIn] in the original space. */
  async forward(x: Float32Array): Promise<{ f: Float32Array; xHat: Float32Array }> {
    if (this.outputs !== 'forward') throw new StudioError('bad-input', 'this compiled SAE was built with outputs "encode"; it has no decoder', 'CompiledSae.forward');
    const { f, xHat } = await this.runChunks(x, true);
    return { f, xHat: xHat! };
  }

  async dispose(): Promise<void> {
    await this.session.dispose();
  }

  private async runChunks(x: Float32Array, withXHat: boolean): Promise<{ f: Float32Array; xHat?: Float32Array }> {
    const { dIn: d, dSae: m } = this;
    const widths: Record<string, number> = withXHat ? { f: m, xHat: d } : { f: m };
    const out = await runRowChunks(x, d, this.chunkRows, widths, (xc) => this.session.run({ ...this.feeds, x: xc }), `d_in = ${d}; the SAE is [${d}, ${m}]`);
    return { f: out.f, xHat: out.xHat };
  }
}

/**
 * The graph's outputs and the SAE's tensors to feed beside x (transposed where the graph
 * multiplies by them from the right). A tensor becomes a graph input on first use, so the feeds
 * hold exactly the inputs the graph reads.
 */
function buildGraph(sae: Sae, chunk: number, outputs: 'encode' | 'forward'): { graph: Record<string, Tensor>; feeds: Record<string, Float32Array> } {
  const { dIn: d, dSae: m } = sae;
  const feeds: Record<string, Float32Array> = {};
  const leaves = new Map<string, Tensor>();
  const leaf = (name: string, value: () => Float32Array, shape: number[]): Tensor => {
    let t = leaves.get(name);
    if (!t) {
      feeds[name] = value();
      leaves.set(name, (t = input(name, shape)));
    }
    return t;
  };
  const w = sae.whitening;
  const mean = () => leaf('white_mean', () => w!.mean, [d]);
  const bDec = () => leaf('b_dec', () => sae.b_dec, [d]);
  const bEnc = leaf('b_enc', () => sae.b_enc, [m]);
  let xIn = input('x', [chunk, d]);
  // x_w = (x − μ) Wᵀ, row by row as whitenBatch computes W (x − μ).
  if (w) xIn = o.matmul(o.sub(xIn, mean()), leaf('white_WT', () => transposeMD(w.W, d, d), [d, d]));
  const centred = sae.applyBDecToInput ? o.sub(xIn, bDec()) : xIn;
  const pre = o.add(o.matmul(centred, leaf('W_enc', () => sae.W_enc, [d, m])), bEnc);
  const f = activation(sae, pre, bEnc, (name, value) => leaf(name, () => value, [m]));
  if (outputs === 'encode') return { graph: { f }, feeds };
  let xHat = o.add(o.matmul(f, leaf('W_dec', () => sae.W_dec, [m, d])), bDec());
  // x = x_w W⁻ᵀ + μ
  if (w) xHat = o.add(o.matmul(xHat, leaf('white_WinvT', () => transposeMD(w.Winv, d, d), [d, d])), mean());
  return { graph: { f, xHat }, feeds };
}

/** f from the pre-activations, per architecture exactly as forward.ts's `encode`. */
function activation(sae: Sae, pre: Tensor, bEnc: Tensor, vector: (name: string, value: Float32Array) => Tensor): Tensor {
  switch (sae.architecture) {
    case 'standard':
      return o.relu(pre);
    case 'topk': {
      // ONNX TopK puts the lower index first among equal values, as keepTopK breaks ties.
      const { values, indices } = o.topk(o.relu(pre), sae.k!);
      return o.scatterAlong(values, indices, sae.dSae);
    }
    case 'batchtopk': {
      const r = o.relu(pre);
      return o.where(o.greater(r, vector('threshold', sae.threshold!)), r, 0);
    }
    case 'jumprelu':
      return o.where(o.greater(pre, vector('threshold', sae.threshold!)), pre, 0);
    case 'gated': {
      // π_mag = (π_gate − b_gate)·exp(r_mag) + b_mag; f = 1[π_gate > 0]·ReLU(π_mag)
      const mag = o.add(o.mul(o.sub(pre, bEnc), o.exp(vector('r_mag', sae.gate!.r_mag))), vector('b_mag', sae.gate!.b_mag));
      return o.where(o.greater(pre, 0), o.relu(mag), 0);
    }
  }
}
