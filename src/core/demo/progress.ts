/**
 * Progress of the demo's stages: each stage reports `step` of `total` in its own unit, and
 * gets a rate and an ETA from the jobs' sliding-window meter, in the JobProgress shape the
 * CLI's progress bar and the app's job list already draw.
 */
import type { JobProgress } from '../../shared/schemas/job';
import { RateMeter } from '../jobs/eta';

export const DEMO_STAGES = ['project', 'games', 'model', 'extract', 'train', 'evaluate', 'report'] as const;
export type DemoStage = (typeof DEMO_STAGES)[number];

/** Stage titles; the games stage names its game ("Othello games", "Chess games"). */
export const STAGE_TITLES: Record<DemoStage, string> = {
  project: 'Project',
  games: 'Games',
  model: 'Transcript model',
  extract: 'Residual activations',
  train: 'SAE sweep',
  evaluate: 'Evaluation',
  report: 'Report',
};

export interface StageEvent {
  stage: DemoStage;
  /** 1-based position among the stages, and their count */
  index: number;
  stages: number;
  title: string;
  progress: JobProgress;
  /** true on the stage's last event */
  done: boolean;
  /** what the stage produced, on its last event (e.g. "400 games", "8 runs") */
  note?: string;
}

export type OnStage = (event: StageEvent) => void;

/** Reports one stage's progress; `finish` sends its last event and returns its wall time. */
export class StageReporter {
  private readonly meter = new RateMeter();
  private readonly t0 = performance.now();
  private last: JobProgress;

  constructor(
    private readonly stage: DemoStage,
    private readonly onStage: OnStage | undefined,
    total: number,
    private readonly unit: string,
    private readonly title = STAGE_TITLES[stage],
  ) {
    this.last = { step: 0, total, etaSeconds: null, rate: null, unit, metrics: {} };
    this.emit(false);
  }

  update(step: number, total = this.last.total, metrics: Record<string, number> = {}): void {
    const { rate, etaSeconds } = this.meter.update(step, total);
    this.last = { step, total, etaSeconds, rate, unit: this.unit, metrics };
    this.emit(false);
  }

  finish(note?: string): number {
    this.last = { ...this.last, step: this.last.total, etaSeconds: 0 };
    this.emit(true, note);
    return (performance.now() - this.t0) / 1000;
  }

  private emit(done: boolean, note?: string): void {
    const index = DEMO_STAGES.indexOf(this.stage) + 1;
    this.onStage?.({ stage: this.stage, index, stages: DEMO_STAGES.length, title: this.title, progress: this.last, done, note });
  }
}
