import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../core/data/csv';
import { seedExplorerProject } from '../core/explorer/testing/seedProject';
import { pdfPageCount, pdfText } from '../core/reports/pdfTools';
import { Studio } from '../core/studio';
import { runCli } from './testing';

// The project: residual activations of a small transcript model over real WTHOR games
// (/work/shared/data/othello/SOURCES.md) with their board labels, a random TopK run on them,
// and a TopK SAE trained on them here.
let tmp: string;
let project: string;
let trained: string;
let seeded: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-cli-report-'));
  project = path.join(tmp, 'p.fstudio');
  // 24 games: the validation rows span three, enough for the held-out board metrics
  const seed = await seedExplorerProject(project, { games: 24, features: 24 });
  seeded = seed.runId;
  const studio = new Studio({ home: path.join(tmp, 'home') });
  try {
    await studio.openProject({ dir: project });
    const { jobId } = await studio.trainSae({ projectDir: project, datasetId: seed.datasetId, name: 'Tiny', configs: [{ arch: 'topk', width: 32, steps: 100, batchSize: 64, logEvery: 10, archConfig: { k: 4 } }] });
    expect((await studio.jobs.whenEnded(jobId)).state).toBe('done');
    trained = (await studio.listRuns({ projectDir: project })).find((r) => r.origin === 'trained')!.id;
  } finally {
    await studio.close();
  }
}, 120_000);
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli(args, { cwd: tmp, home: path.join(tmp, 'home') });
/** A report's text without the line that says when it was made. */
const textOf = async (pdf: string) => (await pdfText(pdf))?.replace(/Produced.*\n/, '') ?? null;

describe('feature-studio report', () => {
  it('writes the report the Reports screen exports, feature cards and their CSV included', { timeout: 120_000 }, async () => {
    const args = ['--runs', trained, '--sections', 'summary,pareto,coverage,runTable,featureCards', '--features', `${trained}:0,${trained}:3`, '--name', 'CLI study'];
    const out = await cli(['report', '--project', project, ...args, '--json']);
    expect(out.code, out.stderr).toBe(0);
    const files = JSON.parse(out.stdout);
    expect(files.reportId).toMatch(/^cli-study/);
    expect(files).toMatchObject({ runs: 1, cards: 2, sections: ['summary', 'pareto', 'coverage', 'runTable', 'featureCards'] });
    expect(files.pdf).toBe(path.join(await fs.realpath(project), 'reports', `${files.reportId}.pdf`));
    const [header, ...cards] = parseCsvRecords(await fs.readFile(files.cardsCsv, 'utf8'));
    expect(cards.map((r) => r[header.indexOf('feature')])).toEqual(['0', '3']);
    const [runHeader, ...runs] = parseCsvRecords(await fs.readFile(files.csv, 'utf8'));
    expect(runs.map((r) => r[runHeader.indexOf('run')])).toEqual(['Tiny']);

    // the app's export of the same request: the same pages and the same words
    const studio = new Studio({ home: path.join(tmp, 'home') });
    let app: { pdf: string };
    try {
      await studio.openProject({ dir: project });
      app = await studio.exportReport({ projectDir: project, runIds: [trained], sections: ['summary', 'pareto', 'coverage', 'runTable', 'featureCards'], features: [{ runId: trained, feature: 0 }, { runId: trained, feature: 3 }], title: 'CLI study' });
    } finally {
      await studio.close();
    }
    const pages = await pdfPageCount(files.pdf);
    if (pages === null) return; // poppler-utils is not installed: nothing reads the PDF back
    expect(await pdfPageCount(app.pdf)).toBe(pages);
    expect(pages).toBeGreaterThanOrEqual(3); // the sections, then one page per card
    expect(await textOf(files.pdf)).toBe(await textOf(app.pdf));
    expect(await textOf(files.pdf)).toContain('Tiny · feature 3');
  });

  it('defaults to every run, and with cards only to the summary page plus a page per card; prints the paths', { timeout: 120_000 }, async () => {
    const out = await cli(['report', '--project', project, '--sections', 'summary,featureCards', '--features', `${seeded}:1,${trained}:2`, '--name', 'Cards']);
    expect(out.code, out.stderr).toBe(0);
    const dir = path.join(await fs.realpath(project), 'reports');
    const id = /reports\/(cards[^/]*)\.pdf/.exec(out.stdout)![1];
    expect(out.stdout.trim().split('\n')).toEqual([`report: ${path.join(dir, `${id}.pdf`)}`, `table:  ${path.join(dir, `${id}.csv`)}`, `cards:  ${path.join(dir, `${id}-features.csv`)}`]);
    const [header, ...runs] = parseCsvRecords(await fs.readFile(path.join(dir, `${id}.csv`), 'utf8'));
    expect(runs.map((r) => r[header.indexOf('run')]).sort()).toEqual(['Tiny', 'TopK random']);
    // the seeded run was never trained, and is measured on the held-out rows like the trained one
    expect(Number(runs.find((r) => r[header.indexOf('run')] === 'TopK random')![header.indexOf('l0')])).toBeGreaterThan(0);
    const pages = await pdfPageCount(path.join(dir, `${id}.pdf`));
    if (pages !== null) expect(pages).toBe(3);
  });

  it('names the option at fault and writes nothing', { timeout: 120_000 }, async () => {
    const before = await fs.readdir(path.join(project, 'reports'));
    // The two refused before the project is opened run beside the two that open it (one at a time:
    // a second opener of the project would find it locked); each process spends seconds loading the studio.
    const opening = (async () => {
      const noRun = await cli(['report', '--project', project, '--runs', `${trained},gone`, '--sections', 'summary']);
      const wide = await cli(['report', '--project', project, '--runs', trained, '--features', `${trained}:32`]);
      return { noRun, wide };
    })();
    const [badRef, badSection, { noRun, wide }] = await Promise.all([
      cli(['report', '--project', project, '--features', 'x']),
      cli(['report', '--project', project, '--sections', 'summary,charts']),
      opening,
    ]);
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toMatch(/RUN:ID .* got "x" \(--features\)/);
    expect(badSection.code).toBe(2);
    expect(badSection.stderr).toMatch(/unknown section "charts".*\(--sections\)/);
    expect(noRun.code).toBe(1);
    // the runs the project does have are named, so the mistyped id can be put right
    expect(noRun.stderr).toMatch(new RegExp(`no run "gone" in this project \\(it has [^)]*\\b${seeded}\\b[^)]*\\) \\(--runs gone\\)`));
    expect(wide.code).toBe(2);
    expect(wide.stderr).toMatch(/feature 32 of run "Tiny": feature 32 is outside 0..31.*\(--features .*:32\)/);
    expect(await fs.readdir(path.join(project, 'reports'))).toEqual(before);
  });
});
