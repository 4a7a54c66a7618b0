import { promises as fs } from 'node:fs';
import { datasetDir } from '../project/layout';
import type { Project } from '../project/project';
import { readRunInfo, runDir } from '../sae/run/folder';

/**
 * Makes room for a demo dataset named `name` (issue 24: re-running an interrupted demo listed
 * its datasets and runs twice). What an earlier run of the same demo (same game, layer and seed)
 * listed under that name is replaced: the dataset and every run trained on it leave the manifest
 * first, in one atomic write, then their folders go, so a crash in between leaves only unlisted
 * folders, never a listed entry without its folder.
 */
export async function replacePreviousDemoDataset(project: Project, name: string): Promise<{ datasets: string[]; runs: string[] }> {
  const datasets = project.manifest.datasets.filter((d) => d.name === name).map((d) => d.id);
  const runs: string[] = [];
  for (const r of project.manifest.runs) {
    const info = await readRunInfo(runDir(project.dir, r.id)).catch(() => null);
    if (info?.datasetId && datasets.includes(info.datasetId)) runs.push(r.id);
  }
  if (datasets.length || runs.length) {
    await project.update((m) => {
      m.datasets = m.datasets.filter((d) => !datasets.includes(d.id));
      m.runs = m.runs.filter((r) => !runs.includes(r.id));
    });
  }
  for (const d of datasets) await fs.rm(datasetDir(project.dir, d), { recursive: true, force: true });
  for (const r of runs) await fs.rm(runDir(project.dir, r), { recursive: true, force: true });
  return { datasets, runs };
}
