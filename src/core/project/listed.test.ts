import { describe, expect, it } from 'vitest';
import { ProjectManifest } from '../../shared/schemas/project';
import { requireListed } from './listed';

const manifest = (runs: string[]) =>
  ProjectManifest.parse({ schemaVersion: 2, name: 'p', createdAt: '2026-01-01', updatedAt: '2026-01-01', runs: runs.map((id) => ({ id, name: id, createdAt: '2026-01-01' })) });

describe('requireListed', () => {
  it('passes a listed id, and answers an unlisted one with the ids the project has', () => {
    expect(() => requireListed(manifest(['a', 'b']), 'runs', 'a', 'runId')).not.toThrow();
    expect(() => requireListed(manifest(['a', 'b']), 'runs', 'c', 'runId')).toThrow('no run "c" in this project (it has a, b)');
    expect(() => requireListed(manifest([]), 'runs', 'c', 'runId')).toThrow('no run "c" in this project (it has no runs yet)');
    expect(() => requireListed(manifest(['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']), 'runs', 'x', 'runId')).toThrow('(it has r1, r2, r3, r4, r5, … 7 in all)');
  });
});
