import { promises as fs } from 'node:fs';
import { WTHOR_SAMPLE } from '../../explorer/testing/seedProject';
import { extractOthelloActivations } from '../../games/lm/extract';
import { bestProbeLayer, loadModelDir, OTHELLO_MODEL_DIR } from '../../games/lm/shipped';
import { importOthelloCsv } from '../../games/othello';
import { datasetDir } from '../../project/layout';
import { Project } from '../../project/project';
import { saveSaeLens } from '../../sae/checkpoint/saelens';
import { randomSae } from '../../sae/checkpoint/testSae';
import { runDir, writeRunInfo } from '../../sae/run/folder';

/**
 * A project with the shipped Othello model's activations of real WTHOR games
 * (../shared/data/othello/wthor_sample_5000.csv, see its SOURCES.md) and a random TopK SAE on them.
 */
export async function seedExplainProject(dir: string): Promise<string> {
  const project = await Project.create(dir, 'Explain');
  const text = (await fs.readFile(WTHOR_SAMPLE, 'utf8')).split('\n').slice(0, 9).join('\n');
  const { games } = importOthelloCsv(text, 'wthor');
  const { model, info } = await loadModelDir(OTHELLO_MODEL_DIR);
  const layer = bestProbeLayer(model, info.metrics);
  const meta = await extractOthelloActivations({ model, games, layer, datasetDir: datasetDir(project.dir, 'othello'), id: 'othello', threads: 1 });
  const d = model.config.gpt.d;
  const sae = randomSae('topk', d, 48, 3);
  sae.k = 6;
  await saveSaeLens(runDir(project.dir, 'sae'), sae);
  const now = new Date().toISOString();
  await writeRunInfo(runDir(project.dir, 'sae'), { id: 'sae', name: 'TopK random', createdAt: now, origin: 'imported', datasetId: 'othello', arch: 'topk', saved: 'topk', dIn: d, dSae: 48, steps: 0, config: null, final: null, evaluated: false });
  await project.update((m) => {
    m.datasets.push({ id: 'othello', name: meta.name, createdAt: now });
    m.runs.push({ id: 'sae', name: 'TopK random', createdAt: now });
  });
  await project.close();
  return project.dir;
}

