import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPgnGames } from './chess-training';

let dir: string;
beforeAll(async () => void (dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-pgn-'))));
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

const fail = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

// Issue 24: a tags-only PGN "imported" one game of no positions and failed later as `internal`.
describe('PGN files a user names', () => {
  it('refuses tags-only games and empty files by the file, and keeps the games that have moves', async () => {
    const tagsOnly = path.join(dir, 'tags.pgn');
    await fs.writeFile(tagsOnly, '[Event "x"]\n[White "a"]\n[Black "b"]\n\n');
    const err = await fail(readPgnGames(tagsOnly));
    expect(err).toMatchObject({ code: 'bad-input', where: tagsOnly });
    expect((err as Error).message).toContain('no moves');
    const empty = path.join(dir, 'empty.pgn');
    await fs.writeFile(empty, '');
    expect(await fail(readPgnGames(empty))).toMatchObject({ code: 'bad-input', where: empty });
    const mixed = path.join(dir, 'mixed.pgn');
    await fs.writeFile(mixed, '[Event "a"]\n\n*\n\n[Event "b"]\n\n1. e4 e5 2. Nf3 *\n');
    const read = await readPgnGames(mixed);
    expect(read.games).toHaveLength(1);
    expect(read.issues[0]).toMatchObject({ game: 1, reason: expect.stringContaining('no moves') });
  });

  it('refuses a FIFO without blocking', async () => {
    const fifo = path.join(dir, 'fifo.pgn');
    execFileSync('mkfifo', [fifo]);
    expect(await fail(readPgnGames(fifo))).toMatchObject({ code: 'bad-input', where: fifo });
  });
});
