/**
 * Leave-one-design-out folds: a layout's design never appears on both sides, so fitness and
 * metrics measure transfer to designs the model never saw (the CircuitNet split's spirit).
 */
export interface Fold {
  design: string;
  train: number[];
  test: number[];
}

export function designFolds(designs: readonly string[]): Fold[] {
  const names = [...new Set(designs)].sort();
  return names.map((design) => ({
    design,
    train: designs.flatMap((d, i) => (d === design ? [] : [i])),
    test: designs.flatMap((d, i) => (d === design ? [i] : [])),
  }));
}

/** Rows `rows` of an n × d row-major matrix. */
export function takeRows(x: ArrayLike<number>, d: number, rows: readonly number[]): Float64Array {
  const out = new Float64Array(rows.length * d);
  rows.forEach((r, k) => {
    for (let j = 0; j < d; j++) out[k * d + j] = x[r * d + j];
  });
  return out;
}
