import type { z } from 'zod';

/** What a JSON type is called in a sentence. */
const NOUN: Record<string, string> = { string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false', array: 'a list', object: 'an object' };

/**
 * A schema issue as a person reads it, without the path (the caller names the field): "is
 * required" rather than "expected string, received undefined".
 */
export function issueInWords(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined$/.test(issue.message) ? 'is required' : `must be ${NOUN[issue.expected] ?? issue.expected}${/received (\w+)$/.exec(issue.message) ? `, got ${/received (\w+)$/.exec(issue.message)![1]}` : ''}`;
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string' ? `needs at least ${String(issue.minimum)} ${issue.origin === 'array' ? 'entries' : 'characters'}` : `must be ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'array' || issue.origin === 'string' ? `takes at most ${String(issue.maximum)} ${issue.origin === 'array' ? 'entries' : 'characters'}` : `must be ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `${issue.keys.length === 1 ? 'is not a setting' : 'are not settings'} of this job: ${issue.keys.join(', ')}`;
    default:
      return issue.message;
  }
}
