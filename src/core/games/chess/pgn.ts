/**
 * PGN import on chess.js. A file is split into games; each game's moves are replayed one by
 * one so a bad game is reported with its number, ply and reason while the rest of the file
 * still imports.
 */
import { Chess } from 'chess.js';

export interface ChessGame {
  /** 1-based position of the game in the file */
  number: number;
  headers: Record<string, string>;
  /** moves in chess.js's canonical SAN, from the standard start */
  sans: string[];
}

export interface ChessImportIssue {
  game: number;
  /** 1-based ply of the offending move; 0 when the game as a whole is refused */
  ply: number;
  move: string;
  reason: string;
}

export interface ChessImport {
  games: ChessGame[];
  issues: ChessImportIssue[];
  /** games found in the file (imported + refused) */
  found: number;
}

export interface PgnImportOptions {
  /**
   * Replay and keep only the first plies of each game (default: all). The paper's models read
   * the first 1023 characters and its properties the first 20 full moves, and chess.js needs
   * about 0.1 ms per move, so long files import much faster with a cap.
   */
  maxPlies?: number;
}

const RESULT = /^(1-0|0-1|1\/2-1\/2|\*)$/;

/**
 * Splits PGN text into games. A tag line starts a new game when move text came before it, or
 * when its tag name repeats (a game recorded without moves).
 */
export function splitPgn(text: string): { tags: string[]; movetext: string }[] {
  const games: { tags: string[]; movetext: string }[] = [];
  let tags: string[] = [];
  let names = new Set<string>();
  let moves: string[] = [];
  const flush = () => {
    if (tags.length > 0 || moves.some((m) => m.trim() !== '')) games.push({ tags, movetext: moves.join('\n') });
    tags = [];
    names = new Set();
    moves = [];
  };
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('[') && !inComment(moves)) {
      const name = /^\[\s*([A-Za-z0-9_]+)/.exec(trimmed)?.[1] ?? '';
      if (moves.some((m) => m.trim() !== '') || names.has(name)) flush();
      names.add(name);
      tags.push(trimmed);
    } else moves.push(line);
  }
  flush();
  return games;
}

function inComment(lines: string[]): boolean {
  const text = lines.join('\n');
  return text.lastIndexOf('{') > text.lastIndexOf('}');
}

function parseTags(tags: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const tag of tags) {
    const m = /^\[\s*([A-Za-z0-9_]+)\s+"((?:[^"\\]|\\.)*)"\s*\]$/.exec(tag);
    if (m) headers[m[1]] = m[2].replace(/\\(.)/g, '$1');
  }
  return headers;
}

/** SAN tokens of a movetext: comments, variations, NAGs, move numbers and the result removed. */
export function movetextTokens(movetext: string): string[] {
  let text = movetext.replace(/\{[^}]*\}/g, ' ').replace(/;[^\n]*/g, ' ');
  // Variations nest, so strip innermost parentheses until none remain.
  for (let prev = ''; prev !== text; ) {
    prev = text;
    text = text.replace(/\([^()]*\)/g, ' ');
  }
  return text
    .split(/\s+/)
    .map((t) => t.replace(/^\d+\.+/, ''))
    .filter((t) => t !== '' && !RESULT.test(t) && !t.startsWith('$'));
}

export function importPgn(text: string, options: PgnImportOptions = {}): ChessImport {
  const maxPlies = options.maxPlies ?? Infinity;
  const games: ChessGame[] = [];
  const issues: ChessImportIssue[] = [];
  const raw = splitPgn(text);
  raw.forEach((g, i) => {
    const number = i + 1;
    const headers = parseTags(g.tags);
    if (headers.FEN !== undefined || headers.SetUp === '1') {
      issues.push({ game: number, ply: 0, move: '', reason: 'starts from a set-up position (FEN), not the standard start a transcript needs' });
      return;
    }
    if (unbalanced(g.movetext)) {
      issues.push({ game: number, ply: 0, move: '', reason: 'unbalanced parentheses in the move text' });
      return;
    }
    const tokens = movetextTokens(g.movetext);
    const chess = new Chess();
    const sans: string[] = [];
    for (let ply = 0; ply < tokens.length && ply < maxPlies; ply++) {
      try {
        sans.push(chess.move(tokens[ply]).san);
      } catch {
        issues.push({ game: number, ply: ply + 1, move: tokens[ply], reason: 'not a legal move in this position' });
        return;
      }
    }
    games.push({ number, headers, sans });
  });
  return { games, issues, found: raw.length };
}

function unbalanced(movetext: string): boolean {
  let depth = 0;
  for (const ch of movetext.replace(/\{[^}]*\}/g, '')) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return true;
  }
  return depth !== 0;
}
