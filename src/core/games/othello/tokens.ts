/**
 * Othello-GPT transcript tokens (likenneth/othello_world; ALGORITHMS-DETAIL §1.1):
 * vocabulary 61, id 0 = padding, ids 1..60 = the playable squares in ascending board index
 * skipping the centre squares 27, 28, 35, 36. A model reads moves[0:59] (block size 59).
 */
import { StudioError } from '../../../shared/errors';
import { MAX_MOVES, type OthelloGames } from './game';

export const VOCAB_SIZE = 61;
export const PAD_ID = 0;
export const BLOCK_SIZE = 59;

const CENTRE = new Set([27, 28, 35, 36]);
const SQUARE_OF_ID = new Int8Array(VOCAB_SIZE).fill(-1);
const ID_OF_SQUARE = new Uint8Array(64);
{
  let id = 1;
  for (let sq = 0; sq < 64; sq++) {
    if (CENTRE.has(sq)) continue;
    SQUARE_OF_ID[id] = sq;
    ID_OF_SQUARE[sq] = id++;
  }
}

export function squareToToken(sq: number): number {
  const id = sq >= 0 && sq < 64 ? ID_OF_SQUARE[sq] : 0;
  if (id === 0) throw new StudioError('bad-input', `square ${sq} is not a playable square`, 'square');
  return id;
}

/** The board index of a token id; −1 for the padding id. */
export function tokenToSquare(id: number): number {
  if (!(id >= 0 && id < VOCAB_SIZE)) throw new StudioError('bad-input', `token ${id} is outside the vocabulary`, 'token');
  return SQUARE_OF_ID[id];
}

/** count × 60 token ids (0-padded); the model input is the first 59 columns, the target the last 59. */
export function gamesToTokens(games: OthelloGames): Uint8Array {
  const out = new Uint8Array(games.count * MAX_MOVES);
  for (let g = 0; g < games.count; g++) {
    const base = g * MAX_MOVES;
    for (let k = 0; k < games.lengths[g]; k++) out[base + k] = ID_OF_SQUARE[games.moves[base + k]];
  }
  return out;
}
