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
import { column, PoolLab } from './pool';
import { evaluate, type Pred } from './hypothesis/tree';
import type { Lab, LabInput } from './sage';

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

/** Bytes a minimal edit puts in place of the key token, tried in this order until the hypothesis fails. */
const REPLACEMENTS = [' ', 'x', 'e', '.', 'q', 'a', ',', 'T'];
const LABEL_CHAR: Record<string, string> = { '↵': '\n', '⇥': '\t' };

/**
 * Text tests: a positive test takes held-out bytes where the hypothesis holds; a negative control
 * takes half its inputs as minimal edits of such bytes (SAGE's "swap the key token": the text up
 * to the byte with that byte replaced, the first replacement on which the hypothesis fails, run
 * through the model and SAE again) and half from held-out bytes where it fails.
 */
export function textLab(encode: TextEncoder, texts: readonly string[], opts: { docsPerStep?: number; maxDocs?: number } = {}): Lab<TextAtom> {
  const pool = textPool(encode, texts, opts);
  return {
    async run(feature, pred, want, n, rng) {
      if (want) return pool.run(feature, pred, true, n, rng);
      const edits = await minimalEdits(encode, feature, pred, await pool.run(feature, pred, true, Math.floor(n / 2), rng));
      return [...edits, ...(await pool.run(feature, pred, false, n - edits.length, rng))];
    },
  };
}

async function minimalEdits(encode: TextEncoder, feature: number, pred: Pred<TextAtom>, inputs: LabInput[]): Promise<LabInput[]> {
  const prefixes = inputs.flatMap((x) => {
    const d = x.detail as { tokens: string[] } | undefined;
    // a prefix that cuts a multi-byte character cannot be written back as text
    if (!d || d.tokens.some((t) => t.length > 1 && !(t in LABEL_CHAR))) return [];
    return [d.tokens.slice(0, -1).map((t) => LABEL_CHAR[t] ?? t).join('')];
  });
  if (prefixes.length === 0) return [];
  const texts = prefixes.flatMap((p) => REPLACEMENTS.map((r) => p + r));
  const { rows, codes } = await encode(texts);
  const truth = evaluate(pred, textLanguage(rows));
  const acts = column(codes, feature);
  const out: LabInput[] = [];
  prefixes.forEach((_, i) => {
    for (let k = 0; k < REPLACEMENTS.length; k++) {
      const seq = i * REPLACEMENTS.length + k;
      let last = -1;
      for (let r = 0; r < rows.rows; r++) if (rows.seq[r] === seq) last = r;
      if (last < 0 || truth[last]) continue;
      const tokens = rows.sequences[seq].slice(Math.max(1, rows.pos[last] - 31), rows.pos[last] + 1);
      out.push({ label: `edit: ${tokens.slice(0, -1).join('')}[[${tokens[tokens.length - 1]}]]`, activation: acts[last], detail: { tokens, at: tokens.length - 1, edit: true } });
      break;
    }
  });
  return out;
}

function textPool(encode: TextEncoder, texts: readonly string[], opts: { docsPerStep?: number; maxDocs?: number }): PoolLab<TextAtom> {
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
