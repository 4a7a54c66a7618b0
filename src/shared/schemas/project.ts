import { z } from 'zod';

/** 2: `corpora` (text corpora, issue 16) */
export const SCHEMA_VERSION = 2;

export const ManifestEntry = z.object({ id: z.string(), name: z.string(), createdAt: z.string() });

/** studio.json — validated on load, migrated forward by schemaVersion. */
export const ProjectManifest = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  name: z.string().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
  datasets: z.array(ManifestEntry).default([]),
  runs: z.array(ManifestEntry).default([]),
  models: z.array(ManifestEntry).default([]),
  reports: z.array(ManifestEntry).default([]),
  corpora: z.array(ManifestEntry).default([]),
});
export type ProjectManifest = z.infer<typeof ProjectManifest>;

export const ProjectSummary = z.object({
  dir: z.string(),
  manifest: ProjectManifest,
  /** true when another process holds the project's lock: the project opens read-only */
  readOnly: z.boolean(),
});
export type ProjectSummary = z.infer<typeof ProjectSummary>;

export const RecentProject = z.object({ dir: z.string(), name: z.string(), openedAt: z.string() });
export type RecentProject = z.infer<typeof RecentProject>;
