import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectManifest } from '../../shared/schemas/project';
import { entryName } from '../../shared/entryName';
import { listReport, requireListed } from './listed';
import { Project } from './project';

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

describe('listReport', () => {
  it('lists a report once: written again under its id, it keeps its one entry, also when both writes race', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fs-listed-'));
    try {
      const project = await Project.create(path.join(dir, 'p.fstudio'), 'p');
      const entry = { id: 'demo', name: 'Demo', createdAt: '2026-01-01T00:00:00Z' };
      await Promise.all([listReport(project, entry), listReport(project, entry)]);
      await listReport(project, { ...entry, name: 'Demo again' });
      await listReport(project, { id: 'other', name: 'Other', createdAt: entry.createdAt });
      expect(project.manifest.reports.map((r) => `${r.id}:${r.name}`)).toEqual(['demo:Demo', 'other:Other']);
      await project.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('entryName', () => {
  it('reads an id by the name the project lists it under, and an unlisted one as itself', () => {
    const name = entryName({
      ...manifest([]),
      runs: [{ id: 'topk-3f2a', name: 'TopK k=8', createdAt: '2026-01-01' }],
      datasets: [{ id: 'ds-1', name: 'Othello layer 1', createdAt: '2026-01-01' }],
    });
    expect(name('topk-3f2a')).toBe('TopK k=8');
    expect(name('ds-1')).toBe('Othello layer 1');
    expect(name('gone')).toBe('gone');
  });
});
