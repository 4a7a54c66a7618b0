import { StudioError } from '../../../shared/errors';
import { poolForDisplay } from '../../../shared/charts/layoutHeatmap';
import { gatedForward, type GatedModel } from './gated';
import { context, describe, featureName, overlay, overlayUpper, parseFeature } from './language';
import type { Layout } from './layouts';
import { pooledMaps } from './evaluate';
import { featureMatrix } from './workspace';

/**
 * The design suggestion deck (ALGORITHMS-DETAIL §10; its form is the studio's, the paper's code
 * has none): for one layout, the model's features ranked by |g_k·a_k|, each with its definition,
 * value, percentile among the training layouts, overlay, and the change in R (higher = less
 * congested) if the feature alone moved to the training median.
 */
export interface DeckCard {
  rank: number;
  definition: string;
  name: string;
  description: string;
  value: number;
  /** share of training layouts with a smaller value (0–100) */
  percentile: number;
  median: number;
  gate: number;
  /** a_k: the feature's standardised value oriented so larger = less congested */
  a: number;
  /** g_k·a_k: > 0 pushes the layout towards "less congested" */
  contribution: number;
  /** R(feature at median) − R */
  deltaR: number;
  suggestion: string;
  /** where the feature measures, pooled to ≤ 64 per side, row-major */
  overlay: { h: number; w: number; values: number[] } | null;
  /** the quantile the overlay is coloured up to: RUDY_UPPER when it is made from a RUDY map */
  overlayUpper: number;
}

export interface Deck {
  layout: string;
  design: string;
  label: number;
  /** the model's preference score R (higher = less congested) and the congestion score −R */
  r: number;
  congestionScore: number;
  /** the layout's RUDY and macro maps pooled for display */
  rudy: { h: number; w: number; values: number[] };
  macro: { h: number; w: number; values: number[] } | null;
  cards: DeckCard[];
}

const fmt = (v: number) => (Math.abs(v) >= 100 || Math.abs(v) < 0.01 ? v.toExponential(2) : v.toPrecision(3));

export function buildDeck(model: GatedModel, layouts: readonly Layout[], layoutId: string, maxCards = 10): Deck {
  const target = layouts.find((l) => l.id === layoutId);
  if (!target) throw new StudioError('not-found', `no layout '${layoutId}' in this project (known: ${layouts.slice(0, 5).map((l) => l.id).join(', ')}${layouts.length > 5 ? ', …' : ''})`, layoutId);
  const K = model.features.length;
  const training = layouts.filter((l) => model.trainedOn.includes(l.design));
  const xTrain = featureMatrix(training, model.features);
  const [row] = [featureMatrix([target], model.features)];
  const pooled = model.embedding === 'pooled-maps' ? pooledMaps(target) : undefined;
  const base = gatedForward(model, row, pooled);
  const ctx = context(target.maps);
  const cards = model.features.map((definition, k) => {
    const column = Array.from({ length: training.length }, (_, i) => xTrain[i * K + k]).sort((a, b) => a - b);
    const median = column.length ? (column[Math.floor((column.length - 1) / 2)] + column[Math.ceil((column.length - 1) / 2)]) / 2 : row[k];
    const below = column.filter((v) => v < row[k]).length;
    const moved = Float64Array.from(row);
    moved[k] = median;
    const deltaR = gatedForward(model, moved, pooled).r - base.r;
    const node = parseFeature(definition);
    const ov = overlay(node, ctx);
    const contribution = base.g[k] * base.a[k];
    const direction = row[k] > median ? 'lower' : 'higher';
    const suggestion =
      Math.abs(deltaR) < 1e-6
        ? 'At the training median already, or the model does not use it here.'
        : deltaR > 0
          ? `Bring it ${direction}, towards the training median (${fmt(median)}): the model scores the layout less congested (ΔR = +${fmt(deltaR)}).`
          : `Moving it to the training median (${fmt(median)}) would make the layout score MORE congested (ΔR = ${fmt(deltaR)}): it is on the good side; keep it.`;
    return { rank: 0, definition, name: featureName(node), description: describe(node), value: row[k], percentile: training.length ? (100 * below) / training.length : NaN, median, gate: base.g[k], a: base.a[k], contribution, deltaR, suggestion, overlay: ov ? poolForDisplay({ h: ov.h, w: ov.w, values: ov.data }) : null, overlayUpper: overlayUpper(node) };
  });
  cards.sort((p, q) => Math.abs(q.contribution) - Math.abs(p.contribution));
  cards.forEach((c, i) => (c.rank = i + 1));
  const rudy = target.maps.RUDY;
  const macro = target.maps.macro_region;
  return {
    layout: target.id,
    design: target.design,
    label: target.label,
    r: base.r,
    congestionScore: -base.r,
    rudy: poolForDisplay({ h: rudy.h, w: rudy.w, values: rudy.data }),
    macro: macro ? poolForDisplay({ h: macro.h, w: macro.w, values: macro.data }) : null,
    cards: cards.slice(0, maxCards),
  };
}
