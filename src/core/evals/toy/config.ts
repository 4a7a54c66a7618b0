import { StudioError } from '../../../shared/errors';

/**
 * Toy benchmark data (ALGORITHMS.md §3 "Toy recovery"): x = Σ_j c_j g_j with known unit
 * directions g_j in superposition (nFeatures > d) and sparse codes c.
 */
export type MagnitudeDistribution =
  | { kind: 'constant'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  /** |N(0, σ²)| scaled so its mean is `mean` */
  | { kind: 'halfnormal'; mean: number }
  | { kind: 'exponential'; mean: number };

export interface ToyConfig {
  d: number;
  nFeatures: number;
  /** probability that a feature fires on a row: one value for all, or one per feature */
  firingProb: number | readonly number[];
  magnitude: MagnitudeDistribution;
  /**
   * Correlated firing (Gaussian copula): consecutive free features form groups of
   * `groupSize` whose latent normals share a factor with correlation `rho` ∈ [0, 1); each
   * feature keeps its own firing probability.
   */
  correlation?: { groupSize: number; rho: number };
  /**
   * Parent/child features for absorption tests (Chanin et al.): the first `parents` features
   * are parents, each followed by `childrenPerParent` children that fire only with their
   * parent: each with probability `childProb` given the parent, or, when `exclusive`,
   * exactly one child (uniformly) with probability `childProb`.
   */
  hierarchy?: { parents: number; childrenPerParent: number; childProb: number; exclusive?: boolean };
  rows: number;
  seed: number;
}

/**
 * The default toy every SAE architecture must recover (MMCS ≥ 0.9): 64 features in 32
 * dimensions, about 2.6 active per row, magnitudes uniform in [0.5, 1.5].
 */
export const DEFAULT_TOY: ToyConfig = {
  d: 32,
  nFeatures: 64,
  firingProb: 0.04,
  magnitude: { kind: 'uniform', min: 0.5, max: 1.5 },
  rows: 16384,
  seed: 0,
};

export function validateToyConfig(c: ToyConfig): void {
  const bad = (field: string, msg: string) => new StudioError('bad-input', msg, `toy.${field}`);
  for (const key of ['d', 'nFeatures', 'rows'] as const) {
    if (!Number.isInteger(c[key]) || c[key] <= 0) throw bad(key, `${key} must be a positive integer, got ${c[key]}`);
  }
  const probs = typeof c.firingProb === 'number' ? [c.firingProb] : c.firingProb;
  if (typeof c.firingProb !== 'number' && probs.length !== c.nFeatures) throw bad('firingProb', `needs ${c.nFeatures} probabilities, got ${probs.length}`);
  if (probs.some((p) => !(p >= 0 && p <= 1))) throw bad('firingProb', 'probabilities must lie in [0, 1]');
  const mag = c.magnitude;
  if (mag.kind === 'uniform' && !(mag.min >= 0 && mag.max >= mag.min)) throw bad('magnitude', 'uniform needs 0 ≤ min ≤ max');
  if ((mag.kind === 'halfnormal' || mag.kind === 'exponential') && !(mag.mean > 0)) throw bad('magnitude', 'mean must be positive');
  if (c.correlation && !(Number.isInteger(c.correlation.groupSize) && c.correlation.groupSize >= 1 && c.correlation.rho >= 0 && c.correlation.rho < 1)) {
    throw bad('correlation', 'needs an integer groupSize ≥ 1 and 0 ≤ rho < 1');
  }
  const h = c.hierarchy;
  if (h) {
    if (!(Number.isInteger(h.parents) && h.parents >= 1 && Number.isInteger(h.childrenPerParent) && h.childrenPerParent >= 1)) throw bad('hierarchy', 'needs integer parents and childrenPerParent ≥ 1');
    if (h.parents * (1 + h.childrenPerParent) > c.nFeatures) throw bad('hierarchy', `${h.parents} parents with ${h.childrenPerParent} children need more than ${c.nFeatures} features`);
    if (!(h.childProb >= 0 && h.childProb <= 1)) throw bad('hierarchy', 'childProb must lie in [0, 1]');
  }
}
