import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ActivationStore } from '../../src/core/data/store';
import { writeNpy } from '../../src/core/data/npy';
import { Rng } from '../../src/core/io/rng';
import { datasetDir } from '../../src/core/project/layout';
import { Project } from '../../src/core/project/project';
import { Studio } from '../../src/core/studio';

export interface KillNineFigures {
  tries: number;
  /** the project opened writable afterwards and every listed dataset read back whole */
  intact: number;
  /** a new import into the same project then succeeded */
  continued: number;
  failures: string[];
}

const CLI = fileURLToPath(new URL('../../bin/feature-studio.js', import.meta.url));

/**
 * `feature-studio import` killed with SIGKILL (the whole process group: the CLI and its job
 * process, as a power cut would) at a seeded moment after the job starts writing; then the
 * project must open writable (the dead lock taken over), list only whole datasets, and take
 * the next import.
 */
export async function runKillNine(tmp: string, tries: number, seed: number): Promise<KillNineFigures> {
  const rng = new Rng(seed);
  const source = path.join(tmp, 'kill-source.npy');
  const rows = 60_000;
  const d = 64;
  await writeNpy(source, Float32Array.from({ length: rows * d }, () => rng.normal()), [rows, d]);
  const small = path.join(tmp, 'kill-small.npy');
  await writeNpy(small, Float32Array.from({ length: 64 * 8 }, () => rng.normal()), [64, 8]);
  const dir = path.join(tmp, 'kill-nine.fstudio');
  await (await Project.create(dir, 'kill -9')).close();
  const figures: KillNineFigures = { tries: 0, intact: 0, continued: 0, failures: [] };
  for (let i = 0; i < tries; i++) {
    const delayMs = rng.int(600);
    await importAndKill(source, dir, delayMs, path.join(tmp, 'kill-home'));
    figures.tries++;
    const problem = await checkIntact(dir);
    if (problem) figures.failures.push(`try ${i} (kill ${delayMs} ms after the job started): ${problem}`);
    else figures.intact++;
    const studio = new Studio({ home: path.join(tmp, 'kill-home') });
    try {
      const { jobId } = await studio.importDataset({ projectDir: (await studio.openProject({ dir })).dir, path: small });
      const end = await studio.jobs.whenEnded(jobId);
      if (end.state === 'done') figures.continued++;
      else figures.failures.push(`try ${i}: the next import ended ${end.state}: ${end.error?.message}`);
    } catch (err) {
      figures.failures.push(`try ${i}: the next import failed: ${(err as Error).message}`);
    } finally {
      await studio.close();
    }
  }
  return figures;
}

function importAndKill(source: string, projectDir: string, delayMs: number, home: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'import', source, '--project', projectDir], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, FEATURE_STUDIO_HOME: home },
    });
    let fired = false;
    const kill = () => {
      if (fired) return;
      fired = true;
      setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, delayMs);
    };
    // The progress bar's first output means the job process is running.
    child.stderr!.on('data', kill);
    const fallback = setTimeout(kill, 8000);
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(fallback);
      resolve();
    });
  });
}

/** Null when the project opens writable and every listed dataset reads back; else what is wrong. */
async function checkIntact(dir: string): Promise<string | null> {
  let project: Project;
  try {
    project = await Project.open(dir);
  } catch (err) {
    return `the project does not open: ${(err as Error).message}`;
  }
  try {
    if (project.readOnly) return `the project opens read-only: ${project.readOnlyReason}`;
    for (const entry of project.manifest.datasets) {
      const store = await ActivationStore.open(datasetDir(dir, entry.id)).catch((err: Error) => err);
      if (store instanceof Error) return `dataset ${entry.id} is listed but unreadable: ${store.message}`;
      try {
        const last = await store.readRows(store.rows - 1, 1);
        if (last.length !== store.dims) return `dataset ${entry.id} is short`;
      } finally {
        await store.close();
      }
    }
    return null;
  } finally {
    await project.close();
  }
}
