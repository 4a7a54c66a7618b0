import { StudioError } from '../../shared/errors';

/**
 * The features whose decoder directions are closest to `feature`'s by cosine similarity
 * (W_dec rows, [dSae, dIn] as SAELens stores them): near-duplicates and split features show
 * up here (Bricken et al. 2023, "feature splitting").
 */
export function nearestByDecoder(wDecMD: Float32Array, m: number, d: number, feature: number, count: number): { feature: number; cosine: number }[] {
  if (!Number.isInteger(feature) || feature < 0 || feature >= m) throw new StudioError('bad-input', `feature ${feature} is outside 0..${m - 1}`, 'feature');
  const norms = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += wDecMD[i * d + j] ** 2;
    norms[i] = Math.sqrt(s);
  }
  const cos: { feature: number; cosine: number }[] = [];
  const base = feature * d;
  for (let i = 0; i < m; i++) {
    if (i === feature) continue;
    let dot = 0;
    for (let j = 0; j < d; j++) dot += wDecMD[base + j] * wDecMD[i * d + j];
    const denom = norms[feature] * norms[i];
    cos.push({ feature: i, cosine: denom > 0 ? dot / denom : 0 });
  }
  return cos.sort((a, b) => b.cosine - a.cosine || a.feature - b.feature).slice(0, count);
}
