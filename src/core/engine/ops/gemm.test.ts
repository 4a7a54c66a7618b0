import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { input } from '../ir/tensor';
import { exportStep } from '../onnx/export';
import { onnx } from '../onnx/proto';
import { evaluate } from '../reference/interpret';
import { mismatch } from '../testing/allclose';
import { runOrt } from '../testing/run-ort';
import * as o from './index';

const nodes = (outputs: Record<string, ReturnType<typeof input>>) => onnx.ModelProto.decode(exportStep({ updates: [], outputs }).bytes).graph!.node!;
const opTypes = (outputs: Record<string, ReturnType<typeof input>>) => nodes(outputs).map((n) => n.opType);

describe('2-D products lowered as Gemm', () => {
  const [m, k, n] = [5, 4, 3];
  const a = input('a', [k, m]);
  const b = input('b', [n, k]);
  const c = input('c', [n]);
  const rng = new Rng(9);
  const feeds = { a: Array.from({ length: k * m }, () => rng.normal()), b: Array.from({ length: n * k }, () => rng.normal()), c: Array.from({ length: n }, () => rng.normal()) };

  it('take transposed operands and a bias added to the product into one Gemm, leaving no Transpose', async () => {
    const y = o.add(o.matmul(o.transposeLast(a), o.transposeLast(b)), c);
    expect(opTypes({ y })).toEqual(['Gemm']);
    const got = await runOrt({ y }, feeds);
    expect(mismatch(got.y, evaluate([y], feeds)[0].data, { rtol: 1e-5, atol: 1e-6 })).toBeNull();
  });

  it('keep the product when something else reads it too', async () => {
    const p = o.matmul(o.transposeLast(a), o.transposeLast(b));
    const y = o.add(p, c);
    const z = o.mul(p, 2);
    expect(opTypes({ y, z }).filter((t) => t === 'Gemm')).toHaveLength(1);
    const got = await runOrt({ y, z }, feeds);
    const [ry, rz] = evaluate([y, z], feeds);
    expect(mismatch(got.y, ry.data, { rtol: 1e-5, atol: 1e-6 })).toBeNull();
    expect(mismatch(got.z, rz.data, { rtol: 1e-5, atol: 1e-6 })).toBeNull();
  });
});

describe('large products with a transposed A', () => {
  const rng = new Rng(4);
  const values = (n: number) => Array.from({ length: n }, () => rng.normal());
  const transA = (n: ReturnType<typeof nodes>[number]) => n.attribute?.some((a) => a.name === 'transA' && Number(a.i) === 1) ?? false;
  const check = async (y: ReturnType<typeof input>, feeds: Record<string, number[]>) => {
    const got = await runOrt({ y }, feeds);
    expect(mismatch(got.y, evaluate([y], feeds)[0].data, { rtol: 1e-4, atol: 1e-4 })).toBeNull();
  };

  it('transpose A once instead of leaving MLAS to copy it per slice of a wide output (Xᵀ·G)', async () => {
    const x = input('x', [64, 32]);
    const g = input('g', [64, 2048]);
    const y = o.matmul(o.transposeLast(x), g);
    const graph = nodes({ y });
    expect(graph.some(transA)).toBe(false);
    expect(graph.filter((n) => n.opType === 'Transpose')).toHaveLength(1);
    await check(y, { x: values(64 * 32), g: values(64 * 2048) });
  });

  it('compute Aᵀ·B as (Bᵀ·A)ᵀ when A is the large operand (Hᵀ·dY), and take a transposed B as it is', async () => {
    const h = input('h', [256, 2048]);
    const dy = input('dy', [256, 160]);
    const y = o.matmul(o.transposeLast(h), dy);
    expect(nodes({ y }).filter((n) => n.opType === 'Transpose')).toHaveLength(2);
    await check(y, { h: values(256 * 2048), dy: values(256 * 160) });
    const a = input('a', [256, 512]);
    const bt = input('bt', [192, 256]);
    const z = o.matmul(o.transposeLast(a), o.transposeLast(bt));
    const graph = nodes({ y: z });
    expect(graph.filter((n) => n.opType === 'Transpose')).toHaveLength(1);
    expect(graph.some(transA)).toBe(false);
    await check(z, { a: values(256 * 512), bt: values(192 * 256) });
  });

  it('keep a bias added to such a product in the Gemm', async () => {
    const x = input('x', [64, 32]);
    const g = input('g', [64, 2048]);
    const c = input('c', [2048]);
    const y = o.add(o.matmul(o.transposeLast(x), g), c);
    const graph = nodes({ y });
    expect(graph.filter((n) => n.opType === 'Gemm')).toHaveLength(1);
    expect(graph.some(transA)).toBe(false);
    await check(y, { x: values(64 * 32), g: values(64 * 2048), c: values(2048) });
  });

  it('add a bias to a product computed swapped after it, not as a Gemm over the tall transposed A', async () => {
    const h = input('h', [256, 2048]);
    const dy = input('dy', [256, 160]);
    const c = input('c', [2048, 160]);
    const y = o.add(o.matmul(o.transposeLast(h), dy), c);
    const types = nodes({ y }).map((n) => n.opType);
    expect(types.filter((t) => t === 'Transpose')).toHaveLength(2);
    expect(types).not.toContain('Gemm');
    expect(types.at(-1)).toBe('Add');
    await check(y, { h: values(256 * 2048), dy: values(256 * 160), c: values(2048 * 160) });
  });

  it('leave small or narrow products to Gemm’s transA', () => {
    const x = input('x', [64, 32]);
    expect(opTypes({ y: o.matmul(o.transposeLast(x), input('g', [64, 128])) })).toEqual(['Gemm']);
    expect(opTypes({ y: o.matmul(o.transposeLast(input('s', [8, 8])), input('t', [8, 1024])) })).toEqual(['Gemm']);
  });
});
