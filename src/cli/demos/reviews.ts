/**
 * `feature-studio demo reviews`: the review-quality workspace end to end on the shipped Fine
 * Food sample (CC0, resources/README.md): import with product-grouped splits → discovery with
 * reflection and memory → the test-split table against the baselines → report.
 */
import type { ReviewModelInfo } from '../../shared/schemas/reviews';
import { reviewsSummary, reviewsText } from '../commands/reviews';
import { followJob } from '../run-job';
import type { DemoEntry } from './demo-entry';
import { prepareDemoProject } from './demo-project';
import { inProject } from '../project';

const MODEL_ID = 'fine-food-quality';

export const reviewsDemo: DemoEntry = {
  summary: 'Review quality: Fine Food reviews → discovered quality features (beam search, reflection, memory) vs length, bag-of-words, embedding and all-families baselines → report',
  defaultProject: 'demo-reviews.fstudio',
  screen: 'Review quality',
  async run({ projectDir: dir, size, seed, json }) {
    await prepareDemoProject(dir, 'Feature Studio review-quality demo', MODEL_ID);
    return inProject(dir, async (studio, project) => {
      // the job imports the shipped sample on first use and keeps it in the project
      const { jobId } = await studio.startJob({
        projectDir: project.dir,
        kind: 'discover-reviews',
        params: { id: MODEL_ID, name: `Fine Food review quality (${size})`, sample: size, task: `fine-food-${size}`, config: { seed, rounds: size === 'tiny' ? 1 : 2 } },
      });
      const info = (await followJob(studio, jobId, json)).result as ReviewModelInfo;
      const report = await studio.exportReviewsReport({ projectDir: project.dir, modelId: MODEL_ID });
      return {
        result: { ...reviewsSummary(info), report: report.pdf, projectDir: project.dir },
        text: [reviewsText(info), '', `report: ${report.pdf}`, `demo project: ${project.dir}`].join('\n'),
      };
    });
  },
};
