import { promises as fs, unlinkSync } from 'node:fs';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { LOCK_FILE } from './layout';

export const LockInfo = z.object({
  pid: z.number().int(),
  host: z.string(),
  startedAt: z.string(),
  /** random per claim, so a holder can tell its own lock from a successor's (absent in older locks) */
  nonce: z.string().optional(),
});
export type LockInfo = z.infer<typeof LockInfo>;

/** Why the lock was not taken, in words for the read-only notice. */
export type LockResult = { acquired: true; release: () => Promise<void> } | { acquired: false; reason: string };

const heldBy = (lock: LockInfo): string => `it is open for writing in process ${lock.pid} on ${lock.host} since ${lock.startedAt}`;

/**
 * An unreadable lock younger than this may be one another process is still writing
 * (create and write are two steps); older ones are debris of a crash.
 */
const UNREADABLE_LOCK_GRACE_MS = 10_000;
const ATTEMPTS = 6;

/** Locks held by this process, removed synchronously if it exits without closing them. */
const held = new Set<string>();
let exitHookInstalled = false;

/**
 * Takes the project's writer lock (`.studio.lock`: pid, host, time, nonce). A lock left by a
 * dead process on this host, or an unreadable stale one, is taken over; otherwise the reason is
 * reported so the caller can open the project read-only.
 *
 * The takeover must be atomic (issue 24: two imports racing for a dead process's lock both won,
 * one deleting the other's fresh lock, and a dataset went missing from the manifest). So a
 * stale lock is removed only under a second, short-lived `wx` lock, after reading it again and
 * finding the very lock judged stale; and a lock just created counts only once it is read back
 * with this call's nonce.
 */
export async function acquireLock(dir: string): Promise<LockResult> {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const info: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), nonce: randomBytes(8).toString('hex') };
    const created = await createExclusive(file, JSON.stringify(info));
    if (created === 'not-writable') return { acquired: false, reason: 'the folder is not writable' };
    if (created === 'created') {
      const mine = await readLock(file);
      if (typeof mine === 'object' && mine.nonce === info.nonce) {
        track(file);
        return { acquired: true, release: () => releaseLock(file, info.nonce!) };
      }
      continue;
    }
    const existing = await readLock(file);
    if (existing === 'gone') continue;
    if (existing === 'unreadable') {
      const age = await fs.stat(file).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age < UNREADABLE_LOCK_GRACE_MS) {
        // Most likely a racer between its create and its write: look again shortly.
        if (attempt < ATTEMPTS - 1) {
          await sleep(20);
          continue;
        }
        return { acquired: false, reason: 'another process is opening it for writing' };
      }
    } else if (isAlive(existing)) {
      return { acquired: false, reason: heldBy(existing) };
    }
    // Having removed the stale lock, race for it at once: that try is not one of the attempts.
    if (await removeStale(file, existing)) attempt--;
    else await sleep(5 + Math.random() * 20);
  }
  const holder = await readLock(file);
  return { acquired: false, reason: typeof holder === 'object' ? heldBy(holder) : 'another process holds its lock' };
}

/** `wx` create-and-write: the one atomic step every claim rests on. */
async function createExclusive(file: string, text: string): Promise<'created' | 'exists' | 'not-writable'> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'wx');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'not-writable';
    if (code === 'EEXIST') return 'exists';
    throw err;
  }
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return 'created';
}

/**
 * Removes `file` only if it still holds the lock judged stale (`seen`), under the takeover
 * lock so no other process can replace it between the check and the removal. A takeover lock
 * older than the grace period is debris of a process killed mid-takeover.
 */
async function removeStale(file: string, seen: LockInfo | 'unreadable'): Promise<boolean> {
  const guard = `${file}.takeover`;
  const claimed = await createExclusive(guard, String(process.pid));
  if (claimed !== 'created') {
    const age = await fs.stat(guard).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > UNREADABLE_LOCK_GRACE_MS) await fs.rm(guard, { force: true });
    return false;
  }
  try {
    const now = await readLock(file);
    const same = seen === 'unreadable' ? now === 'unreadable' : typeof now === 'object' && sameLock(now, seen);
    if (same) await fs.rm(file, { force: true });
    return same;
  } finally {
    await fs.rm(guard, { force: true });
  }
}

const sameLock = (a: LockInfo, b: LockInfo): boolean => a.pid === b.pid && a.host === b.host && a.startedAt === b.startedAt && a.nonce === b.nonce;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

/** Removes the lock only while it is still this holder's (never another process's). */
async function releaseLock(file: string, nonce: string): Promise<void> {
  held.delete(file);
  const current = await readLock(file);
  if (typeof current === 'object' && current.nonce === nonce) await fs.rm(file, { force: true });
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
