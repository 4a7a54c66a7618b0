import { runTable, runTableText } from '../../shared/charts/runTable';
import { runTextDemo } from '../../core/text/demo';
import type { DemoEntry } from './demo-entry';
import { stageBars } from './board';

/** Text SAEs end to end: the shipped text model → held-out activations → ReLU-L1/TopK/JumpReLU sweep → report. */
export const textDemo: DemoEntry = {
  summary: 'text: shipped text model → activations of held-out English → SAE sweep (ReLU-L1, TopK, JumpReLU) → report with same-token/POS shares',
  defaultProject: 'demo-text.fstudio',
  screen: 'Runs, then Features',
  async run({ projectDir: dir, size, seed, json, signal }) {
    const result = await runTextDemo({ projectDir: dir, size, seed, onStage: json ? undefined : stageBars(), signal });
    const table = runTableText(
      runTable(result.records, [
        { key: 'run', label: 'run', align: 'left' },
        { key: 'l0', label: 'L0', align: 'right' },
        { key: 'fvu', label: 'FVU', align: 'right', decimals: 3 },
        { key: 'sameTokenShare', label: 'same token', align: 'right', decimals: 3 },
        { key: 'samePosShare', label: 'same POS', align: 'right', decimals: 3 },
      ]),
    );
    return {
      result,
      text: [table, '', `report: ${result.pdfFile}`, `table:  ${result.csvFile}`, `demo project: ${result.projectDir}`].join('\n'),
    };
  },
};
