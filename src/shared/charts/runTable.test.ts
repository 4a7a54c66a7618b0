import { describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { RUN_TABLE_COLUMNS, runTable, runTableText } from './runTable';

const record = { run: 'topk-k16', arch: 'topk', width: 1024, l0: 16, fvu: 0.1234, cossim: 0.95, deadFraction: 0.004, coverage: 0.5, boardReconstruction: null };

describe('runTable', () => {
  it('formats each record in column order, scores at three decimals, widths whole, L0 compact and missing values as a dash', () => {
    const table = runTable([record, { ...record, width: 16384, l0: 7.72, fvu: 0.3, deadFraction: 0 }]);
    expect(table.columns.map((c) => c.key)).toEqual(RUN_TABLE_COLUMNS.map((c) => c.key));
    expect(table.rows).toEqual([
      ['topk-k16', 'topk', '1,024', '16', '0.123', '0.950', '0.004', '0.500', '—'],
      ['topk-k16', 'topk', '16,384', '7.72', '0.300', '0.950', '0.000', '0.500', '—'],
    ]);
  });

  it('reads only the columns asked for, compact where a column names no decimals', () => {
    expect(runTable([record], [{ key: 'fvu', label: 'FVU', align: 'right' }]).rows).toEqual([['0.123']]);
    expect(runTable([{ ...record, fvu: 0.004 }], [{ key: 'fvu', label: 'FVU', align: 'right' }]).rows).toEqual([['4e-3']]);
  });

  it('prints a table as aligned text: labels over their columns, numbers right-aligned', () => {
    const text = runTableText(runTable([record, { ...record, run: 'relu', l0: 123.4 }], [RUN_TABLE_COLUMNS[0], RUN_TABLE_COLUMNS[3], RUN_TABLE_COLUMNS[4]]));
    expect(text.split('\n')).toEqual(['run        L0    FVU', 'topk-k16   16  0.123', 'relu      123  0.123']);
  });

  it('refuses a record that lacks a column, naming the row and key', () => {
    const { l0: _, ...noL0 } = record;
    const bad = () => runTable([record, noL0]);
    expect(bad).toThrow(StudioError);
    expect(bad).toThrow(/runs\[1\]\.l0/);
  });
});
