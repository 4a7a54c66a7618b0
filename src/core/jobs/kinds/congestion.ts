import path from 'node:path';
import { z } from 'zod';
import { commitImportedLayouts, importLayouts } from '../../models/congestion/layouts';
import { CONGESTION_REPORT_ID, listCongestionReport, writeCongestionReport } from '../../models/congestion/report';
import { commitCongestionFiles, readSearch, searchProject, summarise, trainProject } from '../../models/congestion/workspace';
import { compareRudy, n28DemoPairs, readRudyCheck, rudyFile } from '../../models/congestion/rudy-check';
import { writeJsonAtomic } from '../../io/atomic';
import { defineJobKind } from '../kind';
import { promises as fs } from 'node:fs';

/**
 * The congestion workspace's long steps as jobs (issue 23): each writes into its work folder
 * (laid out like a project) and `commit` moves the files into `<project>/congestion/`.
 */
export const congestionImportKind = defineJobKind({
  kind: 'congestion-import',
  doc: 'Import a folder of CircuitNet-style layout maps (manifest.csv + .npy) into the congestion workspace.',
  params: z.object({ source: z.string().min(1) }).strict(),
  result: z.object({ layouts: z.number().int(), designs: z.number().int() }),
  pathParams: ['source'],
  title: (p) => `Import layouts from ${path.basename(p.source)}`,
  async run(ctx) {
    const set = await importLayouts(ctx.params.source, ctx.workDir, (done, total) => {
      ctx.throwIfCancelled();
      ctx.progress(done, total, { unit: 'layouts' });
    });
    return { layouts: set.layouts.length, designs: new Set(set.layouts.map((l) => l.design)).size };
  },
  async commit({ project, workDir }) {
    project.assertWritable();
    await commitImportedLayouts(workDir, project.dir);
  },
});

export const congestionSearchKind = defineJobKind({
  kind: 'congestion-search',
  doc: 'Genetic search for interpretable layout features (fitness: random-forest importance, leave-one-design-out).',
  params: z.object({ generations: z.number().int().min(0).max(200).default(10), seed: z.number().int().default(1), trees: z.number().int().min(1).max(1000).default(200) }).strict(),
  result: z.object({ poolScore: z.array(z.number()), pool: z.number().int() }),
  title: (p) => `Feature search (${p.generations} generations)`,
  async run(ctx) {
    const r = await searchProject(ctx.projectDir, {
      generations: ctx.params.generations,
      seed: ctx.params.seed,
      forest: { trees: ctx.params.trees },
      signal: ctx.signal,
      onGeneration: (g, done, total) => ctx.progress(done, total, { unit: 'generations', metrics: { poolScore: g.poolScore } }),
    }, ctx.workDir);
    return { poolScore: r.history.map((h) => h.poolScore), pool: r.pool.length };
  },
  async commit({ project, workDir }) {
    project.assertWritable();
    await commitCongestionFiles(workDir, project.dir, ['search.json']);
  },
});

export const congestionTrainKind = defineJobKind({
  kind: 'congestion-train',
  doc: 'Train the gated preference model (preferred = less congested) and score it on held-out designs against baselines.',
  params: z.object({ steps: z.number().int().min(1).max(100_000).default(400), pooled: z.boolean().default(false), seed: z.number().int().default(1) }).strict(),
  result: z.object({ test: z.record(z.string(), z.number().nullable()), seconds: z.number() }),
  title: () => 'Preference model on held-out designs',
  async run(ctx) {
    const { metrics } = await trainProject(ctx.projectDir, {
      steps: ctx.params.steps,
      pooled: ctx.params.pooled,
      seed: ctx.params.seed,
      onFold: (f, total) => {
        ctx.throwIfCancelled();
        ctx.progress(f, total, { unit: 'folds' });
      },
    }, ctx.workDir);
    await writeCongestionReport(ctx.workDir, { search: await readSearch(ctx.projectDir), metrics, rudy: await readRudyCheck(ctx.projectDir) });
    const s = summarise(metrics);
    return { test: s.test, seconds: s.seconds };
  },
  async commit({ project, workDir }) {
    project.assertWritable();
    await commitCongestionFiles(workDir, project.dir, ['model.json', 'metrics.json']);
    await fs.mkdir(path.join(project.dir, 'reports'), { recursive: true });
    for (const ext of ['pdf', 'csv']) await fs.rename(path.join(workDir, 'reports', `${CONGESTION_REPORT_ID}.${ext}`), path.join(project.dir, 'reports', `${CONGESTION_REPORT_ID}.${ext}`));
    await listCongestionReport(project);
  },
});

export const congestionRudyKind = defineJobKind({
  kind: 'congestion-rudy',
  doc: "RUDY and pin RUDY computed from the N28 demo net lists, correlated with CircuitNet's maps (../shared/data/congestion).",
  params: z.object({ pinModel: z.enum(['box', 'center']).default('box') }).strict(),
  result: z.object({ pearson: z.array(z.number()) }),
  title: () => 'RUDY against CircuitNet',
  async run(ctx) {
    const pairs = n28DemoPairs();
    const results = [];
    for (const [i, pair] of pairs.entries()) {
      ctx.progress(i, pairs.length, { unit: 'layouts' });
      results.push(await compareRudy(pair, ctx.params.pinModel));
      ctx.throwIfCancelled();
    }
    ctx.progress(pairs.length, pairs.length, { unit: 'layouts' });
    await writeJsonAtomic(rudyFile(ctx.workDir), results);
    return { pearson: results.map((r) => r.pearson) };
  },
  async commit({ project, workDir }) {
    project.assertWritable();
    await commitCongestionFiles(workDir, project.dir, ['rudy.json']);
  },
});
