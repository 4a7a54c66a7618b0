/**
 * `feature-studio demo concepts`: curated-concept exploration on a fresh Othello SAE (issue 21).
 * The board demo's first stages (src/core/demo) make the data — seeded games, the shipped
 * transcript model, residual activations with board labels — then one TopK SAE is trained and
 * the built-in Othello concept set is matched, projected and mapped by a `concepts` job.
 */
import os from 'node:os';
import path from 'node:path';
import { conceptSummary } from '../../shared/schemas/concepts';
import { formatCount } from '../../shared/format';
import { ActivationStore } from '../../core/data/store';
import { DEMO_PLANS, type DemoPlan, type DemoSize, type StageEvent } from '../../core/demo';
import { demoModel } from '../../core/demo/model';
import { demoPositions } from '../../core/demo/positions';
import { StageReporter } from '../../core/demo/progress';
import { trainSweep } from '../../core/demo/trainStage';
import { newEntryId } from '../../core/project/ids';
import { Project } from '../../core/project/project';
import { describeConcepts } from '../commands/concepts';
import { followJob } from '../run-job';
import { stageBars } from './board';
import type { DemoEntry } from './demo-entry';
import { inProject } from '../project';

/** One SAE instead of the sweep, trained longer than the board demo's tiny sweep so its features mean something. */
const PLANS: Record<DemoSize, DemoPlan> = {
  tiny: { ...DEMO_PLANS.tiny, steps: 1200 },
  small: DEMO_PLANS.small,
};
export const CONCEPTS_SET = 'othello-board';

export const conceptsDemo: DemoEntry = {
  summary: 'Concepts: Othello games → model → activations → one TopK SAE → board concepts matched, UMAP and Ball Mapper',
  defaultProject: 'demo-concepts.fstudio',
  screen: 'Concepts',
  async run({ projectDir: dir, size, seed, json, signal }) {
    const plan = PLANS[size];
    const onStage = json ? undefined : stageBars();
    const threads = os.availableParallelism();
    const t0 = performance.now();
    const { runId } = await prepare(dir, plan, seed, threads, onStage, signal);
    return inProject(dir, async (studio, project) => {
      const { jobId } = await studio.startConcepts({ projectDir: project.dir, runId, setId: CONCEPTS_SET });
      await followJob(studio, jobId, json);
      const result = (await studio.getConcepts({ projectDir: project.dir, runId, setId: CONCEPTS_SET }))!;
      const summary = { ...conceptSummary(result), runId, projectDir: project.dir, demoSeconds: (performance.now() - t0) / 1000 };
      return { result: summary, text: `${describeConcepts(result)}\ndemo project: ${project.dir} (open the Concepts screen on run ${runId})` };
    });
  },
};

/** Games, model, activations with board labels, and one trained TopK run, into the project. */
async function prepare(dir: string, plan: DemoPlan, seed: number, threads: number, onStage: ((e: StageEvent) => void) | undefined, signal: AbortSignal) {
  const exists = await Project.open(dir).then((p) => p, () => null);
  const project = exists ?? (await Project.create(dir, 'Feature Studio concepts demo'));
  try {
    new StageReporter('project', onStage, 1, 'steps').finish(project.dir);
    let st = new StageReporter('games', onStage, plan.games, 'games', 'Othello games');
    const positions = await demoPositions('othello', plan, seed);
    st.finish(`${formatCount(positions.count)} games`);
    st = new StageReporter('model', onStage, plan.modelSteps, 'steps');
    const dm = await demoModel(project, plan, st, { game: 'othello', threads, signal });
    st.finish(`${dm.origin} model, layer ${dm.layer}`);
    st = new StageReporter('extract', onStage, 1, 'rows');
    const datasetId = newEntryId(`othello resid layer ${dm.layer}`, new Set(project.manifest.datasets.map((d) => d.id)));
    const datasetDir = path.join(project.dir, 'datasets', datasetId);
    const meta = await positions.extract({
      model: dm.model, layer: dm.layer, datasetDir, id: datasetId, name: `Othello resid_post layer ${dm.layer} (concepts demo, seed ${seed})`,
      trainFraction: plan.trainFraction, threads, signal, onProgress: (rows, total) => st.update(rows, total),
    });
    await project.update((m) => void m.datasets.push({ id: meta.id, name: meta.name, createdAt: meta.createdAt }));
    st.finish(`${formatCount(meta.rows)} rows × ${meta.dims} dims`);
    st = new StageReporter('train', onStage, plan.steps, 'SAE steps', 'Training one TopK SAE');
    const store = await ActivationStore.open(datasetDir);
    const [run] = await trainSweep(project, store, datasetId, plan, { seed, threads, signal, pick: (s) => s.filter((e) => e.arch === 'topk' && !e.whitening), progress: (n) => st.update(n) }).finally(() => store.close());
    st.finish(run.entry.name);
    return { runId: run.id, datasetId };
  } finally {
    await project.close();
  }
}
