import type { z } from 'zod';
import { StudioError } from '../../shared/errors';
import { readRegularText } from './regularFile';

/**
 * Reads a JSON file the studio keeps (a cache, a memory, a setting, a log) against its schema.
 * A missing file is null; one that does not parse or fit is a StudioError naming the file and,
 * for a misfit, the field — never silently replaced, so nothing saved is lost by a later write.
 */
export async function readSchemaJson<S extends z.ZodTypeAny>(file: string, schema: S, what: string): Promise<z.output<S> | null> {
  let text: string;
  try {
    text = await readRegularText(file);
  } catch (err) {
    if (err instanceof StudioError && err.code === 'not-found') return null;
    throw err;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new StudioError('bad-file', `${what} is not valid JSON`, file);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StudioError('bad-file', `${what} is invalid: ${issue.message}`, `${file}: ${issue.path.join('.')}`);
  }
  return parsed.data as z.output<S>;
}
