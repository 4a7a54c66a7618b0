/**
 * `npm run bench -- explain [--size tiny|small] [--domains othello,text] [--project DIR] [--threads N]`:
 * the explain demo end to end (issue 19: a batch of 50 Othello features within 10 minutes on 2
 * cores), with the time per feature, the explainer's and the baselines' mean scores, and as the
 * reference measured in the same run the time of one inference pass (64 fresh games through the
 * shipped model and the run's SAE; for text, one batch of 16 held-out windows through the text
 * model and its SAE), so the ratio says how many passes a feature costs.
 */
import os from 'node:os';
import path from 'node:path';
import { modelEncoder } from '../src/core/explain/boardLab';
import { runExplainDemo } from '../src/core/explain/demo';
import type { ExplainSummary } from '../src/core/explain/run';
import { TEXT_BATCH, TextInference } from '../src/core/explain/textModel';
import { bestProbeLayer, loadModelDir, OTHELLO_MODEL_DIR, TEXT_MODEL_DIR } from '../src/core/games/lm/shipped';
import { documentTokens } from '../src/core/text/lm/bytes';
import { readTextSample } from '../src/core/text/lm/sample';
import { generateGames } from '../src/core/games/othello';
import { loadSaeFolder } from '../src/core/sae/checkpoint/load';
import { runDir } from '../src/core/sae/run/folder';
import { benchMachine } from './support/machine';
import { option } from './support/options';

export async function run(argv: string[]): Promise<void> {
  const size = (option(argv, 'size') ?? 'small') as 'tiny' | 'small';
  const threads = Number(option(argv, 'threads') ?? 2);
  const domains = (option(argv, 'domains') ?? 'othello,text').split(',') as ('othello' | 'text')[];
  const projectDir = path.resolve(option(argv, 'project') ?? path.join(os.tmpdir(), `bench-explain-${Date.now()}`));
  const loadBefore = os.loadavg();
  let last = '';
  const result = await runExplainDemo({
    projectDir, size, threads, domains,
    onProgress: (stage, done, total) => {
      const line = `${stage} ${done}/${total}`;
      if (line !== last) process.stderr.write(`\r${line}      `);
      last = line;
    },
  });
  process.stderr.write('\n');
  const loadAfter = os.loadavg();
  let reference: { seconds: number; what: string } | null = null;
  if (result.othello) {
    const { model, info } = await loadModelDir(OTHELLO_MODEL_DIR);
    const { sae } = await loadSaeFolder(runDir(projectDir, result.othello.runId));
    const encode = modelEncoder(model, bestProbeLayer(model, info.metrics), sae, ['mine_yours', 'valid_moves', 'last_move', 'flipped'], threads);
    const t0 = performance.now();
    await encode(generateGames(64, 99));
    reference = { seconds: (performance.now() - t0) / 1000, what: '64 fresh games through the shipped model and the SAE, with board labels' };
  }
  let textReference: { seconds: number; what: string } | null = null;
  if (result.text) {
    const { model } = await loadModelDir(TEXT_MODEL_DIR);
    const { sae } = await loadSaeFolder(runDir(projectDir, result.text.runId));
    const inf = new TextInference(model, Math.floor(model.config.gpt.layers / 2), sae, threads);
    const windows = (await readTextSample()).slice(0, TEXT_BATCH).map((d) => documentTokens(d.text).subarray(0, model.config.gpt.context));
    await inf.encode(windows); // compiled once per run, as the text tests do
    const t0 = performance.now();
    await inf.encode(windows);
    textReference = { seconds: (performance.now() - t0) / 1000, what: `${TEXT_BATCH} held-out windows (one batch) through the text model and the SAE, compiled` };
    await inf.dispose();
  }
  const part = (s: typeof result.othello, ref: typeof reference) =>
    s && { runId: s.runId, features: s.features.length, seconds: s.seconds, secondsPerFeature: s.seconds / Math.max(1, s.features.length), perFeatureOverReference: ref ? s.seconds / Math.max(1, s.features.length) / ref.seconds : null, summary: s.summary, causal: causalCounts(s) };
  console.log(JSON.stringify({ machine: benchMachine(threads), size, loadAverage: { before: loadBefore, after: loadAfter }, totalSeconds: result.seconds, reference, textReference, othello: part(result.othello, reference), text: part(result.text, textReference), projectDir }, null, 2));
}

/** How many causal tests ran, moved the output measurably, and contradicted their explanation. */
function causalCounts(s: ExplainSummary) {
  const tests = s.features.flatMap((f) => (f.causal ? [f.causal] : []));
  return { tests: tests.length, measurable: tests.filter((c) => c.measurable).length, contradicts: tests.filter((c) => c.contradicts).length };
}
