import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { type ConceptResult, conceptSummary } from '../../shared/schemas/concepts';
import { str, type CliCommand } from '../command';
import { followJob } from '../run-job';
import type { Studio } from '../../core/studio';
import { inProject, projectOption } from '../project';

function numberOption(v: unknown, name: string): number | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isFinite(n)) throw new StudioError('bad-input', `--${name} must be a number, got "${s}"`, `--${name}`);
  return n;
}

/** `feature-studio concepts`: a run's features matched to a concept set, with UMAP and Ball Mapper (issue 21). */
export const conceptsCommand: CliCommand = {
  summary: "Match a run's features to a concept set (board properties or words) and lay them out by UMAP and Ball Mapper",
  usage:
    'feature-studio concepts --project DIR --run ID (--set ID | --wordnet noun.food,noun.animal | --words FILE.csv) [--threshold 0.5] [--epsilon E] [--dataset ID] [--json]   (built-in sets: othello-board, chess-board; --wordnet and --words save a new set first)',
  options: {
    project: { type: 'string', short: 'p' }, run: { type: 'string' }, set: { type: 'string' }, wordnet: { type: 'string' }, words: { type: 'string' },
    threshold: { type: 'string' }, epsilon: { type: 'string' }, dataset: { type: 'string' },
  },
  async run({ values, json }) {
    const runId = str(values.run);
    const given = (['set', 'wordnet', 'words'] as const).filter((k) => str(values[k]) !== undefined);
    const projectDir = projectOption(values);
    if (!runId) throw new StudioError('bad-input', '--run ID is required', '--run');
    if (given.length !== 1) throw new StudioError('bad-input', 'give one of --set ID (built in: othello-board, chess-board), --wordnet CATEGORIES or --words FILE.csv', '--set');
    return inProject(projectDir, async (studio, project) => {
      const setId = await chosenSet(studio, project.dir, runId, values);
      const { jobId } = await studio.startConcepts({
        projectDir: project.dir, runId, setId, datasetId: str(values.dataset), threshold: numberOption(values.threshold, 'threshold'), epsilon: numberOption(values.epsilon, 'epsilon'),
      });
      await followJob(studio, jobId, json);
      const result = await studio.getConcepts({ projectDir: project.dir, runId, setId });
      if (!result) throw new StudioError('runtime', 'the concepts job ended without a result', jobId);
      return { result: conceptSummary(result), text: describeConcepts(result) };
    });
  },
};

/** The set named by --set, or a new one saved from --wordnet (words of the run's dataset only) or --words. */
async function chosenSet(studio: Studio, projectDir: string, runId: string, values: Record<string, unknown>): Promise<string> {
  const set = str(values.set);
  if (set) return set;
  const wordnet = str(values.wordnet);
  if (wordnet) {
    const categories = wordnet.split(',').map((c) => c.trim()).filter(Boolean);
    const datasetId = str(values.dataset) ?? (await studio.getRun({ projectDir, runId })).datasetId ?? undefined;
    const created = await studio.createConceptSet({ projectDir, name: `WordNet ${categories.join(', ')}`, source: { kind: 'wordnet', categories: categories as never, datasetId } });
    return created.id;
  }
  const file = str(values.words)!;
  return (await studio.createConceptSet({ projectDir, name: path.basename(file, path.extname(file)), source: { kind: 'csv', path: path.resolve(file) } })).id;
}

/** What a person reads: the categories with their features and concepts found, then the layout's figures. */
export function describeConcepts(r: ConceptResult): string {
  const width = Math.max(8, ...r.categories.map((c) => c.name.length));
  const lines = r.categories.map((c) => `${c.name.padEnd(width)}  ${String(c.features).padStart(6)} features  ${String(c.conceptsFound).padStart(4)}/${c.conceptsTotal} concepts found`);
  const bm = r.ballMapper;
  return [
    `${r.setName} on run ${r.runId} (${r.rows} held-out rows of ${r.datasetId}, threshold ${r.threshold}): ${r.features.length} features matched`,
    ...lines,
    `UMAP: ${r.umap.x.length} points; Ball Mapper: ε ${bm.epsilon}${bm.epsilonKnee === null ? ' (no knee: median nearest-neighbour distance)' : ''}, ${bm.nodes.length} nodes, ${bm.edges.length} edges`,
    `${r.seconds.total.toFixed(1)} s (retrieval ${r.seconds.retrieval.toFixed(1)}, UMAP ${r.seconds.umap.toFixed(1)}, Ball Mapper ${r.seconds.ballMapper.toFixed(1)})`,
  ].join('\n');
}
