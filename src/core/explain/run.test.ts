import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExplanationsFile } from '../../shared/schemas/explanations';
import { runDir } from '../sae/run/folder';
import type { TextCausalResult } from '../../shared/schemas/explain';
import { seedExplainProject } from './testing/seedExplainProject';
import { seedExplainTextProject } from './testing/seedExplainTextProject';
import { expectJobDone, useTempStudio } from '../studio/testing';
import { explainRun } from './run';

describe('explaining a run', () => {
  const ctx = useTempStudio('explain-');

  it('the explain-features job writes each feature log and joins explanations.json with method and scores', async () => {
    const dir = await seedExplainProject(path.join(ctx.tmp, 'p.fstudio'));
    await ctx.studio.openProject({ dir });
    const { jobId } = await ctx.studio.explainFeatures({ projectDir: dir, runId: 'sae', top: 2, causal: true });
    const end = await expectJobDone(ctx.studio, jobId);
    const result = end.result as { features: { feature: number; explanation: string; causal: unknown }[]; summary: { explainer: Record<string, number>; baseline: Record<string, number> } };
    expect(result.features).toHaveLength(2);
    expect(Object.keys(result.summary.explainer).sort()).toEqual(['detection', 'fuzzing', 'generative', 'predictive']);
    const file = ExplanationsFile.parse(JSON.parse(await fs.readFile(path.join(runDir(dir, 'sae'), 'explanations.json'), 'utf8')));
    expect(file.explanations.map((e) => e.method)).toEqual(['sage-offline', 'sage-offline']);
    expect(file.explanations[0].scores).toHaveProperty('generative');
    const f = result.features[0].feature;
    const log = await ctx.studio.getFeatureExplanation({ projectDir: dir, runId: 'sae', feature: f });
    expect(log?.explanation).toBe(result.features[0].explanation);
    expect(log!.log.hypotheses.length).toBeGreaterThanOrEqual(4);
    expect(log!.log.hypotheses.some((h) => h.control)).toBe(true);
    expect(log!.log.hypotheses.flatMap((h) => h.tests).length).toBeGreaterThanOrEqual(8);
    expect(log!.causal).not.toBeNull();
    expect(await ctx.studio.getFeatureExplanation({ projectDir: dir, runId: 'sae', feature: 47 === f ? 46 : 47 })).toBeNull();
  }, 120_000);

  it('reports a running feature\'s progress as it goes, so one feature has a moving bar and an ETA', async () => {
    const dir = await seedExplainProject(path.join(ctx.tmp, 'one.fstudio'));
    const seen: number[] = [];
    await explainRun({ projectDir: dir, runId: 'sae', features: [3], causal: false, outDir: path.join(ctx.tmp, 'one-out'), onProgress: (done) => seen.push(done) });
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
    // the SAGE rounds and the scoring in between, never going back
    expect(seen.filter((d) => d > 0 && d < 1).length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
  }, 60_000);
});

describe('explaining a text run', () => {
  const ctx = useTempStudio('explain-text-');

  it('runs causal tests on the text model and draws test inputs from its samples', async () => {
    const dir = await seedExplainTextProject(path.join(ctx.tmp, 't.fstudio'));
    await ctx.studio.openProject({ dir });
    const { jobId } = await ctx.studio.explainFeatures({ projectDir: dir, runId: 'sae', top: 1, causal: true });
    const end = await expectJobDone(ctx.studio, jobId);
    const f = (end.result as { features: { feature: number }[] }).features[0].feature;
    const log = (await ctx.studio.getFeatureExplanation({ projectDir: dir, runId: 'sae', feature: f }))!;
    const causal = log.causal as TextCausalResult;
    expect(causal.kind).toBe('text');
    // the unedited residual (reconstruction + error) gives the clean prediction
    expect(causal.identity).toBeLessThan(1e-3);
    expect(causal.ablate.kl.positions).toBeGreaterThan(0);
    const inputs = log.log.hypotheses.flatMap((h) => h.tests.flatMap((t) => t.inputs));
    expect(inputs.some((i) => i.source === 'model sample')).toBe(true);
  }, 120_000);
});
