import { StudioError } from '../../shared/errors';
import type { ProjectManifest } from '../../shared/schemas/project';
import type { Project } from './project';

type Listing = 'datasets' | 'runs' | 'models' | 'reports' | 'corpora';

const NOUN: Record<Listing, string> = { datasets: 'dataset', runs: 'run', models: 'model', reports: 'report', corpora: 'corpus' };
const SHOWN = 5;

/**
 * Throws `not-found` unless the manifest lists `id` under `listing`, naming what it does list:
 * an id mistyped at the CLI (or left from another project) is answered with the ones to use.
 */
export function requireListed(manifest: ProjectManifest, listing: Listing, id: string, where: string): void {
  const ids = manifest[listing].map((e) => e.id);
  if (ids.includes(id)) return;
  const known = ids.length === 0 ? `it has no ${listing} yet` : `it has ${ids.slice(0, SHOWN).join(', ')}${ids.length > SHOWN ? `, … ${ids.length} in all` : ''}`;
  throw new StudioError('not-found', `no ${NOUN[listing]} "${id}" in this project (${known})`, where);
}

/**
 * Lists a report among the project's reports, once: a report written again under its fixed id
 * (a demo's, a workspace's, a layout's deck) keeps its one entry.
 */
export async function listReport(project: Project, entry: ProjectManifest['reports'][number]): Promise<void> {
  if (project.manifest.reports.some((r) => r.id === entry.id)) return;
  await project.update((m) => {
    if (!m.reports.some((r) => r.id === entry.id)) m.reports.push(entry);
  });
}
