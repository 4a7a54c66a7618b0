import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../testing';

let tmp: string;
beforeAll(async () => (tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-reward-demo-'))));
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

describe('feature-studio demo reward', () => {
  // the shipped HH-RLHF pairs (resources/preferences, MIT) read by the shipped text model
  it('trains on the shipped pairs with the built-in text model, shifts a feature, writes the report, and replaces its model when run again', { timeout: 600_000 }, async () => {
    const project = path.join(tmp, 'reward.fstudio');
    const run = () => runCli(['demo', 'reward', '--size', 'tiny', '--project', project, '--json'], { cwd: tmp, home: path.join(tmp, 'home') });
    const first = await run();
    expect(first.code, first.stderr).toBe(0);
    const out = JSON.parse(first.stdout);
    expect(Object.keys(out.models).sort()).toEqual(['denseHead', 'length', 'saeHead', 'topkHead']);
    for (const m of Object.values(out.models) as { accuracy: number; accuracyLow: number; accuracyHigh: number }[]) {
      expect(m.accuracyLow).toBeLessThanOrEqual(m.accuracy);
      expect(m.accuracy).toBeLessThanOrEqual(m.accuracyHigh);
    }
    expect(out.testPairs).toBeGreaterThan(50);
    expect(out.shift.target.pairs + out.shift.complement.pairs).toBe(400);
    expect(Object.keys(out.shift)).toEqual(expect.arrayContaining(['target', 'complement', 'flips', 'complementRatio', 'nearlyUnchanged']));
    // the fixed domains: each picked on the training pairs, where its ratio is the pick rule's a_C/a_T exactly
    expect(out.domains.domains).toHaveLength(20);
    const measured = out.domains.domains.filter((d: { train?: unknown }) => d.train);
    expect(measured.length).toBeGreaterThan(0);
    for (const d of measured) {
      expect(d.train.complementRatio).toBeCloseTo(d.predictedRatio, 9);
      expect(d.train.targetPairs + d.heldOut.targetPairs).toBe(d.pairs);
      expect(d.holdsHeldOut).toBe(d.heldOut.complementRatio !== null && d.heldOut.complementRatio <= 0.2 && d.heldOut.coverage >= 0.1);
    }
    expect(out.domains.holdHeldOut).toEqual(measured.filter((d: { holdsHeldOut: boolean }) => d.holdsHeldOut).map((d: { id: string }) => d.id));
    expect((await fs.stat(out.report)).size).toBeGreaterThan(1000);
    const again = await run();
    expect(again.code, again.stderr).toBe(0);
    const manifest = JSON.parse(await fs.readFile(path.join(project, 'studio.json'), 'utf8'));
    expect(manifest.models.map((m: { id: string }) => m.id)).toEqual(['hh-rlhf-demo']);
  });
});
