import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExplanationsFile } from '../../shared/schemas/explanations';
import { WTHOR_SAMPLE } from '../explorer/testing/seedProject';
import { extractOthelloActivations } from '../games/lm/extract';
import { bestProbeLayer, loadModelDir, OTHELLO_MODEL_DIR } from '../games/lm/shipped';
import { importOthelloCsv } from '../games/othello';
import { datasetDir } from '../project/layout';
import { Project } from '../project/project';
import { saveSaeLens } from '../sae/checkpoint/saelens';
import { randomSae } from '../sae/checkpoint/testSae';
import { runDir, writeRunInfo } from '../sae/run/folder';
import { expectJobDone, useTempStudio } from '../studio/testing';

/**
 * A project with the shipped Othello model's activations of real WTHOR games
 * (../shared/data/othello/wthor_sample_5000.csv, see its SOURCES.md) and a random TopK SAE on them.
 */
async function seed(dir: string) {
  const project = await Project.create(dir, 'Explain');
  const text = (await fs.readFile(WTHOR_SAMPLE, 'utf8')).split('\n').slice(0, 9).join('\n');
  const { games } = importOthelloCsv(text, 'wthor');
  const { model, info } = await loadModelDir(OTHELLO_MODEL_DIR);
  const layer = bestProbeLayer(model, info.metrics);
  const meta = await extractOthelloActivations({ model, games, layer, datasetDir: datasetDir(project.dir, 'othello'), id: 'othello', threads: 1 });
  const d = model.config.gpt.d;
  const sae = randomSae('topk', d, 48, 3);
  sae.k = 6;
  await saveSaeLens(runDir(project.dir, 'sae'), sae);
  const now = new Date().toISOString();
  await writeRunInfo(runDir(project.dir, 'sae'), { id: 'sae', name: 'TopK random', createdAt: now, origin: 'imported', datasetId: 'othello', arch: 'topk', saved: 'topk', dIn: d, dSae: 48, steps: 0, config: null, final: null, evaluated: false });
  await project.update((m) => {
    m.datasets.push({ id: 'othello', name: meta.name, createdAt: now });
    m.runs.push({ id: 'sae', name: 'TopK random', createdAt: now });
  });
  await project.close();
  return project.dir;
}

describe('explaining a run', () => {
  const ctx = useTempStudio('explain-');

  it('the explain-features job writes each feature log and joins explanations.json with method and scores', async () => {
    const dir = await seed(path.join(ctx.tmp, 'p.fstudio'));
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
});
