import type { Explanation } from '../../shared/schemas/explanations';
import type { FeatureExample, FeatureExplorer } from './explorer';
import { chessSquareName } from './board';

/**
 * A Neuronpedia-style feature export: the dashboard batch that SAEDashboard's
 * NeuronpediaRunner writes and Neuronpedia's upload reads (`batch-N.json`: {model_id, layer,
 * sae_set, sae_id_suffix, features: [NeuronpediaDashboardFeature.to_dict()]}, key names from
 * sae_dashboard/neuronpedia/neuronpedia_dashboard.py), plus the explanations in Neuronpedia's
 * explanation-export shape (what `import explanations` reads back).
 *
 * Per feature: `frac_nonzero`, the activation histogram (`freq_hist_data_bar_*`), and example
 * groups in `activations`: the top examples (bin_min −1, as SAEDashboard marks them) and then
 * one group per activation quantile interval of the firings (bin_min/bin_max the interval's
 * values, bin_contains its share of the firings), each example as tokens and per-token values.
 * Fields the studio has no source for (logit tables, neuron alignment, correlations) are empty.
 */
export interface NeuronpediaExportOptions {
  modelId: string;
  layer: number;
  saeSet: string;
  dataset: string;
  features?: readonly number[];
  topExamples?: number;
  /** quantile intervals of each feature's firing values */
  quantiles?: number;
  examplesPerQuantile?: number;
}

export interface NeuronpediaExport {
  batch: Record<string, unknown>;
  explanations: Record<string, unknown>[];
}

/** Tokens and values of one example: the token context when the dataset has one, else the move played (Othello/chess) or the row. */
function exampleTokens(e: FeatureExample): { tokens: string[]; values: number[]; qualifying_token_index: number } {
  if (e.tokens) return { tokens: e.tokens.tokens, values: e.tokens.activations.map((v) => v ?? 0), qualifying_token_index: e.tokens.at };
  const move = e.board?.move;
  const label = move !== null && move !== undefined ? chessSquareName(move) : `row ${e.row}`;
  return { tokens: [label], values: [e.activation], qualifying_token_index: 0 };
}

/** Positions of the q-quantiles (0 < q < 1) in values sorted strongest first. */
function quantileEdges(values: Float32Array, n: number): number[] {
  const asc = Float64Array.from(values).sort();
  return Array.from({ length: n + 1 }, (_, i) => (asc.length ? asc[Math.min(asc.length - 1, Math.floor((i / n) * (asc.length - 1)))] : 0));
}

export function neuronpediaExport(explorer: FeatureExplorer, explanations: Map<number, Explanation>, opts: NeuronpediaExportOptions): NeuronpediaExport {
  const top = opts.topExamples ?? 20;
  const nq = opts.quantiles ?? 10;
  const perBin = opts.examplesPerQuantile ?? 5;
  const features = opts.features ?? Array.from({ length: explorer.features }, (_, i) => i);
  const out = features.map((feature) => {
    const page = explorer.feature(feature, { examples: 1, nearest: 0 });
    const firing = explorer.firings(feature);
    const activations: Record<string, unknown>[] = [];
    for (let i = 0; i < Math.min(top, firing.rows.length); i++) {
      activations.push({ bin_min: -1, bin_max: page.maxActivation, bin_contains: -1, ...exampleTokens(explorer.example(feature, firing.rows[i], firing.values[i])) });
    }
    const edges = quantileEdges(firing.values, nq);
    for (let q = 0; q < nq && firing.rows.length; q++) {
      const [lo, hi] = [edges[q], edges[q + 1]];
      // firing.values is sorted strongest first: the interval [lo, hi] is a contiguous run of it.
      const inBin: number[] = [];
      for (let i = 0; i < firing.values.length; i++) if (firing.values[i] >= lo && (firing.values[i] < hi || (q === nq - 1 && firing.values[i] <= hi))) inBin.push(i);
      const step = Math.max(1, Math.floor(inBin.length / perBin));
      for (let k = 0; k < inBin.length && k / step < perBin; k += step) {
        const i = inBin[k];
        activations.push({ bin_min: lo, bin_max: hi, bin_contains: inBin.length / firing.values.length, ...exampleTokens(explorer.example(feature, firing.rows[i], firing.values[i])) });
      }
    }
    const centres = page.histogram.edges.slice(0, -1).map((e, i) => (e + page.histogram.edges[i + 1]) / 2);
    return {
      feature_index: feature,
      neuron_alignment_indices: [],
      neuron_alignment_values: [],
      neuron_alignment_l1: [],
      correlated_neurons_indices: [],
      correlated_neurons_l1: [],
      correlated_neurons_pearson: [],
      correlated_features_indices: [],
      correlated_features_l1: [],
      correlated_features_pearson: [],
      neg_str: [],
      neg_values: [],
      pos_str: [],
      pos_values: [],
      frac_nonzero: page.frequency,
      freq_hist_data_bar_values: centres,
      freq_hist_data_bar_heights: page.histogram.counts,
      logits_hist_data_bar_heights: [],
      logits_hist_data_bar_values: [],
      n_prompts_total: explorer.rows,
      n_tokens_in_prompt: 1,
      dataset: opts.dataset,
      decoder_weights_dist: [],
      activations,
      vector: [],
    };
  });
  const layerId = `${opts.layer}-${opts.saeSet}`;
  return {
    batch: { model_id: opts.modelId, layer: opts.layer, sae_set: opts.saeSet, sae_id_suffix: null, features: out },
    explanations: features
      .filter((f) => explanations.has(f))
      .map((f) => {
        const e = explanations.get(f)!;
        return { modelId: opts.modelId, layer: layerId, index: String(f), description: e.text, explanationModelName: e.method, typeName: 'feature-studio', score: e.score };
      }),
  };
}
