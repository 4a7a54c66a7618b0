import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jobFields, jobParams } from './jobFields';

// the shape of extract-activations' parameters (core/jobs/kinds/extract-activations.ts), as listJobKinds sends it
const schema = z.toJSONSchema(
  z.object({ name: z.string().min(1).optional(), id: z.string().optional(), game: z.enum(['othello', 'chess']).default('othello'), layer: z.number().int().min(-1).optional(), games: z.number().int().positive().max(1_000_000).default(1000), plies: z.array(z.number().int()).optional(), source: z.string() }).strict(),
  { io: 'input' },
) as Record<string, unknown>;

describe('job forms', () => {
  it('asks for numbers, choices and text in schema order, never for ids, and leaves lists to the JSON', () => {
    expect(jobFields(schema).map((f) => [f.name, f.kind])).toEqual([['name', 'text'], ['game', 'enum'], ['layer', 'integer'], ['games', 'integer'], ['source', 'text']]);
  });

  it('makes the parameters from the fields over the advanced JSON, and names the field of a bad value', () => {
    const fields = jobFields(schema);
    expect(jobParams(fields, { name: ' Othello ', games: '200', layer: '', source: '/x.npy' }, '{"plies": [3, 5], "games": 7}')).toEqual({ name: 'Othello', games: 200, plies: [3, 5], source: '/x.npy' });
    expect(() => jobParams(fields, { games: '0', source: 'x' }, '')).toThrow(expect.objectContaining({ where: 'params.games', message: expect.stringContaining('must be > 0') }));
    expect(() => jobParams(fields, { games: '200' }, '')).toThrow(expect.objectContaining({ where: 'params.source' }));
    expect(() => jobParams(fields, { source: 'x' }, '{plies')).toThrow(expect.objectContaining({ where: 'advanced parameters' }));
  });
});
