import { z } from 'zod';

/** FEN letters: upper case White, lower case Black; '' is an empty square. */
export const ChessPiece = z.enum(['', 'P', 'N', 'B', 'R', 'Q', 'K', 'p', 'n', 'b', 'r', 'q', 'k']);
export type ChessPiece = z.infer<typeof ChessPiece>;

/**
 * A chess example's board, as the feature page and reports draw it. Squares count a1, b1 … h8
 * (index = rank · 8 + file, row 0 = rank 1: the chess families' order, ALGORITHMS-DETAIL §1.2).
 * `squares` and `move` keep the shape of an Othello example (the colour on each square, the
 * square just played to), so a view that knows only Othello boards still shows where things are.
 */
export const ChessBoardContext = z.object({
  kind: z.literal('chess'),
  game: z.number().int(),
  /** moves played before this position */
  ply: z.number().int(),
  squares: z.array(z.enum(['white', 'black', 'empty'])).length(64),
  /** the destination of the move just played; null before the first move */
  move: z.number().int().nullable(),
  pieces: z.array(ChessPiece).length(64),
  /** the origin of the move just played; null before the first move */
  from: z.number().int().nullable(),
});
export type ChessBoardContext = z.infer<typeof ChessBoardContext>;
