import { promises as fs, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { LOCK_FILE } from './layout';

export const LockInfo = z.object({ pid: z.number().int(), host: z.string(), startedAt: z.string() });
export type LockInfo = z.infer<typeof LockInfo>;

/** Why the lock was not taken, in words for the read-only notice. */
export type LockResult = { acquired: true; release: () => Promise<void> } | { acquired: false; reason: string };

const heldBy = (lock: LockInfo): string => `it is open for writing in process ${lock.pid} on ${lock.host} since ${lock.startedAt}`;

/**
 * An unreadable lock younger than this may be one another process is still writing
 * (create and write are two steps); older ones are debris of a crash.
 */
const UNREADABLE_LOCK_GRACE_MS = 10_000;

/** Locks held by this process, removed synchronously if it exits without closing them. */
const held = new Set<string>();
let exitHookInstalled = false;

/**
 * Takes the project's writer lock (`.studio.lock`: pid, host, time). A lock left by a dead
 * process on this host, or an unreadable stale one, is taken over; otherwise the reason is
 * reported so the caller can open the project read-only.
 */
export async function acquireLock(dir: string): Promise<LockResult> {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    const info: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
    try {
      const handle = await fs.open(file, 'wx');
      try {
        await handle.writeFile(JSON.stringify(info));
        await handle.sync();
      } finally {
        await handle.close();
      }
      track(file);
      return { acquired: true, release: () => releaseLock(file) };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return { acquired: false, reason: 'the folder is not writable' };
      if (code !== 'EEXIST') throw err;
    }
    const existing = await readLock(file);
    if (existing === 'gone') continue;
    if (existing === 'unreadable') {
      const age = await fs.stat(file).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age < UNREADABLE_LOCK_GRACE_MS) return { acquired: false, reason: 'another process is opening it for writing' };
    } else if (isAlive(existing)) {
      return { acquired: false, reason: heldBy(existing) };
    }
    // Stale: remove it and race for a fresh `wx` create; losing the race means a live holder.
    await fs.rm(file, { force: true });
  }
  const holder = await readLock(file);
  return { acquired: false, reason: typeof holder === 'object' ? heldBy(holder) : 'another process holds its lock' };
}

async function readLock(file: string): Promise<LockInfo | 'gone' | 'unreadable'> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    return 'unreadable';
  }
  try {
    const parsed = LockInfo.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** A holder on another host cannot be probed, so it counts as alive (shared folders). */
function isAlive(lock: LockInfo): boolean {
  if (lock.host !== os.hostname()) return true;
  try {
    process.kill(lock.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function releaseLock(file: string): Promise<void> {
  held.delete(file);
  await fs.rm(file, { force: true });
}

function track(file: string): void {
  held.add(file);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const f of held) {
      try {
        unlinkSync(f);
      } catch {
        /* already gone */
      }
    }
  });
}
