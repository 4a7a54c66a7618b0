import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { input } from '../ir/tensor';
import { exportStep } from '../onnx/export';
import { onnx } from '../onnx/proto';
import { evaluate } from '../reference/interpret';
import { mismatch } from '../testing/allclose';
import { runOrt } from '../testing/run-ort';
import * as o from './index';

const opTypes = (outputs: Record<string, ReturnType<typeof input>>) =>
  onnx.ModelProto.decode(exportStep({ updates: [], outputs }).bytes).graph!.node!.map((n) => n.opType);

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
