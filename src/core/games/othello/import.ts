/**
 * Imports real Othello records: plain move lists (`f5d6c3…`, one game a line) and the
 * WTHOR-derived CSV (column `moves`, see shared/data/othello/SOURCES.md). Every game is
 * replayed; an illegal or unreadable move is reported by game number and ply and that game is
 * left out, never the whole file.
 */
import { StudioError } from '../../../shared/errors';
import { parseSquare } from './board';
import { MAX_MOVES, type OthelloGames, packGames, replay } from './game';

export interface OthelloImportIssue {
  /** 1-based game number in the file (line of a move list, data row of a CSV) */
  game: number;
  /** 1-based ply of the offending move; 0 when the record as a whole is unusable */
  ply: number;
  move: string;
  reason: string;
}

export interface OthelloImport {
  games: OthelloGames;
  /** for each imported game, its 1-based game number in the file */
  gameNumber: Uint32Array;
  /** for CSV input, each imported game's row as column → value */
  rows?: Record<string, string>[];
  issues: OthelloImportIssue[];
}

/** Reads `f5d6c3…` (spaces allowed, any case) into board indices, or the first bad ply. */
export function parseMoveList(text: string): { moves: number[] } | { ply: number; move: string; reason: string } {
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 2 !== 0) {
    return { ply: Math.floor(compact.length / 2) + 1, move: compact.slice(-1), reason: 'incomplete square name' };
  }
  const moves: number[] = [];
  for (let i = 0; i < compact.length; i += 2) {
    const name = compact.slice(i, i + 2);
    const sq = parseSquare(name);
    if (sq < 0) return { ply: i / 2 + 1, move: name, reason: 'not a square name' };
    moves.push(sq);
  }
  if (moves.length > MAX_MOVES) return { ply: MAX_MOVES + 1, move: '', reason: `more than ${MAX_MOVES} moves` };
  return { moves };
}

function checkGame(gameNumber: number, text: string): { moves: number[] } | OthelloImportIssue {
  const parsed = parseMoveList(text);
  if (!('moves' in parsed)) return { game: gameNumber, ...parsed };
  const result = replay(parsed.moves);
  if (!result.ok) return { game: gameNumber, ply: result.ply + 1, move: result.move, reason: result.reason };
  return parsed;
}

/** One game per non-empty line. */
export function importMoveLists(text: string): OthelloImport {
  const kept: number[][] = [];
  const numbers: number[] = [];
  const issues: OthelloImportIssue[] = [];
  let gameNumber = 0;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    gameNumber++;
    const checked = checkGame(gameNumber, line);
    if ('moves' in checked) {
      kept.push(checked.moves);
      numbers.push(gameNumber);
    } else issues.push(checked);
  }
  return { games: packGames(kept), gameNumber: Uint32Array.from(numbers), issues };
}

/** Splits one CSV line (RFC 4180 quoting, no embedded newlines). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

/** A CSV with a header naming a `moves` column (the WTHOR-derived files). */
export function importOthelloCsv(text: string, file = 'csv'): OthelloImport {
  const lines = text.split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  const movesCol = header.indexOf('moves');
  if (movesCol < 0) throw new StudioError('bad-file', "the header has no 'moves' column", `${file}: line 1`);
  const kept: number[][] = [];
  const numbers: number[] = [];
  const rows: Record<string, string>[] = [];
  const issues: OthelloImportIssue[] = [];
  let gameNumber = 0;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    gameNumber++;
    const fields = splitCsvLine(lines[i]);
    if (fields.length !== header.length) {
      issues.push({ game: gameNumber, ply: 0, move: '', reason: `expected ${header.length} fields, found ${fields.length} (line ${i + 1})` });
      continue;
    }
    const checked = checkGame(gameNumber, fields[movesCol]);
    if (!('moves' in checked)) {
      issues.push(checked);
      continue;
    }
    kept.push(checked.moves);
    numbers.push(gameNumber);
    rows.push(Object.fromEntries(header.map((h, k) => [h, fields[k]])));
  }
  return { games: packGames(kept), gameNumber: Uint32Array.from(numbers), rows, issues };
}
