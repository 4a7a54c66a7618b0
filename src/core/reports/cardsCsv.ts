/**
 * The feature cards as CSV beside the report's run table: one row per card with its numbers at
 * full precision (the best property's P/R/F1, empty where the feature has none).
 */
import type { RunRecord } from '../../shared/charts/runTable';
import type { FeatureCard } from '../../shared/schemas/report';
import { writeFileAtomic } from '../io/atomic';
import { csvTable } from './csv';

export const CARD_COLUMNS = [
  'run',
  'runId',
  'feature',
  'rows',
  'firingRows',
  'frequency',
  'maxActivation',
  'meanActivation',
  'bestProperty',
  'precision',
  'recall',
  'f1',
  'topExampleActivation',
  'explanation',
  'explanationScore',
] as const;

export function cardRecord(card: FeatureCard): RunRecord {
  const best = card.properties[0];
  return {
    run: card.run,
    runId: card.runId,
    feature: card.feature,
    rows: card.histogram.rows,
    firingRows: card.histogram.counts.reduce((a, b) => a + b, 0),
    frequency: card.frequency,
    maxActivation: card.maxActivation,
    meanActivation: card.meanActivation,
    bestProperty: best?.label ?? null,
    precision: best?.precision ?? null,
    recall: best?.recall ?? null,
    f1: best?.f1 ?? null,
    topExampleActivation: card.examples[0]?.activation ?? null,
    explanation: card.explanation?.text ?? null,
    explanationScore: card.explanation?.score ?? null,
  };
}

export function cardsCsv(cards: readonly FeatureCard[]): string {
  return csvTable(CARD_COLUMNS, cards.map(cardRecord));
}

export async function writeCardsCsv(file: string, cards: readonly FeatureCard[]): Promise<void> {
  await writeFileAtomic(file, cardsCsv(cards));
}
