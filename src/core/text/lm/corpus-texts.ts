/**
 * The texts a text-model job reads: a project corpus's rows of some splits (corpora/<id>/,
 * read by the corpus store), or, without a corpus, the shipped held-out English sample
 * (resources/text/).
 */
import type { SplitName } from '../../../shared/schemas/corpus';
import { readCorpusRows } from '../corpus/store';
import { readTextSample } from './sample';

/** The texts of a corpus's rows in `splits` (default every split), in file order. */
export async function corpusTexts(projectDir: string, corpusId: string, splits?: readonly SplitName[], signal?: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  for await (const row of readCorpusRows(projectDir, corpusId, { signal })) if (!splits || splits.includes(row.split)) out.push(row.text);
  return out;
}

/** A corpus's texts of `splits`, or the shipped held-out sample when no corpus is named. */
export async function textsFor(projectDir: string, corpusId: string | undefined, splits?: readonly SplitName[], signal?: AbortSignal): Promise<string[]> {
  return corpusId ? corpusTexts(projectDir, corpusId, splits, signal) : (await readTextSample()).map((r) => r.text);
}
