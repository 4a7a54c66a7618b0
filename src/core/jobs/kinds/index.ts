import type { JobKind } from '../kind';
import { importDatasetKind } from './import-dataset';
import { toyDatasetKind } from './toy-dataset';

/** The job-kind registry: one entry per kind (STYLE.md habit 4). */
export const jobKinds: Readonly<Record<string, JobKind>> = {
  [importDatasetKind.kind]: importDatasetKind,
  [toyDatasetKind.kind]: toyDatasetKind,
};
