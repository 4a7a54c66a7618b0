/**
 * Text tests (issue 19): held-out documents the explored rows did not come from (the shipped
 * English sample read from its end), run through the text model and the SAE byte by byte; a
 * test takes bytes where the hypothesis holds or fails. Inputs are the text up to that byte.
 */
import type { SparseActivations } from '../evals/board';
import { encodeSparse } from '../explorer/codes';
import type { TranscriptModel } from '../games/lm/model';
import { gatherResiduals } from '../games/lm/residuals';
import type { Sae } from '../sae/checkpoint/sae';
import { byteTokenLabels, documentTokens } from '../text/lm/bytes';
import { type TextAtom, type TextRows, textLanguage } from './hypothesis/text';
import { PoolLab } from './pool';

/** Activations of every byte of some texts: the model + SAE (or anything with the same shape in tests). */
export type TextEncoder = (texts: readonly string[]) => Promise<{ rows: TextRows; codes: SparseActivations }>;

/** The first context-long window of each text (DOC_START, then bytes), every byte but DOC_START a row. */
export function modelTextEncoder(model: TranscriptModel, layer: number, sae: Sae, threads?: number): TextEncoder {
  return async (texts) => {
    const T = model.config.gpt.context;
    const windows = texts.map((t) => documentTokens(t).subarray(0, T));
    const game: number[] = [];
    const at: number[] = [];
    windows.forEach((w, i) => {
      for (let t = 1; t < w.length; t++) {
        game.push(i);
        at.push(t);
      }
    });
    const [x] = await gatherResiduals(model, { count: windows.length, row: (g) => windows[g] }, { game: Uint32Array.from(game), at }, [layer], { threads });
    const rows: TextRows = { rows: game.length, sequences: windows.map((w) => byteTokenLabels(w)), seq: Uint32Array.from(game), pos: Uint32Array.from(at) };
    return { rows, codes: await encodeSparse(sae, x, rows.rows) };
  };
}

export function textLab(encode: TextEncoder, texts: readonly string[], opts: { docsPerStep?: number; maxDocs?: number } = {}): PoolLab<TextAtom> {
  const step = opts.docsPerStep ?? 24;
  return new PoolLab<TextAtom>(
    async (k) => {
      const part = texts.slice(k * step, (k + 1) * step);
      if (part.length === 0) return null;
      const { rows, codes } = await encode(part);
      return {
        codes,
        lang: textLanguage(rows),
        describe(r, activation) {
          const toks = rows.sequences[rows.seq[r]];
          const p = rows.pos[r];
          const from = Math.max(1, p - 31);
          const tokens = toks.slice(from, p + 1);
          return { label: `${tokens.slice(0, -1).join('')}[[${tokens[tokens.length - 1]}]]`, activation, detail: { tokens, at: tokens.length - 1 } };
        },
      };
    },
    { maxParts: Math.ceil((opts.maxDocs ?? 240) / step) },
  );
}
