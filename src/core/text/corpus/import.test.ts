import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { StudioError } from '../../../shared/errors';
import type { CorpusRow } from '../../../shared/schemas/corpus';
import { featuriseCorpus } from './featurise';
import { importCorpus } from './import';
import { inspectCorpusFile } from './inspect';
import { readCorpusMeta, readCorpusRows } from './store';

// Amazon Fine Food Reviews, first rows (SNAP / Kaggle, CC0): ../shared/data/reviews/SOURCES.md
const REVIEWS = path.resolve(__dirname, '../../../../../shared/data/reviews/amazon_fine_food_reviews_first5k.csv');

let root: string;
let reviewsSlice: string;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'corpus-'));
  // header + the first 120 records (records may span lines, so cut at a record boundary found by the parser)
  const text = await fs.readFile(REVIEWS, 'utf8');
  const lines = text.split('\n');
  reviewsSlice = path.join(root, 'reviews.csv');
  await fs.writeFile(reviewsSlice, lines.slice(0, 121).join('\n') + '\n');
});
afterAll(() => fs.rm(root, { recursive: true, force: true }));

async function write(name: string, content: string | Buffer): Promise<string> {
  const file = path.join(root, name);
  await fs.writeFile(file, content);
  return file;
}

async function run(source: string, options: Parameters<typeof importCorpus>[0]['options'], id = `c${Math.random().toString(36).slice(2, 8)}`) {
  const project = path.join(root, 'project');
  const outDir = path.join(project, 'corpora', id);
  const meta = await importCorpus({ source, id, name: id, options, outDir });
  return { meta, project, outDir };
}

async function failure(source: string, options: Parameters<typeof importCorpus>[0]['options']): Promise<{ err: StudioError; outDir: string }> {
  const outDir = path.join(root, 'failed', path.basename(source));
  const err = await importCorpus({ source, id: 'x', name: 'x', options, outDir }).then(
    () => {
      throw new Error('expected the import to fail');
    },
    (e: unknown) => e as StudioError,
  );
  expect(err).toBeInstanceOf(StudioError);
  await expect(fs.access(outDir)).rejects.toThrow(); // nothing written
  return { err, outDir };
}

async function rows(project: string, id: string, split?: CorpusRow['split']): Promise<CorpusRow[]> {
  const out: CorpusRow[] = [];
  for await (const r of readCorpusRows(project, id, { split })) out.push(r);
  return out;
}

describe('importCorpus', () => {
  it('imports the reviews CSV as it is, typed fields, splits by product with no product in two splits', async () => {
    const { meta, project } = await run(reviewsSlice, { textColumn: 'Text', idColumn: 'Id', groupColumn: 'ProductId', columns: ['Score', 'Summary'] });
    expect(meta.rowCount).toBe(120);
    expect(meta.columns).toEqual(['Score', 'Summary', 'ProductId']);
    expect(await readCorpusMeta(project, meta.id)).toEqual(meta);
    const all = await rows(project, meta.id);
    expect(all).toHaveLength(120);
    expect(all[0]).toMatchObject({ id: '1', fields: { Score: 5, Summary: 'Good Quality Dog Food', ProductId: 'B001E4KFG0' } });
    expect(all[0].text.startsWith('I have bought several of the Vitality canned dog food')).toBe(true);
    const splitOf = new Map<string, string>();
    for (const r of all) {
      const product = r.fields.ProductId as string;
      expect(splitOf.get(product) ?? r.split).toBe(r.split);
      splitOf.set(product, r.split);
    }
    const counts = meta.splits.counts;
    expect(counts.train + counts.dev + counts.test).toBe(120);
    expect((await rows(project, meta.id, 'test')).length).toBe(counts.test);
  });

  it('imports JSONL and a folder of .txt files; without an id column ids are row numbers or file names', async () => {
    const jsonl = await write('a.jsonl', '{"body":"First text.","author":"ann","stars":3}\n\n{"body":"Second one!","author":"bob","stars":null}\n');
    const j = await run(jsonl, { textColumn: 'body', groupColumn: 'author' });
    expect((await rows(j.project, j.meta.id)).map((r) => [r.id, r.text, r.fields])).toEqual([
      ['1', 'First text.', { author: 'ann', stars: 3 }],
      ['2', 'Second one!', { author: 'bob', stars: null }],
    ]);
    const folder = path.join(root, 'txt');
    await fs.mkdir(folder);
    await fs.writeFile(path.join(folder, 'b.txt'), 'Bee.\n');
    await fs.writeFile(path.join(folder, 'a.txt'), '\uFEFFAy.');
    await fs.writeFile(path.join(folder, 'notes.md'), 'skipped');
    const t = await run(folder, { textColumn: 'text' });
    expect((await rows(t.project, t.meta.id)).map((r) => [r.id, r.text])).toEqual([
      ['a', 'Ay.'],
      ['b', 'Bee.\n'],
    ]);
  });

  it('takes the splits from a split column when the file has one, naming a bad value by its row', async () => {
    const file = await write('given.csv', 'text,part,author\na,train,x\nb,Validation,y\nc,test,x\n');
    const { meta, project } = await run(file, { textColumn: 'text', splitColumn: 'part', groupColumn: 'author' });
    expect((await rows(project, meta.id)).map((r) => r.split)).toEqual(['train', 'dev', 'test']);
    expect(meta.splits).toMatchObject({ by: 'part', counts: { train: 1, dev: 1, test: 1 } });
    expect(meta.columns).toEqual(['author']);
    expect(meta.warnings).toEqual(['1 "author" group(s) sit in more than one of the file\'s splits']);
    const bad = await write('badsplit.csv', 'text,part\na,train\nb,holdout\n');
    expect((await failure(bad, { textColumn: 'text', splitColumn: 'part' })).err.message).toMatch(/^row 3: the split is "holdout", not train, dev/);
  });

  it('warns when the groups leave a split empty', async () => {
    const file = await write('groups.csv', 'text,author\na,x\nb,x\nc,x\nd,y\n');
    const { meta } = await run(file, { textColumn: 'text', groupColumn: 'author' });
    expect(Object.values(meta.splits.counts).filter((n) => n === 0).length).toBeGreaterThan(0);
    expect(meta.warnings.some((w) => /split is empty: 2 group\(s\)/.test(w))).toBe(true);
  });

  it('reads .csv.gz and .jsonl.gz through gunzip, and names damaged gzip data', async () => {
    const csv = await write('small.csv.gz', gzipSync('id,text\n1,Hello there.\n2,Bye.\n'));
    const c = await run(csv, { textColumn: 'text', idColumn: 'id' });
    expect((await rows(c.project, c.meta.id)).map((r) => r.text)).toEqual(['Hello there.', 'Bye.']);
    expect(c.meta.source).toEqual({ file: 'small.csv.gz', format: 'csv' });
    const jsonl = await write('small.jsonl.gz', gzipSync('{"text":"One."}\n'));
    expect((await run(jsonl, { textColumn: 'text' })).meta.rowCount).toBe(1);
    const full = gzipSync('id,text\n' + Array.from({ length: 5000 }, (_, i) => `${i},text ${(i * 7919) % 10007}\n`).join(''));
    const cut = full.subarray(0, full.length >> 1);
    const damaged = await write('cut.csv.gz', cut);
    expect((await failure(damaged, { textColumn: 'text' })).err.message).toMatch(/gzip data is damaged/);
    const notGzip = await write('plain.csv.gz', 'id,text\n1,a\n');
    expect((await failure(notGzip, { textColumn: 'text' })).err.message).toMatch(/ends in .gz but is not gzip data/);
  });

  it('keeps a text over the character limit whole and warns', async () => {
    const long = 'x'.repeat(50);
    const file = await write('long.csv', `id,text\n1,short\n2,${long}\n`);
    const { meta, project } = await run(file, { textColumn: 'text', idColumn: 'id', maxChars: 20 });
    expect(meta.warnings).toContain('1 text(s) longer than 20 characters, kept whole: row 3');
    expect((await rows(project, meta.id))[1].text).toBe(long);
  });

  it('names the missing text column and lists the columns', async () => {
    const { err } = await failure(reviewsSlice, { textColumn: 'Body' });
    expect(err.message).toMatch(/text column "Body" is not in the file \(columns: Id, ProductId/);
  });

  it('names the row of an empty text (header = row 1)', async () => {
    const file = await write('empty.csv', 'id,text\n1,fine\n2,"  "\n');
    expect((await failure(file, { textColumn: 'text' })).err.message).toBe('row 3: the text is empty (' + file + ', row 3, column "text")');
  });

  it('names the row and column of text that is not UTF-8', async () => {
    const file = await write('latin1.csv', Buffer.concat([Buffer.from('id,text\n1,ok\n2,caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    expect((await failure(file, { textColumn: 'text' })).err.message).toMatch(/^row 3, column "text" is not UTF-8 text/);
  });

  it('names both rows of a duplicate id', async () => {
    const file = await write('dup.csv', 'id,text\n7,a\n8,b\n7,c\n');
    expect((await failure(file, { textColumn: 'text', idColumn: 'id' })).err.message).toMatch(/^duplicate id "7" \(row 2 and row 4\)/);
  });

  it('names the JSONL line that is not an object, or not JSON', async () => {
    const notObject = await write('arr.jsonl', '{"text":"a"}\n[1,2]\n');
    expect((await failure(notObject, { textColumn: 'text' })).err.message).toMatch(/^line 2 is not a JSON object/);
    const broken = await write('broken.jsonl', '{"text":"a"}\n{"text":\n');
    expect((await failure(broken, { textColumn: 'text' })).err.message).toMatch(/^line 2 is not valid JSON/);
  });

  it('refuses a file that is not what its extension says', async () => {
    const zip = await write('sheet.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]));
    expect((await failure(zip, { textColumn: 'text' })).err.message).toMatch(/not a CSV file: it starts like a ZIP archive/);
    const array = await write('array.jsonl', '[{"text":"a"}]\n');
    expect((await failure(array, { textColumn: 'text' })).err.message).toMatch(/not JSONL: .*a JSON array/);
    const ragged = await write('ragged.csv', 'id,text\n1,a\n2,b,extra\n');
    expect((await failure(ragged, { textColumn: 'text' })).err.message).toMatch(/cannot be parsed at row 3/);
  });
});

describe('inspectCorpusFile', () => {
  it('reads the header and first rows and guesses the text and id columns', async () => {
    const info = await inspectCorpusFile(reviewsSlice);
    expect(info.format).toBe('csv');
    expect(info.columns).toEqual(['Id', 'ProductId', 'UserId', 'ProfileName', 'HelpfulnessNumerator', 'HelpfulnessDenominator', 'Score', 'Time', 'Summary', 'Text']);
    expect(info.sample).toHaveLength(5);
    expect(info.suggestedText).toBe('Text');
    expect(info.suggestedId).toBe('Id');
  });
});

describe('featuriseCorpus', () => {
  it('gives one matrix row per corpus row, with ids, splits and fields beside it', async () => {
    const file = await write('feat.csv', 'id,text,score\na,The dog runs. The cat sleeps.,1\nb,I think it might be kind of sweet.,2\n');
    const { meta, project } = await run(file, { textColumn: 'text', idColumn: 'id' });
    const m = await featuriseCorpus(project, meta.id, { features: ['structure.words', 'hedges'] });
    expect(m.ids).toEqual(['structure.words', 'hedges.per-100-words']);
    expect(m.rowIds).toEqual(['a', 'b']);
    expect(m.fields).toEqual([{ score: 1 }, { score: 2 }]);
    expect([...m.values]).toEqual([6, 0, 8, 37.5]); // 6 words, no hedge; 8 words, 3 hedges
    expect(m.splits).toHaveLength(2);
  });
});
