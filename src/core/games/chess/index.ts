/** Chess: transcripts, PGN import, board-state families at the transcript dots. */
export { CHESS_VOCAB, CHESS_VOCAB_SIZE, CHESS_CONTEXT, CHESS_SAE_CHARS, CHESS_DOTS_PER_GAME, chessTranscript, encodeTranscript, decodeTranscript, dotPositions } from './transcript';
export { type ChessGame, type ChessImport, type ChessImportIssue, type PgnImportOptions, importPgn, splitPgn, movetextTokens } from './pgn';
export { CHESS_FAMILIES, CHESS_STRATEGY_FAMILIES, type ChessFamilyName, type ChessBspOptions, type ChessBsps, chessBsps, chessPositionBsps, pieceValues } from './bsp';
