import { describe, expect, it } from 'vitest';
import { evaluate } from '../reference/interpret';
import { mismatch } from '../testing/allclose';
import { OP_CASES, instantiate } from '../testing/op-cases';
import { runOrt } from '../testing/run-ort';

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
