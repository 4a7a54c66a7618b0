import path from 'node:path';
import { z } from 'zod';
import { ReviewModelInfo } from '../../../shared/schemas/reviews';
import { readLlmSettings } from '../../llm';
import { DiscoverConfig } from '../../models/reviews/discover';
import { shippedTextEmbedder } from '../../models/reviews/embedding';
import { llmProposer } from '../../models/reviews/llm-proposals';
import { memoryPath } from '../../models/reviews/memory';
import { saveReviewModel } from '../../models/reviews/store';
import { rememberDiscovery, runDiscovery } from '../../models/reviews/run';
import { DEFAULT_MIN_VOTES, parseTarget } from '../../models/reviews/target';
import { studioHome } from '../../project/home';
import { ENTRY_ID_PATTERN, newEntryId } from '../../project/ids';
import { defineJobKind, type CommitContext } from '../kind';
import { commitModelFolder } from './commit-model';

const Params = z
  .object({
    name: z.string().min(1).optional(),
    id: z.string().regex(ENTRY_ID_PATTERN).optional(),
    /** the corpus (imported with its group column = product) */
    corpus: z.string().min(1),
    /** COL, log1p:COL or NUM/DEN (see models/reviews/target.ts) */
    target: z.string().min(1),
    /** a NUM/DEN target keeps rows with DEN ≥ this */
    minVotes: z.number().int().min(1).default(DEFAULT_MIN_VOTES),
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
    /** read only the first this many corpus rows */
    maxRows: z.number().int().positive().optional(),
    config: DiscoverConfig.default(DiscoverConfig.parse({})),
  })
  .strict();
type Params = z.output<typeof Params>;

const memoryFiles = (projectDir: string, p: Params) => [memoryPath(projectDir), ...(p.studioMemory ? [memoryPath(studioHome())] : [])];

/**
 * Discovers interpretable review-quality features (issue 17, after AutoQual) on a corpus and
 * measures them against the baselines; saves models/<id>/reviews.json and remembers the best
 * features for the next corpus.
 */
export const discoverReviewsKind = defineJobKind({
  kind: 'discover-reviews',
  doc: "Discover interpretable review-quality features on a corpus: candidates from the registry, data-driven templates, reflection and memory, beam search on the validation split, test-split metrics against length, bag-of-words, embedding and all-families baselines; saves models/<id>/.",
  params: Params,
  result: ReviewModelInfo,
  title: (p) => `Discover review-quality features: ${p.corpus}, ${p.config.rounds} reflection rounds`,
  async run(ctx) {
    const p = ctx.params;
    const name = p.name ?? `Review quality on ${p.corpus}`;
    const id = p.id ?? newEntryId(name);
    const settings = p.llm ? await readLlmSettings(studioHome()) : null;
    if (p.llm && !settings) ctx.log('no language-model endpoint is configured: discovery runs offline', 'warn');
    const info = await runDiscovery(
      {
        projectDir: ctx.projectDir,
        corpusId: p.corpus,
        target: parseTarget(p.target, p.minVotes),
        scene: p.scene,
        task: p.task ?? p.corpus,
        id,
        name,
        config: p.config,
        memoryFiles: memoryFiles(ctx.projectDir, p),
        embed: p.embedding ? shippedTextEmbedder(1) : null,
        maxRows: p.maxRows,
        studioMemory: p.studioMemory,
      },
      {
        log: (line) => ctx.log(line),
        progress: (fraction) => ctx.progress(Math.round(1000 * fraction), 1000, { unit: '‰' }),
        signal: ctx.signal,
        propose: settings ? llmProposer(settings, (l) => ctx.log(l)) : undefined,
      },
    );
    const d = info.models.discovered;
    ctx.log(`test Spearman ρ: discovered ${d?.spearman?.toFixed(3)} (selection split ${info.spearmanSelectionSplit?.toFixed(3)}), ${Object.entries(info.models).filter(([m]) => m !== 'discovered').map(([m, x]) => `${m} ${x.spearman?.toFixed(3)}`).join(', ')}`);
    await saveReviewModel(path.join(ctx.workDir, id), info);
    return info;
  },
  commit: commitReviews,
});

async function commitReviews({ project, workDir }: CommitContext, info: ReviewModelInfo): Promise<void> {
  await commitModelFolder(project, workDir, info);
  const files = [memoryPath(project.dir), ...(info.studioMemory ? [memoryPath(studioHome())] : [])];
  await rememberDiscovery(files, info);
}
