import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExplanationsImport } from './explanations';
import { listFeaturesReady } from './testing/listReady';
import { seedExplorerProject } from './testing/seedProject';
import { useTempStudio } from '../studio/testing';

const ctx = useTempStudio('fs-np-export-');

// The keys of SAEDashboard's NeuronpediaDashboardFeature.to_dict / NeuronpediaDashboardActivation.to_dict
// (jbloomAus/SAEDashboard, sae_dashboard/neuronpedia/neuronpedia_dashboard.py, commit db4839a).
const FEATURE_KEYS = ['feature_index', 'neuron_alignment_indices', 'neuron_alignment_values', 'neuron_alignment_l1', 'correlated_neurons_indices', 'correlated_neurons_l1', 'correlated_neurons_pearson', 'correlated_features_indices', 'correlated_features_l1', 'correlated_features_pearson', 'neg_str', 'neg_values', 'pos_str', 'pos_values', 'frac_nonzero', 'freq_hist_data_bar_values', 'freq_hist_data_bar_heights', 'logits_hist_data_bar_heights', 'logits_hist_data_bar_values', 'n_prompts_total', 'n_tokens_in_prompt', 'dataset', 'decoder_weights_dist', 'activations', 'vector'];
const ACTIVATION_KEYS = ['bin_min', 'bin_max', 'bin_contains', 'tokens', 'values', 'qualifying_token_index'];

describe('Neuronpedia-style feature export', () => {
  it('writes the dashboard batch with top and per-quantile examples, and explanations that import back', async () => {
    const dir = path.join(ctx.tmp, 'p.fstudio');
    const { runId } = await seedExplorerProject(dir, { games: 2, features: 16 });
    await ctx.studio.openProject({ dir });
    const { table } = await listFeaturesReady(ctx.studio, { projectDir: dir, runId });
    // The feature firing on most rows, so every part of its record has something in it.
    const f = table.frequency.indexOf(Math.max(...table.frequency));
    const csv = path.join(ctx.tmp, 'x.csv');
    await fs.writeFile(csv, `feature,text,score\n${f},corner stone,0.5\n`);
    await ctx.studio.importExplanations({ projectDir: dir, runId, path: csv });
    const out = await ctx.studio.exportFeatures({ projectDir: dir, runId, features: [f, (f + 1) % 16], topExamples: 4, quantiles: 4 });
    expect(out).toMatchObject({ features: 2, explanations: 1 });
    const batch = JSON.parse(await fs.readFile(path.join(out.dir, 'batch-0.json'), 'utf8'));
    expect(Object.keys(batch).sort()).toEqual(['features', 'layer', 'model_id', 'sae_id_suffix', 'sae_set']);
    const [f3] = batch.features;
    expect(Object.keys(f3).sort()).toEqual([...FEATURE_KEYS].sort());
    expect(f3.feature_index).toBe(f);
    expect(f3.frac_nonzero).toBeCloseTo(table.frequency[f], 12);
    const tops = f3.activations.filter((a: { bin_min: number }) => a.bin_min === -1);
    const bins = f3.activations.filter((a: { bin_min: number }) => a.bin_min !== -1);
    expect(Object.keys(f3.activations[0]).sort()).toEqual([...ACTIVATION_KEYS].sort());
    // The strongest example first, at the feature's maximum; the quantile groups cover the firings.
    expect(tops.length).toBeGreaterThan(0);
    expect(tops[0].values[tops[0].qualifying_token_index]).toBeCloseTo(table.maxActivation[f], 5);
    for (let i = 1; i < tops.length; i++) expect(tops[i].values[0]).toBeLessThanOrEqual(tops[i - 1].values[0]);
    const shares = new Map(bins.map((b: { bin_min: number; bin_contains: number }) => [b.bin_min, b.bin_contains]));
    expect([...shares.values()].reduce((a: number, b) => a + (b as number), 0)).toBeCloseTo(1, 9);
    for (const b of bins) expect(b.values[0]).toBeGreaterThanOrEqual(b.bin_min - 1e-6);
    expect(f3.freq_hist_data_bar_heights.reduce((a: number, b: number) => a + b, 0)).toBe(Math.round(table.frequency[f] * f3.n_prompts_total));

    const back = await readExplanationsImport(path.join(out.dir, 'explanations.json'), 16);
    expect(back).toEqual([{ feature: f, text: 'corner stone', score: null, method: 'neuronpedia:imported' }]);
  }, 60_000);
});
