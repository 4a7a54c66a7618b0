/**
 * Causal tests on the studio's Othello model (issue 19, beyond SAGE, which only reads
 * activations): the feature is ablated (set to 0 where it fires) or clamped (set to its top
 * activation everywhere) inside the residual stream after block L. The residual is the SAE's
 * reconstruction plus its error term, x = x̂ + e, and the decoder is linear, so the edit is
 * x' = x + (f' − f)·d_i with d_i the feature's decoder row; e is kept. The model above L then
 * predicts the next move, and the effect is the change in the predicted legal-move
 * distribution: the probability of the square the explanation names, and the probability mass
 * on legal moves, each a mean difference with its t statistic (sign kept).
 */
import type { TranscriptModel } from '../games/lm/model';
import { nextMoveMasks } from '../games/lm/othello';
import { generateGames, gamesToTokens, MAX_MOVES, squareName, squareToToken, tokenToSquare } from '../games/othello';
import { CompiledSae } from '../sae/checkpoint/compiled';
import type { Sae } from '../sae/checkpoint/sae';
import type { BoardAtom } from './hypothesis/board';
import { atomsOf, type Pred } from './hypothesis/tree';

export interface Effect {
  /** mean change (intervened − clean) over the positions measured */
  mean: number;
  /** mean / standard error */
  t: number;
  positions: number;
}

export interface CausalResult {
  /** the square the explanation names (its first square atom), or null */
  square: string | null;
  /** what the explanation predicts clamping does to that square's probability: +1 up, −1 down, 0 no claim */
  expected: -1 | 0 | 1;
  clampValue: number;
  clamp: { squareProb: Effect | null; legalMass: Effect };
  ablate: { squareProb: Effect | null; legalMass: Effect };
  /** |t| ≥ 3 on either intervention's square probability or legal mass */
  measurable: boolean;
  /** the clamp moved the named square against what the explanation says (t ≤ −3 against its sign) */
  contradicts: boolean;
}

export const CAUSAL_GAMES = 16;
const T_MEASURABLE = 3;

/** +1: the square is open / a legal move (clamping should raise its probability); −1: occupied; 0: no claim. */
function claim(pred: Pred<BoardAtom>): { square: number | null; expected: -1 | 0 | 1 } {
  for (const a of atomsOf(pred)) {
    if (a.kind !== 'cell') continue;
    if (a.family === 'valid_moves') return { square: a.cell, expected: 1 };
    if (a.family === 'mine_yours' || a.family === 'mine_yours_blank_mask' || a.family === 'black_white') {
      const sq = Math.floor(a.cell / 3);
      return { square: sq, expected: a.cell % 3 === 1 ? 1 : -1 };
    }
    if (a.family === 'last_move' || a.family === 'flipped') return { square: a.cell, expected: -1 };
  }
  return { square: null, expected: 0 };
}

export async function causalBoardTest(input: { model: TranscriptModel; layer: number; sae: Sae; feature: number; pred: Pred<BoardAtom>; seed: number; threads?: number }): Promise<CausalResult | null> {
  const { model, layer, sae, feature } = input;
  if (sae.whitening) return null; // the decoder direction lives in the whitened space
  const { context: T, d: D, vocab: V } = model.config.gpt;
  const games = generateGames(CAUSAL_GAMES, input.seed + 424242);
  const tokens = gamesToTokens(games);
  const B = games.count;
  const below = await model.compileInference(B, { layers: [layer], logits: true, threads: input.threads });
  const above = await model.compileFromResidual(B, layer, { threads: input.threads });
  const compiled = await CompiledSae.create(sae, { threads: input.threads, chunkRows: B * T });
  try {
    const ids = new BigInt64Array(B * T);
    for (let g = 0; g < B; g++) for (let t = 0; t < T; t++) ids[g * T + t] = BigInt(tokens[g * MAX_MOVES + t]);
    const clean = await below.run({ ids });
    const resid = clean[`resid${layer}`] as Float32Array;
    const f = await compiled.encode(resid);
    const m = sae.dSae;
    const dir = sae.W_dec.subarray(feature * D, (feature + 1) * D);
    let clampValue = 0;
    for (let r = 0; r < B * T; r++) clampValue = Math.max(clampValue, f[r * m + feature]);
    if (clampValue === 0) clampValue = 1;
    const edit = (target: (fi: number) => number | null) => {
      const out = Float32Array.from(resid);
      for (let r = 0; r < B * T; r++) {
        const fi = f[r * m + feature];
        const to = target(fi);
        if (to === null) continue;
        for (let k = 0; k < D; k++) out[r * D + k] += (to - fi) * dir[k];
      }
      return out;
    };
    const clamped = (await above.run({ resid: edit(() => clampValue) })).logits as Float32Array;
    const ablated = (await above.run({ resid: edit((fi) => (fi > 0 ? 0 : null)) })).logits as Float32Array;
    const cleanLogits = clean.logits as Float32Array;
    const { square, expected } = claim(input.pred);
    const squareToken = square !== null && isPlayable(square) ? squareToToken(square) : null;
    const masks = nextMoveMasks(games);
    const firing = (g: number, t: number) => f[(g * T + t) * m + feature] > 0;
    const measure = (logits: Float32Array, only: ((g: number, t: number) => boolean) | null) => {
      const dSq: number[] = [];
      const dLegal: number[] = [];
      for (let k = 0; k < masks.game.length; k++) {
        const [g, t] = [masks.game[k], masks.ply[k]];
        if (t >= T || (only && !only(g, t))) continue;
        const at = (g * T + t) * V;
        const p = softmax(cleanLogits, at, V);
        const q = softmax(logits, at, V);
        if (squareToken !== null) dSq.push(q[squareToken] - p[squareToken]);
        let lp = 0;
        let lq = 0;
        for (let v = 1; v < V; v++) {
          if (((masks.legal[k] >> BigInt(tokenToSquare(v))) & 1n) === 1n) [lp, lq] = [lp + p[v], lq + q[v]];
        }
        dLegal.push(lq - lp);
      }
      return { squareProb: squareToken !== null ? effect(dSq) : null, legalMass: effect(dLegal) };
    };
    const clamp = measure(clamped, null);
    const ablate = measure(ablated, firing);
    const ts = [clamp.squareProb?.t ?? 0, clamp.legalMass.t, ablate.squareProb?.t ?? 0, ablate.legalMass.t];
    const measurable = ts.some((t) => Math.abs(t) >= T_MEASURABLE);
    const contradicts = expected !== 0 && clamp.squareProb !== null && clamp.squareProb.t * expected <= -T_MEASURABLE;
    return { square: square !== null ? squareName(square) : null, expected, clampValue, clamp, ablate, measurable, contradicts };
  } finally {
    await Promise.all([below.dispose(), above.dispose(), compiled.dispose()]);
  }
}

function isPlayable(sq: number): boolean {
  return ![27, 28, 35, 36].includes(sq);
}

export function effect(xs: readonly number[]): Effect {
  const n = xs.length;
  if (n === 0) return { mean: 0, t: 0, positions: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, n - 1));
  return { mean, t: sd > 0 ? mean / (sd / Math.sqrt(n)) : 0, positions: n };
}

function softmax(a: Float32Array, at: number, V: number): Float64Array {
  let max = -Infinity;
  for (let v = 0; v < V; v++) max = Math.max(max, a[at + v]);
  const out = new Float64Array(V);
  let s = 0;
  for (let v = 0; v < V; v++) s += out[v] = Math.exp(a[at + v] - max);
  for (let v = 0; v < V; v++) out[v] /= s;
  return out;
}
