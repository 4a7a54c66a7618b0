import { describe, expect, it } from 'vitest';
import { estimateRun, estimateSweep, formatBytes } from './estimate';
import { fieldsOf, parseField } from './schemaFields';
import { expandSweep, parseSweepValues } from '../../shared/sweep';

// The shape zod 4's toJSONSchema gives for a TopK config and part of TrainConfig (io: input).
const topkSchema = {
  type: 'object',
  properties: {
    k: { default: 32, description: 'active latents per row', type: 'integer', exclusiveMinimum: 0, maximum: 9007199254740991 },
    auxKCoefficient: { default: 0.03125, type: 'number', minimum: 0 },
  },
};
const trainSchema = {
  type: 'object',
  properties: {
    arch: { type: 'string', enum: ['relu', 'topk'] },
    archConfig: { default: {}, type: 'object' },
    width: { type: 'integer', exclusiveMinimum: 0, maximum: 9007199254740991 },
    lrWarmupFraction: { default: 0.02, type: 'number', minimum: 0, maximum: 1 },
    whitening: { default: null, anyOf: [{ type: 'object' }, { type: 'null' }] },
  },
  required: ['arch', 'width'],
};

describe('new-run form from JSON Schema', () => {
  it('reads scalar fields with defaults and bounds, and leaves nested ones to the form', () => {
    const fields = fieldsOf(trainSchema);
    expect(fields.map((f) => f.name)).toEqual(['arch', 'width', 'lrWarmupFraction']);
    expect(fields[1]).toMatchObject({ kind: 'integer', min: 0, exclusiveMin: true, max: undefined, required: true });
    expect(fieldsOf(topkSchema)[0]).toMatchObject({ name: 'k', default: 32, description: 'active latents per row' });
  });

  it('checks typed values as the schema does and names the field at fault', () => {
    const [, width, warmup] = fieldsOf(trainSchema);
    expect(parseField(width, ' 4096 ')).toBe(4096);
    expect(() => parseField(width, '0')).toThrow(expect.objectContaining({ where: 'width', detail: 'must be > 0, got 0' }));
    expect(() => parseField(width, '1.5')).toThrow(expect.objectContaining({ detail: 'must be a whole number, got 1.5' }));
    expect(() => parseField(width, '')).toThrow(expect.objectContaining({ detail: 'is required' }));
    expect(parseField(warmup, '')).toBeUndefined();
    expect(() => parseField(warmup, '1.2', 'configs.lrWarmupFraction')).toThrow(expect.objectContaining({ where: 'configs.lrWarmupFraction' }));
  });
});

describe('sweep builder', () => {
  it('expands one axis to N runs and two to N × M, architecture fields into archConfig', () => {
    const base = { arch: 'topk', width: 64, archConfig: { k: 8 } };
    expect(expandSweep(base, [{ field: 'width', values: [64, 128] }]).map((c) => c.width)).toEqual([64, 128]);
    const grid = expandSweep(base, [{ field: 'width', values: [64, 128] }, { field: 'arch.k', values: [4, 8, 16] }]);
    expect(grid).toHaveLength(6);
    expect(grid.map((c) => [c.width, (c.archConfig as { k: number }).k])).toEqual([[64, 4], [64, 8], [64, 16], [128, 4], [128, 8], [128, 16]]);
    expect(base.archConfig.k).toBe(8);
    expect(parseSweepValues('16, 32 64', 'sweep')).toEqual([16, 32, 64]);
    expect(() => parseSweepValues('16, x', 'sweep.values')).toThrow(expect.objectContaining({ where: 'sweep.values' }));
  });
});

describe('run estimate', () => {
  it('counts dense and sparse-decode arithmetic and Adam-state memory', () => {
    const dense = estimateRun({ arch: 'relu', dims: 128, width: 1024, batchSize: 256, steps: 1000 }, 1e9);
    expect(dense.flopsPerStep).toBe(12 * 256 * 128 * 1024);
    expect(dense.seconds).toBeCloseTo((12 * 256 * 128 * 1024 * 1000) / 1e9, 9);
    expect(dense.bytes).toBe(4 * (4 * (2 * 1024 * 128 + 1024 + 128) + 4 * 256 * 1024 + 4 * 256 * 128));
    const sparse = estimateRun({ arch: 'topk', dims: 128, width: 1024, batchSize: 256, steps: 1000, k: 32 }, 1e9);
    expect(sparse.flopsPerStep).toBe(6 * 256 * 128 * 1024 + 6 * 256 * 32 * 128);
    expect(estimateSweep([dense, sparse].map(() => ({ arch: 'relu', dims: 128, width: 1024, batchSize: 256, steps: 1000 })), 1e9).seconds).toBeCloseTo(2 * dense.seconds, 9);
    expect(formatBytes(1_536_000_000)).toBe('1.5 GB');
    expect(formatBytes(512)).toBe('512 B');
  });
});
