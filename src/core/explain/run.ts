/**
 * Explaining a run's features (issue 19): the explored rows of its dataset are encoded once, the
 * features chosen (by id, or the top N by frequency), each explained by SAGE's loop with tests
 * on fresh inputs through the real model and SAE, and scored with its baseline (the explorer's
 * best single board property, or the top tokens). Writes one log per feature
 * (explanations/<feature>.json) and merges the explanations into explanations.json.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { EXPLANATIONS_FILE, ExplanationsFile } from '../../shared/schemas/explanations';
import { ActivationStore } from '../data/store';
import { readDatasetTokens } from '../data/tokens';
import { encodeSparse } from '../explorer/codes';
import { readExplanations } from '../explorer/explanations';
import { bestProperties } from '../explorer/properties';
import { readExploredRows, readExplorerLabels } from '../explorer/sources';
import { featureStats } from '../explorer/stats';
import { loadModelDir, loadOthelloModel, shippedModelDir } from '../games/lm/shipped';
import { CHESS_FAMILIES, type ChessFamilyName } from '../games/chess';
import { chessLab, chessModelEncoder } from './chessLab';
import type { TranscriptModel } from '../games/lm/model';
import { OTHELLO_FAMILIES, type OthelloFamilyName } from '../games/othello';
import { writeJsonAtomic } from '../io/atomic';
import { datasetDir } from '../project/layout';
import { loadSaeFolder } from '../sae/checkpoint/load';
import type { Sae } from '../sae/checkpoint/sae';
import { readRunInfo, runDir } from '../sae/run/folder';
import { readTextSample } from '../text/lm/sample';
import { modelEncoder, othelloLab } from './boardLab';
import { causalBoardTest, type CausalResult } from './causal';
import { explainFeature, type ExplainDomain, type ExplanationScores, type FeatureResult, splitRows } from './feature';
import { type BoardAtom, type BoardRows, boardAtomsFrom, boardLanguage } from './hypothesis/board';
import { type TextAtom, type TextRows, textAtomsFrom, textLanguage, textPosAtoms } from './hypothesis/text';
import { atom, atomsOf, type Pred } from './hypothesis/tree';
import { column } from './pool';
import { textLab } from './textLab';
import { CAUSAL_WINDOWS, causalTextTest, type TextCausalResult } from './causalText';
import { labelsToBytes, TextInference } from './textModel';
import { sampleContinuations } from './textSamples';
import { Rng } from '../io/rng';
import { llmHypotheses } from './llm';
import type { LlmSettings } from '../llm';
import { squareName } from '../games/othello';

export const EXPLANATION_LOGS = 'explanations';
export const EXPLAIN_METHOD = 'sage-offline';
export const DEFAULT_EXPLAIN_ROWS = 8192;

export interface ExplainOptions {
  projectDir: string;
  runId: string;
  datasetId?: string;
  features?: number[];
  top?: number;
  maxRows?: number;
  seed?: number;
  threads?: number;
  /** causal tests on the model: clamp/ablate the feature and read the legal-move (boards) or next-byte (text) distribution */
  causal?: boolean;
  /** the optional local LLM endpoint: it proposes more hypotheses (validated predicates) */
  llm?: LlmSettings | null;
  /** where the logs and explanations.json are written (default the run folder; a job writes in its work folder) */
  outDir?: string;
  /** `done` counts finished features, with the running one's fraction added (a note when one finishes) */
  onProgress?(done: number, total: number, note?: string): void;
  signal?: AbortSignal;
}

export interface FeatureSummary {
  feature: number;
  explanation: string;
  scores: ExplanationScores;
  baseline: { explanation: string; scores: ExplanationScores };
  tau: number;
  rounds: number;
  tests: number;
  statuses: Record<string, number>;
  causal?: CausalResult | TextCausalResult | null;
}

type ScoreKeys = 'generative' | 'predictive' | 'detection' | 'fuzzing';
export type ScoreMeans = Record<ScoreKeys, number>;

export interface ExplainSummary {
  runId: string;
  datasetId: string;
  domain: 'board' | 'text';
  features: FeatureSummary[];
  summary: { explainer: ScoreMeans; baseline: ScoreMeans };
  seconds: number;
}

export async function explainRun(opts: ExplainOptions): Promise<ExplainSummary> {
  const t0 = performance.now();
  const folder = runDir(opts.projectDir, opts.runId);
  const info = await readRunInfo(folder);
  const datasetId = opts.datasetId ?? info.datasetId;
  if (!datasetId) throw new StudioError('bad-input', `run "${opts.runId}" has no dataset; name one with --dataset`, 'datasetId');
  const { sae } = await loadSaeFolder(folder);
  const dir = datasetDir(opts.projectDir, datasetId);
  const store = await ActivationStore.open(dir);
  const meta = store.meta;
  const allRows = store.rows;
  await store.close();
  const { x, rows } = await readExploredRows(dir, sae.dIn, opts.maxRows ?? DEFAULT_EXPLAIN_ROWS);
  const codes = await encodeSparse(sae, x, rows);
  const stats = featureStats(codes);
  const features = chooseFeatures(opts, stats.frequency, sae.dSae);
  const seed = opts.seed ?? 1;
  const labels = await readExplorerLabels(dir);
  const source = (meta.source ?? {}) as Record<string, string>;
  const layer = Number(source.layer);
  const out: FeatureSummary[] = [];
  const logs = path.join(opts.outDir ?? folder, EXPLANATION_LOGS);
  await fs.mkdir(logs, { recursive: true });
  const done = async <A>(r: FeatureResult<A>, causal?: CausalResult | TextCausalResult | null) => {
    const statuses: Record<string, number> = {};
    for (const h of r.log.hypotheses) statuses[h.status] = (statuses[h.status] ?? 0) + 1;
    const tests = r.log.hypotheses.reduce((n, h) => n + h.tests.length, 0);
    out.push({ feature: r.feature, explanation: r.explanation, scores: r.scores, baseline: { explanation: r.baseline.explanation, scores: r.baseline.scores }, tau: r.tau, rounds: r.log.rounds, tests, statuses, causal });
    await writeJsonAtomic(path.join(logs, `${r.feature}.json`), { version: 1, method: EXPLAIN_METHOD, runId: opts.runId, datasetId, ...r, causal: causal ?? null });
    opts.onProgress?.(out.length, features.length, `feature ${r.feature}: ${r.explanation}`);
  };
  opts.onProgress?.(0, features.length);
  // within a feature, for the ETA of a short batch: its explanation up to 0.8, the causal test the rest
  const partly = (fraction: number) => opts.onProgress?.(out.length + 0.8 * fraction, features.length);
  if (labels) {
    const chess = source.kind === 'chess-model';
    if (!chess && source.kind !== 'othello-model') throw new StudioError('unsupported', 'explaining board features needs Othello or chess activations of a studio model (its tests run the model)', `dataset ${datasetId}`);
    const model = await resolveModel(opts.projectDir, source, chess ? 'chess' : 'othello');
    const boardRows: BoardRows = { rows, game: labels.game.subarray(0, rows), ply: labels.ply.subarray(0, rows), families: labels.families.map((f) => ({ ...f, data: f.data.subarray(0, rows * f.rows * f.cols * f.classes) })) };
    const names = boardRows.families.map((f) => f.name);
    const families = names.filter((n): n is OthelloFamilyName => (OTHELLO_FAMILIES as readonly string[]).includes(n));
    const lang = boardLanguage(boardRows);
    const domain: ExplainDomain<BoardAtom> = {
      kind: 'board', rows, seqOf: boardRows.game, exampleLength: 8, lang,
      atomsFrom: (ex) => boardAtomsFrom(boardRows, ex),
      lab: chess
        ? chessLab(chessModelEncoder(model, layer, sae, names.filter((n): n is ChessFamilyName => (CHESS_FAMILIES as readonly string[]).includes(n)), opts.threads), { seed: seed + 1000 })
        : othelloLab(modelEncoder(model, layer, sae, families, opts.threads), { seed: seed + 1000 }),
      propose: opts.llm ? (ex) => llmHypotheses<BoardAtom>(opts.llm!, 'board', ex.map((r) => describeBoardRow(boardRows, r)), opts.signal).then((l) => l.map((h) => h.pred)) : undefined,
    };
    const { train } = splitRows(boardRows.game, rows);
    const best = bestProperties(codes, boardRows.families, Uint32Array.from(train), 1);
    for (const f of features) {
      if (opts.signal?.aborted) throw new StudioError('cancelled', 'explaining was cancelled', `feature ${f}`);
      const p = best[f][0];
      const baseline: Pred<BoardAtom> = atom(p ? { kind: 'cell', family: p.family, cell: p.cell } : { kind: 'ply', min: 0, max: 59 });
      const r = await explainFeature(domain, f, column(codes, f), baseline, seed + f, partly);
      partly(1);
      // the causal test reads the Othello model's legal-move distribution; chess has none yet
      const causal = opts.causal === false || chess ? null : await causalBoardTest({ model, layer, sae, feature: f, pred: r.pred, seed: seed + f, threads: opts.threads });
      await done(r, causal);
    }
  } else {
    const tokens = await readDatasetTokens(dir, allRows);
    if (!tokens) throw new StudioError('unsupported', 'the dataset has neither board labels nor tokens, so its features cannot be explained here', `dataset ${datasetId}`);
    if (source.kind !== 'text-model') throw new StudioError('unsupported', 'explaining text features needs activations of the studio text model (its tests run the model)', `dataset ${datasetId}`);
    const model = await resolveModel(opts.projectDir, source, 'text');
    const textRows: TextRows = { rows, sequences: tokens.sequences, seq: tokens.seq.subarray(0, rows), pos: tokens.pos.subarray(0, rows) };
    const lang = textLanguage(textRows);
    const sample = (await readTextSample()).map((d) => d.text).reverse();
    const inf = new TextInference(model, layer, sae, opts.threads);
    try {
      const lab = textLab(inf.encodeTexts, sample);
      const bytesOf = (r: number) => labelsToBytes(textRows.sequences[textRows.seq[r]]);
      const domain: ExplainDomain<TextAtom> = {
        kind: 'text', rows, seqOf: textRows.seq, exampleLength: 32, lang, lab,
        atomsFrom: (ex) => [...textAtomsFrom(textRows, lang, ex), ...textPosAtoms(textRows, lang, ex)],
        // the model continues each of the top 8 exemplars twice from 3 bytes before the byte it fires on
        async prepare(feature, ex, s) {
          const prefixes = ex.slice(0, SAMPLED_EXEMPLARS).flatMap((r) => Array.from({ length: SAMPLES_EACH }, () => bytesOf(r).subarray(0, Math.max(1, textRows.pos[r] - 2))));
          const { windows, from } = await sampleContinuations(inf, prefixes, new Rng(s));
          lab.setSamples(feature, { ...(await inf.encode(windows)), from });
        },
        propose: opts.llm ? (ex) => llmHypotheses<TextAtom>(opts.llm!, 'text', ex.map((r) => describeTextRow(textRows, r)), opts.signal).then((l) => l.map((h) => h.pred)) : undefined,
      };
      const { train } = splitRows(textRows.seq, rows);
      for (const f of features) {
        if (opts.signal?.aborted) throw new StudioError('cancelled', 'explaining was cancelled', `feature ${f}`);
        const acts = column(codes, f);
        const r = await explainFeature(domain, f, acts, topTokens(textRows, acts, train), seed + f, partly);
        partly(1);
        lab.setSamples(f, null);
        const causal = opts.causal === false ? null : await causalTextTest({ inf, feature: f, pred: r.pred, windows: exemplarWindows(textRows, acts, train, r.topExemplars).map(bytesOf) });
        await done(r, causal);
      }
    } finally {
      await inf.dispose();
    }
  }
  await mergeExplanations(folder, opts.outDir ?? folder, out);
  return { runId: opts.runId, datasetId, domain: labels ? 'board' : 'text', features: out, summary: { explainer: means(out.map((f) => f.scores)), baseline: means(out.map((f) => f.baseline.scores)) }, seconds: (performance.now() - t0) / 1000 };
}

const SAMPLED_EXEMPLARS = 8;
const SAMPLES_EACH = 2;

/** A row of each of the feature's top exemplars' sequences, then of the next most activating ones, up to CAUSAL_WINDOWS sequences. */
function exemplarWindows(rows: TextRows, acts: Float32Array, train: readonly number[], top: { row: number }[]): number[] {
  const out = new Map<number, number>();
  const more = train.filter((r) => acts[r] > 0).sort((a, b) => acts[b] - acts[a]);
  for (const r of [...top.map((e) => e.row), ...more]) {
    if (out.size === CAUSAL_WINDOWS) break;
    if (!out.has(rows.seq[r])) out.set(rows.seq[r], r);
  }
  return [...out.values()];
}

function chooseFeatures(opts: ExplainOptions, frequency: Float64Array, width: number): number[] {
  if (opts.features && opts.features.length > 0) {
    for (const f of opts.features) if (!(Number.isInteger(f) && f >= 0 && f < width)) throw new StudioError('bad-input', `feature ${f} is outside 0..${width - 1}`, 'features');
    return [...new Set(opts.features)];
  }
  const top = opts.top ?? 50;
  return Array.from(frequency.keys()).filter((f) => frequency[f] > 0).sort((a, b) => frequency[b] - frequency[a] || a - b).slice(0, top);
}

/**
 * The "top tokens" baseline for text: the tokens the top-10 activating rows sit on that repeat
 * (up to 3), or the single most common one.
 */
function topTokens(rows: TextRows, acts: Float32Array, train: readonly number[]): Pred<TextAtom> {
  const top = train.filter((r) => acts[r] > 0).sort((a, b) => acts[b] - acts[a]).slice(0, 10);
  const counts = new Map<string, number>();
  for (const r of top) {
    const t = rows.sequences[rows.seq[r]][rows.pos[r]];
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const repeated = ranked.filter(([, n]) => n >= 2).slice(0, 3).map(([t]) => t);
  return atom({ kind: 'token', tokens: repeated.length > 0 ? repeated : ranked.slice(0, 1).map(([t]) => t).concat(ranked.length === 0 ? [' '] : []) });
}

function means(list: ExplanationScores[]): ScoreMeans {
  const m = (k: ScoreKeys) => (list.length === 0 ? 0 : list.reduce((s, x) => s + x[k], 0) / list.length);
  return { generative: m('generative'), predictive: m('predictive'), detection: m('detection'), fuzzing: m('fuzzing') };
}

/** The model that made the dataset: the shipped one, or a project model with the recorded weights. */
async function resolveModel(projectDir: string, source: Record<string, string>, game: 'othello' | 'chess' | 'text'): Promise<TranscriptModel> {
  const shipped = game === 'othello' ? await loadOthelloModel() : (await loadModelDir(shippedModelDir(game))).model;
  if (!source.modelDigest || shipped.weightsDigest() === source.modelDigest) return shipped;
  const models = path.join(projectDir, 'models');
  for (const id of await fs.readdir(models).catch(() => [] as string[])) {
    const found = await loadModelDir(path.join(models, id)).catch(() => null);
    if (found && found.model.weightsDigest() === source.modelDigest) return found.model;
  }
  throw new StudioError('not-found', `the model that made this dataset (weights ${source.modelDigest.slice(0, 12)}…) is neither the shipped one nor in models/`, 'modelDigest');
}

/** explanations.json with these features' explanations, method and scores (the others kept). */
async function mergeExplanations(runFolder: string, outDir: string, list: FeatureSummary[]): Promise<void> {
  const merged = await readExplanations(runFolder);
  for (const f of list) {
    merged.set(f.feature, { feature: f.feature, text: f.explanation, score: f.scores.predictive, method: EXPLAIN_METHOD, scores: { ...f.scores, baselineGenerative: f.baseline.scores.generative, baselinePredictive: f.baseline.scores.predictive } });
  }
  const explanations = [...merged.values()].sort((a, b) => a.feature - b.feature);
  await writeJsonAtomic(path.join(outDir, EXPLANATIONS_FILE), ExplanationsFile.parse({ version: 1, explanations }));
}

/** An exemplar position in words for the LLM: ply, the move, the flips, the legal moves. */
function describeBoardRow(rows: BoardRows, r: number): string {
  const squares = (name: string) => {
    const f = rows.families.find((x) => x.name === name);
    return f ? Array.from({ length: 64 }, (_, sq) => sq).filter((sq) => f.data[r * 64 + sq]).map(squareName).join(' ') : '';
  };
  return `ply ${rows.ply[r]}, move ${squares('last_move')}, flipped ${squares('flipped') || 'none'}, legal next ${squares('valid_moves') || 'none'}`;
}

/** An exemplar token in its context, the token marked [[so]]. */
function describeTextRow(rows: TextRows, r: number): string {
  const toks = rows.sequences[rows.seq[r]];
  const p = rows.pos[r];
  return `${toks.slice(Math.max(0, p - 24), p).join('')}[[${toks[p]}]]${toks.slice(p + 1, p + 8).join('')}`;
}

export { atomsOf };
export type { Sae };
