import { StudioError } from '../../../shared/errors';
import type { TextFamilyInfo, TextFeatureInfo } from '../../../shared/schemas/corpus';
import { emojiFamily, letterFamily, punctuationFamily } from './families/characters';
import { experienceFamily } from './families/experience';
import { functionWordFamily } from './families/function-words';
import { lexicalFamily } from './families/lexical';
import { entityFamily, numberFamily } from './families/numbers';
import { posBigramFamily, posFamily } from './families/pos';
import { readabilityFamily } from './families/readability';
import { sentenceTypeFamily } from './families/sentence-types';
import { sentimentFamily, unavailableFamilies } from './families/sentiment';
import { degreeFamily, hedgeFamily, negationFamily } from './families/stance';
import { structureFamily } from './families/structure';
import type { TextFamily, TextFeature } from './types';

/** The family registry, in the order screens list them; one entry per family (STYLE.md habit 4). */
export const textFamilies: readonly TextFamily[] = [
  structureFamily,
  readabilityFamily,
  lexicalFamily,
  sentimentFamily,
  sentenceTypeFamily,
  experienceFamily,
  hedgeFamily,
  negationFamily,
  degreeFamily,
  numberFamily,
  entityFamily,
  emojiFamily,
  punctuationFamily,
  letterFamily,
  functionWordFamily,
  posFamily,
  posBigramFamily,
  ...unavailableFamilies,
];

/** Every available feature, family by family. */
export const textFeatures: readonly TextFeature[] = textFamilies.flatMap((f) => f.features);

const byId = new Map(textFeatures.map((f) => [f.id, f]));
if (byId.size !== textFeatures.length) throw new Error('two text features share an id');

export function textFeature(id: string): TextFeature {
  const f = byId.get(id);
  if (!f) throw new StudioError('not-found', `no text feature "${id}"`, id);
  return f;
}

/** Features by id (a family id selects all of its features); all when `ids` is undefined. */
export function selectFeatures(ids?: readonly string[]): TextFeature[] {
  if (ids === undefined) return [...textFeatures];
  return ids.flatMap((id) => {
    const family = textFamilies.find((f) => f.id === id);
    return family ? family.features : [textFeature(id)];
  });
}

export const familyInfo = (f: TextFamily): TextFamilyInfo => ({
  id: f.id,
  title: f.title,
  description: f.description,
  unavailable: f.unavailable ?? null,
  gram2vec: f.gram2vec ?? null,
  features: f.features.length,
});

export const featureInfo = (f: TextFeature): TextFeatureInfo => ({ id: f.id, family: f.family, description: f.description });

/**
 * What a corpus page shows by default: every feature but those of the Gram2Vec vocabularies
 * (one value per tag, tag pair, letter, mark or function word), of which only the overall rates.
 */
export const SUMMARY_FEATURES: readonly string[] = textFeatures
  .filter((f) => !['pos', 'pos2', 'letter', 'fw', 'punct'].includes(f.family) || f.id === 'fw.rate' || f.id === 'punct.per-100-chars' || f.id === 'letter.uppercase')
  .map((f) => f.id);
