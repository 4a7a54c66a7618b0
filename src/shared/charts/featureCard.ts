import { formatCount, formatNumber, formatPercent } from '../format';
import type { FeatureCard } from '../schemas/report';

/** Properties and examples a card shows: what fits on its PDF page beside the histogram. */
export const CARD_PROPERTIES = 5;
export const CARD_EXAMPLES = 8;

/** Label–value lines at the head of a card, the same in the preview and the PDF. */
export function cardFacts(card: FeatureCard): { label: string; value: string }[] {
  const firing = card.histogram.counts.reduce((a, b) => a + b, 0);
  return [
    { label: 'Run', value: `${card.run} (${card.runId})` },
    { label: 'Fires on', value: `${formatPercent(card.frequency)} of rows (${formatCount(firing)} of ${formatCount(card.histogram.rows)})` },
    { label: 'Max activation', value: formatNumber(card.maxActivation) },
    { label: 'Mean when firing', value: formatNumber(card.meanActivation) },
    ...(card.explanation ? [{ label: 'Explanation', value: explanationText(card.explanation) }] : []),
    ...(card.explanation?.scores ? [{ label: 'Explanation scores', value: scoresText(card.explanation.scores) }] : []),
  ];
}

/** The studio explainer's scores (docs/explain.md), with its baseline's where recorded. */
function scoresText(s: Record<string, number>): string {
  const parts = ['generative', 'predictive', 'detection', 'fuzzing'].filter((k) => k in s).map((k) => `${k} ${formatNumber(s[k])}`);
  const base = ['baselineGenerative', 'baselinePredictive'].every((k) => k in s) ? `; baseline generative ${formatNumber(s.baselineGenerative)}, predictive ${formatNumber(s.baselinePredictive)}` : '';
  return parts.join(', ') + base;
}

/** "text" (method, score s); a score the explainer did not give is not shown (never made up). */
function explanationText(e: NonNullable<FeatureCard['explanation']>): string {
  return `“${e.text}” (${e.method}${e.score === null ? '' : `, score ${formatNumber(e.score)}`})`;
}

/**
 * The words a card's examples are captioned with: the position (a board's game and ply, a token
 * window with the row's own token in brackets, else the row) and the activation there.
 */
export function exampleCaption(ex: FeatureCard['examples'][number]): string {
  const where = ex.board ? `game ${ex.board.game}, ply ${ex.board.ply}` : ex.tokens ? `“${ex.tokens.tokens.map((t, i) => (i === ex.tokens!.at ? `[${t}]` : t)).join('')}”` : `row ${ex.row}`;
  return `${where} · f = ${formatNumber(ex.activation)}`;
}
