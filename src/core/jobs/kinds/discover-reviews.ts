import path from 'node:path';
import { z } from 'zod';
import { ReviewModelInfo } from '../../../shared/schemas/reviews';
import { readLlmSettings } from '../../llm';
import { DiscoverConfig } from '../../models/reviews/discover';
import { shippedTextEmbedder } from '../../models/reviews/embedding';
import { llmProposer } from '../../models/reviews/llm-proposals';
import { memoryPath } from '../../models/reviews/memory';
import { DEFAULT_PROMPT_CRITERIA } from '../../models/reviews/prompt';
import { saveReviewModel } from '../../models/reviews/store';
import { rememberDiscovery, runDiscovery } from '../../models/reviews/run';
import { DEFAULT_MIN_VOTES, parseTarget } from '../../models/reviews/target';
import { studioHome } from '../../project/home';
import { ENTRY_ID_PATTERN, newEntryId } from '../../project/ids';
import { defineJobKind, type CommitContext } from '../kind';
import { commitModelFolder } from './commit-model';
import { commitCorpusFolder } from './import-corpus';
import { promises as fs } from 'node:fs';
import { importCorpus } from '../../text/corpus/import';
import { readCorpusMeta } from '../../text/corpus/store';
import { FINE_FOOD_SAMPLE } from '../../models/reviews/testing';

/**
 * The shipped sample's corpus id, target and reviews read (tiny: the first 2,500; small: all 5,003); explicit maxRows wins.
 * Train and validation read every review with a vote, test only those with ≥ 3 (docs/reviews.md: the same ratio, noisier, more of it to fit on).
 */
export const SAMPLE_CORPUS = 'fine-food';
const SAMPLE_TARGET = 'HelpfulnessNumerator/HelpfulnessDenominator';
const SAMPLE_SCENE = 'grocery and pet-food reviews on a retail site; quality = the share of shoppers who found the review helpful';
const SAMPLE_ROWS = { tiny: 2500, small: 5003 } as const;

function samplePlan(size: 'tiny' | 'small', maxRows: number | undefined) {
  return { corpus: SAMPLE_CORPUS, target: SAMPLE_TARGET, minVotes: 3, trainMinVotes: 1, scene: SAMPLE_SCENE, maxRows: maxRows ?? SAMPLE_ROWS[size] };
}

const exists = (file: string) => fs.access(file).then(() => true, () => false);

/** The folder whose corpora/ holds the sample: the project's if imported before, else the job's work folder after importing it there. */
async function ensureSample(projectDir: string, workDir: string, log: (l: string) => void, signal: AbortSignal): Promise<string> {
  if (await exists(path.join(projectDir, 'corpora', SAMPLE_CORPUS, 'corpus.json'))) return projectDir;
  log('importing the shipped Fine Food sample (CC0), split 60/20/20 by product');
  await importCorpus({
    source: FINE_FOOD_SAMPLE,
    id: SAMPLE_CORPUS,
    name: 'Amazon Fine Food reviews (first 5,003)',
    outDir: path.join(workDir, 'corpora', SAMPLE_CORPUS),
    options: { textColumn: 'Text', idColumn: 'Id', groupColumn: 'ProductId', splitFractions: { train: 0.6, dev: 0.2, test: 0.2 } },
    signal,
  });
  return workDir;
}

const Params = z
  .object({
    name: z.string().min(1).optional(),
    id: z.string().regex(ENTRY_ID_PATTERN).optional(),
    /** the corpus (imported with its group column = product); with `sample`, the shipped one */
    corpus: z.string().min(1).optional(),
    /** COL, log1p:COL or NUM/DEN (see models/reviews/target.ts); with `sample`, the helpfulness ratio */
    target: z.string().min(1).optional(),
    /** the shipped demo: the Fine Food sample (imported into the project if it is not there yet) at this size */
    sample: z.enum(['tiny', 'small']).optional(),
    /** a NUM/DEN target keeps rows with DEN ≥ this */
    minVotes: z.number().int().min(1).default(DEFAULT_MIN_VOTES),
    /** a NUM/DEN target on the train and validation splits keeps rows with DEN ≥ this (default minVotes; the shipped demo: 1); test always reads minVotes */
    trainMinVotes: z.number().int().min(1).optional(),
    /** the analyst's scene description: memory retrieval compares it with earlier tasks' */
    scene: z.string().min(1).max(2000).default('product reviews on a retail site; quality = how helpful shoppers found them'),
    /** the name this task is remembered under (default the corpus id) */
    task: z.string().min(1).max(200).optional(),
    /** read and write the studio-wide memory too (in the app's home folder), not only the project's */
    studioMemory: z.boolean().default(false),
    /** fit the text-model embedding baseline (the slowest baseline) */
    embedding: z.boolean().default(true),
    /** let the configured LLM endpoint propose hypotheses during reflection (never required) */
    llm: z.boolean().default(false),
    /** PROMPT features: the configured endpoint scores every review 1–10 on each criterion (cached in the project); off unless the analyst switches it on */
    prompt: z.boolean().default(false),
    promptCriteria: z.array(z.string().min(1).max(500)).min(1).max(5).optional(),
    /** read only the first this many corpus rows */
    maxRows: z.number().int().positive().optional(),
    config: DiscoverConfig.default(DiscoverConfig.parse({})),
  })
  .strict()
  .refine((p) => p.sample !== undefined || (p.corpus !== undefined && p.target !== undefined), { message: 'name a corpus and a target, or a shipped sample', path: ['corpus'] });
type Params = z.output<typeof Params>;

const memoryFiles = (projectDir: string, p: Params) => [memoryPath(projectDir), ...(p.studioMemory ? [memoryPath(studioHome())] : [])];

/**
 * Discovers interpretable review-quality features (issue 17, after AutoQual) on a corpus and
 * measures them against the baselines; saves models/<id>/reviews.json and remembers the best
 * features for the next corpus.
 */
export const discoverReviewsKind = defineJobKind({
  kind: 'discover-reviews',
  doc: "Discover interpretable review-quality features on a corpus: candidates from the registry, data-driven templates, reflection and memory, beam search scored out of fold over train + validation (or on the validation split), optional PROMPT features, test-split metrics against length, bag-of-words, embedding and all-families baselines; saves models/<id>/.",
  params: Params,
  result: ReviewModelInfo,
  title: (p, name) => `Discover review-quality features: ${p.corpus ? name(p.corpus) : `the Fine Food sample (${p.sample})`}`,
  async run(ctx) {
    const p = { ...ctx.params, ...(ctx.params.sample ? samplePlan(ctx.params.sample, ctx.params.maxRows) : {}) };
    const corpus = p.corpus ?? SAMPLE_CORPUS;
    const corpusRoot = p.sample ? await ensureSample(ctx.projectDir, ctx.workDir, (l) => ctx.log(l), ctx.signal) : ctx.projectDir;
    const name = p.name ?? `Review quality on ${corpus}`;
    const id = p.id ?? newEntryId(name);
    const settings = p.llm || p.prompt ? await readLlmSettings(studioHome()) : null;
    if ((p.llm || p.prompt) && !settings) ctx.log(`no language-model endpoint is configured: discovery runs offline${p.prompt ? ', without PROMPT features' : ''}`, 'warn');
    const info = await runDiscovery(
      {
        projectDir: corpusRoot,
        corpusId: corpus,
        target: { ...parseTarget(p.target ?? SAMPLE_TARGET, p.minVotes), trainMinVotes: p.trainMinVotes },
        scene: p.scene,
        task: p.task ?? corpus,
        id,
        name,
        config: p.config,
        memoryFiles: memoryFiles(ctx.projectDir, p),
        embed: p.embedding ? shippedTextEmbedder(1) : null,
        maxRows: p.maxRows,
        studioMemory: p.studioMemory,
        // the cache lives in the project itself (not the job's work folder), so a cancelled run keeps what it paid for
        prompt: p.prompt && settings ? { settings, criteria: p.promptCriteria ?? DEFAULT_PROMPT_CRITERIA, cacheDir: ctx.projectDir } : undefined,
      },
      {
        log: (line) => ctx.log(line),
        progress: (fraction) => ctx.progress(Math.round(1000 * fraction), 1000, { unit: '‰' }),
        signal: ctx.signal,
        propose: p.llm && settings ? llmProposer(settings, (l) => ctx.log(l)) : undefined,
      },
    );
    const d = info.models.discovered;
    ctx.log(`test Spearman ρ: discovered ${d?.spearman?.toFixed(3)} (selection split ${info.spearmanSelectionSplit?.toFixed(3)}), ${Object.entries(info.models).filter(([m]) => m !== 'discovered').map(([m, x]) => `${m} ${x.spearman?.toFixed(3)}`).join(', ')}`);
    await saveReviewModel(path.join(ctx.workDir, id), info);
    return info;
  },
  commit: commitReviews,
});

async function commitReviews(ctx: CommitContext, info: ReviewModelInfo): Promise<void> {
  const { project, workDir } = ctx;
  const imported = path.join(workDir, 'corpora', SAMPLE_CORPUS);
  if (!project.manifest.corpora.some((c) => c.id === SAMPLE_CORPUS) && (await exists(path.join(imported, 'corpus.json')))) {
    await commitCorpusFolder(project, path.join(workDir, 'corpora'), await readCorpusMeta(workDir, SAMPLE_CORPUS));
  }
  await commitModelFolder(project, workDir, info);
  const files = [memoryPath(project.dir), ...(info.studioMemory ? [memoryPath(studioHome())] : [])];
  await rememberDiscovery(files, info);
}
