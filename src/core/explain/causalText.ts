/**
 * Causal tests on the studio's text model (issue 19, as causal.ts does for Othello): the feature
 * is ablated (set to 0 where it fires) and clamped (set to its top activation everywhere) in the
 * residual stream after the SAE's layer, x' = x + (f' − f)·d_i — the SAE's reconstruction changes
 * and its error term is kept, so with no edit the model's output is the clean one (`identity`
 * records the largest logit difference that pass gives). The model above the layer then predicts
 * the next byte over the feature's exemplar windows, and the effect is the change in that
 * distribution: KL(clean ‖ edited), each byte's probability change (the most promoted and
 * suppressed, signed), and the change along the hypothesis's own next-byte signature.
 *
 * The signature is what the model predicts differently where the hypothesis holds: the mean clean
 * next-byte distribution over the windows' positions where it holds minus the mean where it
 * fails, as a unit vector. A feature that carries the hypothesis to the output moves the
 * prediction against the signature when ablated and along it when clamped. The explanation is
 * contradicted when an intervention moves it the other way with |t| ≥ 3 and neither moves it
 * the expected way with |t| ≥ 3.
 */
import { byteTokenLabels } from '../text/lm/bytes';
import { effect, type Effect } from './causal';
import type { TextAtom, TextRows } from './hypothesis/text';
import { textLanguage } from './hypothesis/text';
import { evaluate, type Pred } from './hypothesis/tree';
import type { TextInference } from './textModel';

export interface ByteEffect {
  /** the byte's label (text/lm/bytes.ts) */
  byte: string;
  mean: number;
  t: number;
}

export interface TextIntervention {
  /** KL(clean ‖ edited) of the next-byte distribution, nats */
  kl: Effect;
  /** change along the hypothesis's next-byte signature (null when the windows define none) */
  alignment: Effect | null;
  promoted: ByteEffect[];
  suppressed: ByteEffect[];
}

export interface TextCausalResult {
  kind: 'text';
  windows: number;
  clampValue: number;
  /** max |logit difference| when the unedited residual (reconstruction + error) is fed back */
  identity: number;
  /** ablation measured where the feature fires, the clamp where it does not */
  ablate: TextIntervention;
  clamp: TextIntervention;
  /** 1 when the windows define the hypothesis's signature (it holds and fails on ≥ 4 positions each), else 0 */
  expected: 0 | 1;
  measurable: boolean;
  contradicts: boolean;
}

export const CAUSAL_WINDOWS = 16;
const T_MEASURABLE = 3;
/** mean KL (nats) from which an intervention counts as moving the prediction */
export const KL_MEASURABLE = 0.01;
const MIN_SIDE = 4;
const LISTED = 3;

export async function causalTextTest(input: { inf: TextInference; feature: number; pred: Pred<TextAtom>; windows: readonly Uint8Array[] }): Promise<TextCausalResult | null> {
  const { inf, feature } = input;
  const { T, D, V } = inf;
  if (inf.sae.whitening) return null; // the decoder direction lives in the whitened space
  const windows = input.windows.slice(0, CAUSAL_WINDOWS).map((w) => w.subarray(0, T));
  if (windows.length === 0) return null;
  const clean = await inf.forward(windows);
  const N = windows.length * T;
  // x = x̂ + e: the edits change the reconstruction and keep the error term e = x − x̂
  const { f, xHat } = await inf.reconstruct(clean.resid);
  const err = clean.resid.map((x, i) => x - xHat[i]);
  const m = inf.sae.dSae;
  const dir = inf.sae.W_dec.subarray(feature * D, (feature + 1) * D);
  const real = (r: number) => r % T < windows[Math.floor(r / T)].length;
  let clampValue = 0;
  for (let r = 0; r < N; r++) if (real(r)) clampValue = Math.max(clampValue, f[r * m + feature]);
  if (clampValue === 0) clampValue = 1;
  const edit = (target: (fi: number) => number | null) => {
    const out = xHat.map((x, i) => x + err[i]);
    for (let r = 0; r < N; r++) {
      const fi = f[r * m + feature];
      const to = target(fi);
      if (to === null || to === fi) continue;
      for (let k = 0; k < D; k++) out[r * D + k] += (to - fi) * dir[k];
    }
    return out;
  };
  const unedited = await inf.fromResidual(edit(() => null));
  let identity = 0;
  for (let r = 0; r < N; r++) if (real(r)) for (let v = 0; v < V; v++) identity = Math.max(identity, Math.abs(unedited[r * V + v] - clean.logits[r * V + v]));
  const ablated = await inf.fromResidual(edit((fi) => (fi > 0 ? 0 : null)));
  const clamped = await inf.fromResidual(edit(() => clampValue));

  const p = softmaxRows(clean.logits, N, V);
  const signature = signatureOf(input.pred, windows, p, T, V);
  const firing = (r: number) => real(r) && f[r * m + feature] > 0;
  const ablate = intervention(p, softmaxRows(ablated, N, V), V, N, firing, signature);
  const clamp = intervention(p, softmaxRows(clamped, N, V), V, N, (r) => real(r) && !(f[r * m + feature] > 0), signature);
  return { kind: 'text', windows: windows.length, clampValue, identity, ablate, clamp, expected: signature ? 1 : 0, ...textVerdict(ablate, clamp) };
}

/**
 * Measurable: either intervention's mean KL ≥ 0.01 nats with t ≥ 3, or |t| ≥ 3 along the
 * signature. Contradicted: the ablation moves the prediction along the signature (t ≥ 3) or the
 * clamp against it (t ≤ −3), and neither moves it the expected way with |t| ≥ 3.
 */
export function textVerdict(ablate: Pick<TextIntervention, 'kl' | 'alignment'>, clamp: Pick<TextIntervention, 'kl' | 'alignment'>): { measurable: boolean; contradicts: boolean } {
  const measurable = [ablate, clamp].some((x) => (x.kl.mean >= KL_MEASURABLE && x.kl.t >= T_MEASURABLE) || Math.abs(x.alignment?.t ?? 0) >= T_MEASURABLE);
  if (!ablate.alignment || !clamp.alignment) return { measurable, contradicts: false };
  const [a, c] = [ablate.alignment.t, clamp.alignment.t];
  const against = a >= T_MEASURABLE || c <= -T_MEASURABLE;
  const along = a <= -T_MEASURABLE || c >= T_MEASURABLE;
  return { measurable, contradicts: against && !along };
}

/** Mean clean next-byte distribution where the hypothesis holds minus where it fails, unit length; null when either side has < 4 positions. */
function signatureOf(pred: Pred<TextAtom>, windows: readonly Uint8Array[], p: Float64Array, T: number, V: number): Float64Array | null {
  const seq: number[] = [];
  const pos: number[] = [];
  windows.forEach((w, i) => {
    for (let t = 1; t < w.length; t++) {
      seq.push(i);
      pos.push(t);
    }
  });
  const rows: TextRows = { rows: seq.length, sequences: windows.map((w) => byteTokenLabels(w)), seq: Uint32Array.from(seq), pos: Uint32Array.from(pos) };
  const truth = evaluate(pred, textLanguage(rows));
  const sums = [new Float64Array(V), new Float64Array(V)];
  const counts = [0, 0];
  for (let r = 0; r < rows.rows; r++) {
    const at = (seq[r] * T + pos[r]) * V;
    const side = truth[r];
    counts[side]++;
    for (let v = 0; v < V; v++) sums[side][v] += p[at + v];
  }
  if (counts[0] < MIN_SIDE || counts[1] < MIN_SIDE) return null;
  const out = new Float64Array(V);
  let norm = 0;
  for (let v = 0; v < V; v++) norm += (out[v] = sums[1][v] / counts[1] - sums[0][v] / counts[0]) ** 2;
  norm = Math.sqrt(norm);
  if (norm === 0) return null;
  for (let v = 0; v < V; v++) out[v] /= norm;
  return out;
}

function intervention(p: Float64Array, q: Float64Array, V: number, N: number, measured: (r: number) => boolean, signature: Float64Array | null): TextIntervention {
  const kl: number[] = [];
  const along: number[] = [];
  // per byte: sum and sum of squares of the probability change, for its mean and t
  const sum = new Float64Array(V);
  const sumSq = new Float64Array(V);
  for (let r = 0; r < N; r++) {
    if (!measured(r)) continue;
    let k = 0;
    let s = 0;
    for (let v = 0; v < V; v++) {
      const [a, b] = [p[r * V + v], q[r * V + v]];
      if (a > 0) k += a * Math.log(a / Math.max(b, 1e-30));
      sum[v] += b - a;
      sumSq[v] += (b - a) ** 2;
      if (signature) s += (b - a) * signature[v];
    }
    kl.push(k);
    along.push(s);
  }
  const n = kl.length;
  const bytes = n === 0 ? [] : Array.from(sum, (total, v) => {
    const mean = total / n;
    const sd = Math.sqrt(Math.max(0, (sumSq[v] - n * mean * mean) / Math.max(1, n - 1)));
    return { byte: byteLabel(v), mean, t: sd > 0 ? mean / (sd / Math.sqrt(n)) : 0 };
  });
  const listed = (sign: 1 | -1) =>
    bytes
      .filter((b) => b.mean * sign > 0)
      .sort((a, b) => (b.mean - a.mean) * sign)
      .slice(0, LISTED);
  return { kl: effect(kl), alignment: signature ? effect(along) : null, promoted: listed(1), suppressed: listed(-1) };
}

function byteLabel(v: number): string {
  return v < 0x80 ? byteTokenLabels([v])[0] : `\\x${v.toString(16).padStart(2, '0')}`;
}

function softmaxRows(logits: Float32Array, N: number, V: number): Float64Array {
  const out = new Float64Array(N * V);
  for (let r = 0; r < N; r++) {
    let max = -Infinity;
    for (let v = 0; v < V; v++) max = Math.max(max, logits[r * V + v]);
    let s = 0;
    for (let v = 0; v < V; v++) s += out[r * V + v] = Math.exp(logits[r * V + v] - max);
    for (let v = 0; v < V; v++) out[r * V + v] /= s;
  }
  return out;
}
