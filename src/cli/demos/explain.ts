import { runExplainDemo } from '../../core/explain/demo';
import type { ExplainSummary } from '../../shared/schemas/explain';
import { describeSummary, explainJson } from '../commands/explain';
import { RateMeter } from '../../core/jobs/eta';
import { ProgressBar } from '../progress-bar';
import type { DemoEntry } from './demo-entry';

/**
 * Explaining features by experiment (issue 19): an Othello SAE and a text SAE from the shipped
 * models, their most frequent features explained and scored against the baselines. `--json`
 * prints {othello, text}, each the explain JSON ({features, summary, seconds}).
 */
export const explainDemo: DemoEntry = {
  summary: 'explain: shipped Othello and text models → one TopK SAE each → the top features explained by experiment (SAGE, offline) and scored against baselines',
  defaultProject: 'demo-explain.fstudio',
  screen: 'Features (the Explain panel of a feature page)',
  async run({ projectDir: dir, size, seed, json, signal }) {
    let bar: ProgressBar | null = null;
    let current = '';
    let meter = new RateMeter();
    const result = await runExplainDemo({
      projectDir: dir, size, seed, signal,
      onProgress: json
        ? undefined
        : (stage, done, total) => {
            if (stage !== current) {
              bar?.end();
              bar = new ProgressBar(stage);
              meter = new RateMeter();
              current = stage;
            }
            bar!.update({ step: done, total, unit: 'steps', metrics: {}, ...meter.update(done, total) });
          },
    });
    (bar as ProgressBar | null)?.end();
    const part = (name: string, s: ExplainSummary | undefined) => (s ? [`${name} (${s.features.length} features of ${s.runId}, ${s.seconds.toFixed(1)} s):`, describeSummary(s), ''] : []);
    return {
      result: { othello: result.othello && explainJson(result.othello), text: result.text && explainJson(result.text), seconds: result.seconds, projectDir: result.projectDir },
      text: [...part('Othello', result.othello), ...part('text', result.text), `demo project: ${result.projectDir} (${result.seconds.toFixed(0)} s)`].join('\n'),
    };
  },
};
