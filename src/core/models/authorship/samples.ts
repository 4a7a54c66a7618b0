import path from 'node:path';
import { appRoot } from '../../io/appRoot';

/** The authorship demo's shipped samples (scripts/make-authorship-sample.ts; licences in resources/README.md). */
export const C50_SAMPLE_FILE = path.join(appRoot(), 'resources', 'authorship', 'c50-sample.jsonl.gz');
export const FEDERALIST_SAMPLE_FILE = path.join(appRoot(), 'resources', 'authorship', 'federalist.jsonl.gz');
