/**
 * Text tests (issue 19): held-out documents the explored rows did not come from (the shipped
 * English sample read from its end), run through the text model and the SAE byte by byte; a
 * test takes bytes where the hypothesis holds or fails. Inputs are the text up to that byte.
 */
import type { SparseActivations } from '../evals/board';
import type { Rng } from '../io/rng';
import { type TextAtom, type TextRows, textLanguage } from './hypothesis/text';
import { column, PoolLab } from './pool';
import { evaluate, type Pred } from './hypothesis/tree';
import type { Lab, LabInput } from './sage';

/** Activations of every byte of some texts: the model + SAE (or anything with the same shape in tests). */
export type TextEncoder = (texts: readonly string[]) => Promise<{ rows: TextRows; codes: SparseActivations }>;

/** Sampled continuations read through the model and SAE: only bytes from `from[seq]` on are inputs. */
export interface TextSamples {
  rows: TextRows;
  codes: SparseActivations;
  from: readonly number[];
}

/** Share of a test's inputs drawn from the feature's model samples when it has them. */
const SAMPLE_SHARE = 0.25;

/** Bytes a minimal edit puts in place of the key token, tried in this order until the hypothesis fails. */
const REPLACEMENTS = [' ', 'x', 'e', '.', 'q', 'a', ',', 'T'];
const LABEL_CHAR: Record<string, string> = { '↵': '\n', '⇥': '\t' };

/**
 * Text tests: a positive test takes held-out bytes where the hypothesis holds; a negative control
 * takes half its inputs as minimal edits of such bytes (SAGE's "swap the key token": the text up
 * to the byte with that byte replaced, the first replacement on which the hypothesis fails, run
 * through the model and SAE again) and half from held-out bytes where it fails.
 */
export interface TextLab extends Lab<TextAtom> {
  /** The feature's model samples (textSamples.ts); its tests then take a quarter of their inputs from them. */
  setSamples(feature: number, samples: TextSamples | null): void;
}

export function textLab(encode: TextEncoder, texts: readonly string[], opts: { docsPerStep?: number; maxDocs?: number } = {}): TextLab {
  const pool = textPool(encode, texts, opts);
  let samples: Sampled | null = null;
  return {
    setSamples(feature, s) {
      // one language (its tagging) and one truth cache for all of the feature's tests
      samples = s && { feature, s, lang: textLanguage(s.rows), cache: new Map() };
    },
    async run(feature, pred, want, n, rng) {
      const sampled = samples?.feature === feature ? fromSamples(samples, pred, want, Math.floor(n * SAMPLE_SHARE), rng) : [];
      const rest = n - sampled.length;
      if (want) return [...sampled, ...(await pool.run(feature, pred, true, rest, rng))];
      const edits = await minimalEdits(encode, feature, pred, await pool.run(feature, pred, true, Math.floor(rest / 2), rng));
      return [...sampled, ...edits, ...(await pool.run(feature, pred, false, rest - edits.length, rng))];
    },
  };
}

/** Up to n sampled bytes (past their prefix) where the hypothesis is `want`, drawn with the test's generator. */
interface Sampled {
  feature: number;
  s: TextSamples;
  lang: ReturnType<typeof textLanguage>;
  cache: Map<string, Uint8Array>;
}

function fromSamples({ s, feature, lang, cache }: Sampled, pred: Pred<TextAtom>, want: boolean, n: number, rng: Rng): LabInput[] {
  const truth = evaluate(pred, lang, cache);
  const acts = column(s.codes, feature);
  const found: number[] = [];
  for (let r = 0; r < s.rows.rows; r++) if (s.rows.pos[r] >= s.from[s.rows.seq[r]] && truth[r] === Number(want)) found.push(r);
  const picked: number[] = [];
  while (picked.length < Math.min(n, found.length)) {
    const r = found[rng.int(found.length)];
    if (!picked.includes(r)) picked.push(r);
  }
  return picked.map((r) => {
    const start = Math.max(1, s.rows.pos[r] - 31);
    const tokens = s.rows.sequences[s.rows.seq[r]].slice(start, s.rows.pos[r] + 1);
    // `from`: the first sampled token shown (the ones before it are the exemplar's prefix)
    return { label: `sample: ${tokens.slice(0, -1).join('')}[[${tokens[tokens.length - 1]}]]`, activation: acts[r], source: 'model sample', detail: { tokens, at: tokens.length - 1, from: Math.max(0, s.from[s.rows.seq[r]] - start) } };
  });
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
      out.push({ label: `edit: ${tokens.slice(0, -1).join('')}[[${tokens[tokens.length - 1]}]]`, activation: acts[last], source: 'minimal edit', detail: { tokens, at: tokens.length - 1, edit: true } });
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
