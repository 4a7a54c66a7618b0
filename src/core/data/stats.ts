/**
 * Per-dimension moments accumulated chunk by chunk in float64, merged with Chan et al.'s
 * pairwise update so a large mean does not swamp the variance (as E[x²] − E[x]² would).
 */
export class MomentsAccumulator {
  count = 0;
  readonly mean: Float64Array;
  /** sum of squared deviations from the mean, per dimension */
  readonly m2: Float64Array;
  private readonly chunkMean: Float64Array;
  private readonly chunkM2: Float64Array;

  constructor(readonly dims: number) {
    this.mean = new Float64Array(dims);
    this.m2 = new Float64Array(dims);
    this.chunkMean = new Float64Array(dims);
    this.chunkM2 = new Float64Array(dims);
  }

  /** `rows` row-major rows of `dims` values */
  add(data: Float32Array, rows: number): void {
    if (rows === 0) return;
    const d = this.dims;
    const cm = this.chunkMean.fill(0);
    const c2 = this.chunkM2.fill(0);
    for (let r = 0; r < rows; r++) for (let j = 0, o = r * d; j < d; j++) cm[j] += data[o + j];
    for (let j = 0; j < d; j++) cm[j] /= rows;
    for (let r = 0; r < rows; r++) {
      for (let j = 0, o = r * d; j < d; j++) {
        const dev = data[o + j] - cm[j];
        c2[j] += dev * dev;
      }
    }
    const n = this.count + rows;
    for (let j = 0; j < d; j++) {
      const delta = cm[j] - this.mean[j];
      this.mean[j] += (delta * rows) / n;
      this.m2[j] += c2[j] + (delta * delta * this.count * rows) / n;
    }
    this.count = n;
  }

  /** population variance per dimension (divides by n) */
  variance(): Float64Array {
    return this.m2.map((v) => (this.count ? v / this.count : 0));
  }
}

export const NORM_HISTOGRAM_BINS = 40;

/** L2 norm of each row into `out`. */
export function rowNorms(data: Float32Array, rows: number, dims: number, out: Float32Array = new Float32Array(rows)): Float32Array {
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0, o = r * dims; j < dims; j++) s += data[o + j] * data[o + j];
    out[r] = Math.sqrt(s);
  }
  return out;
}

/**
 * Equal-width histogram over [min, max] filled chunk by chunk; the range must be known first,
 * which is why the dataset writer keeps the row norms aside until the last row is in.
 */
export class FixedHistogram {
  readonly counts: number[];
  private readonly width: number;

  constructor(readonly min: number, max: number, readonly bins = NORM_HISTOGRAM_BINS) {
    this.counts = new Array<number>(bins).fill(0);
    this.width = (max > min ? max - min : 1) / bins;
  }

  add(values: Float32Array): void {
    for (let i = 0; i < values.length; i++) {
      const b = Math.floor((values[i] - this.min) / this.width);
      this.counts[Math.min(this.bins - 1, Math.max(0, b))]++;
    }
  }

  result(): { edges: number[]; counts: number[] } {
    return { edges: Array.from({ length: this.bins + 1 }, (_, i) => this.min + i * this.width), counts: this.counts };
  }
}
