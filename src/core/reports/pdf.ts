import { writeFileAtomic } from '../io/atomic';
import { reportFonts, type ReportFonts } from './fonts';
import { PdfLayout } from './layout';
import { checkReport, type Report } from './model';
import { REPORT_SECTIONS } from './sections';

/** The report as PDF bytes: the title, then each section in the report's order. */
export async function renderReportPdf(report: Report, fonts: ReportFonts = reportFonts()): Promise<Buffer> {
  checkReport(report);
  const page = new PdfLayout(fonts, report);
  page.heading(report.title, 20);
  for (const name of report.sections) {
    const section = REPORT_SECTIONS[name];
    if (section.startsPage && !page.atTop) page.newPage();
    page.ensure(section.keepTogether);
    page.heading(section.title);
    section.draw(page, report);
  }
  return page.finish();
}

export async function writeReportPdf(file: string, report: Report, fonts?: ReportFonts): Promise<void> {
  await writeFileAtomic(file, await renderReportPdf(report, fonts));
}
