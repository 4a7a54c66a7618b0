import { StudioError } from '../../../shared/errors';
import { MomentsAccumulator } from '../../data/stats';

/**
 * SAEBench core metrics (ALGORITHMS.md §3, ALGORITHMS-DETAIL.md §3.1), streamed batch by
 * batch from (x, x̂, f). x and x̂ are in the original activation space, so with whitening the
 * caller passes unwhitened reconstructions (`forward` does). Where SAEBench's code departs
 * from its stated formula, both are reported: the correct value and the `…Saebench` one.
 */
export interface CoreMetrics {
  rows: number;
  /** mean number of non-zero features per row */
  l0: number;
  /** mean Σ_i |f_i| per row */
  l1: number;
  /** true per-element MSE: Σ‖x − x̂‖² / (rows·d) */
  mse: number;
  /** SAEBench as coded: mean over rows of ‖x − x̂‖² / (rows in its batch) — depends on the batch size */
  mseSaebench: number;
  /** 1 − Σ‖x − x̂‖² / Σ_d Σ_t (x_td − x̄_d)² */
  explainedVariance: number;
  /** 1 − explainedVariance */
  fvu: number;
  /** SAEBench as coded: 1 − E‖x − x̂‖² / (E‖x‖² − m²), m = mean over batches and dims of E[x_d²] */
  explainedVarianceSaebench: number;
  /** SAEBench legacy: mean over rows of 1 − ‖x − x̂‖²/‖x − x̄_batch‖² */
  explainedVarianceLegacy: number;
  /** mean cos(x, x̂) (0 for a zero vector) */
  cossim: number;
  /** mean ‖x̂‖/‖x‖, counted as 1 where ‖x‖ < 1e-4 */
  l2Ratio: number;
  /** E‖x̂‖² / E⟨x, x̂⟩: above 1 the SAE overshoots, below it shrinks */
  relativeReconstructionBias: number;
  /** share of features never active */
  deadFraction: number;
  /** share of features active on more than `denseThreshold` of rows (default 10 %) */
  denseFraction: number;
  /** share of features active on more than 1 % of rows */
  freqOver1Percent: number;
  /** per-feature share of rows where the feature is non-zero */
  density: number[];
  /** histogram of log10(density) over the live features; dead features are counted apart */
  densityHistogram: { edges: number[]; counts: number[]; dead: number };
}

export interface CoreMetricsOptions {
  denseThreshold?: number;
  /** width of a log10-density bin; default 0.25 (bins from 10^-10 to 1) */
  histogramBinWidth?: number;
}

export class CoreMetricsAccumulator {
  private rows = 0;
  private batches = 0;
  private l0Sum = 0;
  private l1Sum = 0;
  private errSum = 0;
  private mseSaebenchSum = 0;
  private legacySum = 0;
  private cosSum = 0;
  private ratioSum = 0;
  private xhatSqSum = 0;
  private dotSum = 0;
  private batchMeanErr = 0;
  private batchMeanSq = 0;
  private batchMeanDimSq = 0;
  private readonly active: Float64Array;
  private readonly moments: MomentsAccumulator;
  private readonly batchMean: Float64Array;

  constructor(readonly dIn: number, readonly dSae: number, private readonly opts: CoreMetricsOptions = {}) {
    this.active = new Float64Array(dSae);
    this.moments = new MomentsAccumulator(dIn);
    this.batchMean = new Float64Array(dIn);
  }

  /** One batch: x and x̂ [rows, dIn], f [rows, dSae]. */
  add(x: Float32Array, xHat: Float32Array, f: Float32Array): void {
    const d = this.dIn;
    const m = this.dSae;
    const rows = x.length / d;
    if (!Number.isInteger(rows) || xHat.length !== x.length || f.length !== rows * m) {
      throw new StudioError('shape', `batch shapes disagree: x ${x.length}, x̂ ${xHat.length}, f ${f.length} values for d_in ${d}, d_sae ${m}`, 'metrics.add');
    }
    if (rows === 0) return;
    for (let r = 0; r < rows * m; r++) {
      const v = f[r];
      if (v !== 0) {
        this.l0Sum++;
        this.l1Sum += Math.abs(v);
        this.active[r % m]++;
      }
    }
    const mean = this.batchMean.fill(0);
    for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) mean[j] += x[r * d + j] / rows;
    let batchErr = 0;
    let batchSq = 0;
    for (let r = 0; r < rows; r++) {
      let err = 0;
      let xx = 0;
      let hh = 0;
      let xh = 0;
      let centred = 0;
      for (let j = 0, o = r * d; j < d; j++) {
        const a = x[o + j];
        const b = xHat[o + j];
        err += (a - b) * (a - b);
        xx += a * a;
        hh += b * b;
        xh += a * b;
        centred += (a - mean[j]) * (a - mean[j]);
      }
      batchErr += err;
      batchSq += xx;
      this.errSum += err;
      this.mseSaebenchSum += err / rows;
      this.legacySum += 1 - err / centred;
      const nx = Math.sqrt(xx);
      const nh = Math.sqrt(hh);
      this.cosSum += nx > 0 && nh > 0 ? xh / (nx * nh) : 0;
      this.ratioSum += nx < 1e-4 ? 1 : nh / nx;
      this.xhatSqSum += hh;
      this.dotSum += xh;
    }
    this.batchMeanErr += batchErr / rows;
    this.batchMeanSq += batchSq / rows;
    this.batchMeanDimSq += batchSq / rows / d;
    this.moments.add(x, rows);
    this.rows += rows;
    this.batches++;
  }

  result(): CoreMetrics {
    const n = this.rows;
    if (n === 0) throw new StudioError('bad-input', 'no rows were evaluated', 'metrics');
    const d = this.dIn;
    const totalVar = this.moments.m2.reduce((a, b) => a + b, 0);
    const ev = 1 - this.errSum / totalVar;
    const A = this.batchMeanSq / this.batches;
    const mSq = (this.batchMeanDimSq / this.batches) ** 2;
    const density = Array.from(this.active, (c) => c / n);
    const dense = this.opts.denseThreshold ?? 0.1;
    return {
      rows: n,
      l0: this.l0Sum / n,
      l1: this.l1Sum / n,
      mse: this.errSum / (n * d),
      mseSaebench: this.mseSaebenchSum / n,
      explainedVariance: ev,
      fvu: 1 - ev,
      explainedVarianceSaebench: 1 - this.batchMeanErr / this.batches / (A - mSq),
      explainedVarianceLegacy: this.legacySum / n,
      cossim: this.cosSum / n,
      l2Ratio: this.ratioSum / n,
      relativeReconstructionBias: this.xhatSqSum / this.dotSum,
      deadFraction: density.filter((p) => p === 0).length / this.dSae,
      denseFraction: density.filter((p) => p > dense).length / this.dSae,
      freqOver1Percent: density.filter((p) => p > 0.01).length / this.dSae,
      density,
      densityHistogram: logDensityHistogram(density, this.opts.histogramBinWidth ?? 0.25),
    };
  }
}

/** Histogram of log10 feature density over [-10, 0]; lower densities fall in the first bin. */
export function logDensityHistogram(density: readonly number[], binWidth = 0.25): { edges: number[]; counts: number[]; dead: number } {
  const bins = Math.round(10 / binWidth);
  const edges = Array.from({ length: bins + 1 }, (_, i) => -10 + i * binWidth);
  const counts = new Array<number>(bins).fill(0);
  let dead = 0;
  for (const p of density) {
    if (p === 0) {
      dead++;
      continue;
    }
    const b = Math.floor((Math.log10(p) + 10) / binWidth);
    counts[Math.min(bins - 1, Math.max(0, b))]++;
  }
  return { edges, counts, dead };
}
