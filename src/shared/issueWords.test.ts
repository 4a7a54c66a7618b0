import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueInWords } from './issueWords';

const first = (schema: z.ZodType, value: unknown) => issueInWords(schema.safeParse(value).error!.issues[0]);

describe('schema issues in words', () => {
  it('says what is wrong with a value the way a form would', () => {
    expect(first(z.object({ source: z.string() }), {})).toBe('is required');
    expect(first(z.object({ games: z.number() }), { games: 'many' })).toBe('must be a number, got string');
    expect(first(z.number().int().positive(), 0)).toBe('must be > 0');
    expect(first(z.number().max(10), 11)).toBe('must be ≤ 10');
    expect(first(z.enum(['othello', 'chess']), 'go')).toBe('must be one of othello, chess');
    expect(first(z.object({}).strict(), { gmes: 1 })).toBe('is not a setting of this job: gmes');
    expect(first(z.array(z.number()).min(1), [])).toBe('needs at least 1 entries');
  });
});
