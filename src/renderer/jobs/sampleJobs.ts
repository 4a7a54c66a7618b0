/**
 * The model workspaces' demos as jobs on their shipped samples, at the CLI demos' tiny size:
 * one definition for the Overview's demo buttons and each workspace's own start button.
 */
export interface SampleJob {
  kind: string;
  params: Record<string, unknown>;
}

export const SAMPLE_JOBS = {
  reward: { kind: 'train-reward-model', params: { sample: 'tiny', name: 'Reward model on HH-RLHF harmless (tiny)' } },
  authorship: { kind: 'train-authorship', params: { sample: 'tiny', name: 'Authorship verifier on C50 (tiny)' } },
  reviews: { kind: 'discover-reviews', params: { sample: 'tiny', name: 'Fine Food review quality (tiny)', config: { rounds: 1 } } },
} as const satisfies Record<string, SampleJob>;
