import { Rng } from '../../io/rng';
import type { PreferencePair } from './pairs';

/**
 * Preference pairs with a planted preference, for tests: chosen responses' states carry +u along
 * a direction u, rejected ones −u, under unit noise; response lengths are random (no signal).
 * Prompts repeat in twos, categories alternate.
 */
export function plantedPairs(P: number, d: number, seed = 11): { pairs: PreferencePair[]; last: Float32Array } {
  const rng = new Rng(seed);
  const last = new Float32Array(P * 2 * d);
  for (let p = 0; p < P; p++) {
    for (let side = 0; side < 2; side++) {
      for (let j = 0; j < d; j++) last[(p * 2 + side) * d + j] = rng.normal() + (j % 3 === 0 ? (side === 0 ? 1.5 : -1.5) : 0);
    }
  }
  const pairs: PreferencePair[] = Array.from({ length: P }, (_, p) => ({
    id: String(p),
    prompt: `prompt ${Math.floor(p / 2)}`,
    chosen: 'x'.repeat(1 + rng.int(50)),
    rejected: 'y'.repeat(1 + rng.int(50)),
    category: p % 2 ? 'odd' : 'even',
  }));
  return { pairs, last };
}
