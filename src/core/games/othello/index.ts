/** Othello: rules, random games, Othello-GPT tokens, board-state families, record import. */
export { BLACK, WHITE, EMPTY, type Player, type OthelloBoard, newBoard, isLegal, legalMoves, applyMove, countDiscs, squareName, parseSquare, boardFromRows } from './board';
export { MAX_MOVES, NO_MOVE, type OthelloGames, type PlyState, type ReplayResult, allocGames, gameMoves, packGames, generateGames, dedupeGames, replay, nextToMove, moveListText } from './game';
export { VOCAB_SIZE, PAD_ID, BLOCK_SIZE, squareToToken, tokenToSquare, gamesToTokens } from './tokens';
export { OTHELLO_FAMILIES, type OthelloFamilyName, type OthelloBspOptions, type OthelloBsps, othelloBsps } from './bsp';
export { type OthelloImport, type OthelloImportIssue, parseMoveList, importMoveLists, importOthelloCsv } from './import';
