import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * The one way the studio writes a file: write a temp file beside the target, fsync it,
 * rename over the target, fsync the directory. A crash leaves either the old or the new
 * file, never a torn one (DESIGN.md "Project folder").
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await syncDir(dir);
}

export async function writeJsonAtomic(target: string, value: unknown): Promise<void> {
  await writeFileAtomic(target, JSON.stringify(value, null, 2) + '\n');
}

/**
 * Streams chunks into a temp file and renames it into place on commit; abort removes it.
 * For large outputs (activation shards, checkpoints) that should not sit in memory whole.
 */
export async function openAtomicWriter(target: string): Promise<AtomicWriter> {
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'w');
  let done = false;
  return {
    async write(chunk: Uint8Array) {
      await handle.write(chunk);
    },
    async commit() {
      if (done) return;
      done = true;
      await handle.sync();
      await handle.close();
      await fs.rename(tmp, target);
      await syncDir(dir);
    },
    async abort() {
      if (done) return;
      done = true;
      await handle.close().catch(() => undefined);
      await fs.rm(tmp, { force: true });
    },
  };
}

export interface AtomicWriter {
  write(chunk: Uint8Array): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

async function syncDir(dir: string): Promise<void> {
  // Directory fsync makes the rename durable; some file systems refuse it, which is harmless.
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    /* not supported here */
  }
}
