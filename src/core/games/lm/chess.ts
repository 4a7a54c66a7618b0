/**
 * A character-level chess transcript model in the spirit of ChessGPT (ALGORITHMS-DETAIL §1.1):
 * the 32-character PGN vocabulary, `;1.e4 e5 2.Nf3 …`, next-character loss on the first
 * CHESS_WINDOW characters of real games. Checked by the legal-move rate at move starts: from
 * each point where a move begins, the model's greedy continuation up to the next space must be
 * a legal SAN move in the true position.
 */
import { Chess } from 'chess.js';
import { CHESS_VOCAB, CHESS_VOCAB_SIZE, chessTranscript, encodeTranscript, type ChessGame } from '../chess';
import type { TranscriptModel, TranscriptModelConfig } from './model';
import type { TokenBatch } from './train';
import { Rng } from '../../io/rng';

/** characters a training row holds (inputs are the first CHESS_WINDOW − 1) */
export const CHESS_WINDOW = 160;

export const CHESS_MODEL: TranscriptModelConfig = {
  game: 'chess',
  seed: 44,
  gpt: { vocab: CHESS_VOCAB_SIZE, context: CHESS_WINDOW - 1, d: 128, heads: 4, layers: 4 },
};

/** The first CHESS_WINDOW characters of each game's transcript. */
export function chessRows(games: readonly ChessGame[]): { tokens: Uint8Array; lengths: Uint16Array } {
  const tokens = new Uint8Array(games.length * CHESS_WINDOW);
  const lengths = new Uint16Array(games.length);
  games.forEach((g, i) => {
    const ids = encodeTranscript(chessTranscript(g.sans)).subarray(0, CHESS_WINDOW);
    tokens.set(ids, i * CHESS_WINDOW);
    lengths[i] = ids.length;
  });
  return { tokens, lengths };
}

/** A batch of `batch` rows drawn with replacement from `rows`, seeded by (seed, step). */
export function chessTrainingBatch(rows: { tokens: Uint8Array; lengths: Uint16Array }, seed: number, step: number, batch: number): TokenBatch {
  const rng = new Rng(seed * 7919 + step);
  const tokens = new Uint8Array(batch * CHESS_WINDOW);
  const lengths = new Uint16Array(batch);
  for (let r = 0; r < batch; r++) {
    const k = rng.int(rows.lengths.length);
    tokens.set(rows.tokens.subarray(k * CHESS_WINDOW, (k + 1) * CHESS_WINDOW), r * CHESS_WINDOW);
    lengths[r] = rows.lengths[k];
  }
  return { rows: batch, width: CHESS_WINDOW, tokens, lengths };
}

const SPACE = CHESS_VOCAB.indexOf(' ');
const stripMarks = (san: string) => san.replace(/[+#]/g, '');

interface MoveStart {
  /** the transcript up to and including the character before the move */
  prefix: Uint8Array;
  legal: Set<string>;
}

/** Every move that starts inside the model's context, with the legal moves of its position. */
export function moveStarts(game: ChessGame, context: number): MoveStart[] {
  const text = chessTranscript(game.sans);
  const ids = encodeTranscript(text);
  const board = new Chess();
  const out: MoveStart[] = [];
  let at = 1;
  game.sans.forEach((san, i) => {
    if (i % 2 === 0) at += `${i > 0 ? ' ' : ''}${i / 2 + 1}.`.length;
    else at += 1;
    if (at < context) out.push({ prefix: ids.subarray(0, at), legal: new Set(board.moves().map(stripMarks)) });
    board.move(san);
    at += san.length;
  });
  return out;
}

/**
 * Share of move starts (within the context) whose greedy continuation, read up to the next space
 * (at most 8 characters), is a legal move in the true position (check marks ignored).
 */
export async function chessLegalMoveAccuracy(model: TranscriptModel, games: readonly ChessGame[], opts: { batch?: number; threads?: number } = {}): Promise<{ accuracy: number; positions: number }> {
  const T = model.config.gpt.context;
  const V = model.config.gpt.vocab;
  const batch = opts.batch ?? 32;
  const starts = games.flatMap((g) => moveStarts(g, T));
  const program = await model.compileInference(batch, { threads: opts.threads });
  let hits = 0;
  try {
    for (let s0 = 0; s0 < starts.length; s0 += batch) {
      const group = starts.slice(s0, s0 + batch);
      const seqs = group.map((s) => Array.from(s.prefix));
      const done = group.map(() => false);
      for (let k = 0; k < 8 && done.some((d) => !d); k++) {
        const ids = new BigInt64Array(batch * T);
        seqs.forEach((seq, r) => seq.slice(0, T).forEach((v, t) => (ids[r * T + t] = BigInt(v))));
        const logits = (await program.run({ ids })).logits as Float32Array;
        seqs.forEach((seq, r) => {
          if (done[r] || seq.length >= T) return void (done[r] = true);
          const row = (r * T + seq.length - 1) * V;
          let best = 0;
          for (let v = 1; v < V; v++) if (logits[row + v] > logits[row + best]) best = v;
          if (best === SPACE) done[r] = true;
          else seq.push(best);
        });
      }
      group.forEach((s, r) => {
        const san = seqs[r].slice(s.prefix.length).map((v) => CHESS_VOCAB[v]).join('');
        if (s.legal.has(stripMarks(san))) hits++;
      });
    }
  } finally {
    await program.dispose();
  }
  return { accuracy: starts.length ? hits / starts.length : 0, positions: starts.length };
}
