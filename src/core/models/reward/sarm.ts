import { StudioError } from '../../../shared/errors';
import { EngineSession, Params, exportStep, input, ops as o, runRowChunks, trainStep, type Tensor } from '../../engine';
import { Rng } from '../../io/rng';
import { negLogSigmoid } from '../common/bradley-terry';

/**
 * SARM's SAE (ALGORITHMS-DETAIL §7): z = (h̃ − b_pre)·E + b_lat, latents = TopK_k(z) with no
 * ReLU, ĥ = latents·D + b_pre. Tensors carry their axes: E [d, m], D [m, d].
 */
export interface SarmSae {
  d: number;
  m: number;
  k: number;
  E: Float32Array;
  bPre: Float32Array;
  bLat: Float32Array;
  D: Float32Array;
}

/** φ fed to the head: the pre-activations z (the paper's default, "woTopK") or TopK_k(z). */
export type Phi = 'pre' | 'post';

/** Which parts train: the SAE alone on reconstruction, the head alone (SAE frozen), or both. */
export type SarmMode = 'sae' | 'head' | 'joint';

export interface SarmStepConfig {
  d: number;
  m: number;
  k: number;
  /** pairs per step */
  pairs: number;
  /** response-token rows per step for the reconstruction term (modes 'sae' and 'joint') */
  tokens: number;
  phi: Phi;
  mode: SarmMode;
  /** λ_rec; the reference uses 1 */
  lambdaRec: number;
  /** optional L1 on w for a sparser head */
  l1: number;
}

function preActs(h: Tensor, E: Tensor, bPre: Tensor, bLat: Tensor): Tensor {
  return o.add(o.matmul(o.sub(h, bPre), E), bLat);
}

function phiOf(z: Tensor, cfg: SarmStepConfig): Tensor {
  if (cfg.phi === 'pre') return z;
  const { values, indices } = o.topk(z, cfg.k);
  return o.scatterAlong(values, indices, cfg.m);
}

/** The reference's normalised MSE: mean over rows of mean_d(ĥ − h̃)² / mean_d h̃². */
function normalisedMse(h: Tensor, hHat: Tensor): Tensor {
  const err = o.sub(hHat, h);
  return o.reduceMean(o.div(o.reduceMean(o.mul(err, err), [1]), o.add(o.reduceMean(o.mul(h, h), [1]), 1e-12)));
}

/**
 * One step of SARM training as an engine graph: the Bradley–Terry loss −log σ(r_c − r_r) with
 * r = wᵀφ (w zero-initialised, no bias), plus λ_rec·L_rec over response tokens and an optional
 * L1 on w. In mode 'head' the SAE's tensors are fed inputs (frozen); in 'sae' the head is absent.
 */
export function buildSarmStep(cfg: SarmStepConfig, init: SarmSae, lr: { kind: 'adam' | 'adamw'; weightDecay?: number } = { kind: 'adam' }) {
  const { d, m, k } = cfg;
  if (k > m) throw new StudioError('bad-input', `k=${k} exceeds the width ${m}`, 'k');
  const ps = new Params(new Rng(0));
  const trainSae = cfg.mode !== 'head';
  const leaf = (name: string, shape: number[], value: Float32Array): Tensor =>
    trainSae ? ps.create(name, shape, { values: Float32Array.from(value) }) : input(name, shape);
  const E = leaf('E', [d, m], init.E);
  const bPre = leaf('b_pre', [d], init.bPre);
  const bLat = leaf('b_lat', [m], init.bLat);
  const D = trainSae ? ps.create('D', [m, d], { values: Float32Array.from(init.D) }) : null;
  const outputs: Record<string, Tensor> = {};
  let loss: Tensor | null = null;
  if (cfg.mode !== 'sae') {
    const w = ps.create('w', [m, 1], { zeros: true });
    const hc = input('hc', [cfg.pairs, d]);
    const hr = input('hr', [cfg.pairs, d]);
    const rc = o.matmul(phiOf(preActs(hc, E, bPre, bLat), cfg), w);
    const rr = o.matmul(phiOf(preActs(hr, E, bPre, bLat), cfg), w);
    const margin = o.sub(rc, rr);
    const bt = o.reduceMean(negLogSigmoid(margin));
    outputs.bt = bt;
    outputs.accuracy = o.reduceMean(o.cast(o.greater(margin, 0), 'float32'));
    loss = cfg.l1 > 0 ? o.add(bt, o.mul(cfg.l1, o.reduceSum(o.abs(w)))) : bt;
  }
  if (cfg.mode !== 'head') {
    const tok = input('tok', [cfg.tokens, d]);
    const { values, indices } = o.topk(preActs(tok, E, bPre, bLat), k);
    const hHat = o.add(o.reduceSum(o.mul(o.gather(D!, indices), o.reshape(values, [cfg.tokens, k, 1])), [1]), bPre);
    const rec = normalisedMse(tok, hHat);
    outputs.rec = rec;
    loss = loss ? o.add(loss, o.mul(cfg.lambdaRec, rec)) : rec;
  }
  const spec = trainStep({ loss: loss!, params: ps.list(), optimizer: { kind: lr.kind, weightDecay: lr.weightDecay }, outputs });
  const frozen: Record<string, Float32Array> = trainSae ? {} : { E: init.E, b_pre: init.bPre, b_lat: init.bLat };
  return { spec, initial: ps.initial(), frozen };
}

/** A fresh SAE: E = Dᵀ with unit-norm rows of D drawn at random, b_pre at the data mean, b_lat 0. */
export function initSarmSae(d: number, m: number, k: number, mean: Float32Array, seed: number): SarmSae {
  const rng = new Rng(seed);
  const D = new Float32Array(m * d);
  for (let i = 0; i < m; i++) {
    let norm = 0;
    for (let j = 0; j < d; j++) {
      const v = rng.normal();
      D[i * d + j] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    for (let j = 0; j < d; j++) D[i * d + j] /= norm;
  }
  const E = new Float32Array(d * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) E[j * m + i] = D[i * d + j];
  return { d, m, k, E, bPre: Float32Array.from(mean), bLat: new Float32Array(m), D };
}

/** Pre-activations z [rows, m] of standardised rows h̃ [rows, d], on ONNX Runtime in chunks. */
export async function sarmPreActs(sae: SarmSae, rows: Float32Array, chunk = 512): Promise<Float32Array> {
  const { d, m } = sae;
  const x = input('x', [chunk, d]);
  const E = input('E', [d, m]);
  const bPre = input('b_pre', [d]);
  const bLat = input('b_lat', [m]);
  const session = await EngineSession.create(exportStep({ updates: [], outputs: { z: preActs(x, E, bPre, bLat) } }));
  try {
    const out = await runRowChunks(rows, d, chunk, { z: m }, (xc) => session.run({ x: xc, E: sae.E, b_pre: sae.bPre, b_lat: sae.bLat }), `SARM SAE [${d}, ${m}]`);
    return out.z;
  } finally {
    await session.dispose();
  }
}

/** φ rows from z rows: z itself, or TopK_k(z) with the rest zero (no ReLU: values may be negative). */
export function phiFromPre(z: Float32Array, m: number, k: number, phi: Phi): Float32Array {
  if (phi === 'pre') return z;
  const out = new Float32Array(z.length);
  const top = new Int32Array(k);
  for (let r = 0; r * m < z.length; r++) {
    const o = r * m;
    // the k largest by insertion into a short sorted list: O(m) for most rows, k is small next to m
    let n = 0;
    for (let i = 0; i < m; i++) {
      const v = z[o + i];
      if (n === k && v <= z[o + top[k - 1]]) continue;
      let j = n < k ? n++ : k - 1;
      while (j > 0 && z[o + top[j - 1]] < v) {
        top[j] = top[j - 1];
        j--;
      }
      top[j] = i;
    }
    for (let j = 0; j < n; j++) out[o + top[j]] = z[o + top[j]];
  }
  return out;
}

