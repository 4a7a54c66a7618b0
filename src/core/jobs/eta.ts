/**
 * Rate and time-left of a job from its recent progress. The rate is measured over a sliding
 * window (not since the start) so it follows a job whose speed changes, e.g. after warm-up.
 */
export class RateMeter {
  private samples: Array<{ t: number; step: number }> = [];

  constructor(
    private readonly windowMs = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Records `step` of `total`; returns items per second and seconds left, null until measurable. */
  update(step: number, total: number): { rate: number | null; etaSeconds: number | null } {
    const t = this.now();
    if (this.samples.length && step < this.samples[this.samples.length - 1].step) this.samples = [];
    this.samples.push({ t, step });
    while (this.samples.length > 2 && t - this.samples[1].t >= this.windowMs) this.samples.shift();
    const first = this.samples[0];
    const dt = (t - first.t) / 1000;
    const dStep = step - first.step;
    if (dt <= 0 || dStep <= 0) return { rate: null, etaSeconds: step >= total ? 0 : null };
    const rate = dStep / dt;
    return { rate, etaSeconds: Math.max(0, total - step) / rate };
  }
}
