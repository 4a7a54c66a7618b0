import type { RunEval } from '../../../shared/schemas/run';
import { SAELENS_FORMAT_VERSION } from '../checkpoint/metadata';

/**
 * A run's core metrics in SAEBench's output layout (sae_bench/evals/core/eval_output.py,
 * CoreEvalOutput with base_eval_output.py's envelope), written beside eval.json as
 * eval.saebench.json so SAEBench's graphing and comparison tools read studio runs. Metrics the
 * studio did not compute are null, never invented. Where the studio's value is defined
 * differently from SAEBench's as-coded one, the key holds the studio's value and
 * `eval_result_unstructured.definitions` says which (docs/formats.md).
 */
export const RUN_EVAL_SAEBENCH = 'eval.saebench.json';

type Extra = Partial<Record<'klDiv' | 'ceLossRecovered' | 'ceLossWithSae' | 'ceLossWithoutSae' | 'ceLossWithAblation' | 'klDivWithAblation' | 'l2Ratio' | 'relativeReconstructionBias' | 'freqOver1Percent' | 'explainedVarianceLegacy' | 'maxDecoderCosine' | 'maxEncoderCosine', number | null>>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function saebenchCoreOutput(runId: string, ev: RunEval, cfg: Record<string, unknown> | null): Record<string, unknown> {
  const x = ev as RunEval & Extra;
  const metadata = (cfg?.metadata as Record<string, unknown> | undefined) ?? {};
  const millis = Date.parse(ev.evaluatedAt);
  return {
    eval_type_id: 'core',
    eval_config: {
      model_name: metadata.model_name ?? null,
      llm_dtype: 'float32',
      batch_size_prompts: null,
      n_eval_reconstruction_batches: null,
      n_eval_sparsity_variance_batches: null,
      dataset: ev.datasetId,
      context_size: metadata.context_size ?? null,
      compute_kl: num(x.klDiv) !== null,
      compute_ce_loss: num(x.ceLossRecovered) !== null,
      compute_l2_norms: num(x.l2Ratio) !== null,
      compute_sparsity_metrics: true,
      compute_variance_metrics: true,
      compute_featurewise_density_statistics: false,
      compute_featurewise_weight_based_metrics: false,
      exclude_special_tokens_from_reconstruction: false,
      verbose: false,
    },
    eval_id: `${runId}-${Number.isFinite(millis) ? millis : 0}`,
    datetime_epoch_millis: Number.isFinite(millis) ? millis : 0,
    eval_result_metrics: {
      model_behavior_preservation: { kl_div_score: null, kl_div_with_ablation: num(x.klDivWithAblation), kl_div_with_sae: num(x.klDiv) },
      model_performance_preservation: { ce_loss_score: num(x.ceLossRecovered), ce_loss_with_ablation: num(x.ceLossWithAblation), ce_loss_with_sae: num(x.ceLossWithSae), ce_loss_without_sae: num(x.ceLossWithoutSae) },
      reconstruction_quality: { explained_variance: ev.explainedVariance, explained_variance_legacy: num(x.explainedVarianceLegacy), mse: ev.mse, cossim: ev.cossim },
      shrinkage: { l2_norm_in: null, l2_norm_out: null, l2_ratio: num(x.l2Ratio), relative_reconstruction_bias: num(x.relativeReconstructionBias) },
      sparsity: { l0: ev.l0, l1: ev.l1 },
      token_stats: { total_tokens_eval_reconstruction: ev.rows, total_tokens_eval_sparsity_variance: ev.rows },
      misc_metrics: {
        freq_over_1_percent: num(x.freqOver1Percent),
        freq_over_10_percent: ev.denseFraction,
        normalized_freq_over_1_percent: null,
        normalized_freq_over_10_percent: null,
        average_max_encoder_cosine_sim: num(x.maxEncoderCosine),
        average_max_decoder_cosine_sim: num(x.maxDecoderCosine),
        frac_alive: 1 - ev.deadFraction,
      },
    },
    eval_result_details: [],
    sae_bench_commit_hash: 'not run by SAEBench (written by Feature Studio)',
    sae_lens_id: null,
    sae_lens_release_id: null,
    sae_lens_version: SAELENS_FORMAT_VERSION,
    sae_cfg_dict: cfg,
    eval_result_unstructured: {
      source: 'feature-studio',
      fvu: ev.fvu,
      mmcs: ev.mmcs,
      definitions: {
        mse: 'per-element mean squared error Σ‖x − x̂‖²/(rows·d) on original-space x (SAEBench as coded divides by its batch size again)',
        explained_variance: '1 − Σ‖x − x̂‖² / Σ_d Σ_t (x_td − x̄_d)² over the validation split',
        freq_over_10_percent: 'share of features active on more than 10 % of rows',
      },
    },
  };
}
