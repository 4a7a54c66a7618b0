import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { ARCH_NAMES, type ArchName, issueField, parseArchConfig } from '../arch/registry';

/** One training run's settings; `archConfig` is checked against the architecture's own schema. */
export const TrainConfig = z.object({
  arch: z.enum(ARCH_NAMES as [ArchName, ...ArchName[]]),
  archConfig: z.record(z.string(), z.unknown()).default({}),
  width: z.number().int().positive().describe('dictionary width m'),
  batchSize: z.number().int().positive().default(1024),
  steps: z.number().int().positive().default(2000),
  lr: z.number().positive().default(3e-4),
  lrWarmupFraction: z.number().min(0).max(1).default(0.02).describe('linear LR warm-up over this share of training (ALGORITHMS.md §1)'),
  lrDecayFraction: z.number().min(0).max(1).default(0.2).describe('linear LR decay to 0 over the last share of training; 0 keeps it constant'),
  bDecInit: z.enum(['mean', 'geometric-median', 'zeros']).default('mean'),
  whitening: z.object({
    kind: z.enum(['pca', 'zca']),
    epsilon: z.number().positive().optional().describe('ε added to the covariance and again under the square root (default 1e-6, the reference PCAWhitener)'),
    epsilonScale: z.number().positive().optional().describe('ε as this share of the mean eigenvalue instead of an absolute value'),
    lossSpace: z.enum(['original', 'whitened']).default('original').describe('where the reconstruction loss and live fvu/mse are measured: the original space (the reference) or the whitened one the SAE reads'),
  }).strict().nullable().default(null),
  /** rows drawn to initialise b_dec and fit whitening */
  sampleRows: z.number().int().positive().default(50_000),
  seed: z.number().int().nonnegative().default(0),
  logEvery: z.number().int().positive().default(50),
  checkpointEvery: z.number().int().nonnegative().default(0).describe('save resume state every this many steps (0: at the end and on cancel only)'),
}).strict();
export type TrainConfig = z.infer<typeof TrainConfig>;

/** Parses a run config (arch fields defaulted too); a bad field is named. */
export function parseTrainConfig(raw: unknown): TrainConfig {
  const parsed = TrainConfig.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StudioError('bad-input', issue.message, `config.${issueField(issue)}`);
  }
  return { ...parsed.data, archConfig: parseArchConfig(parsed.data.arch, parsed.data.archConfig) };
}

/** LR at the 1-based step: linear warm-up, constant, then linear decay to 0 over the last share. */
export function learningRate(cfg: Pick<TrainConfig, 'lr' | 'steps' | 'lrWarmupFraction' | 'lrDecayFraction'>, step: number): number {
  const warm = Math.round(cfg.lrWarmupFraction * cfg.steps);
  const decay = Math.round(cfg.lrDecayFraction * cfg.steps);
  let scale = warm > 0 ? Math.min(step / warm, 1) : 1;
  if (decay > 0 && step > cfg.steps - decay) scale *= Math.max(0, (cfg.steps - step + 1) / decay);
  return cfg.lr * scale;
}
