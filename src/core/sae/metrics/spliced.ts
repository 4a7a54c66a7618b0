/**
 * Downstream fidelity with the SAE spliced into the model (ALGORITHMS-DETAIL §1.6, §3.1): the
 * residual after block L is replaced by the SAE's reconstruction, or by zeros, and the
 * next-token cross-entropy and the KL divergence from the clean model's next-token distribution
 * are measured at every position with a next token.
 *   ceLossRecovered = (CE_zero − CE_sae)/(CE_zero − CE_clean)  (SAEBench ce_loss_score,
 *                                                              dictionary_learning frac_recovered)
 *   klDivScore      = (KL_zero − KL_sae)/KL_zero
 */
import type { TranscriptModel } from '../../games/lm/model';
import type { TokenRows } from '../../games/lm/residuals';
import { CompiledSae } from '../checkpoint/compiled';
import type { Sae } from '../checkpoint/sae';

export interface SplicedMetrics {
  positions: number;
  ceClean: number;
  ceSae: number;
  ceZero: number;
  ceLossRecovered: number;
  /** mean KL(p_clean ‖ p_sae) in nats */
  klDiv: number;
  klDivZero: number;
  klDivScore: number;
}

export interface SplicedInput {
  model: TranscriptModel;
  /** resid_post of this block is replaced */
  layer: number;
  sae: Sae;
  games: TokenRows;
  /** tokens of game g the model reads (targets are the next ones: positions 0..length(g) − 2) */
  length(game: number): number;
  batch?: number;
  threads?: number;
}

/** Scores from the three summed losses; a clean model no better than the ablation scores 0. */
export function splicedScores(sums: { positions: number; ceClean: number; ceSae: number; ceZero: number; klSae: number; klZero: number }): SplicedMetrics {
  const n = Math.max(1, sums.positions);
  const [ceClean, ceSae, ceZero, klDiv, klDivZero] = [sums.ceClean / n, sums.ceSae / n, sums.ceZero / n, sums.klSae / n, sums.klZero / n];
  return {
    positions: sums.positions,
    ceClean,
    ceSae,
    ceZero,
    ceLossRecovered: ceZero - ceClean > 0 ? (ceZero - ceSae) / (ceZero - ceClean) : 0,
    klDiv,
    klDivZero,
    klDivScore: klDivZero > 0 ? (klDivZero - klDiv) / klDivZero : 0,
  };
}

export async function splicedMetrics(input: SplicedInput): Promise<SplicedMetrics> {
  const { model, layer, sae, games } = input;
  const { context: T, d: D, vocab: V } = model.config.gpt;
  const batch = Math.min(input.batch ?? 32, Math.max(1, games.count));
  const below = await model.compileInference(batch, { layers: [layer], logits: true, threads: input.threads });
  const above = await model.compileFromResidual(batch, layer, { threads: input.threads });
  const compiled = await CompiledSae.create(sae, { threads: input.threads, chunkRows: 1024 });
  const sums = { positions: 0, ceClean: 0, ceSae: 0, ceZero: 0, klSae: 0, klZero: 0 };
  const zeros = new Float32Array(batch * T * D);
  try {
    for (let g0 = 0; g0 < games.count; g0 += batch) {
      const ids = new BigInt64Array(batch * T);
      for (let r = 0; r < batch && g0 + r < games.count; r++) {
        const row = games.row(g0 + r);
        for (let t = 0; t < Math.min(T, row.length); t++) ids[r * T + t] = BigInt(row[t]);
      }
      const clean = await below.run({ ids });
      const resid = clean[`resid${layer}`] as Float32Array;
      const { xHat } = await compiled.forward(resid);
      const spliced = (await above.run({ resid: xHat })).logits as Float32Array;
      const ablated = (await above.run({ resid: zeros })).logits as Float32Array;
      const cleanLogits = clean.logits as Float32Array;
      for (let r = 0; r < batch && g0 + r < games.count; r++) {
        const row = games.row(g0 + r);
        const last = Math.min(T, input.length(g0 + r)) - 1;
        for (let t = 0; t < last; t++) {
          const at = (r * T + t) * V;
          const target = Number(row[t + 1]);
          const p = logSoftmax(cleanLogits, at, V);
          const q = logSoftmax(spliced, at, V);
          const z = logSoftmax(ablated, at, V);
          sums.positions++;
          sums.ceClean -= p[target];
          sums.ceSae -= q[target];
          sums.ceZero -= z[target];
          sums.klSae += kl(p, q);
          sums.klZero += kl(p, z);
        }
      }
    }
  } finally {
    await Promise.all([below.dispose(), above.dispose(), compiled.dispose()]);
  }
  return splicedScores(sums);
}

function logSoftmax(a: Float32Array, at: number, V: number): Float64Array {
  let max = -Infinity;
  for (let v = 0; v < V; v++) max = Math.max(max, a[at + v]);
  let s = 0;
  for (let v = 0; v < V; v++) s += Math.exp(a[at + v] - max);
  const lse = max + Math.log(s);
  return Float64Array.from({ length: V }, (_, v) => a[at + v] - lse);
}

/** KL(p ‖ q) from log-probabilities. */
function kl(logP: Float64Array, logQ: Float64Array): number {
  let s = 0;
  for (let v = 0; v < logP.length; v++) s += Math.exp(logP[v]) * (logP[v] - logQ[v]);
  return s;
}
