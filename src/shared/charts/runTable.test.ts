import { describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { RUN_TABLE_COLUMNS, runTable } from './runTable';

const record = { run: 'topk-k16', arch: 'topk', width: 1024, l0: 16, fvu: 0.1234, cossim: 0.95, deadFraction: 0.004, coverage: 0.5, boardReconstruction: null };

describe('runTable', () => {
  it('formats each record in column order, numbers compact and missing values as a dash', () => {
    const table = runTable([record]);
    expect(table.columns.map((c) => c.key)).toEqual(RUN_TABLE_COLUMNS.map((c) => c.key));
    expect(table.rows).toEqual([['topk-k16', 'topk', '1k', '16', '0.123', '0.95', '4e-3', '0.5', '—']]);
  });

  it('reads only the columns asked for', () => {
    expect(runTable([record], [{ key: 'fvu', label: 'FVU', align: 'right' }]).rows).toEqual([['0.123']]);
  });

  it('refuses a record that lacks a column, naming the row and key', () => {
    const { l0: _, ...noL0 } = record;
    const bad = () => runTable([record, noL0]);
    expect(bad).toThrow(StudioError);
    expect(bad).toThrow(/runs\[1\]\.l0/);
  });
});
