import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunEval } from '../../../shared/schemas/run';
import { RUN_EVAL, writeRunEval } from './folder';
import { RUN_EVAL_SAEBENCH } from './saebench';

/*
 * SAEBench 0.6.0 (adamkarvonen/SAEBench, commit 8042bb3): the field names of CoreEvalOutput
 * (sae_bench/evals/core/eval_output.py), its metric categories, and the envelope of
 * BaseEvalOutput (sae_bench/evals/base_eval_output.py), copied here as the contract.
 */
const ENVELOPE = ['eval_type_id', 'eval_config', 'eval_id', 'datetime_epoch_millis', 'eval_result_metrics', 'eval_result_details', 'sae_bench_commit_hash', 'sae_lens_id', 'sae_lens_release_id', 'sae_lens_version', 'sae_cfg_dict', 'eval_result_unstructured'];
const CATEGORIES: Record<string, string[]> = {
  model_behavior_preservation: ['kl_div_score', 'kl_div_with_ablation', 'kl_div_with_sae'],
  model_performance_preservation: ['ce_loss_score', 'ce_loss_with_ablation', 'ce_loss_with_sae', 'ce_loss_without_sae'],
  reconstruction_quality: ['explained_variance', 'explained_variance_legacy', 'mse', 'cossim'],
  shrinkage: ['l2_norm_in', 'l2_norm_out', 'l2_ratio', 'relative_reconstruction_bias'],
  sparsity: ['l0', 'l1'],
  token_stats: ['total_tokens_eval_reconstruction', 'total_tokens_eval_sparsity_variance'],
  misc_metrics: ['freq_over_1_percent', 'freq_over_10_percent', 'normalized_freq_over_1_percent', 'normalized_freq_over_10_percent', 'average_max_encoder_cosine_sim', 'average_max_decoder_cosine_sim', 'frac_alive'],
};
const CONFIG = ['model_name', 'llm_dtype', 'batch_size_prompts', 'n_eval_reconstruction_batches', 'n_eval_sparsity_variance_batches', 'dataset', 'context_size', 'compute_kl', 'compute_ce_loss', 'compute_l2_norms', 'compute_sparsity_metrics', 'compute_variance_metrics', 'compute_featurewise_density_statistics', 'compute_featurewise_weight_based_metrics', 'exclude_special_tokens_from_reconstruction', 'verbose'];

describe('SAEBench-shaped eval JSON', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'saebench-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("is written beside eval.json with SAEBench's key names and nesting, the studio's values, and null for what was not computed", async () => {
    const run = path.join(dir, 'relu-1');
    await fs.mkdir(run);
    await fs.writeFile(path.join(run, 'cfg.json'), JSON.stringify({ d_in: 4, d_sae: 8, metadata: { model_name: 'feature-studio/othello-gpt', context_size: 59 } }));
    const ev: RunEval = { datasetId: 'acts', evaluatedAt: '2026-12-06T04:00:00.000Z', rows: 1000, l0: 12.5, l1: 40, mse: 0.02, explainedVariance: 0.9, fvu: 0.1, cossim: 0.95, deadFraction: 0.25, denseFraction: 0.125, densityHistogram: { edges: [], counts: [], dead: 2 }, mmcs: null };
    await writeRunEval(run, ev);
    expect((await fs.readdir(run)).sort()).toEqual(['cfg.json', RUN_EVAL, RUN_EVAL_SAEBENCH].sort());
    const out = JSON.parse(await fs.readFile(path.join(run, RUN_EVAL_SAEBENCH), 'utf8'));
    expect(Object.keys(out).sort()).toEqual([...ENVELOPE].sort());
    expect(Object.keys(out.eval_config).sort()).toEqual([...CONFIG].sort());
    expect(Object.keys(out.eval_result_metrics).sort()).toEqual(Object.keys(CATEGORIES).sort());
    for (const [cat, keys] of Object.entries(CATEGORIES)) expect(Object.keys(out.eval_result_metrics[cat]).sort(), cat).toEqual([...keys].sort());
    expect(out).toMatchObject({ eval_type_id: 'core', datetime_epoch_millis: Date.parse(ev.evaluatedAt), sae_lens_version: '6.0.0', eval_config: { model_name: 'feature-studio/othello-gpt', context_size: 59, dataset: 'acts', compute_kl: false } });
    expect(out.eval_result_metrics.sparsity).toEqual({ l0: 12.5, l1: 40 });
    expect(out.eval_result_metrics.reconstruction_quality).toEqual({ explained_variance: 0.9, explained_variance_legacy: null, mse: 0.02, cossim: 0.95 });
    expect(out.eval_result_metrics.misc_metrics).toMatchObject({ frac_alive: 0.75, freq_over_10_percent: 0.125 });
    expect(out.eval_result_metrics.model_performance_preservation.ce_loss_score).toBeNull();
    expect(out.sae_cfg_dict.d_sae).toBe(8);
  });
});
