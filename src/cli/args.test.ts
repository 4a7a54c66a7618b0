import { describe, expect, it } from 'vitest';
import { StudioError } from '../shared/errors';
import { nonNegativeOption } from './args';
import { projectOption } from './project';

const failure = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return err as StudioError;
  }
  throw new Error('expected a StudioError');
};

describe('the options the workspace commands share', () => {
  it('reads a whole number ≥ 0, absent as undefined, and names the option and value it refuses', () => {
    expect(nonNegativeOption({ rounds: '3' }, 'rounds')).toBe(3);
    expect(nonNegativeOption({ rounds: '0' }, 'rounds')).toBe(0);
    expect(nonNegativeOption({}, 'rounds')).toBeUndefined();
    for (const bad of ['-1', '2.5', 'x', 'Infinity']) {
      const err = failure(() => nonNegativeOption({ rounds: bad }, 'rounds'));
      expect(err).toBeInstanceOf(StudioError);
      expect([err.code, err.where, err.detail]).toEqual(['bad-input', '--rounds', `--rounds must be a whole number ≥ 0, got "${bad}"`]);
    }
  });

  it('takes fractions where the option is not whole', () => {
    expect(nonNegativeOption({ l1: '0.25' }, 'l1', false)).toBe(0.25);
    expect(failure(() => nonNegativeOption({ l1: '-0.5' }, 'l1', false)).detail).toBe('--l1 must be a number ≥ 0, got "-0.5"');
  });

  it('requires --project', () => {
    expect(projectOption({ project: 'a.fstudio' })).toBe('a.fstudio');
    expect([failure(() => projectOption({})).detail, failure(() => projectOption({ project: '' })).where]).toEqual(['--project DIR is required', '--project']);
  });
});
