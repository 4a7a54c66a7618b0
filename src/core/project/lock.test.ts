import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LOCK_FILE } from './layout';
import { acquireLock } from './lock';

let root: string;
let deadPid: number;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-lock-'));
  const dead = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => dead.on('exit', resolve));
  deadPid = dead.pid!;
});
afterAll(() => fs.rm(root, { recursive: true, force: true }));

const staleLock = (startedAt = 'earlier') => JSON.stringify({ pid: deadPid, host: os.hostname(), startedAt });

describe('stale-lock takeover', () => {
  // Issue 24: read-delete-create let one racer delete the other's fresh lock, so both "won".
  it('gives a dead process\'s lock to exactly one of several racers, every time', async () => {
    for (let round = 0; round < 60; round++) {
      const dir = path.join(root, `race-${round}`);
      await fs.mkdir(dir);
      await fs.writeFile(path.join(dir, LOCK_FILE), staleLock());
      const results = await Promise.all([acquireLock(dir), acquireLock(dir), acquireLock(dir)]);
      const winners = results.filter((r) => r.acquired);
      expect(winners, `round ${round}: ${JSON.stringify(results.map((r) => (r.acquired ? 'won' : r.reason)))}`).toHaveLength(1);
      const onDisk = JSON.parse(await fs.readFile(path.join(dir, LOCK_FILE), 'utf8'));
      expect(onDisk.pid).toBe(process.pid);
      // A loser names the holder (or, under heavy load, says another process is taking it over).
      for (const r of results) if (!r.acquired) expect(r.reason).toMatch(/process/);
      for (const r of winners) if (r.acquired) await r.release();
      await expect(fs.access(path.join(dir, LOCK_FILE))).rejects.toThrow();
    }
  });

  it('gives the lock to exactly one of two separate processes racing for a stale lock', async () => {
    // Each child says "ready", waits for the go file, races, reports, and holds what it won
    // until its stdin closes, so a late starter cannot win a lock legitimately released.
    const script = `
      import { existsSync } from 'node:fs';
      import { acquireLock } from ${JSON.stringify(path.join(__dirname, 'lock.ts'))};
      const [dir, go] = process.argv.slice(1);
      process.stdout.write('ready ');
      while (!existsSync(go)) await new Promise((res) => setTimeout(res, 1));
      const r = await acquireLock(dir);
      process.stdout.write(r.acquired ? 'won' : 'lost');
      process.stdin.resume();
      await new Promise((res) => process.stdin.on('end', res));`;
    const tsx = path.join(__dirname, '../../../node_modules/tsx/dist/cli.mjs');
    for (let round = 0; round < 2; round++) {
      const dir = path.join(root, `procs-${round}`);
      const go = path.join(dir, 'go');
      await fs.mkdir(dir);
      await fs.writeFile(path.join(dir, LOCK_FILE), staleLock());
      const children = [0, 1].map(() => {
        const child = spawn(process.execPath, [tsx, '--input-type=module', '-e', script, dir, go], { stdio: ['pipe', 'pipe', 'inherit'] });
        const state = { out: '', exited: new Promise((resolve) => child.on('exit', resolve)) };
        child.stdout.on('data', (c) => (state.out += c));
        return { child, state };
      });
      await expect.poll(() => children.every((c) => c.state.out.startsWith('ready')), { timeout: 20_000 }).toBe(true);
      await fs.writeFile(go, '');
      await expect.poll(() => children.every((c) => /won|lost/.test(c.state.out)), { timeout: 20_000 }).toBe(true);
      for (const c of children) c.child.stdin.end();
      await Promise.all(children.map((c) => c.state.exited));
      expect(children.map((c) => c.state.out.replace('ready ', '')).sort()).toEqual(['lost', 'won']);
    }
  }, 60_000);

  it('releases only its own lock, never a successor\'s', async () => {
    const dir = path.join(root, 'release');
    await fs.mkdir(dir);
    const first = await acquireLock(dir);
    expect(first.acquired).toBe(true);
    // Someone (wrongly) replaced the lock; the first holder's release must not delete it.
    const other = JSON.stringify({ pid: deadPid, host: os.hostname(), startedAt: 'later', nonce: 'theirs' });
    await fs.writeFile(path.join(dir, LOCK_FILE), other);
    if (first.acquired) await first.release();
    expect(await fs.readFile(path.join(dir, LOCK_FILE), 'utf8')).toBe(other);
  });

  it('waits out a takeover guard left by a process killed mid-takeover, then takes over', async () => {
    const dir = path.join(root, 'guard');
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, LOCK_FILE), staleLock());
    const guard = path.join(dir, `${LOCK_FILE}.takeover`);
    await fs.writeFile(guard, String(deadPid));
    const old = new Date(Date.now() - 60_000);
    await fs.utimes(guard, old, old);
    const r = await acquireLock(dir);
    expect(r.acquired).toBe(true);
    if (r.acquired) await r.release();
  });
});
