/**
 * Chess transcripts as the board-game paper's ChessGPT reads them
 * (adamkarvonen/chess_llm_interpretability, models/meta.pkl; ALGORITHMS-DETAIL §1.1):
 * a PGN move string starting with ";", e.g. `;1.e4 e5 2.Nf3 …`, one token per character
 * over a 32-character vocabulary.
 */
import { StudioError } from '../../../shared/errors';

export const CHESS_VOCAB = ' #+-.0123456789;=BKNOQRabcdefghx';
export const CHESS_VOCAB_SIZE = CHESS_VOCAB.length;
/** the model's context (n_ctx) and the prefix SAEs are trained on */
export const CHESS_CONTEXT = 1023;
export const CHESS_SAE_CHARS = 256;
/** positions read per game: the first 20 move-number dots (§1.2) */
export const CHESS_DOTS_PER_GAME = 20;

const ID_OF_CHAR = new Map([...CHESS_VOCAB].map((ch, i) => [ch, i]));

/** `;1.e4 e5 2.Nf3 …` from SAN moves played from the standard start. */
export function chessTranscript(sans: readonly string[]): string {
  let text = ';';
  sans.forEach((san, i) => {
    if (i % 2 === 0) text += `${i > 0 ? ' ' : ''}${i / 2 + 1}.${san}`;
    else text += ` ${san}`;
  });
  return text;
}

export function encodeTranscript(text: string): Uint8Array {
  const ids = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const id = ID_OF_CHAR.get(text[i]);
    if (id === undefined) throw new StudioError('bad-input', `character '${text[i]}' is not in the chess vocabulary`, `transcript[${i}]`);
    ids[i] = id;
  }
  return ids;
}

export function decodeTranscript(ids: ArrayLike<number>): string {
  let text = '';
  for (let i = 0; i < ids.length; i++) {
    if (!(ids[i] >= 0 && ids[i] < CHESS_VOCAB_SIZE)) throw new StudioError('bad-input', `token ${ids[i]} is outside the vocabulary`, `tokens[${i}]`);
    text += CHESS_VOCAB[ids[i]];
  }
  return text;
}

/**
 * The positions the paper reads: the character index of each "." (first `max`) and the number
 * of moves played before it, which is the number of spaces before it (reference
 * `chess_utils.create_state_stack`), so a dot always sits just before a White move.
 */
export function dotPositions(text: string, max = CHESS_DOTS_PER_GAME): { charIndex: number[]; movesPlayed: number[] } {
  const charIndex: number[] = [];
  const movesPlayed: number[] = [];
  let spaces = 0;
  for (let j = 0; j < text.length && charIndex.length < max; j++) {
    if (text[j] === ' ') spaces++;
    else if (text[j] === '.') {
      charIndex.push(j);
      movesPlayed.push(spaces);
    }
  }
  return { charIndex, movesPlayed };
}
