import { StudioError } from '../../shared/errors';
import { str, type CommandInput, type CommandOutput } from '../command';
import { followJob } from '../run-job';
import { inProject, projectOption } from '../project';

/**
 * `feature-studio import corpus FILE --project P --text COL [--id COL] [--columns a,b] [--group COL] [--split COL] [--seed N] [--max-chars N]`:
 * a .csv, .jsonl or folder of .txt files becomes corpora/<id>/. `--json` prints the corpus.json
 * (its `id` and `rowCount` first among the fields scripts read).
 */
export async function importCorpusCommand({ values, positionals, json }: CommandInput): Promise<CommandOutput> {
  const file = positionals[0];
  const textColumn = str(values.text) ?? (file && /\.csv$|\.jsonl$|\.ndjson$/i.test(file) ? undefined : 'text');
  if (!file) throw new StudioError('bad-input', 'name the .csv, .jsonl or folder of .txt files to import', 'FILE');
  const projectDir = projectOption(values);
  if (!textColumn) throw new StudioError('bad-input', '--text COLUMN is required: the column that holds the text', '--text');
  const seed = integer(values.seed, '--seed');
  const maxChars = integer(values['max-chars'], '--max-chars');
  return inProject(projectDir, async (studio, project) => {
    const { jobId } = await studio.importCorpus({
      projectDir: project.dir,
      path: file,
      name: str(values.name),
      textColumn,
      idColumn: str(values.id),
      columns: str(values.columns)
        ?.split(',')
        .map((c) => c.trim())
        .filter(Boolean),
      groupColumn: str(values.group),
      splitColumn: str(values.split),
      splitSeed: seed,
      maxChars,
    });
    const job = await followJob(studio, jobId, json);
    const meta = await studio.getCorpus({ projectDir: project.dir, corpusId: (job.result as { id: string }).id });
    const { train, dev, test } = meta.splits.counts;
    const warnings = meta.warnings.map((w) => `\nwarning: ${w}`).join('');
    return {
      result: { id: meta.id, rowCount: meta.rowCount, corpus: meta },
      text: `imported ${meta.name} as corpora/${meta.id}: ${meta.rowCount} rows (train ${train}, dev ${dev}, test ${test}; split by ${meta.splits.by})${warnings}`,
    };
  });
}

function integer(v: unknown, flag: string): number | undefined {
  const text = str(v);
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text)) throw new StudioError('bad-input', `${flag} must be an integer, not "${text}"`, flag);
  return Number(text);
}
