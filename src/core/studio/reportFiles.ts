import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import type { StudioContext } from './context';
import type { HandlerGroup } from './handlers';
import { openedProject } from './resolve';
import { requireListed } from '../project/listed';

/** Suffix of each file a report writes (studio/reports.ts). */
const SUFFIX = { pdf: '.pdf', csv: '.csv', cardsCsv: '-features.csv' } as const;
const TYPE = { pdf: 'application/pdf', csv: 'text/csv', cardsCsv: 'text/csv' } as const;

/**
 * A saved report's file, for a browser that cannot read the project folder (serve): only the
 * files of reports the manifest lists, named by report id, never by a path from the client.
 */
export function reportFileHandlers(ctx: StudioContext): HandlerGroup<'getReportFile'> {
  return {
    async getReportFile({ projectDir, reportId, file }) {
      const project = await openedProject(ctx, projectDir);
      requireListed(project.manifest, 'reports', reportId, 'reportId');
      const name = `${reportId}${SUFFIX[file]}`;
      const full = path.join(project.dir, 'reports', name);
      const stat = await fs.lstat(full).catch(() => null);
      if (!stat?.isFile()) throw new StudioError('not-found', `report "${reportId}" has no ${name}`, 'file');
      return { name, type: TYPE[file], base64: (await fs.readFile(full)).toString('base64') };
    },
  };
}
