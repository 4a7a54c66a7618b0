import path from 'node:path';
import { runTable } from '../../shared/charts/runTable';
import { StudioError } from '../../shared/errors';
import { formatDuration } from '../../shared/format';
import { DEMO_SIZES, type DemoSize, type StageEvent, runDemo } from '../../core/demo';
import { intOption } from '../args';
import { str, type CliCommand } from '../command';
import { ProgressBar } from '../progress-bar';

/**
 * The headless main job (DESIGN.md "Data flow of the main job"): games, model, activations,
 * an SAE sweep, evaluation with baselines, and the report, into a project folder.
 */
export const demoCommand: CliCommand = {
  summary: 'Run the main job headless: games → transcript model → activations → SAE sweep → evaluation → report',
  usage: 'feature-studio demo [--project DIR] [--size tiny|small] [--game othello|chess] [--seed N]   (default project: ./demo.fstudio, size small, Othello)',
  options: { project: { type: 'string', short: 'p' }, size: { type: 'string' }, game: { type: 'string' }, seed: { type: 'string' } },
  async run({ values, json }) {
    const dir = path.resolve(str(values.project) ?? 'demo.fstudio');
    const size = (str(values.size) ?? 'small') as DemoSize;
    if (!DEMO_SIZES.includes(size)) throw new StudioError('bad-input', `--size must be one of ${DEMO_SIZES.join(', ')}, got "${size}"`, '--size');
    const game = str(values.game) ?? 'othello';
    if (game !== 'othello' && game !== 'chess') throw new StudioError('bad-input', `--game must be othello or chess, got "${game}"`, '--game');
    const seed = intOption(values.seed, 'seed', 1, 0);
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    try {
      const result = await runDemo({ projectDir: dir, size, game, seed, onStage: json ? undefined : stageBars(), signal: controller.signal });
      const table = runTable(result.records, [
        { key: 'run', label: 'run', align: 'left' },
        { key: 'l0', label: 'L0', align: 'right' },
        { key: 'fvu', label: 'FVU', align: 'right' },
        { key: 'coverage', label: 'coverage', align: 'right' },
        { key: 'boardReconstruction', label: 'board rec.', align: 'right' },
      ]);
      const widths = table.columns.map((c, j) => Math.max(c.label.length, ...table.rows.map((r) => r[j].length)));
      const line = (cells: string[]) => cells.map((c, j) => (table.columns[j].align === 'left' ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
      return {
        result,
        text: [
          line(table.columns.map((c) => c.label)),
          ...table.rows.map(line),
          '',
          `report: ${result.pdfFile}`,
          `table:  ${result.csvFile}`,
          `demo project: ${result.projectDir}`,
        ].join('\n'),
      };
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};

/** One progress bar per stage on stderr, and a line with what the stage produced and its time. */
function stageBars(): (e: StageEvent) => void {
  let bar: ProgressBar | null = null;
  let current = '';
  const started = new Map<string, number>();
  return (e) => {
    if (e.stage !== current) {
      bar?.end();
      current = e.stage;
      started.set(e.stage, performance.now());
      bar = new ProgressBar(`[${e.index}/${e.stages}] ${e.title}`);
    }
    bar!.update(e.progress);
    if (e.done) {
      bar!.end();
      bar = null;
      current = '';
      process.stderr.write(`[${e.index}/${e.stages}] ${e.title}: ${e.note ?? 'done'} (${formatDuration((performance.now() - started.get(e.stage)!) / 1000)})\n`);
    }
  };
}
