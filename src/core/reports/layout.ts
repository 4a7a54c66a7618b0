/**
 * A flowing page layout over pdfkit: a cursor that moves down the page, a new page when a
 * block does not fit, and the three kinds of block a report section is made of (headings and
 * text, charts as vector SVG, tables whose header repeats on every page).
 */
import type { EChartsOption } from 'echarts';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { lightChartTheme } from '../../shared/charts/theme';
import type { RunTable } from '../../shared/charts/runTable';
import type { ReportFonts } from './fonts';
import { chartSvg } from './svg';
import { withCombiningMarks } from './svgMarks';

const REGULAR = 'report-regular';
const BOLD = 'report-bold';
const MARGIN = 48;
const BODY_SIZE = 10;
const TABLE_SIZE = 8;

export class PdfLayout {
  readonly doc: PDFKit.PDFDocument;
  readonly theme = lightChartTheme;
  private y = MARGIN;
  private readonly done: Promise<Buffer>;

  constructor(private readonly fonts: ReportFonts, info: { title: string; createdAt: string }) {
    this.doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: info.title, Creator: 'Feature Studio', CreationDate: new Date(info.createdAt) } });
    const chunks: Buffer[] = [];
    this.done = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('data', (c: Buffer) => chunks.push(c));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
    this.doc.registerFont(REGULAR, fonts.regular);
    this.doc.registerFont(BOLD, fonts.bold);
    this.doc.font(REGULAR);
  }

  get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  /** Moves to a new page unless `height` points still fit below the cursor. */
  ensure(height: number): void {
    if (this.y + height > this.doc.page.height - MARGIN) this.newPage();
  }

  newPage(): void {
    this.doc.addPage();
    this.y = MARGIN;
  }

  /** true when the faces have glyphs beyond Latin-1 (DejaVu Sans: chess pieces, θ, ≥) */
  get unicode(): boolean {
    return this.fonts.unicode;
  }

  /** true when nothing has been drawn on the current page yet */
  get atTop(): boolean {
    return this.y === MARGIN;
  }

  /** A heading, kept on one page with room for a few lines below it (a long one wraps, so it is measured). */
  heading(text: string, size = 14): void {
    const h = this.doc.font(BOLD).fontSize(size).heightOfString(this.plain(text), { width: this.width });
    this.ensure(size + h + 4 * BODY_SIZE * 1.2);
    this.y += this.y === MARGIN ? 0 : size;
    this.doc.font(BOLD).fontSize(size).fillColor(this.theme.text).text(this.plain(text), MARGIN, this.y, { width: this.width });
    this.y = this.doc.y + size / 2;
  }

  paragraph(text: string): void {
    this.doc.font(REGULAR).fontSize(BODY_SIZE);
    const h = this.doc.heightOfString(this.plain(text), { width: this.width });
    this.ensure(h);
    this.doc.fillColor(this.theme.text).text(this.plain(text), MARGIN, this.y, { width: this.width });
    this.y = this.doc.y + BODY_SIZE / 2;
  }

  /** Label–value pairs in two aligned columns. */
  facts(rows: readonly { label: string; value: string }[]): void {
    const labelWidth = this.width * 0.3;
    for (const { label, value } of rows) {
      this.doc.fontSize(BODY_SIZE);
      const h = Math.max(this.doc.font(REGULAR).heightOfString(this.plain(value), { width: this.width - labelWidth }), BODY_SIZE * 1.2);
      this.ensure(h);
      this.doc.font(BOLD).fillColor(this.theme.text).text(this.plain(label), MARGIN, this.y, { width: labelWidth - 8 });
      this.doc.font(REGULAR).text(this.plain(value), MARGIN + labelWidth, this.y, { width: this.width - labelWidth });
      this.y += h + 3;
    }
  }

  /** An ECharts option drawn full width at `height` points. */
  chart(option: EChartsOption, height: number): void {
    this.ensure(height);
    const svg = chartSvg(option, Math.round(this.width), Math.round(height), (text, font) => this.textWidth(text, font));
    withCombiningMarks(this.doc, [REGULAR, BOLD], () =>
      SVGtoPDF(this.doc, svg, MARGIN, this.y, {
        width: this.width,
        height,
        assumePt: true,
        // Every SVG text is set in the report's own faces, so chart labels match the body text.
        fontCallback: (_family, bold) => (bold ? BOLD : REGULAR),
        warningCallback: () => undefined,
      }),
    );
    this.y += height + 8;
  }

  /** A chart text's width in the face the PDF sets it in (a chart pixel is a point here: assumePt). */
  private textWidth(text: string, font: string): number {
    const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12);
    // ECharts takes a line's height from the width of '国' (a full-width glyph: the font size); DejaVu has no such glyph
    if (text === '国') return size;
    const bold = /\bbold(er)?\b|\b[6-9]00\b/.test(font);
    return this.doc.font(bold ? BOLD : REGULAR).fontSize(size).widthOfString(this.plain(text));
  }

  /** Square SVG figures of `size` points side by side, wrapping to a new line, each with a caption below. */
  figures(items: readonly { svg: string; caption: string }[], size: number): void {
    const gap = 12;
    const captionH = TABLE_SIZE * 2.6;
    const perLine = Math.max(1, Math.floor((this.width + gap) / (size + gap)));
    for (let start = 0; start < items.length; start += perLine) {
      this.ensure(size + captionH);
      items.slice(start, start + perLine).forEach(({ svg, caption }, i) => {
        const x = MARGIN + i * (size + gap);
        withCombiningMarks(this.doc, [REGULAR], () => SVGtoPDF(this.doc, svg, x, this.y, { width: size, height: size, assumePt: true, fontCallback: () => REGULAR, warningCallback: () => undefined }));
        this.doc.font(REGULAR).fontSize(TABLE_SIZE).fillColor(this.theme.text).text(this.plain(caption), x, this.y + size + 3, { width: size, align: 'center' });
      });
      this.y += size + captionH;
    }
  }

  /**
   * A table in the given column order; column widths follow their widest cell (a cell's lines,
   * split at "\n", are measured apart). A row is as tall as its tallest cell, so a cell that
   * still has to wrap in a narrowed column pushes the next row down instead of printing over it.
   */
  table(table: RunTable): void {
    const doc = this.doc.fontSize(TABLE_SIZE);
    const pad = 4;
    const header = table.columns.map((c) => this.plain(c.label));
    const body = table.rows.map((r) => r.map((c) => this.plain(c)));
    const widest = (text: string, font: string, split: RegExp) => Math.max(...text.split(split).map((part) => doc.font(font).widthOfString(part)));
    const columnWidth = (j: number, split: RegExp) => Math.max(widest(header[j], BOLD, split), ...body.map((r) => widest(r[j], REGULAR, split))) + 2 * pad;
    const natural = header.map((_, j) => columnWidth(j, /\n/));
    // a column narrowed to fit the page keeps room for its longest word, so only cells with spaces wrap
    const least = header.map((_, j) => Math.min(natural[j], columnWidth(j, /\s+/)));
    const sum = (ws: number[]) => ws.reduce((a, b) => a + b, 0);
    const spare = (this.width - sum(least)) / (sum(natural) - sum(least));
    const widths = sum(natural) <= this.width || spare < 0
      ? natural.map((w) => (w * this.width) / sum(natural))
      : natural.map((w, j) => least[j] + (w - least[j]) * spare);
    const minRowH = TABLE_SIZE * 1.9;
    const rowHeight = (cells: string[], bold: boolean) =>
      Math.max(minRowH, ...cells.map((cell, j) => doc.font(bold ? BOLD : REGULAR).heightOfString(cell, { width: widths[j] - 2 * pad }) + 2 * pad - 1));
    const drawRow = (cells: string[], bold: boolean, rowH: number) => {
      let x = MARGIN;
      doc.font(bold ? BOLD : REGULAR).fillColor(this.theme.text);
      cells.forEach((cell, j) => {
        doc.text(cell, x + pad, this.y + pad, { width: widths[j] - 2 * pad, align: table.columns[j].align });
        x += widths[j];
      });
      this.y += rowH;
      doc.moveTo(MARGIN, this.y).lineTo(MARGIN + this.width, this.y).lineWidth(bold ? 0.8 : 0.3).strokeColor(this.theme.axis).stroke();
    };
    const headerH = rowHeight(header, true);
    this.ensure(headerH + minRowH);
    drawRow(header, true, headerH);
    for (const row of body) {
      const rowH = rowHeight(row, false);
      if (this.y + rowH > this.doc.page.height - MARGIN) {
        this.newPage();
        drawRow(header, true, headerH);
      }
      drawRow(row, false, rowH);
    }
    this.y += pad;
  }

  /** Text as the chosen font can set it: Helvetica gets ASCII stand-ins for what it lacks. */
  private plain(text: string): string {
    if (this.fonts.unicode) return text;
    return text.replace(/x̂/g, 'x_hat').replace(/—/g, '-').replace(/[–−]/g, '-').replace(/≥/g, '>=').replace(/[^\x20-\xff]/g, '?');
  }

  /** Ends the document; resolves with the whole PDF. */
  finish(): Promise<Buffer> {
    this.doc.end();
    return this.done;
  }
}
