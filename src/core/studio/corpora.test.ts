import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/errors';
import { expectJobDone, useTempStudio } from './testing';

const ctx = useTempStudio('fs-corpora-');

describe('corpora through the StudioApi', () => {
  it('import as a job, list, and page through rows with feature values and evidence', async () => {
    const dir = path.join(ctx.tmp, 'p.fstudio');
    await ctx.studio.createProject({ dir, name: 'Text' });
    const csv = path.join(ctx.tmp, 'reviews.csv');
    await fs.writeFile(csv, 'id,author,body\nr1,ann,"I think it might be kind of sweet."\nr2,bob,Buy it now! Is it good?\nr3,ann,Not bad.\n');
    expect(await ctx.studio.inspectCorpusFile({ path: csv })).toMatchObject({ format: 'csv', columns: ['id', 'author', 'body'], suggestedText: 'body', suggestedId: 'id' });

    const { jobId } = await ctx.studio.importCorpus({ projectDir: dir, path: csv, textColumn: 'body', idColumn: 'id', groupColumn: 'author' });
    await expectJobDone(ctx.studio, jobId);
    const [corpus] = await ctx.studio.listCorpora({ projectDir: dir });
    expect(corpus).toMatchObject({ name: 'reviews', rowCount: 3, groupColumn: 'author', columns: ['author'] });
    expect((await ctx.studio.getProject({ projectDir: dir })).manifest.corpora.map((c) => c.id)).toEqual([corpus.id]);

    const page = await ctx.studio.getCorpusRows({ projectDir: dir, corpusId: corpus.id, offset: 0, limit: 2, features: ['hedges', 'structure.words'] });
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.row.id)).toEqual(['r1', 'r2']);
    const hedges = page.rows[0].values.find((v) => v.id === 'hedges.per-100-words')!;
    expect(hedges.value).toBe(37.5); // 3 hedges in 8 words
    expect(hedges.evidence.map((e) => page.rows[0].row.text.slice(e.start, e.end))).toEqual(['I think', 'might', 'kind of']);
    expect(page.rows[1].values.map((v) => v.id)).toEqual(['hedges.per-100-words', 'structure.words']);

    const catalogue = await ctx.studio.listTextFeatures({});
    expect(catalogue.families.find((f) => f.id === 'dep')?.unavailable).toMatch(/dependency/);
    expect(catalogue.summary).toContain('readability.flesch-reading-ease');
  });

  it('checks the text column against the header before any job starts', async () => {
    const dir = path.join(ctx.tmp, 'q.fstudio');
    await ctx.studio.createProject({ dir, name: 'Text' });
    const csv = path.join(ctx.tmp, 'plain.csv');
    await fs.writeFile(csv, 'id,body\n1,hello\n');
    const err = await ctx.studio.importCorpus({ projectDir: dir, path: csv, textColumn: 'text' }).catch((e: unknown) => e as StudioError);
    expect(err).toBeInstanceOf(StudioError);
    expect((err as StudioError).message).toMatch(/text column "text" is not in the file \(columns: id, body\)/);
    expect(ctx.studio.jobs.list().length).toBe(0);
    expect(await ctx.studio.listCorpora({ projectDir: dir })).toEqual([]);
  });
});
