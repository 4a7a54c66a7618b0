/** The headless demo: the studio's main job end to end into a project folder with its report. */
export { runDemo, demoReportId, GAMES_FILE, matchedL0File, type DemoOptions, type DemoResult } from './run';
export { interpolateAtL0, matchedL0, matchedL0Columns, describeMatchedL0, MATCHED_METRICS, type L0Point, type MatchedL0, type MatchedMetric } from './matchedL0';
export { matchedL0Section, matchedL0Runs, MATCHED_ARCHS } from './matchedL0Section';
export { DEMO_SIZES, DEMO_PLANS, type DemoSize, type DemoPlan } from './sizes';
export { DEMO_STAGES, STAGE_TITLES, type DemoStage, type StageEvent, type OnStage } from './progress';
export { demoSweep, type SweepEntry } from './sweep';
export { randomDictionary, neuronBasis } from './baselines';
