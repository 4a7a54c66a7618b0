import type { Doc } from '../nlp/analyse';
import { selectFeatures } from './registry';
import type { TextFeature } from './types';

export interface FeatureMatrix {
  /** feature ids, one per column */
  ids: string[];
  rows: number;
  cols: number;
  /** row-major values: row r, feature c at r · cols + c */
  values: Float64Array;
}

/**
 * The values of the chosen features (all by default; a family id selects its features) for
 * each doc, as one matrix: what models over interpretable features read.
 */
export function featurise(docs: readonly Doc[], ids?: readonly string[]): FeatureMatrix {
  const features: TextFeature[] = selectFeatures(ids);
  const cols = features.length;
  const values = new Float64Array(docs.length * cols);
  docs.forEach((doc, r) => {
    for (let c = 0; c < cols; c++) values[r * cols + c] = features[c].compute(doc);
  });
  return { ids: features.map((f) => f.id), rows: docs.length, cols, values };
}
