import { StudioError } from '../../shared/errors';
import { AUTHORSHIP_SYSTEMS, AUTHORSHIP_SYSTEM_TITLES, type AuthorshipModelInfo, type AuthorshipPairView, type FederalistRow } from '../../shared/schemas/authorship';
import { authorshipWorkspace } from '../../core/models/authorship';
import type { Studio } from '../../core/studio';
import { str, type CliCommand, type CommandOutput } from '../command';
import { followJob } from '../run-job';
import { numberOption } from '../args';
import { inProject, projectOption } from '../project';

const USAGE = [
  'feature-studio authorship train --project P (--corpus C [--author-column COL] | --texts TEXTS.jsonl | --pairs PAIRS.jsonl --truth TRUTH.jsonl [--texts TEXTS.jsonl]) [--protocol open|closed] [--per-author N] [--train-pairs N] [--epochs N] [--federalist PAPERS.jsonl] [--name N] [--json]',
  '       feature-studio authorship eval --project P [--model M] [--json]',
  '       feature-studio authorship explain --project P [--model M] (--pair TEXT_A,TEXT_B | --test-pair I) [--json]',
  '       feature-studio authorship report --project P [--model M] [--json]',
].join('\n');

const METRIC_KEYS = ['accuracy', 'auc', 'f1Same', 'f1Different', 'c1', 'f05u', 'brier', 'panMean'] as const;
const METRIC_LABELS: Record<(typeof METRIC_KEYS)[number], string> = { accuracy: 'accuracy', auc: 'AUC', f1Same: 'F1 same', f1Different: 'F1 different', c1: 'c@1', f05u: 'F0.5u', brier: 'Brier', panMean: 'PAN mean' };

/** What `authorship train|eval --json` prints (the "For automation" shape). */
export function authorshipSummary(info: AuthorshipModelInfo) {
  const pick = (m: (typeof AUTHORSHIP_SYSTEMS)[number]) => Object.fromEntries(METRIC_KEYS.map((k) => [k, info.models[m][k]]));
  return {
    model: info.id,
    models: { interpretable: pick('interpretable'), residualized: pick('residualized'), neuralOnly: pick('neuralOnly') },
    faithfulness: { meanIC: info.faithfulness.meanIC, flipShare: info.faithfulness.flipShare, meanInterpretableShare: info.faithfulness.meanInterpretableShare },
    thresholds: info.thresholds,
    testPairs: info.pairs.test,
    seconds: info.seconds,
  };
}

export function authorshipTable(info: AuthorshipModelInfo): string {
  // each column two spaces wider than its label or a value, so no two headings run together
  const widths = METRIC_KEYS.map((k) => Math.max(METRIC_LABELS[k].length, 5) + 2);
  const head = `${'system'.padEnd(44)}${METRIC_KEYS.map((k, j) => METRIC_LABELS[k].padStart(widths[j])).join('')}`;
  const rows = AUTHORSHIP_SYSTEMS.map((m) => `${AUTHORSHIP_SYSTEM_TITLES[m].padEnd(44)}${METRIC_KEYS.map((k, j) => info.models[m][k].toFixed(3).padStart(widths[j])).join('')}`);
  const fa = info.faithfulness;
  return [
    `${info.pairs.test} test pairs (${info.config.protocol} set, ${info.authors} authors):`,
    head,
    ...rows,
    `faithfulness: mean IC ${fa.meanIC.toFixed(3)}, residual flips ${(100 * fa.flipShare).toFixed(1)}% of decisions, interpretable share ${(100 * fa.meanInterpretableShare).toFixed(1)}%`,
  ].join('\n');
}

export const federalistSummary = (rows: readonly FederalistRow[]) => rows.map((r) => ({ paper: r.paper, hamilton: r.hamilton, madison: r.madison, verdict: r.verdict }));

export function federalistText(rows: readonly FederalistRow[]): string {
  return [
    'Federalist disputed papers (mean s against each author\'s undisputed papers; Mosteller & Wallace: Madison):',
    ...rows.map((r) => `  No. ${String(r.paper).padStart(2)}  Hamilton ${r.hamilton.toFixed(3)}  Madison ${r.madison.toFixed(3)}  → ${r.verdict.padEnd(8)}  ${r.topFeatures.slice(0, 3).map((t) => t.feature).join(', ')}`),
    `  ${rows.filter((r) => r.verdict === 'Madison').length} of ${rows.length} attributed to Madison`,
  ].join('\n');
}

function pairText(v: AuthorshipPairView): string {
  return [
    `${v.a.id} (${v.a.author}) / ${v.b.id} (${v.b.author})${v.same === null ? '' : v.same ? ': same author' : ': different authors'}`,
    `s_I ${v.sI.toFixed(4)} + r̂ ${v.rHat.toFixed(4)} = s ${v.score.toFixed(4)} against θ ${v.theta.toFixed(3)} → ${v.verdict} (features alone: ${v.verdictInterpretable} at θ_I ${v.thetaInterpretable.toFixed(3)})`,
    `IC ${v.ic.toFixed(3)}, interpretable share ${(100 * v.interpretableShare).toFixed(1)}%`,
    'largest contributions to s_I:',
    ...v.contributions.map((c) => `  ${c.feature.padEnd(28)} ${c.value.toFixed(4)}  (${c.a.toFixed(4)} · ${c.b.toFixed(4)}; evidence ${v.evidence[c.feature]?.a.length ?? 0} / ${v.evidence[c.feature]?.b.length ?? 0} spans)`),
    `  other features               ${v.rest.toFixed(4)}`,
  ].join('\n');
}


async function modelOf(studio: Studio, projectDir: string, values: Record<string, unknown>): Promise<string> {
  const named = str(values.model);
  if (named) return named;
  const models = await studio.listAuthorshipModels({ projectDir });
  if (models.length === 0) throw new StudioError('not-found', 'this project has no authorship model: run `authorship train` first', '--model');
  // the newest, as the one an analyst just trained
  return models.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0].id;
}

export const authorshipCommand: CliCommand = {
  summary: authorshipWorkspace.summary,
  usage: USAGE,
  options: {
    project: { type: 'string', short: 'p' },
    corpus: { type: 'string' },
    'author-column': { type: 'string' },
    texts: { type: 'string' },
    pairs: { type: 'string' },
    truth: { type: 'string' },
    protocol: { type: 'string' },
    'per-author': { type: 'string' },
    'train-pairs': { type: 'string' },
    epochs: { type: 'string' },
    federalist: { type: 'string' },
    name: { type: 'string' },
    model: { type: 'string' },
    pair: { type: 'string' },
    'test-pair': { type: 'string' },
  },
  positionals: true,
  async run({ values, positionals, json }) {
    const sub = positionals[0];
    const projectDir = projectOption(values);
    if (!['train', 'eval', 'explain', 'report'].includes(sub ?? '')) throw new StudioError('bad-input', `authorship takes train, eval, explain or report, got "${sub ?? ''}"`, 'authorship');
    return inProject(projectDir, async (studio, { dir }) => {
      if (sub === 'train') return await train(studio, dir, values, json);
      const modelId = await modelOf(studio, dir, values);
      if (sub === 'eval') {
        const info = await studio.getAuthorshipModel({ projectDir: dir, modelId });
        return { result: { ...authorshipSummary(info), ...(info.federalist ? { federalist: federalistSummary(info.federalist) } : {}) }, text: [authorshipTable(info), ...(info.federalist ? [federalistText(info.federalist)] : [])].join('\n\n') };
      }
      if (sub === 'report') {
        const files = await studio.exportAuthorshipReport({ projectDir: dir, modelId });
        return { result: files, text: `report: ${files.pdf}\ntable:  ${files.csv}` };
      }
      const pair = str(values.pair);
      const testPair = numberOption(values, 'test-pair');
      if ((pair === undefined) === (testPair === undefined)) throw new StudioError('bad-input', 'name the pair with --pair TEXT_A,TEXT_B or --test-pair I', '--pair');
      const ids = pair?.split(',');
      if (ids && (ids.length !== 2 || ids.some((x) => x === ''))) throw new StudioError('bad-input', `--pair takes two text ids separated by a comma, got "${pair}"`, '--pair');
      const view = await studio.getAuthorshipPair({ projectDir: dir, modelId, ...(ids ? { texts: [ids[0], ids[1]] as [string, string] } : { pair: testPair }) });
      return { result: view, text: pairText(view) };
    });
  },
};

async function train(studio: Studio, projectDir: string, values: Record<string, unknown>, json: boolean): Promise<CommandOutput> {
  const config: Record<string, unknown> = {};
  const set = (key: string, v: unknown) => v !== undefined && (config[key] = v);
  set('protocol', str(values.protocol));
  set('trainPairs', numberOption(values, 'train-pairs'));
  set('epochs', numberOption(values, 'epochs'));
  const params = {
    corpus: str(values.corpus),
    authorColumn: str(values['author-column']),
    texts: str(values.texts),
    pairs: str(values.pairs),
    truth: str(values.truth),
    maxPerAuthor: numberOption(values, 'per-author'),
    federalist: str(values.federalist),
    name: str(values.name),
    config,
  };
  const { jobId } = await studio.startJob({ projectDir, kind: 'train-authorship', params });
  const info = (await followJob(studio, jobId, json)).result as AuthorshipModelInfo;
  const federalist = info.federalist ? { federalist: federalistSummary(info.federalist) } : {};
  return { result: { ...authorshipSummary(info), ...federalist }, text: [`${authorshipTable(info)}`, ...(info.federalist ? [federalistText(info.federalist)] : []), `model: models/${info.id}`].join('\n\n') };
}
