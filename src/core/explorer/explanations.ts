import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { EXPLANATIONS_FILE, type Explanation, ExplanationsFile } from '../../shared/schemas/explanations';
import { parseCsvRecords } from '../data/csv';
import { writeJsonAtomic } from '../io/atomic';
import { jsonPosition, readRegularText } from '../io/regularFile';
import { isNeuronpedia, neuronpediaEntries } from './neuronpedia';

/** The run's explanations by feature; empty when the run has no explanations.json. */
export async function readExplanations(runFolder: string): Promise<Map<number, Explanation>> {
  const file = path.join(runFolder, EXPLANATIONS_FILE);
  let text: string;
  try {
    text = await readRegularText(file);
  } catch (err) {
    if ((err as StudioError).code === 'not-found') return new Map();
    throw err;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new StudioError('bad-file', `the explanations are not JSON${jsonPosition(err)}`, file);
  }
  const parsed = ExplanationsFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StudioError('bad-file', `explanations field "${issue.path.join('.')}": ${issue.message}`, `${file}: ${issue.path.join('.')}`);
  }
  return new Map(parsed.data.explanations.map((e) => [e.feature, e]));
}

/**
 * Reads explanations to import from CSV (a header row naming `feature`, `text`, and optionally
 * `score` and `method`) or JSON (an array of {feature, text, score?, method?}, an
 * explanations.json, or a Neuronpedia explanation export / feature JSON: neuronpedia.ts). Every entry is checked against the run's width; an error names the
 * file and the CSV row (header = row 1) or JSON entry. An empty score is null, never 0.
 */
export async function readExplanationsImport(file: string, features: number, method = 'imported'): Promise<Explanation[]> {
  const text = await readRegularText(file);
  const isJson = path.extname(file).toLowerCase() === '.json';
  const entries = isJson ? jsonEntries(text, file) : csvEntries(text, file);
  const seen = new Map<number, string>();
  return entries.map(({ where, fields }) => {
    const at = `${file}: ${where}`;
    const feature = Number(fields.feature);
    if (fields.feature === undefined || fields.feature === '' || !Number.isInteger(feature)) throw new StudioError('bad-file', `feature ${JSON.stringify(fields.feature ?? null)} is not an integer`, at);
    if (feature < 0 || feature >= features) throw new StudioError('bad-input', `feature ${feature} is outside 0..${features - 1} (the run has ${features} features)`, at);
    if (seen.has(feature)) throw new StudioError('bad-file', `feature ${feature} is explained twice (also at ${seen.get(feature)})`, at);
    seen.set(feature, where);
    const textValue = typeof fields.text === 'string' ? fields.text.trim() : '';
    if (!textValue) throw new StudioError('bad-file', 'the explanation text is empty', at);
    const score = toScore(fields.score, at);
    const how = typeof fields.method === 'string' && fields.method.trim() ? fields.method.trim() : method;
    return { feature, text: textValue, score, method: how };
  });
}

/**
 * Adds explanations to the run's explanations.json (an imported feature replaces the one it
 * had; the others stay), written atomically only once every entry has been checked.
 */
export async function importExplanations(runFolder: string, file: string, features: number, method?: string): Promise<{ imported: number; total: number }> {
  const incoming = await readExplanationsImport(file, features, method);
  const merged = await readExplanations(runFolder);
  for (const e of incoming) merged.set(e.feature, e);
  const explanations = [...merged.values()].sort((a, b) => a.feature - b.feature);
  await writeJsonAtomic(path.join(runFolder, EXPLANATIONS_FILE), ExplanationsFile.parse({ version: 1, explanations }));
  return { imported: incoming.length, total: explanations.length };
}

interface RawEntry {
  where: string;
  fields: Record<string, unknown>;
}

function csvEntries(text: string, file: string): RawEntry[] {
  const [header, ...records] = parseCsvRecords(text, file);
  const names = (header ?? []).map((h) => h.trim().toLowerCase());
  for (const required of ['feature', 'text']) {
    if (!names.includes(required)) throw new StudioError('bad-file', `the header has no "${required}" column (it needs feature, text and optionally score, method)`, `${file}: row 1`);
  }
  return records.map((rec, i) => {
    const where = `row ${i + 2}`;
    if (rec.length !== names.length) throw new StudioError('bad-file', `the row has ${rec.length} fields but the header has ${names.length}`, `${file}: ${where}`);
    return { where, fields: Object.fromEntries(names.map((n, j) => [n, rec[j]])) };
  });
}

function jsonEntries(text: string, file: string): RawEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new StudioError('bad-file', `not JSON${jsonPosition(err)}`, file);
  }
  if (isNeuronpedia(raw)) return neuronpediaEntries(raw);
  const version = Array.isArray(raw) ? undefined : (raw as { version?: unknown } | null)?.version;
  if (version !== undefined && version !== 1) throw new StudioError('unsupported', `explanations version ${JSON.stringify(version)} is not supported (version 1 only)`, `${file}: version`);
  const list = Array.isArray(raw) ? raw : (raw as { explanations?: unknown } | null)?.explanations;
  if (!Array.isArray(list)) throw new StudioError('bad-file', 'expected an array of {feature, text, score} or {"explanations": [...]}', file);
  return list.map((entry, i) => {
    if (typeof entry !== 'object' || entry === null) throw new StudioError('bad-file', 'an entry is not an object', `${file}: entry ${i}`);
    // JSON has numbers: "0" is a string some tool wrote by mistake, not feature 0.
    const feature = (entry as { feature?: unknown }).feature;
    if (feature !== undefined && typeof feature !== 'number') throw new StudioError('bad-file', `feature ${JSON.stringify(feature)} is not a JSON number`, `${file}: entry ${i}`);
    return { where: `entry ${i}`, fields: entry as Record<string, unknown> };
  });
}

function toScore(value: unknown, at: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  const score = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  if (!Number.isFinite(score)) throw new StudioError('bad-file', `score ${JSON.stringify(value)} is not a finite number`, at);
  return score;
}
