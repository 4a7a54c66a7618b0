/**
 * The benchmark metrics of a run beyond the core ones (ALGORITHMS-DETAIL §1.6, §3.1–3.3), each
 * computed when the dataset allows it:
 *   - spliced-model fidelity (CE loss recovered, KL) when the rows come from the studio's shipped
 *     Othello or chess model (or the model passed in), at the dataset's layer, checked by the
 *     weights digest the extraction stored;
 *   - sparse probing and absorption on board-property tasks when the dataset has board labels,
 *     and on review, author and first-letter tasks read through the text model when the rows are
 *     its per-byte residuals (textProbing.ts);
 *   - the mean over latents of each one's largest cosine with another latent, decoder and encoder.
 */
import path from 'node:path';
import { OTHELLO_HEADLINE, CHESS_LOW_LEVEL } from '../../evals/board/evaluate';
import { propertyLabel } from '../../explorer/board';
import type { ActivationStore } from '../../data/store';
import type { BspFamily } from '../../games/family';
import { loadModelDir, TEXT_MODEL_DIR } from '../../games/lm/shipped';
import { documentTokens } from '../../text/lm/bytes';
import { TEXT_PROBE_PLANS, type TextProbePlan } from '../../text/lm/probeTasks';
import { readTextSample } from '../../text/lm/sample';
import { CHESS_EXTRACTION_PGN, chessTokenRows, loadChessModel, loadOthelloModel, othelloHeldOutGames, readBoardLabels, readPgnGames } from '../../games/lm';
import type { TranscriptModel } from '../../games/lm/model';
import { gamesToTokens, MAX_MOVES } from '../../games/othello';
import { CompiledSae } from '../checkpoint/compiled';
import { decode } from '../checkpoint/forward';
import type { Sae } from '../checkpoint/sae';
import { absorptionForTask } from '../metrics/absorption';
import { balancedSplit, type FeatureRows, type KAccuracies, meanOverTasks, sparseProbe } from '../metrics/probing';
import { type SplicedMetrics, splicedMetrics } from '../metrics/spliced';
import { originalSpaceAtoms } from './evaluate';
import { meanOverGroups, readTextProbes, textProbing, type TextProbes } from './textProbing';

export interface BenchmarkMetrics {
  spliced: SplicedMetrics | null;
  sparseProbing: Record<string, KAccuracies> | null;
  sparseProbingMean: KAccuracies | null;
  sparseProbingRaw: Record<string, KAccuracies> | null;
  sparseProbingRawMean: KAccuracies | null;
  absorption: { fraction: number; full: number; tasks: number; perTask: Record<string, { fraction: number; full: number; positives: number; groundTruthF1: number }> } | null;
  maxDecoderCosine: number;
  maxEncoderCosine: number;
}

/** Rows per split read for probing (SAEBench: 4000 train, 1000 test), tasks per dataset, spliced games. */
export const PROBE_ROWS = { train: 4000, test: 1000 };
export const PROBE_TASKS = 8;
export const SPLICED_GAMES = 32;
const SEED = 42;

export interface BenchmarkOptions {
  threads?: number;
  /** the model the rows came from (default: the shipped model of the dataset's game) */
  model?: TranscriptModel;
  /** rows read per split for probing and absorption (default PROBE_ROWS) */
  probeRows?: { train: number; test: number };
  /** games the spliced model reads (default SPLICED_GAMES) */
  splicedGames?: number;
  /** text datasets: the tasks' documents already read for this SAE (the text demo reads them once for all its runs) */
  textProbes?: TextProbes;
  /** text datasets: how many labelled documents to read (default TEXT_PROBE_PLANS.small) */
  textPlan?: TextProbePlan;
}

export async function benchmarkMetrics(sae: Sae, store: ActivationStore, opts: BenchmarkOptions = {}): Promise<BenchmarkMetrics> {
  const atoms = originalSpaceAtoms(sae);
  const board = store.meta.labels.length > 0 && store.meta.game ? await boardProbing(sae, store, atoms, opts.probeRows ?? PROBE_ROWS) : null;
  const text = board ? null : await textDatasetProbing(sae, store, atoms, opts);
  const probing = board ?? text;
  const mean = board ? meanOverTasks : meanOverGroups;
  return {
    spliced: await splicedForDataset(sae, store, opts),
    sparseProbing: probing?.sae ?? null,
    sparseProbingMean: probing ? mean(probing.sae) : null,
    sparseProbingRaw: probing?.raw ?? null,
    sparseProbingRawMean: probing ? mean(probing.raw) : null,
    absorption: probing?.absorption ?? null,
    maxDecoderCosine: meanMaxCosine(atoms, sae.dSae, sae.dIn, false),
    maxEncoderCosine: meanMaxCosine(sae.W_enc, sae.dSae, sae.dIn, true),
  };
}

/** The model the dataset's rows came from, when it is the shipped one (same width). */
async function splicedForDataset(sae: Sae, store: ActivationStore, opts: BenchmarkOptions): Promise<SplicedMetrics | null> {
  const source = store.meta.source as { kind: string; layer?: string; d?: string; modelDigest?: string };
  const layer = Number(source.layer);
  if (source.kind === 'text-model') return splicedText(sae, store, opts);
  if (!Number.isInteger(layer) || (source.kind !== 'othello-model' && source.kind !== 'chess-model')) return null;
  const shipped = () => (source.kind === 'othello-model' ? loadOthelloModel() : loadChessModel()).catch(() => null);
  const model = opts.model ?? (await shipped());
  if (!model || model.config.gpt.d !== sae.dIn || layer >= model.config.gpt.layers) return null;
  // rows extracted from another model (a project's own) are not spliced into this one; datasets written before the digest are taken as the shipped model's
  if (source.modelDigest && source.modelDigest !== model.weightsDigest()) return null;
  const T = model.config.gpt.context;
  if (source.kind === 'othello-model') {
    const games = othelloHeldOutGames(opts.splicedGames ?? SPLICED_GAMES, 11);
    const tokens = gamesToTokens(games);
    const rows = { count: games.count, row: (g: number) => tokens.subarray(g * MAX_MOVES, (g + 1) * MAX_MOVES) };
    return splicedMetrics({ model, layer, sae, games: rows, length: (g) => games.lengths[g], threads: opts.threads });
  }
  const pgn = await readPgnGames(CHESS_EXTRACTION_PGN).catch(() => null);
  if (!pgn) return null;
  const games = pgn.games;
  const rows = chessTokenRows(games.slice(0, opts.splicedGames ?? SPLICED_GAMES), T);
  return splicedMetrics({ model, layer, sae, games: rows, length: (g) => rows.row(g).length, threads: opts.threads });
}

/**
 * The text model with the SAE spliced in, on the opening context of the shipped held-out sample's
 * last documents of each source in turn (the text demo's validation documents). Position 0
 * (document start, whose row no text dataset holds) is spliced too, as every position is.
 */
async function splicedText(sae: Sae, store: ActivationStore, opts: BenchmarkOptions): Promise<SplicedMetrics | null> {
  const found = await textModelOf(store, sae.dIn, opts.model);
  if (!found) return null;
  const T = found.model.config.gpt.context;
  const sample = await readTextSample().catch(() => null);
  if (!sample) return null;
  const bySource = new Map<string, string[]>();
  for (const r of sample) bySource.set(r.fields.source, [...(bySource.get(r.fields.source) ?? []), r.text]);
  const lists = [...bySource.values()];
  const texts = Array.from({ length: Math.min(sample.length, opts.splicedGames ?? SPLICED_GAMES) }, (_, i) => lists[i % lists.length].at(-1 - Math.floor(i / lists.length))).filter((t): t is string => !!t);
  const tokens = texts.map((t) => documentTokens(t).subarray(0, T));
  return splicedMetrics({ model: found.model, layer: found.layer, sae, games: { count: tokens.length, row: (g) => tokens[g] }, length: (g) => tokens[g].length, threads: opts.threads });
}

/**
 * The text model a dataset's rows came from, when they are its per-byte residuals: the one passed
 * in, else the project's model the extraction names (models/<id> beside the dataset's folder),
 * else the shipped one; checked by width and, where recorded, weights.
 */
export async function textModelOf(store: ActivationStore, dIn: number, given?: TranscriptModel): Promise<{ model: TranscriptModel; layer: number } | null> {
  const source = store.meta.source as { kind?: string; layer?: string; pooling?: string; model?: string; modelDigest?: string };
  const layer = Number(source.layer);
  if (source.kind !== 'text-model' || source.pooling !== 'token' || !Number.isInteger(layer)) return null;
  // datasets live in <project>/datasets/<id>, the project's models in <project>/models/<id>
  const own = source.model && source.model !== 'shipped' ? path.join(path.dirname(path.dirname(store.dir)), 'models', source.model) : null;
  const model = given ?? (await loadModelDir(own ?? TEXT_MODEL_DIR).then((m) => m.model, () => null));
  if (!model || model.config.game !== 'text' || model.config.gpt.d !== dIn || layer >= model.config.gpt.layers) return null;
  if (source.modelDigest && source.modelDigest !== model.weightsDigest()) return null;
  return { model, layer };
}

async function textDatasetProbing(sae: Sae, store: ActivationStore, atoms: Float32Array, opts: BenchmarkOptions) {
  let probes = opts.textProbes;
  if (!probes) {
    const found = await textModelOf(store, sae.dIn, opts.model);
    if (!found) return null;
    probes = await readTextProbes(found.model, found.layer, [sae], opts.textPlan ?? TEXT_PROBE_PLANS.small, { threads: opts.threads });
  }
  return textProbing(sae, probes, atoms, { threads: opts.threads });
}

/** Balanced binary tasks: the headline family's cells whose share of positive rows is nearest one half. */
export function boardTasks(families: readonly BspFamily[], rows: Uint32Array, count = PROBE_TASKS): { name: string; labels: Uint8Array }[] {
  const fam = families.find((f) => f.name === OTHELLO_HEADLINE || f.name === CHESS_LOW_LEVEL) ?? families[0];
  const cells = fam.rows * fam.cols * fam.classes;
  const total = fam.data.length / cells;
  const share = Float64Array.from({ length: cells }, (_, g) => rows.reduce((s, r) => s + fam.data[r * cells + g], 0) / Math.max(1, rows.length));
  const chosen = Array.from(share.keys()).filter((g) => share[g] > 0.02 && share[g] < 0.98).sort((a, b) => Math.abs(share[a] - 0.5) - Math.abs(share[b] - 0.5) || a - b).slice(0, count);
  return chosen.map((g) => ({ name: propertyLabel(fam, g), labels: Uint8Array.from({ length: total }, (_, r) => fam.data[r * cells + g]) }));
}

async function boardProbing(sae: Sae, store: ActivationStore, atoms: Float32Array, caps: { train: number; test: number }) {
  const labels = await readBoardLabels(store.dir);
  const [trainLo, trainHi] = store.splitRange('train');
  const [valLo, valHi] = store.splitRange('validation');
  const nTrain = Math.min(caps.train, trainHi - trainLo);
  const nTest = Math.min(caps.test, valHi - valLo);
  if (nTrain < 4 || nTest < 2) return null;
  // the rows read: the first of each split; indices below are into this [train; test] block
  const x = new Float32Array((nTrain + nTest) * sae.dIn);
  x.set(await store.readRows(trainLo, nTrain), 0);
  x.set(await store.readRows(valLo, nTest), nTrain * sae.dIn);
  const compiled = await CompiledSae.create(sae, { outputs: 'encode' });
  const f = await compiled.encode(x).finally(() => compiled.dispose());
  const rowOf = Uint32Array.from({ length: nTrain + nTest }, (_, i) => (i < nTrain ? trainLo + i : valLo + i - nTrain));
  const families = labels.families.map((fam) => {
    const cells = fam.rows * fam.cols * fam.classes;
    const data = new Uint8Array(rowOf.length * cells);
    rowOf.forEach((r, i) => data.set(fam.data.subarray(r * cells, (r + 1) * cells), i * cells));
    return { ...fam, data };
  });
  const train = Uint32Array.from({ length: nTrain }, (_, i) => i);
  const test = Uint32Array.from({ length: nTest }, (_, i) => nTrain + i);
  const raw: FeatureRows = { data: x, width: sae.dIn };
  const codes: FeatureRows = { data: f, width: sae.dSae };
  const bias = decode(sae, new Float32Array(sae.dSae));
  const out = { sae: {} as Record<string, KAccuracies>, raw: {} as Record<string, KAccuracies>, absorption: null as BenchmarkMetrics['absorption'] };
  const perTask: NonNullable<BenchmarkMetrics['absorption']>['perTask'] = {};
  boardTasks(families, train).forEach((task, i) => {
    const split = balancedSplit(task.labels, train, test, caps, SEED + i);
    if (!split) return;
    out.sae[task.name] = sparseProbe(codes, split);
    out.raw[task.name] = sparseProbe(raw, split);
    const a = absorptionForTask({ x: raw, f: codes, atoms, bias, split });
    if (a) perTask[task.name] = { fraction: a.fraction, full: a.full, positives: a.positives, groundTruthF1: a.groundTruthF1 };
  });
  const kept = Object.values(perTask);
  out.absorption = kept.length === 0 ? null : { fraction: kept.reduce((s, t) => s + t.fraction, 0) / kept.length, full: kept.reduce((s, t) => s + t.full, 0) / kept.length, tasks: kept.length, perTask };
  return out;
}

/**
 * Mean over latents of the largest cosine between one latent's vector and any other's
 * (SAEBench's max decoder / encoder cosine). Latents past the first 2048 are left out (the
 * cost is m²·d).
 */
export function meanMaxCosine(w: Float32Array, m: number, d: number, columns: boolean): number {
  const n = Math.min(m, 2048);
  const at = (i: number, j: number) => (columns ? w[j * m + i] : w[i * d + j]);
  const unit = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += at(i, j) ** 2;
    const norm = Math.sqrt(s) || 1;
    for (let j = 0; j < d; j++) unit[i * d + j] = at(i, j) / norm;
  }
  const best = new Float64Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let k = i + 1; k < n; k++) {
      let c = 0;
      for (let j = 0; j < d; j++) c += unit[i * d + j] * unit[k * d + j];
      if (c > best[i]) best[i] = c;
      if (c > best[k]) best[k] = c;
    }
  }
  return n > 1 ? best.reduce((a, b) => a + b, 0) / n : 0;
}
