import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../../shared/errors';
import { ReviewModelInfo } from '../../../shared/schemas/reviews';
import { writeJsonAtomic } from '../../io/atomic';

/** models/<id>/reviews.json: the whole discovery (features, history, table, test predictions). */
export const REVIEWS_FILE = 'reviews.json';

export async function saveReviewModel(dir: string, info: ReviewModelInfo): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await writeJsonAtomic(path.join(dir, REVIEWS_FILE), info);
}

export async function readReviewModel(dir: string): Promise<ReviewModelInfo> {
  const file = path.join(dir, REVIEWS_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new StudioError('not-found', 'this model is not a review-quality model', file);
    throw new StudioError('bad-file', 'reviews.json is not valid JSON', file);
  }
  const parsed = ReviewModelInfo.safeParse(raw);
  if (!parsed.success) throw new StudioError('bad-file', `reviews.json is invalid: ${parsed.error.issues[0].message}`, `${file}: ${parsed.error.issues[0].path.join('.')}`);
  return parsed.data;
}
