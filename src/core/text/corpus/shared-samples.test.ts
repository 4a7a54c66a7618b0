import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StudioError } from '../../../shared/errors';
import { importCorpus } from './import';

// The real samples of ../shared/data import as they are (issue 16):
// authorship/federalist_papers.csv (public domain) and authorship/reuters_c50.jsonl.gz (UCI C50,
// CC BY 4.0), see ../shared/data/authorship/SOURCES.md; preferences/hh_rlhf_harmless_base_test_split.jsonl
// (Anthropic HH-RLHF, MIT), see ../shared/data/preferences/SOURCES.md.
const DATA = path.resolve(__dirname, '../../../../../shared/data');

let root: string;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'corpus-shared-'));
});
afterAll(() => fs.rm(root, { recursive: true, force: true }));

const load = (file: string, options: Parameters<typeof importCorpus>[0]['options'], id: string) =>
  importCorpus({ source: path.join(DATA, file), id, name: id, options, outDir: path.join(root, id) });

describe('the shared samples', () => {
  it('the Federalist papers, grouped by author (4 authors leave a split empty, and the corpus says so)', async () => {
    const meta = await load('authorship/federalist_papers.csv', { textColumn: 'text', idColumn: 'paper_no', groupColumn: 'author_label_gutenberg' }, 'federalist');
    expect(meta.rowCount).toBe(85);
    expect(meta.warnings.some((w) => /split is empty: 4 group\(s\)/.test(w))).toBe(true);
  });

  it('Reuters C50 with its own train/test split column, gzipped', async () => {
    const meta = await load('authorship/reuters_c50.jsonl.gz', { textColumn: 'text', splitColumn: 'split', groupColumn: 'author' }, 'c50');
    expect(meta.rowCount).toBe(5000);
    expect(meta.splits.counts).toEqual({ train: 2500, dev: 0, test: 2500 });
    // C50 splits each author's texts in half: every author is in both splits, and the corpus says so
    expect(meta.warnings).toContain('50 "author" group(s) sit in more than one of the file\'s splits');
  });

  it('HH-RLHF prompts import; its chosen turns do not, named by the line with an empty one', async () => {
    expect((await load('preferences/hh_rlhf_harmless_base_test_split.jsonl', { textColumn: 'prompt', idColumn: 'id' }, 'hh')).rowCount).toBe(2312);
    const err = await load('preferences/hh_rlhf_harmless_base_test_split.jsonl', { textColumn: 'chosen', idColumn: 'id' }, 'hh-chosen').catch((e: unknown) => e as StudioError);
    expect(err).toBeInstanceOf(StudioError);
    expect((err as StudioError).message).toMatch(/^line 87: the text is empty/);
  });
});
