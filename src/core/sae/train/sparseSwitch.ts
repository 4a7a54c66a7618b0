import { CANDIDATES_MAX } from '../arch/capped';

/**
 * The sparse step runs once the width is at least this many times its cap (candidates per row).
 * Its cost grows with B·cap·d (gathers, the segment sums' sort and masks: about 12.5 ns per
 * element here) where the dense step's four extra products and [B, m] passes grow with B·m·d
 * (about 0.1 ns per element), so the two meet near m = 120·cap. Measured with `npm run bench --
 * sae-sparse` on 2 shared AVX-512 EPYC cores: ReLU-L1 at m = 128·cap (d 768, m 16,384, cap 128)
 * ran level with the dense step (1.04–1.05× in two runs), JumpReLU 2.4×; m = 16·cap 0.39×
 * (d 512, m 4,096, cap 256, forced); docs/sae.md.
 */
export const SPARSE_WIDTH_PER_CAP = 128;

/** Calls whose busiest row sets the cap: a code that just got denser is seen for this long. */
const WINDOW = 4;

/**
 * Chooses, per engine call, between an architecture's dense step and its sparse step compiled
 * for a cap (issue 25), the way TopK's lean/full switch works: from what the steps report. The
 * cap is the smallest power of two at least 1.25× the busiest row of the last calls (so a
 * handful of programs cover a whole run); the sparse form runs only where it measured faster
 * (m ≥ SPARSE_WIDTH_PER_CAP·cap). A call whose code overflowed the cap is redone densely by the
 * trainer and its busiest row raises the cap from then on.
 */
export class SparseSwitch {
  private recent: number[] = [];
  private last: 'sparse' | 'dense' = 'dense';

  constructor(
    private readonly m: number,
    private readonly widthPerCap = SPARSE_WIDTH_PER_CAP,
  ) {}

  /** Records a call's results (one value per step for K-step calls). */
  observe(out: Readonly<Record<string, Float32Array>>): void {
    const most = out[CANDIDATES_MAX];
    if (!most) return;
    this.recent.push(Math.max(...most));
    if (this.recent.length > WINDOW) this.recent.shift();
  }

  /** The cap for the next call, or undefined for the dense step. */
  cap(): number | undefined {
    if (this.recent.length === 0) return undefined;
    const want = Math.ceil(1.25 * Math.max(...this.recent)) + 1;
    let cap = 16;
    while (cap < want) cap *= 2;
    return cap * this.widthPerCap <= this.m ? cap : undefined;
  }

  /** The busiest row of the last calls (0 before the first). */
  get busiest(): number {
    return Math.max(0, ...this.recent);
  }

  /**
   * The line for the job log when the form changes at `step` (the progress bar's rate changes
   * there), or when a call overflowed its cap and was redone densely.
   */
  note(step: number, cap: number | undefined, overflowedCap?: number): string | undefined {
    const form = cap === undefined ? 'dense' : 'sparse';
    const was = this.last;
    this.last = form;
    if (overflowedCap !== undefined) return `step ${step}: a row held ${this.busiest} candidate latents, at or over the sparse step's cap of ${overflowedCap}, so the call was redone with the dense step`;
    if (form === was) return undefined;
    return form === 'sparse'
      ? `from step ${step} the code is sparse (at most ${this.busiest} candidate latents in a row, of ${this.m}), so steps run at the cost of the active latents (cap ${cap}): steps take less time from here`
      : `from step ${step} the code is too dense for the sparse step (a row with ${this.busiest} candidate latents, of ${this.m}): dense steps from here`;
  }
}
