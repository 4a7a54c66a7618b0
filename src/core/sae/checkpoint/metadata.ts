import type { DatasetMeta } from '../../../shared/schemas/dataset';

/**
 * SAELens v6 `cfg.json` `metadata` (sae_lens SAEMetadata; LLM_METADATA_KEYS in
 * sae_lens/loading/pretrained_sae_loaders.py). SAELens reads `metadata.sae_lens_version` to
 * choose its loading path: a version ≥ 6.0.0 takes the v6 path, none the pre-6 one
 * (`handle_config_defaulting`). The studio writes the v6 layout, so it records the first v6
 * version as the format's version.
 */
export const SAELENS_FORMAT_VERSION = '6.0.0';

/** The keys SAELens keeps in `metadata` for a language-model SAE. */
export const SAELENS_METADATA_KEYS = ['model_name', 'hook_name', 'context_size', 'dataset_path', 'hook_head_index', 'prepend_bos', 'model_class_name', 'neuronpedia_id'] as const;

/** Where the model-side names come from in a pre-6 cfg (flat keys, `hook_point` for the hook). */
const PRE6_NAMES: Record<string, string> = { hook_point: 'hook_name', hook_point_head_index: 'hook_head_index' };

/**
 * The metadata to write: what the cfg already holds in `metadata`, else its pre-6 flat keys
 * (an imported SAELens 3.x checkpoint), with the version fields always set.
 */
export function saeLensMetadata(cfg: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [from, to] of Object.entries(PRE6_NAMES)) if (cfg[from] !== undefined && cfg[from] !== null) out[to] = cfg[from];
  for (const key of SAELENS_METADATA_KEYS) if (cfg[key] !== undefined && cfg[key] !== null) out[key] = cfg[key];
  const given = (cfg.metadata as Record<string, unknown> | undefined) ?? {};
  Object.assign(out, given);
  // An SAE the studio writes follows the v6 layout whatever version its source came from.
  out.sae_lens_version = SAELENS_FORMAT_VERSION;
  out.sae_lens_training_version = given.sae_lens_training_version ?? cfg.sae_lens_training_version ?? null;
  return out;
}

/** TransformerLens hook names of the residual stream the studio's models extract. */
export function residualHook(layer: number): string {
  return layer < 0 ? 'blocks.0.hook_resid_pre' : `blocks.${layer}.hook_resid_post`;
}

/**
 * What a dataset says about the model side: the studio's own Othello/chess transcript models
 * (resid_post of a block), or an Arrow column named by its hook (SAELens's activation cache).
 */
export function datasetSaeMetadata(meta: DatasetMeta): Record<string, unknown> {
  const s = meta.source as Record<string, unknown>;
  const out: Record<string, unknown> = { dataset_path: `datasets/${meta.id}` };
  if (s.kind === 'othello-model' || s.kind === 'chess-model') {
    out.model_name = `feature-studio/${s.kind === 'othello-model' ? 'othello' : 'chess'}-gpt`;
    if (s.layer !== undefined) out.hook_name = residualHook(Number(s.layer));
    if (s.context !== undefined) out.context_size = Number(s.context);
    out.prepend_bos = false;
  } else if (s.kind === 'import' && s.format === 'arrow' && typeof s.tensor === 'string') {
    out.hook_name = s.tensor;
    if (typeof s.contextSize === 'number') out.context_size = s.contextSize;
  }
  return out;
}
