import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StudioError } from '../../shared/errors';
import { importMatrix } from './import';
import { writeNpy } from './npy';
import { readDatasetTokens, readTokenSidecar, TOKENS_FILE } from './tokens';

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-tokens-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});
const fail = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as StudioError);

async function sidecar(value: unknown): Promise<string> {
  const file = path.join(tmp, `t${Math.random().toString(36).slice(2)}.json`);
  await fs.writeFile(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

describe('token sidecar', () => {
  it('flattens sequences into rows in order, or follows the rows it lists', async () => {
    const sequences = [['The', ' cat', ' sat'], ['Hi', '!']];
    const flat = await readTokenSidecar(await sidecar({ sequences }), 5);
    expect(Array.from(flat.seq)).toEqual([0, 0, 0, 1, 1]);
    expect(Array.from(flat.pos)).toEqual([0, 1, 2, 0, 1]);
    // a dump of only some positions (e.g. every second token) lists them
    const listed = await readTokenSidecar(await sidecar({ sequences, rows: [[1, 1], [0, 2]] }), 2);
    expect(Array.from(listed.seq)).toEqual([1, 0]);
    expect(Array.from(listed.pos)).toEqual([1, 2]);
  });

  it('names what is wrong: the row count, a row out of range, a field', async () => {
    const sequences = [['a', 'b'], ['c']];
    const rowsFile = await sidecar({ sequences });
    expect(await fail(readTokenSidecar(rowsFile, 4))).toMatchObject({ code: 'shape', where: rowsFile });
    const seqFile = await sidecar({ sequences, rows: [[0, 0], [2, 0]] });
    expect(await fail(readTokenSidecar(seqFile, 2))).toMatchObject({ code: 'bad-file', where: `${seqFile}: rows.1` });
    const posFile = await sidecar({ sequences, rows: [[1, 1]] });
    expect(await fail(readTokenSidecar(posFile, 1))).toMatchObject({ code: 'bad-file', where: `${posFile}: rows.0` });
    const typeFile = await sidecar({ sequences: [['a', 3]] });
    expect(await fail(readTokenSidecar(typeFile, 2))).toMatchObject({ code: 'bad-file', where: `${typeFile}: sequences.0.1` });
    const extraFile = await sidecar({ sequences, vocab: ['a'] });
    expect(await fail(readTokenSidecar(extraFile, 3))).toMatchObject({ code: 'bad-file' });
    const notJson = await sidecar('{"sequences": [');
    expect(await fail(readTokenSidecar(notJson, 3))).toMatchObject({ code: 'bad-file', where: notJson });
  });

  it('is checked before an import copies any row, and stored beside the shards when it fits', async () => {
    const x = Float32Array.from({ length: 5 * 3 }, (_, i) => i);
    const npy = path.join(tmp, 'acts.npy');
    await writeNpy(npy, x, [5, 3]);
    const wrong = await sidecar({ sequences: [['a', 'b']] });
    const datasetDir = path.join(tmp, 'ds');
    expect(await fail(importMatrix({ source: npy, tokens: wrong, id: 'ds', name: 'ds', datasetDir }))).toMatchObject({ code: 'shape', where: wrong });
    expect(await fs.readdir(tmp)).not.toContain('ds');
    const right = await sidecar({ sequences: [['The', ' cat', ' sat'], ['Hi', '!']] });
    const meta = await importMatrix({ source: npy, tokens: right, id: 'ds', name: 'ds', datasetDir });
    expect(meta.labels).toEqual([{ name: 'tokens', file: TOKENS_FILE }]);
    // the dataset page reads the sidecar's size from meta.json, never the sidecar itself
    expect(meta.tokens).toEqual({ sequences: 2, tokens: 5 });
    expect(JSON.parse(await fs.readFile(path.join(datasetDir, 'meta.json'), 'utf8')).tokens).toEqual({ sequences: 2, tokens: 5 });
    const stored = await readDatasetTokens(datasetDir, 5);
    expect(stored?.sequences[1]).toEqual(['Hi', '!']);
    expect(Array.from(stored!.pos)).toEqual([0, 1, 2, 0, 1]);
    expect(await readDatasetTokens(tmp, 5)).toBeUndefined();
  });

  it('counts every token of the sidecar, not only those with a row, and nothing without one', async () => {
    const npy = path.join(tmp, 'some.npy');
    await writeNpy(npy, new Float32Array(2 * 3).fill(1), [2, 3]);
    const every2nd = await sidecar({ sequences: [['a', 'b', 'c', 'd'], ['e', 'f', 'g']], rows: [[0, 1], [1, 0]] });
    const meta = await importMatrix({ source: npy, tokens: every2nd, id: 'a', name: 'a', datasetDir: path.join(tmp, 'a') });
    expect(meta.tokens).toEqual({ sequences: 2, tokens: 7 });
    const plain = await importMatrix({ source: npy, id: 'b', name: 'b', datasetDir: path.join(tmp, 'b') });
    expect(plain.tokens).toBeUndefined();
    expect(JSON.parse(await fs.readFile(path.join(tmp, 'b', 'meta.json'), 'utf8'))).not.toHaveProperty('tokens');
  });
});
