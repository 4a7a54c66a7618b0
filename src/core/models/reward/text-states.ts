import type { TranscriptModel } from '../../games/lm/model';
import type { StreamOptions } from '../../games/lm/residuals';
import { documentVectors } from '../../text/lm/extract';
import type { PreferencePair } from './pairs';
import type { PairStates } from './states';

/**
 * SARM's backbone cut at the middle of the stack (ALGORITHMS-DETAIL §7: the SAE reads layer
 * n/2 of n): for the built-in text model, the resid_post of block n/2 − 1 (0-based).
 */
export const middleLayer = (model: TranscriptModel): number => Math.max(0, Math.floor(model.config.gpt.layers / 2) - 1);

/**
 * Hidden states of preference pairs from the built-in text model: each response read after its
 * prompt (prompt, a space, response), the residual at its last byte with a full context before
 * it — SARM's last-token reading, and its "LastToken" SAE variant's training rows.
 */
export async function textModelPairStates(model: TranscriptModel, pairs: readonly PreferencePair[], layer: number, opts: StreamOptions = {}): Promise<PairStates> {
  const texts = pairs.flatMap((p) => [`${p.prompt} ${p.chosen}`, `${p.prompt} ${p.rejected}`]);
  const last = await documentVectors(model, texts, { ...opts, layer, pooling: 'last' });
  return { pairs: pairs.length, d: model.config.gpt.d, last, tokens: null, source: `built-in text model, resid_post of block ${layer}, last byte` };
}
