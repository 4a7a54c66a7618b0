import type { DatasetMeta } from '../../../shared/schemas/dataset';
import type { ActivationStore } from '../../data/store';
import { datasetSaeMetadata } from '../checkpoint/metadata';
import type { Sae } from '../checkpoint/sae';
import { evaluateSae } from '../metrics/evaluate';

/**
 * Does this SAE belong on this dataset? Peers' users lose days to silent mismatches: an SAE
 * trained on another layer or hook, or expecting normalised inputs, still "runs" and yields
 * nonsense. Checked when an SAE meets a dataset (evaluation, the explorer, `checkRunDataset`):
 *
 * * `d_in`: the widths differ (nothing else can be computed);
 * * `hook`: the SAE's recorded hook name (cfg.json metadata, or pre-6 `hook_name`/`hook_point`)
 *   differs from the dataset's (the studio model's residual hook, or a SAELens cache's column);
 * * `normalisation`: the SAE was trained with a per-token normalisation the studio folds or
 *   refuses, so raw activations reach it at another scale;
 * * `fvu`: on a sample of rows the SAE explains less variance than the mean does (FVU > 1).
 */
export interface MismatchWarning {
  kind: 'd_in' | 'hook' | 'normalisation' | 'fvu';
  message: string;
}

export interface MismatchReport {
  warnings: MismatchWarning[];
  /** FVU on the sample (null when the widths differ) */
  fvu: number | null;
  sampleRows: number;
  saeHook: string | null;
  datasetHook: string | null;
}

/** Rows evaluated for the FVU check: enough for a stable estimate, small enough to be quick. */
export const MISMATCH_SAMPLE_ROWS = 2048;

export function saeHookName(cfg: Record<string, unknown>): string | null {
  const meta = (cfg.metadata as Record<string, unknown> | undefined) ?? {};
  const hook = meta.hook_name ?? cfg.hook_name ?? cfg.hook_point;
  return typeof hook === 'string' && hook ? hook : null;
}

/** The checks that need no rows: widths, hooks, normalisation. */
export function staticMismatches(sae: Sae, meta: DatasetMeta): { warnings: MismatchWarning[]; saeHook: string | null; datasetHook: string | null } {
  const warnings: MismatchWarning[] = [];
  if (sae.dIn !== meta.dims) warnings.push({ kind: 'd_in', message: `the SAE reads ${sae.dIn} dims but dataset "${meta.id}" has ${meta.dims}` });
  const saeHook = saeHookName(sae.cfg);
  const dh = datasetSaeMetadata(meta).hook_name;
  const datasetHook = typeof dh === 'string' ? dh : null;
  if (saeHook && datasetHook && saeHook !== datasetHook) {
    warnings.push({ kind: 'hook', message: `the SAE was trained on ${saeHook} but dataset "${meta.id}" holds ${datasetHook}` });
  }
  const norm = sae.cfg.normalize_activations;
  if (typeof norm === 'string' && norm !== 'none' && norm !== 'expected_average_only_in') {
    warnings.push({ kind: 'normalisation', message: `the SAE expects inputs normalised by "${norm}", which raw activations are not` });
  }
  return { warnings, saeHook, datasetHook };
}

export async function checkSaeOnDataset(sae: Sae, store: ActivationStore, sampleRows = MISMATCH_SAMPLE_ROWS): Promise<MismatchReport> {
  const { warnings, saeHook, datasetHook } = staticMismatches(sae, store.meta);
  if (warnings.some((w) => w.kind === 'd_in')) return { warnings, fvu: null, sampleRows: 0, saeHook, datasetHook };
  const rows = Math.min(sampleRows, store.rows);
  const x = await store.readRows(0, rows);
  const m = await evaluateSae(sae, (async function* () {
    for (let r = 0; r < rows; r += 1024) yield x.subarray(r * sae.dIn, Math.min(rows, r + 1024) * sae.dIn);
  })());
  if (m.fvu > 1) warnings.push({ kind: 'fvu', message: `on ${rows} rows the SAE's FVU is ${m.fvu.toFixed(3)}: it reconstructs worse than the mean activation, so it probably does not belong to this data` });
  return { warnings, fvu: m.fvu, sampleRows: rows, saeHook, datasetHook };
}
