import { describe, expect, it } from 'vitest';
import { jobKinds } from './index';
import { kindLoaders, loadJobKind } from './load';

describe('job kinds loaded one at a time', () => {
  it('have a loader for every registered kind, each giving the registry’s own entry', async () => {
    expect(Object.keys(kindLoaders).sort()).toEqual(Object.keys(jobKinds).sort());
    for (const [name, load] of Object.entries(kindLoaders)) expect(await load(), name).toBe(jobKinds[name]);
  });

  it('answer undefined for a name no kind has', async () => {
    expect(await loadJobKind('no-such-kind')).toBeUndefined();
    expect(await loadJobKind('toString')).toBeUndefined();
  });
});
