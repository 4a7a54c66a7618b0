import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseCsvRecords } from '../data/csv';
import { csvColumns, csvField, reportCsv, writeReportCsv } from './csv';
import { REQUIRED_COLUMNS } from './model';
import { testReport } from './testReport';

describe('report CSV', () => {
  const { records } = testReport();

  it('puts the required columns first, then the other metrics by name', () => {
    expect(csvColumns(records)).toEqual([...REQUIRED_COLUMNS, 'cossim', 'deadFraction', 'note']);
    // the order does not depend on which record names a metric first
    expect(csvColumns([...records].reverse())).toEqual(csvColumns(records));
  });

  it('quotes only fields that need it (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField(null)).toBe('');
  });

  it('writes a metric that was not measured (NaN in the model) as an empty field, not "NaN"', () => {
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(0)).toBe('0');
    const [, row] = reportCsv([{ ...records[1], coverage: Number.NaN }]).split('\r\n');
    expect(row.split(',')[6]).toBe('');
  });

  it('parses back (with the data module’s RFC 4180 reader) to the same table, numbers bit for bit', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fs-csv-'));
    try {
      const file = path.join(dir, 'demo.csv');
      await writeReportCsv(file, records);
      const text = await readFile(file, 'utf8');
      expect(text).toBe(reportCsv(records));
      expect(text.endsWith('\r\n')).toBe(true);
      const [header, ...rows] = parseCsvRecords(text);
      expect(header).toEqual(csvColumns(records));
      expect(rows).toHaveLength(records.length);
      rows.forEach((row, i) => {
        header.forEach((col, j) => {
          const want = records[i][col];
          if (want === null || want === undefined) expect(row[j]).toBe('');
          else if (typeof want === 'number') expect(Number(row[j])).toBe(want);
          else expect(row[j]).toBe(want);
        });
      });
      // 0.1 + 0.2 is 0.30000000000000004: full precision keeps the last digit
      expect(rows[0][header.indexOf('fvu')]).toBe('0.30000000000000004');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
