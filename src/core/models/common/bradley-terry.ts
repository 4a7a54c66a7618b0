import { StudioError } from '../../../shared/errors';
import { Rng } from '../../io/rng';
import { Params, Program, input, ops as o, trainStep, type Tensor } from '../../engine';

/**
 * Pairwise (Bradley–Terry) fitting on the engine: P(w ≻ l) = σ(r_w − r_l), loss
 * −log σ(r_w − r_l) averaged over a batch of pairs, minimised with Adam(W). The scoring model is
 * any engine graph from item features [B, d] to scores [B]; the same builder makes the
 * inference program, so scoring uses exactly the trained graph.
 */

/** Builds scores [B] from items [B, d] with parameters from `ps`. */
export type ScoreBuilder = (ps: Params, xBD: Tensor) => Tensor;

/**
 * −log σ(z) = log(1 + e^{−z}). Below z = −30 it is −z to float32 precision, so the exponent is
 * clipped there and relu(−30 − z) carries the slope. (The textbook relu(−z) + log(1 + e^{−|z|})
 * has a zero subgradient at z = 0, which freezes a zero-initialised scorer.)
 */
export function negLogSigmoid(z: Tensor): Tensor {
  return o.add(o.log(o.add(o.exp(o.neg(o.clip(z, -30))), 1)), o.relu(o.sub(-30, z)));
}

/** The Bradley–Terry loss of score differences, as a graph: mean over pairs of −log σ(r_w − r_l). */
export function bradleyTerryLoss(rWinB: Tensor, rLoseB: Tensor): Tensor {
  return o.reduceMean(negLogSigmoid(o.sub(rWinB, rLoseB)));
}

/** The same loss on plain numbers, for reports and hand checks. */
export function bradleyTerryLossOf(rWin: ArrayLike<number>, rLose: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < rWin.length; i++) {
    const z = rWin[i] - rLose[i];
    s += Math.max(-z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  }
  return s / rWin.length;
}

export interface PairwiseData {
  /** items [n, d], row-major */
  items: Float32Array;
  dim: number;
  /** the preferred item's row of each pair */
  winners: Int32Array;
  /** the other item's row of each pair */
  losers: Int32Array;
}

export interface PairwiseFitOptions {
  build: ScoreBuilder;
  seed?: number;
  /** optimizer steps (default 300) */
  steps?: number;
  /** pairs per step, sampled without replacement within an epoch (default 256, capped at the pair count) */
  batch?: number;
  /** peak learning rate of a cosine schedule (default 1e-2) */
  lr?: number;
  /** AdamW weight decay (default 0: the reference's setting) */
  weightDecay?: number;
  /** called every step with the step's loss; throw to stop (e.g. on cancel) */
  onStep?: (step: number, steps: number, loss: number) => void;
}

export interface PairwiseFit {
  /** trained parameter values by name */
  values: Record<string, Float32Array>;
  /** loss per step */
  losses: number[];
}

function checkPairs(data: PairwiseData): number {
  const n = data.items.length / data.dim;
  if (!Number.isInteger(n)) throw new StudioError('shape', `${data.items.length} values are not rows of ${data.dim}`, 'items');
  if (data.winners.length !== data.losers.length) throw new StudioError('shape', `${data.winners.length} winners but ${data.losers.length} losers`, 'pairs');
  if (data.winners.length === 0) throw new StudioError('bad-input', 'no pairs to fit', 'pairs');
  for (let i = 0; i < data.winners.length; i++) {
    for (const idx of [data.winners[i], data.losers[i]]) {
      if (idx < 0 || idx >= n) throw new StudioError('bad-input', `pair ${i} names item ${idx}, but there are ${n}`, `pairs[${i}]`);
    }
  }
  return n;
}

function gatherRows(items: Float32Array, dim: number, rows: Int32Array, picks: Int32Array, into: Float32Array): void {
  for (let b = 0; b < picks.length; b++) {
    const r = rows[picks[b]];
    into.set(items.subarray(r * dim, (r + 1) * dim), b * dim);
  }
}

/** Fits `build`'s parameters to the pairs with the Bradley–Terry loss. */
export async function fitBradleyTerry(data: PairwiseData, options: PairwiseFitOptions): Promise<PairwiseFit> {
  checkPairs(data);
  const steps = options.steps ?? 300;
  const nPairs = data.winners.length;
  const B = Math.min(options.batch ?? 256, nPairs);
  const peakLr = options.lr ?? 1e-2;
  const rng = new Rng(options.seed ?? 1);
  const ps = new Params(new Rng(options.seed ?? 1));
  const xWin = input('winners', [B, data.dim]);
  const xLose = input('losers', [B, data.dim]);
  // One parameter set scores both sides: build once on the stacked batch, then split.
  const r = options.build(ps, o.concat([xWin, xLose], 0));
  const loss = bradleyTerryLoss(o.slice(r, [0], [B]), o.slice(r, [B], [2 * B]));
  const spec = trainStep({ loss, params: ps.list(), optimizer: { kind: 'adamw', weightDecay: options.weightDecay ?? 0 } });
  const program = await Program.compile(spec, ps.initial(), { threads: 1 });
  const win = new Float32Array(B * data.dim);
  const lose = new Float32Array(B * data.dim);
  const losses: number[] = [];
  let order = shuffled(nPairs, rng);
  let at = 0;
  try {
    for (let step = 1; step <= steps; step++) {
      if (at + B > nPairs) {
        order = shuffled(nPairs, rng);
        at = 0;
      }
      const picks = order.subarray(at, at + B);
      at += B;
      gatherRows(data.items, data.dim, data.winners, picks, win);
      gatherRows(data.items, data.dim, data.losers, picks, lose);
      const lr = peakLr * 0.5 * (1 + Math.cos((Math.PI * (step - 1)) / steps));
      const out = await program.run({ winners: win, losers: lose, lr: Float32Array.of(lr), step: Float32Array.of(step) });
      const l = Number(out.loss[0]);
      losses.push(l);
      options.onStep?.(step, steps, l);
    }
    const values: Record<string, Float32Array> = {};
    for (const p of ps.list()) values[p.leaf!.name] = program.value(p.leaf!.name) as Float32Array;
    return { values, losses };
  } finally {
    await program.dispose();
  }
}

function shuffled(n: number, rng: Rng): Int32Array {
  const a = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/**
 * Scores items [n, d] with trained values through the same builder (an inference program with no
 * updates). Extra named outputs of the builder's graph can be read with `extra`.
 */
export async function scoreItems(build: ScoreBuilder, values: Record<string, Float32Array>, items: Float32Array, dim: number, extra?: (ps: Params, xBD: Tensor) => Record<string, Tensor>): Promise<{ scores: Float32Array; extras: Record<string, Float32Array> }> {
  const n = items.length / dim;
  const ps = new Params(new Rng(0));
  const x = input('items', [n, dim]);
  const r = build(ps, x);
  const outputs: Record<string, Tensor> = { r, ...(extra?.(ps, x) ?? {}) };
  const initial: Record<string, Float32Array> = {};
  for (const p of ps.list()) {
    const name = p.leaf!.name;
    if (!values[name]) throw new StudioError('not-found', `no trained value for parameter '${name}'`, name);
    initial[name] = Float32Array.from(values[name]);
  }
  const program = await Program.compile({ updates: [], outputs }, initial, { threads: 1 });
  try {
    const out = await program.run({ items });
    const extras: Record<string, Float32Array> = {};
    for (const k of Object.keys(outputs)) if (k !== 'r') extras[k] = out[k] as Float32Array;
    return { scores: out.r as Float32Array, extras };
  } finally {
    await program.dispose();
  }
}
