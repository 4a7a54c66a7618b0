import { describe, expect, it } from 'vitest';
import { TextCausalResult } from '../schemas/explain';
import { causalEffectRows, causalEffectsOption } from './causalEffects';
import { lightChartTheme } from './theme';

const eff = (mean: number, t: number, positions = 40) => ({ mean, t, positions });

describe('causal effects chart', () => {
  it('a text test: the signature projections, then the bytes the ablation moves, signed', () => {
    const c = TextCausalResult.parse({
      kind: 'text', windows: 16, clampValue: 7.5, identity: 1e-5, expected: 1, measurable: true, contradicts: false,
      ablate: { kl: eff(0.05, 9), alignment: eff(-0.02, -6), promoted: [{ byte: 'o', mean: 0.07, t: 5 }], suppressed: [{ byte: ' ', mean: -0.18, t: -12 }] },
      clamp: { kl: eff(0.3, 20, 900), alignment: eff(0.1, 30, 900), promoted: [], suppressed: [] },
    });
    const rows = causalEffectRows(c);
    expect(rows.map((r) => [r.label, r.t])).toEqual([
      ['clamp: toward the hypothesis', 30],
      ['ablate: toward the hypothesis', -6],
      ['ablate: p("o")', 5],
      ['ablate: p("␠")', -12],
    ]);
    expect(rows[2].positions).toBe(40);
    const option = causalEffectsOption(c, lightChartTheme, 3) as { aria: { label: { description: string } } };
    expect(option.aria.label.description).toContain('ablate: p("␠") t = -12');
  });
});
