import path from 'node:path';
import { appRoot } from '../../io/appRoot';

/** The authorship demo's shipped samples (scripts/make-authorship-sample.ts; licences in resources/README.md). */
export const C50_SAMPLE_FILE = path.join(appRoot(), 'resources', 'authorship', 'c50-sample.jsonl.gz');
export const FEDERALIST_SAMPLE_FILE = path.join(appRoot(), 'resources', 'authorship', 'federalist.jsonl.gz');

/** What the demo trains at each size: texts per author from the C50 sample, and pairs per split. */
export const DEMO_PLANS = {
  tiny: { perAuthor: 16, trainPairs: 2000, devPairs: 500, testPairs: 500 },
  small: { perAuthor: 40, trainPairs: 4000, devPairs: 1000, testPairs: 1000 },
} as const;
export type DemoPlan = keyof typeof DEMO_PLANS;
