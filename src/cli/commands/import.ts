import { StudioError } from '../../shared/errors';
import { str, type CliCommand } from '../command';
import { followJob } from '../run-job';
import { importCorpusCommand } from './import-corpus';
import { importExplanationsCommand } from './import-explanations';
import { importSae } from './import-sae';
import { inProject, projectOption } from '../project';

export const importCommand: CliCommand = {
  summary: 'Import an activation matrix (.npy, .npz, .safetensors, .pt, .csv, .parquet, .arrow, a saved HF dataset, a folder of shards) into a project as a job',
  usage:
    'feature-studio import FILE --project DIR [--tensor NAME] [--name NAME] [--tokens TOKENS.json]\n' +
    '       feature-studio import sae DIR --project DIR [--name NAME]   (a SAELens or sparsify folder, as a run)\n' +
    '       feature-studio import explanations FILE --project DIR --run RUN [--method M]   (CSV or JSON: feature,text,score)\n' +
    '       feature-studio import corpus FILE --project DIR --text COL [--id COL] [--columns a,b] [--group COL] [--split COL] [--seed N] [--max-chars N] [--name NAME]   (.csv, .jsonl, gzipped, or a folder of .txt)',
  options: { project: { type: 'string', short: 'p' }, tensor: { type: 'string' }, name: { type: 'string' }, tokens: { type: 'string' }, run: { type: 'string' }, method: { type: 'string' }, text: { type: 'string' }, id: { type: 'string' }, columns: { type: 'string' }, group: { type: 'string' }, seed: { type: 'string' }, split: { type: 'string' }, 'max-chars': { type: 'string' } },
  positionals: true,
  async run({ values, positionals, json }) {
    if (positionals[0] === 'sae') return importSae({ values, positionals: positionals.slice(1), json });
    if (positionals[0] === 'corpus') return importCorpusCommand({ values, positionals: positionals.slice(1), json });
    if (positionals[0] === 'explanations') return importExplanationsCommand({ values, positionals: positionals.slice(1), json });
    const file = positionals[0];
    if (!file) throw new StudioError('bad-input', 'name the file to import', 'FILE');
    const projectDir = projectOption(values);
    return inProject(projectDir, async (studio, project) => {
      const { jobId } = await studio.importDataset({ projectDir: project.dir, path: file, tensor: str(values.tensor), name: str(values.name), tokens: str(values.tokens) });
      const job = await followJob(studio, jobId, json);
      const meta = await studio.getDataset({ projectDir: project.dir, datasetId: (job.result as { id: string }).id });
      const tokens = meta.labels.some((l) => l.name === 'tokens') ? ', with its tokens' : '';
      const notes = (meta.source.notes ?? []).map((n) => `\n  note: ${n}`).join('');
      return { result: meta, text: `imported ${meta.name} as datasets/${meta.id}: ${meta.rows} rows × ${meta.dims} dims (${meta.dtype})${tokens}${notes}` };
    });
  },
};
