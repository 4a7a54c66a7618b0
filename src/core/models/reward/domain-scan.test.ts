import { describe, expect, it } from 'vitest';
import { bestOnTraining, scanDomain, type ScanInput } from './domain-scan';
import { MIN_DOMAIN_PAIRS, TOPIC_DOMAINS } from '../../../shared/rewardDomains';

/**
 * 120 pairs, prompts about dogs on every third; feature 0 fires on the chosen answers of the dog
 * prompts only (and, with `leak`, on the chosen answers of the odd-numbered others), feature 1
 * on every chosen answer, feature 2 on the held-out dog prompts' chosen answers only (a feature
 * that a pick on all pairs would take). Training = pairs 0–89, held out = 90–119.
 */
function planted(leak: boolean): ScanInput {
  const P = 120;
  const m = 3;
  const prompts = Array.from({ length: P }, (_, p) => (p % 3 === 0 ? `how do I walk my dog ${p}` : `what is the time ${p}`));
  const rows = new Float32Array(P * 2 * m);
  for (let p = 0; p < P; p++) {
    if (p % 3 === 0 || (leak && p % 2 === 1)) rows[p * 2 * m] = 2;
    rows[p * 2 * m + 1] = 1;
    if (p >= 90 && p % 3 === 0) rows[p * 2 * m + 2] = 2;
  }
  const at = (p: number, s: 0 | 1) => rows.subarray((p * 2 + s) * m, (p * 2 + s + 1) * m);
  const ids = Array.from({ length: P }, (_, p) => p);
  return { w: Float32Array.of(1, 1, 1), m, prompts, split: { train: ids.slice(0, 90), test: ids.slice(90) }, phi: at, latent: at };
}

const PETS = TOPIC_DOMAINS.find((d) => d.id === 'pets')!;

describe('preference shift per domain, picked on training pairs', () => {
  it('picks the feature specific to the domain and confirms it on the held-out pairs', () => {
    const row = scanDomain(planted(false), PETS);
    expect(row.pairs).toBe(40);
    expect(row.feature).toBe(0);
    expect(row.heldOut!.complementRatio).toBe(0);
    expect(row.heldOut!.targetChosenMoved).toBe(10);
    expect(row.heldOut!.coverage).toBe(1);
    // × 2 on a latent of 2 with weight 1 raises each target chosen reward by 2, the rejected by 0
    expect(row.all!.targetMarginDelta).toBeCloseTo(2, 6);
    expect(row.holdsHeldOut).toBe(true);
  });

  it('measures the leak: the complement moves by its share of firing answers times their latent over the target\'s', () => {
    const row = scanDomain(planted(true), PETS);
    // feature 2 would give 0 everywhere, but the pick never sees the held-out pairs it fires on
    expect(row.feature).toBe(0);
    // held out (90–119): 20 others, 10 of them odd; latent 2 on each, against 2 on every target answer
    expect(row.heldOut!.complementRatio).toBeCloseTo(10 / 20, 9);
    expect(row.holdsHeldOut).toBe(false);
  });

  it('skips a domain with too few pairs, and chooses the best-placed domain by its training ratio alone', () => {
    const few = planted(false);
    const row = scanDomain({ ...few, prompts: few.prompts.map((p, i) => (i < MIN_DOMAIN_PAIRS + 6 ? p : p.replace('dog', 'fish'))) }, PETS);
    expect(row.skipped).toMatch(/fewer than 30/);
    const measure = (ratio: number) => ({ targetPairs: 1, complementPairs: 1, complementRatio: ratio, targetChosenMoved: 1, coverage: 1, targetChosenMeanDelta: 1, targetMarginDelta: 1, flips: 0 });
    const a = { ...PETS, pairs: 40, train: measure(0.1), heldOut: measure(0.9) };
    const b = { ...PETS, id: 'b', pairs: 40, train: measure(0.3), heldOut: measure(0) };
    expect(bestOnTraining([b, a, row])!.train!.complementRatio).toBe(0.1);
  });
});
