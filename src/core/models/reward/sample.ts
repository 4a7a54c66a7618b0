import path from 'node:path';
import { appRoot } from '../../io/appRoot';

/** The shipped preference pairs: the first 1,200 HH-RLHF harmless-base test pairs (MIT; resources/README.md). */
export const HH_RLHF_SAMPLE_FILE = path.join(appRoot(), 'resources', 'preferences', 'hh_rlhf_harmless_base_test_first1200.jsonl.gz');

/** What a run on the shipped pairs trains at each size (the same plans as `feature-studio demo reward`). */
export const REWARD_SAMPLE_PLANS = {
  tiny: { pairs: 400, steps: 300, width: 256, k: 16 },
  small: { pairs: 1200, steps: 1000, width: 512, k: 32 },
} as const;
