import { describe, expect, it } from 'vitest';
import { loadModelDir, TEXT_MODEL_DIR } from '../../games/lm/shipped';
import { readTextSample } from './sample';
import { textBitsPerByte } from './text-model';

// The shipped text model (resources/models/text/) on the shipped held-out sample (resources/text/,
// documents it never trained on; licences in resources/README.md).
describe('the shipped text model', () => {
  it('records its held-out figures beside both anchors, and re-measures near them on held-out text', async () => {
    const { model, info } = await loadModelDir(TEXT_MODEL_DIR);
    expect(model.config.game).toBe('text');
    const m = info.metrics as { heldOutBitsPerByte: number; anchors: { ngram: number; xz: number } };
    expect(m.anchors.ngram).toBeGreaterThan(1);
    expect(m.anchors.xz).toBeGreaterThan(m.anchors.ngram);
    const rows = await readTextSample();
    // every source's first held-out documents, 400 bytes of each
    const texts = ['reviews', 'preferences', 'federalist', 'reuters'].flatMap((s) => rows.filter((r) => r.fields.source === s).slice(0, 5).map((r) => r.text.slice(0, 400)));
    const { bitsPerByte } = await textBitsPerByte(model, texts, { threads: 2 });
    expect(bitsPerByte).toBeLessThan(m.heldOutBitsPerByte + 0.4);
    expect(bitsPerByte).toBeGreaterThan(m.heldOutBitsPerByte - 0.6);
  });
});
