import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import type { HeldOutBoard, HeldOutScores } from '../../shared/schemas/run';
import { ActivationStore } from '../data/store';
import { saeFeatures } from '../demo/baselines';
import { BOARD_EVAL_FILE, loadHeldOut } from '../demo/evalStage';
import { boardSummary, evaluateFeatures } from '../demo/evaluate';
import { CHESS_LOW_LEVEL, OTHELLO_HEADLINE } from '../evals/board';
import { writeJsonAtomic } from '../io/atomic';
import { datasetDir } from '../project/layout';
import type { Project } from '../project/project';
import { loadSaeLens } from '../sae/checkpoint/saelens';
import { readRunEval, readRunInfo, runDir, writeRunEval, writeRunInfo } from '../sae/run/folder';
import { evaluateRunOnStore } from '../sae/run/evaluate';
import type { StudioContext } from './context';
import type { HandlerGroup } from './handlers';
import { openedProject } from './resolve';
import { requireListed } from '../project/listed';

/** What eval-board.json holds beside the demo's full result: enough to answer without recomputing. */
interface BoardEvalFile {
  datasetId?: string;
  summary?: HeldOutBoard;
}

/**
 * One held-out measurement per metric (issue 26): a run's core metrics and board metrics on the
 * validation rows of a dataset — the rows the demo measures on too — read from eval.json and
 * eval-board.json, and computed and written there (writable projects) when missing or made on
 * another dataset. Compare, the reports and the Runs list all read this.
 */
export function heldOutHandlers(ctx: StudioContext): HandlerGroup<'getHeldOutScores'> {
  const pending = new Map<string, Promise<HeldOutScores>>();
  return {
    async getHeldOutScores({ projectDir, runId, datasetId }) {
      const project = await openedProject(ctx, projectDir);
      const key = JSON.stringify([project.dir, runId, datasetId ?? null]);
      let entry = pending.get(key);
      if (!entry) {
        entry = heldOutScores(project, runId, datasetId).finally(() => pending.delete(key));
        pending.set(key, entry);
      }
      return entry;
    },
  };
}

export async function heldOutScores(project: Project, runId: string, datasetId?: string): Promise<HeldOutScores> {
  requireListed(project.manifest, 'runs', runId, 'runId');
  const dir = runDir(project.dir, runId);
  const info = await readRunInfo(dir);
  const dataset = datasetId ?? info.datasetId;
  if (!dataset) throw new StudioError('bad-input', `run "${info.name}" is imported and has no dataset yet: choose one to measure it on`, 'datasetId');
  requireListed(project.manifest, 'datasets', dataset, 'datasetId');
  // only a run's own dataset's measurement is kept in its folder (and only where the project may be written)
  const keep = dataset === info.datasetId && !project.readOnly;
  const dDir = datasetDir(project.dir, dataset);
  const store = await ActivationStore.open(dDir);
  const [lo, hi] = store.splitRange('validation');
  try {
    if (store.dims !== info.dIn) throw new StudioError('shape', `the dataset has ${store.dims} dims but the SAE reads ${info.dIn}`, 'datasetId');
    const sae = await loadSaeLens(dir);
    let core = info.evaluated ? await readRunEval(dir).catch(() => null) : null;
    if (core?.datasetId !== dataset) {
      core = await evaluateRunOnStore(sae, store, dataset);
      if (keep) {
        await writeRunEval(dir, core);
        await writeRunInfo(dir, { ...info, evaluated: true });
      }
    }
    const { board, missing } = await boardScores(dir, dataset, dDir, store, keep);
    return { datasetId: dataset, rows: hi - lo, core, board, boardMissing: missing };
  } finally {
    await store.close();
  }
}

async function boardScores(dir: string, dataset: string, dDir: string, store: ActivationStore, keep: boolean): Promise<{ board: HeldOutBoard | null; missing: string | null }> {
  const file = path.join(dir, BOARD_EVAL_FILE);
  const saved = (await fs.readFile(file, 'utf8').then((t) => JSON.parse(t) as BoardEvalFile, () => null)) ?? {};
  if (saved.datasetId === dataset && saved.summary) return { board: saved.summary, missing: null };
  const game = store.meta.game;
  if (!game) return { board: null, missing: 'the dataset carries no board-state labels' };
  const family = game === 'chess' ? CHESS_LOW_LEVEL : OTHELLO_HEADLINE;
  let heldOut;
  try {
    heldOut = await loadHeldOut(dDir, store.meta, family);
  } catch (err) {
    // too few held-out games, or the family was not labelled: said, not thrown, so the core metrics still show
    if (err instanceof StudioError && (err.code === 'bad-input' || err.code === 'not-found')) return { board: null, missing: err.detail };
    throw err;
  }
  const map = saeFeatures(await loadSaeLens(dir));
  let e;
  try {
    e = await evaluateFeatures(map, heldOut, family);
  } finally {
    await map.dispose();
  }
  const summary = boardSummary(e, heldOut);
  if (keep) await writeJsonAtomic(file, { board: e.board, headline: e.headline, datasetId: dataset, summary });
  return { board: summary, missing: null };
}
