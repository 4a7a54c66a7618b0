import { Program } from '../../engine';
import { Rng } from '../../io/rng';
import { buildSarmStep, type SarmSae, type SarmStepConfig } from './sarm';

export interface FitOptions {
  steps: number;
  lr: number;
  seed: number;
  /** called every few steps with the share done and the last step's terms */
  onProgress?: (done: number, terms: Record<string, number>) => void;
  signal?: AbortSignal;
}

/** Standardised training data: last-token rows of chosen and rejected (pair p at row p), token rows. */
export interface FitData {
  chosen: Float32Array;
  rejected: Float32Array;
  pairs: number;
  tokens: Float32Array | null;
}

export interface FitResult {
  sae: SarmSae;
  /** the head's weights [m]; null in mode 'sae' */
  w: Float32Array | null;
  /** the last step's loss terms */
  terms: Record<string, number>;
}

/**
 * Trains SARM (the SAE, the head, or both — `cfg.mode`) by Adam on minibatches drawn by a
 * seeded shuffle of the pairs (and of the token rows), a constant learning rate after a 3%
 * warm-up as the recipe's warm-up ratio.
 */
export async function fitSarm(cfg: SarmStepConfig, init: SarmSae, data: FitData, opts: FitOptions): Promise<FitResult> {
  const { d } = cfg;
  const { spec, initial, frozen } = buildSarmStep(cfg, init);
  const program = await Program.compile(spec, initial);
  const rng = new Rng(opts.seed);
  const pairOrder = new Cursor(data.pairs, rng);
  const tokenRows = data.tokens ? data.tokens.length / d : 0;
  const tokenOrder = tokenRows > 0 ? new Cursor(tokenRows, rng) : null;
  const hc = new Float32Array(cfg.pairs * d);
  const hr = new Float32Array(cfg.pairs * d);
  const tok = new Float32Array(cfg.tokens * d);
  const warmup = Math.max(1, Math.round(0.03 * opts.steps));
  let terms: Record<string, number> = {};
  try {
    for (let step = 1; step <= opts.steps; step++) {
      if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('cancelled');
      const feeds: Record<string, Float32Array> = { ...frozen, lr: Float32Array.of(opts.lr * Math.min(1, step / warmup)), step: Float32Array.of(step) };
      if (cfg.mode !== 'sae') {
        for (let i = 0; i < cfg.pairs; i++) {
          const p = pairOrder.next();
          hc.set(data.chosen.subarray(p * d, (p + 1) * d), i * d);
          hr.set(data.rejected.subarray(p * d, (p + 1) * d), i * d);
        }
        feeds.hc = hc;
        feeds.hr = hr;
      }
      if (cfg.mode !== 'head') {
        const source = data.tokens!;
        for (let i = 0; i < cfg.tokens; i++) {
          const r = tokenOrder!.next();
          tok.set(source.subarray(r * d, (r + 1) * d), i * d);
        }
        feeds.tok = tok;
      }
      const out = await program.run(feeds);
      terms = Object.fromEntries(Object.entries(out).map(([name, v]) => [name, (v as Float32Array)[0]]));
      if (opts.onProgress && (step % 10 === 0 || step === opts.steps)) opts.onProgress(step / opts.steps, terms);
    }
    const value = (name: string) => Float32Array.from(program.value(name) as Float32Array);
    const sae: SarmSae = cfg.mode === 'head' ? init : { ...init, E: value('E'), bPre: value('b_pre'), bLat: value('b_lat'), D: value('D') };
    return { sae, w: cfg.mode === 'sae' ? null : value('w'), terms };
  } finally {
    await program.dispose();
  }
}

/** Endless seeded passes over 0..n−1, each pass a fresh shuffle. */
class Cursor {
  private order: Int32Array;
  private at: number;
  constructor(
    private readonly n: number,
    private readonly rng: Rng,
  ) {
    this.order = new Int32Array(n);
    this.at = n;
  }
  next(): number {
    if (this.at === this.n) {
      for (let i = 0; i < this.n; i++) this.order[i] = i;
      for (let i = this.n - 1; i > 0; i--) {
        const j = this.rng.int(i + 1);
        [this.order[i], this.order[j]] = [this.order[j], this.order[i]];
      }
      this.at = 0;
    }
    return this.order[this.at++];
  }
}
