import { StudioError } from '../../shared/errors';
import { type FormField, fieldsOf, parseField } from '../runs/schemaFields';

/** A field of a job's form: a number or a choice (schemaFields), or free text. */
export type JobField = FormField | { name: string; kind: 'text'; required: boolean; default?: string; description?: string };

/** What the analyst reads beside a parameter, where its name alone says too little. */
export const JOB_FIELD_LABELS: Record<string, string> = {
  name: 'Dataset name',
  games: 'Games',
  layer: 'Layer (block whose resid_post is read; empty: the one the board probe reads best)',
  seed: 'Seed',
  game: 'Game',
  rows: 'Rows',
  dims: 'Dimensions',
  features: 'Ground-truth features',
  source: 'File path',
  tensor: 'Tensor (safetensors)',
  pgn: 'PGN file (chess)',
  modelId: 'Model of this project (empty: the shipped one)',
  dotsPerGame: 'Move numbers read per game (chess)',
  steps: 'Training steps',
};

/** Set by the studio itself (ids are made from names): never asked for. */
const INTERNAL = new Set(['id', 'ids']);

/**
 * The fields a job's form shows, in the schema's order: numbers, choices and text. Lists and
 * nested objects stay in the "advanced" JSON, as do booleans.
 */
export function jobFields(schema: Record<string, unknown> | undefined): JobField[] {
  if (!schema) return [];
  const props = (schema.properties ?? {}) as Record<string, { type?: string; enum?: unknown; default?: unknown; description?: string }>;
  const required = new Set((schema.required ?? []) as string[]);
  const scalar = new Map(fieldsOf(schema).map((f) => [f.name, f]));
  const fields: JobField[] = [];
  for (const [name, p] of Object.entries(props)) {
    if (INTERNAL.has(name)) continue;
    const known = scalar.get(name);
    if (known) fields.push(known);
    else if (p.type === 'string' && !p.enum) fields.push({ name, kind: 'text', required: required.has(name), default: typeof p.default === 'string' ? p.default : undefined, description: p.description });
  }
  return fields;
}

/**
 * The parameters the form makes: the advanced JSON object, then each filled field over it.
 * Bad values throw a StudioError naming the field (`params.<name>`, as the core names it).
 */
export function jobParams(fields: readonly JobField[], values: Readonly<Record<string, string>>, advanced: string): Record<string, unknown> {
  let base: unknown;
  try {
    base = JSON.parse(advanced.trim() || '{}');
  } catch (err) {
    throw new StudioError('bad-input', `is not valid JSON: ${(err as Error).message}`, 'advanced parameters');
  }
  if (typeof base !== 'object' || base === null || Array.isArray(base)) throw new StudioError('bad-input', 'must be a JSON object such as {"plies": [10, 20]}', 'advanced parameters');
  const params: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const f of fields) {
    const text = values[f.name] ?? '';
    const where = `params.${f.name}`;
    if (f.kind === 'text') {
      if (text.trim()) params[f.name] = text.trim();
      else if (f.required && f.default === undefined && params[f.name] === undefined) throw new StudioError('bad-input', 'is required', where);
      continue;
    }
    const value = text.trim() === '' && params[f.name] !== undefined ? params[f.name] : parseField(f, text, where);
    if (value !== undefined) params[f.name] = value;
  }
  return params;
}
