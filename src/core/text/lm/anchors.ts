/**
 * The two anchors the text model's held-out bits per byte are read against, on the same
 * held-out documents: an order-5 Kneser–Ney byte n-gram fitted on the training documents
 * (ngram.ts), and `xz -9` on the held-out text itself (a compressor that sees only the text it
 * compresses, so a model trained on other text should beat it).
 */
import { spawnSync } from 'node:child_process';
import { StudioError } from '../../../shared/errors';
import { KneserNeyModel } from './ngram';
import { tokenStream } from './text-model';

/** `xz -9` compressed size of the documents' bytes (concatenated) in bits per byte. */
export function xzBitsPerByte(texts: readonly string[]): { bitsPerByte: number; bytes: number } {
  const data = Buffer.from(texts.join(''), 'utf8');
  const out = spawnSync('xz', ['-9', '-c', '--format=xz'], { input: data, maxBuffer: 1 << 30 });
  if (out.error || out.status !== 0) throw new StudioError('runtime', `xz failed: ${out.error?.message ?? out.stderr.toString()}`, 'xz -9');
  return { bitsPerByte: (8 * out.stdout.length) / data.length, bytes: data.length };
}

export interface TextAnchors {
  ngram: number;
  xz: number;
  ngramOrder: number;
  heldOutBytes: number;
  ngramSeconds: number;
}

export function measureAnchors(train: readonly string[], heldOut: readonly string[], order = 5): TextAnchors {
  const t0 = performance.now();
  const model = KneserNeyModel.fit(tokenStream(train), order);
  const ngram = model.bitsPerByte(heldOut);
  const seconds = (performance.now() - t0) / 1000;
  return { ngram: ngram.bitsPerByte, xz: xzBitsPerByte(heldOut).bitsPerByte, ngramOrder: order, heldOutBytes: ngram.bytes, ngramSeconds: Number(seconds.toFixed(1)) };
}
