import path from 'node:path';
import { promises as fs } from 'node:fs';
import { Studio } from '../../core/studio';
import { MANIFEST_FILE } from '../../core/project/layout';
import { intOption } from '../args';
import { str, type CliCommand } from '../command';
import { followJob } from '../run-job';

/**
 * The headless main job (DESIGN.md "Data flow of the main job"). It grows as the pipeline
 * does; today it makes the project and the toy activation dataset SAEs are checked against.
 */
export const demoCommand: CliCommand = {
  summary: 'Create a demo project and run the main job headless',
  usage: 'feature-studio demo [--project DIR] [--rows N]   (default project: ./demo.fstudio)',
  options: { project: { type: 'string', short: 'p' }, rows: { type: 'string' } },
  async run({ values, json }) {
    const dir = path.resolve(str(values.project) ?? 'demo.fstudio');
    const rows = intOption(values.rows, 'rows', 50_000, 1);
    const studio = new Studio();
    try {
      const exists = await fs.access(path.join(dir, MANIFEST_FILE)).then(() => true, () => false);
      const project = exists ? await studio.openProject({ dir }) : await studio.createProject({ dir, name: 'Feature Studio demo' });
      const { jobId } = await studio.startJob({
        projectDir: project.dir,
        kind: 'toy-dataset',
        // The toy benchmark's default shape: 64 features in superposition in 32 dimensions.
        params: { name: 'toy superposition', rows, seed: 1 },
      });
      const job = await followJob(studio, jobId, json);
      const datasets = await studio.listDatasets({ projectDir: project.dir });
      const toy = datasets.find((d) => d.id === (job.result as { id: string }).id)!;
      return {
        result: { project: project.dir, datasets },
        text: [`toy dataset ${toy.id}: ${toy.rows} rows × ${toy.dims} dims`, `demo project: ${project.dir}`].join('\n'),
      };
    } finally {
      await studio.close();
    }
  },
};
