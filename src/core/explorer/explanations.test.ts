import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StudioError } from '../../shared/errors';
import { EXPLANATIONS_FILE } from '../../shared/schemas/explanations';
import { listFeaturesReady } from './testing/listReady';
import { seedExplorerProject } from './testing/seedProject';
import { runDir } from '../sae/run/folder';
import { useTempStudio } from '../studio/testing';
import { importExplanations, readExplanations } from './explanations';

const ctx = useTempStudio('fs-explanations-');
const fail = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as StudioError);

async function write(name: string, text: string): Promise<string> {
  const file = path.join(ctx.tmp, name);
  await fs.writeFile(file, text);
  return file;
}

describe('explanations import', () => {
  it("reads Neuronpedia's explanation export (index as a string, description) and feature JSON (explanations list)", async () => {
    const run = path.join(ctx.tmp, 'np-run');
    await fs.mkdir(run);
    // The keys of Neuronpedia's /api/explanation/export rows; a feature appears once per explainer.
    const exported = [
      { modelId: 'gpt2-small', layer: '6-res-jb', index: '12', description: ' the word "cat"', explanationModelName: 'gpt-4o-mini', typeName: 'oai_token-act-pair' },
      { modelId: 'gpt2-small', layer: '6-res-jb', index: '12', description: 'animals', explanationModelName: 'claude', typeName: 'np_max-act-logits' },
      { modelId: 'gpt2-small', layer: '6-res-jb', index: '3', description: 'commas', explanationModelName: 'gpt-4o-mini', typeName: 'oai_token-act-pair' },
    ];
    expect(await importExplanations(run, await write('np.json', JSON.stringify(exported)), 16)).toEqual({ imported: 2, total: 2 });
    const feature = { modelId: 'gpt2-small', layer: '6-res-jb', index: '5', explanations: [{ description: 'closing brackets', typeName: 'oai_token-act-pair', explanationModelName: 'gpt-4' }] };
    expect(await importExplanations(run, await write('np-feature.json', JSON.stringify(feature)), 16)).toEqual({ imported: 1, total: 3 });
    expect((await readExplanations(run)).get(12)).toEqual({ feature: 12, text: 'the word "cat"', score: null, method: 'neuronpedia:gpt-4o-mini' });
    expect((await readExplanations(run)).get(5)?.text).toBe('closing brackets');
    const outside = await write('np-bad.json', JSON.stringify([{ index: '99', description: 'x' }]));
    expect(await fail(importExplanations(run, outside, 16))).toMatchObject({ code: 'bad-input', where: `${outside}: entry 0` });
  });

  it('reads CSV (quoted commas, empty score = none) and JSON, merging into explanations.json', async () => {
    const run = path.join(ctx.tmp, 'run');
    await fs.mkdir(run);
    const csv = await write('e.csv', 'feature,text,score\n3,"fires on ""great"", praise",0.82\n7,end of sentence,\n');
    expect(await importExplanations(run, csv, 16)).toEqual({ imported: 2, total: 2 });
    const json = await write('e.json', JSON.stringify([{ feature: 7, text: 'a period', score: -0.1, method: 'delphi-detection' }, { feature: 0, text: 'first token' }]));
    expect(await importExplanations(run, json, 16, 'manual')).toEqual({ imported: 2, total: 3 });
    const saved = JSON.parse(await fs.readFile(path.join(run, EXPLANATIONS_FILE), 'utf8'));
    expect(saved).toEqual({
      version: 1,
      explanations: [
        { feature: 0, text: 'first token', score: null, method: 'manual' },
        { feature: 3, text: 'fires on "great", praise', score: 0.82, method: 'imported' },
        { feature: 7, text: 'a period', score: -0.1, method: 'delphi-detection' },
      ],
    });
    // the written file is an import source too (an explainer's own output)
    const again = path.join(ctx.tmp, 'again');
    await fs.mkdir(again);
    await importExplanations(again, path.join(run, EXPLANATIONS_FILE), 16);
    expect([...(await readExplanations(again)).values()]).toEqual(saved.explanations);
  });

  it('names the bad row or entry and leaves the saved explanations as they were', async () => {
    const run = path.join(ctx.tmp, 'run');
    await fs.mkdir(run);
    await importExplanations(run, await write('ok.csv', 'feature,text,score\n1,kept,0.5\n'), 8);
    const before = await fs.readFile(path.join(run, EXPLANATIONS_FILE), 'utf8');
    const cases: [string, string, Partial<StudioError>][] = [
      ['range.csv', 'feature,text,score\n2,fine,0.1\n8,too far,0.2\n', { code: 'bad-input', where: `${path.join(ctx.tmp, 'range.csv')}: row 3` }],
      ['negative.csv', 'feature,text\n-1,x\n', { code: 'bad-input', where: `${path.join(ctx.tmp, 'negative.csv')}: row 2` }],
      ['int.csv', 'feature,text\n1.5,x\n', { code: 'bad-file', where: `${path.join(ctx.tmp, 'int.csv')}: row 2` }],
      ['score.csv', 'feature,text,score\n1,x,high\n', { code: 'bad-file', where: `${path.join(ctx.tmp, 'score.csv')}: row 2` }],
      ['empty.csv', 'feature,text\n1,  \n', { code: 'bad-file', where: `${path.join(ctx.tmp, 'empty.csv')}: row 2` }],
      ['twice.csv', 'feature,text\n4,a\n4,b\n', { code: 'bad-file', where: `${path.join(ctx.tmp, 'twice.csv')}: row 3` }],
      ['fields.csv', 'feature,text\n4,a,extra\n', { code: 'bad-file', where: `${path.join(ctx.tmp, 'fields.csv')}: row 2` }],
      ['header.csv', 'id,text\n4,a\n', { code: 'bad-file', where: `${path.join(ctx.tmp, 'header.csv')}: row 1` }],
      ['entry.json', JSON.stringify([{ feature: 1, text: 'ok' }, { feature: 9, text: 'out' }]), { code: 'bad-input', where: `${path.join(ctx.tmp, 'entry.json')}: entry 1` }],
      ['shape.json', JSON.stringify({ feature: 1 }), { code: 'bad-file', where: path.join(ctx.tmp, 'shape.json') }],
    ];
    for (const [name, text, expected] of cases) {
      expect(await fail(importExplanations(run, await write(name, text), 8)), name).toMatchObject(expected);
    }
    expect(await fs.readFile(path.join(run, EXPLANATIONS_FILE), 'utf8')).toBe(before);
  });

  // Issue 24: each of these was accepted.
  it('refuses an unterminated CSV quote, JSON version 2 and a feature given as a string', async () => {
    const run = path.join(ctx.tmp, 'run-refuse');
    await fs.mkdir(run);
    const quote = await write('q.csv', 'feature,text\n1,fine\n2,"never closed\n3,swallowed\n');
    expect(await fail(importExplanations(run, quote, 16))).toMatchObject({ code: 'bad-file', where: `${quote}: row 3` });
    const v2 = await write('v2.json', JSON.stringify({ version: 2, explanations: [{ feature: 1, text: 'x' }] }));
    expect(await fail(importExplanations(run, v2, 16))).toMatchObject({ code: 'unsupported', where: `${v2}: version` });
    const asString = await write('s.json', JSON.stringify([{ feature: '0', text: 'x' }]));
    expect(await fail(importExplanations(run, asString, 16))).toMatchObject({ code: 'bad-file', where: `${asString}: entry 0` });
    const notJson = await write('n.json', '{"explanations": [SECRET-BYTES');
    const err = await fail(importExplanations(run, notJson, 16));
    expect(err).toMatchObject({ code: 'bad-file', where: notJson });
    expect(err!.message).not.toContain('SECRET');
    await expect(fs.access(path.join(run, EXPLANATIONS_FILE))).rejects.toThrow();
  });

  it('shows in the explorer table and page once imported through the API', async () => {
    const dir = path.join(ctx.tmp, 'p.fstudio');
    const { runId } = await seedExplorerProject(dir, { games: 2, features: 16 });
    const csv = await write('x.csv', 'feature,text,score,method\n5,"black stone on d3, mover\'s side",0.9,sage\n2,no score here,,\n');
    await ctx.studio.openProject({ dir });
    expect(await ctx.studio.importExplanations({ projectDir: dir, runId, path: csv })).toEqual({ imported: 2, total: 2 });
    const { table } = await listFeaturesReady(ctx.studio, { projectDir: dir, runId });
    expect(table.explanation[5]).toBe("black stone on d3, mover's side");
    expect(table.explanationScore[5]).toBe(0.9);
    expect(table.explanation[2]).toBe('no score here');
    expect(table.explanationScore[2]).toBeNull();
    expect(table.explanation.filter((e) => e !== null)).toHaveLength(2);
    const page = await ctx.studio.getFeature({ projectDir: dir, runId, feature: 5 });
    expect(page.explanation).toEqual({ text: "black stone on d3, mover's side", score: 0.9, method: 'sage' });
    expect(await fail(ctx.studio.importExplanations({ projectDir: dir, runId: 'nope', path: csv }))).toMatchObject({ code: 'not-found', where: 'runId' });
    await fs.writeFile(path.join(runDir(dir, runId), EXPLANATIONS_FILE), '{"version":1,"explanations":[{"feature":1}]}');
    expect(await fail(ctx.studio.listFeatures({ projectDir: dir, runId }))).toMatchObject({ code: 'bad-file', where: `${path.join(runDir(dir, runId), EXPLANATIONS_FILE)}: explanations.0.text` });
  });
});
