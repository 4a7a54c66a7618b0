/**
 * A transcript language model: the engine's GPT with a next-token loss that ignores padding
 * (Othello-GPT's cross-entropy skips id 0, ALGORITHMS-DETAIL §1.1), its compiled training and
 * inference programs, and its weights as safetensors.
 */
import { StudioError } from '../../../shared/errors';
import { Gpt, MOMENT_SUMS, Params, Program, clipByGlobalNorm, grad, input, ops as o, optimizerStep, scheduleInputs, type GptConfig, type Tensor } from '../../engine';
import { readSafetensors, writeSafetensors, type F32Tensor } from '../../data/safetensors';
import { Rng } from '../../io/rng';

export interface TranscriptModelConfig {
  /** which language the vocabulary is: a game's transcripts, or text as UTF-8 bytes (src/core/text/lm/) */
  game: 'othello' | 'chess' | 'text';
  gpt: GptConfig;
  /** the seed of the initial weights */
  seed: number;
}

export interface TrainOptions {
  batch: number;
  /** AdamW decoupled weight decay (Othello-GPT: 0.1) */
  weightDecay: number;
  beta2: number;
  clipNorm: number;
  /**
   * 'next-token': cross-entropy against the observed next token. 'distribution': cross-entropy
   * against the distribution the game generator drew that token from (fed as `dist`), the
   * expectation of the next-token loss given the prefix: same minimiser, far less gradient noise.
   */
  target: 'next-token' | 'distribution';
  threads?: number;
}

/** "an Othello model" / "a chess model", for messages about a model of the wrong game. */
export const aModelOf = (game: TranscriptModelConfig['game']): string => ({ othello: 'an Othello model', chess: 'a chess model', text: 'a text model' })[game];

/** The model's parameters by name, as built from (config, seed) or read back from a file. */
export class TranscriptModel {
  private constructor(
    readonly config: TranscriptModelConfig,
    readonly weights: Record<string, Float32Array>,
  ) {}

  static init(config: TranscriptModelConfig): TranscriptModel {
    const ps = new Params(new Rng(config.seed));
    new Gpt(ps, config.gpt);
    return new TranscriptModel(config, ps.initial());
  }

  /** A model with these weights; every parameter of the architecture must be present with its size. */
  static fromWeights(config: TranscriptModelConfig, weights: Record<string, Float32Array>, where = 'weights'): TranscriptModel {
    const fresh = TranscriptModel.init(config);
    for (const [name, v] of Object.entries(fresh.weights)) {
      const got = weights[name];
      if (!got) throw new StudioError('bad-input', `the weights have no tensor '${name}'`, where);
      if (got.length !== v.length) throw new StudioError('shape', `tensor '${name}' has ${got.length} values, the config needs ${v.length}`, where);
    }
    return new TranscriptModel(config, Object.fromEntries(Object.keys(fresh.weights).map((n) => [n, weights[n]])));
  }

  /** The graph of this architecture with parameter leaves named as in `weights`. */
  build(): { gpt: Gpt; params: Tensor[] } {
    const ps = new Params(new Rng(this.config.seed));
    const gpt = new Gpt(ps, this.config.gpt);
    return { gpt, params: ps.list() };
  }

  /**
   * A short fingerprint of the weights (FNV-1a over every parameter's bytes, names sorted),
   * stored with extracted activations so that a later splice finds the model they came from.
   */
  weightsDigest(): string {
    let h = 0x811c9dc5;
    for (const name of Object.keys(this.weights).sort()) {
      const w = this.weights[name];
      const bytes = new Uint8Array(w.buffer, w.byteOffset, w.byteLength);
      for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
    }
    return (h >>> 0).toString(16).padStart(8, '0');
  }

  parameterCount(): number {
    return Object.values(this.weights).reduce((s, v) => s + v.length, 0);
  }

  /**
   * One AdamW step on a batch: feeds `ids` (int64 [B, T]), `mask` (float32 [B, T], 1 where the
   * target is a real token), `targets` (int64 [B, T]) or `dist` (float32 [B·T, vocab]), `lr`,
   * `step`; returns `loss` (mean over real targets) and `gradNorm`.
   * Weight decay touches matrices only, as Othello-GPT's trainer does (biases, LayerNorm and
   * embeddings are not decayed). `moments` resumes AdamW's state from a checkpoint (zeros when absent).
   */
  async compileTraining(opts: TrainOptions, moments: Readonly<Record<string, Float32Array>> = {}): Promise<Program> {
    const { gpt, params } = this.build();
    const { batch } = opts;
    const T = this.config.gpt.context;
    const ids = input('ids', [batch, T], 'int64');
    const mask = input('mask', [batch * T]);
    const V = this.config.gpt.vocab;
    const logits = o.reshape(gpt.forward(ids).logits, [batch * T, V]);
    const ce =
      opts.target === 'next-token'
        ? o.crossEntropy(logits, o.reshape(input('targets', [batch, T], 'int64'), [batch * T]))
        : o.neg(o.reduceSum(o.mul(input('dist', [batch * T, V]), o.logSoftmax(logits, -1)), [1]));
    const loss = o.div(o.reduceSum(o.mul(ce, mask)), o.add(o.reduceSum(mask), 1e-6));
    const sched = scheduleInputs();
    const { grads, norm } = clipByGlobalNorm(grad(loss, params), opts.clipNorm);
    const isMatrix = params.map((p) => p.leaf!.name.endsWith('.w'));
    const pick = <T>(xs: T[], want: boolean) => xs.filter((_, i) => isMatrix[i] === want);
    const adamw = (weightDecay: number) => ({ kind: 'adamw' as const, beta2: opts.beta2, weightDecay });
    const decayed = optimizerStep(pick(params, true), pick(grads, true), adamw(opts.weightDecay), sched);
    const plain = optimizerStep(pick(params, false), pick(grads, false), adamw(0), sched);
    return Program.compile({ updates: [...decayed.updates, ...plain.updates], outputs: { loss, gradNorm: norm } }, { ...this.weights, ...moments }, { threads: opts.threads });
  }

  /**
   * A forward pass without gradients for a fixed batch: feeds `ids` int64 [batch, T]; returns
   * `logits` [batch, T, vocab] and, for each requested layer L, `resid<L>` [batch, T, D] (the
   * residual stream after block L, resid_post; L = −1 is the embedding output).
   */
  async compileInference(batch: number, opts: { layers?: readonly number[]; logits?: boolean; threads?: number } = {}): Promise<Program> {
    const { gpt } = this.build();
    const T = this.config.gpt.context;
    const ids = input('ids', [batch, T], 'int64');
    const layers = opts.layers ?? [];
    for (const L of layers) {
      if (!(Number.isInteger(L) && L >= -1 && L < this.config.gpt.layers)) {
        throw new StudioError('bad-input', `layer ${L} is outside −1..${this.config.gpt.layers - 1}`, 'layer');
      }
    }
    const withLogits = opts.logits ?? true;
    // Without logits the blocks above the highest requested layer are left out of the graph.
    const top = withLogits ? this.config.gpt.layers - 1 : Math.max(-1, ...layers);
    let x = o.add(gpt.tokens.forward(ids), o.slice(gpt.positions.table, [0], [T], [0]));
    const residuals = [x];
    for (const block of gpt.blocks.slice(0, top + 1)) residuals.push((x = block.forward(x)));
    const outputs: Record<string, Tensor> = {};
    if (withLogits) outputs.logits = gpt.head.forward(gpt.lnF.forward(x));
    for (const L of layers) outputs[`resid${L}`] = residuals[L + 1];
    const used = (name: string) => withLogits || /^(wte|wpe)\./.test(name) || Number(/^block(\d+)\./.exec(name)?.[1] ?? Infinity) <= top;
    const initial = Object.fromEntries(Object.entries(this.weights).filter(([name]) => used(name)));
    return Program.compile({ updates: [], outputs }, initial, { threads: opts.threads });
  }

  /**
   * The model above layer L without gradients: feeds `resid` float32 [batch, T, D] as the
   * residual stream after block L (resid_post; L = −1 the embedding output) and returns `logits`
   * [batch, T, vocab]. With `compileInference` this splices a replacement of that residual
   * (an SAE's reconstruction, zeros) into the model.
   */
  async compileFromResidual(batch: number, layer: number, opts: { threads?: number } = {}): Promise<Program> {
    const { gpt } = this.build();
    const { context: T, d: D, layers } = this.config.gpt;
    if (!(Number.isInteger(layer) && layer >= -1 && layer < layers)) throw new StudioError('bad-input', `layer ${layer} is outside −1..${layers - 1}`, 'layer');
    let x = input('resid', [batch, T, D]);
    for (const block of gpt.blocks.slice(layer + 1)) x = block.forward(x);
    const logits = gpt.head.forward(gpt.lnF.forward(x));
    const used = (name: string) => !/^(wte|wpe)\./.test(name) && Number(/^block(\d+)\./.exec(name)?.[1] ?? Infinity) > layer;
    const initial = Object.fromEntries(Object.entries(this.weights).filter(([name]) => used(name)));
    return Program.compile({ updates: [], outputs: { logits } }, initial, { threads: opts.threads });
  }

  /** Copies the trained values out of a training program. */
  static fromProgram(config: TranscriptModelConfig, program: Program): TranscriptModel {
    const names = Object.keys(TranscriptModel.init(config).weights);
    return new TranscriptModel(config, Object.fromEntries(names.map((n) => [n, Float32Array.from(program.value(n) as Float32Array)])));
  }

  /** AdamW's moment sums held by a training program, by state name, for a checkpoint. */
  static momentsOf(config: TranscriptModelConfig, program: Program): Record<string, Float32Array> {
    const names = Object.keys(TranscriptModel.init(config).weights).flatMap((n) => MOMENT_SUMS.map((m) => `${n}.${m}`));
    return Object.fromEntries(names.map((n) => [n, Float32Array.from(program.value(n) as Float32Array)]));
  }

  async save(file: string, metadata: Record<string, string> = {}): Promise<void> {
    const tensors: Record<string, F32Tensor> = {};
    const shapes = this.shapes();
    for (const [name, data] of Object.entries(this.weights)) tensors[name] = { shape: shapes[name], data };
    await writeSafetensors(file, tensors, metadata);
  }

  static async load(config: TranscriptModelConfig, file: string): Promise<TranscriptModel> {
    const { tensors } = await readSafetensors(file);
    return TranscriptModel.fromWeights(config, Object.fromEntries(Object.entries(tensors).map(([n, t]) => [n, t.data])), file);
  }

  private shapes(): Record<string, number[]> {
    const { params } = this.build();
    return Object.fromEntries(params.map((p) => [p.leaf!.name, [...p.shape]]));
  }
}
