/**
 * The byte-level text model: the transcript models' GPT (src/core/games/lm/) with UTF-8 bytes
 * as tokens, its recipe, its training batches (random windows of a stream of documents) and
 * its held-out bits per byte.
 */
import { Rng } from '../../io/rng';
import type { TranscriptModel, TranscriptModelConfig } from '../../games/lm/model';
import { withChanges, type Recipe, type RecipeChanges } from '../../games/lm/recipe';
import type { TokenBatch } from '../../games/lm/train';
import { TEXT_VOCAB, documentTokens } from './bytes';

export const TEXT_MODEL: TranscriptModelConfig = {
  game: 'text',
  seed: 7,
  gpt: { vocab: TEXT_VOCAB, context: 128, d: 128, heads: 4, layers: 4, mlp: 512 },
};

export const TEXT_TRAINING: Recipe['training'] = {
  batch: 32,
  target: 'next-token',
  weightDecay: 0.1,
  beta2: 0.95,
  clipNorm: 1,
  schedule: { steps: 3200, peakLr: 3e-3, warmupSteps: 150, floor: 0.1 },
};

/**
 * The in-app retrain's defaults (the train-text-model job): the shipped shape with two layers
 * and a short schedule, so a user's model on their corpus trains in minutes (docs/text-model.md
 * gives the measured time).
 */
export const TEXT_RETRAIN = { d: 128, layers: 2, heads: 4, mlp: 512, context: 128, batch: 32, steps: 500 } as const;

/** The text recipe with the changes given (games/lm/recipe.ts `withChanges`); a context change is honoured too. */
export function textRecipe(over: RecipeChanges & { context?: number } = {}): Recipe {
  const r = withChanges({ model: TEXT_MODEL, training: TEXT_TRAINING }, over);
  return over.context ? { ...r, model: { ...r.model, gpt: { ...r.model.gpt, context: over.context } } } : r;
}

/** Documents as one token stream, each opened by DOC_START: what training windows are cut from. */
export function tokenStream(texts: Iterable<string>): Uint8Array {
  const parts: Uint8Array[] = [];
  let n = 0;
  for (const t of texts) {
    const p = documentTokens(t);
    parts.push(p);
    n += p.length;
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** `batch` windows of context + 1 tokens at offsets drawn uniformly from the stream, seeded by (seed, step). */
export function textTrainingBatch(stream: Uint8Array, context: number, seed: number, step: number, batch: number): TokenBatch {
  const width = context + 1;
  const rng = new Rng(seed * 7919 + step);
  const tokens = new Uint8Array(batch * width);
  const span = stream.length - width;
  for (let r = 0; r < batch; r++) {
    if (span <= 0) tokens.set(stream.subarray(0, width), r * width);
    else {
      const at = rng.int(span + 1);
      tokens.set(stream.subarray(at, at + width), r * width);
    }
  }
  const lengths = new Uint16Array(batch).fill(Math.min(width, stream.length));
  return { rows: batch, width, tokens, lengths };
}

/** A window of one document to score: model input `ids` (padded to the context) and the targets it scores. */
interface ScoreWindow {
  ids: Uint8Array;
  /** positions t in [from, to) score target tokens[start + t + 1] */
  from: number;
  to: number;
  doc: Uint8Array;
  start: number;
}

/** Sliding windows over a document with half-context stride: each byte is scored once, with at least half a context before it (except at the start). */
function windows(doc: Uint8Array, T: number): ScoreWindow[] {
  const out: ScoreWindow[] = [];
  const stride = Math.max(1, Math.floor(T / 2));
  let scored = 0; // targets scored so far: tokens[1..scored]
  for (let start = 0; scored < doc.length - 1; start += stride) {
    const end = Math.min(doc.length - 1, start + T); // inputs [start, end)
    const ids = new Uint8Array(T);
    ids.set(doc.subarray(start, end));
    out.push({ ids, from: scored - start, to: end - start, doc, start });
    scored = end;
  }
  return out;
}

export interface BitsPerByte {
  bitsPerByte: number;
  bytes: number;
}

/**
 * Held-out bits per byte: −log₂ p of every byte of every document given the bytes before it
 * in the same document (sliding windows, half a context of overlap), averaged over bytes. The
 * DOC_START token is given, never scored, so the figure compares with compressors and n-grams
 * run on the documents' bytes.
 */
export async function textBitsPerByte(model: TranscriptModel, texts: readonly string[], opts: { threads?: number; batch?: number; signal?: AbortSignal } = {}): Promise<BitsPerByte> {
  const T = model.config.gpt.context;
  const V = model.config.gpt.vocab;
  const B = opts.batch ?? 16;
  const all = texts.flatMap((t) => windows(documentTokens(t), T));
  const program = await model.compileInference(B);
  let nats = 0;
  let count = 0;
  try {
    for (let i = 0; i < all.length; i += B) {
      if (opts.signal?.aborted) break;
      const chunk = all.slice(i, i + B);
      const ids = new BigInt64Array(B * T);
      chunk.forEach((w, r) => w.ids.forEach((v, t) => (ids[r * T + t] = BigInt(v))));
      const logits = (await program.run({ ids })).logits as Float32Array;
      chunk.forEach((w, r) => {
        for (let t = w.from; t < w.to; t++) {
          const row = logits.subarray((r * T + t) * V, (r * T + t + 1) * V);
          nats += logSumExp(row) - row[w.doc[w.start + t + 1]];
          count++;
        }
      });
    }
  } finally {
    await program.dispose();
  }
  return { bitsPerByte: nats / Math.max(1, count) / Math.LN2, bytes: count };
}

function logSumExp(row: Float32Array): number {
  let max = -Infinity;
  for (const v of row) if (v > max) max = v;
  let s = 0;
  for (const v of row) s += Math.exp(v - max);
  return max + Math.log(s);
}
