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
  checkShape(x, y, dim);
  const { mx, my } = intercept ? means(x, y, dim) : { mx: new Float64Array(dim), my: 0 };
  const { gram, b } = centredGram(x, y, dim, mx, my);
  return solveGram(gram, b, dim, alpha, mx, my);
}

/**
 * fitRidge (centred, intercept unpenalised) for several α at once: the centred Gram matrix XᵀX —
 * n·d² work, most of a 500-term fit — is built once and only the d³ solve repeats.
 */
export function fitRidgePath(x: ArrayLike<number>, y: ArrayLike<number>, dim: number, alphas: readonly number[]): RidgeFit[] {
  checkShape(x, y, dim);
  const { mx, my } = means(x, y, dim);
  if (y.length < dim) return dualPath(x, y, dim, alphas, mx, my);
  const { gram, b } = centredGram(x, y, dim, mx, my);
  return alphas.map((alpha) => solveGram(gram, b, dim, alpha, mx, my));
}

function checkShape(x: ArrayLike<number>, y: ArrayLike<number>, dim: number): void {
  if (x.length !== y.length * dim) throw new StudioError('shape', `${x.length} values are not ${y.length} rows of ${dim}`, 'ridge');
}

function means(x: ArrayLike<number>, y: ArrayLike<number>, dim: number): { mx: Float64Array; my: number } {
  const n = y.length;
  const mx = new Float64Array(dim);
  let my = 0;
  for (let i = 0; i < n; i++) {
    my += y[i] / n;
    for (let j = 0; j < dim; j++) mx[j] += x[i * dim + j] / n;
  }
  return { mx, my };
}

/** The lower triangle of (X − mx)ᵀ(X − mx) and (X − mx)ᵀ(y − my). */
function centredGram(x: ArrayLike<number>, y: ArrayLike<number>, dim: number, mx: Float64Array, my: number): { gram: Float64Array; b: Float64Array } {
  const gram = new Float64Array(dim * dim);
  const b = new Float64Array(dim);
  const xc = new Float64Array(dim);
  for (let i = 0; i < y.length; i++) {
    const yi = y[i] - my;
    for (let j = 0; j < dim; j++) xc[j] = x[i * dim + j] - mx[j];
    for (let j = 0; j < dim; j++) {
      b[j] += xc[j] * yi;
      for (let k = 0; k <= j; k++) gram[j * dim + k] += xc[j] * xc[k];
    }
  }
  return { gram, b };
}

function solveGram(gram: Float64Array, b: Float64Array, dim: number, alpha: number, mx: Float64Array, my: number): RidgeFit {
  const a = new Float64Array(gram);
  for (let j = 0; j < dim; j++) {
    a[j * dim + j] += alpha;
    for (let k = 0; k < j; k++) a[k * dim + j] = a[j * dim + k];
  }
  const weights = choleskySolve(a, b, dim);
  return { weights, intercept: interceptOf(weights, mx, my) };
}

function interceptOf(weights: Float64Array, mx: Float64Array, my: number): number {
  let b0 = my;
  for (let j = 0; j < mx.length; j++) b0 -= weights[j] * mx[j];
  return b0;
}

/**
 * Fewer rows than columns (a few hundred reviews, 500 terms): the same solution from the n × n side,
 * w = Xcᵀ(XcXcᵀ + αI)⁻¹yc — the push-through identity of (XcᵀXc + αI)⁻¹Xcᵀ — an n³ solve instead of d³.
 */
function dualPath(x: ArrayLike<number>, y: ArrayLike<number>, dim: number, alphas: readonly number[], mx: Float64Array, my: number): RidgeFit[] {
  const n = y.length;
  const xc = Float64Array.from({ length: n * dim }, (_, k) => x[k] - mx[k % dim]);
  const yc = Float64Array.from({ length: n }, (_, i) => y[i] - my);
  const kernel = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < dim; k++) s += xc[i * dim + k] * xc[j * dim + k];
      kernel[i * n + j] = kernel[j * n + i] = s;
    }
  }
  return alphas.map((alpha) => {
    const a = new Float64Array(kernel);
    for (let i = 0; i < n; i++) a[i * n + i] += alpha;
    const coef = choleskySolve(a, yc, n);
    const weights = new Float64Array(dim);
    for (let i = 0; i < n; i++) for (let k = 0; k < dim; k++) weights[k] += xc[i * dim + k] * coef[i];
    return { weights, intercept: interceptOf(weights, mx, my) };
  });
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
