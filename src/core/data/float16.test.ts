import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bfloatArrayToFloat, floatArrayToHalf, floatToBfloat, floatToHalf, halfArrayToFloat, halfToFloat } from './float16';

// Reference bit patterns produced by NumPy's astype(np.float16): fixtures/make_fixtures.py.
const fixture = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'float16_numpy.json'), 'utf8')) as {
  float32Bits_float16Bits: [number, number][];
};

function bitsToFloat(bits: number): number {
  return new Float32Array(new Uint32Array([bits]).buffer)[0];
}

describe('float16', () => {
  it('rounds float32 to float16 exactly as NumPy does, subnormals, overflow, inf and NaN included', () => {
    const pairs = fixture.float32Bits_float16Bits;
    expect(pairs.length).toBeGreaterThan(3000);
    const isNan = (h: number) => (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
    const wrong = pairs.filter(([f32bits, expected]) => {
      const got = floatToHalf(bitsToFloat(f32bits));
      return isNan(expected) ? !isNan(got) : got !== expected;
    });
    expect(wrong).toEqual([]);
  });

  it('widens every finite float16 exactly and round-trips all 65536 patterns', () => {
    expect(halfToFloat(0x0001)).toBe(2 ** -24); // smallest subnormal
    expect(halfToFloat(0x03ff)).toBe((1023 / 1024) * 2 ** -14); // largest subnormal
    expect(halfToFloat(0x7bff)).toBe(65504);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0xfc00)).toBe(-Infinity);
    expect(Number.isNaN(halfToFloat(0x7e00))).toBe(true);
    expect(Object.is(halfToFloat(0x8000), -0)).toBe(true);
    const all = new Uint16Array(65536).map((_, i) => i);
    const widened = halfArrayToFloat(all);
    const back = floatArrayToHalf(widened);
    const mismatched: number[] = [];
    for (let h = 0; h < 65536; h++) {
      const nan = (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
      if (!nan && back[h] !== h) mismatched.push(h);
    }
    expect(mismatched).toEqual([]);
  });

  it('converts bfloat16 with round-to-nearest-even and keeps NaN', () => {
    expect(floatToBfloat(1)).toBe(0x3f80);
    // 1 + 2^-8 is exactly halfway between two bfloat16 values: ties go to the even one (1.0).
    expect(floatToBfloat(1 + 2 ** -8)).toBe(0x3f80);
    expect(floatToBfloat(1 + 3 * 2 ** -8)).toBe(0x3f82);
    const nan = floatToBfloat(NaN);
    expect((nan & 0x7f80) === 0x7f80 && (nan & 0x7f) !== 0).toBe(true);
    const widened = bfloatArrayToFloat(new Uint16Array([0x3f80, 0xc040, 0x7f80, 0x0001]));
    expect(Array.from(widened)).toEqual([1, -3, Infinity, 2 ** -133]);
  });
});
