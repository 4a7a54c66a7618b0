import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivationStore } from '../../data/store';
import { readDatasetTokens } from '../../data/tokens';
import { TranscriptModel } from '../../games/lm/model';
import { readCheckpoint } from '../../games/lm/checkpoint';
import { trainTextPiece } from './checkpoint';
import { documentVectors, extractTextActivations, tokenRowPlaces } from './extract';
import { readTextSample } from './sample';
import { textBitsPerByte, textRecipe, tokenStream } from './text-model';

// Text: the shipped held-out sample (resources/text/, licences in resources/README.md).
const recipe = textRecipe({ d: 16, layers: 1, heads: 2, mlp: 32, context: 16, batch: 4, steps: 6 });
let tmp: string;
let texts: string[];

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-textlm-'));
  texts = (await readTextSample()).slice(0, 12).map((r) => r.text.slice(0, 120));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

describe('the text model', () => {
  it('continues a checkpoint exactly where a run without a stop would be', async () => {
    const stream = tokenStream(texts);
    const straight = await trainTextPiece(path.join(tmp, 'straight'), recipe, stream, { threads: 1 });
    await trainTextPiece(path.join(tmp, 'pieces'), recipe, stream, { threads: 1, stopStep: 3, every: 2 });
    const half = await readCheckpoint(path.join(tmp, 'pieces'));
    expect(half?.state.step).toBe(3);
    const resumed = await trainTextPiece(path.join(tmp, 'pieces'), recipe, stream, { threads: 1 });
    expect(resumed.state.step).toBe(6);
    for (const [name, w] of Object.entries(straight.model.weights)) {
      const r = resumed.model.weights[name];
      const diff = Math.max(...Array.from(w, (v, i) => Math.abs(v - r[i])));
      expect(diff, name).toBeLessThan(1e-5);
    }
    // a state file from before the held-out check was named generically still reads
    const stateFile = path.join(tmp, 'pieces', 'checkpoint.json');
    await fs.writeFile(stateFile, JSON.stringify({ ...JSON.parse(await fs.readFile(stateFile, 'utf8')), evalCurve: [{ step: 2, bitsPerByte: 3.5 }] }));
    expect((await readCheckpoint(path.join(tmp, 'pieces')))?.state.evalCurve).toEqual([{ step: 2, value: 3.5 }]);
    // a checkpoint of another architecture is refused, not overwritten
    await expect(trainTextPiece(path.join(tmp, 'pieces'), textRecipe({ ...recipe.model.gpt, d: 32, layers: 1, heads: 2, mlp: 32, context: 16, steps: 6 }), stream, { threads: 1 })).rejects.toThrow(/another architecture/);
  });

  it('scores an untrained model near 8 bits a byte', async () => {
    const { bitsPerByte, bytes } = await textBitsPerByte(TranscriptModel.init(recipe.model), texts.slice(0, 3), { threads: 1 });
    expect(bytes).toBe(texts.slice(0, 3).reduce((s, t) => s + Buffer.byteLength(t), 0));
    expect(bitsPerByte).toBeGreaterThan(7.5);
    expect(bitsPerByte).toBeLessThan(8.6);
  });

  it('writes per-byte activations with a token sidecar, and document means that agree with them', async () => {
    const model = TranscriptModel.init(recipe.model);
    const docs = ['Good dog food.', 'It’s très bon — a long enough text to need two windows.'];
    const dir = path.join(tmp, 'ds');
    const meta = await extractTextActivations({ model, texts: docs, layer: 0, pooling: 'token', datasetDir: dir, id: 'ds', name: 'text', threads: 1 });
    const bytes = docs.reduce((s, t) => s + Buffer.byteLength(t), 0);
    expect(meta.rows).toBe(bytes);
    const tokens = await readDatasetTokens(dir, meta.rows);
    const places = tokenRowPlaces(docs, 16);
    // row r shows the byte at places.byte[r] of its document
    const r = 20;
    const label = tokens!.sequences[tokens!.seq[r]][tokens!.pos[r]];
    expect(label).toBe(Buffer.from(docs[places.doc[r]]).subarray(places.byte[r], places.byte[r] + 1).toString('latin1'));
    const store = await ActivationStore.open(dir);
    const rows = await store.readRows(0, meta.rows);
    await store.close();
    const means = await documentVectors(model, docs, { layer: 0, pooling: 'mean', threads: 1 });
    const D = 16;
    for (let doc = 0; doc < docs.length; doc++) {
      const mine = Array.from(places.doc.keys()).filter((i) => places.doc[i] === doc);
      for (const k of [0, 7, 15]) {
        const mean = mine.reduce((s, i) => s + rows[i * D + k], 0) / mine.length;
        expect(means[doc * D + k]).toBeCloseTo(mean, 4);
      }
    }
  });
});
