/** Reports: the report model, its CSV and its PDF (DESIGN.md "reports/"). */
export { REQUIRED_COLUMNS, type RecordKind, type Report, type SectionName, checkReport } from './model';
export { csvColumns, reportCsv, writeReportCsv } from './csv';
export { CARD_COLUMNS, cardsCsv, writeCardsCsv } from './cardsCsv';
export { renderReportPdf, writeReportPdf } from './pdf';
export { type ReportFonts, reportFonts } from './fonts';
export { REPORT_SECTIONS, type ReportSection } from './sections';
export { chartSvg } from './svg';
