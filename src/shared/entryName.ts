import type { ProjectManifest } from './schemas/project';

/** The name the manifest lists an id under (a run, dataset, corpus, model or report), else the id itself. */
export function entryName(manifest: ProjectManifest): (id: string) => string {
  const names = new Map([...manifest.datasets, ...manifest.runs, ...manifest.models, ...manifest.corpora, ...manifest.reports].map((e) => [e.id, e.name]));
  return (id) => names.get(id) ?? id;
}
