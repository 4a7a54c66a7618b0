import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StudioError } from '../../../shared/errors';
import { cosine, readMemory, remember, retrieve, tfidf } from './memory';

let tmp: string;
beforeAll(async () => (tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-reviews-memory-'))));
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

const entry = (task: string, scene: string, name = `${task}-f`) => ({ task, scene, features: [{ definition: { name, value: { length: 'words' } }, rho: 0.3 }], createdAt: '2026-01-01T00:00:00Z' });

describe('review memory', () => {
  it('persists entries across reads, replaces a task by name, and retrieves the top 3 similar scenes (> 0)', async () => {
    const file = path.join(tmp, 'project', 'reviews-memory.json');
    expect(await readMemory(file)).toEqual([]);
    await remember(file, entry('grocery', 'grocery reviews on a retail site; quality = helpful votes'));
    await remember(file, entry('clothing', 'clothing reviews on a retail site'));
    await remember(file, entry('phones', 'cell phone reviews, helpful votes'));
    await remember(file, entry('office', 'office supplies reviews'));
    await remember(file, entry('chess', 'chess openings and engines'));
    await remember(file, entry('grocery', 'grocery reviews on a retail site; quality = helpful votes', 'grocery-g'));
    const stored = await readMemory(file);
    expect(stored.map((e) => e.task)).toEqual(['clothing', 'phones', 'office', 'chess', 'grocery']);
    const got = retrieve(stored, 'pet food reviews on a retail site, helpful votes', 'pets');
    expect(got.length).toBe(3);
    expect(got[0].entry.task).toBe('grocery');
    expect(got.map((g) => g.entry.task)).not.toContain('chess');
    expect(got[0].features.map((f) => f.def.name)).toEqual(['grocery-g']);
    expect(retrieve(stored, 'zzz qqq', 'x')).toEqual([]);
    // the task itself is never its own prior
    expect(retrieve(stored, 'grocery reviews', 'grocery').map((g) => g.entry.task)).not.toContain('grocery');
  });

  it('TF-IDF cosine by hand: identical texts score 1, disjoint 0', () => {
    const [a, b, c] = tfidf(['red apple', 'red apple', 'blue sky']);
    expect(cosine(a, b)).toBeCloseTo(1, 12);
    expect(cosine(a, c)).toBe(0);
  });

  it('a damaged memory file is named and left as it was', async () => {
    const file = path.join(tmp, 'bad.json');
    await fs.writeFile(file, '{"schemaVersion": 1, "entries": [{"task": 3}]}');
    await expect(readMemory(file)).rejects.toThrow(StudioError);
    await expect(readMemory(file)).rejects.toThrow(/bad\.json/);
    await expect(remember(file, entry('x', 'y'))).rejects.toThrow(StudioError);
    expect(await fs.readFile(file, 'utf8')).toContain('"task": 3');
  });
});
