import { describe, expect, it } from 'vitest';
import { evaluate } from '../reference/interpret';
import { mismatch } from '../testing/allclose';
import { OP_CASES, instantiate } from '../testing/op-cases';
import { runOrt } from '../testing/run-ort';
import { topoSort } from '../ir/graph';
import { getOp, opNames } from './registry';

// float32 kernels against float64 loops: a few ulps of float32 on values of order 1.
const TOL = { rtol: 1e-4, atol: 1e-5 };

// Sessions load with strict shape inference, so each case also checks that ORT's own shape
// inference agrees with the shapes the exporter declares.
describe('every op: ONNX Runtime (2 intra-op threads) equals the float64 reference', () => {
  for (const c of OP_CASES) {
    it(c.name, async () => {
      const { out, feeds } = instantiate(c, 7);
      const [expected] = evaluate([out], feeds);
      const got = await runOrt({ y: out }, feeds);
      expect(mismatch(got.y, expected.data, TOL)).toBeNull();
    });
  }
});

describe('op coverage', () => {
  const used = (cases: typeof OP_CASES) => new Set(cases.flatMap((c) => topoSort([instantiate(c, 1).out]).map((n) => n.op)));

  it('every registered op is exercised by a case above', () => {
    const covered = used(OP_CASES);
    expect(opNames().filter((op) => !covered.has(op))).toEqual([]);
  });

  it('every op with a gradient rule is checked by finite differences (grad.test.ts)', () => {
    const checked = used(OP_CASES.filter((c) => c.differentiable !== false));
    // withGrad and stopGradient differ from their forward functions by design (grad.test.ts checks
    // them directly); equal returns booleans; cast's float rule is the identity, and the only
    // float-to-float cast (float16) rounds, which finite differences cannot see through.
    const exempt = new Set(['withGrad', 'stopGradient', 'equal', 'cast']);
    expect(opNames().filter((op) => getOp(op).vjp && !exempt.has(op) && !checked.has(op))).toEqual([]);
  });
});
