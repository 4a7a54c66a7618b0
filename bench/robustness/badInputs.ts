import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StudioError, type StudioErrorJson } from '../../src/shared/errors';
import { importMatrix } from '../../src/core/data/import';
import { Studio } from '../../src/core/studio';
import { saveSaeLens } from '../../src/core/sae/checkpoint/saelens';
import { randomSae } from '../../src/core/sae/checkpoint/testSae';
import { type BadCase, makeCases } from './cases';

export interface BadInputFigures {
  tried: number;
  /** refused with a StudioError that is not `internal` and names where (file, row, field) */
  namedErrors: number;
  /** `internal` errors, errors naming nothing, or a job process that died */
  crashes: number;
  /** no answer within the hang limit */
  hangs: number;
  /** a refused input that left the project different from before */
  projectChanged: number;
  /** inputs the studio took (a generated case that happens to be valid) */
  accepted: number;
  failures: { name: string; outcome: string; detail: string }[];
}

type Outcome = { kind: 'named' | 'crash' | 'hang' | 'accepted'; detail: string };

/** Every file and folder of the project with its size, and the manifest's text. */
export async function projectSnapshot(dir: string): Promise<string> {
  const names = (await fs.readdir(dir, { recursive: true })).filter((n) => !n.endsWith('.studio.lock') && !n.startsWith('.tmp')).sort();
  const sizes = await Promise.all(names.map((n) => fs.lstat(path.join(dir, n)).then((s) => (s.isDirectory() ? 'd' : s.size), () => '?')));
  return JSON.stringify([names.map((n, i) => `${n}:${sizes[i]}`), await fs.readFile(path.join(dir, 'studio.json'), 'utf8')]);
}

function classify(err: unknown): Outcome {
  const json: StudioErrorJson | null = err instanceof StudioError ? err.toJSON() : StudioError.isJson(err) ? err : null;
  if (!json) return { kind: 'crash', detail: String((err as Error)?.stack ?? err) };
  const detail = `${json.code}: ${json.message} (${json.where ?? 'nowhere'})`;
  if (json.code === 'internal' || !json.where || /job process .* before finishing/.test(json.message)) return { kind: 'crash', detail };
  return { kind: 'named', detail };
}

async function within<T>(ms: number, work: () => Promise<T>): Promise<{ value?: T; error?: unknown; hung?: true }> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<{ hung: true }>((resolve) => (timer = setTimeout(() => resolve({ hung: true }), ms)));
  try {
    return await Promise.race([work().then((value) => ({ value }), (error: unknown) => ({ error })), hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Tries one case at its door: inspect then import for datasets, import for the others. */
async function tryCase(studio: Studio, projectDir: string, runId: string, c: BadCase, hangMs: number, viaJobs: boolean): Promise<Outcome> {
  const steps: (() => Promise<unknown>)[] = [];
  if (c.door === 'dataset') {
    steps.push(() => studio.inspectImportFile({ path: c.path }));
    // In-process, the import writes straight into the project's datasets/ (no job process to
    // start, which costs seconds each): a refusal that left a folder there is still seen.
    if (!viaJobs) steps.push(() => importMatrix({ source: c.path, datasetDir: path.join(projectDir, 'datasets', `probe-${c.name.replace(/[^a-z0-9]+/gi, '-')}`), id: 'probe', name: 'probe' }));
    else steps.push(async () => {
      const { jobId } = await studio.importDataset({ projectDir, path: c.path });
      const end = await studio.jobs.whenEnded(jobId);
      if (end.error) throw end.error;
      return end;
    });
  } else if (c.door === 'explanations') steps.push(() => studio.importExplanations({ projectDir, runId, path: c.path }));
  else steps.push(() => studio.importSae({ projectDir, path: c.path }));
  let last: Outcome = { kind: 'accepted', detail: 'accepted' };
  for (const step of steps) {
    const r = await within(hangMs, step);
    if (r.hung) {
      for (const job of studio.jobs.list()) if (job.state === 'running') await studio.jobs.cancel(job.id).catch(() => undefined);
      return { kind: 'hang', detail: `no answer in ${hangMs} ms` };
    }
    if ('error' in r) {
      last = classify(r.error);
      if (last.kind === 'crash') return last;
      // A refusal at inspect is the answer; the import door is tried anyway, it must refuse too.
    }
  }
  return last;
}

/** Generates `count` bad inputs (seeded) and tries each against a real project. */
export async function runBadInputs(tmp: string, count: number, seed: number, opts: { hangMs?: number; viaJobs?: boolean } = {}): Promise<BadInputFigures> {
  const hangMs = opts.hangMs ?? 15_000;
  const casesDir = path.join(tmp, 'cases');
  await fs.mkdir(casesDir, { recursive: true });
  const cases = await makeCases(casesDir, count, seed);
  const studio = new Studio({ home: path.join(tmp, 'home'), cancelGraceMs: 500 });
  const figures: BadInputFigures = { tried: 0, namedErrors: 0, crashes: 0, hangs: 0, projectChanged: 0, accepted: 0, failures: [] };
  try {
    const project = await studio.createProject({ dir: path.join(tmp, 'bad-inputs.fstudio'), name: 'bad inputs' });
    const saeDir = path.join(tmp, 'good-sae');
    await saveSaeLens(saeDir, randomSae('standard', 8, 16, seed));
    const run = await studio.importSae({ projectDir: project.dir, path: saeDir });
    for (const c of cases) {
      const before = await projectSnapshot(project.dir);
      const outcome = await tryCase(studio, project.dir, run.id, c, hangMs, opts.viaJobs ?? true);
      figures.tried++;
      if (outcome.kind === 'named') figures.namedErrors++;
      else if (outcome.kind === 'crash') figures.crashes++;
      else if (outcome.kind === 'hang') figures.hangs++;
      else figures.accepted++;
      const changed = outcome.kind !== 'accepted' && (await projectSnapshot(project.dir)) !== before;
      if (changed) figures.projectChanged++;
      if (outcome.kind === 'crash' || outcome.kind === 'hang' || changed) figures.failures.push({ name: c.name, outcome: changed ? `${outcome.kind}, project changed` : outcome.kind, detail: outcome.detail });
    }
  } finally {
    await studio.close();
  }
  return figures;
}
