import { loadModelDir, TEXT_MODEL_DIR } from '../../games/lm/shipped';
import { datasetDir } from '../../project/layout';
import { Project } from '../../project/project';
import { saveSaeLens } from '../../sae/checkpoint/saelens';
import { randomSae } from '../../sae/checkpoint/testSae';
import { runDir, writeRunInfo } from '../../sae/run/folder';
import { extractTextActivations } from '../../text/lm/extract';
import { readTextSample } from '../../text/lm/sample';

/**
 * A project with the shipped text model's layer-2 activations of 12 held-out English documents
 * (resources/text/held-out-english.jsonl.gz, licences in resources/README.md; 256 bytes each) and
 * a random TopK SAE on them.
 */
export async function seedExplainTextProject(dir: string): Promise<string> {
  const project = await Project.create(dir, 'Explain text');
  const texts = (await readTextSample()).slice(0, 12).map((d) => d.text);
  const { model } = await loadModelDir(TEXT_MODEL_DIR);
  const meta = await extractTextActivations({ model, texts, layer: 2, pooling: 'token', maxBytes: 256, datasetDir: datasetDir(project.dir, 'text'), id: 'text', name: 'Text layer 2', threads: 1 });
  const d = model.config.gpt.d;
  const sae = randomSae('topk', d, 48, 3);
  sae.k = 6;
  await saveSaeLens(runDir(project.dir, 'sae'), sae);
  const now = new Date().toISOString();
  await writeRunInfo(runDir(project.dir, 'sae'), { id: 'sae', name: 'TopK random', createdAt: now, origin: 'imported', datasetId: 'text', arch: 'topk', saved: 'topk', dIn: d, dSae: 48, steps: 0, config: null, final: null, evaluated: false });
  await project.update((m) => {
    m.datasets.push({ id: 'text', name: meta.name, createdAt: now });
    m.runs.push({ id: 'sae', name: 'TopK random', createdAt: now });
  });
  await project.close();
  return project.dir;
}
