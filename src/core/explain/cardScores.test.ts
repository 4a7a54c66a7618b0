import { describe, expect, it } from 'vitest';
import { cardFacts } from '../../shared/charts/featureCard';
import { testCard } from '../reports/testReport';

describe('feature cards with an explanation made by the explainer', () => {
  it('say its scores and the baseline’s; an imported explanation without scores gets no such line', () => {
    const card = testCard(3);
    expect(cardFacts(card).some((f) => f.label === 'Explanation scores')).toBe(false);
    card.explanation = { text: 'a8 is empty', score: 0.6, method: 'sage-offline', scores: { generative: 0.7, predictive: 0.6, detection: 0.8, fuzzing: 0.75, baselineGenerative: 0.4, baselinePredictive: 0.5 } };
    const line = cardFacts(card).find((f) => f.label === 'Explanation scores');
    expect(line?.value).toBe('generative 0.7, predictive 0.6, detection 0.8, fuzzing 0.75; baseline generative 0.4, predictive 0.5');
  });
});
