import { StudioError } from '../../shared/errors';

/** One scalar field of a config, read from its JSON Schema (zod's export, input side). */
export interface FormField {
  name: string;
  kind: 'integer' | 'number' | 'enum';
  options?: string[];
  default?: number | string;
  description?: string;
  /** bounds; `exclusiveMin` makes `min` strict (zod's `.positive()`) */
  min?: number;
  max?: number;
  exclusiveMin?: boolean;
  required: boolean;
}

interface JsonProperty {
  type?: string;
  enum?: string[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
}

/** JSON can carry only this much of an integer exactly; zod writes it as the implicit maximum. */
const SAFE_MAX = Number.MAX_SAFE_INTEGER;

/**
 * The scalar fields of an object schema, in declaration order. Nested objects, records and
 * unions are left to the form's own controls (whitening, the architecture config).
 */
export function fieldsOf(schema: Record<string, unknown>): FormField[] {
  const props = (schema.properties ?? {}) as Record<string, JsonProperty>;
  const required = new Set((schema.required ?? []) as string[]);
  const fields: FormField[] = [];
  for (const [name, p] of Object.entries(props)) {
    const base = { name, description: p.description, required: required.has(name) };
    if (p.type === 'string' && p.enum) fields.push({ ...base, kind: 'enum', options: p.enum, default: p.default as string | undefined });
    else if (p.type === 'integer' || p.type === 'number') {
      fields.push({
        ...base,
        kind: p.type,
        default: p.default as number | undefined,
        min: p.exclusiveMinimum ?? p.minimum,
        exclusiveMin: p.exclusiveMinimum !== undefined,
        max: p.maximum === undefined || p.maximum >= SAFE_MAX ? undefined : p.maximum,
      });
    }
  }
  return fields;
}

/**
 * The value typed into a field, checked as the schema checks it. Empty means "the default"
 * (undefined) unless the field is required. A bad value is a StudioError naming `where`.
 */
export function parseField(field: FormField, text: string, where = field.name): number | string | undefined {
  const raw = text.trim();
  if (raw === '') {
    if (field.required && field.default === undefined) throw new StudioError('bad-input', 'is required', where);
    return undefined;
  }
  if (field.kind === 'enum') {
    if (!field.options!.includes(raw)) throw new StudioError('bad-input', `must be one of ${field.options!.join(', ')}`, where);
    return raw;
  }
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new StudioError('bad-input', `"${raw}" is not a number`, where);
  if (field.kind === 'integer' && !Number.isInteger(value)) throw new StudioError('bad-input', `must be a whole number, got ${raw}`, where);
  if (field.min !== undefined && (field.exclusiveMin ? value <= field.min : value < field.min)) {
    throw new StudioError('bad-input', `must be ${field.exclusiveMin ? '>' : '≥'} ${field.min}, got ${raw}`, where);
  }
  if (field.max !== undefined && value > field.max) throw new StudioError('bad-input', `must be ≤ ${field.max}, got ${raw}`, where);
  return value;
}
