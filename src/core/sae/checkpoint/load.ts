import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../../shared/errors';
import { DICTIONARY_LEARNING_WEIGHTS, SAELENS_WEIGHTS, SPARSIFY_WEIGHTS } from './files';
import { loadDictionaryLearning } from './dictionaryLearning';
import { loadSaeLens } from './saelens';
import type { Sae } from './sae';
import { loadSparsify } from './sparsify';

export type SaeFolderFormat = 'saelens' | 'sparsify' | 'dictionary_learning';

/** Loads an SAE folder written by SAELens, sparsify, dictionary_learning or the studio, by the weight file it holds. */
export async function loadSaeFolder(dir: string): Promise<{ format: SaeFolderFormat; sae: Sae }> {
  const has = async (file: string) => fs.stat(path.join(dir, file)).then(() => true, () => false);
  if (await has(SAELENS_WEIGHTS)) return { format: 'saelens', sae: await loadSaeLens(dir) };
  if (await has(SPARSIFY_WEIGHTS)) return { format: 'sparsify', sae: await loadSparsify(dir) };
  if (await has(DICTIONARY_LEARNING_WEIGHTS)) return { format: 'dictionary_learning', sae: await loadDictionaryLearning(dir) };
  throw new StudioError('not-found', `no ${SAELENS_WEIGHTS}, ${SPARSIFY_WEIGHTS} or ${DICTIONARY_LEARNING_WEIGHTS} in this folder`, dir);
}
