/**
 * Board tests (issue 19): new legal Othello games are generated (seeded random play), every
 * position is run through the transcript model and the SAE, and a test takes positions that
 * satisfy or violate the hypothesis from this growing pool, generating more games while too few
 * positions reach it. The pool is shared by every feature of a batch: inference runs once per game.
 */
import type { SparseActivations } from '../evals/board';
import { encodeSparse } from '../explorer/codes';
import { boardAt } from '../explorer/board';
import type { TranscriptModel } from '../games/lm/model';
import { collectResiduals } from '../games/lm/residuals';
import { gameMoves, generateGames, moveListText, type OthelloFamilyName, othelloBsps, type OthelloGames, squareName } from '../games/othello';
import type { Rng } from '../io/rng';
import type { Sae } from '../sae/checkpoint/sae';
import type { BoardAtom, BoardRows } from './hypothesis/board';
import { boardLanguage } from './hypothesis/board';
import { evaluate, type Pred } from './hypothesis/tree';
import type { Lab, LabInput } from './sage';

/** Activations of every position of some games: the model + SAE, or a planted feature in tests. */
export type BoardEncoder = (games: OthelloGames) => Promise<{ rows: BoardRows; codes: SparseActivations }>;

export function modelEncoder(model: TranscriptModel, layer: number, sae: Sae, families: readonly OthelloFamilyName[], threads?: number): BoardEncoder {
  return async (games) => {
    const { byLayer } = await collectResiduals(model, games, [layer], { threads });
    const bsps = othelloBsps(games, { maxPlies: model.config.gpt.context, families });
    const rows: BoardRows = { rows: bsps.game.length, game: bsps.game, ply: bsps.ply, families: bsps.families };
    return { rows, codes: await encodeSparse(sae, byLayer[0], rows.rows) };
  };
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

export interface OthelloLabOptions {
  seed: number;
  /** games generated at first and at each growth, and at most in all */
  gamesPerStep?: number;
  maxGames?: number;
}

export class OthelloLab implements Lab<BoardAtom> {
  private parts: { games: OthelloGames; rows: BoardRows; codes: SparseActivations }[] = [];
  private columns = new Map<string, Float32Array>();
  private truths = new Map<string, Uint8Array>();
  /** games generated so far (inference included) */
  games = 0;

  constructor(private readonly encode: BoardEncoder, private readonly opts: OthelloLabOptions) {}

  async run(feature: number, pred: Pred<BoardAtom>, want: boolean, n: number, rng: Rng): Promise<LabInput[]> {
    const step = this.opts.gamesPerStep ?? 64;
    const max = this.opts.maxGames ?? 512;
    if (this.parts.length === 0) await this.grow(step);
    let found = this.matching(pred, want);
    while (found.length < n && this.games + step <= max) {
      await this.grow(step);
      found = this.matching(pred, want);
    }
    const picked: [number, number][] = [];
    const taken = new Set<number>();
    while (picked.length < Math.min(n, found.length)) {
      const k = rng.int(found.length);
      if (taken.has(k)) continue;
      taken.add(k);
      picked.push(found[k]);
    }
    return picked.map(([p, r]) => this.input(p, r, feature));
  }

  private async grow(count: number): Promise<void> {
    const games = generateGames(count, this.opts.seed + 7919 * this.parts.length);
    this.parts.push({ games, ...(await this.encode(games)) });
    this.games += count;
    this.truths.clear();
  }

  /** (part, row) of every pooled position where the predicate is `want`. */
  private matching(pred: Pred<BoardAtom>, want: boolean): [number, number][] {
    const out: [number, number][] = [];
    this.parts.forEach((part, p) => {
      const key = `${p}:${JSON.stringify(pred)}`;
      let t = this.truths.get(key);
      if (!t) this.truths.set(key, (t = evaluate(pred, boardLanguage(part.rows))));
      for (let r = 0; r < t.length; r++) if (t[r] === Number(want)) out.push([p, r]);
    });
    return out;
  }

  private input(p: number, r: number, feature: number): LabInput {
    const part = this.parts[p];
    const key = `${p}:${feature}`;
    let col = this.columns.get(key);
    if (!col) this.columns.set(key, (col = column(part.codes, feature)));
    const moves = gameMoves(part.games, part.rows.game[r]).subarray(0, part.rows.ply[r] + 1);
    return { label: `${moveListText(moves)} (ply ${part.rows.ply[r]}, last ${squareName(moves[moves.length - 1])})`, activation: col[r], detail: boardAt(part.rows, r) };
  }
}
