import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { CorpusMeta, ImportCorpusOptions } from '../../../shared/schemas/corpus';
import { corpusDir } from '../../project/layout';
import { ENTRY_ID_PATTERN } from '../../project/ids';
import { importCorpus } from '../../text/corpus/import';
import type { Project } from '../../project/project';
import { defineJobKind } from '../kind';

/** Reads a CSV, JSONL or folder of .txt files into corpora/<id>/ (corpus.json + rows.jsonl). */
export const importCorpusKind = defineJobKind({
  kind: 'import-corpus',
  doc: 'Import a text corpus from .csv, .jsonl or a folder of .txt files into corpora/<id>/, with seeded splits by group.',
  params: z.object({
    /** absolute path of the file or folder (already confined by the front door) */
    source: z.string().min(1),
    name: z.string().min(1),
    id: z.string().regex(ENTRY_ID_PATTERN),
    options: ImportCorpusOptions,
  }),
  result: CorpusMeta,
  pathParams: ['source'],
  title: (p) => `Import corpus ${path.basename(p.source)}`,
  async run(ctx) {
    const { source, name, id, options } = ctx.params;
    ctx.log(`importing ${source} (text column "${options.textColumn}")`);
    const meta = await importCorpus({
      source,
      id,
      name,
      options,
      outDir: path.join(ctx.workDir, id),
      signal: ctx.signal,
      onProgress: (done, total) => ctx.progress(done, total, { unit: 'bytes' }),
    });
    const { train, dev, test } = meta.splits.counts;
    ctx.log(`imported ${meta.rowCount} rows (train ${train}, dev ${dev}, test ${test} by ${meta.splits.by})`);
    for (const w of meta.warnings) ctx.log(w, 'warn');
    return meta;
  },
  commit: ({ project, workDir }, meta) => commitCorpusFolder(project, workDir, meta),
});

/** Moves a finished corpus (<from>/<id>/) into corpora/<id>/ with one rename, then lists it in the manifest. */
export async function commitCorpusFolder(project: Project, workDir: string, meta: CorpusMeta): Promise<void> {
  project.assertWritable();
  if (project.manifest.corpora.some((c) => c.id === meta.id)) throw new StudioError('conflict', `a corpus "${meta.id}" already exists`, meta.id);
  const target = corpusDir(project.dir, meta.id);
  await fs.mkdir(path.dirname(target), { recursive: true });
  try {
    await fs.rename(path.join(workDir, meta.id), target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTEMPTY') throw new StudioError('conflict', 'a corpus folder with this id already exists', target);
    throw err;
  }
  await project.update((m) => void m.corpora.push({ id: meta.id, name: meta.name, createdAt: meta.createdAt }));
}
