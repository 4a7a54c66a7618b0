import { describe, expect, it } from 'vitest';
import { AuthorshipConfig, type AuthorshipModelInfo } from '../../../shared/schemas/authorship';
import { CHAR_DIM } from './chars';
import { federalistCaseStudy, type FederalistPaper } from './federalist';
import { parameterNames } from './residual';

/** A residual whose weights are all zero predicts r̂ = tanh(0) = 0, so s = s_I and the verdict is the cosines'. */
function zeroResidualModel() {
  const config = AuthorshipConfig.parse({ code: 8 });
  const sizes: Record<string, number> = { 'enc.w': CHAR_DIM * 8, 'enc.b': 8, 'head0.w': 16 * 8, 'head0.b': 8, 'head1.w': 8 * 4, 'head1.b': 4, 'head2.w': 4, 'head2.b': 1 };
  const values = Object.fromEntries(parameterNames(CHAR_DIM, 8).map((n) => [n, new Float32Array(sizes[n])]));
  return {
    info: { thresholds: { interpretable: 0.5, residualized: 0.5, neuralOnly: 0.5 } } as AuthorshipModelInfo,
    charStats: { mean: new Float32Array(CHAR_DIM), std: new Float32Array(CHAR_DIM).fill(1) },
    residual: { dim: CHAR_DIM, config: { ...config, seed: 1 }, values },
  };
}

describe('Federalist case study', () => {
  it('scores each disputed paper against both authors, picks the closer, and gives the features with evidence', async () => {
    // stand-ins in the two authors' manners: Hamilton's short declaratives, Madison's long sentences full of commas and semicolons
    const hamilton = ['The plan is good. It is wise. We must act now.', 'The union is strong. It is needed. We shall see.'];
    const madison = ['Upon the whole, sir, it seems, in my view, that we; the people, may judge; and yet, with care, we wait.', 'Whilst the states, in turn, deliberate; the union, as ever, endures, and we, in time, agree.'];
    const papers: FederalistPaper[] = [
      ...hamilton.map((text, i) => ({ paper: 1 + i, author: 'HAMILTON', disputed: false, text })),
      ...madison.map((text, i) => ({ paper: 10 + i, author: 'MADISON', disputed: false, text })),
      { paper: 49, author: 'MADISON', disputed: true, text: 'Whilst, in truth, the people; the states, and we, in turn, may judge, we wait; and, with care, agree.' },
      { paper: 50, author: 'MADISON', disputed: true, text: 'The law is clear. It is just. We must obey.' },
    ];
    const rows = await federalistCaseStudy(zeroResidualModel(), papers);
    expect(rows.map((r) => [r.paper, r.verdict])).toEqual([
      [49, 'Madison'],
      [50, 'Hamilton'],
    ]);
    for (const r of rows) {
      // r̂ = 0: the score is the interpretable one
      expect(r.hamilton).toBeCloseTo(r.hamiltonInterpretable, 6);
      expect(r.madison).toBeCloseTo(r.madisonInterpretable, 6);
      expect(r.topFeatures).toHaveLength(5);
      expect(r.topFeatures[0].delta).toBeGreaterThan(0);
    }
    // paper 49 leans Madison through its commas or semicolons, with their spans in the paper
    const top = rows[0].topFeatures.find((t) => t.feature === 'punct.comma' || t.feature === 'punct.semicolon');
    expect(top?.evidence.length).toBeGreaterThan(0);
    await expect(federalistCaseStudy(zeroResidualModel(), papers.filter((p) => p.author !== 'MADISON' || p.disputed))).rejects.toThrow(/papers of Hamilton, of Madison and disputed ones/);
  });
});
