import path from 'node:path';
import { runTable } from '../../shared/charts/runTable';
import { runTextDemo } from '../../core/text/demo';
import type { DemoEntry } from './demo-entry';
import { stageBars } from './board';

/** Text SAEs end to end: the shipped text model → held-out activations → ReLU-L1/TopK/JumpReLU sweep → report. */
export const textDemo: DemoEntry = {
  summary: 'text: shipped text model → activations of held-out English → SAE sweep (ReLU-L1, TopK, JumpReLU) → report with same-token/POS shares',
  defaultProject: 'demo-text.fstudio',
  screen: 'Runs, then Features',
  async run({ projectDir, size, seed, json, signal }) {
    const dir = projectDir ?? path.resolve('demo-text.fstudio');
    const result = await runTextDemo({ projectDir: dir, size, seed, onStage: json ? undefined : stageBars(), signal });
    const table = runTable(result.records, [
      { key: 'run', label: 'run', align: 'left' },
      { key: 'l0', label: 'L0', align: 'right' },
      { key: 'fvu', label: 'FVU', align: 'right' },
      { key: 'sameTokenShare', label: 'same token', align: 'right' },
      { key: 'samePosShare', label: 'same POS', align: 'right' },
    ]);
    const widths = table.columns.map((c, j) => Math.max(c.label.length, ...table.rows.map((r) => r[j].length)));
    const line = (cells: string[]) => cells.map((c, j) => (table.columns[j].align === 'left' ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
    return {
      result,
      text: [line(table.columns.map((c) => c.label)), ...table.rows.map(line), '', `report: ${result.pdfFile}`, `table:  ${result.csvFile}`, `demo project: ${result.projectDir}`].join('\n'),
    };
  },
};
