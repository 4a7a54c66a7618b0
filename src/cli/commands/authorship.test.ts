import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { C50_SAMPLE_FILE } from '../../core/models/authorship/samples';
import { Project } from '../../core/project/project';
import { Studio } from '../../core/studio';
import { authorshipSummary, authorshipTable } from './authorship';
import { runCli } from '../testing';

let tmp: string;
let texts: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-authorship-cli-'));
  // 9 authors × 4 texts of the shipped C50 sample (resources/authorship, CC BY 4.0), cut to 500 characters to stay fast
  const rows = gunzipSync(await fs.readFile(C50_SAMPLE_FILE)).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; author: string; text: string });
  const authors = [...new Set(rows.map((r) => r.author))].slice(0, 9);
  const kept = authors.flatMap((a) => rows.filter((r) => r.author === a).slice(0, 4)).map((r) => ({ ...r, text: r.text.slice(0, 500) }));
  texts = path.join(tmp, 'texts.jsonl');
  await fs.writeFile(texts, kept.map((r) => JSON.stringify(r)).join('\n') + '\n');
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

const place = () => ({ cwd: tmp, home: path.join(tmp, 'home') });
const newProject = async (name: string) => {
  const dir = path.join(tmp, name);
  await (await Project.create(dir, name)).close();
  return dir;
};

describe('feature-studio authorship', () => {
  it('trains from a texts file, prints the three systems and the faithfulness figures, then explains a pair; eval and report read the saved model', { timeout: 120_000 }, async () => {
    const project = await newProject('a.fstudio');
    const train = await runCli(['authorship', 'train', '--project', project, '--texts', texts, '--train-pairs', '40', '--epochs', '2', '--json'], place());
    expect(train.code, train.stderr).toBe(0);
    const out = JSON.parse(train.stdout);
    expect(Object.keys(out.models)).toEqual(['interpretable', 'residualized', 'neuralOnly']);
    for (const m of Object.values(out.models) as Record<string, number>[]) {
      expect(Object.keys(m).sort()).toEqual(['accuracy', 'auc', 'brier', 'c1', 'f05u', 'f1Different', 'f1Same', 'panMean'].sort());
      // every PAN-suite figure is a share or a score in [0, 1] (their formulas are checked by hand in pan-metrics.test.ts)
      for (const v of Object.values(m)) expect(v >= 0 && v <= 1, String(v)).toBe(true);
    }
    expect(out.faithfulness.meanIC).toBeGreaterThan(0);
    expect(out.faithfulness.meanIC).toBeLessThanOrEqual(1);
    expect(out.faithfulness.flipShare >= 0 && out.faithfulness.flipShare <= 1).toBe(true);
    expect(out.seconds).toBeGreaterThan(0);

    const ids = (await fs.readFile(texts, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l).id as string);
    const explained = await runCli(['authorship', 'explain', '--project', project, '--pair', `${ids[0]},${ids[1]}`, '--json'], place());
    expect(explained.code, explained.stderr).toBe(0);
    const view = JSON.parse(explained.stdout);
    expect(view.same).toBe(1);
    expect(view.score).toBeCloseTo(view.sI + view.rHat, 9);
    // the listed contributions and the rest add up to s_I, and each listed feature has evidence in both texts' keys
    expect(view.contributions.reduce((s: number, c: { value: number }) => s + c.value, 0) + view.rest).toBeCloseTo(view.sI, 9);
    expect(Object.keys(view.evidence)).toEqual(view.contributions.map((c: { feature: string }) => c.feature));

    // eval and report through the same StudioApi the CLI calls (one process start fewer each)
    const studio = new Studio({ home: path.join(tmp, 'home') });
    try {
      await studio.openProject({ dir: project });
      const detail = await studio.getAuthorshipModel({ projectDir: project, modelId: out.model });
      expect(authorshipSummary(detail).models).toEqual(out.models);
      // the table people read: every heading and every value stands apart from its neighbours
      const [, head, ...rows] = authorshipTable(detail).split('\n');
      expect(head.split(/ {2,}/)).toEqual(['system', 'accuracy', 'AUC', 'F1 same', 'F1 different', 'c@1', 'F0.5u', 'Brier', 'PAN mean']);
      for (const row of rows.slice(0, 3)) expect(row.split(/ {2,}/)).toHaveLength(9);
      const files = await studio.exportAuthorshipReport({ projectDir: project, modelId: out.model });
      expect((await fs.stat(files.pdf)).size).toBeGreaterThan(1000);
      const csv = await fs.readFile(files.csv, 'utf8');
      expect(csv.split('\n')[0]).toBe('model,metric,value,low,high,split');
      expect(csv).toContain('residualized,flipShare,');
    } finally {
      await studio.close();
    }
  });
});
