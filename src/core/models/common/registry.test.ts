import { describe, expect, it } from 'vitest';
import { registerWorkspace, workspace, workspaces } from './registry';

describe('workspace registry', () => {
  it('keeps one entry per name and names unknown ones', () => {
    const e = registerWorkspace({ name: 'test-room', title: 'T', summary: 's', schemas: [], jobKinds: [], reportSections: [], commands: ['a'] });
    expect(workspace('test-room')).toBe(e);
    expect(workspaces().map((w) => w.name)).toContain('test-room');
    expect(() => registerWorkspace({ ...e })).toThrow(/registered twice/);
    expect(() => workspace('nope')).toThrow(/no workspace 'nope'/);
    expect(() => registerWorkspace({ ...e, name: 'Bad Name' })).toThrow(/lowercase/);
  });
});
