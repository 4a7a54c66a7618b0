import { StudioError } from '../../shared/errors';
import { type SparseActivations, aggregateFamilies, evaluateBoardFeatures, OTHELLO_HEADLINE, splitPositionsByGame } from '../evals/board';
import type { BspFamily } from '../games/family';
import type { Sae } from '../sae/checkpoint/sae';
import { type BoardContext, boardAt, propertyLabel, propertySquare } from './board';
import type { TokenTable } from '../data/tokens';
import type { TokenContext } from '../../shared/schemas/features';
import { encodeSparse } from './codes';
import { nearestByDecoder } from './nearest';
import { bestProperties, type PropertyScore } from './properties';
import { featureStats, firingsOf, valueHistogram, type FeatureStats } from './stats';
import { explorableRows, tokenContext } from './tokens';

/** Board-state labels aligned with the explored rows (an Othello extraction's labels). */
export interface ExplorerLabels {
  game: Uint32Array;
  ply: Uint8Array;
  families: BspFamily[];
}

export interface ExplorerInput {
  sae: Sae;
  /** rows × sae.dIn activations, in the SAE's input space before whitening */
  x: Float32Array;
  rows: number;
  labels?: ExplorerLabels;
}

/** What the explorer computes once (in the feature-stats job) and reads back from its cache. */
export interface ExplorerComputed {
  codes: SparseActivations;
  properties: PropertyScore[][];
}

/** Everything a built explorer holds: the computed part plus what feature pages read. */
export interface ExplorerParts extends ExplorerComputed {
  rows: number;
  /** W_dec [dSae, dIn] (SAELens layout), for nearest features */
  wDec: Float32Array;
  dIn: number;
  labels?: ExplorerLabels;
  tokens?: TokenTable;
}

/** Called as the build goes: `done` of `total` steps (rows encoded, then features scored per family). */
export type BuildProgress = (done: number, total: number) => void;

/** A property score with the words and square the feature page shows. */
export interface LabelledProperty extends PropertyScore {
  label: string;
  square: number | null;
}

export interface FeatureExample {
  row: number;
  activation: number;
  board: BoardContext | null;
  tokens: TokenContext | null;
}

export interface FeatureDetail {
  feature: number;
  frequency: number;
  maxActivation: number;
  meanActivation: number;
  histogram: { edges: number[]; counts: number[]; rows: number };
  examples: FeatureExample[];
  properties: LabelledProperty[];
  nearest: { feature: number; cosine: number }[];
}

const HISTOGRAM_BINS = 30;

/** The run's board benchmark scores on the explored rows (Karvonen et al. 2024, §1.4–1.5). */
export interface BoardScores {
  family: string;
  coverage: number;
  coveragePositive: number;
  boardReconstruction: number;
  trainPositions: number;
  testPositions: number;
}

/** Share of the explored games whose positions label features; the rest measure reconstruction. */
const TRAIN_GAME_SHARE = 0.8;

/**
 * Everything the feature explorer shows about one SAE on a set of rows: the codes are encoded
 * once (sparse) and board-property scores computed once (`build`, in the feature-stats job;
 * `fromParts` reads them back), per-feature statistics from the codes, and a feature's page
 * (histogram, top examples with their boards or tokens, nearest features) on demand.
 */
export class FeatureExplorer {
  readonly stats: FeatureStats;
  private tokenRows: Int32Array[] | null = null;

  private constructor(private readonly parts: ExplorerParts) {
    this.stats = featureStats(parts.codes);
  }

  /** Encodes the rows and scores every feature against the board labels (the slow part). */
  static async build(input: ExplorerInput, onProgress: BuildProgress = () => undefined): Promise<FeatureExplorer> {
    const { sae, x, rows, labels } = input;
    if (x.length !== rows * sae.dIn) throw new StudioError('shape', `${x.length} values are not ${rows} rows of ${sae.dIn}`, 'x');
    if (labels && labels.game.length < rows) throw new StudioError('shape', `labels cover ${labels.game.length} rows, fewer than the ${rows} explored`, 'labels');
    const families = labels?.families.map((f) => ({ ...f, data: f.data.subarray(0, rows * f.rows * f.cols * f.classes) })) ?? [];
    const total = rows + families.length * sae.dSae;
    const codes = await encodeSparse(sae, x, rows, (done) => onProgress(done, total));
    const all = Uint32Array.from({ length: rows }, (_, i) => i);
    const properties = bestProperties(codes, families, all, undefined, (done) => onProgress(rows + done, total));
    return new FeatureExplorer({ codes, properties, rows, wDec: sae.W_dec, dIn: sae.dIn, labels });
  }

  /** An explorer over codes and scores computed before (the run's cache). */
  static fromParts(parts: ExplorerParts): FeatureExplorer {
    const { codes, properties, rows, labels, tokens } = parts;
    if (codes.rowStart.length !== rows + 1) throw new StudioError('shape', `the codes hold ${codes.rowStart.length - 1} rows, not ${rows}`, 'codes');
    if (properties.length !== codes.features) throw new StudioError('shape', `${properties.length} property lists for ${codes.features} features`, 'properties');
    if (labels && labels.game.length < rows) throw new StudioError('shape', `labels cover ${labels.game.length} rows, fewer than the ${rows} explored`, 'labels');
    if (tokens && tokens.seq.length < rows) throw new StudioError('shape', `tokens cover ${tokens.seq.length} rows, fewer than the ${rows} explored`, 'tokens');
    return new FeatureExplorer(parts);
  }

  get codes(): SparseActivations {
    return this.parts.codes;
  }

  get properties(): PropertyScore[][] {
    return this.parts.properties;
  }

  get features(): number {
    return this.codes.features;
  }

  get rows(): number {
    return this.parts.rows;
  }

  /** The best property's F1 per feature (0 when none), for sorting the list. */
  bestF1(): Float64Array {
    return Float64Array.from(this.properties, (p) => p[0]?.f1 ?? 0);
  }

  bestLabel(feature: number): string | null {
    const p = this.properties[feature][0];
    return p ? this.label(p).label : null;
  }

  feature(feature: number, opts: { examples?: number; nearest?: number } = {}): FeatureDetail {
    const { wDec, dIn } = this.parts;
    if (!Number.isInteger(feature) || feature < 0 || feature >= this.features) throw new StudioError('bad-input', `feature ${feature} is outside 0..${this.features - 1}`, 'feature');
    const firing = firingsOf(this.codes, feature);
    const top = Math.min(opts.examples ?? 8, firing.rows.length);
    return {
      feature,
      frequency: this.stats.frequency[feature],
      maxActivation: this.stats.maxActivation[feature],
      meanActivation: this.stats.meanActivation[feature],
      histogram: { ...valueHistogram(firing.values, HISTOGRAM_BINS), rows: this.rows },
      examples: Array.from({ length: top }, (_, i) => this.example(feature, firing.rows[i], firing.values[i])),
      properties: this.properties[feature].map((p) => this.label(p)),
      nearest: nearestByDecoder(wDec, this.features, dIn, feature, opts.nearest ?? 8),
    };
  }

  /** The rows where the feature fires and its values there, strongest first. */
  firings(feature: number): { rows: Uint32Array; values: Float32Array } {
    return firingsOf(this.codes, feature);
  }

  /** One firing with its board or tokens around it. */
  example(feature: number, row: number, activation: number): FeatureExample {
    const { labels, tokens } = this.parts;
    return {
      row,
      activation,
      board: labels ? boardAt(labels, row) : null,
      tokens: tokens ? tokenContext(tokens, this.rowsOfTokens(tokens), this.codes, feature, row) : null,
    };
  }

  /**
   * Coverage and board reconstruction of the headline family (the first family when the rows
   * do not carry it), with the explored games split by game into labelling and test positions.
   * Null without board labels or with fewer than two games.
   */
  boardScores(): BoardScores | null {
    const labels = this.parts.labels;
    if (!labels || labels.families.length === 0) return null;
    const games = labels.game.subarray(0, this.rows);
    const distinct = [...new Set(games)].sort((a, b) => a - b);
    if (distinct.length < 2) return null;
    const cut = distinct[Math.max(1, Math.floor(distinct.length * TRAIN_GAME_SHARE))];
    const { train, test } = splitPositionsByGame(games.map((g) => (g < cut ? 0 : 1)), 1);
    const family = labels.families.find((f) => f.name === OTHELLO_HEADLINE) ?? labels.families[0];
    const fam = { ...family, data: family.data.subarray(0, this.rows * family.rows * family.cols * family.classes) };
    const result = evaluateBoardFeatures({ acts: this.codes, families: [fam], train, test });
    const agg = aggregateFamilies(result, [fam.name]);
    return { family: fam.name, coverage: agg.coverage, coveragePositive: agg.coveragePositive, boardReconstruction: agg.reconstruction, trainPositions: train.length, testPositions: test.length };
  }

  private label(p: PropertyScore): LabelledProperty {
    const fam = this.parts.labels?.families.find((f) => f.name === p.family);
    if (!fam) throw new StudioError('bad-file', `the explored dataset has no board family "${p.family}" (its labels changed since the statistics were computed)`, 'labels');
    return { ...p, label: propertyLabel(fam, p.cell), square: propertySquare(fam, p.cell) };
  }

  private rowsOfTokens(tokens: TokenTable): Int32Array[] {
    this.tokenRows ??= explorableRows(tokens, this.rows);
    return this.tokenRows;
  }
}
