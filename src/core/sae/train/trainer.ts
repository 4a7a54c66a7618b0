import path from 'node:path';
import { StudioError } from '../../../shared/errors';
import { fitWhitening, whitenBatch, type Whitening } from '../../data/whiten';
import { Program, type SessionOptions } from '../../engine';
import { Rng } from '../../io/rng';
import { TRAINER_STATE_TENSORS } from '../checkpoint/files';
import { loadTrainerState, saveTrainerState } from '../checkpoint/trainerState';
import { saveSaeLens } from '../checkpoint/saelens';
import type { Sae } from '../checkpoint/sae';
import { archEntry } from '../arch/registry';
import type { ArchStep, BuildContext } from '../arch/types';
import { learningRate, type TrainConfig } from './config';
import { columnMean, geometricMedian } from './init';

/** Engine session settings (provider, threads). */
export type TrainerOptions = SessionOptions;

/** The scalars a step reports: `loss` and the architecture's terms (mse, l0, fvu, deadFraction, …). */
export type StepMetrics = { step: number; lr: number } & Record<string, number>;

/**
 * One SAE being trained: the compiled step of its architecture, the held weights and optimizer
 * state, host schedules and the optional whitening. `trainStep` takes raw batches; whitening
 * (fitted on the sample at creation) is applied here.
 */
export class SaeTrainer {
  step = 0;

  private constructor(
    readonly config: TrainConfig,
    readonly dims: number,
    private readonly arch: ArchStep,
    private readonly program: Program,
    private readonly ctx: BuildContext,
    readonly whitening: Whitening | undefined,
  ) {}

  /** Fits whitening and b_dec on `sample` (raw rows) and compiles the step. */
  static async create(config: TrainConfig, dims: number, sample: Float32Array, opts: TrainerOptions = {}): Promise<SaeTrainer> {
    const rows = sample.length / dims;
    const whitening = config.whitening ? fitWhitening(sample, rows, dims, { kind: config.whitening.kind, epsilonScale: config.whitening.epsilonScale }) : undefined;
    const toSpace = (x: Float32Array) => (whitening ? whitenBatch(whitening, x) : x);
    // Whitening is affine, so the mean of the whitened sample is the whitened mean; the median needs every row.
    const bDec = config.bDecInit === 'mean' ? toSpace(columnMean(sample, dims)) : config.bDecInit === 'geometric-median' ? geometricMedian(toSpace(sample), dims) : new Float32Array(dims);
    const ctx: BuildContext = { d: dims, m: config.width, B: config.batchSize, steps: config.steps, bDec, rng: new Rng(config.seed) };
    const arch = archEntry(config.arch).build(config.archConfig, ctx);
    const program = await Program.compile(arch.spec, arch.initial, opts);
    return new SaeTrainer(config, dims, arch, program, ctx, whitening);
  }

  get provider(): string {
    return this.program.provider;
  }

  /** Names of every held tensor the step updates: parameters, optimizer moments, state. */
  private heldNames(): string[] {
    return this.arch.spec.updates.map(([leaf]) => leaf.leaf!.name);
  }

  private value = (name: string): Float32Array => this.program.value(name) as Float32Array;

  async trainStep(raw: Float32Array): Promise<StepMetrics> {
    const x = this.whitening ? whitenBatch(this.whitening, raw) : raw;
    const t = this.step + 1;
    const lr = learningRate(this.config, t);
    const out = (await this.program.run({ x, lr: Float32Array.of(lr), step: Float32Array.of(t), ...this.arch.feeds(t) })) as Record<string, Float32Array>;
    this.step = t;
    this.arch.afterStep?.({ step: t, out, value: this.value, set: (n, v) => this.program.set(n, v), batch: x });
    const metrics: StepMetrics = { step: t, lr };
    for (const [name, v] of Object.entries(out)) if (v.length === 1) metrics[name] = v[0];
    return metrics;
  }

  /** The SAE as it stands (a copy of the weights), in SAELens conventions, with its whitening. */
  toSae(): Sae {
    const copy = (name: string) => this.value(name).slice();
    return { ...this.arch.toSae(copy), whitening: this.whitening, cfg: {} };
  }

  /** Writes cfg.json + sae_weights.safetensors and the resume state into `dir`. */
  async save(dir: string, dataCursor: number): Promise<void> {
    await saveSaeLens(dir, this.toSae(), { ...this.config });
    const tensors = Object.fromEntries(this.heldNames().map((n) => {
      const v = this.value(n);
      return [n, { shape: [v.length], data: v }];
    }));
    await saveTrainerState(dir, { json: { step: this.step, dataCursor, rng: this.ctx.rng.state(), extra: { host: this.arch.hostState?.() ?? null } }, tensors });
  }

  /** Loads the resume state saved by `save`; returns the data cursor to continue from. */
  async restore(dir: string): Promise<number> {
    const { json, tensors } = await loadTrainerState(dir);
    for (const name of this.heldNames()) {
      if (!tensors[name]) throw new StudioError('bad-file', `the resume state has no '${name}' (it holds ${Object.keys(tensors).join(', ')}); it was saved by a trainer with other state`, path.join(dir, TRAINER_STATE_TENSORS));
      this.program.set(name, tensors[name].data);
    }
    this.step = json.step;
    this.ctx.rng = Rng.fromState(json.rng);
    const host = json.extra.host;
    if (host && this.arch.restoreHostState) this.arch.restoreHostState(host as Record<string, unknown>);
    return json.dataCursor;
  }

  async dispose(): Promise<void> {
    await this.program.dispose();
  }
}
