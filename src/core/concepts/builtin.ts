/**
 * Concept sets built in from the benchmark's board-state property families (ALGORITHMS-DETAIL
 * §1.2), one concept per property cell, grouped into categories a player recognises: what is on
 * a square (mine, theirs, empty; a chess piece by colour and type), what can happen there (legal
 * moves, attacked squares), what just happened (last move, flipped) and, on Othello, the region
 * (corners, edges, centre). A cell sits in its family's category and in its region's.
 */
import { type BoardConcept, CONCEPT_SET_VERSION, type ConceptSet } from '../../shared/schemas/concepts';
import { chessSquareName } from '../explorer/board';
import { squareName } from '../games/othello';

/** Bumped when a built-in set's concepts or categories change, so a saved copy says which it is. */
export const BUILTIN_VERSION = '1';

/** Othello squares: index = row·8 + col, row 0 = the a1…h1 row (games/othello/board.ts). */
export function othelloRegion(sq: number): 'corners' | 'edges' | 'centre' | null {
  const r = sq >> 3;
  const c = sq & 7;
  const border = (v: number) => v === 0 || v === 7;
  if (border(r) && border(c)) return 'corners';
  if (border(r) || border(c)) return 'edges';
  if (r >= 2 && r <= 5 && c >= 2 && c <= 5) return 'centre';
  return null;
}

const OTHELLO_CELLS: { family: string; classes: number; cls: number; category: string; word: string }[] = [
  { family: 'mine_yours', classes: 3, cls: 0, category: 'mine pieces', word: 'mine' },
  { family: 'mine_yours', classes: 3, cls: 2, category: 'their pieces', word: 'theirs' },
  { family: 'mine_yours', classes: 3, cls: 1, category: 'empty squares', word: 'empty' },
  { family: 'valid_moves', classes: 1, cls: 0, category: 'legal moves', word: 'legal move' },
  { family: 'last_move', classes: 1, cls: 0, category: 'last move', word: 'last move' },
  { family: 'flipped', classes: 1, cls: 0, category: 'flipped', word: 'flipped' },
];

export function othelloConceptSet(createdAt = new Date().toISOString()): ConceptSet {
  const concepts: BoardConcept[] = [];
  for (const spec of OTHELLO_CELLS) {
    for (let sq = 0; sq < 64; sq++) {
      const region = othelloRegion(sq);
      concepts.push({
        kind: 'board', id: `${spec.family}:${sq * spec.classes + spec.cls}`, name: `${squareName(sq)} ${spec.word}`,
        categories: region ? [spec.category, region] : [spec.category], family: spec.family, cell: sq * spec.classes + spec.cls,
      });
    }
  }
  return { version: CONCEPT_SET_VERSION, id: 'othello-board', name: 'Othello board', domain: 'board', source: { kind: 'builtin', detail: 'othello', version: BUILTIN_VERSION }, createdAt, concepts };
}

/** piece_state classes, index = piece value + 6 (§1.2). */
const PIECES = ['king', 'queen', 'rook', 'bishop', 'knight', 'pawn'];
const pieceOf = (cls: number): { colour: string; type: string } | null => (cls === 6 ? null : { colour: cls < 6 ? 'black' : 'white', type: PIECES[cls < 6 ? cls : 12 - cls] });

export function chessConceptSet(createdAt = new Date().toISOString()): ConceptSet {
  const concepts: BoardConcept[] = [];
  for (let sq = 0; sq < 64; sq++) {
    for (let cls = 0; cls < 13; cls++) {
      const p = pieceOf(cls);
      if (!p) continue;
      concepts.push({
        kind: 'board', id: `piece_state:${sq * 13 + cls}`, name: `${p.colour} ${p.type} on ${chessSquareName(sq)}`,
        categories: [`${p.colour} ${p.type}s`, `${p.colour} pieces`], family: 'piece_state', cell: sq * 13 + cls,
      });
    }
  }
  const squares = [
    { family: 'threat', category: 'attacked squares', word: 'attacked by Black' },
    { family: 'legal_moves', category: 'legal moves', word: 'legal for White' },
  ];
  for (const s of squares) {
    for (let sq = 0; sq < 64; sq++) concepts.push({ kind: 'board', id: `${s.family}:${sq}`, name: `${chessSquareName(sq)} ${s.word}`, categories: [s.category], family: s.family, cell: sq });
  }
  for (const [family, category] of [['check', 'check'], ['pin', 'tactics'], ['any_fork', 'tactics'], ['mate_threat', 'tactics'], ['can_capture_queen', 'tactics'], ['castling_rights', 'castling']]) {
    concepts.push({ kind: 'board', id: `${family}:0`, name: family.replace(/_/g, ' '), categories: [category], family, cell: 0 });
  }
  return { version: CONCEPT_SET_VERSION, id: 'chess-board', name: 'Chess board', domain: 'board', source: { kind: 'builtin', detail: 'chess', version: BUILTIN_VERSION }, createdAt, concepts };
}

/** The built-in sets by id; they are written into a project the first time one is used. */
export const BUILTIN_SETS: Record<string, () => ConceptSet> = {
  'othello-board': othelloConceptSet,
  'chess-board': chessConceptSet,
};
