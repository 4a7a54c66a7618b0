import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { CONCEPT_ROWS, DEFAULT_CONCEPT_THRESHOLD, ConceptResult } from '../../../shared/schemas/concepts';
import { conceptResultFile, RESULT_DIR } from '../../concepts/results';
import { exploreConcepts } from '../../concepts/explore';
import { readConceptSet } from '../../concepts/sets';
import { readHeldOut } from '../../concepts/sources';
import { encodeSparse } from '../../explorer/codes';
import { writeJsonAtomic } from '../../io/atomic';
import { datasetDir } from '../../project/layout';
import { ENTRY_ID_PATTERN } from '../../project/ids';
import { loadSaeFolder } from '../../sae/checkpoint/load';
import { runDir } from '../../sae/run/folder';
import { defineJobKind, type CommitContext } from '../kind';

const ConceptsJobResult = z.object({ runId: z.string(), setId: z.string(), file: z.string(), matched: z.number().int() });
type ConceptsJobResult = z.infer<typeof ConceptsJobResult>;

/** Share of the progress bar the encoding takes; the rest is retrieval, UMAP and Ball Mapper. */
const ENCODE_SHARE = 0.2;
const STEPS = 1000;

/**
 * Curated-concept exploration of a run (issue 21, ALGORITHMS-DETAIL §11): the SAE's codes on
 * the dataset's held-out rows, the features matching the concept set, their UMAP layout and
 * Ball Mapper graph, saved as runs/<id>/concepts/<set>.json (the latest result per set).
 */
export const conceptsKind = defineJobKind({
  kind: 'concepts',
  doc: "Match a run's features to a concept set (board properties by feature-as-classifier F1, words by precision/recall on held-out tokens), then lay the matched features out by UMAP and Ball Mapper.",
  params: z
    .object({
      runId: z.string().regex(ENTRY_ID_PATTERN),
      datasetId: z.string().regex(ENTRY_ID_PATTERN),
      setId: z.string().regex(ENTRY_ID_PATTERN),
      threshold: z.number().min(0).max(1).default(DEFAULT_CONCEPT_THRESHOLD),
      /** Ball Mapper's ε; by default the knee of the sorted nearest-neighbour distances */
      epsilon: z.number().positive().max(2).optional(),
      maxRows: z.number().int().positive().max(65_536).default(CONCEPT_ROWS),
      probes: z.array(z.object({ concept: z.string().min(1), category: z.string().min(1), vector: z.array(z.number()) })).default([]),
    })
    .strict(),
  result: ConceptsJobResult,
  title: (p, name) => `Concepts ${p.setId} on ${name(p.runId)}`,
  async run(ctx) {
    const { runId, datasetId, setId, threshold, epsilon, maxRows, probes } = ctx.params;
    const set = await readConceptSet(ctx.projectDir, setId);
    const { sae } = await loadSaeFolder(runDir(ctx.projectDir, runId));
    for (const p of probes) if (p.vector.length !== sae.dIn) throw new StudioError('shape', `probe "${p.concept}" has ${p.vector.length} values, the run's decoder ${sae.dIn}`, 'probes');
    const held = await readHeldOut(datasetDir(ctx.projectDir, datasetId), sae.dIn, maxRows, set);
    const n = held.rows.length;
    ctx.log(`${set.concepts.length} concepts of "${set.name}" on ${n} held-out rows of ${datasetId}, ${sae.dSae} features, threshold ${threshold}`);
    const tick = (fraction: number) => {
      ctx.throwIfCancelled();
      ctx.progress(Math.round(fraction * STEPS), STEPS, { unit: 'steps' });
    };
    const codes = await encodeSparse(sae, held.x, n, (done) => tick((ENCODE_SHARE * done) / n));
    const computed = await exploreConcepts({
      set, codes, families: held.families, tokens: held.tokens, probes, wDec: sae.W_dec, dIn: sae.dIn, threshold, epsilon,
      onProgress: (_stage, f) => tick(ENCODE_SHARE + (1 - ENCODE_SHARE) * f),
    });
    const result: ConceptResult = { version: 1, runId, datasetId, computedAt: new Date().toISOString(), ...computed };
    const file = path.join(RESULT_DIR, `${setId}.json`);
    await fs.mkdir(path.join(ctx.workDir, RESULT_DIR), { recursive: true });
    await writeJsonAtomic(path.join(ctx.workDir, file), ConceptResult.parse(result));
    ctx.log(`${computed.features.length} features matched ${computed.matches.length} times; ε ${computed.ballMapper.epsilon}: ${computed.ballMapper.nodes.length} nodes, ${computed.ballMapper.edges.length} edges`);
    return { runId, setId, file, matched: computed.features.length };
  },
  commit: commitResult,
});

/** Moves the result into the run folder (one rename), replacing the set's previous one. */
async function commitResult({ project, workDir }: CommitContext, result: ConceptsJobResult): Promise<void> {
  if (!project.manifest.runs.some((r) => r.id === result.runId)) throw new StudioError('not-found', `run "${result.runId}" was removed while its concepts were computed`, 'runId');
  const target = conceptResultFile(project.dir, result.runId, result.setId);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.rename(path.join(workDir, result.file), target);
}
