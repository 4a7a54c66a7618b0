import { StudioError } from '../../../shared/errors';
import { EngineSession, Params, Program, exportStep, input, ops as o, trainStep, type Tensor } from '../../engine';
import { Rng } from '../../io/rng';

/**
 * The residual model on the engine (ALGORITHMS-DETAIL §9): each text's character profile goes
 * through a shared encoder (a trained layer, ReLU), the two codes are combined symmetrically
 * ([|e₁ − e₂|, e₁ ⊙ e₂], so swapping the texts changes nothing), then the reference's head
 * h → h/2 → h/4 → 1 with ReLU, dropout 0.1 and a tanh output, trained by MSE with AdamW, the
 * parameters of the epoch with the best dev loss kept. Target 'residual' is r = y − s_I; target
 * 'direct' is y itself (the neural-only baseline: same encoder and head).
 */
export interface ResidualConfig {
  /** width of each text's code; the head's input h is twice this */
  code: number;
  dropout: number;
  epochs: number;
  batch: number;
  lr: number;
  weightDecay: number;
  seed: number;
}

export const DEFAULT_RESIDUAL: ResidualConfig = { code: 64, dropout: 0.1, epochs: 30, batch: 64, lr: 1e-3, weightDecay: 1e-4, seed: 1 };

/** Pairs as rows of a profile table: `a[i]`, `b[i]` index rows of `profiles` [texts, dim]. */
export interface PairBatchSource {
  profiles: Float32Array;
  dim: number;
  a: Int32Array;
  b: Int32Array;
  /** what the model learns to predict, per pair */
  target: Float32Array;
}

export interface ResidualModel {
  dim: number;
  config: ResidualConfig;
  values: Record<string, Float32Array>;
  /** dev loss per epoch, and the epoch kept (1-based) */
  devLoss: number[];
  bestEpoch: number;
  seconds: number;
}

type Leaf = (name: string, shape: number[], init: () => Float32Array) => Tensor;

/** Each layer's weight [fanIn, fanOut] and bias, by name. */
function layers(dim: number, code: number): [string, number, number][] {
  const h = 2 * code;
  return [
    ['enc', dim, code],
    ['head0', h, h / 2],
    ['head1', h / 2, h / 4],
    ['head2', h / 4, 1],
  ];
}

/** Parameter names in the order the graph creates them. */
export const parameterNames = (dim: number, code: number): string[] => layers(dim, code).flatMap(([name]) => [`${name}.w`, `${name}.b`]);

/** r̂ [B] from profiles xa, xb [B, dim]; masks (train only) are inverted-dropout masks for the two hidden layers. */
function forward(leaf: Leaf, rng: Rng, dim: number, code: number, xa: Tensor, xb: Tensor, masks?: [Tensor, Tensor]): Tensor {
  const p: Record<string, Tensor> = {};
  for (const [name, fanIn, fanOut] of layers(dim, code)) {
    // PyTorch's Linear default: U(±1/√fan_in) for weight and bias
    const bound = 1 / Math.sqrt(fanIn);
    const uniform = (n: number) => () => Float32Array.from({ length: n }, () => (2 * rng.next() - 1) * bound);
    p[`${name}.w`] = leaf(`${name}.w`, [fanIn, fanOut], uniform(fanIn * fanOut));
    p[`${name}.b`] = leaf(`${name}.b`, [fanOut], uniform(fanOut));
  }
  const encode = (x: Tensor) => o.relu(o.add(o.matmul(x, p['enc.w']), p['enc.b']));
  const [ea, eb] = [encode(xa), encode(xb)];
  const pair = o.concat([o.abs(o.sub(ea, eb)), o.mul(ea, eb)], 1);
  let h = o.relu(o.add(o.matmul(pair, p['head0.w']), p['head0.b']));
  if (masks) h = o.mul(h, masks[0]);
  h = o.relu(o.add(o.matmul(h, p['head1.w']), p['head1.b']));
  if (masks) h = o.mul(h, masks[1]);
  return o.reshape(o.tanh(o.add(o.matmul(h, p['head2.w']), p['head2.b'])), [-1]);
}

function gather(src: PairBatchSource, picks: ArrayLike<number>, side: 'a' | 'b', into: Float32Array): void {
  const idx = src[side];
  for (let i = 0; i < picks.length; i++) into.set(src.profiles.subarray(idx[picks[i]] * src.dim, (idx[picks[i]] + 1) * src.dim), i * src.dim);
}

function dropoutMask(rows: number, width: number, p: number, rng: Rng): Float32Array {
  const m = new Float32Array(rows * width);
  for (let i = 0; i < m.length; i++) m[i] = rng.next() < p ? 0 : 1 / (1 - p);
  return m;
}

/** An inference session over `chunk` pairs with every parameter fed as an input, so one session serves every epoch's values. */
export class ResidualScorer {
  private constructor(
    private readonly session: EngineSession,
    private readonly dim: number,
    private readonly chunk: number,
  ) {}

  static async create(dim: number, code: number, chunk = 256): Promise<ResidualScorer> {
    const xa = input('xa', [chunk, dim]);
    const xb = input('xb', [chunk, dim]);
    const out = forward((name, shape) => input(name, shape), new Rng(0), dim, code, xa, xb);
    return new ResidualScorer(await EngineSession.create(exportStep({ updates: [], outputs: { r: out } })), dim, chunk);
  }

  async predict(values: Record<string, Float32Array>, src: Omit<PairBatchSource, 'target'>): Promise<Float32Array> {
    const n = src.a.length;
    const out = new Float32Array(n);
    const xa = new Float32Array(this.chunk * this.dim);
    const xb = new Float32Array(this.chunk * this.dim);
    for (let start = 0; start < n; start += this.chunk) {
      const picks = Array.from({ length: Math.min(this.chunk, n - start) }, (_, i) => start + i);
      xa.fill(0);
      xb.fill(0);
      gather(src as PairBatchSource, picks, 'a', xa);
      gather(src as PairBatchSource, picks, 'b', xb);
      const r = (await this.session.run({ xa, xb, ...values })).r as Float32Array;
      out.set(r.subarray(0, picks.length), start);
    }
    return out;
  }

  dispose(): Promise<void> {
    return this.session.dispose();
  }
}

const mse = (pred: Float32Array, target: Float32Array): number => pred.reduce((s, p, i) => s + (p - target[i]) ** 2, 0) / pred.length;

/** Trains on `train`, keeping the epoch with the lowest MSE on `dev`. */
export async function trainResidual(train: PairBatchSource, dev: PairBatchSource, config: ResidualConfig, hooks: { onEpoch?: (epoch: number, epochs: number, devLoss: number) => void; signal?: AbortSignal } = {}): Promise<ResidualModel> {
  const started = performance.now();
  const { dim } = train;
  const n = train.a.length;
  if (n === 0 || dev.a.length === 0) throw new StudioError('bad-input', 'the residual needs training and dev pairs', 'pairs');
  if (config.code % 4 !== 0) throw new StudioError('bad-input', `code width ${config.code} must be a multiple of 4 (the head halves 2·code twice)`, 'code');
  const B = Math.min(config.batch, n);
  const h = 2 * config.code;
  const ps = new Params(new Rng(config.seed));
  const initRng = new Rng(config.seed);
  const xa = input('xa', [B, dim]);
  const xb = input('xb', [B, dim]);
  const target = input('target', [B]);
  const m0 = input('mask0', [B, h / 2]);
  const m1 = input('mask1', [B, h / 4]);
  const rHat = forward((name, shape, init) => ps.create(name, shape, { values: init() }), initRng, dim, config.code, xa, xb, [m0, m1]);
  const err = o.sub(rHat, target);
  const loss = o.reduceMean(o.mul(err, err));
  const program = await Program.compile(trainStep({ loss, params: ps.list(), optimizer: { kind: 'adamw', weightDecay: config.weightDecay } }), ps.initial(), { threads: 1 });
  const scorer = await ResidualScorer.create(dim, config.code);
  const rng = new Rng(config.seed + 1);
  const bufA = new Float32Array(B * dim);
  const bufB = new Float32Array(B * dim);
  const bufT = new Float32Array(B);
  const devLoss: number[] = [];
  let best = { loss: Infinity, epoch: 0, values: {} as Record<string, Float32Array> };
  const names = ps.list().map((p) => p.leaf!.name);
  let step = 0;
  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const order = Int32Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (let at = 0; at + B <= n; at += B) {
        if (hooks.signal?.aborted) throw hooks.signal.reason ?? new StudioError('cancelled', 'cancelled');
        const picks = order.subarray(at, at + B);
        gather(train, picks, 'a', bufA);
        gather(train, picks, 'b', bufB);
        for (let i = 0; i < B; i++) bufT[i] = train.target[picks[i]];
        step++;
        await program.run({ xa: bufA, xb: bufB, target: bufT, mask0: dropoutMask(B, h / 2, config.dropout, rng), mask1: dropoutMask(B, h / 4, config.dropout, rng), lr: Float32Array.of(config.lr), step: Float32Array.of(step) });
      }
      const values = Object.fromEntries(names.map((name) => [name, Float32Array.from(program.value(name) as Float32Array)]));
      const l = mse(await scorer.predict(values, dev), dev.target);
      devLoss.push(l);
      if (l < best.loss) best = { loss: l, epoch, values };
      hooks.onEpoch?.(epoch, config.epochs, l);
    }
  } finally {
    await program.dispose();
    await scorer.dispose();
  }
  return { dim, config, values: best.values, devLoss, bestEpoch: best.epoch, seconds: (performance.now() - started) / 1000 };
}

/** r̂ of every pair under a trained model. */
export async function predictResidual(model: Pick<ResidualModel, 'dim' | 'config' | 'values'>, src: Omit<PairBatchSource, 'target'>): Promise<Float32Array> {
  const scorer = await ResidualScorer.create(model.dim, model.config.code);
  try {
    return await scorer.predict(model.values, src);
  } finally {
    await scorer.dispose();
  }
}
