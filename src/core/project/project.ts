import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ProjectManifest, ProjectSummary } from '../../shared/schemas/project';
import { StudioError } from '../../shared/errors';
import { acquireLock } from './lock';
import { MANIFEST_FILE, PROJECT_SUBDIRS, TMP_DIR } from './layout';
import { newManifest, readManifest, writeManifest } from './manifest';
import { manifestMigrations, type Migration } from './migrations';

/**
 * An open project folder. Holds the writer lock when it got it; otherwise it is read-only and
 * every update fails with a `locked` error saying why (usually: which process holds it). Updates are serialized and each
 * one rewrites studio.json atomically.
 */
export class Project {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly dir: string,
    private current: ProjectManifest,
    private readonly release: (() => Promise<void>) | null,
    /** why the project is read-only; null when this process holds the lock */
    readonly readOnlyReason: string | null,
  ) {}

  get readOnly(): boolean {
    return this.release === null;
  }

  get manifest(): ProjectManifest {
    return this.current;
  }

  summary(): ProjectSummary {
    return { dir: this.dir, manifest: this.current, readOnly: this.readOnly };
  }

  /** Creates the folder layout and manifest; the folder must be absent or empty. */
  static async create(dir: string, name: string): Promise<Project> {
    const abs = path.resolve(dir);
    const entries = await fs.readdir(abs).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [] as string[];
      if (err.code === 'ENOTDIR') throw new StudioError('conflict', 'a file exists where the project folder would go', abs);
      throw err;
    });
    if (entries.includes(MANIFEST_FILE)) throw new StudioError('conflict', 'this folder already holds a project; open it instead', abs);
    if (entries.length > 0) throw new StudioError('conflict', 'the folder is not empty; choose a new or empty folder', abs);
    await fs.mkdir(abs, { recursive: true });
    const lock = await acquireLock(abs);
    if (!lock.acquired) throw lockedError(abs, lock.reason);
    for (const sub of [...PROJECT_SUBDIRS, TMP_DIR]) await fs.mkdir(path.join(abs, sub), { recursive: true });
    const manifest = newManifest(name, new Date().toISOString());
    await writeManifest(abs, manifest);
    return new Project(abs, manifest, lock.release, null);
  }

  /**
   * Opens a project: validates (and migrates forward) its manifest, then takes the lock or
   * opens read-only. A migrated manifest is written back only by a lock holder, after the
   * original is kept as `studio.json.v<N>.bak`.
   */
  static async open(dir: string, migrations: Readonly<Record<number, Migration>> = manifestMigrations): Promise<Project> {
    const abs = path.resolve(dir);
    const { manifest, fromVersion } = await readManifest(abs, migrations);
    const lock = await acquireLock(abs);
    if (!lock.acquired) return new Project(abs, manifest, null, lock.reason);
    try {
      if (fromVersion !== manifest.schemaVersion) {
        await fs.copyFile(path.join(abs, MANIFEST_FILE), path.join(abs, `${MANIFEST_FILE}.v${fromVersion}.bak`));
        await writeManifest(abs, manifest);
      }
      // Holding the lock means no job of another process is writing: what is in .tmp is debris
      // of jobs killed with their host, never part of the project.
      await fs.rm(path.join(abs, TMP_DIR), { recursive: true, force: true });
      await fs.mkdir(path.join(abs, TMP_DIR), { recursive: true });
    } catch (err) {
      await lock.release();
      throw err;
    }
    return new Project(abs, manifest, lock.release, null);
  }

  /** Applies `mutate` to a copy of the manifest and writes it; the in-memory copy changes only on success. */
  update(mutate: (draft: ProjectManifest) => void): Promise<ProjectManifest> {
    const run = async (): Promise<ProjectManifest> => {
      if (this.readOnly) throw lockedError(this.dir, this.readOnlyReason);
      const draft = structuredClone(this.current);
      mutate(draft);
      draft.updatedAt = new Date().toISOString();
      await writeManifest(this.dir, draft);
      this.current = draft;
      return draft;
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Throws unless this process may write the project. */
  assertWritable(): void {
    if (this.readOnly) throw lockedError(this.dir, this.readOnlyReason);
  }

  async close(): Promise<void> {
    await this.queue;
    await this.release?.();
  }
}

function lockedError(dir: string, reason: string | null): StudioError {
  return new StudioError('locked', `the project is read-only here: ${reason ?? 'its lock is held elsewhere'}`, dir);
}
