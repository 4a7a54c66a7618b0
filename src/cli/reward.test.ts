import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './testing';
import { Studio } from '../core/studio';
import { writeNpy } from '../core/data/npy';
import { plantedPairs } from '../core/models/reward/testing';
import { pdfText } from '../core/reports/pdfTools';

let tmp: string;
beforeAll(async () => (tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-reward-'))));
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));
const cli = (args: string[]) => runCli(args, { cwd: tmp, home: path.join(tmp, 'home') });

describe('feature-studio reward', () => {
  it('trains on imported [pairs, 2, d] states, evaluates against the baselines, and shifts preferences by an edit', { timeout: 120_000 }, async () => {
    const project = path.join(tmp, 'p.fstudio');
    const studio = new Studio({ home: path.join(tmp, 'home') });
    await studio.createProject({ dir: project, name: 'reward' });
    await studio.close();
    const { pairs, last } = plantedPairs(160, 12);
    await fs.writeFile(path.join(tmp, 'pairs.jsonl'), pairs.map((p) => JSON.stringify(p)).join('\n'));
    await writeNpy(path.join(tmp, 'states.npy'), last, [160, 2, 12]);

    const wrong = await cli(['reward', 'train', '--project', project, '--pairs', 'pairs.jsonl', '--states', 'pairs.jsonl', '--json']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/states must be \.npy or \.safetensors, got "\.jsonl"/);

    const train = await cli(['reward', 'train', '--project', project, '--pairs', 'pairs.jsonl', '--states', 'states.npy', '--width', '24', '--k', '4', '--steps', '120', '--json']);
    expect(train.code, train.stderr).toBe(0);
    const out = JSON.parse(train.stdout);
    expect(out.phi).toBe('pre');
    expect(Object.keys(out.models).sort()).toEqual(['denseHead', 'length', 'saeHead', 'topkHead']);
    expect(out.models.saeHead.accuracy).toBeGreaterThan(0.85);
    expect(out.models.saeHead.accuracyLow).toBeLessThanOrEqual(out.models.saeHead.accuracy);
    expect(out.models.saeHead.accuracyHigh).toBeGreaterThanOrEqual(out.models.saeHead.accuracy);

    const evaluated = JSON.parse((await cli(['reward', 'eval', '--project', project, '--model', out.model, '--json'])).stdout);
    expect(evaluated.models.saeHead.accuracy).toBe(out.models.saeHead.accuracy);
    const top = evaluated.topPositive[0].feature as number;

    // the pick rule's rows; a × v edit of a candidate alone gives the complement ratio a_C/a_T it predicts
    const picked = JSON.parse((await cli(['reward', 'candidates', '--project', project, '--model', out.model, '--target-category', 'odd', '--json'])).stdout);
    expect(picked.length).toBeGreaterThan(0);
    for (const c of picked) {
      expect(c.weight).toBeGreaterThan(0);
      expect(c.s).toBeGreaterThan(Math.abs(c.t));
      expect(c.coverage).toBeGreaterThanOrEqual(0.1);
    }
    const ratios = picked.map((c: { predictedRatio: number }) => c.predictedRatio);
    expect(ratios).toEqual([...ratios].sort((a, b) => a - b));

    const shift = await cli(['reward', 'shift', '--project', project, '--model', out.model, '--edit', JSON.stringify({ [picked[0].feature]: ['*', 3] }), '--target-category', 'odd', '--json']);
    expect(shift.code, shift.stderr).toBe(0);
    const moved = JSON.parse(shift.stdout);
    expect(moved.target.pairs + moved.complement.pairs).toBe(160);
    expect(Number.isInteger(moved.flips)).toBe(true);
    expect(moved.target.chosenMeanDelta).not.toBe(0);
    // the "nearly unchanged" check: the complement's mean |Δ chosen| over the target's, held to the bound
    expect(moved.complementRatio).toBeCloseTo(moved.complement.chosenMeanAbsDelta / moved.target.chosenMeanAbsDelta, 12);
    expect(moved.complementRatio).toBeCloseTo(picked[0].predictedRatio, 5);
    expect(moved.nearlyUnchanged).toBe(moved.complementRatio <= moved.complementRatioBound);

    // the fixed topic domains: no planted prompt names one, so each is left out for too few pairs and none is chosen
    const domains = JSON.parse((await cli(['reward', 'domains', '--project', project, '--model', out.model, '--json'])).stdout);
    expect(domains.domains.map((d: { skipped?: string }) => d.skipped)).toEqual(Array(20).fill('0 target pairs, fewer than 30'));
    expect(domains.bestOnTraining).toBeNull();

    const report = JSON.parse((await cli(['reward', 'report', '--project', project, '--model', out.model, '--edit', JSON.stringify({ [top]: ['*', 2] }), '--target-category', 'odd', '--json'])).stdout);
    const text = await pdfText(report.pdf);
    for (const heading of ['Held-out pairwise accuracy', "The head's largest weights", 'What decided pair', 'Preference shift']) expect(text).toContain(heading);
    // the edit as a reader writes it, not its JSON
    expect(text).toContain(`Feature edits #${top} × 2 on the target domain`);
    // the shift's verdict against the bound is printed under its table
    expect(text).toMatch(/the\s+complement\s+is\s+(NOT\s+)?nearly\s+unchanged|do\s+not\s+move/);
    expect(await fs.readFile(report.csv, 'utf8')).toMatch(/^model,metric,value,low,high,split\nsaeHead,pairwiseAccuracy,/);

    const bad = await cli(['reward', 'shift', '--project', project, '--model', out.model, '--edit', '{"999": ["*", 2]}', '--target-category', 'odd']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/feature 999 is outside the SAE's 24 features/);
  });
});
