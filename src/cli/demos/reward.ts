/**
 * `feature-studio demo reward`: the reward-model workspace end to end on the shipped HH-RLHF
 * pairs (MIT, resources/preferences): the built-in text model reads every response after its
 * prompt, a TopK SAE and a Bradley–Terry head are trained with their baselines, then a
 * preference shift edits the feature that best separates chosen from rejected answers to
 * harmful requests; then the same check on the studio's fixed topic domains (picked on the
 * training pairs, confirmed on the held-out ones), and the report is written.
 */
import type { RewardModelInfo, ShiftTarget } from '../../shared/schemas/reward';
import { HARM_DOMAIN } from '../../shared/rewardDomains';
import { domainScanText, rewardSummary, rewardTable, shiftSummary, shiftText } from '../commands/reward';
import { followJob } from '../run-job';
import type { DemoEntry } from './demo-entry';
import { prepareDemoProject } from './demo-project';
import { inProject } from '../project';

const MODEL_ID = 'hh-rlhf-demo';

/** Prompts asking for help with harm: the demo's target domain for the preference shift. */
const HARM_TARGET: ShiftTarget = { promptMatches: HARM_DOMAIN.promptMatches };

export const rewardDemo: DemoEntry = {
  summary: 'Reward model: HH-RLHF pairs → built-in text model states → SAE + Bradley–Terry head vs baselines → preference shift → report',
  defaultProject: 'demo-reward.fstudio',
  screen: 'Reward model',
  async run({ projectDir: dir, size, seed, json }) {
    // a previous run of this demo (finished or not) leaves its model: replace it
    await prepareDemoProject(dir, 'Feature Studio reward demo', MODEL_ID);
    return inProject(dir, async (studio, project) => {
      const { jobId } = await studio.startJob({
        projectDir: project.dir,
        kind: 'train-reward-model',
        // the shipped pairs at the size's plan (models/reward/sample.ts), as the Reward screen's sample button
        params: { id: MODEL_ID, name: `Reward model on HH-RLHF harmless (${size})`, sample: size, config: { seed } },
      });
      const info = (await followJob(studio, jobId, json)).result as RewardModelInfo;
      const [best] = await studio.rewardCandidates({ projectDir: project.dir, modelId: MODEL_ID, target: HARM_TARGET, count: 1 });
      const edits: Record<string, ['+' | '*', number]> = best ? { [best.feature]: ['*', 2] } : {};
      const shift = await studio.rewardShift({ projectDir: project.dir, modelId: MODEL_ID, edits, target: HARM_TARGET });
      const domains = await studio.rewardDomains({ projectDir: project.dir, modelId: MODEL_ID });
      const report = await studio.exportRewardReport({ projectDir: project.dir, modelId: MODEL_ID, shift: { edits, target: HARM_TARGET } });
      return {
        result: { ...rewardSummary(info), shift: shiftSummary(shift), domains, report: report.pdf, projectDir: project.dir },
        text: [rewardTable(info), '', `preference shift ${JSON.stringify(edits)}:`, shiftText(shift), '', 'the same check on fixed topic domains:', domainScanText(domains), '', `report: ${report.pdf}`, `demo project: ${project.dir}`].join('\n'),
      };
    });
  },
};
