import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../shared/errors';
import { jsonPosition, readRegularText } from '../io/regularFile';
import { writeFileAtomic } from '../io/atomic';

/** The token sidecar's name in a dataset folder. */
export const TOKENS_FILE = 'tokens.json';

/**
 * The token sidecar: what an analyst exporting activations from their own language model has.
 * Activations come out as [sequence, position, d] and are flattened into rows, so the sidecar
 * holds each sequence's token strings once, and for each activation row its (sequence,
 * position). Without `rows`, the rows are every position of every sequence in order (the
 * flattening of a [batch, seq, d] dump, as the importer reads N-D tensors).
 */
const TokenSidecarFile = z
  .object({
    /** the text of each token, per sequence */
    sequences: z.array(z.array(z.string())),
    /** [sequence, position] of each activation row, in row order */
    rows: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])).optional(),
  })
  .strict();
type TokenSidecarFile = z.infer<typeof TokenSidecarFile>;

/** A dataset's tokens, row-aligned: row r is token `pos[r]` of sequence `seq[r]`. */
export interface TokenTable {
  sequences: string[][];
  seq: Uint32Array;
  pos: Uint32Array;
}

/** Reads and checks a sidecar for a dataset of `rows` rows; errors name the file and entry. */
export async function readTokenSidecar(file: string, rows: number): Promise<TokenTable> {
  let text: string;
  try {
    text = await readRegularText(file);
  } catch (err) {
    if (err instanceof StudioError && err.code === 'not-found') throw new StudioError('not-found', 'the token file is missing', file);
    throw err;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new StudioError('bad-file', `the token file is not JSON${jsonPosition(err)}`, file);
  }
  return tokenTable(raw, rows, file);
}

/** Validates a parsed sidecar against the dataset's row count. */
export function tokenTable(raw: unknown, rows: number, file: string): TokenTable {
  const parsed = TokenSidecarFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StudioError('bad-file', `token file field "${issue.path.join('.')}": ${issue.message}`, `${file}: ${issue.path.join('.')}`);
  }
  const { sequences, rows: pairs } = parsed.data;
  const described = pairs ? pairs.length : sequences.reduce((n, s) => n + s.length, 0);
  if (described !== rows) throw new StudioError('shape', `the token file describes ${described} rows but the activations have ${rows}`, file);
  const seq = new Uint32Array(rows);
  const pos = new Uint32Array(rows);
  if (pairs) {
    pairs.forEach(([s, p], r) => {
      if (s >= sequences.length) throw new StudioError('bad-file', `row ${r} names sequence ${s}, but the file has ${sequences.length}`, `${file}: rows.${r}`);
      if (p >= sequences[s].length) throw new StudioError('bad-file', `row ${r} names position ${p} of sequence ${s}, which has ${sequences[s].length} tokens`, `${file}: rows.${r}`);
      seq[r] = s;
      pos[r] = p;
    });
  } else {
    let r = 0;
    sequences.forEach((tokens, s) => {
      for (let p = 0; p < tokens.length; p++, r++) [seq[r], pos[r]] = [s, p];
    });
  }
  return { sequences, seq, pos };
}

/** What a dataset's meta records of its sidecar, so its page need not read the file. */
export function tokenCounts(table: TokenTable): { sequences: number; tokens: number } {
  return { sequences: table.sequences.length, tokens: table.sequences.reduce((n, s) => n + s.length, 0) };
}

/** Writes the sidecar into a dataset folder in its explicit form (every row's pair listed). */
export async function writeTokenSidecar(datasetDir: string, table: TokenTable): Promise<void> {
  const file: TokenSidecarFile = { sequences: table.sequences, rows: Array.from(table.seq, (s, r) => [s, table.pos[r]]) };
  await writeFileAtomic(path.join(datasetDir, TOKENS_FILE), JSON.stringify(file));
}

/** A dataset's tokens, or undefined when it has no sidecar. */
export async function readDatasetTokens(datasetDir: string, rows: number): Promise<TokenTable | undefined> {
  const file = path.join(datasetDir, TOKENS_FILE);
  const present = await fs.stat(file).then(() => true, () => false);
  return present ? readTokenSidecar(file, rows) : undefined;
}
