/**
 * The board hypothesis language (issue 19): predicates over the benchmark's board-state property
 * families (any family a dataset carries: mine/yours, legal moves, the move just played,
 * flips, colours, chess pieces …), the row or column of the move played, ply ranges and counts
 * (how many stones flipped, how many legal moves). Evaluated on the labels an extraction wrote.
 */
import { chessSquareName, propertyLabel } from '../../explorer/board';
import { familyCells, type BspFamily } from '../../games/family';
import { squareName } from '../../games/othello';
import type { AtomLanguage } from './tree';

export type BoardAtom =
  /** a family's cell (square × class) is set */
  | { kind: 'cell'; family: string; cell: number }
  /** the move just played lies on this row (Othello-GPT letters: a = row 1) or column */
  | { kind: 'moveLine'; axis: 'row' | 'col'; index: number }
  /** the position's ply lies in [min, max] */
  | { kind: 'ply'; min: number; max: number }
  /** the number of the family's cells set for class `cls` lies in [min, max] */
  | { kind: 'count'; family: string; cls: number; min: number; max: number };

/** Rows of board positions: the labels of an extraction (or of freshly generated games). */
export interface BoardRows {
  rows: number;
  game: Uint32Array;
  ply: Uint8Array;
  families: readonly BspFamily[];
}

const CLASS_WORDS: Record<string, readonly string[]> = {
  mine_yours: ['holds a stone of the side to move', 'is empty', 'holds a stone of the side that just moved'],
  mine_yours_blank_mask: ['holds a stone of the side to move', 'is empty', 'holds a stone of the side that just moved'],
  black_white: ['is white', 'is empty', 'is black'],
};
const SET_WORDS: Record<string, string> = { valid_moves: '{sq} is a legal move', last_move: 'the move was played on {sq}', flipped: '{sq} was just flipped' };
const COUNT_WORDS: Record<string, string> = { valid_moves: 'legal moves', flipped: 'stones flipped by the move' };

const CHESS = /piece|check|castl|pawn|queen|bishop|fork|pin|passant|threat|ambiguous|last_move_(from|to)/;

export function boardLanguage(rows: BoardRows): AtomLanguage<BoardAtom> {
  const family = (name: string) => {
    const f = rows.families.find((x) => x.name === name);
    if (!f) throw new Error(`the positions carry no "${name}" family`);
    return f;
  };
  return {
    key: boardAtomKey,
    render: (a) => renderBoardAtom(a, rows.families),
    truth(a) {
      const out = new Uint8Array(rows.rows);
      switch (a.kind) {
        case 'cell': {
          const f = family(a.family);
          const cells = familyCells(f);
          for (let r = 0; r < rows.rows; r++) out[r] = f.data[r * cells + a.cell];
          return out;
        }
        case 'moveLine': {
          const f = family(rows.families.some((x) => x.name === 'last_move') ? 'last_move' : 'last_move_to');
          for (let r = 0; r < rows.rows; r++) {
            for (let sq = 0; sq < 64; sq++) {
              if (!f.data[r * 64 + sq]) continue;
              out[r] = Number((a.axis === 'row' ? sq >> 3 : sq & 7) === a.index);
              break;
            }
          }
          return out;
        }
        case 'ply':
          for (let r = 0; r < rows.rows; r++) out[r] = Number(rows.ply[r] >= a.min && rows.ply[r] <= a.max);
          return out;
        case 'count': {
          const f = family(a.family);
          const cells = familyCells(f);
          for (let r = 0; r < rows.rows; r++) {
            let n = 0;
            for (let c = a.cls; c < cells; c += f.classes) n += f.data[r * cells + c];
            out[r] = Number(n >= a.min && n <= a.max);
          }
          return out;
        }
      }
    },
  };
}

export function boardAtomKey(a: BoardAtom): string {
  switch (a.kind) {
    case 'cell':
      return `cell:${a.family}:${a.cell}`;
    case 'moveLine':
      return `line:${a.axis}:${a.index}`;
    case 'ply':
      return `ply:${a.min}:${a.max}`;
    case 'count':
      return `count:${a.family}:${a.cls}:${a.min}:${a.max}`;
  }
}

export function renderBoardAtom(a: BoardAtom, families: readonly Pick<BspFamily, 'name' | 'classes' | 'rows' | 'cols'>[]): string {
  switch (a.kind) {
    case 'cell': {
      const f = families.find((x) => x.name === a.family);
      if (!f) return `${a.family} cell ${a.cell}`;
      const sq = Math.floor(a.cell / f.classes);
      const name = CHESS.test(f.name) ? chessSquareName(sq) : squareName(sq);
      const words = CLASS_WORDS[f.name];
      if (words && f.rows === 8) return `${name} ${words[a.cell % f.classes]}`;
      if (SET_WORDS[f.name]) return SET_WORDS[f.name].replace('{sq}', name);
      return propertyLabel(f, a.cell);
    }
    case 'moveLine':
      return a.axis === 'row' ? `the move was on row ${'abcdefgh'[a.index]}` : `the move was on column ${a.index + 1}`;
    case 'ply':
      return a.min === a.max ? `it is ply ${a.min}` : `the ply is between ${a.min} and ${a.max}`;
    case 'count': {
      const what = COUNT_WORDS[a.family] ?? `${a.family} cells of class ${a.cls}`;
      return a.max >= 64 ? `at least ${a.min} ${what}` : a.min === 0 ? `at most ${a.max} ${what}` : `${a.min}–${a.max} ${what}`;
    }
  }
}

/** Ply ranges offered as atoms: the game's opening, middle and end in quarters. */
const PLY_RANGES: [number, number][] = [[0, 9], [10, 19], [20, 29], [30, 39], [40, 49], [50, 59], [0, 19], [20, 39], [40, 59]];

/**
 * Every atom the exemplars could support: the family cells set in at least `minShare` of the
 * exemplar rows, the move's row and column, ply ranges and count bands that hold there. The
 * ranking (propose.ts) decides which of them explain the feature.
 */
export function boardAtomsFrom(rows: BoardRows, exemplars: readonly number[], minShare = 0.5): BoardAtom[] {
  const need = Math.max(1, Math.ceil(minShare * exemplars.length));
  const out: BoardAtom[] = [];
  for (const f of rows.families) {
    const cells = familyCells(f);
    const counts = new Uint16Array(cells);
    for (const r of exemplars) for (let c = 0; c < cells; c++) counts[c] += f.data[r * cells + c];
    for (let c = 0; c < cells; c++) if (counts[c] >= need) out.push({ kind: 'cell', family: f.name, cell: c });
    if (COUNT_WORDS[f.name]) {
      for (const [min, max] of [[0, 2], [3, 64], [0, 4], [5, 64], [8, 64]] as const) out.push({ kind: 'count', family: f.name, cls: 0, min, max });
    }
  }
  if (rows.families.some((f) => f.name === 'last_move')) {
    for (const axis of ['row', 'col'] as const) for (let i = 0; i < 8; i++) out.push({ kind: 'moveLine', axis, index: i });
  }
  for (const [min, max] of PLY_RANGES) out.push({ kind: 'ply', min, max });
  // "a8 is empty" from mine_yours and from black_white is one statement: keep the first
  const said = new Set<string>();
  return out.filter((a) => {
    const words = renderBoardAtom(a, rows.families);
    if (said.has(words)) return false;
    said.add(words);
    return true;
  });
}
