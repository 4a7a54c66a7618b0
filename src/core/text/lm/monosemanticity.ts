/**
 * A cheap monosemanticity proxy for text SAEs (docs/text-model.md "Same-token and same-POS
 * shares"): among the features that fire on at least TOP_EXAMPLES held-out bytes, the share
 * whose TOP_EXAMPLES strongest examples mostly (≥ AGREEMENT of them) sit on the same token —
 * the same byte label — and the share whose examples mostly sit inside words of the same
 * part-of-speech tag. A feature for "the letter e" scores on tokens, a feature for "inside a
 * noun" on POS; a polysemantic feature on neither.
 */
import { byteTokenLabels, documentTokens } from './bytes';

export const TOP_EXAMPLES = 10;
export const AGREEMENT = 0.8;

/** Where a row's byte sits: its document and byte offset (extract.ts `tokenRowPlaces`). */
export interface RowPlaces {
  doc: Uint32Array;
  byte: Uint32Array;
}

/** A tagger's words: character offsets (UTF-16, as String.slice) and a POS tag. */
export interface TaggedWord {
  start: number;
  end: number;
  pos: string;
}
export type Tagger = (text: string) => readonly TaggedWord[];

/** Keeps each feature's `k` largest activations and their rows, fed batch by batch. */
export class TopExamples {
  readonly values: Float32Array;
  readonly rows: Int32Array;
  readonly firing: Uint32Array;

  constructor(
    readonly features: number,
    readonly k = TOP_EXAMPLES,
  ) {
    this.values = new Float32Array(features * k).fill(-Infinity);
    this.rows = new Int32Array(features * k).fill(-1);
    this.firing = new Uint32Array(features);
  }

  /** f: rows × features activations of rows [firstRow, firstRow + rows) */
  add(f: Float32Array, firstRow: number): void {
    const m = this.features;
    const k = this.k;
    for (let r = 0; r < f.length / m; r++) {
      for (let i = 0; i < m; i++) {
        const v = f[r * m + i];
        if (!(v > 0)) continue;
        this.firing[i]++;
        // replace the smallest kept value when v beats it
        let min = 0;
        for (let j = 1; j < k; j++) if (this.values[i * k + j] < this.values[i * k + min]) min = j;
        if (v > this.values[i * k + min]) {
          this.values[i * k + min] = v;
          this.rows[i * k + min] = firstRow + r;
        }
      }
    }
  }
}

export interface SharedLabelShares {
  /** features that fired on at least TOP_EXAMPLES rows (the ones judged) */
  judged: number;
  sameToken: number;
  /** null without a tagger */
  samePos: number | null;
}

/** Share of judged features whose top examples agree on one label (the most common covers ≥ AGREEMENT of them). */
function shareAgreeing(top: TopExamples, labelOf: (row: number) => string): { judged: number; share: number } {
  let judged = 0;
  let agreeing = 0;
  for (let i = 0; i < top.features; i++) {
    if (top.firing[i] < top.k) continue;
    judged++;
    const counts = new Map<string, number>();
    for (let j = 0; j < top.k; j++) {
      const label = labelOf(top.rows[i * top.k + j]);
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    if (Math.max(...counts.values()) >= AGREEMENT * top.k) agreeing++;
  }
  return { judged, share: judged ? agreeing / judged : 0 };
}

/** The label of every byte of every document: its token label, and the POS of the word holding it ('SPACE' between words). */
export function byteLabels(texts: readonly string[], tagger?: Tagger): { token: string[][]; pos: string[][] | null } {
  const token = texts.map((t) => byteTokenLabels(documentTokens(t).subarray(1)));
  if (!tagger) return { token, pos: null };
  const pos = texts.map((text) => {
    const words = tagger(text);
    const out: string[] = [];
    let w = 0;
    let ch = 0;
    for (const c of text) {
      while (w < words.length && words[w].end <= ch) w++;
      const tag = w < words.length && words[w].start <= ch ? words[w].pos : 'SPACE';
      for (let b = 0; b < Buffer.byteLength(c); b++) out.push(tag);
      ch += c.length;
    }
    return out;
  });
  return { token, pos };
}

export function sharedLabelShares(top: TopExamples, places: RowPlaces, labels: { token: string[][]; pos: string[][] | null }): SharedLabelShares {
  const of = (table: string[][]) => (row: number) => table[places.doc[row]][places.byte[row]];
  const tok = shareAgreeing(top, of(labels.token));
  return { judged: tok.judged, sameToken: tok.share, samePos: labels.pos ? shareAgreeing(top, of(labels.pos)).share : null };
}
