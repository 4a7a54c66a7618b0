import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/errors';
import { seedExplorerProject } from '../explorer/testing/seedProject';
import { useTempStudio } from './testing';

const ctx = useTempStudio('fs-report-files-');

describe('saved report files for the browser', () => {
  it("hands over a listed report's PDF and CSV by id, and nothing else", async () => {
    const dir = path.join(ctx.tmp, 'p.fstudio');
    const { runId } = await seedExplorerProject(dir, { games: 2, features: 16 });
    await ctx.studio.openProject({ dir });
    const out = await ctx.studio.exportReport({ projectDir: dir, runIds: [runId], sections: ['summary', 'runTable'], title: 'Files' });
    const pdf = await ctx.studio.getReportFile({ projectDir: dir, reportId: out.reportId, file: 'pdf' });
    expect(pdf).toMatchObject({ name: `${out.reportId}.pdf`, type: 'application/pdf' });
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const csv = await ctx.studio.getReportFile({ projectDir: dir, reportId: out.reportId, file: 'csv' });
    expect(Buffer.from(csv.base64, 'base64').toString()).toMatch(/^run,kind,arch/);
    const fail = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as StudioError);
    // no cards, no cards CSV; an id the manifest does not list (a path included) is refused
    expect(await fail(ctx.studio.getReportFile({ projectDir: dir, reportId: out.reportId, file: 'cardsCsv' }))).toMatchObject({ code: 'not-found', where: 'file' });
    expect(await fail(ctx.studio.getReportFile({ projectDir: dir, reportId: '../reports/x', file: 'pdf' }))).toMatchObject({ code: 'not-found', where: 'reportId' });
  }, 60_000);
});
