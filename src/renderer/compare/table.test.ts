import { describe, expect, it } from 'vitest';
import type { RunInfo } from '../../shared/schemas/run';
import { compareCsv, compareRow, visibleRows, type CompareView } from './table';

const run = (id: string, arch: string, width: number, final: Record<string, number> | null, whitening: string | null = null): RunInfo => ({
  id, name: `SAE "${id}"`, createdAt: '2026-01-01T00:00:00Z', origin: 'trained', datasetId: 'toy', arch, saved: arch, dIn: 16, dSae: width, steps: 300,
  config: { arch, width, whitening: whitening ? { kind: whitening } : null }, final, evaluated: true,
});

// eval.json of run a: its benchmark columns come from here (sparse probing: the mean over tasks at k = 1)
const evaluation = {
  datasetId: 'toy', evaluatedAt: '2026-01-01T00:00:00Z', rows: 10, l0: 4, l1: 1, mse: 0.1, explainedVariance: 0.7, fvu: 0.3, cossim: 0.9, deadFraction: 0.1, denseFraction: 0,
  densityHistogram: { edges: [], counts: [], dead: 0 }, mmcs: null, ceLossRecovered: 0.85, klDiv: 0.2,
  sparseProbingMean: { k1: 0.71, k5: 0.8 }, absorption: { fraction: 0.12, full: 0.05, tasks: 3, perTask: {} },
};

const rows = [
  compareRow(run('a', 'topk', 64, { l0: 4, fvu: 0.3, deadFraction: 0.1 }), { family: 'f', coverage: 0.4, coveragePositive: 0.6, boardReconstruction: 0.2, trainPositions: 10, testPositions: 2 }, evaluation),
  compareRow(run('b', 'relu', 64, { l0: 12.5, fvu: 0.1, deadFraction: 0 }, 'pca'), undefined),
  compareRow(run('c', 'topk', 128, null), undefined),
];
const view = (over: Partial<CompareView['filters']> = {}, sort: CompareView['sort'] = { key: 'l0', descending: false }): CompareView => ({ filters: { arch: '', whitening: '', width: '', ...over }, sort });

describe('compare table', () => {
  it('reads the last logged metrics, whitening and board scores of each run', () => {
    expect(rows[0]).toMatchObject({ arch: 'topk', whitening: 'none', width: 64, l0: 4, coverage: 0.4, boardReconstruction: 0.2 });
    expect(rows[0]).toMatchObject({ ceLossRecovered: 0.85, sparseProbingK1: 0.71, absorption: 0.12 });
    expect(rows[1]).toMatchObject({ whitening: 'pca', coverage: null, ceLossRecovered: null, sparseProbingK1: null, absorption: null });
    expect(rows[2]).toMatchObject({ l0: null, fvu: null });
  });

  it('filters by architecture, whitening and width, and sorts with missing values last', () => {
    expect(visibleRows(rows, view()).map((r) => r.run)).toEqual(['a', 'b', 'c']);
    expect(visibleRows(rows, view({}, { key: 'l0', descending: true })).map((r) => r.run)).toEqual(['b', 'a', 'c']);
    expect(visibleRows(rows, view({ arch: 'topk' })).map((r) => r.run)).toEqual(['a', 'c']);
    expect(visibleRows(rows, view({ whitening: 'pca' })).map((r) => r.run)).toEqual(['b']);
    expect(visibleRows(rows, view({ width: '128' })).map((r) => r.run)).toEqual(['c']);
    expect(visibleRows(rows, view({}, { key: 'arch', descending: false })).map((r) => r.run)).toEqual(['b', 'a', 'c']);
  });

  it('writes exactly the rows given as RFC 4180 CSV, quoting what needs it', () => {
    const csv = compareCsv(visibleRows(rows, view({ arch: 'topk' })));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('run,architecture,whitening,width (features),steps,L0,FVU,dead fraction,coverage,board rec.,CE loss rec.,sparse probe k=1,absorption');
    expect(lines[1]).toBe('"SAE ""a""",topk,none,64,300,4,0.3,0.1,0.4,0.2,0.85,0.71,0.12');
    expect(lines[2]).toBe('"SAE ""c""",topk,none,128,300,,,,,,,,');
    expect(lines).toHaveLength(4);
  });
});
