import { loadModelDir, TEXT_MODEL_DIR } from '../../games/lm/shipped';
import { documentVectors } from '../../text/lm/extract';
import { middleLayer } from '../reward/text-states';

/** Texts → one vector each (rows × dim), the embedding baseline's input. */
export type Embedder = (texts: readonly string[], signal?: AbortSignal) => Promise<{ dim: number; vectors: Float32Array }>;

/** Bytes of each review the text model reads: the first 1 KiB holds most reviews whole and bounds the time. */
export const EMBED_MAX_BYTES = 1024;

/** The built-in byte-level text model's residual at its middle block, mean-pooled over each review's bytes. */
export function shippedTextEmbedder(threads?: number): Embedder {
  return async (texts, signal) => {
    const { model } = await loadModelDir(TEXT_MODEL_DIR);
    const vectors = await documentVectors(model, texts, { layer: middleLayer(model), pooling: 'mean', maxBytes: EMBED_MAX_BYTES, threads, signal });
    return { dim: model.config.gpt.d, vectors };
  };
}
