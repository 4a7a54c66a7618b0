import type { Tensor } from '../ir/tensor';
import { broadcastShapes } from '../ir/broadcast';
import type { LowerCtx } from './registry';

/*
 * 2-D products as ONNX Gemm where that saves a pass. A transposed 2-D operand becomes Gemm's
 * transA/transB on the untransposed tensor (MLAS packs it transposed; the Transpose node is then
 * unused and the lowerer prunes it), and a product whose only reader adds something to it takes
 * that addend as Gemm's C. ONNX Runtime fuses MatMul + Transpose and MatMul + Add by itself, but
 * not both: once a gradient's fan-in Add has made the MatMul a Gemm, the transpose stays a copy.
 *
 * Except a transposed A in a large product. MLAS packs B once per 128-column slice of the output
 * but reads a transposed A by copying it a few rows at a time into a small panel, again for every
 * slice (sgemm.cpp, MlasSgemmOperation): a weight gradient Xᵀ·G with a wide output copies X dozens
 * of times through a strided read. One explicit transpose costs less: of A itself, or, when A is
 * the large operand, of B and of the result, since AᵀB = (BᵀA)ᵀ. `npm run bench -- engine-forms`
 * on a 2-core AVX2 EPYC: the MLP bench's weight gradients 33.1 → 29.1 ms and 36.6 → 31.4 ms (a
 * plain product of their size: 28.4 ms), an SAE's at d = 768, m = 16,384: 209 → 191 ms and
 * 268 → 198 ms.
 */

const isTranspose2d = (t: Tensor) => t.op === 'transpose' && t.rank === 2;

/** MLAS_SGEMM_STRIDEN: the output columns one packed slice of B covers. */
const SLICE = 128;
/** Below this many multiply-adds a product is too small for an extra node to pay. */
const LARGE = 1 << 22;

interface Operands {
  inputs: [string, string];
  attrs: { transA: number; transB: number };
}

/**
 * aᵀ for a 2-D value `name` of shape [r, c], as a copy. A bare 2-D Transpose in front of a
 * product is folded back into Gemm's flags by ONNX Runtime's optimizer; through a 3-D view it is not.
 */
function copyTransposed(name: string, [r, c]: readonly number[], ctx: LowerCtx): string {
  const cube = ctx.emit('Reshape', [name, ctx.i64([r, c, 1])])[0];
  const flipped = ctx.emit('Transpose', [cube], { perm: [1, 0, 2] })[0];
  return ctx.emit('Reshape', [flipped, ctx.i64([c, r])])[0];
}

/** Whether `mm` = Aᵀ·B is large and wide enough for MLAS's transposed-A path to cost more than a transpose. */
function slowTransposedA(mm: Tensor): boolean {
  const [ta] = mm.inputs;
  if (!isTranspose2d(ta)) return false;
  const [k, m] = ta.inputs[0].shape;
  const n = mm.shape[1];
  return n > SLICE && m * n * k >= LARGE;
}

function operands(mm: Tensor, ctx: LowerCtx): Operands {
  const [ta, tb] = mm.inputs;
  let a = isTranspose2d(ta) ? ctx.nameOf(ta.inputs[0]) : ctx.nameOf(ta);
  let transA = isTranspose2d(ta) ? 1 : 0;
  if (slowTransposedA(mm)) {
    a = copyTransposed(a, ta.inputs[0].shape, ctx);
    transA = 0;
  }
  const b = isTranspose2d(tb) ? ctx.nameOf(tb.inputs[0]) : ctx.nameOf(tb);
  return { inputs: [a, b], attrs: { transA, transB: isTranspose2d(tb) ? 1 : 0 } };
}

/**
 * Whether Aᵀ·B is computed as (Bᵀ·A)ᵀ: when that moves fewer values than transposing A (B's
 * transpose is free when B comes transposed already; the result is transposed back).
 */
function swapped(mm: Tensor): boolean {
  const [ta, tb] = mm.inputs;
  const [m, n] = mm.shape;
  return slowTransposedA(mm) && (isTranspose2d(tb) ? 0 : tb.shape[0] * tb.shape[1]) + m * n < ta.shape[0] * ta.shape[1];
}

export function lowerMatmul(n: Tensor, a: string, b: string, ctx: LowerCtx): string {
  const [ta, tb] = n.inputs;
  if (ta.rank !== 2 || tb.rank !== 2 || !(isTranspose2d(ta) || isTranspose2d(tb))) return ctx.emit('MatMul', [a, b])[0];
  if (swapped(n)) {
    const left = isTranspose2d(tb) ? ctx.nameOf(tb.inputs[0]) : copyTransposed(b, tb.shape, ctx);
    const flipped = ctx.emit('MatMul', [left, ctx.nameOf(ta.inputs[0])])[0];
    return copyTransposed(flipped, [n.shape[1], n.shape[0]], ctx);
  }
  const { inputs, attrs } = operands(n, ctx);
  return ctx.emit('Gemm', inputs, attrs)[0];
}

/**
 * add(A·B, c) as one Gemm with C = c when the product is 2-D, read only here, and c broadcasts to
 * it; else null. Not for a product computed swapped: its C would need a transpose of its own, and
 * the Gemm would be the tall one that re-reads the transposed A for every slice of a narrow
 * output (an SAE's Zᵀ·E + the L1 term's decoder gradient at m = 16,384: 279 ms and a 23 ms
 * transpose against 190 ms swapped, in an ORT profile on a 2-core AVX2 EPYC); a plain Add follows instead.
 */
export function lowerAddAsGemm(n: Tensor, ctx: LowerCtx): string | null {
  for (const side of [0, 1]) {
    const mm = n.inputs[side];
    const c = n.inputs[1 - side];
    if (mm.op !== 'matmul' || mm.rank !== 2 || mm.inputs.some((t) => t.rank !== 2) || ctx.uses(mm) !== 1 || c.rank > 2 || swapped(mm)) continue;
    const out = broadcastShapes(c.shape, mm.shape);
    if (out.length !== 2 || out[0] !== mm.shape[0] || out[1] !== mm.shape[1]) continue;
    const { inputs, attrs } = operands(mm, ctx);
    return ctx.emit('Gemm', [...inputs, ctx.nameOf(c)], attrs)[0];
  }
  return null;
}
