import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { selectionSplitText } from '../../../shared/schemas/reviews';
import type { SplitName } from '../../../shared/schemas/corpus';
import { Rng } from '../../io/rng';
import { analyse, type Doc } from '../../text/nlp/analyse';
import { contrastCandidates, registryCandidates, sampleHighLow, worstRanked, type Candidate } from './candidates';
import { usesPrompt, type EvalContext, type FeatureDef } from './language';
import type { Retrieved } from './memory';
import { lexiconColumns } from './lexicon';
import { columnOf, narrow, pick, type Column, type Hypothesis, type SplitRows } from './pool';
import { beamSearch, crossValidationScorer, GramCache, predict, validationScorer } from './select';

/** Settings of a discovery (defaults: the reference's where it has one). */
export const DiscoverConfig = z
  .object({
    /** reflection rounds after the first selection (the reference ships 0; each round adds hypotheses from the worst-ranked validation reviews) */
    rounds: z.number().int().min(0).max(10).default(2),
    /** beam width and the most features a set may hold (AutoQual: 10 and 10) */
    beamWidth: z.number().int().min(1).max(50).default(10),
    maxFeatures: z.number().int().min(1).max(20).default(10),
    /** candidates entering the beam search: the strongest alone on train, near-duplicates removed */
    poolSize: z.number().int().min(5).max(400).default(60),
    /** new candidates a reflection round may add to the pool */
    perRound: z.number().int().min(1).max(100).default(15),
    /** a larger set must raise the selection ρ by at least this much: small splits reward chance otherwise */
    minGain: z.number().min(0).max(0.5).default(0.005),
    /**
     * how a set is scored: ρ on the validation split (issue 17's wording), or (the default) out-of-fold ρ over product-grouped
     * folds of train + validation — four times the reviews, so the search fits less of one split's chance (docs/reviews.md)
     */
    selection: z.enum(['validation', 'cv']).default('cv'),
    folds: z.number().int().min(2).max(10).default(5),
    /** reviews drawn from each of the top and bottom quarter of train for the template contrast (AutoQual's SAMPLE_COUNT = 20) */
    sample: z.number().int().min(5).max(1000).default(20),
    /** registry candidates: the summary features (default) or all of them, vocabularies included */
    registry: z.enum(['summary', 'all']).default('summary'),
    /** ridge penalty per review on the min-max-scaled weights, in scoring and the final fit (0: least squares, as the reference) */
    ridge: z.number().min(0).max(10).default(0),
    /** a signed lexicon mined from all training reviews, cross-fitted (lexicon.ts) */
    lexicon: z.boolean().default(true),
    /** after selection, fit the kept set's weights on train + validation (the test split stays untouched) */
    refit: z.boolean().default(true),
    seed: z.number().int().nonnegative().default(42),
  })
  .strict();
export type DiscoverConfig = z.output<typeof DiscoverConfig>;

/** One review with its quality target, product and split. */
export interface ReviewItem {
  id: string;
  text: string;
  target: number;
  group: string;
  split: SplitName;
}

/** A feature the final model keeps, with what the viewer and report need. */
export interface KeptFeature {
  name: string;
  description: string;
  definition: FeatureDef['value'];
  source: Hypothesis['source'];
  /** weight on the min-max-scaled feature */
  weight: number;
  rhoValid: number | null;
  rhoTrain: number | null;
  scale: { min: number; max: number };
  /** mean scaled value on train: contributions are w·(x̃ − this) */
  trainMean: number;
}

export interface RoundRecord {
  round: number;
  proposed: number;
  pool: number;
  validRho: number;
  kept: string[];
}

export interface Discovery {
  kept: KeptFeature[];
  intercept: number;
  hypotheses: Hypothesis[];
  rounds: RoundRecord[];
  /** the kept set's ρ where it was selected (validation, or out of fold over train + validation): the reference's figure (selected and reported on one split) */
  selectionRho: number;
  docs: Doc[];
  rows: SplitRows;
  target: Float64Array;
  /** predictions of the kept set on the validation and test rows */
  validPred: Float64Array;
  testPred: Float64Array;
  /** every registry feature's column (the all-families baseline reads them) */
  registryColumns: Column[];
}

export interface DiscoverHooks {
  log?: (line: string) => void;
  /** fraction done in [0, 1] with a stage name */
  progress?: (fraction: number, stage: string) => void;
  signal?: AbortSignal;
  /** tasks retrieved from memory: their features join the first round's candidates */
  memory?: readonly Retrieved[];
  /** PROMPT features (opt-in): their candidates and where their cached scores are read */
  prompt?: { candidates: Candidate[]; ctx: EvalContext };
  /** an optional proposer (the LLM back end): definitions it returns join a round's candidates */
  propose?: (context: ProposeContext) => Promise<Candidate[]>;
  /** analyses a review (default text/nlp's analyse): a cross-validation passes a cache, so each review is analysed once over all folds */
  analyse?: (text: string) => Doc;
}

export interface ProposeContext {
  round: number;
  kept: readonly Hypothesis[];
  under: readonly string[];
  over: readonly string[];
}

const at = (values: Float64Array, rows: readonly number[]) => Float64Array.from(rows, (r) => values[r]);

export function splitRows(items: readonly ReviewItem[]): SplitRows {
  const rows: SplitRows = { train: [], valid: [], test: [] };
  items.forEach((it, i) => (it.split === 'train' ? rows.train : it.split === 'dev' ? rows.valid : rows.test).push(i));
  for (const [name, r] of Object.entries(rows)) if (r.length < 5) throw new StudioError('bad-input', `the ${name} split holds ${r.length} reviews with a target; discovery needs at least 5 in each of train, validation (dev) and test`, 'split');
  return rows;
}

/**
 * AutoQual's loop without an LLM (issue 17, ALGORITHMS-DETAIL §8): propose candidates (registry
 * families, data-driven templates, a cross-fitted lexicon, memory, opt-in PROMPT scores), select
 * by beam search with sets scored out of fold over train + validation (or on the validation split),
 * then for `rounds` rounds reflect on the worst-ranked validation reviews, add what they share,
 * and select again. Every hypothesis stays in the working memory with its fate.
 */
export async function discover(items: readonly ReviewItem[], config: DiscoverConfig, hooks: DiscoverHooks = {}): Promise<Discovery> {
  const log = hooks.log ?? (() => {});
  const progress = hooks.progress ?? (() => {});
  const rows = splitRows(items);
  const target = Float64Array.from(items, (it) => it.target);
  log(`${items.length} reviews: ${rows.train.length} train, ${rows.valid.length} validation, ${rows.test.length} test (split by product)`);
  const docs: Doc[] = [];
  for (const it of items) {
    if (hooks.signal?.aborted) throw new StudioError('cancelled', 'discovery cancelled');
    docs.push((hooks.analyse ?? analyse)(it.text));
    if (docs.length % 50 === 0) progress((0.4 * docs.length) / items.length, 'analysing reviews');
  }
  const rng = new Rng(config.seed);
  const folds = groupFolds([...rows.train, ...rows.valid].map((r) => items[r].group), config.folds, config.seed);
  // reviews a contrast read to choose some feature's words: they never fit or score a set (on them a mined feature looks better than it is)
  const mined = new Set<number>();
  const hypotheses: Hypothesis[] = [];
  const seen = new Set<string>();
  const evaluateAll = (cands: readonly Candidate[], round: number): Column[] => {
    const cols: Column[] = [];
    for (const c of cands) {
      const key = JSON.stringify(c.def.value);
      if (seen.has(key)) continue;
      seen.add(key);
      const col = columnOf(c, round, docs, rows, target, mined, hooks.prompt?.ctx);
      hypotheses.push(col.hyp);
      cols.push(col);
    }
    return cols;
  };

  progress(0.4, 'evaluating registry features');
  // every registry feature is measured (the all-families baseline reads them); the configured set are candidates
  const registryColumns = registryCandidates('all').map((c) => columnOf(c, 0, docs, rows, target));
  const asCandidates = new Set(registryCandidates(config.registry).map((c) => c.def.name));
  const registryPool = registryColumns.filter((c) => asCandidates.has(c.hyp.name));
  for (const c of registryPool) {
    seen.add(JSON.stringify(c.hyp.definition));
    hypotheses.push(c.hyp);
  }
  const firstTemplates = templates(docs, items, target, rows, rng, 'r0', config.sample, mined);
  const memory = (hooks.memory ?? []).flatMap((r) => {
    // a remembered PROMPT feature needs its scores, which only an opted-in run asks for
    const skipped = hooks.prompt ? [] : r.features.filter((f) => usesPrompt(f.def.value));
    if (skipped.length) log(`memory: task "${r.entry.task}" has ${skipped.length} PROMPT features, left out (PROMPT features were not switched on)`);
    r = { ...r, features: r.features.filter((f) => !skipped.includes(f)) };
    log(`memory: task "${r.entry.task}" (scene similarity ${r.similarity.toFixed(2)}) brings ${r.features.length} features: ${r.features.map((f) => f.def.name).join(', ')}`);
    return r.features.map((f): Candidate => ({ def: f.def, source: 'memory', why: `best feature of task "${r.entry.task}" (ρ ${f.rho?.toFixed(3) ?? '—'}), scene similarity ${r.similarity.toFixed(2)}` }));
  });
  const promptCands = hooks.prompt?.candidates ?? [];
  const firstNew = evaluateAll([...firstTemplates, ...memory, ...promptCands], 0);
  const lexicon = config.lexicon ? bestLexicon(docs, target, items, rows, config, log) : [];
  for (const c of lexicon) hypotheses.push(c.hyp);
  log(`round 0: ${registryPool.length} registry features, ${firstTemplates.length} templates from a ${config.sample} + ${config.sample} high/low sample, ${lexicon.length ? '1 lexicon, ' : ''}${promptCands.length ? `${promptCands.length} PROMPT, ` : ''}${memory.length} from memory`);
  // memory priors always enter the first pool, so the second corpus starts from the first's best
  const memoryCols = firstNew.filter((c) => c.hyp.source === 'memory' && c.hyp.rhoTrain !== null);
  let pool = narrow([...registryPool, ...lexicon.slice(0, 1), ...firstNew.filter((c) => c.hyp.source !== 'memory')], config.poolSize, memoryCols);

  const rounds: RoundRecord[] = [];
  let best = select(pool, rows, folds, target, mined, config, 0, rounds, registryPool.length + firstNew.length, log);
  progress(0.6, 'selecting');
  for (let round = 1; round <= config.rounds; round++) {
    if (hooks.signal?.aborted) throw new StudioError('cancelled', 'discovery cancelled');
    const fit = new GramCache(best.map((c) => c.train), at(target, rows.train)).fit(best.map((_, i) => i));
    const validPred = predict(fit, best.map((c) => c.valid), best.map((_, i) => i), rows.valid.length);
    const { under, over } = worstRanked(validPred, at(target, rows.valid));
    for (const i of [...under, ...over]) mined.add(rows.valid[i]);
    const underDocs = under.map((i) => docs[rows.valid[i]]);
    const overDocs = over.map((i) => docs[rows.valid[i]]);
    log(`round ${round}: reflecting on ${under.length} under-ranked and ${over.length} over-ranked validation reviews`);
    const proposed = [...contrastCandidates(underDocs, overDocs, 'reflection', `reflect${round}`, 'under-ranked/over-ranked', { high: under.map((i) => items[rows.valid[i]].group), low: over.map((i) => items[rows.valid[i]].group) }), ...templates(docs, items, target, rows, rng, `r${round}`, config.sample, mined)];
    if (hooks.propose) {
      proposed.push(
        ...(await hooks.propose({ round, kept: best.map((c) => c.hyp), under: underDocs.map((d) => d.text), over: overDocs.map((d) => d.text) }).catch((err: Error) => {
          log(`the language model's proposals failed: ${err.message}`);
          return [];
        })),
      );
    }
    const fresh = evaluateAll(proposed, round);
    const added = narrow(fresh, config.perRound, pool).slice(pool.length);
    pool = [...pool, ...added];
    best = select(pool, rows, folds, target, mined, config, round, rounds, fresh.length, log);
    progress(0.6 + (0.25 * round) / config.rounds, `round ${round}`);
  }

  for (const c of best) {
    c.hyp.status = 'kept';
    c.hyp.reason = `in the best set (ρ ${rounds[rounds.length - 1].validRho.toFixed(3)} ${selectionSplitText(config)})`;
  }
  for (const h of hypotheses) {
    if (h.status === 'dropped' && h.reason === '') h.reason = 'in the pool, but the best set did better without it';
  }
  const set = best.map((_, i) => i);
  const use = unmined(rows, mined);
  const fitRows = config.refit ? [...use.trainRows, ...use.validRows] : use.trainRows;
  const fitCols = best.map((c) => (config.refit ? concat(pick(c.train, use.train), pick(c.valid, use.valid)) : pick(c.train, use.train)));
  const fit = new GramCache(fitCols, at(target, fitRows)).fit(set, config.ridge);
  const validPred = predict(fit, best.map((c) => c.valid), set, rows.valid.length);
  const testPred = predict(fit, best.map((c) => c.test), set, rows.test.length);
  const kept: KeptFeature[] = best.map((c, i) => ({
    name: c.hyp.name,
    description: c.hyp.description,
    definition: c.hyp.definition,
    source: c.hyp.source,
    weight: fit.weights[i],
    rhoValid: c.hyp.rhoValid,
    rhoTrain: c.hyp.rhoTrain,
    scale: c.scale,
    trainMean: fitCols[i].reduce((s, x) => s + x, 0) / Math.max(1, fitCols[i].length),
  }));
  return { kept, intercept: fit.intercept, hypotheses, rounds, selectionRho: rounds[rounds.length - 1].validRho, docs, rows, target, validPred, testPred, registryColumns };
}

/** Fold of each row, whole groups (products) per fold, groups dealt in a seeded order. */
export function groupFolds(groups: readonly string[], k: number, seed: number): Int32Array {
  const keys = [...new Set(groups)].sort();
  const rng = new Rng(seed + 1);
  for (let i = keys.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [keys[i], keys[j]] = [keys[j], keys[i]];
  }
  const size = new Map<string, number>();
  for (const g of groups) size.set(g, (size.get(g) ?? 0) + 1);
  const load = new Array<number>(k).fill(0);
  const foldOf = new Map<string, number>();
  // largest groups first into the lightest fold keeps the folds even
  for (const key of keys.sort((a, b) => size.get(b)! - size.get(a)!)) {
    const f = load.indexOf(Math.min(...load));
    foldOf.set(key, f);
    load[f] += size.get(key)!;
  }
  return Int32Array.from(groups, (g) => foldOf.get(g)!);
}

/** The cross-fitted lexicons of each size, the best by out-of-fold ρ on train first; the others are dropped with that reason. */
function bestLexicon(docs: readonly Doc[], target: Float64Array, items: readonly ReviewItem[], rows: SplitRows, config: DiscoverConfig, log: (l: string) => void): Column[] {
  const trainFolds = groupFolds(rows.train.map((r) => items[r].group), config.folds, config.seed);
  const cols = lexiconColumns(docs, target, items.map((it) => it.group), rows, trainFolds, 0).sort((a, b) => (b.hyp.rhoTrain ?? -Infinity) - (a.hyp.rhoTrain ?? -Infinity));
  for (const c of cols.slice(1)) c.hyp.reason = `a lexicon of another size did better out of fold on train (ρ ${cols[0].hyp.rhoTrain?.toFixed(3)} against ${c.hyp.rhoTrain?.toFixed(3)})`;
  log(`lexicon: out-of-fold ρ on train ${cols.map((c) => `${c.hyp.name} ${c.hyp.rhoTrain?.toFixed(3)}`).join(', ')}; ${cols[0].hyp.description}`);
  return cols;
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Positions in train and validation (and their review rows) of the reviews no contrast has read. */
function unmined(rows: SplitRows, mined: ReadonlySet<number>) {
  const keep = (split: number[]) => split.flatMap((r, i) => (mined.has(r) ? [] : [i]));
  const train = keep(rows.train);
  const valid = keep(rows.valid);
  return { train, valid, trainRows: train.map((i) => rows.train[i]), validRows: valid.map((i) => rows.valid[i]) };
}

function templates(docs: readonly Doc[], items: readonly ReviewItem[], target: Float64Array, rows: SplitRows, rng: Rng, tag: string, count: number, mined: Set<number>): Candidate[] {
  // drawn from the reviews no earlier contrast has read, so each round's sample is fresh
  const { high, low } = sampleHighLow(target, rows.train.filter((r) => !mined.has(r)), rng, count);
  for (const r of [...high, ...low]) mined.add(r);
  return contrastCandidates(high.map((i) => docs[i]), low.map((i) => docs[i]), 'template', tag, 'high/low', { high: high.map((i) => items[i].group), low: low.map((i) => items[i].group) });
}

function select(pool: Column[], rows: SplitRows, folds: Int32Array, target: Float64Array, mined: ReadonlySet<number>, config: DiscoverConfig, round: number, rounds: RoundRecord[], proposed: number, log: (l: string) => void): Column[] {
  const use = unmined(rows, mined);
  const both = [...use.train, ...use.valid.map((i) => i + rows.train.length)];
  const score =
    config.selection === 'validation'
      ? validationScorer(pool.map((c) => pick(c.train, use.train)), at(target, use.trainRows), pool.map((c) => pick(c.valid, use.valid)), at(target, use.validRows), config.ridge)
      : crossValidationScorer(pool.map((c) => pick(concat(c.train, c.valid), both)), at(target, [...use.trainRows, ...use.validRows]), pick(folds, both), config.ridge);
  const result = beamSearch(pool.length, score, { width: config.beamWidth, maxFeatures: config.maxFeatures, minGain: config.minGain });
  const best = result.set.map((i) => pool[i]);
  const before = rounds.length ? rounds[rounds.length - 1].validRho : null;
  rounds.push({ round, proposed, pool: pool.length, validRho: result.score, kept: best.map((c) => c.hyp.name) });
  log(`round ${round}: beam search over ${pool.length} candidates → ${best.length} features, ρ ${selectionSplitText(config)} ${before === null ? '' : `${before.toFixed(3)} → `}${result.score.toFixed(3)}: ${best.map((c) => c.hyp.name).join(', ')}`);
  return best;
}
