import { describe, expect, it } from 'vitest';
import { learningRate, parseTrainConfig } from './config';

describe('training config', () => {
  it('LR: linear warm-up, constant, linear decay to 0 over the last share', () => {
    const cfg = { lr: 1e-3, steps: 100, lrWarmupFraction: 0.1, lrDecayFraction: 0.2 };
    expect(learningRate(cfg, 1)).toBeCloseTo(1e-4, 12);
    expect(learningRate(cfg, 10)).toBeCloseTo(1e-3, 12);
    expect(learningRate(cfg, 80)).toBeCloseTo(1e-3, 12);
    expect(learningRate(cfg, 81)).toBeCloseTo(1e-3, 12);
    expect(learningRate(cfg, 90)).toBeCloseTo(1e-3 * 0.55, 12);
    expect(learningRate(cfg, 100)).toBeCloseTo(1e-3 * 0.05, 12);
    expect(learningRate({ ...cfg, lrWarmupFraction: 0, lrDecayFraction: 0 }, 1)).toBe(1e-3);
  });

  it('fills defaults and names the bad field, in the run config or the architecture config', () => {
    const cfg = parseTrainConfig({ arch: 'topk', width: 64 });
    expect(cfg).toMatchObject({ batchSize: 1024, steps: 2000, bDecInit: 'mean', whitening: null, archConfig: { k: 32, auxKCoefficient: 1 / 32, weightGradient: 'auto' } });
    expect(() => parseTrainConfig({ arch: 'topk', width: 0 })).toThrow(expect.objectContaining({ code: 'bad-input', where: 'config.width' }));
    expect(() => parseTrainConfig({ arch: 'nope', width: 8 })).toThrow(expect.objectContaining({ where: 'config.arch' }));
    expect(() => parseTrainConfig({ arch: 'panneal', width: 8, archConfig: { pEnd: 2 } })).toThrow(expect.objectContaining({ where: 'arch.pEnd' }));
    expect(() => parseTrainConfig({ arch: 'relu', width: 8, archConfig: { k: 3 } })).toThrow(expect.objectContaining({ where: 'arch.k' }));
    expect(() => parseTrainConfig({ arch: 'relu', width: 8, widht: 9 })).toThrow(expect.objectContaining({ where: 'config.widht' }));
  });
});
