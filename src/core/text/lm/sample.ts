/**
 * The held-out English text shipped in resources/text/ (scripts/make-text-sample.ts; licences
 * in resources/README.md): documents of the four English sources the shipped text model never
 * trained on, for the text demo and the tests.
 */
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { StudioError } from '../../../shared/errors';
import { appRoot } from '../../io/appRoot';

export const TEXT_SAMPLE_FILE = path.join(appRoot(), 'resources', 'text', 'held-out-english.jsonl.gz');

export interface SampleRow {
  id: string;
  text: string;
  split: 'test';
  fields: { source: string };
}

/** The sample's documents in file order (sources one after another: reviews, preferences, federalist, reuters). */
export async function readTextSample(file = TEXT_SAMPLE_FILE): Promise<SampleRow[]> {
  const data = await fs.readFile(file).catch(() => {
    throw new StudioError('not-found', 'the shipped text sample is missing (regenerate it with scripts/make-text-sample.ts)', file);
  });
  return gunzipSync(data)
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as SampleRow;
      } catch {
        throw new StudioError('bad-file', 'a line of the text sample is not JSON', `${file}: line ${i + 1}`);
      }
    });
}
