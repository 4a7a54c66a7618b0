/**
 * `feature-studio demo authorship`: the authorship workspace end to end on the shipped samples
 * (resources/authorship: C50, CC BY 4.0; the Federalist papers, public domain): open-set pairs
 * of unseen authors, the Gram2Vec cosine, the residual and the neural-only baseline on the
 * engine, the one table and the faithfulness figures, then the 12 disputed Federalist papers
 * against Hamilton and Madison, and the report.
 */
import type { AuthorshipModelInfo } from '../../shared/schemas/authorship';
import { authorshipSummary, authorshipTable, federalistSummary, federalistText } from '../commands/authorship';
import { followJob } from '../run-job';
import type { DemoEntry } from './demo-entry';
import { prepareDemoProject } from './demo-project';
import { inProject } from '../project';

const MODEL_ID = 'c50-authorship-demo';


export const authorshipDemo: DemoEntry = {
  summary: 'Authorship: C50 open-set pairs → Gram2Vec cosine + neural residual vs neural-only → PAN metrics, faithfulness → Federalist case study → report',
  defaultProject: 'demo-authorship.fstudio',
  screen: 'Authorship',
  async run({ projectDir: dir, size, seed, json }) {
    await prepareDemoProject(dir, 'Feature Studio authorship demo', MODEL_ID);
    return inProject(dir, async (studio, project) => {
      const { jobId } = await studio.startJob({
        projectDir: project.dir,
        kind: 'train-authorship',
        params: {
          id: MODEL_ID,
          name: `Authorship verifier on C50 (${size})`,
          sample: size,
          config: { seed },
        },
      });
      const info = (await followJob(studio, jobId, json)).result as AuthorshipModelInfo;
      const report = await studio.exportAuthorshipReport({ projectDir: project.dir, modelId: MODEL_ID });
      const federalist = info.federalist ?? [];
      return {
        result: { ...authorshipSummary(info), federalist: federalistSummary(federalist), report: report.pdf, projectDir: project.dir },
        text: [authorshipTable(info), '', federalistText(federalist), '', `report: ${report.pdf}`, `demo project: ${project.dir}`].join('\n'),
      };
    });
  },
};
