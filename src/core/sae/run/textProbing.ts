/**
 * SAEBench sparse probing and first-letter absorption for SAEs of the text model's per-byte
 * residuals (ALGORITHMS-DETAIL §3.2–3.3; tasks in text/lm/probeTasks.ts):
 *   - the labelled documents go through the model once; each document's row is the mean of its
 *     bytes' residuals (raw) and the mean of its bytes' latents (each SAE), as SAEBench mean-pools
 *     over tokens; the board's sparse-probing code then probes each task on both;
 *   - the residuals at the last letter of sampled words are the rows of 26 one-vs-rest
 *     first-letter tasks; the board's absorption code scores each letter whose ground-truth probe
 *     reaches F1 > 0.6.
 * One pass of the model serves every SAE given (the text demo measures its runs together); the
 * ground-truth probes depend only on the residuals and are fitted once.
 */
import { StudioError } from '../../../shared/errors';
import type { TranscriptModel } from '../../games/lm/model';
import { streamByteResiduals } from '../../text/lm/extract';
import { firstLetterWords, readTextProbeSet, taskGroup, type TextProbePlan, type TextProbeSet, type WordEnd } from '../../text/lm/probeTasks';
import { CompiledSae } from '../checkpoint/compiled';
import { decode } from '../checkpoint/forward';
import type { Sae } from '../checkpoint/sae';
import { absorptionForTask, type GroundTruth, groundTruthProbe } from '../metrics/absorption';
import { type BalancedSplit, balancedSplit, type FeatureRows, type KAccuracies, sparseProbe } from '../metrics/probing';

/** Word rows kept per split (sampled evenly from all the words), and balanced rows per letter task. */
export const WORD_ROWS = { train: 8000, test: 2000 };
export const LETTER_ROWS = { train: 1000, test: 500 };
/** A letter is a task when the train words hold at least this many that start with it (and a quarter as many test words). */
export const MIN_LETTER_POSITIVES = 20;
const DOC_ROWS = { train: 4000, test: 1000 };
const SEED = 42;

export interface LetterTask {
  letter: number;
  split: BalancedSplit;
  truth: GroundTruth | null;
}

export interface TextProbes {
  set: TextProbeSet;
  /** per document, the mean of its bytes' residuals [docs, d] */
  docRaw: FeatureRows;
  /** per SAE measured, the mean of its bytes' latents [docs, dSae] */
  docCodes: Map<Sae, FeatureRows>;
  /** residuals at the sampled words' last letters [words, d] */
  wordRaw: FeatureRows;
  words: WordEnd[];
  letters: LetterTask[];
}

export interface TextProbingResult {
  sae: Record<string, KAccuracies>;
  raw: Record<string, KAccuracies>;
  absorption: { fraction: number; full: number; tasks: number; perTask: Record<string, { fraction: number; full: number; positives: number; groundTruthF1: number }> } | null;
}

/** Reads the tasks' documents through `model` up to `layer` and pools them for each SAE. */
export async function readTextProbes(model: TranscriptModel, layer: number, saes: readonly Sae[], plan: TextProbePlan, opts: { threads?: number; signal?: AbortSignal } = {}): Promise<TextProbes> {
  const set = await readTextProbeSet(plan);
  const d = model.config.gpt.d;
  const docs = set.texts.length;
  const all = firstLetterWords(set.texts, model.config.gpt.context, set.maxBytes);
  const words = [...evenly(all.filter((w) => !set.isTest[w.doc]), WORD_ROWS.train), ...evenly(all.filter((w) => set.isTest[w.doc]), WORD_ROWS.test)];
  const slotOf = new Map(words.map((w, i) => [w.row, i]));
  const wordRaw = new Float32Array(words.length * d);
  const docRaw = new Float64Array(docs * d);
  const docSums = saes.map((s) => new Float64Array(docs * s.dSae));
  const counts = new Float64Array(docs);
  // rows are each document's bytes in order (text/lm/extract.ts tokenRowPlaces)
  const encoder = new TextEncoder();
  const ends = new Float64Array(docs);
  set.texts.forEach((t, i) => (ends[i] = (i > 0 ? ends[i - 1] : 0) + Math.min(encoder.encode(t).length, set.maxBytes)));
  const compiled = await Promise.all(saes.map((s) => CompiledSae.create(s, { outputs: 'encode', threads: opts.threads })));
  try {
    let doc = 0;
    await streamByteResiduals(model, set.texts, { layer, maxBytes: set.maxBytes, threads: opts.threads, signal: opts.signal }, async (start, rows, resid) => {
      const docOf = new Uint32Array(rows);
      for (let i = 0; i < rows; i++) {
        while (start + i >= ends[doc]) doc++;
        docOf[i] = doc;
        counts[doc]++;
        for (let k = 0; k < d; k++) docRaw[doc * d + k] += resid[i * d + k];
        const slot = slotOf.get(start + i);
        if (slot !== undefined) wordRaw.set(resid.subarray(i * d, (i + 1) * d), slot * d);
      }
      for (let s = 0; s < saes.length; s++) {
        const f = await compiled[s].encode(resid);
        const m = saes[s].dSae;
        const sums = docSums[s];
        for (let i = 0; i < rows; i++) {
          const at = docOf[i] * m;
          for (let j = 0; j < m; j++) sums[at + j] += f[i * m + j];
        }
      }
    });
  } finally {
    await Promise.all(compiled.map((c) => c.dispose()));
  }
  const mean = (sums: Float64Array, m: number): FeatureRows => ({ data: Float32Array.from(sums, (v, i) => v / Math.max(1, counts[Math.floor(i / m)])), width: m });
  const wordRows: FeatureRows = { data: wordRaw, width: d };
  return {
    set,
    docRaw: mean(docRaw, d),
    docCodes: new Map(saes.map((s, i) => [s, mean(docSums[i], s.dSae)])),
    wordRaw: wordRows,
    words,
    letters: letterTasks(words, set.isTest, wordRows),
  };
}

/** The first-letter tasks with enough words, each with its ground-truth probe on the raw rows. */
export function letterTasks(words: readonly WordEnd[], isTest: Uint8Array, x: FeatureRows): LetterTask[] {
  const train = Uint32Array.from(words.keys()).filter((i) => !isTest[words[i].doc]);
  const test = Uint32Array.from(words.keys()).filter((i) => isTest[words[i].doc]);
  const out: LetterTask[] = [];
  for (let letter = 0; letter < 26; letter++) {
    const labels = Uint8Array.from(words, (w) => (w.letter === letter ? 1 : 0));
    const positives = (rows: Uint32Array) => rows.reduce((s, r) => s + labels[r], 0);
    if (positives(train) < MIN_LETTER_POSITIVES || positives(test) < MIN_LETTER_POSITIVES / 4) continue;
    const split = balancedSplit(labels, train, test, LETTER_ROWS, SEED + letter);
    if (split) out.push({ letter, split, truth: groundTruthProbe(x, split) });
  }
  return out;
}

/** Sparse probing on the document tasks and first-letter absorption for one SAE of `probes`. */
export async function textProbing(sae: Sae, probes: TextProbes, atoms: Float32Array, opts: { threads?: number } = {}): Promise<TextProbingResult> {
  const codes = probes.docCodes.get(sae);
  if (!codes) throw new StudioError('bad-input', 'this SAE was not among those the text probes were read for', 'textProbing');
  const out: TextProbingResult = { sae: {}, raw: {}, absorption: null };
  probes.set.tasks.forEach((task, i) => {
    const split = balancedSplit(task.labels, task.train, task.test, DOC_ROWS, SEED + i);
    if (!split) return;
    out.sae[task.name] = sparseProbe(codes, split);
    out.raw[task.name] = sparseProbe(probes.docRaw, split);
  });
  const compiled = await CompiledSae.create(sae, { outputs: 'encode', threads: opts.threads });
  const f: FeatureRows = { data: await compiled.encode(probes.wordRaw.data).finally(() => compiled.dispose()), width: sae.dSae };
  const bias = decode(sae, new Float32Array(sae.dSae));
  const perTask: NonNullable<TextProbingResult['absorption']>['perTask'] = {};
  for (const t of probes.letters) {
    const a = absorptionForTask({ x: probes.wordRaw, f, atoms, bias, split: t.split, groundTruth: t.truth });
    if (a) perTask[`first letter ${String.fromCharCode(0x61 + t.letter)}`] = { fraction: a.fraction, full: a.full, positives: a.positives, groundTruthF1: a.groundTruthF1 };
  }
  const kept = Object.values(perTask);
  if (kept.length > 0) out.absorption = { fraction: kept.reduce((s, t) => s + t.fraction, 0) / kept.length, full: kept.reduce((s, t) => s + t.full, 0) / kept.length, tasks: kept.length, perTask };
  return out;
}

/** Mean over task groups (sentiment, score, author) of the mean over each group's tasks, as SAEBench averages classes, then data sets. */
export function meanOverGroups(perTask: Record<string, KAccuracies>): KAccuracies {
  const groups = new Map<string, KAccuracies[]>();
  for (const [name, acc] of Object.entries(perTask)) groups.set(taskGroup(name), [...(groups.get(taskGroup(name)) ?? []), acc]);
  if (groups.size === 0) return {};
  const keys = Object.keys([...groups.values()][0][0]);
  const avg = (list: KAccuracies[], k: string) => list.reduce((s, a) => s + a[k], 0) / list.length;
  return Object.fromEntries(keys.map((k) => [k, [...groups.values()].reduce((s, list) => s + avg(list, k), 0) / groups.size]));
}

/** `cap` items spread evenly over the list (all of them when it is shorter). */
function evenly<T>(list: readonly T[], cap: number): T[] {
  if (list.length <= cap) return [...list];
  return Array.from({ length: cap }, (_, i) => list[Math.floor((i * list.length) / cap)]);
}
