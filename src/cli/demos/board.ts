import { runTable, runTableText } from '../../shared/charts/runTable';
import { formatDuration } from '../../shared/format';
import { type StageEvent, runDemo } from '../../core/demo';
import { ProgressBar } from '../progress-bar';
import type { DemoEntry } from './demo-entry';

/**
 * The board-game main job (DESIGN.md "Data flow of the main job"): games, model, activations,
 * an SAE sweep, evaluation with baselines, and the report, into a project folder.
 */
function boardDemo(game: 'othello' | 'chess'): DemoEntry {
  return {
    summary: `${game === 'othello' ? 'Othello' : 'chess'}: games → transcript model → activations → SAE sweep → evaluation → report`,
    defaultProject: 'demo.fstudio',
    screen: 'Compare',
    async run({ projectDir: dir, size, seed, layer, json, signal }) {
      const result = await runDemo({ projectDir: dir, size, game, seed, layer, onStage: json ? undefined : stageBars(), signal });
      const table = runTableText(
        runTable(result.records, [
          { key: 'run', label: 'run', align: 'left' },
          { key: 'l0', label: 'L0', align: 'right' },
          { key: 'fvu', label: 'FVU', align: 'right', decimals: 3 },
          { key: 'coverage', label: 'coverage', align: 'right', decimals: 3 },
          { key: 'boardReconstruction', label: 'board rec.', align: 'right', decimals: 3 },
        ]),
      );
      return {
        result,
        text: [
          table,
          '',
          `report: ${result.pdfFile}`,
          `table:  ${result.csvFile}`,
          `demo project: ${result.projectDir}`,
        ].join('\n'),
      };
    },
  };
}

export const othelloDemo = boardDemo('othello');
export const chessDemo = boardDemo('chess');

/** One progress bar per stage on stderr, and a line with what the stage produced and its time. */
/** What a demo reports per stage; the board demo's StageEvent and the workspaces' have this shape. */
export type StageProgress = Pick<StageEvent, 'index' | 'stages' | 'title' | 'progress' | 'done'> & { stage: string; note?: string };

export function stageBars(): (e: StageProgress) => void {
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
