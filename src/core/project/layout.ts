import path from 'node:path';

/** File names of a project folder (DESIGN.md "Project folder"). */
export const MANIFEST_FILE = 'studio.json';
export const LOCK_FILE = '.studio.lock';
/** Work in progress of jobs; results move out of here only when complete. */
export const TMP_DIR = '.tmp';
export const PROJECT_SUBDIRS = ['datasets', 'runs', 'models', 'reports', 'corpora'] as const;

export const manifestPath = (dir: string): string => path.join(dir, MANIFEST_FILE);
export const datasetDir = (dir: string, id: string): string => path.join(dir, 'datasets', id);
export const jobTmpDir = (dir: string, jobId: string): string => path.join(dir, TMP_DIR, jobId);
export const corpusDir = (dir: string, id: string): string => path.join(dir, 'corpora', id);
