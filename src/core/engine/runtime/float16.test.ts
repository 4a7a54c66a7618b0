import { describe, expect, it } from 'vitest';
import { input } from '../ir/tensor';
import * as o from '../ops';
import { EngineSession } from './session';
import { exportStep } from '../onnx/export';

/** IEEE 754 binary16 bits of a number that is exactly representable (the test uses such values). */
function halfBits(v: number): number {
  if (v === 0) return 0;
  const sign = v < 0 ? 0x8000 : 0;
  const a = Math.abs(v);
  const e = Math.floor(Math.log2(a));
  const mant = Math.round((a / 2 ** e - 1) * 1024);
  return sign | ((e + 15) << 10) | mant;
}

describe('float16 inputs', () => {
  it('are fed as Uint16Array bits and cast to float32 inside the graph', async () => {
    const values = [0.5, -2, 1.25, 3.75, -0.125, 1024];
    const acts = input('acts', [2, 3], 'float16');
    const y = o.mul(o.cast(acts, 'float32'), 2);
    const session = await EngineSession.create(exportStep({ updates: [], outputs: { y } }), { threads: 1 });
    const out = await session.run({ acts: Uint16Array.from(values.map(halfBits)) });
    expect(Array.from(out.y as Float32Array)).toEqual(values.map((v) => v * 2));
    await expect(session.run({ acts: Float32Array.from(values) })).rejects.toMatchObject({ code: 'dtype', where: 'acts' });
    await session.dispose();
  });
});
