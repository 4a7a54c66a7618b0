import fs from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { StudioError } from '../../../shared/errors';

/** One preference: the same prompt answered twice, `chosen` preferred by the annotator. */
export interface PreferencePair {
  id: string;
  prompt: string;
  chosen: string;
  rejected: string;
  category: string | null;
}

const ASSISTANT = '\n\nAssistant:';

/**
 * HH-RLHF's two-transcript form: `chosen` and `rejected` are whole dialogues that share
 * everything up to the last assistant turn. The prompt is that shared prefix; the responses
 * are the final assistant turns.
 */
export function splitTranscripts(chosen: string, rejected: string): { prompt: string; chosen: string; rejected: string } | null {
  const ci = chosen.lastIndexOf(ASSISTANT);
  const ri = rejected.lastIndexOf(ASSISTANT);
  if (ci < 0 || ri < 0) return null;
  const prompt = chosen.slice(0, ci + ASSISTANT.length);
  if (rejected.slice(0, ri + ASSISTANT.length) !== prompt) return null;
  return { prompt: prompt.trim(), chosen: chosen.slice(ci + ASSISTANT.length).trim(), rejected: rejected.slice(ri + ASSISTANT.length).trim() };
}

/** A line left out, with its number (1-based) and why. */
export interface SkippedPair {
  line: number;
  /** 0-based among the file's records (its non-blank lines), where a states file counts it */
  row: number;
  reason: string;
}

export interface PreferenceFile {
  pairs: PreferencePair[];
  skipped: SkippedPair[];
}

/**
 * Reads a preference file (optionally gzipped): JSONL with `prompt`/`chosen`/`rejected` (optional `id`, `category`),
 * or HH-RLHF's `chosen`/`rejected` transcripts without `prompt`. A line that is not a pair (not
 * JSON, a field missing or not text, a repeated id) stops the read with an error naming the file
 * and line. A pair that cannot be compared — an empty response, or the same text twice — is left
 * out and listed in `skipped` by line (the shipped HH-RLHF split has four empty chosen answers).
 */
export async function readPreferencePairs(file: string): Promise<PreferenceFile> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    throw new StudioError('not-found', `cannot read the preference file: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, file);
  }
  if (file.endsWith('.gz')) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      throw new StudioError('bad-file', 'the file ends in .gz but is not gzip data', file);
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new StudioError('bad-file', 'the file is not UTF-8 text', file);
  }
  return parsePreferencePairs(text, file);
}

export function parsePreferencePairs(text: string, file: string): PreferenceFile {
  const pairs: PreferencePair[] = [];
  const skipped: SkippedPair[] = [];
  const ids = new Set<string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const where = `${file}: line ${i + 1}`;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new StudioError('bad-file', 'this line is not JSON', where);
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new StudioError('bad-file', 'each line must be a JSON object', where);
    const row = raw as Record<string, unknown>;
    for (const key of ['chosen', 'rejected'] as const) {
      if (!(key in row)) throw new StudioError('bad-file', `the line has no "${key}"`, where);
      if (typeof row[key] !== 'string') throw new StudioError('bad-file', `"${key}" must be text`, where);
    }
    let prompt: string;
    let chosen = row.chosen as string;
    let rejected = row.rejected as string;
    if (typeof row.prompt === 'string') prompt = row.prompt;
    else if (row.prompt === undefined) {
      const split = splitTranscripts(chosen, rejected);
      if (!split) throw new StudioError('bad-file', 'no "prompt", and "chosen" and "rejected" are not two transcripts that differ only in the last assistant turn', where);
      ({ prompt, chosen, rejected } = split);
    } else throw new StudioError('bad-file', '"prompt" must be text', where);
    const unusable = chosen.trim() === '' ? '"chosen" is empty' : rejected.trim() === '' ? '"rejected" is empty' : chosen === rejected ? '"chosen" and "rejected" are the same text' : null;
    if (unusable) {
      skipped.push({ line: i + 1, row: pairs.length + skipped.length, reason: unusable });
      continue;
    }
    const id = row.id === undefined ? String(pairs.length) : String(row.id);
    if (ids.has(id)) throw new StudioError('bad-file', `the id "${id}" appears twice`, where);
    ids.add(id);
    const category = typeof row.category === 'string' && row.category !== '' ? row.category : null;
    pairs.push({ id, prompt, chosen, rejected, category });
  }
  if (pairs.length === 0) {
    const why = skipped.length ? `: every line was left out (line ${skipped[0].line}: ${skipped[0].reason})` : '';
    throw new StudioError('bad-file', `the file holds no preference pairs${why}`, file);
  }
  return { pairs, skipped };
}
