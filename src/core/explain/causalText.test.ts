import { describe, expect, it } from 'vitest';
import { Rng } from '../io/rng';
import { loadModelDir, TEXT_MODEL_DIR } from '../games/lm/shipped';
import { randomSae } from '../sae/checkpoint/testSae';
import { byteTokenLabels, documentTokens } from '../text/lm/bytes';
import { readTextSample } from '../text/lm/sample';
import { causalTextTest, textVerdict } from './causalText';
import { atom } from './hypothesis/tree';
import { labelsToBytes, TextInference } from './textModel';
import { sampleContinuations } from './textSamples';

const eff = (mean: number, t: number) => ({ mean, t, positions: 10 });

describe('text causal tests', () => {
  it('byte labels go back to the bytes they label (multi-byte characters, controls, a literal ␂)', () => {
    const bytes = documentTokens('Café ’quoted’\n\tend ␂ \x01');
    expect(Array.from(labelsToBytes(byteTokenLabels(bytes)))).toEqual(Array.from(bytes));
    // a window that starts inside a character: its continuation bytes label as \xNN
    expect(Array.from(labelsToBytes(byteTokenLabels(bytes.subarray(5))))).toEqual(Array.from(bytes.subarray(5)));
  });

  it('measurable and contradicted, by hand', () => {
    const kl = eff(0.001, 1);
    expect(textVerdict({ kl, alignment: eff(-0.01, -4) }, { kl, alignment: eff(0.01, 1) })).toEqual({ measurable: true, contradicts: false });
    expect(textVerdict({ kl, alignment: eff(0.01, 4) }, { kl, alignment: eff(0, 0.5) })).toEqual({ measurable: true, contradicts: true });
    expect(textVerdict({ kl, alignment: eff(0, 0.5) }, { kl, alignment: eff(-0.01, -3.5) })).toEqual({ measurable: true, contradicts: true });
    // mixed evidence (one against, one along) is not a contradiction
    expect(textVerdict({ kl, alignment: eff(0.01, 4) }, { kl, alignment: eff(0.01, 4) })).toEqual({ measurable: true, contradicts: false });
    expect(textVerdict({ kl: eff(0.02, 5), alignment: null }, { kl, alignment: null })).toEqual({ measurable: true, contradicts: false });
    expect(textVerdict({ kl, alignment: eff(0, 2.9) }, { kl: eff(0.009, 9), alignment: eff(0, -2.9) })).toEqual({ measurable: false, contradicts: false });
  });

  it('on the shipped text model: the unedited residual gives the clean output; ablating a firing feature moves the next byte; samples are seeded', async () => {
    // held-out English shipped in resources/text (licences in resources/README.md)
    const texts = (await readTextSample()).slice(0, 4).map((d) => d.text);
    const { model } = await loadModelDir(TEXT_MODEL_DIR);
    const sae = randomSae('topk', model.config.gpt.d, 32, 5);
    const inf = new TextInference(model, 2, sae, 1);
    try {
      const windows = texts.map((t) => documentTokens(t).subarray(0, 64));
      const { rows, codes } = await inf.encode(windows);
      let feature = codes.index[0];
      const counts = new Map<number, number>();
      for (const i of codes.index) counts.set(i, (counts.get(i) ?? 0) + 1);
      for (const [i, n] of counts) if (n < (counts.get(feature) ?? 0) && n > 5) feature = i;
      expect(rows.rows).toBe(4 * 63);
      const pred = atom({ kind: 'token' as const, tokens: [' ', 'e'] });
      const c = (await causalTextTest({ inf, feature, pred, windows }))!;
      expect(c.identity).toBeLessThan(1e-3);
      expect(c.ablate.kl.positions).toBe(counts.get(feature));
      expect(c.ablate.kl.mean).toBeGreaterThan(0);
      expect(c.clamp.kl.positions).toBe(4 * 64 - counts.get(feature)!);
      expect(c.expected).toBe(1);
      expect(c.ablate.promoted.length + c.ablate.suppressed.length).toBeGreaterThan(0);
      for (const b of c.ablate.promoted) expect(b.mean).toBeGreaterThan(0);
      for (const b of c.ablate.suppressed) expect(b.mean).toBeLessThan(0);
      // a feature that never fires: the ablation edits nothing and measures no position
      const silent = Array.from({ length: 32 }, (_, i) => i).find((i) => !counts.has(i));
      if (silent !== undefined) expect((await causalTextTest({ inf, feature: silent, pred, windows }))!.ablate.kl.positions).toBe(0);

      const prefixes = [windows[0].subarray(0, 20), windows[1].subarray(0, 9)];
      const a = await sampleContinuations(inf, prefixes, new Rng(3), { length: 6 });
      const b = await sampleContinuations(inf, prefixes, new Rng(3), { length: 6 });
      expect(a.from).toEqual([20, 9]);
      expect(a.windows.map((w) => Array.from(w))).toEqual(b.windows.map((w) => Array.from(w)));
      expect(Array.from(a.windows[0].subarray(0, 20))).toEqual(Array.from(prefixes[0]));
      expect(a.windows[1]).toHaveLength(15);
    } finally {
      await inf.dispose();
    }
  }, 60_000);
});
