import type { Tensor } from '../ir/tensor';
import { broadcastShapes } from '../ir/broadcast';
import type { LowerCtx } from './registry';

/*
 * 2-D products as ONNX Gemm where that saves a pass. A transposed 2-D operand becomes Gemm's
 * transA/transB on the untransposed tensor (MLAS packs it transposed; the Transpose node is then
 * unused and the lowerer prunes it), and a product whose only reader adds something to it takes
 * that addend as Gemm's C. ONNX Runtime fuses MatMul + Transpose and MatMul + Add by itself, but
 * not both: once a gradient's fan-in Add has made the MatMul a Gemm, the transpose stays a copy.
 */

const isTranspose2d = (t: Tensor) => t.op === 'transpose' && t.rank === 2;

function operands(mm: Tensor, ctx: LowerCtx): { inputs: [string, string]; attrs: { transA: number; transB: number } } {
  const [ta, tb] = mm.inputs;
  const a = isTranspose2d(ta) ? ctx.nameOf(ta.inputs[0]) : ctx.nameOf(ta);
  const b = isTranspose2d(tb) ? ctx.nameOf(tb.inputs[0]) : ctx.nameOf(tb);
  return { inputs: [a, b], attrs: { transA: isTranspose2d(ta) ? 1 : 0, transB: isTranspose2d(tb) ? 1 : 0 } };
}

export function lowerMatmul(n: Tensor, a: string, b: string, ctx: LowerCtx): string {
  const [ta, tb] = n.inputs;
  if (ta.rank !== 2 || tb.rank !== 2 || !(isTranspose2d(ta) || isTranspose2d(tb))) return ctx.emit('MatMul', [a, b])[0];
  const { inputs, attrs } = operands(n, ctx);
  return ctx.emit('Gemm', inputs, attrs)[0];
}

/** add(A·B, c) as one Gemm with C = c when the product is 2-D, read only here, and c broadcasts to it; else null. */
export function lowerAddAsGemm(n: Tensor, ctx: LowerCtx): string | null {
  for (const side of [0, 1]) {
    const mm = n.inputs[side];
    const c = n.inputs[1 - side];
    if (mm.op !== 'matmul' || mm.rank !== 2 || mm.inputs.some((t) => t.rank !== 2) || ctx.uses(mm) !== 1 || c.rank > 2) continue;
    const out = broadcastShapes(c.shape, mm.shape);
    if (out.length !== 2 || out[0] !== mm.shape[0] || out[1] !== mm.shape[1]) continue;
    const { inputs, attrs } = operands(mm, ctx);
    return ctx.emit('Gemm', [...inputs, ctx.nameOf(c)], attrs)[0];
  }
  return null;
}
