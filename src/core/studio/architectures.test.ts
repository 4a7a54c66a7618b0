import { describe, expect, it } from 'vitest';
import { ARCH_NAMES } from '../sae/arch/registry';
import { architectureHandlers } from './architectures';

describe('listArchitectures', () => {
  it('exports every registered architecture and the training config with defaults and bounds', async () => {
    const { train, architectures } = await architectureHandlers().listArchitectures({});
    expect(architectures.map((a) => a.name)).toEqual(ARCH_NAMES);
    const topk = architectures.find((a) => a.name === 'topk')!.config as { properties: Record<string, { default?: unknown; type: string }> };
    expect(topk.properties.k).toMatchObject({ type: 'integer', default: 32 });
    const fields = train as { properties: Record<string, { default?: unknown; minimum?: number; maximum?: number }>; required: string[] };
    expect(fields.required).toEqual(expect.arrayContaining(['arch', 'width']));
    expect(fields.properties.steps.default).toBe(2000);
    expect(fields.properties.lrWarmupFraction).toMatchObject({ minimum: 0, maximum: 1 });
  });
});
