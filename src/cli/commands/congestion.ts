import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { writeJsonAtomic } from '../../core/io/atomic';
import {
  buildDeck,
  compareRudy,
  importLayouts,
  loadLayouts,
  n28DemoPairs,
  readMetrics,
  readModel,
  readSearch,
  searchProject,
  summarise,
  trainProject,
  listCongestionReport,
  writeCongestionReport,
  saveDeck,
  type RudyComparison,
} from '../../core/models/congestion';
import { withProject } from '../../core/models/congestion/workspace';
import { llmProposer } from '../../core/models/congestion/llm-proposals';
import { readRudyCheck, rudyFile } from '../../core/models/congestion/rudy-check';
import { LlmSettings } from '../../core/llm';
import { numberOption } from '../args';
import { str, type CliCommand, type CommandOutput } from '../command';
import { ProgressBar } from '../progress-bar';
import { fixedOrDash } from '../../shared/format';

/**
 * `feature-studio congestion import|rudy|search|train|deck` (issue 23): the congestion
 * workspace's steps on a project folder, each printing `--json` for automation.
 */

function bar(title: string, json: boolean) {
  const b = json ? null : new ProgressBar(title);
  const started = performance.now();
  return {
    update(step: number, total: number, unit: string) {
      const elapsed = (performance.now() - started) / 1000;
      const rate = step > 0 ? step / elapsed : null;
      b?.update({ step, total, unit, rate, etaSeconds: rate ? (total - step) / rate : null, metrics: {} });
    },
    end: () => b?.end(),
  };
}

const f3 = (v: number | null | undefined) => fixedOrDash(v, 3);

async function importStep(positionals: string[], values: Record<string, unknown>, json: boolean): Promise<CommandOutput> {
  const dir = positionals[1];
  if (!dir) throw new StudioError('bad-input', 'congestion import needs a folder: feature-studio congestion import DIR --project P', 'DIR');
  return withProject(str(values.project), async (projectDir) => {
    const b = bar('import', json);
    const set = await importLayouts(path.resolve(dir), projectDir, (d, t) => b.update(d, t, 'layouts'));
    b.end();
    const designs = new Set(set.layouts.map((l) => l.design)).size;
    return { result: set, text: `${set.layouts.length} layouts of ${designs} designs in ${path.join(projectDir, 'congestion')}` };
  });
}

async function rudyStep(values: Record<string, unknown>): Promise<CommandOutput> {
  const netList = str(values.netlist);
  const reference = str(values.reference);
  if ((netList === undefined) !== (reference === undefined)) throw new StudioError('bad-input', '--netlist and --reference go together (or neither, for the shared N28 demo pair)', netList ? '--reference' : '--netlist');
  const pinModel = (str(values['pin-model']) ?? 'box') as 'box' | 'center';
  if (pinModel !== 'box' && pinModel !== 'center') throw new StudioError('bad-input', `--pin-model must be box or center, got "${pinModel}"`, '--pin-model');
  const pairs = netList ? [{ netList: path.resolve(netList), rudy: path.resolve(reference!), rudyPin: str(values['pin-reference']) }] : n28DemoPairs();
  const results: RudyComparison[] = [];
  for (const pair of pairs) results.push(await compareRudy(pair, pinModel));
  const project = str(values.project);
  if (project) await withProject(project, (dir) => writeJsonAtomic(rudyFile(dir), results));
  return {
    result: { layouts: results },
    text: results.map((r) => `${r.layout} vs CircuitNet ${r.reference}: Pearson ${f3(r.pearson)}, Spearman ${f3(r.spearman)}, pin RUDY Pearson ${f3(r.pinPearson)} (${r.nets} nets, ${r.seconds.toFixed(1)} s)`).join('\n'),
  };
}

async function searchStep(values: Record<string, unknown>, json: boolean): Promise<CommandOutput> {
  return withProject(str(values.project), async (projectDir) => {
    const generations = numberOption(values, 'generations') ?? 10;
    const url = str(values['llm-url']);
    const model = str(values['llm-model']);
    if ((url === undefined) !== (model === undefined)) throw new StudioError('bad-input', '--llm-url and --llm-model go together', url ? '--llm-model' : '--llm-url');
    let propose;
    if (url && model) {
      const settings = LlmSettings.safeParse({ url, model });
      if (!settings.success) throw new StudioError('bad-input', `--llm-url must be a URL, got "${url}"`, '--llm-url');
      propose = llmProposer(settings.data);
    }
    const b = bar('search', json);
    const r = await searchProject(projectDir, { generations, seed: numberOption(values, 'seed') ?? 1, forest: { trees: numberOption(values, 'trees', { min: 1 }) ?? 200 }, propose, onGeneration: (_, d, t) => b.update(d, t, 'generations') });
    b.end();
    const curve = r.history.map((h) => h.poolScore.toFixed(3)).join(' → ');
    return { result: r, text: [`held-out-design SRCC of the kept pool per generation: ${curve}`, ...r.pool.slice(0, 10).map((f, i) => `${String(i + 1).padStart(2)}. ${f.importance.toFixed(3)}  ${f.definition}`)].join('\n') };
  });
}

async function trainStep(values: Record<string, unknown>, json: boolean): Promise<CommandOutput> {
  return withProject(str(values.project), async (projectDir, project) => {
    const b = bar('train', json);
    const { metrics } = await trainProject(projectDir, { steps: numberOption(values, 'steps', { min: 1 }) ?? 400, pooled: values.pooled === true, seed: numberOption(values, 'seed') ?? 1, onFold: (f, t) => b.update(f, t, 'folds') });
    b.end();
    await writeCongestionReport(projectDir, { search: await readSearch(projectDir), metrics, rudy: await readRudyCheck(projectDir) });
    await listCongestionReport(project);
    const s = summarise(metrics);
    const line = (name: string, m: Record<string, number | null>) => `${name.padEnd(14)} PLCC ${f3(m.plcc)}  SRCC ${f3(m.srcc)}  KRCC ${f3(m.krcc)}  NDCG ${f3(m.ndcg)}`;
    return {
      result: s,
      text: [
        'held-out designs (within-design metrics, averaged; scores are congestion scores, the gated model’s is −R):',
        line('gated', s.test),
        ...(s.pooledMaps ? [line('gated (maps)', s.pooledMaps)] : []),
        line('RUDY sum', s.baselines.rudySum),
        line('ridge', s.baselines.ridge),
        line('top-tile mean', s.baselines.topTileMean),
        `report: ${path.join(projectDir, 'reports', 'congestion.pdf')}`,
      ].join('\n'),
    };
  });
}

async function deckStep(values: Record<string, unknown>): Promise<CommandOutput> {
  const layout = str(values.layout);
  if (!layout) throw new StudioError('bad-input', '--layout L is required (a layout id of the project)', '--layout');
  return withProject(str(values.project), async (projectDir, project) => {
    const model = await readModel(projectDir);
    await readMetrics(projectDir);
    const deck = await saveDeck(project, buildDeck(model, await loadLayouts(projectDir), layout));
    const file = deck.file;
    return { result: { file, deck }, text: [`R = ${deck.r.toFixed(3)} (higher = less congested)`, ...deck.cards.map((c) => `${c.rank}. ${c.name}: g·a ${c.contribution.toFixed(3)}, ΔR at median ${c.deltaR.toFixed(3)} — ${c.suggestion}`), `deck: ${file}`].join('\n') };
  });
}

export const congestionCommand: CliCommand = {
  summary: 'Chip congestion: import layout maps, RUDY from net lists, feature search, preference model, suggestion deck',
  usage: [
    'feature-studio congestion import DIR --project P',
    'feature-studio congestion rudy [--netlist G.graph.json.gz --reference RUDY.npy[.gz] [--pin-reference PIN.npy]] [--pin-model box|center] [--project P]',
    'feature-studio congestion search --project P [--generations 10] [--trees 200] [--seed 1] [--llm-url http://127.0.0.1:8080 --llm-model M]',
    'feature-studio congestion train --project P [--steps 400] [--pooled] [--seed 1]',
    'feature-studio congestion deck --project P --layout L',
  ].join('\n       '),
  options: {
    project: { type: 'string', short: 'p' },
    netlist: { type: 'string' },
    reference: { type: 'string' },
    'pin-reference': { type: 'string' },
    'pin-model': { type: 'string' },
    generations: { type: 'string' },
    trees: { type: 'string' },
    seed: { type: 'string' },
    steps: { type: 'string' },
    pooled: { type: 'boolean' },
    layout: { type: 'string' },
    'llm-url': { type: 'string' },
    'llm-model': { type: 'string' },
  },
  positionals: true,
  async run({ values, positionals, json }) {
    const sub = positionals[0];
    switch (sub) {
      case 'import':
        return importStep(positionals, values, json);
      case 'rudy':
        return rudyStep(values);
      case 'search':
        return searchStep(values, json);
      case 'train':
        return trainStep(values, json);
      case 'deck':
        return deckStep(values);
      default:
        throw new StudioError('bad-input', `congestion needs a step: import, rudy, search, train or deck${sub ? `, got "${sub}"` : ''}`, 'congestion');
    }
  },
};
