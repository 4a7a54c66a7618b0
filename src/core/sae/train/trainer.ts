import path from 'node:path';
import { StudioError } from '../../../shared/errors';
import { fitWhitening, type Whitening } from '../../data/whiten';
import { OPTIMIZER_STATE_WHEN_ABSENT, Program, type SessionOptions, type StepSpec } from '../../engine';
import { Rng } from '../../io/rng';
import { TRAINER_STATE_TENSORS } from '../checkpoint/files';
import { loadTrainerState, saveTrainerState } from '../checkpoint/trainerState';
import { saveSaeLens } from '../checkpoint/saelens';
import type { Sae } from '../checkpoint/sae';
import { OVERFLOW } from '../arch/capped';
import { transposeMD } from '../arch/common';
import { archEntry } from '../arch/registry';
import type { ArchStep, BuildContext } from '../arch/types';
import { learningRate, type TrainConfig } from './config';
import { columnMean, geometricMedian } from './init';
import { BatchWhitener } from './whitener';
import { SPARSE_WIDTH_PER_CAP, SPARSE_WIDTH_PER_ENTRY, SparseSwitch, type SparseForm } from './sparseSwitch';
import { DEFAULT_STEPS_PER_CALL, type StepMetrics, type TrainerOptions } from './trainerOptions';

/** One step recipe compiled for one step per call and, where the architecture allows, for K. */
interface Compiled {
  single: Program;
  multi: Program | undefined;
}

/**
 * One SAE being trained: the compiled step of its architecture, the held weights and optimizer
 * state, host schedules and the optional whitening. `trainStep` takes raw batches; whitening
 * (fitted on the sample at creation) is applied here, on ONNX Runtime. An architecture with a
 * lean step (TopK without AuxK while no latent can be dead) trains with it while it applies; the
 * full step is compiled the first time it is needed.
 */
export class SaeTrainer {
  step = 0;
  /** written into the saved cfg.json's metadata */
  metadata: Record<string, unknown> = {};
  /** the program holding the current weights */
  private active: Program;
  private full: Compiled | undefined;
  private ranLean: boolean;
  /** the sparse step compiled per cap or budget (arch.sparse), and what picks between it and the dense one */
  private readonly sparsePrograms = new Map<string, Compiled>();
  private readonly sparseSwitch: SparseSwitch | undefined;
  private ran: SparseForm | undefined;
  private notes: string[] = [];

  private constructor(
    readonly config: TrainConfig,
    readonly dims: number,
    private readonly arch: ArchStep,
    private readonly first: Compiled,
    private readonly stepsPerCallOption: number,
    sparse: { widthPerCap: number; widthPerEntry?: number } | undefined,
    private readonly session: SessionOptions,
    private readonly ctx: BuildContext,
    readonly whitening: Whitening | undefined,
    private readonly whitener: BatchWhitener | undefined,
  ) {
    this.active = first.single;
    this.ranLean = !!arch.lean;
    if (!arch.lean) this.full = first;
    const budget = sparse?.widthPerEntry !== undefined && arch.sparse?.budget ? { B: ctx.B, widthPerEntry: sparse.widthPerEntry } : undefined;
    this.sparseSwitch = sparse && arch.sparse ? new SparseSwitch(ctx.m, sparse.widthPerCap, budget) : undefined;
  }

  /** Fits whitening and b_dec on `sample` (raw rows) and compiles the step. */
  static async create(config: TrainConfig, dims: number, sample: Float32Array, opts: TrainerOptions = {}): Promise<SaeTrainer> {
    const rows = sample.length / dims;
    const { stepsPerCall = DEFAULT_STEPS_PER_CALL, sparseSteps = true, sparseWidthPerCap = SPARSE_WIDTH_PER_CAP, sparseBudget = true, sparseWidthPerEntry = SPARSE_WIDTH_PER_ENTRY, metadata, ...session } = opts;
    if (!Number.isInteger(stepsPerCall) || stepsPerCall < 1) throw new StudioError('bad-input', `stepsPerCall must be a positive integer, got ${stepsPerCall}`, 'stepsPerCall');
    const whitening = config.whitening ? fitWhitening(sample, rows, dims, { kind: config.whitening.kind, epsilon: config.whitening.epsilon, epsilonScale: config.whitening.epsilonScale }) : undefined;
    const whitener = whitening && (await BatchWhitener.create(whitening, config.batchSize, session));
    try {
      const toSpace = async (x: Float32Array) => (whitener ? whitener.apply(x) : x);
      // Whitening is affine, so the mean of the whitened sample is the whitened mean; the median needs every row.
      const bDec = config.bDecInit === 'mean' ? await toSpace(columnMean(sample, dims)) : config.bDecInit === 'geometric-median' ? geometricMedian(await toSpace(sample), dims) : new Float32Array(dims);
      const unwhiten = whitening && config.whitening?.lossSpace === 'original' ? { WinvT: transposeMD(whitening.Winv, dims, dims) } : undefined;
      const ctx: BuildContext = { d: dims, m: config.width, B: config.batchSize, steps: config.steps, bDec, rng: new Rng(config.seed), unwhiten };
      const arch = archEntry(config.arch).build(config.archConfig, ctx);
      const first = await compile(arch.lean?.spec ?? arch.spec, arch, stepsPerCall, session);
      const sparse = sparseSteps ? { widthPerCap: sparseWidthPerCap, widthPerEntry: sparseBudget ? sparseWidthPerEntry : undefined } : undefined;
      const trainer = new SaeTrainer(config, dims, arch, first, stepsPerCall, sparse, session, ctx, whitening, whitener);
      trainer.metadata = metadata ?? {};
      return trainer;
    } catch (err) {
      // a config the step builder refuses must not leave the sessions already made behind
      await whitener?.dispose();
      throw err;
    }
  }

  get provider(): string {
    return this.first.single.provider;
  }

  /** Steps one `trainSteps` call takes in a single engine call (1 when this architecture needs host work between steps). */
  get stepsPerCall(): number {
    return this.first.multi?.steps ?? 1;
  }

  /** Whether the last steps ran the architecture's lean step (a trainer that has one starts on it). */
  get leanStep(): boolean {
    return this.ranLean;
  }

  /** The cap of the sparse step the last call ran (undefined: the dense step or the budget form). */
  get sparseCap(): number | undefined {
    return this.ran?.kind === 'cap' ? this.ran.size : undefined;
  }

  /** The sparse form the last call ran: a per-row cap or a per-batch budget (undefined: the dense step). */
  get sparseForm(): SparseForm | undefined {
    return this.ran;
  }

  /** Lines for the job log since the last call: when and why the step changed form. */
  takeNotes(): string[] {
    return this.notes.splice(0);
  }

  /**
   * Runs one call (1 or K steps) on the dense program `pick` chooses, or on its sparse twin when
   * the code allows; a sparse call whose code overflowed its cap is redone densely from the same
   * held values (held arrays are replaced by a run, not mutated, so keeping them costs nothing).
   */
  private async run(steps: number, pick: (c: Compiled) => Program, feeds: Record<string, Float32Array>): Promise<Record<string, Float32Array>> {
    const dense = pick(await this.programsFor(steps));
    const form = this.sparseSwitch?.form();
    const program = form === undefined ? dense : pick(await this.sparseFor(form));
    this.activate(program);
    const before = new Map(this.heldNames().map((n) => [n, program.value(n)]));
    let out = (await program.run(feeds)) as Record<string, Float32Array>;
    let overflowed: SparseForm | undefined;
    if (form !== undefined && out[OVERFLOW].some((v) => v > 0)) {
      for (const [name, v] of before) dense.set(name, v);
      this.active = dense;
      out = (await dense.run(feeds)) as Record<string, Float32Array>;
      overflowed = form;
    }
    this.sparseSwitch?.observe(out);
    this.ran = overflowed === undefined ? form : undefined;
    const note = this.sparseSwitch?.note(this.step + 1, this.ran, overflowed);
    if (note) this.notes.push(note);
    return out;
  }

  private async sparseFor(form: SparseForm): Promise<Compiled> {
    const key = `${form.kind} ${form.size}`;
    let c = this.sparsePrograms.get(key);
    if (!c) {
      const spec = form.kind === 'cap' ? this.arch.sparse!.spec(form.size) : this.arch.sparse!.budget!(form.size);
      this.sparsePrograms.set(key, (c = await compile(spec, this.arch, this.stepsPerCallOption, this.session)));
    }
    return c;
  }

  /** The programs for the next `steps` steps: the lean step while it gives the same update. */
  private async programsFor(steps: number): Promise<Compiled> {
    this.ranLean = !!this.arch.lean?.applies(steps, this.value);
    if (this.ranLean) return this.first;
    this.full ??= await compile(this.arch.spec, this.arch, this.stepsPerCallOption, this.session);
    return this.full;
  }

  /** Names of every held tensor the step updates: parameters, optimizer moments, state. */
  private heldNames(): string[] {
    return this.arch.spec.updates.map(([leaf]) => leaf.leaf!.name);
  }

  private value = (name: string): Float32Array => this.active.value(name) as Float32Array;

  /** Makes `to` hold the newest weights and state (the arrays are handed over, not copied). */
  private activate(to: Program): void {
    if (this.active === to) return;
    for (const name of this.heldNames()) to.set(name, this.active.value(name));
    this.active = to;
  }

  async trainStep(raw: Float32Array): Promise<StepMetrics> {
    const x = this.whitener ? await this.whitener.apply(raw) : raw;
    const t = this.step + 1;
    const lr = learningRate(this.config, t);
    const out = await this.run(1, (c) => c.single, { x, lr: Float32Array.of(lr), step: Float32Array.of(t), ...this.arch.feeds(t) });
    this.step = t;
    const ran = this.active;
    this.arch.afterStep?.({ step: t, out, value: this.value, set: (n, v) => ran.set(n, v), batch: x });
    const metrics: StepMetrics = { step: t, lr };
    for (const [name, v] of Object.entries(out)) if (v.length === 1 && name !== OVERFLOW) metrics[name] = v[0];
    return metrics;
  }

  /**
   * Trains on each batch in turn: in one engine call when there are exactly `stepsPerCall` of
   * them, else step by step. Same results as `trainStep` on each (up to float summation order).
   */
  async trainSteps(raws: readonly Float32Array[]): Promise<StepMetrics[]> {
    if (raws.length !== this.stepsPerCall || this.stepsPerCall === 1) {
      const metrics: StepMetrics[] = [];
      for (const raw of raws) metrics.push(await this.trainStep(raw));
      return metrics;
    }
    const K = raws.length;
    const ts = Array.from({ length: K }, (_, i) => this.step + 1 + i);
    const lrs = ts.map((t) => learningRate(this.config, t));
    const batches: Float32Array[] = [];
    for (const raw of raws) batches.push(this.whitener ? await this.whitener.apply(raw) : raw);
    const x = stack(batches);
    const feeds: Record<string, Float32Array> = { x, lr: Float32Array.from(lrs), step: Float32Array.from(ts) };
    const perStep = ts.map((t) => this.arch.feeds(t));
    for (const name of Object.keys(perStep[0])) feeds[name] = stack(perStep.map((f) => f[name]));
    const out = await this.run(K, (c) => c.multi!, feeds);
    this.step += K;
    return ts.map((t, i) => {
      const metrics: StepMetrics = { step: t, lr: lrs[i] };
      for (const [name, v] of Object.entries(out)) if (v.length === K && name !== OVERFLOW) metrics[name] = v[i];
      return metrics;
    });
  }

  /** The SAE as it stands (a copy of the weights), in SAELens conventions, with its whitening. */
  toSae(): Sae {
    const copy = (name: string) => this.value(name).slice();
    return { ...this.arch.toSae(copy), whitening: this.whitening, cfg: { metadata: { ...this.metadata } } };
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

  /** A held value (weights, moments, state) as it stands; replaced, not mutated, by later steps. */
  held(name: string): Float32Array {
    return this.value(name);
  }

  /** Replaces held values by name (a warm start: weights taken from elsewhere). */
  load(values: Readonly<Record<string, Float32Array>>): void {
    for (const [name, v] of Object.entries(values)) this.active.set(name, v);
  }

  /** Loads the resume state saved by `save`; returns the data cursor to continue from. */
  async restore(dir: string): Promise<number> {
    const { json, tensors } = await loadTrainerState(dir);
    for (const name of this.heldNames()) {
      // a state saved before the optimizer held this scalar (Adam's clipping scale) reads as it did then
      if (!tensors[name] && name in OPTIMIZER_STATE_WHEN_ABSENT) {
        this.active.set(name, Float32Array.of(OPTIMIZER_STATE_WHEN_ABSENT[name]));
        continue;
      }
      if (!tensors[name]) throw new StudioError('bad-file', `the resume state has no '${name}' (it holds ${Object.keys(tensors).join(', ')}); it was saved by a trainer with other state`, path.join(dir, TRAINER_STATE_TENSORS));
      this.active.set(name, tensors[name].data);
    }
    this.step = json.step;
    this.ctx.rng = Rng.fromState(json.rng);
    const host = json.extra.host;
    if (host && this.arch.restoreHostState) this.arch.restoreHostState(host as Record<string, unknown>);
    return json.dataCursor;
  }

  async dispose(): Promise<void> {
    const programs = new Set([this.first, this.full, ...this.sparsePrograms.values()].flatMap((c) => (c ? [c.single, c.multi] : [])));
    await Promise.all([...programs].map((p) => p?.dispose()).concat(this.whitener?.dispose()));
  }
}

/** Both programs start from the same arrays; the trainer's `active` says which one holds the newest. */
async function compile(spec: StepSpec, arch: ArchStep, stepsPerCall: number, session: SessionOptions): Promise<Compiled> {
  const single = await Program.compile(spec, arch.initial, session);
  try {
    return { single, multi: stepsPerCall > 1 && !arch.afterStep ? await Program.compile(spec, arch.initial, { ...session, steps: stepsPerCall }) : undefined };
  } catch (err) {
    await single.dispose();
    throw err;
  }
}

/** Equal-length arrays laid end to end: the [K, ...] stack a K-step program reads. */
function stack(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.length * parts[0].length);
  parts.forEach((p, i) => out.set(p, i * p.length));
  return out;
}
