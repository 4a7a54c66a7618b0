import { pairwiseAccuracyOption, waterfallOption } from '../../../shared/charts/pairwiseAccuracy';
import { REWARD_MODELS, REWARD_MODEL_TITLES, type RewardModelDetail, type RewardPairView, type RewardShift } from '../../../shared/schemas/reward';
import { writeFileAtomic } from '../../io/atomic';
import { reportFonts } from '../../reports/fonts';
import { PdfLayout } from '../../reports/layout';
import { resultsCsv, type ResultRecord } from '../common/results';
import { complementVerdict } from './shift';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const signed = (x: number) => (x >= 0 ? '+' : '') + x.toFixed(4);
/** A feature edit as a reader writes it: "#131 × 2" (scaled), "#7 + 0.5" (shifted). */
const editText = (edits: Readonly<Record<string, readonly ['+' | '*', number]>>) =>
  Object.entries(edits).map(([f, [op, v]]) => `#${f} ${op === '*' ? '×' : '+'} ${v}`).join(', ');

/** The model's accuracies as the workspaces' result records (the report's CSV). */
export function rewardRecords(detail: RewardModelDetail): ResultRecord[] {
  const records: ResultRecord[] = [];
  for (const m of REWARD_MODELS) {
    const r = detail.models[m];
    records.push({ model: m, metric: 'pairwiseAccuracy', value: r.accuracy, low: r.accuracyLow, high: r.accuracyHigh, split: 'test' });
    for (const [c, v] of Object.entries(r.byCategory ?? {})) records.push({ model: m, metric: 'pairwiseAccuracy', value: v.accuracy, low: null, high: null, split: `test:${c}` });
  }
  return records;
}

/**
 * The reward model's report section: what was trained, held-out accuracy against the
 * baselines, the head's largest weights, one pair's attribution, and a preference shift when
 * one was asked for.
 */
export async function writeRewardReport(files: { pdf: string; csv: string }, detail: RewardModelDetail, example: RewardPairView | null, shift: RewardShift | null): Promise<void> {
  const page = new PdfLayout(reportFonts(), { title: detail.name, createdAt: new Date().toISOString() });
  page.heading(detail.name, 20);
  page.heading('Reward model over SAE features');
  page.facts([
    { label: 'Pairs', value: `${detail.pairs} from ${detail.pairsFile} (${detail.skipped.length} left out), ${detail.testPairs} held out by prompt` },
    { label: 'Hidden states', value: `${detail.states}, d = ${detail.d}, standardised per token` },
    { label: 'SAE', value: `TopK without ReLU, ${detail.width} features, k = ${detail.k}${detail.saeRec === null ? '' : `, normalised reconstruction error ${detail.saeRec.toFixed(3)}`}` },
    { label: 'Head', value: `r = wᵀφ, w zero-initialised, no bias; φ = ${detail.phi === 'pre' ? 'pre-activations z (the paper\'s default)' : 'TopK(z)'}; ${detail.mode === 'head' ? 'SAE frozen' : 'trained jointly with the SAE'}` },
  ]);
  page.heading('Held-out pairwise accuracy');
  page.paragraph('The share of held-out pairs whose chosen response gets the higher reward (a tie counts one half), with bootstrap 95% intervals over pairs; chance is 50%.');
  page.chart(pairwiseAccuracyOption(REWARD_MODELS.map((m) => ({ label: REWARD_MODEL_TITLES[m], accuracy: detail.models[m].accuracy, low: detail.models[m].accuracyLow, high: detail.models[m].accuracyHigh })), page.theme), 200);
  page.table({
    columns: [{ key: 'model', label: 'model', align: 'left' }, { key: 'acc', label: 'accuracy', align: 'right' }, { key: 'ci', label: '95% interval', align: 'right' }],
    rows: REWARD_MODELS.map((m) => [REWARD_MODEL_TITLES[m], pct(detail.models[m].accuracy), `${pct(detail.models[m].accuracyLow)}–${pct(detail.models[m].accuracyHigh)}`]),
  });
  page.heading("The head's largest weights");
  page.paragraph('The SAE features (by index) with the largest positive weights in the reward head, which raise a response\'s reward, then the largest negative ones, which lower it.');
  page.table({
    columns: [{ key: 'f', label: 'feature', align: 'left' }, { key: 'w', label: 'weight', align: 'right' }],
    rows: [...detail.topPositive.slice(0, 8), ...detail.topNegative.slice(0, 8)].map((w) => [`#${w.feature}`, signed(w.weight)]),
  });
  if (example) {
    page.heading(`What decided pair ${example.pair}`);
    page.paragraph(`Reward of the chosen response ${example.rewardChosen.toFixed(4)}, of the rejected one ${example.rewardRejected.toFixed(4)}. Each bar is one feature's w_i·(φ_i chosen − φ_i rejected); they sum to the margin exactly.`);
    page.chart(waterfallOption([...example.features.map((f) => ({ label: `#${f.feature}`, delta: f.delta })), { label: 'other features', delta: example.rest }], page.theme), 240);
  }
  if (shift) {
    page.heading('Preference shift');
    page.paragraph(`Feature edits ${editText(shift.edits)} on the target domain (${shift.targetRule}); ${shift.flips} pairs change their verdict.`);
    page.table({
      columns: [{ key: 'g', label: '', align: 'left' }, { key: 'n', label: 'pairs', align: 'right' }, { key: 'c', label: 'chosen, mean change', align: 'right' }, { key: 'r', label: 'rejected, mean change', align: 'right' }],
      rows: [
        ['target', String(shift.target.pairs), signed(shift.target.chosenMeanDelta), signed(shift.target.rejectedMeanDelta)],
        ['the rest', String(shift.complement.pairs), signed(shift.complement.chosenMeanDelta), signed(shift.complement.rejectedMeanDelta)],
      ],
    });
    page.paragraph(complementVerdict(shift));
  }
  await writeFileAtomic(files.pdf, await page.finish());
  await writeFileAtomic(files.csv, resultsCsv(rewardRecords(detail)));
}
