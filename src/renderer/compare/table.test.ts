import { describe, expect, it } from 'vitest';
import type { HeldOutScores, RunInfo } from '../../shared/schemas/run';
import { baselineRow, compareCsv, compareRow, visibleRows, type CompareView } from './table';

const run = (id: string, arch: string, width: number, whitening: string | null = null, datasetId = 'toy'): RunInfo => ({
  id, name: `SAE "${id}"`, createdAt: '2026-01-01T00:00:00Z', origin: 'trained', datasetId, arch, saved: arch, dIn: 16, dSae: width, steps: 300,
  config: { arch, width, whitening: whitening ? { kind: whitening } : null }, final: { l0: 99, fvu: 0.9 }, evaluated: true,
});
const held = (l0: number, fvu: number, board: boolean): HeldOutScores => ({
  datasetId: 'toy',
  rows: 120,
  core: { datasetId: 'toy', evaluatedAt: '', rows: 120, l0, l1: 1, mse: 1, explainedVariance: 1 - fvu, fvu, cossim: 0.9, deadFraction: 0.1, denseFraction: 0, densityHistogram: { edges: [], counts: [], dead: 0 }, mmcs: null },
  board: board ? { family: 'f', coverage: 0.4, coveragePositive: 0.6, coverageAboveChance: 0.1, coverageAlwaysOn: 0.27, boardReconstruction: 0.2, trainPositions: 60, testPositions: 60 } : null,
  boardMissing: board ? null : 'no labels',
});

const rows = [
  compareRow(run('a', 'topk', 64), { ...held(4, 0.3, true), core: { ...held(4, 0.3, true).core, ceLossRecovered: 0.8, sparseProbingMean: { k1: 0.7 }, absorption: { fraction: 0.05, full: 0, tasks: 1, perTask: {} } } }),
  compareRow(run('b', 'relu', 64, 'pca'), held(12.5, 0.1, false)),
  compareRow(run('c', 'topk', 128), undefined),
  compareRow(run('d', 'relu', 64, null, 'othello-random-weights-model'), held(20, 0.2, true)),
  baselineRow({ baseline: 'random', datasetId: 'toy', width: 64, l0: 30, fvu: 0.5, deadFraction: 0, board: null }, 120),
];
const view = (over: Partial<CompareView['filters']> = {}, sort: CompareView['sort'] = { key: 'l0', descending: false }, showReferences = true): CompareView => ({ filters: { arch: '', whitening: '', width: '', ...over }, sort, showReferences });

describe('compare table', () => {
  it("reads each run's held-out measurement (never the last training batch), whitening and board scores, and says where it was measured", () => {
    expect(rows[0]).toMatchObject({ arch: 'topk', whitening: 'none', width: 64, kind: 'sae', metrics: { l0: 4, fvu: 0.3, coverage: 0.4, coverageAboveChance: 0.1, boardReconstruction: 0.2 } });
    expect(rows[0].measuredOn).toBe('120 validation rows of toy; board metrics: 60 positions label the features, 60 are scored');
    expect(rows[1]).toMatchObject({ whitening: 'pca', metrics: { coverage: null } });
    expect(rows[2]).toMatchObject({ metrics: { l0: null, fvu: null }, measuredOn: 'not measured yet' });
    expect(rows[3].kind).toBe('control');
    expect(rows[4]).toMatchObject({ kind: 'baseline', name: 'random dictionary', steps: null });
  });

  it('filters runs by architecture, whitening and width (baselines and the control stay unless hidden), and sorts with missing values last', () => {
    expect(visibleRows(rows, view()).map((r) => r.run)).toEqual(['a', 'b', 'd', 'baseline:random:toy', 'c']);
    expect(visibleRows(rows, view({}, { key: 'l0', descending: true })).map((r) => r.run)).toEqual(['baseline:random:toy', 'd', 'b', 'a', 'c']);
    expect(visibleRows(rows, view({ arch: 'topk' })).map((r) => r.run)).toEqual(['a', 'd', 'baseline:random:toy', 'c']);
    expect(visibleRows(rows, view({ arch: 'topk' }, undefined, false)).map((r) => r.run)).toEqual(['a', 'c']);
    expect(visibleRows(rows, view({ whitening: 'pca' }, undefined, false)).map((r) => r.run)).toEqual(['b']);
    expect(visibleRows(rows, view({ width: '128' }, undefined, false)).map((r) => r.run)).toEqual(['c']);
    expect(visibleRows(rows, view({}, { key: 'arch', descending: false }, false)).map((r) => r.run)).toEqual(['b', 'a', 'c']);
  });

  it('writes exactly the rows given as RFC 4180 CSV, quoting what needs it', () => {
    const csv = compareCsv(visibleRows(rows, view({ arch: 'topk' }, undefined, false)));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('run,architecture,whitening,width (features),steps,L0,FVU,dead fraction,coverage,coverage above chance,board rec.,CE loss rec.,sparse probe k=1,absorption,kind,measured on');
    expect(lines[1]).toBe('"SAE ""a""",topk,none,64,300,4,0.3,0.1,0.4,0.1,0.2,0.8,0.7,0.05,sae,"120 validation rows of toy; board metrics: 60 positions label the features, 60 are scored"');
    expect(lines[2]).toBe('"SAE ""c""",topk,none,128,300,,,,,,,,,,sae,not measured yet');
    expect(lines).toHaveLength(4);
  });
});
