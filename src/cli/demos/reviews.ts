/**
 * `feature-studio demo reviews`: the review-quality workspace end to end on the shipped Fine
 * Food sample (CC0, resources/README.md): import with product-grouped splits → discovery with
 * reflection and memory → the test-split table against the baselines → report.
 */
import path from 'node:path';
import { promises as fs } from 'node:fs';
import type { ReviewModelInfo } from '../../shared/schemas/reviews';
import type { DemoSize } from '../../core/demo';
import { FINE_FOOD_SAMPLE } from '../../core/models/reviews/testing';
import { Project } from '../../core/project/project';
import { Studio } from '../../core/studio';
import { reviewsSummary, reviewsText } from '../commands/reviews';
import { followJob } from '../run-job';
import type { DemoEntry } from './demo-entry';

const CORPUS_ID = 'fine-food';
const MODEL_ID = 'fine-food-quality';
export const DEMO_SCENE = 'grocery and pet-food reviews on a retail site; quality = the share of shoppers who found the review helpful';

/** tiny: the first 2,500 reviews and one reflection round; small: all 5,003 and two. */
const PLANS: Record<DemoSize, { maxRows: number; rounds: number }> = {
  tiny: { maxRows: 2500, rounds: 1 },
  small: { maxRows: 5003, rounds: 2 },
};

export const reviewsDemo: DemoEntry = {
  summary: 'Review quality: Fine Food reviews → discovered quality features (beam search, reflection, memory) vs length, bag-of-words, embedding and all-families baselines → report',
  defaultProject: 'demo-reviews.fstudio',
  async run({ projectDir, size, seed, json }) {
    const dir = projectDir ?? path.resolve('demo-reviews.fstudio');
    const plan = PLANS[size];
    await prepareProject(dir);
    const studio = new Studio();
    try {
      const project = await studio.openProject({ dir });
      if (!project.manifest.corpora.some((c) => c.id === CORPUS_ID)) {
        const { jobId } = await studio.startJob({
          projectDir: project.dir,
          kind: 'import-corpus',
          params: { source: FINE_FOOD_SAMPLE, id: CORPUS_ID, name: 'Amazon Fine Food reviews (first 5,003)', options: { textColumn: 'Text', idColumn: 'Id', groupColumn: 'ProductId', splitFractions: { train: 0.6, dev: 0.2, test: 0.2 } } },
        });
        await followJob(studio, jobId, json);
      }
      const { jobId } = await studio.startJob({
        projectDir: project.dir,
        kind: 'discover-reviews',
        params: {
          id: MODEL_ID, name: `Fine Food review quality (${size})`, corpus: CORPUS_ID, target: 'HelpfulnessNumerator/HelpfulnessDenominator', minVotes: 3,
          scene: DEMO_SCENE, task: `fine-food-${size}`, maxRows: plan.maxRows, config: { rounds: plan.rounds, seed },
        },
      });
      const info = (await followJob(studio, jobId, json)).result as ReviewModelInfo;
      const report = await studio.exportReviewsReport({ projectDir: project.dir, modelId: MODEL_ID });
      return {
        result: { ...reviewsSummary(info), report: report.pdf, projectDir: project.dir },
        text: [reviewsText(info), '', `report: ${report.pdf}`, `demo project: ${project.dir}`].join('\n'),
      };
    } finally {
      await studio.close();
    }
  },
};

/** Opens or creates the demo project, without the model a previous run left (the corpus and the memory stay). */
async function prepareProject(dir: string): Promise<void> {
  const project = (await Project.open(dir).catch(() => null)) ?? (await Project.create(dir, 'Feature Studio review-quality demo'));
  try {
    if (project.manifest.models.some((m) => m.id === MODEL_ID)) await project.update((m) => void (m.models = m.models.filter((x) => x.id !== MODEL_ID)));
    await fs.rm(path.join(project.dir, 'models', MODEL_ID), { recursive: true, force: true });
  } finally {
    await project.close();
  }
}
