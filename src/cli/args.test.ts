import { describe, expect, it } from 'vitest';
import { StudioError } from '../shared/errors';
import { numberOption } from './args';
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
    expect(numberOption({ rounds: '3' }, 'rounds')).toBe(3);
    expect(numberOption({ rounds: '0' }, 'rounds')).toBe(0);
    expect(numberOption({}, 'rounds')).toBeUndefined();
    for (const bad of ['-1', '2.5', 'x', 'Infinity']) {
      const err = failure(() => numberOption({ rounds: bad }, 'rounds'));
      expect(err).toBeInstanceOf(StudioError);
      expect([err.code, err.where, err.detail]).toEqual(['bad-input', '--rounds', `--rounds must be a whole number ≥ 0, got "${bad}"`]);
    }
  });

  it('holds a minimum when one is given', () => {
    expect(numberOption({ trees: '1' }, 'trees', { min: 1 })).toBe(1);
    expect(failure(() => numberOption({ trees: '0' }, 'trees', { min: 1 })).detail).toBe('--trees must be a whole number ≥ 1, got "0"');
  });

  it('takes fractions where the option is not whole', () => {
    expect(numberOption({ l1: '0.25' }, 'l1', { whole: false })).toBe(0.25);
    expect(failure(() => numberOption({ l1: '-0.5' }, 'l1', { whole: false })).detail).toBe('--l1 must be a number ≥ 0, got "-0.5"');
  });

  it('requires --project', () => {
    expect(projectOption({ project: 'a.fstudio' })).toBe('a.fstudio');
    expect([failure(() => projectOption({})).detail, failure(() => projectOption({ project: '' })).where]).toEqual(['--project DIR is required', '--project']);
  });
});
