import path from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { AuthorshipConfig, AuthorshipModelInfo } from '../../../shared/schemas/authorship';
import { ENTRY_ID_PATTERN, newEntryId } from '../../project/ids';
import { federalistCaseStudy, readFederalist } from '../../models/authorship/federalist';
import { readAuthoredTexts, readPanPairs, type LabelledPair } from '../../models/authorship/inputs';
import { C50_SAMPLE_FILE, DEMO_PLANS, FEDERALIST_SAMPLE_FILE } from '../../models/authorship/samples';
import { samplePairs, type AuthoredText, type PairSets, type PairSplit } from '../../models/authorship/pairs';
import { saveAuthorshipModel } from '../../models/authorship/store';
import { trainAuthorship } from '../../models/authorship/train';
import { readCorpusMeta, readCorpusRows } from '../../text/corpus/store';
import { Rng } from '../../io/rng';
import { defineJobKind, type JobContext } from '../kind';
import { commitModelFolder } from './commit-model';

const Params = z
  .object({
    name: z.string().min(1).optional(),
    id: z.string().regex(ENTRY_ID_PATTERN).optional(),
    /** a corpus of the project whose rows carry an author column */
    corpus: z.string().min(1).optional(),
    /** the corpus field holding the author (default: the corpus's group column) */
    authorColumn: z.string().min(1).optional(),
    /** JSONL of texts with author ids */
    texts: z.string().min(1).optional(),
    /** PAN layout: pairs file and truth file (explicit pairs instead of sampled ones) */
    pairs: z.string().min(1).optional(),
    truth: z.string().min(1).optional(),
    /** keep at most this many texts per author (in file order) */
    maxPerAuthor: z.number().int().min(2).optional(),
    /** the Federalist papers (JSONL {paper, author, disputed, text}): run the case study on the trained model */
    federalist: z.string().min(1).optional(),
    /** the shipped demo: the C50 sample (open set) and the Federalist case study at this size; other inputs and pair counts are then set by the plan */
    sample: z.enum(['tiny', 'small']).optional(),
    config: AuthorshipConfig.default(AuthorshipConfig.parse({})),
  })
  .strict()
  .transform((p) => {
    if (!p.sample) return p;
    const plan = DEMO_PLANS[p.sample];
    return {
      ...p,
      texts: C50_SAMPLE_FILE,
      corpus: undefined,
      pairs: undefined,
      truth: undefined,
      maxPerAuthor: plan.perAuthor,
      federalist: FEDERALIST_SAMPLE_FILE,
      config: { ...p.config, protocol: 'open' as const, trainPairs: plan.trainPairs, devPairs: plan.devPairs, testPairs: plan.testPairs },
    };
  });
type Params = z.output<typeof Params>;

const STAGES = ['vectorise', 'residual', 'neuralOnly', 'score', 'federalist'] as const;
type Stage = (typeof STAGES)[number];
const STAGE_TITLES: Record<Stage, string> = {
  vectorise: 'analysing texts (Gram2Vec vectors and character profiles)',
  residual: 'training the residual r = y − s_I',
  neuralOnly: 'training the neural-only baseline',
  score: 'scoring test pairs',
  federalist: 'Federalist case study',
};
const WEIGHTS: Record<Stage, number> = { vectorise: 50, residual: 20, neuralOnly: 20, score: 2, federalist: 15 };

async function textsOf(ctx: JobContext<Params>): Promise<{ texts: AuthoredText[]; source: string }> {
  const p = ctx.params;
  if (p.corpus) {
    const meta = await readCorpusMeta(ctx.projectDir, p.corpus);
    const column = p.authorColumn ?? meta.groupColumn;
    if (!column) throw new StudioError('bad-input', `corpus "${p.corpus}" has no group column: name the author column`, 'authorColumn');
    const texts: AuthoredText[] = [];
    for await (const row of readCorpusRows(ctx.projectDir, p.corpus, { signal: ctx.signal })) {
      const author = row.fields[column];
      if (author === null || author === undefined || author === '') throw new StudioError('bad-input', `row "${row.id}" has no ${column}`, `corpus ${p.corpus}, row ${row.id}, field ${column}`);
      texts.push({ id: row.id, author: String(author), text: row.text });
    }
    return { texts, source: `corpus ${meta.name}` };
  }
  if (p.texts) return { texts: await readAuthoredTexts(p.texts), source: path.basename(p.texts) };
  return { texts: [], source: '' };
}

function capPerAuthor(texts: AuthoredText[], max: number | undefined): AuthoredText[] {
  if (max === undefined) return texts;
  const seen = new Map<string, number>();
  return texts.filter((t) => (seen.set(t.author, (seen.get(t.author) ?? 0) + 1).get(t.author) ?? 0) <= max);
}

/** Explicit pairs cut 60/20/20 by a seeded shuffle (the pairs file fixes which texts meet). */
function splitExplicit(pairs: LabelledPair[], seed: number): Record<PairSplit, LabelledPair[]> {
  const order = [...pairs];
  const rng = new Rng(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const nTrain = Math.round(0.6 * order.length);
  const nDev = Math.round(0.2 * order.length);
  return { train: order.slice(0, nTrain), dev: order.slice(nTrain, nTrain + nDev), test: order.slice(nTrain + nDev) };
}

/**
 * Trains residualized similarity (ALGORITHMS-DETAIL §9) with its interpretable and neural-only
 * baselines, from a corpus, a texts file or PAN pairs, and optionally runs the Federalist case
 * study; saves models/<id>/.
 */
export const trainAuthorshipKind = defineJobKind({
  kind: 'train-authorship',
  doc: 'Train an authorship verifier by residualized similarity: a Gram2Vec cosine, a neural residual on the engine, the neural-only baseline, PAN metrics and faithfulness on test pairs; saves models/<id>/.',
  params: Params,
  result: AuthorshipModelInfo,
  pathParams: ['texts', 'pairs', 'truth', 'federalist'],
  title: (p) => `Train authorship verifier (${p.config.protocol} set)`,
  async run(ctx) {
    const p = ctx.params;
    if ((p.pairs === undefined) !== (p.truth === undefined)) throw new StudioError('bad-input', 'PAN pairs need both the pairs file and the truth file', p.pairs ? 'truth' : 'pairs');
    if (!p.corpus && !p.texts && !p.pairs) throw new StudioError('bad-input', 'name a corpus, a texts file, or PAN pairs and truth', 'corpus');
    const progress = progressOf(ctx, p.federalist !== undefined);
    const { texts: read, source } = await textsOf(ctx);
    let texts = capPerAuthor(read, p.maxPerAuthor);
    let sets: PairSets | Record<PairSplit, LabelledPair[]>;
    if (p.pairs) {
      const pan = await readPanPairs(p.pairs, p.truth!, texts);
      texts = pan.texts;
      sets = splitExplicit(pan.pairs, p.config.seed);
    } else {
      sets = samplePairs(texts, { seed: p.config.seed, protocol: p.config.protocol, pairs: { train: p.config.trainPairs, dev: p.config.devPairs, test: p.config.testPairs } });
    }
    ctx.log(`${texts.length} texts by ${new Set(texts.map((t) => t.author)).size} authors; ${sets.train.length}/${sets.dev.length}/${sets.test.length} train/dev/test pairs (${p.config.protocol} set)`);
    const t = await trainAuthorship(texts, sets, p.config, { signal: ctx.signal, onStage: progress });
    const name = p.name ?? `Authorship verifier on ${source || path.basename(p.pairs!)}`;
    const id = p.id ?? newEntryId(name);
    const info: AuthorshipModelInfo = { kind: 'authorship', id, name, createdAt: new Date().toISOString(), source: source || path.basename(p.pairs!), ...t.info, federalist: null };
    for (const [m, r] of Object.entries(info.models)) ctx.log(`${m}: AUC ${r.auc.toFixed(3)}, PAN mean ${r.panMean.toFixed(3)}, accuracy ${(100 * r.accuracy).toFixed(1)}%`);
    ctx.log(`faithfulness: mean IC ${info.faithfulness.meanIC.toFixed(3)}, ${(100 * info.faithfulness.flipShare).toFixed(1)}% of decisions flipped by the residual`);
    if (p.federalist) {
      const papers = await readFederalist(p.federalist);
      info.federalist = await federalistCaseStudy({ info, charStats: t.charStats, residual: t.residual }, papers, (d) => progress('federalist', d));
      for (const row of info.federalist) ctx.log(`Federalist No. ${row.paper}: Hamilton ${row.hamilton.toFixed(3)}, Madison ${row.madison.toFixed(3)} → ${row.verdict}`);
    }
    await saveAuthorshipModel(path.join(ctx.workDir, id), info, t);
    return info;
  },
  async commit({ project, workDir }, result) {
    await commitModelFolder(project, workDir, result);
  },
});

function progressOf(ctx: JobContext<Params>, federalist: boolean) {
  const stages = STAGES.filter((s) => federalist || s !== 'federalist');
  const total = stages.reduce((s, st) => s + WEIGHTS[st], 0);
  let current = '';
  return (stage: Stage, done: number, metrics?: Record<string, number>) => {
    const i = stages.indexOf(stage);
    if (i < 0) return;
    if (stage !== current) {
      current = stage;
      ctx.log(STAGE_TITLES[stage]);
    }
    const before = stages.slice(0, i).reduce((s, st) => s + WEIGHTS[st], 0);
    ctx.progress(Math.round(10 * (before + done * WEIGHTS[stage])), 10 * total, { unit: 'work', metrics });
  };
}
