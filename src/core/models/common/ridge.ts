import { StudioError } from '../../../shared/errors';

/**
 * Pointwise ridge regression in closed form, w = (XᵀX + αI)⁻¹Xᵀy, solved by Cholesky in float64.
 * Small d (tens to hundreds of features) makes this exact and instant, so it needs no engine graph.
 * With `intercept` the columns and y are centred first and the intercept is not penalised.
 */
export interface RidgeFit {
  weights: Float64Array;
  intercept: number;
}

export function fitRidge(x: ArrayLike<number>, y: ArrayLike<number>, dim: number, alpha: number, intercept = true): RidgeFit {
  const n = y.length;
  if (x.length !== n * dim) throw new StudioError('shape', `${x.length} values are not ${n} rows of ${dim}`, 'ridge');
  const mx = new Float64Array(dim);
  let my = 0;
  if (intercept && n > 0) {
    for (let i = 0; i < n; i++) {
      my += y[i] / n;
      for (let j = 0; j < dim; j++) mx[j] += x[i * dim + j] / n;
    }
  }
  const a = new Float64Array(dim * dim);
  const b = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    const yi = y[i] - my;
    for (let j = 0; j < dim; j++) {
      const xj = x[i * dim + j] - mx[j];
      b[j] += xj * yi;
      for (let k = 0; k <= j; k++) a[j * dim + k] += xj * (x[i * dim + k] - mx[k]);
    }
  }
  for (let j = 0; j < dim; j++) {
    a[j * dim + j] += alpha;
    for (let k = 0; k < j; k++) a[k * dim + j] = a[j * dim + k];
  }
  const weights = choleskySolve(a, b, dim);
  let b0 = my;
  for (let j = 0; j < dim; j++) b0 -= weights[j] * mx[j];
  return { weights, intercept: intercept ? b0 : 0 };
}

export function predictRidge(fit: RidgeFit, x: ArrayLike<number>, dim: number): Float64Array {
  const n = x.length / dim;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = fit.intercept;
    for (let j = 0; j < dim; j++) s += fit.weights[j] * x[i * dim + j];
    out[i] = s;
  }
  return out;
}

/** Solves A x = b for symmetric positive-definite A (row-major d×d). */
export function choleskySolve(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j];
      for (let k = 0; k < j; k++) s -= l[i * d + k] * l[j * d + k];
      if (i === j) {
        if (!(s > 0)) throw new StudioError('runtime', `matrix is not positive definite at column ${i}; raise alpha`, 'ridge');
        l[i * d + i] = Math.sqrt(s);
      } else l[i * d + j] = s / l[j * d + j];
    }
  }
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * d + k] * z[k];
    z[i] = s / l[i * d + i];
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < d; k++) s -= l[k * d + i] * x[k];
    x[i] = s / l[i * d + i];
  }
  return x;
}
