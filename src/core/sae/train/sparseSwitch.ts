import { CANDIDATES_MAX, CANDIDATES_TOTAL } from '../arch/capped';

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

/**
 * The per-batch budget form runs once the width is at least this many times the budget's mean
 * entries per row (budget / B). Its cost beyond the encoder's product grows with budget·d (the
 * entry lists' gathers and segment sums), the dense step's with B·m·d. Measured with `npm run
 * bench -- sae-sparse` on 2 shared AVX-512 EPYC cores at d = 512, m = 4,096 against our dense
 * step in the same runs: ReLU-L1 at m = 115·budget/B 1.05–1.44× faster (1.05–1.09× on idle
 * cores), JumpReLU at 97 1.16–1.39×, ReLU-L1 at 34 (L0 102, forced) 0.65×; the switch sits at
 * the lowest ratio measured faster (docs/sae.md, runs H, I, K, M, O).
 */
export const SPARSE_WIDTH_PER_ENTRY = 96;

/** Calls whose busiest row (or total) sets the cap (or budget): a code that just got denser is seen for this long. */
const WINDOW = 4;

/** What the next call runs besides the dense step: a per-row cap or a per-batch budget of candidates. */
export type SparseForm = { kind: 'cap'; size: number } | { kind: 'budget'; size: number };

/**
 * Budgets on a grid of quarter octaves (×2^¼, in multiples of 64), so that a run compiles a
 * dozen programs while its L0 falls and a budget is at most ~19% above what it must hold.
 */
function budgetFor(want: number): number {
  let level = 256;
  while (level < want) level = 64 * Math.ceil((level * 2 ** 0.25) / 64);
  return level;
}

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
  private recentTotals: number[] = [];
  private last: 'sparse' | 'dense' = 'dense';

  /**
   * `budget` (set where the architecture has the per-batch form): the batch size B and the
   * width-to-entries-per-row ratio from which that form runs; it is then preferred to the cap.
   */
  constructor(
    private readonly m: number,
    private readonly widthPerCap = SPARSE_WIDTH_PER_CAP,
    private readonly budget?: { B: number; widthPerEntry: number },
  ) {}

  /** Records a call's results (one value per step for K-step calls). */
  observe(out: Readonly<Record<string, Float32Array>>): void {
    const most = out[CANDIDATES_MAX];
    if (!most) return;
    const push = (list: number[], v: number) => {
      list.push(v);
      if (list.length > WINDOW) list.shift();
    };
    push(this.recent, Math.max(...most));
    if (out[CANDIDATES_TOTAL]) push(this.recentTotals, Math.max(...out[CANDIDATES_TOTAL]));
  }

  /** The form for the next call, or undefined for the dense step. */
  form(): SparseForm | undefined {
    if (this.recent.length === 0) return undefined;
    if (this.budget && this.recentTotals.length > 0) {
      const size = budgetFor(Math.ceil(1.1 * Math.max(...this.recentTotals)) + 16);
      return size * this.budget.widthPerEntry <= this.m * this.budget.B ? { kind: 'budget', size } : undefined;
    }
    const want = Math.ceil(1.25 * Math.max(...this.recent)) + 1;
    let cap = 16;
    while (cap < want) cap *= 2;
    return cap * this.widthPerCap <= this.m ? { kind: 'cap', size: cap } : undefined;
  }

  /** The busiest row of the last calls (0 before the first). */
  get busiest(): number {
    return Math.max(0, ...this.recent);
  }

  /** The most candidates in one batch of the last calls (0 before the first). */
  get total(): number {
    return Math.max(0, ...this.recentTotals);
  }

  /**
   * The line for the job log when the form changes at `step` (the progress bar's rate changes
   * there), or when a call overflowed its cap and was redone densely.
   */
  note(step: number, ran: SparseForm | undefined, overflowed?: SparseForm): string | undefined {
    const form = ran === undefined ? 'dense' : 'sparse';
    const was = this.last;
    this.last = form;
    if (overflowed?.kind === 'cap') return `step ${step}: a row held ${this.busiest} candidate latents, at or over the sparse step's cap of ${overflowed.size}, so the call was redone with the dense step`;
    if (overflowed) return `step ${step}: the batch held ${this.total} candidate (row, latent) entries, over the sparse step's budget of ${overflowed.size}, so the call was redone with the dense step`;
    if (form === was) return undefined;
    if (ran?.kind === 'budget') return `from step ${step} the code is sparse (${this.total} candidate (row, latent) entries in a batch of ${this.budget!.B} rows, at most ${this.busiest} in a row, of ${this.m} latents), so steps run at the cost of the active entries (budget ${ran.size}): steps take less time from here`;
    return form === 'sparse'
      ? `from step ${step} the code is sparse (at most ${this.busiest} candidate latents in a row, of ${this.m}), so steps run at the cost of the active latents (cap ${ran!.size}): steps take less time from here`
      : `from step ${step} the code is too dense for the sparse step (a row with ${this.busiest} candidate latents, of ${this.m}): dense steps from here`;
  }
}
