/**
 * The texts a text-model job reads: a project corpus's rows of one split (corpora/<id>/), or,
 * without a corpus, the shipped held-out English sample (resources/text/).
 */
import path from 'node:path';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { StudioError } from '../../../shared/errors';
import { readTextSample } from './sample';

export type CorpusSplit = 'train' | 'dev' | 'test';

/** The texts of a corpus's rows (`corpora/<id>/rows.jsonl`, one `{id, text, split, fields}` a line) in one split, or every split. */
export async function corpusTexts(projectDir: string, corpusId: string, splits?: readonly CorpusSplit[], signal?: AbortSignal): Promise<string[]> {
  const file = path.join(projectDir, 'corpora', corpusId, 'rows.jsonl');
  const stream = createReadStream(file, { encoding: 'utf8' });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' ? new StudioError('not-found', `no corpus "${corpusId}" in the project`, file) : err));
  });
  const out: string[] = [];
  let line = 0;
  for await (const raw of createInterface({ input: stream, crlfDelay: Infinity })) {
    line++;
    signal?.throwIfAborted();
    if (!raw) continue;
    let row: { text?: unknown; split?: unknown };
    try {
      row = JSON.parse(raw) as typeof row;
    } catch {
      throw new StudioError('bad-file', `line ${line} is not JSON`, `${file}, line ${line}`);
    }
    if (typeof row.text !== 'string') throw new StudioError('bad-file', `line ${line} has no text`, `${file}, line ${line}`);
    if (!splits || splits.includes(row.split as CorpusSplit)) out.push(row.text);
  }
  return out;
}

/** A corpus's texts of `splits`, or the shipped held-out sample when no corpus is named. */
export async function textsFor(projectDir: string, corpusId: string | undefined, splits?: readonly CorpusSplit[], signal?: AbortSignal): Promise<string[]> {
  return corpusId ? corpusTexts(projectDir, corpusId, splits, signal) : (await readTextSample()).map((r) => r.text);
}
