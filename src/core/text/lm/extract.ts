/**
 * Text activations of the byte-level model: resid_post at one layer for every byte of a set of
 * documents (a dataset with the explorer's token sidecar), or one vector per document (the
 * mean over its bytes, or its last byte) for the models built on documents (reward model,
 * authorship, reviews), through one function, `documentVectors`.
 */
import type { DatasetMeta } from '../../../shared/schemas/dataset';
import { StudioError } from '../../../shared/errors';
import { createDatasetWriter } from '../../data/writer';
import { TOKENS_FILE, tokenCounts, writeTokenSidecar } from '../../data/tokens';
import type { TranscriptModel } from '../../games/lm/model';
import { streamResiduals, type StreamOptions } from '../../games/lm/residuals';
import { byteTokenLabels, documentTokens } from './bytes';

/** 'token': one row per byte; 'mean': the mean over a document's bytes; 'last': its last byte, read with a full context before it. */
export type TextPooling = 'token' | 'mean' | 'last';

/** A piece of one document the model reads at once: at most a context of tokens. */
interface Window {
  doc: number;
  /** index of tokens[0] in the document's tokens (DOC_START is 0, its first byte 1) */
  start: number;
  tokens: Uint8Array;
  /** positions whose residuals are kept */
  from: number;
}

/**
 * A document's windows: consecutive context-long pieces, the first opened by DOC_START (whose
 * own position is never kept: its residual is the same in every document), up to `maxBytes`
 * bytes; for 'last', the single window that ends at the document's last byte.
 */
function documentWindows(doc: number, text: string, T: number, pooling: TextPooling, maxBytes = Infinity): Window[] {
  const tokens = documentTokens(text);
  if (tokens.length < 2) throw new StudioError('bad-input', 'the document is empty', `document ${doc + 1}`);
  if (pooling === 'last') {
    const start = Math.max(0, tokens.length - T);
    return [{ doc, start, tokens: tokens.subarray(start), from: tokens.length - start - 1 }];
  }
  const end = Math.min(tokens.length, 1 + maxBytes);
  const out: Window[] = [];
  for (let s = 0; s < end; s += T) out.push({ doc, start: s, tokens: tokens.subarray(s, Math.min(end, s + T)), from: s === 0 ? 1 : 0 });
  return out;
}

interface Positions {
  windows: Window[];
  game: Uint32Array;
  at: Uint32Array;
}

function positionsOf(windows: Window[]): Positions {
  const game: number[] = [];
  const at: number[] = [];
  windows.forEach((w, i) => {
    for (let t = w.from; t < w.tokens.length; t++) {
      game.push(i);
      at.push(t);
    }
  });
  return { windows, game: Uint32Array.from(game), at: Uint32Array.from(at) };
}

/**
 * Where each row of a per-byte extraction ('token') comes from: its document and the byte's
 * offset in the document's UTF-8, in the order `extractTextActivations` writes the rows.
 */
export function tokenRowPlaces(texts: readonly string[], context: number, maxBytes?: number): { doc: Uint32Array; byte: Uint32Array } {
  const p = positionsOf(texts.flatMap((t, i) => documentWindows(i, t, context, 'token', maxBytes)));
  const doc = new Uint32Array(p.game.length);
  const byte = new Uint32Array(p.game.length);
  for (let r = 0; r < p.game.length; r++) {
    const w = p.windows[p.game[r]];
    doc[r] = w.doc;
    byte[r] = w.start + p.at[r] - 1;
  }
  return { doc, byte };
}

export interface DocumentVectorOptions extends StreamOptions {
  /** resid_post of this block (0-based); −1 is the embedding output */
  layer: number;
  pooling: Exclude<TextPooling, 'token'>;
  /** 'mean': bytes of each document read (default all) */
  maxBytes?: number;
}

/** One vector per document, documents × D, at `layer`: the mean of its bytes' residuals, or its last byte's. */
export async function documentVectors(model: TranscriptModel, texts: readonly string[], opts: DocumentVectorOptions): Promise<Float32Array> {
  const T = model.config.gpt.context;
  const D = model.config.gpt.d;
  const p = positionsOf(texts.flatMap((t, i) => documentWindows(i, t, T, opts.pooling, opts.maxBytes)));
  const out = new Float32Array(texts.length * D);
  const counts = new Float64Array(texts.length);
  await streamResiduals(
    model,
    { count: p.windows.length, row: (g) => p.windows[g].tokens },
    p,
    [opts.layer],
    (c) => {
      const part = c.byLayer[0];
      for (let i = 0; i < c.rows; i++) {
        const doc = p.windows[p.game[c.start + i]].doc;
        counts[doc]++;
        for (let k = 0; k < D; k++) out[doc * D + k] += part[i * D + k];
      }
    },
    opts,
  );
  for (let d = 0; d < texts.length; d++) for (let k = 0; k < D; k++) out[d * D + k] /= counts[d];
  return out;
}

/**
 * Streams resid_post at `layer` for every byte of the documents (the rows `tokenRowPlaces`
 * describes, in that order), chunk by chunk: `onChunk(start, rows, resid)` with resid rows × D.
 */
export async function streamByteResiduals(
  model: TranscriptModel,
  texts: readonly string[],
  opts: StreamOptions & { layer: number; maxBytes?: number },
  onChunk: (start: number, rows: number, resid: Float32Array) => void | Promise<void>,
): Promise<void> {
  const p = positionsOf(texts.flatMap((t, i) => documentWindows(i, t, model.config.gpt.context, 'token', opts.maxBytes)));
  await streamResiduals(model, { count: p.windows.length, row: (g) => p.windows[g].tokens }, p, [opts.layer], (c) => onChunk(c.start, c.rows, c.byLayer[0]), opts);
}

export interface TextExtractOptions extends StreamOptions {
  model: TranscriptModel;
  texts: readonly string[];
  layer: number;
  pooling: TextPooling;
  /** bytes read per document ('token' and 'mean'; default all) */
  maxBytes?: number;
  /** the dataset folder to create (must not exist) */
  datasetDir: string;
  id: string;
  name: string;
  source?: Record<string, string>;
  dtype?: 'float32' | 'float16';
  trainFraction?: number;
  onProgress?(rows: number, total: number): void;
}

/** Tokens a per-document row shows in the explorer: the document's opening. */
const DOCUMENT_PREVIEW = 16;

/**
 * Writes the activations as a dataset with a token sidecar: per byte, each window is a
 * sequence of readable byte labels (bytes.ts `byteTokenLabels`) and each row its place; per
 * document, each row shows the document's first bytes.
 */
export async function extractTextActivations(opts: TextExtractOptions): Promise<DatasetMeta> {
  const { model, texts, layer } = opts;
  const D = model.config.gpt.d;
  const source = { kind: 'text-model', layer: String(layer), pooling: opts.pooling, documents: String(texts.length), d: String(D), modelDigest: model.weightsDigest(), ...opts.source };
  const writer = await createDatasetWriter(opts.datasetDir, { dims: D, dtype: opts.dtype });
  let table: { sequences: string[][]; seq: Uint32Array; pos: Uint32Array };
  try {
    if (opts.pooling === 'token') {
      const p = positionsOf(texts.flatMap((t, i) => documentWindows(i, t, model.config.gpt.context, 'token', opts.maxBytes)));
      await streamResiduals(
        model,
        { count: p.windows.length, row: (g) => p.windows[g].tokens },
        p,
        [layer],
        async (c) => {
          await writer.append(c.byLayer[0]);
          opts.onProgress?.(writer.rows, p.game.length);
        },
        opts,
      );
      table = { sequences: p.windows.map((w) => byteTokenLabels(w.tokens)), seq: p.game, pos: p.at };
    } else {
      const vectors = await documentVectors(model, texts, { ...opts, pooling: opts.pooling });
      await writer.append(vectors);
      opts.onProgress?.(texts.length, texts.length);
      const sequences = texts.map((t) => byteTokenLabels(documentTokens(t).subarray(0, DOCUMENT_PREVIEW + 1)));
      table = { sequences, seq: Uint32Array.from(texts, (_, i) => i), pos: Uint32Array.from(sequences, (s) => s.length - 1) };
    }
  } catch (err) {
    await writer.abort();
    throw err;
  }
  const meta = await writer.finish({ id: opts.id, name: opts.name, source, trainFraction: opts.trainFraction, labels: [{ name: 'tokens', file: TOKENS_FILE }], tokens: tokenCounts(table) });
  await writeTokenSidecar(opts.datasetDir, table);
  return meta;
}
