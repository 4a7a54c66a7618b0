import type { ReviewModelInfo, ReviewView } from '../../../shared/schemas/reviews';
import { StudioError } from '../../../shared/errors';
import { readCorpusRows } from '../../text/corpus/store';
import { analyse } from '../../text/nlp/analyse';
import { evaluate, parseExpr, type EvalContext } from './language';
import { promptContext } from './prompt';

/**
 * One review under a discovered model: each kept feature's raw value, its contribution
 * w·(x̃ − mean x̃) on the min-max-scaled value (so base + Σ contributions = prediction), and the
 * spans behind it.
 */
export function viewReview(info: ReviewModelInfo, row: { id: string; text: string; group: string; target: number | null }, ctx: EvalContext = {}): ReviewView {
  const doc = analyse(row.text);
  let base = info.intercept;
  const contributions = info.kept.map((k, i) => {
    const def = parseExpr(k.definition, `kept[${i}].definition`);
    const got = evaluate(doc, def, ctx);
    // a review the model never scored sits at the training mean: no contribution
    const value = Number.isFinite(got.value) ? got.value : k.scale.min + k.trainMean * (k.scale.max - k.scale.min);
    const evidence = got.evidence;
    const span = k.scale.max - k.scale.min;
    const scaled = span > 0 ? (value - k.scale.min) / span : 0;
    base += k.weight * k.trainMean;
    return { name: k.name, description: k.description, value, contribution: k.weight * (scaled - k.trainMean), evidence };
  });
  const predicted = base + contributions.reduce((s, c) => s + c.contribution, 0);
  return { ...row, predicted, base, contributions };
}

/** Finds a corpus row by id and views it; the target comes from the model's test list when there. */
export async function viewCorpusReview(projectDir: string, info: ReviewModelInfo, rowId: string): Promise<ReviewView> {
  const known = info.test.find((t) => t.id === rowId);
  for await (const row of readCorpusRows(projectDir, info.corpusId)) {
    if (row.id !== rowId) continue;
    const ctx = info.kept.some((k) => k.source === 'prompt') ? await promptContext(projectDir) : {};
    return viewReview(info, { id: row.id, text: row.text, group: known?.group ?? '', target: known?.target ?? null }, ctx);
  }
  throw new StudioError('not-found', `no review "${rowId}" in corpus "${info.corpusId}"`, 'rowId');
}
