/**
 * A growing pool of fresh inputs run through the real model and SAE, shared by every feature of
 * a batch (inference runs once per input): a test takes inputs on which its hypothesis holds
 * (or fails), and when too few do, the pool makes more (new games, more documents) up to a cap.
 * An input is a prefix (a game's moves, a text's bytes) read at its last position.
 */
import type { SparseActivations } from '../evals/board';
import type { Rng } from '../io/rng';
import { type AtomLanguage, evaluate, type Pred } from './hypothesis/tree';
import type { Lab, LabInput } from './sage';

export interface PoolPart<A> {
  codes: SparseActivations;
  lang: AtomLanguage<A>;
  /** what a test input shows: its label and detail (a board, highlighted tokens) */
  describe(row: number, activation: number): LabInput;
}

export interface PoolOptions {
  /** parts made at most (each part is one `make` call) */
  maxParts: number;
}

export class PoolLab<A> implements Lab<A> {
  private parts: PoolPart<A>[] = [];
  private columns = new Map<string, Float32Array>();
  private truths = new Map<string, Uint8Array>();

  /** `make(k)` makes the k-th part (new games or documents, run through model and SAE). */
  constructor(private readonly make: (k: number) => Promise<PoolPart<A> | null>, private readonly opts: PoolOptions) {}

  get size(): number {
    return this.parts.length;
  }

  async run(feature: number, pred: Pred<A>, want: boolean, n: number, rng: Rng): Promise<LabInput[]> {
    if (this.parts.length === 0) await this.grow();
    let found = this.matching(pred, want);
    while (found.length < n && this.parts.length < this.opts.maxParts && (await this.grow())) found = this.matching(pred, want);
    const picked: [number, number][] = [];
    const taken = new Set<number>();
    while (picked.length < Math.min(n, found.length)) {
      const k = rng.int(found.length);
      if (taken.has(k)) continue;
      taken.add(k);
      picked.push(found[k]);
    }
    return picked.map(([p, r]) => this.parts[p].describe(r, this.column(p, feature)[r]));
  }

  private async grow(): Promise<boolean> {
    const part = await this.make(this.parts.length);
    if (!part) return false;
    this.parts.push(part);
    return true;
  }

  private column(p: number, feature: number): Float32Array {
    const key = `${p}:${feature}`;
    let col = this.columns.get(key);
    if (!col) this.columns.set(key, (col = column(this.parts[p].codes, feature)));
    return col;
  }

  /** (part, row) of every pooled input where the predicate is `want`. */
  private matching(pred: Pred<A>, want: boolean): [number, number][] {
    const out: [number, number][] = [];
    const key = JSON.stringify(pred);
    this.parts.forEach((part, p) => {
      let t = this.truths.get(`${p}:${key}`);
      if (!t) this.truths.set(`${p}:${key}`, (t = evaluate(pred, part.lang)));
      for (let r = 0; r < t.length; r++) if (t[r] === Number(want)) out.push([p, r]);
    });
    return out;
  }
}

/** One feature's values on every row of sparse codes. */
export function column(codes: SparseActivations, feature: number): Float32Array {
  const rows = codes.rowStart.length - 1;
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let e = codes.rowStart[r]; e < codes.rowStart[r + 1]; e++) {
      if (codes.index[e] === feature) {
        out[r] = codes.value[e];
        break;
      }
    }
  }
  return out;
}
