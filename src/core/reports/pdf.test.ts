import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { writeFileAtomic } from '../io/atomic';
import { reportFonts } from './fonts';
import { PdfLayout } from './layout';
import { renderReportPdf, writeReportPdf } from './pdf';
import { pdfFirstPageInk, pdfPageCount, pdfText } from './pdfTools';
import { chartSvg } from './svg';
import { testReport } from './testReport';

async function withTmp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fs-pdf-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Page objects counted in the raw bytes, for machines without poppler-utils. */
function countPageObjects(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;
}

describe('report PDF', () => {
  it('is a whole PDF with the sections, charts and table drawn', async () => {
    await withTmp(async (dir) => {
      const file = path.join(dir, 'demo.pdf');
      await writeReportPdf(file, testReport());
      const bytes = await readFile(file);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(bytes.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
      const pages = (await pdfPageCount(file)) ?? countPageObjects(bytes);
      expect(pages).toBe(countPageObjects(bytes));
      expect(pages).toBeGreaterThanOrEqual(2);

      const text = await pdfText(file);
      if (text === null) return; // pdftotext (poppler-utils) is not installed: the text checks need it
      for (const s of ['Othello demo — SAE sweep', 'Sparsity against fidelity', 'Coverage and board reconstruction', 'Runs', 'Pareto frontier', 'board reconstruction', 'topk-k8', 'relu-l1, λ=0.1', 'L0 (active features per input, log scale)']) {
        expect(text).toContain(s);
      }
      // the table's formatted cells: a run's FVU at three significant digits
      expect(text).toMatch(/topk-k8\s+topk\s+256\s+8\s+0\.251/);
    });
  });

  it('leaves out a run-table column nothing was measured in (a text run has no board)', async () => {
    await withTmp(async (dir) => {
      const report = { ...testReport(), sections: ['summary', 'runTable'] as const };
      report.records = report.records.map((r) => ({ ...r, coverage: null, boardReconstruction: null }));
      const file = path.join(dir, 'text.pdf');
      await writeReportPdf(file, report);
      const text = await pdfText(file);
      if (text === null) return; // pdftotext (poppler-utils) is not installed
      expect(text).toMatch(/run\s+architecture\s+width \(features\)\s+L0\s+FVU/);
      expect(text).not.toContain('board rec.');
    });
  });

  it("lays chart text out with the PDF faces' widths, not ECharts' narrower guess", () => {
    // a label no other test draws: ECharts caches each text's width once measured
    const name = 'a legend entry measured in the report face';
    const asked: string[] = [];
    const option = { xAxis: { type: 'category' as const, data: ['a', 'b'] }, yAxis: { type: 'value' as const }, legend: { data: [name] }, series: [{ type: 'line' as const, name, data: [1, 2] }] };
    const svg = chartSvg(option, 480, 320, (text, font) => {
      asked.push(`${text} @ ${font}`);
      return 7 * text.length;
    });
    expect(svg).toContain(name);
    expect(asked).toContain(`${name} @ normal normal 12px sans-serif`);
  });

  it("lets go of a report's measure once its chart is drawn, so the finished layout is not held", () => {
    let calls = 0;
    chartSvg({ xAxis: { type: 'category', data: ['x'] }, yAxis: { type: 'value' }, series: [{ type: 'bar', data: [1] }] }, 200, 100, (text) => {
      calls++;
      return 7 * text.length;
    });
    const during = calls;
    expect(during).toBeGreaterThan(0);
    // anything ECharts measures afterwards (a text no chart has drawn, so not cached) no longer reaches it
    echarts.format.getTextRect('a text measured after the chart', '12px sans-serif');
    expect(calls).toBe(during);
  });

  it('renders page 1 to a picture that is not blank', async () => {
    await withTmp(async (dir) => {
      const file = path.join(dir, 'demo.pdf');
      await writeReportPdf(file, testReport());
      const ink = await pdfFirstPageInk(file);
      if (ink === null) return; // pdftoppm (poppler-utils) is not installed: nothing to render with
      // A page of text and a chart inks a few percent of its pixels; a blank page inks none.
      expect(ink).toBeGreaterThan(0.01);
      expect(ink).toBeLessThan(0.5);
    });
  });

  it('falls back to the built-in Helvetica where DejaVu is missing', async () => {
    const fonts = reportFonts('/no/such/fonts');
    expect(fonts).toEqual({ regular: 'Helvetica', bold: 'Helvetica-Bold', unicode: false });
    const pdf = await renderReportPdf(testReport(), fonts);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain('/BaseFont /Helvetica');
    expect(pdf.toString('latin1')).not.toContain('DejaVu');
  });

  it('refuses a report whose record lacks a required metric, writing nothing', async () => {
    await withTmp(async (dir) => {
      const report = testReport();
      delete (report.records[1] as Record<string, unknown>).coverage;
      const file = path.join(dir, 'bad.pdf');
      await expect(writeReportPdf(file, report)).rejects.toThrow(StudioError);
      await expect(writeReportPdf(file, report)).rejects.toThrow(/records\[1\]\.coverage/);
      await expect(readFile(file)).rejects.toThrow(/ENOENT/);
    });
  });

  it('grows a table row to its wrapped cells and keeps a long heading off the page foot', async () => {
    await withTmp(async (dir) => {
      const page = new PdfLayout(reportFonts(), { title: 't', createdAt: '2026-01-01T00:00:00Z' });
      // seven "value [low, high]" columns are wider than the page: each cell wraps to two lines
      const cell = (v: string) => `${v} [0.360, 0.804]`;
      page.table({
        columns: [{ key: 'model', label: 'model', align: 'left' }, ...['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((key) => ({ key, label: key, align: 'right' as const }))],
        rows: [['first', ...Array(7).fill(cell('0.585'))], ['second', ...Array(7).fill(cell('0.111'))]],
      });
      // fill page 1 down to about 60 points above its foot, then a heading that wraps to two lines
      while (page.doc.y < page.doc.page.height - 48 - 100) page.paragraph('filler');
      page.heading('What decided one test pair (TheresePoletti/126708newsML.txt / JaneMacartney/112616newsML.txt)');
      page.paragraph('the text under the heading');
      const file = path.join(dir, 'layout.pdf');
      await writeFileAtomic(file, await page.finish());
      const text = await pdfText(file);
      if (text === null) return; // pdftotext (poppler-utils) is not installed
      const lines = text.split('\n');
      // a wrapped cell's second line has a line of its own, not printed over the next row
      expect(lines.some((l) => l.includes('second'))).toBe(true);
      expect(lines.filter((l) => l.includes('second') && l.includes('0.804]'))).toEqual([]);
      const [page1, page2] = text.split('\f');
      expect(page1).not.toContain('What decided');
      expect(page2).toMatch(/What decided one test pair\s+\(TheresePoletti/);
    });
  });

  it('draws the combining marks of chart labels (the hat of r̂), as the body text keeps them', async () => {
    await withTmp(async (dir) => {
      const page = new PdfLayout(reportFonts(), { title: 't', createdAt: '2026-01-01T00:00:00Z' });
      if (!page.unicode) return; // Helvetica has no combining marks to draw
      page.chart({ xAxis: { type: 'category', data: ['a feature', 'residual r̂'], name: 'IC = 1 − |r̂|' }, yAxis: { type: 'value' }, series: [{ type: 'bar', data: [1, 2] }] }, 200);
      const file = path.join(dir, 'marks.pdf');
      await writeFileAtomic(file, await page.finish());
      const text = await pdfText(file);
      if (text === null) return; // pdftotext (poppler-utils) is not installed
      expect(text.match(/\u0302/g)?.length).toBe(2);
    });
  });
});
