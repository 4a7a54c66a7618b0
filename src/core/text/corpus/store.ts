import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { StudioError } from '../../../shared/errors';
import { CorpusMeta, CorpusRow, type SplitName } from '../../../shared/schemas/corpus';
import { corpusDir } from '../../project/layout';

export const CORPUS_META_FILE = 'corpus.json';
export const CORPUS_ROWS_FILE = 'rows.jsonl';

/** `corpora/<id>/corpus.json`, validated. */
export async function readCorpusMeta(projectDir: string, id: string): Promise<CorpusMeta> {
  const file = path.join(corpusDir(projectDir, id), CORPUS_META_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StudioError('not-found', `no corpus "${id}" in this project`, file);
    throw new StudioError('bad-file', `corpus.json is unreadable: ${(err as Error).message}`, file);
  }
  const parsed = CorpusMeta.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StudioError('bad-file', `corpus.json field "${issue.path.join('.')}": ${issue.message}`, file);
  }
  return parsed.data;
}

export interface ReadRowsOptions {
  /** only rows of this split */
  split?: SplitName;
  signal?: AbortSignal;
}

/**
 * The rows of a corpus in file order, streamed line by line (a corpus never sits in memory
 * whole). Each line is validated; a damaged line names its line number.
 */
export async function* readCorpusRows(projectDir: string, id: string, options: ReadRowsOptions = {}): AsyncGenerator<CorpusRow> {
  const file = path.join(corpusDir(projectDir, id), CORPUS_ROWS_FILE);
  const stream = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'ENOENT' ? new StudioError('not-found', `corpus "${id}" has no rows.jsonl`, file) : err),
    );
  });
  await opened;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const line of lines) {
      lineNo++;
      options.signal?.throwIfAborted();
      if (line === '') continue;
      let row: CorpusRow;
      try {
        row = CorpusRow.parse(JSON.parse(line));
      } catch (err) {
        throw new StudioError('bad-file', `line ${lineNo} is not a corpus row: ${(err as Error).message.slice(0, 200)}`, `${file}, line ${lineNo}`);
      }
      if (options.split === undefined || row.split === options.split) yield row;
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}
